//! The CSV export: the list's filters and sort, correct quoting, formula cells defused.

use crate::helpers::{reseller, TestApp};
use app::domain::ResellerStatus;

#[tokio::test]
async fn the_export_follows_the_list_and_is_safe_to_open() {
    let app = TestApp::spawn().await;
    let mut evil = reseller("=HYPERLINK(\"http://x\")", "evil@x.io", "evilco", 3);
    evil.contact_name = "@SUM(A1)".into();
    let mut quoted = reseller("Acme, \"The\" Agency", "acme@acme.io", "acmeco", 2);
    quoted.status = ResellerStatus::Inactive;
    app.add(vec![reseller("Blue Peak", "b@peak.io", "bluepeak", 1), quoted, evil]).await;
    app.add_usage("bluepeak", 0, 120, 7).await;

    let res = app.get("/partners/resellers/export.csv?sort=name&dir=asc").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"resellers-"));
    let text = res.text().await.unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a UTF-8 byte-order mark first");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[1], "Name");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(names, ["'=HYPERLINK(\"http://x\")", "Acme, \"The\" Agency", "Blue Peak"]);
    assert_eq!(&rows[0][9], "'@SUM(A1)", "every cell is defused, not only names");
    assert_eq!(&rows[0][3], "'+14155550100", "a phone's + is defused too");
    let blue = &rows[2];
    assert_eq!((&blue[12], &blue[14], &blue[15]), ("active", "120", "7"));

    // Filters apply; the page number does not (the export holds every match).
    let text = app.get("/partners/resellers/export.csv?status=inactive&page=9").await.text().await.unwrap();
    assert_eq!(text.lines().count(), 2, "header + the one inactive reseller: {text}");
    let text = app.get("/partners/resellers/export.csv?q=peak").await.text().await.unwrap();
    assert!(text.contains("Blue Peak") && !text.contains("Acme"));
}

#[tokio::test]
async fn the_export_needs_a_signed_in_admin_and_shows_only_their_agency() {
    let app = TestApp::spawn().await;
    app.add(vec![reseller("Mine Co", "m@mine.io", "mineco", 1)]).await;
    let res = crate::helpers::client().get(format!("{}/partners/resellers/export.csv", app.base)).send().await.unwrap();
    assert!(res.status().is_redirection());
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/signin?next="));
    let other_agency = app::ssr::db::create_agency(&app.db, "Other").await.unwrap();
    app::ssr::auth::create_admin(&app.db, other_agency, "other@other.example", "another long password").await.unwrap();
    let other = crate::helpers::client();
    app.sign_in(&other, "other@other.example", "another long password").await;
    let text = app.get_with(&other, "/partners/resellers/export.csv").await.text().await.unwrap();
    assert_eq!(text.lines().count(), 1, "only the header: {text}");
}

#[tokio::test]
async fn a_compressed_export_arrives_whole() {
    let app = TestApp::spawn().await;
    app.add(crate::helpers::numbered(300)).await;
    let res = app
        .http
        .get(format!("{}/partners/resellers/export.csv", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let body = res.bytes().await.expect("the stream ends cleanly, not with a reset");
    // gzip ends with the uncompressed length (mod 2^32): header + 300 rows of some bytes.
    let len = u32::from_le_bytes(body[body.len() - 4..].try_into().unwrap());
    assert!(len > 300 * 50, "the whole export was compressed: {len} bytes");
}
