//! The reseller portal's Plans, for own-plans resellers: their pricing plans (create,
//! edit, archive, restore), measured against the capacity the agency's plan gives them.
//! A commission reseller sells the agency's plans and has no Plans page (404 here).

use crate::portal::{problem, render, SignedIn};
use crate::portal_customers::CapacityWarning;
use app::domain::{
    format_exact, BillingCycle, Currency, FieldError, NewPlan, PartnerType, PlanInput, PlanRow, PlanStatus, StoredWord,
    PLAN_NAME_MAX_CHARS,
};
use app::error::AppError;
use app::ssr::own_plans::{self, Capacity};
use app::ssr::portal::PortalReseller;
use app::ssr::AppState;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Form, Router,
};
use leptos::prelude::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans", get(list_page).post(add))
        .route("/plans/new", get(new_page))
        .route("/plans/{id}", post(save))
        .route("/plans/{id}/edit", get(edit_page))
        .route("/plans/{id}/status", post(set_status))
}

/// Own-plans resellers only: anyone else is told there is no such page.
fn refused(reseller: &PortalReseller) -> Option<Response> {
    match reseller.partner_type {
        PartnerType::OwnPlans => None,
        PartnerType::Commission => Some(problem(AppError::NotFound)),
    }
}

#[derive(serde::Deserialize, Default)]
struct Done {
    #[serde(default)]
    done: String,
}

#[derive(serde::Deserialize, Default)]
struct StatusForm {
    #[serde(default)]
    status: String,
}

async fn list_page(State(state): State<AppState>, SignedIn(reseller): SignedIn, Query(done): Query<Done>) -> Response {
    if let Some(res) = refused(&reseller) {
        return res;
    }
    let plans = own_plans::list(&state.db, reseller.agency_id, reseller.id).await;
    let capacity = own_plans::capacity(&state, &reseller).await;
    let (plans, capacity) = match (plans, capacity) {
        (Ok(p), Ok(c)) => (p, c),
        (Err(e), _) | (_, Err(e)) => return problem(e),
    };
    let done = match done.done.as_str() {
        "added" => Some("Plan added."),
        "saved" => Some("Plan saved."),
        "archived" => Some("Plan archived: no new customer can be put on it."),
        "active" => Some("Plan restored."),
        _ => None,
    };
    render(StatusCode::OK, "Your plans", Some(&reseller.agency_name), view! { <PlanList plans capacity done /> })
}

