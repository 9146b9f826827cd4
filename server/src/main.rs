use clap::Parser;
use server::config::{Cli, Command, Config};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
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

async fn run(cli: Cli) -> Result<(), server::StartupError> {
    let config = Config::from_settings(cli.settings)?;
    let state = server::build_state(&config).await?;
    let demo = |e: sqlx::Error| server::StartupError(format!("demo data failed: {e}"));
    match cli.command.unwrap_or(Command::Serve { demo_if_empty: None }) {
        Command::Migrate => {
            tracing::info!("database {} is migrated", config.database_url);
            Ok(())
        }
        Command::DemoData { resellers, seed } => {
            let started = std::time::Instant::now();
            let summary = app::ssr::demo::fill(&state.pool, resellers, seed).await.map_err(demo)?;
            tracing::info!(
                "added {} demo resellers to agency {} in {:.1?}",
                summary.resellers_added,
                summary.agency_id,
                started.elapsed()
            );
            Ok(())
        }
        Command::Serve { demo_if_empty } => {
            if let Some(count) = demo_if_empty {
                let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resellers")
                    .fetch_one(&state.pool)
                    .await
                    .map_err(demo)?;
                if existing == 0 {
                    app::ssr::demo::fill(&state.pool, count, 42).await.map_err(demo)?;
                    tracing::info!("empty database: added {count} demo resellers");
                }
            }
            app::ssr::db::ensure_agency(&state.pool, app::ssr::demo::DEMO_AGENCY)
                .await
                .map_err(|e| server::StartupError(format!("cannot create the agency: {e}")))?;
            server::serve(&config, state).await
        }
    }
}
