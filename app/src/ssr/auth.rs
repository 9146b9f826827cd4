//! Agency admin accounts, passwords (argon2id, off the async runtime), database-backed
//! sessions and sign-in throttling.

use super::now;
use crate::domain::Email;
use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use super::db::Pool;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "pd_session";

/// Session lifetime rules.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle_secs: i64,
    /// A session ends this long after sign-in, used or not.
    pub absolute_secs: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self { idle_secs: 12 * 3600, absolute_secs: 7 * 24 * 3600 }
    }
}

/// Sign-in throttling rules: after `max_*_failures` failures within `window_secs`,
/// the account (or the client address) is refused for `lock_secs`.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub max_account_failures: i64,
    pub max_client_failures: i64,
    pub window_secs: i64,
    pub lock_secs: i64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self { max_account_failures: 5, max_client_failures: 20, window_secs: 15 * 60, lock_secs: 15 * 60 }
    }
}

/// The signed-in agency admin of a request. Carries no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentAdmin {
    pub admin_id: i64,
    pub agency_id: i64,
    pub email: String,
    pub agency_name: String,
}

/// A fresh session token: goes to the browser once, in the cookie; only its hash is kept.
pub struct SessionToken(pub String);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken([redacted])")
    }
}

fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

fn new_token() -> SessionToken {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    SessionToken(URL_SAFE_NO_PAD.encode(bytes))
}

/// argon2id with the crate's defaults (OWASP: m = 19 MiB, t = 2, p = 1), on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// A real argon2id hash of a random password: verifying against it costs what a real
/// verification costs, so an unknown e-mail takes as long as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$gZiV/M1gPc22ElAH/Jh1Hw$CWOrkoo7oJBQ/iyh7uJ0LO2aLEfrHwTWllSAxT0zRno";

/// Checks a password against a stored hash (or the dummy hash), on a blocking thread.
pub async fn verify_password(stored: Option<String>, password: String) -> bool {
    let has_account = stored.is_some();
    let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let ok = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    ok && has_account
}

/// Creates an agency admin. The password must have at least 10 characters.
pub async fn create_admin(pool: &Pool, agency_id: i64, email: &str, password: &str) -> Result<i64, AppError> {
    let email = Email::parse("email", email).map_err(|e| AppError::Validation(vec![e]))?;
    if password.chars().count() < 10 {
        return Err(AppError::field("password", "Use at least 10 characters"));
    }
    let hash = hash_password(password.to_owned()).await?;
    let inserted = sqlx::query_scalar(
        "INSERT INTO admins (agency_id, email, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(agency_id)
    .bind(email.as_str())
    .bind(hash)
    .bind(now())
    .fetch_one(pool)
    .await;
    match inserted {
        Ok(id) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Err(AppError::field("email", "An admin with this e-mail already exists"))
        }
        Err(e) => Err(e.into()),
    }
}

/// Signs an admin in: throttling first, then the password, then a new session
/// (a new token every time: the session id rotates at sign-in).
pub async fn sign_in(
    pool: &Pool,
    throttle: &ThrottlePolicy,
    sessions: &SessionPolicy,
    email: &str,
    password: &str,
    client: &str,
) -> Result<SessionToken, AppError> {
    let email = email.trim().to_lowercase();
    let keys = [format!("account:{email}"), format!("client:{client}")];
    let account: Option<(i64, String)> = sqlx::query_as("SELECT id, password_hash FROM admins WHERE email = $1")
        .bind(&email)
        .fetch_optional(pool)
        .await?;
    let admin_id = throttled_verify(pool, throttle, &keys, account, password).await?;
    new_session(pool, sessions, SessionOwner::Admin(admin_id)).await
}

/// Who a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionOwner {
    Admin(i64),
    Reseller(i64),
}

/// The sign-in rules every account kind shares: refused while a key is locked; the
/// password checked (as long for an unknown account as for a wrong password); a failure
/// counted against both keys; a success clears the account's failures. Answers the
/// account's id.
pub async fn throttled_verify(
    pool: &Pool,
    throttle: &ThrottlePolicy,
    keys: &[String; 2],
    account: Option<(i64, String)>,
    password: &str,
) -> Result<i64, AppError> {
    let now = now();
    if let Some(retry_after_secs) = locked_for(pool, keys, now).await? {
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }
    let (id, stored) = match account {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    let verified = verify_password(stored, password.to_owned()).await;
    let Some(id) = id.filter(|_| verified) else {
        record_failure(pool, throttle, &keys[0], throttle.max_account_failures, now).await?;
        record_failure(pool, throttle, &keys[1], throttle.max_client_failures, now).await?;
        tracing::info!(key = %keys[1], "failed sign-in");
        return Err(AppError::InvalidCredentials);
    };
    sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(&keys[0]).execute(pool).await?;
    Ok(id)
}

/// Starts a session for its owner; the token goes to the browser once.
pub async fn new_session(pool: &Pool, sessions: &SessionPolicy, owner: SessionOwner) -> Result<SessionToken, AppError> {
    let now = now();
    let (kind, admin_id, reseller_id) = match owner {
        SessionOwner::Admin(id) => ("admin", Some(id), None),
        SessionOwner::Reseller(id) => ("reseller", None, Some(id)),
    };
    let token = new_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, kind, admin_id, reseller_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token_hash(&token.0))
    .bind(kind)
    .bind(admin_id)
    .bind(reseller_id)
    .bind(now)
    .bind(now)
    .bind(now + sessions.absolute_secs)
    .execute(pool)
    .await?;
    Ok(token)
}

