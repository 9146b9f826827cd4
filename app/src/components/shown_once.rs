//! A secret shown this once (a new API key, an invitation link): a read-only field that
//! selects itself for copying, under what it is, with a button to put it away.

use leptos::prelude::*;

#[component]
pub fn ShownOnce(
    /// What was made, in bold ("Key “CI” created.").
    title: String,
    /// The field's accessible name.
    label: &'static str,
    /// The field's id.
    id: &'static str,
    value: String,
    on_done: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="callout" role="status">
            <p><strong>{title}</strong>" Copy it now: it is shown only this once."</p>
            <label for=id class="visually-hidden">{label}</label>
            <input id=id class="secret" type="text" readonly prop:value=value on:focus=select_all />
            <button type="button" class="button small" on:click=move |_| on_done.run(())>"Done"</button>
        </div>
    }
}

/// Selects the whole field when it gets focus, ready to copy.
fn select_all(ev: leptos::ev::FocusEvent) {
    event_target::<web_sys::HtmlInputElement>(&ev).select();
}
