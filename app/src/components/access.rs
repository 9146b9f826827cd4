//! What the signed-in member's role lets the pages show. The server refuses what a role
//! may not do (`agency_scope`); the pages only leave out the buttons and links for it.
//! The role is read from the request on the server and from `<html data-role>` (written
//! by the server) in the browser, so hydration renders the same buttons.

use crate::domain::{Permission, Role};
use leptos::prelude::*;

/// The signed-in member's role, if any.
pub fn member_role() -> Option<Role> {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::current_admin().map(|a| a.role)
    }
    #[cfg(not(feature = "ssr"))]
    {
        use crate::domain::StoredWord;
        document().document_element().and_then(|e| e.get_attribute("data-role")).and_then(|w| Role::from_word(&w))
    }
}

/// The role the pages render for, in context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access(pub Option<Role>);

impl Access {
    pub fn provide() {
        provide_context(Access(member_role()));
    }

    /// The signed-in member's role, if any.
    pub fn role() -> Option<Role> {
        use_context::<Access>().and_then(|a| a.0)
    }

    /// Whether the signed-in member may do `action` (nothing when signed out).
    pub fn can(action: Permission) -> bool {
        Self::role().is_some_and(|role| role.can(action))
    }
}
