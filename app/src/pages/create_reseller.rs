//! Create Reseller (and Edit, the same wizard filled in): partner type → partner details →
//! contact person → login domain & plan → review. Each field is checked when left, with the shared rules; the
//! server is final and its errors land on the right field and step; nothing typed is lost.

use crate::api::options::{list_countries, list_plan_options};
use crate::api::resellers::{
    check_login_domain, create_reseller, get_reseller_form, rate_password, update_reseller, DomainCheck,
};
use crate::components::feedback::{ConsoleUi, ToastKind};
use crate::components::form_field::FormField;
use crate::components::shortcuts::focus_first;
use crate::domain::{CountryOption, FieldError, NewReseller, PartnerType, PlanSummary, ResellerInput, StoredWord};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};
use std::collections::HashSet;
use std::time::Duration;

const STEPS: [&str; 5] = ["Partner type", "Partner details", "Contact person", "Login domain & plan", "Review"];

/// The fields each step asks for (error names; phones are checked as one field each).
fn step_fields(step: usize) -> &'static [&'static str] {
    match step {
        0 => &["partner_type"],
        1 => &["name", "email", "phone", "website", "password", "confirm_password"],
        2 => &["contact_name", "contact_email", "contact_phone"],
        3 => &["login_domain", "plan_id", "commission_rate"],
        _ => &[],
    }
}

fn step_class(current: usize, step: usize) -> &'static str {
    match step.cmp(&current) {
        std::cmp::Ordering::Equal => "current",
        std::cmp::Ordering::Less => "done",
        std::cmp::Ordering::Greater => "",
    }
}

fn step_of(field: &str) -> usize {
    (0..4).find(|s| step_fields(*s).contains(&field)).unwrap_or(4)
}

/// The wizard's state: what was typed, which fields were left, what the server said.
#[derive(Clone, Copy)]
struct Wizard {
    input: RwSignal<ResellerInput>,
    touched: RwSignal<HashSet<&'static str>>,
    server_errors: RwSignal<Vec<FieldError>>,
    step: RwSignal<usize>,
    /// The reseller being edited; `None` when creating one.
    editing: Option<i64>,
}

impl Wizard {
    fn new(input: ResellerInput, editing: Option<i64>) -> Self {
        Self {
            input: RwSignal::new(input),
            touched: RwSignal::new(HashSet::new()),
            server_errors: RwSignal::new(Vec::new()),
            step: RwSignal::new(0),
            editing,
        }
    }

    /// Errors of the shared rules for the current input.
    fn rule_errors(&self) -> Vec<FieldError> {
        let parse = if self.editing.is_some() { NewReseller::parse_update } else { NewReseller::parse };
        self.input.with(|i| parse(i).err().unwrap_or_default())
    }

    /// The message shown under a field: the server's, else the rules' once the field was left.
    fn error(&self, field: &'static str) -> Option<String> {
        if let Some(e) = self.server_errors.with(|s| s.iter().find(|e| e.field == field).cloned()) {
            return Some(e.message);
        }
        if !self.touched.with(|t| t.contains(field)) {
            return None;
        }
        self.rule_errors().into_iter().find(|e| e.field == field).map(|e| e.message)
    }

    fn set(&self, field: &'static str, value: String) {
        self.input.update(|i| i.set(field, value));
        // What the server said about this field no longer applies once it changes.
        let error_field = field.trim_end_matches("_country");
        self.server_errors.update(|s| s.retain(|e| e.field != field && e.field != error_field));
    }

    fn touch(&self, field: &'static str) {
        self.touched.update(|t| {
            t.insert(field);
        });
    }

    /// Shows the errors of a step; true when it has none.
    fn check_step(&self, step: usize) -> bool {
        for f in step_fields(step) {
            self.touch(f);
        }
        step_fields(step).iter().all(|f| self.error(f).is_none())
    }
}

/// `/partners/resellers/new`.
#[component]
pub fn CreateResellerPage() -> impl IntoView {
    let input = ResellerInput {
        partner_type: PartnerType::Commission.as_str().into(),
        phone_country: "US".into(),
        contact_phone_country: "US".into(),
        ..Default::default()
    };
    view! { <ResellerWizard input editing=None /> }
}

