//! Agency API keys as the Settings page shows them.

use super::FieldError;
use serde::{Deserialize, Serialize};

/// A key in the list. The key itself is never stored, so it never appears here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    /// The key's first characters, to recognise it.
    pub prefix: String,
    pub created_by: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A key just created: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiKey {
    pub row: ApiKeyRow,
    pub key: String,
}

pub const API_KEY_NAME_MAX_CHARS: usize = 60;

/// A key's name: 1 to 60 characters, e.g. "Production chatbot".
pub fn parse_api_key_name(input: &str) -> Result<String, FieldError> {
    let name = super::text::single_line("name", input, API_KEY_NAME_MAX_CHARS)?;
    if name.is_empty() {
        return Err(FieldError::new("name", "Name the key, e.g. after the system that will use it"));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_api_key_name("  Prod  ").unwrap(), "Prod");
        assert!(parse_api_key_name("   ").is_err());
        assert!(parse_api_key_name(&"x".repeat(61)).is_err());
        assert!(parse_api_key_name("Prod\u{0}").is_err());
    }
}
