use serde::{Deserialize, Serialize};

/// A country in the phone field's list: "🇬🇧 United Kingdom +44".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryOption {
    /// ISO 3166 alpha-2, e.g. "GB".
    pub iso2: String,
    /// Its everyday name: "United Kingdom".
    pub name: String,
    /// Its flag as an emoji ("🇬🇧"), empty where there is none.
    pub flag: String,
    /// Country calling code without "+", e.g. 44.
    pub dial_code: u16,
    /// Whether the calling code alone means this country (+1 is the United States).
    pub dial_primary: bool,
    /// Other names people type: the official name, "UK", "Great Britain".
    pub other_names: Vec<String>,
}

impl CountryOption {
    /// What the field shows once the country is chosen: "🇬🇧 United Kingdom +44".
    pub fn label(&self) -> String {
        format!("{} {} +{}", self.flag, self.name, self.dial_code).trim_start().to_owned()
    }

    /// What the list shows beside the label, so that typing any of it finds the country:
    /// "GB · United Kingdom of Great Britain and Northern Ireland · UK · Great Britain".
    pub fn search_text(&self) -> String {
        std::iter::once(self.iso2.as_str())
            .chain(self.other_names.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The country meant by what was typed or picked: its label, any of its names, its
    /// ISO code, or its calling code ("44", "+44"; a shared code means its main country).
    pub fn resolve<'a>(text: &str, options: &'a [CountryOption]) -> Option<&'a CountryOption> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let wanted = text.to_lowercase();
        let same = |name: &str| name.to_lowercase() == wanted;
        let named = options
            .iter()
            .find(|c| c.label() == text || same(&c.iso2) || same(&c.name) || c.other_names.iter().any(|n| same(n)));
        if named.is_some() {
            return named;
        }
        let code: u16 = text.strip_prefix('+').unwrap_or(text).trim().parse().ok()?;
        let mut sharing = options.iter().filter(|c| c.dial_code == code);
        let first = sharing.next()?;
        let rest: Vec<_> = sharing.collect();
        if rest.is_empty() {
            return Some(first);
        }
        std::iter::once(first).chain(rest).find(|c| c.dial_primary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(iso2: &str, name: &str, dial_code: u16, dial_primary: bool, other: &[&str]) -> CountryOption {
        CountryOption {
            iso2: iso2.into(),
            name: name.into(),
            flag: String::new(),
            dial_code,
            dial_primary,
            other_names: other.iter().map(|n| n.to_string()).collect(),
        }
    }

    fn options() -> Vec<CountryOption> {
        vec![
            country("CA", "Canada", 1, false, &[]),
            country("US", "United States", 1, true, &["United States of America"]),
            country("GB", "United Kingdom", 44, false, &["United Kingdom of Great Britain and Northern Ireland", "UK"]),
            country("CI", "Côte d'Ivoire", 225, false, &[]),
        ]
    }

    #[test]
    fn resolves_every_form_people_type() {
        let options = options();
        let gb = CountryOption { flag: "🇬🇧".into(), ..options[2].clone() };
        assert_eq!(gb.label(), "🇬🇧 United Kingdom +44");
        assert_eq!(options[2].label(), "United Kingdom +44", "no flag, no leading space");
        for text in [
            "United Kingdom +44",
            "uk",
            "UK",
            "united kingdom",
            " United Kingdom of Great Britain and Northern Ireland ",
            "gb",
            "44",
            "+44",
            "+ 44",
        ] {
            assert_eq!(CountryOption::resolve(text, &options).map(|c| c.iso2.as_str()), Some("GB"), "{text:?}");
        }
        assert_eq!(CountryOption::resolve("CÔTE D'IVOIRE", &options).map(|c| c.iso2.as_str()), Some("CI"));
        assert_eq!(CountryOption::resolve("+1", &options).map(|c| c.iso2.as_str()), Some("US"), "a shared code");
        assert_eq!(CountryOption::resolve("united states", &options).map(|c| c.iso2.as_str()), Some("US"));
        for nothing in ["", "  ", "Atlantis", "+", "999", "4 4", "-44"] {
            assert!(CountryOption::resolve(nothing, &options).is_none(), "{nothing:?}");
        }
    }

    #[test]
    fn the_search_text_holds_the_code_and_other_names() {
        assert_eq!(options()[2].search_text(), "GB · United Kingdom of Great Britain and Northern Ireland · UK");
        assert_eq!(options()[0].search_text(), "CA");
    }
}
