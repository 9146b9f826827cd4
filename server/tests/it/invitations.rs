//! Invitations: the link works once, for 7 days, until revoked; the invitee chooses a name
//! and a strong password and is signed in with the invitation's role; nobody invites
//! beyond their own reach; another agency's invitations are not found.

use crate::helpers::{client, TestApp};
use crate::team::{member, PASSWORD};
use app::domain::{CreatedInvitation, Role};

const JOIN_PASSWORD: &str = "quiet harbour lantern 42";

async fn invite(app: &TestApp, email: &str, role: &str) -> CreatedInvitation {
    let res = app.call("team/invite", &[("email", email), ("role", role)]).await;
    assert_eq!(res.status(), 200, "invite {email}");
    res.json().await.unwrap()
}

fn token_of(created: &CreatedInvitation) -> String {
    created.path.strip_prefix("/join/").expect("a /join/ link").to_owned()
}

async fn join(app: &TestApp, http: &reqwest::Client, token: &str, name: &str, password: &str) -> reqwest::Response {
    app.call_with(
        http,
        "auth/join",
        &[("token", token), ("name", name), ("password", password), ("confirm_password", password)],
    )
    .await
}

async fn kinds(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT kind FROM activity ORDER BY id").fetch_all(app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn an_invitee_joins_once_with_the_invited_role() {
    let app = TestApp::spawn().await;
    let created = invite(&app, "Sam@Example.com", "support").await;
    assert_eq!(created.invitation.email, "sam@example.com");
    let token = token_of(&created);
    let stored: String =
        sqlx::query_scalar("SELECT token_hash FROM invitations").fetch_one(app.db.pool()).await.unwrap();
    assert!(!stored.contains(&token), "only the token's hash is stored");

    let info: Option<app::domain::InvitationInfo> =
        app.call_with(&client(), "auth/invitation", &[("token", &token)]).await.json().await.unwrap();
    assert_eq!(info.map(|i| (i.email, i.role)), Some(("sam@example.com".into(), Role::Support)));

    let http = client();
    let weak = join(&app, &http, &token, "Sam", "password123").await;
    assert_eq!(weak.status(), 422, "the resellers' strength rule");
    let nameless = join(&app, &http, &token, " \u{0} ", JOIN_PASSWORD).await;
    assert_eq!(nameless.status(), 422);
    assert_eq!(join(&app, &http, &token, "Sam Rivers", JOIN_PASSWORD).await.status(), 200, "joins");
    // Signed in, as support: reads resellers, may not manage API keys.
    assert_eq!(app.call_with(&http, "resellers/list", &[("page", "1")]).await.status(), 200);
    assert_eq!(app.call_with(&http, "api_keys/list", &[]).await.status(), 403);

    let again = join(&app, &client(), &token, "Someone Else", JOIN_PASSWORD).await;
    assert_eq!(again.status(), 409, "a link works once");
    let members: Vec<(String, String)> =
        sqlx::query_as("SELECT name, role FROM admins WHERE email = 'sam@example.com'")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert_eq!(members, vec![("Sam Rivers".to_owned(), "support".to_owned())]);
    let pending: Vec<serde_json::Value> = app.call("team/invitations", &[]).await.json().await.unwrap();
    assert!(pending.is_empty(), "an accepted invitation is no longer waiting");
    let kinds = kinds(&app).await;
    assert!(kinds.contains(&"member_invited".to_owned()) && kinds.contains(&"member_joined".to_owned()), "{kinds:?}");
    // The new member signs in with the password they chose.
    assert_eq!(app.sign_in(&client(), "sam@example.com", JOIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn many_uses_of_one_link_at_once_make_one_member() {
    let app = TestApp::spawn().await;
    let token = token_of(&invite(&app, "race@example.com", "viewer").await);
    let tries = (0..8).map(|i| {
        let (app, token) = (&app, token.clone());
        async move { join(app, &client(), &token, &format!("Racer {i}"), JOIN_PASSWORD).await.status().as_u16() }
    });
    let mut statuses = futures_util::future::join_all(tries).await;
    statuses.sort();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| [200, 409].contains(s)), "{statuses:?}");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM admins WHERE email = 'race@example.com'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn revoked_and_expired_links_do_not_work() {
    let app = TestApp::spawn().await;
    let revoked = invite(&app, "gone@example.com", "viewer").await;
    let id = revoked.invitation.id.to_string();
    assert_eq!(app.call("team/revoke_invitation", &[("id", &id)]).await.status(), 200);
    assert_eq!(app.call("team/revoke_invitation", &[("id", &id)]).await.status(), 404, "once");
    assert_eq!(join(&app, &client(), &token_of(&revoked), "Gone", JOIN_PASSWORD).await.status(), 409);

    // Expiry on a fixed clock: the link works until 7 days after it was made, not after.
    let late = invite(&app, "late@example.com", "viewer").await;
    let token = token_of(&late);
    let made: i64 = sqlx::query_scalar("SELECT created_at FROM invitations WHERE email = 'late@example.com'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let week = 7 * 24 * 3600;
    use app::ssr::invitations::{accept, lookup};
    assert!(lookup(&app.db, &token, made + week - 1).await.unwrap().is_some());
    assert!(lookup(&app.db, &token, made + week).await.unwrap().is_none());
    let refused = accept(&app.db, &token, "Late", JOIN_PASSWORD, JOIN_PASSWORD, made + week).await;
    assert!(matches!(refused, Err(app::error::AppError::Conflict(_))), "{refused:?}");
    assert!(accept(&app.db, &token, "Late", JOIN_PASSWORD, JOIN_PASSWORD, made + week - 1).await.is_ok());

    // A new invitation of the same address replaces the pending one.
    let first = invite(&app, "twice@example.com", "viewer").await;
    let second = invite(&app, "twice@example.com", "support").await;
    assert_eq!(join(&app, &client(), &token_of(&first), "Twice", JOIN_PASSWORD).await.status(), 409);
    assert_eq!(join(&app, &client(), &token_of(&second), "Twice", JOIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn nobody_invites_beyond_their_reach() {
    let app = TestApp::spawn().await;
    let (_, admin) = member(&app, "second-admin@test.example", Role::Admin).await;
    let (_, support) = member(&app, "support@test.example", Role::Support).await;
    let ask = |http: &reqwest::Client, role: &'static str| {
        let (app, http) = (&app, http.clone());
        async move { app.call_with(&http, "team/invite", &[("email", "x@example.com"), ("role", role)]).await.status() }
    };
    assert_eq!(ask(&admin, "owner").await, 403, "admins do not make owners");
    assert_eq!(ask(&admin, "viewer").await, 200);
    assert_eq!(ask(&support, "viewer").await, 403);
    assert_eq!(ask(&admin, "boss").await, 422);
    let member_email = app.call("team/invite", &[("email", "second-admin@test.example"), ("role", "viewer")]).await;
    assert_eq!(member_email.status(), 422, "already a member");
    let bad = app.call("team/invite", &[("email", "not an e-mail\u{0}"), ("role", "viewer")]).await;
    assert_eq!(bad.status(), 422);
    let _ = PASSWORD;
}

#[tokio::test]
async fn another_agency_s_invitations_are_not_found() {
    let app = TestApp::spawn().await;
    let ours = invite(&app, "ours@example.com", "viewer").await;
    let other_agency = app::ssr::db::create_agency(&app.db, "Other").await.unwrap();
    app::ssr::auth::create_member(&app.db, other_agency, "O", "o@other.example", PASSWORD, Role::Owner).await.unwrap();
    let other = client();
    assert_eq!(app.sign_in(&other, "o@other.example", PASSWORD).await.status(), 200);
    let id = ours.invitation.id.to_string();
    assert_eq!(app.call_with(&other, "team/revoke_invitation", &[("id", &id)]).await.status(), 404);
    let theirs: Vec<serde_json::Value> = app.call_with(&other, "team/invitations", &[]).await.json().await.unwrap();
    assert!(theirs.is_empty());
    assert_eq!(join(&app, &client(), &token_of(&ours), "Ours", JOIN_PASSWORD).await.status(), 200, "still works");
}
