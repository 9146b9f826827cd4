//! Agency sign-in, sessions, throttling, tenant isolation and cross-site protection.

use crate::helpers::{client, reseller, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};
use app::error::AppError;

fn session_token(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("pd_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// A POST of a server function with an explicit session cookie, from no browser.
async fn call_with_token(app: &TestApp, endpoint: &str, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/api/{endpoint}", app.base))
        .header("cookie", format!("pd_session={token}"))
        .form(&[("q", ""), ("page", "1")])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_in_sets_an_http_only_same_site_cookie_and_goes_on() {
    let app = TestApp::spawn().await;
    let res = app.sign_in(&client(), "  Admin@Test.Example ", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["location"], "/partners/resellers");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http in tests");
    let token = session_token(&res);
    assert!(token.len() >= 40, "a long random token");
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_all(app.db.pool()).await.unwrap();
    assert!(!stored.contains(&token), "only the token's hash is stored");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let wrong = app.sign_in(&client(), ADMIN_EMAIL, "wrong password!").await;
    let unknown = app.sign_in(&client(), "nobody@test.example", ADMIN_PASSWORD).await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert!(wrong.headers().get("set-cookie").is_none());
    let (a, b) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(a, b);
    assert_eq!(serde_json::from_str::<AppError>(&a).unwrap().to_string(), "E-mail or password is wrong");
}

#[tokio::test]
async fn signed_out_visitors_land_on_sign_in_and_get_no_data() {
    let app = TestApp::spawn().await;
    let anonymous = client();
    let res = app.get_with(&anonymous, "/partners/resellers?q=acme").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/signin?next=%2Fpartners%2Fresellers%3Fq%3Dacme");
    assert_eq!(app.get_with(&anonymous, "/").await.status(), 303);
    assert_eq!(app.get_with(&anonymous, "/partners/resellers/1").await.status(), 303);

    let res = app.call_with(&anonymous, "resellers/list", &[("q", ""), ("page", "1")]).await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.json::<AppError>().await.unwrap(), AppError::Unauthorized);

    let page = app.get_with(&anonymous, "/signin").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Sign in to your agency"));
    // Signed in, the sign-in page sends you on.
    assert_eq!(app.get("/signin").await.status(), 303);
}

#[tokio::test]
async fn a_session_survives_a_restart_and_works_on_another_instance() {
    let app = TestApp::spawn().await;
    let res = app.sign_in(&client(), ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let token = session_token(&res);
    let other = app.another_server().await;
    assert_eq!(call_with_token(&other, "resellers/list", &token).await.status(), 200);
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let browser = client();
    let token = session_token(&app.sign_in(&browser, ADMIN_EMAIL, ADMIN_PASSWORD).await);
    assert_eq!(call_with_token(&app, "resellers/list", &token).await.status(), 200);

    let res = app.call_with(&browser, "auth/sign_out", &[]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["location"], "/signin");
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    // The old cookie, replayed, no longer works.
    assert_eq!(call_with_token(&app, "resellers/list", &token).await.status(), 401);
}

#[tokio::test]
async fn signing_in_again_rotates_the_session() {
    let app = TestApp::spawn().await;
    let browser = client();
    let first = session_token(&app.sign_in(&browser, ADMIN_EMAIL, ADMIN_PASSWORD).await);
    let second = session_token(&app.sign_in(&browser, ADMIN_EMAIL, ADMIN_PASSWORD).await);
    assert_ne!(first, second);
    assert_eq!(call_with_token(&app, "resellers/list", &first).await.status(), 401);
    assert_eq!(call_with_token(&app, "resellers/list", &second).await.status(), 200);
}

#[tokio::test]
async fn throttling_locks_an_account_and_lifts() {
    // 4 s: room for five argon2 checks on a busy machine before the lock could lift.
    let app = TestApp::spawn_with(|c| c.throttle.lock_secs = 4).await;
    for _ in 0..5 {
        assert_eq!(app.sign_in(&client(), ADMIN_EMAIL, "wrong password!").await.status(), 401);
    }
    let res = app.sign_in(&client(), ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 429, "even the right password waits");
    let error: AppError = res.json().await.unwrap();
    assert!(error.to_string().starts_with("Too many failed sign-ins"), "{error}");

    tokio::time::sleep(std::time::Duration::from_millis(5_100)).await;
    assert_eq!(app.sign_in(&client(), ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn throttling_locks_a_client_trying_many_accounts() {
    let app = TestApp::spawn_with(|c| c.throttle.max_client_failures = 3).await;
    for i in 0..3 {
        let res = app.sign_in(&client(), &format!("guess{i}@test.example"), "wrong password!").await;
        assert_eq!(res.status(), 401);
    }
    assert_eq!(app.sign_in(&client(), ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 429);
}

#[tokio::test]
async fn another_agencys_admin_sees_none_of_its_resellers() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Acme Media", "hello@acme.io", "acmemedia", 1)]).await;
    let a_id = app.list("", "1").await.rows[0].id;

    let agency_b = app::ssr::db::create_agency(&app.db, "Agency B").await.unwrap();
    app::ssr::auth::create_admin(&app.db, agency_b, "b@agency-b.example", "agency b password").await.unwrap();
    app.add_to(agency_b, &[reseller("B's own", "own@b.example", "bsown", 2)]).await;
    let b = client();
    assert_eq!(app.sign_in(&b, "b@agency-b.example", "agency b password").await.status(), 200);

    // Every server function B can call about A's reseller answers "not found".
    let res = app.call_with(&b, "resellers/get", &[("id", &a_id.to_string())]).await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.json::<AppError>().await.unwrap(), AppError::NotFound);
    let page: app::domain::ResellerPage =
        app.call_with(&b, "resellers/list", &[("q", "acme"), ("page", "1")]).await.json().await.unwrap();
    assert_eq!(page.total, 0);
    let all: app::domain::ResellerPage =
        app.call_with(&b, "resellers/list", &[("q", ""), ("page", "1")]).await.json().await.unwrap();
    assert_eq!(all.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["B's own"]);
    let overview: app::domain::Overview = app.call_with(&b, "resellers/overview", &[]).await.json().await.unwrap();
    assert_eq!(overview.total_resellers, 1);
    // The page for A's reseller is a 404 for B.
    assert_eq!(app.get_with(&b, &format!("/partners/resellers/{a_id}")).await.status(), 404);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::spawn().await;
    let post = |origin: Option<&'static str>, fetch_site: Option<&'static str>| {
        let mut req = app.http.post(format!("{}/api/resellers/list", app.base)).form(&[("q", ""), ("page", "1")]);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        if let Some(f) = fetch_site {
            req = req.header("sec-fetch-site", f);
        }
        req.send()
    };
    assert_eq!(post(Some("http://evil.example"), None).await.unwrap().status(), 403);
    assert_eq!(post(None, Some("cross-site")).await.unwrap().status(), 403);
    assert_eq!(post(Some("null"), None).await.unwrap().status(), 403);
    // Same origin, and clients that send neither header (no browser), go through.
    assert_eq!(post(None, Some("same-origin")).await.unwrap().status(), 200);
    assert_eq!(post(None, None).await.unwrap().status(), 200);
    // Signing in from another site is refused too.
    let res = client()
        .post(format!("{}/api/auth/sign_in", app.base))
        .header("origin", "http://evil.example")
        .form(&[("email", ADMIN_EMAIL), ("password", ADMIN_PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn responses_carry_security_headers_and_a_script_nonce() {
    let app = TestApp::spawn().await;
    let res = app.get("/partners/resellers").await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"), "{csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).unwrap().to_owned();
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "inline scripts carry this response's nonce");
    // Another response, another nonce.
    let again = app.get("/partners/resellers").await;
    assert!(!again.headers()["content-security-policy"].to_str().unwrap().contains(&nonce));
}
