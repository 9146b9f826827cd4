use leptos::prelude::*;
use leptos_meta::Title;

/// Unknown address or record: answered with HTTP 404 during server rendering.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::error::AppError::NotFound.write_http_status();
    view! {
        <Title text="Not found" />
        <section class="not-found panel">
            <p class="not-found-code" aria-hidden="true">"404"</p>
            <h1>"Not found"</h1>
            <p class="muted">"There is nothing at this address, or it is not yours to see. "
                "Check the address, or start again from the list."</p>
            <a class="button primary" href="/partners/resellers">"Back to resellers"</a>
        </section>
    }
}
