//! Invitations to the agency's team: a single-use link (a random token, kept only as its
//! SHA-256) that ends after `INVITATION_DAYS` days or when revoked. The invitee opens it,
//! chooses a name and a password, and is a member with the invitation's role.

use super::activity::{record, ActivityKind, Entry};
use super::auth::{hash_password, token_hash, NewAdmin, SessionToken};
use super::db::Db;
use super::AgencyScope;
use crate::domain::{
    parse_member_name, CreatedInvitation, Email, InvitationInfo, NewPassword, PendingInvitation, Role, StoredWord,
    INVITATION_DAYS,
};
use crate::error::AppError;

/// Invites `email` to the team with `role`. Refused (403) when the acting member may not
/// give that role. An earlier invitation of the same address still pending is revoked:
/// the newest link is the one that works.
pub async fn invite(scope: &AgencyScope, email: &str, role: Role, now: i64) -> Result<CreatedInvitation, AppError> {
    if !scope.admin.role.can_manage_member(role) {
        return Err(AppError::Forbidden);
    }
    let email = Email::parse("email", email).map_err(|e| AppError::Validation(vec![e]))?;
    let token = SessionToken::random();
    let expires_at = now + INVITATION_DAYS * 24 * 3600;
    let invited_by = if scope.admin.name.is_empty() { &scope.admin.email } else { &scope.admin.name };
    let mut tx = scope.db().begin_write().await?;
    let member: Option<i64> = sqlx::query_scalar("SELECT id FROM admins WHERE agency_id = $1 AND email = $2")
        .bind(scope.agency_id)
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if member.is_some() {
        return Err(AppError::field("email", "This e-mail is already a member of the team"));
    }
    sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE agency_id = $2 AND email = $3 \
         AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(scope.agency_id)
    .bind(email.as_str())
    .execute(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invitations (agency_id, email, role, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(scope.agency_id)
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(token_hash(&token.0))
    .bind(invited_by)
    .bind(now)
    .bind(expires_at)
    .fetch_one(&mut *tx)
    .await?;
    let entry = Entry {
        agency_id: scope.agency_id,
        reseller_id: None,
        reseller_name: email.as_str(),
        actor: &scope.admin.email,
        kind: ActivityKind::MemberInvited,
        detail: role.label(),
    };
    record(&mut tx, entry).await?;
    tx.commit().await?;
    let invitation =
        PendingInvitation { id, email: email.as_str().to_owned(), role, invited_by: invited_by.clone(), expires_at };
    Ok(CreatedInvitation { invitation, path: format!("/join/{}", token.0) })
}

/// The agency's invitations still waiting for their invitee, newest first.
pub async fn pending(scope: &AgencyScope, now: i64) -> Result<Vec<PendingInvitation>, AppError> {
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, email, role, invited_by, expires_at FROM invitations WHERE agency_id = $1 \
         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC, id DESC",
    )
    .bind(scope.agency_id)
    .bind(now)
    .fetch_all(scope.db().pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, email, role, invited_by, expires_at)| PendingInvitation {
            id,
            email,
            role: Role::from_stored(&role),
            invited_by,
            expires_at,
        })
        .collect())
}

/// Revokes a pending invitation: its link stops working. 404 when there is none to revoke.
pub async fn revoke(scope: &AgencyScope, id: i64, now: i64) -> Result<(), AppError> {
    let db = scope.db();
    let mut tx = db.begin_write().await?;
    let found: Option<String> = sqlx::query_scalar("SELECT role FROM invitations WHERE id = $1 AND agency_id = $2")
        .bind(id)
        .bind(scope.agency_id)
        .fetch_optional(&mut *tx)
        .await?;
    let role = Role::from_stored(&found.ok_or(AppError::NotFound)?);
    if !scope.admin.role.can_manage_member(role) {
        return Err(AppError::Forbidden);
    }
    let done = sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND agency_id = $3 \
         AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(scope.agency_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// The invitation behind a link's token, while it can be accepted.
pub async fn lookup(db: &Db, token: &str, now: i64) -> Result<Option<(i64, i64, InvitationInfo)>, AppError> {
    if token.len() > 100 {
        return Ok(None);
    }
    let row: Option<(i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT i.id, i.agency_id, g.name, i.email, i.role FROM invitations i JOIN agencies g ON g.id = i.agency_id \
         WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(id, agency_id, agency_name, email, role)| {
        (id, agency_id, InvitationInfo { agency_name, email, role: Role::from_stored(&role) })
    }))
}

/// What a link that cannot be used any more answers.
pub fn link_ended() -> AppError {
    AppError::Conflict(
        "This invitation link has ended: it was used, revoked or is older than 7 days. Ask for a new one.".into(),
    )
}

/// Joins the team through an invitation: the link is used up, and the new member (with
/// the invitation's e-mail and role) is answered. Two uses of one link at once make one
/// member: taking the invitation is one atomic statement.
pub async fn accept(
    db: &Db,
    token: &str,
    name: &str,
    password: &str,
    confirm: &str,
    now: i64,
) -> Result<i64, AppError> {
    let (id, agency_id, info) = lookup(db, token, now).await?.ok_or_else(link_ended)?;
    let mut errors = Vec::new();
    let name = parse_member_name(name).map_err(|e| errors.push(e)).ok();
    let password = NewPassword::parse(password, confirm, &[name.as_deref().unwrap_or(""), &info.email])
        .map_err(|e| errors.extend(e))
        .ok();
    let (Some(name), Some(password)) = (name, password) else { return Err(AppError::Validation(errors)) };
    let hash = hash_password(password.expose().to_owned()).await?;
    let mut tx = db.begin_write().await?;
    let taken = sqlx::query(
        "UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL \
         AND expires_at > $1",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if taken.rows_affected() != 1 {
        return Err(link_ended());
    }
    let email = Email::parse("email", &info.email).map_err(|e| AppError::Validation(vec![e]))?;
    let member = NewAdmin::hashed(email, hash);
    let member_id = member.insert(&mut *tx, agency_id, &name, info.role).await.map_err(|e| match e {
        // The address became an account elsewhere since the invitation.
        AppError::Validation(_) => AppError::Conflict(
            "This e-mail already has a Partnerdesk account. Ask the agency to invite another address.".into(),
        ),
        other => other,
    })?;
    let entry = Entry {
        agency_id,
        reseller_id: None,
        reseller_name: &name,
        actor: &info.email,
        kind: ActivityKind::MemberJoined,
        detail: info.role.label(),
    };
    record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(member_id)
}
