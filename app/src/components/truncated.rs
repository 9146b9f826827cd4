//! Long e-mails and addresses in narrow places.

use leptos::prelude::*;

/// A value cut to one line with an ellipsis; the whole of it on hover (title) and for
/// screen readers (the text itself is never shortened).
#[component]
pub fn Truncated(text: String) -> impl IntoView {
    let title = text.clone();
    view! { <span class="truncate" title=title>{text}</span> }
}
