//! One module per tool: its arguments, their validation, and what it does.
//!
//! A tool turns its clap arguments into a plain request in its first lines, calls `client`, and
//! hands results to `output`.

pub mod configs;
pub mod console_consumer;
pub mod console_producer;
pub mod consumer_groups;
pub mod delete_records;
mod formatter;
pub mod get_offsets;
mod kafka_errors;
pub mod leader_election;
mod line_reader;
mod pattern;
mod record_json;
pub mod topics;
mod verifiable;
pub mod verifiable_consumer;
pub mod verifiable_producer;
