//! The commission ledger's rules: a sale per billing cycle of a commission reseller's
//! customer, the commission it earns, and the states that commission goes through.
//! Money is in integer minor units of the sale's currency; nothing here is a float.

use super::{format_money, BillingCycle, FieldError, StoredWord};
use serde::{Deserialize, Serialize};
use time::{Date, Month as CalendarMonth, OffsetDateTime};

/// Where a sale's commission stands.
///
/// pending → approved (the refund window passed, or the agency's hand) → paid (a payout);
/// pending or approved → reversed (a refund or a cancellation). Paid and reversed are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaleStatus {
    Pending,
    Approved,
    Paid,
    Reversed,
}

impl StoredWord for SaleStatus {
    const ALL: &'static [Self] = &[SaleStatus::Pending, SaleStatus::Approved, SaleStatus::Paid, SaleStatus::Reversed];

    fn as_str(self) -> &'static str {
        match self {
            SaleStatus::Pending => "pending",
            SaleStatus::Approved => "approved",
            SaleStatus::Paid => "paid",
            SaleStatus::Reversed => "reversed",
        }
    }
}

impl SaleStatus {
    pub fn label(self) -> &'static str {
        match self {
            SaleStatus::Pending => "Pending",
            SaleStatus::Approved => "Approved",
            SaleStatus::Paid => "Paid",
            SaleStatus::Reversed => "Reversed",
        }
    }

    /// The states a commission may move to from this one: the one table of transitions.
    pub fn may_become(self, next: SaleStatus) -> bool {
        use SaleStatus::*;
        matches!((self, next), (Pending, Approved) | (Pending | Approved, Reversed) | (Approved, Paid))
    }

    /// The states from which `next` may be reached (for the guarded UPDATEs).
    pub fn sources_of(next: SaleStatus) -> Vec<SaleStatus> {
        Self::ALL.iter().copied().filter(|s| s.may_become(next)).collect()
    }

    /// Why a move is refused, for the agency.
    pub fn refusal(self, next: SaleStatus) -> String {
        match (self, next) {
            (SaleStatus::Pending, SaleStatus::Paid) => {
                "This commission is still pending: approve it before paying it".into()
            }
            (SaleStatus::Paid, SaleStatus::Reversed) => {
                "This commission was paid: a paid commission cannot be reversed".into()
            }
            (from, to) => {
                format!("A {} commission cannot become {}", from.label().to_lowercase(), to.label().to_lowercase())
            }
        }
    }
}

/// The commission on `amount_minor` at `rate_bp` basis points, rounded half up to a minor unit.
pub fn commission_of(amount_minor: i64, rate_bp: i64) -> i64 {
    let product = i128::from(amount_minor.max(0)) * i128::from(rate_bp.clamp(0, 10_000));
    i64::try_from((product + 5_000) / 10_000).unwrap_or(i64::MAX)
}

fn months_of(cycle: BillingCycle) -> i32 {
    match cycle {
        BillingCycle::Monthly => 1,
        BillingCycle::Quarterly => 3,
        BillingCycle::Yearly => 12,
    }
}

/// `at` moved by whole calendar months (UTC), the day clamped to the month's end
/// (31 January + 1 month = 28 or 29 February); the time of day kept.
pub fn add_months(at: i64, months: i32) -> i64 {
    let Ok(t) = OffsetDateTime::from_unix_timestamp(at) else { return at };
    let index = t.year() * 12 + i32::from(u8::from(t.month())) - 1 + months;
    let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
    let month = CalendarMonth::try_from(month).unwrap_or(CalendarMonth::January);
    let day = t.day().min(month.length(year));
    match Date::from_calendar_date(year, month, day) {
        Ok(date) => t.replace_date(date).unix_timestamp(),
        Err(_) => at,
    }
}

/// Calendar months from `from` to `to` (by year and month only).
fn months_between(from: i64, to: i64) -> i32 {
    let ym = |at: i64| {
        OffsetDateTime::from_unix_timestamp(at).map(|t| t.year() * 12 + i32::from(u8::from(t.month()))).unwrap_or(0)
    };
    ym(to) - ym(from)
}

/// The end of the billing cycle that starts at `start`, for a customer billed since
/// `anchor`: cycles are counted from the anchor, so a customer who started on the 31st is
/// billed on the last day of short months and on the 31st again after them.
pub fn cycle_end(anchor: i64, start: i64, cycle: BillingCycle) -> i64 {
    let step = months_of(cycle);
    let done = months_between(anchor, start).max(0) / step;
    let mut end = add_months(anchor, (done + 1) * step);
    // A start inside a cycle (never made by renewals) still ends after it starts.
    while end <= start {
        end = add_months(end, step);
    }
    end
}

