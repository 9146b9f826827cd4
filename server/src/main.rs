use clap::Parser;
use server::config::{Cli, Command, Config};
use server::StartupError;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// mimalloc: a page is many small allocations; glibc's allocator took a fifth of the
/// server's time under load, and kept more memory per thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            eprintln!("partnerdesk: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), StartupError> {
    let config = Config::from_settings(cli.settings)?;
    let state = server::build_state(&config).await?;
    let pool = &state.pool;
    match cli.command.unwrap_or(Command::Serve { demo_if_empty: None }) {
        Command::Migrate => {
            tracing::info!("database {} is migrated", config.database_url);
            Ok(())
        }
        Command::DemoData { resellers, seed } => {
            let started = std::time::Instant::now();
            let summary = app::ssr::demo::fill(pool, resellers, seed).await.map_err(failed("demo data"))?;
            tracing::info!(
                "added {} demo resellers to agency {} in {:.1?}",
                summary.resellers_added,
                summary.agency_id,
                started.elapsed()
            );
            Ok(())
        }
        Command::CreateAgency { name, admin_email } => {
            // The agency and its admin are created together: a refused admin leaves no agency.
            let (password, generated) = admin_password();
            app::ssr::auth::create_agency_with_admin(pool, &name, &admin_email, &password)
                .await
                .map_err(startup_error)?;
            announce_admin(&admin_email, &password, generated);
            Ok(())
        }
        Command::Serve { demo_if_empty } => {
            if let Some(count) = demo_if_empty {
                let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resellers")
                    .fetch_one(pool)
                    .await
                    .map_err(failed("demo data"))?;
                if existing == 0 {
                    app::ssr::demo::fill(pool, count, 42).await.map_err(failed("demo data"))?;
                    tracing::info!(
                        "empty database: added {count} demo resellers; sign in as {} / {}",
                        app::ssr::demo::DEMO_ADMIN_EMAIL,
                        app::ssr::demo::DEMO_ADMIN_PASSWORD
                    );
                }
            }
            first_start_admin(pool).await?;
            server::serve(&config, state).await
        }
    }
}

/// With no admin at all, there must be a way in: an admin from PARTNERDESK_ADMIN_EMAIL
/// (default admin@partnerdesk.local) with PARTNERDESK_ADMIN_PASSWORD or a generated password.
async fn first_start_admin(pool: &app::ssr::db::Pool) -> Result<(), StartupError> {
    let admins: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM admins").fetch_one(pool).await.map_err(failed("admin check"))?;
    if admins > 0 {
        return Ok(());
    }
    let agency_id = app::ssr::db::ensure_agency(pool, "My Agency").await.map_err(failed("agency"))?;
    let email = std::env::var("PARTNERDESK_ADMIN_EMAIL").unwrap_or_else(|_| "admin@partnerdesk.local".into());
    create_admin(pool, agency_id, &email).await
}

async fn create_admin(pool: &app::ssr::db::Pool, agency_id: i64, email: &str) -> Result<(), StartupError> {
    let (password, generated) = admin_password();
    app::ssr::auth::create_admin(pool, agency_id, email, &password).await.map_err(startup_error)?;
    announce_admin(email, &password, generated);
    Ok(())
}

/// PARTNERDESK_ADMIN_PASSWORD, or a generated one (`true`).
fn admin_password() -> (String, bool) {
    match std::env::var("PARTNERDESK_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => (p, false),
        _ => (generate_password(), true),
    }
}

fn announce_admin(email: &str, password: &str, generated: bool) {
    if generated {
        tracing::warn!("created admin {email} with the generated password: {password}  (shown once; keep it safe)");
    } else {
        tracing::info!("created admin {email} (password from PARTNERDESK_ADMIN_PASSWORD)");
    }
}

fn startup_error(e: app::error::AppError) -> StartupError {
    match e {
        app::error::AppError::Validation(errors) => {
            StartupError(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))
        }
        other => StartupError(other.to_string()),
    }
}

fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

fn failed<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> StartupError {
    move |e| StartupError(format!("{what} failed: {e}"))
}
