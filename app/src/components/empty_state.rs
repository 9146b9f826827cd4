//! What a list or chart shows when it has nothing: a title, a hint, and where to go next.

use leptos::prelude::*;

/// An empty list or chart, announced to screen readers. `action`: a link (label, address)
/// to what the reader can do about it.
#[component]
pub fn EmptyState(
    #[prop(into)] title: String,
    hint: &'static str,
    action: Option<(&'static str, String)>,
    /// The action is the page's main one (a primary button).
    #[prop(optional)]
    primary: bool,
) -> impl IntoView {
    let class = if primary { "button primary" } else { "button" };
    view! {
        <div class="empty" role="status">
            <p class="empty-title">{title}</p>
            <p class="muted">{hint}</p>
            {action.map(|(label, href)| view! { <a href=href class=class>{label}</a> })}
        </div>
    }
}
