//! Bursts of password work, as an outsider would send them: how many passwords the server
//! checks and how much memory it takes. (argon2 holds 19 MiB per check; the server's gate
//! runs one per core, and the throttle counts an attempt before it is checked.)

use crate::server_process::ServerProcess;
use futures_util::future::join_all;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

/// Answers rows of the results table.
pub async fn run(server_binary: &str, database_url: &str, attempts: usize) -> String {
    let db = app::ssr::db::connect(database_url, app::ssr::db::SLOW_QUERY_MS).await.expect("database");
    let (email, password) = ("burst@bench.example", "burst-bench-password");
    if app::ssr::auth::create_agency_with_admin(&db, "Burst bench", email, password).await.is_err() {
        // Made by an earlier run.
    }
    db.close().await;
    let server = ServerProcess::start(server_binary, database_url).await;
    let mut rows = String::new();
    let (rss, _) = server.memory_mib();
    println!("sign-in bursts: server RSS {rss:.1} MiB before");

    // One account, one client address: the throttle's limits decide how many are checked.
    let one_client = reqwest::Client::new();
    let started = Instant::now();
    let answers = join_all((0..attempts).map(|i| {
        let (http, base) = (one_client.clone(), server.base.clone());
        async move { sign_in(&http, &base, email, &format!("wrong guess {i}")).await }
    }))
    .await;
    let (_, peak) = server.memory_mib();
    report(
        &mut rows,
        &format!("{attempts} wrong passwords at once, one account, one address"),
        &answers,
        started,
        peak,
    );

    // Unknown accounts from as many addresses (127.0.0.x): every one is checked (against the
    // dummy hash), all through the gate.
    let started = Instant::now();
    let answers = join_all((0..attempts).map(|i| {
        let base = server.base.clone();
        async move {
            let address = std::net::IpAddr::from([127, 0, 1 + (i / 250) as u8, 1 + (i % 250) as u8]);
            let http = reqwest::Client::builder().local_address(address).build().expect("client");
            sign_in(&http, &base, &format!("nobody{i}@bench.example"), "any password").await
        }
    }))
    .await;
    let (rss, peak) = server.memory_mib();
    report(&mut rows, &format!("{attempts} unknown accounts at once, {attempts} addresses"), &answers, started, peak);
    println!("sign-in bursts: server RSS {rss:.1} MiB after, {peak:.1} MiB peak");
    rows
}

async fn sign_in(http: &reqwest::Client, base: &str, email: &str, password: &str) -> u16 {
    http.post(format!("{base}/api/auth/sign_in"))
        .form(&[("email", email), ("password", password), ("next", "/")])
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

fn report(rows: &mut String, what: &str, answers: &[u16], started: Instant, peak_mib: f64) {
    let mut by_status = BTreeMap::new();
    for a in answers {
        *by_status.entry(*a).or_insert(0) += 1;
    }
    let statuses: Vec<String> = by_status.iter().map(|(s, n)| format!("{n}× {s}")).collect();
    let line = format!(
        "{what}: {} (401 = checked and wrong, 429 = refused unchecked, 503 = told to retry) in {:.0} ms; server peak RSS {peak_mib:.1} MiB",
        statuses.join(", "),
        started.elapsed().as_secs_f64() * 1e3
    );
    println!("{line}");
    let _ = writeln!(rows, "- {line}");
}