/// "2026-12" for a moment (UTC).
pub fn month_key(at: i64) -> String {
    OffsetDateTime::from_unix_timestamp(at)
        .map(|t| format!("{:04}-{:02}", t.year(), u8::from(t.month())))
        .unwrap_or_default()
}

/// The first and the end (exclusive) second of a month written "2026-12".
pub fn month_bounds(key: &str) -> Option<(i64, i64)> {
    let (y, m) = key.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (year, month): (i32, u8) = (y.parse().ok()?, m.parse().ok()?);
    let start = Date::from_calendar_date(year, CalendarMonth::try_from(month).ok()?, 1).ok()?;
    let start = start.midnight().assume_utc().unix_timestamp();
    Some((start, add_months(start, 1)))
}

/// "December 2026" for "2026-12".
pub fn month_label(key: &str) -> String {
    match month_bounds(key).and_then(|(start, _)| OffsetDateTime::from_unix_timestamp(start).ok()) {
        Some(t) => format!("{} {}", t.month(), t.year()),
        None => key.to_owned(),
    }
}

/// Longest payout reference.
pub const PAYOUT_REFERENCE_MAX_CHARS: usize = 100;
/// Longest refund window, in days.
pub const REFUND_WINDOW_MAX_DAYS: i64 = 365;

/// A payout as the agency types it: the day it was paid and a reference (a transfer id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayout {
    /// "2026-12-04".
    pub paid_on: String,
    pub reference: String,
}

impl NewPayout {
    pub fn parse(paid_on: &str, reference: &str, today: Date) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let format = time::macros::format_description!("[year]-[month]-[day]");
        match Date::parse(paid_on.trim(), format) {
            Ok(date) if date > today => {
                errors.push(FieldError::new("paid_on", "A payout cannot be dated in the future"))
            }
            Ok(_) => {}
            Err(_) => errors.push(FieldError::new("paid_on", "Enter the day it was paid, like 2026-12-04")),
        }
        let reference = super::text::single_line("reference", reference, PAYOUT_REFERENCE_MAX_CHARS)
            .map_err(|e| errors.push(e))
            .unwrap_or_default()
            .to_owned();
        if errors.is_empty() {
            Ok(Self { paid_on: paid_on.trim().to_owned(), reference })
        } else {
            Err(errors)
        }
    }
}

/// The refund window as typed: whole days, 0–365.
pub fn parse_refund_window(input: &str) -> Result<i64, FieldError> {
    input
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (0..=REFUND_WINDOW_MAX_DAYS).contains(d))
        .ok_or_else(|| FieldError::new("refund_window_days", "Enter a number of days from 0 to 365"))
}

/// One sale and its commission, as the ledger lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRow {
    pub id: i64,
    pub reseller_id: i64,
    pub reseller_name: String,
    pub customer_name: String,
    pub plan_name: String,
    pub cycle_start: i64,
    pub cycle_end: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub rate_bp: i64,
    pub commission_minor: i64,
    pub status: SaleStatus,
    /// When it is approved on its own, if still pending.
    pub approve_after: i64,
    pub payout_reference: Option<String>,
}

impl SaleRow {
    /// Where it stands, in words: "Pending until 18 Dec 2026", "Paid · TR-881", "Approved".
    pub fn status_text(&self) -> String {
        match (self.status, self.payout_reference.as_deref()) {
            (SaleStatus::Pending, _) => format!("Pending until {}", super::format_date(self.approve_after)),
            (SaleStatus::Paid, Some(r)) if !r.is_empty() => format!("Paid · {r}"),
            (other, _) => other.label().into(),
        }
    }

    /// "12.50 %".
    pub fn rate_label(&self) -> String {
        format!("{}.{:02} %", self.rate_bp / 100, self.rate_bp % 100)
    }
}

/// A reseller's commissions in one currency, by state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CommissionTotals {
    pub reseller_id: i64,
    pub reseller_name: String,
    pub currency: String,
    pub sales_minor: i64,
    pub pending_minor: i64,
    pub approved_minor: i64,
    pub paid_minor: i64,
    pub reversed_minor: i64,
}

impl CommissionTotals {
    /// Owed: earned and not yet paid (pending and approved).
    pub fn owed_minor(&self) -> i64 {
        self.pending_minor + self.approved_minor
    }

