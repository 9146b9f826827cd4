//! Opening the database and applying migrations.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// Opens (creating if missing) the SQLite database at `url` and migrates it.
/// WAL + `synchronous = NORMAL`: a committed write survives a process crash.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    if let Some(dir) = options.get_filename().parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

pub async fn first_agency_id(pool: &SqlitePool) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM agencies ORDER BY id LIMIT 1")
        .fetch_optional(pool)
        .await
}

/// Creates an agency and returns its id.
pub async fn create_agency(pool: &SqlitePool, name: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO agencies (name, created_at) VALUES (?, ?) RETURNING id")
        .bind(name)
        .bind(super::now())
        .fetch_one(pool)
        .await
}

/// The first agency, created with `name` when the database has none yet.
pub async fn ensure_agency(pool: &SqlitePool, name: &str) -> Result<i64, sqlx::Error> {
    match first_agency_id(pool).await? {
        Some(id) => Ok(id),
        None => create_agency(pool, name).await,
    }
}
