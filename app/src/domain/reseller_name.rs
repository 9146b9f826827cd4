use super::FieldError;
use serde::{Deserialize, Serialize};

/// A partner's business or brand name: trimmed, 2–100 characters, no control characters.
/// Any other text (including `<` and `>`) is kept as typed and always rendered as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerName(String);

impl ResellerName {
    pub const MIN_CHARS: usize = 2;
    pub const MAX_CHARS: usize = 100;

    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        let chars = value.chars().count();
        if chars == 0 {
            return Err(FieldError::new(field, "Enter a name"));
        }
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&chars) {
            return Err(FieldError::new(field, format!("Use {} to {} characters", Self::MIN_CHARS, Self::MAX_CHARS)));
        }
        if super::text::has_control(value) {
            return Err(FieldError::new(field, super::text::CONTROL_CHARACTERS));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_accepts_names() {
        for (input, stored) in [
            ("Acme Media", "Acme Media"),
            ("  Bluepeak  ", "Bluepeak"),
            ("Ärzte & Söhne GmbH", "Ärzte & Söhne GmbH"),
            ("東京デジタル", "東京デジタル"),
            ("<script>alert(1)</script>", "<script>alert(1)</script>"),
            ("AB", "AB"),
        ] {
            assert_eq!(ResellerName::parse("name", input).unwrap().as_str(), stored);
        }
        assert!(ResellerName::parse("name", &"é".repeat(100)).is_ok());
    }

    #[test]
    fn refuses_empty_short_long_and_control_characters() {
        for input in ["", "   ", "A", " B ", &"x".repeat(101), "Acme\nMedia", "Acme\u{0}"] {
            let err = ResellerName::parse("name", input).unwrap_err();
            assert_eq!(err.field, "name", "{input:?}");
        }
    }
}
