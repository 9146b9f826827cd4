//! The usage API: keys, idempotent ingestion, per-event errors, team members, isolation,
//! and the OpenAPI document against the real routes.

use crate::helpers::{event, reseller, TestApp};
use app::domain::Overview;
use serde_json::{json, Value};

async fn overview(app: &TestApp) -> Overview {
    app.call("resellers/overview", &[]).await.json().await.unwrap()
}

async fn two_resellers(app: &TestApp) {
    app.add(vec![
        reseller("Harbor Labs", "h@harbor.io", "harborlabs", 1),
        reseller("Atlas Media", "a@atlas.io", "atlasmedia", 2),
    ])
    .await;
}

#[tokio::test]
async fn a_retried_batch_counts_once() {
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    let key = app.api_key("Chatbot").await;
    let atlas = app.id_of("atlasmedia").await.to_string();
    let batch = json!({ "events": [
        event("e1", "harborlabs", "messages", 10),
        event("e2", "harborlabs", "whatsapp_messages", 3),
        event("e3", &atlas, "messages", 5),
    ]});
    let first: Value = app.post_usage(&key, &batch).await.json().await.unwrap();
    assert_eq!((first["accepted"].as_u64(), first["duplicates"].as_u64()), (Some(3), Some(0)));
    let again = app.post_usage(&key, &batch).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!((again["accepted"].as_u64(), again["duplicates"].as_u64()), (Some(0), Some(3)));
    assert_eq!(again["results"][0]["status"], "duplicate");
    let o = overview(&app).await;
    assert_eq!((o.messages_consumed, o.whatsapp_consumed), (15, 3));
    // The same id twice in one batch counts once too.
    let twice =
        json!({ "events": [event("e9", "harborlabs", "messages", 1), event("e9", "harborlabs", "messages", 1)] });
    let report: Value = app.post_usage(&key, &twice).await.json().await.unwrap();
    assert_eq!((report["accepted"].as_u64(), report["duplicates"].as_u64()), (Some(1), Some(1)));
}

#[tokio::test]
async fn concurrent_overlapping_batches_count_each_event_once() {
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    let key = app.api_key("Chatbot").await;
    // 10 batches of 40 events over ids 0..130, each overlapping its neighbours.
    let batches: Vec<Value> = (0..10)
        .map(|b| json!({ "events": (b * 10..b * 10 + 40).map(|i| event(&format!("ev-{i}"), "harborlabs", "messages", i + 1)).collect::<Vec<_>>() }))
        .collect();
    let posts = batches.iter().map(|b| app.post_usage(&key, b));
    let reports: Vec<reqwest::Response> = futures_util::future::join_all(posts).await;
    let mut accepted = 0;
    for r in reports {
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        accepted += v["accepted"].as_u64().unwrap();
    }
    assert_eq!(accepted, 130, "every distinct event accepted exactly once");
    let expected: i64 = (0..130).map(|i| i + 1).sum();
    assert_eq!(overview(&app).await.messages_consumed, expected);
}

#[tokio::test]
async fn bad_events_are_reported_and_good_ones_kept() {
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    let key = app.api_key("Chatbot").await;
    let batch = json!({ "events": [
        event("ok-1", "harborlabs", "messages", 7),
        event("bad-kind", "harborlabs", "sms", 1),
        event("bad-count", "harborlabs", "messages", 0),
        event("nobody", "nosuchreseller", "messages", 1),
        { "event_id": "bad-time", "reseller": "harborlabs", "kind": "messages", "count": 1, "occurred_at": "yesterday" },
        { "event_id": "bad-shape", "reseller": "harborlabs", "kind": "messages", "count": "many", "occurred_at": "2026-01-01T00:00:00Z" },
        event("ok-2", "HarborLabs", "whatsapp_messages", 2),
    ]});
    let res = app.post_usage(&key, &batch).await;
    assert_eq!(res.status(), 200);
    let report: Value = res.json().await.unwrap();
    assert_eq!((report["accepted"].as_u64(), report["rejected"].as_u64()), (Some(2), Some(5)));
    let fields: Vec<&str> =
        report["results"].as_array().unwrap().iter().map(|r| r["error"]["field"].as_str().unwrap_or("")).collect();
    assert_eq!(fields, ["", "kind", "count", "reseller", "occurred_at", "event", ""]);
    assert_eq!(report["results"][3]["error"]["message"], "unknown reseller");
    let o = overview(&app).await;
    assert_eq!((o.messages_consumed, o.whatsapp_consumed), (7, 2));
}

