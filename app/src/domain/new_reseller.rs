use super::{
    parse_commission_rate, parse_website, Email, FieldError, LoginDomain, NewPassword, PartnerType, Phone,
    ResellerField, ResellerName,
};
use serde::{Deserialize, Serialize};

/// The create form as typed: plain strings, one per field (the names are the form's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerInput {
    pub partner_type: String,
    pub name: String,
    pub email: String,
    pub phone_country: String,
    pub phone: String,
    pub website: String,
    pub password: String,
    pub confirm_password: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone_country: String,
    pub contact_phone: String,
    pub login_domain: String,
    /// A plan id, or empty for none.
    pub plan_id: String,
    /// Percent, for commission resellers.
    pub commission_rate: String,
}

/// The one table of which field is which member: `slot!(input, field, &)` or `&mut`.
macro_rules! slot {
    ($input:expr, $field:expr, $($borrow:tt)+) => {
        match $field {
            ResellerField::PartnerType => $($borrow)+ $input.partner_type,
            ResellerField::Name => $($borrow)+ $input.name,
            ResellerField::Email => $($borrow)+ $input.email,
            ResellerField::PhoneCountry => $($borrow)+ $input.phone_country,
            ResellerField::Phone => $($borrow)+ $input.phone,
            ResellerField::Website => $($borrow)+ $input.website,
            ResellerField::Password => $($borrow)+ $input.password,
            ResellerField::ConfirmPassword => $($borrow)+ $input.confirm_password,
            ResellerField::ContactName => $($borrow)+ $input.contact_name,
            ResellerField::ContactEmail => $($borrow)+ $input.contact_email,
            ResellerField::ContactPhoneCountry => $($borrow)+ $input.contact_phone_country,
            ResellerField::ContactPhone => $($borrow)+ $input.contact_phone,
            ResellerField::LoginDomain => $($borrow)+ $input.login_domain,
            ResellerField::PlanId => $($borrow)+ $input.plan_id,
            ResellerField::CommissionRate => $($borrow)+ $input.commission_rate,
        }
    };
}

impl ResellerInput {
    /// The value of a field as typed.
    pub fn get(&self, field: ResellerField) -> &str {
        slot!(self, field, &)
    }

    pub fn set(&mut self, field: ResellerField, value: String) {
        *slot!(self, field, &mut) = value;
    }
}

/// A reseller that obeys every rule. Only `parse` makes one.
#[derive(Debug)]
pub struct NewReseller {
    pub partner_type: PartnerType,
    pub name: ResellerName,
    pub email: Email,
    pub phone: Phone,
    pub website: Option<String>,
    /// Always there for a new reseller; `None` on edit means "keep the current password".
    pub password: Option<NewPassword>,
    pub contact_name: ResellerName,
    pub contact_email: Email,
    pub contact_phone: Phone,
    pub login_domain: LoginDomain,
    pub plan_id: Option<i64>,
    pub commission_rate_bp: Option<i64>,
}

