//! Choices offered by forms: countries with calling codes, the agency's active plans.

use super::db::Db;
use crate::domain::{CountryOption, PlanSummary};
use crate::error::AppError;
use std::sync::OnceLock;

/// Every country that has a telephone numbering plan, sorted by name (computed once).
pub fn countries() -> &'static [CountryOption] {
    static COUNTRIES: OnceLock<Vec<CountryOption>> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        let mut list: Vec<CountryOption> = celes::Country::get_countries()
            .iter()
            .filter_map(|c| {
                let meta = phonenumber::metadata::DATABASE.by_id(c.alpha2)?;
                // Official names start with "The" ("The Netherlands"): sort and show them without it.
                let name = c
                    .long_name
                    .strip_prefix("The ")
                    .unwrap_or(c.long_name)
                    .replace(" Of ", " of ")
                    .replace(" And ", " and ")
                    .replace(" The ", " the ");
                Some(CountryOption { iso2: c.alpha2.to_owned(), name, dial_code: meta.country_code() })
            })
            .collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        list
    })
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
