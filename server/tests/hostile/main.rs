//! Every server function, usage API route, page and portal form fed text a hostile
//! outsider sends, in each field in turn: NUL and control characters, huge, RTL and emoji
//! text, SQL and HTML, numbers that are not numbers, impossible dates (proptest). The
//! answer is always a whole 4xx or normal answer — never a 5xx, never a dropped or stalled
//! connection — and the data that was there stays as it was. Runs on SQLite, and on
//! PostgreSQL with `PARTNERDESK_TEST_POSTGRES`; `PROPTEST_CASES` sets how many texts.
//!
//! A process of its own: it keeps one server busy for its whole run, and in the `it`
//! binary other tests' runtimes starting and stopping beside it left some of its
//! server-rendered pages stalled mid-stream (a test-harness effect: alone, or with the
//! tests run one at a time, 300 cases pass; a deployment runs one runtime).

// Shared with the `it` binary, which uses all of it; this one uses a part.
#[allow(dead_code)]
#[path = "../it/helpers.rs"]
mod helpers;

use helpers::{add_plan, event, input, reseller, TestApp};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Text an outsider might send in any field.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\u{0}".to_owned()),
        Just("a\u{0}b".to_owned()),
        Just("' OR 1=1; DROP TABLE resellers; --".to_owned()),
        Just("</title><script>alert(1)</script>".to_owned()),
        Just("\u{202e}evil\u{202c}".to_owned()),
        Just("🙂👩‍👩‍👧".repeat(40)),
        Just("-1".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("1e309".to_owned()),
        Just("NaN".to_owned()),
        Just("%00%ff".to_owned()),
        Just("2026-02-30T25:61:00Z".to_owned()),
        "[\\x00-\\x1f\\x7f]{1,8}",
        "\\PC{0,40}",
        any::<String>(),
        "x{3000,6000}",
    ]
}

/// Server functions taking form fields, with values that are fine for the other fields.
const FORM_CALLS: &[(&str, &[(&str, &str)])] = &[
    ("auth/sign_in", &[("email", "someone@example.com"), ("password", "a password"), ("next", "/")]),
    (
        "resellers/list",
        &[
            ("q", ""),
            ("page", "1"),
            ("status", ""),
            ("type", ""),
            ("plan", ""),
            ("sort", "name"),
            ("dir", "asc"),
            ("after", ""),
            ("before", ""),
        ],
    ),
    ("resellers/get", &[("id", "1")]),
    ("resellers/set_status", &[("id", "999999"), ("status", "active")]),
    ("resellers/delete", &[("id", "999999")]),
    ("resellers/check_login_domain", &[("domain", "freshdomain")]),
    ("resellers/edit_form", &[("id", "1")]),
    ("resellers/rate_password", &[("password", "pw"), ("name", ""), ("email", ""), ("login_domain", "")]),
    ("plans/get", &[("id", "1")]),
    ("plans/set_archived", &[("id", "999999"), ("archived", "true")]),
    ("plans/delete", &[("id", "999999")]),
    ("options/plans", &[("keep", "1")]),
    ("activity/list", &[("reseller", ""), ("kind", ""), ("page", "1"), ("limit", "10")]),
    ("api_keys/create", &[("name", "Key")]),
    ("api_keys/revoke", &[("id", "999999")]),
    ("customers/list", &[("reseller", "1"), ("q", ""), ("page", "1")]),
    ("team/invite", &[("email", "invitee@example.com"), ("role", "viewer")]),
    ("team/set_role", &[("id", "999999"), ("role", "viewer")]),
    ("team/revoke_invitation", &[("id", "999999")]),
    ("auth/sign_in_code", &[("code", "123456"), ("next", "/")]),
    ("auth/invitation", &[("token", "no-such-token")]),
    ("auth/join", &[("token", "no-such-token"), ("name", "Sam"), ("password", "pw"), ("confirm_password", "pw")]),
    ("account/two_factor/confirm", &[("code", "123456")]),
    ("account/two_factor/off", &[("current_password", "a password")]),
    ("account/sessions/end", &[("id", "none")]),
    ("commissions/ledger", &[("reseller", "0"), ("month", "2026-01"), ("status", "pending")]),
    ("commissions/approve", &[("id", "999999")]),
    ("customers/own_plans", &[("reseller", "1")]),
    ("commissions/reverse", &[("id", "999999")]),
    (
        "commissions/payout",
        &[
            ("reseller", "1"),
            ("currency", "USD"),
            ("sale_ids", ""),
            ("amount_minor", "735"),
            ("paid_on", "2026-01-01"),
            ("reference", "TR"),
        ],
    ),
    ("commissions/refund_window", &[("days", "14")]),
];

