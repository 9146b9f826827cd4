//! The service worker, served at `/sw.js` with this deployment's version in it: the
//! browser sees a new worker after every deployment and the page offers a reload.

use axum::{
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};
use std::sync::Arc;

/// The public files the worker precaches beside the build's `/pkg` files.
const PUBLIC_ASSETS: &[&str] =
    &["/offline.html", "/theme.js", "/favicon.svg", "/manifest.webmanifest", "/icons/icon-192.png"];

/// What the worker precaches: every file the browser may load from the build's `/pkg`
/// (the client, its lazily loaded parts, the style sheet; not their compressed copies nor
/// the split manifest, which only the server reads) and the public files. Read from the
/// site once, when a server starts: the names of the lazy parts change with each build.
pub fn assets(site_root: &str, pkg_dir: &str) -> Vec<String> {
    let mut pkg: Vec<String> = std::fs::read_dir(format!("{site_root}/{pkg_dir}"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| is_loaded_by_the_browser(name))
        .map(|name| format!("/{pkg_dir}/{name}"))
        .collect();
    pkg.sort();
    pkg.extend(PUBLIC_ASSETS.iter().map(|path| path.to_string()));
    pkg
}

fn is_loaded_by_the_browser(name: &str) -> bool {
    matches!(name.rsplit('.').next(), Some("js" | "wasm" | "css")) && !name.starts_with("__wasm_split_manifest")
}

/// A short digest of the deployed static files, or the configured id (`PARTNERDESK_BUILD_ID`).
pub fn build_id(site_root: &str, assets: &[String], configured: Option<&str>) -> String {
    if let Some(id) = configured {
        return id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    }
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    for path in assets {
        if let Ok(bytes) = std::fs::read(format!("{site_root}{path}")) {
            digest.update(path.as_bytes());
            digest.update(&bytes);
        }
    }
    format!("{:x}", digest.finalize()).chars().take(12).collect()
}

/// The worker's source for a version and its assets.
pub fn source(version: &str, assets: &[String]) -> String {
    let assets = assets.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", ");
    include_str!("sw.js").replace("__VERSION__", version).replace("__ASSETS__", &assets)
}

/// `/sw.js`: the worker, made once per server.
pub fn service_worker(worker: Arc<str>) -> Response {
    let mut res = worker.to_string().into_response();
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
        let js = super::source("abc123", &["/pkg/partnerdesk.wasm".into(), "/offline.html".into()]);
        assert!(js.contains("const VERSION = \"abc123\";"));
        assert!(js.contains("[\"/pkg/partnerdesk.wasm\", \"/offline.html\"]"));
        assert!(!js.contains("__"), "every placeholder replaced");
    }

    #[test]
    fn the_browser_files_of_a_split_build_are_precached_and_nothing_else() {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        for name in [
            "partnerdesk.js",
            "partnerdesk.wasm",
            "partnerdesk.css",
            "partnerdesk.wasm.br",
            "partnerdesk.js.gz",
            "partnerdesk.d.ts",
            "chunk_7.wasm",
            "split___plans_route_view_1.wasm",
            "__wasm_split.______________________.js",
            "__wasm_split_manifest.json",
        ] {
            std::fs::write(pkg.join(name), name).unwrap();
        }
        let assets = super::assets(site.path().to_str().unwrap(), "pkg");
        let pkg_assets: Vec<&str> = assets.iter().map(String::as_str).filter(|a| a.starts_with("/pkg/")).collect();
        assert_eq!(
            pkg_assets,
            [
                "/pkg/__wasm_split.______________________.js",
                "/pkg/chunk_7.wasm",
                "/pkg/partnerdesk.css",
                "/pkg/partnerdesk.js",
                "/pkg/partnerdesk.wasm",
                "/pkg/split___plans_route_view_1.wasm",
            ]
        );
        assert!(assets.contains(&"/offline.html".to_string()));
        let before = super::build_id(site.path().to_str().unwrap(), &assets, None);
        std::fs::write(pkg.join("chunk_7.wasm"), "changed").unwrap();
        assert_ne!(
            super::build_id(site.path().to_str().unwrap(), &assets, None),
            before,
            "a changed chunk is a new version"
        );
    }
}
