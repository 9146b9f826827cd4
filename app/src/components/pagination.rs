use crate::domain::{ResellerPage, ResellerQuery, Towards};
use leptos::prelude::*;

/// "Showing 26–50 of 1,204 · Page 2 of 49" with Previous / Next links that keep the search.
/// The links start their page next to this page's first or last row (keyset pagination),
/// so a deep page loads as fast as the first.
#[component]
pub fn Pagination(page: ResellerPage, query: ResellerQuery) -> impl IntoView {
    let current = page.page;
    let (first, last) = page.shown_range();
    let link = move |label: &'static str, rel: &'static str, target: Option<ResellerQuery>| match target {
        Some(q) => view! { <a href=q.href() rel=rel class="button">{label}</a> }.into_any(),
        None => view! { <span class="button" aria-disabled="true">{label}</span> }.into_any(),
    };
    let prev = match (page.rows.first(), current) {
        (_, 0 | 1) => None,
        (Some(row), 3..) => Some(query.with_page_next_to(current - 1, row, Towards::Before)),
        _ => Some(query.with_page(current - 1)),
    };
    let next =
        page.rows.last().filter(|_| page.has_next).map(|row| query.with_page_next_to(current + 1, row, Towards::After));
    let summary = if page.rows.is_empty() {
        String::new()
    } else {
        let pages = page.page_count().map(|n| format!(" of {n}")).unwrap_or_default();
        format!(
            "Showing {}–{} of {} · Page {current}{pages}",
            crate::domain::format_exact(first),
            crate::domain::format_exact(last),
            page.total_text(),
        )
    };
    view! {
        <nav class="pagination" aria-label="Pagination">
            <p class="muted" aria-live="polite">{summary}</p>
            <div class="pager">{link("← Previous", "prev", prev)} {link("Next →", "next", next)}</div>
        </nav>
    }
}
