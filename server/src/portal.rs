//! The reseller portal: requests whose host is `{login_domain}.{base domain}` get the
//! reseller's own sign-in page and, once signed in, its plan and usage. Plain HTML forms
//! rendered on the server (Leptos views, no client code needed).

use app::components::usage::{UsageChart, UsageMeters};
use app::domain::PartnerType;
use app::error::AppError;
use app::ssr::auth::{end_session, named_session_cookie, named_token_from_cookies, reseller_for_token};
use app::ssr::portal::{home, reseller_at, sign_in, PortalHome, PortalReseller, PORTAL_COOKIE};
use app::ssr::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
    Form, Router,
};
use leptos::prelude::*;
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

/// The login domain a request's host addresses, if it is a reseller host: exactly one
/// label in front of the base domain (ports ignored on both sides).
pub fn login_domain_of(host: &str, base_domain: &str) -> Option<String> {
    let strip_port = |h: &str| {
        h.rsplit_once(':')
            .filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
            .map(|(h, _)| h.to_owned())
            .unwrap_or_else(|| h.to_owned())
    };
    let host = strip_port(host.trim()).to_lowercase();
    let base = strip_port(base_domain.trim()).to_lowercase();
    let label = host.strip_suffix(&base)?.strip_suffix('.')?;
    (!label.is_empty() && !label.contains('.')).then(|| label.to_owned())
}

/// Sends requests for a reseller host to the portal; everything else goes on to the console.
/// Static assets are shared, so they go on too.
pub async fn dispatch(State(portal): State<Portal>, req: Request, next: Next) -> Response {
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let path = req.uri().path();
    let shared = path.starts_with("/pkg/") || path == "/favicon.svg" || path == "/healthz";
    match login_domain_of(host, &portal.state.site.base_domain) {
        Some(domain) if !shared => {
            let mut req = req;
            req.extensions_mut().insert(LoginDomain(domain));
            let stylesheet: Arc<str> = portal.state.site.stylesheet.as_str().into();
            match STYLESHEET.scope(stylesheet, portal.router.oneshot(req)).await {
                Ok(res) => res,
                Err(never) => match never {},
            }
        }
        _ => next.run(req).await,
    }
}

/// The portal's router and state, for `dispatch`.
#[derive(Clone)]
pub struct Portal {
    state: AppState,
    router: Router,
}

impl Portal {
    pub fn new(state: AppState) -> Self {
        let router = Router::new()
            .route("/", get(page))
            .route("/signin", post(do_sign_in).get(|| async { Redirect::to("/") }))
            .route("/signout", post(do_sign_out))
            .merge(crate::portal_customers::routes())
            .merge(crate::portal_plans::routes())
            .merge(crate::portal_earnings::routes())
            .merge(crate::portal_team::routes())
            .fallback(|| async { render(StatusCode::NOT_FOUND, "Not found", None, view! { <NotFoundBody /> }) })
            .with_state(state.clone());
        Self { state, router }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct LoginDomain(String);

/// The signed-in reseller of the request's host, where every page behind sign-in starts:
/// a signed-out visitor is sent to the sign-in page, a switched-off reseller gets its
/// "access disabled" page, an unknown host its 404.
pub(crate) struct SignedIn(pub PortalReseller);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(domain) = parts.extensions.get::<LoginDomain>().cloned() else {
            return Err(StatusCode::NOT_FOUND.into_response());
        };
        signed_in(state, &domain, &parts.headers).await.map(SignedIn)
    }
}

/// The reseller of the request's host, or the portal's 404 page.
async fn host_reseller(state: &AppState, req_domain: &LoginDomain) -> Result<PortalReseller, Response> {
    match reseller_at(&state.db, &req_domain.0).await {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(render(StatusCode::NOT_FOUND, "No portal here", None, view! { <NotFoundBody /> })),
        Err(error) => Err(problem(error)),
    }
}

/// Who is asking at a reseller's host.
pub(crate) enum Visitor {
    /// Signed in, and the reseller's access is on.
    SignedIn(PortalReseller),
    /// Not signed in (or the session ended): the reseller's sign-in page.
    SignedOut(PortalReseller),
}

/// The visitor of the request's host, or the response to give instead (no portal here,
/// access disabled, a database that cannot answer).
pub(crate) async fn visitor(state: &AppState, domain: &LoginDomain, headers: &HeaderMap) -> Result<Visitor, Response> {
    let reseller = host_reseller(state, domain).await?;
    let signed_in = match named_token_from_cookies(headers, PORTAL_COOKIE) {
        // A database that cannot answer is a 503 to retry, never "signed out".
        Some(token) => match reseller_for_token(&state.db, &state.site.sessions, &token, &domain.0).await {
            Ok(found) => found,
            Err(error) => return Err(problem(error)),
        },
        None => None,
    };
    if !reseller.status.is_active() {
        let mut res = disabled(&reseller);
        clear_cookie(state, &mut res);
        return Err(res);
    }
    Ok(if signed_in.is_some() { Visitor::SignedIn(reseller) } else { Visitor::SignedOut(reseller) })
}

