use crate::domain::ResellerStatus;
use leptos::prelude::*;

/// The Active / Inactive switch. Shows the stored status; switching it arrives with
/// reseller management, so for now it is announced as unavailable rather than faked.
#[component]
pub fn StatusSwitch(status: ResellerStatus, name: String) -> impl IntoView {
    let on = status.is_active();
    view! {
        <span class="status">
            <button type="button" role="switch" class="switch" aria-checked=on.to_string()
                aria-disabled="true" aria-label=format!("Status of {name}")
                title="Changing the status arrives with reseller management">
                <span class="switch-knob" aria-hidden="true"></span>
            </button>
            <span class=if on { "status-label on" } else { "status-label" }>{status.label()}</span>
        </span>
    }
}
