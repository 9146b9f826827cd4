//! The commission ledger and own plans (#17): a commission reseller's customer on an
//! agency plan is sold every cycle; its commission goes pending → approved → paid (or
//! reversed), every refused move changing nothing; renewals are idempotent on a fixed
//! clock and under concurrent runs; money sums are exact; each side sees only its own.

use crate::helpers::{add_plan, client, portal, portal_get as get, portal_post as post, TestApp};
use app::domain::{Ledger, SaleStatus};
use app::ssr::ledger::run_due;

/// 2026-01-31 12:00:00 UTC.
const JAN_31: i64 = 1_769_860_800;
const DAY: i64 = 86_400;

async fn ledger(app: &TestApp, http: &reqwest::Client, reseller: i64) -> Ledger {
    let res = app
        .call_with(http, "commissions/ledger", &[("reseller", &reseller.to_string()), ("month", ""), ("status", "")])
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn sales(app: &TestApp, reseller: i64) -> Vec<(i64, i64, String, i64, i64, String)> {
    sqlx::query_as(
        "SELECT id, cycle_start, status, rate_bp, commission_minor, currency FROM sales WHERE reseller_id = $1 \
         ORDER BY cycle_start, id",
    )
    .bind(reseller)
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

async fn customer_id(app: &TestApp, reseller: i64, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM customers WHERE reseller_id = $1 AND email = $2")
        .bind(reseller)
        .bind(email)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

async fn payout(app: &TestApp, reseller: i64, ids: &str, amount: i64, reference: &str) -> reqwest::Response {
    app.call(
        "commissions/payout",
        &[
            ("reseller", &reseller.to_string()),
            ("currency", "USD"),
            ("sale_ids", ids),
            ("amount_minor", &amount.to_string()),
            ("paid_on", &today()),
            ("reference", reference),
        ],
    )
    .await
}

async fn kind_count(app: &TestApp, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM activity WHERE kind = $1")
        .bind(kind)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_sale_goes_from_pending_to_paid_and_refused_moves_change_nothing() {
    let app = TestApp::spawn().await;
    let plan = add_plan(&app, app.agency_id, "Growth", "active").await; // $49.00 monthly
    let (reseller, http, base) = portal(&app, "Harbor Labs", "harborlabs").await; // 15 %
    let (status, to) = post(
        &http,
        &base,
        "/customers",
        &[("name", "Bistro Lumen"), ("email", "hi@lumen.example"), ("plan", &plan.to_string())],
    )
    .await;
    assert_eq!((status, to.as_str()), (303, "/customers?done=added"));
    let sold = sales(&app, reseller).await;
    assert_eq!(sold.len(), 1, "putting a customer on a plan sells its first cycle at once");
    let (sale, _, status, rate, commission, currency) = sold[0].clone();
    assert_eq!((status.as_str(), rate, commission, currency.as_str()), ("pending", 1500, 735, "USD"));

    let l = ledger(&app, &app.http, 0).await;
    assert_eq!((l.totals.len(), l.totals[0].pending_minor, l.totals[0].sales_minor), (1, 735, 4900));
    assert_eq!(l.entries[0].customer_name, "Bistro Lumen");
    assert_eq!(l.refund_window_days, 14);

    // Paying a pending commission is refused, and so is a payout with nothing approved.
    let res = payout(&app, reseller, &sale.to_string(), 735, "").await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("approve it before paying"));
    assert_eq!(payout(&app, reseller, "", 735, "").await.status(), 409);
    assert_eq!(sales(&app, reseller).await[0].2, "pending");

    assert_eq!(app.call("commissions/approve", &[("id", &sale.to_string())]).await.status(), 200);
    assert_eq!(app.call("commissions/approve", &[("id", &sale.to_string())]).await.status(), 409, "once");
    // A payout whose total is not what is approved pays nothing.
    let res = payout(&app, reseller, "", 700, "TR-1").await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("$7.35"));
    // A payout dated tomorrow, or with a two-line reference, is refused on its field.
    let tomorrow = (time::OffsetDateTime::now_utc().date() + time::Duration::days(2)).to_string();
    let res = app
        .call(
            "commissions/payout",
            &[
                ("reseller", &reseller.to_string()),
                ("currency", "USD"),
                ("sale_ids", ""),
                ("amount_minor", "735"),
                ("paid_on", &tomorrow),
                ("reference", "a\nb"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("paid_on") && body.contains("reference"), "{body}");
    assert_eq!(sales(&app, reseller).await[0].2, "approved");

    assert_eq!(payout(&app, reseller, "", 735, "TR-881").await.status(), 200);
    assert_eq!(sales(&app, reseller).await[0].2, "paid");
    // A paid commission cannot be reversed, nor paid twice.
    let res = app.call("commissions/reverse", &[("id", &sale.to_string())]).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("cannot be reversed"));
    assert_eq!(payout(&app, reseller, &sale.to_string(), 735, "again").await.status(), 409);
    assert_eq!(sales(&app, reseller).await[0].2, "paid");

    let l = ledger(&app, &app.http, reseller).await;
    let t = &l.totals[0];
    assert_eq!((t.pending_minor, t.approved_minor, t.paid_minor), (0, 0, 735));
    assert_eq!((l.payouts.len(), l.payouts[0].amount_minor, l.payouts[0].entries), (1, 735, 1));
    assert_eq!(l.entries[0].payout_reference.as_deref(), Some("TR-881"));
    let overview: app::domain::Overview = app.call("resellers/overview", &[]).await.json().await.unwrap();
    assert!(overview.commission_owed.is_empty(), "nothing owed once paid");

    // The reseller sees it paid in its portal, and both statements agree with the database.
    let (status, page) = get(&http, &base, "/earnings").await;
    assert_eq!(status, 200);
    assert!(page.contains("Paid · TR-881") && page.contains("$7.35") && page.contains("$49.00"), "{page}");
    let month = app::domain::month_key(sold[0].1);
    let (status, portal_csv) = get(&http, &base, &format!("/earnings/statement.csv?month={month}")).await;
    assert_eq!(status, 200);
    let res = app.get(&format!("/partners/commissions/statement.csv?reseller={reseller}&month={month}")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let agency_csv = res.text().await.unwrap();
    assert_eq!(agency_csv, portal_csv, "one statement, the same on both sides");
    assert!(agency_csv.contains("Bistro Lumen,Growth,USD,49.00,15.00,7.35,Paid,TR-881"), "{agency_csv}");
    assert!(agency_csv.contains("Total paid,,USD,,,7.35,paid"), "{agency_csv}");
    // Every move is in the activity log.
    for kind in ["sale_made", "commission_approved", "payout_recorded"] {
        assert_eq!(kind_count(&app, kind).await, 1, "{kind}");
    }
}

#[tokio::test]
async fn renewals_sell_each_cycle_once_on_a_fixed_clock_even_when_run_twice_at_once() {
    let app = TestApp::spawn().await;
    let plan = add_plan(&app, app.agency_id, "Growth", "active").await;
    let (reseller, _, _) = portal(&app, "Harbor Labs", "harborlabs").await;
    sqlx::query(
        "INSERT INTO customers (agency_id, reseller_id, name, email, status, created_at, updated_at, plan_id, \
         billing_anchor, renews_at) VALUES ($1, $2, 'Lumen', 'l@x.io', 'active', $3, $3, $4, $3, $3)",
    )
    .bind(app.agency_id)
    .bind(reseller)
    .bind(JAN_31)
    .bind(plan)
    .execute(app.db.pool())
    .await
    .unwrap();
    let now = JAN_31 + 95 * DAY; // 2026-05-06
    let other = app.another_server().await;
    let (a, b) = tokio::join!(run_due(&app.db, now), run_due(&other.db, now));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sales + b.sales, 4, "Jan 31, Feb 28, Mar 31, Apr 30: each once");
    let sold = sales(&app, reseller).await;
    let days: Vec<String> =
        sold.iter().map(|s| time::OffsetDateTime::from_unix_timestamp(s.1).unwrap().date().to_string()).collect();
    assert_eq!(days, ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
    // The refund window (14 days) is over for the first three.
    let states: Vec<&str> = sold.iter().map(|s| s.2.as_str()).collect();
    assert_eq!(states, ["approved", "approved", "approved", "pending"]);
    // Again, later the same day: nothing new.
    let again = run_due(&app.db, now + 3600).await.unwrap();
    assert_eq!((again.sales, again.approved), (0, 0));
    assert_eq!(sales(&app, reseller).await.len(), 4);
    assert_eq!(kind_count(&app, "sale_made").await, 4);

    // The rate of the day of the sale stays with the sale.
    sqlx::query("UPDATE resellers SET commission_rate_bp = 2000 WHERE id = $1")
        .bind(reseller)
        .execute(app.db.pool())
        .await
        .unwrap();
    run_due(&app.db, JAN_31 + 121 * DAY).await.unwrap(); // 2026-06-01: May 31 sold
    let sold = sales(&app, reseller).await;
    let rates: Vec<(i64, i64)> = sold.iter().map(|s| (s.3, s.4)).collect();
    assert_eq!(rates, [(1500, 735), (1500, 735), (1500, 735), (1500, 735), (2000, 980)]);
    // Money sums are exact, in minor units.
    let l = ledger(&app, &app.http, reseller).await;
    let t = &l.totals[0];
    assert_eq!((t.sales_minor, t.approved_minor + t.pending_minor), (5 * 4900, 4 * 735 + 980));
}

#[tokio::test]
async fn cancelling_within_the_window_reverses_and_suspended_months_are_not_sold() {
    let app = TestApp::spawn().await;
    let plan = add_plan(&app, app.agency_id, "Growth", "active").await.to_string();
    let (reseller, http, base) = portal(&app, "Harbor Labs", "harborlabs").await;
    post(&http, &base, "/customers", &[("name", "A"), ("email", "a@x.io"), ("plan", &plan)]).await;
    post(&http, &base, "/customers", &[("name", "B"), ("email", "b@x.io"), ("plan", &plan)]).await;
    let (a, b) = (customer_id(&app, reseller, "a@x.io").await, customer_id(&app, reseller, "b@x.io").await);
    assert_eq!(post(&http, &base, &format!("/customers/{a}/status"), &[("status", "suspended")]).await.0, 303);
    assert_eq!(post(&http, &base, &format!("/customers/{b}/delete"), &[]).await.0, 303);
    let states: Vec<String> = sales(&app, reseller).await.into_iter().map(|s| s.2).collect();
    assert_eq!(states, ["reversed", "reversed"]);
    assert_eq!(kind_count(&app, "commission_reversed").await, 2);
    // A suspended customer is not renewed.
    let ran = run_due(&app.db, app::ssr::now() + 40 * DAY).await.unwrap();
    assert_eq!(ran.sales, 0);
    // A reversed commission cannot be approved.
    let id = sales(&app, reseller).await[0].0;
    assert_eq!(app.call("commissions/approve", &[("id", &id.to_string())]).await.status(), 409);
    // Reactivated, the customer starts a new cycle today.
    assert_eq!(post(&http, &base, &format!("/customers/{a}/status"), &[("status", "active")]).await.0, 303);
    let states: Vec<String> = sales(&app, reseller).await.into_iter().map(|s| s.2).collect();
    assert_eq!(states.iter().filter(|s| *s == "pending").count(), 1);
}

#[tokio::test]
async fn many_identical_moves_at_once_happen_once() {
    let app = TestApp::spawn().await;
    let plan = add_plan(&app, app.agency_id, "Growth", "active").await.to_string();
    let (reseller, http, base) = portal(&app, "Harbor Labs", "harborlabs").await;
    for i in 0..3 {
        post(&http, &base, "/customers", &[("name", "C"), ("email", &format!("c{i}@x.io")), ("plan", &plan)]).await;
    }
    let ids: Vec<i64> = sales(&app, reseller).await.into_iter().map(|s| s.0).collect();
    let first = ids[0].to_string();
    let form = [("id", first.as_str())];
    let approvals = (0..20).map(|_| app.call("commissions/approve", &form));
    let statuses: Vec<u16> =
        futures_util::future::join_all(approvals).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "{statuses:?}");
    assert_eq!(kind_count(&app, "commission_approved").await, 1);
    for id in &ids[1..] {
        app.call("commissions/approve", &[("id", &id.to_string())]).await;
    }
    let payouts = (0..10).map(|_| payout(&app, reseller, "", 3 * 735, "TR"));
    let statuses: Vec<u16> =
        futures_util::future::join_all(payouts).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    let paid: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payouts").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(paid, 1);
    assert!(sales(&app, reseller).await.iter().all(|s| s.2 == SaleStatus::Paid.label().to_lowercase()));
}

#[tokio::test]
async fn each_side_sees_only_its_own() {
    let app = TestApp::spawn().await;
    let plan = add_plan(&app, app.agency_id, "Growth", "active").await.to_string();
    let (reseller, http, base) = portal(&app, "Harbor Labs", "harborlabs").await;
    post(&http, &base, "/customers", &[("name", "A"), ("email", "a@x.io"), ("plan", &plan)]).await;
    let sale = sales(&app, reseller).await[0].0.to_string();
    let (_, other_http, other_base) = portal(&app, "Nova", "nova").await;
    let (_, page) = get(&other_http, &other_base, "/earnings").await;
    assert!(page.contains("No sales yet") && !page.contains("$7.35"), "another reseller's earnings are its own");

    // Another agency: its ledger is empty, our sale and statement are "not found".
    let agency_b = app::ssr::db::create_agency(&app.db, "Agency B").await.unwrap();
    app::ssr::auth::create_admin(&app.db, agency_b, "b@agency-b.example", "agency b password").await.unwrap();
    let b = client();
    assert_eq!(app.sign_in(&b, "b@agency-b.example", "agency b password").await.status(), 200);
    assert!(ledger(&app, &b, 0).await.totals.is_empty());
    assert!(ledger(&app, &b, reseller).await.entries.is_empty());
    assert_eq!(app.call_with(&b, "commissions/approve", &[("id", &sale)]).await.status(), 404);
    assert_eq!(app.call_with(&b, "commissions/reverse", &[("id", &sale)]).await.status(), 404);
    let pay = [
        ("reseller", reseller.to_string()),
        ("currency", "USD".into()),
        ("sale_ids", String::new()),
        ("amount_minor", "735".into()),
        ("paid_on", today()),
        ("reference", String::new()),
    ];
    let pay: Vec<(&str, &str)> = pay.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call_with(&b, "commissions/payout", &pay).await.status(), 404);
    let month = app::domain::month_key(app::ssr::now());
    let path = format!("/partners/commissions/statement.csv?reseller={reseller}&month={month}");
    assert_eq!(app.get_with(&b, &path).await.status(), 404);
    assert_eq!(sales(&app, reseller).await[0].2, "pending", "nothing B did changed it");
    // A commission reseller has no Plans page; a month that is not one is no statement.
    assert_eq!(get(&http, &base, "/plans").await.0, 404);
    assert_eq!(get(&http, &base, "/earnings/statement.csv?month=2026-13").await.0, 404);
    // Signed out, the statement is not given: the browser is sent to sign in.
    let res = app.get_with(&client(), &path).await;
    assert_eq!(res.status(), 303);
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/signin"));
}

#[tokio::test]
async fn an_own_plans_reseller_sells_its_own_plans_within_its_capacity() {
    let app = TestApp::spawn().await;
    let agency_plan = add_plan(&app, app.agency_id, "Reseller L", "active").await; // 1,000 messages
    let (reseller, http, base) = portal(&app, "Nova", "nova").await;
    sqlx::query(
        "UPDATE resellers SET partner_type = 'own_plans', commission_rate_bp = NULL, plan_id = $1 WHERE id = $2",
    )
    .bind(agency_plan)
    .bind(reseller)
    .execute(app.db.pool())
    .await
    .unwrap();
    let form = |name: &'static str, price: &'static str, messages: &'static str| {
        [
            ("name", name),
            ("description", ""),
            ("price", price),
            ("currency", "EUR"),
            ("billing_cycle", "monthly"),
            ("messages_limit", messages),
            ("whatsapp_limit", "10"),
            ("team_members_limit", "1"),
        ]
    };
    assert_eq!(post(&http, &base, "/plans", &form("Starter", "19", "600")).await, (303, "/plans?done=added".into()));
    let (status, page) = post(&http, &base, "/plans", &form("Starter", "x", "-1")).await;
    assert_eq!(status, 422);
    assert!(page.contains("Enter a price") && page.contains("Enter a whole number"), "{page}");
    let starter: i64 = sqlx::query_scalar("SELECT id FROM reseller_plans WHERE reseller_id = $1")
        .bind(reseller)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let s = starter.to_string();
    post(&http, &base, "/customers", &[("name", "A"), ("email", "a@x.io"), ("plan", &s)]).await;
    let (_, list) = get(&http, &base, "/customers").await;
    assert!(list.contains("Starter") && !list.contains("allocate more"), "600 of 1,000 messages: within");
    let (_, add_form) = get(&http, &base, "/customers/new").await;
    assert!(
        add_form.contains("Starter · €19.00 per month — more messages than your capacity"),
        "warned before adding: {add_form}"
    );
    post(&http, &base, "/customers", &[("name", "B"), ("email", "b@x.io"), ("plan", &s)]).await;
    let (_, list) = get(&http, &base, "/customers").await;
    assert!(list.contains("allocate more messages"), "1,200 of 1,000 messages: warned");
    let (_, plans) = get(&http, &base, "/plans").await;
    assert!(plans.contains("1,200") && plans.contains("allocate more messages"), "{plans}");
    // No sales for own plans; the agency plan is not offered to an own-plans reseller's customers.
    assert!(sales(&app, reseller).await.is_empty());
    // Archived, a plan is not offered to new customers; its customers keep it.
    assert_eq!(post(&http, &base, &format!("/plans/{starter}/status"), &[("status", "archived")]).await.0, 303);
    let (status, page) = post(&http, &base, "/customers", &[("name", "D"), ("email", "d@x.io"), ("plan", &s)]).await;
    assert!(status == 422 && page.contains("Select one of the plans offered"));
    let a = customer_id(&app, reseller, "a@x.io").await;
    let (status, _) =
        post(&http, &base, &format!("/customers/{a}"), &[("name", "A2"), ("email", "a@x.io"), ("plan", &s)]).await;
    assert_eq!(status, 303, "a customer keeps its archived plan");
    // Another reseller cannot see or change this reseller's plan.
    let (_, other_http, other_base) = portal(&app, "Other", "other").await;
    sqlx::query("UPDATE resellers SET partner_type = 'own_plans' WHERE login_domain = 'other'")
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(get(&other_http, &other_base, &format!("/plans/{starter}/edit")).await.0, 404);
    post(&other_http, &other_base, "/plans", &form("Theirs", "5", "5")).await;
    let theirs: i64 = sqlx::query_scalar("SELECT id FROM reseller_plans WHERE name = 'Theirs'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let (status, _) =
        post(&http, &base, "/customers", &[("name", "C"), ("email", "c@x.io"), ("plan", &theirs.to_string())]).await;
    assert_eq!(status, 422, "another reseller's plan is not offered");
    assert_eq!(post(&other_http, &other_base, &format!("/plans/{starter}"), &form("Mine", "1", "1")).await.0, 404);
    // The agency reads them in the activity log; no earnings page for own plans.
    assert_eq!(get(&http, &base, "/earnings").await.0, 404);
    assert_eq!(kind_count(&app, "own_plan_added").await, 2);
    assert_eq!(kind_count(&app, "own_plan_archived").await, 1);
    let (status, log) = get(&http, &base, "/activity").await;
    assert!(status == 200 && log.contains("Plan archived") && log.contains("You"), "{log}");
}
