//! Kafka errors as the Java tool prints them: `<exception class>: <message>`.
//!
//! ConsumerGroupCommand prints the Java exception of a failed call (`Throwable.toString()`), so
//! scripts that grep its output see class names such as `GroupNotEmptyException`. librdkafka
//! gives us the protocol error code and a text; this maps the codes the group operations
//! return to Java's exception class and, when the broker sent no message of its own, Java's
//! default message for the code (`org.apache.kafka.common.protocol.Errors`).

use rdkafka::types::RDKafkaErrorCode as Code;

/// Java's exception class and default message for a protocol error code.
fn java_error(code: Code) -> Option<(&'static str, &'static str)> {
    Some(match code {
        Code::GroupIdNotFound => ("GroupIdNotFoundException", "The group id does not exist."),
        Code::NonEmptyGroup => ("GroupNotEmptyException", "The group is not empty."),
        Code::InvalidGroupId => ("InvalidGroupIdException", "The configured groupId is invalid."),
        Code::GroupAuthorizationFailed => {
            ("GroupAuthorizationException", "Group authorization failed.")
        }
        Code::TopicAuthorizationFailed => {
            ("TopicAuthorizationException", "Topic authorization failed.")
        }
        Code::GroupSubscribedToTopic => (
            "GroupSubscribedToTopicException",
            "Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.",
        ),
        Code::UnknownTopicOrPartition => (
            "UnknownTopicOrPartitionException",
            "This server does not host this topic-partition.",
        ),
        Code::CoordinatorNotAvailable => (
            "CoordinatorNotAvailableException",
            "The coordinator is not available.",
        ),
        Code::NotCoordinator => ("NotCoordinatorException", "This is not the correct coordinator."),
        Code::CoordinatorLoadInProgress => (
            "CoordinatorLoadInProgressException",
            "The coordinator is loading and hence can't process requests.",
        ),
        Code::UnknownMemberId => (
            "UnknownMemberIdException",
            "The coordinator is not aware of this member.",
        ),
        Code::RebalanceInProgress => (
            "RebalanceInProgressException",
            "The group is rebalancing, so a rejoin is needed.",
        ),
        Code::RequestTimedOut | Code::OperationTimedOut => {
            ("TimeoutException", "The request timed out.")
        }
        Code::LeaderNotAvailable => (
            "LeaderNotAvailableException",
            "There is no leader for this topic-partition as we are in the middle of a leadership election.",
        ),
        Code::UnsupportedVersion => (
            "UnsupportedVersionException",
            "The version of API is not supported.",
        ),
        _ => return None,
    })
}

/// Java's `Throwable.toString()` for a failed call: `org.apache.kafka.common.errors.X: message`.
///
/// librdkafka's generic texts (`Broker: ...`, `Local: ...`) are replaced by Java's default
/// message; a message the broker wrote itself (e.g. `Group g not found.`) is kept.
pub(crate) fn describe(code: Code, text: &str) -> String {
    match java_error(code) {
        Some((class, default)) => {
            let generic = text.is_empty()
                || text.starts_with("Broker: ")
                || text.starts_with("Local: ")
                || text == code.to_string();
            let message = if generic { default } else { text };
            format!("org.apache.kafka.common.errors.{class}: {message}")
        }
        None => text.to_string(),
    }
}

/// Only the message of [`describe`] (Java printing `getMessage()` of an unwrapped exception).
pub(crate) fn message(code: Code, text: &str) -> anyhow::Error {
    let full = describe(code, text);
    let message = match full.split_once(": ") {
        Some((class, message)) if class.starts_with("org.apache.kafka") => message.to_string(),
        _ => full,
    };
    anyhow::anyhow!("{message}")
}

/// [`describe`] as an error.
pub(crate) fn exception(code: Code, text: &str) -> anyhow::Error {
    let java = describe(code, text);
    match code {
        // Java prints these and exits 0; a refusal must fail the run (see error::Refused).
        Code::GroupAuthorizationFailed | Code::TopicAuthorizationFailed => {
            anyhow::Error::new(crate::error::Refused(java))
        }
        _ => anyhow::anyhow!("{java}"),
    }
}

/// The refusal for an authorization error about `group` (or `topic` of it), naming it as the
/// console tools do (`client::denied`); `None` for any other error.
pub(crate) fn refusal(code: Code, topic: Option<&str>, group: &str) -> Option<anyhow::Error> {
    crate::client::denied(code, topic, Some(group))
}

/// [`message`] for an error about `group`: a refusal names the group.
pub(crate) fn group_message(code: Code, text: &str, group: &str) -> anyhow::Error {
    refusal(code, None, group).unwrap_or_else(|| message(code, text))
}

/// [`exception`] for an error about `group`: a refusal names the group.
pub(crate) fn group_exception(code: Code, text: &str, group: &str) -> anyhow::Error {
    refusal(code, None, group).unwrap_or_else(|| exception(code, text))
}

/// Java's protocol name of a code (`NON_EMPTY_GROUP`), for "unknown error" messages.
pub(crate) fn error_name(code: Code) -> String {
    // librdkafka's names are the protocol names in CamelCase; Java prints SCREAMING_CASE.
    let name = format!("{code:?}");
    let mut out = String::new();
    for (i, ch) in name.chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(ch.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_texts_become_java_messages() {
        assert_eq!(
            describe(Code::NonEmptyGroup, "Broker: The group is not empty"),
            "org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty."
        );
        assert_eq!(
            describe(Code::GroupIdNotFound, "Group g not found."),
            "org.apache.kafka.common.errors.GroupIdNotFoundException: Group g not found."
        );
        assert_eq!(describe(Code::MessageSizeTooLarge, "too big"), "too big");
        assert_eq!(error_name(Code::NonEmptyGroup), "NON_EMPTY_GROUP");
    }

    #[test]
    fn refusals_name_the_group_and_are_fatal() {
        let err = group_exception(Code::GroupAuthorizationFailed, "Broker: x", "g1");
        assert!(crate::error::is_fatal(&err));
        assert!(err.to_string().contains("group 'g1'"), "{err}");
        let err = group_message(Code::GroupAuthorizationFailed, "", "g1");
        assert!(err.to_string().contains("group 'g1'"), "{err}");
        let err = group_exception(Code::GroupIdNotFound, "Group g1 not found.", "g1");
        assert!(!crate::error::is_fatal(&err));
    }
}
