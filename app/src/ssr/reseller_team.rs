//! A reseller's own team: listed, added to and removed from by the reseller in its portal
//! or by the agency's systems through the API. After every change the reseller's
//! team-member count is counted again from the rows, in the same transaction.

use super::activity::{record, Entry};
use super::db::Db;
use crate::domain::{ActivityKind, MemberRole, NewResellerMember, ResellerMember};
use crate::error::AppError;

/// Who makes a change, for the activity log: the reseller itself (its portal) or the
/// agency's systems (an API key's name).
pub struct Changer<'a> {
    pub agency_id: i64,
    pub reseller_id: i64,
    pub actor: &'a str,
}

/// The reseller's members, oldest first (the caller has checked the reseller is the agency's).
pub async fn list(db: &Db, agency_id: i64, reseller_id: i64) -> Result<Vec<ResellerMember>, AppError> {
    let rows: Vec<(i64, String, String, MemberRole, i64)> = sqlx::query_as(
        "SELECT id, name, email, role, created_at FROM reseller_members WHERE agency_id = $1 AND reseller_id = $2 \
         ORDER BY created_at, id",
    )
    .bind(agency_id)
    .bind(reseller_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, role, created_at)| ResellerMember { id, name, email, role, created_at })
        .collect())
}

async fn recount(tx: &mut sqlx::AnyConnection, reseller_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE resellers SET team_members_consumed = \
         (SELECT COUNT(*) FROM reseller_members m WHERE m.reseller_id = $1), updated_at = $2 WHERE id = $1",
    )
    .bind(reseller_id)
    .bind(super::now())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn reseller_name(tx: &mut sqlx::AnyConnection, by: &Changer<'_>) -> Result<String, AppError> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM resellers WHERE id = $1 AND agency_id = $2")
        .bind(by.reseller_id)
        .bind(by.agency_id)
        .fetch_optional(&mut *tx)
        .await?;
    name.ok_or(AppError::NotFound)
}

/// Adds a member; an address already on the team is refused on its field.
pub async fn add(db: &Db, by: &Changer<'_>, name: &str, email: &str, role: &str) -> Result<ResellerMember, AppError> {
    let new = NewResellerMember::parse(name, email, role).map_err(AppError::Validation)?;
    let now = super::now();
    let mut tx = db.begin_write().await?;
    let reseller = reseller_name(&mut tx, by).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO reseller_members (agency_id, reseller_id, name, email, role, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(by.agency_id)
    .bind(by.reseller_id)
    .bind(&new.name)
    .bind(new.email.as_str())
    .bind(new.role)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match super::db::unique_violation(&e, "reseller_members", &["email"]) {
        Some(_) => AppError::field("email", "This address is already on the team"),
        None => e.into(),
    })?;
    recount(&mut tx, by.reseller_id).await?;
    let detail = format!("{} ({})", new.name, new.role.label());
    let entry = Entry {
        agency_id: by.agency_id,
        reseller_id: Some(by.reseller_id),
        reseller_name: &reseller,
        actor: by.actor,
        kind: ActivityKind::TeamMemberAdded,
        detail: &detail,
    };
    record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(ResellerMember { id, name: new.name, email: new.email.as_str().to_owned(), role: new.role, created_at: now })
}

/// Removes a member (404 when it is not on this reseller's team).
pub async fn remove(db: &Db, by: &Changer<'_>, member_id: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let reseller = reseller_name(&mut tx, by).await?;
    let name: Option<String> = sqlx::query_scalar(
        "DELETE FROM reseller_members WHERE id = $1 AND reseller_id = $2 AND agency_id = $3 RETURNING name",
    )
    .bind(member_id)
    .bind(by.reseller_id)
    .bind(by.agency_id)
    .fetch_optional(&mut *tx)
    .await?;
    let name = name.ok_or(AppError::NotFound)?;
    recount(&mut tx, by.reseller_id).await?;
    let entry = Entry {
        agency_id: by.agency_id,
        reseller_id: Some(by.reseller_id),
        reseller_name: &reseller,
        actor: by.actor,
        kind: ActivityKind::TeamMemberRemoved,
        detail: &name,
    };
    record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}
