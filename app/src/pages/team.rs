//! Settings → Team: the agency's members with their role, whether they can sign in, and
//! their last sign-in; owners and admins change roles, switch members off and remove
//! them (admins not the owners). The server keeps the last owner and refuses what the
//! role may not do; this page leaves out the controls a row's member cannot be given.

use crate::api::team::{
    invite_member, list_invitations, list_team, remove_member, require_two_factor, revoke_invitation,
    set_member_disabled, set_member_role, two_factor_required,
};
use crate::components::access::Access;
use crate::components::confirm_action::ConfirmAction;
use crate::components::feedback::{ConsoleUi, ToastKind};
use crate::components::figures::DateTime;
use crate::components::shown_once::ShownOnce;
use crate::domain::{CreatedInvitation, PendingInvitation, Permission, Role, StoredWord, TeamMember};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TeamPage() -> impl IntoView {
    let ui = ConsoleUi::get();
    let members = Resource::new(move || ui.version.get(), |_| list_team());
    view! {
        <Title text="Team" />
        <header class="page-header">
            <div>
                <h1>"Team"</h1>
                <p class="subtitle">"Who works on your resellers, and what each one may do."</p>
            </div>
        </header>
        <section class="panel" aria-labelledby="team-heading">
            <h2 id="team-heading">"Members"</h2>
            <ul class="muted role-notes">
                {Role::ALL.iter().map(|r| view! { <li><strong>{r.label()}</strong>": "{r.summary()}</li> }).collect_view()}
            </ul>
            <Transition fallback=|| view! { <div class="skeleton block" aria-hidden="true"></div> }>
                {move || Suspend::new(async move {
                    match members.await {
                        Ok(rows) => view! { <MemberTable rows /> }.into_any(),
                        Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <InvitePanel />
        <TwoFactorRule />
    }
}

/// Invite someone: their e-mail and role; the link is shown once to copy and send.
#[component]
fn InvitePanel() -> impl IntoView {
    let ui = ConsoleUi::get();
    let invitations = Resource::new(move || ui.version.get(), |_| list_invitations());
    let acting = Access::role().unwrap_or(Role::Viewer);
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Support.as_str().to_owned());
    let error = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<CreatedInvitation>);
    let busy = RwSignal::new(false);
    let invite = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match invite_member(email.get_untracked(), role.get_untracked()).await {
                Ok(invitation) => {
                    error.set(None);
                    email.set(String::new());
                    created.set(Some(invitation));
                    ui.changed();
                }
                Err(AppError::Validation(errors)) => error.set(errors.first().map(|e| e.message.clone())),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let origin = || window().location().origin().unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="invite-heading">
            <h2 id="invite-heading">"Invite someone"</h2>
            <p class="muted">"They get a link that works once, for 7 days: they choose their name and password."</p>
            <form class="inline-form" novalidate on:submit=invite>
                <div class="field">
                    <label for="invite-email">"E-mail"</label>
                    <input id="invite-email" name="email" type="email" autocomplete="off"
                        aria-describedby="invite-email-error" aria-invalid=move || error.get().is_some().to_string()
                        prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                    <p class="field-error" id="invite-email-error" role="alert">{move || error.get()}</p>
                </div>
                <div class="field narrow">
                    <label for="invite-role">"Role"</label>
                    <select id="invite-role" name="role" on:change=move |ev| role.set(event_target_value(&ev))>
                        {Role::ALL.iter().filter(|r| acting.can_manage_member(**r)).map(|r| view! {
                            <option value=r.as_str() selected=*r == Role::Support>{r.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button primary" disabled=move || busy.get()>"Invite"</button>
            </form>
            {move || created.get().map(|c| view! {
                <ShownOnce title=format!("Invitation for {} made: send them this link.", c.invitation.email)
                    label="Invitation link" id="invite-link" value=format!("{}{}", origin(), c.path)
                    on_done=Callback::new(move |()| created.set(None)) />
            })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match invitations.await {
                        Ok(rows) if rows.is_empty() => ().into_any(),
                        Ok(rows) => view! { <InvitationList rows /> }.into_any(),
                        Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn InvitationList(rows: Vec<PendingInvitation>) -> impl IntoView {
    view! {
        <h3>"Waiting to join"</h3>
        <ul class="invitations">
            {rows.into_iter().map(|i| view! { <InvitationItem invitation=i /> }).collect_view()}
        </ul>
    }
}

#[component]
fn InvitationItem(invitation: PendingInvitation) -> impl IntoView {
    let i = invitation;
    let (id, email) = (i.id, i.email.clone());
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let revoke = {
        let email = email.clone();
        Callback::new(move |()| {
            run_change(
                format!("The invitation for {email} was revoked"),
                format!("The invitation for {email} was not revoked"),
                busy,
                revoke_invitation(id),
            );
            confirming.set(false);
        })
    };
    view! {
        <li>
            <span class="cell-name"><span>{i.email.clone()}</span></span>
            <span class="muted">{format!(" {} · invited by {} · ends ", i.role.label(), i.invited_by)}</span>
            <DateTime unix_seconds=i.expires_at />
            <ConfirmAction verb="Revoke" subject=format!("the invitation for {email}") confirming busy on_confirm=revoke />
        </li>
    }
}

/// The owner's switch: every member must sign in with two-factor sign-in.
#[component]
fn TwoFactorRule() -> impl IntoView {
    let ui = ConsoleUi::get();
    let required = Resource::new(move || ui.version.get(), |_| two_factor_required());
    let may_change = Access::can(Permission::AgencySettings);
    let busy = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="two-factor-rule-heading">
            <h2 id="two-factor-rule-heading">"Two-factor sign-in"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(on) = required.await else { return ().into_any() };
                    let text = if on {
                        "Required: every member signs in with a code from an authenticator app. \
                         Members without it set it up at their next page."
                    } else {
                        "Not required: each member chooses on their account page."
                    };
                    let toggle = move |_| {
                        run_change(
                            if on { "Two-factor sign-in is no longer required" } else { "Two-factor sign-in is required" }
                                .to_owned(),
                            "The rule was not changed".to_owned(),
                            busy,
                            require_two_factor(!on),
                        )
                    };
                    view! {
                        <p>{text}</p>
                        {may_change.then(|| view! {
                            <button type="button" class="button" disabled=move || busy.get() on:click=toggle>
                                {if on { "Stop requiring it" } else { "Require it for everyone" }}
                            </button>
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MemberTable(rows: Vec<TeamMember>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table team">
                <thead><tr>
                    <th scope="col">"Member"</th><th scope="col">"Role"</th><th scope="col">"Status"</th>
                    <th scope="col">"Two-factor"</th><th scope="col">"Last sign-in"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|m| view! { <MemberRow member=m /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Runs a change to a member, then tells how it went and reloads the list.
fn run_change(
    done: String,
    not_done: String,
    busy: RwSignal<bool>,
    work: impl std::future::Future<Output = Result<(), AppError>> + 'static,
) {
    let ui = ConsoleUi::get();
    busy.set(true);
    leptos::task::spawn_local(async move {
        match work.await {
            Ok(()) => ui.notify(ToastKind::Success, done),
            Err(e) => ui.notify(ToastKind::Error, format!("{not_done}: {e}")),
        }
        busy.set(false);
        ui.changed();
    });
}

/// One member. The acting member's own row has no controls: nobody demotes, switches off
/// or removes themselves here.
#[component]
fn MemberRow(member: TeamMember) -> impl IntoView {
    let m = member;
    let acting = Access::role().unwrap_or(Role::Viewer);
    let manageable = !m.is_you && acting.can_manage_member(m.role);
    let (id, who) = (m.id, if m.name.is_empty() { m.email.clone() } else { m.name.clone() });
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let change_role = {
        let who = who.clone();
        move |ev: leptos::ev::Event| {
            let role = event_target_value(&ev);
            let label = Role::from_word(&role).map(Role::label).unwrap_or_default();
            run_change(
                format!("{who} is now {label}"),
                format!("The role of {who} was not changed"),
                busy,
                set_member_role(id, role),
            );
        }
    };
    let switch = {
        let (who, disabled) = (who.clone(), m.disabled);
        move |_| {
            let verb = if disabled { "switched on" } else { "switched off" };
            run_change(
                format!("{who} is {verb}"),
                format!("{who} was not {verb}"),
                busy,
                set_member_disabled(id, !disabled),
            );
        }
    };
    let remove = {
        let who = who.clone();
        Callback::new(move |()| {
            run_change(format!("{who} was removed"), format!("{who} was not removed"), busy, remove_member(id));
            confirming.set(false);
        })
    };
    let remove_subject = who.clone();
    view! {
        <tr class:archived=m.disabled>
            <th scope="row">
                // The name in an element of its own: a text node beside an optional element does not hydrate.
                <span class="cell-name">
                    <span>{who.clone()}</span>
                    {m.is_you.then(|| view! { <span class="badge you">"You"</span> })}
                </span>
                <span class="cell-sub muted">{m.email.clone()}</span>
            </th>
            <td>{if manageable {
                let label = format!("Role of {who}");
                view! {
                    <select class="team-role" aria-label=label disabled=move || busy.get() on:change=change_role>
                        {Role::ALL.iter().filter(|r| acting.can_manage_member(**r)).map(|r| view! {
                            <option value=r.as_str() selected=*r == m.role>{r.label()}</option>
                        }).collect_view()}
                    </select>
                }.into_any()
            } else {
                view! { <span>{m.role.label()}</span> }.into_any()
            }}</td>
            <td>{if m.disabled {
                view! { <span class="badge muted-badge">"Switched off"</span> }.into_any()
            } else {
                view! { <span class="badge ok-badge">"Can sign in"</span> }.into_any()
            }}</td>
            <td>{if m.two_factor {
                view! { <span class="badge ok-badge">"On"</span> }.into_any()
            } else {
                view! { <span class="muted">"Off"</span> }.into_any()
            }}</td>
            <td>{match m.last_sign_in_at {
                Some(t) => view! { <DateTime unix_seconds=t /> }.into_any(),
                None => view! { <span class="muted">"Never"</span> }.into_any(),
            }}</td>
            <td class="row-actions">
                {manageable.then(|| view! {
                    <Show when=move || !confirming.get()>
                        <button type="button" class="button small" disabled=move || busy.get() on:click=switch.clone()
                            aria-label=format!("{} {}", if m.disabled { "Switch on" } else { "Switch off" }, who.clone())>
                            {if m.disabled { "Switch on" } else { "Switch off" }}
                        </button>
                    </Show>
                    <ConfirmAction verb="Remove" subject=remove_subject confirming busy on_confirm=remove />
                })}
            </td>
        </tr>
    }
    .into_any()
}
