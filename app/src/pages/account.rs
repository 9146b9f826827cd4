//! Settings → Account: the signed-in member's own name, e-mail and password, their
//! two-factor sign-in (set up with a QR code, recovery codes shown once), and the browsers
//! where they are signed in, to sign out one or all others.

use crate::api::account::{
    begin_two_factor, change_password, confirm_two_factor, end_other_sessions, end_session, load_account,
    new_recovery_codes, turn_off_two_factor, update_profile,
};
use crate::components::feedback::{ConsoleUi, ToastKind};
use crate::components::figures::DateTime;
use crate::domain::{AccountOverview, FieldError, SessionInfo, TwoFactorSetup};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let ui = ConsoleUi::get();
    let account = Resource::new(move || ui.version.get(), |_| load_account());
    view! {
        <Title text="Your account" />
        <header class="page-header">
            <div>
                <h1>"Your account"</h1>
                <p class="subtitle">"Your name, password, two-factor sign-in and where you are signed in."</p>
            </div>
        </header>
        <Transition fallback=|| view! { <div class="skeleton block" aria-hidden="true"></div> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(a) => view! { <AccountPanels account=a /> }.into_any(),
                    Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AccountPanels(account: AccountOverview) -> impl IntoView {
    let a = account;
    let due = a.two_factor_required && !a.two_factor;
    view! {
        {due.then(|| view! {
            <div class="callout warning" role="alert">
                <p><strong>"Your agency requires two-factor sign-in."</strong>
                    " Set it up below to use the console."</p>
            </div>
        })}
        <ProfilePanel name=a.name.clone() email=a.email.clone() />
        <TwoFactorPanel on=a.two_factor required=a.two_factor_required codes_left=a.recovery_codes_left />
        <PasswordPanel />
        <SessionsPanel sessions=a.sessions />
    }
}

/// The field errors of a form's last answer, and its other error.
#[derive(Clone, Copy)]
struct FormState {
    errors: RwSignal<Vec<FieldError>>,
    alert: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
}

impl FormState {
    fn new() -> Self {
        Self { errors: RwSignal::new(Vec::new()), alert: RwSignal::new(None), busy: RwSignal::new(false) }
    }

    fn error(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.errors.with(|e| e.iter().find(|x| x.field == field).map(|x| x.message.clone())))
    }

    /// Runs a submission: its values (by name) from the form, then `work`; errors land on
    /// their fields or in the form's alert; `done` gets the answer.
    fn submit<T: 'static, F: std::future::Future<Output = Result<T, AppError>> + 'static>(
        self,
        ev: leptos::ev::SubmitEvent,
        work: impl FnOnce(&dyn Fn(&str) -> String) -> F,
        done: impl FnOnce(T) + 'static,
    ) {
        ev.prevent_default();
        let form = event_target::<web_sys::HtmlFormElement>(&ev);
        let data = web_sys::FormData::new_with_form(&form).ok();
        let value = |name: &str| data.as_ref().and_then(|d| d.get(name).as_string()).unwrap_or_default();
        let future = work(&value);
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            match future.await {
                Ok(answer) => {
                    self.errors.set(Vec::new());
                    self.alert.set(None);
                    // Passwords and codes do not stay in the page; the profile keeps what was saved.
                    if form.get_attribute("data-keep").is_none() {
                        form.reset();
                    }
                    done(answer);
                }
                Err(AppError::Validation(errors)) => {
                    self.errors.set(errors);
                    self.alert.set(None);
                }
                Err(e) => {
                    self.errors.set(Vec::new());
                    self.alert.set(Some(e.to_string()));
                }
            }
            self.busy.set(false);
        });
    }
}

/// A labelled input of an account form, with its error under it.
#[component]
fn Field(
    form: &'static str,
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] value: String,
    error: Signal<Option<String>>,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id name=name type=input_type autocomplete=autocomplete value=value
                inputmode=numeric.then_some("numeric")
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=error_id.clone() />
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
fn FormAlert(state: FormState) -> impl IntoView {
    move || state.alert.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })
}

#[component]
fn ProfilePanel(name: String, email: String) -> impl IntoView {
    let ui = ConsoleUi::get();
    let state = FormState::new();
    let save = move |ev| {
        state.submit(
            ev,
            |v| update_profile(v("name"), v("email")),
            move |()| {
                ui.notify(ToastKind::Success, "Your details were saved".to_owned());
                ui.changed();
            },
        )
    };
    view! {
        <section class="panel" aria-labelledby="profile-heading">
            <h2 id="profile-heading">"Profile"</h2>
            <form class="form account-form" data-keep="" novalidate on:submit=save>
                <Field form="profile" name="name" label="Name" autocomplete="name" value=name error=state.error("name") />
                <Field form="profile" name="email" label="E-mail (you sign in with it)" input_type="email"
                    autocomplete="email" value=email error=state.error("email") />
                <FormAlert state />
                <button type="submit" class="button primary" disabled=move || state.busy.get()>"Save"</button>
            </form>
        </section>
    }
}