/// Seconds until the first locked key opens again, if any is locked.
async fn locked_for(pool: &Pool, keys: &[String; 2], now: i64) -> Result<Option<i64>, AppError> {
    let until: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(locked_until) FROM login_throttle WHERE key IN ($1, $2) AND locked_until > $3",
    )
    .bind(&keys[0])
    .bind(&keys[1])
    .bind(now)
    .fetch_one(pool)
    .await?;
    Ok(until.map(|u| u - now))
}

async fn record_failure(pool: &Pool, policy: &ThrottlePolicy, key: &str, max: i64, now: i64) -> Result<(), AppError> {
    // One statement: a new window when the old one ran out, the lock when the count is reached.
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2, 0) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN login_throttle.window_start + $3 <= $2 THEN 1 ELSE login_throttle.failures + 1 END, \
           window_start = CASE WHEN login_throttle.window_start + $3 <= $2 THEN $2 ELSE login_throttle.window_start END",
    )
    .bind(key)
    .bind(now)
    .bind(policy.window_secs)
    .execute(pool)
    .await?;
    sqlx::query("UPDATE login_throttle SET locked_until = $1, failures = 0, window_start = $2 WHERE key = $3 AND failures >= $4")
        .bind(now + policy.lock_secs)
        .bind(now)
        .bind(key)
        .bind(max)
        .execute(pool)
        .await?;
    Ok(())
}

/// The admin a session token belongs to, if the session is still valid. Marks it used
/// (at most once a minute, to keep reads cheap).
pub async fn admin_for_token(pool: &Pool, policy: &SessionPolicy, token: &str) -> Result<Option<CurrentAdmin>, AppError> {
    let now = now();
    let hash = token_hash(token);
    let row: Option<(i64, i64, String, String, i64)> = sqlx::query_as(
        "SELECT a.id, a.agency_id, a.email, g.name, s.last_seen_at FROM sessions s \
         JOIN admins a ON a.id = s.admin_id JOIN agencies g ON g.id = a.agency_id \
         WHERE s.token_hash = $1 AND s.kind = 'admin' AND s.expires_at > $2 AND s.last_seen_at + $3 > $4",
    )
    .bind(&hash)
    .bind(now)
    .bind(policy.idle_secs)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some((admin_id, agency_id, email, agency_name, last_seen_at)) = row else {
        return Ok(None);
    };
    mark_used(pool, &hash, last_seen_at, now).await?;
    Ok(Some(CurrentAdmin { admin_id, agency_id, email, agency_name }))
}

/// The reseller a portal session token belongs to, if the session is still valid, was
/// opened at this login domain, and the reseller's access is on.
pub async fn reseller_for_token(pool: &Pool, policy: &SessionPolicy, token: &str, login_domain: &str) -> Result<Option<i64>, AppError> {
    let now = now();
    let hash = token_hash(token);
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT r.id, s.last_seen_at FROM sessions s JOIN resellers r ON r.id = s.reseller_id \
         WHERE s.token_hash = $1 AND s.kind = 'reseller' AND r.login_domain = $2 AND r.status = 'active' \
           AND s.expires_at > $3 AND s.last_seen_at + $4 > $5",
    )
    .bind(&hash)
    .bind(login_domain)
    .bind(now)
    .bind(policy.idle_secs)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some((reseller_id, last_seen_at)) = row else { return Ok(None) };
    mark_used(pool, &hash, last_seen_at, now).await?;
    Ok(Some(reseller_id))
}

/// Moves a session's idle clock (at most once a minute, to keep reads cheap).
async fn mark_used(pool: &Pool, hash: &str, last_seen_at: i64, now: i64) -> Result<(), AppError> {
    if now - last_seen_at >= 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2").bind(now).bind(hash).execute(pool).await?;
    }
    Ok(())
}

/// Ends a session (sign-out).
pub async fn end_session(pool: &Pool, token: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)).execute(pool).await?;
    Ok(())
}

/// The `Set-Cookie` value that stores a session token (or, with `None`, removes it).
pub fn session_cookie(token: Option<&SessionToken>, policy: &SessionPolicy, secure: bool) -> String {
    named_session_cookie(SESSION_COOKIE, token, policy, secure)
}

/// The same for a named cookie. Host-only (no `Domain`): a console cookie is never sent to
/// a reseller's host, nor a reseller's to the console.
pub fn named_session_cookie(name: &str, token: Option<&SessionToken>, policy: &SessionPolicy, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(t) => format!("{name}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", t.0, policy.absolute_secs),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// The session token in a `Cookie` header, if any.
pub fn token_from_cookies(headers: &http::HeaderMap) -> Option<String> {
    named_token_from_cookies(headers, SESSION_COOKIE)
}

/// The value of a named cookie, if any and not empty.
pub fn named_token_from_cookies(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_dummy_hash_is_a_real_argon2id_hash() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert!(!verify_password(None, "anything".into()).await);
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password(Some(hash.clone()), "correct horse battery".into()).await);
        assert!(!verify_password(Some(hash), "Correct horse battery".into()).await);
    }

    #[test]
    fn reads_the_session_cookie() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::COOKIE, "a=1; pd_session=tok_en; b=2".parse().unwrap());
        assert_eq!(token_from_cookies(&headers).as_deref(), Some("tok_en"));
        headers.insert(http::header::COOKIE, "pd_session=".parse().unwrap());
        assert_eq!(token_from_cookies(&headers), None);
    }

    #[test]
    fn cookies_are_http_only_and_same_site() {
        let policy = SessionPolicy::default();
        let c = session_cookie(Some(&SessionToken("t".into())), &policy, true);
        assert_eq!(c, "pd_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800; Secure");
        assert!(session_cookie(None, &policy, false).contains("Max-Age=0"));
    }
}
