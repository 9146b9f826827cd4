use crate::domain::{ResellerPage, ResellerQuery};
use leptos::prelude::*;
use leptos_router::components::A;

/// "Showing 26–50 of 1,204" with Previous / Next links that keep the search.
#[component]
pub fn Pagination(page: ResellerPage, query: ResellerQuery) -> impl IntoView {
    let pages = page.page_count();
    let current = page.page.min(pages);
    let (first, last) = page.shown_range();
    let link = move |label: &'static str, rel: &'static str, target: Option<u32>| match target {
        Some(p) => view! { <A href=query.with_page(p).href() attr:rel=rel attr:class="button">{label}</A> }.into_any(),
        None => view! { <span class="button" aria-disabled="true">{label}</span> }.into_any(),
    };
    let prev = (current > 1).then(|| current - 1);
    let next = (current < pages).then(|| current + 1);
    view! {
        <nav class="pagination" aria-label="Pagination">
            <p class="muted" aria-live="polite">
                {if page.rows.is_empty() {
                    String::new()
                } else {
                    format!(
                        "Showing {}–{} of {} · Page {} of {}",
                        crate::domain::format_exact(first),
                        crate::domain::format_exact(last),
                        crate::domain::format_exact(page.total),
                        current,
                        pages,
                    )
                }}
            </p>
            <div class="pager">{link("← Previous", "prev", prev)} {link("Next →", "next", next)}</div>
        </nav>
    }
}
