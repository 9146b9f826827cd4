//! Icons (stroke drawings in `currentColor`): crisp at any size, no icon font, no emoji
//! font needed. Decorative: hidden from assistive technology.
//!
//! The drawings live in the stylesheet (`.i-…` in style/main.css, SVG masks painted in the
//! text colour): an icon is an empty element with two classes, so a page's rows carry no
//! drawing (an SVG sprite and `<use>` per icon came to 5 KB of every Resellers page) and
//! the drawings are downloaded once, with the cached stylesheet.

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
    #[cfg(test)]
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

    /// Its classes: the icon's box and its drawing.
    fn class(self) -> &'static str {
        match self {
            IconKind::Partners => "icon i-partners",
            IconKind::Messages => "icon i-messages",
            IconKind::WhatsApp => "icon i-whatsapp",
            IconKind::Team => "icon i-team",
            IconKind::Edit => "icon i-edit",
            IconKind::Delete => "icon i-delete",
            IconKind::Search => "icon i-search",
            IconKind::Key => "icon i-key",
            IconKind::Filter => "icon i-filter",
        }
    }
}

#[component]
pub fn Icon(kind: IconKind) -> impl IntoView {
    view! { <span class=kind.class() aria-hidden="true"></span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_has_its_own_drawing_in_the_stylesheet() {
        let mut classes: Vec<&str> = IconKind::ALL.iter().map(|k| k.class()).collect();
        classes.sort_unstable();
        classes.dedup();
        assert_eq!(classes.len(), IconKind::ALL.len());
        let css = include_str!("../../../style/main.css");
        for class in classes {
            let drawing = class.strip_prefix("icon ").expect("an icon's box class comes first");
            assert!(
                css.contains(&format!(".{drawing} {{ --icon: url(\"data:image/svg+xml,")),
                "{drawing} has no drawing"
            );
        }
    }
}
