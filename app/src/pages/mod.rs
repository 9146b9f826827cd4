//! One module per route.

pub mod activity;
pub mod api_keys;
pub mod not_found;
pub mod plans;
pub mod reseller_details;
pub mod reseller_form;
pub mod resellers;
pub mod sign_in;
