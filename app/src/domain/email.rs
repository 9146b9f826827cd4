use super::FieldError;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// An e-mail address: trimmed, lower-cased, syntactically valid (RFC 5321/5322
/// as checked by `email_address`), with a dotted domain as real mailboxes have.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Longest address SMTP can carry.
    pub const MAX_CHARS: usize = 254;

    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err(FieldError::new(field, "Enter an e-mail address"));
        }
        if super::text::has_control(&value) {
            return Err(FieldError::new(field, super::text::CONTROL_CHARACTERS));
        }
        if value.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!("An e-mail address has at most {} characters", Self::MAX_CHARS),
            ));
        }
        let invalid = || FieldError::new(field, "Enter a valid e-mail address, like name@example.com");
        let parsed = email_address::EmailAddress::from_str(&value).map_err(|_| invalid())?;
        let domain = parsed.domain();
        let dotted =
            domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.starts_with('[');
        if !dotted || value.contains(char::is_whitespace) {
            return Err(invalid());
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_valid_addresses() {
        for (input, stored) in [
            ("ana@example.com", "ana@example.com"),
            ("  Ana.Lopez@Example.COM ", "ana.lopez@example.com"),
            ("ops+resellers@agency.co.uk", "ops+resellers@agency.co.uk"),
            ("x_y-z@sub.domain.io", "x_y-z@sub.domain.io"),
        ] {
            assert_eq!(Email::parse("email", input).unwrap().as_str(), stored, "{input:?}");
        }
    }

    #[test]
    fn refuses_invalid_addresses_with_a_field_error() {
        let too_long = format!("{}@example.com", "a".repeat(250));
        for input in [
            "",
            "   ",
            "plainaddress",
            "@example.com",
            "ana@",
            "ana@localhost",
            "ana@@example.com",
            "ana example@example.com",
            "ana@example..com",
            "<script>@example.com",
            too_long.as_str(),
        ] {
            let err = Email::parse("email", input).unwrap_err();
            assert_eq!(err.field, "email", "{input:?}");
            assert!(!err.message.is_empty());
        }
    }
}