#[component]
fn PasswordPanel() -> impl IntoView {
    let ui = ConsoleUi::get();
    let state = FormState::new();
    let save = move |ev| {
        state.submit(
            ev,
            |v| change_password(v("current_password"), v("password"), v("confirm_password")),
            move |ended: u64| {
                let others = match ended {
                    0 => String::new(),
                    1 => " 1 other session was signed out.".to_owned(),
                    n => format!(" {n} other sessions were signed out."),
                };
                ui.notify(ToastKind::Success, format!("Your password was changed.{others}"));
                ui.changed();
            },
        )
    };
    view! {
        <section class="panel" aria-labelledby="password-heading">
            <h2 id="password-heading">"Password"</h2>
            <p class="muted">"Changing it signs you out everywhere else."</p>
            <form class="form account-form" novalidate on:submit=save>
                <Field form="password" name="current_password" label="Current password" input_type="password"
                    autocomplete="current-password" error=state.error("current_password") />
                <Field form="password" name="password" label="New password" input_type="password"
                    autocomplete="new-password" error=state.error("password") />
                <Field form="password" name="confirm_password" label="New password again" input_type="password"
                    autocomplete="new-password" error=state.error("confirm_password") />
                <FormAlert state />
                <button type="submit" class="button primary" disabled=move || state.busy.get()>"Change password"</button>
            </form>
        </section>
    }
}

