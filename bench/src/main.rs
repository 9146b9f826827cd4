//! Partnerdesk benchmarks: the release server in its own process on a loopback port,
//! driven over HTTP; figures printed, never asserted (these machines are shared and noisy,
//! so the numbers are for reading, not for failing builds).
//!
//!   partnerdesk-bench suite --database-url sqlite://target/bench/100k.db --resellers 100000
//!   partnerdesk-bench suite --database-url postgres://…/bench --resellers 1000000 --seconds 5
//!
//! `./dev.sh bench` runs the whole matrix (SQLite and PostgreSQL, 100k and 1M resellers).

mod browser_like;
mod burst;
mod load;
mod search_terms;
mod server_process;

use clap::Parser;
use load::Figures;
use server_process::ServerProcess;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "Partnerdesk benchmarks (loopback only, figures printed, never asserted)")]
enum Cli {
    /// Fills the database with demo resellers if it has fewer, then measures the server:
    /// cold start, Resellers page (SSR, signed in), search server function (common and
    /// rare substring), usage ingestion, memory.
    Suite(Suite),
    /// Sign-in bursts against a fresh server: how many passwords are checked and the
    /// server's peak memory.
    Burst {
        /// sqlite://… or postgres://… (an agency for the bench is added).
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value = "target/release/partnerdesk")]
        server: String,
        /// Sign-ins per burst.
        #[arg(long, default_value_t = 100)]
        attempts: usize,
        /// Appends the results (markdown lines) to this file.
        #[arg(long)]
        out: Option<String>,
    },
}

#[derive(clap::Args)]
struct Suite {
    /// sqlite://… or postgres://… (kept between runs: the demo data is made once).
    #[arg(long)]
    database_url: String,
    /// Resellers the demo agency should have.
    #[arg(long, default_value_t = 100_000)]
    resellers: usize,
    /// The server binary (a release build).
    #[arg(long, default_value = "target/release/partnerdesk")]
    server: String,
    /// Seconds each measurement runs (after 1 s of warm-up).
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Concurrent clients, comma-separated.
    #[arg(long, default_value = "1,16,64", value_delimiter = ',')]
    clients: Vec<usize>,
    /// Batches of 1,000 usage events to send (4 clients).
    #[arg(long, default_value_t = 100)]
    ingest_batches: usize,
    /// Appends the results table (markdown rows) to this file.
    #[arg(long)]
    out: Option<String>,
    /// Appends how long the demo data took, when some was added, to this file.
    #[arg(long)]
    fill_log: Option<String>,
}

#[tokio::main]
async fn main() {
    match Cli::parse() {
        Cli::Suite(suite) => run_suite(suite).await,
        Cli::Burst { database_url, server, attempts, out } => {
            let rows = burst::run(&server, &database_url, attempts).await;
            if let Some(out) = out {
                use std::io::Write;
                let mut file = std::fs::OpenOptions::new().create(true).append(true).open(out).expect("results file");
                file.write_all(rows.as_bytes()).expect("results written");
            }
        }
    }
}

