use super::FieldError;
use serde::{Deserialize, Serialize};

/// A phone number as entered: a country (ISO 3166 alpha-2, from the dropdown) and the number.
/// The browser checks its shape; the server checks it against the country's numbering plan
/// (`e164`, server only) and stores E.164.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    country: String,
    number: String,
}

impl Phone {
    pub fn parse(field: &str, country: &str, number: &str) -> Result<Self, FieldError> {
        let country = country.trim().to_ascii_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(FieldError::new(field, "Select the country code"));
        }
        let number = number.trim();
        if number.is_empty() {
            return Err(FieldError::new(field, "Enter a phone number"));
        }
        let allowed = |c: char| c.is_ascii_digit() || " -.()/".contains(c);
        let body = number.strip_prefix('+').unwrap_or(number);
        if !body.chars().all(allowed) {
            return Err(FieldError::new(field, "Use digits only (spaces, dashes and brackets are fine)"));
        }
        let digits = body.chars().filter(char::is_ascii_digit).count();
        if !(4..=15).contains(&digits) {
            return Err(FieldError::new(field, "A phone number has 4 to 15 digits"));
        }
        Ok(Self { country, number: number.to_owned() })
    }

    /// The number in E.164 (`+14155550100`), if it is valid for its country.
    #[cfg(feature = "ssr")]
    pub fn e164(&self, field: &str) -> Result<String, FieldError> {
        use phonenumber::{country::Id, Mode};
        let invalid = || FieldError::new(field, format!("Enter a valid phone number for {}", self.country));
        let id: Id = self.country.parse().map_err(|_| FieldError::new(field, "Select the country code"))?;
        let parsed = phonenumber::parse(Some(id), &self.number).map_err(|_| invalid())?;
        if !parsed.is_valid() {
            return Err(invalid());
        }
        Ok(parsed.format().mode(Mode::E164).to_string())
    }
}

/// A stored E.164 number written for people, as the phone crate formats it
/// internationally: `+44 20 7946 0018`. A number it cannot read is shown as stored.
#[cfg(feature = "ssr")]
pub fn international(e164: &str) -> String {
    match phonenumber::parse(None, e164) {
        Ok(number) => number.format().mode(phonenumber::Mode::International).to_string(),
        Err(_) => e164.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_the_shape_everywhere() {
        assert!(Phone::parse("phone", "us", "(415) 555-0100").is_ok());
        for (country, number) in [
            ("", "4155550100"),
            ("USA", "4155550100"),
            ("US", ""),
            ("US", "call me"),
            ("US", "12"),
            ("US", "1234567890123456"),
            ("US", "<script>"),
        ] {
            let err = Phone::parse("phone", country, number).unwrap_err();
            assert_eq!(err.field, "phone", "{country:?} {number:?}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn shows_stored_numbers_in_international_format() {
        assert_eq!(international("+12015550123"), "+1 201-555-0123");
        assert_eq!(international("+442079460018"), "+44 20 7946 0018");
        assert_eq!(international("not a number"), "not a number");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn validates_for_the_country_and_stores_e164() {
        for (country, number, e164) in [
            ("US", "(201) 555-0123", "+12015550123"),
            ("GB", "020 7946 0018", "+442079460018"),
            ("DE", "030 901820", "+4930901820"),
            ("IN", "98765 43210", "+919876543210"),
            ("US", "+44 20 7946 0018", "+442079460018"),
        ] {
            assert_eq!(Phone::parse("phone", country, number).unwrap().e164("phone").unwrap(), e164);
        }
        for (country, number) in [("US", "123 4567"), ("GB", "0000 000000"), ("ZZ", "4155550100")] {
            let phone = Phone::parse("phone", country, number).unwrap();
            assert!(phone.e164("phone").is_err(), "{country} {number}");
        }
    }
}
