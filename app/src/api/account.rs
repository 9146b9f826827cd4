//! The signed-in member's own account: any member may use these, including one whose
//! agency requires two-factor sign-in they have not set up yet.

use crate::domain::{AccountOverview, TwoFactorSetup};
use crate::error::AppError;
use leptos::prelude::*;

/// The session token of the request (the browser's own session).
#[cfg(feature = "ssr")]
fn current_token() -> Result<String, AppError> {
    crate::ssr::request_parts()
        .and_then(|p| crate::ssr::auth::token_from_cookies(&p.headers))
        .ok_or(AppError::Unauthorized)
}

/// The current password, checked (throttled) before a change that needs it.
#[cfg(feature = "ssr")]
async fn check_current_password(
    state: &crate::ssr::AppState,
    member: &crate::ssr::auth::CurrentAdmin,
    password: &str,
) -> Result<(), AppError> {
    use crate::ssr::{account, auth::SessionClient, request_parts};
    let client = SessionClient::of(request_parts().as_ref());
    account::check_password(&state.db, &state.site.throttle, member, password, &client).await
}

/// The member's account: name, e-mail, second factor, sessions.
#[server(endpoint = "account/overview")]
pub async fn load_account() -> Result<AccountOverview, AppError> {
    let (state, member) = crate::ssr::member_scope()?;
    crate::ssr::account::overview(&state.db, &member, &current_token()?).await
}

/// Changes the member's name and e-mail.
#[server(endpoint = "account/profile")]
pub async fn update_profile(name: String, email: String) -> Result<(), AppError> {
    let (state, member) = crate::ssr::member_scope()?;
    crate::ssr::account::update_profile(&state.db, &member, &name, &email).await
}

/// Changes the member's password (asks the current one); their other sessions end.
/// Answers how many other sessions ended.
#[server(endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    password: String,
    confirm_password: String,
) -> Result<u64, AppError> {
    let (state, member) = crate::ssr::member_scope()?;
    check_current_password(&state, &member, &current_password).await?;
    crate::ssr::account::change_password(&state.db, &member, &current_token()?, &password, &confirm_password).await
}

/// Starts setting up two-factor sign-in: the QR code and the secret to add to an app.
#[server(endpoint = "account/two_factor/begin")]
pub async fn begin_two_factor() -> Result<TwoFactorSetup, AppError> {
    let (state, member) = crate::ssr::member_scope()?;
    let setup = crate::ssr::two_factor::begin_setup(&state.db, &member).await?;
    Ok(TwoFactorSetup { secret: setup.secret, qr_svg: setup.qr_svg })
}

/// Confirms the setup with a code from the app; answers the ten recovery codes, once.
#[server(endpoint = "account/two_factor/confirm")]
pub async fn confirm_two_factor(code: String) -> Result<Vec<String>, AppError> {
    let (state, member) = crate::ssr::member_scope()?;
    crate::ssr::two_factor::confirm_setup(&state.db, &member, &code, crate::ssr::now()).await
}

/// Turns two-factor sign-in off (asks the current password).
#[server(endpoint = "account/two_factor/off")]
pub async fn turn_off_two_factor(current_password: String) -> Result<(), AppError> {
    let (state, member) = crate::ssr::member_scope()?;
    check_current_password(&state, &member, &current_password).await?;
    crate::ssr::two_factor::turn_off(&state.db, &member).await
}

/// Ten new recovery codes (asks the current password); the old ones stop working.
#[server(endpoint = "account/two_factor/recovery_codes")]
pub async fn new_recovery_codes(current_password: String) -> Result<Vec<String>, AppError> {
    let (state, member) = crate::ssr::member_scope()?;
    check_current_password(&state, &member, &current_password).await?;
    crate::ssr::two_factor::renew_recovery_codes(&state.db, &member).await
}

/// Signs out one of the member's sessions.
#[server(endpoint = "account/sessions/end")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    let (state, member) = crate::ssr::member_scope()?;
    crate::ssr::account::end_session(&state.db, &member, &id).await
}

/// Signs out every other session of the member; answers how many ended.
#[server(endpoint = "account/sessions/end_others")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    let (state, member) = crate::ssr::member_scope()?;
    crate::ssr::account::end_other_sessions(&state.db, &member, &current_token()?).await
}
