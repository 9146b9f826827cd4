//! A reseller's customers: managed in the reseller's portal (add, edit, suspend,
//! reactivate, delete; search and pages), read by the agency. Every route is scoped: a
//! reseller never reaches another reseller's customers, an agency another agency's.

use crate::helpers::{client, portal, portal_get as get, portal_post as post, TestApp};
use app::domain::CustomerPage;

async fn agency_list(app: &TestApp, http: &reqwest::Client, reseller: i64, q: &str, page: u32) -> reqwest::Response {
    app.call_with(http, "customers/list", &[("reseller", &reseller.to_string()), ("q", q), ("page", &page.to_string())])
        .await
}

async fn customer_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM customers WHERE email = $1").bind(email).fetch_one(app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn a_reseller_manages_its_customers_and_the_agency_sees_them() {
    let app = TestApp::spawn().await;
    let (id, http, base) = portal(&app, "Harbor Labs", "harborlabs").await;
    assert_eq!(get(&http, &base, "/customers").await.0, 200);
    let (status, to) =
        post(&http, &base, "/customers", &[("name", "Bistro Lumen"), ("email", "Hi@Lumen.example")]).await;
    assert_eq!((status, to.as_str()), (303, "/customers?done=added"));
    let (status, page) = post(&http, &base, "/customers", &[("name", "Again"), ("email", "hi@lumen.example")]).await;
    assert_eq!(status, 422, "one customer per address");
    assert!(page.contains("You already have a customer with this e-mail") && page.contains("value=\"Again\""));
    let (status, page) = post(&http, &base, "/customers", &[("name", "\u{0}"), ("email", "nope")]).await;
    assert_eq!(status, 422);
    assert_eq!(page.matches("aria-invalid=\"true\"").count(), 2, "both fields say what is wrong");

    let cid = customer_id(&app, "hi@lumen.example").await;
    let (status, _) = post(
        &http,
        &base,
        &format!("/customers/{cid}"),
        &[("name", "Bistro Lumen & Co"), ("email", "hi@lumen.example")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(post(&http, &base, &format!("/customers/{cid}/status"), &[("status", "suspended")]).await.0, 303);
    assert_eq!(post(&http, &base, &format!("/customers/{cid}/status"), &[("status", "gone")]).await.0, 400);
    let (_, list) = get(&http, &base, "/customers?q=lumen").await;
    assert!(list.contains("Bistro Lumen &amp; Co") && list.contains("Suspended"), "{list}");
    let (_, home) = get(&http, &base, "/").await;
    assert!(home.contains("Customers (1)"));
    // The Resellers table counts it.
    let row = app.list("harbor", "1").await.rows.into_iter().find(|r| r.id == id).unwrap();
    assert_eq!(row.customers, 1);

    // The agency reads them on the reseller's details.
    let seen: CustomerPage = agency_list(&app, &app.http, id, "", 1).await.json().await.unwrap();
    assert_eq!((seen.all, seen.rows[0].name.as_str()), (1, "Bistro Lumen & Co"));
    let none: CustomerPage = agency_list(&app, &app.http, id, "zzz", 1).await.json().await.unwrap();
    assert_eq!((none.all, none.total), (1, 0));

    assert_eq!(get(&http, &base, &format!("/customers/{cid}/delete")).await.0, 200, "asks first");
    assert_eq!(post(&http, &base, &format!("/customers/{cid}/delete"), &[]).await.0, 303);
    assert_eq!(post(&http, &base, &format!("/customers/{cid}/delete"), &[]).await.0, 404, "once");
    let row = app.list("harbor", "1").await.rows.into_iter().find(|r| r.id == id).unwrap();
    assert_eq!(row.customers, 0, "the count follows a deletion");
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM activity WHERE kind LIKE 'customer%' ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(kinds, ["customer_added", "customer_updated", "customer_suspended", "customer_deleted"]);
}

#[tokio::test]
async fn resellers_and_agencies_reach_only_their_own_customers() {
    let app = TestApp::spawn().await;
    let (harbor, harbor_http, harbor_base) = portal(&app, "Harbor Labs", "harborlabs").await;
    let (_, atlas_http, atlas_base) = portal(&app, "Atlas Media", "atlasmedia").await;
    post(&harbor_http, &harbor_base, "/customers", &[("name", "Harbor's"), ("email", "c@harbor.example")]).await;
    let cid = customer_id(&app, "c@harbor.example").await;
    // Atlas, signed in at its own host, names Harbor's customer: not found, nothing changed.
    for (path, form) in [
        (format!("/customers/{cid}"), vec![("name", "Taken"), ("email", "t@x.io")]),
        (format!("/customers/{cid}/status"), vec![("status", "suspended")]),
        (format!("/customers/{cid}/delete"), vec![]),
    ] {
        assert_eq!(post(&atlas_http, &atlas_base, &path, &form).await.0, 404, "{path}");
    }
    assert_eq!(get(&atlas_http, &atlas_base, &format!("/customers/{cid}/edit")).await.0, 404);
    let (_, list) = get(&atlas_http, &atlas_base, "/customers").await;
    assert!(!list.contains("Harbor&#x27;s") && !list.contains("Harbor's"));
    // Atlas's cookie does not work at Harbor's host; signed out, the pages lead to sign-in.
    let (stranger, _) = app.portal_client("harborlabs");
    let res = stranger.get(format!("{harbor_base}/customers")).send().await.unwrap();
    assert_eq!((res.status().as_u16(), res.headers()["location"].to_str().unwrap()), (303, "/"));
    let (status, _) = post(&stranger, &harbor_base, "/customers", &[("name", "X"), ("email", "x@x.io")]).await;
    assert_eq!(status, 303);
    let row: (String, String) = sqlx::query_as("SELECT name, status FROM customers WHERE id = $1")
        .bind(cid)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(row, ("Harbor's".to_owned(), "active".to_owned()));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(count, 1);

    // Another agency's member: Harbor's customers are not found.
    let other = app::ssr::db::create_agency(&app.db, "Other").await.unwrap();
    app::ssr::auth::create_member(
        &app.db,
        other,
        "O",
        "o@other.example",
        "member password 1",
        app::domain::Role::Viewer,
    )
    .await
    .unwrap();
    let outsider = client();
    assert_eq!(app.sign_in(&outsider, "o@other.example", "member password 1").await.status(), 200);
    assert_eq!(agency_list(&app, &outsider, harbor, "", 1).await.status(), 404);
    assert_eq!(agency_list(&app, &client(), harbor, "", 1).await.status(), 401);
}

#[tokio::test]
async fn searches_and_pages_cover_every_customer_once() {
    let app = TestApp::spawn().await;
    let (id, http, base) = portal(&app, "Harbor Labs", "harborlabs").await;
    for i in 0..60 {
        let (name, email) = (format!("Shop {i:02} 50%_off"), format!("shop{i}@example.com"));
        assert_eq!(post(&http, &base, "/customers", &[("name", &name), ("email", &email)]).await.0, 303);
    }
    post(&http, &base, "/customers", &[("name", "Other"), ("email", "other@example.com")]).await;
    let mut seen = Vec::new();
    for page in 1..=3 {
        let p: CustomerPage = agency_list(&app, &app.http, id, "50%_OFF", page).await.json().await.unwrap();
        assert_eq!((p.all, p.total, p.page), (61, 60, page));
        seen.extend(p.rows.into_iter().map(|r| r.id));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 60, "three pages, every match once");
    // LIKE's own characters are text: "%" alone matches only names that hold one.
    let percent: CustomerPage = agency_list(&app, &app.http, id, "%", 1).await.json().await.unwrap();
    assert_eq!(percent.total, 60);
    let past: CustomerPage = agency_list(&app, &app.http, id, "", 99).await.json().await.unwrap();
    assert_eq!(past.page, 3, "a page past the end answers the last one");
    let (status, html) = get(&http, &base, "/customers?q=shop%2005&page=1").await;
    assert_eq!(status, 200);
    assert!(html.contains("Shop 05"));
    let (status, _) = get(&http, &base, "/customers?q=%00%01&page=abc").await;
    assert_eq!(status, 200, "odd search text and pages fall back");
}
