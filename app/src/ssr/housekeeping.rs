//! Periodic work: the ledger's scheduled step (renewals, approvals after the refund
//! window; `ledger::run_due`) and clean-up, so that nothing anonymous requests leave behind grows without bound:
//! expired sessions, sign-in steps whose time is over and spent sign-in throttle rows. Bounded work per run (one batch per
//! table), safe to run on every server process at once.

use super::auth::SessionPolicy;
use super::db::Db;
use super::throttle::ThrottlePolicy;

/// Rows deleted per table per run.
pub const PURGE_BATCH: i64 = 1_000;
/// How often a server runs it.
pub const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// What one run deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub throttle_rows: u64,
    pub challenges: u64,
}

/// One run: at most `PURGE_BATCH` expired sessions and spent throttle rows.
pub async fn purge_once(db: &Db, sessions: &SessionPolicy, throttle: &ThrottlePolicy) -> Result<Purged, sqlx::Error> {
    let now = super::now();
    Ok(Purged {
        sessions: super::auth::purge_sessions(db, sessions, now, PURGE_BATCH).await?,
        throttle_rows: super::throttle::purge(db, throttle, now, PURGE_BATCH).await?,
        challenges: super::auth::purge_challenges(db, now, PURGE_BATCH).await?,
    })
}

/// Runs `purge_once` every `PURGE_EVERY` until the process ends; failures are logged and
/// the next run tries again.
pub async fn run(state: super::AppState) {
    let mut tick = tokio::time::interval(PURGE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match purge_once(&state.db, &state.site.sessions, &state.site.throttle).await {
            Ok(purged) if purged != Purged::default() => tracing::info!(?purged, "housekeeping"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "housekeeping failed; will try again"),
        }
        match super::ledger::run_due(&state.db, super::now()).await {
            Ok(ran) if ran != super::ledger::Ran::default() => tracing::info!(?ran, "renewals and approvals"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "renewals failed; will try again"),
        }
    }
}
