//! The agency's team: every role against every server function and route (allowed, or 403
//! with nothing changed), a support member's contact-only edits, the last owner kept,
//! switched-off and removed members signed out at their next request.

use crate::helpers::{client, reseller, TestApp};
use app::domain::{Role, StoredWord, TeamMember};
use serde_json::json;

pub const PASSWORD: &str = "member password 1";

/// A member of the test agency with `role`, signed in on a client of its own.
pub async fn member(app: &TestApp, email: &str, role: Role) -> (i64, reqwest::Client) {
    let id = app::ssr::auth::create_member(&app.db, app.agency_id, email, email, PASSWORD, role).await.unwrap();
    let http = client();
    assert_eq!(app.sign_in(&http, email, PASSWORD).await.status(), 200, "{email} signs in");
    (id, http)
}

/// What a refused request must leave as it was.
async fn snapshot(app: &TestApp) -> Vec<String> {
    let mut all = Vec::new();
    for sql in [
        "SELECT id || ':' || status || ':' || name || ':' || email FROM resellers ORDER BY id",
        "SELECT id || ':' || status || ':' || name FROM plans ORDER BY id",
        "SELECT id || ':' || COALESCE(revoked_at, 0) FROM api_keys ORDER BY id",
        "SELECT id || ':' || role || ':' || COALESCE(disabled_at, 0) FROM admins ORDER BY id",
        "SELECT COUNT(*) || '' FROM activity",
        "SELECT id || ':' || status || ':' || name FROM customers ORDER BY id",
        "SELECT id || ':' || COALESCE(revoked_at, 0) FROM invitations ORDER BY id",
        "SELECT id || ':' || require_two_factor || ':' || refund_window_days FROM agencies ORDER BY id",
        "SELECT id || ':' || status FROM sales ORDER BY id",
        "SELECT COUNT(*) || '' FROM payouts",
    ] {
        let rows: Vec<String> = sqlx::query_scalar(sql).fetch_all(app.db.pool()).await.unwrap();
        all.extend(rows);
    }
    all
}

