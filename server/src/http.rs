//! Request middleware: security headers, cross-site refusal, session resolution and the
//! sign-in guard for console pages.

use app::error::AppError;
use app::ssr::auth::{admin_for_token, token_from_cookies, CurrentAdmin};
use app::ssr::{AppState, CspNonce};
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

/// CSP (scripts only from this site or with this response's nonce; wasm allowed),
/// no framing, no MIME sniffing, a referrer that never leaves a path behind, HSTS when
/// the site is https, and `Cache-Control: no-store` on everything but static assets
/// (pages and answers are private to the signed-in admin; a one-time API key is in one).
/// Static assets whose names stay from one deployment to the next must be asked for again
/// each time (`no-cache`: a 304 when unchanged) rather than guessed fresh, or a browser
/// would pair an old wasm with a new page; a release build's `/pkg` files are named by
/// their content and kept for good (build_files). They vary with Accept-Encoding (brotli
/// and gzip copies are served from the build's precompressed files).
pub async fn security_headers(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new().as_inner().to_string();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let static_policy = is_static_asset(req.uri().path()).then(|| {
        crate::build_files::cache_policy(
            state.leptos_options.hash_files,
            req.uri().path(),
            &state.leptos_options.site_pkg_dir,
        )
    });
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
    if state.site.https {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        let policy = static_policy.unwrap_or("no-store");
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    let varies = headers.get_all(header::VARY).iter().any(|v| v.as_bytes().eq_ignore_ascii_case(b"accept-encoding"));
    if static_policy.is_some() && !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

/// Files that are the same for everyone (the build's assets and the public folder).
fn is_static_asset(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || matches!(path, "/favicon.svg" | "/manifest.webmanifest" | "/theme.js" | "/pwa.js" | "/offline.html")
}

/// Refuses state-changing requests sent by another site (CSRF): the browser says so in
/// `Sec-Fetch-Site`, or the `Origin` is not this site's scheme and the host addressed.
pub async fn reject_cross_site(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let cross_by_fetch = matches!(fetch_site, Some("cross-site"));
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let scheme = if state.site.https { "https" } else { "http" };
    let cross_by_origin = match headers.get(header::ORIGIN) {
        None => false,
        Some(origin) => {
            let origin = origin.to_str().unwrap_or("null");
            !origin.eq_ignore_ascii_case(&format!("{scheme}://{host}"))
        }
    };
    if cross_by_fetch || cross_by_origin {
        tracing::warn!(?fetch_site, origin = ?headers.get(header::ORIGIN), "refused a cross-site request");
        return (StatusCode::FORBIDDEN, "Cross-site requests are not accepted.").into_response();
    }
    next.run(req).await
}

/// Largest body a server function or form takes (the largest real one, a reseller, is a
/// few KiB).
pub const FORM_BODY_MAX_BYTES: usize = 64 * 1024;
/// Largest body of the usage API (1,000 events with long ids).
pub const API_BODY_MAX_BYTES: usize = 2 * 1024 * 1024;

/// Bodies over their route's limit are answered 413 before any handler reads them: at
/// once when `Content-Length` says so, else as soon as the streamed body passes it.
pub async fn limit_body(req: Request, next: Next) -> Response {
    use http_body_util::BodyExt;
    let limit = if req.uri().path().starts_with("/api/v1/") { API_BODY_MAX_BYTES } else { FORM_BODY_MAX_BYTES };
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(limit);
    }
    let (parts, body) = req.into_parts();
    let bytes = match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => return too_large(limit),
        Err(error) => {
            tracing::debug!(%error, "request body not received");
            return (StatusCode::BAD_REQUEST, "The request body could not be read.").into_response();
        }
    };
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

fn too_large(limit: usize) -> Response {
    let message = format!("The request body is larger than {} KiB.", limit / 1024);
    (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

/// A database that cannot answer while the session is looked up: 503 with `Retry-After`
/// (never "signed out"). Server functions get the error as they get every error.
fn unavailable(path: &str, error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let mut res = if path.starts_with("/api/") {
        (status, axum::Json(error.clone())).into_response()
    } else {
        (status, error.to_string()).into_response()
    };
    if let Some(secs) = error.retry_after_secs() {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}

/// The member's own account page (where two-factor sign-in is set up).
const ACCOUNT_PAGE: &str = "/settings/account";

/// Console pages need a signed-in admin.
fn is_console_page(path: &str) -> bool {
    ["/partners", "/settings"].iter().any(|area| path == *area || path.starts_with(&format!("{area}/"))) || path == "/"
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
        Some(token) => match admin_for_token(&state.db, &state.site.sessions, &token).await {
            Ok(found) => found,
            Err(error) => return unavailable(&path, &error),
        },
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
        // The agency requires two-factor sign-in: a member without it sets it up first.
        (Some(admin), true) if admin.two_factor_due && is_console_page(&path) && path != ACCOUNT_PAGE => {
            return Redirect::to(ACCOUNT_PAGE).into_response();
        }
        _ => {}
    }
    if let Some(admin) = admin {
        req.extensions_mut().insert(admin);
    }
    next.run(req).await
}
