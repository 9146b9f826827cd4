//! The Activity tab: the agency's log, newest first, by reseller and kind, paginated.

use crate::helpers::{reseller, TestApp};
use app::domain::{ActivityKind, ActivityPage};

async fn activity(app: &TestApp, form: &[(&str, &str)]) -> ActivityPage {
    let res = app.call("activity/list", form).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn the_log_filters_by_reseller_and_kind_and_pages() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("A Co", "a@a.io", "aco", 1), reseller("B Co", "b@b.io", "bco", 2)]).await;
    let (a, b) = (app.id_of("aco").await.to_string(), app.id_of("bco").await.to_string());
    for _ in 0..20 {
        for (id, active) in [(&a, "false"), (&a, "true")] {
            app.call("resellers/set_status", &[("id", id), ("active", active)]).await;
        }
    }
    app.call("resellers/set_status", &[("id", &b), ("active", "false")]).await;
    app.call("resellers/delete", &[("id", &b)]).await;

    let all = activity(&app, &[]).await;
    assert_eq!(all.total, 42);
    assert_eq!(all.entries.len(), 30);
    assert_eq!(all.entries[0].kind, ActivityKind::Deleted, "newest first");
    assert_eq!(all.entries[0].actor, crate::helpers::ADMIN_EMAIL);
    let second = activity(&app, &[("page", "2")]).await;
    assert_eq!(second.entries.len(), 12);

    let only_b = activity(&app, &[("reseller", &b)]).await;
    assert_eq!(only_b.total, 2);
    assert_eq!(only_b.reseller_name.as_deref(), Some("B Co"), "the deleted reseller's name is kept");
    let deactivations = activity(&app, &[("kind", "deactivated")]).await;
    assert_eq!(deactivations.total, 21);
    let a_on = activity(&app, &[("reseller", &a), ("kind", "activated")]).await;
    assert_eq!(a_on.total, 20);
    let odd = activity(&app, &[("kind", "nonsense"), ("reseller", "x")]).await;
    assert_eq!(odd.total, 42, "odd filters mean all");
    let timeline = activity(&app, &[("reseller", &a), ("limit", "8")]).await;
    assert_eq!(timeline.entries.len(), 8);

    // Another agency sees none of it.
    let other_agency = app::ssr::db::create_agency(&app.db, "Other").await.unwrap();
    app::ssr::auth::create_admin(&app.db, other_agency, "other@other.example", "another long password").await.unwrap();
    let other = crate::helpers::client();
    app.sign_in(&other, "other@other.example", "another long password").await;
    let theirs: ActivityPage = app.call_with(&other, "activity/list", &[("reseller", &a)]).await.json().await.unwrap();
    assert_eq!(theirs.total, 0);
}
