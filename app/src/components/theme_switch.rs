//! The colour scheme switch: System (follow the OS), Light or Dark; remembered in this
//! browser. `public/theme.js` applies the choice before the first paint.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn stored(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    fn next(self) -> Self {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

const KEY: &str = "pd-theme";

#[component]
pub fn ThemeSwitch() -> impl IntoView {
    // The server cannot know the choice: it renders "System"; the browser reads it once hydrated.
    let theme = RwSignal::new(Theme::System);
    Effect::new(move |_| {
        let stored = window().local_storage().ok().flatten().and_then(|s| s.get_item(KEY).ok().flatten());
        theme.set(match stored.as_deref() {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        });
    });
    let switch = move |_| {
        let next = theme.get_untracked().next();
        theme.set(next);
        let root = document().document_element();
        let storage = window().local_storage().ok().flatten();
        match next.stored() {
            Some(word) => {
                root.map(|r| r.set_attribute("data-theme", word));
                storage.map(|s| s.set_item(KEY, word));
            }
            None => {
                root.map(|r| r.remove_attribute("data-theme"));
                storage.map(|s| s.remove_item(KEY));
            }
        }
    };
    view! {
        <button type="button" class="button small theme-switch" on:click=switch
            title="Colour scheme: system, light or dark">
            {move || format!("Theme: {}", theme.get().label())}
        </button>
    }
}
