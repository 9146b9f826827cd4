#![recursion_limit = "256"]
//! Partnerdesk: the Partners → Resellers console. The `App` renders on the server
//! and hydrates in the browser; `domain` rules are shared by both.

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path, Lazy, SsrMode,
};

/// The HTML document around the app (server side only). `stylesheet` is the style sheet's
/// address: its name carries a hash in a release build (the server finds it at start).
pub fn shell(options: LeptosOptions, stylesheet: String) -> impl IntoView {
    // Inline hydration scripts carry the nonce that the response's CSP allows.
    #[cfg(feature = "ssr")]
    if let Some(nonce) = ssr::request_parts().and_then(|p| p.extensions.get::<ssr::CspNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
    let date_style = reader_date_style();
    let role = components::access::member_role().map(domain::StoredWord::as_str);
    view! {
        <!DOCTYPE html>
        // The reader's date style and role travel to the browser here, so hydration renders the same.
        <html lang="en" data-date-style=date_style.as_str() data-role=role>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#4338ca" />
                <link rel="stylesheet" href=stylesheet />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                // Colour scheme choice before the first paint; service worker and update prompt.
                <script src="/theme.js"></script>
                <script src="/pwa.js" defer></script>
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// How this reader writes dates: from the request's `Accept-Language` on the server, from
/// what the server put on `<html>` in the browser.
fn reader_date_style() -> domain::DateStyle {
    #[cfg(feature = "ssr")]
    {
        ssr::request_parts()
            .and_then(|p| {
                p.headers
                    .get(http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .map(domain::DateStyle::for_locale)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("data-date-style"))
            .map(|w| domain::DateStyle::from_word(&w))
            .unwrap_or_default()
    }
}

/// Every page's title, "{page} · Partnerdesk" (each page's `<Title text=…/>` passes here).
/// leptos_meta writes the server's `<title>` as raw HTML, so a reseller named
/// `</title><meta …>` would put a tag into every admin's page head: on the server the text
/// is escaped. The browser sets `document.title`, which is plain text, so not there.
fn page_title(page: String) -> String {
    let title = format!("{page} · Partnerdesk");
    if cfg!(feature = "ssr") {
        domain::format::escape_html_text(&title)
    } else {
        title
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(reader_date_style());
    components::access::Access::provide();
    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Meta name="color-scheme" content="light dark" />
        <Meta name="description" content="Partnerdesk: create, manage and monitor your resellers." />
        <Title formatter=page_title />
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("/signin") view=pages::sign_in::SignInPage />
                <Route path=path!("/signin/code") view={Lazy::<pages::SignInCodeRoute>::new()} />
                <Route path=path!("/join/:token") view={Lazy::<pages::JoinRoute>::new()} ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=components::layout::AppShell>
                    <Route path=path!("") view=|| view! { <Redirect path="/partners/resellers" /> } />
                    <Route path=path!("partners") view=|| view! { <Redirect path="/partners/resellers" /> } />
                    // Async: the page is sent whole once its few quick queries answer, with no skeletons
                    // and no scripts swapping streamed parts in (3 KB of every page).
                    <Route path=path!("partners/resellers") view=pages::resellers::ResellersPage ssr=SsrMode::Async />
                    <Route path=path!("partners/resellers/new") view={Lazy::<pages::CreateResellerRoute>::new()} />
                    <Route path=path!("partners/plans") view={Lazy::<pages::PlansRoute>::new()} />
                    <Route path=path!("partners/plans/new") view={Lazy::<pages::CreatePlanRoute>::new()} />
                    <Route path=path!("partners/plans/:id/edit") view={Lazy::<pages::EditPlanRoute>::new()} />
                    <Route path=path!("partners/activity") view={Lazy::<pages::ActivityRoute>::new()} />
                    <Route path=path!("partners/commissions") view={Lazy::<pages::CommissionsRoute>::new()} />
                    <Route path=path!("settings") view=|| view! { <Redirect path="/settings/api-keys" /> } />
                    <Route path=path!("settings/api-keys") view={Lazy::<pages::ApiKeysRoute>::new()} />
                    <Route path=path!("settings/team") view={Lazy::<pages::TeamRoute>::new()} />
                    <Route path=path!("settings/account") view={Lazy::<pages::AccountRoute>::new()} />
                    <Route path=path!("partners/resellers/:id/edit") view={Lazy::<pages::EditResellerRoute>::new()} />
                    // Async: the whole page waits for the record, so an unknown id answers HTTP 404.
                    <Route path=path!("partners/resellers/:id") view={Lazy::<pages::ResellerDetailsRoute>::new()} ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
