//! The card the pages before the console stand in (sign-in, its code step, joining a team).

use leptos::prelude::*;

/// The card of the pages before the console (sign-in, its code step, joining a team).
#[component]
pub fn SignInCard(children: Children) -> impl IntoView {
    view! {
        <main id="main" class="signin">
            <div class="signin-card">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">"P"</span>
                    <span>"Partnerdesk"</span>
                </div>
                {children()}
            </div>
        </main>
    }
}
