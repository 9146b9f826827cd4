//! Partnerdesk benchmarks: start the real server on a loopback port with a throwaway
//! SQLite database, drive it over HTTP, print figures. Nothing is asserted: these machines
//! are shared and noisy, so the numbers are for reading, not for failing builds.
//!
//!   cargo run --release -p bench -- ingest [--batches 200] [--clients 4] [--resellers 1000]

use clap::{Parser, Subcommand};
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "Partnerdesk benchmarks (loopback only, figures printed, never asserted)")]
struct Cli {
    #[command(subcommand)]
    bench: Bench,
}

#[derive(Subcommand)]
enum Bench {
    /// Usage ingestion: POST /api/v1/usage with batches of 1,000 events.
    Ingest {
        /// Batches to send (each of 1,000 events).
        #[arg(long, default_value_t = 200)]
        batches: usize,
        /// Concurrent clients.
        #[arg(long, default_value_t = 4)]
        clients: usize,
        /// Resellers the events are spread over.
        #[arg(long, default_value_t = 1000)]
        resellers: usize,
    },
}

#[tokio::main]
async fn main() {
    match Cli::parse().bench {
        Bench::Ingest { batches, clients, resellers } => ingest(batches, clients.max(1), resellers.max(1)).await,
    }
}

/// A server on 127.0.0.1 with a fresh database holding `resellers` demo resellers.
async fn start_server(resellers: usize) -> (String, app::ssr::db::Pool, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let config = server::Config::for_tests(&url);
    let state = server::build_state(&config).await.expect("database");
    let pool = state.pool.clone();
    app::ssr::demo::fill(&pool, resellers, 7).await.expect("demo data");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("loopback port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(server::serve_on(listener, state, std::future::pending()));
    (base, pool, dir)
}

async fn ingest(batches: usize, clients: usize, resellers: usize) {
    let (base, pool, _dir) = start_server(resellers).await;
    let domains: Vec<String> = sqlx::query_scalar("SELECT login_domain FROM resellers ORDER BY id")
        .fetch_all(&pool)
        .await
        .expect("resellers");
    let key = api_key(&pool).await;
    let at = time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).expect("time");
    // Bodies are built before the clock starts: the figure is the server's, not the JSON encoder's.
    let bodies: Vec<Vec<u8>> = (0..batches)
        .map(|b| {
            let events: Vec<serde_json::Value> = (0..1000)
                .map(|i| {
                    let n = b * 1000 + i;
                    serde_json::json!({
                        "event_id": format!("bench-{n}"),
                        "reseller": domains[n % domains.len()],
                        "kind": if n % 4 == 0 { "whatsapp_messages" } else { "messages" },
                        "count": 1 + (n % 7),
                        "occurred_at": at,
                    })
                })
                .collect();
            serde_json::to_vec(&serde_json::json!({ "events": events })).expect("json")
        })
        .collect();
    let http = reqwest::Client::new();
    let url = format!("{base}/api/v1/usage");
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let bodies = std::sync::Arc::new(bodies);
    let started = Instant::now();
    let workers = (0..clients).map(|_| {
        let (http, url, key, next, bodies) = (http.clone(), url.clone(), key.clone(), next.clone(), bodies.clone());
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
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let events = batches * 1000;
    println!("usage ingestion, batches of 1,000 events, SQLite, {clients} client(s), {resellers} resellers");
    println!("  events:        {events}");
    println!("  elapsed:       {:.2} s", elapsed.as_secs_f64());
    println!("  throughput:    {:.0} events/s", events as f64 / elapsed.as_secs_f64());
    println!("  batch latency: p50 {:.1} ms, p99 {:.1} ms", pct(0.50).as_secs_f64() * 1e3, pct(0.99).as_secs_f64() * 1e3);
    let events_stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM usage_events").fetch_one(&pool).await.expect("count");
    println!("  stored events: {events_stored}");
}

/// An API key for the demo agency (same format and storage as the Settings page's keys).
async fn api_key(pool: &app::ssr::db::Pool) -> String {
    let agency_id: i64 = sqlx::query_scalar("SELECT id FROM agencies ORDER BY id LIMIT 1").fetch_one(pool).await.expect("agency");
    app::ssr::api_keys::create_for(pool, agency_id, "bench", "bench").await.expect("key").key
}
