//! Partners → Commissions: what the commission resellers earned (per reseller and
//! currency: pending, approved, paid, reversed), each sale's commission with Approve and
//! Reverse, payouts (approved commissions paid at once), CSV statements per reseller and
//! month, and the agency's refund window.

use crate::api::commissions::{approve_commission, load_ledger, record_payout, reverse_commission, set_refund_window};
use crate::components::access::Access;
use crate::components::feedback::{ConsoleUi, ToastKind};
use crate::components::layout::PartnersHeader;
use crate::domain::{
    format_date, format_money, month_label, CommissionTotals, Ledger, LedgerQuery, Permission, SaleRow, SaleStatus,
    StoredWord,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

fn href(query: &LedgerQuery) -> String {
    query.href()
}

#[component]
pub fn CommissionsPage() -> impl IntoView {
    let ui = ConsoleUi::get();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| LedgerQuery::from_params(|k| p.get(k))));
    let ledger = Resource::new(
        move || (query.get(), ui.version.get()),
        |(q, _)| async move {
            let status = q.status.map(|s| s.as_str().to_owned()).unwrap_or_default();
            load_ledger(q.reseller_id.unwrap_or(0), q.month.clone().unwrap_or_default(), status).await
        },
    );
    let navigate = use_navigate();
    let go = move |q: LedgerQuery| navigate(&href(&q), Default::default());
    let on_month = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let month = Some(event_target_value(&ev)).filter(|m| !m.is_empty());
            go(LedgerQuery { month, ..query.get_untracked() });
        }
    };
    let on_status = move |ev: leptos::ev::Event| {
        let status = SaleStatus::from_word(&event_target_value(&ev));
        go(LedgerQuery { status, ..query.get_untracked() });
    };
    view! {
        <Title text="Commissions" />
        <PartnersHeader title="Commissions" subtitle="What your commission resellers earned, what is approved and what you paid." />
        <Transition fallback=|| view! { <div class="skeleton block" aria-hidden="true"></div> }>
            {move || Suspend::new({
                let on_month = on_month.clone();
                let on_status = on_status.clone();
                async move {
                match ledger.await {
                    Ok(l) => {
                        let q = query.get_untracked();
                        let months = l.months.clone();
                        let filter = q.reseller_id.map(|_| {
                            let name = l.totals.first().map(|t| t.reseller_name.clone()).unwrap_or_else(|| "this reseller".into());
                            view! {
                                <p class="filter-chip">{format!("Showing {name} only")}
                                    <a href=href(&LedgerQuery { reseller_id: None, ..q.clone() }) class="button small">"Show all resellers"</a>
                                </p>
                            }
                        });
                        view! {
                            <section class="panel" aria-labelledby="totals-heading">
                                <div class="toolbar">
                                    <h2 id="totals-heading">{q.month.as_deref().map(month_label).unwrap_or_else(|| "All months".into())}</h2>
                                    <div class="filters">
                                        <label class="filter"><span>"Month"</span>
                                            <select name="month" on:change=on_month>
                                                <option value="" selected=q.month.is_none()>"All months"</option>
                                                {months.iter().map(|m| view! {
                                                    <option value=m.clone() selected=q.month.as_deref() == Some(m.as_str())>{month_label(m)}</option>
                                                }).collect_view()}
                                            </select>
                                        </label>
                                        <label class="filter"><span>"Status"</span>
                                            <select name="status" on:change=on_status>
                                                <option value="" selected=q.status.is_none()>"Any status"</option>
                                                {SaleStatus::ALL.iter().map(|s| view! {
                                                    <option value=s.as_str() selected=q.status == Some(*s)>{s.label()}</option>
                                                }).collect_view()}
                                            </select>
                                        </label>
                                    </div>
                                </div>
                                {filter}
                                <Totals ledger=l.clone() query=q.clone() />
                            </section>
                            <section class="panel" aria-labelledby="entries-heading">
                                <h2 id="entries-heading">{format!("Sales ({})", l.matching)}</h2>
                                <Entries entries=l.entries.clone() />
                                {(l.matching > l.entries.len() as i64).then(|| view! {
                                    <p class="muted">{format!("The newest {} are shown: choose a month or a reseller, or download a statement.", l.entries.len())}</p>
                                })}
                            </section>
                            <Payouts ledger=l.clone() />
                            <RefundWindow days=l.refund_window_days />
                        }.into_any()
                    }
                    Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                }
            }})}
        </Transition>
    }
}