/// The value, or `None` with its error collected.
fn keep<T>(errors: &mut Vec<FieldError>, result: Result<T, FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

impl NewReseller {
    /// Checks every field of a new reseller and reports every broken rule at once, each on its field.
    pub fn parse(input: &ResellerInput) -> Result<Self, Vec<FieldError>> {
        Self::parse_with(input, true)
    }

    /// The same rules for an edit, where an empty password keeps the current one.
    pub fn parse_update(input: &ResellerInput) -> Result<Self, Vec<FieldError>> {
        Self::parse_with(input, false)
    }

    fn parse_with(input: &ResellerInput, password_required: bool) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let partner_type = keep(&mut errors, PartnerType::parse(&input.partner_type));
        let name = keep(&mut errors, ResellerName::parse("name", &input.name));
        let email = keep(&mut errors, Email::parse("email", &input.email));
        let phone = keep(&mut errors, Phone::parse("phone", &input.phone_country, &input.phone));
        let website = keep(&mut errors, parse_website(&input.website));
        let contact_name = keep(&mut errors, ResellerName::parse("contact_name", &input.contact_name));
        let contact_email = keep(&mut errors, Email::parse("contact_email", &input.contact_email));
        let contact_phone =
            keep(&mut errors, Phone::parse("contact_phone", &input.contact_phone_country, &input.contact_phone));
        let login_domain = keep(&mut errors, LoginDomain::parse(&input.login_domain));
        let plan_id = match input.plan_id.trim() {
            "" => match partner_type {
                Some(PartnerType::Commission) => {
                    keep(&mut errors, Err(FieldError::new("plan_id", "Select the plan this partner sells")))
                }
                _ => Some(None),
            },
            id => {
                keep(&mut errors, id.parse::<i64>().map(Some).map_err(|_| FieldError::new("plan_id", "Select a plan")))
            }
        };
        let commission_rate_bp = match partner_type {
            Some(PartnerType::Commission) => keep(&mut errors, parse_commission_rate(&input.commission_rate).map(Some)),
            _ => Some(None),
        };
        let related =
            [input.name.as_str(), input.email.as_str(), input.login_domain.as_str(), input.contact_name.as_str()];
        let keep_password = !password_required && input.password.is_empty() && input.confirm_password.is_empty();
        let password = if keep_password {
            Some(None)
        } else {
            NewPassword::parse(&input.password, &input.confirm_password, &related)
                .map(Some)
                .map_err(|e| errors.extend(e))
                .ok()
        };
        match (
            partner_type,
            name,
            email,
            phone,
            website,
            password,
            contact_name,
            contact_email,
            contact_phone,
            login_domain,
            plan_id,
            commission_rate_bp,
        ) {
            (
                Some(partner_type),
                Some(name),
                Some(email),
                Some(phone),
                Some(website),
                Some(password),
                Some(contact_name),
                Some(contact_email),
                Some(contact_phone),
                Some(login_domain),
                Some(plan_id),
                Some(commission_rate_bp),
            ) if errors.is_empty() => Ok(Self {
                partner_type,
                name,
                email,
                phone,
                website,
                password,
                contact_name,
                contact_email,
                contact_phone,
                login_domain,
                plan_id,
                commission_rate_bp,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn valid_input() -> ResellerInput {
        ResellerInput {
            partner_type: "commission".into(),
            name: "Acme Media".into(),
            email: "Hello@Acme.io".into(),
            phone_country: "US".into(),
            phone: "(201) 555-0123".into(),
            website: "acme.io".into(),
            password: "violet-otter-canyon-42".into(),
            confirm_password: "violet-otter-canyon-42".into(),
            contact_name: "Ana Adams".into(),
            contact_email: "ana@acme.io".into(),
            contact_phone_country: "GB".into(),
            contact_phone: "020 7946 0018".into(),
            login_domain: "acmemedia".into(),
            plan_id: "1".into(),
            commission_rate: "12.5".into(),
        }
    }

    #[test]
    fn a_valid_form_parses_normalised() {
        let r = NewReseller::parse(&valid_input()).unwrap();
        assert_eq!(r.email.as_str(), "hello@acme.io");
        assert_eq!(r.website.as_deref(), Some("https://acme.io"));
        assert_eq!((r.plan_id, r.commission_rate_bp), (Some(1), Some(1250)));
    }

    #[test]
    fn every_broken_rule_is_reported_on_its_field() {
        let input = ResellerInput { partner_type: "commission".into(), ..Default::default() };
        let mut fields: Vec<String> = NewReseller::parse(&input).unwrap_err().into_iter().map(|e| e.field).collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "commission_rate",
                "contact_email",
                "contact_name",
                "contact_phone",
                "email",
                "login_domain",
                "name",
                "password",
                "phone",
                "plan_id"
            ]
        );
    }

    #[test]
    fn an_edit_may_keep_the_password() {
        let input = ResellerInput { password: "".into(), confirm_password: "".into(), ..valid_input() };
        assert!(NewReseller::parse(&input).is_err());
        assert!(NewReseller::parse_update(&input).unwrap().password.is_none());
        let half = ResellerInput { confirm_password: "".into(), ..valid_input() };
        assert_eq!(NewReseller::parse_update(&half).unwrap_err()[0].field, "confirm_password");
    }

    #[test]
    fn the_field_names_are_the_forms() {
        use crate::domain::StoredWord;
        // What the browser sends (serde's names) is exactly the set of `ResellerField`s.
        let sent = serde_json::to_value(valid_input()).unwrap();
        let mut names: Vec<&str> = sent.as_object().unwrap().keys().map(String::as_str).collect();
        let mut fields: Vec<&str> = ResellerField::ALL.iter().map(|f| f.as_str()).collect();
        names.sort_unstable();
        fields.sort_unstable();
        assert_eq!(names, fields);
        let mut input = valid_input();
        input.set(ResellerField::LoginDomain, "other".into());
        assert_eq!(input.get(ResellerField::LoginDomain), "other");
        assert_eq!(input.get(ResellerField::ContactPhoneCountry), "GB");
    }

    #[test]
    fn own_plans_partners_need_no_plan_or_commission() {
        let input = ResellerInput {
            partner_type: "own_plans".into(),
            plan_id: "".into(),
            commission_rate: "".into(),
            ..valid_input()
        };
        let r = NewReseller::parse(&input).unwrap();
        assert_eq!((r.plan_id, r.commission_rate_bp), (None, None));
    }
}
