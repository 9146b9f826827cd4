//! Integration tests (one binary): the real router on a loopback port, a fresh SQLite
//! file per test, driven over HTTP as the browser and other clients drive it.

mod auth;
mod create;
mod helpers;
mod manage;
mod resellers;
