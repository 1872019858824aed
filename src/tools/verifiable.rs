//! What the two verifiable tools share: their JSON events and Java's class names for errors.
//!
//! Kafka's system tests parse these lines (reference §7.3, §8.3, §9): every event starts with
//! `timestamp` and `name`, fields follow in Java's order, one compact object per line, flushed
//! at once so a reader sees each event as it happens.

use serde_json::Value;

pub(crate) use crate::common::now_ms;
use crate::tools::Context;

/// Prints one event: `{"timestamp":…,"name":…, fields…}` and flushes.
pub(crate) fn emit(
    ctx: &mut Context,
    name: &str,
    fields: Vec<(&str, Value)>,
) -> std::io::Result<()> {
    emit_unflushed(ctx, name, fields)?;
    ctx.out.flush()
}

/// Like [`emit`], without flushing stdout: for a burst of events (the delivery reports of one
/// poll), flushed once at its end, so that a fast run does not cost a write per event.
pub(crate) fn emit_unflushed(
    ctx: &mut Context,
    name: &str,
    fields: Vec<(&str, Value)>,
) -> std::io::Result<()> {
    // Written field by field: building a map first cost the fast producer two thirds of its
    // CPU time (one event per acknowledged record). Field names are distinct.
    let mut line = Vec::with_capacity(160);
    line.extend_from_slice(b"{\"timestamp\":");
    line.extend_from_slice(now_ms().to_string().as_bytes());
    line.extend_from_slice(b",\"name\":");
    serde_json::to_writer(&mut line, name)?;
    for (key, value) in &fields {
        line.push(b',');
        serde_json::to_writer(&mut line, key)?;
        line.push(b':');
        serde_json::to_writer(&mut line, value)?;
    }
    line.extend_from_slice(b"}\n");
    ctx.out.write_bytes(&line)
}

/// A topic-partition object.
pub(crate) fn tp(topic: &str, partition: i32) -> Value {
    serde_json::json!({ "topic": topic, "partition": partition })
}

/// Java's exception class for a librdkafka error text, as `class <name>`.
pub(crate) fn java_exception(error: &str) -> String {
    let class = [
        (
            "timed out",
            "org.apache.kafka.common.errors.TimeoutException",
        ),
        (
            "TimedOut",
            "org.apache.kafka.common.errors.TimeoutException",
        ),
        (
            "NotEnoughReplicas",
            "org.apache.kafka.common.errors.NotEnoughReplicasException",
        ),
        (
            "NotEnoughReplicasAfterAppend",
            "org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException",
        ),
        (
            "MessageSizeTooLarge",
            "org.apache.kafka.common.errors.RecordTooLargeException",
        ),
        (
            "too large",
            "org.apache.kafka.common.errors.RecordTooLargeException",
        ),
        (
            "UnknownTopicOrPartition",
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
        ),
        (
            "NotLeaderForPartition",
            "org.apache.kafka.common.errors.NotLeaderOrFollowerException",
        ),
        (
            "TopicAuthorizationFailed",
            "org.apache.kafka.common.errors.TopicAuthorizationException",
        ),
        (
            "Purged",
            "org.apache.kafka.common.errors.InterruptException",
        ),
    ]
    .iter()
    .find(|(needle, _)| error.contains(needle))
    .map_or("org.apache.kafka.common.KafkaException", |(_, class)| class);
    format!("class {class}")
}

/// Formats a double as Java's `Double.toString` / Jackson would (`100.0`, `32.15434083601286`).
pub(crate) fn java_double(v: f64) -> Value {
    if v.is_nan() {
        Value::from("NaN")
    } else if v.is_infinite() {
        Value::from(if v > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        // serde_json prints the shortest round-trip form, "100.0" for whole numbers.
        Value::from(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_like_jackson() {
        assert_eq!(java_double(100.0).to_string(), "100.0");
        assert_eq!(
            java_double(32.15434083601286).to_string(),
            "32.15434083601286"
        );
        assert_eq!(java_double(f64::NAN).to_string(), "\"NaN\"");
    }

    #[test]
    fn exceptions_map_to_java_classes() {
        assert_eq!(
            java_exception("Message production error: MessageTimedOut (Local: Message timed out)"),
            "class org.apache.kafka.common.errors.TimeoutException"
        );
        assert_eq!(
            java_exception("something else"),
            "class org.apache.kafka.common.KafkaException"
        );
    }
}