async fn run_suite(s: Suite) {
    let db = match app::ssr::db::Backend::of_url(&s.database_url) {
        Some(app::ssr::db::Backend::Postgres) => "PostgreSQL",
        _ => "SQLite",
    };
    let label = format!("{db}, {} resellers", thousands(s.resellers));
    println!("== {label}");
    let (key, terms, page_4000) = prepare(&s).await;
    let server = ServerProcess::start(&s.server, &s.database_url).await;
    println!("cold start to first served page: {:.0} ms", server.cold_start.as_secs_f64() * 1e3);
    let memory = |when: &str| {
        let (rss, _) = server.memory_mib();
        println!("server memory {when}: {rss:.1} MiB resident");
        format!("{rss:.0}")
    };
    let rss_start = memory("after start");
    let cpu = server.cpu();

    let http = reqwest::Client::builder().cookie_store(true).pool_max_idle_per_host(256).build().expect("client");
    sign_in(&http, &server.base).await;
    let mut rows = String::new();
    let warmup = Duration::from_secs(1);
    let duration = Duration::from_secs(s.seconds);
    let mut record = |what: &str, clients: usize, f: &Figures| {
        println!(
            "{what:<44} {clients:>3} clients: {:>8.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  server CPU {:>6.3} ms/req  ({} requests, {} errors)",
            f.per_second(),
            f.ms(0.50),
            f.ms(0.99),
            f.cpu_ms_per_request(),
            f.requests,
            f.errors
        );
        let _ = writeln!(
            rows,
            "| {db} | {} | {what} | {clients} | {:.0} | {:.2} | {:.2} | {:.3} | {} |",
            thousands(s.resellers),
            f.per_second(),
            f.ms(0.50),
            f.ms(0.99),
            f.cpu_ms_per_request(),
            f.errors
        );
    };

    let page_url = format!("{}/partners/resellers", server.base);
    if let Some(a) = browser_like::send(http.get(&page_url).header("accept", "text/html")).await {
        println!(
            "Resellers page: {} bytes on the wire ({}), {} bytes of HTML",
            a.wire_bytes,
            a.encoding.as_deref().unwrap_or("identity"),
            a.text.map_or(0, |t| t.len())
        );
    }
    for &clients in &s.clients {
        let (http, url) = (http.clone(), page_url.clone());
        let f = load::run(clients, warmup, duration, cpu, move || {
            let (http, url) = (http.clone(), url.clone());
            async move { page(&http, &url, "Showing 1–25 of").await }
        })
        .await;
        record("Resellers page (SSR)", clients, &f);
    }
    // Page 4,000 as the Next link reaches it (keyset), and as a typed URL (offset).
    for (what, query, clients) in [
        ("Resellers page 4,000 (Next link)", format!("page=4000&after={page_4000}"), s.clients.clone()),
        ("Resellers page 4,000 (typed URL)", "page=4000".to_owned(), vec![1]),
    ] {
        let url = format!("{page_url}?{query}");
        for &clients in &clients {
            let (http, url) = (http.clone(), url.clone());
            let f = load::run(clients, warmup, duration, cpu, move || {
                let (http, url) = (http.clone(), url.clone());
                async move { page(&http, &url, "Showing 99,976–100,000 of").await }
            })
            .await;
            record(what, clients, &f);
        }
    }
    let rss_pages = memory("after the page runs");
    let list_url = format!("{}/api/resellers/list", server.base);
    for term in &terms {
        let what = format!("search \"{}\" ({} matches)", term.text, thousands(term.matches as usize));
        for &clients in &s.clients {
            let (http, url, base, term) = (http.clone(), list_url.clone(), server.base.clone(), term.text.clone());
            let f = load::run(clients, warmup, duration, cpu, move || {
                let (http, url, base, term) = (http.clone(), url.clone(), base.clone(), term.clone());
                async move { search(&http, &url, &base, &term).await }
            })
            .await;
            record(&what, clients, &f);
        }
    }
    let rss_search = memory("after the search runs");
    let (events_per_s, p50, p99) = ingest(&server.base, &key, s.ingest_batches, s.resellers).await;
    println!("usage ingestion (batches of 1,000, 4 clients): {events_per_s:.0} events/s, batch p50 {p50:.1} ms, p99 {p99:.1} ms");
    let rss_ingest = memory("after ingestion");
    let (_, peak) = server.memory_mib();
    let _ = writeln!(
        rows,
        "| {db} | {} | cold start {:.0} ms · ingestion {events_per_s:.0} events/s (batch p99 {p99:.0} ms) · RSS after start / pages / searches / ingestion {rss_start} / {rss_pages} / {rss_search} / {rss_ingest} MiB, peak {peak:.0} MiB | | | | | | |",
        thousands(s.resellers),
        server.cold_start.as_secs_f64() * 1e3
    );
    if let Some(out) = &s.out {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(out).expect("results file");
        file.write_all(rows.as_bytes()).expect("results written");
    }
}

