use super::{FieldError, StoredWord};
use serde::{Deserialize, Serialize};

/// How a partner operates (the seed's "Partner Type").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerType {
    /// "Reseller with Own Plans": creates and manages its own pricing plans.
    OwnPlans,
    /// "Reseller with Commission": sells the agency's plans and earns a commission.
    Commission,
}

impl StoredWord for PartnerType {
    const ALL: &'static [Self] = &[PartnerType::OwnPlans, PartnerType::Commission];

    /// The value stored in the database and used in URLs and forms.
    fn as_str(self) -> &'static str {
        match self {
            PartnerType::OwnPlans => "own_plans",
            PartnerType::Commission => "commission",
        }
    }
}

impl PartnerType {
    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            PartnerType::OwnPlans => "Reseller with Own Plans",
            PartnerType::Commission => "Reseller with Commission",
        }
    }

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        Self::from_word(input).ok_or_else(|| FieldError::new("partner_type", "Select a partner type"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_stored_values() {
        for &t in PartnerType::ALL {
            assert_eq!(PartnerType::parse(t.as_str()).unwrap(), t);
        }
        assert!(PartnerType::parse("").is_err());
        assert!(PartnerType::parse("OwnPlans").is_err());
    }
}
