//! Agency API keys: created with a random secret shown once, stored as SHA-256, revocable.

use super::db::Db;
use crate::domain::{parse_api_key_name, ApiKeyRow, CreatedApiKey};
use crate::error::AppError;

/// What a valid key grants: the agency it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    pub key_id: i64,
    pub agency_id: i64,
    pub name: String,
}

/// Every key starts with this, so a leaked key is easy to recognise (e.g. by secret scanners).
pub const KEY_PREFIX: &str = "pdk_";

fn key_hash(key: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(key.as_bytes()))
}

/// Creates a key for the request's agency; the answer holds the only copy of the secret.
pub async fn create(scope: &super::AgencyScope, name: &str) -> Result<CreatedApiKey, AppError> {
    create_for(scope.db(), scope.agency_id, &scope.admin.email, name).await
}

/// Creates a key for an agency on behalf of `created_by`.
pub async fn create_for(db: &Db, agency_id: i64, created_by: &str, name: &str) -> Result<CreatedApiKey, AppError> {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    use rand::RngCore;
    let name = parse_api_key_name(name).map_err(|e| AppError::Validation(vec![e]))?;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let key = format!("{KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let prefix: String = key.chars().take(KEY_PREFIX.len() + 6).collect();
    let now = super::now();
    let _turn = db.write_turn().await;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_keys (agency_id, name, prefix, key_hash, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(agency_id)
    .bind(&name)
    .bind(&prefix)
    .bind(key_hash(&key))
    .bind(created_by)
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    let row = ApiKeyRow {
        id,
        name,
        prefix,
        created_by: created_by.to_owned(),
        created_at: now,
        last_used_at: None,
        revoked_at: None,
    };
    Ok(CreatedApiKey { row, key })
}

/// The agency's keys, newest first (revoked ones too, marked so).
pub async fn list(db: &Db, agency_id: i64) -> Result<Vec<ApiKeyRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, name, prefix, created_by, created_at, last_used_at, revoked_at FROM api_keys \
         WHERE agency_id = $1 ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC",
    )
    .bind(agency_id)
    .fetch_all(db.pool())
    .await?)
}

/// Revokes one of the agency's keys: it stops working on the next request.
pub async fn revoke(db: &Db, agency_id: i64, id: i64) -> Result<(), AppError> {
    let _turn = db.write_turn().await;
    let found: Option<i64> = sqlx::query_scalar(
        "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 AND agency_id = $3 RETURNING id",
    )
    .bind(super::now())
    .bind(id)
    .bind(agency_id)
    .fetch_optional(db.pool())
    .await?;
    found.map(|_| ()).ok_or(AppError::NotFound)
}

/// The client a presented key belongs to, if the key is valid and not revoked. Marks it
/// used at most once a minute (busy clients do not write on every request), and each such
/// mark is a "Usage reported" entry in the agency's activity, naming the key.
pub async fn authenticate(db: &Db, key: &str) -> Result<Option<ApiClient>, AppError> {
    if !key.starts_with(KEY_PREFIX) || key.len() > 200 {
        return Ok(None);
    }
    let row: Option<(i64, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, agency_id, name, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    )
    .bind(key_hash(key))
    .fetch_optional(db.pool())
    .await?;
    let Some((key_id, agency_id, name, last_used_at)) = row else { return Ok(None) };
    let now = super::now();
    // Once a minute per key at most: a read decides whether to write at all; then one
    // statement decides which request of the minute marks the key (and logs it), in a write
    // that takes its turn with the other writers (on SQLite a write outside the queue waited
    // on the busy handler while ingestion batches held the lock, and after 5 s answered 500).
    if last_used_at.is_some_and(|at| at > now - 60) {
        return Ok(Some(ApiClient { key_id, agency_id, name }));
    }
    let mut tx = db.begin_write().await?;
    let marked = sqlx::query(
        "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)",
    )
    .bind(now)
    .bind(key_id)
    .bind(now - 60)
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() == 1 {
        let detail = format!("API key \u{201c}{name}\u{201d}");
        let entry = super::activity::Entry {
            agency_id,
            reseller_id: None,
            reseller_name: "",
            actor: "the usage API",
            kind: super::activity::ActivityKind::ApiKeyUsed,
            detail: &detail,
        };
        super::activity::insert(&mut *tx, entry).await?;
    }
    tx.commit().await?;
    Ok(Some(ApiClient { key_id, agency_id, name }))
}
