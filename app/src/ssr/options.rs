//! Choices offered by forms: countries with calling codes, the agency's active plans.

use super::db::Db;
use crate::domain::{CountryOption, PlanSummary};
use crate::error::AppError;
use std::sync::OnceLock;

/// Every country that has a telephone numbering plan, with its everyday name, flag,
/// calling code and the other names people know it by; sorted by name (computed once).
pub fn countries() -> &'static [CountryOption] {
    static COUNTRIES: OnceLock<Vec<CountryOption>> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        let phones = &phonenumber::metadata::DATABASE;
        let mut list: Vec<CountryOption> = keshvar::CountryIterator::new()
            .filter_map(|c| {
                let iso2 = c.alpha2().to_string();
                let meta = phones.by_id(iso2.as_str())?;
                let dial_code = meta.country_code();
                let shared = phones.by_code(&dial_code).map_or(0, |all| all.len()) > 1;
                let latin: Vec<&str> = c.unofficial_name_list().iter().copied().filter(|n| is_latin(n)).collect();
                let name = everyday_name(c.iso_short_name(), &latin);
                let mut other_names: Vec<String> = Vec::new();
                for n in [c.iso_short_name(), c.iso_long_name()].into_iter().chain(latin) {
                    if n != name && !other_names.iter().any(|o| o == n) {
                        other_names.push(n.to_owned());
                    }
                }
                Some(CountryOption {
                    iso2,
                    name,
                    flag: c.emoji().to_owned(),
                    dial_code,
                    dial_primary: !shared || meta.is_main_country_for_code(),
                    other_names,
                })
            })
            .collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        list
    })
}

/// The name people use: the first of the usual names when it is shorter than the ISO
/// short name ("United Kingdom", "South Korea", "Russia"), else the ISO short name
/// without its qualifier ("Bolivia (Plurinational State of)" → "Bolivia").
fn everyday_name(iso_short: &str, usual: &[&str]) -> String {
    match usual.iter().find(|n| !n.contains(['(', ','])) {
        Some(first) if first.chars().count() < iso_short.chars().count() => (*first).to_owned(),
        _ => iso_short.split([',', '(']).next().unwrap_or(iso_short).trim().to_owned(),
    }
}

/// Written in the Latin script (the list is for people typing in an English console).
fn is_latin(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// Plans that take new resellers, plus `keep` (named "… (archived)" when archived).
pub async fn active_plans(db: &Db, agency_id: i64, keep: Option<i64>) -> Result<Vec<PlanSummary>, AppError> {
    let plans = sqlx::query_as(
        "SELECT id, CASE WHEN status = 'archived' THEN name || ' (archived)' ELSE name END AS name, price_minor, currency, \
         billing_cycle, messages_limit, whatsapp_limit, team_members_limit \
         FROM plans WHERE agency_id = $1 AND (status = 'active' OR id = $2) ORDER BY price_minor, name",
    )
    .bind(agency_id)
    .bind(keep.unwrap_or(0))
    .fetch_all(db.pool())
    .await?;
    Ok(plans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_names_are_short_and_unqualified() {
        assert_eq!(
            everyday_name("United Kingdom of Great Britain and Northern Ireland", &["United Kingdom", "UK"]),
            "United Kingdom"
        );
        assert_eq!(everyday_name("Korea (Republic of)", &["South Korea", "Korea (South)"]), "South Korea");
        assert_eq!(everyday_name("Bolivia (Plurinational State of)", &[]), "Bolivia");
        assert_eq!(everyday_name("Taiwan, Province of China", &["Taiwan, Province of China", "Taiwan"]), "Taiwan");
        assert_eq!(everyday_name("Czechia", &["Czech Republic"]), "Czechia");
        assert!(is_latin("Côte d'Ivoire") && !is_latin("イギリス"));
    }

    #[test]
    fn the_list_finds_countries_by_every_usual_form() {
        let list = countries();
        assert!(list.len() > 200, "{}", list.len());
        let find = |text: &str| CountryOption::resolve(text, list).map(|c| c.iso2.as_str());
        for (text, iso2) in [
            ("uk", "GB"),
            ("United Kingdom", "GB"),
            ("united kingdom of great britain and northern ireland", "GB"),
            ("+44", "GB"),
            ("44", "GB"),
            ("GB", "GB"),
            ("United States", "US"),
            ("+1", "US"),
            ("South Korea", "KR"),
            ("Russia", "RU"),
        ] {
            assert_eq!(find(text), Some(iso2), "{text}");
        }
        let gb = list.iter().find(|c| c.iso2 == "GB").unwrap();
        assert_eq!(gb.label(), "🇬🇧 United Kingdom +44");
        // Every label is unique: picking one from the list picks one country.
        let mut labels: Vec<String> = list.iter().map(CountryOption::label).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), list.len());
    }
}
