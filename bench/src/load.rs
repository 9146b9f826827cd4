//! A closed-loop load generator: `clients` tasks each send one request, wait for the whole
//! answer, and send the next, for a fixed time. Latency is measured per request.

use crate::server_process::CpuClock;
use std::future::Future;
use std::time::{Duration, Instant};

/// What one load run measured.
pub struct Figures {
    pub requests: usize,
    pub errors: usize,
    pub elapsed: Duration,
    /// CPU seconds the server used while the requests counted here ran.
    pub server_cpu: f64,
    latencies: Vec<Duration>,
}

impl Figures {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// The server's CPU time per request, in milliseconds.
    pub fn cpu_ms_per_request(&self) -> f64 {
        self.server_cpu * 1e3 / self.requests.max(1) as f64
    }

    /// The latency at quantile `q` (0.5 = median), in milliseconds.
    pub fn ms(&self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let i = ((self.latencies.len() as f64 * q).ceil() as usize).clamp(1, self.latencies.len()) - 1;
        self.latencies[i].as_secs_f64() * 1e3
    }
}

/// Runs `request` from `clients` concurrent loops for `warmup` (not counted) and then
/// `duration`. `request` answers whether the server's answer was the expected one. The
/// server's CPU clock is read when the counted window opens and when it closes.
pub async fn run<F, Fut>(clients: usize, warmup: Duration, duration: Duration, cpu: CpuClock, request: F) -> Figures
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = bool> + Send,
{
    let start = Instant::now() + warmup;
    let end = start + duration;
    let cpu_window = tokio::spawn(async move {
        tokio::time::sleep_until(start.into()).await;
        let at_start = cpu.seconds();
        tokio::time::sleep_until(end.into()).await;
        cpu.seconds() - at_start
    });
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let request = request.clone();
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                loop {
                    let t = Instant::now();
                    if t >= end {
                        break;
                    }
                    let ok = request().await;
                    if t >= start {
                        latencies.push(t.elapsed());
                        errors += usize::from(!ok);
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut figures = Figures { requests: 0, errors: 0, elapsed: duration, server_cpu: 0.0, latencies: Vec::new() };
    for task in futures_util::future::join_all(tasks).await {
        let (latencies, errors) = task.expect("load task");
        figures.latencies.extend(latencies);
        figures.errors += errors;
    }
    figures.requests = figures.latencies.len();
    figures.server_cpu = cpu_window.await.expect("CPU window");
    figures.latencies.sort_unstable();
    figures
}
