use leptos::prelude::*;
use leptos_meta::Title;

/// Unknown address or record: answered with HTTP 404 during server rendering.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::error::AppError::NotFound.write_http_status();
    view! {
        <Title text="Not found" />
        <section class="not-found">
            <h1>"Not found"</h1>
            <p class="muted">"There is nothing at this address, or it is not yours to see."</p>
            <a class="button" href="/partners/resellers">"Back to resellers"</a>
        </section>
    }
}
