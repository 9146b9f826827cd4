//! Sign-in throttling, shared by every server process through the database.
//!
//! An attempt is counted *before* its password is checked, by one atomic statement that
//! answers whether this attempt is still within the limit. So however many guesses arrive
//! at once, on however many processes, at most `max` of them are ever verified per window;
//! the one past the limit locks the key. A right password clears the account's count and
//! gives the client its attempt back. Keys are stored as digests: a row has a fixed size
//! whatever was typed, and no e-mail or address is kept in the clear.

use super::db::Db;
use crate::error::AppError;

/// Sign-in throttling rules: after `max_*_failures` attempts within `window_secs` that
/// did not succeed, the account (or the client address) is refused for `lock_secs`.
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

/// The two keys a sign-in attempt counts against: the account and the client address.
#[derive(Debug, Clone)]
pub struct ThrottleKeys {
    account: String,
    client: String,
}

impl ThrottleKeys {
    /// `account` names the account as typed (kind and e-mail, e.g. `admin:ana@x.io`).
    pub fn new(account: &str, client: &str) -> Self {
        Self { account: digest("account", account), client: digest("client", client) }
    }
}

fn digest(kind: &str, text: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(kind.as_bytes());
    hasher.update([0]);
    hasher.update(text.as_bytes());
    format!("{:x}", hasher.finalize())
}

/// An attempt that is within the limits of both keys: verify it, then settle it.
#[must_use = "an admitted attempt is settled with succeeded() or not_checked()"]
pub struct Admitted<'a> {
    keys: &'a ThrottleKeys,
}

/// A refused sign-in attempt: why (`error`), and whether this very attempt locked the
/// account (once per lock: what an account's owners are told of).
#[derive(Debug)]
pub struct Refused {
    pub error: AppError,
    pub account_just_locked: bool,
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Self {
        Self { error, account_just_locked: false }
    }
}

impl From<sqlx::Error> for Refused {
    fn from(error: sqlx::Error) -> Self {
        AppError::from(error).into()
    }
}

impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        refused.error
    }
}

/// Counts an attempt against the client, then the account. Refused (`TooManyAttempts`)
/// when either is over its limit; the password must then not be checked.
pub async fn admit<'a>(
    db: &Db,
    policy: &ThrottlePolicy,
    keys: &'a ThrottleKeys,
    now: i64,
) -> Result<Admitted<'a>, Refused> {
    // The client first: a locked client's guesses do not count against the accounts it tries.
    if let Some(refused) = count_attempt(db, policy, &keys.client, policy.max_client_failures, now).await? {
        return Err(Refused { account_just_locked: false, ..refused });
    }
    if let Some(error) = count_attempt(db, policy, &keys.account, policy.max_account_failures, now).await? {
        return Err(error);
    }
    Ok(Admitted { keys })
}

impl Admitted<'_> {
    /// The password was right: the account's count starts again and the client gets its
    /// attempt back (people who sign in often are never locked out).
    pub async fn succeeded(self, db: &Db, now: i64) -> Result<(), AppError> {
        {
            let _turn = db.write_turn().await;
            sqlx::query("DELETE FROM login_throttle WHERE key = $1")
                .bind(&self.keys.account)
                .execute(db.pool())
                .await?;
        }
        give_back(db, &self.keys.client, now).await
    }

    /// The password was wrong: the attempt stays counted.
    pub fn failed(self) {}

    /// The password could not be checked (the server was busy): the attempt is given back.
    pub async fn not_checked(self, db: &Db, now: i64) -> Result<(), AppError> {
        give_back(db, &self.keys.account, now).await?;
        give_back(db, &self.keys.client, now).await
    }
}

/// One statement: a new window when the old one ran out or a lock ended, else one more
/// attempt, and the lock when that attempt is past `max` (attempts while locked count on,
/// so the attempt that locked is the one that counted `max + 1`). Answers the refusal
/// when the key is locked (now or by this attempt), `None` while attempts are open.
async fn count_attempt(
    db: &Db,
    policy: &ThrottlePolicy,
    key: &str,
    max: i64,
    now: i64,
) -> Result<Option<Refused>, AppError> {
    // Every SET expression reads the row as it was before this statement ($2 = now).
    let _turn = db.write_turn().await;
    let (locked_until, failures): (i64, i64) = sqlx::query_as(
        "INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2, 0) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.failures + 1 \
             WHEN login_throttle.locked_until > 0 OR login_throttle.window_start + $3 <= $2 THEN 1 \
             ELSE login_throttle.failures + 1 END, \
           window_start = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.window_start \
             WHEN login_throttle.locked_until > 0 OR login_throttle.window_start + $3 <= $2 THEN $2 \
             ELSE login_throttle.window_start END, \
           locked_until = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.locked_until \
             WHEN login_throttle.locked_until > 0 OR login_throttle.window_start + $3 <= $2 THEN 0 \
             WHEN login_throttle.failures + 1 > $4 THEN $5 \
             ELSE 0 END \
         RETURNING locked_until, failures",
    )
    .bind(key)
    .bind(now)
    .bind(policy.window_secs)
    .bind(max)
    .bind(now + policy.lock_secs)
    .fetch_one(db.pool())
    .await?;
    if locked_until > now {
        let error = AppError::TooManyAttempts { retry_after_secs: locked_until - now };
        return Ok(Some(Refused { error, account_just_locked: failures == max + 1 }));
    }
    Ok(None)
}

/// Takes back one counted attempt (never below zero, never while locked).
async fn give_back(db: &Db, key: &str, now: i64) -> Result<(), AppError> {
    let _turn = db.write_turn().await;
    sqlx::query(
        "UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0 AND locked_until <= $2",
    )
    .bind(key)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Deletes rows whose window and lock are both over (at most `limit` per call): anonymous
/// requests cannot grow the table without bound.
pub async fn purge(db: &Db, policy: &ThrottlePolicy, now: i64, limit: i64) -> Result<u64, sqlx::Error> {
    let _turn = db.write_turn().await;
    let done = sqlx::query(
        "DELETE FROM login_throttle WHERE key IN (SELECT key FROM login_throttle \
         WHERE locked_until <= $1 AND window_start + $2 <= $1 LIMIT $3)",
    )
    .bind(now)
    .bind(policy.window_secs)
    .bind(limit)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fixed_size_digests_that_keep_no_text() {
        let huge = "a".repeat(2_000_000);
        let keys = ThrottleKeys::new(&format!("admin:{huge}@x.io"), "203.0.113.9");
        assert_eq!(keys.account.len(), 64);
        assert_eq!(keys.client.len(), 64);
        assert!(!keys.client.contains("203.0.113.9"));
        // The kind is part of the digest: an account named like an address is another key.
        assert_ne!(ThrottleKeys::new("x", "x").account, ThrottleKeys::new("x", "x").client);
    }
}
