//! Server functions, by area. Each one scopes itself to the caller's agency first.

pub mod auth;
pub mod options;
pub mod resellers;
