//! A reseller's customers: the businesses its chatbots serve.

use super::{Email, FieldError, StoredWord};
use serde::{Deserialize, Serialize};

/// Customers per page, in the portal and on the agency's details page.
pub const CUSTOMER_PAGE_SIZE: u32 = 25;
/// Longest customer name.
pub const CUSTOMER_NAME_MAX_CHARS: usize = 120;
/// Longest search text (longer text is cut).
pub const CUSTOMER_SEARCH_MAX_CHARS: usize = 100;

/// Whether a customer's chatbots run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    Active,
    Suspended,
}

impl StoredWord for CustomerStatus {
    const ALL: &'static [Self] = &[CustomerStatus::Active, CustomerStatus::Suspended];

    fn as_str(self) -> &'static str {
        match self {
            CustomerStatus::Active => "active",
            CustomerStatus::Suspended => "suspended",
        }
    }
}

impl CustomerStatus {
    pub fn label(self) -> &'static str {
        match self {
            CustomerStatus::Active => "Active",
            CustomerStatus::Suspended => "Suspended",
        }
    }
}

/// A customer's name and e-mail, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustomer {
    pub name: String,
    pub email: Email,
}

impl NewCustomer {
    /// Name: one line, 1–120 characters; e-mail: a valid address (stored lower-case).
    pub fn parse(name: &str, email: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = match super::text::single_line("name", name, CUSTOMER_NAME_MAX_CHARS) {
            Ok("") => {
                errors.push(FieldError::new("name", "Enter the customer's name"));
                None
            }
            Ok(name) => Some(name.to_owned()),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let email = Email::parse("email", email).map_err(|e| errors.push(e)).ok();
        match (name, email) {
            (Some(name), Some(email)) if errors.is_empty() => Ok(Self { name, email }),
            _ => Err(errors),
        }
    }
}

/// One customer as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub status: CustomerStatus,
    pub created_at: i64,
    /// Its plan: one of the agency's (commission resellers) or of the reseller's own.
    pub plan_id: Option<i64>,
    pub plan_name: Option<String>,
    /// When its next billing cycle starts (customers on an agency plan).
    pub renews_at: Option<i64>,
    /// This month's usage reported for this customer (part of the reseller's).
    pub messages: i64,
    pub whatsapp: i64,
}

/// A page of a reseller's customers: those matching `q` (name or e-mail), oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPage {
    pub rows: Vec<CustomerRow>,
    /// Customers matching the search.
    pub total: i64,
    /// All the reseller's customers.
    pub all: i64,
    pub page: u32,
}

impl CustomerPage {
    pub fn pages(&self) -> u32 {
        (self.total.max(0) as u64).div_ceil(u64::from(CUSTOMER_PAGE_SIZE)).max(1) as u32
    }
}

/// A customer's usage in a line: "1.2k messages · 56 WhatsApp".
pub fn customer_usage_line(messages: i64, whatsapp: i64) -> String {
    format!("{} messages · {} WhatsApp", super::format_count(messages), super::format_count(whatsapp))
}

/// A search text as typed: trimmed, control characters dropped, at most 100 characters.
pub fn customer_search(q: &str) -> String {
    q.trim().chars().filter(|c| !c.is_control()).take(CUSTOMER_SEARCH_MAX_CHARS).collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_need_a_name_and_an_e_mail() {
        let ok = NewCustomer::parse("  Bistro Lumen ", "Hello@Lumen.example").unwrap();
        assert_eq!((ok.name.as_str(), ok.email.as_str()), ("Bistro Lumen", "hello@lumen.example"));
        let errors = NewCustomer::parse(" ", "nope").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email"]);
        assert!(NewCustomer::parse("a\u{0}b", "a@b.io").is_err());
        assert!(NewCustomer::parse(&"x".repeat(121), "a@b.io").is_err());
    }

    #[test]
    fn searches_are_trimmed_and_capped() {
        assert_eq!(customer_search("  Lu\u{0}MEN "), "lumen");
        assert_eq!(customer_search(&"a".repeat(500)).len(), 100);
    }

    #[test]
    fn pages_round_up() {
        let page = |total| CustomerPage { rows: vec![], total, all: total, page: 1 }.pages();
        assert_eq!((page(0), page(25), page(26)), (1, 1, 2));
    }
}
