//! Plans: rules, archive, delete only when unused, options for the wizard, isolation.

use crate::helpers::{reseller, TestApp};
use app::domain::{PlanRow, PlanStatus, PlanSummary};
use serde_json::{json, Value};

fn plan(name: &str) -> Value {
    json!({ "name": name, "description": "For small teams", "price": "49.00", "currency": "USD",
            "billing_cycle": "monthly", "messages_limit": "10000", "whatsapp_limit": "2000", "team_members_limit": "5" })
}

async fn save(app: &TestApp, id: Option<i64>, input: Value) -> reqwest::Response {
    app.http
        .post(format!("{}/api/plans/save", app.base))
        .header("origin", &app.base)
        .json(&json!({ "id": id, "input": input }))
        .send()
        .await
        .unwrap()
}

async fn plans(app: &TestApp) -> Vec<PlanRow> {
    app.call("plans/list", &[]).await.json().await.unwrap()
}

#[tokio::test]
async fn plans_are_created_checked_and_edited() {
    let app = TestApp::spawn().await;
    let res = save(&app, None, plan("Starter")).await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.unwrap();
    let list = plans(&app).await;
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].summary.price_minor, list[0].summary.messages_limit, list[0].resellers), (4900, 10_000, 0));

    let bad = json!({ "name": "", "description": "", "price": "free", "currency": "USD", "billing_cycle": "weekly",
                      "messages_limit": "-5", "whatsapp_limit": "1", "team_members_limit": "x" });
    let res = save(&app, None, bad).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> =
        body["Validation"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "price", "billing_cycle", "messages_limit", "team_members_limit"]);

    let res = save(&app, None, plan("Starter")).await;
    assert_eq!(res.status(), 422, "names are unique per agency");
    let mut edited = plan("Starter Plus");
    edited["price"] = json!("59.5");
    assert_eq!(save(&app, Some(id), edited).await.status(), 200);
    let list = plans(&app).await;
    assert_eq!((list[0].summary.name.as_str(), list[0].summary.price_minor), ("Starter Plus", 5950));
}

#[tokio::test]
async fn archived_plans_take_no_new_resellers_but_keep_theirs() {
    let app = TestApp::spawn().await;
    let id: i64 = save(&app, None, plan("Legacy")).await.json().await.unwrap();
    let mut r = reseller("Harbor Labs", "h@harbor.io", "harborlabs", 1);
    r.plan_id = Some(id);
    app.add(vec![r]).await;
    let res = app.call("plans/set_archived", &[("id", &id.to_string()), ("archived", "true")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<PlanStatus>().await.unwrap(), PlanStatus::Archived);
    let options: Vec<PlanSummary> = app.call("options/plans", &[]).await.json().await.unwrap();
    assert!(options.is_empty(), "an archived plan is not offered");
    let list = plans(&app).await;
    assert_eq!((list[0].status, list[0].resellers), (PlanStatus::Archived, 1));
    // The reseller keeps it.
    let harbor = app.id_of("harborlabs").await.to_string();
    let details: app::domain::ResellerDetails =
        app.call("resellers/get", &[("id", &harbor)]).await.json().await.unwrap();
    assert_eq!(details.plan.map(|p| p.name), Some("Legacy".into()));
    let res = app.call("plans/set_archived", &[("id", &id.to_string()), ("archived", "false")]).await;
    assert_eq!(res.json::<PlanStatus>().await.unwrap(), PlanStatus::Active);
}

#[tokio::test]
async fn a_plan_in_use_cannot_be_deleted() {
    let app = TestApp::spawn().await;
    let used: i64 = save(&app, None, plan("Used")).await.json().await.unwrap();
    let unused: i64 = save(&app, None, plan("Unused")).await.json().await.unwrap();
    let mut a = reseller("A Co", "a@a.io", "aco", 1);
    a.plan_id = Some(used);
    let mut b = reseller("B Co", "b@b.io", "bco", 2);
    b.plan_id = Some(used);
    app.add(vec![a, b]).await;
    let res = app.call("plans/delete", &[("id", &used.to_string())]).await;
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert!(body["Conflict"].as_str().unwrap().starts_with("2 resellers use this plan"), "{body}");
    assert_eq!(app.call("plans/delete", &[("id", &unused.to_string())]).await.status(), 200);
    let names: Vec<String> = plans(&app).await.into_iter().map(|p| p.summary.name).collect();
    assert_eq!(names, ["Used"]);
}

#[tokio::test]
async fn another_agencys_plans_are_not_found() {
    let app = TestApp::spawn().await;
    let id: i64 = save(&app, None, plan("Mine")).await.json().await.unwrap();
    let other_agency = app::ssr::db::create_agency(&app.db, "Other").await.unwrap();
    app::ssr::auth::create_admin(&app.db, other_agency, "other@other.example", "another long password").await.unwrap();
    let other = crate::helpers::client();
    assert_eq!(app.sign_in(&other, "other@other.example", "another long password").await.status(), 200);
    for (endpoint, extra) in
        [("plans/get", None), ("plans/delete", None), ("plans/set_archived", Some(("archived", "true")))]
    {
        let mut form = vec![("id", id.to_string())];
        if let Some((k, v)) = extra {
            form.push((k, v.to_string()));
        }
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.call_with(&other, endpoint, &form).await.status(), 404, "{endpoint}");
    }
    let res = other
        .post(format!("{}/api/plans/save", app.base))
        .header("origin", &app.base)
        .json(&json!({ "id": id, "input": plan("Stolen") }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(plans(&app).await[0].summary.name, "Mine");
}
