//! `/join/<token>`: an invitation link. The invitee sees the agency and the role, chooses a
//! name and a password, and is signed in as a member of the team. Works as a plain form
//! before the wasm loads.

use crate::api::auth::{invitation_info, JoinTeam};
use crate::components::sign_in_card::SignInCard;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn JoinPage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let info = Resource::new(move || (), {
        let token = token.clone();
        move |()| invitation_info(token.clone())
    });
    view! {
        <Title text="Join the team" />
        <SignInCard>
                <Suspense fallback=|| view! { <div class="skeleton block" aria-hidden="true"></div> }>
                    {move || {
                        let token = token.clone();
                        Suspend::new(async move {
                            match info.await {
                                Ok(Some(i)) => view! { <JoinForm token info=i /> }.into_any(),
                                Ok(None) => view! {
                                    <h1>"This invitation has ended"</h1>
                                    <p>"The link was used already, revoked, or is older than 7 days. "
                                        "Ask your agency for a new invitation."</p>
                                    <a class="button" href="/signin">"Go to sign-in"</a>
                                }.into_any(),
                                Err(e) => view! { <p class="alert" role="alert">{e.to_string()}</p> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
        </SignInCard>
    }
}

#[component]
fn JoinForm(token: String, info: crate::domain::InvitationInfo) -> impl IntoView {
    let action = ServerAction::<JoinTeam>::new();
    let error_of = move |field: &'static str| {
        move || match action.value().get() {
            Some(Err(AppError::Validation(errors))) => errors.into_iter().find(|e| e.field == field).map(|e| e.message),
            _ => None,
        }
    };
    let alert = move || match action.value().get() {
        Some(Err(AppError::Validation(_))) | None | Some(Ok(())) => None,
        Some(Err(e)) => Some(view! { <p class="alert" role="alert">{e.to_string()}</p> }),
    };
    view! {
        <h1>{format!("Join {}", info.agency_name)}</h1>
        <p class="muted">{format!("You are invited as {} ({}).", info.role.label(), info.email)}</p>
        <ActionForm action attr:class="form">
            <input type="hidden" name="token" value=token />
            <div class="field">
                <label for="join-name">"Your name"</label>
                <input id="join-name" name="name" type="text" autocomplete="name" required maxlength="100"
                    aria-describedby="join-name-error" />
                <p class="field-error" id="join-name-error" role="alert">{error_of("name")}</p>
            </div>
            <input type="email" name="username" value=info.email.clone() autocomplete="username" hidden />
            <div class="field">
                <label for="join-password">"Password"</label>
                <input id="join-password" name="password" type="password" autocomplete="new-password" required
                    aria-describedby="join-password-error join-password-hint" />
                <p class="muted field-hint" id="join-password-hint">"At least 10 characters, hard to guess."</p>
                <p class="field-error" id="join-password-error" role="alert">{error_of("password")}</p>
            </div>
            <div class="field">
                <label for="join-confirm">"Password again"</label>
                <input id="join-confirm" name="confirm_password" type="password" autocomplete="new-password" required
                    aria-describedby="join-confirm-error" />
                <p class="field-error" id="join-confirm-error" role="alert">{error_of("confirm_password")}</p>
            </div>
            {alert}
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Joining…" } else { "Join the team" }}
            </button>
        </ActionForm>
    }
}
