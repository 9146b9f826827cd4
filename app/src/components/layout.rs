use crate::api::auth::{current_admin_info, SignOut};
use crate::components::access::Access;
use crate::components::delete_dialog::DeleteDialog;
use crate::components::feedback::{ConsoleUi, ToastRegion};
use crate::components::icons::{Icon, IconKind};
use crate::domain::Permission;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

/// Sidebar + main area, shared by every page of the console (the pages render in the outlet).
#[component]
pub fn AppShell() -> impl IntoView {
    ConsoleUi::provide();
    let admin = Resource::new(|| (), |_| current_admin_info());
    let sign_out = ServerAction::<SignOut>::new();
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
                        {Access::can(Permission::ManageApiKeys).then(|| view! {
                            <li>
                                <A href="/settings/api-keys" attr:class="nav-link">
                                    <Icon kind=IconKind::Key />
                                    "API keys"
                                </A>
                            </li>
                        })}
                        {Access::can(Permission::ManageTeam).then(|| view! {
                            <li>
                                <A href="/settings/team" attr:class="nav-link">
                                    <Icon kind=IconKind::Team />
                                    "Team"
                                </A>
                            </li>
                        })}
                    </ul>
                </nav>
                <div class="account">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            admin.await.ok().flatten().map(|a| view! {
                                <p class="account-name">{a.agency_name}</p>
                                <p class="account-email muted">{a.email}</p>
                                <p class="account-role muted">{a.role.label()}</p>
                            })
                        })}
                    </Suspense>
                    <div class="account-actions">
                        <A href="/settings/account" attr:class="button small">"Your account"</A>
                        <crate::components::theme_switch::ThemeSwitch />
                        <ActionForm action=sign_out>
                            <button type="submit" class="button small">"Sign out"</button>
                        </ActionForm>
                    </div>
                </div>
            </aside>
            <main id="main" class="main"><Outlet /></main>
            <ToastRegion />
            <DeleteDialog />
        </div>
    }
}

/// The Partners heading (the tab's title) and the Partners tabs.
#[component]
pub fn PartnersHeader(
    title: &'static str,
    subtitle: &'static str,
    /// Shown at the right of the title (e.g. the Create Reseller button).
    #[prop(optional)]
    actions: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <div>
                <h1>{title}</h1>
                <p class="subtitle">{subtitle}</p>
            </div>
            <div class="page-actions">{actions.map(|a| a())}</div>
        </header>
        <nav class="tabs" aria-label="Partners">
            <A href="/partners/resellers" attr:class="tab">"Resellers"</A>
            <A href="/partners/plans" attr:class="tab">"Plans"</A>
            <A href="/partners/commissions" attr:class="tab">"Commissions"</A>
            <A href="/partners/activity" attr:class="tab">"Activity"</A>
        </nav>
    }
}
