use serde::{Deserialize, Serialize};

/// A country in the phone dropdown: "United States (+1)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryOption {
    /// ISO 3166 alpha-2, e.g. "US".
    pub iso2: String,
    pub name: String,
    /// Country calling code without "+", e.g. 1.
    pub dial_code: u16,
}

impl CountryOption {
    /// What the searchable field shows and accepts: "United States +1 (US)".
    pub fn label(&self) -> String {
        format!("{} +{} ({})", self.name, self.dial_code, self.iso2)
    }

    /// The country meant by what was typed or picked: a label, a name or an ISO code.
    pub fn resolve<'a>(text: &str, options: &'a [CountryOption]) -> Option<&'a CountryOption> {
        let text = text.trim();
        options
            .iter()
            .find(|c| c.label() == text || c.iso2.eq_ignore_ascii_case(text) || c.name.eq_ignore_ascii_case(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_labels_names_and_codes() {
        let options = vec![
            CountryOption { iso2: "US".into(), name: "United States".into(), dial_code: 1 },
            CountryOption { iso2: "GB".into(), name: "United Kingdom".into(), dial_code: 44 },
        ];
        assert_eq!(options[1].label(), "United Kingdom +44 (GB)");
        for text in ["United Kingdom +44 (GB)", "gb", " united kingdom "] {
            assert_eq!(CountryOption::resolve(text, &options).map(|c| c.iso2.as_str()), Some("GB"), "{text}");
        }
        assert!(CountryOption::resolve("Atlantis", &options).is_none());
    }
}
