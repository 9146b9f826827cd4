use super::{format_count, format_money, FieldError, StoredWord};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingCycle {
    Monthly,
    Quarterly,
    Yearly,
}

impl StoredWord for BillingCycle {
    const ALL: &'static [Self] = &[BillingCycle::Monthly, BillingCycle::Quarterly, BillingCycle::Yearly];

    fn as_str(self) -> &'static str {
        match self {
            BillingCycle::Monthly => "monthly",
            BillingCycle::Quarterly => "quarterly",
            BillingCycle::Yearly => "yearly",
        }
    }
}

impl BillingCycle {
    /// "per month" and friends, for prices.
    pub fn per(self) -> &'static str {
        match self {
            BillingCycle::Monthly => "per month",
            BillingCycle::Quarterly => "per quarter",
            BillingCycle::Yearly => "per year",
        }
    }

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        Self::from_word(input).ok_or_else(|| FieldError::new("billing_cycle", "Select monthly, quarterly or yearly"))
    }
}

/// What the Plan column's info icon tells about a plan.
///
/// Sent as an array in the order of the fields (like `ResellerRow`, for the pages'
/// hydration data).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "SummaryFields")]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PlanSummary {
    pub id: i64,
    pub name: String,
    pub price_minor: i64,
    pub currency: String,
    pub billing_cycle: BillingCycle,
    pub messages_limit: i64,
    pub whatsapp_limit: i64,
    pub team_members_limit: i64,
}

type SummaryFields = (i64, String, i64, String, BillingCycle, i64, i64, i64);

impl From<SummaryFields> for PlanSummary {
    fn from(
        (id, name, price_minor, currency, billing_cycle, messages_limit, whatsapp_limit, team_members_limit): SummaryFields,
    ) -> Self {
        PlanSummary {
            id,
            name,
            price_minor,
            currency,
            billing_cycle,
            messages_limit,
            whatsapp_limit,
            team_members_limit,
        }
    }
}

impl Serialize for PlanSummary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let PlanSummary {
            id,
            name,
            price_minor,
            currency,
            billing_cycle,
            messages_limit,
            whatsapp_limit,
            team_members_limit,
        } = self;
        (id, name, price_minor, currency, billing_cycle, messages_limit, whatsapp_limit, team_members_limit)
            .serialize(serializer)
    }
}

impl PlanSummary {
    /// e.g. "$49.00 per month".
    pub fn price_label(&self) -> String {
        format!("{} {}", format_money(self.price_minor, &self.currency), self.billing_cycle.per())
    }

    /// The limits as short lines, e.g. "10k messages / month".
    pub fn limit_lines(&self) -> [String; 3] {
        [
            format!("{} messages / month", format_count(self.messages_limit)),
            format!("{} WhatsApp messages / month", format_count(self.whatsapp_limit)),
            format!("{} team members", format_count(self.team_members_limit)),
        ]
    }
}

/// A currency plans can be priced in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    pub symbol: &'static str,
    /// Digits after the decimal point (minor units per unit = 10^decimals).
    pub decimals: u32,
}

impl Currency {
    pub const ALL: &'static [Currency] = &[
        Currency { code: "USD", symbol: "$", decimals: 2 },
        Currency { code: "EUR", symbol: "€", decimals: 2 },
        Currency { code: "GBP", symbol: "£", decimals: 2 },
        Currency { code: "INR", symbol: "₹", decimals: 2 },
        Currency { code: "JPY", symbol: "¥", decimals: 0 },
        Currency { code: "CAD", symbol: "", decimals: 2 },
        Currency { code: "AUD", symbol: "", decimals: 2 },
        Currency { code: "CHF", symbol: "", decimals: 2 },
        Currency { code: "BRL", symbol: "", decimals: 2 },
    ];

    pub fn find(code: &str) -> Option<Currency> {
        Self::ALL.iter().copied().find(|c| c.code == code)
    }

    /// "49", "49.5", "49.50", "1,200.00" → minor units; `None` when not a price.
    pub fn parse_amount(self, input: &str) -> Option<i64> {
        let text: String = input.trim().chars().filter(|c| *c != ',' && *c != ' ').collect();
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !digits(whole)
            || (!frac.is_empty() && !digits(frac))
            || frac.len() > self.decimals as usize
            || whole.len() > 12
        {
            return None;
        }
        let unit = 10i64.pow(self.decimals);
        let frac_minor =
            if frac.is_empty() { 0 } else { frac.parse::<i64>().ok()? * 10i64.pow(self.decimals - frac.len() as u32) };
        whole.parse::<i64>().ok()?.checked_mul(unit)?.checked_add(frac_minor)
    }

    /// Minor units as the amount typed in the form ("49.00", "5000").
    pub fn amount_text(self, minor: i64) -> String {
        let unit = 10i64.pow(self.decimals);
        if self.decimals == 0 {
            minor.to_string()
        } else {
            format!("{}.{:0width$}", minor / unit, minor % unit, width = self.decimals as usize)
        }
    }
}

