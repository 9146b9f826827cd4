//! The build's files under `/pkg`. A release build names them by their content
//! (cargo-leptos's `hash-files`: `partnerdesk.<hash>.wasm`, listed in a file beside the
//! server), so browsers may keep them for good; other builds keep fixed names, which
//! browsers must revalidate.

use leptos::config::LeptosOptions;
use std::path::PathBuf;

/// Whether the site's `/pkg` files carry their content's hash: the build listed them in
/// the hash file beside the server and left no file under its plain name.
pub fn site_is_hashed(options: &LeptosOptions) -> bool {
    let plain = PathBuf::from(options.site_root.as_ref())
        .join(options.site_pkg_dir.as_ref())
        .join(format!("{}.js", options.output_name));
    !plain.exists() && hash_file(options).is_some_and(|file| file.exists())
}

/// Where Leptos reads the hashes (it looks beside the running executable).
fn hash_file(options: &LeptosOptions) -> Option<PathBuf> {
    Some(std::env::current_exe().ok()?.parent()?.join(options.hash_file.as_ref()))
}

/// The address of the site's style sheet: `/pkg/<name>.css`, or the hashed file's.
pub fn stylesheet_href(options: &LeptosOptions) -> String {
    let pkg = options.site_pkg_dir.as_ref();
    let name = options.output_name.as_ref();
    if options.hash_files {
        let hashed = std::fs::read_dir(PathBuf::from(options.site_root.as_ref()).join(pkg))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| entry.file_name().into_string().ok())
            .find(|file| is_hashed_name(file, name, "css"));
        if let Some(file) = hashed {
            return format!("/{pkg}/{file}");
        }
    }
    format!("/{pkg}/{name}.css")
}

/// `<name>.<hash>.<extension>`, the hash in base64url (cargo-leptos's form).
fn is_hashed_name(file: &str, name: &str, extension: &str) -> bool {
    file.strip_prefix(name)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(extension))
        .and_then(|hash| hash.strip_suffix('.'))
        .is_some_and(|hash| {
            !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        })
}

/// How long browsers keep a static file: for good when its name changes with its
/// content (a hashed `/pkg` file), otherwise asked again each time (a 304 when unchanged).
pub fn cache_policy(hashed_site: bool, path: &str, pkg_dir: &str) -> &'static str {
    let in_pkg = path.strip_prefix('/').and_then(|p| p.strip_prefix(pkg_dir)).is_some_and(|p| p.starts_with('/'));
    if hashed_site && in_pkg {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed_name("partnerdesk.Ab-_09xyz.css", "partnerdesk", "css"));
        for other in
            ["partnerdesk.css", "partnerdesk..css", "partnerdesk.a.b.css", "other.abc.css", "partnerdesk.abc.js"]
        {
            assert!(!is_hashed_name(other, "partnerdesk", "css"), "{other}");
        }
    }

    #[test]
    fn the_style_sheet_is_found_under_its_hashed_name() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("pkg")).unwrap();
        std::fs::write(site.path().join("pkg/partnerdesk.Q2xhc3Nlcw.css"), "").unwrap();
        std::fs::write(site.path().join("pkg/partnerdesk.Q2xhc3Nlcw.css.br"), "").unwrap();
        let mut options = LeptosOptions::builder().output_name("partnerdesk").build();
        options.site_root = site.path().to_str().unwrap().into();
        assert_eq!(stylesheet_href(&options), "/pkg/partnerdesk.css", "an unhashed site");
        options.hash_files = true;
        assert_eq!(stylesheet_href(&options), "/pkg/partnerdesk.Q2xhc3Nlcw.css");
    }

    #[test]
    fn only_hashed_pkg_files_are_kept_for_good() {
        assert_eq!(cache_policy(true, "/pkg/partnerdesk.abc.wasm", "pkg"), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy(true, "/pkg/chunk_3.abc.wasm", "pkg"), "public, max-age=31536000, immutable");
        assert_eq!(cache_policy(false, "/pkg/partnerdesk.wasm", "pkg"), "no-cache");
        assert_eq!(cache_policy(true, "/theme.js", "pkg"), "no-cache");
        assert_eq!(cache_policy(true, "/pkgx/a.js", "pkg"), "no-cache");
    }
}
