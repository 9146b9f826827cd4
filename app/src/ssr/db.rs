//! Opening the database (SQLite or PostgreSQL, from the URL) and applying its migrations.
//!
//! Every query goes through sqlx's `Any` driver and is written once for both databases:
//! `$1, $2…` placeholders (SQLite reads them too), integer columns decoded as `i64`, sums
//! cast to `BIGINT`, and no boolean results (`CASE … THEN 1 ELSE 0 END`). Where the
//! databases truly differ (the substring index, demo-data generation, locking) the code asks
//! [`Db::backend`].

use super::sql::Sql;
use crate::domain::{
    ActivityKind, BillingCycle, CustomerStatus, MemberRole, PartnerType, PlanStatus, ResellerStatus, SaleStatus,
    StoredWord, UsageKind,
};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Connection, Executor};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Which database a pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a database URL names, or `None` for one Partnerdesk does not run on.
    pub fn of_url(url: &str) -> Option<Self> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Some(Self::Sqlite),
            "postgres" | "postgresql" => Some(Self::Postgres),
            _ => None,
        }
    }
}

impl Backend {
    /// The backend of a connection.
    pub fn of(conn: &sqlx::AnyConnection) -> Self {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }
}

/// The database: its connection pool, which engine it is, and (SQLite) the queue its
/// writers wait in. Cheap to clone; every clone shares the pool and the queue.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite: this process's writers take turns here (see [`Db::begin_write`]).
    writers: Arc<tokio::sync::Mutex<()>>,
}

impl Db {
    /// The pool queries run on: `.fetch_one(db.pool())`.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A statement built at run time, with this database's placeholders.
    pub fn sql(&self, text: impl Into<String>) -> Sql {
        Sql::new(self.backend, text)
    }

    /// Starts a transaction that writes. SQLite has one writer at a time: the process's
    /// writers take turns in a queue first (waiting on SQLite's busy handler instead sleeps
    /// in growing steps, up to 100 ms, and made batches wait seconds under load), then take
    /// the write lock at once (`BEGIN IMMEDIATE`, so another process's writer cannot turn
    /// the transaction into "database is locked" halfway). PostgreSQL locks rows as it
    /// writes them.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                let turn = self.write_turn().await;
                Ok(WriteTx { tx: self.pool.begin_with("BEGIN IMMEDIATE").await?, _turn: turn })
            }
            Backend::Postgres => Ok(WriteTx { tx: self.pool.begin().await?, _turn: None }),
        }
    }

    /// This process's turn to write (SQLite; `None` on PostgreSQL), for a single writing
    /// statement run on the pool outside [`Db::begin_write`]: hold it while the statement
    /// runs. Without it such a statement waited on SQLite's busy handler while transactions
    /// held the lock in turn, and after 5 s failed with "database is locked" (a usage API
    /// request, marking its key as used, answered 500 during ingestion at 1M resellers).
    /// Never held across `begin_write` (the same queue).
    pub async fn write_turn(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writers.clone().lock_owned().await),
            Backend::Postgres => None,
        }
    }

    /// The turn to write if no other writer has it now (`Some(None)` on PostgreSQL), for a
    /// write that can be skipped rather than make a reader wait behind batches.
    pub fn write_turn_now(&self) -> Option<Option<tokio::sync::OwnedMutexGuard<()>>> {
        match self.backend {
            Backend::Sqlite => self.writers.clone().try_lock_owned().ok().map(Some),
            Backend::Postgres => Some(None),
        }
    }

    /// Closes every connection (waits for the ones in use).
    pub async fn close(&self) {
        self.pool.close().await
    }
}

/// Connections per server process.
const MAX_CONNECTIONS: u32 = 8;

/// Statements slower than this (milliseconds) are logged as warnings, unless configured.
pub const SLOW_QUERY_MS: u64 = 250;

/// A pooled connection idle for longer than this is pinged before it is used again.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(30);