#[tokio::test]
async fn keys_and_bodies_are_checked() {
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    let key = app.api_key("Chatbot").await;
    let batch = json!({ "events": [event("e1", "harborlabs", "messages", 1)] });
    for wrong in ["", "pdk_not-a-key", "Bearer x"] {
        let res = app.post_usage(wrong, &batch).await;
        assert_eq!(res.status(), 401, "key {wrong:?}");
        assert_eq!(res.headers()["www-authenticate"], "Bearer");
    }
    let no_header =
        reqwest::Client::new().post(format!("{}/api/v1/usage", app.base)).json(&batch).send().await.unwrap();
    assert_eq!(no_header.status(), 401);
    for (body, says) in [("not json", "must be JSON"), ("[1, 2]", "must be JSON"), ("{\"events\": []}", "no events")] {
        let res = reqwest::Client::new()
            .post(format!("{}/api/v1/usage", app.base))
            .bearer_auth(&key)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{body}");
        let v: Value = res.json().await.unwrap();
        assert!(v["error"].as_str().unwrap().contains(says), "{v}");
    }
    let too_many = json!({ "events": (0..1001).map(|i| event(&format!("x{i}"), "harborlabs", "messages", 1)).collect::<Vec<_>>() });
    let res = app.post_usage(&key, &too_many).await;
    assert_eq!(res.status(), 400);
    assert_eq!(overview(&app).await.messages_consumed, 0, "nothing counted from refused bodies");

    // A revoked key stops working at once; the list shows it revoked and when it was used.
    let keys: Vec<app::domain::ApiKeyRow> = app.call("api_keys/list", &[]).await.json().await.unwrap();
    assert_eq!(keys.len(), 1);
    assert!(keys[0].last_used_at.is_some());
    // The list shows the key's first characters only (the key is 43 random characters after "pdk_").
    let prefix = &keys[0].prefix;
    assert!(
        prefix.starts_with("pdk_") && key.starts_with(prefix.as_str()) && key.len() >= prefix.len() + 32,
        "{prefix}"
    );
    let stored: String = sqlx::query_scalar("SELECT key_hash FROM api_keys").fetch_one(app.db.pool()).await.unwrap();
    assert!(!stored.contains(&key[4..]), "only a hash of the key is stored");
    assert_eq!(app.call("api_keys/revoke", &[("id", &keys[0].id.to_string())]).await.status(), 200);
    assert_eq!(app.post_usage(&key, &batch).await.status(), 401);
}

#[tokio::test]
async fn another_agencys_resellers_are_unknown_to_a_key() {
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    let other_agency: i64 =
        sqlx::query_scalar("INSERT INTO agencies (name, created_at) VALUES ('Other', 0) RETURNING id")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    app.add_to(other_agency, &[reseller("Foreign Co", "f@foreign.io", "foreignco", 1)]).await;
    let foreign_id = app.id_of("foreignco").await.to_string();
    let key = app.api_key("Chatbot").await;
    let batch = json!({ "events": [event("f1", "foreignco", "messages", 5), event("f2", &foreign_id, "messages", 5)] });
    let report: Value = app.post_usage(&key, &batch).await.json().await.unwrap();
    assert_eq!(report["rejected"].as_u64(), Some(2));
    assert_eq!(report["results"][1]["error"]["message"], "unknown reseller");
    let counted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM usage_monthly").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(counted, 0);
    let res = add_member(&app, &key, "foreignco", json!({ "name": "Ana", "email": "ana@x.io", "role": "agent" })).await;
    assert_eq!(res.status(), 404);
    assert_eq!(team(&app, &key, &foreign_id).await.status(), 404);
}

fn team_url(app: &TestApp, who: &str) -> String {
    format!("{}/api/v1/resellers/{who}/team-members", app.base)
}

async fn add_member(app: &TestApp, key: &str, who: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new().post(team_url(app, who)).bearer_auth(key).json(&body).send().await.unwrap()
}

