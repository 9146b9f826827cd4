use super::FieldError;

/// A commission rate in percent, 0–100 with at most two decimals ("12.5" → 1250 basis points).
pub fn parse_commission_rate(input: &str) -> Result<i64, FieldError> {
    let err = |m: &str| FieldError::new("commission_rate", m);
    let value = input.trim().trim_end_matches('%').trim();
    if value.is_empty() {
        return Err(err("Enter the commission rate"));
    }
    let (whole, frac) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || whole.len() > 3 {
        return Err(err("Enter a number from 0 to 100, like 12.5"));
    }
    if frac.len() > 2 {
        return Err(err("Use at most two decimals"));
    }
    let bp = whole.parse::<i64>().unwrap_or(i64::MAX) * 100 + format!("{frac:0<2}").parse::<i64>().unwrap_or(0);
    if bp > 10_000 {
        return Err(err("The commission rate is at most 100 %"));
    }
    Ok(bp)
}

#[cfg(test)]
mod tests {
    use super::parse_commission_rate;

    #[test]
    fn percent_to_basis_points() {
        for (input, bp) in [("0", 0), ("12.5", 1250), (" 15 % ", 1500), ("100", 10_000), ("7.25", 725), ("3.", 300)] {
            assert_eq!(parse_commission_rate(input).unwrap(), bp, "{input}");
        }
        for bad in ["", "-5", "100.01", "101", "1e2", "12,5", "abc", "1.234", ".5"] {
            assert!(parse_commission_rate(bad).is_err(), "{bad}");
        }
    }
}
