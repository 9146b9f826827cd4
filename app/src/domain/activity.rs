//! The activity log as the console shows it.

use super::StoredWord;
use serde::{Deserialize, Serialize};

/// What happened to a reseller, or to the agency's team (the `Member…` and `TwoFactor…` kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Created,
    Updated,
    Activated,
    Deactivated,
    PlanChanged,
    Deleted,
    LoginOk,
    LoginFailed,
    ApiKeyUsed,
    MemberInvited,
    MemberJoined,
    MemberRoleChanged,
    MemberDisabled,
    MemberEnabled,
    MemberRemoved,
    TwoFactorOn,
    TwoFactorOff,
    MemberSignInLocked,
    CustomerAdded,
    CustomerUpdated,
    CustomerSuspended,
    CustomerReactivated,
    CustomerDeleted,
    OwnPlanAdded,
    OwnPlanUpdated,
    OwnPlanArchived,
    OwnPlanRestored,
    SaleMade,
    CommissionApproved,
    CommissionReversed,
    PayoutRecorded,
    RefundWindowChanged,
    TeamMemberAdded,
    TeamMemberRemoved,
}

impl StoredWord for ActivityKind {
    const ALL: &'static [Self] = &[
        ActivityKind::Created,
        ActivityKind::Updated,
        ActivityKind::Activated,
        ActivityKind::Deactivated,
        ActivityKind::PlanChanged,
        ActivityKind::Deleted,
        ActivityKind::LoginOk,
        ActivityKind::LoginFailed,
        ActivityKind::ApiKeyUsed,
        ActivityKind::MemberInvited,
        ActivityKind::MemberJoined,
        ActivityKind::MemberRoleChanged,
        ActivityKind::MemberDisabled,
        ActivityKind::MemberEnabled,
        ActivityKind::MemberRemoved,
        ActivityKind::TwoFactorOn,
        ActivityKind::TwoFactorOff,
        ActivityKind::MemberSignInLocked,
        ActivityKind::CustomerAdded,
        ActivityKind::CustomerUpdated,
        ActivityKind::CustomerSuspended,
        ActivityKind::CustomerReactivated,
        ActivityKind::CustomerDeleted,
        ActivityKind::OwnPlanAdded,
        ActivityKind::OwnPlanUpdated,
        ActivityKind::OwnPlanArchived,
        ActivityKind::OwnPlanRestored,
        ActivityKind::SaleMade,
        ActivityKind::CommissionApproved,
        ActivityKind::CommissionReversed,
        ActivityKind::PayoutRecorded,
        ActivityKind::RefundWindowChanged,
        ActivityKind::TeamMemberAdded,
        ActivityKind::TeamMemberRemoved,
    ];

    fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Created => "created",
            ActivityKind::Updated => "updated",
            ActivityKind::Activated => "activated",
            ActivityKind::Deactivated => "deactivated",
            ActivityKind::PlanChanged => "plan_changed",
            ActivityKind::Deleted => "deleted",
            ActivityKind::LoginOk => "login_ok",
            ActivityKind::LoginFailed => "login_failed",
            ActivityKind::ApiKeyUsed => "api_key_used",
            ActivityKind::MemberInvited => "member_invited",
            ActivityKind::MemberJoined => "member_joined",
            ActivityKind::MemberRoleChanged => "member_role_changed",
            ActivityKind::MemberDisabled => "member_disabled",
            ActivityKind::MemberEnabled => "member_enabled",
            ActivityKind::MemberRemoved => "member_removed",
            ActivityKind::TwoFactorOn => "two_factor_on",
            ActivityKind::TwoFactorOff => "two_factor_off",
            ActivityKind::MemberSignInLocked => "member_sign_in_locked",
            ActivityKind::CustomerAdded => "customer_added",
            ActivityKind::CustomerUpdated => "customer_updated",
            ActivityKind::CustomerSuspended => "customer_suspended",
            ActivityKind::CustomerReactivated => "customer_reactivated",
            ActivityKind::CustomerDeleted => "customer_deleted",
            ActivityKind::OwnPlanAdded => "own_plan_added",
            ActivityKind::OwnPlanUpdated => "own_plan_updated",
            ActivityKind::OwnPlanArchived => "own_plan_archived",
            ActivityKind::OwnPlanRestored => "own_plan_restored",
            ActivityKind::SaleMade => "sale_made",
            ActivityKind::CommissionApproved => "commission_approved",
            ActivityKind::CommissionReversed => "commission_reversed",
            ActivityKind::PayoutRecorded => "payout_recorded",
            ActivityKind::RefundWindowChanged => "refund_window_changed",
            ActivityKind::TeamMemberAdded => "team_member_added",
            ActivityKind::TeamMemberRemoved => "team_member_removed",
        }
    }
}

