//! What every layer shares and nothing else owns: the connection options (read by `client` to
//! build its settings) and the shutdown signal (checked by `client` while it waits and by the
//! tools between steps). It sits below `client` and `cli` so that the module graph flows one way:
//! bin -> cli -> tools -> {client, output} -> common -> error.

mod connection;
pub(crate) mod features;
pub(crate) mod kafka_log;
mod signal;

pub(crate) use connection::{validate_bootstrap, ARGPARSE_BOTH};
pub use connection::{ConnectionArgs, ControllerArgs};
pub(crate) use signal::Shutdown;