enum Body {
    Form(Vec<(&'static str, String)>),
    Json(serde_json::Value),
    Get,
}

async fn send(app: &TestApp, http: &reqwest::Client, endpoint: &str, body: &Body) -> u16 {
    let res = match body {
        Body::Form(form) => {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call_with(http, endpoint, &form).await
        }
        Body::Json(value) => http
            .post(format!("{}/api/{endpoint}", app.base))
            .header("origin", &app.base)
            .json(value)
            .send()
            .await
            .unwrap(),
        Body::Get => http.get(format!("{}{endpoint}", app.base)).send().await.unwrap(),
    };
    res.status().as_u16()
}

#[tokio::test]
async fn every_role_gets_exactly_its_permissions() {
    use app::domain::Permission::{self, *};
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Harbor Labs", "h@example.com", "harbor", 1_700_000_000)]).await;
    let rid = app.id_of("harbor").await.to_string();
    let (spare, _) = member(&app, "spare@test.example", Role::Viewer).await;
    let members = [Role::Viewer, Role::Support, Role::Admin, Role::Owner];
    let mut clients = Vec::new();
    for role in members {
        let (_, http) = member(&app, &format!("{}-member@test.example", role.as_str()), role).await;
        clients.push((role, http));
    }
    let form = |pairs: &[(&'static str, &str)]| Body::Form(pairs.iter().map(|(k, v)| (*k, v.to_string())).collect());
    let empty_input = serde_json::to_value(app::domain::ResellerInput::default()).unwrap();
    let empty_plan = serde_json::to_value(app::domain::PlanInput::default()).unwrap();
    let spare = spare.to_string();
    let calls: Vec<(&str, Body, Permission)> = vec![
        ("resellers/list", form(&[("page", "1")]), View),
        ("resellers/overview", form(&[]), View),
        ("resellers/get", form(&[("id", &rid)]), View),
        ("options/countries", form(&[]), View),
        ("options/plans", form(&[]), View),
        ("plans/list", form(&[]), View),
        ("activity/list", form(&[]), View),
        ("resellers/set_status", form(&[("id", &rid), ("active", "true")]), SwitchResellerAccess),
        ("resellers/edit_form", form(&[("id", &rid)]), EditResellerContact),
        (
            "resellers/update",
            Body::Json(json!({ "id": rid.parse::<i64>().unwrap(), "input": empty_input })),
            EditResellerContact,
        ),
        ("resellers/check_login_domain", form(&[("domain", "fresh")]), EditResellers),
        ("resellers/rate_password", form(&[("password", "abc")]), EditResellers),
        ("resellers/create", Body::Json(json!({ "input": empty_input })), CreateResellers),
        ("resellers/delete", form(&[("id", "999999")]), DeleteResellers),
        ("/partners/resellers/export.csv", Body::Get, ExportResellers),
        ("plans/save", Body::Json(json!({ "id": null, "input": empty_plan })), ManagePlans),
        ("plans/set_archived", form(&[("id", "999999"), ("archived", "true")]), ManagePlans),
        ("plans/delete", form(&[("id", "999999")]), ManagePlans),
        ("api_keys/list", form(&[]), ManageApiKeys),
        ("api_keys/create", form(&[("name", "")]), ManageApiKeys),
        ("api_keys/revoke", form(&[("id", "999999")]), ManageApiKeys),
        ("team/list", form(&[]), ManageTeam),
        ("team/set_role", form(&[("id", &spare), ("role", "viewer")]), ManageTeam),
        ("team/set_disabled", form(&[("id", &spare), ("disabled", "false")]), ManageTeam),
        ("team/remove", form(&[("id", "999999")]), ManageTeam),
        ("team/invite", form(&[("email", "invitee@example.com"), ("role", "viewer")]), ManageTeam),
        ("team/invitations", form(&[]), ManageTeam),
        ("team/revoke_invitation", form(&[("id", "999999")]), ManageTeam),
        ("team/two_factor_required", form(&[]), ManageTeam),
        // An owner without two-factor sign-in is answered 409: allowed, on its merits.
        ("team/require_two_factor", form(&[("required", "true")]), AgencySettings),
        // Every member's own account.
        ("account/overview", form(&[]), View),
        ("customers/list", form(&[("reseller", &rid), ("q", ""), ("page", "1")]), View),
        ("account/sessions/end", form(&[("id", "none")]), View),
        ("commissions/ledger", form(&[("reseller", "0"), ("month", ""), ("status", "")]), View),
        ("customers/own_plans", form(&[("reseller", &rid)]), View),
        ("/partners/commissions/statement.csv?reseller=0&month=2026-01", Body::Get, View),
        ("commissions/approve", form(&[("id", "999999")]), ManageCommissions),
        ("commissions/reverse", form(&[("id", "999999")]), ManageCommissions),
        (
            "commissions/payout",
            form(&[
                ("reseller", &rid),
                ("currency", "USD"),
                ("sale_ids", ""),
                ("amount_minor", "1"),
                ("paid_on", "2026-01-01"),
                ("reference", ""),
            ]),
            ManageCommissions,
        ),
        ("commissions/refund_window", form(&[("days", "14")]), AgencySettings),
    ];
    for (role, http) in &clients {
        for (endpoint, body, action) in &calls {
            let before = snapshot(&app).await;
            let status = send(&app, http, endpoint, body).await;
            if role.can(*action) {
                // Allowed: answered on its merits (a refusal of the input itself is fine), never 401/403 or a 5xx.
                assert!(
                    ![401, 403].contains(&status) && status < 500,
                    "{role:?} may {action:?} ({endpoint}) but got {status}"
                );
            } else {
                assert_eq!(status, 403, "{role:?} may not {action:?} ({endpoint})");
                assert_eq!(snapshot(&app).await, before, "{role:?} was refused {endpoint} but something changed");
            }
        }
    }
}

#[tokio::test]
async fn support_edits_contact_details_only() {
    let app = TestApp::spawn().await;
    let mut r = reseller("Harbor Labs", "h@example.com", "harbor", 1_700_000_000);
    (r.partner_type, r.commission_rate_bp) = (app::domain::PartnerType::OwnPlans, None);
    app.add(vec![r]).await;
    let id = app.id_of("harbor").await;
    let (_, support) = member(&app, "support@test.example", Role::Support).await;
    let form: serde_json::Value = support
        .post(format!("{}/api/resellers/edit_form", app.base))
        .header("origin", &app.base)
        .form(&[("id", id.to_string())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let update = |input: serde_json::Value| {
        support
            .post(format!("{}/api/resellers/update", app.base))
            .header("origin", &app.base)
            .json(&json!({ "id": id, "input": input }))
            .send()
    };
    let mut contact = form.clone();
    contact["contact_name"] = json!("Bea Brown");
    contact["website"] = json!("https://harbor.example");
    let res = update(contact).await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let mut renamed = form.clone();
    renamed["name"] = json!("Harbour Labs");
    assert_eq!(update(renamed).await.unwrap().status(), 403);
    let mut domain = form.clone();
    domain["login_domain"] = json!("harbour");
    assert_eq!(update(domain).await.unwrap().status(), 403);
    let (name, contact_name, domain): (String, String, String) =
        sqlx::query_as("SELECT name, contact_name, login_domain FROM resellers WHERE id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!((name.as_str(), contact_name.as_str(), domain.as_str()), ("Harbor Labs", "Bea Brown", "harbor"));
}

async fn team(app: &TestApp, http: &reqwest::Client) -> Vec<TeamMember> {
    app.call_with(http, "team/list", &[]).await.json().await.unwrap()
}

#[tokio::test]
async fn the_last_owner_stays_and_admins_leave_owners_alone() {
    let app = TestApp::spawn().await;
    let me = team(&app, &app.http).await.into_iter().find(|m| m.is_you).unwrap();
    assert_eq!(me.role, Role::Owner);
    let (admin_id, admin) = member(&app, "admin@x.example", Role::Admin).await;
    // The only owner can be neither demoted, switched off nor removed, by anyone.
    for (endpoint, form) in [
        ("team/set_role", vec![("id", me.id.to_string()), ("role", "admin".into())]),
        ("team/set_disabled", vec![("id", me.id.to_string()), ("disabled", "true".into())]),
        ("team/remove", vec![("id", me.id.to_string())]),
    ] {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        // The owner's own request is refused because it is the last owner...
        assert_eq!(app.call(endpoint, &form).await.status(), 409, "{endpoint} by the owner");
        // ...and an admin's because owners are not theirs to change.
        assert_eq!(app.call_with(&admin, endpoint, &form).await.status(), 403, "{endpoint} by an admin");
    }
    // An admin may not make anyone owner, the owner may.
    let promote = [("id", admin_id.to_string()), ("role", "owner".to_string())];
    let promote: Vec<(&str, &str)> = promote.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call_with(&admin, "team/set_role", &promote).await.status(), 403);
    assert_eq!(app.call("team/set_role", &promote).await.status(), 200);
    // Two owners now: the first may step down.
    let down = [("id", me.id.to_string()), ("role", "admin".to_string())];
    let down: Vec<(&str, &str)> = down.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call("team/set_role", &down).await.status(), 200);
    let roles: Vec<(String, Role)> = team(&app, &admin).await.into_iter().map(|m| (m.email, m.role)).collect();
    assert!(roles.contains(&("admin@x.example".into(), Role::Owner)), "{roles:?}");
}

#[tokio::test]
async fn two_owners_demoting_each_other_at_once_leave_one() {
    let app = TestApp::spawn().await;
    let me = team(&app, &app.http).await.into_iter().find(|m| m.is_you).unwrap();
    let (other_id, other) = member(&app, "second@x.example", Role::Owner).await;
    for _ in 0..5 {
        let a = [("id", other_id.to_string()), ("role", "viewer".to_string())];
        let b = [("id", me.id.to_string()), ("role", "viewer".to_string())];
        let a: Vec<(&str, &str)> = a.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let b: Vec<(&str, &str)> = b.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (ra, rb) = tokio::join!(app.call("team/set_role", &a), app.call_with(&other, "team/set_role", &b));
        let owners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM admins WHERE agency_id = $1 AND role = 'owner'")
            .bind(app.agency_id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(owners, 1, "answers {} and {}", ra.status(), rb.status());
        // Put both back for the next round.
        sqlx::query("UPDATE admins SET role = 'owner' WHERE agency_id = $1")
            .bind(app.agency_id)
            .execute(app.db.pool())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn switched_off_and_removed_members_are_signed_out_at_once() {
    let app = TestApp::spawn().await;
    let (support_id, support) = member(&app, "support@x.example", Role::Support).await;
    let list = |http: reqwest::Client| {
        let app = &app;
        async move { app.call_with(&http, "resellers/list", &[("page", "1")]).await.status() }
    };
    assert_eq!(list(support.clone()).await, 200);
    let off = [("id", support_id.to_string()), ("disabled", "true".to_string())];
    let off: Vec<(&str, &str)> = off.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call("team/set_disabled", &off).await.status(), 200);
    assert_eq!(list(support.clone()).await, 401, "the session ended");
    assert_eq!(app.sign_in(&client(), "support@x.example", PASSWORD).await.status(), 401, "no sign-in while off");
    let on = [("id", support_id.to_string()), ("disabled", "false".to_string())];
    let on: Vec<(&str, &str)> = on.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call("team/set_disabled", &on).await.status(), 200);
    let again = client();
    assert_eq!(app.sign_in(&again, "support@x.example", PASSWORD).await.status(), 200);
    assert_eq!(app.call("team/remove", &[("id", &support_id.to_string())]).await.status(), 200);
    assert_eq!(list(again).await, 401, "removed: the session ended");
    assert!(team(&app, &app.http).await.iter().all(|m| m.id != support_id));
}

#[tokio::test]
async fn another_agency_s_members_are_not_found() {
    let app = TestApp::spawn().await;
    let other_agency = app::ssr::db::create_agency(&app.db, "Other").await.unwrap();
    let other = app::ssr::auth::create_member(&app.db, other_agency, "O", "o@other.example", PASSWORD, Role::Admin)
        .await
        .unwrap();
    for (endpoint, form) in [
        ("team/set_role", vec![("id", other.to_string()), ("role", "viewer".to_string())]),
        ("team/set_disabled", vec![("id", other.to_string()), ("disabled", "true".to_string())]),
        ("team/remove", vec![("id", other.to_string())]),
    ] {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.call(endpoint, &form).await.status(), 404, "{endpoint}");
    }
    let role: String =
        sqlx::query_scalar("SELECT role FROM admins WHERE id = $1").bind(other).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(role, "admin");
    assert_eq!(app.call("team/set_role", &[("id", "1"), ("role", "root\u{0}")]).await.status(), 422);
}

/// Fifty identical requests at once: a member is removed once (the rest find nobody),
/// and the only owner's fifty demotions are all refused.
#[tokio::test]
async fn fifty_identical_team_changes_at_once() {
    let app = TestApp::spawn().await;
    let (victim, _) = member(&app, "victim@x.example", Role::Support).await;
    let id = victim.to_string();
    let form = [("id", id.as_str())];
    let removes = (0..50).map(|_| app.call("team/remove", &form));
    let statuses: Vec<u16> =
        futures_util::future::join_all(removes).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| [200, 404].contains(s)), "{statuses:?}");

    let me = team(&app, &app.http).await.into_iter().find(|m| m.is_you).unwrap().id.to_string();
    let form = [("id", me.as_str()), ("role", "viewer")];
    let demotions = (0..50).map(|_| app.call("team/set_role", &form));
    let statuses: Vec<u16> =
        futures_util::future::join_all(demotions).await.iter().map(|r| r.status().as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 409), "{statuses:?}");
    let role: String = sqlx::query_scalar("SELECT role FROM admins WHERE id = $1")
        .bind(me.parse::<i64>().unwrap())
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(role, "owner");
}
