//! Hostile input with a known answer: control characters refused on their field with
//! nothing written, malformed bodies, wrong types and content types, invalid UTF-8. (Text
//! generated for every field of every route is `tests/hostile`, a process of its own.)

use crate::helpers::{add_plan, event, input, reseller, TestApp};

/// Rows of every table a refused write could touch.
async fn snapshot(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in ["agencies", "admins", "resellers", "plans", "api_keys", "usage_events", "activity"] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        counts.push(n);
    }
    for table in ["usage_monthly", "usage_pending"] {
        let sum: Option<i64> =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT CAST(SUM(messages) AS BIGINT) FROM {table}")))
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        counts.push(sum.unwrap_or(0));
    }
    counts
}

#[tokio::test]
async fn control_characters_are_refused_on_their_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Acme", "a@acme.example", "acmemedia", 1)]).await;
    let plan = add_plan(&app, app.agency_id, "Basic", "active").await;
    let key = app.api_key("Production").await;
    let before = snapshot(&app).await;
    for field in ["name", "email", "website", "contact_name", "contact_email", "login_domain", "phone"] {
        let mut body = input(plan, "fresh@partner.example", "freshpartner");
        let mut value = serde_json::to_value(&body).unwrap();
        value[field] = format!("{}\u{0}", value[field].as_str().unwrap()).into();
        body = serde_json::from_value(value).unwrap();
        let res = crate::helpers::create(&app, &body).await;
        assert_eq!(res.status(), 422, "{field}");
        let error: app::error::AppError = res.json().await.unwrap();
        let app::error::AppError::Validation(fields) = error else { panic!("{field}: {error:?}") };
        assert!(fields.iter().any(|f| f.field == field), "{field}: {fields:?}");
    }
    let plan_body = serde_json::json!({ "id": null, "input": { "name": "Gold\u{0}", "description": "", "price": "49",
        "currency": "USD", "billing_cycle": "monthly", "messages_limit": "1", "whatsapp_limit": "1", "team_members_limit": "1" } });
    let res = app
        .http
        .post(format!("{}/api/plans/save", app.base))
        .header("origin", &app.base)
        .json(&plan_body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(app.call("api_keys/create", &[("name", "Key\u{0}")]).await.status(), 422);
    let res =
        app.post_usage(&key, &serde_json::json!({ "events": [event("e\u{0}", "acmemedia", "messages", 5)] })).await;
    assert_eq!(res.status(), 200);
    let report: serde_json::Value = res.json().await.unwrap();
    assert_eq!(report["rejected"], 1);
    assert_eq!(app.sign_in(&crate::helpers::client(), "a\u{0}@test.example", "x").await.status(), 401);
    let mut after = snapshot(&app).await;
    // API key use is logged (once a minute), sign-in attempts are not rows of these tables.
    let activity = 6;
    assert!(after[activity] >= before[activity]);
    after[activity] = before[activity];
    assert_eq!(after, before, "nothing written by refused requests");
}

#[tokio::test]
async fn malformed_bodies_get_a_4xx_that_says_why() {
    let app = TestApp::spawn().await;
    let key = app.api_key("Production").await;
    let post = |path: &'static str, content_type: &'static str, body: Vec<u8>| {
        app.http
            .post(format!("{}{path}", app.base))
            .header("origin", &app.base)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        ("/api/resellers/create", "application/json", b"{".to_vec()),
        ("/api/resellers/create", "application/json", br#"{"input": 5}"#.to_vec()),
        ("/api/resellers/create", "application/json", br#"{"input": {"name": 1}}"#.to_vec()),
        ("/api/resellers/create", "application/json", br#"{"input": null, "extra": true}"#.to_vec()),
        ("/api/resellers/create", "text/plain", b"name=x".to_vec()),
        ("/api/plans/save", "application/json", br#"{"id": "seven", "input": {}}"#.to_vec()),
        ("/api/resellers/get", "application/x-www-form-urlencoded", b"id=1.5".to_vec()),
        ("/api/resellers/get", "application/x-www-form-urlencoded", b"id=99999999999999999999".to_vec()),
        ("/api/resellers/get", "application/x-www-form-urlencoded", b"".to_vec()),
        ("/api/resellers/set_status", "application/x-www-form-urlencoded", b"id=1&status=maybe".to_vec()),
        ("/api/plans/set_archived", "application/x-www-form-urlencoded", b"id=1&archived=perhaps".to_vec()),
        ("/api/activity/list", "application/x-www-form-urlencoded", b"page=-1&limit=99999999999".to_vec()),
    ];
    // Invalid UTF-8 in a search is read with replacement characters: a search, not an error.
    for body in
        [b"q=%FF%FE&page=1".to_vec(), vec![b'q', b'=', 0xff, 0xfe, 0x00, b'&', b'p', b'a', b'g', b'e', b'=', b'1']]
    {
        let res = post("/api/resellers/list", "application/x-www-form-urlencoded", body).await.unwrap();
        assert!(res.status().as_u16() < 500);
    }
    for (path, content_type, body) in cases {
        let shown = String::from_utf8_lossy(&body).into_owned();
        let res = post(path, content_type, body).await.unwrap();
        let status = res.status().as_u16();
        assert!((400..500).contains(&status), "{path} {shown:?}: {status}");
    }
    let usage = |body: Vec<u8>| app.post_usage_raw(&key, body);
    for body in
        [b"not json".to_vec(), br#"{"events": {}}"#.to_vec(), br#"{"events": []}"#.to_vec(), vec![0xff, 0xfe, 0xfd]]
    {
        let shown = String::from_utf8_lossy(&body).into_owned();
        assert_eq!(usage(body).await.unwrap().status(), 400, "{shown}");
    }
    // Per event: wrong types and out-of-range numbers are that event's rejection.
    let odd = br#"{"events": [
        {"event_id": "a", "reseller": "x", "kind": "messages", "count": "12", "occurred_at": "2026-01-01T00:00:00Z"},
        {"event_id": "b", "reseller": "x", "kind": "messages", "count": 1e30, "occurred_at": "2026-01-01T00:00:00Z"},
        {"event_id": "c", "reseller": "x", "kind": "messages", "count": -5, "occurred_at": "2026-01-01T00:00:00Z"},
        {"event_id": "d", "reseller": [1], "kind": "messages", "count": 1, "occurred_at": "2026-01-01T00:00:00Z"},
        {"event_id": "e", "reseller": "x", "kind": "messages", "count": 1, "occurred_at": "yesterday"},
        {"event_id": "f", "reseller": "x", "kind": "messages", "count": 1, "occurred_at": "9999-12-31T23:59:59Z"}
    ]}"#;
    let res = usage(odd.to_vec()).await.unwrap();
    assert_eq!(res.status(), 200);
    let report: serde_json::Value = res.json().await.unwrap();
    assert_eq!(report["rejected"], 6, "{report}");
    // Duplicate ids in one batch count once.
    app.add(vec![reseller("Acme", "a@acme.example", "acmemedia", 1)]).await;
    let twice = serde_json::json!({ "events": [event("same", "acmemedia", "messages", 2), event("same", "acmemedia", "messages", 2)] });
    let report: serde_json::Value = app.post_usage(&key, &twice).await.json().await.unwrap();
    assert_eq!((report["accepted"].as_u64(), report["duplicates"].as_u64()), (Some(1), Some(1)));
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/resellers/acmemedia/team-members", app.base))
        .bearer_auth(&key)
        .json(&serde_json::json!({ "name": "Ana", "email": "ana@acme.example", "role": -1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400, "a role that is no text is no member");
}
