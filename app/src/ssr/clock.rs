//! The server's clock: every "now" the server stores or compares with comes from here.

use crate::domain::Month;

/// Current time as unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// The month it is now (UTC).
pub fn current_month() -> Month {
    Month::of_unix(now()).unwrap_or(Month(200001))
}
