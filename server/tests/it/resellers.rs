//! The reseller list, search, overview and details, signed in as an agency admin.

use crate::helpers::{numbered, reseller, TestApp};
use app::domain::{Overview, ResellerDetails, ResellerPage, ResellerStatus, PAGE_SIZE};
use app::error::AppError;

#[tokio::test]
async fn lists_newest_first_in_pages_of_25() {
    let app = TestApp::spawn().await;
    app.add(numbered(60)).await;

    let first = app.list("", "1").await;
    assert_eq!(first.total, 60);
    assert_eq!(first.rows.len(), PAGE_SIZE as usize);
    assert_eq!(first.rows[0].name, "Reseller 059");
    assert_eq!(first.page_count(), Some(3));

    let last = app.list("", "3").await;
    assert_eq!(last.rows.len(), 10);
    assert_eq!(last.rows.last().unwrap().name, "Reseller 000");

    let beyond = app.list("", "9").await;
    assert!(beyond.rows.is_empty());
    assert_eq!(beyond.total, 60);
}

#[tokio::test]
async fn searches_name_or_email_by_substring_ignoring_case() {
    let app = TestApp::spawn().await;
    app.add(vec![
        reseller("Acme Media", "hello@acme.io", "acmemedia", 1),
        reseller("Blue Peak", "ops@bluepeak.com", "bluepeak", 2),
        reseller("Ärzte Digital", "team@aerzte.de", "aerzte", 3),
        reseller("100% Growth", "sales@growth.com", "growth", 4),
        reseller("Crescent Labs", "ACME-partner@crescent.com", "crescent", 5),
    ])
    .await;
    let names = |p: ResellerPage| p.rows.into_iter().map(|r| r.name).collect::<Vec<_>>();

    assert_eq!(names(app.list("ACME", "1").await), ["Crescent Labs", "Acme Media"]);
    assert_eq!(names(app.list("peak.c", "1").await), ["Blue Peak"]);
    assert_eq!(names(app.list("ärzte", "1").await), ["Ärzte Digital"]);
    assert_eq!(names(app.list("0%", "1").await), ["100% Growth"]);
    assert!(names(app.list("_", "1").await).is_empty(), "_ is not a wildcard");
    assert!(names(app.list("nobody", "1").await).is_empty());
    assert_eq!(app.list("  ", "1").await.total, 5, "blank search shows everything");
}

#[tokio::test]
async fn every_short_text_finds_exactly_the_keys_that_contain_it() {
    // Names over a tiny alphabet, so that texts share trigrams with keys that do not hold
    // them side by side ("abcxdef" for "abcdef"): every text of 1 to 5 letters over it
    // must find exactly the resellers whose name or e-mail contains it.
    let app = TestApp::spawn().await;
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let rows: Vec<_> = (0..60)
        .map(|i| {
            let len = 4 + next(11);
            let name: String = (0..len).map(|_| ['a', 'b', 'c', 'x'][next(4) as usize]).collect();
            reseller(&name, &format!("r{i}@zz.io"), &format!("r{i}zz"), i64::from(i))
        })
        .collect();
    let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    app.add(rows).await;
    let mut texts = vec![String::new()];
    let mut all = Vec::new();
    for _ in 0..5 {
        texts = texts.iter().flat_map(|t| ['a', 'b', 'c'].map(|c| format!("{t}{c}"))).collect();
        all.extend(texts.clone());
    }
    for text in all {
        let mut expected: Vec<String> = names.iter().filter(|n| n.contains(&text)).cloned().collect();
        let page = app.list(&text.to_uppercase(), "1").await;
        assert_eq!(page.total, expected.len() as i64, "{text}");
        if expected.len() <= PAGE_SIZE as usize {
            let mut found: Vec<String> = page.rows.into_iter().map(|r| r.name).collect();
            found.sort();
            expected.sort();
            assert_eq!(found, expected, "{text}");
        }
    }
}

