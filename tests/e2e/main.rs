//! End-to-end tests against the real Apache Kafka test bed; one test binary for all tools.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    unreachable_pub,
    missing_docs
)]

mod acls;
mod broker_api_versions;
mod client_metrics;
mod cluster;
mod configs;
mod consumer;
mod delegation_tokens;
mod delete_records;
mod dump_log;
mod features;
mod groups;
mod kafka_groups;
mod leader_election;
mod log_dirs;
mod metadata_quorum;
mod metadata_shell;
mod native;
mod native_failure;
mod offsets;
mod perf;
mod producer;
mod reassign;
mod replica_verification;
mod secure;
mod share_consumer;
mod share_groups;
mod share_tools;
mod storage;
mod streams_groups;
mod streams_reset;
mod support;
mod topics;
mod transactions;
mod usage;
mod verifiable;