/// The signed-in reseller, or the response to give: signed-out visitors go to the sign-in page.
pub(crate) async fn signed_in(
    state: &AppState,
    domain: &LoginDomain,
    headers: &HeaderMap,
) -> Result<PortalReseller, Response> {
    match visitor(state, domain, headers).await? {
        Visitor::SignedIn(reseller) => Ok(reseller),
        Visitor::SignedOut(_) => Err(Redirect::to("/").into_response()),
    }
}

/// `GET /`: the reseller's home when signed in; otherwise its sign-in page, or the
/// "access disabled" page when the agency switched it off.
async fn page(
    State(state): State<AppState>,
    axum::Extension(domain): axum::Extension<LoginDomain>,
    headers: HeaderMap,
) -> Response {
    match visitor(&state, &domain, &headers).await {
        Ok(Visitor::SignedIn(reseller)) => match home(&state, &reseller).await {
            Ok(h) => render(StatusCode::OK, &h.name.clone(), Some(&reseller.agency_name), view! { <Home home=h /> }),
            Err(error) => problem(error),
        },
        Ok(Visitor::SignedOut(reseller)) => sign_in_page(StatusCode::OK, &reseller, "", None),
        Err(res) => res,
    }
}

#[derive(serde::Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /signin`: the reseller's e-mail and password; a new session on success.
async fn do_sign_in(
    State(state): State<AppState>,
    axum::Extension(domain): axum::Extension<LoginDomain>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let reseller = match host_reseller(&state, &domain).await {
        Ok(r) => r,
        Err(res) => return res,
    };
    let client = app::ssr::auth::SessionClient::new(&headers, peer.ip().to_string());
    match sign_in(&state, &reseller, &form.email, &form.password, &client).await {
        Ok(token) => {
            let mut res = Redirect::to("/").into_response();
            let cookie = named_session_cookie(PORTAL_COOKIE, Some(&token), &state.site.sessions, state.site.https);
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            res
        }
        Err(AppError::Disabled) => disabled(&reseller),
        // Wrong password (401), throttled (429), busy (503): the form again, with why.
        Err(e) => {
            let mut res = sign_in_page(
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                &reseller,
                &form.email,
                Some(e.to_string()),
            );
            retry_after(&e, &mut res);
            res
        }
    }
}

/// `POST /signout`: ends the session.
async fn do_sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = named_token_from_cookies(&headers, PORTAL_COOKIE) {
        let _ = end_session(&state.db, &token).await;
    }
    let mut res = Redirect::to("/").into_response();
    clear_cookie(&state, &mut res);
    res
}

fn clear_cookie(state: &AppState, res: &mut Response) {
    let cookie = named_session_cookie(PORTAL_COOKIE, None, &state.site.sessions, state.site.https);
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
}

fn disabled(reseller: &PortalReseller) -> Response {
    let name = reseller.name.clone();
    let agency = reseller.agency_name.clone();
    render(
        StatusCode::FORBIDDEN,
        "Access disabled",
        Some(&reseller.agency_name),
        view! {
            <section class="portal-card" aria-labelledby="disabled-heading">
                <h1 id="disabled-heading">"Access disabled"</h1>
                <p>{format!("Access for {name} has been switched off by {agency}.")}</p>
                <p class="muted">{format!("If you think this is a mistake, contact {agency}.")}</p>
            </section>
        },
    )
}

fn sign_in_page(status: StatusCode, reseller: &PortalReseller, email: &str, error: Option<String>) -> Response {
    let name = reseller.name.clone();
    // What was typed is shown again, up to an e-mail address's length.
    let email: String = email.chars().take(app::domain::Email::MAX_CHARS).collect();
    render(
        status,
        &format!("Sign in · {}", reseller.name),
        Some(&reseller.agency_name),
        view! {
            <section class="portal-card" aria-labelledby="signin-heading">
                <h1 id="signin-heading">{name}</h1>
                <p class="muted">"Sign in with your partner e-mail and password."</p>
                {error.map(|e| view! { <p class="alert" role="alert">{e}</p> })}
                <form method="post" action="/signin" class="form">
                    <div class="field">
                        <label for="email">"E-mail"</label>
                        <input id="email" name="email" type="email" autocomplete="username" required value=email />
                    </div>
                    <div class="field">
                        <label for="password">"Password"</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required />
                    </div>
                    <button type="submit" class="button primary wide">"Sign in"</button>
                </form>
            </section>
        },
    )
}

