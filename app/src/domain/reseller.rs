use super::{Month, PartnerType, PlanSummary, ResellerStatus, ResellerUsage};
use serde::{Deserialize, Serialize};

/// One row of the Resellers table. Carries no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The four overview cards.
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
}
