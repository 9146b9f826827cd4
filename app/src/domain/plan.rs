use super::{format_count, format_money, FieldError, StoredWord};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingCycle {
    Monthly,
    Quarterly,
    Yearly,
}

impl StoredWord for BillingCycle {
    const ALL: &'static [Self] = &[BillingCycle::Monthly, BillingCycle::Quarterly, BillingCycle::Yearly];

    fn as_str(self) -> &'static str {
        match self {
            BillingCycle::Monthly => "monthly",
            BillingCycle::Quarterly => "quarterly",
            BillingCycle::Yearly => "yearly",
        }
    }
}

impl BillingCycle {

    /// "per month" and friends, for prices.
    pub fn per(self) -> &'static str {
        match self {
            BillingCycle::Monthly => "per month",
            BillingCycle::Quarterly => "per quarter",
            BillingCycle::Yearly => "per year",
        }
    }

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        Self::from_word(input).ok_or_else(|| FieldError::new("billing_cycle", "Select monthly, quarterly or yearly"))
    }
}

/// What the Plan column's info icon tells about a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: i64,
    pub name: String,
    pub price_minor: i64,
    pub currency: String,
    pub billing_cycle: BillingCycle,
    pub messages_limit: i64,
    pub whatsapp_limit: i64,
    pub team_members_limit: i64,
}

impl PlanSummary {
    /// e.g. "$49.00 per month".
    pub fn price_label(&self) -> String {
        format!(
            "{} {}",
            format_money(self.price_minor, &self.currency),
            self.billing_cycle.per()
        )
    }

    /// The limits as short lines, e.g. "10k messages / month".
    pub fn limit_lines(&self) -> [String; 3] {
        [
            format!("{} messages / month", format_count(self.messages_limit)),
            format!("{} WhatsApp messages / month", format_count(self.whatsapp_limit)),
            format!("{} team members", format_count(self.team_members_limit)),
        ]
    }
}
