//! A plan's name with an info button; hovering or focusing the button shows the plan's
//! price, cycle and limits.

use crate::domain::PlanSummary;
use leptos::prelude::*;

/// The name and info button with the plan's tooltip beside them (one plan on a page).
#[component]
pub fn PlanInfo(plan: Option<PlanSummary>, row_id: i64) -> impl IntoView {
    let Some(plan) = plan else {
        return NoPlan().into_any();
    };
    let tip_id = format!("plan-tip-{row_id}");
    view! {
        <span class="plan">
            {plan.name.clone()}
            <InfoButton name=plan.name.clone() tip_id=tip_id.clone() />
            <PlanTip plan id=tip_id />
        </span>
    }
    .into_any()
}

/// The name and info button in a table cell, the table giving its plans' tooltips once
/// (`PlanTips`): a plan's details are in the page once, not once per row. `tip` is the
/// plan's place in that list. No wrapper: the table's style sheet spaces the button.
#[component]
pub fn PlanName(name: String, tip: usize) -> impl IntoView {
    view! {
        {name.clone()}
        <InfoButton name tip_id=shared_tip_id(tip) />
    }
}

/// The tooltips of a table's plans, each once, in the order rows name them by (`PlanName`'s
/// `tip`). The style sheet shows one beside the info button hovered or focused.
#[component]
pub fn PlanTips(plans: Vec<PlanSummary>) -> impl IntoView {
    view! {
        <div class="plan-tips">
            {plans.into_iter().enumerate().map(|(i, plan)| view! { <PlanTip plan id=shared_tip_id(i) /> }).collect_view()}
        </div>
    }
}

/// The shared tooltips' ids: `tip-1` … (the style sheet has a rule for each, up to a
/// page's number of rows).
pub fn shared_tip_id(index: usize) -> String {
    format!("tip-{}", index + 1)
}

#[component]
pub fn NoPlan() -> impl IntoView {
    view! { <span class="muted">"No plan"</span> }
}

#[component]
fn InfoButton(name: String, tip_id: String) -> impl IntoView {
    view! {
        <button aria-describedby=tip_id aria-label=format!("Plan details: {name}")>"i"</button>
    }
}

#[component]
fn PlanTip(plan: PlanSummary, id: String) -> impl IntoView {
    let [messages, whatsapp, team] = plan.limit_lines();
    view! {
        <span role="tooltip" id=id class="tooltip">
            <strong>{plan.name.clone()}</strong>
            <span>{plan.price_label()}</span>
            <span>{messages}</span>
            <span>{whatsapp}</span>
            <span>{team}</span>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PAGE_SIZE;

    #[test]
    fn the_style_sheet_shows_every_shared_tooltip_a_page_can_have() {
        let css = include_str!("../../../style/main.css");
        for index in 0..PAGE_SIZE as usize {
            let id = shared_tip_id(index);
            assert!(
                css.contains(&format!(".table-wrap:has([aria-describedby={id}]:is(:hover, :focus)) #{id}")),
                "no rule shows #{id}"
            );
        }
        let past = shared_tip_id(PAGE_SIZE as usize);
        assert!(!css.contains(&format!("#{past} ")), "rules past a page's rows: {past}");
    }
}
