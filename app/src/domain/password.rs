use super::FieldError;

/// A new password for a partner account: 10–128 characters, typed the same twice and,
/// on the server, not easy to guess (zxcvbn score 3 or more, knowing the partner's own
/// name, e-mail and login domain). The browser checks the rest as you type.
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword([redacted])")
    }
}

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(password: &str, confirm: &str, related: &[&str]) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let chars = password.chars().count();
        if chars == 0 {
            errors.push(FieldError::new("password", "Enter a password"));
        } else if chars < Self::MIN_CHARS {
            errors.push(FieldError::new("password", format!("Use at least {} characters", Self::MIN_CHARS)));
        } else if chars > Self::MAX_CHARS {
            errors.push(FieldError::new("password", format!("Use at most {} characters", Self::MAX_CHARS)));
        } else if super::text::has_control(password) {
            errors.push(FieldError::new("password", "Remove control characters"));
        } else if let Some(hint) = weakness(password, related) {
            errors.push(FieldError::new("password", hint));
        }
        if confirm != password {
            errors.push(FieldError::new("confirm_password", "The passwords do not match"));
        }
        if errors.is_empty() {
            Ok(Self(password.to_owned()))
        } else {
            Err(errors)
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// How hard a password is to guess, for the strength meter: zxcvbn's score (0–4) and
/// its advice, knowing the partner's own details.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PasswordRating {
    pub score: u8,
    pub hint: Option<String>,
}

impl PasswordRating {
    /// The lowest score a new password may have.
    pub const MIN_SCORE: u8 = 3;

    pub fn label(&self) -> &'static str {
        ["Very weak", "Weak", "Fair", "Strong", "Very strong"][usize::from(self.score.min(4))]
    }

    #[cfg(feature = "ssr")]
    pub fn of(password: &str, related: &[&str]) -> Self {
        let estimate = zxcvbn::zxcvbn(password, related);
        let hint = estimate
            .feedback()
            .and_then(|f| f.warning().map(|w| w.to_string()).or_else(|| f.suggestions().first().map(|s| s.to_string())))
            .filter(|h| !h.is_empty());
        Self { score: u8::from(estimate.score()), hint }
    }
}

/// Why a password is easy to guess, if it is.
#[cfg(feature = "ssr")]
fn weakness(password: &str, related: &[&str]) -> Option<String> {
    let rating = PasswordRating::of(password, related);
    if rating.score >= PasswordRating::MIN_SCORE {
        return None;
    }
    Some(match rating.hint {
        Some(h) => format!("Too easy to guess: {h}"),
        None => "Too easy to guess: add more words or characters".to_owned(),
    })
}

#[cfg(not(feature = "ssr"))]
fn weakness(_password: &str, _related: &[&str]) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(r: Result<NewPassword, Vec<FieldError>>) -> Vec<String> {
        r.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn length_and_confirmation() {
        assert_eq!(fields(NewPassword::parse("", "", &[])), ["password"]);
        assert_eq!(fields(NewPassword::parse("short", "short", &[])), ["password"]);
        assert_eq!(fields(NewPassword::parse(&"x".repeat(129), &"x".repeat(129), &[])), ["password"]);
        assert_eq!(
            fields(NewPassword::parse("violet-otter-canyon-42", "violet-otter-canyon-4", &[])),
            ["confirm_password"]
        );
        assert!(NewPassword::parse("violet-otter-canyon-42", "violet-otter-canyon-42", &[]).is_ok());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn guessable_passwords_are_refused_on_the_server() {
        for weak in ["password123", "qwertyuiop", "1234567890", "acmemedia2024"] {
            let errors = NewPassword::parse(weak, weak, &["acmemedia", "Acme Media"]).unwrap_err();
            assert!(errors[0].message.starts_with("Too easy to guess"), "{weak}: {errors:?}");
        }
    }
}