async fn team(app: &TestApp, key: &str, who: &str) -> reqwest::Response {
    reqwest::Client::new().get(team_url(app, who)).bearer_auth(key).send().await.unwrap()
}

async fn remove_member(app: &TestApp, key: &str, who: &str, member: &str) -> reqwest::Response {
    let url = format!("{}/{member}", team_url(app, who));
    reqwest::Client::new().delete(url).bearer_auth(key).send().await.unwrap()
}

#[tokio::test]
async fn a_resellers_team_is_added_to_and_removed_from_and_counts_itself() {
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    let key = app.api_key("Chatbot").await;
    let harbor = app.id_of("harborlabs").await;
    let before = overview(&app).await.team_members_consumed;
    let count = || async {
        let d: app::domain::ResellerDetails =
            app.call("resellers/get", &[("id", &harbor.to_string())]).await.json().await.unwrap();
        d.usage.team_members
    };
    let was = count().await;
    let res = add_member(
        &app,
        &key,
        "harborlabs",
        json!({ "name": "Ana Adams", "email": "Ana@Harbor.example", "role": "agent" }),
    )
    .await;
    assert_eq!(res.status(), 201);
    let ana: Value = res.json().await.unwrap();
    assert_eq!((ana["email"].as_str(), ana["role"].as_str()), (Some("ana@harbor.example"), Some("agent")));
    let res = add_member(
        &app,
        &key,
        &harbor.to_string(),
        json!({ "name": "Ben", "email": "ben@harbor.example", "role": "admin" }),
    )
    .await;
    assert_eq!(res.status(), 201, "by id too");
    // The count is the team's size, on the reseller and in the overview.
    assert_eq!(count().await, 2, "was {was}: counted from the members");
    assert_eq!(overview(&app).await.team_members_consumed, before - was + 2);
    let list: Value = team(&app, &key, "harborlabs").await.json().await.unwrap();
    assert_eq!((list["team_members"].as_i64(), list["members"][0]["name"].as_str()), (Some(2), Some("Ana Adams")));
    // Refused: the same address again, a bad role or name, a body that is no member.
    let res =
        add_member(&app, &key, "harborlabs", json!({ "name": "Ana", "email": "ana@harbor.example", "role": "agent" }))
            .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["fields"][0]["field"], "email");
    let res =
        add_member(&app, &key, "harborlabs", json!({ "name": "\u{0}", "email": "c@x.io", "role": "owner" })).await;
    assert_eq!(res.status(), 422);
    assert_eq!(add_member(&app, &key, "harborlabs", json!([1, 2])).await.status(), 400);
    assert_eq!(
        add_member(&app, &key, "nosuch", json!({ "name": "A", "email": "a@x.io", "role": "agent" })).await.status(),
        404
    );
    // Removed once; a member of another reseller is not found through this one.
    let ana_id = ana["id"].as_i64().unwrap().to_string();
    assert_eq!(remove_member(&app, &key, "atlasmedia", &ana_id).await.status(), 404);
    assert_eq!(remove_member(&app, &key, "harborlabs", &ana_id).await.status(), 204);
    assert_eq!(remove_member(&app, &key, "harborlabs", &ana_id).await.status(), 404);
    assert_eq!(remove_member(&app, &key, "harborlabs", "not-an-id").await.status(), 404);
    assert_eq!(count().await, 1);
    let logged: Vec<String> = sqlx::query_scalar("SELECT actor FROM activity WHERE kind = 'team_member_removed'")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(logged, ["API key Chatbot"]);
    // The old "set a count" route answers 410 and names its replacement.
    let res = reqwest::Client::new()
        .put(team_url(&app, "harborlabs"))
        .bearer_auth(&key)
        .json(&json!({ "count": 7 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 410);
    let v: Value = res.json().await.unwrap();
    assert!(v["error"].as_str().unwrap().contains("POST /api/v1/resellers/{id_or_domain}/team-members"));
    assert_eq!(count().await, 1, "the retired route changes nothing");
}

#[tokio::test]
async fn many_identical_additions_at_once_add_one_member() {
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    let key = app.api_key("Chatbot").await;
    let body = json!({ "name": "Ana", "email": "ana@harbor.example", "role": "agent" });
    let sends = (0..20).map(|_| add_member(&app, &key, "harborlabs", body.clone()));
    let statuses: Vec<u16> = futures_util::future::join_all(sends).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| [201, 422].contains(s)), "{statuses:?}");
    let list: Value = team(&app, &key, "harborlabs").await.json().await.unwrap();
    assert_eq!(list["team_members"].as_i64(), Some(1));
}