#[tokio::test]
async fn overview_sums_the_agencys_resellers() {
    let app = TestApp::spawn().await;
    let mut inactive = reseller("Sleepy Co", "z@sleepy.com", "sleepy", 9);
    inactive.status = ResellerStatus::Inactive;
    app.add(vec![reseller("A Co", "a@a.com", "aco", 1), reseller("B Co", "b@b.com", "bco", 2), inactive]).await;
    app.add_usage("aco", 0, 100, 10).await;
    app.add_usage("bco", 0, 100, 20).await;
    app.add_usage("sleepy", 0, 5, 0).await;
    app.add_usage("aco", 1, 999, 999).await; // last month: not in this month's cards

    let res = app.call("resellers/overview", &[]).await;
    assert_eq!(res.status(), 200);
    let o: Overview = res.json().await.unwrap();
    assert_eq!(
        o,
        Overview {
            active_resellers: 2,
            total_resellers: 3,
            month: app::ssr::clock::current_month(),
            messages_consumed: 205,
            whatsapp_consumed: 30,
            team_members_consumed: 6,
            commission_owed: vec![],
        }
    );
}

#[tokio::test]
async fn another_agencys_reseller_is_not_found() {
    let app = TestApp::spawn().await;
    let other: i64 = sqlx::query_scalar("INSERT INTO agencies (name, created_at) VALUES ('Other', 0) RETURNING id")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    app.add_to(other, &[reseller("Hidden", "h@other.com", "hidden", 1)]).await;
    app.add(vec![reseller("Mine", "m@mine.com", "mine", 1)]).await;
    let hidden_id: i64 = sqlx::query_scalar("SELECT id FROM resellers WHERE login_domain = 'hidden'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();

    assert_eq!(app.list("", "1").await.total, 1);
    let res = app.call("resellers/get", &[("id", &hidden_id.to_string())]).await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.json::<AppError>().await.unwrap(), AppError::NotFound);
}

#[tokio::test]
async fn details_carry_no_secret() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Acme Media", "hello@acme.io", "acmemedia", 1)]).await;
    let id = app.list("", "1").await.rows[0].id;

    let res = app.call("resellers/get", &[("id", &id.to_string())]).await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    assert!(!body.contains("argon2"), "the password hash never leaves the server");
    let details: ResellerDetails = serde_json::from_str(&body).unwrap();
    assert_eq!(details.login_url, "http://acmemedia.localhost:3000");
    assert_eq!(details.commission_label().as_deref(), Some("15 %"));
}

#[tokio::test]
async fn odd_list_values_fall_back_as_in_the_url_and_bad_ids_are_a_clear_400() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Acme Media", "hello@acme.io", "acmemedia", 1)]).await;
    // The list takes the URL's parameters, which never fail: odd values mean the defaults.
    for form in [
        vec![("q", "acme"), ("page", "abc")],
        vec![("q", "acme")],
        vec![("q", "acme"), ("page", "-1"), ("sort", "nope")],
    ] {
        let res = app.call("resellers/list", &form).await;
        assert_eq!(res.status(), 200, "{form:?}");
        let page: ResellerPage = res.json().await.unwrap();
        assert_eq!((page.page, page.total), (1, 1), "{form:?}");
    }
    let res = app.call("resellers/get", &[("id", "not-a-number")]).await;
    assert_eq!(res.status(), 400);
    let error: AppError = res.json().await.unwrap();
    assert!(matches!(error, AppError::BadRequest(_)), "{error:?}");
}