/// Demo data up to `resellers` (timed when some is added), an API key, search texts across
/// the range of match counts (see `search_terms`), and the cursor the Next link of page
/// 3,999 carries (`joined.id` of its last row).
async fn prepare(s: &Suite) -> (String, Vec<search_terms::Term>, String) {
    let db = app::ssr::db::connect(&s.database_url, app::ssr::db::SLOW_QUERY_MS).await.expect("database");
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resellers").fetch_one(db.pool()).await.expect("count");
    let missing = s.resellers.saturating_sub(existing as usize);
    if missing > 0 {
        let started = Instant::now();
        app::ssr::demo::fill(&db, missing, 7).await.expect("demo data");
        let line = format!(
            "{}: {} demo resellers with 12 months of usage and activity added in {:.1} s",
            s.database_url.split(':').next().unwrap_or_default(),
            thousands(missing),
            started.elapsed().as_secs_f64()
        );
        println!("demo data: {line}");
        if let Some(log) = &s.fill_log {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new().create(true).append(true).open(log).expect("fill log");
            writeln!(file, "- {line}").expect("fill log written");
        }
    }
    let agency_id: i64 =
        sqlx::query_scalar("SELECT id FROM agencies ORDER BY id LIMIT 1").fetch_one(db.pool()).await.expect("agency");
    let key = app::ssr::api_keys::create_for(&db, agency_id, "bench", "bench").await.expect("key").key;
    let terms = search_terms::across_the_range(&db, agency_id).await;
    let (joined_on, id): (i64, i64) = sqlx::query_as(
        "SELECT joined_on, id FROM resellers WHERE agency_id = $1 ORDER BY joined_on DESC, id DESC LIMIT 1 OFFSET $2",
    )
    .bind(agency_id)
    .bind(3_999 * i64::from(app::domain::PAGE_SIZE) - 1)
    .fetch_one(db.pool())
    .await
    .expect("page 3,999 exists");
    db.close().await;
    (key, terms, format!("{joined_on}.{id}"))
}

async fn sign_in(http: &reqwest::Client, base: &str) {
    let res = http
        .post(format!("{base}/api/auth/sign_in"))
        .header("origin", base)
        .form(&[
            ("email", app::ssr::demo::DEMO_ADMIN_EMAIL),
            ("password", app::ssr::demo::DEMO_ADMIN_PASSWORD),
            ("next", "/partners/resellers"),
        ])
        .send()
        .await
        .expect("sign-in");
    assert!(res.status().is_success(), "the demo admin signs in: {}", res.status());
}

/// A page, counted as an error unless it is a 200 that shows `expect` (the rows' range).
/// Asked for as a browser does (compressed) and read as it does (decompressed).
async fn page(http: &reqwest::Client, url: &str, expect: &str) -> bool {
    let answer = browser_like::send(http.get(url).header("accept", "text/html")).await;
    answer.is_some_and(|a| a.status == 200 && a.text.is_some_and(|t| t.contains(expect)))
}

/// The list server function as the page's search box calls it (compressed answer).
async fn search(http: &reqwest::Client, url: &str, base: &str, term: &str) -> bool {
    let answer = browser_like::send(http.post(url).header("origin", base).form(&[("q", term), ("page", "1")])).await;
    answer.is_some_and(|a| a.status == 200 && a.text.is_some_and(|t| t.contains("\"rows\"")))
}

/// Sends `batches` batches of 1,000 new events from 4 clients; answers events/s and the
/// batch latency p50 / p99 in ms.
async fn ingest(base: &str, key: &str, batches: usize, resellers: usize) -> (f64, f64, f64) {
    let at = time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).expect("time");
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_nanos();
    // Bodies are built before the clock starts: the figure is the server's, not the encoder's.
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new(
        (0..batches)
            .map(|b| {
                let events: Vec<serde_json::Value> = (0..1000)
                    .map(|i| {
                        let n = b * 1000 + i;
                        serde_json::json!({
                            "event_id": format!("bench-{run}-{n}"),
                            "reseller": (1 + (n * 7919) % resellers).to_string(),
                            "kind": if n % 4 == 0 { "whatsapp_messages" } else { "messages" },
                            "count": 1 + (n % 7),
                            "occurred_at": at,
                        })
                    })
                    .collect();
                serde_json::to_vec(&serde_json::json!({ "events": events })).expect("json")
            })
            .collect(),
    );
    let http = reqwest::Client::new();
    let url = format!("{base}/api/v1/usage");
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let workers = (0..4).map(|_| {
        let (http, url, key, next, bodies) = (http.clone(), url.clone(), key.to_owned(), next.clone(), bodies.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(body) = bodies.get(i) else { break };
                let t = Instant::now();
                let res = http
                    .post(&url)
                    .bearer_auth(&key)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await
                    .expect("request");
                let status = res.status();
                let report: serde_json::Value = res.json().await.expect("report");
                assert!(status.is_success() && report["accepted"] == 1000, "batch {i}: {status} {report}");
                latencies.push(t.elapsed());
            }
            latencies
        })
    });
    let mut latencies: Vec<Duration> = Vec::new();
    for w in futures_util::future::join_all(workers).await {
        latencies.extend(w.expect("worker"));
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64() * 1e3;
    ((batches * 1000) as f64 / elapsed.as_secs_f64(), pct(0.5), pct(0.99))
}

fn thousands(n: usize) -> String {
    app::domain::format_exact(n as i64)
}
