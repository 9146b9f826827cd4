//! The activity log: written in the same transaction as the change it records.

use sqlx::{Sqlite, Transaction};

/// What happened to a reseller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    Created,
    Updated,
    Activated,
    Deactivated,
    Deleted,
}

impl ActivityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Created => "created",
            ActivityKind::Updated => "updated",
            ActivityKind::Activated => "activated",
            ActivityKind::Deactivated => "deactivated",
            ActivityKind::Deleted => "deleted",
        }
    }
}

/// One entry: who did what to which reseller.
pub struct Entry<'a> {
    pub agency_id: i64,
    pub reseller_id: i64,
    pub reseller_name: &'a str,
    pub actor: &'a str,
    pub kind: ActivityKind,
    pub detail: &'a str,
}

impl<'a> Entry<'a> {
    /// What the request's admin did to a reseller.
    pub fn by(scope: &'a super::AgencyScope, reseller_id: i64, reseller_name: &'a str, kind: ActivityKind) -> Self {
        Self { agency_id: scope.agency_id, reseller_id, reseller_name, actor: &scope.admin.email, kind, detail: "" }
    }

    pub fn with_detail(self, detail: &'a str) -> Self {
        Self { detail, ..self }
    }
}

pub async fn record(tx: &mut Transaction<'_, Sqlite>, entry: Entry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO activity (agency_id, reseller_id, reseller_name, actor, kind, detail, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(entry.agency_id)
    .bind(entry.reseller_id)
    .bind(entry.reseller_name)
    .bind(entry.actor)
    .bind(entry.kind.as_str())
    .bind(entry.detail)
    .bind(super::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
