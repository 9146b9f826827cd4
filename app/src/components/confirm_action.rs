//! A destructive row action that asks first, in place: its button becomes
//! "Delete Basic? [Delete] [Cancel]", with the focus on Cancel; Escape cancels too.

use leptos::{html, prelude::*};

#[component]
pub fn ConfirmAction(
    /// The verb on the buttons: "Delete", "Revoke".
    verb: &'static str,
    /// What it acts on, for the question and the buttons' accessible names.
    subject: String,
    /// Whether the question is showing (the row may hide its other actions meanwhile).
    confirming: RwSignal<bool>,
    /// True while the action runs: the confirming button is disabled.
    #[prop(into)]
    busy: Signal<bool>,
    /// Runs when the question is answered yes.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let cancel = NodeRef::<html::Button>::new();
    // The question takes the focus from the button that asked it.
    Effect::new(move |_| {
        if confirming.get() {
            if let Some(button) = cancel.get() {
                let _ = button.focus();
            }
        }
    });
    let question = format!("{verb} {subject}?");
    let label = format!("{verb} {subject}");
    view! {
        <Show when=move || confirming.get() fallback={
            let label = label.clone();
            move || view! {
                <button type="button" class="button small danger-outline" aria-label=label.clone()
                    on:click=move |_| confirming.set(true)>{verb}</button>
            }
        }>
            <span class="confirm" role="group" aria-label=question.clone()
                on:keydown=move |ev| if ev.key() == "Escape" { confirming.set(false) }>
                <span>{question.clone()}</span>
                <button type="button" class="button small danger" disabled=move || busy.get()
                    on:click=move |_| on_confirm.run(())>{verb}</button>
                <button type="button" class="button small" node_ref=cancel on:click=move |_| confirming.set(false)>"Cancel"</button>
            </span>
        </Show>
    }
    .into_any()
}
