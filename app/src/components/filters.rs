use crate::api::plans::list_plans;
use crate::domain::{PartnerType, ResellerQuery, ResellerStatus, StoredWord};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Status, type and plan filters. Each change goes to the URL (first page), so reload,
/// back/forward and shared links keep them.
#[component]
pub fn Filters(query: Memo<ResellerQuery>) -> impl IntoView {
    // Every plan, archived ones too: resellers keep archived plans.
    let plans = Resource::new(|| (), |_| list_plans());
    let navigate = use_navigate();
    let apply = move |status: String, partner_type: String, plan: String| {
        let q = query.get_untracked();
        let next = q.with_filters(
            ResellerStatus::from_word(&status),
            PartnerType::from_word(&partner_type),
            plan.parse().ok(),
        );
        navigate(&next.href(), Default::default());
    };
    let current = move |f: fn(&ResellerQuery) -> String| move || query.with(f);
    let on_status = {
        let apply = apply.clone();
        move |ev| {
            let q = query.get_untracked();
            apply(event_target_value(&ev), word(q.partner_type), id(q.plan_id));
        }
    };
    let on_type = {
        let apply = apply.clone();
        move |ev| {
            let q = query.get_untracked();
            apply(word(q.status), event_target_value(&ev), id(q.plan_id));
        }
    };
    let on_plan = move |ev| {
        let q = query.get_untracked();
        apply(word(q.status), word(q.partner_type), event_target_value(&ev));
    };
    view! {
        <div class="filters" role="group" aria-label="Filters">
            <div class="filter">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" name="status" prop:value=current(|q| word(q.status)) on:change=on_status>
                    <option value="">"All"</option>
                    {ResellerStatus::ALL.iter().map(|&s| view! {
                        <option value=s.as_str() selected=move || query.with(|q| q.status == Some(s))>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filter">
                <label for="filter-type">"Type"</label>
                <select id="filter-type" name="type" prop:value=current(|q| word(q.partner_type)) on:change=on_type>
                    <option value="">"All"</option>
                    {PartnerType::ALL.iter().map(|&t| view! {
                        <option value=t.as_str() selected=move || query.with(|q| q.partner_type == Some(t))>{t.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filter">
                <label for="filter-plan">"Plan"</label>
                <select id="filter-plan" name="plan" prop:value=current(|q| id(q.plan_id)) on:change=on_plan>
                    <option value="">"All"</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            plans.await.unwrap_or_default().into_iter()
                                .map(|p| {
                                    let id = p.summary.id;
                                    view! {
                                        <option value=id.to_string() selected=move || query.with(|q| q.plan_id == Some(id))>{p.summary.name}</option>
                                    }
                                })
                                .collect_view()
                        })}
                    </Suspense>
                </select>
            </div>
        </div>
    }
}

fn word<T: StoredWord>(v: Option<T>) -> String {
    v.map(|v| v.as_str().to_owned()).unwrap_or_default()
}

fn id(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}
