//! Usage: what resellers consumed, per calendar month (UTC), against their plan's limits.

use super::{FieldError, StoredWord};
use serde::{Deserialize, Serialize};

/// What a usage event counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsageKind {
    Messages,
    WhatsappMessages,
}

impl StoredWord for UsageKind {
    const ALL: &'static [Self] = &[UsageKind::Messages, UsageKind::WhatsappMessages];

    fn as_str(self) -> &'static str {
        match self {
            UsageKind::Messages => "messages",
            UsageKind::WhatsappMessages => "whatsapp_messages",
        }
    }
}

/// A calendar month as yyyymm (202611 is November 2026).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month(pub i64);

impl Month {
    /// The UTC month a unix timestamp falls in.
    pub fn of_unix(secs: i64) -> Option<Self> {
        let t = time::OffsetDateTime::from_unix_timestamp(secs).ok()?;
        Some(Month(i64::from(t.year()) * 100 + i64::from(u8::from(t.month()))))
    }

    pub fn year(self) -> i64 {
        self.0 / 100
    }

    /// 1..=12.
    pub fn number(self) -> i64 {
        self.0 % 100
    }

    pub fn previous(self) -> Self {
        if self.number() == 1 {
            Month((self.year() - 1) * 100 + 12)
        } else {
            Month(self.0 - 1)
        }
    }

    pub fn next(self) -> Self {
        if self.number() == 12 {
            Month((self.year() + 1) * 100 + 1)
        } else {
            Month(self.0 + 1)
        }
    }

    /// The unix time the month starts at (UTC midnight of its first day).
    pub fn start_unix(self) -> Option<i64> {
        let month = time::Month::try_from(u8::try_from(self.number()).ok()?).ok()?;
        let date = time::Date::from_calendar_date(i32::try_from(self.year()).ok()?, month, 1).ok()?;
        Some(date.midnight().assume_utc().unix_timestamp())
    }

    /// The `n` months up to and including this one, oldest first.
    pub fn last(self, n: usize) -> Vec<Month> {
        let mut months = Vec::with_capacity(n);
        let mut m = self;
        for _ in 0..n {
            months.push(m);
            m = m.previous();
        }
        months.reverse();
        months
    }

    /// "Nov".
    pub fn short_name(self) -> &'static str {
        const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        NAMES[(self.number().clamp(1, 12) - 1) as usize]
    }

    /// "Nov 2026".
    pub fn label(self) -> String {
        format!("{} {}", self.short_name(), self.year())
    }
}

/// One month of a reseller's usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthUsage {
    pub month: Month,
    pub messages: i64,
    pub whatsapp: i64,
}

/// A reseller's usage: the last 12 months (oldest first, the current month last; months
/// without usage are zero) and the current number of team members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerUsage {
    pub months: Vec<MonthUsage>,
    pub team_members: i64,
}

impl ResellerUsage {
    /// Fills the 12 months ending at `current` from the stored rows (any order).
    pub fn from_rows(current: Month, rows: &[MonthUsage], team_members: i64) -> Self {
        let months = current
            .last(12)
            .into_iter()
            .map(|month| {
                rows.iter().copied().find(|r| r.month == month).unwrap_or(MonthUsage {
                    month,
                    messages: 0,
                    whatsapp: 0,
                })
            })
            .collect();
        Self { months, team_members }
    }

    pub fn current(&self) -> MonthUsage {
        self.months.last().copied().unwrap_or(MonthUsage { month: Month(0), messages: 0, whatsapp: 0 })
    }
}

/// How much of a limit is used, in whole percent (may exceed 100); `None` without a limit.
pub fn percent_used(used: i64, limit: i64) -> Option<i64> {
    (limit > 0).then(|| (used.max(0) * 100 + limit / 2) / limit)
}

/// Longest event id accepted.
pub const EVENT_ID_MAX_CHARS: usize = 200;
/// Most events in one batch.
pub const BATCH_MAX_EVENTS: usize = 1000;
/// Largest count one event may carry.
pub const EVENT_MAX_COUNT: i64 = 1_000_000_000;

/// An event's own fields, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedEvent {
    pub kind: UsageKind,
    pub count: i64,
    /// Unix seconds.
    pub occurred_at: i64,
    /// The UTC month it counts in.
    pub month: Month,
}