impl ActivityKind {
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Created => "Created",
            ActivityKind::Updated => "Updated",
            ActivityKind::Activated => "Activated",
            ActivityKind::Deactivated => "Deactivated",
            ActivityKind::PlanChanged => "Plan changed",
            ActivityKind::Deleted => "Deleted",
            ActivityKind::LoginOk => "Signed in",
            ActivityKind::LoginFailed => "Sign-in failed",
            ActivityKind::ApiKeyUsed => "Usage reported",
            ActivityKind::MemberInvited => "Member invited",
            ActivityKind::MemberJoined => "Member joined",
            ActivityKind::MemberRoleChanged => "Role changed",
            ActivityKind::MemberDisabled => "Member switched off",
            ActivityKind::MemberEnabled => "Member switched on",
            ActivityKind::MemberRemoved => "Member removed",
            ActivityKind::TwoFactorOn => "Two-factor on",
            ActivityKind::TwoFactorOff => "Two-factor off",
            ActivityKind::MemberSignInLocked => "Member sign-in locked",
            ActivityKind::CustomerAdded => "Customer added",
            ActivityKind::CustomerUpdated => "Customer updated",
            ActivityKind::CustomerSuspended => "Customer suspended",
            ActivityKind::CustomerReactivated => "Customer reactivated",
            ActivityKind::CustomerDeleted => "Customer deleted",
            ActivityKind::OwnPlanAdded => "Plan added",
            ActivityKind::OwnPlanUpdated => "Plan updated",
            ActivityKind::OwnPlanArchived => "Plan archived",
            ActivityKind::OwnPlanRestored => "Plan restored",
            ActivityKind::SaleMade => "Sale",
            ActivityKind::CommissionApproved => "Commission approved",
            ActivityKind::CommissionReversed => "Commission reversed",
            ActivityKind::PayoutRecorded => "Payout recorded",
            ActivityKind::RefundWindowChanged => "Refund window changed",
            ActivityKind::TeamMemberAdded => "Team member added",
            ActivityKind::TeamMemberRemoved => "Team member removed",
        }
    }
}

/// One entry of the log. Carries no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub id: i64,
    pub reseller_id: Option<i64>,
    pub reseller_name: String,
    pub actor: String,
    pub kind: ActivityKind,
    pub detail: String,
    pub created_at: i64,
    /// Whether the reseller is still there to link to (the log outlives deletions).
    pub reseller_exists: bool,
}

/// Entries per page of the Activity tab.
pub const ACTIVITY_PAGE_SIZE: u32 = 30;

/// What the Activity tab shows, as in its URL: `?reseller=12&kind=deleted&page=2`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityQuery {
    pub reseller_id: Option<i64>,
    pub kind: Option<ActivityKind>,
    pub page: u32,
}

impl ActivityQuery {
    /// From URL parameters; odd values fall back to "all" and page 1.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            reseller_id: get("reseller").and_then(|v| v.trim().parse().ok()).filter(|id: &i64| *id > 0),
            kind: get("kind").and_then(|v| ActivityKind::from_word(&v)),
            page: get("page").and_then(|v| v.trim().parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * i64::from(ACTIVITY_PAGE_SIZE)
    }

