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
