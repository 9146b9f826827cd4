//! The activity log: written in the same transaction as the change it records.

use super::db::Db;
use super::sql::Sql;
pub use crate::domain::ActivityKind;
use crate::domain::{ActivityEntry, ActivityPage, ActivityQuery, ACTIVITY_PAGE_SIZE};
use crate::error::AppError;
use sqlx::Any;

/// One entry: who did what to which reseller (none: the agency's own, e.g. API key use).
pub struct Entry<'a> {
    pub agency_id: i64,
    pub reseller_id: Option<i64>,
    pub reseller_name: &'a str,
    pub actor: &'a str,
    pub kind: ActivityKind,
    pub detail: &'a str,
}

impl<'a> Entry<'a> {
    /// What the request's admin did to a reseller.
    pub fn by(scope: &'a super::AgencyScope, reseller_id: i64, reseller_name: &'a str, kind: ActivityKind) -> Self {
        Self {
            agency_id: scope.agency_id,
            reseller_id: Some(reseller_id),
            reseller_name,
            actor: &scope.admin.email,
            kind,
            detail: "",
        }
    }

    pub fn with_detail(self, detail: &'a str) -> Self {
        Self { detail, ..self }
    }
}

/// Logs one entry on its own (no transaction of the caller's), in its turn with the
/// process's other writers.
pub async fn log(db: &super::db::Db, entry: Entry<'_>) -> Result<(), sqlx::Error> {
    let _turn = db.write_turn().await;
    insert(db.pool(), entry).await
}

/// Records an entry through `executor` (a transaction's connection, or the pool in turn).
pub async fn insert<'c, E>(executor: E, entry: Entry<'_>) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'c, Database = Any>,
{
    sqlx::query(
        "INSERT INTO activity (agency_id, reseller_id, reseller_name, actor, kind, detail, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(entry.agency_id)
    .bind(entry.reseller_id)
    .bind(entry.reseller_name)
    .bind(entry.actor)
    .bind(entry.kind)
    .bind(entry.detail)
    .bind(super::now())
    .execute(executor)
    .await?;
    Ok(())
}

/// Records an entry in the transaction of the change it records.
pub async fn record(tx: &mut sqlx::AnyConnection, entry: Entry<'_>) -> Result<(), sqlx::Error> {
    insert(tx, entry).await
}

/// One row of the log as stored.
#[derive(sqlx::FromRow)]
struct ActivityRecord {
    id: i64,
    reseller_id: Option<i64>,
    reseller_name: String,
    actor: String,
    kind: ActivityKind,
    detail: String,
    created_at: i64,
    /// 1 while the reseller the entry names still exists (0 once deleted).
    reseller_exists: i64,
}

impl From<ActivityRecord> for ActivityEntry {
    fn from(r: ActivityRecord) -> Self {
        let ActivityRecord { id, reseller_id, reseller_name, actor, kind, detail, created_at, reseller_exists } = r;
        ActivityEntry {
            id,
            reseller_id,
            reseller_name,
            actor,
            kind,
            detail,
            created_at,
            reseller_exists: reseller_exists != 0,
        }
    }
}

fn push_filter(sql: &mut Sql, agency_id: i64, query: &ActivityQuery) {
    sql.push(" WHERE agency_id = ").push_bind(agency_id);
    if let Some(id) = query.reseller_id {
        sql.push(" AND reseller_id = ").push_bind(id);
    }
    if let Some(kind) = query.kind {
        sql.push(" AND kind = ").push_bind(kind);
    }
}

/// One page of the agency's log, newest first.
pub async fn list(db: &Db, agency_id: i64, query: &ActivityQuery) -> Result<ActivityPage, AppError> {
    list_sized(db, agency_id, query, ACTIVITY_PAGE_SIZE).await
}

/// The first `size` entries of a query (the details page's timeline).
pub async fn list_sized(db: &Db, agency_id: i64, query: &ActivityQuery, size: u32) -> Result<ActivityPage, AppError> {
    let mut count = db.sql("SELECT COUNT(*) FROM activity");
    push_filter(&mut count, agency_id, query);
    let total: i64 = count.query_scalar().fetch_one(db.pool()).await?;
    let mut select = db.sql(
        "SELECT id, reseller_id, reseller_name, actor, kind, detail, created_at, \
                CASE WHEN EXISTS (SELECT 1 FROM resellers r \
                                  WHERE r.id = activity.reseller_id AND r.agency_id = activity.agency_id) \
                THEN 1 ELSE 0 END AS reseller_exists \
         FROM activity",
    );
    push_filter(&mut select, agency_id, query);
    select
        .push(" ORDER BY created_at DESC, id DESC")
        .push_limit(i64::from(size))
        .push(" OFFSET ")
        .push_bind(query.offset());
    let rows: Vec<ActivityRecord> = select.query_as().fetch_all(db.pool()).await?;
    let entries = rows.into_iter().map(ActivityEntry::from).collect();
    let reseller_name =
        match query.reseller_id {
            Some(id) => sqlx::query_scalar(
                "SELECT reseller_name FROM activity WHERE agency_id = $1 AND reseller_id = $2 ORDER BY id DESC LIMIT 1",
            )
            .bind(agency_id)
            .bind(id)
            .fetch_optional(db.pool())
            .await?,
            None => None,
        };
    Ok(ActivityPage { entries, total, page: query.page.max(1), reseller_name })
}
