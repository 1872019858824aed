//! Talking to Kafka: client settings, the librdkafka context, and admin operations.
//!
//! Knows nothing about clap or printing: tools hand it plain values and get owned results.

pub(crate) mod admin;
pub(crate) mod config;
pub(crate) mod consume;
pub(crate) mod context;
mod ffi;
pub(crate) mod native;
pub(crate) mod produce;
pub(crate) mod properties;
pub(crate) mod share;
pub(crate) mod translate;

pub(crate) use admin::Admin;

/// Serves every event waiting on a producer handle's main queue: delivery reports, errors and,
/// with `debug` on, librdkafka's log lines (rdkafka routes them there). rdkafka's own `poll`
/// with a zero timeout serves one event per call, so a burst of log lines would hold back the
/// error behind it — with `debug=all`, an authentication failure surfaced only after minutes.
pub(crate) fn serve_pending(producer: &rdkafka::producer::BaseProducer<context::ToolContext>) {
    use rdkafka::bindings as rd;
    use rdkafka::producer::Producer as _;
    let rk = producer.client().native_ptr();
    // SAFETY: rk is a live handle; the queue reference we take is released below.
    let queue = unsafe { rd::rd_kafka_queue_get_main(rk) };
    if queue.is_null() {
        producer.poll(std::time::Duration::ZERO);
        return;
    }
    // Bounded, so that a client flooding its own queue cannot keep us here.
    for _ in 0..100_000 {
        // SAFETY: queue is a live reference.
        if unsafe { rd::rd_kafka_queue_length(queue) } == 0 {
            break;
        }
        producer.poll(std::time::Duration::ZERO);
    }
    // SAFETY: releases the reference taken above.
    unsafe { rd::rd_kafka_queue_destroy(queue) };
}

/// How long a topic may be missing from a broker's metadata before it counts as nonexistent:
/// a topic created a moment ago takes a little while to reach every broker's cache.
pub(crate) const ABSENT_GRACE: std::time::Duration = std::time::Duration::from_secs(3);
pub(crate) use config::SettingsBuilder;

/// The partitions of `topic` in the cluster's metadata, sorted; `Ok(None)` once the topic has
/// been missing for [`ABSENT_GRACE`]. Asks by name, so an unauthorized topic comes back as a
/// refusal instead of silently missing from the list. `check` runs before every try (a
/// recorded fatal error, a shutdown request); the whole wait is bounded by `timeout`.
pub(crate) fn topic_partitions<C: rdkafka::ClientContext>(
    client: &rdkafka::client::Client<C>,
    topic: &str,
    timeout: std::time::Duration,
    bootstrap: &str,
    mut check: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Option<Vec<i32>>> {
    use std::time::{Duration, Instant};
    let deadline = Instant::now() + timeout;
    // A topic created a moment ago may take a little while to reach every broker.
    let mut absent_since: Option<Instant> = None;
    loop {
        check()?;
        let step = deadline
            .saturating_duration_since(Instant::now())
            .min(Duration::from_millis(500));
        match client.fetch_metadata(Some(topic), step) {
            Ok(md) => {
                if let Some(t) = md.topics().iter().find(|t| t.name() == topic) {
                    if let Some(refusal) = t.error().and_then(|e| {
                        denied(rdkafka::types::RDKafkaErrorCode::from(e), Some(topic), None)
                    }) {
                        return Err(refusal);
                    }
                    if t.error().is_none() && !t.partitions().is_empty() {
                        let mut ids: Vec<i32> = t.partitions().iter().map(|p| p.id()).collect();
                        ids.sort_unstable();
                        return Ok(Some(ids));
                    }
                }
                if absent_since.get_or_insert_with(Instant::now).elapsed() >= ABSENT_GRACE {
                    return Ok(None);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) if Instant::now() >= deadline => anyhow::bail!(
                "timed out fetching metadata for topic '{topic}' from {bootstrap}: {e}"
            ),
            Err(_) => {}
        }
    }
}

/// The message for a topic that is missing and that the broker did not create on request:
/// Java's clients wait for it until their timeout (60 s); ours say so at once.
pub(crate) fn not_created(topic: &str) -> String {
    format!(
        "topic '{topic}' does not exist and the broker did not create it (auto.create.topics.enable=false); create it with kafka-topics --create"
    )
}

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
    Some(anyhow::Error::new(crate::error::Refused(format!(
        "not authorized for {what} ({code:?}): the principal lacks an ACL for it"
    ))))
}