/// `/partners/resellers/{id}/edit`: the wizard with the stored details.
#[component]
pub fn EditResellerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let form = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_reseller_form(id).await.map(|input| (id, input)),
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <div class="skeleton block" aria-hidden="true"></div> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok((id, input)) => view! { <ResellerWizard input editing=Some(id) /> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::pages::not_found::NotFound /> }.into_any(),
                    Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ResellerWizard(input: ResellerInput, editing: Option<i64>) -> impl IntoView {
    let title = match editing {
        Some(_) => format!("Edit {}", input.name),
        None => "Create Reseller".to_owned(),
    };
    let keep_plan = editing.and_then(|_| input.plan_id.parse::<i64>().ok());
    let wizard = Wizard::new(input, editing);
    let countries = Resource::new(|| (), |_| list_countries());
    let plans = Resource::new(|| (), move |_| list_plan_options(keep_plan));
    let submitting = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let ui = ConsoleUi::get();

    let next = move |_| {
        let step = wizard.step.get_untracked();
        if wizard.check_step(step) {
            wizard.step.set((step + 1).min(4));
        }
    };
    let back = move |_| wizard.step.update(|s| *s = s.saturating_sub(1));
    let submit = move |_| {
        // Every step must pass before anything is sent.
        if let Some(bad) = (0..4).find(|s| !wizard.check_step(*s)) {
            wizard.step.set(bad);
            return;
        }
        submitting.set(true);
        failure.set(None);
        let input = wizard.input.get_untracked();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let saved = match editing {
                Some(id) => update_reseller(id, input.clone()).await.map(|_| id),
                None => create_reseller(input.clone()).await,
            };
            match saved {
                Ok(id) => {
                    let done = if editing.is_some() { "saved" } else { "created" };
                    ui.notify(ToastKind::Success, format!("{} was {done}", input.name.trim()));
                    ui.changed();
                    navigate(&format!("/partners/resellers/{id}"), Default::default());
                }
                Err(AppError::Validation(errors)) => {
                    let first = errors.iter().map(|e| step_of(&e.field)).min().unwrap_or(4);
                    wizard.server_errors.set(errors);
                    wizard.step.set(first);
                }
                Err(other) => failure.set(Some(other.to_string())),
            }
            submitting.set(false);
        });
    };

    // Keyboard and screen-reader users land on the new step: its first field, or its heading.
    Effect::new(move |previous: Option<usize>| {
        let step = wizard.step.get();
        if previous.is_some_and(|p| p != step) {
            request_animation_frame(move || {
                let target = if (1..=3).contains(&step) {
                    ".wizard form input:not([type=radio]), .wizard form select"
                } else {
                    "#step-heading"
                };
                focus_first(target);
            });
        }
        step
    });

    view! {
        <Title text=title.clone() />
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <A href="/partners/resellers">"Resellers"</A>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{title.clone()}</span>
        </nav>
        <header class="page-header">
            <div>
                <h1>{title.clone()}</h1>
                <p class="subtitle">"Fields marked * are required."</p>
            </div>
        </header>
        <ol class="stepper" aria-label="Steps">
            {STEPS.iter().enumerate().map(|(i, name)| view! {
                <li class=move || step_class(wizard.step.get(), i)
                    aria-current=move || (wizard.step.get() == i).then_some("step")>
                    <span class="step-number" aria-hidden="true">{i + 1}</span>{*name}
                </li>
            }).collect_view()}
        </ol>
        <section class="panel wizard" aria-labelledby="step-heading">
            <h2 id="step-heading" tabindex="-1">{move || STEPS[wizard.step.get()]}</h2>
            <form novalidate on:submit=move |ev| ev.prevent_default()>
                {move || match wizard.step.get() {
                    0 => view! { <PartnerTypeStep wizard /> }.into_any(),
                    1 => view! { <PartnerStep wizard countries /> }.into_any(),
                    2 => view! { <ContactStep wizard countries /> }.into_any(),
                    3 => view! { <DomainPlanStep wizard plans /> }.into_any(),
                    _ => view! { <ReviewStep wizard plans /> }.into_any(),
                }}
                {move || failure.get().map(|f| view! { <p class="alert" role="alert">{f}</p> })}
                <div class="wizard-actions">
                    <A href="/partners/resellers" attr:class="button">"Cancel"</A>
                    <span class="spacer"></span>
                    <Show when=move || { wizard.step.get() > 0 }>
                        <button type="button" class="button" on:click=back>"Back"</button>
                    </Show>
                    <Show when=move || { wizard.step.get() < 4 }
                        fallback=move || {
                            let submit = submit.clone();
                            view! {
                                <button type="button" class="button primary" disabled=move || submitting.get() on:click=submit>
                                    {move || match (submitting.get(), editing.is_some()) {
                                        (true, _) => "Saving…",
                                        (false, true) => "Save changes",
                                        (false, false) => "Create Reseller",
                                    }}
                                </button>
                            }
                        }>
                        <button type="submit" class="button primary" on:click=next>"Next"</button>
                    </Show>
                </div>
            </form>
        </section>
    }
}

