use super::FieldError;
use serde::{Deserialize, Serialize};

/// Sub-domains that belong to the platform and can never be a reseller's.
pub const RESERVED_LOGIN_DOMAINS: &[&str] = &[
    "admin",
    "api",
    "app",
    "apps",
    "assets",
    "auth",
    "billing",
    "blog",
    "cdn",
    "dashboard",
    "dev",
    "docs",
    "ftp",
    "help",
    "imap",
    "login",
    "mail",
    "news",
    "partners",
    "pop",
    "portal",
    "root",
    "smtp",
    "shop",
    "staging",
    "static",
    "status",
    "support",
    "test",
    "webmail",
    "www",
];

/// The reseller's login sub-domain: `https://{login_domain}.{BASE_DOMAIN}`.
/// Lower-case letters a–z only, 3–32 of them, not reserved.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LoginDomain(String);

impl LoginDomain {
    pub const MIN_CHARS: usize = 3;
    pub const MAX_CHARS: usize = 32;
    const FIELD: &'static str = "login_domain";

    /// The error for a login domain another reseller has (any agency's: it is an address).
    pub fn taken() -> FieldError {
        FieldError::new(Self::FIELD, "This login domain is taken: choose another")
    }

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let err = |message: &str| FieldError::new(Self::FIELD, message);
        let value = input.trim();
        if value.is_empty() {
            return Err(err("Enter a login domain"));
        }
        if value.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(err("Use lowercase letters only"));
        }
        if value.chars().any(char::is_whitespace) {
            return Err(err("No spaces: use lowercase letters a–z only"));
        }
        if !value.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(err("No special characters or digits: use lowercase letters a–z only"));
        }
        let len = value.len();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&len) {
            return Err(err(&format!("Use {} to {} letters", Self::MIN_CHARS, Self::MAX_CHARS)));
        }
        if RESERVED_LOGIN_DOMAINS.contains(&value) {
            return Err(err("This name is reserved by the platform: choose another"));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address the reseller signs in at, e.g. `https://acme.partnerdesk.app`.
    pub fn login_url(&self, base_domain: &str) -> String {
        login_url(&self.0, base_domain)
    }
}

/// The sign-in address for a stored login domain.
pub fn login_url(domain: &str, base_domain: &str) -> String {
    let scheme = if base_domain.starts_with("localhost") || base_domain.starts_with("127.") { "http" } else { "https" };
    format!("{scheme}://{domain}.{base_domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_letters_within_bounds() {
        for input in ["acme", "abc", " northwind ", &"z".repeat(32)] {
            assert_eq!(LoginDomain::parse(input).unwrap().as_str(), input.trim());
        }
    }

    #[test]
    fn refuses_what_the_guidelines_forbid() {
        let too_long = "a".repeat(33);
        let cases = [
            ("", "Enter a login domain"),
            ("Acme", "Use lowercase letters only"),
            ("ac me", "No spaces: use lowercase letters a–z only"),
            ("acme-co", "No special characters or digits: use lowercase letters a–z only"),
            ("acme1", "No special characters or digits: use lowercase letters a–z only"),
            ("acmé", "No special characters or digits: use lowercase letters a–z only"),
            ("<script>", "No special characters or digits: use lowercase letters a–z only"),
            ("ab", "Use 3 to 32 letters"),
            (too_long.as_str(), "Use 3 to 32 letters"),
            ("www", "This name is reserved by the platform: choose another"),
            ("admin", "This name is reserved by the platform: choose another"),
        ];
        for (input, message) in cases {
            let err = LoginDomain::parse(input).unwrap_err();
            assert_eq!(err.field, "login_domain");
            assert_eq!(err.message, message, "{input:?}");
        }
    }

    #[test]
    fn builds_the_login_address() {
        let d = LoginDomain::parse("acme").unwrap();
        assert_eq!(d.login_url("partnerdesk.app"), "https://acme.partnerdesk.app");
        assert_eq!(d.login_url("localhost:3000"), "http://acme.localhost:3000");
    }
}
