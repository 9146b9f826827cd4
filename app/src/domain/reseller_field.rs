//! The fields of the reseller form (create and edit): one name for the form, the typed
//! input and the errors, and the wizard step that asks for each.

use super::StoredWord;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResellerField {
    PartnerType,
    Name,
    Email,
    PhoneCountry,
    Phone,
    Website,
    Password,
    ConfirmPassword,
    ContactName,
    ContactEmail,
    ContactPhoneCountry,
    ContactPhone,
    LoginDomain,
    PlanId,
    CommissionRate,
}

impl StoredWord for ResellerField {
    const ALL: &'static [Self] = &[
        Self::PartnerType,
        Self::Name,
        Self::Email,
        Self::PhoneCountry,
        Self::Phone,
        Self::Website,
        Self::Password,
        Self::ConfirmPassword,
        Self::ContactName,
        Self::ContactEmail,
        Self::ContactPhoneCountry,
        Self::ContactPhone,
        Self::LoginDomain,
        Self::PlanId,
        Self::CommissionRate,
    ];

    /// The field's name in the form, in `ResellerInput` and in a `FieldError`.
    fn as_str(self) -> &'static str {
        match self {
            Self::PartnerType => "partner_type",
            Self::Name => "name",
            Self::Email => "email",
            Self::PhoneCountry => "phone_country",
            Self::Phone => "phone",
            Self::Website => "website",
            Self::Password => "password",
            Self::ConfirmPassword => "confirm_password",
            Self::ContactName => "contact_name",
            Self::ContactEmail => "contact_email",
            Self::ContactPhoneCountry => "contact_phone_country",
            Self::ContactPhone => "contact_phone",
            Self::LoginDomain => "login_domain",
            Self::PlanId => "plan_id",
            Self::CommissionRate => "commission_rate",
        }
    }
}

/// Steps of the wizard before the review (the review is step `REVIEW_STEP`).
pub const REVIEW_STEP: usize = 4;

impl ResellerField {
    /// The field an error about this one is reported on: a phone's country and number are
    /// checked as one field, the number.
    pub fn error_field(self) -> Self {
        match self {
            Self::PhoneCountry => Self::Phone,
            Self::ContactPhoneCountry => Self::ContactPhone,
            other => other,
        }
    }

    /// The wizard step that asks for this field (0-based).
    pub fn step(self) -> usize {
        match self {
            Self::PartnerType => 0,
            Self::Name
            | Self::Email
            | Self::PhoneCountry
            | Self::Phone
            | Self::Website
            | Self::Password
            | Self::ConfirmPassword => 1,
            Self::ContactName | Self::ContactEmail | Self::ContactPhoneCountry | Self::ContactPhone => 2,
            Self::LoginDomain | Self::PlanId | Self::CommissionRate => 3,
        }
    }

    /// A contact detail: what a support member may change (`Permission::EditResellerContact`).
    /// Everything else (name, type, password, login domain, plan, commission) needs
    /// `Permission::EditResellers`.
    pub fn is_contact(self) -> bool {
        matches!(
            self,
            Self::Email
                | Self::PhoneCountry
                | Self::Phone
                | Self::Website
                | Self::ContactName
                | Self::ContactEmail
                | Self::ContactPhoneCountry
                | Self::ContactPhone
        )
    }

    /// The fields a step reports errors on.
    pub fn checked_at(step: usize) -> impl Iterator<Item = Self> {
        Self::ALL.iter().copied().filter(move |f| f.step() == step && f.error_field() == *f)
    }

    /// The step showing an error of the field named `name` (the review for a name no step asks for).
    pub fn step_of_error(name: &str) -> usize {
        Self::from_word(name).map_or(REVIEW_STEP, Self::step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_one_name_and_one_step() {
        let names: std::collections::HashSet<_> = ResellerField::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(names.len(), ResellerField::ALL.len());
        for f in ResellerField::ALL {
            assert_eq!(ResellerField::from_word(f.as_str()), Some(*f));
            assert!(f.step() < REVIEW_STEP);
            assert_eq!(f.error_field().step(), f.step());
        }
        let step1: Vec<_> = ResellerField::checked_at(1).map(|f| f.as_str()).collect();
        assert_eq!(step1, ["name", "email", "phone", "website", "password", "confirm_password"]);
        assert_eq!(ResellerField::step_of_error("contact_phone"), 2);
        assert_eq!(ResellerField::step_of_error("something else"), REVIEW_STEP);
    }

    #[test]
    fn input_is_read_and_written_by_field() {
        let mut input = crate::domain::ResellerInput::default();
        for (n, f) in ResellerField::ALL.iter().enumerate() {
            input.set(*f, n.to_string());
        }
        for (n, f) in ResellerField::ALL.iter().enumerate() {
            assert_eq!(input.get(*f), n.to_string());
        }
    }
}
