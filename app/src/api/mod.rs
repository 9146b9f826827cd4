//! Server functions, by area. Each one scopes itself to the caller's agency first.

pub mod account;
pub mod activity;
pub mod api_keys;
pub mod auth;
pub mod commissions;
pub mod customers;
pub mod options;
pub mod plans;
pub mod resellers;
pub mod team;
