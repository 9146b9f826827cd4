//! Opening the database (SQLite or PostgreSQL, from the URL) and applying its migrations.
//!
//! Every query goes through sqlx's `Any` driver and is written once for both databases:
//! `$1, $2…` placeholders (SQLite reads them too), integer columns decoded as `i64`, sums
//! cast to `BIGINT`, and no boolean results (`CASE … THEN 1 ELSE 0 END`). Where the
//! databases truly differ (the substring index, demo-data generation, locking) the code asks
//! [`backend`].

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::str::FromStr;
use std::time::Duration;

/// The connection pool every query takes.
pub type Pool = AnyPool;

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

/// The backend of an open pool.
pub fn backend(pool: &Pool) -> Backend {
    Backend::of_url(pool.connect_options().database_url.as_str()).unwrap_or(Backend::Sqlite)
}

/// Connections per server process.
const MAX_CONNECTIONS: u32 = 8;

/// Statements slower than this (milliseconds) are logged as warnings, unless configured.
pub const SLOW_QUERY_MS: u64 = 250;

/// Opens the database at `url` (a SQLite file is created if missing) and migrates it;
/// statements slower than `slow_query_ms` are logged as warnings.
/// SQLite runs in WAL with `synchronous = NORMAL` (a committed write survives a process
/// crash), foreign keys on and a 5 s busy timeout.
pub async fn connect(url: &str, slow_query_ms: u64) -> Result<Pool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url)
        .ok_or_else(|| sqlx::Error::Configuration(format!("unsupported database URL {url:?}").into()))?;
    let options = AnyPoolOptions::new().max_connections(MAX_CONNECTIONS).acquire_timeout(Duration::from_secs(10));
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
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
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
    match backend {
        Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&pool).await?,
        Backend::Postgres => sqlx::migrate!("../migrations/postgres").run(&pool).await?,
    }
    Ok(pool)
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

/// A transaction that writes (see [`begin_write`]); reach its connection with `&mut *tx`.
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

/// Starts a transaction that writes. SQLite has one writer at a time: the process's
/// writers take turns in a queue first (waiting on SQLite's busy handler instead sleeps in
/// growing steps, up to 100 ms, and made batches wait seconds under load), then take the
/// write lock at once (`BEGIN IMMEDIATE`, so another process's writer cannot turn the
/// transaction into "database is locked" halfway). PostgreSQL locks rows as it writes them.
pub async fn begin_write(pool: &Pool) -> Result<WriteTx, sqlx::Error> {
    match backend(pool) {
        Backend::Sqlite => {
            let turn = writer_turns(pool.connect_options().database_url.as_str()).lock_owned().await;
            Ok(WriteTx { tx: pool.begin_with("BEGIN IMMEDIATE").await?, _turn: Some(turn) })
        }
        Backend::Postgres => Ok(WriteTx { tx: pool.begin().await?, _turn: None }),
    }
}

/// The queue of writers to one SQLite database in this process.
fn writer_turns(database_url: &str) -> std::sync::Arc<tokio::sync::Mutex<()>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static TURNS: OnceLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let mut turns = TURNS.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    turns.entry(database_url.to_owned()).or_default().clone()
}

pub async fn first_agency_id(pool: &Pool) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM agencies ORDER BY id LIMIT 1").fetch_optional(pool).await
}

/// Creates an agency and returns its id.
pub async fn create_agency(pool: &Pool, name: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO agencies (name, created_at) VALUES ($1, $2) RETURNING id")
        .bind(name)
        .bind(super::now())
        .fetch_one(pool)
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
