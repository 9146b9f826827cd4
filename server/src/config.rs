//! Configuration from flags and environment variables, with clear errors.

use app::ssr::auth::{SessionPolicy, ThrottlePolicy};
use clap::{Args, Parser, Subcommand};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;

#[derive(Debug, Parser)]
#[command(name = "partnerdesk", version, about = "Partnerdesk: the Partners → Resellers console")]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the console (the default).
    Serve {
        /// When the database has no reseller yet, fill it with this many demo resellers first.
        #[arg(long, env = "PARTNERDESK_DEMO_IF_EMPTY", value_name = "COUNT")]
        demo_if_empty: Option<usize>,
    },
    /// Create and migrate the database, then exit.
    Migrate,
    /// Create an agency with its first admin. The password comes from
    /// PARTNERDESK_ADMIN_PASSWORD, or is generated and printed once.
    CreateAgency {
        /// The agency's name.
        #[arg(long)]
        name: String,
        /// The admin's sign-in e-mail.
        #[arg(long)]
        admin_email: String,
    },
    /// Add a realistic demo agency (plans, resellers with usage) to the database.
    DemoData {
        /// How many resellers to add (scales to 100,000+).
        #[arg(long, default_value_t = 250)]
        resellers: usize,
        /// Seed for the generator: the same seed on an empty database gives the same data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

#[derive(Debug, Args)]
pub struct Settings {
    /// Address to listen on [default: LEPTOS_SITE_ADDR, else 127.0.0.1:3000].
    #[arg(long, env = "PARTNERDESK_ADDR", global = true)]
    pub addr: Option<SocketAddr>,
    /// sqlite://path/to/file.db (created if missing) or postgres://user:password@host/database.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/partnerdesk.db", global = true)]
    pub database_url: String,
    /// Resellers sign in at https://{login_domain}.{base_domain}.
    #[arg(long, env = "PARTNERDESK_BASE_DOMAIN", default_value = "localhost:3000", global = true)]
    pub base_domain: String,
    /// The address people use; https makes cookies Secure.
    #[arg(long, env = "PARTNERDESK_PUBLIC_URL", default_value = "http://127.0.0.1:3000", global = true)]
    pub public_url: String,
    /// Seconds a sign-in stays locked after too many failures.
    #[arg(long, env = "PARTNERDESK_LOGIN_LOCK_SECS", default_value_t = 900, global = true)]
    pub login_lock_secs: i64,
    /// Statements slower than this many milliseconds are logged as warnings.
    #[arg(long, env = "PARTNERDESK_SLOW_QUERY_MS", default_value_t = app::ssr::db::SLOW_QUERY_MS, global = true)]
    pub slow_query_ms: u64,
    /// The first admin's e-mail, for a database without any admin.
    #[arg(long, env = "PARTNERDESK_ADMIN_EMAIL", default_value = "admin@partnerdesk.local", global = true)]
    pub first_admin_email: String,
    /// The first admin's password (and create-agency's); generated and printed once when unset.
    /// From the environment only: a password on a command line is visible to every user.
    #[arg(long, env = "PARTNERDESK_ADMIN_PASSWORD", hide = true, hide_env_values = true, global = true)]
    pub first_admin_password: Option<String>,
    /// This deployment's version for the service worker [default: a digest of the static files].
    #[arg(long, env = "PARTNERDESK_BUILD_ID", global = true)]
    pub build_id: Option<String>,
}

/// Everything the server needs, checked.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub base_domain: String,
    pub public_url: String,
    pub sessions: SessionPolicy,
    pub throttle: ThrottlePolicy,
    pub leptos_options: LeptosOptions,
    pub slow_query_ms: u64,
    /// The first admin of an empty database.
    pub admin_email: String,
    /// The password for a first admin or a created agency's admin; generated when `None`.
    pub admin_password: Option<String>,
    /// Overrides the service worker's version (a digest of the static files).
    pub build_id: Option<String>,
}

impl Config {
    pub fn from_settings(settings: Settings) -> Result<Self, StartupError> {
        let mut leptos_options = leptos::config::get_configuration(None)
            .map_err(|e| StartupError(format!("invalid LEPTOS_* environment variable: {e}")))?
            .leptos_options;
        if leptos_options.output_name.is_empty() {
            leptos_options.output_name = "partnerdesk".into();
        }
        // A release build names its files by their content (see build_files).
        leptos_options.hash_files = leptos_options.hash_files || crate::build_files::site_is_hashed(&leptos_options);
        let addr = settings.addr.unwrap_or(leptos_options.site_addr);
        leptos_options.site_addr = addr;
        if app::ssr::db::Backend::of_url(&settings.database_url).is_none() {
            return Err(StartupError(format!(
                "DATABASE_URL must be a sqlite:// or postgres:// URL (got {:?})",
                settings.database_url
            )));
        }
        let base_domain = settings.base_domain.trim().trim_end_matches('/').to_lowercase();
        if base_domain.is_empty() || base_domain.contains("://") || base_domain.contains('/') {
            return Err(StartupError(format!(
                "PARTNERDESK_BASE_DOMAIN must be a host name like partners.example.com (got {:?})",
                settings.base_domain
            )));
        }
        let public_url = settings.public_url.trim().trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(StartupError(format!(
                "PARTNERDESK_PUBLIC_URL must start with http:// or https:// (got {:?})",
                settings.public_url
            )));
        }
        if settings.login_lock_secs < 1 {
            return Err(StartupError("PARTNERDESK_LOGIN_LOCK_SECS must be at least 1".into()));
        }
        Ok(Self {
            addr,
            database_url: settings.database_url,
            base_domain,
            public_url,
            sessions: SessionPolicy::default(),
            throttle: ThrottlePolicy { lock_secs: settings.login_lock_secs, ..ThrottlePolicy::default() },
            leptos_options,
            slow_query_ms: settings.slow_query_ms,
            admin_email: settings.first_admin_email.trim().to_owned(),
            admin_password: settings.first_admin_password.filter(|p| !p.is_empty()),
            build_id: settings.build_id.map(|id| id.trim().to_owned()).filter(|id| !id.is_empty()),
        })
    }

    /// Settings for tests: a database URL, port 0, defaults for the rest.
    pub fn for_tests(database_url: &str) -> Self {
        let mut leptos_options = LeptosOptions::builder().output_name("partnerdesk").build();
        leptos_options.site_addr = ([127, 0, 0, 1], 0).into();
        Self {
            addr: leptos_options.site_addr,
            database_url: database_url.to_owned(),
            base_domain: "localhost:3000".into(),
            public_url: "http://127.0.0.1:3000".into(),
            sessions: SessionPolicy::default(),
            throttle: ThrottlePolicy::default(),
            leptos_options,
            slow_query_ms: app::ssr::db::SLOW_QUERY_MS,
            admin_email: "admin@partnerdesk.local".into(),
            admin_password: None,
            build_id: None,
        }
    }
}

/// A start-up failure, worded for the person running the server.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StartupError(pub String);
