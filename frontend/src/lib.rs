//! The browser entry point: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A server function's redirect (signing in or out) loads the next page whole: who is
    // signed in, and with it what the member's role lets the pages show (`<html
    // data-role>`), changes with it. Set before the router would set its own.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|location: &str| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_href(location);
        }
    });
    // Hydrated asynchronously: a lazily loaded page (pages/mod.rs) hydrates once its code
    // has arrived.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        leptos::mount::hydrate_from_async(body, app::App).await.forget();
        // Lets people-facing styles and browser tests know the page is interactive, and
        // scripts/first-load.mjs when.
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("hydrated");
        }
    });
}