/// Whether a plan takes new resellers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Active,
    Archived,
}

impl StoredWord for PlanStatus {
    const ALL: &'static [Self] = &[PlanStatus::Active, PlanStatus::Archived];

    fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Active => "active",
            PlanStatus::Archived => "archived",
        }
    }
}

/// One row of the Plans tab. Sent as an array in the order of the fields, like
/// `PlanSummary` (the Resellers page's plan filter carries every plan).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "RowFields")]
pub struct PlanRow {
    pub summary: PlanSummary,
    pub description: String,
    pub status: PlanStatus,
    /// Resellers on this plan.
    pub resellers: i64,
}

type RowFields = (PlanSummary, String, PlanStatus, i64);

impl From<RowFields> for PlanRow {
    fn from((summary, description, status, resellers): RowFields) -> Self {
        PlanRow { summary, description, status, resellers }
    }
}

impl Serialize for PlanRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.summary, &self.description, self.status, self.resellers).serialize(serializer)
    }
}

/// The plan form as typed (all text, so a half-filled form round-trips unchanged).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    pub name: String,
    pub description: String,
    pub price: String,
    pub currency: String,
    pub billing_cycle: String,
    pub messages_limit: String,
    pub whatsapp_limit: String,
    pub team_members_limit: String,
}

/// A plan that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlan {
    pub name: String,
    pub description: String,
    pub price_minor: i64,
    pub currency: &'static str,
    pub billing_cycle: BillingCycle,
    pub messages_limit: i64,
    pub whatsapp_limit: i64,
    pub team_members_limit: i64,
}

pub const PLAN_NAME_MAX_CHARS: usize = 60;
pub const PLAN_DESCRIPTION_MAX_CHARS: usize = 500;

impl PlanInput {
    /// The form filled from a stored plan.
    pub fn from_plan(plan: &PlanRow) -> Self {
        let s = &plan.summary;
        let currency = Currency::find(&s.currency).unwrap_or(Currency::ALL[0]);
        Self {
            name: s.name.clone(),
            description: plan.description.clone(),
            price: currency.amount_text(s.price_minor),
            currency: s.currency.clone(),
            billing_cycle: s.billing_cycle.as_str().to_owned(),
            messages_limit: s.messages_limit.to_string(),
            whatsapp_limit: s.whatsapp_limit.to_string(),
            team_members_limit: s.team_members_limit.to_string(),
        }
    }
}

