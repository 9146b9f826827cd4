//! One module per route.

pub mod account;
pub mod activity;
pub mod api_keys;
pub mod commissions;
pub mod join;
pub mod not_found;
pub mod plans;
pub mod reseller_details;
pub mod reseller_form;
pub mod resellers;
pub mod sign_in;
pub mod team;

/// A page whose code the browser loads when it is first visited: `cargo leptos build
/// --split` puts it in a wasm file of its own, so the sign-in page and the Resellers list
/// load without it. The server renders it as any other page (and so does a build without
/// `--split`). `lazy_page!(Route, module, Page)` makes `Route`, used in the router as
/// `Lazy::<Route>::new()`.
macro_rules! lazy_page {
    ($route:ident, $module:ident, $page:ident) => {
        #[doc = concat!("[`", stringify!($module), "::", stringify!($page), "`], loaded when first visited.")]
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                use $module::$page as Page;
                let _ = this; // a page without route data
                view! { <Page /> }.into_any()
            }
        }
    };
}

lazy_page!(CreateResellerRoute, reseller_form, CreateResellerPage);
lazy_page!(EditResellerRoute, reseller_form, EditResellerPage);
lazy_page!(ResellerDetailsRoute, reseller_details, ResellerDetailsPage);
lazy_page!(PlansRoute, plans, PlansPage);
lazy_page!(CreatePlanRoute, plans, CreatePlanPage);
lazy_page!(EditPlanRoute, plans, EditPlanPage);
lazy_page!(ActivityRoute, activity, ActivityPage);
lazy_page!(CommissionsRoute, commissions, CommissionsPage);
lazy_page!(ApiKeysRoute, api_keys, ApiKeysPage);
lazy_page!(TeamRoute, team, TeamPage);
lazy_page!(AccountRoute, account, AccountPage);
lazy_page!(JoinRoute, join, JoinPage);
lazy_page!(SignInCodeRoute, sign_in, SignInCodePage);
