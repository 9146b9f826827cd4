//! Request middleware: security headers, cross-site refusal, session resolution and the
//! sign-in guard for console pages.

use app::ssr::auth::{admin_for_token, token_from_cookies, CurrentAdmin};
use app::ssr::{AppState, CspNonce};
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

/// CSP (scripts only from this site or with this response's nonce; wasm allowed),
/// no framing, no MIME sniffing, and a referrer that never leaves a path behind.
pub async fn security_headers(mut req: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new().as_inner().to_string();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    let headers = res.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    res
}

/// Refuses state-changing requests sent by another site (CSRF): the browser says so in
/// `Sec-Fetch-Site`, or the `Origin` names another host than the one addressed.
pub async fn reject_cross_site(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let cross_by_fetch = matches!(fetch_site, Some("cross-site"));
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let cross_by_origin = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => false,
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("null");
            Some(origin_host) != host
        }
    };
    if cross_by_fetch || cross_by_origin {
        tracing::warn!(?fetch_site, origin = ?headers.get(header::ORIGIN), "refused a cross-site request");
        return (StatusCode::FORBIDDEN, "Cross-site requests are not accepted.").into_response();
    }
    next.run(req).await
}

/// Console pages need a signed-in admin.
fn is_console_page(path: &str) -> bool {
    path == "/" || path == "/partners" || path.starts_with("/partners/")
}

/// Resolves the session cookie into a `CurrentAdmin` request extension (what server
/// functions and pages scope by), sends signed-out visitors of console pages to the
/// sign-in page, and signed-in visitors of the sign-in page to the console.
pub async fn resolve_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path.starts_with(&format!("/{}/", state.leptos_options.site_pkg_dir)) {
        return next.run(req).await;
    }
    let admin: Option<CurrentAdmin> = match token_from_cookies(req.headers()) {
        Some(token) => admin_for_token(&state.pool, &state.site.sessions, &token).await.unwrap_or(None),
        None => None,
    };
    let is_navigation = req.method() == Method::GET;
    match (&admin, is_navigation) {
        (None, true) if is_console_page(&path) => {
            let wanted = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            let to = format!(
                "/signin?{}",
                form_urlencoded::Serializer::new(String::new()).append_pair("next", wanted).finish()
            );
            return Redirect::to(&to).into_response();
        }
        (Some(_), true) if path == "/signin" => return Redirect::to("/partners/resellers").into_response(),
        _ => {}
    }
    if let Some(admin) = admin {
        req.extensions_mut().insert(admin);
    }
    next.run(req).await
}
