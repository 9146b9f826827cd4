use super::{FieldError, StoredWord};
use serde::{Deserialize, Serialize};

/// Whether a reseller may sign in (the table's Active / Inactive toggle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResellerStatus {
    Active,
    Inactive,
}

impl StoredWord for ResellerStatus {
    const ALL: &'static [Self] = &[ResellerStatus::Active, ResellerStatus::Inactive];

    fn as_str(self) -> &'static str {
        match self {
            ResellerStatus::Active => "active",
            ResellerStatus::Inactive => "inactive",
        }
    }
}

impl ResellerStatus {
    pub fn label(self) -> &'static str {
        match self {
            ResellerStatus::Active => "Active",
            ResellerStatus::Inactive => "Inactive",
        }
    }

    pub fn is_active(self) -> bool {
        self == ResellerStatus::Active
    }

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        Self::from_word(input).ok_or_else(|| FieldError::new("status", "Status is active or inactive"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_stored_values() {
        for &s in ResellerStatus::ALL {
            assert_eq!(ResellerStatus::parse(s.as_str()).unwrap(), s);
        }
        assert!(ResellerStatus::parse("enabled").is_err());
    }
}
