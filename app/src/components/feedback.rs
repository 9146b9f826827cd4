//! Shared UI state of the console: toasts for completed (or refused) actions, and the
//! reseller being deleted. Provided once by the app shell.

use leptos::prelude::*;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub kind: ToastKind,
    pub text: String,
}

/// The console's shared UI state.
#[derive(Debug, Clone, Copy)]
pub struct ConsoleUi {
    toast: RwSignal<Option<Toast>>,
    /// Bumped after every change to resellers: lists and cards key their data on it.
    pub version: RwSignal<u32>,
    /// The reseller the delete dialog asks about.
    pub deleting: RwSignal<Option<(i64, String)>>,
}

impl ConsoleUi {
    pub fn provide() -> Self {
        let ui = Self { toast: RwSignal::new(None), version: RwSignal::new(0), deleting: RwSignal::new(None) };
        provide_context(ui);
        ui
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    pub fn changed(&self) {
        self.version.update(|v| *v = v.wrapping_add(1));
    }

    /// Shows a message for a few seconds (errors stay until replaced or dismissed).
    pub fn notify(&self, kind: ToastKind, text: impl Into<String>) {
        let toast = Toast { kind, text: text.into() };
        self.toast.set(Some(toast.clone()));
        if kind == ToastKind::Success {
            let signal = self.toast;
            set_timeout(
                move || {
                    signal.update(|t| {
                        if t.as_ref() == Some(&toast) {
                            *t = None
                        }
                    })
                },
                Duration::from_secs(5),
            );
        }
    }
}

/// Where toasts appear; announced to screen readers.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let ui = ConsoleUi::get();
    view! {
        <div class="toasts" aria-live="polite">
            {move || ui.toast.get().map(|t| {
                let (class, role) = match t.kind {
                    ToastKind::Success => ("toast success", "status"),
                    ToastKind::Error => ("toast error", "alert"),
                };
                view! {
                    <div class=class role=role>
                        <span>{t.text}</span>
                        <button type="button" class="toast-close" aria-label="Dismiss"
                            on:click=move |_| ui.toast.set(None)>"×"</button>
                    </div>
                }
            })}
        </div>
    }
}
