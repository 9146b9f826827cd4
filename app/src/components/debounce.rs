//! Waiting for a pause in typing before acting: the search box, the login-domain check,
//! the password strength meter.

use leptos::prelude::*;
use std::time::Duration;

/// Runs the latest call after a pause; each call cancels the one still waiting.
#[derive(Clone, Copy)]
pub struct Debounce {
    pending: StoredValue<Option<TimeoutHandle>>,
    pause: Duration,
}

impl Debounce {
    pub fn new(pause: Duration) -> Self {
        Self { pending: StoredValue::new(None), pause }
    }

    /// Drops the call still waiting, if any.
    pub fn cancel(&self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
        }
        self.pending.set_value(None);
    }

    /// Runs `run` after the pause, unless another call comes first.
    pub fn call(&self, run: impl FnOnce() + 'static) {
        self.cancel();
        self.pending.set_value(set_timeout_with_handle(run, self.pause).ok());
    }

    /// After the pause, asks `ask(key)` (a server function) and hands the answer to `apply`,
    /// but only if `key` is still what `current` gives: an answer about text typed over
    /// since arrives late and is dropped. Failed questions change nothing.
    pub fn ask_latest<K, T, E, Fut>(
        &self,
        key: K,
        current: impl Fn() -> K + 'static,
        ask: impl FnOnce(K) -> Fut + 'static,
        apply: impl FnOnce(T) + 'static,
    ) where
        K: Clone + PartialEq + 'static,
        Fut: std::future::Future<Output = Result<T, E>> + 'static,
    {
        self.call(move || {
            leptos::task::spawn_local(async move {
                if let Ok(answer) = ask(key.clone()).await {
                    if current() == key {
                        apply(answer);
                    }
                }
            });
        });
    }
}
