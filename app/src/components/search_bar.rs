use crate::components::debounce::Debounce;
use crate::components::icons::{Icon, IconKind};
use crate::domain::{ResellerQuery, SEARCH_MAX_CHARS};
use leptos::{html, prelude::*};
use leptos_router::{hooks::use_navigate, NavigateOptions};
use std::time::Duration;

/// Pause after the last keystroke before the search runs.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Search by name or e-mail. Typing updates `?q=` after a short pause (each search is a
/// history entry, so back/forward walk through them); Enter searches at once. Without
/// JavaScript it is a plain GET form with the same URL.
#[component]
pub fn SearchBar(query: Memo<ResellerQuery>) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    let pause = Debounce::new(DEBOUNCE);
    let navigate = use_navigate();
    let search = move |text: String| {
        pause.cancel();
        let current = query.get_untracked();
        if text.trim() != current.q {
            let href = current.with_search(&text).href();
            navigate(&href, NavigateOptions { scroll: false, ..Default::default() });
        }
    };
    let on_input = {
        let search = search.clone();
        move |_| {
            let Some(el) = input.get() else { return };
            let search = search.clone();
            pause.call(move || search(el.value()));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(el) = input.get() {
            search(el.value());
        }
    };
    view! {
        <form class="search" role="search" method="get" action="/partners/resellers" on:submit=on_submit>
            <label for="reseller-search" class="visually-hidden">"Search resellers by name or email"</label>
            <span class="search-icon"><Icon kind=IconKind::Search /></span>
            <input id="reseller-search" node_ref=input type="search" name="q"
                placeholder="Search by name or email" aria-keyshortcuts="/" autocomplete="off" spellcheck="false"
                maxlength=SEARCH_MAX_CHARS.to_string()
                prop:value=move || query.read().q.clone()
                on:input=on_input />
        </form>
    }
}
