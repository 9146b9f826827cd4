//! A reseller's own team in its portal: added to and removed from, its count following
//! (on the reseller, the portal's home and the agency's overview), each side only its own.

use crate::helpers::{portal, portal_get as get, portal_post as post, TestApp};

async fn count(app: &TestApp, reseller: i64) -> i64 {
    sqlx::query_scalar("SELECT team_members_consumed FROM resellers WHERE id = $1")
        .bind(reseller)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reseller_keeps_its_team_and_the_count_follows() {
    let app = TestApp::spawn().await;
    let (reseller, http, base) = portal(&app, "Harbor Labs", "harborlabs").await;
    assert_eq!(get(&http, &base, "/team").await.0, 200);
    let ana = [("name", "Ana Adams"), ("email", "ana@harbor.example"), ("role", "admin")];
    assert_eq!(post(&http, &base, "/team", &ana).await, (303, "/team?done=added".into()));
    let (status, page) = post(&http, &base, "/team", &ana).await;
    assert_eq!(status, 422, "the same address twice");
    assert!(page.contains("already on the team") && page.contains("value=\"Ana Adams\""));
    let (status, page) = post(&http, &base, "/team", &[("name", ""), ("email", "x"), ("role", "owner")]).await;
    assert_eq!(status, 422);
    assert_eq!(page.matches("aria-invalid=\"true\"").count(), 2, "name and e-mail; the role says why too");
    assert!(page.contains("Select admin or agent"));
    post(&http, &base, "/team", &[("name", "Ben"), ("email", "ben@harbor.example"), ("role", "agent")]).await;
    assert_eq!(count(&app, reseller).await, 2);
    let (_, home) = get(&http, &base, "/").await;
    assert!(home.contains("Team (2)"), "{home}");
    let overview: app::domain::Overview = app.call("resellers/overview", &[]).await.json().await.unwrap();
    assert_eq!(overview.team_members_consumed, 2);

    let id: i64 = sqlx::query_scalar("SELECT id FROM reseller_members WHERE email = 'ana@harbor.example'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let (status, question) = get(&http, &base, &format!("/team/{id}/remove")).await;
    assert!(status == 200 && question.contains("Remove Ana Adams?"));
    // Another reseller cannot see or remove it.
    let (_, other, other_base) = portal(&app, "Nova", "nova").await;
    assert_eq!(get(&other, &other_base, &format!("/team/{id}/remove")).await.0, 404);
    assert_eq!(post(&other, &other_base, &format!("/team/{id}/remove"), &[]).await.0, 404);
    assert_eq!(post(&http, &base, &format!("/team/{id}/remove"), &[]).await, (303, "/team?done=removed".into()));
    assert_eq!(post(&http, &base, &format!("/team/{id}/remove"), &[]).await.0, 404, "once");
    assert_eq!(count(&app, reseller).await, 1);
    let kinds: Vec<(String, String)> = sqlx::query_as(
        "SELECT kind, actor FROM activity WHERE kind IN ('team_member_added', 'team_member_removed') ORDER BY id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    let added = ("team_member_added".to_owned(), "reseller".to_owned());
    let removed = ("team_member_removed".to_owned(), "reseller".to_owned());
    assert_eq!(kinds, [added.clone(), added, removed]);
}
