use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Who is signed in, for the sidebar. Carries no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminInfo {
    pub email: String,
    pub agency_name: String,
    pub role: crate::domain::Role,
}

/// Signs an agency admin in and goes to `next` (a local path); a member with two-factor
/// sign-in goes to the code step first. Unknown e-mail and wrong password get the same
/// answer, after the same work.
#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String, next: String) -> Result<(), AppError> {
    use crate::ssr::{app_state, auth, request_parts};
    let state = app_state()?;
    let parts = request_parts();
    let client = auth::SessionClient::of(parts.as_ref());
    let site = &state.site;
    match auth::sign_in(&state.db, &site.throttle, &site.sessions, &email, &password, &client).await? {
        auth::SignedIn::Session(token) => start_session(&token, &next).await,
        auth::SignedIn::CodeNeeded(challenge) => {
            set_cookie(&challenge_cookie(Some(&challenge.0), site.https));
            let next = crate::domain::safe_next(&next);
            let to = form_urlencoded::Serializer::new(String::new()).append_pair("next", &next).finish();
            leptos_axum::redirect(&format!("/signin/code?{to}"));
            Ok(())
        }
    }
}

/// Sets the new session's cookie, ending the session the browser had (if any), and goes
/// to `next`.
#[cfg(feature = "ssr")]
async fn start_session(token: &crate::ssr::auth::SessionToken, next: &str) -> Result<(), AppError> {
    use crate::ssr::{app_state, auth, request_parts};
    let state = app_state()?;
    if let Some(old) = request_parts().as_ref().and_then(|p| auth::token_from_cookies(&p.headers)) {
        auth::end_session(&state.db, &old).await?;
    }
    set_cookie(&auth::session_cookie(Some(token), &state.site.sessions, state.site.https));
    leptos_axum::redirect(&crate::domain::safe_next(next));
    Ok(())
}

/// The cookie that carries a sign-in from the password to the code (`None` removes it).
#[cfg(feature = "ssr")]
fn challenge_cookie(token: Option<&str>, https: bool) -> String {
    use crate::ssr::auth::{CHALLENGE_COOKIE, CHALLENGE_SECS};
    let secure = if https { "; Secure" } else { "" };
    let (value, age) = token.map_or(("", 0), |t| (t, CHALLENGE_SECS));
    format!("{CHALLENGE_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={age}{secure}")
}

/// The second step of a sign-in: the code from the member's authenticator app, or one of
/// their recovery codes. Throttled like the password.
#[server(endpoint = "auth/sign_in_code")]
pub async fn sign_in_code(code: String, next: String) -> Result<(), AppError> {
    use crate::ssr::{app_state, auth, now, request_parts};
    let state = app_state()?;
    let parts = request_parts();
    let challenge = parts
        .as_ref()
        .and_then(|p| auth::named_token_from_cookies(&p.headers, auth::CHALLENGE_COOKIE))
        .ok_or_else(|| AppError::BadRequest("This sign-in has ended. Enter your e-mail and password again.".into()))?;
    let client = auth::SessionClient::of(parts.as_ref());
    let site = &state.site;
    let token =
        auth::sign_in_code(&state.db, &site.throttle, &site.sessions, &challenge, &code, &client, now()).await?;
    set_cookie(&challenge_cookie(None, site.https));
    start_session(&token, &next).await
}

/// The invitation behind a link, while it can be accepted (`None`: used, revoked,
/// expired or never made).
#[server(endpoint = "auth/invitation")]
pub async fn invitation_info(token: String) -> Result<Option<crate::domain::InvitationInfo>, AppError> {
    use crate::ssr::{app_state, invitations, now};
    let state = app_state()?;
    Ok(invitations::lookup(&state.db, &token, now()).await?.map(|(_, _, info)| info))
}

/// Joins the agency's team through an invitation link: a name and a password, then
/// signed in as the new member.
#[server(endpoint = "auth/join")]
pub async fn join_team(
    token: String,
    name: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::ssr::{app_state, auth, invitations, now, request_parts};
    let state = app_state()?;
    let member = invitations::accept(&state.db, &token, &name, &password, &confirm_password, now()).await?;
    let client = auth::SessionClient::of(request_parts().as_ref());
    let session = auth::open_session(&state.db, &state.site.sessions, member, &client).await?;
    start_session(&session, "/partners/resellers").await
}

/// Ends the session on the server and in the browser, then shows the sign-in page.
#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::{app_state, auth, request_parts};
    let state = app_state()?;
    if let Some(token) = request_parts().and_then(|p| auth::token_from_cookies(&p.headers)) {
        auth::end_session(&state.db, &token).await?;
    }
    set_cookie(&auth::session_cookie(None, &state.site.sessions, state.site.https));
    leptos_axum::redirect("/signin");
    Ok(())
}

/// The signed-in admin, if any.
#[server(endpoint = "auth/me")]
pub async fn current_admin_info() -> Result<Option<AdminInfo>, AppError> {
    Ok(crate::ssr::current_admin().map(|a| AdminInfo { email: a.email, agency_name: a.agency_name, role: a.role }))
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) {
    if let (Some(options), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(value))
    {
        options.append_header(http::header::SET_COOKIE, value);
    }
}
