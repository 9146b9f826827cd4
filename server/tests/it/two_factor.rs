//! Two-factor sign-in: setup with a code, the code step of signing in (throttled, each
//! code once), recovery codes (each once), the agency's rule, and the same on a fixed
//! clock against the checks themselves.

use crate::helpers::{client, TestApp};
use crate::team::{member, PASSWORD};
use app::domain::{Role, TwoFactorSetup};
use app::ssr::two_factor::{code_at, verify};

/// Turns two-factor sign-in on for the member signed in on `http`; answers the secret and
/// the recovery codes.
async fn set_up(app: &TestApp, http: &reqwest::Client) -> (String, Vec<String>) {
    let setup: TwoFactorSetup = app.call_with(http, "account/two_factor/begin", &[]).await.json().await.unwrap();
    assert!(setup.qr_svg.contains("<svg"), "a QR code drawn as SVG");
    let wrong = app.call_with(http, "account/two_factor/confirm", &[("code", "000000")]).await;
    assert_eq!(wrong.status(), 422, "a wrong code does not turn it on");
    let code = code_at(&setup.secret, app::ssr::now()).unwrap();
    let res = app.call_with(http, "account/two_factor/confirm", &[("code", &code)]).await;
    assert_eq!(res.status(), 200);
    let codes: Vec<String> = res.json().await.unwrap();
    assert_eq!(codes.len(), 10);
    (setup.secret, codes)
}

