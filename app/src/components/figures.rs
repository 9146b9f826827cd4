use crate::domain::{format_count, format_date_as, format_date_time_as, format_exact, DateStyle};
use leptos::prelude::*;

/// A short figure ("1.2k") with the exact number on hover and for screen readers.
#[component]
pub fn Count(value: i64) -> impl IntoView {
    view! {
        <data value=value.to_string() title=format_exact(value)>
            {format_count(value)}
        </data>
    }
}

/// A date ("14 Mar 2026") as a `<time>` element.
#[component]
pub fn Date(unix_seconds: i64) -> impl IntoView {
    let iso = time::OffsetDateTime::from_unix_timestamp(unix_seconds).map(|t| t.date().to_string()).unwrap_or_default();
    let style = use_context::<DateStyle>().unwrap_or_default();
    view! { <time datetime=iso>{format_date_as(style, unix_seconds)}</time> }
}

/// A moment ("14 Mar 2026, 09:05 UTC") as a `<time>` element.
#[component]
pub fn DateTime(unix_seconds: i64) -> impl IntoView {
    let iso = time::OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default();
    let style = use_context::<DateStyle>().unwrap_or_default();
    view! { <time datetime=iso>{format_date_time_as(style, unix_seconds)}</time> }
}
