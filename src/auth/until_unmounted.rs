//! [`UntilUnmounted`]: the session's async work ends with the app.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A task of the session that ends, without being polled again, once the app is unmounted:
/// at its next wake-up (an answer, a timer) it is dropped instead, which also drops what it
/// was waiting for (a dropped `fetch` future aborts its request), so nothing touches a
/// disposed signal.
pub(super) struct UntilUnmounted<F> {
    /// A signal of the backend: disposed with the app, so readable only while it is mounted.
    witness: RwSignal<bool>,
    work: Pin<Box<F>>,
}

impl<F: Future<Output = ()>> UntilUnmounted<F> {
    pub(super) fn new(witness: RwSignal<bool>, work: F) -> Self {
        Self {
            witness,
            work: Box::pin(work),
        }
    }
}

impl<F: Future<Output = ()>> Future for UntilUnmounted<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.witness.try_get_untracked().is_none() {
            return Poll::Ready(());
        }
        self.work.as_mut().poll(cx)
    }
}