/// Pages (GET) with a query parameter or path segment that takes text.
const PAGES: &[&str] = &[
    "/partners/resellers?q={}",
    "/partners/resellers?sort=name&page=2&after=1.2.{}",
    "/partners/activity?reseller={}&kind={}",
    "/partners/resellers/{}",
    "/partners/plans/{}/edit",
    "/partners/resellers/export.csv?q={}",
    "/join/{}",
    "/signin/code?next={}",
    "/partners/commissions?month={}&status={}&reseller={}",
    "/partners/commissions/statement.csv?reseller=1&month={}",
    "/partners/commissions/statement.csv?reseller={}&month=2026-01",
];

fn form_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The status of a whole answer (body included) within 20 s, or what went wrong.
async fn answered(
    request: impl std::future::Future<Output = Result<reqwest::Response, reqwest::Error>>,
) -> Result<u16, String> {
    let limit = std::time::Duration::from_secs(20);
    let res = match tokio::time::timeout(limit, request).await {
        Err(_) => return Err("no answer within 20 s".into()),
        Ok(Err(e)) => return Err(format!("no answer ({e})")),
        Ok(Ok(res)) => res,
    };
    let status = res.status().as_u16();
    // The whole body must arrive (an export cut short by an error is a failure too).
    match tokio::time::timeout(limit, res.bytes()).await {
        Err(_) => Err(format!("HTTP {status}, but the body did not end within 20 s")),
        Ok(Err(e)) => Err(format!("HTTP {status}, body cut ({e})")),
        Ok(Ok(_)) if status >= 500 => Err(format!("HTTP {status}")),
        Ok(Ok(_)) => Ok(status),
    }
}

