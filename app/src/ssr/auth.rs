//! Agency admin accounts, passwords (argon2id, off the async runtime, behind one bounded
//! gate), database-backed sessions, and the sign-in check every account kind shares.

use super::db::Db;
use super::now;
pub use super::throttle::ThrottlePolicy;
use super::throttle::{admit, Refused, ThrottleKeys};
use crate::domain::{Email, Role, StoredWord};
use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::time::Duration;

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

/// The signed-in member of an agency's team on a request. Carries no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentAdmin {
    pub admin_id: i64,
    pub agency_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub agency_name: String,
    /// The agency requires two-factor sign-in and this member has not set it up: until
    /// they do, only their account page works.
    pub two_factor_due: bool,
}

/// The browser a session was opened from, as its member sees it in their sessions list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionClient {
    pub user_agent: String,
    pub address: String,
}

impl SessionClient {
    /// From the request: its `User-Agent` and the peer's address.
    pub fn of(parts: Option<&http::request::Parts>) -> Self {
        match parts {
            Some(parts) => Self::new(&parts.headers, client_address(Some(parts))),
            None => Self::default(),
        }
    }

    /// The `User-Agent` of `headers` (at most 300 characters, no control characters) and
    /// the peer's `address`.
    pub fn new(headers: &http::HeaderMap, address: String) -> Self {
        let user_agent = headers.get(http::header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
        Self { user_agent: user_agent.chars().filter(|c| !c.is_control()).take(300).collect(), address }
    }
}

/// The peer's address of a request ("unknown" without one): the key sign-in throttling
/// counts a client's attempts by.
pub fn client_address(parts: Option<&http::request::Parts>) -> String {
    parts
        .and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>())
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// A fresh session token: goes to the browser once, in the cookie; only its hash is kept.
pub struct SessionToken(pub String);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken([redacted])")
    }
}

impl SessionToken {
    /// 32 random bytes, URL-safe base64.
    pub fn random() -> Self {
        new_token()
    }
}

/// The SHA-256 a token is stored as.
pub fn token_hash(token: &str) -> String {
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

/// The gate every argon2 computation passes: at most `permits` at once, each caller
/// waiting at most `wait` for its turn. Each computation holds 19 MiB and a core for tens
/// of milliseconds, so without a gate a burst of sign-ins (anonymous ones included) takes
/// memory and CPU without bound.
pub struct HashGate {
    permits: tokio::sync::Semaphore,
    wait: Duration,
}

impl HashGate {
    pub fn new(permits: usize, wait: Duration) -> Self {
        Self { permits: tokio::sync::Semaphore::new(permits), wait }
    }

    /// The process's gate: one computation per core, a 5 s queue. Cores and memory
    /// belong to the process, hence one gate per process.
    pub fn global() -> &'static HashGate {
        static GATE: std::sync::OnceLock<HashGate> = std::sync::OnceLock::new();
        GATE.get_or_init(|| {
            let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
            HashGate::new(cores, Duration::from_secs(5))
        })
    }

    /// Runs `work` on a blocking thread once the gate lets it through; a caller that
    /// waited in vain gets `Unavailable` (503 with Retry-After).
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
        let permit = match tokio::time::timeout(self.wait, self.permits.acquire()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_closed)) => return Err(AppError::Internal),
            Err(_waited) => {
                tracing::warn!("password checks queued beyond {:?}: answering 503", self.wait);
                return Err(AppError::Unavailable { retry_after_secs: 5 });
            }
        };
        let done = tokio::task::spawn_blocking(work).await.map_err(|_| AppError::Internal);
        drop(permit);
        done
    }
}

async fn through_hash_gate<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    HashGate::global().run(work).await
}

/// argon2id with the crate's defaults (OWASP: m = 19 MiB, t = 2, p = 1), through the gate.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    through_hash_gate(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// A real argon2id hash of a random password: verifying against it costs what a real
/// verification costs, so an unknown e-mail takes as long as a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$gZiV/M1gPc22ElAH/Jh1Hw$CWOrkoo7oJBQ/iyh7uJ0LO2aLEfrHwTWllSAxT0zRno";

/// Longest password a sign-in form checks; a longer one cannot be any account's.
pub const SIGN_IN_PASSWORD_MAX_CHARS: usize = 1024;

