//! Keyboard shortcuts of the Resellers table: `/` search, `j` / `k` or the arrow keys move
//! through the rows, Enter opens the focused reseller, `n` opens Create Reseller, `?` lists
//! them. Keys typed into a field, or with Ctrl / Alt / Meta, are left alone.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::hooks::use_navigate;

/// The shortcuts, as the help dialog lists them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("/", "Search resellers (Esc leaves the search box)"),
    ("j or ↓", "Next reseller"),
    ("k or ↑", "Previous reseller"),
    ("Enter", "Open the selected reseller"),
    ("n", "Create a reseller"),
    ("?", "Show these shortcuts"),
];

/// Listens for the shortcuts while the page is shown, and renders the help dialog when it
/// is asked for (not in every page's HTML).
#[component]
pub fn TableShortcuts() -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let wanted = RwSignal::new(false);
    let navigate = use_navigate();
    let can_create = crate::components::access::Access::can(crate::domain::Permission::CreateResellers);
    // Opens the dialog once it is in the page.
    Effect::new(move |_| {
        if let Some(d) = dialog.get().filter(|d| wanted.get() && !d.open()) {
            let _ = d.show_modal();
        }
    });
    Effect::new(move |_| {
        let navigate = navigate.clone();
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() == "Escape" && leave_search(&ev) {
                return;
            }
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() || typing(&ev) {
                return;
            }
            let handled = match ev.key().as_str() {
                "/" => focus_first("#reseller-search"),
                "n" if can_create => {
                    navigate("/partners/resellers/new", Default::default());
                    true
                }
                "j" | "ArrowDown" => move_row(1),
                "k" | "ArrowUp" => move_row(-1),
                "?" => {
                    wanted.set(true);
                    true
                }
                _ => false,
            };
            if handled {
                ev.prevent_default();
            }
        });
        on_cleanup(move || handle.remove());
    });
    view! {
        <button type="button" class="button small shortcuts-button" aria-keyshortcuts="?" on:click=move |_| wanted.set(true)>
            "Keyboard shortcuts"
        </button>
        <Show when=move || wanted.get()>
            <dialog node_ref=dialog class="dialog" aria-labelledby="shortcuts-heading" on:close=move |_| wanted.set(false)>
                <h2 id="shortcuts-heading">"Keyboard shortcuts"</h2>
                <dl class="shortcuts">
                    {SHORTCUTS.iter().map(|(keys, what)| view! { <dt><kbd>{*keys}</kbd></dt><dd>{*what}</dd> }).collect_view()}
                </dl>
                <form method="dialog" class="dialog-actions">
                    <button type="submit" class="button">"Close"</button>
                </form>
            </dialog>
        </Show>
    }
    .into_any()
}

/// Escape in the search box leaves it (keeping the search), so the row keys work again.
fn leave_search(ev: &leptos::ev::KeyboardEvent) -> bool {
    let search =
        ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()).filter(|el| el.id() == "reseller-search");
    search.map(|el| el.blur().is_ok()).unwrap_or(false)
}

/// Whether the key went to a text field, a select or an open dialog.
fn typing(ev: &leptos::ev::KeyboardEvent) -> bool {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el.closest("dialog[open]").ok().flatten().is_some()
}

/// Focuses the first element matching `selector`; answers whether one took the focus.
pub fn focus_first(selector: &str) -> bool {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|el| el.focus().is_ok())
        .unwrap_or(false)
}

/// Moves the focus to the next (`step` = 1) or previous (-1) row's name link; from outside
/// the table, `j` starts at the first row and `k` at the last.
fn move_row(step: i32) -> bool {
    let Ok(links) = document().query_selector_all("table.resellers tbody th a") else { return false };
    let count = links.length() as i32;
    if count == 0 {
        return false;
    }
    let active = document().active_element();
    let current = (0..count).find(|i| {
        links
            .item(*i as u32)
            .zip(active.clone())
            .map(|(node, el)| node.is_same_node(Some(el.as_ref())))
            .unwrap_or(false)
    });
    let next = match current {
        Some(i) => (i + step).clamp(0, count - 1),
        None if step > 0 => 0,
        None => count - 1,
    };
    links
        .item(next as u32)
        .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|el| el.focus().is_ok())
        .unwrap_or(false)
}
