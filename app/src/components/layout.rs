use leptos::prelude::*;
use crate::components::icons::{Icon, IconKind};
use leptos_router::components::A;

/// Sidebar + main area, shared by every page of the console.
#[component]
pub fn AppShell(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <div class="app">
            <aside class="sidebar">
                <a class="brand" href="/partners/resellers">
                    <span class="brand-mark" aria-hidden="true">"P"</span>
                    <span>"Partnerdesk"</span>
                </a>
                <nav aria-label="Main">
                    <ul>
                        <li>
                            <A href="/partners/resellers" attr:class="nav-link">
                                <Icon kind=IconKind::Partners />
                                "Partners"
                            </A>
                        </li>
                    </ul>
                </nav>
            </aside>
            <main id="main" class="main">{children()}</main>
        </div>
    }
}

/// The Partners heading and its tabs.
#[component]
pub fn PartnersHeader(
    /// Shown at the right of the title (e.g. the Create Reseller button).
    #[prop(optional)]
    actions: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <div>
                <h1>"Resellers"</h1>
                <p class="subtitle">"Manage and edit reseller details."</p>
            </div>
            <div class="page-actions">{actions.map(|a| a())}</div>
        </header>
        <nav class="tabs" aria-label="Partners">
            <A href="/partners/resellers" attr:class="tab">"Resellers"</A>
        </nav>
    }
}
