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

/// The one-line refusal for an authorization error from the broker, naming what was refused;
/// `None` for any other error. The principal and its ACLs decide; the fix is an ACL (e.g. with
/// the Java kafka-acls), so the message says so.
pub(crate) fn denied(
    code: rdkafka::types::RDKafkaErrorCode,
    topic: Option<&str>,
    group: Option<&str>,
) -> Option<anyhow::Error> {
    use rdkafka::types::RDKafkaErrorCode as Code;
    let what = match (code, topic, group) {
        (Code::TopicAuthorizationFailed, Some(topic), _) => format!("topic '{topic}'"),
        (Code::TopicAuthorizationFailed, None, _) => "the topic".to_owned(),
        (Code::GroupAuthorizationFailed, _, Some(group)) => format!("group '{group}'"),
        (Code::GroupAuthorizationFailed, _, None) => "the consumer group".to_owned(),
        (Code::ClusterAuthorizationFailed, _, _) => "this cluster operation".to_owned(),
        (Code::TransactionalIdAuthorizationFailed, _, _) => "the transactional id".to_owned(),
        _ => return None,
    };
    Some(anyhow::anyhow!(
        "not authorized for {what} ({code:?}): the principal lacks an ACL for it"
    ))
}