    /// The query as URL parameters, defaults left out.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(id) = self.reseller_id {
            params.push(("reseller", id.to_string()));
        }
        if let Some(kind) = self.kind {
            params.push(("kind", kind.as_str().to_owned()));
        }
        if self.page > 1 {
            params.push(("page", self.page.to_string()));
        }
        params
    }

    /// The tab's URL for this query (defaults left out).
    pub fn href(&self) -> String {
        super::url_params::href("/partners/activity", &self.params())
    }

    fn try_from_params(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        Ok(Self::from_params(get))
    }
}

super::url_params::serde_as_url_params!(ActivityQuery);

/// What the activity server function is asked: the tab's query (its URL parameters) and
/// how many entries (`limit`: at most a page; 0 or absent, a page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityRequest {
    pub query: ActivityQuery,
    pub limit: u32,
}

impl ActivityRequest {
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = self.query.params();
        if self.limit > 0 {
            params.push(("limit", self.limit.to_string()));
        }
        params
    }

    /// The query's odd values fall back to "all"; a limit that is no whole number is refused.
    fn try_from_params(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let limit = match get("limit") {
            Some(v) => v.trim().parse::<u32>().map_err(|_| format!("limit must be a whole number, not {v:?}"))?,
            None => 0,
        };
        Ok(Self { query: ActivityQuery::from_params(get), limit })
    }

    /// Entries wanted: a page at most.
    pub fn size(&self) -> u32 {
        if self.limit == 0 {
            ACTIVITY_PAGE_SIZE
        } else {
            self.limit.min(ACTIVITY_PAGE_SIZE)
        }
    }
}

super::url_params::serde_as_url_params!(ActivityRequest);

/// One page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub entries: Vec<ActivityEntry>,
    pub total: i64,
    pub page: u32,
    /// The filtered reseller's name, when the query names one.
    pub reseller_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_round_trip_through_the_url() {
        let q = ActivityQuery { reseller_id: Some(12), kind: Some(ActivityKind::Deleted), page: 2 };
        assert_eq!(q.href(), "/partners/activity?reseller=12&kind=deleted&page=2");
        let parsed = ActivityQuery::from_params(|k| match k {
            "reseller" => Some("12".into()),
            "kind" => Some("deleted".into()),
            "page" => Some("2".into()),
            _ => None,
        });
        assert_eq!(parsed, q);
    }

    #[test]
    fn odd_values_fall_back_to_all() {
        let q = ActivityQuery::from_params(|k| Some(if k == "page" { "-3" } else { "nope" }.into()));
        assert_eq!(q, ActivityQuery { reseller_id: None, kind: None, page: 1 });
        assert_eq!(q.href(), "/partners/activity");
    }

    #[test]
    fn requests_travel_as_url_parameters() {
        let asked = ActivityRequest { query: ActivityQuery { reseller_id: Some(3), kind: None, page: 1 }, limit: 8 };
        let sent = serde_json::to_value(&asked).unwrap();
        assert_eq!(sent, serde_json::json!({ "reseller": "3", "limit": "8" }));
        assert_eq!(serde_json::from_value::<ActivityRequest>(sent).unwrap(), asked);
        let odd = serde_json::json!({ "page": "-1", "kind": "nope" });
        let first_page = ActivityRequest { query: ActivityQuery { page: 1, ..Default::default() }, limit: 0 };
        assert_eq!(serde_json::from_value::<ActivityRequest>(odd).unwrap(), first_page);
        assert!(serde_json::from_value::<ActivityRequest>(serde_json::json!({ "limit": "99999999999" })).is_err());
        assert_eq!(ActivityRequest { limit: 500, ..asked }.size(), ACTIVITY_PAGE_SIZE);
    }
}
