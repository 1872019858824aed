//! End-to-end tests against the real Apache Kafka test bed; one test binary for all tools.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    unreachable_pub,
    missing_docs
)]

mod configs;
mod consumer;
mod delete_records;
mod dump_log;
mod groups;
mod leader_election;
mod metadata_shell;
mod native;
mod offsets;
mod perf;
mod producer;
mod secure;
mod support;
mod topics;
mod usage;
mod verifiable;
