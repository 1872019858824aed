//! Talking to Kafka: client settings, the librdkafka context, and admin operations.
//!
//! Knows nothing about clap or printing: tools hand it plain values and get owned results.

pub(crate) mod admin;
pub(crate) mod config;
pub(crate) mod consume;
pub(crate) mod context;
mod ffi;
pub(crate) mod produce;
pub(crate) mod properties;
pub(crate) mod translate;

pub(crate) use admin::Admin;
pub(crate) use config::SettingsBuilder;
