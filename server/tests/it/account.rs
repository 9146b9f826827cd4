//! A member's own account: the password change asks the current one and ends the
//! member's other sessions; the sessions list, signing out one or all others (only the
//! member's own); name and e-mail.

use crate::helpers::{client, TestApp};
use crate::team::{member, PASSWORD};
use app::domain::{AccountOverview, Role};

const NEW_PASSWORD: &str = "brisk otter violet 77";

async fn overview(app: &TestApp, http: &reqwest::Client) -> AccountOverview {
    let res = app.call_with(http, "account/overview", &[]).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn signed_in(app: &TestApp, http: &reqwest::Client) -> bool {
    app.call_with(http, "account/overview", &[]).await.status() == 200
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let app = TestApp::spawn().await;
    let email = "pw@test.example";
    let (_, here) = member(&app, email, Role::Viewer).await;
    let elsewhere = client();
    assert_eq!(app.sign_in(&elsewhere, email, PASSWORD).await.status(), 200);
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let (app, here) = (&app, here.clone());
        async move {
            app.call_with(
                &here,
                "account/password",
                &[("current_password", current), ("password", new), ("confirm_password", confirm)],
            )
            .await
        }
    };
    let wrong = change("not my password", NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("current_password"));
    assert_eq!(change(PASSWORD, "password123", "password123").await.status(), 422, "weak");
    assert_eq!(change(PASSWORD, NEW_PASSWORD, "something else").await.status(), 422, "not confirmed");
    assert!(signed_in(&app, &elsewhere).await, "refused changes end nothing");
    let ok = change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.json::<u64>().await.unwrap(), 1, "one other session ended");
    assert!(!signed_in(&app, &elsewhere).await, "the other browser is signed out");
    assert!(signed_in(&app, &here).await, "this browser stays signed in");
    assert_eq!(app.sign_in(&client(), email, PASSWORD).await.status(), 401, "the old password is gone");
    assert_eq!(app.sign_in(&client(), email, NEW_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn members_see_and_end_their_own_sessions_only() {
    let app = TestApp::spawn().await;
    let email = "sessions@test.example";
    let (_, here) = member(&app, email, Role::Support).await;
    let phone = client();
    let res = phone
        .post(format!("{}/api/auth/sign_in", app.base))
        .header("origin", &app.base)
        .header("user-agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
        .form(&[("email", email), ("password", PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mine = overview(&app, &here).await;
    assert_eq!(mine.sessions.len(), 2);
    assert_eq!(mine.sessions.iter().filter(|s| s.current).count(), 1);
    let phone_session = mine.sessions.iter().find(|s| !s.current).unwrap();
    assert_eq!(phone_session.device, "Safari on iPhone");
    assert_eq!(phone_session.address, "127.0.0.1");

    // Another member cannot end it.
    let (_, other) = member(&app, "other@test.example", Role::Owner).await;
    let theirs = app.call_with(&other, "account/sessions/end", &[("id", &phone_session.id)]).await;
    assert_eq!(theirs.status(), 404);
    assert!(signed_in(&app, &phone).await);
    assert_eq!(app.call_with(&here, "account/sessions/end", &[("id", &phone_session.id)]).await.status(), 200);
    assert!(!signed_in(&app, &phone).await);

    // "All others" ends every other session, not this one.
    let (a, b) = (client(), client());
    for http in [&a, &b] {
        assert_eq!(app.sign_in(http, email, PASSWORD).await.status(), 200);
    }
    let ended = app.call_with(&here, "account/sessions/end_others", &[]).await;
    assert_eq!(ended.json::<u64>().await.unwrap(), 2);
    assert!(!signed_in(&app, &a).await && !signed_in(&app, &b).await && signed_in(&app, &here).await);
    assert!(!signed_in(&app, &client()).await, "no session, no account");
}

#[tokio::test]
async fn members_change_their_name_and_e_mail() {
    let app = TestApp::spawn().await;
    let (_, http) = member(&app, "name@test.example", Role::Viewer).await;
    let save = |name: &'static str, email: &'static str| {
        let (app, http) = (&app, http.clone());
        async move { app.call_with(&http, "account/profile", &[("name", name), ("email", email)]).await.status() }
    };
    assert_eq!(save("Nora Name", "Nora@Test.example").await, 200);
    let after = overview(&app, &http).await;
    assert_eq!((after.name.as_str(), after.email.as_str()), ("Nora Name", "nora@test.example"));
    assert_eq!(save("", "nora@test.example").await, 422);
    assert_eq!(save("Nora\u{0}", "nora@test.example").await, 422);
    assert_eq!(save("Nora", "admin@test.example").await, 422, "another member's e-mail");
    assert_eq!(save("Nora", "not an e-mail").await, 422);
    assert_eq!(app.sign_in(&client(), "nora@test.example", PASSWORD).await.status(), 200);
}
