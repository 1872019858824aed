//! Java's text for a per-partition Kafka error: `<exception class>: <message>`, as the Java tools
//! print `exception.toString()` in their per-partition result lines.
//!
//! librdkafka gives an error code (and sometimes the broker's message); Java prints the
//! exception class that `org.apache.kafka.common.protocol.Errors` maps the code to, with the
//! broker's message or the code's default message. Codes missing from this table print
//! librdkafka's text.

use rdkafka::types::RDKafkaErrorCode;

/// `(code, exception class, Java's default message)`.
const KNOWN: &[(RDKafkaErrorCode, &str, &str)] = &[
    (
        RDKafkaErrorCode::OffsetOutOfRange,
        "OffsetOutOfRangeException",
        "The requested offset is not within the range of offsets maintained by the server.",
    ),
    (
        RDKafkaErrorCode::UnknownTopicOrPartition,
        "UnknownTopicOrPartitionException",
        "This server does not host this topic-partition.",
    ),
    (
        RDKafkaErrorCode::NotLeaderForPartition,
        "NotLeaderOrFollowerException",
        "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.",
    ),
    (
        RDKafkaErrorCode::LeaderNotAvailable,
        "LeaderNotAvailableException",
        "There is no leader for this topic-partition as we are in the middle of a leadership election.",
    ),
    (
        RDKafkaErrorCode::TopicAuthorizationFailed,
        "TopicAuthorizationException",
        "Topic authorization failed.",
    ),
    (
        RDKafkaErrorCode::ClusterAuthorizationFailed,
        "ClusterAuthorizationException",
        "Cluster authorization failed.",
    ),
    (
        RDKafkaErrorCode::PolicyViolation,
        "PolicyViolationException",
        "Request parameters do not satisfy the configured policy.",
    ),
    (
        RDKafkaErrorCode::RequestTimedOut,
        "TimeoutException",
        "The request timed out.",
    ),
    (
        RDKafkaErrorCode::OperationTimedOut,
        "TimeoutException",
        "The request timed out.",
    ),
    (
        RDKafkaErrorCode::ElectionNotNeeded,
        "ElectionNotNeededException",
        "Leader election not needed for topic partition.",
    ),
    (
        RDKafkaErrorCode::PreferredLeaderNotAvailable,
        "PreferredLeaderNotAvailableException",
        "The preferred leader was not available.",
    ),
    (
        RDKafkaErrorCode::EligibleLeadersNotAvailable,
        "EligibleLeadersNotAvailableException",
        "Eligible topic partition leaders are not available.",
    ),
    (
        RDKafkaErrorCode::UnsupportedVersion,
        "UnsupportedVersionException",
        "The version of API is not supported.",
    ),
    (
        RDKafkaErrorCode::SaslAuthenticationFailed,
        "SaslAuthenticationException",
        "SASL Authentication failed.",
    ),
    (
        RDKafkaErrorCode::DelegationTokenAuthDisabled,
        "DelegationTokenDisabledException",
        "Delegation Token feature is not enabled.",
    ),
    (
        RDKafkaErrorCode::DelegationTokenNotFound,
        "DelegationTokenNotFoundException",
        "Delegation Token is not found on server.",
    ),
    (
        RDKafkaErrorCode::DelegationTokenOwnerMismatch,
        "DelegationTokenOwnerMismatchException",
        "Specified Principal is not valid Owner/Renewer.",
    ),
    (
        RDKafkaErrorCode::DelegationTokenRequestNotAllowed,
        "UnsupportedByAuthenticationException",
        "Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on delegation token authenticated channels.",
    ),
    (
        RDKafkaErrorCode::DelegationTokenAuthorizationFailed,
        "DelegationTokenAuthorizationException",
        "Delegation Token authorization failed.",
    ),
    (
        RDKafkaErrorCode::DelegationTokenExpired,
        "DelegationTokenExpiredException",
        "Delegation Token is expired.",
    ),
    (
        RDKafkaErrorCode::InvalidPrincipalType,
        "InvalidPrincipalTypeException",
        "Supplied principalType is not supported.",
    ),
];

/// Java's `exception.toString()` for `code`; `broker_message` replaces the default message
/// when the broker sent one (librdkafka's own `Broker: ...` texts are not the broker's).
pub(crate) fn exception_text(code: RDKafkaErrorCode, broker_message: Option<&str>) -> String {
    let message = broker_message.filter(|m| !m.is_empty() && !m.starts_with("Broker: "));
    match KNOWN.iter().find(|(c, _, _)| *c == code) {
        Some((_, class, default)) => format!(
            "org.apache.kafka.common.errors.{class}: {}",
            message.unwrap_or(default)
        ),
        None => message.map_or_else(|| code.to_string(), str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_print_like_java() {
        assert_eq!(
            exception_text(RDKafkaErrorCode::OffsetOutOfRange, Some("Broker: Offset out of range")),
            "org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server."
        );
        assert_eq!(
            exception_text(
                RDKafkaErrorCode::UnknownTopicOrPartition,
                Some("No such topic as x")
            ),
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: No such topic as x"
        );
        assert_eq!(
            exception_text(RDKafkaErrorCode::InvalidRequest, Some("bad")),
            "bad"
        );
    }
}