/// Checks an event's own fields (the reseller is checked against the database).
pub fn check_event(
    event_id: &str,
    kind: &str,
    count: i64,
    occurred_at: &str,
    now: i64,
) -> Result<CheckedEvent, FieldError> {
    let event_id = event_id.trim();
    if event_id.is_empty() || event_id.chars().count() > EVENT_ID_MAX_CHARS || super::text::has_control(event_id) {
        return Err(FieldError::new(
            "event_id",
            format!("event_id is 1 to {EVENT_ID_MAX_CHARS} characters, with no control characters"),
        ));
    }
    let kind = UsageKind::from_word(kind)
        .ok_or_else(|| FieldError::new("kind", "kind is \"messages\" or \"whatsapp_messages\""))?;
    if !(1..=EVENT_MAX_COUNT).contains(&count) {
        return Err(FieldError::new("count", format!("count is a whole number from 1 to {EVENT_MAX_COUNT}")));
    }
    let at = time::OffsetDateTime::parse(occurred_at, &time::format_description::well_known::Rfc3339)
        .map_err(|_| FieldError::new("occurred_at", "occurred_at is an RFC 3339 time, e.g. 2026-11-27T10:00:00Z"))?
        .unix_timestamp();
    if at > now + 3600 {
        return Err(FieldError::new("occurred_at", "occurred_at is more than an hour in the future"));
    }
    let month = Month::of_unix(at)
        .filter(|m| m.year() >= 2000)
        .ok_or_else(|| FieldError::new("occurred_at", "occurred_at is before the year 2000"))?;
    Ok(CheckedEvent { kind, count, occurred_at: at, month })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_780_800; // 2026-11-27T12:00:00Z

    #[test]
    fn months_step_back_across_years() {
        assert_eq!(Month::of_unix(NOW), Some(Month(202611)));
        assert_eq!(Month(202601).previous(), Month(202512));
        let year = Month(202611).last(12);
        assert_eq!(year.first(), Some(&Month(202512)));
        assert_eq!(year.last(), Some(&Month(202611)));
        assert_eq!(Month(202611).label(), "Nov 2026");
    }

    #[test]
    fn usage_fills_missing_months_with_zero() {
        let rows = [MonthUsage { month: Month(202610), messages: 5, whatsapp: 1 }];
        let usage = ResellerUsage::from_rows(Month(202611), &rows, 3);
        assert_eq!(usage.months.len(), 12);
        assert_eq!(usage.months[10].messages, 5);
        assert_eq!(usage.current(), MonthUsage { month: Month(202611), messages: 0, whatsapp: 0 });
    }

    #[test]
    fn percentages_round_and_may_exceed_100() {
        assert_eq!(percent_used(1, 3), Some(33));
        assert_eq!(percent_used(2, 3), Some(67));
        assert_eq!(percent_used(150, 100), Some(150));
        assert_eq!(percent_used(5, 0), None);
    }

    #[test]
    fn events_are_checked_field_by_field() {
        let ok = check_event("e-1", "messages", 3, "2026-11-27T10:00:00Z", NOW).unwrap();
        assert_eq!((ok.kind, ok.count, ok.month), (UsageKind::Messages, 3, Month(202611)));
        let field = |r: Result<_, FieldError>| r.unwrap_err().field;
        assert_eq!(field(check_event("", "messages", 1, "2026-11-27T10:00:00Z", NOW)), "event_id");
        assert_eq!(field(check_event("e", "sms", 1, "2026-11-27T10:00:00Z", NOW)), "kind");
        assert_eq!(field(check_event("e", "messages", 0, "2026-11-27T10:00:00Z", NOW)), "count");
        assert_eq!(field(check_event("e", "messages", 1, "yesterday", NOW)), "occurred_at");
        assert_eq!(field(check_event("e", "messages", 1, "2026-11-28T10:00:00Z", NOW)), "occurred_at");
        // An offset counts in the UTC month.
        let e = check_event("e", "whatsapp_messages", 1, "2026-11-01T00:30:00+01:00", NOW).unwrap();
        assert_eq!(e.month, Month(202610));
    }
}
