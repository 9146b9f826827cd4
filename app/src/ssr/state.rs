use super::db::Pool;
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
    pub throttle: super::auth::ThrottlePolicy,
}

/// Shared by every request: handed to the router and to server functions through context.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: Pool,
    pub site: Arc<SiteConfig>,
}
