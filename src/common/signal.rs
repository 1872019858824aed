//! Ctrl-C and SIGTERM: recorded, never fatal by themselves.
//!
//! The first signal sets a flag that tools check between operations, so that producers flush and
//! consumers commit before exiting. A second signal ends the process at once.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

/// SIGINT's number.
pub(crate) const SIGINT: i32 = 2;
/// SIGTERM's number.
pub(crate) const SIGTERM: i32 = 15;

/// The shutdown request shared by the signal watcher and the running tool.
#[derive(Clone, Debug, Default)]
pub(crate) struct Shutdown {
    signal: Arc<AtomicI32>,
    notify: Arc<Notify>,
}

impl Shutdown {
    /// Starts watching SIGINT and SIGTERM on the runtime's worker thread.
    pub(crate) fn install() -> Self {
        let shutdown = Self::default();
        let watcher = shutdown.clone();
        tokio::spawn(async move { watcher.watch().await });
        shutdown
    }

    async fn watch(self) {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut int), Ok(mut term)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) else {
            return;
        };
        loop {
            let number = tokio::select! {
                _ = int.recv() => SIGINT,
                _ = term.recv() => SIGTERM,
            };
            if self.signal.swap(number, Ordering::SeqCst) != 0 {
                // Second signal: the user insists.
                std::process::exit(128 + number);
            }
            self.notify.notify_waiters();
        }
    }

    /// The signal that asked us to stop, if any.
    pub(crate) fn requested(&self) -> Option<i32> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n),
        }
    }

    /// Returns an error if a shutdown was requested, to stop a tool between two steps.
    pub(crate) fn check(&self) -> anyhow::Result<()> {
        match self.requested() {
            Some(n) => Err(anyhow::Error::new(crate::error::Interrupted(n))),
            None => Ok(()),
        }
    }

    /// Waits until a shutdown is requested.
    #[allow(dead_code)]
    pub(crate) async fn wait(&self) {
        loop {
            let notified = self.notify.notified();
            if self.requested().is_some() {
                return;
            }
            notified.await;
        }
    }
}
