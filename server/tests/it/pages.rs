//! Pages at scale: Previous / Next start next to a row (keyset), in every order, ties
//! included; counts beyond a cap say "at least".

use crate::helpers::{numbered, reseller, TestApp};
use app::domain::{ResellerPage, ResellerQuery, SortColumn, Towards, PAGE_SIZE, SEARCH_COUNT_CAP};

/// The page a query asks for, through the server function with the URL's parameters as
/// its form (what the page sends).
async fn fetch(app: &TestApp, query: &ResellerQuery) -> ResellerPage {
    let params = query.params();
    let form: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.call("resellers/list", &form).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Walks every page with Next, then back with Previous: each row once, in order, and the
/// way back shows the same pages.
async fn walk(app: &TestApp, first: ResellerQuery) -> Vec<String> {
    let mut pages = vec![fetch(app, &first).await];
    let mut query = first.clone();
    while pages.last().unwrap().has_next {
        let last = pages.last().unwrap();
        query = query.with_page_next_to(query.page + 1, last.rows.last().unwrap(), Towards::After);
        assert!(query.cursor.is_some() || !query.sort.pages_by_cursor());
        pages.push(fetch(app, &query).await);
    }
    for i in (1..pages.len()).rev() {
        let back = query.with_page_next_to(query.page - 1, &pages[i].rows[0], Towards::Before);
        let back = if back.page == 1 { back.with_page(1) } else { back };
        let page = fetch(app, &back).await;
        assert_eq!(page.rows, pages[i - 1].rows, "Previous from page {} shows page {i} again", i + 1);
        assert!(page.has_next);
        query = back;
    }
    pages.into_iter().flat_map(|p| p.rows).map(|r| format!("{}|{}", r.name, r.id)).collect()
}

#[tokio::test]
async fn next_and_previous_cover_every_row_once_in_every_order() {
    let app = TestApp::spawn().await;
    let mut rows = numbered(70);
    // Ties on the sort column and on the joined date across page boundaries.
    for (i, r) in rows.iter_mut().enumerate().skip(20).take(20) {
        r.name = "Same Name".into();
        r.joined_on = 1_700_000_000 + (i as i64 / 3);
    }
    app.add(rows).await;
    for sort in [SortColumn::Joined, SortColumn::Name, SortColumn::Email, SortColumn::Status, SortColumn::Plan] {
        for flip in [false, true] {
            let mut first = ResellerQuery::new("", "1").with_sort(sort);
            if flip {
                first = first.with_sort(sort);
            }
            let seen = walk(&app, first.clone()).await;
            assert_eq!(seen.len(), 70, "{sort:?} {:?}", first.dir);
            let unique: std::collections::HashSet<_> = seen.iter().collect();
            assert_eq!(unique.len(), 70, "no row twice in {sort:?} {:?}", first.dir);
        }
    }
    // Newest first, the default: the Next pages continue exactly where the numbered pages do.
    let by_number: Vec<String> = {
        let mut all = Vec::new();
        for page in 1..=3 {
            let p = fetch(&app, &ResellerQuery::new("", &page.to_string())).await;
            all.extend(p.rows.into_iter().map(|r| format!("{}|{}", r.name, r.id)));
        }
        all
    };
    assert_eq!(walk(&app, ResellerQuery::new("", "1")).await, by_number);
}

#[tokio::test]
async fn a_common_search_counts_up_to_its_cap_and_pages_in_order() {
    let app = TestApp::spawn().await;
    let n = SEARCH_COUNT_CAP as usize + 30;
    let mut rows: Vec<_> = (0..n)
        .map(|i| {
            let domain: String = format!("{i:04}").chars().map(|c| (b'a' + c as u8 - b'0') as char).collect();
            reseller(
                &format!("Media House {i:04}"),
                &format!("m{i}@example.com"),
                &format!("media{domain}"),
                1_700_000_000 + i as i64,
            )
        })
        .collect();
    rows.push(reseller("Quiet Labs", "q@quiet.io", "quietlabs", 1));
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(500));
        app.add(std::mem::replace(&mut rows, rest)).await;
    }
    let page = fetch(&app, &ResellerQuery::new("media", "1")).await;
    assert!(page.capped, "more matches than the cap");
    assert_eq!(page.total, SEARCH_COUNT_CAP);
    assert_eq!(page.total_text(), "1,000+");
    assert_eq!(page.page_count(), None);
    assert_eq!(page.rows.len(), PAGE_SIZE as usize);
    assert_eq!(page.rows[0].name, format!("Media House {:04}", n - 1), "newest first");
    let next =
        fetch(&app, &ResellerQuery::new("media", "1").with_page_next_to(2, page.rows.last().unwrap(), Towards::After))
            .await;
    assert_eq!(next.rows[0].name, format!("Media House {:04}", n - 1 - PAGE_SIZE as usize));
    // The same page as a typed URL (by number): the same rows.
    assert_eq!(fetch(&app, &ResellerQuery::new("media", "2")).await.rows, next.rows);
    // The walk of a common text: case as typed, Previous back to page 1, short texts, and a
    // filter on top; every row shown contains the text.
    assert_eq!(fetch(&app, &ResellerQuery::new("MEDIA", "1")).await.rows, page.rows);
    let back = fetch(
        &app,
        &ResellerQuery::new("media", "2").with_page_next_to(1, next.rows.first().unwrap(), Towards::Before),
    )
    .await;
    assert_eq!(back.rows, page.rows, "Previous from page 2 of a common text");
    let short = fetch(&app, &ResellerQuery::new("me", "1")).await;
    assert!(short.capped);
    assert_eq!(short.rows, page.rows, "a short common text walks the same order");
    let mut inactive = ResellerQuery::new("house", "1");
    inactive.status = Some(app::domain::ResellerStatus::Inactive);
    let none = fetch(&app, &inactive).await;
    assert_eq!((none.total, none.rows.len()), (0, 0), "no inactive reseller matches");
    let mut all_pages = walk(&app, ResellerQuery::new("media", "1")).await;
    assert_eq!(all_pages.len(), n, "every match once, walking Next then Previous");
    all_pages.dedup();
    assert!(all_pages.iter().all(|r| r.starts_with("Media House")), "only matches");
    let rare_by_number = fetch(&app, &ResellerQuery::new("house 00", "2")).await;
    assert_eq!(rare_by_number.rows.len(), PAGE_SIZE as usize, "100 matches: page 2 of 4 by number");

    // A rare text is counted exactly, through the trigram index.
    let rare = fetch(&app, &ResellerQuery::new("house 0042", "1")).await;
    assert_eq!((rare.total, rare.capped, rare.rows.len()), (1, false, 1));
    let quiet = fetch(&app, &ResellerQuery::new("QUIET", "1")).await;
    assert_eq!(quiet.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Quiet Labs"]);
}