/// A text field of the wizard, bound by name.
fn field(
    wizard: Wizard,
    name: &'static str,
    label: &'static str,
    required: bool,
    input_type: &'static str,
    autocomplete: &'static str,
) -> impl IntoView {
    view! {
        <FormField name label required input_type autocomplete
            value=Signal::derive(move || wizard.input.with(|i| i.get(name).to_owned()))
            on_input=Callback::new(move |v| wizard.set(name, v))
            on_blur=Callback::new(move |_| wizard.touch(name))
            error=Signal::derive(move || wizard.error(name)) />
    }
}

#[component]
fn PartnerTypeStep(wizard: Wizard) -> impl IntoView {
    let choice = move |t: PartnerType, hint: &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name="partner_type" value=t.as_str()
                    prop:checked=move || wizard.input.with(|i| i.partner_type == t.as_str())
                    on:change=move |_| wizard.set("partner_type", t.as_str().into()) />
                <span><strong>{t.label()}</strong><span class="muted">{hint}</span></span>
            </label>
        }
    };
    view! {
        <fieldset class="choices">
            <legend>"Partner Type" <span class="required" aria-hidden="true">" *"</span></legend>
            {choice(PartnerType::OwnPlans, "Creates and manages its own pricing plans.")}
            {choice(PartnerType::Commission, "Sells plans created by your agency and earns a commission.")}
        </fieldset>
    }
}

/// Country dropdown (searchable: type a name or code) and number, checked as one field.
#[component]
fn PhoneField(
    wizard: Wizard,
    countries: Resource<Result<Vec<CountryOption>, AppError>>,
    country_field: &'static str,
    field: &'static str,
    label: &'static str,
) -> impl IntoView {
    let list_id = format!("{field}-countries");
    let country_id = format!("{field}-country");
    let options = move || countries.get().and_then(|r| r.ok()).unwrap_or_default();
    let shown = RwSignal::new(String::new());
    // Show the picked country's label once the list is there.
    Effect::new(move |_| {
        let code = wizard.input.with(|i| i.get(country_field).to_owned());
        if let Some(c) = options().iter().find(|c| c.iso2 == code) {
            if shown.get_untracked() != c.label() {
                shown.set(c.label());
            }
        }
    });
    let error_id = format!("{field}-error");
    view! {
        <div class="field">
            <label for=field>{label} <span class="required" aria-hidden="true">" *"</span></label>
            <div class="phone">
                <input id=country_id.clone() class="phone-country" list=list_id.clone() autocomplete="off"
                    aria-label=format!("{label}: country code")
                    prop:value=move || shown.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        shown.set(text.clone());
                        let code = CountryOption::resolve(&text, &options()).map(|c| c.iso2.clone()).unwrap_or_default();
                        wizard.set(country_field, code);
                    }
                    on:focus=move |ev| {
                        // Empty it so the whole list shows; put it back on blur if nothing was picked.
                        let _ = ev;
                        shown.set(String::new());
                    }
                    on:blur=move |_| {
                        let code = wizard.input.with(|i| i.get(country_field).to_owned());
                        if let Some(c) = options().iter().find(|c| c.iso2 == code) {
                            shown.set(c.label());
                        }
                        wizard.touch(field);
                    } />
                <datalist id=list_id>
                    {move || options().into_iter().map(|c| view! { <option value=c.label()></option> }).collect_view()}
                </datalist>
                <input id=field name=field type="tel" autocomplete="tel-national"
                    aria-invalid=move || wizard.error(field).is_some().to_string()
                    aria-describedby=error_id.clone()
                    prop:value=move || wizard.input.with(|i| i.get(field).to_owned())
                    on:input=move |ev| wizard.set(field, event_target_value(&ev))
                    on:blur=move |_| wizard.touch(field) />
            </div>
            <p class="field-error" id=error_id role="alert">{move || wizard.error(field)}</p>
        </div>
    }
}

