//! One module per route.

pub mod create_reseller;
pub mod not_found;
pub mod reseller_details;
pub mod resellers;
pub mod sign_in;
