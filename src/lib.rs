//! Native, JVM-free replacements for Apache Kafka's command-line tools.
//!
//! Every binary under `src/bin/` is a thin `main` that hands its argument type to
//! [`cli::main`]. The library holds everything else:
//!
//! * [`cli`]: the runner every tool goes through, the registry of tools, and the options that
//!   every tool shares (connection, output format);
//! * `tools`: one module per tool, turning parsed arguments into requests and results;
//! * `client`: Java-style client properties, their translation into librdkafka settings, and the
//!   admin operations (including the ones rdkafka does not wrap);
//! * `output`: the only place that writes to stdout or stderr;
//! * `error`: the only place that turns a failure into a message and an exit status.

pub mod cli;
mod client;
mod error;
mod output;
pub mod tools;
