//! What the server does to a database besides serving it: the first-start admin, demo data
//! for an empty database, and the `create-agency` and `demo-data` commands.

use crate::config::{Config, StartupError};
use app::error::AppError;
use app::ssr::db::Db;

/// With no admin at all, there must be a way in: an agency and an admin from
/// `PARTNERDESK_ADMIN_EMAIL` with `PARTNERDESK_ADMIN_PASSWORD` or a generated password.
pub async fn first_start_admin(db: &Db, config: &Config) -> Result<(), StartupError> {
    if app::ssr::auth::has_admin(db).await.map_err(failed("admin check"))? {
        return Ok(());
    }
    let (password, generated) = admin_password(config);
    match app::ssr::db::first_agency_id(db).await.map_err(failed("agency"))? {
        Some(agency_id) => {
            app::ssr::auth::create_admin(db, agency_id, &config.admin_email, &password).await.map_err(startup_error)?;
        }
        None => {
            app::ssr::auth::create_agency_with_admin(db, "My Agency", &config.admin_email, &password)
                .await
                .map_err(startup_error)?;
        }
    }
    announce_admin(&config.admin_email, &password, generated);
    Ok(())
}

/// `create-agency`: the agency and its admin together (a refused admin leaves no agency).
pub async fn create_agency(db: &Db, config: &Config, name: &str, admin_email: &str) -> Result<(), StartupError> {
    let (password, generated) = admin_password(config);
    app::ssr::auth::create_agency_with_admin(db, name, admin_email, &password).await.map_err(startup_error)?;
    announce_admin(admin_email, &password, generated);
    Ok(())
}

/// `demo-data`: adds demo resellers (with plans, usage and activity) and says how long it took.
pub async fn demo_data(db: &Db, resellers: usize, seed: u64) -> Result<(), StartupError> {
    let started = std::time::Instant::now();
    let summary = app::ssr::demo::fill(db, resellers, seed).await.map_err(failed("demo data"))?;
    tracing::info!(
        "added {} demo resellers to agency {} in {:.1?}",
        summary.resellers_added,
        summary.agency_id,
        started.elapsed()
    );
    Ok(())
}

/// `serve --demo-if-empty N`: a database without resellers gets N demo ones first.
pub async fn demo_if_empty(db: &Db, count: usize) -> Result<(), StartupError> {
    if app::ssr::demo::has_resellers(db).await.map_err(failed("demo data"))? {
        return Ok(());
    }
    app::ssr::demo::fill(db, count, 42).await.map_err(failed("demo data"))?;
    tracing::info!(
        "empty database: added {count} demo resellers; sign in as {} / {}",
        app::ssr::demo::DEMO_ADMIN_EMAIL,
        app::ssr::demo::DEMO_ADMIN_PASSWORD
    );
    Ok(())
}

/// The configured admin password, or a generated one (`true`).
fn admin_password(config: &Config) -> (String, bool) {
    match &config.admin_password {
        Some(p) => (p.clone(), false),
        None => (generate_password(), true),
    }
}

fn announce_admin(email: &str, password: &str, generated: bool) {
    if generated {
        tracing::warn!("created admin {email} with the generated password: {password}  (shown once; keep it safe)");
    } else {
        tracing::info!("created admin {email} (password from PARTNERDESK_ADMIN_PASSWORD)");
    }
}

fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

fn startup_error(e: AppError) -> StartupError {
    match e {
        AppError::Validation(errors) => {
            StartupError(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))
        }
        other => StartupError(other.to_string()),
    }
}

fn failed<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> StartupError {
    move |e| StartupError(format!("{what} failed: {e}"))
}