/// Per reseller and currency, with the payout form and the month's statement.
#[component]
fn Totals(ledger: Ledger, query: LedgerQuery) -> impl IntoView {
    if ledger.totals.is_empty() {
        return view! {
            <p class="muted empty-note">"No sales yet: each billing cycle of a commission reseller's customer on one of your plans is a sale."</p>
        }
        .into_any();
    }
    let statement_month = query.month.clone().or_else(|| ledger.months.first().cloned());
    view! {
        <div class="table-wrap">
            <table class="table commissions">
                <thead><tr>
                    <th scope="col">"Reseller"</th><th scope="col">"Sales"</th><th scope="col">"Pending"</th>
                    <th scope="col">"Approved"</th><th scope="col">"Paid"</th><th scope="col">"Reversed"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>{ledger.totals.into_iter().map(|t| view! {
                    <TotalsRow totals=t query=query.clone() statement_month=statement_month.clone() today=ledger.today.clone() />
                }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn TotalsRow(
    totals: CommissionTotals,
    query: LedgerQuery,
    statement_month: Option<String>,
    today: String,
) -> impl IntoView {
    let t = totals;
    let paying = RwSignal::new(false);
    let only = href(&LedgerQuery { reseller_id: Some(t.reseller_id), ..query });
    let statement = statement_month.map(|m| {
        let link = format!("/partners/commissions/statement.csv?reseller={}&month={m}", t.reseller_id);
        view! { <a class="button small" href=link download=""
        aria-label=format!("{} CSV statement of {}", month_label(&m), t.reseller_name)>
        {format!("{} CSV", month_label(&m))}</a> }
    });
    let can_pay = t.approved_minor > 0 && Access::can(Permission::ManageCommissions);
    view! {
        <tr>
            <th scope="row"><a href=only>{t.reseller_name.clone()}</a><span class="cell-sub muted">{t.currency.clone()}</span></th>
            <td>{t.money(t.sales_minor)}</td>
            <td>{t.money(t.pending_minor)}</td>
            <td class="owed">{t.money(t.approved_minor)}</td>
            <td>{t.money(t.paid_minor)}</td>
            <td>{t.money(t.reversed_minor)}</td>
            <td class="row-actions">
                {can_pay.then(|| view! {
                    <button type="button" class="button small primary" on:click=move |_| paying.update(|p| *p = !*p)
                        aria-expanded=move || paying.get().to_string()
                        aria-label=format!("Record payout to {}", t.reseller_name)>"Record payout"</button>
                })}
                {statement}
            </td>
        </tr>
        {move || paying.get().then(|| view! { <PayoutForm totals=t.clone() open=paying today=today.clone() /> })}
    }
}

/// Pays every approved commission of the reseller in the row's currency.
#[component]
fn PayoutForm(totals: CommissionTotals, open: RwSignal<bool>, today: String) -> impl IntoView {
    let ui = ConsoleUi::get();
    let paid_on = RwSignal::new(today);
    let reference = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<crate::domain::FieldError>::new());
    let busy = RwSignal::new(false);
    let t = totals.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let t = t.clone();
        leptos::task::spawn_local(async move {
            let result = record_payout(
                t.reseller_id,
                t.currency.clone(),
                String::new(),
                t.approved_minor,
                paid_on.get_untracked(),
                reference.get_untracked(),
            )
            .await;
            match result {
                Ok(_) => {
                    ui.notify(
                        ToastKind::Success,
                        format!("Payout of {} to {} recorded", t.money(t.approved_minor), t.reseller_name),
                    );
                    open.set(false);
                    ui.changed();
                }
                Err(AppError::Validation(e)) => errors.set(e),
                Err(e) => ui.notify(ToastKind::Error, format!("The payout was not recorded: {e}")),
            }
            busy.set(false);
        });
    };
    let error = move |field: &'static str| {
        move || errors.with(|e| e.iter().find(|e| e.field == field).map(|e| e.message.clone()))
    };
    let amount = totals.money(totals.approved_minor);
    view! {
        <tr class="payout-row">
            <td colspan="7">
                <form class="inline-form" novalidate on:submit=submit aria-label=format!("Payout to {}", totals.reseller_name)>
                    <p>{format!("Pay {} the approved {amount}", totals.reseller_name)}</p>
                    <div class="field narrow">
                        <label for="paid-on">"Paid on"</label>
                        <input id="paid-on" type="date" prop:value=move || paid_on.get()
                            on:input=move |ev| paid_on.set(event_target_value(&ev))
                            aria-describedby="paid-on-error" aria-invalid=move || error("paid_on")().is_some().to_string() />
                        <p class="field-error" id="paid-on-error" role="alert">{error("paid_on")}</p>
                    </div>
                    <div class="field">
                        <label for="payout-reference">"Reference"</label>
                        <input id="payout-reference" type="text" placeholder="e.g. bank transfer id" prop:value=move || reference.get()
                            on:input=move |ev| reference.set(event_target_value(&ev))
                            aria-describedby="reference-error" aria-invalid=move || error("reference")().is_some().to_string() />
                        <p class="field-error" id="reference-error" role="alert">{error("reference")}</p>
                    </div>
                    <button type="submit" class="button primary" disabled=move || busy.get()>{format!("Pay {amount}")}</button>
                    <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
                </form>
            </td>
        </tr>
    }
}

#[component]
fn Entries(entries: Vec<SaleRow>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="muted empty-note">"No sales match."</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table ledger">
                <thead><tr>
                    <th scope="col">"Cycle"</th><th scope="col">"Reseller"</th><th scope="col">"Customer"</th>
                    <th scope="col">"Plan"</th><th scope="col">"Sale"</th><th scope="col">"Rate"</th>
                    <th scope="col">"Commission"</th><th scope="col">"Status"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>{entries.into_iter().map(|e| view! { <EntryRow entry=e /> }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn EntryRow(entry: SaleRow) -> impl IntoView {
    let ui = ConsoleUi::get();
    let e = entry;
    let busy = RwSignal::new(false);
    let (id, customer_name) = (e.id, e.customer_name.clone());
    let act = move |next: SaleStatus| {
        let customer = customer_name.clone();
        move |_| {
            let customer = customer.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = match next {
                    SaleStatus::Approved => approve_commission(id).await,
                    _ => reverse_commission(id).await,
                };
                match result {
                    Ok(()) => ui.notify(
                        ToastKind::Success,
                        format!("Commission on {customer} {}", next.label().to_lowercase()),
                    ),
                    Err(err) => ui.notify(ToastKind::Error, format!("Not changed: {err}")),
                }
                busy.set(false);
                ui.changed();
            });
        }
    };
    let can = Access::can(Permission::ManageCommissions);
    let status = e.status_text();
    let label = |verb: &str| format!("{verb} the commission on {}", e.customer_name);
    view! {
        <tr>
            <td>{format!("{} – {}", format_date(e.cycle_start), format_date(e.cycle_end))}</td>
            <td>{e.reseller_name.clone()}</td>
            <td>{e.customer_name.clone()}</td>
            <td>{e.plan_name.clone()}</td>
            <td>{format_money(e.amount_minor, &e.currency)}</td>
            <td>{e.rate_label()}</td>
            <td>{format_money(e.commission_minor, &e.currency)}</td>
            <td><span class=format!("sale-status {}", e.status.as_str())>{status}</span></td>
            <td class="row-actions">
                {(can && e.status.may_become(SaleStatus::Approved)).then(|| view! {
                    <button type="button" class="button small" disabled=move || busy.get()
                        aria-label=label("Approve") on:click=act(SaleStatus::Approved)>"Approve"</button>
                })}
                {(can && e.status.may_become(SaleStatus::Reversed)).then(|| view! {
                    <button type="button" class="button small danger-outline" disabled=move || busy.get()
                        aria-label=label("Reverse") on:click=act(SaleStatus::Reversed)>"Reverse"</button>
                })}
            </td>
        </tr>
    }
}

#[component]
fn Payouts(ledger: Ledger) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="payouts-heading">
            <h2 id="payouts-heading">"Payouts"</h2>
            {if ledger.payouts.is_empty() {
                view! { <p class="muted empty-note">"No payouts recorded yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">"Paid on"</th><th scope="col">"Reseller"</th><th scope="col">"Amount"</th>
                                <th scope="col">"Commissions"</th><th scope="col">"Reference"</th>
                            </tr></thead>
                            <tbody>{ledger.payouts.into_iter().map(|p| view! {
                                <tr>
                                    <td>{p.paid_on.clone()}</td>
                                    <td>{p.reseller_name.clone()}</td>
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

/// The refund window: how long a commission stays pending (owners change it).
#[component]
fn RefundWindow(days: i64) -> impl IntoView {
    let ui = ConsoleUi::get();
    let value = RwSignal::new(days.to_string());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match set_refund_window(value.get_untracked()).await {
                Ok(d) => {
                    error.set(None);
                    ui.notify(ToastKind::Success, format!("Refund window set to {d} days"));
                    ui.changed();
                }
                Err(AppError::Validation(e)) => error.set(e.first().map(|e| e.message.clone())),
                Err(e) => ui.notify(ToastKind::Error, format!("Not changed: {e}")),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="window-heading">
            <h2 id="window-heading">"Refund window"</h2>
            <p class="muted">{format!(
                "A new sale's commission stays pending for {days} days, while the customer may still be refunded; \
                 then it is approved on its own. Sales already made keep the window they were made with."
            )}</p>
            {Access::can(Permission::AgencySettings).then(|| view! {
                <form class="inline-form" novalidate on:submit=submit>
                    <div class="field narrow">
                        <label for="refund-window">"Days"</label>
                        <input id="refund-window" type="number" min="0" max="365" prop:value=move || value.get()
                            on:input=move |ev| value.set(event_target_value(&ev))
                            aria-describedby="refund-window-error" aria-invalid=move || error.get().is_some().to_string() />
                        <p class="field-error" id="refund-window-error" role="alert">{move || error.get()}</p>
                    </div>
                    <button type="submit" class="button">"Save"</button>
                </form>
            })}
        </section>
    }
}
