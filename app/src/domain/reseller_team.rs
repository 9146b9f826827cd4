//! A reseller's own team: the people who run its chatbots. Their number is the reseller's
//! team-member count (and, summed, the overview's "Team Members Consumed").

use super::{Email, FieldError, StoredWord};
use serde::{Deserialize, Serialize};

/// Longest member name.
pub const RESELLER_MEMBER_NAME_MAX_CHARS: usize = 120;

/// What a reseller's team member does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// Manages the reseller's chatbots and customers.
    Admin,
    /// Answers the conversations its chatbots hand over.
    Agent,
}

impl StoredWord for MemberRole {
    const ALL: &'static [Self] = &[MemberRole::Admin, MemberRole::Agent];

    fn as_str(self) -> &'static str {
        match self {
            MemberRole::Admin => "admin",
            MemberRole::Agent => "agent",
        }
    }
}

impl MemberRole {
    pub fn label(self) -> &'static str {
        match self {
            MemberRole::Admin => "Admin",
            MemberRole::Agent => "Agent",
        }
    }
}

/// A team member as typed, checked: a one-line name, an e-mail (lower-case), a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResellerMember {
    pub name: String,
    pub email: Email,
    pub role: MemberRole,
}

impl NewResellerMember {
    pub fn parse(name: &str, email: &str, role: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = match super::text::single_line("name", name, RESELLER_MEMBER_NAME_MAX_CHARS) {
            Ok("") => {
                errors.push(FieldError::new("name", "Enter the member's name"));
                None
            }
            Ok(name) => Some(name.to_owned()),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let email = Email::parse("email", email).map_err(|e| errors.push(e)).ok();
        let role = MemberRole::from_word(role.trim());
        if role.is_none() {
            errors.push(FieldError::new("role", "Select admin or agent"));
        }
        match (name, email, role) {
            (Some(name), Some(email), Some(role)) if errors.is_empty() => Ok(Self { name, email, role }),
            _ => Err(errors),
        }
    }
}

/// A member as listed (and as the API answers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerMember {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: MemberRole,
    /// Unix seconds.
    pub created_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_needs_a_name_an_address_and_a_role() {
        let ok = NewResellerMember::parse(" Ana Adams ", "Ana@Harbor.example", "agent").unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.email.as_str(), ok.role),
            ("Ana Adams", "ana@harbor.example", MemberRole::Agent)
        );
        let fields: Vec<String> =
            NewResellerMember::parse("", "nope", "owner").unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "email", "role"]);
        assert!(NewResellerMember::parse("a\u{0}", "a@b.io", "admin").is_err());
    }
}
