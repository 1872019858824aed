//! `--delete` (groups) and `--delete-offsets` (a group's offsets of some topics), with Java's
//! messages (reference kafka-tools.md §5.6, §5.7).

use std::io::{self, Write};

use anyhow::Result;
use rdkafka::types::RDKafkaErrorCode as Code;
use serde::Serialize;

use super::reset::parse_topic_arg;
use super::{group_ids, java, Groups};
use crate::client::admin::groups::GroupOffsets;
use crate::client::admin::partitions::TopicPartition;
use crate::client::Admin;
use crate::output::java::{hash_order, JavaMap};
use crate::output::{table_with_header, Format, Render};
use crate::tools::Context;

/// A group `--delete` could not delete.
#[derive(Debug, Serialize)]
struct Failure {
    group: String,
    /// Java's exception text.
    error: String,
}

/// The outcome of `--delete`.
#[derive(Debug, Serialize)]
struct DeleteView {
    deleted: Vec<String>,
    failed: Vec<Failure>,
}

impl Render for DeleteView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let quoted = |names: &[String]| {
            names
                .iter()
                .map(|g| format!("'{g}'"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.failed.is_empty() {
            return writeln!(
                w,
                "Deletion of requested consumer groups ({}) was successful.",
                quoted(&self.deleted)
            );
        }
        writeln!(w, "\nError: Deletion of some consumer groups failed:")?;
        for Failure { group, error } in &self.failed {
            writeln!(w, "* Group '{group}' could not be deleted due to: {error}")?;
        }
        if !self.deleted.is_empty() {
            writeln!(
                w,
                "\nThese consumer groups were deleted successfully: {}",
                quoted(&self.deleted)
            )?;
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(["GROUP", "STATUS"]);
        for g in &self.deleted {
            table.add_row([g.as_str(), "Deleted"]);
        }
        for f in &self.failed {
            table.add_row([f.group.as_str(), f.error.as_str()]);
        }
        Some(table)
    }
}

/// Runs `--delete`.
///
/// A group refused for lack of an ACL fails the run (exit 1, naming the group) after Java's
/// report of every group in text; with `--output json` the failure is the only document.
pub(super) fn delete_groups(admin: &Admin, ctx: &mut Context, groups: &Groups) -> Result<()> {
    let ids = group_ids(admin, groups)?;
    let outcomes = admin.delete_groups(&ids)?;
    let mut deleted = Vec::new();
    let mut failed = Vec::new();
    let mut refusal = None;
    for outcome in outcomes {
        match outcome.error {
            None => deleted.push(outcome.group_id),
            Some((code, text)) => {
                if refusal.is_none() {
                    refusal = java::refusal(code, None, &outcome.group_id);
                }
                failed.push(Failure {
                    group: outcome.group_id,
                    error: java::describe(code, &text),
                });
            }
        }
    }
    // Java collects both in HashMaps.
    let deleted = hash_order(deleted, JavaMap::Default, String::as_str);
    let failed = hash_order(failed, JavaMap::Default, |f| f.group.as_str());
    if refusal.is_none() || ctx.out.format() != Format::Json {
        ctx.out.emit(&DeleteView { deleted, failed })?;
    }
    refusal.map_or(Ok(()), Err)
}

/// One partition of `--delete-offsets`.
#[derive(Debug, Serialize)]
struct OffsetStatus {
    topic: String,
    /// `None` for a topic that could not be described.
    partition: Option<i32>,
    /// `None` on success, else Java's exception text.
    error: Option<String>,
}

/// The outcome of `--delete-offsets`.
#[derive(Debug, Serialize)]
struct DeleteOffsetsView {
    group: String,
    /// The group-level error, as Java names it, if any.
    error: Option<String>,
    partitions: Vec<OffsetStatus>,
    #[serde(skip)]
    status_line: String,
}

impl Render for DeleteOffsetsView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "{}", self.status_line)?;
        let tw = self
            .partitions
            .iter()
            .map(|p| p.topic.len())
            .fold(15, usize::max);
        write!(w, "\n{:<tw$} {:<10} {:<15}", "TOPIC", "PARTITION", "STATUS")?;
        for p in &self.partitions {
            let partition = p.partition.map_or("-".to_string(), |n| n.to_string());
            let status = p
                .error
                .as_ref()
                .map_or("Successful".to_string(), |e| format!("Error: {e}"));
            write!(w, "\n{:<tw$} {:<10} {:<15}", p.topic, partition, status)?;
        }
        writeln!(w)
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(["TOPIC", "PARTITION", "STATUS"]);
        for p in &self.partitions {
            table.add_row([
                p.topic.clone(),
                p.partition.map_or("-".to_string(), |n| n.to_string()),
                p.error.clone().unwrap_or_else(|| "Successful".into()),
            ]);
        }
        Some(table)
    }
}