    pub fn money(&self, minor: i64) -> String {
        format_money(minor, &self.currency)
    }
}

/// A payout, as both sides list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PayoutRow {
    pub id: i64,
    pub reseller_id: i64,
    pub reseller_name: String,
    pub amount_minor: i64,
    pub currency: String,
    pub paid_on: String,
    pub reference: String,
    /// How many commissions it paid.
    pub entries: i64,
}

/// What the ledger is narrowed to (the Commissions page's URL: `?reseller=3&month=2026-12`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerQuery {
    pub reseller_id: Option<i64>,
    /// "2026-12"; none for every month.
    pub month: Option<String>,
    pub status: Option<SaleStatus>,
}

impl LedgerQuery {
    /// From URL parameters; odd values fall back to "all".
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            reseller_id: get("reseller").and_then(|v| v.trim().parse().ok()).filter(|id: &i64| *id > 0),
            month: get("month").filter(|m| month_bounds(m).is_some()),
            status: get("status").and_then(|v| SaleStatus::from_word(v.trim())),
        }
    }

    /// The Commissions page's URL for this query.
    pub fn href(&self) -> String {
        super::url_params::href("/partners/commissions", &self.params())
    }

    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(id) = self.reseller_id {
            params.push(("reseller", id.to_string()));
        }
        if let Some(month) = &self.month {
            params.push(("month", month.clone()));
        }
        if let Some(status) = self.status {
            params.push(("status", status.as_str().to_owned()));
        }
        params
    }
}

/// Ledger entries shown at most on one page (the newest first; CSV statements have all).
pub const LEDGER_PAGE_LIMIT: i64 = 200;

/// The Commissions page (and the portal's Earnings): totals, entries, payouts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    /// Per reseller and currency, for the whole query (every entry, not only those shown).
    pub totals: Vec<CommissionTotals>,
    pub entries: Vec<SaleRow>,
    /// How many entries match (the page shows `LEDGER_PAGE_LIMIT` at most).
    pub matching: i64,
    pub payouts: Vec<PayoutRow>,
    /// Months with sales, newest first ("2026-12").
    pub months: Vec<String>,
    pub refund_window_days: i64,
    /// The server's date ("2026-12-04", UTC): a payout's default day.
    pub today: String,
}

/// The statement's columns, one source for the console's and the portal's CSV.
pub const STATEMENT_HEADER: [&str; 10] = [
    "Cycle start",
    "Cycle end",
    "Customer",
    "Plan",
    "Currency",
    "Sale",
    "Rate (%)",
    "Commission",
    "Status",
    "Payout reference",
];

/// An amount as a plain decimal for spreadsheets ("49.00").
pub fn plain_amount(minor: i64, currency: &str) -> String {
    let decimals = super::Currency::find(currency).map(|c| c.decimals).unwrap_or(2);
    if decimals == 0 {
        return minor.to_string();
    }
    let unit = 10i64.pow(decimals);
    format!(
        "{}{}.{:0w$}",
        if minor < 0 { "-" } else { "" },
        (minor / unit).abs(),
        (minor % unit).abs(),
        w = decimals as usize
    )
}

