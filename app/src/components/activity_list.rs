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
                let only = e.reseller_id.map(|id| crate::domain::ActivityQuery { reseller_id: Some(id), kind: None, page: 1 }.href());
                let only_label = format!("Only {}", e.reseller_name);
                let reseller = (show_reseller && !e.reseller_name.is_empty()).then(|| {
                    let text = e.reseller_name.clone();
                    let name = match (e.reseller_id, e.kind) {
                        (Some(id), kind) if kind != crate::domain::ActivityKind::Deleted => view! {
                            <A href=format!("/partners/resellers/{id}")>{text}</A>
                        }.into_any(),
                        _ => view! { <span>{text}</span> }.into_any(),
                    };
                    let filter = only.map(|href| view! {
                        <A href=href attr:class="filter-link" attr:title="Only this reseller's activity"
                            attr:aria-label=only_label>"⌕"</A>
                    });
                    view! { {name} {filter} }
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
