//! Two server processes on one database (as behind a load balancer): sessions, sign-in
//! throttling and access switches live in the database, so either process serves any
//! request. Runs against SQLite, and against PostgreSQL when the suite does.

use crate::helpers::{client, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};
use std::process::{Child, Command, Stdio};

/// A `partnerdesk serve` process on a free loopback port; killed when dropped.
struct Instance {
    child: Child,
    base: String,
}

impl Instance {
    async fn start(database_url: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("PARTNERDESK_ADDR", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let mut instance = Instance { child, base: format!("http://127.0.0.1:{port}") };
        for _ in 0..200 {
            if let Ok(res) = reqwest::get(format!("{}/readyz", instance.base)).await {
                if res.status() == 200 {
                    return instance;
                }
            }
            assert!(instance.child.try_wait().unwrap().is_none(), "the server process exited while starting");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the server process did not become ready");
    }

    /// `TestApp`'s request helpers, aimed at this process.
    fn as_app(&self, app: &TestApp) -> TestApp {
        app.at(&self.base)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn a_session_from_one_process_works_on_the_other_and_a_deactivation_reaches_both() {
    let app = TestApp::spawn().await;
    let reseller = app.add_signable("Harbor Labs", "partner@harbor.io", "harborlabs", "violet-otter-canyon-42").await;
    let (one, two) = (Instance::start(&app.database_url).await, Instance::start(&app.database_url).await);
    let (one, two) = (one.as_app(&app), two.as_app(&app));

    // An admin signs in on process one; process two knows the session.
    let browser = client();
    assert_eq!(one.sign_in(&browser, ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let res = two.get_with(&browser, "/partners/resellers").await;
    assert_eq!(res.status(), 200, "the session made on one is valid on two");
    assert!(res.text().await.unwrap().contains("Harbor Labs"));

    // The reseller signs in to its portal on process two.
    let (portal, portal_base) = two.portal_client("harborlabs");
    let res = portal
        .post(format!("{portal_base}/signin"))
        .header("origin", &portal_base)
        .form(&[("email", "partner@harbor.io"), ("password", "violet-otter-canyon-42")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(portal.get(format!("{portal_base}/")).send().await.unwrap().status(), 200);

    // The admin switches the reseller off through process one ...
    let res =
        one.call_with(&browser, "resellers/set_status", &[("id", &reseller.to_string()), ("active", "false")]).await;
    assert_eq!(res.status(), 200);
    // ... and process two refuses the reseller's next request.
    let res = portal.get(format!("{portal_base}/")).send().await.unwrap();
    assert_eq!(res.status(), 403, "deactivated through one, enforced by two");
}

#[tokio::test]
async fn sign_in_throttling_is_shared_by_the_processes() {
    let app = TestApp::spawn().await;
    let (one, two) = (Instance::start(&app.database_url).await, Instance::start(&app.database_url).await);
    let (one, two) = (one.as_app(&app), two.as_app(&app));
    let attacker = client();
    let policy = app::ssr::auth::ThrottlePolicy::default();
    // Failures alternate between the processes; together they reach the account's limit.
    for i in 0..policy.max_account_failures {
        let target = if i % 2 == 0 { &one } else { &two };
        let res = target.sign_in(&attacker, ADMIN_EMAIL, "not the password").await;
        assert_eq!(res.status(), 401, "failure {i}");
    }
    let res = one.sign_in(&client(), ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 429, "the account is locked on one by failures counted on both");
    let res = two.sign_in(&client(), ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 429, "and on two");
}

/// Servers built in one process while others serve (the test suite does it all the time; a
/// process could, e.g. a second listener): every page still finishes. Building a router
/// generated Leptos's route list, which switches off resource loading process-wide while it
/// runs, and a page whose data started loading in that moment never finished (its body hung
/// until the client gave up). The route list is now made once per process.
#[tokio::test]
async fn pages_finish_while_another_router_is_built() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let app = TestApp::spawn().await;
    app.add(crate::helpers::numbered(30)).await;
    let state = server::build_state(&server::Config::for_tests(&app.database_url)).await.unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let builder = std::thread::spawn({
        let stop = stop.clone();
        move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let _context = runtime.enter();
            let mut built = 0;
            while !stop.load(Ordering::Relaxed) {
                drop(server::build_router(state.clone()));
                built += 1;
            }
            built
        }
    });
    let mut hung = 0;
    for _ in 0..40 {
        let page = async { app.get("/partners/resellers").await.text().await.unwrap() };
        match tokio::time::timeout(std::time::Duration::from_secs(5), page).await {
            Ok(html) => {
                assert!(html.contains("Reseller 029") && html.contains("Reseller 005"), "the page lists the resellers")
            }
            Err(_) => hung += 1,
        }
    }
    stop.store(true, Ordering::Relaxed);
    let built = builder.join().unwrap();
    assert!(built > 0, "routers were built while pages rendered");
    assert_eq!(hung, 0, "pages that never finished while {built} routers were built");
}

/// A server killed (SIGKILL) while batches of usage arrive and pending usage is folded in:
/// every batch it acknowledged is counted, nothing is counted twice, the batches sent again
/// after a restart are counted once, and the restarted server folds everything in.
#[tokio::test]
async fn usage_acknowledged_before_a_kill_is_counted_once() {
    use serde_json::json;
    use std::sync::{Arc, Mutex};
    let app = TestApp::spawn().await;
    app.add(crate::helpers::numbered(50)).await;
    let key = app.api_key("Chatbot").await;
    let ids = app.reseller_ids().await;
    let batches: Vec<serde_json::Value> = (0..1_500)
        .map(|b| {
            let events: Vec<serde_json::Value> = (0..100)
                .map(|i| {
                    let reseller = ids[(b * 100 + i) % ids.len()].to_string();
                    crate::helpers::event(&format!("k{b}-{i}"), &reseller, "messages", 1 + (i as i64 % 3))
                })
                .collect();
            json!({ "events": events })
        })
        .collect();
    let sum = |batch: &serde_json::Value| {
        batch["events"].as_array().unwrap().iter().map(|e| e["count"].as_i64().unwrap()).sum::<i64>()
    };
    let total: i64 = batches.iter().map(sum).sum();

    let mut server = Instance::start(&app.database_url).await;
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let senders: Vec<_> = (0..4)
        .map(|_| {
            let (target, key, batches, next, acknowledged) =
                (server.as_app(&app), key.clone(), batches.clone(), next.clone(), acknowledged.clone());
            tokio::spawn(async move {
                while let Some(batch) = batches.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    match target.post_usage_raw(&key, serde_json::to_vec(batch).unwrap()).await {
                        Ok(res) if res.status() == 200 => acknowledged.lock().unwrap().push(batch.clone()),
                        _ => return,
                    }
                }
            })
        })
        .collect();
    // Past a fold or two (every second), then the kill, mid-batch.
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    for sender in senders {
        sender.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(!acknowledged.is_empty() && acknowledged.len() < batches.len(), "killed mid-run: {}", acknowledged.len());

    let counted = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            let (events, counters): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM usage_events), \
                 (SELECT CAST(COALESCE(SUM(messages), 0) AS BIGINT) FROM usage_monthly) + \
                 (SELECT CAST(COALESCE(SUM(messages), 0) AS BIGINT) FROM usage_pending)",
            )
            .fetch_one(db.pool())
            .await
            .unwrap();
            (events, counters)
        }
    };
    let (events, counters) = counted(&app).await;
    assert_eq!(events, counters, "the counters hold exactly the events stored");
    let stored: i64 = acknowledged.iter().map(sum).sum();
    assert!(events >= stored, "every acknowledged batch is stored: {events} < {stored}");

    // A restart; the client sends every batch again (it cannot know which arrived).
    let server = Instance::start(&app.database_url).await;
    let target = server.as_app(&app);
    for batch in &batches {
        assert_eq!(target.post_usage(&key, batch).await.status(), 200);
    }
    assert_eq!(counted(&app).await, (total, total), "each event counted once");
    // The restarted server folds the pending usage in.
    for _ in 0..100 {
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM usage_pending").fetch_one(app.db.pool()).await.unwrap();
        if pending == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let folded: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(messages), 0) AS BIGINT) FROM usage_monthly")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(folded, total, "all of it folded into the month counters");
}
