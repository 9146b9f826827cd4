//! Activity entries as a list: who did what, to which reseller, when.

use crate::components::empty_state::EmptyState;
use crate::components::figures::DateTime;
use crate::components::icons::{Icon, IconKind};
use crate::domain::{ActivityEntry, ActivityQuery, StoredWord};
use leptos::prelude::*;

/// Entries newest first. With `show_reseller` (the agency's log) each names its reseller,
/// linked while the reseller exists, with a button to show only that reseller's entries.
#[component]
pub fn ActivityList(entries: Vec<ActivityEntry>, show_reseller: bool) -> impl IntoView {
    if entries.is_empty() {
        return view! {
            <EmptyState title="No activity yet" hint="Changes to resellers, their sign-ins and usage reports appear here." action=None />
        }
        .into_any();
    }
    view! {
        <ol class="timeline" class:with-filter=show_reseller>
            {entries.into_iter().map(|e| view! { <Entry entry=e show_reseller /> }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn Entry(entry: ActivityEntry, show_reseller: bool) -> impl IntoView {
    let e = entry;
    let name = e.reseller_name.clone();
    let reseller = (show_reseller && !name.is_empty()).then(|| match e.reseller_id {
        Some(id) if e.reseller_exists => {
            view! { <a href=format!("/partners/resellers/{id}") class="entry-reseller">{name}</a> }.into_any()
        }
        _ => view! { <span class="entry-reseller">{name}</span> }.into_any(),
    });
    let only = e.reseller_id.filter(|_| show_reseller).map(|id| {
        let href = ActivityQuery { reseller_id: Some(id), kind: None, page: 1 }.href();
        let label = format!("Only {}\u{2019}s activity", e.reseller_name);
        view! {
            <a href=href class="icon-button entry-filter" title=label.clone() aria-label=label>
                <Icon kind=IconKind::Filter />
            </a>
        }
    });
    let detail = (!e.detail.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", e.detail)}</span> });
    view! {
        <li class=format!("entry kind-{}", e.kind.as_str())>
            <span class="entry-kind">{e.kind.label()}</span>
            <span class="entry-what">
                {reseller}
                <span class="muted">{format!(" by {}", e.actor)}</span>
                {detail}
            </span>
            <span class="entry-when"><DateTime unix_seconds=e.created_at /></span>
            {show_reseller.then(|| view! { <span class="entry-actions">{only}</span> })}
        </li>
    }
}
