use crate::api::auth::{SignIn, SignInCode};
use crate::components::sign_in_card::SignInCard;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/signin`: e-mail and password. Works as a plain form before the wasm loads.
#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let next = use_query_map().with_untracked(|q| q.get("next").unwrap_or_default());
    let error = move || action.value().get().and_then(|result| result.err());
    view! {
        <Title text="Sign in" />
        <SignInCard>
                <h1>"Sign in to your agency"</h1>
                <ActionForm action attr:class="form">
                    <input type="hidden" name="next" value=next />
                    <div class="field">
                        <label for="signin-email">"E-mail"</label>
                        <input id="signin-email" type="email" name="email" autocomplete="username" required />
                    </div>
                    <div class="field">
                        <label for="signin-password">"Password"</label>
                        <input id="signin-password" type="password" name="password"
                            autocomplete="current-password" required />
                    </div>
                    {move || error().map(|e| view! { <p class="alert" role="alert">{e.to_string()}</p> })}
                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </ActionForm>
        </SignInCard>
    }
}

/// `/signin/code`: the second step of signing in, for a member with two-factor sign-in:
/// the code from the authenticator app, or a recovery code.
#[component]
pub fn SignInCodePage() -> impl IntoView {
    let action = ServerAction::<SignInCode>::new();
    let next = use_query_map().with_untracked(|q| q.get("next").unwrap_or_default());
    let error = move || action.value().get().and_then(|result| result.err());
    view! {
        <Title text="Sign-in code" />
        <SignInCard>
                <h1>"Enter your sign-in code"</h1>
                <p class="muted">"Open your authenticator app and enter the 6-digit code for Partnerdesk, "
                    "or one of your recovery codes."</p>
                <ActionForm action attr:class="form">
                    <input type="hidden" name="next" value=next />
                    <div class="field">
                        <label for="signin-code">"Code"</label>
                        <input id="signin-code" type="text" name="code" autocomplete="one-time-code"
                            inputmode="numeric" maxlength="20" required autofocus />
                    </div>
                    {move || error().map(|e| {
                        let text = match e {
                            crate::error::AppError::Validation(errors) => {
                                errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join(" ")
                            }
                            other => other.to_string(),
                        };
                        view! { <p class="alert" role="alert">{text}</p> }
                    })}
                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Checking…" } else { "Sign in" }}
                    </button>
                </ActionForm>
                <p><a href="/signin">"Start again"</a></p>
        </SignInCard>
    }
}