#[component]
fn PartnerStep(wizard: Wizard, countries: Resource<Result<Vec<CountryOption>, AppError>>) -> impl IntoView {
    view! {
        <div class="form-grid">
            {field(wizard, "name", "Partner Name", true, "text", "organization")}
            {field(wizard, "email", "Partner Email", true, "email", "off")}
            <PhoneField wizard countries country_field="phone_country" field="phone" label="Partner Phone" />
            {field(wizard, "website", "Partner Website", false, "url", "url")}
            <div>
                {field(wizard, "password", "Password", wizard.editing.is_none(), "password", "new-password")}
                <StrengthMeter wizard />
            </div>
            {field(wizard, "confirm_password", "Confirm Password", wizard.editing.is_none(), "password", "new-password")}
        </div>
        <p class="muted hint">
            {if wizard.editing.is_some() {
                "Leave both password fields empty to keep the current password. A new password signs the partner out everywhere."
            } else {
                "The partner signs in with the Partner Email and this password. Use at least 10 characters that are hard to guess."
            }}
        </p>
    }
}

/// A visible strength meter under the password, from the server's zxcvbn reading
/// (the same estimate that decides whether the password is accepted).
#[component]
fn StrengthMeter(wizard: Wizard) -> impl IntoView {
    let rating = RwSignal::new(None::<crate::domain::PasswordRating>);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let (password, name, email, domain) =
            wizard.input.with(|i| (i.password.clone(), i.name.clone(), i.email.clone(), i.login_domain.clone()));
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        if password.is_empty() {
            rating.set(None);
            return;
        }
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(r) = rate_password(password.clone(), name, email, domain).await {
                        if wizard.input.with_untracked(|i| i.password == password) {
                            rating.set(Some(r));
                        }
                    }
                });
            },
            Duration::from_millis(250),
        )
        .ok();
        pending.set_value(handle);
    });
    view! {
        <div class="strength" aria-live="polite">
            {move || rating.get().map(|r| {
                let class = format!("strength-bar score-{}", r.score);
                view! {
                    <meter class=class min="0" max="4" low="2.5" high="3.5" optimum="4" value=r.score.to_string()
                        aria-label="Password strength"></meter>
                    <span class="strength-label">{format!("Strength: {}", r.label())}</span>
                    {r.hint.map(|h| view! { <span class="muted">{format!(" · {h}")}</span> })}
                }
            })}
        </div>
    }
}

#[component]
fn ContactStep(wizard: Wizard, countries: Resource<Result<Vec<CountryOption>, AppError>>) -> impl IntoView {
    view! {
        <div class="form-grid">
            {field(wizard, "contact_name", "Contact Person Name", true, "text", "name")}
            {field(wizard, "contact_email", "Contact Person Email", true, "email", "email")}
            <PhoneField wizard countries country_field="contact_phone_country" field="contact_phone" label="Contact Person Phone" />
        </div>
    }
}