#[tokio::test]
async fn pages_render_on_the_server_with_the_url_state() {
    let app = TestApp::spawn().await;
    app.add(numbered(30)).await;
    app.add(vec![reseller("<script>alert(1)</script> Media", "x@xss.com", "xssmedia", 2_000_000_000)]).await;

    let res = app.get("/").await;
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()["location"], "/partners/resellers");

    let html = app.get("/partners/resellers?q=reseller%2002").await.text().await.unwrap();
    assert!(html.contains("Reseller 029") && html.contains("Reseller 020"));
    assert!(!html.contains("Reseller 019"));
    assert!(html.contains(r#"value="reseller 02""#) || html.contains("reseller 02"));

    let html = app.get("/partners/resellers").await.text().await.unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Media"), "names are text, not markup");
    assert!(!html.contains("<script>alert(1)</script>"));
    // Only the navigation to this page says so: sort, pager and row links on the same path
    // are not "the current page" for screen readers.
    let current: Vec<&str> = html
        .match_indices(r#"aria-current="page""#)
        .map(|(i, _)| &html[html[..i].rfind('<').unwrap()..i + html[i..].find('>').unwrap()])
        .collect();
    assert_eq!(current.len(), 2, "{current:?}");
    assert!(current.iter().all(|tag| tag.contains("nav-link") || tag.contains("\"tab\"")), "{current:?}");

    let res = app.get("/partners/resellers/999999").await;
    assert_eq!(res.status(), 404);
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn demo_data_is_realistic_and_valid() {
    let app = TestApp::spawn().await;
    let summary = app::ssr::demo::fill(&app.db, 1_200, 7).await.unwrap();
    assert_eq!(summary.resellers_added, 1_200);
    assert_eq!(summary.agency_id, app.agency_id, "demo data fills the first agency");
    let page = app.list("", "1").await;
    assert_eq!(page.total, 1_200);
    // The page describes each of its rows' plans once, and only those.
    let mut plan_ids: Vec<i64> = page.plans.iter().map(|p| p.id).collect();
    plan_ids.sort_unstable();
    plan_ids.dedup();
    assert_eq!(plan_ids.len(), page.plans.len(), "each plan once");
    assert!(page.plans.len() > 1, "the demo page mixes plans");
    for row in &page.rows {
        let stored: Option<i64> = sqlx::query_scalar("SELECT plan_id FROM resellers WHERE id = $1")
            .bind(row.id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(row.plan_id, stored);
        assert_eq!(page.plan_index(row).map(|i| page.plans[i].id), stored, "{} has its plan described", row.name);
    }
    assert!(page.plans.iter().all(|p| page.rows.iter().any(|r| r.plan_id == Some(p.id))), "no plan without a row");
    // Every stored value obeys the shared rules.
    let rows: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, name, email, login_domain FROM resellers").fetch_all(app.db.pool()).await.unwrap();
    for (id, name, email, domain) in rows.iter().take(200) {
        app::domain::ResellerName::parse("name", name).unwrap();
        app::domain::Email::parse("email", email).unwrap();
        app::domain::LoginDomain::parse(domain).unwrap();
        // The edit form of a demo reseller passes the edit rules as it is.
        let form: app::domain::ResellerInput =
            app.call("resellers/edit_form", &[("id", &id.to_string())]).await.json().await.unwrap();
        let parsed = app::domain::NewReseller::parse_update(&form).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        parsed.phone.e164("phone").unwrap();
        parsed.contact_phone.e164("contact_phone").unwrap();
    }
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT status FROM resellers ORDER BY 1").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(statuses, ["active", "inactive"]);
    // Customers for the first 200: valid by the customers' own rules, both statuses.
    let customers: Vec<(String, String, String)> =
        sqlx::query_as("SELECT name, email, status FROM customers").fetch_all(app.db.pool()).await.unwrap();
    assert!(customers.len() > 400, "{} demo customers", customers.len());
    for (name, email, status) in &customers {
        app::domain::NewCustomer::parse(name, email).unwrap();
        assert!(["active", "suspended"].contains(&status.as_str()));
    }
    assert!(customers.iter().any(|c| c.2 == "suspended"));

    // A year of business: own plans, sales in every state, payouts that add up.
    let own: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reseller_plans").fetch_one(app.db.pool()).await.unwrap();
    assert!(own >= 3, "own-plans resellers have plans");
    let on_own: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers WHERE own_plan_id IS NOT NULL")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(on_own > 0);
    let states: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT status FROM sales ORDER BY 1").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(states, ["approved", "paid", "pending", "reversed"], "every state");
    let sales: Vec<(i64, i64, i64)> = sqlx::query_as("SELECT amount_minor, rate_bp, commission_minor FROM sales")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert!(sales.len() > 100, "{} sales", sales.len());
    assert!(sales.iter().all(|(a, r, c)| app::domain::commission_of(*a, *r) == *c));
    let unequal: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payouts p WHERE p.amount_minor <> \
         (SELECT COALESCE(SUM(s.commission_minor), 0) FROM sales s WHERE s.payout_id = p.id)",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(unequal, 0, "each payout is the sum of the commissions it paid");
    // Team counts are the teams' sizes.
    let off: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM resellers r WHERE r.team_members_consumed <> \
         (SELECT COUNT(*) FROM reseller_members m WHERE m.reseller_id = r.id)",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(off, 0, "every reseller's count is its team");
    let off: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM resellers r WHERE r.customers <> (SELECT COUNT(*) FROM customers c WHERE c.reseller_id = r.id)",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(off, 0, "every reseller's customer count is its customers");
    // Run again, the renewal step finds nothing new to sell.
    let ran = app::ssr::ledger::run_due(&app.db, app::ssr::now()).await.unwrap();
    assert_eq!(ran.sales, 0);
}

#[tokio::test]
async fn filters_and_sorts_by_any_column() {
    use app::domain::PartnerType;
    let app = TestApp::spawn().await;
    let mut b = reseller("bravo Co", "b@x.io", "bravo", 2);
    b.status = ResellerStatus::Inactive;
    let mut c = reseller("Charlie Co", "c@x.io", "charlie", 3);
    c.partner_type = PartnerType::OwnPlans;
    app.add(vec![reseller("Alpha Co", "a@x.io", "alpha", 1), b, c]).await;
    let names = |form: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move {
            let mut form = form;
            form.extend([("q", ""), ("page", "1")]);
            let res = app.call("resellers/list", &form).await;
            assert_eq!(res.status(), 200);
            res.json::<ResellerPage>().await.unwrap().rows.into_iter().map(|r| r.name).collect::<Vec<_>>()
        }
    };
    assert_eq!(names(vec![]).await, ["Charlie Co", "bravo Co", "Alpha Co"], "newest first by default");
    assert_eq!(
        names(vec![("sort", "name"), ("dir", "asc")]).await,
        ["Alpha Co", "bravo Co", "Charlie Co"],
        "case-insensitive"
    );
    assert_eq!(names(vec![("sort", "name"), ("dir", "desc")]).await, ["Charlie Co", "bravo Co", "Alpha Co"]);
    assert_eq!(names(vec![("sort", "status"), ("dir", "desc")]).await[0], "bravo Co");
    assert_eq!(names(vec![("status", "inactive")]).await, ["bravo Co"]);
    assert_eq!(names(vec![("type", "own_plans")]).await, ["Charlie Co"]);
    assert_eq!(names(vec![("type", "commission"), ("status", "active")]).await, ["Alpha Co"]);
    assert!(names(vec![("plan", "424242")]).await.is_empty());
    // Odd values are ignored rather than failing.
    assert_eq!(names(vec![("sort", "password_hash"), ("dir", "sideways"), ("status", "x")]).await.len(), 3);
}

#[tokio::test]
async fn the_search_index_follows_renames_and_deletes() {
    let names = |p: ResellerPage| p.rows.into_iter().map(|r| r.name).collect::<Vec<_>>();
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Old Name Co", "x@old.io", "oldname", 1), reseller("Other Co", "y@other.io", "otherco", 2)])
        .await;
    assert_eq!(names(app.list("old name", "1").await), ["Old Name Co"]);
    sqlx::query("UPDATE resellers SET name = 'Fresh Name Co', search_key = $1 WHERE login_domain = 'oldname'")
        .bind(app::ssr::resellers::search_key("Fresh Name Co", "x@old.io"))
        .execute(app.db.pool())
        .await
        .unwrap();
    assert!(names(app.list("old name", "1").await).is_empty(), "the old name is gone from the index");
    assert_eq!(names(app.list("fresh na", "1").await), ["Fresh Name Co"]);
    let id = app.id_of("oldname").await.to_string();
    assert_eq!(app.call("resellers/delete", &[("id", &id)]).await.status(), 200);
    assert!(names(app.list("fresh na", "1").await).is_empty(), "a deleted reseller is gone from the index");
    assert_eq!(names(app.list("other", "1").await), ["Other Co"]);
}
