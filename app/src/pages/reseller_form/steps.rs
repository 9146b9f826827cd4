//! The wizard's steps, with the fields only they use (phone with country, strength meter).

use super::Wizard;
use crate::api::resellers::{check_login_domain, rate_password, DomainCheck};
use crate::components::debounce::Debounce;
use crate::components::form_field::FormField;
use crate::domain::{CountryOption, LoginDomain, PartnerType, PlanSummary, ResellerField, StoredWord};
use crate::error::AppError;
use leptos::prelude::*;
use std::time::Duration;

/// A text field of the wizard.
fn field(
    wizard: Wizard,
    field: ResellerField,
    label: &'static str,
    required: bool,
    input_type: &'static str,
    autocomplete: &'static str,
) -> impl IntoView {
    view! {
        <FormField name=field.as_str() label required input_type autocomplete
            value=Signal::derive(move || wizard.value(field))
            on_input=Callback::new(move |v| wizard.set(field, v))
            on_blur=Callback::new(move |_| wizard.touch(field))
            error=Signal::derive(move || wizard.error(field)) />
    }
}

#[component]
pub(super) fn PartnerTypeStep(wizard: Wizard) -> impl IntoView {
    let choice = move |t: PartnerType, hint: &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name="partner_type" value=t.as_str()
                    prop:checked=move || wizard.input.with(|i| i.partner_type == t.as_str())
                    on:change=move |_| wizard.set(ResellerField::PartnerType, t.as_str().into()) />
                <span><strong>{t.label()}</strong><span class="muted">{hint}</span></span>
            </label>
        }
    };
    view! {
        <fieldset class="choices" disabled=!may_edit_all()>
            <legend>"Partner Type" <span class="required" aria-hidden="true">" *"</span></legend>
            {choice(PartnerType::OwnPlans, "Creates and manages its own pricing plans.")}
            {choice(PartnerType::Commission, "Sells plans created by your agency and earns a commission.")}
        </fieldset>
    }
}

/// Country list (searchable by name, official name, ISO code or calling code) and number,
/// checked as one field.
#[component]
pub(super) fn PhoneField(
    wizard: Wizard,
    countries: Resource<Result<Vec<CountryOption>, AppError>>,
    country_field: ResellerField,
    field: ResellerField,
    label: &'static str,
) -> impl IntoView {
    let name = field.as_str();
    let list_id = format!("{name}-countries");
    let country_id = format!("{name}-country");
    let options = move || countries.get().and_then(|r| r.ok()).unwrap_or_default();
    let shown = RwSignal::new(String::new());
    // Show the picked country's label once the list is there.
    Effect::new(move |_| {
        let code = wizard.value(country_field);
        if let Some(c) = options().iter().find(|c| c.iso2 == code) {
            if shown.get_untracked() != c.label() {
                shown.set(c.label());
            }
        }
    });
    let error_id = format!("{name}-error");
    view! {
        <div class="field">
            <label for=name>{label} <span class="required" aria-hidden="true">" *"</span></label>
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
                        let code = wizard.value(country_field);
                        if let Some(c) = options().iter().find(|c| c.iso2 == code) {
                            shown.set(c.label());
                        }
                        wizard.touch(field);
                    } />
                <datalist id=list_id>
                    {move || options().into_iter().map(|c| view! { <option value=c.label() label=c.search_text()></option> }).collect_view()}
                </datalist>
                // The chosen calling code stays in sight beside the number, however long the
                // country's name (the country field may cut it off).
                <span class="phone-number">
                    <span class="dial-code" aria-hidden="true">{move || {
                        let code = wizard.value(country_field);
                        options().iter().find(|c| c.iso2 == code).map(|c| format!("+{}", c.dial_code))
                    }}</span>
                    <input id=name name=name type="tel" autocomplete="tel-national"
                        aria-invalid=move || wizard.error(field).is_some().to_string()
                        aria-describedby=error_id.clone()
                        prop:value=move || wizard.value(field)
                        on:input=move |ev| wizard.set(field, event_target_value(&ev))
                        on:blur=move |_| wizard.touch(field) />
                </span>
            </div>
            <p class="field-error" id=error_id role="alert">{move || wizard.error(field)}</p>
        </div>
    }
}