#[component]
fn Home(home: PortalHome) -> impl IntoView {
    let plan = home.plan.clone();
    let month = home.usage.current().month.label();
    view! {
        <header class="page-header">
            <div>
                <h1>{home.name.clone()}</h1>
                <p class="subtitle">{format!("Signed in as {}", home.email)}</p>
            </div>
            <div class="header-actions">
                <a href="/customers" class="button">{format!("Customers ({})", home.customers)}</a>
                {match home.partner_type {
                    PartnerType::OwnPlans => view! { <a href="/plans" class="button">"Your plans"</a> }.into_any(),
                    PartnerType::Commission => view! { <a href="/earnings" class="button">"Earnings"</a> }.into_any(),
                }}
                <a href="/team" class="button">{format!("Team ({})", home.usage.team_members)}</a>
                <a href="/activity" class="button">"Activity"</a>
                <form method="post" action="/signout"><button type="submit" class="button">"Sign out"</button></form>
            </div>
        </header>
        <div class="details-grid">
            <section class="panel" aria-labelledby="plan-heading">
                <h2 id="plan-heading">"Your plan"</h2>
                {match plan.clone() {
                    Some(p) => {
                        let [messages, whatsapp, team] = p.limit_lines();
                        view! {
                            <p class="plan-name">{p.name.clone()}</p>
                            <p>{p.price_label()}</p>
                            <ul class="limits"><li>{messages}</li><li>{whatsapp}</li><li>{team}</li></ul>
                        }.into_any()
                    }
                    None => view! { <p class="muted">{format!("No plan yet: {} will assign one.", home.agency_name)}</p> }.into_any(),
                }}
            </section>
            <section class="panel" aria-labelledby="usage-heading">
                <h2 id="usage-heading">{format!("Usage in {month}")}</h2>
                <UsageMeters usage=home.usage.clone() plan=plan />
            </section>
            <section class="panel wide" aria-labelledby="history-heading">
                <h2 id="history-heading">"Last 12 months"</h2>
                <UsageChart usage=home.usage.clone() id="portal-chart" />
            </section>
        </div>
    }
}

#[component]
fn NotFoundBody() -> impl IntoView {
    view! {
        <section class="portal-card" aria-labelledby="nf-heading">
            <h1 id="nf-heading">"No reseller portal here"</h1>
            <p class="muted">"Check the address you were given: it ends with your login domain."</p>
        </section>
    }
}

#[component]
fn Problem(text: String) -> impl IntoView {
    view! { <section class="portal-card"><h1>"Something went wrong"</h1><p>{text}</p></section> }
}

/// The page for an error met before anything else could be shown: the error's status and
/// words (a busy server says when to retry).
pub(crate) fn problem(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = render(status, "Error", None, view! { <Problem text=error.to_string() /> });
    retry_after(&error, &mut res);
    res
}

fn retry_after(error: &AppError, res: &mut Response) {
    if let Some(secs) = error.retry_after_secs() {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
}

tokio::task_local! {
    /// The site's style sheet address for the portal request being answered: set by
    /// `dispatch`, the only way into the portal's router, and read by `render`, which many
    /// handlers call without the state.
    static STYLESHEET: Arc<str>;
}

/// A whole portal page around `body`.
pub(crate) fn render(status: StatusCode, title: &str, agency: Option<&str>, body: impl IntoView + 'static) -> Response {
    let title = format!("{title} · Reseller portal");
    let agency = agency.map(str::to_owned);
    let stylesheet = STYLESHEET.try_with(|href| href.to_string()).unwrap_or_default();
    let html = Owner::new().with(move || {
        view! {
            <html lang="en">
                <head>
                    <meta charset="utf-8" />
                    <meta name="viewport" content="width=device-width, initial-scale=1" />
                    <meta name="color-scheme" content="light dark" />
                    <title>{title}</title>
                    <link rel="stylesheet" href=stylesheet />
                    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                </head>
                <body class="portal">
                    <header class="portal-top">
                        <span class="brand-mark" aria-hidden="true">"P"</span>
                        <span>{agency.unwrap_or_else(|| "Partnerdesk".into())}" · Reseller portal"</span>
                    </header>
                    <main id="main" class="portal-main">{body}</main>
                </body>
            </html>
        }
        .to_html()
    });
    let mut res = (status, Html(format!("<!DOCTYPE html>{html}"))).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::login_domain_of;

    #[test]
    fn reseller_hosts_are_one_label_before_the_base_domain() {
        let base = "localhost:3000";
        assert_eq!(login_domain_of("harborlabs.localhost:3000", base).as_deref(), Some("harborlabs"));
        assert_eq!(login_domain_of("HarborLabs.localhost:3100", base).as_deref(), Some("harborlabs"));
        assert_eq!(login_domain_of("harborlabs.localhost", base).as_deref(), Some("harborlabs"));
        assert_eq!(login_domain_of("localhost:3000", base), None);
        assert_eq!(login_domain_of("127.0.0.1:3000", base), None);
        assert_eq!(login_domain_of("a.b.localhost:3000", base), None);
        assert_eq!(login_domain_of("evillocalhost:3000", base), None);
        assert_eq!(login_domain_of("acme.partners.example.com", "partners.example.com").as_deref(), Some("acme"));
    }
}
