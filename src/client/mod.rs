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

/// How long a topic may be missing from a broker's metadata before it counts as nonexistent:
/// a topic created a moment ago takes a little while to reach every broker's cache.
pub(crate) const ABSENT_GRACE: std::time::Duration = std::time::Duration::from_secs(3);
pub(crate) use config::SettingsBuilder;