#[tokio::test]
async fn usage_shows_on_the_details_page_by_month() {
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    app.add_usage("harborlabs", 3, 40, 4).await;
    let key = app.api_key("Chatbot").await;
    let report: Value = app
        .post_usage(&key, &json!({ "events": [event("m1", "harborlabs", "messages", 12)] }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["accepted"].as_u64(), Some(1));
    let id = app.id_of("harborlabs").await.to_string();
    let details: app::domain::ResellerDetails = app.call("resellers/get", &[("id", &id)]).await.json().await.unwrap();
    let months = &details.usage.months;
    assert_eq!(months.len(), 12);
    assert_eq!((months[11].messages, months[8].messages, months[8].whatsapp), (12, 40, 4));
    let page = app.get(&format!("/partners/resellers/{id}")).await.text().await.unwrap();
    assert!(page.contains("Usage over the last 12 months"), "the chart is rendered with its title");
}

#[tokio::test]
async fn the_openapi_document_matches_the_routes() {
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    let res = reqwest::get(format!("{}/api/openapi.json", app.base)).await.unwrap();
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 3);
    let http = reqwest::Client::new();
    for (path, item) in paths {
        let url = format!("{}{}", app.base, path.replace("{id_or_domain}", "harborlabs").replace("{member_id}", "1"));
        for method in item.as_object().unwrap().keys() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            // Without a key every documented operation exists (no 404/405) and answers 401,
            // as the document says it does; the retired one answers 410 to anyone.
            let res = http.request(method.clone(), &url).json(&json!({})).send().await.unwrap();
            let responses = &item[method.as_str().to_lowercase()]["responses"];
            let expected = if responses["410"].is_object() { 410 } else { 401 };
            assert_eq!(res.status(), expected, "{method} {path}");
            assert!(responses[expected.to_string()].is_object(), "{method} {path} documents {expected}");
        }
    }
}

/// This month's messages and WhatsApp messages of the test agency's resellers, recounted
/// from the rows of `tables` (the month counters, and the usage not folded into them yet).
async fn recount_usage(app: &TestApp, month: app::domain::Month, tables: &[&str]) -> (i64, i64) {
    let rows: Vec<String> =
        tables.iter().map(|t| format!("SELECT reseller_id, month, messages, whatsapp FROM {t}")).collect();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COALESCE(SUM(u.messages), 0) AS BIGINT), CAST(COALESCE(SUM(u.whatsapp), 0) AS BIGINT) \
         FROM ({}) AS u \
         JOIN resellers r ON r.id = u.reseller_id WHERE r.agency_id = $1 AND u.month = $2",
        rows.join(" UNION ALL ")
    )))
    .bind(app.agency_id)
    .bind(month.0)
    .fetch_one(app.db.pool())
    .await
    .unwrap()
}

