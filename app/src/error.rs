//! `AppError`: the one error type that crosses the wire between server and browser.

use crate::domain::FieldError;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input broke one or more rules; each error names its field.
    #[error("Please correct the highlighted fields")]
    Validation(Vec<FieldError>),
    /// Missing, or belonging to another agency: the two are indistinguishable.
    #[error("Not found")]
    NotFound,
    #[error("Please sign in")]
    Unauthorized,
    /// Deliberately the same for an unknown e-mail and a wrong password.
    #[error("E-mail or password is wrong")]
    InvalidCredentials,
    #[error("Too many failed sign-ins. Try again in {} minute(s).", ((retry_after_secs + 59) / 60).max(1))]
    TooManyAttempts { retry_after_secs: i64 },
    /// The action conflicts with the data as it is (e.g. deleting a plan in use); says why.
    #[error("{0}")]
    Conflict(String),
    /// The signed-in member's role does not allow the action.
    #[error("Your role in the team does not allow this")]
    Forbidden,
    /// The agency requires two-factor sign-in and the member has not set it up yet: only
    /// the account page works until they do.
    #[error("Your agency requires two-factor sign-in: set it up on your account page first.")]
    TwoFactorSetupRequired,
    /// Access was switched off (a deactivated reseller).
    #[error("Access to this account is disabled")]
    Disabled,
    /// The request itself is malformed (not a rule about a field).
    #[error("{0}")]
    BadRequest(String),
    /// The server is too busy to answer now (the database's connections or the password
    /// checks are all taken); the client should retry after the given time.
    #[error("Partnerdesk is busy right now. Please try again in a few seconds.")]
    Unavailable { retry_after_secs: i64 },
    /// Something failed on the server; details are in the server log, never here.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The browser could not reach the server, or could not read its answer.
    #[error("Could not reach the server. Check your connection and try again.")]
    Network,
}

impl AppError {
    pub fn field(field: &str, message: &str) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation(_) => 422,
            AppError::NotFound => 404,
            AppError::Unauthorized | AppError::InvalidCredentials => 401,
            AppError::TooManyAttempts { .. } => 429,
            AppError::BadRequest(_) => 400,
            AppError::Conflict(_) => 409,
            AppError::Disabled | AppError::Forbidden | AppError::TwoFactorSetupRequired => 403,
            AppError::Internal => 500,
            AppError::Network | AppError::Unavailable { .. } => 503,
        }
    }

    /// Seconds a client should wait before trying again, for the errors that say so.
    pub fn retry_after_secs(&self) -> Option<i64> {
        match self {
            AppError::TooManyAttempts { retry_after_secs } | AppError::Unavailable { retry_after_secs } => {
                Some((*retry_after_secs).max(1))
            }
            _ => None,
        }
    }

    /// Writes this error's HTTP status (and `Retry-After`) into the response being built:
    /// a server function's answer, or the page whose rendering met the error.
    #[cfg(feature = "ssr")]
    pub fn write_http_status(&self) {
        use leptos::prelude::use_context;
        let Some(options) = use_context::<leptos_axum::ResponseOptions>() else { return };
        options
            .set_status(http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        if let Some(secs) = self.retry_after_secs() {
            options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
        }
    }
}

/// How a database failure is answered. Busy or unreachable: 503, retry (never "signed
/// out", never a 500). Text the database cannot store (PostgreSQL refuses NUL; the domain
/// refuses it first, this is the last line): 400. Anything else: logged, and a 500 that
/// says nothing of the cause.
#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                tracing::warn!(%error, "database busy or unreachable");
                AppError::Unavailable { retry_after_secs: 2 }
            }
            // 22021: invalid byte sequence (NUL), 22P05: untranslatable character.
            sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("22021" | "22P05")) => {
                tracing::info!(%error, "refused text the database cannot store");
                AppError::BadRequest("The request holds characters that cannot be stored (such as NUL).".into())
            }
            _ => {
                tracing::error!(%error, "database error");
                AppError::Internal
            }
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::BadRequest(format!("The request is not well-formed: {msg}"))
            }
            // On the server, what cannot be read is the request; in the browser, the answer.
            ServerFnErrorErr::Deserialization(msg) if cfg!(feature = "ssr") => {
                AppError::BadRequest(format!("The request is not well-formed: {msg}"))
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => AppError::Network,
            _other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %_other, "server function failed");
                AppError::Internal
            }
        };
        error
    }

    /// Every error answer of a server function is written here, so its status is set here.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        self.write_http_status();
        <JsonEncoding as leptos::server_fn::Encodes<Self>>::encode(self).unwrap_or_default()
    }
}
