//! Defects found from outside (issue: hardening), each with the test that would have caught
//! it: parallel guesses and the throttle, title injection, stalled CSV readers, a database
//! that cannot answer, unbounded anonymous growth, and the smaller holes.

use crate::helpers::{
    add_plan, client, create, event, input, numbered, reseller, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD,
};
use app::error::AppError;
use futures_util::future::join_all;

/// Statuses of `n` sign-ins sent at once, each from its own client.
async fn parallel_sign_ins(app: &TestApp, attempts: Vec<(String, String)>) -> Vec<u16> {
    let calls = attempts
        .iter()
        .map(|(email, password)| async move { app.sign_in(&client(), email, password).await.status().as_u16() });
    join_all(calls).await
}

/// Adds resellers in batches SQLite takes (a statement has at most 32,766 values).
async fn add_many(app: &TestApp, mut rows: Vec<app::ssr::resellers::ResellerRecord>) {
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(500));
        app.add(rows).await;
        rows = rest;
    }
}

fn tally(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test]
async fn thirty_parallel_guesses_get_five_checks_and_the_lock() {
    let app = TestApp::spawn().await;
    let guesses = (0..30).map(|i| (ADMIN_EMAIL.to_owned(), format!("wrong password {i}"))).collect();
    let statuses = parallel_sign_ins(&app, guesses).await;
    assert_eq!(tally(&statuses, 401), 5, "exactly the limit is checked: {statuses:?}");
    assert_eq!(tally(&statuses, 429), 25, "{statuses:?}");
    // The right password, next, waits for the lock like everyone else.
    assert_eq!(app.sign_in(&client(), ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 429);
}

#[tokio::test]
async fn the_limit_holds_across_two_server_processes() {
    let app = TestApp::spawn().await;
    let other = app.another_server().await;
    let guess = |target: &TestApp, i: usize| {
        let base = target.base.clone();
        async move {
            let res = client()
                .post(format!("{base}/api/auth/sign_in"))
                .form(&[("email", ADMIN_EMAIL), ("password", &format!("wrong {i}")), ("next", "/")])
                .send()
                .await
                .unwrap();
            res.status().as_u16()
        }
    };
    let calls = (0..24).map(|i| guess(if i % 2 == 0 { &app } else { &other }, i));
    let statuses = join_all(calls).await;
    assert_eq!(tally(&statuses, 401), 5, "{statuses:?}");
    assert_eq!(tally(&statuses, 429), 19, "{statuses:?}");
}

#[tokio::test]
async fn successful_sign_ins_never_lock_the_client_out() {
    let app = TestApp::spawn_with(|c| c.throttle.max_client_failures = 3).await;
    for _ in 0..8 {
        assert_eq!(app.sign_in(&client(), ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    }
}

#[tokio::test]
async fn throttle_rows_keep_a_digest_not_what_was_typed() {
    let app = TestApp::spawn().await;
    let huge = format!("{}@example.com", "x".repeat(60_000));
    let res = app.sign_in(&client(), &huge, "whatever password").await;
    assert_eq!(res.status(), 401);
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT key FROM login_throttle").fetch_all(app.db.pool()).await.unwrap();
    assert!(!keys.is_empty());
    for key in keys {
        assert_eq!(key.len(), 64, "a SHA-256 digest");
        assert!(key.chars().all(|c| c.is_ascii_hexdigit()), "{key}");
    }
}

#[tokio::test]
async fn housekeeping_removes_expired_sessions_and_spent_throttle_rows() {
    let app = TestApp::spawn().await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for (hash, expires, seen) in
        [("old", now - 10, now - 100), ("idle", now + 1000, now - 13 * 3600), ("live", now + 1000, now)]
    {
        sqlx::query(
            "INSERT INTO sessions (token_hash, kind, admin_id, created_at, last_seen_at, expires_at) \
             SELECT $1, 'admin', id, $2, $3, $4 FROM admins LIMIT 1",
        )
        .bind(hash)
        .bind(seen)
        .bind(seen)
        .bind(expires)
        .execute(app.db.pool())
        .await
        .unwrap();
    }
    for (key, window_start, locked_until) in
        [("spent", now - 3600, 0), ("locked", now - 3600, now + 60), ("fresh", now, 0)]
    {
        sqlx::query("INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2, $3)")
            .bind(key)
            .bind(window_start)
            .bind(locked_until)
            .execute(app.db.pool())
            .await
            .unwrap();
    }
    let policy = app::ssr::auth::SessionPolicy::default();
    let throttle = app::ssr::auth::ThrottlePolicy::default();
    let purged = app::ssr::housekeeping::purge_once(&app.db, &policy, &throttle).await.unwrap();
    assert_eq!((purged.sessions, purged.throttle_rows), (2, 1));
    let sessions: Vec<String> =
        sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_all(app.db.pool()).await.unwrap();
    assert!(sessions.contains(&"live".to_owned()) && !sessions.contains(&"old".to_owned()));
    let mut keys: Vec<String> =
        sqlx::query_scalar("SELECT key FROM login_throttle").fetch_all(app.db.pool()).await.unwrap();
    keys.retain(|k| k.len() < 64);
    keys.sort();
    assert_eq!(keys, ["fresh", "locked"]);
    // The test's own session still works.
    assert_eq!(app.call("resellers/overview", &[]).await.status(), 200);
}

#[tokio::test]
async fn a_reseller_name_cannot_put_tags_into_the_page_head() {
    let app = TestApp::spawn().await;
    let payload = r#"</title><meta http-equiv="refresh" content="0;url=https://evil.example/"><title>"#;
    app.add(vec![reseller(payload, "evil@example.com", "evilname", 1)]).await;
    let id = app.id_of("evilname").await;
    let res = app.get(&format!("/partners/resellers/{id}")).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let head = html.split("</head>").next().unwrap();
    assert!(!head.contains("<meta http-equiv"), "no tag from the name in the head:\n{head}");
    assert!(head.contains("&lt;/title&gt;&lt;meta http-equiv"), "the name is there, as text:\n{head}");
    assert_eq!(head.matches("<title>").count(), 1);
}

#[tokio::test]
async fn an_export_holds_no_connection_while_its_reader_waits() {
    let app = TestApp::spawn().await;
    add_many(&app, numbered(1200)).await;
    let query = app::domain::ResellerQuery::new("", "1");
    let (tx, mut rx) = tokio::sync::mpsc::channel(1);
    let export = tokio::spawn(app::ssr::reseller_list::export(app.db.clone(), app.agency_id, query, tx));
    // The reader takes one row, then stops reading.
    assert!(rx.recv().await.unwrap().is_ok());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!export.is_finished(), "the export waits for its reader");
    assert_eq!(app.db.pool().num_idle(), app.db.pool().size() as usize, "every pooled connection is free meanwhile");
    // And it still delivers every row, in order, once the reader reads again.
    let mut ids = Vec::new();
    while let Some(row) = rx.recv().await {
        ids.push(row.unwrap().id);
    }
    assert_eq!(ids.len(), 1199);
}

#[tokio::test]
async fn twenty_stalled_csv_readers_leave_other_agencies_answering() {
    use tokio::io::AsyncWriteExt;
    let app = TestApp::spawn().await;
    add_many(&app, numbered(3000)).await;
    // A signed-in session cookie, for raw sockets.
    let res = app.sign_in(&client(), ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut stalled = Vec::new();
    for _ in 0..20 {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        let mut stream = socket.connect(addr.parse().unwrap()).await.unwrap();
        let request =
            format!("GET /partners/resellers/export.csv HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        stalled.push(stream); // never read
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // Another agency signs in and works; the service stays ready.
    let agency_b = app::ssr::db::create_agency(&app.db, "Agency B").await.unwrap();
    app::ssr::auth::create_admin(&app.db, agency_b, "b@agency-b.example", "agency b password").await.unwrap();
    let b = client();
    let started = std::time::Instant::now();
    assert_eq!(app.sign_in(&b, "b@agency-b.example", "agency b password").await.status(), 200);
    assert_eq!(app.call_with(&b, "resellers/list", &[("q", ""), ("page", "1")]).await.status(), 200);
    assert_eq!(app.get_with(&b, "/partners/resellers").await.status(), 200);
    assert_eq!(client().get(format!("{}/readyz", app.base)).send().await.unwrap().status(), 200);
    assert!(started.elapsed() < std::time::Duration::from_secs(8), "answered without waiting for a connection");
    drop(stalled);
}

#[tokio::test]
async fn a_database_that_cannot_answer_is_a_503_not_a_sign_out() {
    let app = TestApp::spawn().await;
    let key = app.api_key("Production").await;
    app.db.close().await;
    let page = app.get("/partners/resellers").await;
    assert_eq!(page.status(), 503, "not the sign-in page");
    assert!(page.headers().contains_key("retry-after"));
    let call = app.call("resellers/list", &[("q", ""), ("page", "1")]).await;
    assert_eq!(call.status(), 503);
    assert!(call.headers().contains_key("retry-after"));
    assert!(matches!(call.json::<AppError>().await.unwrap(), AppError::Unavailable { .. }));
    let api = app.post_usage(&key, &serde_json::json!({ "events": [event("e1", "x", "messages", 1)] })).await;
    assert_eq!(api.status(), 503);
    assert!(api.headers().contains_key("retry-after"));
    let anonymous = app.sign_in(&client(), ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(anonymous.status(), 503);
}

#[tokio::test]
async fn create_agency_leaves_nothing_when_its_admin_is_refused() {
    let app = TestApp::spawn().await;
    let agencies = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM agencies").fetch_one(app.db.pool()).await.unwrap()
    };
    let before = agencies().await;
    for (email, password) in [
        ("not an e-mail", "long enough password"),
        ("ok@acme.example", "short"),
        (ADMIN_EMAIL, "taken e-mail password"),
    ] {
        let refused = app::ssr::auth::create_agency_with_admin(&app.db, "Acme", email, password).await;
        assert!(matches!(refused, Err(AppError::Validation(_))), "{email}: {refused:?}");
    }
    assert_eq!(agencies().await, before);
    app::ssr::auth::create_agency_with_admin(&app.db, "Acme", "ok@acme.example", "long enough password").await.unwrap();
    assert_eq!(agencies().await, before + 1);
}

#[tokio::test]
async fn an_origin_of_another_scheme_is_another_site() {
    let app = TestApp::spawn().await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let post = |origin: String| {
        app.http
            .post(format!("{}/api/resellers/list", app.base))
            .header("origin", origin)
            .form(&[("q", ""), ("page", "1")])
            .send()
    };
    assert_eq!(post(format!("https://{host}")).await.unwrap().status(), 403);
    assert_eq!(post(format!("http://{host}")).await.unwrap().status(), 200);
}

#[tokio::test]
async fn every_console_page_sends_a_signed_out_visitor_to_sign_in() {
    let app = TestApp::spawn().await;
    for path in ["/settings", "/settings/api-keys", "/partners/plans", "/partners/activity", "/partners/resellers/new"]
    {
        let res = app.get_with(&client(), path).await;
        assert_eq!(res.status(), 303, "{path}");
        assert!(res.headers()["location"].to_str().unwrap().starts_with("/signin?next="), "{path}");
    }
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let app = TestApp::spawn().await;
    let huge = "x".repeat(200 * 1024);
    let res = app.call("resellers/list", &[("q", &huge)]).await;
    assert_eq!(res.status(), 413);
    // Streamed (no Content-Length) bodies too.
    let chunks = futures_util::stream::iter((0..100).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 4096])));
    let res = app
        .http
        .post(format!("{}/api/resellers/list", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let key = app.api_key("Big").await;
    let events: Vec<_> = (0..1000).map(|i| event(&format!("{i}-{}", "y".repeat(3000)), "x", "messages", 1)).collect();
    let res = app.post_usage(&key, &serde_json::json!({ "events": events })).await;
    assert_eq!(res.status(), 413);
}

#[tokio::test]
async fn private_answers_are_never_cached() {
    let app = TestApp::spawn().await;
    let res = app.call("api_keys/create", &[("name", "Shown once")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store", "the one-time key");
    for path in ["/partners/resellers", "/settings/api-keys", "/signin"] {
        let res = app.get_with(&client(), path).await;
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    assert_eq!(app.get("/partners/resellers").await.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn static_files_are_revalidated_and_vary_by_encoding() {
    // A site root of the build's shape: a public file and a precompressed /pkg file.
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("manifest.webmanifest"), r#"{"name":"Partnerdesk"}"#).unwrap();
    std::fs::write(site.path().join("pkg/partnerdesk.js"), "console.log(1)").unwrap();
    std::fs::write(site.path().join("pkg/partnerdesk.js.br"), b"\x0b\x06\x80console.log(1)\x03").unwrap();
    let root = site.path().to_str().unwrap().to_owned();
    let app = TestApp::spawn_with(move |c| c.leptos_options.site_root = root.into()).await;
    for (path, encoding) in [("/manifest.webmanifest", "identity"), ("/pkg/partnerdesk.js", "br")] {
        let res = client().get(format!("{}{path}", app.base)).header("accept-encoding", encoding).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        // Their names stay from one deployment to the next: asked again each time (a 304
        // when unchanged), never guessed fresh; kept apart by encoding.
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        let vary: Vec<&str> = res.headers().get_all("vary").iter().map(|v| v.to_str().unwrap()).collect();
        assert_eq!(vary.iter().filter(|v| v.eq_ignore_ascii_case("accept-encoding")).count(), 1, "{path}: {vary:?}");
        if encoding != "br" {
            continue; // public files come through Leptos's file handler, which answers in full
        }
        assert_eq!(res.headers()["content-encoding"], "br", "the build's brotli copy");
        let modified = res.headers()["last-modified"].clone();
        let again = client()
            .get(format!("{}{path}", app.base))
            .header("accept-encoding", encoding)
            .header("if-modified-since", modified)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
    }
}

#[tokio::test]
async fn an_https_site_sends_hsts() {
    let http = TestApp::spawn_bare(|_| {}).await;
    assert!(http.get("/signin").await.headers().get("strict-transport-security").is_none());
    let https = TestApp::spawn_bare(|c| c.public_url = "https://partners.example.com".into()).await;
    let res = https.get("/signin").await;
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000");
}

#[tokio::test]
async fn another_agency_may_use_the_same_partner_email_and_learns_nothing() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("A's partner", "shared@partner.example", "apartner", 1)]).await;
    let agency_b = app::ssr::db::create_agency(&app.db, "Agency B").await.unwrap();
    app::ssr::auth::create_admin(&app.db, agency_b, "b@agency-b.example", "agency b password").await.unwrap();
    let mut b = app.at(&app.base);
    b.agency_id = agency_b;
    assert_eq!(b.sign_in(&b.http, "b@agency-b.example", "agency b password").await.status(), 200);
    let plan = add_plan(&b, agency_b, "B plan", "active").await;
    let res = create(&b, &input(plan, "Shared@Partner.example", "bpartner")).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // Within one agency the e-mail stays unique.
    let res = create(&b, &input(plan, "shared@partner.example", "bpartnertwo")).await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn usage_reports_appear_in_the_activity_log() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Acme", "a@acme.example", "acmemedia", 1)]).await;
    let key = app.api_key("Production").await;
    let res = app.post_usage(&key, &serde_json::json!({ "events": [event("e1", "acmemedia", "messages", 3)] })).await;
    assert_eq!(res.status(), 200);
    // A second batch within the minute is not another entry.
    app.post_usage(&key, &serde_json::json!({ "events": [event("e2", "acmemedia", "messages", 3)] })).await;
    let page: app::domain::ActivityPage =
        app.call("activity/list", &[("kind", "api_key_used")]).await.json().await.unwrap();
    assert_eq!(page.entries.len(), 1);
    assert!(page.entries[0].detail.contains("Production"), "{:?}", page.entries[0]);
}

#[tokio::test]
async fn a_bad_event_beside_a_good_one_keeps_the_good_one() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Acme", "a@acme.example", "acmemedia", 1)]).await;
    let key = app.api_key("Production").await;
    let body = serde_json::json!({ "events": [
        event("good", "acmemedia", "messages", 4),
        event("bad\u{0}id", "acmemedia", "messages", 1),
        event("bad-reseller", "acme\u{0}media", "messages", 1),
    ] });
    let res = app.post_usage(&key, &body).await;
    assert_eq!(res.status(), 200);
    let report: serde_json::Value = res.json().await.unwrap();
    assert_eq!((report["accepted"].as_u64(), report["rejected"].as_u64()), (Some(1), Some(2)), "{report}");
    assert_eq!(report["results"][1]["error"]["field"], "event_id");
    assert_eq!(report["results"][2]["error"]["field"], "reseller");
    let overview: app::domain::Overview = app.call("resellers/overview", &[]).await.json().await.unwrap();
    assert_eq!(overview.messages_consumed, 4);
}

#[tokio::test]
async fn a_hashed_build_is_kept_for_good_and_named_in_pages() {
    // A release build's /pkg: names carry the content's hash (cargo-leptos `hash-files`).
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/partnerdesk.Q2hlY2s.js"), "console.log(1)").unwrap();
    std::fs::write(site.path().join("pkg/partnerdesk.U3R5bGU.css"), "body{}").unwrap();
    std::fs::write(site.path().join("manifest.webmanifest"), r#"{"name":"Partnerdesk"}"#).unwrap();
    let root = site.path().to_str().unwrap().to_owned();
    let app = TestApp::spawn_with(move |c| {
        c.leptos_options.site_root = root.into();
        c.leptos_options.hash_files = true;
    })
    .await;
    let res = client().get(format!("{}/pkg/partnerdesk.Q2hlY2s.js", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    // Files whose names do not change are still asked for again each time.
    let res = client().get(format!("{}/manifest.webmanifest", app.base)).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-cache");
    // The reseller portal's pages (rendered without the app) link the hashed style sheet.
    app.add_signable("Harbor Labs", "partner@harbor.io", "harborlabs", "violet-otter-canyon-42").await;
    let (portal, base) = app.portal_client("harborlabs");
    let html = portal.get(format!("{base}/")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"href="/pkg/partnerdesk.U3R5bGU.css""#), "{html}");
}
