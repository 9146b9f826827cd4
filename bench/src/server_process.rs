//! The server under test: the release binary in its own process, so its memory and its
//! start-up are its own.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct ServerProcess {
    child: Child,
    pub base: String,
    /// From spawning the process to the first page it served.
    pub cold_start: Duration,
}

impl ServerProcess {
    pub async fn start(binary: &str, database_url: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("port").port();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let child = Command::new(binary)
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("PARTNERDESK_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_ENV", "PROD")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e} (build it: ./dev.sh bench does)"));
        let mut server = ServerProcess { child, base, cold_start: Duration::ZERO };
        let http = reqwest::Client::new();
        loop {
            if let Ok(res) = http.get(format!("{}/signin", server.base)).send().await {
                if res.status().is_success() && res.bytes().await.is_ok() {
                    break;
                }
            }
            assert!(server.child.try_wait().expect("child status").is_none(), "the server exited while starting");
            assert!(started.elapsed() < Duration::from_secs(120), "the server did not start in 2 minutes");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        server.cold_start = started.elapsed();
        server
    }

    /// The CPU time the server process has used so far (user + system), like `time` shows.
    pub fn cpu(&self) -> CpuClock {
        CpuClock { pid: self.child.id() }
    }

    /// (resident now, peak resident) in MiB, from /proc.
    pub fn memory_mib(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .map(|kb| kb / 1024.0)
                .unwrap_or(f64::NAN)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads a process's CPU time (user + system) from /proc/<pid>/stat.
#[derive(Clone, Copy)]
pub struct CpuClock {
    pid: u32,
}

/// Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`: 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

impl CpuClock {
    /// Seconds of CPU used by the process so far (NaN when /proc cannot say).
    pub fn seconds(&self) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).unwrap_or_default();
        // After the command name (in parentheses, which may hold spaces) come the fields
        // from the 3rd on: utime is the 14th, stime the 15th.
        let fields: Vec<&str> =
            stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
        let ticks = |i: usize| fields.get(i - 3).and_then(|f| f.parse::<f64>().ok()).unwrap_or(f64::NAN);
        (ticks(14) + ticks(15)) / TICKS_PER_SECOND
    }
}
