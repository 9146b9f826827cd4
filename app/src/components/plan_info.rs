use crate::domain::PlanSummary;
use leptos::prelude::*;

/// Plan name with an info icon; hovering or focusing the icon shows price, cycle and limits.
#[component]
pub fn PlanInfo(plan: Option<PlanSummary>, row_id: i64) -> impl IntoView {
    let Some(plan) = plan else {
        return view! { <span class="muted">"No plan"</span> }.into_any();
    };
    let tip_id = format!("plan-tip-{row_id}");
    let [messages, whatsapp, team] = plan.limit_lines();
    view! {
        <span class="plan">
            <span>{plan.name.clone()}</span>
            <button type="button" class="info" aria-describedby=tip_id.clone()
                aria-label=format!("Plan details: {}", plan.name)>
                "i"
            </button>
            <span role="tooltip" id=tip_id class="tooltip">
                <strong>{plan.name.clone()}</strong>
                <span>{plan.price_label()}</span>
                <span>{messages}</span>
                <span>{whatsapp}</span>
                <span>{team}</span>
            </span>
        </span>
    }
    .into_any()
}
