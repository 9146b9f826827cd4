//! Every server function, API route, page and portal form fed what a hostile outsider
//! sends: NUL and control characters, huge, RTL and emoji text, SQL and HTML, numbers that
//! are not numbers, wrong types and content types, invalid UTF-8. Generated (proptest)
//! where a field takes text, fixed tables for shapes. The answer is always a clear 4xx or
//! a normal answer — never a 5xx, never a dropped connection — and refused writes change
//! nothing.

use crate::create::{add_plan, input};
use crate::helpers::{event, reseller, TestApp};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Text an outsider might send in any field.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\u{0}".to_owned()),
        Just("a\u{0}b".to_owned()),
        Just("' OR 1=1; DROP TABLE resellers; --".to_owned()),
        Just("</title><script>alert(1)</script>".to_owned()),
        Just("\u{202e}evil\u{202c}".to_owned()),
        Just("🙂👩‍👩‍👧".repeat(40)),
        Just("-1".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("1e309".to_owned()),
        Just("NaN".to_owned()),
        Just("%00%ff".to_owned()),
        Just("2026-02-30T25:61:00Z".to_owned()),
        "[\\x00-\\x1f\\x7f]{1,8}",
        "\\PC{0,40}",
        any::<String>(),
        "x{3000,6000}",
    ]
}

/// Server functions taking form fields, with values that are fine for the other fields.
const FORM_CALLS: &[(&str, &[(&str, &str)])] = &[
    ("auth/sign_in", &[("email", "someone@example.com"), ("password", "a password"), ("next", "/")]),
    (
        "resellers/list",
        &[
            ("q", ""),
            ("page", "1"),
            ("status", ""),
            ("partner_type", ""),
            ("plan", ""),
            ("sort", "name"),
            ("dir", "asc"),
            ("after", ""),
            ("before", ""),
        ],
    ),
    ("resellers/get", &[("id", "1")]),
    ("resellers/set_status", &[("id", "999999"), ("status", "active")]),
    ("resellers/delete", &[("id", "999999")]),
    ("resellers/check_login_domain", &[("domain", "freshdomain")]),
    ("resellers/edit_form", &[("id", "1")]),
    ("resellers/rate_password", &[("password", "pw"), ("name", ""), ("email", ""), ("login_domain", "")]),
    ("plans/get", &[("id", "1")]),
    ("plans/set_archived", &[("id", "999999"), ("archived", "true")]),
    ("plans/delete", &[("id", "999999")]),
    ("options/plans", &[("keep", "1")]),
    ("activity/list", &[("reseller", ""), ("kind", ""), ("page", "1"), ("limit", "10")]),
    ("api_keys/create", &[("name", "Key")]),
    ("api_keys/revoke", &[("id", "999999")]),
];

/// Pages (GET) with a query parameter or path segment that takes text.
const PAGES: &[&str] = &[
    "/partners/resellers?q={}",
    "/partners/resellers?sort=name&page=2&after=1.2.{}",
    "/partners/activity?reseller={}&kind={}",
    "/partners/resellers/{}",
    "/partners/plans/{}/edit",
    "/partners/resellers/export.csv?q={}",
];

fn form_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Sends every request once with `text` in one field; answers what went wrong, if anything.
async fn send_everywhere(app: &TestApp, key: &str, text: &str) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut check = |what: String, status: Result<u16, reqwest::Error>| match status {
        Ok(s) if s < 500 => {}
        Ok(s) => problems.push(format!("{what}: HTTP {s}")),
        Err(e) => problems.push(format!("{what}: no answer ({e})")),
    };
    for (endpoint, fields) in FORM_CALLS {
        for i in 0..fields.len() {
            let form: Vec<(&str, &str)> =
                fields.iter().enumerate().map(|(j, (k, v))| (*k, if i == j { text } else { *v })).collect();
            let res = app.http.post(format!("{}/api/{endpoint}", app.base)).header("origin", &app.base).form(&form).send().await;
            check(format!("{endpoint} {}", fields[i].0), res.map(|r| r.status().as_u16()));
        }
    }
    let plan_fields = ["name", "description", "price", "currency", "billing_cycle", "messages_limit", "whatsapp_limit"];
    for field in plan_fields {
        let mut plan = serde_json::json!({ "name": "P", "description": "", "price": "49", "currency": "USD",
            "billing_cycle": "monthly", "messages_limit": "1", "whatsapp_limit": "1", "team_members_limit": "1" });
        plan[field] = text.into();
        let res = app.http.post(format!("{}/api/plans/save", app.base)).header("origin", &app.base)
            .json(&serde_json::json!({ "id": null, "input": plan })).send().await;
        check(format!("plans/save {field}"), res.map(|r| r.status().as_u16()));
    }
    let reseller_fields = [
        "partner_type", "name", "email", "phone_country", "phone", "website", "password", "confirm_password",
        "contact_name", "contact_email", "contact_phone_country", "contact_phone", "login_domain", "plan_id",
        "commission_rate",
    ];
    for field in reseller_fields {
        let mut body = serde_json::to_value(input(1, "fresh@partner.example", "freshpartner")).unwrap();
        body[field] = text.into();
        for (endpoint, wrapped) in [
            ("resellers/create", serde_json::json!({ "input": body })),
            ("resellers/update", serde_json::json!({ "id": 999999, "input": body })),
        ] {
            let res = app.http.post(format!("{}/api/{endpoint}", app.base)).header("origin", &app.base).json(&wrapped).send().await;
            check(format!("{endpoint} {field}"), res.map(|r| r.status().as_u16()));
        }
    }
    for field in ["event_id", "reseller", "kind", "occurred_at"] {
        let mut e = event("evt-hostile", "acmemedia", "messages", 1);
        e[field] = text.into();
        let res = app.post_usage_raw(key, serde_json::json!({ "events": [e] }).to_string()).await;
        check(format!("usage {field}"), res.map(|r| r.status().as_u16()));
    }
    let res = reqwest::Client::new()
        .put(format!("{}/api/v1/resellers/{}/team-members", app.base, form_encode(text).replace('+', "%20")))
        .bearer_auth(key)
        .json(&serde_json::json!({ "count": 1 }))
        .send()
        .await;
    check("team-members path".into(), res.map(|r| r.status().as_u16()));
    for page in PAGES {
        let path = page.replace("{}", &form_encode(text));
        let res = app.get(&path).await;
        let status = res.status().as_u16();
        // The whole body must arrive (an export cut short by an error is a failure too).
        let body = res.bytes().await;
        check(format!("GET {page}"), body.map(|_| status));
    }
    let (portal, base) = app.portal_client("acmemedia");
    for (i, name) in ["email", "password"].iter().enumerate() {
        let form = [("email", if i == 0 { text } else { "a@acme.example" }), ("password", if i == 1 { text } else { "pw" })];
        let res = portal.post(format!("{base}/signin")).form(&form).send().await;
        check(format!("portal sign-in {name}"), res.map(|r| r.status().as_u16()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("with {:?}:\n  {}", text.chars().take(80).collect::<String>(), problems.join("\n  ")))
    }
}

