//! Native, JVM-free replacements for Apache Kafka's command-line tools.
//!
//! Every tool lives in one executable, `kafka-tools` (`src/bin/kafka-tools.rs`), which calls
//! [`cli::main`]; each tool name under `src/bin/` is a small launcher that execs it under that
//! name. The library holds everything else, and its modules depend on each other one way only
//! (bin -> cli -> tools -> {client, output} -> common -> error):
//!
//! * [`cli`]: the registry of tools, the dispatch on the name the executable was started as,
//!   and the runner every tool goes through;
//! * [`tools`]: one module per tool, turning parsed arguments into requests and results;
//! * `client`: Java-style client properties, their translation into librdkafka settings, and the
//!   admin operations (including the ones rdkafka does not wrap);
//! * `output`: the only place that writes to stdout or stderr;
//! * `common`: the connection options and the shutdown signal, shared by `client` and `tools`;
//! * `error`: the only place that turns a failure into a message and an exit status.

pub mod cli;
mod client;
pub mod common;
mod error;
pub mod fuzzing;
mod output;
pub mod tools;