#[component]
fn DomainPlanStep(wizard: Wizard, plans: Resource<Result<Vec<PlanSummary>, AppError>>) -> impl IntoView {
    let check = RwSignal::new(None::<DomainCheck>);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // Availability while typing: a short pause, then one question to the server.
    Effect::new(move |_| {
        let domain = wizard.input.with(|i| i.login_domain.clone());
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        if domain.trim().is_empty() {
            check.set(None);
            return;
        }
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(answer) = check_login_domain(domain.clone()).await {
                        // Only the answer for what is still typed counts.
                        if wizard.input.with_untracked(|i| i.login_domain == domain) {
                            check.set(Some(answer));
                        }
                    }
                });
            },
            Duration::from_millis(300),
        )
        .ok();
        pending.set_value(handle);
    });
    let is_commission = move || wizard.input.with(|i| i.partner_type == PartnerType::Commission.as_str());
    view! {
        <div class="form-grid">
            <FormField name="login_domain" label="Login Domain" required=true placeholder="acme"
                value=Signal::derive(move || wizard.input.with(|i| i.login_domain.clone()))
                on_input=Callback::new(move |v| wizard.set("login_domain", v))
                on_blur=Callback::new(move |_| wizard.touch("login_domain"))
                error=Signal::derive(move || wizard.error("login_domain"))>
                <p class="domain-check" aria-live="polite">
                    {move || match check.get() {
                        Some(DomainCheck::Available { login_url }) => view! {
                            <span class="ok">"✓ Available. The partner will log in at "<code>{login_url}</code></span>
                        }.into_any(),
                        Some(DomainCheck::Taken) => view! { <span class="bad">"✗ This login domain is taken"</span> }.into_any(),
                        Some(DomainCheck::Invalid { message }) => view! { <span class="bad">{message}</span> }.into_any(),
                        None => view! { <span class="muted">"Lowercase letters only, no spaces or special characters."</span> }.into_any(),
                    }}
                </p>
            </FormField>
            <div class="field">
                <label for="plan_id">"Plan" {move || is_commission().then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
                <select id="plan_id" name="plan_id"
                    aria-invalid=move || wizard.error("plan_id").is_some().to_string()
                    aria-describedby="plan_id-error"
                    prop:value=move || wizard.input.with(|i| i.plan_id.clone())
                    on:change=move |ev| { wizard.set("plan_id", event_target_value(&ev)); wizard.touch("plan_id"); }>
                    <option value="">{move || if is_commission() { "Select a plan" } else { "No agency plan" }}</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            plans.await.unwrap_or_default().into_iter().map(|p| {
                                let label = format!("{} — {}", p.name, p.price_label());
                                view! { <option value=p.id.to_string()>{label}</option> }
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
                <p class="field-error" id="plan_id-error" role="alert">{move || wizard.error("plan_id")}</p>
            </div>
            <Show when=is_commission>
                {field(wizard, "commission_rate", "Commission Rate (%)", true, "text", "off")}
            </Show>
        </div>
    }
}

#[component]
fn ReviewStep(wizard: Wizard, plans: Resource<Result<Vec<PlanSummary>, AppError>>) -> impl IntoView {
    let i = wizard.input.get_untracked();
    let partner_type = PartnerType::parse(&i.partner_type).map(|t| t.label()).unwrap_or("—");
    let plan_id = i.plan_id.clone();
    let plan_name = move || {
        plans
            .get()
            .and_then(|r| r.ok())
            .and_then(|ps| ps.into_iter().find(|p| p.id.to_string() == plan_id))
            .map(|p| p.name)
            .unwrap_or_else(|| "No agency plan".into())
    };
    let or_dash = |s: &str| if s.trim().is_empty() { "—".to_owned() } else { s.trim().to_owned() };
    view! {
        <dl class="facts review">
            <dt>"Partner Type"</dt><dd>{partner_type}</dd>
            <dt>"Partner Name"</dt><dd>{or_dash(&i.name)}</dd>
            <dt>"Partner Email"</dt><dd>{or_dash(&i.email)}</dd>
            <dt>"Partner Phone"</dt><dd>{format!("{} {}", i.phone_country, i.phone.trim())}</dd>
            <dt>"Partner Website"</dt><dd>{or_dash(&i.website)}</dd>
            <dt>"Contact Person"</dt><dd>{format!("{} · {} · {} {}", i.contact_name.trim(), i.contact_email.trim(), i.contact_phone_country, i.contact_phone.trim())}</dd>
            <dt>"Login Domain"</dt><dd><code>{or_dash(&i.login_domain)}</code></dd>
            <dt>"Plan"</dt><dd>{plan_name}</dd>
            {(i.partner_type == PartnerType::Commission.as_str()).then(|| view! {
                <dt>"Commission Rate"</dt><dd>{format!("{} %", i.commission_rate.trim().trim_end_matches('%').trim())}</dd>
            })}
        </dl>
        <p class="muted hint">"Check the details, then create the reseller. You can change them later."</p>
    }
}