#[component]
pub(super) fn PartnerStep(wizard: Wizard, countries: Resource<Result<Vec<CountryOption>, AppError>>) -> impl IntoView {
    view! {
        <div class="form-grid">
            <fieldset class="plain" disabled=!may_edit_all()>
                {field(wizard, ResellerField::Name, "Partner Name", true, "text", "organization")}
            </fieldset>
            {field(wizard, ResellerField::Email, "Partner Email", true, "email", "off")}
            <PhoneField wizard countries country_field=ResellerField::PhoneCountry field=ResellerField::Phone label="Partner Phone" />
            {field(wizard, ResellerField::Website, "Partner Website", false, "url", "url")}
            <fieldset class="plain" disabled=!may_edit_all()>
                {field(wizard, ResellerField::Password, "Password", wizard.editing.is_none(), "password", "new-password")}
                <StrengthMeter wizard />
            </fieldset>
            <fieldset class="plain" disabled=!may_edit_all()>
                {field(wizard, ResellerField::ConfirmPassword, "Confirm Password", wizard.editing.is_none(), "password", "new-password")}
            </fieldset>
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
pub(super) fn StrengthMeter(wizard: Wizard) -> impl IntoView {
    let rating = RwSignal::new(None::<crate::domain::PasswordRating>);
    let pause = Debounce::new(Duration::from_millis(250));
    Effect::new(move |_| {
        // The rating weighs the password against what else was typed.
        let asked =
            wizard.input.with(|i| (i.password.clone(), i.name.clone(), i.email.clone(), i.login_domain.clone()));
        if asked.0.is_empty() {
            pause.cancel();
            rating.set(None);
            return;
        }
        pause.ask_latest(
            asked,
            move || {
                wizard
                    .input
                    .with_untracked(|i| (i.password.clone(), i.name.clone(), i.email.clone(), i.login_domain.clone()))
            },
            |(password, name, email, domain)| rate_password(password, name, email, domain),
            move |r| rating.set(Some(r)),
        );
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
pub(super) fn ContactStep(wizard: Wizard, countries: Resource<Result<Vec<CountryOption>, AppError>>) -> impl IntoView {
    view! {
        <div class="form-grid">
            {field(wizard, ResellerField::ContactName, "Contact Person Name", true, "text", "name")}
            {field(wizard, ResellerField::ContactEmail, "Contact Person Email", true, "email", "email")}
            <PhoneField wizard countries country_field=ResellerField::ContactPhoneCountry field=ResellerField::ContactPhone
                label="Contact Person Phone" />
        </div>
    }
}

#[component]
pub(super) fn DomainPlanStep(wizard: Wizard, plans: Resource<Result<Vec<PlanSummary>, AppError>>) -> impl IntoView {
    let check = RwSignal::new(None::<DomainCheck>);
    let pause = Debounce::new(Duration::from_millis(300));
    // Availability while typing: a short pause, then one question to the server.
    let may_edit = may_edit_all();
    Effect::new(move |_| {
        let domain = wizard.value(ResellerField::LoginDomain);
        if domain.trim().is_empty() || !may_edit {
            pause.cancel();
            check.set(None);
            return;
        }
        let editing = wizard.editing;
        pause.ask_latest(
            domain,
            move || wizard.input.with_untracked(|i| i.login_domain.clone()),
            move |domain| check_login_domain(domain, editing),
            move |answer| {
                // Taken is an error of the field like any other: it stops Next.
                if answer == DomainCheck::Taken {
                    wizard.server_errors.update(|s| {
                        s.retain(|e| e.field != ResellerField::LoginDomain.as_str());
                        s.push(LoginDomain::taken());
                    });
                }
                check.set(Some(answer));
            },
        );
    });
    let is_commission = move || wizard.input.with(|i| i.partner_type == PartnerType::Commission.as_str());
    view! {
        <fieldset class="plain form-grid" disabled=!may_edit>
            <FormField name=ResellerField::LoginDomain.as_str() label="Login Domain" required=true placeholder="acme"
                value=Signal::derive(move || wizard.value(ResellerField::LoginDomain))
                on_input=Callback::new(move |v| wizard.set(ResellerField::LoginDomain, v))
                on_blur=Callback::new(move |_| wizard.touch(ResellerField::LoginDomain))
                error=Signal::derive(move || wizard.error(ResellerField::LoginDomain))>
                <p class="domain-check" aria-live="polite">
                    {move || match check.get() {
                        Some(DomainCheck::Available { login_url }) => view! {
                            <span class="ok">"✓ Available. The partner will log in at "<code>{login_url}</code></span>
                        }.into_any(),
                        // Said by the field's error, which also stops Next.
                        Some(DomainCheck::Taken) => ().into_any(),
                        Some(DomainCheck::Invalid { message }) => view! { <span class="bad">{message}</span> }.into_any(),
                        None => view! { <span class="muted">"Lowercase letters only, no spaces or special characters."</span> }.into_any(),
                    }}
                </p>
            </FormField>
            <div class="field">
                <label for="plan_id">"Plan" {move || is_commission().then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
                <select id=ResellerField::PlanId.as_str() name=ResellerField::PlanId.as_str()
                    aria-invalid=move || wizard.error(ResellerField::PlanId).is_some().to_string()
                    aria-describedby="plan_id-error"
                    prop:value=move || wizard.value(ResellerField::PlanId)
                    on:change=move |ev| {
                        wizard.set(ResellerField::PlanId, event_target_value(&ev));
                        wizard.touch(ResellerField::PlanId);
                    }>
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
                <p class="field-error" id="plan_id-error" role="alert">{move || wizard.error(ResellerField::PlanId)}</p>
            </div>
            <Show when=is_commission>
                {field(wizard, ResellerField::CommissionRate, "Commission Rate (%)", true, "text", "off")}
            </Show>
        </fieldset>
    }
}

/// Whether the member may change more than a reseller's contact details (a support
/// member's role does not: the other fields are shown switched off).
fn may_edit_all() -> bool {
    crate::components::access::Access::can(crate::domain::Permission::EditResellers)
}

#[component]
pub(super) fn ReviewStep(wizard: Wizard, plans: Resource<Result<Vec<PlanSummary>, AppError>>) -> impl IntoView {
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
