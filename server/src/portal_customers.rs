//! The reseller portal's Customers: the list (search, pages), add, edit, suspend or
//! reactivate, delete after a question. Plain HTML forms, each answered by a redirect
//! (or the form again with its errors).

use crate::portal::{problem, render, SignedIn};
use app::domain::{
    CustomerPage, CustomerRow, CustomerStatus, FieldError, PartnerType, StoredWord, CUSTOMER_NAME_MAX_CHARS,
};
use app::error::AppError;
use app::ssr::portal::PortalReseller;
use app::ssr::AppState;
use app::ssr::{customers, own_plans};
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
        .route("/customers", get(list_page).post(add))
        .route("/customers/new", get(new_page))
        .route("/customers/{id}", post(save))
        .route("/customers/{id}/edit", get(edit_page))
        .route("/customers/{id}/status", post(set_status))
        .route("/customers/{id}/delete", get(delete_page).post(delete))
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<String>,
    /// What was just done, for the status line ("added", "saved", "deleted").
    #[serde(default)]
    done: String,
}

#[derive(serde::Deserialize, Default)]
struct CustomerForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    /// A plan's id, or empty for none.
    #[serde(default)]
    plan: String,
}

impl CustomerForm {
    /// The chosen plan: none when empty; text that is no id names no plan (refused on the field).
    fn plan(&self) -> Option<i64> {
        let plan = self.plan.trim();
        (!plan.is_empty()).then(|| plan.parse().unwrap_or(-1))
    }
}

#[derive(serde::Deserialize, Default)]
struct StatusForm {
    #[serde(default)]
    status: String,
}

/// After a change: back to the list, saying what was done.
fn back_to_list(done: &str) -> Response {
    Redirect::to(&format!("/customers?done={done}")).into_response()
}

async fn list_page(
    State(state): State<AppState>,
    SignedIn(reseller): SignedIn,
    Query(query): Query<ListQuery>,
) -> Response {
    let page = query.page.as_deref().and_then(|p| p.trim().parse().ok()).unwrap_or(1);
    match customers::list(&state.db, reseller.agency_id, reseller.id, &query.q, page).await {
        Ok(p) => {
            let done = match query.done.as_str() {
                "added" => Some("Customer added."),
                "saved" => Some("Customer saved."),
                "deleted" => Some("Customer deleted."),
                "suspended" => Some("Customer suspended."),
                "active" => Some("Customer reactivated."),
                _ => None,
            };
            let q: String = app::domain::customer_search(&query.q);
            let over = match reseller.partner_type {
                PartnerType::OwnPlans => match own_plans::capacity(&state, &reseller).await {
                    Ok(c) => c.over_allocated(),
                    Err(error) => return problem(error),
                },
                PartnerType::Commission => vec![],
            };
            render(StatusCode::OK, "Customers", Some(&reseller.agency_name), view! { <List page=p q done over /> })
        }
        Err(error) => problem(error),
    }
}

