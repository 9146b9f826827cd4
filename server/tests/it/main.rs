//! Integration tests (one binary): the real router on a loopback port, a fresh SQLite
//! file per test, driven over HTTP as the browser and other clients drive it.

mod activity;
mod auth;
mod create;
mod export;
mod helpers;
mod manage;
mod plans;
mod portal;
mod resellers;
mod usage_api;
