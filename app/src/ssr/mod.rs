//! Server-only code: state, database access, demo data. Never compiled for the browser.

pub mod account;
pub mod activity;
pub mod api_keys;
pub mod auth;
pub mod clock;
pub mod context;
pub mod customers;
pub mod db;
pub mod demo;
pub mod demo_business;
pub mod housekeeping;
pub mod invitations;
pub mod ledger;
pub mod options;
pub mod own_plans;
pub mod plans;
pub mod portal;
pub mod reseller_list;
pub mod reseller_team;
pub mod resellers;
pub mod sql;
pub mod team;
pub mod throttle;
pub mod two_factor;
pub mod usage;

pub use clock::now;
pub use context::{
    agency_scope, app_state, current_admin, member_scope, request_parts, scope_of, AgencyScope, AppState, CspNonce,
    SiteConfig,
};
