//! The request's context for server code: the state every request shares (`AppState`,
//! `SiteConfig`), the agency a request is scoped to, the signed-in admin, the CSP nonce.

use super::auth;
use super::db::Db;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Settings the application reads at run time.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Resellers sign in at `{login_domain}.{base_domain}`.
    pub base_domain: String,
    /// The public URL is https: cookies get `Secure`, responses HSTS, and a request's
    /// `Origin` must be `https://` to count as this site.
    pub https: bool,
    pub sessions: super::auth::SessionPolicy,
    /// This deployment's version (a digest of the static files): names the service worker.
    pub build_id: String,
    /// The files the service worker precaches, read from the site when the server starts.
    pub precache: Vec<String>,
    pub throttle: super::auth::ThrottlePolicy,
    /// The style sheet's address (`/pkg/partnerdesk.css`; a release build hashes the name).
    pub stylesheet: String,
}

/// Shared by every request: handed to the router and to server functions through context.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub site: Arc<SiteConfig>,
}

use crate::domain::Permission;
use crate::error::AppError;
use leptos::prelude::*;

/// The application state, provided to every server function by the router.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

/// The agency whose data the request sees, with the state to reach it.
pub struct AgencyScope {
    pub state: AppState,
    pub agency_id: i64,
    pub admin: auth::CurrentAdmin,
}

impl AgencyScope {
    pub fn db(&self) -> &Db {
        &self.state.db
    }
}

/// Every agency server function and route starts here, naming what it does: no
/// signed-in member, no data (401); a member whose role may not do `action`, nothing
/// done (403); otherwise every query is scoped to the member's agency.
pub async fn agency_scope(action: Permission) -> Result<AgencyScope, AppError> {
    scope_of(app_state()?, current_admin(), action)
}

/// The same for a route that has its state and the request's member at hand.
pub fn scope_of(
    state: AppState,
    admin: Option<auth::CurrentAdmin>,
    action: Permission,
) -> Result<AgencyScope, AppError> {
    let admin = admin.ok_or(AppError::Unauthorized)?;
    if admin.two_factor_due {
        return Err(AppError::TwoFactorSetupRequired);
    }
    if !admin.role.can(action) {
        tracing::info!(member = admin.admin_id, role = ?admin.role, ?action, "refused: the role does not allow it");
        return Err(AppError::Forbidden);
    }
    Ok(AgencyScope { state, agency_id: admin.agency_id, admin })
}

/// The signed-in member's own account (their name, password, second factor and
/// sessions): any member may, a member who must still set up two-factor sign-in included.
pub fn member_scope() -> Result<(AppState, auth::CurrentAdmin), AppError> {
    Ok((app_state()?, current_admin().ok_or(AppError::Unauthorized)?))
}

/// The request being answered (server function or page).
pub fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The admin signed in on this request, as resolved by the session middleware.
pub fn current_admin() -> Option<auth::CurrentAdmin> {
    request_parts()?.extensions.get::<auth::CurrentAdmin>().cloned()
}

/// The nonce that this response's Content-Security-Policy allows inline scripts with.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);
