//! Integration tests (one binary): the real router on a loopback port, a fresh database
//! per test (a SQLite file, or a PostgreSQL database with `PARTNERDESK_TEST_POSTGRES`), driven over HTTP as the browser and other clients drive it.

mod account;
mod activity;
mod auth;
mod create;
mod customers;
mod export;
mod hardening;
mod helpers;
mod hostile_input;
mod instances;
mod invitations;
mod ledger;
mod manage;
mod pages;
mod plans;
mod portal;
mod reseller_team;
mod resellers;
mod schema;
mod team;
mod two_factor;
mod usage_api;