/// Opens the database at `url` (a SQLite file is created if missing) and migrates it;
/// statements slower than `slow_query_ms` are logged as warnings.
/// SQLite runs in WAL with `synchronous = NORMAL` (a committed write survives a process
/// crash), foreign keys on and a 5 s busy timeout. Its page caches share 8 MiB in all (the
/// soft heap limit is the process's): eight connections' default 2 MiB caches filled up
/// under searches and stayed, while the file's pages are in the OS cache anyway. The WAL
/// is copied back into the database file every 10,000 pages (40 MB) instead of 1,000: a
/// usage batch spread over a million resellers dirties about 1,000 pages, so the default
/// made every batch pay a checkpoint (1M resellers: 22-26k -> 29k events/s).
pub async fn connect(url: &str, slow_query_ms: u64) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url)
        .ok_or_else(|| sqlx::Error::Configuration(format!("unsupported database URL {url:?}").into()))?;
    // A pooled connection is not pinged each time it is taken (sqlx's default): on SQLite
    // a ping is a round trip to the connection's thread, and a page takes a connection for
    // each of its queries, so the pings cost as much as the queries. A connection that sat
    // idle for a while is still checked first (a PostgreSQL server may have dropped it).
    let options = AnyPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > IDLE_BEFORE_PING {
                    conn.ping().await?;
                }
                Ok(true)
            })
        });
    let url = match backend {
        Backend::Sqlite => sqlite_url(url)?,
        Backend::Postgres => url.to_owned(),
    };
    // Statements are not logged one by one; slow ones are, as warnings.
    let connect = AnyConnectOptions::from_str(&url)?
        .log_statements(log::LevelFilter::Trace)
        .log_slow_statements(log::LevelFilter::Warn, Duration::from_millis(slow_query_ms));
    let pool = match backend {
        Backend::Sqlite => {
            options
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                             PRAGMA soft_heap_limit = 8388608; PRAGMA wal_autocheckpoint = 10000;",
                        )
                        .await?;
                        Ok(())
                    })
                })
                .connect_with(connect)
                .await?
        }
        Backend::Postgres => options.connect_with(connect).await?,
    };
    let migrated = match backend {
        Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&pool).await,
        Backend::Postgres => sqlx::migrate!("../migrations/postgres").run(&pool).await,
    };
    match migrated {
        // A step this build does not have: the database was migrated by a newer Partnerdesk.
        Err(sqlx::migrate::MigrateError::VersionMissing(version)) => {
            return Err(sqlx::Error::Configuration(
                format!(
                    "this database was migrated by a newer Partnerdesk (its step {version} is unknown to this one): \
                     run the newer version, or point DATABASE_URL at another database"
                )
                .into(),
            ))
        }
        // The steps before 0001_schema were squashed into it (nothing was deployed): a
        // development database made by them cannot be carried forward.
        Err(sqlx::migrate::MigrateError::VersionMismatch(version)) => {
            return Err(sqlx::Error::Configuration(
                format!(
                "this database was made by an earlier development schema (its step {version} is not this version's): \
                     delete it, or point DATABASE_URL at a new one"
            )
                .into(),
            ))
        }
        other => other?,
    }
    Ok(Db { pool, backend, writers: Arc::default() })
}

/// A SQLite URL that creates its file when missing (`mode=rwc`), with its directory made.
fn sqlite_url(url: &str) -> Result<String, sqlx::Error> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" {
        if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    Ok(if query.contains("mode=") {
        url.to_owned()
    } else if query.is_empty() {
        format!("{url}?mode=rwc")
    } else {
        format!("{url}&mode=rwc")
    })
}

/// A transaction that writes (see [`Db::begin_write`]); reach its connection with `&mut *tx`.
pub struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    /// SQLite: this process's turn to write, held until the transaction ends.
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// Which of `columns` of `table` a write broke a UNIQUE key on, if that is why it failed.
/// SQLite names the key's columns in its message ("UNIQUE constraint failed:
/// resellers.agency_id, resellers.email"); PostgreSQL names the constraint, and ours are
/// named `{table}_…{column}…_key` ("resellers_agency_email_key", "plans_agency_id_name_key").
/// A key over several of `columns` answers the first one listed.
pub fn unique_violation(error: &sqlx::Error, table: &str, columns: &[&'static str]) -> Option<&'static str> {
    let sqlx::Error::Database(db) = error else { return None };
    if !db.is_unique_violation() {
        return None;
    }
    let message = db.message();
    let constraint = db.constraint().unwrap_or_default();
    columns.iter().copied().find(|column| {
        message.contains(&format!("{table}.{column}"))
            || (constraint.starts_with(&format!("{table}_")) && constraint.contains(column))
    })
}

/// Enums stored as a word ([`StoredWord`]) are bound and read as that word. A stored word
/// the code does not know fails the read (`ColumnDecode`: logged, answered as a 500): the
/// one policy for a bad stored value.
macro_rules! stored_words {
    ($($word:ty),* $(,)?) => {$(
        impl sqlx::Type<sqlx::Any> for $word {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <str as sqlx::Type<sqlx::Any>>::type_info()
            }
        }

        impl<'q> sqlx::Encode<'q, sqlx::Any> for $word {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Any>>::encode(self.as_str(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Any> for $word {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let word = <&str as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                <$word as StoredWord>::from_word(word)
                    .ok_or_else(|| format!("{word:?} is not a {}", stringify!($word)).into())
            }
        }
    )*};
}

stored_words!(
    PartnerType,
    ResellerStatus,
    PlanStatus,
    BillingCycle,
    ActivityKind,
    UsageKind,
    CustomerStatus,
    SaleStatus,
    MemberRole
);

pub async fn first_agency_id(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM agencies ORDER BY id LIMIT 1").fetch_optional(db.pool()).await
}

/// Creates an agency and returns its id.
pub async fn create_agency(db: &Db, name: &str) -> Result<i64, sqlx::Error> {
    let _turn = db.write_turn().await;
    sqlx::query_scalar("INSERT INTO agencies (name, created_at) VALUES ($1, $2) RETURNING id")
        .bind(name)
        .bind(super::now())
        .fetch_one(db.pool())
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_backend() {
        assert_eq!(Backend::of_url("sqlite://data/x.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("postgres://u@127.0.0.1/db"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("postgresql://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("mysql://h/db"), None);
    }

    #[test]
    fn sqlite_files_are_created_when_missing() {
        assert_eq!(sqlite_url("sqlite::memory:").unwrap(), "sqlite::memory:?mode=rwc");
        let dir = std::env::temp_dir().join(format!("pd-url-{}", std::process::id()));
        let url = format!("sqlite://{}/a.db", dir.display());
        assert_eq!(sqlite_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(dir.is_dir());
        assert_eq!(sqlite_url(&format!("{url}?mode=ro")).unwrap(), format!("{url}?mode=ro"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
