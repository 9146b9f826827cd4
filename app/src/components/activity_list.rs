//! Activity entries as a list: who did what, to which reseller, when.

use crate::components::figures::DateTime;
use crate::domain::ActivityEntry;
use leptos::prelude::*;
use leptos_router::components::A;

/// Entries newest first; `show_reseller` links each to its reseller (the agency's log).
#[component]
pub fn ActivityList(entries: Vec<ActivityEntry>, show_reseller: bool) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted empty-note">"Nothing recorded yet."</p> }.into_any();
    }
    view! {
        <ol class="timeline">
            {entries.into_iter().map(|e| {
                let reseller = show_reseller.then(|| match (e.reseller_id, e.kind) {
                    (Some(id), kind) if kind != crate::domain::ActivityKind::Deleted => view! {
                        <A href=format!("/partners/resellers/{id}")>{e.reseller_name.clone()}</A>
                    }.into_any(),
                    _ => view! { <span>{e.reseller_name.clone()}</span> }.into_any(),
                });
                let detail = (!e.detail.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", e.detail)}</span> });
                view! {
                    <li class=format!("entry kind-{}", crate::domain::StoredWord::as_str(e.kind))>
                        <span class="entry-kind">{e.kind.label()}</span>
                        <span class="entry-what">
                            {reseller}
                            <span class="muted">{format!(" by {}", e.actor)}</span>
                            {detail}
                        </span>
                        <span class="entry-when"><DateTime unix_seconds=e.created_at /></span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
