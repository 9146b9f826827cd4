use super::FieldError;

/// Optional partner website: an http(s) URL with a real host name. "acme.com" is read as
/// "https://acme.com". Empty means none.
pub fn parse_website(input: &str) -> Result<Option<String>, FieldError> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let err = |m: &str| FieldError::new("website", m);
    let value = super::text::single_line("website", value, 2048)?;
    let with_scheme = if value.contains("://") { value.to_owned() } else { format!("https://{value}") };
    let url = url::Url::parse(&with_scheme).map_err(|_| err("Enter a web address like https://example.com"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(err("Use an http:// or https:// address"));
    }
    match url.host_str() {
        Some(host) if host.contains('.') && !host.starts_with('.') && !host.ends_with('.') => {}
        _ => return Err(err("Enter a web address like https://example.com")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(err("A web address cannot contain a user name or password"));
    }
    Ok(Some(with_scheme))
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
        ] {
            assert_eq!(parse_website(bad).unwrap_err().field, "website", "{bad}");
        }
    }
}
