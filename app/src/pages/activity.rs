//! Partners → Activity: the agency's log, newest first, by reseller and kind.

use crate::api::activity::list_activity;
use crate::components::activity_list::ActivityList;
use crate::components::empty_state::EmptyState;
use crate::components::layout::PartnersHeader;
use crate::domain::{format_exact, ActivityKind, ActivityQuery, ActivityRequest, StoredWord, ACTIVITY_PAGE_SIZE};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn ActivityPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| ActivityQuery::from_params(|k| p.get(k))));
    let page = Resource::new(
        move || query.get(),
        |q| async move {
            let result = list_activity(ActivityRequest { query: q.clone(), limit: 0 }).await;
            (q, result)
        },
    );
    let navigate = use_navigate();
    let on_kind = move |ev: leptos::ev::Event| {
        let kind = ActivityKind::from_word(&event_target_value(&ev));
        let q = ActivityQuery { kind, page: 1, ..query.get_untracked() };
        navigate(&q.href(), Default::default());
    };
    view! {
        <Title text="Activity" />
        <PartnersHeader title="Activity" subtitle="Everything that happened to your resellers and your team." />
        <section class="panel" aria-labelledby="activity-heading">
            <div class="toolbar">
                <h2 id="activity-heading">"Activity log"</h2>
                <div class="filters">
                    <label class="filter">
                        <span>"Kind"</span>
                        <select name="kind" on:change=on_kind>
                            <option value="" selected=move || query.with(|q| q.kind.is_none())>"All kinds"</option>
                            {ActivityKind::ALL.iter().map(|k| {
                                let k = *k;
                                view! { <option value=k.as_str() selected=move || query.with(|q| q.kind == Some(k))>{k.label()}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                </div>
            </div>
            <Transition fallback=|| view! { <div class="skeleton block" aria-hidden="true"></div> }>
                {move || Suspend::new(async move {
                    let (q, result) = page.await;
                    match result {
                        Ok(p) => {
                            let filter = q.reseller_id.map(|_| {
                                let name = p.reseller_name.clone().unwrap_or_else(|| "this reseller".into());
                                let all = ActivityQuery { reseller_id: None, page: 1, ..q.clone() }.href();
                                view! {
                                    <p class="filter-chip">
                                        {format!("Showing {name} only")}
                                        <a href=all class="button small">"Show all resellers"</a>
                                    </p>
                                }
                            });
                            let pages = ((p.total + i64::from(ACTIVITY_PAGE_SIZE) - 1) / i64::from(ACTIVITY_PAGE_SIZE)).max(1) as u32;
                            let link = |label: &'static str, target: Option<u32>| match target {
                                Some(n) => view! { <a href=ActivityQuery { page: n, ..q.clone() }.href() class="button">{label}</a> }.into_any(),
                                None => view! { <span class="button" aria-disabled="true">{label}</span> }.into_any(),
                            };
                            let prev = (p.page > 1).then(|| p.page - 1);
                            let next = (p.page < pages).then(|| p.page + 1);
                            let list = if p.entries.is_empty() && (q.kind.is_some() || q.reseller_id.is_some()) {
                                view! { <FilteredEmpty query=q.clone() /> }.into_any()
                            } else {
                                view! { <ActivityList entries=p.entries.clone() show_reseller=true /> }.into_any()
                            };
                            view! {
                                {filter}
                                {list}
                                <nav class="pagination" aria-label="Pagination">
                                    <p class="muted">{format!("{} entries · Page {} of {}", format_exact(p.total), p.page.min(pages), pages)}</p>
                                    <div class="pager">{link("← Newer", prev)} {link("Older →", next)}</div>
                                </nav>
                            }.into_any()
                        }
                        Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A kind or reseller filter that leaves nothing to show.
#[component]
fn FilteredEmpty(query: ActivityQuery) -> impl IntoView {
    let title = match query.kind {
        Some(kind) => format!("No \u{201c}{}\u{201d} entries", kind.label()),
        None => "No entries".to_owned(),
    };
    let hint = if query.reseller_id.is_some() {
        "Nothing of this kind happened to this reseller."
    } else {
        "Nothing of this kind happened yet."
    };
    view! { <EmptyState title hint action=Some(("Show all activity", ActivityQuery::default().href())) /> }
}
