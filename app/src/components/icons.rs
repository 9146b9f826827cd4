//! SVG icons (stroke style, `currentColor`): crisp at any size, no icon font, no emoji
//! font needed. Decorative: hidden from assistive technology.
//!
//! Each page carries every drawing once (`IconSprite`, at the end of the body) and each icon
//! refers to its drawing with `<use>`: a row's icons cost a few bytes, not their paths
//! (25 rows carried 20 KB of repeated paths), and the drawings stay out of the wasm client.
//! Stroke and size come from the stylesheet (`.icon`).

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconKind {
    Partners,
    Messages,
    WhatsApp,
    Team,
    Edit,
    Delete,
    Search,
    Key,
    Filter,
}

impl IconKind {
    const ALL: [IconKind; 9] = [
        IconKind::Partners,
        IconKind::Messages,
        IconKind::WhatsApp,
        IconKind::Team,
        IconKind::Edit,
        IconKind::Delete,
        IconKind::Search,
        IconKind::Key,
        IconKind::Filter,
    ];

    /// The id of its drawing in the sprite.
    fn id(self) -> &'static str {
        match self {
            IconKind::Partners => "i-partners",
            IconKind::Messages => "i-messages",
            IconKind::WhatsApp => "i-whatsapp",
            IconKind::Team => "i-team",
            IconKind::Edit => "i-edit",
            IconKind::Delete => "i-delete",
            IconKind::Search => "i-search",
            IconKind::Key => "i-key",
            IconKind::Filter => "i-filter",
        }
    }

    fn paths(self) -> &'static [&'static str] {
        match self {
            IconKind::Partners => &[
                "M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2",
                "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
                "M22 21v-2a4 4 0 0 0-3-3.87",
                "M16 3.13a4 4 0 0 1 0 7.75",
            ],
            IconKind::Messages => &["M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"],
            IconKind::WhatsApp => &[
                "M3 21l1.65-4.6A8.5 8.5 0 1 1 7.6 19.35z",
                "M9 9.5c0 3 2.5 5.5 5.5 5.5l1-1.5-2-1-1 .8a4 4 0 0 1-2-2l.8-1-1-2z",
            ],
            IconKind::Key => &[
                "M21 2l-2 2m-7.6 7.6a5.5 5.5 0 1 1-7.78 7.78 5.5 5.5 0 0 1 7.78-7.78zm0 0L15.5 7.5m0 0l3 3L22 7l-3-3m-3.5 3.5L19 4",
            ],
            IconKind::Team => &[
                "M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2",
                "M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
            ],
            IconKind::Edit => &["M12 20h9", "M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4z"],
            IconKind::Delete => &[
                "M3 6h18",
                "M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2",
                "M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6",
                "M10 11v6",
                "M14 11v6",
            ],
            IconKind::Filter => &["M22 3H2l8 9.46V19l4 2v-8.54L22 3z"],
            IconKind::Search => &["M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16z", "M21 21l-4.35-4.35"],
        }
    }
}

#[component]
pub fn Icon(kind: IconKind) -> impl IntoView {
    view! {
        <svg class="icon" aria-hidden="true" focusable="false"><use href=format!("#{}", kind.id()) /></svg>
    }
}

/// Every icon's drawing, once per page: rendered by the server's shell after the app (the
/// client never renders it, so hydration does not see it).
#[component]
pub fn IconSprite() -> impl IntoView {
    view! {
        <svg class="icon-sprite" aria-hidden="true" focusable="false">
            {IconKind::ALL
                .iter()
                .map(|kind| view! {
                    <symbol id=kind.id() viewBox="0 0 24 24">
                        {kind.paths().iter().map(|d| view! { <path d=*d /> }).collect_view()}
                    </symbol>
                })
                .collect_view()}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_has_its_own_drawing() {
        let mut ids: Vec<&str> = IconKind::ALL.iter().map(|k| k.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), IconKind::ALL.len());
        assert!(IconKind::ALL.iter().all(|k| !k.paths().is_empty()));
    }
}