/// Sends every request once with `text` in one field; answers what went wrong, if anything.
async fn send_everywhere(
    app: &TestApp,
    key: &str,
    signed_in: &Portal,
    own_plans: &Portal,
    text: &str,
) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut check = |what: String, answer: Result<u16, String>| {
        if let Err(problem) = answer {
            problems.push(format!("{what}: {problem}"));
        }
    };
    let post = |endpoint: &str| app.http.post(format!("{}/api/{endpoint}", app.base)).header("origin", &app.base);
    for (endpoint, fields) in FORM_CALLS {
        for i in 0..fields.len() {
            let form: Vec<(&str, &str)> =
                fields.iter().enumerate().map(|(j, (k, v))| (*k, if i == j { text } else { *v })).collect();
            check(format!("{endpoint} {}", fields[i].0), answered(post(endpoint).form(&form).send()).await);
        }
    }
    let plan_fields = ["name", "description", "price", "currency", "billing_cycle", "messages_limit", "whatsapp_limit"];
    for field in plan_fields {
        let mut plan = serde_json::json!({ "name": "P", "description": "", "price": "49", "currency": "USD",
            "billing_cycle": "monthly", "messages_limit": "1", "whatsapp_limit": "1", "team_members_limit": "1" });
        plan[field] = text.into();
        let body = serde_json::json!({ "id": null, "input": plan });
        check(format!("plans/save {field}"), answered(post("plans/save").json(&body).send()).await);
    }
    let reseller_fields = [
        "partner_type",
        "name",
        "email",
        "phone_country",
        "phone",
        "website",
        "password",
        "confirm_password",
        "contact_name",
        "contact_email",
        "contact_phone_country",
        "contact_phone",
        "login_domain",
        "plan_id",
        "commission_rate",
    ];
    for field in reseller_fields {
        let mut body = serde_json::to_value(input(1, "fresh@partner.example", "freshpartner")).unwrap();
        body[field] = text.into();
        for (endpoint, wrapped) in [
            ("resellers/create", serde_json::json!({ "input": body })),
            ("resellers/update", serde_json::json!({ "id": 999999, "input": body })),
        ] {
            check(format!("{endpoint} {field}"), answered(post(endpoint).json(&wrapped).send()).await);
        }
    }
    for field in ["event_id", "reseller", "kind", "occurred_at", "customer"] {
        let mut e = event("evt-hostile", "acmemedia", "messages", 1);
        e[field] = text.into();
        let answer = answered(app.post_usage_raw(key, serde_json::json!({ "events": [e] }).to_string())).await;
        check(format!("usage {field}"), answer);
    }
    let path_text = form_encode(text).replace('+', "%20");
    let team = reqwest::Client::new()
        .post(format!("{}/api/v1/resellers/{path_text}/team-members", app.base))
        .bearer_auth(key)
        .json(&serde_json::json!({ "name": "Ana", "email": "ana@acme.example", "role": "agent" }))
        .send();
    check("team-members path".into(), answered(team).await);
    let removal = reqwest::Client::new()
        .delete(format!("{}/api/v1/resellers/acmemedia/team-members/{path_text}", app.base))
        .bearer_auth(key)
        .send();
    check("team-member path".into(), answered(removal).await);
    for field in ["name", "email", "role"] {
        let mut member = serde_json::json!({ "name": "Ben", "email": "ben@acme.example", "role": "agent" });
        member[field] = text.into();
        let sent = reqwest::Client::new()
            .post(format!("{}/api/v1/resellers/acmemedia/team-members", app.base))
            .bearer_auth(key)
            .json(&member)
            .send();
        check(format!("team member {field}"), answered(sent).await);
        // The portal's Team form, the same field.
        let (portal_client, portal_site) = signed_in;
        let form = [
            ("name", if field == "name" { text } else { "Cleo" }),
            ("email", if field == "email" { text } else { "cleo@acme.example" }),
            ("role", if field == "role" { text } else { "agent" }),
        ];
        let sent =
            portal_client.post(format!("{portal_site}/team")).header("origin", portal_site.as_str()).form(&form).send();
        check(format!("portal POST /team {field}"), answered(sent).await);
    }
    for page in PAGES {
        let path = page.replace("{}", &form_encode(text));
        let get = app.http.get(format!("{}{path}", app.base)).header("accept", "text/html").send();
        check(format!("GET {page}"), answered(get).await);
    }
    let (portal, base) = app.portal_client("acmemedia");
    for (i, name) in ["email", "password"].iter().enumerate() {
        let form =
            [("email", if i == 0 { text } else { "a@acme.example" }), ("password", if i == 1 { text } else { "pw" })];
        check(
            format!("portal sign-in {name}"),
            answered(portal.post(format!("{base}/signin")).form(&form).send()).await,
        );
    }
    // The signed-in portal's customer forms and pages.
    let (customers, site) = signed_in;
    for field in ["name", "email", "plan"] {
        let form = [
            ("name", if field == "name" { text } else { "Shop" }),
            ("email", if field == "email" { text } else { "s@shop.example" }),
            ("plan", if field == "plan" { text } else { "" }),
        ];
        for path in ["/customers", "/customers/999999"] {
            let sent = customers.post(format!("{site}{path}")).header("origin", site.as_str()).form(&form).send();
            check(format!("portal POST {path} {field}"), answered(sent).await);
        }
    }
    let status = customers
        .post(format!("{site}/customers/1/status"))
        .header("origin", site.as_str())
        .form(&[("status", text)])
        .send();
    check("portal customer status".into(), answered(status).await);
    for page in [
        "/customers?q={}",
        "/customers?page={}",
        "/customers/{}/edit",
        "/customers/{}/delete",
        "/earnings?month={}",
        "/earnings/statement.csv?month={}",
        "/team/{}/remove",
    ] {
        let path = page.replace("{}", &form_encode(text));
        check(format!("portal GET {page}"), answered(customers.get(format!("{site}{path}")).send()).await);
    }
    // An own-plans reseller's plan form, every field in turn.
    let (planner, plan_site) = own_plans;
    let fields = [
        "name",
        "description",
        "price",
        "currency",
        "billing_cycle",
        "messages_limit",
        "whatsapp_limit",
        "team_members_limit",
    ];
    for field in fields {
        let fine = |f: &str| match f {
            "name" => "Starter",
            "price" => "19",
            "currency" => "EUR",
            "billing_cycle" => "monthly",
            "description" => "",
            _ => "10",
        };
        let form: Vec<(&str, &str)> = fields.iter().map(|f| (*f, if *f == field { text } else { fine(f) })).collect();
        for path in ["/plans", "/plans/999999"] {
            let sent =
                planner.post(format!("{plan_site}{path}")).header("origin", plan_site.as_str()).form(&form).send();
            check(format!("portal POST {path} {field}"), answered(sent).await);
        }
    }
    let status = planner
        .post(format!("{plan_site}/plans/1/status"))
        .header("origin", plan_site.as_str())
        .form(&[("status", text)]);
    check("portal plan status".into(), answered(status.send()).await);
    let path = format!("/plans/{}/edit", form_encode(text));
    check("portal GET /plans/{}/edit".into(), answered(planner.get(format!("{plan_site}{path}")).send()).await);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("with {:?}:\n  {}", text.chars().take(80).collect::<String>(), problems.join("\n  ")))
    }
}