/// Checks a password against a stored hash (or the dummy hash), through the gate.
pub async fn verify_password(stored: Option<String>, password: String) -> Result<bool, AppError> {
    let has_account = stored.is_some();
    let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let ok = through_hash_gate(move || {
        PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await?;
    Ok(ok && has_account)
}

/// An admin's e-mail and password, checked before anything is written.
pub struct NewAdmin {
    email: Email,
    password_hash: String,
}

impl NewAdmin {
    /// An e-mail already checked and a password already hashed (under its own rules).
    pub fn hashed(email: Email, password_hash: String) -> Self {
        Self { email, password_hash }
    }

    /// The e-mail must be valid and the password at least 10 characters.
    pub async fn parse(email: &str, password: &str) -> Result<Self, AppError> {
        let email = Email::parse("email", email).map_err(|e| AppError::Validation(vec![e]))?;
        let chars = password.chars().count();
        if chars < 10 {
            return Err(AppError::field("password", "Use at least 10 characters"));
        }
        if chars > crate::domain::NewPassword::MAX_CHARS || crate::domain::text::has_control(password) {
            return Err(AppError::field(
                "password",
                &format!(
                    "Use at most {} characters, with no control characters",
                    crate::domain::NewPassword::MAX_CHARS
                ),
            ));
        }
        Ok(Self { email, password_hash: hash_password(password.to_owned()).await? })
    }

    /// Inserts the member (in the caller's transaction or db) with a name and role.
    pub async fn insert<'c>(
        &self,
        conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
        agency_id: i64,
        name: &str,
        role: Role,
    ) -> Result<i64, AppError> {
        let inserted = sqlx::query_scalar(
            "INSERT INTO admins (agency_id, email, password_hash, created_at, name, role) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(agency_id)
        .bind(self.email.as_str())
        .bind(&self.password_hash)
        .bind(now())
        .bind(name)
        .bind(role.as_str())
        .fetch_one(conn)
        .await;
        inserted.map_err(|e| match super::db::unique_violation(&e, "admins", &["email"]) {
            Some(_) => AppError::field("email", "An admin with this e-mail already exists"),
            None => e.into(),
        })
    }
}

/// Whether the database has any admin at all (a first start has none).
pub async fn has_admin(db: &Db) -> Result<bool, sqlx::Error> {
    let any: Option<i64> = sqlx::query_scalar("SELECT id FROM admins LIMIT 1").fetch_optional(db.pool()).await?;
    Ok(any.is_some())
}

/// Creates an agency's owner (the first admin of a start, `create-agency`). The password
/// must have at least 10 characters.
pub async fn create_admin(db: &Db, agency_id: i64, email: &str, password: &str) -> Result<i64, AppError> {
    create_member(db, agency_id, "", email, password, Role::Owner).await
}

/// Adds a member with a role to an agency's team.
pub async fn create_member(
    db: &Db,
    agency_id: i64,
    name: &str,
    email: &str,
    password: &str,
    role: Role,
) -> Result<i64, AppError> {
    let name = crate::domain::text::single_line("name", name, 100).map_err(|e| AppError::Validation(vec![e]))?;
    let admin = NewAdmin::parse(email, password).await?;
    let _turn = db.write_turn().await;
    admin.insert(db.pool(), agency_id, name, role).await
}

/// Creates an agency and its first admin together: both or neither.
pub async fn create_agency_with_admin(db: &Db, name: &str, email: &str, password: &str) -> Result<i64, AppError> {
    let name = crate::domain::text::single_line("name", name, 100).map_err(|e| AppError::Validation(vec![e]))?;
    if name.is_empty() {
        return Err(AppError::field("name", "Enter the agency's name"));
    }
    let admin = NewAdmin::parse(email, password).await?;
    let mut tx = db.begin_write().await?;
    let agency_id: i64 = sqlx::query_scalar("INSERT INTO agencies (name, created_at) VALUES ($1, $2) RETURNING id")
        .bind(name)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
    admin.insert(&mut *tx, agency_id, "", Role::Owner).await?;
    tx.commit().await?;
    Ok(agency_id)
}

/// What a right password leads to.
#[derive(Debug)]
pub enum SignedIn {
    /// Signed in: the session's token.
    Session(SessionToken),
    /// The member signs in with a second factor: the token of this sign-in's next step
    /// (its cookie lives 5 minutes), where the code is asked.
    CodeNeeded(SessionToken),
}

/// How long the code step of a sign-in waits.
pub const CHALLENGE_SECS: i64 = 5 * 60;
/// Name of the cookie that carries a sign-in between the password and the code.
pub const CHALLENGE_COOKIE: &str = "pd_challenge";

/// Signs a member in: throttling first, then the password; then either a new session
/// (a new token every time: the session id rotates at sign-in) or, for a member with
/// two-factor sign-in, the step that asks for the code.
pub async fn sign_in(
    db: &Db,
    throttle: &ThrottlePolicy,
    sessions: &SessionPolicy,
    email: &str,
    password: &str,
    client: &SessionClient,
) -> Result<SignedIn, AppError> {
    let typed = email.trim().to_lowercase();
    let keys = ThrottleKeys::new(&format!("admin:{typed}"), &client.address);
    let verified = throttled_verify(db, throttle, &keys, password, async {
        // Text that is no e-mail address names no account and never reaches a query.
        let Ok(email) = Email::parse("email", &typed) else { return Ok(None) };
        // A disabled member has no password that works: the answer is a wrong password's.
        sqlx::query_as("SELECT id, password_hash FROM admins WHERE email = $1 AND disabled_at IS NULL")
            .bind(email.as_str())
            .fetch_optional(db.pool())
            .await
    })
    .await;
    let admin_id = match verified {
        Ok(id) => id,
        Err(refused) => {
            // This attempt locked the account: its agency hears of it (once per lock).
            if refused.account_just_locked {
                if let Ok(email) = Email::parse("email", &typed) {
                    log_locked(db, email.as_str(), "password").await?;
                }
            }
            return Err(refused.error);
        }
    };
    if super::two_factor::is_on(db, admin_id).await? {
        return Ok(SignedIn::CodeNeeded(new_challenge(db, admin_id).await?));
    }
    Ok(SignedIn::Session(open_session(db, sessions, admin_id, client).await?))
}

/// Records the last sign-in, then starts the member's session.
pub async fn open_session(
    db: &Db,
    sessions: &SessionPolicy,
    admin_id: i64,
    client: &SessionClient,
) -> Result<SessionToken, AppError> {
    {
        // Before the session exists: a write that fails here leaves no session behind.
        let _turn = db.write_turn().await;
        sqlx::query("UPDATE admins SET last_sign_in_at = $1 WHERE id = $2")
            .bind(now())
            .bind(admin_id)
            .execute(db.pool())
            .await?;
    }
    new_session(db, sessions, SessionOwner::Admin(admin_id), client).await
}

/// Logs on the member's agency that sign-ins to the member are refused for a while.
async fn log_locked(db: &Db, email: &str, step: &str) -> Result<(), AppError> {
    let member: Option<(i64, String)> = sqlx::query_as("SELECT agency_id, name FROM admins WHERE email = $1")
        .bind(email)
        .fetch_optional(db.pool())
        .await?;
    if let Some((agency_id, name)) = member {
        let detail = format!("too many wrong {step} attempts");
        let entry = super::activity::Entry {
            agency_id,
            reseller_id: None,
            reseller_name: if name.is_empty() { email } else { &name },
            actor: "sign-in",
            kind: super::activity::ActivityKind::MemberSignInLocked,
            detail: &detail,
        };
        super::activity::log(db, entry).await?;
    }
    Ok(())
}

async fn new_challenge(db: &Db, admin_id: i64) -> Result<SessionToken, AppError> {
    let token = new_token();
    let now = now();
    let _turn = db.write_turn().await;
    sqlx::query("DELETE FROM sign_in_challenges WHERE admin_id = $1 AND expires_at <= $2")
        .bind(admin_id)
        .bind(now)
        .execute(db.pool())
        .await?;
    sqlx::query("INSERT INTO sign_in_challenges (token_hash, admin_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash(&token.0))
        .bind(admin_id)
        .bind(now + CHALLENGE_SECS)
        .execute(db.pool())
        .await?;
    Ok(token)
}

/// The second step of a sign-in: the code from the member's app (or a recovery code) for
/// the sign-in `challenge` names. Throttled like the password, per member and per client;
/// a code is accepted once. The challenge is used up by the sign-in it completes.
pub async fn sign_in_code(
    db: &Db,
    throttle: &ThrottlePolicy,
    sessions: &SessionPolicy,
    challenge: &str,
    code: &str,
    client: &SessionClient,
    now: i64,
) -> Result<SessionToken, AppError> {
    let hash = token_hash(challenge);
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT c.admin_id, a.email FROM sign_in_challenges c JOIN admins a ON a.id = c.admin_id \
         WHERE c.token_hash = $1 AND c.expires_at > $2 AND a.disabled_at IS NULL",
    )
    .bind(&hash)
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    let Some((admin_id, email)) = found else {
        return Err(AppError::BadRequest("This sign-in has ended. Enter your e-mail and password again.".into()));
    };
    let keys = ThrottleKeys::new(&format!("admin-code:{admin_id}"), &client.address);
    let admitted = match admit(db, throttle, &keys, now).await {
        Ok(admitted) => admitted,
        Err(refused) => {
            if refused.account_just_locked {
                log_locked(db, &email, "two-factor code").await?;
            }
            return Err(refused.error);
        }
    };
    if !super::two_factor::verify(db, admin_id, code, now).await? {
        admitted.failed();
        return Err(AppError::field("code", "That code is not right, or was used already. Try the next one."));
    }
    admitted.succeeded(db, now).await?;
    {
        let _turn = db.write_turn().await;
        let taken =
            sqlx::query("DELETE FROM sign_in_challenges WHERE token_hash = $1").bind(&hash).execute(db.pool()).await?;
        if taken.rows_affected() != 1 {
            return Err(AppError::BadRequest("This sign-in has ended. Enter your e-mail and password again.".into()));
        }
    }
    open_session(db, sessions, admin_id, client).await
}

/// Deletes sign-in steps whose time is over (at most `limit` per call).
pub async fn purge_challenges(db: &Db, now: i64, limit: i64) -> Result<u64, sqlx::Error> {
    let _turn = db.write_turn().await;
    let done = sqlx::query(
        "DELETE FROM sign_in_challenges WHERE token_hash IN \
         (SELECT token_hash FROM sign_in_challenges WHERE expires_at <= $1 LIMIT $2)",
    )
    .bind(now)
    .bind(limit)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// Who a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionOwner {
    Admin(i64),
    Reseller(i64),
}

/// The sign-in rules every account kind shares: the attempt is counted against both keys
/// first (refused past the limit, and then no password is checked); the account is looked
/// up (`account`: its id and hash, `None` when there is none); the password is checked,
/// as long for an unknown account as for a wrong password; a success clears the account's
/// count. Answers the account's id.
pub async fn throttled_verify(
    db: &Db,
    throttle: &ThrottlePolicy,
    keys: &ThrottleKeys,
    password: &str,
    account: impl std::future::Future<Output = Result<Option<(i64, String)>, sqlx::Error>>,
) -> Result<i64, Refused> {
    let now = now();
    let admitted = admit(db, throttle, keys, now).await?;
    let (id, stored) = match account.await? {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    // A password no account can have is checked against the dummy hash all the same.
    let password = if password.chars().count() > SIGN_IN_PASSWORD_MAX_CHARS { "" } else { password };
    let stored = stored.filter(|_| !password.is_empty());
    let verified = match verify_password(stored, password.to_owned()).await {
        Ok(verified) => verified,
        Err(busy) => {
            admitted.not_checked(db, now).await?;
            return Err(busy.into());
        }
    };
    match id.filter(|_| verified) {
        Some(id) => {
            admitted.succeeded(db, now).await?;
            Ok(id)
        }
        None => {
            admitted.failed();
            tracing::info!("failed sign-in");
            Err(AppError::InvalidCredentials.into())
        }
    }
}

/// Starts a session for its owner; the token goes to the browser once.
pub async fn new_session(
    db: &Db,
    sessions: &SessionPolicy,
    owner: SessionOwner,
    client: &SessionClient,
) -> Result<SessionToken, AppError> {
    let now = now();
    let (kind, admin_id, reseller_id) = match owner {
        SessionOwner::Admin(id) => ("admin", Some(id), None),
        SessionOwner::Reseller(id) => ("reseller", None, Some(id)),
    };
    let token = new_token();
    let _turn = db.write_turn().await;
    sqlx::query(
        "INSERT INTO sessions (token_hash, kind, admin_id, reseller_id, created_at, last_seen_at, expires_at, \
         user_agent, client_addr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(token_hash(&token.0))
    .bind(kind)
    .bind(admin_id)
    .bind(reseller_id)
    .bind(now)
    .bind(now)
    .bind(now + sessions.absolute_secs)
    .bind(&client.user_agent)
    .bind(&client.address)
    .execute(db.pool())
    .await?;
    Ok(token)
}

/// Deletes sessions past their absolute or idle end (at most `limit` per call).
pub async fn purge_sessions(db: &Db, policy: &SessionPolicy, now: i64, limit: i64) -> Result<u64, sqlx::Error> {
    let _turn = db.write_turn().await;
    let done = sqlx::query(
        "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions \
         WHERE expires_at <= $1 OR last_seen_at + $2 <= $1 LIMIT $3)",
    )
    .bind(now)
    .bind(policy.idle_secs)
    .bind(limit)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// The member a session token belongs to, if the session is still valid and the member
/// not disabled. Marks it used (at most once a minute, to keep reads cheap).
pub async fn admin_for_token(db: &Db, policy: &SessionPolicy, token: &str) -> Result<Option<CurrentAdmin>, AppError> {
    let now = now();
    let hash = token_hash(token);
    type Row = (i64, i64, String, String, String, String, i64, i64, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT a.id, a.agency_id, a.name, a.email, a.role, g.name, s.last_seen_at, g.require_two_factor, \
         a.totp_enabled_at FROM sessions s \
         JOIN admins a ON a.id = s.admin_id JOIN agencies g ON g.id = a.agency_id \
         WHERE s.token_hash = $1 AND s.kind = 'admin' AND a.disabled_at IS NULL \
           AND s.expires_at > $2 AND s.last_seen_at + $3 > $4",
    )
    .bind(&hash)
    .bind(now)
    .bind(policy.idle_secs)
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    let Some((admin_id, agency_id, name, email, role, agency_name, last_seen_at, required, totp_on)) = row else {
        return Ok(None);
    };
    let role = Role::from_stored(&role);
    mark_used(db, &hash, last_seen_at, now).await?;
    let two_factor_due = required != 0 && totp_on.is_none();
    Ok(Some(CurrentAdmin { admin_id, agency_id, name, email, role, agency_name, two_factor_due }))
}

/// The reseller a portal session token belongs to, if the session is still valid, was
/// opened at this login domain, and the reseller's access is on.
pub async fn reseller_for_token(
    db: &Db,
    policy: &SessionPolicy,
    token: &str,
    login_domain: &str,
) -> Result<Option<i64>, AppError> {
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
    .fetch_optional(db.pool())
    .await?;
    let Some((reseller_id, last_seen_at)) = row else { return Ok(None) };
    mark_used(db, &hash, last_seen_at, now).await?;
    Ok(Some(reseller_id))
}

/// Moves a session's idle clock (at most once a minute, to keep reads cheap). Best
/// effort: a write that cannot happen now (a busy database) must not fail the request.
async fn mark_used(db: &Db, hash: &str, last_seen_at: i64, now: i64) -> Result<(), AppError> {
    // While another write has the turn, a page does not wait behind usage batches for this:
    // a later request marks the session, and one 10 minutes after the last mark waits
    // (the idle end is hours away).
    let turn = match now - last_seen_at {
        age if age < 60 => None,
        age if age < 600 => db.write_turn_now(),
        _ => Some(db.write_turn().await),
    };
    if let Some(_turn) = turn {
        let moved = sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(hash)
            .execute(db.pool())
            .await;
        if let Err(error) = moved {
            tracing::warn!(%error, "a session's last use was not recorded");
        }
    }
    Ok(())
}

/// Ends a session (sign-out).
pub async fn end_session(db: &Db, token: &str) -> Result<(), AppError> {
    let _turn = db.write_turn().await;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)).execute(db.pool()).await?;
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
        assert!(!verify_password(None, "anything".into()).await.unwrap());
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password(Some(hash.clone()), "correct horse battery".into()).await.unwrap());
        assert!(!verify_password(Some(hash), "Correct horse battery".into()).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn the_hash_gate_bounds_concurrent_work() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        use std::sync::Arc;
        let gate = Arc::new(HashGate::new(2, Duration::from_secs(30)));
        let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let (gate, running, peak) = (gate.clone(), running.clone(), peak.clone());
                tokio::spawn(async move {
                    gate.run(move || {
                        let now = running.fetch_add(1, SeqCst) + 1;
                        peak.fetch_max(now, SeqCst);
                        std::thread::sleep(Duration::from_millis(20));
                        running.fetch_sub(1, SeqCst);
                    })
                    .await
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(peak.load(SeqCst), 2, "never more than the gate's permits at once");
    }

    #[tokio::test]
    async fn a_caller_that_waits_too_long_is_told_to_retry() {
        let gate = HashGate::new(1, Duration::from_millis(50));
        let _held = gate.permits.acquire().await.unwrap();
        let answer = gate.run(|| ()).await.unwrap_err();
        assert_eq!(answer, AppError::Unavailable { retry_after_secs: 5 });
        assert_eq!(answer.status(), 503);
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
