//! Settings → API keys: keys for the usage API. A new key is shown once; keys are named,
//! show when they were last used, and can be revoked.

use crate::api::api_keys::{create_api_key, list_api_keys, revoke_api_key};
use crate::components::confirm_action::ConfirmAction;
use crate::components::feedback::{ConsoleUi, ToastKind};
use crate::components::figures::DateTime;
use crate::components::shown_once::ShownOnce;
use crate::domain::{ApiKeyRow, CreatedApiKey, API_KEY_NAME_MAX_CHARS};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let ui = ConsoleUi::get();
    let keys = Resource::new(move || ui.version.get(), |_| list_api_keys());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<CreatedApiKey>);
    let busy = RwSignal::new(false);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match create_api_key(name.get_untracked()).await {
                Ok(key) => {
                    error.set(None);
                    name.set(String::new());
                    created.set(Some(key));
                    ui.changed();
                }
                Err(AppError::Validation(errors)) => error.set(errors.first().map(|e| e.message.clone())),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <Title text="API keys" />
        <header class="page-header">
            <div>
                <h1>"API keys"</h1>
                <p class="subtitle">"Keys let your systems report usage: "<code>"POST /api/v1/usage"</code>" with "
                    <code>"Authorization: Bearer <key>"</code>". "
                    <a href="/api/openapi.json">"OpenAPI description"</a></p>
            </div>
        </header>
        <section class="panel" aria-labelledby="new-key-heading">
            <h2 id="new-key-heading">"Create a key"</h2>
            <form class="inline-form" novalidate on:submit=create>
                <div class="field">
                    <label for="key-name">"Name"</label>
                    <input id="key-name" name="name" type="text" maxlength=API_KEY_NAME_MAX_CHARS.to_string()
                        placeholder="e.g. Production chatbot" autocomplete="off"
                        aria-describedby="key-name-error" aria-invalid=move || error.get().is_some().to_string()
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    <p class="field-error" id="key-name-error" role="alert">{move || error.get()}</p>
                </div>
                <button type="submit" class="button primary" disabled=move || busy.get()>"Create key"</button>
            </form>
            {move || created.get().map(|k| view! {
                <ShownOnce title=format!("Key \u{201c}{}\u{201d} created.", k.row.name) label="The new key" id="new-key"
                    value=k.key.clone() on_done=Callback::new(move |()| created.set(None)) />
            })}
        </section>
        <section class="panel" aria-labelledby="keys-heading">
            <h2 id="keys-heading">"Your keys"</h2>
            <Transition fallback=|| view! { <div class="skeleton block" aria-hidden="true"></div> }>
                {move || Suspend::new(async move {
                    match keys.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted empty-note">"No keys yet."</p> }.into_any(),
                        Ok(rows) => view! { <KeyTable rows /> }.into_any(),
                        Err(e) => view! { <crate::components::error_alert::ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn KeyTable(rows: Vec<ApiKeyRow>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table keys">
                <thead><tr>
                    <th scope="col">"Name"</th><th scope="col">"Key"</th><th scope="col">"Created"</th>
                    <th scope="col">"Last used"</th><th scope="col">"Status"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|k| view! { <KeyRow key=k /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One key; revoking asks first (a revoked key stops working at once, for good).
#[component]
fn KeyRow(key: ApiKeyRow) -> impl IntoView {
    let ui = ConsoleUi::get();
    let k = key;
    let (id, name) = (k.id, k.name.clone());
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let revoke = Callback::new(move |()| {
        let name = name.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match revoke_api_key(id).await {
                Ok(()) => ui.notify(ToastKind::Success, format!("Key {name} revoked")),
                Err(e) => ui.notify(ToastKind::Error, format!("Key {name} was not revoked: {e}")),
            }
            busy.set(false);
            confirming.set(false);
            ui.changed();
        });
    });
    view! {
        <tr class:archived=k.revoked_at.is_some()>
            <th scope="row">{k.name.clone()}</th>
            <td class="col-key"><code>{format!("{}…", k.prefix)}</code></td>
            <td class="col-created"><DateTime unix_seconds=k.created_at /><span class="cell-sub muted">{k.created_by.clone()}</span></td>
            <td class="col-used">{match k.last_used_at {
                Some(t) => view! { <DateTime unix_seconds=t /> }.into_any(),
                None => view! { <span class="muted">"Never"</span> }.into_any(),
            }}</td>
            <td class="col-status">{if k.revoked_at.is_some() {
                view! { <span class="badge muted-badge">"Revoked"</span> }.into_any()
            } else {
                view! { <span class="badge ok-badge">"Active"</span> }.into_any()
            }}</td>
            <td class="row-actions">
                {k.revoked_at.is_none().then(|| view! {
                    <ConfirmAction verb="Revoke" subject=k.name.clone() confirming busy on_confirm=revoke />
                })}
            </td>
        </tr>
    }
    .into_any()
}
