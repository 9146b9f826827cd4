//! The service worker, served at `/sw.js` with this deployment's version in it: the
//! browser sees a new worker after every deployment and the page offers a reload.

use app::ssr::AppState;
use axum::{
    extract::State,
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};

/// What the worker precaches: the static assets and the offline page.
pub const PRECACHE: &[&str] = &[
    "/pkg/partnerdesk.js",
    "/pkg/partnerdesk.wasm",
    "/pkg/partnerdesk.css",
    "/offline.html",
    "/theme.js",
    "/favicon.svg",
    "/manifest.webmanifest",
    "/icons/icon-192.png",
];

/// A short digest of the deployed static files, or the configured id (`PARTNERDESK_BUILD_ID`).
pub fn build_id(site_root: &str, configured: Option<&str>) -> String {
    if let Some(id) = configured {
        return id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    }
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    for path in PRECACHE {
        if let Ok(bytes) = std::fs::read(format!("{site_root}{path}")) {
            digest.update(path.as_bytes());
            digest.update(&bytes);
        }
    }
    format!("{:x}", digest.finalize()).chars().take(12).collect()
}

/// The worker's source for a version.
pub fn source(version: &str) -> String {
    let assets = PRECACHE.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", ");
    include_str!("sw.js").replace("__VERSION__", version).replace("__ASSETS__", &assets)
}

pub async fn service_worker(State(state): State<AppState>) -> Response {
    let mut res = source(&state.site.build_id).into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    // Browsers check for a new worker on navigation; never answer from a cache.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_worker_carries_its_version_and_assets() {
        let js = super::source("abc123");
        assert!(js.contains("const VERSION = \"abc123\";"));
        assert!(js.contains("\"/pkg/partnerdesk.wasm\""));
        assert!(!js.contains("__"), "every placeholder replaced");
    }
}
