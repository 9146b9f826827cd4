use crate::api::activity::list_activity;
use crate::api::resellers::get_reseller;
use crate::components::access::Access;
use crate::components::{
    activity_list::ActivityList,
    feedback::ConsoleUi,
    figures::Date,
    plan_info::PlanInfo,
    status_switch::StatusSwitch,
    truncated::Truncated,
    usage::{UsageChart, UsageMeters},
};
use crate::domain::{ActivityQuery, LedgerQuery, PartnerType, Permission, ResellerDetails};
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/partners/resellers/{id}`: profile, contact person, plan, login address, status, usage.
#[component]
pub fn ResellerDetailsPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let version = crate::components::feedback::ConsoleUi::get().version;
    let reseller = Resource::new(
        move || (id.get(), version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_reseller(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <div class="skeleton block" aria-hidden="true"></div> }>
            {move || Suspend::new(async move {
                match reseller.await {
                    Ok(r) => view! { <Details reseller=r /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Details(reseller: ResellerDetails) -> impl IntoView {
    let r = reseller;
    let commission = r.commission_label();
    view! {
        <Title text=r.name.clone() />
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href="/partners/resellers">"Resellers"</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{r.name.clone()}</span>
        </nav>
        <header class="page-header">
            <div>
                <h1>{r.name.clone()}</h1>
                <p class="subtitle">{r.partner_type.label()}</p>
            </div>
            <div class="page-actions">
                <StatusSwitch id=r.id status=r.status name=r.name.clone() />
                {Access::can(Permission::EditResellerContact).then(|| view! {
                    <a href=format!("/partners/resellers/{}/edit", r.id) class="button">"Edit"</a>
                })}
                {Access::can(Permission::DeleteResellers).then(|| view! {
                    <button type="button" class="button danger-outline"
                        on:click={
                            let target = (r.id, r.name.clone());
                            move |_| ConsoleUi::get().deleting.set(Some(target.clone()))
                        }>
                        "Delete"
                    </button>
                })}
            </div>
        </header>
        <div class="details-grid">
            <section class="panel" aria-labelledby="profile-heading">
                <h2 id="profile-heading">"Partner details"</h2>
                <dl class="facts">
                    <dt>"Partner Email"</dt><dd><Truncated text=r.email.clone() /></dd>
                    <dt>"Partner Phone"</dt><dd class="nowrap">{r.phone.clone()}</dd>
                    <dt>"Partner Website"</dt>
                    <dd>{match r.website.clone() {
                        Some(url) => {
                            let (text, title) = (url.clone(), url.clone());
                            view! { <a href=url class="truncate" title=title rel="noopener noreferrer" target="_blank">{text}</a> }.into_any()
                        }
                        None => view! { <span class="muted">"—"</span> }.into_any(),
                    }}</dd>
                    <dt>"Login Domain"</dt><dd><code class="truncate" title=r.login_url.clone()>{r.login_url.clone()}</code></dd>
                    <dt>"Joined On"</dt><dd><Date unix_seconds=r.joined_on /></dd>
                    <dt>"Last updated"</dt><dd><Date unix_seconds=r.updated_at /></dd>
                </dl>
            </section>
            <section class="panel" aria-labelledby="contact-heading">
                <h2 id="contact-heading">"Contact person"</h2>
                <dl class="facts">
                    <dt>"Contact Person Name"</dt><dd>{r.contact_name.clone()}</dd>
                    <dt>"Contact Person Email"</dt><dd><Truncated text=r.contact_email.clone() /></dd>
                    <dt>"Contact Person Phone"</dt><dd class="nowrap">{r.contact_phone.clone()}</dd>
                </dl>
            </section>
            <section class="panel" aria-labelledby="plan-heading">
                <h2 id="plan-heading">"Plan"</h2>
                <dl class="facts">
                    <dt>"Plan"</dt><dd><PlanInfo plan=r.plan.clone() row_id=r.id /></dd>
                    {r.plan.clone().map(|p| view! {
                        <dt>"Price"</dt><dd>{p.price_label()}</dd>
                        <dt>"Limits"</dt>
                        <dd class="limit-lines">{p.limit_lines().into_iter().map(|line| view! { <span>{line}</span> }).collect_view()}</dd>
                    })}
                    {commission.map(|c| view! { <dt>"Commission rate"</dt><dd>{c}</dd> })}
                </dl>
                {r.plan.is_none().then(|| view! {
                    <p class="muted hint">"Without a plan nothing limits this reseller's usage. "
                        <a href=format!("/partners/resellers/{}/edit", r.id)>"Choose a plan"</a></p>
                })}
            </section>
            <UsagePanels reseller=r.clone() />
        </div>
    }
}

/// Usage against the plan, the 12-month chart and the reseller's activity.
#[component]
fn UsagePanels(reseller: ResellerDetails) -> impl IntoView {
    let r = reseller;
    view! {
        <section class="panel" aria-labelledby="usage-heading">
            <h2 id="usage-heading">{format!("Usage in {}", r.usage.current().month.label())}</h2>
            <UsageMeters usage=r.usage.clone() plan=r.plan.clone() />
        </section>
        <section class="panel wide" aria-labelledby="history-heading">
            <h2 id="history-heading">"Last 12 months"</h2>
            <UsageChart usage=r.usage.clone() id="usage-chart" />
        </section>
        <CustomersPanel reseller=r.id />
        {match r.partner_type {
            PartnerType::Commission => view! { <CommissionPanel reseller=r.id /> }.into_any(),
            PartnerType::OwnPlans => view! { <OwnPlansPanel reseller=r.id /> }.into_any(),
        }}
        <section class="panel wide" aria-labelledby="timeline-heading">
            <div class="toolbar">
                <h2 id="timeline-heading">"Activity"</h2>
                <a href=ActivityQuery { reseller_id: Some(r.id), kind: None, page: 1 }.href() class="button small">
                    "All activity"
                </a>
            </div>
            <Timeline id=r.id />
        </section>
    }
    .into_any()
}

/// The reseller's latest activity entries.
#[component]
fn Timeline(id: i64) -> impl IntoView {
    let version = ConsoleUi::get().version;
    let entries = Resource::new(
        move || version.get(),
        move |_| {
            list_activity(crate::domain::ActivityRequest {
                query: crate::domain::ActivityQuery { reseller_id: Some(id), kind: None, page: 1 },
                limit: 8,
            })
        },
    );
    view! {
        <Transition fallback=|| view! { <div class="skeleton line" aria-hidden="true"></div> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(page) => view! { <ActivityList entries=page.entries show_reseller=false /> }.into_any(),
                    Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The reseller's customers, read-only (the reseller manages them in its portal):
/// how many, a search, and a page at a time.
#[component]
fn CustomersPanel(reseller: i64) -> impl IntoView {
    use crate::api::customers::list_customers;
    use crate::components::figures::DateTime;
    let q = RwSignal::new(String::new());
    let page = RwSignal::new(1u32);
    let customers = Resource::new(move || (q.get(), page.get()), move |(q, page)| list_customers(reseller, q, page));
    view! {
        <section class="panel wide" aria-labelledby="customers-heading">
            <div class="toolbar">
                <h2 id="customers-heading">"Customers"</h2>
                <label class="mini-search">
                    <span class="visually-hidden">"Search customers"</span>
                    <input type="search" placeholder="Name or e-mail" aria-label="Search customers"
                        prop:value=move || q.get()
                        on:input=move |ev| { q.set(event_target_value(&ev)); page.set(1); } />
                </label>
            </div>
            <Transition fallback=|| view! { <div class="skeleton line" aria-hidden="true"></div> }>
                {move || Suspend::new(async move {
                    match customers.await {
                        Ok(p) if p.all == 0 => view! {
                            <p class="muted empty-note">"No customers yet: the reseller adds them in its portal."</p>
                        }.into_any(),
                        Ok(p) => {
                            let pages = p.pages();
                            let current = p.page;
                            view! {
                                <p class="muted">{format!("{} customer{}{}", p.all, if p.all == 1 { "" } else { "s" },
                                    if p.total == p.all { String::new() } else { format!(", {} matching", p.total) })}</p>
                                // Focusable: on narrow screens the table scrolls sideways.
                                <div class="table-wrap" tabindex="0" role="group" aria-label="Customers table">
                                    <table class="table customers">
                                        <thead><tr>
                                            <th scope="col">"Customer"</th><th scope="col">"E-mail"</th>
                                            <th scope="col">"Plan"</th><th scope="col">"Usage this month"</th>
                                            <th scope="col">"Status"</th><th scope="col">"Added"</th>
                                        </tr></thead>
                                        <tbody>
                                            {p.rows.into_iter().map(|c| view! {
                                                <tr>
                                                    <th scope="row">{c.name}</th>
                                                    <td>{c.email}</td>
                                                    <td>{c.plan_name.unwrap_or_else(|| "—".into())}</td>
                                                    <td>{crate::domain::customer_usage_line(c.messages, c.whatsapp)}</td>
                                                    <td>{c.status.label()}</td>
                                                    <td><DateTime unix_seconds=c.created_at /></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                {(pages > 1).then(|| view! {
                                    <div class="toolbar">
                                        <button type="button" class="button small" disabled=current <= 1
                                            on:click=move |_| page.set(current - 1)>"Previous"</button>
                                        <span class="muted">{format!("Page {current} of {pages}")}</span>
                                        <button type="button" class="button small" disabled=current >= pages
                                            on:click=move |_| page.set(current + 1)>"Next"</button>
                                    </div>
                                })}
                            }.into_any()
                        }
                        Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A commission reseller's commissions per currency, with the way to the ledger.
#[component]
fn CommissionPanel(reseller: i64) -> impl IntoView {
    use crate::api::commissions::load_ledger;
    use crate::components::commission_totals::CommissionTotalsTable;
    let version = ConsoleUi::get().version;
    let ledger = Resource::new(move || version.get(), move |_| load_ledger(reseller, String::new(), String::new()));
    let all = LedgerQuery { reseller_id: Some(reseller), ..LedgerQuery::default() }.href();
    view! {
        <section class="panel wide" aria-labelledby="commission-heading">
            <div class="toolbar">
                <h2 id="commission-heading">"Commissions"</h2>
                <a href=all class="button small">"Open the ledger"</a>
            </div>
            <Transition fallback=|| view! { <div class="skeleton line" aria-hidden="true"></div> }>
                {move || Suspend::new(async move {
                    match ledger.await {
                        Ok(l) if l.totals.is_empty() => view! {
                            <p class="muted empty-note">"No sales yet: its customers on your plans make them."</p>
                        }.into_any(),
                        Ok(l) => view! { <CommissionTotalsTable totals=l.totals /> }.into_any(),
                        Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// An own-plans reseller's own plans, read-only (it manages them in its portal).
#[component]
fn OwnPlansPanel(reseller: i64) -> impl IntoView {
    use crate::api::customers::list_own_plans;
    let plans = Resource::new(|| (), move |_| list_own_plans(reseller));
    view! {
        <section class="panel wide" aria-labelledby="own-plans-heading">
            <h2 id="own-plans-heading">"Its own plans"</h2>
            <Transition fallback=|| view! { <div class="skeleton line" aria-hidden="true"></div> }>
                {move || Suspend::new(async move {
                    match plans.await {
                        Ok(rows) if rows.is_empty() => view! {
                            <p class="muted empty-note">"No plans yet: the reseller makes them in its portal."</p>
                        }.into_any(),
                        Ok(rows) => view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th scope="col">"Plan"</th><th scope="col">"Price"</th><th scope="col">"Limits"</th>
                                        <th scope="col">"Customers"</th><th scope="col">"Status"</th>
                                    </tr></thead>
                                    <tbody>{rows.into_iter().map(|p| {
                                        let [messages, whatsapp, team] = p.summary.limit_lines();
                                        view! {
                                            <tr>
                                                <th scope="row">{p.summary.name.clone()}</th>
                                                <td>{p.summary.price_label()}</td>
                                                <td><ul class="limits"><li>{messages}</li><li>{whatsapp}</li><li>{team}</li></ul></td>
                                                <td>{p.resellers}</td>
                                                <td>{if p.status == crate::domain::PlanStatus::Active { "Active" } else { "Archived" }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}</tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