impl NewPlan {
    /// Every rule at once: all broken fields are reported together.
    pub fn parse(input: &PlanInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        use super::text::{multi_line, single_line};
        let name = match single_line("name", &input.name, PLAN_NAME_MAX_CHARS) {
            Ok("") => {
                errors.push(FieldError::new("name", "Enter the plan's name"));
                String::new()
            }
            Ok(name) => name.to_owned(),
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        let description = multi_line("description", &input.description, PLAN_DESCRIPTION_MAX_CHARS)
            .map_err(|e| errors.push(e))
            .unwrap_or_default()
            .to_owned();
        let currency = Currency::find(input.currency.trim());
        if currency.is_none() {
            errors.push(FieldError::new("currency", "Select a currency"));
        }
        let price_minor = currency.and_then(|c| {
            let parsed = c.parse_amount(&input.price);
            if parsed.is_none() {
                let example = c.amount_text(4900);
                errors.push(FieldError::new("price", format!("Enter a price such as {example}")));
            }
            parsed
        });
        let billing_cycle = BillingCycle::parse(&input.billing_cycle).map_err(|e| errors.push(e)).ok();
        let mut limit = |field: &str, text: &str| -> Option<i64> {
            let parsed =
                text.trim().replace(',', "").parse::<i64>().ok().filter(|n| (0..=1_000_000_000_000).contains(n));
            if parsed.is_none() {
                errors.push(FieldError::new(field, "Enter a whole number, 0 or more"));
            }
            parsed
        };
        let messages_limit = limit("messages_limit", &input.messages_limit);
        let whatsapp_limit = limit("whatsapp_limit", &input.whatsapp_limit);
        let team_members_limit = limit("team_members_limit", &input.team_members_limit);
        match (currency, price_minor, billing_cycle, messages_limit, whatsapp_limit, team_members_limit) {
            (Some(c), Some(price_minor), Some(billing_cycle), Some(m), Some(w), Some(t)) if errors.is_empty() => {
                Ok(NewPlan {
                    name,
                    description,
                    price_minor,
                    currency: c.code,
                    billing_cycle,
                    messages_limit: m,
                    whatsapp_limit: w,
                    team_members_limit: t,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_travels_as_an_array_and_comes_back_whole() {
        let plan = PlanSummary {
            id: 3,
            name: "Scale".into(),
            price_minor: 55_000,
            currency: "EUR".into(),
            billing_cycle: BillingCycle::Quarterly,
            messages_limit: 100_000,
            whatsapp_limit: 25_000,
            team_members_limit: 25,
        };
        let json = serde_json::to_string(&plan).unwrap();
        assert_eq!(json, r#"[3,"Scale",55000,"EUR","quarterly",100000,25000,25]"#);
        assert_eq!(serde_json::from_str::<PlanSummary>(&json).unwrap(), plan);
        let row = PlanRow {
            summary: plan,
            description: "For \"big\" teams".into(),
            status: PlanStatus::Archived,
            resellers: 4,
        };
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(json, r#"[[3,"Scale",55000,"EUR","quarterly",100000,25000,25],"For \"big\" teams","archived",4]"#);
        assert_eq!(serde_json::from_str::<PlanRow>(&json).unwrap(), row);
    }

    fn input() -> PlanInput {
        PlanInput {
            name: "Growth".into(),
            description: "For growing teams".into(),
            price: "49.50".into(),
            currency: "USD".into(),
            billing_cycle: "monthly".into(),
            messages_limit: "10,000".into(),
            whatsapp_limit: "2000".into(),
            team_members_limit: "5".into(),
        }
    }

    #[test]
    fn parses_a_valid_plan() {
        let plan = NewPlan::parse(&input()).unwrap();
        assert_eq!(plan.price_minor, 4950);
        assert_eq!(plan.messages_limit, 10_000);
        assert_eq!(plan.billing_cycle, BillingCycle::Monthly);
    }

    #[test]
    fn reports_every_broken_field() {
        let bad = PlanInput {
            name: " ".into(),
            price: "49.999".into(),
            billing_cycle: "weekly".into(),
            team_members_limit: "-1".into(),
            ..input()
        };
        let fields: Vec<String> = NewPlan::parse(&bad).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "price", "billing_cycle", "team_members_limit"]);
    }

    #[test]
    fn prices_follow_the_currency() {
        let usd = Currency::find("USD").unwrap();
        let jpy = Currency::find("JPY").unwrap();
        assert_eq!(usd.parse_amount("1,200"), Some(120_000));
        assert_eq!(usd.parse_amount("0.5"), Some(50));
        assert_eq!(usd.parse_amount("abc"), None);
        assert_eq!(jpy.parse_amount("5000"), Some(5000));
        assert_eq!(jpy.parse_amount("50.5"), None);
        assert_eq!(usd.amount_text(4950), "49.50");
    }

    #[test]
    fn the_form_round_trips_a_stored_plan() {
        let plan = NewPlan::parse(&input()).unwrap();
        let row = PlanRow {
            summary: PlanSummary {
                id: 1,
                name: plan.name.clone(),
                price_minor: plan.price_minor,
                currency: plan.currency.into(),
                billing_cycle: plan.billing_cycle,
                messages_limit: plan.messages_limit,
                whatsapp_limit: plan.whatsapp_limit,
                team_members_limit: plan.team_members_limit,
            },
            description: plan.description.clone(),
            status: PlanStatus::Active,
            resellers: 0,
        };
        assert_eq!(NewPlan::parse(&PlanInput::from_plan(&row)), Ok(plan));
    }
}
