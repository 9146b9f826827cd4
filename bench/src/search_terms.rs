//! Search texts across the whole range of match counts: one reseller, about 100, 1,000 and
//! 10,000, and most of them. A figure from one easy text hides the cliff next to it (a text
//! just past the count cap was once 70 ms at one client while "media" was 2 ms).

use app::ssr::db::Db;
use std::collections::{HashMap, HashSet};

/// A search text and how many of the agency's resellers it matches.
pub struct Term {
    pub text: String,
    pub matches: i64,
}

/// Rows sampled to estimate how common each substring is.
const SAMPLE: i64 = 4_000;

/// Picks, from substrings of a sample of the resellers' search keys (name and e-mail, as
/// the search sees them), the text nearest each target count, then counts its matches
/// exactly. Targets the agency is too small for are left out.
pub async fn across_the_range(db: &Db, agency_id: i64) -> Vec<Term> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resellers WHERE agency_id = $1")
        .bind(agency_id)
        .fetch_one(db.pool())
        .await
        .expect("count");
    let step = (total / SAMPLE).max(1);
    let keys: Vec<String> = sqlx::query_scalar(
        "SELECT search_key FROM resellers WHERE agency_id = $1 AND id % $2 = 0 ORDER BY id LIMIT $3",
    )
    .bind(agency_id)
    .bind(step)
    .bind(SAMPLE)
    .fetch_all(db.pool())
    .await
    .expect("sample");
    let rows_in_sample = keys.len().max(1) as f64;
    let mut seen_in: HashMap<String, usize> = HashMap::new();
    for key in &keys {
        let chars: Vec<char> = key.chars().collect();
        let mut in_this_row = HashSet::new();
        for len in 3..=7 {
            for window in chars.windows(len) {
                // Letters and digits only: what people type into a search box.
                if window.iter().all(|c| c.is_alphanumeric()) {
                    in_this_row.insert(window.iter().collect::<String>());
                }
            }
        }
        for s in in_this_row {
            *seen_in.entry(s).or_default() += 1;
        }
    }
    let estimate = |n: usize| n as f64 / rows_in_sample * total as f64;
    let mut terms = Vec::new();
    // One reseller: a login domain that no other reseller's name or e-mail contains (the
    // longest sampled domains are tried, the one with the fewest matches is kept).
    let domains: Vec<String> = sqlx::query_scalar(
        "SELECT login_domain FROM resellers WHERE agency_id = $1 AND id % $2 = 0 \
         ORDER BY LENGTH(login_domain) DESC, id LIMIT 8",
    )
    .bind(agency_id)
    .bind(step)
    .fetch_all(db.pool())
    .await
    .expect("resellers");
    let mut rarest: Option<(i64, String)> = None;
    for domain in domains {
        let n = matches(db, agency_id, &domain).await;
        if rarest.as_ref().is_none_or(|(fewest, _)| n < *fewest) {
            rarest = Some((n, domain));
        }
    }
    terms.extend(rarest.map(|(_, domain)| domain));
    for target in [100.0, 1_000.0, 10_000.0] {
        if target * 2.0 > total as f64 {
            continue;
        }
        let nearest = seen_in
            .iter()
            .filter(|(_, &n)| n >= 2)
            .min_by(|a, b| {
                let distance = |n: usize| (estimate(n) / target).ln().abs();
                distance(*a.1).total_cmp(&distance(*b.1)).then_with(|| a.0.cmp(b.0))
            })
            .map(|(s, _)| s.clone());
        terms.extend(nearest);
    }
    // Most rows: the most common substring (a domain ending, a frequent word).
    terms.extend(seen_in.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(s, _)| s.clone()));
    terms.dedup();
    let mut counted = Vec::new();
    for text in terms {
        let matches = matches(db, agency_id, &text).await;
        println!("search text {text:?}: {matches} matches");
        counted.push(Term { text, matches });
    }
    counted
}

/// How many of the agency's resellers the search finds for `text` (a substring of the
/// search key, as the list's search matches it).
async fn matches(db: &Db, agency_id: i64, text: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM resellers WHERE agency_id = $1 AND search_key LIKE $2")
        .bind(agency_id)
        .bind(format!("%{}%", text.to_lowercase()))
        .fetch_one(db.pool())
        .await
        .expect("matches")
}