/// The overview's figures are kept up to date (not summed per request): after every kind of
/// write they equal a recount of the rows.
#[tokio::test]
async fn maintained_totals_match_a_recount_after_every_kind_of_write() {
    let app = TestApp::spawn().await;
    app.add(crate::helpers::numbered(12)).await;
    let key = app.api_key("Chatbot").await;
    let ids = app.reseller_ids().await;
    let events: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| event(&format!("t{i}"), &id.to_string(), "messages", 10 + i as i64))
        .collect();
    assert_eq!(app.post_usage(&key, &json!({ "events": events })).await.status(), 200);
    app.add_usage("resaab", 0, 7, 3).await;
    for id in &ids[..3] {
        let res = app.call("resellers/set_status", &[("id", &id.to_string()), ("active", "false")]).await;
        assert_eq!(res.status(), 200);
    }
    for id in &ids[2..5] {
        assert_eq!(app.call("resellers/delete", &[("id", &id.to_string())]).await.status(), 200);
    }
    let member = json!({ "name": "Ana", "email": "ana@x.io", "role": "agent" });
    assert_eq!(add_member(&app, &key, &ids[8].to_string(), member).await.status(), 201);

    let o = overview(&app).await;
    let (total, active, team): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END), CAST(SUM(team_members_consumed) AS BIGINT) \
         FROM resellers WHERE agency_id = $1",
    )
    .bind(app.agency_id)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    // The month counters plus the usage not folded into them yet; then the same after folding.
    let (messages, whatsapp) = recount_usage(&app, o.month, &["usage_monthly", "usage_pending"]).await;
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM usage_pending").fetch_one(app.db.pool()).await.unwrap();
    assert!(pending > 0, "the API's batch is pending until folded");
    app::ssr::usage::fold_pending(&app.db, 1_000).await.unwrap();
    assert_eq!(recount_usage(&app, o.month, &["usage_monthly"]).await, (messages, whatsapp), "folding moves usage");
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM usage_pending").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(pending, 0);
    assert_eq!(overview(&app).await.messages_consumed, messages);
    assert_eq!((o.total_resellers, o.active_resellers, o.team_members_consumed), (total, active, team));
    assert_eq!((o.messages_consumed, o.whatsapp_consumed), (messages, whatsapp));
    assert_eq!((total, active), (9, 7), "12 added, 3 deleted, 2 of the 9 left switched off");
    // Three deleted resellers' usage (12 + 13 + 14) left the sum; "resaab" (id 2) got 7 more.
    assert_eq!(messages, (10..22).sum::<i64>() - (12 + 13 + 14) + 7);
}

#[tokio::test]
async fn writes_wait_their_turn_while_a_long_batch_holds_the_database() {
    // SQLite has one writer: a batch holds the write lock for its whole transaction (at a
    // million resellers, a second or more; batches from several clients back to back). A
    // write outside the writers' queue (marking a key's first use of the minute) waited on
    // SQLite's busy handler and after 5 s failed its request with a 500. Here one writer
    // holds the lock for 6 s: the request must wait its turn, then succeed.
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    let key = app.api_key("New").await;
    let (held_tx, held) = tokio::sync::oneshot::channel();
    let writer = async {
        let mut tx = app.db.begin_write().await.unwrap();
        sqlx::query("UPDATE agencies SET name = name WHERE id = $1")
            .bind(app.agency_id)
            .execute(&mut *tx)
            .await
            .unwrap();
        held_tx.send(()).unwrap();
        tokio::time::sleep(std::time::Duration::from_secs(6)).await;
        tx.commit().await.unwrap();
    };
    let requests = async {
        held.await.unwrap();
        let one = json!({ "events": [event("first-of-new-key", "atlasmedia", "messages", 1)] });
        // A sign-in writes too (its throttle count, then the session).
        let browser = crate::helpers::client();
        let sign_in = app.sign_in(&browser, crate::helpers::ADMIN_EMAIL, crate::helpers::ADMIN_PASSWORD);
        let (usage, signed_in) = tokio::join!(app.post_usage(&key, &one), sign_in);
        (usage.status().as_u16(), signed_in.status().as_u16())
    };
    let (statuses, ()) = tokio::join!(requests, writer);
    assert_eq!(statuses, (200, 200), "the key's first request and a sign-in are answered after the batch");
    let keys: Value = app.call("api_keys/list", &[]).await.json().await.unwrap();
    let new = keys.as_array().unwrap().iter().find(|k| k["name"] == "New").unwrap();
    assert!(!new["last_used_at"].is_null(), "its use is recorded: {new}");
}

