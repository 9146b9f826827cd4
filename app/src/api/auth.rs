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

/// Signs an agency admin in and goes to `next` (a local path).
/// Unknown e-mail and wrong password get the same answer, after the same work.
#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String, next: String) -> Result<(), AppError> {
    use crate::ssr::{app_state, auth, request_parts};
    let state = app_state()?;
    let parts = request_parts();
    let client = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>())
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let site = &state.site;
    let token = auth::sign_in(&state.db, &site.throttle, &site.sessions, &email, &password, &client).await?;
    // A new session replaces the one the browser had, if any.
    if let Some(old) = parts.as_ref().and_then(|p| auth::token_from_cookies(&p.headers)) {
        auth::end_session(&state.db, &old).await?;
    }
    set_cookie(&auth::session_cookie(Some(&token), &site.sessions, site.https));
    leptos_axum::redirect(&crate::domain::safe_next(&next));
    Ok(())
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
