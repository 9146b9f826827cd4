//! A member's own account: name and e-mail, password (asking the current one, and ending
//! the member's other sessions), and the list of their sessions to sign out.

use super::auth::{hash_password, throttled_verify, token_hash, CurrentAdmin, SessionClient, ThrottlePolicy};
use super::db::Db;
use super::throttle::ThrottleKeys;
use crate::domain::{parse_member_name, AccountOverview, Email, NewPassword, SessionInfo};
use crate::error::AppError;

/// The account page: the member, their second factor and their sessions (the one of
/// `current_token` marked and first, then the most recently used).
pub async fn overview(db: &Db, member: &CurrentAdmin, current_token: &str) -> Result<AccountOverview, AppError> {
    let (two_factor_required,): (i64,) = sqlx::query_as("SELECT require_two_factor FROM agencies WHERE id = $1")
        .bind(member.agency_id)
        .fetch_one(db.pool())
        .await?;
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT token_hash, user_agent, client_addr, created_at, last_seen_at FROM sessions \
         WHERE admin_id = $1 ORDER BY last_seen_at DESC, created_at DESC",
    )
    .bind(member.admin_id)
    .fetch_all(db.pool())
    .await?;
    let current = token_hash(current_token);
    let mut sessions: Vec<SessionInfo> = rows
        .into_iter()
        .map(|(id, user_agent, address, created_at, last_seen_at)| SessionInfo {
            current: id == current,
            id,
            device: device(&user_agent),
            address,
            created_at,
            last_seen_at,
        })
        .collect();
    // This browser's session first, then the others as used.
    sessions.sort_by_key(|s| !s.current);
    Ok(AccountOverview {
        name: member.name.clone(),
        email: member.email.clone(),
        role: member.role,
        agency_name: member.agency_name.clone(),
        two_factor: super::two_factor::is_on(db, member.admin_id).await?,
        recovery_codes_left: super::two_factor::recovery_codes_left(db, member.admin_id).await?,
        two_factor_required: two_factor_required != 0,
        sessions,
    })
}

/// "Chrome on Linux", from a User-Agent; "Unknown browser" when it names none.
pub fn device(user_agent: &str) -> String {
    match woothee::parser::Parser::new().parse(user_agent) {
        Some(ua) if ua.name != "UNKNOWN" => {
            let os = if ua.os == "UNKNOWN" { String::new() } else { format!(" on {}", ua.os) };
            format!("{}{os}", ua.name)
        }
        _ if user_agent.is_empty() => "Unknown browser".into(),
        _ => user_agent.chars().take(60).collect(),
    }
}

/// Changes the member's name and e-mail (the sign-in name).
pub async fn update_profile(db: &Db, member: &CurrentAdmin, name: &str, email: &str) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let name = parse_member_name(name).map_err(|e| errors.push(e)).ok();
    let email = Email::parse("email", email).map_err(|e| errors.push(e)).ok();
    let (Some(name), Some(email)) = (name, email) else { return Err(AppError::Validation(errors)) };
    let _turn = db.write_turn().await;
    let done = sqlx::query("UPDATE admins SET name = $1, email = $2 WHERE id = $3")
        .bind(&name)
        .bind(email.as_str())
        .bind(member.admin_id)
        .execute(db.pool())
        .await;
    done.map_err(|e| match super::db::unique_violation(&e, "admins", &["email"]) {
        Some(_) => AppError::field("email", "Another account uses this e-mail"),
        None => e.into(),
    })?;
    Ok(())
}

/// Checks the member's current password, throttled like a sign-in (a session left open on
/// a shared computer does not let anyone guess it).
pub async fn check_password(
    db: &Db,
    throttle: &ThrottlePolicy,
    member: &CurrentAdmin,
    password: &str,
    client: &SessionClient,
) -> Result<(), AppError> {
    let keys = ThrottleKeys::new(&format!("admin-password:{}", member.admin_id), &client.address);
    let account = async {
        sqlx::query_as("SELECT id, password_hash FROM admins WHERE id = $1")
            .bind(member.admin_id)
            .fetch_optional(db.pool())
            .await
    };
    match throttled_verify(db, throttle, &keys, password, account).await.map_err(AppError::from) {
        Ok(_) => Ok(()),
        Err(AppError::InvalidCredentials) => Err(AppError::field("current_password", "Your current password is wrong")),
        Err(other) => Err(other),
    }
}

/// Changes the member's password (the current one checked by the caller) and ends every
/// other session of theirs: a browser that knew the old password is signed out.
pub async fn change_password(
    db: &Db,
    member: &CurrentAdmin,
    current_token: &str,
    password: &str,
    confirm: &str,
) -> Result<u64, AppError> {
    let password =
        NewPassword::parse(password, confirm, &[&member.name, &member.email]).map_err(AppError::Validation)?;
    let hash = hash_password(password.expose().to_owned()).await?;
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE admins SET password_hash = $1 WHERE id = $2")
        .bind(&hash)
        .bind(member.admin_id)
        .execute(&mut *tx)
        .await?;
    let ended = sqlx::query("DELETE FROM sessions WHERE admin_id = $1 AND token_hash != $2")
        .bind(member.admin_id)
        .bind(token_hash(current_token))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(ended.rows_affected())
}

/// Signs out one of the member's sessions (404 when it is not theirs or is gone).
pub async fn end_session(db: &Db, member: &CurrentAdmin, session_id: &str) -> Result<(), AppError> {
    let _turn = db.write_turn().await;
    let done = sqlx::query("DELETE FROM sessions WHERE admin_id = $1 AND token_hash = $2")
        .bind(member.admin_id)
        .bind(session_id)
        .execute(db.pool())
        .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Signs out every session of the member but the current one; answers how many ended.
pub async fn end_other_sessions(db: &Db, member: &CurrentAdmin, current_token: &str) -> Result<u64, AppError> {
    let _turn = db.write_turn().await;
    let done = sqlx::query("DELETE FROM sessions WHERE admin_id = $1 AND token_hash != $2")
        .bind(member.admin_id)
        .bind(token_hash(current_token))
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named_from_the_user_agent() {
        let chrome =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assert_eq!(device(chrome), "Chrome on Linux");
        assert_eq!(device(""), "Unknown browser");
        assert_eq!(device("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"), "Safari on iPhone");
        assert_eq!(device("something/1.0"), "something/1.0");
    }
}