impl SaleRow {
    /// The entry as the statement's cells.
    pub fn statement_cells(&self) -> [String; 10] {
        let day = |at: i64| OffsetDateTime::from_unix_timestamp(at).map(|t| t.date().to_string()).unwrap_or_default();
        [
            day(self.cycle_start),
            day(self.cycle_end),
            self.customer_name.clone(),
            self.plan_name.clone(),
            self.currency.clone(),
            plain_amount(self.amount_minor, &self.currency),
            format!("{}.{:02}", self.rate_bp / 100, self.rate_bp % 100),
            plain_amount(self.commission_minor, &self.currency),
            self.status.label().to_owned(),
            self.payout_reference.clone().unwrap_or_default(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAN_31_2026: i64 = 1_769_860_800; // 2026-01-31 12:00:00 UTC

    fn day(at: i64) -> String {
        OffsetDateTime::from_unix_timestamp(at).unwrap().date().to_string()
    }

    #[test]
    fn transitions_follow_the_one_table() {
        use SaleStatus::*;
        let allowed = [(Pending, Approved), (Pending, Reversed), (Approved, Reversed), (Approved, Paid)];
        for from in SaleStatus::ALL {
            for to in SaleStatus::ALL {
                assert_eq!(from.may_become(*to), allowed.contains(&(*from, *to)), "{from:?} → {to:?}");
            }
        }
        assert_eq!(SaleStatus::sources_of(Reversed), vec![Pending, Approved]);
        assert_eq!(SaleStatus::sources_of(Paid), vec![Approved]);
        assert!(Pending.refusal(Paid).contains("approve it"));
        assert!(Paid.refusal(Reversed).contains("cannot be reversed"));
    }

    #[test]
    fn commission_rounds_half_up_in_minor_units() {
        assert_eq!(commission_of(4_900, 1_250), 613); // 612.5 → 613
        assert_eq!(commission_of(4_900, 1_000), 490);
        assert_eq!(commission_of(1, 4_999), 0);
        assert_eq!(commission_of(1, 5_000), 1);
        assert_eq!(commission_of(0, 10_000), 0);
        assert_eq!(commission_of(i64::MAX, 10_000), i64::MAX);
        assert_eq!(commission_of(-5, 1_000), 0);
    }

    #[test]
    fn commissions_never_exceed_the_sale_and_sum_exactly() {
        // Every amount up to 3,000 at a spread of rates: 0 ≤ commission ≤ amount, and
        // within half a minor unit of the exact value.
        for amount in 0..3_000i64 {
            for bp in [0, 1, 333, 1_250, 5_000, 9_999, 10_000] {
                let c = commission_of(amount, bp);
                assert!((0..=amount).contains(&c));
                assert!((c * 10_000 - amount * bp).abs() <= 5_000, "{amount} at {bp}");
            }
        }
    }

    #[test]
    fn months_are_added_on_the_calendar() {
        assert_eq!(day(add_months(JAN_31_2026, 1)), "2026-02-28");
        assert_eq!(day(add_months(JAN_31_2026, 3)), "2026-04-30");
        assert_eq!(day(add_months(JAN_31_2026, 12)), "2027-01-31");
        assert_eq!(day(add_months(JAN_31_2026, -2)), "2025-11-30");
        assert_eq!(add_months(JAN_31_2026, 1) % 86_400, JAN_31_2026 % 86_400, "time of day kept");
    }

    #[test]
    fn cycles_count_from_the_anchor() {
        let a = JAN_31_2026;
        let feb = cycle_end(a, a, BillingCycle::Monthly);
        assert_eq!(day(feb), "2026-02-28");
        let mar = cycle_end(a, feb, BillingCycle::Monthly);
        assert_eq!(day(mar), "2026-03-31", "back to the 31st after February");
        assert_eq!(day(cycle_end(a, a, BillingCycle::Quarterly)), "2026-04-30");
        assert_eq!(day(cycle_end(a, a, BillingCycle::Yearly)), "2027-01-31");
        // Any start: the end is after it.
        for start in [a + 1, a + 40 * 86_400, a + 400 * 86_400] {
            assert!(cycle_end(a, start, BillingCycle::Monthly) > start);
        }
    }

    #[test]
    fn months_have_keys_bounds_and_labels() {
        assert_eq!(month_key(JAN_31_2026), "2026-01");
        let (start, end) = month_bounds("2026-02").unwrap();
        assert_eq!((day(start), day(end)), ("2026-02-01".into(), "2026-03-01".into()));
        assert_eq!(month_label("2026-12"), "December 2026");
        for bad in ["", "2026", "2026-13", "2026-1", "26-01", "2026-00", "x-y"] {
            assert!(month_bounds(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn payouts_need_a_past_day_and_a_one_line_reference() {
        let today = Date::from_calendar_date(2026, CalendarMonth::December, 4).unwrap();
        assert!(NewPayout::parse("2026-12-04", "TR-881", today).is_ok());
        assert!(NewPayout::parse("2026-12-05", "", today).unwrap_err()[0].message.contains("future"));
        assert_eq!(NewPayout::parse("04/12/2026", "", today).unwrap_err()[0].field, "paid_on");
        assert_eq!(NewPayout::parse("2026-12-01", "a\nb", today).unwrap_err()[0].field, "reference");
        assert_eq!(parse_refund_window(" 30 "), Ok(30));
        for bad in ["", "-1", "366", "1.5", "x"] {
            assert!(parse_refund_window(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn statement_amounts_are_plain_decimals() {
        assert_eq!(plain_amount(4_900, "USD"), "49.00");
        assert_eq!(plain_amount(5, "EUR"), "0.05");
        assert_eq!(plain_amount(1_200, "JPY"), "1200");
        assert_eq!(plain_amount(-250, "USD"), "-2.50");
    }
}