/// Signs in with the password: answers where the browser is sent.
async fn password_step(app: &TestApp, http: &reqwest::Client, email: &str) -> String {
    let res = app.sign_in(http, email, PASSWORD).await;
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn code_step(app: &TestApp, http: &reqwest::Client, code: &str) -> u16 {
    app.call_with(http, "auth/sign_in_code", &[("code", code), ("next", "/partners/resellers")]).await.status().as_u16()
}

async fn signed_in(app: &TestApp, http: &reqwest::Client) -> bool {
    app.call_with(http, "resellers/list", &[("page", "1")]).await.status() == 200
}

/// The current code would be the one just used: wait for the next 30-second step.
async fn next_step() {
    let now = app::ssr::now();
    tokio::time::sleep(std::time::Duration::from_secs((30 - now % 30 + 1) as u64)).await;
}

#[tokio::test]
async fn signing_in_asks_for_a_code_once_it_is_on() {
    let app = TestApp::spawn().await;
    let email = "two@test.example";
    let (id, http) = member(&app, email, Role::Support).await;
    let (secret, recovery) = set_up(&app, &http).await;

    let browser = client();
    let to = password_step(&app, &browser, email).await;
    assert!(to.starts_with("/signin/code"), "sent to the code step, not signed in: {to:?}");
    assert!(!signed_in(&app, &browser).await, "the password alone opens no session");
    assert_eq!(code_step(&app, &browser, "123 456").await, 422);
    next_step().await;
    let code = code_at(&secret, app::ssr::now()).unwrap();
    assert_eq!(code_step(&app, &browser, &code).await, 200);
    assert!(signed_in(&app, &browser).await);

    // The same code again (another sign-in within its window) is refused.
    let replay = client();
    password_step(&app, &replay, email).await;
    assert_eq!(code_step(&app, &replay, &code).await, 422, "a code is accepted once");
    // A recovery code works once.
    assert_eq!(code_step(&app, &replay, &recovery[0].to_uppercase()).await, 200);
    assert!(signed_in(&app, &replay).await);
    let again = client();
    password_step(&app, &again, email).await;
    assert_eq!(code_step(&app, &again, &recovery[0]).await, 422, "a recovery code is used up");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE admin_id = $1 AND used_at IS NULL")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(left, 9);
    // The code step without a password step first is refused.
    assert_eq!(code_step(&app, &client(), &recovery[1]).await, 400);
}

#[tokio::test]
async fn codes_are_checked_on_a_fixed_clock() {
    let app = TestApp::spawn().await;
    let (id, http) = member(&app, "clock@test.example", Role::Viewer).await;
    let (secret, _) = set_up(&app, &http).await;
    // Far from the setup's own step (which was accepted then).
    let t = app::ssr::now() + 3_600;
    let at = |s: i64| code_at(&secret, s).unwrap();
    assert!(!verify(&app.db, id, &at(t), t - 120).await.unwrap(), "a code from 2 minutes later is not valid yet");
    assert!(verify(&app.db, id, &at(t), t).await.unwrap());
    assert!(!verify(&app.db, id, &at(t), t).await.unwrap(), "replay within its window");
    assert!(!verify(&app.db, id, &at(t - 30), t).await.unwrap(), "an older step after a newer one");
    assert!(verify(&app.db, id, &at(t + 30), t + 30).await.unwrap(), "the next step");
    assert!(verify(&app.db, id, &at(t + 60), t + 89).await.unwrap(), "one step of skew");
    assert!(!verify(&app.db, id, &at(t + 120), t + 300).await.unwrap(), "too old");
    assert!(!verify(&app.db, id, "", t).await.unwrap());
    assert!(!verify(&app.db, id, &"9".repeat(100_000), t).await.unwrap());
}

#[tokio::test]
async fn many_requests_with_one_code_at_once_pass_once() {
    let app = TestApp::spawn().await;
    let (id, http) = member(&app, "race@test.example", Role::Viewer).await;
    let (secret, _) = set_up(&app, &http).await;
    let t = app::ssr::now() + 7_200;
    let code = code_at(&secret, t).unwrap();
    let tries = (0..20).map(|_| {
        let (db, code) = (app.db.clone(), code.clone());
        async move { verify(&db, id, &code, t).await.unwrap() }
    });
    let passed = futures_util::future::join_all(tries).await.into_iter().filter(|ok| *ok).count();
    assert_eq!(passed, 1);
}

#[tokio::test]
async fn wrong_codes_are_throttled_and_the_lock_is_logged() {
    let app = TestApp::spawn().await;
    let email = "guess@test.example";
    let (_, http) = member(&app, email, Role::Viewer).await;
    let (secret, _) = set_up(&app, &http).await;
    let browser = client();
    password_step(&app, &browser, email).await;
    let mut statuses = Vec::new();
    for guess in 0..7 {
        statuses.push(code_step(&app, &browser, &format!("{guess:06}")).await);
    }
    assert_eq!(&statuses[..5], &[422; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    // Locked: even the right code is refused now.
    let right = code_at(&secret, app::ssr::now()).unwrap();
    assert_eq!(code_step(&app, &browser, &right).await, 429);
    let locks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activity WHERE kind = 'member_sign_in_locked'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(locks, 1, "logged once per lock");
}

#[tokio::test]
async fn a_sign_in_step_ends_after_five_minutes() {
    let app = TestApp::spawn().await;
    let email = "slow@test.example";
    let (_, http) = member(&app, email, Role::Viewer).await;
    let (secret, _) = set_up(&app, &http).await;
    let browser = client();
    password_step(&app, &browser, email).await;
    sqlx::query("UPDATE sign_in_challenges SET expires_at = expires_at - 301").execute(app.db.pool()).await.unwrap();
    next_step().await;
    let code = code_at(&secret, app::ssr::now()).unwrap();
    assert_eq!(code_step(&app, &browser, &code).await, 400);
}

#[tokio::test]
async fn an_agency_can_require_two_factor_sign_in() {
    let app = TestApp::spawn().await;
    let (_, owner) = member(&app, "owner2@test.example", Role::Owner).await;
    let (_, support) = member(&app, "support2@test.example", Role::Support).await;
    let (_, admin) = member(&app, "admin2@test.example", Role::Admin).await;
    assert_eq!(app.call_with(&admin, "team/require_two_factor", &[("required", "true")]).await.status(), 403);
    let first = app.call_with(&owner, "team/require_two_factor", &[("required", "true")]).await;
    assert_eq!(first.status(), 409, "an owner turns it on for themselves first");
    set_up(&app, &owner).await;
    assert_eq!(app.call_with(&owner, "team/require_two_factor", &[("required", "true")]).await.status(), 200);

    // The member without it: pages lead to the account page, functions answer 403, the
    // account page works.
    let page = app.get_with(&support, "/partners/resellers").await;
    assert_eq!(page.status(), 303);
    assert_eq!(page.headers()["location"], "/settings/account");
    assert_eq!(app.get_with(&support, "/settings/account").await.status(), 200);
    assert_eq!(app.call_with(&support, "resellers/list", &[("page", "1")]).await.status(), 403);
    assert_eq!(app.call_with(&support, "account/overview", &[]).await.status(), 200);
    set_up(&app, &support).await;
    assert!(signed_in(&app, &support).await, "set up: the console works again");
    // Required: it cannot be turned off.
    let off = app.call_with(&support, "account/two_factor/off", &[("current_password", PASSWORD)]).await;
    assert_eq!(off.status(), 409);
    assert!(signed_in(&app, &owner).await);
}

#[tokio::test]
async fn turning_it_off_asks_for_the_password() {
    let app = TestApp::spawn().await;
    let email = "off@test.example";
    let (_, http) = member(&app, email, Role::Viewer).await;
    set_up(&app, &http).await;
    let wrong = app.call_with(&http, "account/two_factor/off", &[("current_password", "nope nope nope")]).await;
    assert_eq!(wrong.status(), 422);
    let off = app.call_with(&http, "account/two_factor/off", &[("current_password", PASSWORD)]).await;
    assert_eq!(off.status(), 200);
    let to = password_step(&app, &client(), email).await;
    assert!(!to.starts_with("/signin/code"), "no code asked any more: {to:?}");
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM activity WHERE kind LIKE 'two_factor%' ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(kinds, ["two_factor_on", "two_factor_off"]);
}
