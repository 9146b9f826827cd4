#![recursion_limit = "512"]
//! The Partnerdesk server: configuration, the router, and `run`.

pub mod build_files;
pub mod config;
pub mod export;
pub mod http;
pub mod portal;
mod portal_customers;
mod portal_earnings;
mod portal_plans;
mod portal_team;
pub mod pwa;
pub mod setup;
pub mod usage_api;

use app::ssr::{AppState, SiteConfig};
use app::{shell, App};
use axum::{extract::State, http::StatusCode, middleware, routing::get, Router};
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::{
    compression::{CompressionLayer, CompressionLevel},
    services::ServeDir,
    trace::TraceLayer,
};

pub use config::{Config, StartupError};

/// Runs a command line: the configuration, the database, then the command (serving by
/// default, after the demo data asked for and the first-start admin).
pub async fn run(cli: config::Cli) -> Result<(), StartupError> {
    use config::Command;
    let config = Config::from_settings(cli.settings)?;
    let state = build_state(&config).await?;
    let db = state.db.clone();
    match cli.command.unwrap_or(Command::Serve { demo_if_empty: None }) {
        Command::Migrate => {
            tracing::info!("database {} is migrated", config.database_url);
            Ok(())
        }
        Command::DemoData { resellers, seed } => setup::demo_data(&db, resellers, seed).await,
        Command::CreateAgency { name, admin_email } => setup::create_agency(&db, &config, &name, &admin_email).await,
        Command::Serve { demo_if_empty } => {
            if let Some(count) = demo_if_empty {
                setup::demo_if_empty(&db, count).await?;
            }
            setup::first_start_admin(&db, &config).await?;
            serve(&config, state).await
        }
    }
}

/// Opens the database (creating and migrating it) and builds the state every request shares.
pub async fn build_state(config: &Config) -> Result<AppState, StartupError> {
    let db = app::ssr::db::connect(&config.database_url, config.slow_query_ms)
        .await
        .map_err(|e| StartupError(format!("cannot open the database {}: {e}", config.database_url)))?;
    let precache = pwa::assets(&config.leptos_options.site_root, &config.leptos_options.site_pkg_dir);
    Ok(AppState {
        leptos_options: config.leptos_options.clone(),
        db,
        site: Arc::new(SiteConfig {
            base_domain: config.base_domain.clone(),
            https: config.public_url.starts_with("https://"),
            sessions: config.sessions,
            build_id: pwa::build_id(&config.leptos_options.site_root, &precache, config.build_id.as_deref()),
            precache,
            throttle: config.throttle,
            stylesheet: build_files::stylesheet_href(&config.leptos_options),
        }),
    })
}

/// The application's page routes, listed once per process. Listing them renders the app
/// with resource loading switched off for the whole process (Leptos's `SuppressResourceLoad`
/// is a global flag), so a page rendering meanwhile in another server of the same process
/// would wait forever for its data: it must not happen once any server serves.
fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Every route of the application.
pub fn build_router(state: AppState) -> Router {
    let routes = page_routes();
    let pkg_dir = format!("{}/{}", state.leptos_options.site_root, state.leptos_options.site_pkg_dir);
    let stylesheet = state.site.stylesheet.clone();
    let shell = move |options| shell(options, stylesheet.clone());
    let shell_options = state.leptos_options.clone();
    let portal = portal::Portal::new(state.clone());
    let worker: Arc<str> = pwa::source(&state.site.build_id, &state.site.precache).into();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/partners/resellers/export.csv", get(export::export_csv))
        .route("/partners/commissions/statement.csv", get(export::commission_statement))
        .route("/sw.js", get(move || async move { pwa::service_worker(worker) }))
        .merge(usage_api::routes())
        .leptos_routes_with_context(&state, routes, || {}, {
            let shell = shell.clone();
            move || shell(shell_options.clone())
        })
        .nest_service(
            &format!("/{}", state.leptos_options.site_pkg_dir),
            ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip(),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(state.clone(), http::resolve_session))
        .layer(middleware::from_fn_with_state(portal, portal::dispatch))
        .layer(middleware::from_fn_with_state(state.clone(), http::reject_cross_site))
        .layer(middleware::from_fn(http::limit_body))
        .layer(middleware::from_fn_with_state(state.clone(), http::security_headers))
        // Pages and server-function answers are compressed as they are made, at the fastest
        // level that still compresses (1): brotli's default on-the-fly level (4) doubled the
        // CPU of a page and held megabytes per response. Files under /pkg are compressed
        // once, at the highest level, by the build (precompressed above) and passed through.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(1)))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Ready when the database answers.
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(state.db.pool()).await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Gives the C library's free memory back to the system. SQLite allocates with it (not
/// with mimalloc), and glibc kept what a fold's or a batch's statements had freed: the
/// resident set after the bench's ingestion stayed 6 MiB higher.
fn trim_c_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Serves until Ctrl-C / SIGTERM.
pub async fn serve(config: &Config, state: AppState) -> Result<(), StartupError> {
    drop_stale_precompressed(&format!("{}/{}", state.leptos_options.site_root, state.leptos_options.site_pkg_dir));
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| StartupError(format!("cannot listen on {}: {e}", config.addr)))?;
    tracing::info!("Partnerdesk listening on http://{}", config.addr);
    tokio::spawn(app::ssr::housekeeping::run(state.clone()));
    tokio::spawn(app::ssr::usage::fold_continuously(state.db.clone(), trim_c_heap));
    serve_on(listener, state, shutdown_signal()).await.map_err(|e| StartupError(format!("server error: {e}")))
}

/// Serves the router on a listener until `shutdown` completes, with client addresses
/// (for sign-in throttling).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let app = build_router(state).into_make_service_with_connect_info::<SocketAddr>();
    // Streamed pages are written in several pieces: without TCP_NODELAY a later piece
    // waits for the client's delayed acknowledgement of the first (about 40 ms).
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "TCP_NODELAY not set");
        }
    });
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

/// Removes `x.br` / `x.gz` files older than `x`, so a rebuilt asset is never answered
/// with the compressed form of the previous build.
fn drop_stale_precompressed(dir: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    for entry in entries.flatten() {
        let path = entry.path();
        let is_compressed = matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"));
        if !is_compressed {
            continue;
        }
        let source = path.with_extension("");
        if let (Some(compressed), Some(original)) = (modified(&path), modified(&source)) {
            if compressed < original && std::fs::remove_file(&path).is_ok() {
                tracing::warn!("removed stale {}", path.display());
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}
