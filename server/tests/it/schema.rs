//! The two migration trees describe one schema: each engine's tables, columns, column
//! kinds and nullability must equal `schema.expected` (so a change made in one dialect only
//! fails here), and both directories hold the same numbered steps. A stored value the code
//! does not know fails its request cleanly.

use crate::helpers::{reseller, TestApp};
use app::ssr::db::Backend;

/// One line per column, sorted: `table column kind null|not null` (kind: integer or text).
const EXPECTED: &str = include_str!("schema.expected");

async fn columns(app: &TestApp) -> Vec<String> {
    let rows: Vec<(String, String, String, i64)> = match app.db.backend() {
        // Tables only: the full-text index (a virtual table) and its shadow tables are SQLite's
        // own way to search, as the trigram index is PostgreSQL's.
        Backend::Sqlite => sqlx::query_as(
            "SELECT m.name, p.name, lower(p.type), CASE WHEN p.\"notnull\" = 1 OR p.pk = 1 THEN 1 ELSE 0 END \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.sql LIKE 'CREATE TABLE%' AND m.name NOT LIKE '\\_%' ESCAPE '\\' \
             AND m.name NOT LIKE 'resellers_search%'",
        ),
        Backend::Postgres => sqlx::query_as(
            "SELECT table_name::text, column_name::text, data_type::text, \
             CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END \
             FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_%'",
        ),
    }
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    let mut lines: Vec<String> = rows
        .into_iter()
        .map(|(table, column, kind, not_null)| {
            let kind = match kind.as_str() {
                "integer" | "bigint" => "integer",
                "text" => "text",
                other => panic!("{table}.{column}: a column kind the schema does not use: {other}"),
            };
            let null = if not_null == 1 { "not null" } else { "null" };
            format!("{table} {column} {kind} {null}")
        })
        .collect();
    lines.sort();
    lines
}

#[tokio::test]
async fn each_engine_has_the_expected_schema() {
    let app = TestApp::spawn().await;
    let expected: Vec<&str> = EXPECTED.lines().filter(|l| !l.trim().is_empty()).collect();
    let actual = columns(&app).await;
    let missing: Vec<&&str> = expected.iter().filter(|l| !actual.iter().any(|a| a == **l)).collect();
    let extra: Vec<&String> = actual.iter().filter(|a| !expected.contains(&a.as_str())).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{:?} schema differs from schema.expected\n  missing: {missing:#?}\n  not expected: {extra:#?}",
        app.db.backend()
    );
}

#[test]
fn both_migration_trees_hold_the_same_steps() {
    let steps = |engine: &str| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(engine);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        names.sort();
        names
    };
    assert_eq!(steps("sqlite"), steps("postgres"), "one number, one name, one change in both directories");
}

#[tokio::test]
async fn a_stored_word_the_code_does_not_know_fails_its_request_cleanly() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Acme", "a@acme.example", "acmemedia", 1)]).await;
    let id = app.id_of("acmemedia").await;
    // The schema's CHECK refuses such a value; an older or hand-edited row may still hold one.
    let mut conn = app.db.pool().acquire().await.unwrap();
    match app.db.backend() {
        Backend::Sqlite => sqlx::query("PRAGMA ignore_check_constraints = ON").execute(&mut *conn).await,
        Backend::Postgres => {
            sqlx::query("ALTER TABLE resellers DROP CONSTRAINT resellers_status_check").execute(&mut *conn).await
        }
    }
    .unwrap();
    sqlx::query("UPDATE resellers SET status = 'zombie' WHERE id = $1").bind(id).execute(&mut *conn).await.unwrap();
    drop(conn);
    let res = app.call("resellers/list", &[]).await;
    assert_eq!(res.status(), 500);
    let error: app::error::AppError = res.json().await.unwrap();
    assert_eq!(error, app::error::AppError::Internal);
    assert_eq!(app.get(&format!("/partners/resellers/{id}")).await.status(), 500);
    // The server is still there, and the other figures still answer.
    assert_eq!(app.call("resellers/overview", &[]).await.status(), 200);
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_version_is_refused_with_a_clear_error() {
    let app = TestApp::spawn().await;
    // What a newer Partnerdesk leaves behind: a step this build does not have.
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'a later step', TRUE, $1, 0)",
    )
    .bind(vec![0u8; 48])
    .execute(app.db.pool())
    .await
    .unwrap();
    let Err(error) = app::ssr::db::connect(&app.database_url, 0).await else { panic!("a newer database is refused") };
    let message = error.to_string();
    assert!(message.contains("migrated by a newer Partnerdesk") && message.contains("9999"), "{message}");
}

