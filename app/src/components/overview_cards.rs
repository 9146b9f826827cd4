use crate::api::resellers::get_overview;
use crate::components::{
    figures::Count,
    icons::{Icon, IconKind},
};
use crate::domain::{format_money, Overview};
use leptos::prelude::*;

/// The overview cards of the Resellers view.
#[component]
pub fn OverviewCards() -> impl IntoView {
    let version = crate::components::feedback::ConsoleUi::get().version;
    let overview = Resource::new(move || version.get(), |_| get_overview());
    view! {
        <section class="cards" aria-label="Overview">
            <Suspense fallback=|| view! { <CardsSkeleton /> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <Cards overview=o /> }.into_any(),
                        Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Cards(overview: Overview) -> impl IntoView {
    let inactive = overview.total_resellers - overview.active_resellers;
    let month = overview.month.label();
    view! {
        <Card label="Resellers" icon=IconKind::Partners value=overview.active_resellers
            hint=format!("active · {inactive} inactive") />
        <Card label="Messages Consumed" icon=IconKind::Messages value=overview.messages_consumed
            hint=format!("chatbot messages in {month}") />
        <Card label="WhatsApp Messages Consumed" icon=IconKind::WhatsApp value=overview.whatsapp_consumed
            hint=format!("sent by resellers in {month}") />
        <Card label="Team Members Consumed" icon=IconKind::Team value=overview.team_members_consumed
            hint="across all reseller accounts".to_owned() />
        <article class="card">
            <h2 class="card-label"><Icon kind=IconKind::Partners />"Commission Owed"</h2>
            <p class="card-value">{if overview.commission_owed.is_empty() {
                "0".to_owned()
            } else {
                overview.commission_owed.iter().map(|(c, m)| format_money(*m, c)).collect::<Vec<_>>().join(" · ")
            }}</p>
            <p class="card-hint"><a href="/partners/commissions">"pending and approved, not paid"</a></p>
        </article>
    }
}

#[component]
fn Card(label: &'static str, icon: IconKind, value: i64, hint: String) -> impl IntoView {
    view! {
        <article class="card">
            <h2 class="card-label"><Icon kind=icon />{label}</h2>
            <p class="card-value"><Count value /></p>
            <p class="card-hint">{hint}</p>
        </article>
    }
}

#[component]
fn CardsSkeleton() -> impl IntoView {
    (0..5).map(|_| view! { <div class="card skeleton" aria-hidden="true"></div> }).collect_view()
}
