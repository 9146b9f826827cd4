//! Two-factor sign-in (TOTP, RFC 6238): setting it up with a QR code and a first code,
//! the single-use recovery codes, checking a second factor at sign-in (a code is accepted
//! once), and turning it off. Every check takes `now`, so tests run on a fixed clock.

use super::activity::{record, ActivityKind, Entry};
use super::auth::CurrentAdmin;
use super::db::Db;
use crate::error::AppError;
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// The name authenticator apps show beside the member's e-mail.
pub const ISSUER: &str = "Partnerdesk";
/// Recovery codes made at once.
pub const RECOVERY_CODES: usize = 10;

/// What a member needs to add Partnerdesk to an authenticator app: the QR code (SVG) and,
/// for apps that cannot scan, the secret as text. Shown to the member only.
#[derive(Debug, Clone)]
pub struct Setup {
    pub secret: String,
    pub otpauth_url: String,
    pub qr_svg: String,
}

/// SHA-1, 6 digits, 30-second steps: what every authenticator app reads. One step of skew
/// either way allows for a phone's clock being a little off.
fn totp(secret_base32: &str, account: &str) -> Result<Totp, AppError> {
    let secret = Secret::try_from_base32(secret_base32).map_err(|_| {
        tracing::error!("a stored TOTP secret is not base32");
        AppError::Internal
    })?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|error| {
            tracing::error!(%error, "TOTP parameters refused");
            AppError::Internal
        })
}

/// The code an authenticator app shows at `now` for a base32 secret (tests, demo).
pub fn code_at(secret_base32: &str, now: i64) -> Result<String, AppError> {
    Ok(totp(secret_base32, "x")?.generate(now.max(0) as u64).to_string())
}

/// Starts (or starts again) setting up two-factor sign-in: a new secret, kept aside until
/// the member confirms it with a code. Refused while two-factor sign-in is on.
pub async fn begin_setup(db: &Db, member: &CurrentAdmin) -> Result<Setup, AppError> {
    use rand::RngCore;
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    let secret = Secret::from(bytes.to_vec()).to_base32();
    let _turn = db.write_turn().await;
    let done = sqlx::query("UPDATE admins SET totp_secret = $1 WHERE id = $2 AND totp_enabled_at IS NULL")
        .bind(&secret)
        .bind(member.admin_id)
        .execute(db.pool())
        .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Conflict("Two-factor sign-in is already on.".into()));
    }
    let otpauth_url = totp(&secret, &member.email)?.to_url().map_err(|error| {
        tracing::error!(%error, "otpauth link refused");
        AppError::Internal
    })?;
    let qr_svg = qr_svg(&otpauth_url)?;
    Ok(Setup { secret, otpauth_url, qr_svg })
}

/// The QR code of `text` as an SVG document (dark modules on white, with its quiet zone).
fn qr_svg(text: &str) -> Result<String, AppError> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|_| AppError::Internal)?;
    Ok(code.render::<svg::Color>().min_dimensions(200, 200).quiet_zone(true).build())
}

/// Digits and letters of a typed code, without the spaces and dashes people add.
fn normalized(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).take(64).collect()
}

fn code_hash(code: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(normalized(code).as_bytes()))
}

/// Ten random codes like `k7m2p-9xq4h` (50 bits each), without letters that look alike.
fn new_recovery_codes() -> Vec<String> {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..10).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

fn wrong_code() -> AppError {
    AppError::field("code", "That code is not right. Enter the 6-digit code your app shows now.")
}

/// Confirms the setup with a code from the app: two-factor sign-in is on from now, and the
/// member gets ten recovery codes, shown this once (only their hashes are kept).
pub async fn confirm_setup(db: &Db, member: &CurrentAdmin, code: &str, now: i64) -> Result<Vec<String>, AppError> {
    let secret: Option<Option<String>> =
        sqlx::query_scalar("SELECT totp_secret FROM admins WHERE id = $1 AND totp_enabled_at IS NULL")
            .bind(member.admin_id)
            .fetch_optional(db.pool())
            .await?;
    let Some(Some(secret)) = secret else {
        return Err(AppError::Conflict("Start setting up two-factor sign-in again.".into()));
    };
    let step = totp(&secret, &member.email)?.check(&normalized(code), now.max(0) as u64).ok_or_else(wrong_code)?;
    let codes = new_recovery_codes();
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE admins SET totp_enabled_at = $1, totp_last_step = $2 \
         WHERE id = $3 AND totp_enabled_at IS NULL AND totp_secret = $4",
    )
    .bind(now)
    .bind(step as i64)
    .bind(member.admin_id)
    .bind(&secret)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Conflict("Two-factor sign-in was changed meanwhile: reload the page.".into()));
    }
    store_recovery_codes(&mut tx, member.admin_id, &codes).await?;
    record(&mut tx, team_entry(member, ActivityKind::TwoFactorOn)).await?;
    tx.commit().await?;
    Ok(codes)
}