#[tokio::test]
async fn sqlite_connections_share_a_bounded_page_cache() {
    let app = TestApp::spawn().await;
    if app.db.backend() != Backend::Sqlite {
        return;
    }
    // Every connection the pool opens, not only the first.
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut conn = app.db.pool().acquire().await.unwrap();
        let limit: i64 = sqlx::query_scalar("PRAGMA soft_heap_limit").fetch_one(&mut *conn).await.unwrap();
        assert_eq!(limit, 8 * 1024 * 1024, "SQLite's caches share 8 MiB in all");
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await.unwrap();
        assert_eq!(mode, "wal");
        let checkpoint: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint").fetch_one(&mut *conn).await.unwrap();
        assert_eq!(checkpoint, 10_000, "a checkpoint every 10,000 pages, not every usage batch");
        held.push(conn);
    }
}

/// Statements that pick an agency's resellers by a list of ids or login domains look each
/// one up by its own index on SQLite (which keeps no statistics here): written plainly, the
/// agency's term sent it walking the agency's whole index, every reseller of it per statement
/// (the usage API's batches and the CSV export's chunks at 1M resellers).
#[tokio::test]
async fn reseller_lists_are_looked_up_by_key_not_by_walking_the_agency() {
    use app::ssr::{reseller_list::export_chunk_sql, usage::lookup_sql};
    let app = TestApp::spawn().await;
    if app.db.backend() != Backend::Sqlite {
        return;
    }
    app.add(crate::helpers::numbered(40)).await;
    // Lists as long as a batch's: with a few keys SQLite picked the keys' index anyway.
    let ids: Vec<i64> = (1..=40).collect();
    let domains: Vec<String> = (0..40).map(|i| format!("res{i:03}")).collect();
    let domains: Vec<&str> = domains.iter().map(String::as_str).collect();
    let statements = [
        lookup_sql(Backend::Sqlite, app.agency_id, ids.clone(), vec![]),
        lookup_sql(Backend::Sqlite, app.agency_id, vec![], domains.clone()),
        lookup_sql(Backend::Sqlite, app.agency_id, ids.clone(), domains),
        export_chunk_sql(Backend::Sqlite, app.agency_id, app::domain::Month(202612), &ids),
    ];
    for statement in statements {
        // The plan does not depend on the values: each placeholder becomes a literal.
        let mut n = 0;
        let literals: String = statement
            .sql()
            .chars()
            .map(|c| {
                if c == '?' {
                    n += 1;
                    n.to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        let text = format!("EXPLAIN QUERY PLAN {literals}");
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(text.clone()))
            .fetch_all(app.db.pool())
            .await
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        let plan: Vec<String> = plan.into_iter().map(|(_, _, _, detail)| detail).collect();
        let reads: Vec<&String> =
            plan.iter().filter(|step| step.contains(" resellers") || step.contains(" r ")).collect();
        assert!(!reads.is_empty(), "{text}: {plan:?}");
        for step in reads {
            assert!(
                step.contains("INTEGER PRIMARY KEY") || step.contains("sqlite_autoindex_resellers_1"),
                "{text}: reads resellers by {step}"
            );
        }
    }
}