#[component]
fn List(page: CustomerPage, q: String, done: Option<&'static str>, over: Vec<&'static str>) -> impl IntoView {
    let (pages, current) = (page.pages(), page.page);
    let link = {
        let q = q.clone();
        move |to: u32| {
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("q", &q)
                .append_pair("page", &to.to_string())
                .finish();
            format!("/customers?{query}")
        }
    };
    let counted = match (page.all, page.total == page.all) {
        (1, true) => "1 customer".to_owned(),
        (n, true) => format!("{n} customers"),
        (n, false) => format!("{} of {n} customers match", page.total),
    };
    view! {
        <header class="page-header">
            <div>
                <p class="muted"><a href="/">"← Home"</a></p>
                <h1>"Customers"</h1>
                <p class="subtitle">"The businesses your chatbots serve."</p>
            </div>
            <a href="/customers/new" class="button primary">"+ Add customer"</a>
        </header>
        {done.map(|d| view! { <p class="callout" role="status">{d}</p> })}
        <CapacityWarning over />
        <section class="panel" aria-labelledby="customers-heading">
            <div class="toolbar">
                <h2 id="customers-heading">{counted}</h2>
                <form method="get" action="/customers" class="mini-search" role="search">
                    <label for="customer-search" class="visually-hidden">"Search customers"</label>
                    <input id="customer-search" type="search" name="q" value=q placeholder="Name or e-mail" />
                    <button type="submit" class="button small">"Search"</button>
                </form>
            </div>
            {if page.rows.is_empty() {
                let text = if page.all == 0 { "No customers yet." } else { "No customer matches this search." };
                view! { <p class="muted empty-note">{text}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table customers">
                            <thead><tr>
                                <th scope="col">"Customer"</th><th scope="col">"E-mail"</th><th scope="col">"Plan"</th>
                                <th scope="col">"Usage this month"</th><th scope="col">"Status"</th>
                                <th scope="col">"Added"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr></thead>
                            <tbody>{page.rows.into_iter().map(|c| view! { <Row customer=c /> }).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {(pages > 1).then(|| view! {
                <nav class="toolbar" aria-label="Pages">
                    {(current > 1).then(|| view! { <a class="button small" href=link(current - 1)>"Previous"</a> })}
                    <span class="muted">{format!("Page {current} of {pages}")}</span>
                    {(current < pages).then(|| view! { <a class="button small" href=link(current + 1)>"Next"</a> })}
                </nav>
            })}
        </section>
    }
}

#[component]
fn Row(customer: CustomerRow) -> impl IntoView {
    let c = customer;
    let (next, verb) = match c.status {
        CustomerStatus::Active => (CustomerStatus::Suspended, "Suspend"),
        CustomerStatus::Suspended => (CustomerStatus::Active, "Reactivate"),
    };
    view! {
        <tr>
            <th scope="row">{c.name.clone()}</th>
            <td>{c.email.clone()}</td>
            <td>{c.plan_name.clone().unwrap_or_else(|| "—".into())}</td>
            <td>{app::domain::customer_usage_line(c.messages, c.whatsapp)}</td>
            <td>{c.status.label()}</td>
            <td><app::components::figures::DateTime unix_seconds=c.created_at /></td>
            <td class="row-actions">
                <a class="button small" href=format!("/customers/{}/edit", c.id)
                    aria-label=format!("Edit {}", c.name)>"Edit"</a>
                <form method="post" action=format!("/customers/{}/status", c.id)>
                    <input type="hidden" name="status" value=next.as_str() />
                    <button type="submit" class="button small" aria-label=format!("{verb} {}", c.name)>{verb}</button>
                </form>
                <a class="button small danger-outline" href=format!("/customers/{}/delete", c.id)
                    aria-label=format!("Delete {}", c.name)>"Delete"</a>
            </td>
        </tr>
    }
}

/// The add or edit form, with what was typed and its errors.
#[component]
fn CustomerFormView(
    action: String,
    heading: &'static str,
    name: String,
    email: String,
    plan: String,
    /// Each plan offered: its id and its label (price, and a capacity warning).
    plans: Vec<(i64, String)>,
    plan_hint: &'static str,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let error = |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message.clone());
    let (name_error, email_error, plan_error) = (error("name"), error("email"), error("plan"));
    view! {
        <section class="portal-card" aria-labelledby="customer-form-heading">
            <p class="muted"><a href="/customers">"← Customers"</a></p>
            <h1 id="customer-form-heading">{heading}</h1>
            <form method="post" action=action class="form" novalidate>
                <div class="field">
                    <label for="name">"Name"</label>
                    <input id="name" name="name" type="text" required maxlength=CUSTOMER_NAME_MAX_CHARS.to_string()
                        value=name aria-invalid=name_error.is_some().to_string() aria-describedby="name-error" />
                    <p class="field-error" id="name-error" role="alert">{name_error}</p>
                </div>
                <div class="field">
                    <label for="email">"E-mail"</label>
                    <input id="email" name="email" type="email" required value=email
                        aria-invalid=email_error.is_some().to_string() aria-describedby="email-error" />
                    <p class="field-error" id="email-error" role="alert">{email_error}</p>
                </div>
                <div class="field">
                    <label for="plan">"Plan"</label>
                    <select id="plan" name="plan" aria-invalid=plan_error.is_some().to_string()
                        aria-describedby="plan-hint plan-error">
                        <option value="" selected=plan.is_empty()>"No plan"</option>
                        {plans.into_iter().map(|(id, label)| {
                            let id = id.to_string();
                            let selected = id == plan;
                            view! { <option value=id selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-hint" id="plan-hint">{plan_hint}</p>
                    <p class="field-error" id="plan-error" role="alert">{plan_error}</p>
                </div>
                <button type="submit" class="button primary wide">"Save"</button>
            </form>
        </section>
    }
}

async fn form_page(
    state: &AppState,
    status: StatusCode,
    reseller: &PortalReseller,
    action: String,
    heading: &'static str,
    form: CustomerForm,
    errors: Vec<FieldError>,
) -> Response {
    let plans = match customers::plan_choices(&state.db, reseller, form.plan()).await {
        Ok(plans) => plans,
        Err(error) => return problem(error),
    };
    // Adding a customer of an own-plans reseller: each plan says whether one more customer
    // on it would allocate more than the agency's plan gives.
    let capacity = match (reseller.partner_type, action.as_str()) {
        (PartnerType::OwnPlans, "/customers") => match own_plans::capacity(state, reseller).await {
            Ok(c) => Some(c),
            Err(error) => return problem(error),
        },
        _ => None,
    };
    let plans: Vec<(i64, String)> = plans
        .into_iter()
        .map(|p| {
            let over = capacity.as_ref().map(|c| c.adding_exceeds(&p)).unwrap_or_default();
            let warning = if over.is_empty() {
                String::new()
            } else {
                format!(" — more {} than your capacity", over.join(" and "))
            };
            (p.id, format!("{} · {}{warning}", p.name, p.price_label()))
        })
        .collect();
    // What was typed is shown again, cut to the fields' lengths.
    let name: String = form.name.chars().take(CUSTOMER_NAME_MAX_CHARS).collect();
    let email: String = form.email.chars().take(app::domain::Email::MAX_CHARS).collect();
    let plan = form.plan().map(|id| id.to_string()).unwrap_or_default();
    let plan_hint = match reseller.partner_type {
        PartnerType::Commission => {
            "One of the agency's plans: each billing cycle is a sale that earns you your commission (see Earnings)."
        }
        PartnerType::OwnPlans => "One of your own plans (see Your plans).",
    };
    render(
        status,
        heading,
        Some(&reseller.agency_name),
        view! { <CustomerFormView action heading name email plan plans plan_hint errors /> },
    )
}

async fn new_page(State(state): State<AppState>, SignedIn(reseller): SignedIn) -> Response {
    form_page(&state, StatusCode::OK, &reseller, "/customers".into(), "Add a customer", CustomerForm::default(), vec![])
        .await
}

/// A change's answer: the list on success, the form again (422) with its errors.
async fn answered(
    state: &AppState,
    result: Result<(), AppError>,
    reseller: &PortalReseller,
    action: String,
    heading: &'static str,
    form: CustomerForm,
    done: &str,
) -> Response {
    match result {
        Ok(()) => back_to_list(done),
        Err(AppError::Validation(errors)) => {
            form_page(state, StatusCode::UNPROCESSABLE_ENTITY, reseller, action, heading, form, errors).await
        }
        Err(error) => problem(error),
    }
}

async fn add(State(state): State<AppState>, SignedIn(reseller): SignedIn, Form(form): Form<CustomerForm>) -> Response {
    let result = customers::create(&state.db, &reseller, &form.name, &form.email, form.plan()).await.map(|_| ());
    answered(&state, result, &reseller, "/customers".into(), "Add a customer", form, "added").await
}

async fn edit_page(State(state): State<AppState>, SignedIn(reseller): SignedIn, Path(id): Path<i64>) -> Response {
    match customers::get(&state.db, &reseller, id).await {
        Ok(c) => {
            let plan = c.plan_id.map(|id| id.to_string()).unwrap_or_default();
            let form = CustomerForm { name: c.name, email: c.email, plan };
            form_page(&state, StatusCode::OK, &reseller, format!("/customers/{id}"), "Edit customer", form, vec![])
                .await
        }
        Err(error) => problem(error),
    }
}

async fn save(
    State(state): State<AppState>,
    SignedIn(reseller): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<CustomerForm>,
) -> Response {
    let result = customers::update(&state.db, &reseller, id, &form.name, &form.email, form.plan()).await;
    answered(&state, result, &reseller, format!("/customers/{id}"), "Edit customer", form, "saved").await
}

async fn set_status(
    State(state): State<AppState>,
    SignedIn(reseller): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Response {
    let Some(status) = CustomerStatus::from_word(form.status.trim()) else {
        return problem(AppError::BadRequest("The status is active or suspended.".into()));
    };
    match customers::set_status(&state.db, &reseller, id, status).await {
        Ok(()) => back_to_list(status.as_str()),
        Err(error) => problem(error),
    }
}

async fn delete_page(State(state): State<AppState>, SignedIn(reseller): SignedIn, Path(id): Path<i64>) -> Response {
    match customers::get(&state.db, &reseller, id).await {
        Ok(c) => render(
            StatusCode::OK,
            "Delete customer",
            Some(&reseller.agency_name),
            view! {
                <section class="portal-card" aria-labelledby="delete-heading">
                    <h1 id="delete-heading">{format!("Delete {}?", c.name)}</h1>
                    <p>{format!("{} ({}) is removed for good.", c.name, c.email)}</p>
                    <form method="post" action=format!("/customers/{id}/delete") class="form-actions">
                        <a href="/customers" class="button">"Cancel"</a>
                        <button type="submit" class="button danger">"Delete"</button>
                    </form>
                </section>
            },
        ),
        Err(error) => problem(error),
    }
}

async fn delete(State(state): State<AppState>, SignedIn(reseller): SignedIn, Path(id): Path<i64>) -> Response {
    match customers::delete(&state.db, &reseller, id).await {
        Ok(()) => back_to_list("deleted"),
        Err(error) => problem(error),
    }
}

/// Says when the customers' plans allocate more than the agency plan gives (own-plans
/// resellers): nothing stops a sale, but the agency plan is what the reseller can serve.
#[component]
pub(crate) fn CapacityWarning(over: Vec<&'static str>) -> impl IntoView {
    (!over.is_empty()).then(|| {
        view! {
            <p class="callout warning" role="status">
                {format!(
                    "Your customers' plans allocate more {} than your plan from the agency includes. \
                     Ask the agency for a bigger plan, or move customers to smaller plans.",
                    over.join(" and ")
                )}
            </p>
        }
    })
}
