use super::FieldError;

/// Optional partner website: an http(s) URL with a real host name. "acme.com" is read as
/// "https://acme.com". Empty means none.
///
/// The address is parsed by the WHATWG URL parser: the `url` crate on the server, which
/// decides; the browser's own `URL` in the wasm client (the same standard), so the client
/// carries no URL parser and no IDNA tables of its own.
pub fn parse_website(input: &str) -> Result<Option<String>, FieldError> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let err = |m: &str| FieldError::new("website", m);
    let value = super::text::single_line("website", value, 2048)?;
    let with_scheme = if value.contains("://") { value.to_owned() } else { format!("https://{value}") };
    let url = UrlParts::parse(&with_scheme).ok_or_else(|| err("Enter a web address like https://example.com"))?;
    if !matches!(url.scheme.as_str(), "http:" | "https:") {
        return Err(err("Use an http:// or https:// address"));
    }
    if !is_public_host_name(&url.host) {
        return Err(err("Enter a web address like https://example.com"));
    }
    if url.has_credentials {
        return Err(err("A web address cannot contain a user name or password"));
    }
    Ok(Some(with_scheme))
}

/// A host name with a dot inside, in ASCII (international names arrive as `xn--`): both
/// parsers give such names the same way, and Chromium's `URL` keeps some hosts the
/// standard refuses (`exa mple.com` becomes `exa%20mple.com`), which this refuses.
fn is_public_host_name(host: &str) -> bool {
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
}

/// What the website rule reads of a parsed URL (scheme as `"https:"`, host in ASCII).
struct UrlParts {
    scheme: String,
    host: String,
    has_credentials: bool,
}

impl UrlParts {
    #[cfg(not(target_arch = "wasm32"))]
    fn parse(input: &str) -> Option<Self> {
        let url = url::Url::parse(input).ok()?;
        Some(Self {
            scheme: format!("{}:", url.scheme()),
            host: url.host_str().unwrap_or_default().to_owned(),
            has_credentials: !url.username().is_empty() || url.password().is_some(),
        })
    }

    #[cfg(target_arch = "wasm32")]
    fn parse(input: &str) -> Option<Self> {
        let url = web_sys::Url::new(input).ok()?;
        Some(Self {
            scheme: url.protocol(),
            host: url.hostname(),
            has_credentials: !url.username().is_empty() || !url.password().is_empty(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse_website;

    #[test]
    fn accepts_http_urls_and_empty() {
        assert_eq!(parse_website("  ").unwrap(), None);
        assert_eq!(parse_website("https://acme.com/partners").unwrap().as_deref(), Some("https://acme.com/partners"));
        assert_eq!(parse_website("acme.co.uk").unwrap().as_deref(), Some("https://acme.co.uk"));
        assert_eq!(parse_website("http://acme.io").unwrap().as_deref(), Some("http://acme.io"));
    }

    #[test]
    fn refuses_other_schemes_and_bad_hosts() {
        for bad in [
            "javascript:alert(1)",
            "ftp://acme.com",
            "https://localhost",
            "https://user:pw@acme.com",
            "http://",
            "https://exa mple.com",
            "https://[::1]",
        ] {
            assert_eq!(parse_website(bad).unwrap_err().field, "website", "{bad}");
        }
    }

    #[test]
    fn host_names_as_a_browser_may_give_them() {
        use super::is_public_host_name;
        for good in ["acme.com", "xn--bcher-kva.example", "a-b.co.uk", "192.0.2.1", "sub_domain.acme.com"] {
            assert!(is_public_host_name(good), "{good}");
        }
        for bad in ["exa%20mple.com", "localhost", ".acme.com", "acme.com.", "[::1]", "a*b.com", ""] {
            assert!(!is_public_host_name(bad), "{bad}");
        }
    }
}
