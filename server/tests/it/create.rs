//! Creating resellers: the server's rules are final, errors land on fields, uniqueness holds
//! under concurrent requests, nothing half-written stays.

use crate::helpers::{add_plan, create, input, reseller, TestApp};
use app::api::resellers::DomainCheck;
use app::domain::{FieldError, ResellerDetails, ResellerInput, ResellerStatus};
use app::error::AppError;

fn field_errors(error: AppError) -> Vec<FieldError> {
    match error {
        AppError::Validation(errors) => errors,
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM resellers").fetch_one(app.db.pool()).await.unwrap()
}

#[tokio::test]
async fn creates_a_reseller_with_normalised_values() {
    let app = TestApp::spawn().await;
    let plan = add_plan(&app, app.agency_id, "Growth", "active").await;
    let res = create(&app, &input(plan, "Hello@Acme.IO", "acmemedia")).await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.unwrap();

    let details: ResellerDetails = app.call("resellers/get", &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!(details.email, "hello@acme.io");
    // Stored as E.164, shown in international format.
    assert_eq!(details.phone, "+1 201-555-0123");
    assert_eq!(details.contact_phone, "+44 20 7946 0018");
    assert_eq!(details.contact_email, "ana@acme.io");
    assert_eq!(details.website.as_deref(), Some("https://acme.io"));
    assert_eq!(details.status, ResellerStatus::Active);
    assert_eq!(details.commission_label().as_deref(), Some("12.5 %"));
    assert_eq!(details.plan.map(|p| p.name).as_deref(), Some("Growth"));
    assert_eq!(details.login_url, "http://acmemedia.localhost:3000");

    let hash: String = sqlx::query_scalar("SELECT password_hash FROM resellers WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "only an argon2id hash is stored");
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM activity").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(kinds, ["created"]);
}

#[tokio::test]
async fn the_server_is_final_and_errors_land_on_fields() {
    let app = TestApp::spawn().await;
    let plan = add_plan(&app, app.agency_id, "Growth", "active").await;
    app.add(vec![reseller("Existing", "taken@acme.io", "takendomain", 1)]).await;
    // Four things wrong at once: a weak password (a shared rule), a taken e-mail, a number
    // that does not exist in its country and a taken login domain (only the server knows).
    let mut bad = input(plan, "taken@acme.io", "takendomain");
    bad.phone = "123 4567".into();
    bad.password = "password123".into();
    bad.confirm_password = "password123".into();
    let res = create(&app, &bad).await;
    assert_eq!(res.status(), 422);
    let mut fields: Vec<String> = field_errors(res.json().await.unwrap()).into_iter().map(|e| e.field).collect();
    fields.sort();
    assert_eq!(fields, ["email", "login_domain", "password", "phone"], "every error in one answer");

    // A field that breaks its own rule gets that message only.
    bad.email = "not an e-mail".into();
    let errors = field_errors(create(&app, &bad).await.json().await.unwrap());
    assert_eq!(errors.iter().filter(|e| e.field == "email").count(), 1);

    bad.email = "hello@acme.io".into();
    bad.login_domain = "acmemedia".into();
    bad.password = "violet-otter-canyon-42".into();
    bad.confirm_password = "violet-otter-canyon-42".into();
    let errors = field_errors(create(&app, &bad).await.json().await.unwrap());
    assert_eq!(errors, [FieldError::new("phone", "Enter a valid phone number for US")]);
    assert_eq!(count(&app).await, 1, "nothing half-written");
}

#[tokio::test]
async fn duplicates_are_field_errors_and_nothing_is_lost() {
    let app = TestApp::spawn().await;
    let plan = add_plan(&app, app.agency_id, "Growth", "active").await;
    app.add(vec![reseller("Existing", "taken@acme.io", "takendomain", 1)]).await;

    let errors = field_errors(create(&app, &input(plan, "TAKEN@acme.io", "freedomain")).await.json().await.unwrap());
    assert_eq!(errors[0].field, "email");
    let errors = field_errors(create(&app, &input(plan, "new@acme.io", "takendomain")).await.json().await.unwrap());
    assert_eq!(errors[0].field, "login_domain");
    assert_eq!(count(&app).await, 1);
    // Fixed, the same form goes through.
    assert_eq!(create(&app, &input(plan, "new@acme.io", "freedomain")).await.status(), 200);
}

#[tokio::test]
async fn twenty_concurrent_creates_of_one_domain_make_one_reseller() {
    let app = TestApp::spawn().await;
    let plan = add_plan(&app, app.agency_id, "Growth", "active").await;
    let attempts = (0..20).map(|i| {
        let app = &app;
        async move { create(app, &input(plan, &format!("racer{i}@acme.io"), "contested")).await }
    });
    let responses = futures_util::future::join_all(attempts).await;
    let mut won = 0;
    let mut refused = 0;
    for res in responses {
        match res.status().as_u16() {
            200 => won += 1,
            422 => {
                let errors = field_errors(res.json().await.unwrap());
                assert_eq!(errors[0].field, "login_domain");
                refused += 1;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!((won, refused), (1, 19));
    assert_eq!(count(&app).await, 1);
}

#[tokio::test]
async fn only_the_agencys_active_plans_can_be_assigned() {
    let app = TestApp::spawn().await;
    let archived = add_plan(&app, app.agency_id, "Legacy", "archived").await;
    let other_agency = app::ssr::db::create_agency(&app.db, "Other").await.unwrap();
    let foreign = add_plan(&app, other_agency, "Theirs", "active").await;
    for (plan, message) in
        [(archived, "This plan is archived: it takes no new resellers"), (foreign, "Select one of your plans")]
    {
        let errors = field_errors(create(&app, &input(plan, "a@acme.io", "acmemedia")).await.json().await.unwrap());
        assert_eq!(errors, [FieldError::new("plan_id", message)]);
    }
}

#[tokio::test]
async fn login_domain_availability_while_typing() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Existing", "taken@acme.io", "takendomain", 1)]).await;
    let app = &app;
    let check = |d: &'static str| async move {
        app.call("resellers/check_login_domain", &[("domain", d)]).await.json::<DomainCheck>().await.unwrap()
    };
    assert_eq!(
        check("freshname").await,
        DomainCheck::Available { login_url: "http://freshname.localhost:3000".into() }
    );
    assert_eq!(check("takendomain").await, DomainCheck::Taken);
    assert_eq!(check("Bad-Name").await, DomainCheck::Invalid { message: "Use lowercase letters only".into() });

    // Editing a reseller, its own domain is not taken; naming another agency's reseller
    // as the one edited excludes nothing.
    let own = app.id_of("takendomain").await.to_string();
    let editing = |d: &'static str, id: String| async move {
        app.call("resellers/check_login_domain", &[("domain", d), ("editing", id.as_str())])
            .await
            .json::<DomainCheck>()
            .await
            .unwrap()
    };
    assert!(matches!(editing("takendomain", own).await, DomainCheck::Available { .. }));
    let agency_b = app::ssr::db::create_agency(&app.db, "Agency B").await.unwrap();
    app.add_to(agency_b, &[reseller("B's own", "own@b.example", "bsown", 2)]).await;
    let theirs = app.id_of("bsown").await.to_string();
    assert_eq!(editing("bsown", theirs).await, DomainCheck::Taken);
}

#[tokio::test]
async fn a_malformed_body_is_a_400() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .post(format!("{}/api/resellers/create", app.base))
        .header("origin", &app.base)
        .header("content-type", "application/json")
        .body("{\"input\": 42")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(matches!(res.json::<AppError>().await.unwrap(), AppError::BadRequest(_)));
}

async fn update(app: &TestApp, id: i64, input: &ResellerInput) -> reqwest::Response {
    app.http
        .post(format!("{}/api/resellers/update", app.base))
        .header("origin", &app.base)
        .json(&serde_json::json!({ "id": id, "input": input }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_edit_changes_what_was_changed_and_keeps_the_password() {
    let app = TestApp::spawn().await;
    let growth = add_plan(&app, app.agency_id, "Growth", "active").await;
    let scale = add_plan(&app, app.agency_id, "Scale", "active").await;
    let id: i64 = create(&app, &input(growth, "hello@acme.io", "acmemedia")).await.json().await.unwrap();
    let hash_before: String = sqlx::query_scalar("SELECT password_hash FROM resellers WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();

    let mut form: ResellerInput =
        app.call("resellers/edit_form", &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!((form.phone_country.as_str(), form.contact_phone_country.as_str()), ("US", "GB"));
    assert_eq!(form.commission_rate, "12.5");
    assert!(form.password.is_empty(), "passwords never come back");
    // Unchanged, saving logs nothing.
    assert_eq!(update(&app, id, &form).await.status(), 200);

    form.name = "Acme Media Group".into();
    form.plan_id = scale.to_string();
    assert_eq!(update(&app, id, &form).await.status(), 200);
    let details: ResellerDetails = app.call("resellers/get", &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!(details.name, "Acme Media Group");
    assert_eq!(details.plan.map(|p| p.name).as_deref(), Some("Scale"));
    let hash_after: String = sqlx::query_scalar("SELECT password_hash FROM resellers WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(hash_before, hash_after, "an empty password keeps the current one");
    let log: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, detail FROM activity ORDER BY id").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(
        log,
        [
            ("created".into(), "".into()),
            ("updated".into(), "name, plan".into()),
            ("plan_changed".into(), "now on Scale".into())
        ]
    );

    // A taken login domain is a field error; another agency's admin gets "not found".
    app.add(vec![reseller("Other", "o@other.io", "takendomain", 1)]).await;
    form.login_domain = "takendomain".into();
    let errors = field_errors(update(&app, id, &form).await.json().await.unwrap());
    assert_eq!(errors[0].field, "login_domain");
    assert_eq!(update(&app, 999_999, &form).await.status(), 404);
}

#[tokio::test]
async fn the_strength_meter_reads_like_the_rule() {
    let app = TestApp::spawn().await;
    let rate = |password: &'static str| {
        let app = &app;
        async move {
            let res = app.call("resellers/rate_password", &[("password", password), ("name", "Acme Media")]).await;
            assert_eq!(res.status(), 200);
            res.json::<app::domain::PasswordRating>().await.unwrap()
        }
    };
    let weak = rate("password123").await;
    assert!(weak.score < app::domain::PasswordRating::MIN_SCORE, "{weak:?}");
    let strong = rate("violet-otter-canyon-42").await;
    assert!(strong.score >= app::domain::PasswordRating::MIN_SCORE, "{strong:?}");
    assert_eq!(
        app.call_with(&crate::helpers::client(), "resellers/rate_password", &[("password", "x")]).await.status(),
        401
    );
}