/// How many generated texts each run tries (PROPTEST_CASES overrides).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24)
}

#[test]
fn no_generated_text_in_any_field_gets_a_5xx() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let (app, key) = rt.block_on(async {
        let app = TestApp::spawn().await;
        app.add(vec![reseller("Acme", "a@acme.example", "acmemedia", 1)]).await;
        add_plan(&app, app.agency_id, "Basic", "active").await;
        let key = app.api_key("Hostile").await;
        (app, key)
    });
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    runner
        .run(&hostile_text(), |text| rt.block_on(send_everywhere(&app, &key, &text)).map_err(TestCaseError::fail))
        .unwrap();
    // Still healthy, and the reseller that was there is there as it was.
    rt.block_on(async {
        assert_eq!(app.get("/readyz").await.status(), 200);
        let name: String = sqlx::query_scalar("SELECT name FROM resellers WHERE login_domain = 'acmemedia'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(name, "Acme");
    });
}

/// Rows of every table a refused write could touch.
async fn snapshot(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in ["agencies", "admins", "resellers", "plans", "api_keys", "usage_events", "activity"] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(&app.pool)
            .await
            .unwrap();
        counts.push(n);
    }
    let sum: Option<i64> = sqlx::query_scalar("SELECT CAST(SUM(messages) AS BIGINT) FROM usage_monthly").fetch_one(&app.pool).await.unwrap();
    counts.push(sum.unwrap_or(0));
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
        let res = crate::create::create(&app, &body).await;
        assert_eq!(res.status(), 422, "{field}");
        let error: app::error::AppError = res.json().await.unwrap();
        let app::error::AppError::Validation(fields) = error else { panic!("{field}: {error:?}") };
        assert!(fields.iter().any(|f| f.field == field), "{field}: {fields:?}");
    }
    let plan_body = serde_json::json!({ "id": null, "input": { "name": "Gold\u{0}", "description": "", "price": "49",
        "currency": "USD", "billing_cycle": "monthly", "messages_limit": "1", "whatsapp_limit": "1", "team_members_limit": "1" } });
    let res = app.http.post(format!("{}/api/plans/save", app.base)).header("origin", &app.base).json(&plan_body).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(app.call("api_keys/create", &[("name", "Key\u{0}")]).await.status(), 422);
    let res = app.post_usage(&key, &serde_json::json!({ "events": [event("e\u{0}", "acmemedia", "messages", 5)] })).await;
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
    for body in [b"q=%FF%FE&page=1".to_vec(), vec![b'q', b'=', 0xff, 0xfe, 0x00, b'&', b'p', b'a', b'g', b'e', b'=', b'1']] {
        let res = post("/api/resellers/list", "application/x-www-form-urlencoded", body).await.unwrap();
        assert!(res.status().as_u16() < 500);
    }
    for (path, content_type, body) in cases {
        let shown = String::from_utf8_lossy(&body).into_owned();
        let res = post(path, content_type, body).await.unwrap();
        let status = res.status().as_u16();
        assert!((400..500).contains(&status), "{path} {shown:?}: {status}");
    }
    let usage = |body: Vec<u8>| {
        reqwest::Client::new()
            .post(format!("{}/api/v1/usage", app.base))
            .bearer_auth(&key)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    for body in [
        b"not json".to_vec(),
        br#"{"events": {}}"#.to_vec(),
        br#"{"events": []}"#.to_vec(),
        vec![0xff, 0xfe, 0xfd],
    ] {
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
        .put(format!("{}/api/v1/resellers/acmemedia/team-members", app.base))
        .bearer_auth(&key)
        .json(&serde_json::json!({ "count": -1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}
