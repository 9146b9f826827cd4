//! Create Reseller (and Edit, the same wizard filled in): partner type → partner details →
//! contact person → login domain & plan → review. Each field is checked when left, with the
//! shared rules; the server is final and its errors land on the right field and step;
//! nothing typed is lost. The pages and the wizard's state are here, the steps in `steps.rs`.

mod steps;

use crate::api::options::{list_countries, list_plan_options};
use crate::api::resellers::{create_reseller, get_reseller_form, update_reseller};
use crate::components::feedback::{ConsoleUi, ToastKind};
use crate::components::shortcuts::focus_first;
use crate::domain::{FieldError, NewReseller, PartnerType, ResellerField, ResellerInput, StoredWord, REVIEW_STEP};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::collections::HashSet;
use steps::{ContactStep, DomainPlanStep, PartnerStep, PartnerTypeStep, ReviewStep};

const STEPS: [&str; 5] = ["Partner type", "Partner details", "Contact person", "Login domain & plan", "Review"];

fn step_class(current: usize, step: usize) -> &'static str {
    match step.cmp(&current) {
        std::cmp::Ordering::Equal => "current",
        std::cmp::Ordering::Less => "done",
        std::cmp::Ordering::Greater => "",
    }
}

/// The wizard's state: what was typed, which fields were left, what the server said.
#[derive(Clone, Copy)]
struct Wizard {
    input: RwSignal<ResellerInput>,
    touched: RwSignal<HashSet<ResellerField>>,
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
    fn error(&self, field: ResellerField) -> Option<String> {
        let name = field.as_str();
        if let Some(e) = self.server_errors.with(|s| s.iter().find(|e| e.field == name).cloned()) {
            return Some(e.message);
        }
        if !self.touched.with(|t| t.contains(&field)) {
            return None;
        }
        self.rule_errors().into_iter().find(|e| e.field == name).map(|e| e.message)
    }

    /// The value of a field as typed (tracked).
    fn value(&self, field: ResellerField) -> String {
        self.input.with(|i| i.get(field).to_owned())
    }

    fn set(&self, field: ResellerField, value: String) {
        self.input.update(|i| i.set(field, value));
        // What the server said about this field no longer applies once it changes.
        let shown_on = field.error_field().as_str();
        self.server_errors.update(|s| s.retain(|e| e.field != shown_on));
    }

    fn touch(&self, field: ResellerField) {
        self.touched.update(|t| {
            t.insert(field.error_field());
        });
    }

    /// Shows the errors of a step; true when it has none.
    fn check_step(&self, step: usize) -> bool {
        ResellerField::checked_at(step).for_each(|f| self.touch(f));
        ResellerField::checked_at(step).all(|f| self.error(f).is_none())
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
            wizard.step.set((step + 1).min(REVIEW_STEP));
        }
    };
    let back = move |_| wizard.step.update(|s| *s = s.saturating_sub(1));
    let submit = move |_| {
        // Every step must pass before anything is sent.
        if let Some(bad) = (0..REVIEW_STEP).find(|s| !wizard.check_step(*s)) {
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
                    let first =
                        errors.iter().map(|e| ResellerField::step_of_error(&e.field)).min().unwrap_or(REVIEW_STEP);
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
            <a href="/partners/resellers">"Resellers"</a>
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
                    <a href="/partners/resellers" class="button">"Cancel"</a>
                    <span class="spacer"></span>
                    <Show when=move || { wizard.step.get() > 0 }>
                        <button type="button" class="button" on:click=back>"Back"</button>
                    </Show>
                    <Show when=move || { wizard.step.get() < REVIEW_STEP }
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
