//! The agency's team: its members, their roles, switching them off and removing them.
//! An agency always keeps an owner who can sign in: the last one can be neither removed,
//! disabled nor demoted, and the check and the change are one step (two owners demoting
//! each other at the same moment cannot both succeed).

use super::activity::{record, ActivityKind, Entry};
use super::db::{Backend, WriteTx};
use super::AgencyScope;
use crate::domain::{Role, StoredWord, TeamMember};
use crate::error::AppError;

/// The agency's members: owners first (the roles' order), then by name and e-mail.
pub async fn list(scope: &AgencyScope) -> Result<Vec<TeamMember>, AppError> {
    type Row = (i64, String, String, String, Option<i64>, Option<i64>, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, email, role, disabled_at, last_sign_in_at, totp_enabled_at FROM admins WHERE agency_id = $1",
    )
    .bind(scope.agency_id)
    .fetch_all(scope.db().pool())
    .await?;
    let mut members: Vec<TeamMember> = rows
        .into_iter()
        .map(|(id, name, email, role, disabled_at, last_sign_in_at, totp_enabled_at)| TeamMember {
            id,
            name,
            email,
            role: Role::from_stored(&role),
            disabled: disabled_at.is_some(),
            last_sign_in_at,
            two_factor: totp_enabled_at.is_some(),
            is_you: id == scope.admin.admin_id,
        })
        .collect();
    members.sort_by_cached_key(|m| (m.role, m.name.to_lowercase(), m.email.clone()));
    Ok(members)
}

/// What is done to a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Role(Role),
    /// `true` switches the member off (sessions end), `false` on again.
    Disabled(bool),
    Remove,
}

impl Change {
    /// Whether the member stops being an owner who can sign in.
    fn ends_ownership(self) -> bool {
        match self {
            Change::Role(role) => role != Role::Owner,
            Change::Disabled(off) => off,
            Change::Remove => true,
        }
    }
}

/// Changes one of the agency's members. Refused (403) when the acting member's role may not
/// touch the member's role or give the new one; refused (409) when it would leave the
/// agency without an owner who can sign in. A member switched off or removed is signed out
/// everywhere at once.
pub async fn change(scope: &AgencyScope, member_id: i64, change: Change) -> Result<(), AppError> {
    let db = scope.db();
    let mut tx = db.begin_write().await?;
    if db.backend() == Backend::Postgres {
        // Team changes of one agency take turns (SQLite's writers already do).
        sqlx::query("SELECT id FROM agencies WHERE id = $1 FOR UPDATE").bind(scope.agency_id).execute(&mut *tx).await?;
    }
    let current: Option<(String, Option<i64>, String, String)> =
        sqlx::query_as("SELECT role, disabled_at, name, email FROM admins WHERE id = $1 AND agency_id = $2")
            .bind(member_id)
            .bind(scope.agency_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (role, disabled_at, name, email) = current.ok_or(AppError::NotFound)?;
    let role = Role::from_stored(&role);
    let acting = scope.admin.role;
    let gives = match change {
        Change::Role(new) => Some(new),
        _ => None,
    };
    if !acting.can_manage_member(role) || gives.is_some_and(|new| !acting.can_manage_member(new)) {
        return Err(AppError::Forbidden);
    }
    if role == Role::Owner
        && disabled_at.is_none()
        && change.ends_ownership()
        && other_owners(&mut tx, scope, member_id).await? == 0
    {
        return Err(AppError::Conflict(
            "The agency needs an owner who can sign in: make another member owner first.".into(),
        ));
    }
    let now = super::now();
    match change {
        Change::Role(new) => {
            sqlx::query("UPDATE admins SET role = $1 WHERE id = $2")
                .bind(new.as_str())
                .bind(member_id)
                .execute(&mut *tx)
                .await?;
        }
        Change::Disabled(off) => {
            sqlx::query("UPDATE admins SET disabled_at = $1 WHERE id = $2")
                .bind(off.then_some(disabled_at.unwrap_or(now)))
                .bind(member_id)
                .execute(&mut *tx)
                .await?;
            if off {
                sqlx::query("DELETE FROM sessions WHERE admin_id = $1").bind(member_id).execute(&mut *tx).await?;
            }
        }
        Change::Remove => {
            // The member's sessions go with it (ON DELETE CASCADE).
            sqlx::query("DELETE FROM sessions WHERE admin_id = $1").bind(member_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM admins WHERE id = $1").bind(member_id).execute(&mut *tx).await?;
        }
    }
    let (kind, detail) = match change {
        Change::Role(new) => (ActivityKind::MemberRoleChanged, format!("{} → {}", role.label(), new.label())),
        Change::Disabled(true) => (ActivityKind::MemberDisabled, String::new()),
        Change::Disabled(false) => (ActivityKind::MemberEnabled, String::new()),
        Change::Remove => (ActivityKind::MemberRemoved, role.label().to_owned()),
    };
    let who = if name.is_empty() { &email } else { &name };
    let entry = Entry {
        agency_id: scope.agency_id,
        reseller_id: None,
        reseller_name: who,
        actor: &scope.admin.email,
        kind,
        detail: &detail,
    };
    record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the agency requires two-factor sign-in of every member.
pub async fn requires_two_factor(scope: &AgencyScope) -> Result<bool, AppError> {
    let required: i64 = sqlx::query_scalar("SELECT require_two_factor FROM agencies WHERE id = $1")
        .bind(scope.agency_id)
        .fetch_one(scope.db().pool())
        .await?;
    Ok(required != 0)
}

/// Requires (or stops requiring) two-factor sign-in of every member. Members without it
/// are led to set it up before anything else, from their next page on. An owner who
/// requires it must have it on first (or would be locked out of everything but setup).
pub async fn require_two_factor(scope: &AgencyScope, required: bool) -> Result<(), AppError> {
    if required && !super::two_factor::is_on(scope.db(), scope.admin.admin_id).await? {
        return Err(AppError::Conflict(
            "Turn on two-factor sign-in for your own account first (Settings → Account).".into(),
        ));
    }
    let _turn = scope.db().write_turn().await;
    sqlx::query("UPDATE agencies SET require_two_factor = $1 WHERE id = $2")
        .bind(i64::from(required))
        .bind(scope.agency_id)
        .execute(scope.db().pool())
        .await?;
    Ok(())
}

/// The agency's owners who can sign in, other than `member_id`.
async fn other_owners(tx: &mut WriteTx, scope: &AgencyScope, member_id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM admins WHERE agency_id = $1 AND id != $2 AND role = 'owner' AND disabled_at IS NULL",
    )
    .bind(scope.agency_id)
    .bind(member_id)
    .fetch_one(&mut **tx)
    .await?)
}