/// A client signed in at Acme's portal, and the host's base URL.
type Portal = (reqwest::Client, String);

async fn portal_signed_in(app: &TestApp, domain: &str, email: &str) -> Portal {
    let hash = app::ssr::auth::hash_password("acme portal password 7".into()).await.unwrap();
    sqlx::query("UPDATE resellers SET password_hash = $1 WHERE login_domain = $2")
        .bind(hash)
        .bind(domain)
        .execute(app.db.pool())
        .await
        .unwrap();
    let (client, base) = app.portal_client(domain);
    let form = [("email", email), ("password", "acme portal password 7")];
    let res = client.post(format!("{base}/signin")).header("origin", base.as_str()).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 303, "signed in at the portal");
    (client, base)
}

/// How many generated texts each run tries (PROPTEST_CASES overrides).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_generated_text_in_any_field_gets_a_5xx() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Acme", "a@acme.example", "acmemedia", 1)]).await;
    add_plan(&app, app.agency_id, "Basic", "active").await;
    let key = app.api_key("Hostile").await;
    let mut nova = reseller("Nova", "n@nova.example", "novaplans", 2);
    (nova.partner_type, nova.commission_rate_bp) = (app::domain::PartnerType::OwnPlans, None);
    app.add(vec![nova]).await;
    let signed_in = portal_signed_in(&app, "acmemedia", "a@acme.example").await;
    let own_plans = portal_signed_in(&app, "novaplans", "n@nova.example").await;
    let runtime = tokio::runtime::Handle::current();
    tokio::task::block_in_place(|| {
        let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
        runner
            .run(&hostile_text(), |text| {
                runtime
                    .block_on(send_everywhere(&app, &key, &signed_in, &own_plans, &text))
                    .map_err(TestCaseError::fail)
            })
            .unwrap();
    });
    // Still healthy, and the reseller that was there is there as it was.
    assert_eq!(app.get("/readyz").await.status(), 200);
    let name: String = sqlx::query_scalar("SELECT name FROM resellers WHERE login_domain = 'acmemedia'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(name, "Acme");
}
