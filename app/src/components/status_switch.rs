use crate::api::resellers::set_reseller_status;
use crate::components::access::Access;
use crate::components::feedback::{ConsoleUi, ToastKind};
use crate::domain::Permission;
use crate::domain::ResellerStatus;
use leptos::prelude::*;

/// The Active / Inactive switch. Applies at once (optimistic), then asks the server;
/// if the server refuses, it flips back and says why. A real switch for keyboard and
/// screen readers: a button with `role="switch"`, a label and `aria-checked`.
#[component]
pub fn StatusSwitch(id: i64, status: ResellerStatus, name: String) -> impl IntoView {
    let ui = ConsoleUi::get();
    let current = RwSignal::new(status);
    let pending = RwSignal::new(false);
    let label = format!("Status of {name}");
    let toggle = move |_| {
        if pending.get_untracked() {
            return;
        }
        let before = current.get_untracked();
        let wanted = if before.is_active() { ResellerStatus::Inactive } else { ResellerStatus::Active };
        current.set(wanted);
        pending.set(true);
        let name = name.clone();
        leptos::task::spawn_local(async move {
            match set_reseller_status(id, wanted.is_active()).await {
                Ok(stored) => {
                    current.set(stored);
                    ui.notify(ToastKind::Success, format!("{name} is now {}", stored.label().to_lowercase()));
                    ui.changed();
                }
                Err(error) => {
                    current.set(before);
                    ui.notify(ToastKind::Error, format!("The status of {name} was not changed: {error}"));
                }
            }
            pending.set(false);
        });
    };
    view! {
        <span class="status">
            <button role="switch" aria-label=label
                disabled=!Access::can(Permission::SwitchResellerAccess)
                aria-checked=move || current.get().is_active().to_string()
                aria-busy=move || pending.get().then_some("true")
                on:click=toggle>
            </button>
            <span>
                {move || current.get().label()}
            </span>
        </span>
    }
}
