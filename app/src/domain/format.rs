//! Human formatting shared by server rendering and the browser, so hydration
//! sees the same text the server wrote.

/// 950 → "950", 1 234 → "1.2k", 123 456 → "123k", 3 400 000 → "3.4M", 2 100 000 000 → "2.1B".
/// One decimal below 100 of a unit, none above.
pub fn format_count(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let a = n.unsigned_abs();
    let scaled = |unit: u64, suffix: &str| {
        let tenths = (a * 10 + unit / 2) / unit; // rounded to one decimal
        if tenths % 10 == 0 || tenths >= 1000 {
            format!("{sign}{}{suffix}", tenths / 10)
        } else {
            format!("{sign}{}.{}{suffix}", tenths / 10, tenths % 10)
        }
    };
    match a {
        0..=999 => format!("{sign}{a}"),
        1_000..=999_949 => scaled(1_000, "k"),
        999_950..=999_949_999 => scaled(1_000_000, "M"),
        _ => scaled(1_000_000_000, "B"),
    }
}

/// A unix timestamp (seconds, UTC) as "14 Mar 2026".
pub fn format_date(unix_seconds: i64) -> String {
    use time::macros::format_description;
    format_utc(unix_seconds, format_description!("[day padding:none] [month repr:short] [year]"))
}

/// A unix timestamp as "14 Mar 2026, 09:05 UTC".
pub fn format_date_time(unix_seconds: i64) -> String {
    use time::macros::format_description;
    format_utc(unix_seconds, format_description!("[day padding:none] [month repr:short] [year], [hour]:[minute] UTC"))
}

/// A unix timestamp in UTC with a format, or "—" when it is out of range.
fn format_utc(unix_seconds: i64, format: &[time::format_description::FormatItem<'_>]) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| "—".to_owned())
}

/// Minor units and an ISO 4217 code as "$49.00", "€1,200.00", "JPY 5,000".
pub fn format_money(minor: i64, currency: &str) -> String {
    let (symbol, decimals) = super::Currency::find(currency).map(|c| (c.symbol, c.decimals)).unwrap_or(("", 2));
    let sign = if minor < 0 { "-" } else { "" };
    let a = minor.unsigned_abs();
    let unit = 10u64.pow(decimals);
    let whole = group_thousands(a / unit);
    let amount = if decimals == 0 {
        whole
    } else {
        format!("{whole}.{:0width$}", a % unit, width = decimals as usize)
    };
    if symbol.is_empty() {
        format!("{sign}{currency} {amount}")
    } else {
        format!("{sign}{symbol}{amount}")
    }
}

/// 1234567 → "1,234,567".
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Exact figure with thousands separators, for the hover text next to a short figure.
pub fn format_exact(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(n.unsigned_abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_like_people_write_them() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1k"),
            (1_234, "1.2k"),
            (12_345, "12.3k"),
            (123_456, "123k"),
            (999_949, "999k"),
            (999_950, "1M"),
            (3_400_000, "3.4M"),
            (2_100_000_000, "2.1B"),
            (-1_500, "-1.5k"),
        ] {
            assert_eq!(format_count(n), text, "{n}");
        }
    }

    #[test]
    fn dates_and_money() {
        assert_eq!(format_date(1_773_446_400), "14 Mar 2026");
        assert_eq!(format_money(4_900, "USD"), "$49.00");
        assert_eq!(format_money(120_000_05, "EUR"), "€120,000.05");
        assert_eq!(format_money(5_000, "JPY"), "¥5,000");
        assert_eq!(format_money(1_999, "CHF"), "CHF 19.99");
        assert_eq!(format_exact(1_234_567), "1,234,567");
    }
}