#[component]
fn TwoFactorPanel(on: bool, required: bool, codes_left: i64) -> impl IntoView {
    let setup = RwSignal::new(None::<TwoFactorSetup>);
    let codes = RwSignal::new(None::<Vec<String>>);
    let start = FormState::new();
    let begin = move |ev| start.submit(ev, |_| begin_two_factor(), move |s| setup.set(Some(s)));
    view! {
        <section class="panel" aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">"Two-factor sign-in"</h2>
            {move || match (codes.get(), setup.get()) {
                (Some(list), _) => view! { <RecoveryCodes codes=list done=codes /> }.into_any(),
                (None, Some(s)) => view! { <ConfirmSetup setup=s codes /> }.into_any(),
                (None, None) if on => view! { <TwoFactorOn required codes_left codes /> }.into_any(),
                (None, None) => view! {
                    <p>"Off. With it on, signing in asks for a code from an authenticator app on your phone "
                        "(such as Google Authenticator, 1Password or Authy) after your password."</p>
                    <form class="form account-form" on:submit=begin>
                        <FormAlert state=start />
                        <button type="submit" class="button primary" disabled=move || start.busy.get()>
                            "Set up two-factor sign-in"
                        </button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ConfirmSetup(setup: TwoFactorSetup, codes: RwSignal<Option<Vec<String>>>) -> impl IntoView {
    let state = FormState::new();
    let confirm = move |ev| state.submit(ev, |v| confirm_two_factor(v("code")), move |list| codes.set(Some(list)));
    view! {
        <ol class="setup-steps">
            <li>"Scan this QR code with your authenticator app."
                <div class="qr" role="img" aria-label="QR code to add Partnerdesk to your app" inner_html=setup.qr_svg></div>
                <p class="muted">"Cannot scan? Enter this key in the app: "
                    <code class="totp-secret" data-testid="totp-secret">{setup.secret}</code></p>
            </li>
            <li>"Enter the 6-digit code the app shows."
                <form class="inline-form" novalidate on:submit=confirm>
                    <Field form="two-factor" name="code" label="Code" autocomplete="one-time-code" numeric=true
                        error=state.error("code") />
                    <button type="submit" class="button primary" disabled=move || state.busy.get()>"Turn on"</button>
                </form>
                <FormAlert state />
            </li>
        </ol>
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>, done: RwSignal<Option<Vec<String>>>) -> impl IntoView {
    let ui = ConsoleUi::get();
    view! {
        <div class="callout" role="status">
            <p><strong>"Two-factor sign-in is on. Save these recovery codes now: they are shown only this once."</strong>
                " Each one signs you in once if you lose your phone."</p>
            <ul class="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <button type="button" class="button primary" on:click=move |_| {
                done.set(None);
                ui.changed();
            }>"I have saved them"</button>
        </div>
    }
}

#[component]
fn TwoFactorOn(required: bool, codes_left: i64, codes: RwSignal<Option<Vec<String>>>) -> impl IntoView {
    let ui = ConsoleUi::get();
    let off = FormState::new();
    let renew = FormState::new();
    let turn_off = move |ev| {
        off.submit(
            ev,
            |v| turn_off_two_factor(v("current_password")),
            move |()| {
                ui.notify(ToastKind::Success, "Two-factor sign-in is off".to_owned());
                ui.changed();
            },
        )
    };
    let new_codes =
        move |ev| renew.submit(ev, |v| new_recovery_codes(v("current_password")), move |l| codes.set(Some(l)));
    view! {
        <p><span class="badge ok-badge">"On"</span>
            {format!(" Signing in asks for a code from your app. {codes_left} recovery code{} left.",
                if codes_left == 1 { "" } else { "s" })}</p>
        <div class="account-forms">
            <form class="form account-form" novalidate on:submit=new_codes>
                <h3>"New recovery codes"</h3>
                <Field form="renew-codes" name="current_password" label="Current password" input_type="password"
                    autocomplete="current-password" error=renew.error("current_password") />
                <FormAlert state=renew />
                <button type="submit" class="button" disabled=move || renew.busy.get()>"Make new codes"</button>
            </form>
            {if required {
                view! { <p class="muted">"Your agency requires two-factor sign-in: it cannot be turned off."</p> }.into_any()
            } else {
                view! {
                    <form class="form account-form" novalidate on:submit=turn_off>
                        <h3>"Turn off"</h3>
                        <Field form="two-factor-off" name="current_password" label="Current password" input_type="password"
                            autocomplete="current-password" error=off.error("current_password") />
                        <FormAlert state=off />
                        <button type="submit" class="button danger" disabled=move || off.busy.get()>"Turn off"</button>
                    </form>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn SessionsPanel(sessions: Vec<SessionInfo>) -> impl IntoView {
    let ui = ConsoleUi::get();
    let others = sessions.iter().filter(|s| !s.current).count();
    // This browser's first, then by last use; a long tail of old sessions is counted, not listed.
    let hidden = sessions.len().saturating_sub(SESSIONS_SHOWN);
    let sessions: Vec<SessionInfo> = sessions.into_iter().take(SESSIONS_SHOWN).collect();
    let busy = RwSignal::new(false);
    let end_others = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match end_other_sessions().await {
                Ok(n) => ui.notify(
                    ToastKind::Success,
                    format!("Signed out of {n} other session{}", if n == 1 { "" } else { "s" }),
                ),
                Err(e) => ui.notify(ToastKind::Error, format!("Other sessions were not signed out: {e}")),
            }
            busy.set(false);
            ui.changed();
        });
    };
    view! {
        <section class="panel" aria-labelledby="sessions-heading">
            <div class="toolbar">
                <h2 id="sessions-heading">"Where you are signed in"</h2>
                {(others > 0).then(|| view! {
                    <button type="button" class="button small" disabled=move || busy.get() on:click=end_others>
                        "Sign out all other sessions"
                    </button>
                })}
            </div>
            <div class="table-wrap">
                <table class="table sessions">
                    <thead><tr>
                        <th scope="col">"Browser"</th><th scope="col">"Address"</th><th scope="col">"Signed in"</th>
                        <th scope="col">"Last seen"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr></thead>
                    <tbody>
                        {sessions.into_iter().map(|s| view! { <SessionRow session=s /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(hidden > 0).then(|| view! {
                <p class="muted">{format!("And {hidden} older session{} not shown: \u{201c}Sign out all other sessions\u{201d} ends them too.",
                    if hidden == 1 { "" } else { "s" })}</p>
            })}
        </section>
    }
}

/// Sessions listed at most (the server puts the current one first).
const SESSIONS_SHOWN: usize = 20;

#[component]
fn SessionRow(session: SessionInfo) -> impl IntoView {
    let ui = ConsoleUi::get();
    let s = session;
    let busy = RwSignal::new(false);
    let id = s.id.clone();
    let device = s.device.clone();
    let sign_out = move |_| {
        let (id, device) = (id.clone(), device.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match end_session(id).await {
                Ok(()) => ui.notify(ToastKind::Success, format!("Signed out of {device}")),
                Err(e) => ui.notify(ToastKind::Error, format!("{device} was not signed out: {e}")),
            }
            busy.set(false);
            ui.changed();
        });
    };
    let label = format!("Sign out of {}", s.device);
    view! {
        <tr>
            <th scope="row">
                <span class="cell-name">
                    <span>{s.device.clone()}</span>
                    {s.current.then(|| view! { <span class="badge you">"This browser"</span> })}
                </span>
            </th>
            <td>{if s.address.is_empty() { "—".to_owned() } else { s.address.clone() }}</td>
            <td><DateTime unix_seconds=s.created_at /></td>
            <td><DateTime unix_seconds=s.last_seen_at /></td>
            <td class="row-actions">
                {(!s.current).then(|| view! {
                    <button type="button" class="button small" aria-label=label disabled=move || busy.get()
                        on:click=sign_out.clone()>"Sign out"</button>
                })}
            </td>
        </tr>
    }
}