async fn store_recovery_codes(tx: &mut sqlx::AnyConnection, admin_id: i64, codes: &[String]) -> Result<(), AppError> {
    sqlx::query("DELETE FROM recovery_codes WHERE admin_id = $1").bind(admin_id).execute(&mut *tx).await?;
    for code in codes {
        sqlx::query("INSERT INTO recovery_codes (admin_id, code_hash) VALUES ($1, $2)")
            .bind(admin_id)
            .bind(code_hash(code))
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// An entry of the agency's log about the member themselves.
fn team_entry(member: &CurrentAdmin, kind: ActivityKind) -> Entry<'_> {
    Entry {
        agency_id: member.agency_id,
        reseller_id: None,
        reseller_name: if member.name.is_empty() { &member.email } else { &member.name },
        actor: &member.email,
        kind,
        detail: "",
    }
}

/// Turns two-factor sign-in off (the caller has checked the member's password). Refused
/// while the agency requires it.
pub async fn turn_off(db: &Db, member: &CurrentAdmin) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let required: i64 = sqlx::query_scalar("SELECT require_two_factor FROM agencies WHERE id = $1")
        .bind(member.agency_id)
        .fetch_one(&mut *tx)
        .await?;
    if required != 0 {
        return Err(AppError::Conflict("Your agency requires two-factor sign-in: it cannot be turned off.".into()));
    }
    let done = sqlx::query(
        "UPDATE admins SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL \
         WHERE id = $1 AND totp_enabled_at IS NOT NULL",
    )
    .bind(member.admin_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Conflict("Two-factor sign-in is already off.".into()));
    }
    sqlx::query("DELETE FROM recovery_codes WHERE admin_id = $1").bind(member.admin_id).execute(&mut *tx).await?;
    record(&mut tx, team_entry(member, ActivityKind::TwoFactorOff)).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the member's recovery codes with ten new ones (the old stop working).
pub async fn renew_recovery_codes(db: &Db, member: &CurrentAdmin) -> Result<Vec<String>, AppError> {
    let codes = new_recovery_codes();
    let mut tx = db.begin_write().await?;
    let on: Option<i64> = sqlx::query_scalar("SELECT totp_enabled_at FROM admins WHERE id = $1")
        .bind(member.admin_id)
        .fetch_one(&mut *tx)
        .await?;
    if on.is_none() {
        return Err(AppError::Conflict("Two-factor sign-in is off.".into()));
    }
    store_recovery_codes(&mut tx, member.admin_id, &codes).await?;
    tx.commit().await?;
    Ok(codes)
}

/// Whether the member signs in with a second factor.
pub async fn is_on(db: &Db, admin_id: i64) -> Result<bool, AppError> {
    let on: Option<Option<i64>> = sqlx::query_scalar("SELECT totp_enabled_at FROM admins WHERE id = $1")
        .bind(admin_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(matches!(on, Some(Some(_))))
}

/// The member's recovery codes not used yet.
pub async fn recovery_codes_left(db: &Db, admin_id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE admin_id = $1 AND used_at IS NULL")
        .bind(admin_id)
        .fetch_one(db.pool())
        .await?)
}

/// Checks a second factor: a code from the app that was not accepted before (its time
/// step must be later than the last one accepted, and taking it is one atomic statement:
/// two requests with the same code cannot both pass), or an unused recovery code, which
/// is used up. Answers whether it passed.
pub async fn verify(db: &Db, admin_id: i64, code: &str, now: i64) -> Result<bool, AppError> {
    let typed = normalized(code);
    if typed.is_empty() {
        return Ok(false);
    }
    if typed.len() == 6 && typed.chars().all(|c| c.is_ascii_digit()) {
        let row: Option<(Option<String>, Option<i64>, String)> = sqlx::query_as(
            "SELECT totp_secret, totp_last_step, email FROM admins WHERE id = $1 AND totp_enabled_at IS NOT NULL",
        )
        .bind(admin_id)
        .fetch_optional(db.pool())
        .await?;
        let Some((Some(secret), last_step, email)) = row else { return Ok(false) };
        let Some(step) = totp(&secret, &email)?.check(&typed, now.max(0) as u64) else { return Ok(false) };
        if last_step.is_some_and(|last| step as i64 <= last) {
            return Ok(false);
        }
        let _turn = db.write_turn().await;
        let taken = sqlx::query(
            "UPDATE admins SET totp_last_step = $1 WHERE id = $2 AND totp_enabled_at IS NOT NULL \
             AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step as i64)
        .bind(admin_id)
        .execute(db.pool())
        .await?;
        return Ok(taken.rows_affected() == 1);
    }
    let _turn = db.write_turn().await;
    let used = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE admin_id = $2 AND code_hash = $3 AND used_at IS NULL \
         AND EXISTS (SELECT 1 FROM admins WHERE id = $2 AND totp_enabled_at IS NOT NULL)",
    )
    .bind(now)
    .bind(admin_id)
    .bind(code_hash(&typed))
    .execute(db.pool())
    .await?;
    Ok(used.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_rfc_6238() {
        // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" at 59 s is 94287082
        // (8 digits); its last 6 digits are the 6-digit code.
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        assert_eq!(code_at(&secret, 59).unwrap(), "287082");
        assert_eq!(code_at(&secret, 1_111_111_109).unwrap(), "081804");
    }

    #[test]
    fn typed_codes_lose_spaces_dashes_and_case() {
        assert_eq!(normalized(" 123 456 "), "123456");
        assert_eq!(normalized("K7M2P-9XQ4H"), "k7m2p9xq4h");
        assert_eq!(code_hash("k7m2p-9xq4h"), code_hash("K7M2P 9XQ4H"));
        assert_eq!(normalized(&"1".repeat(10_000)).len(), 64);
    }

    #[test]
    fn recovery_codes_are_ten_distinct_codes() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert!(codes.iter().all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'));
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
    }

    #[test]
    fn the_qr_code_is_an_svg_document() {
        let svg = qr_svg("otpauth://totp/Partnerdesk:a%40b.io?secret=ABC&issuer=Partnerdesk").unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg"));
    }
}
