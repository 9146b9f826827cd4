//! The reseller portal at `{login_domain}.{base domain}`: its own sign-in and session kind,
//! access switched off and on by the agency, unknown hosts, no crossing with the console.

use crate::helpers::TestApp;

const PASSWORD: &str = "violet-otter-canyon-42";

async fn sign_in(client: &reqwest::Client, base: &str, email: &str, password: &str) -> reqwest::Response {
    client
        .post(format!("{base}/signin"))
        .header("origin", base)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
}

async fn page(client: &reqwest::Client, base: &str) -> (u16, String) {
    let res = client.get(format!("{base}/")).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn set_active(app: &TestApp, id: i64, active: bool) {
    let res = app.call("resellers/set_status", &[("id", &id.to_string()), ("active", &active.to_string())]).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_reseller_signs_in_at_its_domain_and_sees_its_plan() {
    let app = TestApp::spawn().await;
    let id = app.add_signable("Harbor Labs", "partner@harbor.io", "harborlabs", PASSWORD).await;
    let plan: i64 = sqlx::query_scalar(
        "INSERT INTO plans (agency_id, name, price_minor, currency, billing_cycle, messages_limit, whatsapp_limit, \
         team_members_limit, created_at, updated_at) VALUES ($1, 'Growth', 7900, 'USD', 'monthly', 25000, 5000, 10, 0, 0) RETURNING id",
    )
    .bind(app.agency_id)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    sqlx::query("UPDATE resellers SET plan_id = $1 WHERE id = $2")
        .bind(plan)
        .bind(id)
        .execute(app.db.pool())
        .await
        .unwrap();
    app.add_usage("harborlabs", 0, 12_500, 100).await;
    let (client, base) = app.portal_client("harborlabs");

    let (status, html) = page(&client, &base).await;
    assert_eq!(status, 200);
    assert!(html.contains("Sign in with your partner e-mail"), "{html}");

    let res = sign_in(&client, &base, "partner@harbor.io", "wrong password").await;
    assert_eq!(res.status(), 401);
    assert!(res.text().await.unwrap().contains("E-mail or password is wrong"));

    let res = sign_in(&client, &base, "Partner@Harbor.io", PASSWORD).await;
    assert_eq!(res.status(), 303);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("pd_portal=") && cookie.contains("HttpOnly") && !cookie.contains("Domain="));
    let (status, html) = page(&client, &base).await;
    assert_eq!(status, 200);
    assert!(html.contains("Growth") && html.contains("$79.00 per month"), "{html}");
    assert!(html.contains("50 %"), "12,500 of 25,000 messages: {html}");

    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM activity WHERE reseller_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(kinds, ["login_failed", "login_ok"]);

    // Another reseller's e-mail never works at this domain.
    app.add_signable("Atlas Media", "partner@atlas.io", "atlasmedia", PASSWORD).await;
    let (other, _) = app.portal_client("harborlabs");
    assert_eq!(sign_in(&other, &base, "partner@atlas.io", PASSWORD).await.status(), 401);

    // Sign-out ends the session.
    let res = client.post(format!("{base}/signout")).header("origin", &base).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(page(&client, &base).await.1.contains("Sign in with your partner e-mail"));
}

#[tokio::test]
async fn deactivation_ends_a_live_session_and_reactivation_lets_it_back() {
    let app = TestApp::spawn().await;
    let id = app.add_signable("Harbor Labs", "partner@harbor.io", "harborlabs", PASSWORD).await;
    let (client, base) = app.portal_client("harborlabs");
    assert_eq!(sign_in(&client, &base, "partner@harbor.io", PASSWORD).await.status(), 303);
    assert_eq!(page(&client, &base).await.0, 200);

    set_active(&app, id, false).await;
    let (status, html) = page(&client, &base).await;
    assert_eq!(status, 403, "the live session's next request is refused");
    assert!(html.contains("Access disabled") && html.contains("Test Agency"));
    let res = sign_in(&client, &base, "partner@harbor.io", PASSWORD).await;
    assert_eq!(res.status(), 403, "sign-in is refused too");

    set_active(&app, id, true).await;
    let (status, html) = page(&client, &base).await;
    assert_eq!(status, 200);
    assert!(html.contains("Sign in with your partner e-mail"), "the old session stays ended");
    assert_eq!(sign_in(&client, &base, "partner@harbor.io", PASSWORD).await.status(), 303);
    assert!(page(&client, &base).await.1.contains("Signed in as partner@harbor.io"));

    // Deleting ends it for good: the host is unknown from then on.
    assert_eq!(app.call("resellers/delete", &[("id", &id.to_string())]).await.status(), 200);
    let (status, html) = page(&client, &base).await;
    assert_eq!(status, 404);
    assert!(html.contains("No reseller portal here"));
    assert_eq!(sign_in(&client, &base, "partner@harbor.io", PASSWORD).await.status(), 404);
}

#[tokio::test]
async fn unknown_hosts_and_crossed_sessions_get_nothing() {
    let app = TestApp::spawn().await;
    app.add_signable("Harbor Labs", "partner@harbor.io", "harborlabs", PASSWORD).await;
    let (nobody, nobody_base) = app.portal_client("nosuchreseller");
    assert_eq!(page(&nobody, &nobody_base).await.0, 404);

    // The admin's session token, presented on a reseller host, opens nothing there.
    let admin_token = admin_token(&app).await;
    let (client, base) = app.portal_client("harborlabs");
    for cookie in [format!("pd_session={admin_token}"), format!("pd_portal={admin_token}")] {
        let res = client.get(format!("{base}/")).header("cookie", cookie).send().await.unwrap();
        assert!(res.text().await.unwrap().contains("Sign in with your partner e-mail"));
    }
    // Console pages do not exist on a reseller host.
    let res = client
        .get(format!("{base}/partners/resellers"))
        .header("cookie", format!("pd_session={admin_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // A reseller's session token opens nothing on the console.
    let res = sign_in(&client, &base, "partner@harbor.io", PASSWORD).await;
    assert_eq!(res.status(), 303);
    let portal_token = token_of(&res, "pd_portal");
    let console = crate::helpers::client();
    for name in ["pd_session", "pd_portal"] {
        let res = console
            .get(format!("{}/partners/resellers", app.base))
            .header("cookie", format!("{name}={portal_token}"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{name}: a reseller session is not an admin session");
    }
}

fn token_of(res: &reqwest::Response, cookie: &str) -> String {
    let header = res.headers()["set-cookie"].to_str().unwrap();
    header.strip_prefix(&format!("{cookie}=")).unwrap().split(';').next().unwrap().to_owned()
}

/// The admin session token of the test app's signed-in client.
async fn admin_token(app: &TestApp) -> String {
    let res = crate::helpers::client()
        .post(format!("{}/api/auth/sign_in", app.base))
        .header("origin", &app.base)
        .form(&[("email", crate::helpers::ADMIN_EMAIL), ("password", crate::helpers::ADMIN_PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    token_of(&res, "pd_session")
}
