//! What every layer shares and nothing else owns: the connection options (read by `client` to
//! build its settings) and the shutdown signal (checked by `client` while it waits and by the
//! tools between steps). It sits below `client` and `cli` so that the module graph flows one way:
//! bin -> cli -> tools -> {client, output} -> common -> error. The wall clock in Java's unit
//! (ms since the epoch) is here too, for every tool that prints or sends one.

mod connection;
pub(crate) mod features;
pub(crate) mod kafka_log;
mod signal;

pub(crate) use connection::{validate_bootstrap, ARGPARSE_BOTH};
pub use connection::{ConnectionArgs, ControllerArgs};
pub(crate) use signal::Shutdown;

/// The wall clock in milliseconds since the epoch (Java's `System.currentTimeMillis`).
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
