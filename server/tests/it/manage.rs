//! Switching resellers on and off, and deleting them, with the activity log.

use crate::helpers::{reseller, TestApp, ADMIN_EMAIL};
use app::domain::{ResellerDetails, ResellerStatus};
use app::error::AppError;

async fn only_id(app: &TestApp) -> i64 {
    app.list("", "1").await.rows[0].id
}

async fn activity(app: &TestApp) -> Vec<(Option<i64>, String, String, String)> {
    sqlx::query_as("SELECT reseller_id, reseller_name, actor, kind FROM activity ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}

/// A reseller portal session, as the portal will create them.
async fn add_reseller_session(app: &TestApp, reseller_id: i64) {
    sqlx::query(
        "INSERT INTO sessions (token_hash, kind, reseller_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, 'reseller', $2, 0, 0, 9999999999)",
    )
    .bind(format!("hash-of-{reseller_id}"))
    .bind(reseller_id)
    .execute(app.db.pool())
    .await
    .unwrap();
}

async fn reseller_sessions(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE kind = 'reseller'").fetch_one(app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn deactivating_persists_ends_reseller_sessions_and_is_logged() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Acme Media", "hello@acme.io", "acmemedia", 1)]).await;
    let id = only_id(&app).await;
    add_reseller_session(&app, id).await;

    let res = app.call("resellers/set_status", &[("id", &id.to_string()), ("active", "false")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<ResellerStatus>().await.unwrap(), ResellerStatus::Inactive);
    assert_eq!(app.list("", "1").await.rows[0].status, ResellerStatus::Inactive);
    assert_eq!(reseller_sessions(&app).await, 0, "deactivation ends the reseller's sessions");

    // Switching to the status it already has changes and logs nothing.
    let again = app.call("resellers/set_status", &[("id", &id.to_string()), ("active", "false")]).await;
    assert_eq!(again.json::<ResellerStatus>().await.unwrap(), ResellerStatus::Inactive);

    app.call("resellers/set_status", &[("id", &id.to_string()), ("active", "true")]).await;
    let details: ResellerDetails = app.call("resellers/get", &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!(details.status, ResellerStatus::Active);
    let log = activity(&app).await;
    assert_eq!(
        log,
        [
            (Some(id), "Acme Media".into(), ADMIN_EMAIL.into(), "deactivated".into()),
            (Some(id), "Acme Media".into(), ADMIN_EMAIL.into(), "activated".into()),
        ]
    );
}

#[tokio::test]
async fn deleting_removes_the_reseller_and_its_access_and_keeps_the_record() {
    let app = TestApp::spawn().await;
    app.add(vec![
        reseller("Acme Media", "hello@acme.io", "acmemedia", 1),
        reseller("Keep Me", "k@keep.io", "keepme", 2),
    ])
    .await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM resellers WHERE login_domain = 'acmemedia'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    add_reseller_session(&app, id).await;

    let res = app.call("resellers/delete", &[("id", &id.to_string())]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<String>().await.unwrap(), "Acme Media");

    let page = app.list("", "1").await;
    assert_eq!(page.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Keep Me"]);
    assert_eq!(reseller_sessions(&app).await, 0, "its sessions went with it");
    assert_eq!(activity(&app).await, [(Some(id), "Acme Media".into(), ADMIN_EMAIL.into(), "deleted".into())]);
    // The e-mail and login domain are free again.
    app.add(vec![reseller("Acme Again", "hello@acme.io", "acmemedia", 3)]).await;

    // Deleting it again: not found, and nothing more is logged.
    let res = app.call("resellers/delete", &[("id", &id.to_string())]).await;
    assert_eq!(res.status(), 404);
    assert_eq!(activity(&app).await.len(), 1);
}

#[tokio::test]
async fn another_agency_cannot_switch_or_delete() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Acme Media", "hello@acme.io", "acmemedia", 1)]).await;
    let id = only_id(&app).await.to_string();
    let agency_b = app::ssr::db::create_agency(&app.db, "Agency B").await.unwrap();
    app::ssr::auth::create_admin(&app.db, agency_b, "b@agency-b.example", "agency b password").await.unwrap();
    let b = crate::helpers::client();
    app.sign_in(&b, "b@agency-b.example", "agency b password").await;

    for (endpoint, form) in [
        ("resellers/set_status", vec![("id", id.as_str()), ("active", "false")]),
        ("resellers/delete", vec![("id", id.as_str())]),
    ] {
        let res = app.call_with(&b, endpoint, &form).await;
        assert_eq!(res.status(), 404, "{endpoint}");
        assert_eq!(res.json::<AppError>().await.unwrap(), AppError::NotFound);
    }
    assert_eq!(app.list("", "1").await.rows[0].status, ResellerStatus::Active);
    assert!(activity(&app).await.is_empty());
}

#[tokio::test]
async fn bad_input_is_a_clear_error() {
    let app = TestApp::spawn().await;
    for (endpoint, form) in [
        ("resellers/set_status", vec![("id", "1"), ("active", "maybe")]),
        ("resellers/set_status", vec![("id", "x"), ("active", "true")]),
        ("resellers/delete", vec![("id", "")]),
    ] {
        let res = app.call(endpoint, &form).await;
        assert_eq!(res.status(), 400, "{endpoint} {form:?}");
    }
    let res = app.call("resellers/set_status", &[("id", "424242"), ("active", "true")]).await;
    assert_eq!(res.status(), 404);
}