/// Runs `--delete-offsets`.
pub(crate) fn delete_offsets(
    admin: &Admin,
    ctx: &mut Context,
    group: &str,
    topics: &[String],
) -> Result<()> {
    let mut partitions: Vec<TopicPartition> = Vec::new();
    let mut statuses: Vec<OffsetStatus> = Vec::new();
    let mut whole = Vec::new();
    for topic in topics {
        if topic.contains(':') {
            partitions.extend(parse_topic_arg(topic)?);
        } else if !whole.contains(topic) {
            whole.push(topic.clone());
        }
    }
    for described in admin.describe_topics(&whole)? {
        match described.error {
            Some((code, text)) => statuses.push(OffsetStatus {
                topic: described.name,
                partition: None,
                error: Some(java::describe(code, &text)),
            }),
            None => partitions.extend(
                described
                    .partitions
                    .iter()
                    .map(|p| TopicPartition::new(described.name.clone(), p.partition)),
            ),
        }
    }
    delete_resolved_offsets(admin, ctx, group, partitions, statuses)
}

/// Deletes the committed offsets of `partitions` from `group` and prints Java's outcome
/// (kafka-streams-groups' `--all-input-topics`).
pub(crate) fn delete_partition_offsets(
    admin: &Admin,
    ctx: &mut Context,
    group: &str,
    partitions: Vec<TopicPartition>,
) -> Result<()> {
    delete_resolved_offsets(admin, ctx, group, partitions, Vec::new())
}

/// Deletes the offsets of `partitions`; `statuses`: the topics that failed to resolve.
fn delete_resolved_offsets(
    admin: &Admin,
    ctx: &mut Context,
    group: &str,
    mut partitions: Vec<TopicPartition>,
    mut statuses: Vec<OffsetStatus>,
) -> Result<()> {
    partitions.sort();
    partitions.dedup();
    let result = match admin.delete_consumer_group_offsets(group, &partitions) {
        Ok(result) => result,
        Err(err) => match top_level_failure(&err) {
            Some(error) => GroupOffsets {
                group_id: group.to_string(),
                error: Some(error),
                partitions: Vec::new(),
            },
            None => return Err(err),
        },
    };
    if let Some(refusal) = result
        .error
        .as_ref()
        .and_then(|(code, _)| java::refusal(*code, None, group))
    {
        return Err(refusal);
    }
    let top = result.error.clone();
    let first_partition_error = result.partitions.iter().find_map(|p| p.error.clone());
    let status_line = match (&top, &first_partition_error) {
        (None, None) => format!("Request succeeded for deleting offsets from group {group}."),
        (Some((code, _)), _) | (None, Some((code, _))) => match code {
            Code::InvalidGroupId
            | Code::GroupIdNotFound
            | Code::GroupAuthorizationFailed
            | Code::NonEmptyGroup => {
                let text = java::describe(*code, "");
                let message = text.split_once(": ").map_or(text.as_str(), |(_, m)| m);
                format!("\nError: {message}")
            }
            Code::GroupSubscribedToTopic
            | Code::TopicAuthorizationFailed
            | Code::UnknownTopicOrPartition => {
                "\nError: Encountered some partition-level error, see the follow-up details."
                    .to_string()
            }
            other => format!(
                "\nError: Encountered some unknown error: {}",
                java::error_name(*other)
            ),
        },
    };
    for tp in &partitions {
        let error = match &top {
            Some((code, text)) => Some(java::describe(*code, text)),
            None => result
                .partitions
                .iter()
                .find(|p| p.tp == *tp)
                .and_then(|p| p.error.as_ref())
                .map(|(code, text)| java::describe(*code, text)),
        };
        statuses.push(OffsetStatus {
            topic: tp.topic.clone(),
            partition: Some(tp.partition),
            error,
        });
    }
    // Java sorts by the string topic + partition (so t10 sorts before t2).
    statuses.sort_by_key(|s| format!("{}{}", s.topic, s.partition.unwrap_or(-1)));
    ctx.out.emit(&DeleteOffsetsView {
        group: group.to_string(),
        error: top.map(|(code, text)| java::describe(code, &text)),
        partitions: statuses,
        status_line,
    })?;
    Ok(())
}

/// librdkafka fails a whole OffsetDelete whose answer has a top-level error (`... OffsetDelete
/// response error: Broker: The group id does not exist`), where Java reports that error for the
/// group and for each partition: the error of such a failure.
fn top_level_failure(err: &anyhow::Error) -> Option<(Code, String)> {
    let text = format!("{err:#}");
    let (_, broker) = text.split_once("OffsetDelete response error: ")?;
    let broker = broker.trim();
    (1..=i16::MAX)
        .take(200)
        .map(crate::client::native::rd_code)
        // Displayed as `GroupIdNotFound (Broker: The group id does not exist)`.
        .find(|code| *code != Code::Unknown && code.to_string().ends_with(&format!("({broker})")))
        .map(|code| (code, broker.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_offset_delete_gives_its_top_level_error() {
        let err = anyhow::anyhow!(
            "deleting offsets of group g: DELETECONSUMERGROUPOFFSETS worker failed to parse \
             response: OffsetDelete response error: Broker: The group id does not exist"
        );
        assert_eq!(
            top_level_failure(&err).map(|(code, _)| code),
            Some(Code::GroupIdNotFound)
        );
        assert!(top_level_failure(&anyhow::anyhow!("timed out")).is_none());
    }
}
