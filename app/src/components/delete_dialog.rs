use crate::api::resellers::delete_reseller;
use crate::components::feedback::{ConsoleUi, ToastKind};
use leptos::{html, prelude::*};
use leptos_router::hooks::{use_location, use_navigate};

/// Asks before deleting the reseller in `ConsoleUi::deleting`. A modal `<dialog>`:
/// focus stays inside, Escape cancels, Cancel has the focus first. In the page only
/// while it is asked for.
#[component]
pub fn DeleteDialog() -> impl IntoView {
    let ui = ConsoleUi::get();
    let dialog = NodeRef::<html::Dialog>::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let location = use_location();

    // Opens the dialog once it is in the page.
    Effect::new(move |_| {
        if let Some(d) = dialog.get().filter(|d| ui.deleting.with(Option::is_some) && !d.open()) {
            error.set(None);
            let _ = d.show_modal();
        }
    });
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let confirm = move |_| {
        let Some((id, name)) = ui.deleting.get_untracked() else { return };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match delete_reseller(id).await {
                Ok(_) => {
                    close();
                    ui.notify(ToastKind::Success, format!("{name} was deleted"));
                    ui.changed();
                    if location.pathname.get_untracked() == format!("/partners/resellers/{id}") {
                        navigate("/partners/resellers", Default::default());
                    }
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let name = move || ui.deleting.get().map(|(_, n)| n).unwrap_or_default();
    view! {
        <Show when=move || ui.deleting.with(Option::is_some)>
        <dialog node_ref=dialog class="dialog" aria-labelledby="delete-title" aria-describedby="delete-description"
            on:close=move |_| ui.deleting.set(None)>
            <h2 id="delete-title">{move || format!("Delete {}?", name())}</h2>
            <p id="delete-description">
                "This permanently removes " <strong>{name}</strong>
                " and its access to the platform. This action cannot be undone."
            </p>
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            <div class="dialog-actions">
                <button type="button" class="button" autofocus on:click=move |_| close()>"Cancel"</button>
                <button type="button" class="button danger" disabled=move || busy.get() on:click=confirm.clone()>
                    {move || if busy.get() { "Deleting…" } else { "Delete reseller" }}
                </button>
            </div>
        </dialog>
        </Show>
    }
}