#[component]
fn PlanList(plans: Vec<PlanRow>, capacity: Capacity, done: Option<&'static str>) -> impl IntoView {
    let over = capacity.over_allocated();
    let rows = plans
        .into_iter()
        .map(|p| {
            let exceeds = capacity.plan_exceeds(&p.summary);
            view! { <PlanLine plan=p exceeds /> }
        })
        .collect_view();
    view! {
        <header class="page-header">
            <div>
                <p class="muted"><a href="/">"← Home"</a></p>
                <h1>"Your plans"</h1>
                <p class="subtitle">"The plans you sell to your customers."</p>
            </div>
            <a href="/plans/new" class="button primary">"+ New plan"</a>
        </header>
        {done.map(|d| view! { <p class="callout" role="status">{d}</p> })}
        <CapacityWarning over />
        <CapacityPanel capacity />
        <section class="panel" aria-labelledby="plans-heading">
            <h2 id="plans-heading">"Plans"</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col">"Plan"</th><th scope="col">"Price"</th><th scope="col">"Limits"</th>
                        <th scope="col">"Customers"</th><th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn PlanLine(plan: PlanRow, exceeds: Vec<&'static str>) -> impl IntoView {
    let s = plan.summary.clone();
    let [messages, whatsapp, team] = s.limit_lines();
    let (next, verb) = match plan.status {
        PlanStatus::Active => (PlanStatus::Archived, "Archive"),
        PlanStatus::Archived => (PlanStatus::Active, "Restore"),
    };
    view! {
        <tr>
            <th scope="row">{s.name.clone()}</th>
            <td>{s.price_label()}</td>
            <td>
                <ul class="limits"><li>{messages}</li><li>{whatsapp}</li><li>{team}</li></ul>
                {(!exceeds.is_empty()).then(|| view! {
                    <p class="field-error">{format!("More {} than your capacity", exceeds.join(" and "))}</p>
                })}
            </td>
            <td>{plan.resellers}</td>
            <td>{if plan.status == PlanStatus::Active { "Active" } else { "Archived" }}</td>
            <td class="row-actions">
                <a class="button small" href=format!("/plans/{}/edit", s.id) aria-label=format!("Edit {}", s.name)>"Edit"</a>
                <form method="post" action=format!("/plans/{}/status", s.id)>
                    <input type="hidden" name="status" value=next.as_str() />
                    <button type="submit" class="button small" aria-label=format!("{verb} {}", s.name)>{verb}</button>
                </form>
            </td>
        </tr>
    }
}

/// The agency plan's limits against what the customers' plans allocate and what was used
/// this month.
#[component]
fn CapacityPanel(capacity: Capacity) -> impl IntoView {
    let Some(limit) = capacity.limit() else {
        return view! {
            <section class="panel" aria-labelledby="capacity-heading">
                <h2 id="capacity-heading">"Capacity"</h2>
                <p class="muted">"The agency has not assigned you a plan yet: your capacity is not set."</p>
            </section>
        }
        .into_any();
    };
    let (a, u) = (capacity.allocated, capacity.used);
    let line = |label: &'static str, allocated: i64, used: i64, limit: i64| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td>{format_exact(limit)}</td>
                <td class={if allocated > limit { "over" } else { "" }}>{format_exact(allocated)}</td>
                <td>{format_exact(used)}</td>
            </tr>
        }
    };
    view! {
        <section class="panel" aria-labelledby="capacity-heading">
            <h2 id="capacity-heading">{format!("Capacity: {}", capacity.plan.as_ref().map(|p| p.name.clone()).unwrap_or_default())}</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col">"Per month"</th><th scope="col">"Your plan"</th>
                        <th scope="col">"Customers' plans"</th><th scope="col">"Used"</th>
                    </tr></thead>
                    <tbody>
                        {line("Messages", a.messages, u.messages, limit.messages)}
                        {line("WhatsApp messages", a.whatsapp, u.whatsapp, limit.whatsapp)}
                        {line("Team members", a.team_members, u.team_members, limit.team_members)}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// The plan form, with what was typed and its errors.
#[component]
fn PlanFormView(action: String, heading: &'static str, input: PlanInput, errors: Vec<FieldError>) -> impl IntoView {
    let error = |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message.clone());
    let text = move |id: &'static str, label: &'static str, value: String, error: Option<String>| {
        let described = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id name=id type="text" value=value aria-invalid=error.is_some().to_string()
                    aria-describedby=described.clone() />
                <p class="field-error" id=described role="alert">{error}</p>
            </div>
        }
    };
    let currency = input.currency.clone();
    let cycle = input.billing_cycle.clone();
    view! {
        <section class="portal-card" aria-labelledby="plan-form-heading">
            <p class="muted"><a href="/plans">"← Your plans"</a></p>
            <h1 id="plan-form-heading">{heading}</h1>
            <form method="post" action=action class="form" novalidate>
                {text("name", "Name", input.name.chars().take(PLAN_NAME_MAX_CHARS).collect(), error("name"))}
                {text("description", "Description", input.description.chars().take(500).collect(), error("description"))}
                {text("price", "Price", input.price.chars().take(30).collect(), error("price"))}
                <div class="field">
                    <label for="currency">"Currency"</label>
                    <select id="currency" name="currency">
                        {Currency::ALL.iter().map(|c| view! {
                            <option value=c.code selected=c.code == currency>{c.code}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="billing_cycle">"Billing cycle"</label>
                    <select id="billing_cycle" name="billing_cycle">
                        {BillingCycle::ALL.iter().map(|c| view! {
                            <option value=c.as_str() selected=c.as_str() == cycle>{c.per()}</option>
                        }).collect_view()}
                    </select>
                </div>
                {text("messages_limit", "Messages per month", input.messages_limit.chars().take(30).collect(), error("messages_limit"))}
                {text("whatsapp_limit", "WhatsApp messages per month", input.whatsapp_limit.chars().take(30).collect(), error("whatsapp_limit"))}
                {text("team_members_limit", "Team members", input.team_members_limit.chars().take(30).collect(), error("team_members_limit"))}
                <button type="submit" class="button primary wide">"Save"</button>
            </form>
        </section>
    }
}

fn form_page(
    status: StatusCode,
    reseller: &PortalReseller,
    action: String,
    heading: &'static str,
    input: PlanInput,
    errors: Vec<FieldError>,
) -> Response {
    render(status, heading, Some(&reseller.agency_name), view! { <PlanFormView action heading input errors /> })
}

async fn new_page(SignedIn(reseller): SignedIn) -> Response {
    if let Some(res) = refused(&reseller) {
        return res;
    }
    let input = PlanInput {
        currency: "USD".into(),
        billing_cycle: BillingCycle::Monthly.as_str().into(),
        messages_limit: "0".into(),
        whatsapp_limit: "0".into(),
        team_members_limit: "1".into(),
        ..PlanInput::default()
    };
    form_page(StatusCode::OK, &reseller, "/plans".into(), "New plan", input, vec![])
}

/// A change's answer: the list on success, the form again (422) with its errors.
fn answered(
    result: Result<(), AppError>,
    reseller: &PortalReseller,
    action: String,
    heading: &'static str,
    input: PlanInput,
    done: &str,
) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/plans?done={done}")).into_response(),
        Err(AppError::Validation(errors)) => {
            form_page(StatusCode::UNPROCESSABLE_ENTITY, reseller, action, heading, input, errors)
        }
        Err(error) => problem(error),
    }
}

async fn add(State(state): State<AppState>, SignedIn(reseller): SignedIn, Form(input): Form<PlanInput>) -> Response {
    if let Some(res) = refused(&reseller) {
        return res;
    }
    let result = match NewPlan::parse(&input) {
        Ok(plan) => own_plans::create(&state.db, &reseller, &plan).await.map(|_| ()),
        Err(errors) => Err(AppError::Validation(errors)),
    };
    answered(result, &reseller, "/plans".into(), "New plan", input, "added")
}

async fn edit_page(State(state): State<AppState>, SignedIn(reseller): SignedIn, Path(id): Path<i64>) -> Response {
    if let Some(res) = refused(&reseller) {
        return res;
    }
    match own_plans::get(&state.db, &reseller, id).await {
        Ok(plan) => form_page(
            StatusCode::OK,
            &reseller,
            format!("/plans/{id}"),
            "Edit plan",
            PlanInput::from_plan(&plan),
            vec![],
        ),
        Err(error) => problem(error),
    }
}

async fn save(
    State(state): State<AppState>,
    SignedIn(reseller): SignedIn,
    Path(id): Path<i64>,
    Form(input): Form<PlanInput>,
) -> Response {
    if let Some(res) = refused(&reseller) {
        return res;
    }
    let result = match NewPlan::parse(&input) {
        Ok(plan) => own_plans::update(&state.db, &reseller, id, &plan).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    answered(result, &reseller, format!("/plans/{id}"), "Edit plan", input, "saved")
}

async fn set_status(
    State(state): State<AppState>,
    SignedIn(reseller): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Response {
    if let Some(res) = refused(&reseller) {
        return res;
    }
    let Some(status) = PlanStatus::from_word(form.status.trim()) else {
        return problem(AppError::BadRequest("The status is active or archived.".into()));
    };
    match own_plans::set_status(&state.db, &reseller, id, status).await {
        Ok(()) => Redirect::to(&format!("/plans?done={}", status.as_str())).into_response(),
        Err(error) => problem(error),
    }
}
