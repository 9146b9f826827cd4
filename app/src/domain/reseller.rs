use super::{Month, PartnerType, PlanSummary, ResellerStatus, ResellerUsage};
use serde::{Deserialize, Serialize};

/// One row of the Resellers table. Carries no secret.
///
/// Sent as an array, `[id, name, email, type, plan, joined, status, customers]`: a page's rows are
/// also in its hydration data, where the field names repeated in each of 25 rows (and
/// the quotes around them, escaped) were a third of it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "RowFields")]
pub struct ResellerRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub partner_type: PartnerType,
    /// The plan, described once per page in `ResellerPage::plans`.
    pub plan_id: Option<i64>,
    /// Unix seconds (UTC).
    pub joined_on: i64,
    pub status: ResellerStatus,
    /// How many customers it has.
    pub customers: i64,
}

type RowFields = (i64, String, String, PartnerType, Option<i64>, i64, ResellerStatus, i64);

impl From<RowFields> for ResellerRow {
    fn from((id, name, email, partner_type, plan_id, joined_on, status, customers): RowFields) -> Self {
        ResellerRow { id, name, email, partner_type, plan_id, joined_on, status, customers }
    }
}

impl Serialize for ResellerRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.id, &self.name, &self.email, self.partner_type, self.plan_id, self.joined_on, self.status, self.customers)
            .serialize(serializer)
    }
}

/// Everything the details page shows about a reseller. Carries no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerDetails {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub website: Option<String>,
    pub partner_type: PartnerType,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub login_domain: String,
    pub login_url: String,
    pub plan: Option<PlanSummary>,
    /// Commission in basis points (1/100 of a percent), for commission resellers.
    pub commission_rate_bp: Option<i64>,
    pub status: ResellerStatus,
    pub joined_on: i64,
    pub updated_at: i64,
    /// The last 12 months and the current team size.
    pub usage: ResellerUsage,
}

impl ResellerDetails {
    /// e.g. "12.5 %".
    pub fn commission_label(&self) -> Option<String> {
        self.commission_rate_bp.map(|bp| {
            let whole = bp / 100;
            match bp % 100 {
                0 => format!("{whole} %"),
                frac if frac % 10 == 0 => format!("{whole}.{} %", frac / 10),
                frac => format!("{whole}.{frac:02} %"),
            }
        })
    }
}

/// The overview cards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Resellers whose status is active.
    pub active_resellers: i64,
    /// All resellers, whatever their status.
    pub total_resellers: i64,
    /// The month the usage figures are for (the current one).
    pub month: Month,
    pub messages_consumed: i64,
    pub whatsapp_consumed: i64,
    pub team_members_consumed: i64,
    /// Commission earned by resellers and not paid yet (pending and approved), per currency.
    pub commission_owed: Vec<(String, i64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_travels_as_an_array_and_comes_back_whole() {
        let row = ResellerRow {
            id: 7,
            name: "Nova \"Labs\"".into(),
            email: "hi@nova.example".into(),
            partner_type: PartnerType::OwnPlans,
            plan_id: None,
            joined_on: 1_700_000_000,
            status: ResellerStatus::Inactive,
            customers: 3,
        };
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(json, r#"[7,"Nova \"Labs\"","hi@nova.example","own_plans",null,1700000000,"inactive",3]"#);
        assert_eq!(serde_json::from_str::<ResellerRow>(&json).unwrap(), row);
        assert!(serde_json::from_str::<ResellerRow>(r#"[7,"a","b","own_plans",null,1]"#).is_err());
    }
}
