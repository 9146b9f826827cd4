//! The reseller portal's Earnings (commission resellers: the ledger of their sales, the
//! payouts, a CSV statement per month) and Activity (the reseller's own log).

use crate::portal::{problem, render, SignedIn};
use app::components::commission_totals::CommissionTotalsTable;
use app::components::figures::DateTime;
use app::domain::{
    format_date, format_money, month_bounds, month_label, ActivityQuery, Ledger, LedgerQuery, PartnerType,
};
use app::error::AppError;
use app::ssr::ledger;
use app::ssr::AppState;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::Response,
    routing::get,
    Router,
};
use leptos::prelude::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/earnings", get(earnings_page))
        .route("/earnings/statement.csv", get(statement))
        .route("/activity", get(activity_page))
}

#[derive(serde::Deserialize, Default)]
struct MonthQuery {
    #[serde(default)]
    month: String,
}

async fn earnings_page(
    State(state): State<AppState>,
    SignedIn(reseller): SignedIn,
    Query(q): Query<MonthQuery>,
) -> Response {
    if reseller.partner_type != PartnerType::Commission {
        return problem(AppError::NotFound);
    }
    let month = month_bounds(&q.month).map(|_| q.month.trim().to_owned());
    let query = LedgerQuery { reseller_id: Some(reseller.id), month: month.clone(), status: None };
    match ledger::ledger(&state.db, reseller.agency_id, &query).await {
        Ok(l) => render(StatusCode::OK, "Earnings", Some(&reseller.agency_name), view! { <Earnings ledger=l month /> }),
        Err(error) => problem(error),
    }
}

#[component]
fn Earnings(ledger: Ledger, month: Option<String>) -> impl IntoView {
    let heading = month.as_deref().map(month_label).unwrap_or_else(|| "All months".into());
    let window = ledger.refund_window_days;
    view! {
        <header class="page-header">
            <div>
                <p class="muted"><a href="/">"← Home"</a></p>
                <h1>"Earnings"</h1>
                <p class="subtitle">{format!(
                    "Each billing cycle of your customers earns your commission: pending for {window} days \
                     (the agency's refund window), then approved, then paid."
                )}</p>
            </div>
        </header>
        <section class="panel" aria-labelledby="totals-heading">
            <div class="toolbar">
                <h2 id="totals-heading">{heading}</h2>
                <form method="get" action="/earnings" class="mini-search">
                    <label for="month" class="visually-hidden">"Month"</label>
                    <select id="month" name="month">
                        <option value="" selected=month.is_none()>"All months"</option>
                        {ledger.months.iter().map(|m| view! {
                            <option value=m.clone() selected=month.as_deref() == Some(m.as_str())>{month_label(m)}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button small">"Show"</button>
                </form>
            </div>
            {if ledger.totals.is_empty() {
                view! { <p class="muted empty-note">"No sales yet: put a customer on a plan to start earning."</p> }.into_any()
            } else {
                view! { <CommissionTotalsTable totals=ledger.totals.clone() /> }.into_any()
            }}
            {(!ledger.months.is_empty()).then(|| view! {
                <h3 class="subheading" id="statements-heading">"Monthly statements (CSV)"</h3>
                <ul class="link-list" aria-labelledby="statements-heading">
                    {ledger.months.iter().map(|m| view! {
                        <li><a href=format!("/earnings/statement.csv?month={m}") download="">{month_label(m)}</a></li>
                    }).collect_view()}
                </ul>
            })}
        </section>
        <section class="panel" aria-labelledby="ledger-heading">
            <h2 id="ledger-heading">"Ledger"</h2>
            <LedgerTable entries=ledger.entries.clone() />
        </section>
        <section class="panel" aria-labelledby="payouts-heading">
            <h2 id="payouts-heading">"Payouts"</h2>
            {if ledger.payouts.is_empty() {
                view! { <p class="muted empty-note">"No payouts yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">"Paid on"</th><th scope="col">"Amount"</th>
                                <th scope="col">"Commissions"</th><th scope="col">"Reference"</th>
                            </tr></thead>
                            <tbody>{ledger.payouts.iter().map(|p| view! {
                                <tr>
                                    <td>{p.paid_on.clone()}</td>
                                    <td>{format_money(p.amount_minor, &p.currency)}</td>
                                    <td>{p.entries}</td>
                                    <td>{p.reference.clone()}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn LedgerTable(entries: Vec<app::domain::SaleRow>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted empty-note">"No entries."</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table ledger">
                <thead><tr>
                    <th scope="col">"Cycle"</th><th scope="col">"Customer"</th><th scope="col">"Plan"</th>
                    <th scope="col">"Sale"</th><th scope="col">"Rate"</th><th scope="col">"Commission"</th>
                    <th scope="col">"Status"</th>
                </tr></thead>
                <tbody>{entries.into_iter().map(|e| {
                    let status = e.status_text();
                    view! {
                        <tr>
                            <td>{format!("{} – {}", format_date(e.cycle_start), format_date(e.cycle_end))}</td>
                            <td>{e.customer_name.clone()}</td>
                            <td>{e.plan_name.clone()}</td>
                            <td>{format_money(e.amount_minor, &e.currency)}</td>
                            <td>{e.rate_label()}</td>
                            <td>{format_money(e.commission_minor, &e.currency)}</td>
                            <td><span class=format!("sale-status {}", e.status.label().to_lowercase())>{status}</span></td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

async fn statement(
    State(state): State<AppState>,
    SignedIn(reseller): SignedIn,
    Query(q): Query<MonthQuery>,
) -> Response {
    if reseller.partner_type != PartnerType::Commission {
        return problem(AppError::NotFound);
    }
    match ledger::statement(&state.db, reseller.agency_id, reseller.id, &q.month).await {
        Ok(rows) => crate::export::statement_csv(&reseller.name, q.month.trim(), &rows),
        Err(error) => problem(error),
    }
}

/// The reseller's own log: what it and the agency did to its account, newest first.
async fn activity_page(State(state): State<AppState>, SignedIn(reseller): SignedIn) -> Response {
    let query = ActivityQuery { reseller_id: Some(reseller.id), kind: None, page: 1 };
    let page = match app::ssr::activity::list_sized(&state.db, reseller.agency_id, &query, 50).await {
        Ok(page) => page,
        Err(error) => return problem(error),
    };
    let agency = reseller.agency_name.clone();
    let rows = page
        .entries
        .into_iter()
        .map(|e| {
            // Who: the reseller itself, or the agency (its members' addresses stay inside it).
            let who = if e.actor == "reseller" { "You".to_owned() } else { agency.clone() };
            view! {
                <tr>
                    <td><DateTime unix_seconds=e.created_at /></td>
                    <td>{e.kind.label()}</td>
                    <td>{e.detail.clone()}</td>
                    <td>{who}</td>
                </tr>
            }
        })
        .collect_view();
    render(
        StatusCode::OK,
        "Activity",
        Some(&reseller.agency_name),
        view! {
            <header class="page-header">
                <div>
                    <p class="muted"><a href="/">"← Home"</a></p>
                    <h1>"Activity"</h1>
                    <p class="subtitle">"The last 50 changes to your account, your customers and your plans."</p>
                </div>
            </header>
            <section class="panel" aria-label="Activity">
                <div class="table-wrap">
                    <table class="table">
                        <thead><tr>
                            <th scope="col">"When"</th><th scope="col">"What"</th>
                            <th scope="col">"Detail"</th><th scope="col">"By"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        },
    )
}
