//! How a page shows an error it met while loading its data.

use crate::error::AppError;
use leptos::prelude::*;

/// The error's message, announced to screen readers. Rendered on the server, it also gives
/// the page the error's HTTP status (a server function called while a page renders has no
/// answer of its own to carry it).
#[component]
pub fn ErrorAlert(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    error.write_http_status();
    view! { <p class="alert" role="alert">{error.to_string()}</p> }
}