/// Two servers fold pending usage at once (every server runs the step): each pending row is
/// moved once, and the counters end equal to the events accepted.
#[tokio::test]
async fn concurrent_folds_move_each_pending_row_once() {
    let app = TestApp::spawn().await;
    app.add(crate::helpers::numbered(30)).await;
    let key = app.api_key("Chatbot").await;
    let ids = app.reseller_ids().await;
    let mut expected = 0;
    for batch in 0..6 {
        let events: Vec<Value> = (0..50)
            .map(|i| {
                let count = 1 + (batch * 50 + i) % 5;
                expected += count;
                event(&format!("b{batch}-{i}"), &ids[(i as usize * 7) % ids.len()].to_string(), "messages", count)
            })
            .collect();
        assert_eq!(app.post_usage(&key, &json!({ "events": events })).await.status(), 200);
    }
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM usage_pending").fetch_one(app.db.pool()).await.unwrap();
    assert!(pending >= 30, "each batch left its sums pending: {pending}");
    let other = app::ssr::db::connect(&app.database_url, 250).await.unwrap();
    let fold = |db: app::ssr::db::Db| async move {
        let mut moved = 0;
        loop {
            match app::ssr::usage::fold_pending(&db, 7).await.unwrap() {
                0 => return moved,
                n => moved += n,
            }
        }
    };
    let (a, b) = tokio::join!(tokio::spawn(fold(app.db.clone())), tokio::spawn(fold(other.clone())));
    assert_eq!(a.unwrap() + b.unwrap(), pending as u64, "every pending row moved by one of the two");
    let month = app::ssr::clock::current_month();
    assert_eq!(recount_usage(&app, month, &["usage_monthly"]).await, (expected, 0));
    assert_eq!(recount_usage(&app, month, &["usage_pending"]).await.0, 0);
    assert_eq!(overview(&app).await.messages_consumed, expected);
}

async fn add_customer(app: &TestApp, domain: &str, email: &str) -> i64 {
    let reseller = app.id_of(domain).await;
    sqlx::query_scalar(
        "INSERT INTO customers (agency_id, reseller_id, name, email, status, created_at, updated_at) \
         VALUES ($1, $2, 'Shop', $3, 'active', 0, 0) RETURNING id",
    )
    .bind(app.agency_id)
    .bind(reseller)
    .bind(email)
    .fetch_one(app.db.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn usage_naming_a_customer_rolls_up_to_the_reseller_and_the_agency() {
    let app = TestApp::spawn().await;
    two_resellers(&app).await;
    let key = app.api_key("Chatbot").await;
    let lumen = add_customer(&app, "harborlabs", "hi@lumen.example").await;
    let atlas_shop = add_customer(&app, "atlasmedia", "shop@atlas.example").await;
    let with = |id: &str, reseller: &str, kind: &str, count: i64, customer: Value| {
        let mut e = event(id, reseller, kind, count);
        e["customer"] = customer;
        e
    };
    let batch = json!({ "events": [
        with("c1", "harborlabs", "messages", 10, json!(lumen)),
        with("c2", "harborlabs", "whatsapp_messages", 3, json!("HI@lumen.example")),
        event("c3", "harborlabs", "messages", 5),
        with("c4", "harborlabs", "messages", 7, json!(atlas_shop)),
        with("c5", "atlasmedia", "messages", 7, json!("nobody@atlas.example")),
        with("c1", "harborlabs", "messages", 10, json!(lumen)),
        with("c6", "harborlabs", "messages", 1, json!("\u{0}")),
    ]});
    let report: Value = app.post_usage(&key, &batch).await.json().await.unwrap();
    assert_eq!((report["accepted"].as_u64(), report["duplicates"].as_u64()), (Some(3), Some(1)), "{report}");
    assert_eq!(report["rejected"].as_u64(), Some(3));
    for i in [3, 4, 6] {
        assert_eq!(report["results"][i]["error"]["field"], "customer", "another reseller's or no customer: {report}");
    }
    let month = app::ssr::clock::current_month().0;
    let customer: (i64, i64) =
        sqlx::query_as("SELECT messages, whatsapp FROM customer_usage_monthly WHERE customer_id = $1 AND month = $2")
            .bind(lumen)
            .bind(month)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(customer, (10, 3), "the duplicate is counted once");
    let harbor = app.id_of("harborlabs").await.to_string();
    let details: app::domain::ResellerDetails =
        app.call("resellers/get", &[("id", &harbor)]).await.json().await.unwrap();
    let now = details.usage.current();
    assert_eq!((now.messages, now.whatsapp), (15, 3), "the reseller counts its customers' usage and its own");
    let o = overview(&app).await;
    assert_eq!((o.messages_consumed, o.whatsapp_consumed), (15, 3), "and the agency the resellers'");
    // The agency reads the customer's figure on the reseller's page.
    let page: app::domain::CustomerPage =
        app.call("customers/list", &[("reseller", &harbor), ("q", "lumen"), ("page", "1")]).await.json().await.unwrap();
    assert_eq!((page.rows[0].messages, page.rows[0].whatsapp), (10, 3));
}
