//! Human formatting shared by server rendering and the browser, so hydration
//! sees the same text the server wrote.

/// 950 → "950", 1 234 → "1.2k", 123 456 → "123k", 3 400 000 → "3.4M", 2 100 000 000 → "2.1B".
/// One decimal below 100 of a unit, none above.
pub fn format_count(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let a = n.unsigned_abs();
    let scaled = |unit: u64, suffix: &str| {
        let tenths = (a * 10 + unit / 2) / unit; // rounded to one decimal
        if tenths.is_multiple_of(10) || tenths >= 1000 {
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

/// How a reader writes dates: the order of day, month and year, and the clock (12-hour
/// where month-first dates are the custom). Month names stay English, like the console.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateStyle {
    /// "14 Mar 2026, 09:05 UTC"
    #[default]
    DayMonthYear,
    /// "Mar 14, 2026, 9:05 AM UTC"
    MonthDayYear,
    /// "2026-03-14 09:05 UTC"
    YearMonthDay,
}

impl DateStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            DateStyle::DayMonthYear => "dmy",
            DateStyle::MonthDayYear => "mdy",
            DateStyle::YearMonthDay => "ymd",
        }
    }

    pub fn from_word(word: &str) -> Self {
        match word {
            "mdy" => DateStyle::MonthDayYear,
            "ymd" => DateStyle::YearMonthDay,
            _ => DateStyle::DayMonthYear,
        }
    }

    /// The style of the first language of an `Accept-Language` header (or a BCP 47 tag).
    pub fn for_locale(header: &str) -> Self {
        let first = header.split(',').next().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let mut parts = first.split(['-', '_']);
        let language = parts.next().unwrap_or("");
        let region = parts.find(|p| p.len() == 2).unwrap_or("");
        match (language, region) {
            ("en", "us" | "ph" | "pr" | "um" | "as" | "gu" | "mp" | "vi") => DateStyle::MonthDayYear,
            ("zh" | "ja" | "ko" | "hu" | "lt" | "sv" | "mn", _) => DateStyle::YearMonthDay,
            _ => DateStyle::DayMonthYear,
        }
    }
}

/// A unix timestamp (seconds, UTC) as "14 Mar 2026".
pub fn format_date(unix_seconds: i64) -> String {
    format_date_as(DateStyle::DayMonthYear, unix_seconds)
}

/// A date (UTC) written the reader's way.
pub fn format_date_as(style: DateStyle, unix_seconds: i64) -> String {
    use time::macros::format_description;
    let format = match style {
        DateStyle::DayMonthYear => format_description!("[day padding:none] [month repr:short] [year]"),
        DateStyle::MonthDayYear => format_description!("[month repr:short] [day padding:none], [year]"),
        DateStyle::YearMonthDay => format_description!("[year]-[month]-[day]"),
    };
    format_utc(unix_seconds, format)
}

/// A unix timestamp as "14 Mar 2026, 09:05 UTC".
pub fn format_date_time(unix_seconds: i64) -> String {
    format_date_time_as(DateStyle::DayMonthYear, unix_seconds)
}

/// A moment (UTC) written the reader's way.
pub fn format_date_time_as(style: DateStyle, unix_seconds: i64) -> String {
    use time::macros::format_description;
    let clock = match style {
        DateStyle::MonthDayYear => {
            format_utc(unix_seconds, format_description!("[hour repr:12 padding:none]:[minute] [period]"))
        }
        _ => format_utc(unix_seconds, format_description!("[hour]:[minute]")),
    };
    let separator = if style == DateStyle::YearMonthDay { " " } else { ", " };
    format!("{}{separator}{clock} UTC", format_date_as(style, unix_seconds))
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
    let amount = if decimals == 0 { whole } else { format!("{whole}.{:0width$}", a % unit, width = decimals as usize) };
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
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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

/// Text made safe to place between HTML tags: `&`, `<` and `>` as entities.
pub fn escape_html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_is_escaped() {
        assert_eq!(
            escape_html_text("</title><meta http-equiv=\"refresh\"> & co"),
            "&lt;/title&gt;&lt;meta http-equiv=\"refresh\"&gt; &amp; co"
        );
    }

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
        assert_eq!(format_money(12_000_005, "EUR"), "€120,000.05");
        assert_eq!(format_money(5_000, "JPY"), "¥5,000");
        assert_eq!(format_money(1_999, "CHF"), "CHF 19.99");
        assert_eq!(format_exact(1_234_567), "1,234,567");
    }
}

#[cfg(test)]
mod date_style_tests {
    use super::*;

    const T: i64 = 1_773_479_100; // 2026-03-14T09:05:00Z

    #[test]
    fn dates_follow_the_readers_locale() {
        assert_eq!(DateStyle::for_locale("en-US,en;q=0.9"), DateStyle::MonthDayYear);
        assert_eq!(DateStyle::for_locale("en-GB"), DateStyle::DayMonthYear);
        assert_eq!(DateStyle::for_locale("de-DE,de;q=0.9"), DateStyle::DayMonthYear);
        assert_eq!(DateStyle::for_locale("ja"), DateStyle::YearMonthDay);
        assert_eq!(DateStyle::for_locale("zh-Hans-CN"), DateStyle::YearMonthDay);
        assert_eq!(DateStyle::for_locale(""), DateStyle::DayMonthYear);
        assert_eq!(format_date_as(DateStyle::MonthDayYear, T), "Mar 14, 2026");
        assert_eq!(format_date_as(DateStyle::YearMonthDay, T), "2026-03-14");
        assert_eq!(format_date_time_as(DateStyle::DayMonthYear, T), "14 Mar 2026, 09:05 UTC");
        assert_eq!(format_date_time_as(DateStyle::MonthDayYear, T), "Mar 14, 2026, 9:05 AM UTC");
        assert_eq!(format_date_time_as(DateStyle::YearMonthDay, T), "2026-03-14 09:05 UTC");
        for style in [DateStyle::DayMonthYear, DateStyle::MonthDayYear, DateStyle::YearMonthDay] {
            assert_eq!(DateStyle::from_word(style.as_str()), style);
        }
    }
}
