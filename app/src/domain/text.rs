//! Text from outside (forms, URLs, the API), checked before anything else sees it.
//!
//! One rule for every field: no NUL or other control characters (PostgreSQL cannot
//! store NUL at all, and no name, e-mail, id or domain ever needs one), and a length cap.
//! Multi-line fields (a plan's description) may hold line breaks and tabs, nothing else.

use super::FieldError;

/// The message every field shows when it holds a control character.
pub const CONTROL_CHARACTERS: &str = "Remove line breaks and control characters";

/// Whether `text` holds a control character (NUL, line breaks, escape codes …).
pub fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// A one-line field: trimmed, no control characters, at most `max_chars`.
pub fn single_line<'a>(field: &str, input: &'a str, max_chars: usize) -> Result<&'a str, FieldError> {
    let value = input.trim();
    if has_control(value) {
        return Err(FieldError::new(field, CONTROL_CHARACTERS));
    }
    if value.chars().count() > max_chars {
        return Err(FieldError::new(field, format!("Use at most {max_chars} characters")));
    }
    Ok(value)
}

/// A multi-line field: trimmed, line breaks and tabs allowed, no other control character,
/// at most `max_chars`.
pub fn multi_line<'a>(field: &str, input: &'a str, max_chars: usize) -> Result<&'a str, FieldError> {
    let value = input.trim();
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(FieldError::new(field, "Remove control characters"));
    }
    if value.chars().count() > max_chars {
        return Err(FieldError::new(field, format!("Use at most {max_chars} characters")));
    }
    Ok(value)
}

/// A LIKE pattern matching `text` anywhere, with LIKE's own `%`, `_` and `\` escaped so
/// they match themselves (use with `ESCAPE '\'`). The one rule for every substring search.
pub fn like_contains(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// For lookups that never fail (a search box, a URL parameter): the text without its
/// control characters, trimmed, cut at `max_chars`.
pub fn lookup_text(input: &str, max_chars: usize) -> String {
    let kept: String = input.chars().filter(|c| !c.is_control()).collect();
    kept.trim().chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_fields_refuse_every_control_character() {
        for bad in ["a\u{0}b", "a\nb", "\u{1b}[31m", "tab\there", "del\u{7f}", "c1\u{85}x"] {
            let err = single_line("name", bad, 100).unwrap_err();
            assert_eq!((err.field.as_str(), err.message.as_str()), ("name", CONTROL_CHARACTERS), "{bad:?}");
        }
        assert_eq!(
            single_line("name", "  Ärzte & Söhne \u{202e} 東京 🙂 ", 100).unwrap(),
            "Ärzte & Söhne \u{202e} 東京 🙂"
        );
        assert!(single_line("name", &"é".repeat(11), 10).is_err());
        assert!(single_line("name", &"é".repeat(10), 10).is_ok());
    }

    #[test]
    fn multi_line_fields_keep_line_breaks_only() {
        assert_eq!(multi_line("d", "one\r\ntwo\tthree", 50).unwrap(), "one\r\ntwo\tthree");
        assert!(multi_line("d", "nul\u{0}", 50).is_err());
        assert!(multi_line("d", "bell\u{7}", 50).is_err());
    }

    #[test]
    fn lookups_drop_control_characters() {
        assert_eq!(lookup_text(" ac\u{0}me\n ", 100), "acme");
        assert_eq!(lookup_text(&"x".repeat(500), 100).len(), 100);
    }
}
