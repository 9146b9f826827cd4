/// Where to go after signing in: a path on this site, never another site
/// (`//evil.example`, `https://…` and `/\evil` fall back to the Resellers view).
pub fn safe_next(next: &str) -> String {
    let next = next.trim();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\");
    if local && !next.starts_with("/signin") && !next.chars().any(char::is_control) {
        next.to_owned()
    } else {
        "/partners/resellers".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn keeps_local_paths_only() {
        assert_eq!(safe_next("/partners/resellers?q=acme"), "/partners/resellers?q=acme");
        assert_eq!(safe_next("/partners/resellers/4"), "/partners/resellers/4");
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "/signin",
            "/x\r\nSet-Cookie: a=b",
        ] {
            assert_eq!(safe_next(bad), "/partners/resellers", "{bad:?}");
        }
    }
}
