//! The reseller portal's data: which reseller a login domain belongs to, reseller
//! sign-in (the same throttling and session rules as agency admins, a separate session
//! kind), and what the signed-in reseller sees.

use super::activity::{log, ActivityKind, Entry};
use super::auth::{new_session, throttled_verify, SessionOwner, SessionToken};
use super::db::Db;
use super::throttle::ThrottleKeys;
use super::AppState;
use crate::domain::{Email, PartnerType, PlanSummary, ResellerStatus, ResellerUsage};
use crate::error::AppError;

/// Name of the portal's session cookie (host-only, so it stays on the reseller's host).
pub const PORTAL_COOKIE: &str = "pd_portal";

/// The reseller that signs in at a login domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalReseller {
    pub id: i64,
    pub agency_id: i64,
    pub name: String,
    pub agency_name: String,
    pub status: ResellerStatus,
    /// Own plans (its customers are on plans it makes) or commission (on the agency's).
    pub partner_type: PartnerType,
}

/// The reseller whose login domain this is, if any.
pub async fn reseller_at(db: &Db, login_domain: &str) -> Result<Option<PortalReseller>, AppError> {
    let row: Option<(i64, i64, String, String, ResellerStatus, PartnerType)> = sqlx::query_as(
        "SELECT r.id, r.agency_id, r.name, g.name, r.status, r.partner_type FROM resellers r JOIN agencies g ON g.id = r.agency_id \
         WHERE r.login_domain = $1",
    )
    .bind(login_domain)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(id, agency_id, name, agency_name, status, partner_type)| PortalReseller {
        id,
        agency_id,
        name,
        agency_name,
        status,
        partner_type,
    }))
}

/// Signs the reseller of this login domain in with its partner e-mail and password. A
/// deactivated reseller is refused (`Disabled`) once the password is right; an e-mail of
/// another reseller never works here. Sign-ins are logged in the agency's activity.
pub async fn sign_in(
    state: &AppState,
    reseller: &PortalReseller,
    email: &str,
    password: &str,
    client: &super::auth::SessionClient,
) -> Result<SessionToken, AppError> {
    let db = &state.db;
    let typed = email.trim().to_lowercase();
    let keys = ThrottleKeys::new(&format!("reseller:{}:{typed}", reseller.id), &client.address);
    let account = async {
        // Text that is no e-mail address names no partner and never reaches a query.
        let Ok(email) = Email::parse("email", &typed) else { return Ok(None) };
        sqlx::query_as("SELECT id, password_hash FROM resellers WHERE id = $1 AND email = $2")
            .bind(reseller.id)
            .bind(email.as_str())
            .fetch_optional(db.pool())
            .await
    };
    let entry = |kind, detail| Entry {
        agency_id: reseller.agency_id,
        reseller_id: Some(reseller.id),
        reseller_name: &reseller.name,
        actor: "reseller",
        kind,
        detail,
    };
    let verified = throttled_verify(db, &state.site.throttle, &keys, password, account).await.map_err(AppError::from);
    match verified {
        Err(AppError::InvalidCredentials) => {
            log(db, entry(ActivityKind::LoginFailed, "wrong e-mail or password")).await?;
            Err(AppError::InvalidCredentials)
        }
        Err(other) => Err(other),
        Ok(_) if !reseller.status.is_active() => {
            log(db, entry(ActivityKind::LoginFailed, "access disabled")).await?;
            Err(AppError::Disabled)
        }
        Ok(id) => {
            let token = new_session(db, &state.site.sessions, SessionOwner::Reseller(id), client).await?;
            log(db, entry(ActivityKind::LoginOk, "")).await?;
            Ok(token)
        }
    }
}

/// What the signed-in reseller sees: its plan and usage against the plan's limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalHome {
    pub name: String,
    pub agency_name: String,
    pub email: String,
    pub plan: Option<PlanSummary>,
    pub usage: ResellerUsage,
    /// How many customers the reseller has.
    pub customers: i64,
    pub partner_type: PartnerType,
}

pub async fn home(state: &AppState, reseller: &PortalReseller) -> Result<PortalHome, AppError> {
    let details =
        super::resellers::details(&state.db, reseller.agency_id, reseller.id, &state.site.base_domain).await?;
    Ok(PortalHome {
        name: details.name,
        agency_name: reseller.agency_name.clone(),
        email: details.email,
        plan: details.plan,
        usage: details.usage,
        customers: sqlx::query_scalar("SELECT COUNT(*) FROM customers WHERE reseller_id = $1")
            .bind(reseller.id)
            .fetch_one(state.db.pool())
            .await?,
        partner_type: reseller.partner_type,
    })
}
