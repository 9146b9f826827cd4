//! Partners → Plans: the agency's plans, and the form that creates or edits one.

use crate::api::plans::{delete_plan, get_plan, list_plans, save_plan, set_plan_archived};
use crate::components::access::Access;
use crate::components::confirm_action::ConfirmAction;
use crate::components::empty_state::EmptyState;
use crate::components::feedback::{ConsoleUi, ToastKind};
use crate::components::figures::Count;
use crate::components::form_field::FormField;
use crate::components::layout::PartnersHeader;
use crate::domain::Permission;
use crate::domain::{BillingCycle, Currency, FieldError, PlanInput, PlanRow, PlanStatus, StoredWord};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

/// `/partners/plans`: every plan, what it costs, its limits and how many resellers use it.
#[component]
pub fn PlansPage() -> impl IntoView {
    let ui = ConsoleUi::get();
    let plans = Resource::new(move || ui.version.get(), |_| list_plans());
    view! {
        <Title text="Plans" />
        <PartnersHeader title="Plans" subtitle="What your resellers can sell, and their limits." actions=Box::new(|| view! {
            {Access::can(Permission::ManagePlans).then(|| view! {
                <a href="/partners/plans/new" class="button primary">"+ Create Plan"</a>
            })}
        }.into_any()) />
        <section class="panel" aria-labelledby="plans-heading">
            <div class="toolbar"><h2 id="plans-heading">"Your plans"</h2></div>
            <Transition fallback=|| view! { <div class="skeleton block" aria-hidden="true"></div> }>
                {move || Suspend::new(async move {
                    match plans.await {
                        Ok(rows) if rows.is_empty() => view! {
                            <EmptyState title="No plans yet" hint="Plans set what your resellers pay and their monthly limits."
                                action=Some(("Create your first plan", "/partners/plans/new".to_owned())) primary=true />
                        }.into_any(),
                        Ok(rows) => view! { <PlanTable rows /> }.into_any(),
                        Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PlanTable(rows: Vec<PlanRow>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table plans">
                <thead>
                    <tr>
                        <th scope="col">"Plan"</th>
                        <th scope="col">"Price"</th>
                        <th scope="col">"Limits"</th>
                        <th scope="col">"Resellers"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|plan| view! { <PlanRowView plan /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn PlanRowView(plan: PlanRow) -> impl IntoView {
    let ui = ConsoleUi::get();
    let s = plan.summary.clone();
    let (id, name) = (s.id, s.name.clone());
    let archived = plan.status == PlanStatus::Archived;
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let archive = {
        let name = name.clone();
        move |_| {
            busy.set(true);
            let name = name.clone();
            leptos::task::spawn_local(async move {
                match set_plan_archived(id, !archived).await {
                    Ok(PlanStatus::Archived) => {
                        ui.notify(ToastKind::Success, format!("{name} is archived: it takes no new resellers"))
                    }
                    Ok(PlanStatus::Active) => {
                        ui.notify(ToastKind::Success, format!("{name} takes new resellers again"))
                    }
                    Err(e) => ui.notify(ToastKind::Error, format!("{name} was not changed: {e}")),
                }
                busy.set(false);
                ui.changed();
            });
        }
    };
    let delete = {
        let name = name.clone();
        move |()| {
            busy.set(true);
            let name = name.clone();
            leptos::task::spawn_local(async move {
                match delete_plan(id).await {
                    Ok(_) => ui.notify(ToastKind::Success, format!("{name} was deleted")),
                    Err(e) => ui.notify(ToastKind::Error, format!("{name} was not deleted: {e}")),
                }
                busy.set(false);
                confirming.set(false);
                ui.changed();
            });
        }
    };
    let in_use = plan.resellers;
    view! {
        <tr class:archived=archived>
            <th scope="row">
                <span class="cell-name">{s.name.clone()}</span>
                {(!plan.description.is_empty()).then(|| view! { <span class="cell-sub muted">{plan.description.clone()}</span> })}
            </th>
            <td class="col-price">{s.price_label()}</td>
            <td class="limits-cell">
                {s.limit_lines().into_iter().map(|line| view! { <span class="cell-sub">{line}</span> }).collect_view()}
            </td>
            <td class="col-resellers">
                {if in_use > 0 {
                    view! { <a href=format!("/partners/resellers?plan={id}")><Count value=in_use /></a> }.into_any()
                } else {
                    view! { <span class="muted">"0"</span> }.into_any()
                }}
            </td>
            <td class="col-status">
                <span class=if archived { "badge muted-badge" } else { "badge ok-badge" }>
                    {if archived { "Archived" } else { "Active" }}
                </span>
            </td>
            <td class="row-actions">
                <Show when=move || Access::can(Permission::ManagePlans) && !confirming.get()>
                    <a href=format!("/partners/plans/{id}/edit") class="button small"
                        aria-label=format!("Edit {}", s.name)>"Edit"</a>
                    <button type="button" class="button small" disabled=move || busy.get() on:click=archive.clone()
                        aria-label=format!("{} {}", if archived { "Unarchive" } else { "Archive" }, s.name)>
                        {if archived { "Unarchive" } else { "Archive" }}
                    </button>
                </Show>
                {Access::can(Permission::ManagePlans).then(|| view! {
                    <ConfirmAction verb="Delete" subject=name.clone() confirming busy on_confirm=Callback::new(delete) />
                })}
            </td>
        </tr>
    }
    // Erased: the row's type is deep enough to overflow the compiler's query depth (wasm).
    .into_any()
}

/// `/partners/plans/new`.
#[component]
pub fn CreatePlanPage() -> impl IntoView {
    let input = PlanInput { currency: "USD".into(), billing_cycle: "monthly".into(), ..Default::default() };
    view! {
        <Title text="Create plan" />
        <PlanBreadcrumbs current="Create plan" />
        <header class="page-header"><div><h1>"Create plan"</h1></div></header>
        <PlanForm id=None input />
    }
}

/// `/partners/plans/{id}/edit`.
#[component]
pub fn EditPlanPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let plan = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_plan(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text="Edit plan" />
        <PlanBreadcrumbs current="Edit plan" />
        <Suspense fallback=|| view! { <div class="skeleton block" aria-hidden="true"></div> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(p) => view! {
                        <header class="page-header"><div><h1>{format!("Edit {}", p.summary.name)}</h1>
                            {(p.resellers > 0).then(|| view! {
                                <p class="subtitle">{format!("{} reseller(s) on this plan see the changes at once.", p.resellers)}</p>
                            })}
                        </div></header>
                        <PlanForm id=Some(p.summary.id) input=PlanInput::from_plan(&p) />
                    }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::pages::not_found::NotFound /> }.into_any(),
                    Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PlanBreadcrumbs(current: &'static str) -> impl IntoView {
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href="/partners/plans">"Plans"</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{current}</span>
        </nav>
    }
}

/// The plan's fields; every rule is checked here as on the server (`NewPlan::parse`).
#[component]
fn PlanForm(id: Option<i64>, input: PlanInput) -> impl IntoView {
    let ui = ConsoleUi::get();
    let navigate = use_navigate();
    let form = RwSignal::new(input);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let error_of = move |field: &'static str| {
        Signal::derive(move || errors.with(|e| e.iter().find(|e| e.field == field).map(|e| e.message.clone())))
    };
    let value_of = move |get: fn(&PlanInput) -> &String| Signal::derive(move || form.with(|f| get(f).clone()));
    let setter = move |set: fn(&mut PlanInput, String)| Callback::new(move |v: String| form.update(|f| set(f, v)));
    let check = Callback::new(move |_: ()| {
        // Re-check only the fields that already show an error, so typing never scolds early.
        if !errors.with_untracked(|e| e.is_empty()) {
            errors.set(crate::domain::NewPlan::parse(&form.get_untracked()).err().unwrap_or_default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(found) = crate::domain::NewPlan::parse(&input) {
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        saving.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match save_plan(id, input.clone()).await {
                Ok(_) => {
                    let verb = if id.is_some() { "saved" } else { "created" };
                    ui.notify(ToastKind::Success, format!("Plan {} {verb}", input.name.trim()));
                    ui.changed();
                    navigate("/partners/plans", Default::default());
                }
                Err(AppError::Validation(found)) => errors.set(found),
                Err(e) => alert.set(Some(e.to_string())),
            }
            saving.set(false);
        });
    };
    let cycle_error = error_of("billing_cycle");
    let currency_error = error_of("currency");
    view! {
        <form class="panel form plan-form" novalidate on:submit=submit>
            {move || alert.get().map(|a| view! { <p class="alert" role="alert">{a}</p> })}
            <FormField name="name" label="Plan name" required=true value=value_of(|f| &f.name)
                on_input=setter(|f, v| f.name = v) on_blur=check error=error_of("name") />
            <div class="field">
                <label for="description">"Description"</label>
                <textarea id="description" name="description" rows="2" aria-describedby="description-error"
                    aria-invalid=move || error_of("description").get().is_some().to_string()
                    prop:value=move || form.with(|f| f.description.clone())
                    on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))></textarea>
                <p class="field-error" id="description-error" role="alert">{move || error_of("description").get()}</p>
            </div>
            <div class="field-row">
                <FormField name="price" label="Price" required=true placeholder="49.00" value=value_of(|f| &f.price)
                    on_input=setter(|f, v| f.price = v) on_blur=check error=error_of("price") />
                <div class="field">
                    <label for="currency">"Currency"</label>
                    <select id="currency" name="currency" aria-describedby="currency-error"
                        aria-invalid=move || currency_error.get().is_some().to_string()
                        on:change=move |ev| form.update(|f| f.currency = event_target_value(&ev))>
                        {Currency::ALL.iter().map(|c| view! {
                            <option value=c.code selected=move || form.with(|f| f.currency == c.code)>{c.code}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="currency-error" role="alert">{move || currency_error.get()}</p>
                </div>
                <div class="field">
                    <label for="billing_cycle">"Billing cycle"</label>
                    <select id="billing_cycle" name="billing_cycle" aria-describedby="billing_cycle-error"
                        aria-invalid=move || cycle_error.get().is_some().to_string()
                        on:change=move |ev| form.update(|f| f.billing_cycle = event_target_value(&ev))>
                        {BillingCycle::ALL.iter().map(|c| {
                            let word = c.as_str();
                            let label = match c {
                                BillingCycle::Monthly => "Monthly",
                                BillingCycle::Quarterly => "Quarterly",
                                BillingCycle::Yearly => "Yearly",
                            };
                            view! { <option value=word selected=move || form.with(|f| f.billing_cycle == word)>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="billing_cycle-error" role="alert">{move || cycle_error.get()}</p>
                </div>
            </div>
            <fieldset class="field-row">
                <legend>"Limits"</legend>
                <FormField name="messages_limit" label="Messages per month" required=true input_type="text"
                    value=value_of(|f| &f.messages_limit) on_input=setter(|f, v| f.messages_limit = v)
                    on_blur=check error=error_of("messages_limit") />
                <FormField name="whatsapp_limit" label="WhatsApp messages per month" required=true
                    value=value_of(|f| &f.whatsapp_limit) on_input=setter(|f, v| f.whatsapp_limit = v)
                    on_blur=check error=error_of("whatsapp_limit") />
                <FormField name="team_members_limit" label="Team members" required=true
                    value=value_of(|f| &f.team_members_limit) on_input=setter(|f, v| f.team_members_limit = v)
                    on_blur=check error=error_of("team_members_limit") />
            </fieldset>
            <div class="form-actions">
                <a href="/partners/plans" class="button">"Cancel"</a>
                <button type="submit" class="button primary" disabled=move || saving.get()>
                    {if id.is_some() { "Save plan" } else { "Create plan" }}
                </button>
            </div>
        </form>
    }
}
