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
    /// Access was switched off (a deactivated reseller).
    #[error("Access to this account is disabled")]
    Disabled,
    /// The request itself is malformed (not a rule about a field).
    #[error("{0}")]
    BadRequest(String),
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
            AppError::Disabled => 403,
            AppError::Internal => 500,
            AppError::Network => 503,
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
        #[cfg(feature = "ssr")]
        crate::ssr::set_status(error.status());
        error
    }
}
