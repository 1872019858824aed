//! Share groups (KIP-932) through the native path: ListGroups (type filter `share`),
//! ShareGroupDescribe, DescribeShareGroupOffsets (v1: with the lag), AlterShareGroupOffsets,
//! DeleteShareGroupOffsets and DeleteGroups, each at the group's coordinator as Java's admin
//! client sends them. librdkafka has none of these.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};
use kafka_protocol::messages::{
    AlterShareGroupOffsetsRequest, DeleteGroupsRequest, DeleteShareGroupOffsetsRequest,
    DescribeShareGroupOffsetsRequest, GroupId, ListGroupsRequest, ShareGroupDescribeRequest,
    TopicName,
};
use kafka_protocol::protocol::StrBytes;

use crate::client::admin::partitions::TopicPartition;
use crate::client::native::{error_text, Native, Target};

/// A broker error: code and text (the broker's message, or the code's).
pub(crate) type BrokerError = (i16, String);

/// One share group as ListGroups lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShareGroupListing {
    pub(crate) group_id: String,
    pub(crate) state: String,
}

/// One member of a share group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShareMember {
    pub(crate) member_id: String,
    pub(crate) client_id: String,
    pub(crate) host: String,
    pub(crate) member_epoch: i32,
    pub(crate) assignment: Vec<TopicPartition>,
}

/// A share group as ShareGroupDescribe describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShareGroupDescription {
    pub(crate) group_id: String,
    /// Java's `GroupState` name (`Stable`, `Empty`, `Dead`, ...).
    pub(crate) state: String,
    pub(crate) group_epoch: i32,
    pub(crate) assignment_epoch: i32,
    /// The coordinator: id and `host:port`.
    pub(crate) coordinator: (i32, String),
    pub(crate) members: Vec<ShareMember>,
}

/// The start offset of one partition of a share group; `None` fields are unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShareOffset {
    pub(crate) tp: TopicPartition,
    /// `None`: the group has no start offset there yet (Java's null entry).
    pub(crate) start_offset: Option<i64>,
    pub(crate) leader_epoch: Option<i32>,
    pub(crate) lag: Option<i64>,
}

fn s(text: &str) -> StrBytes {
    StrBytes::from_string(text.to_string())
}

fn group_id(group: &str) -> GroupId {
    GroupId(s(group))
}

pub(crate) fn coordinator(group: &str) -> Target {
    Target::Coordinator(0, group.to_string())
}

/// The broker's error of a response part, or `None` for success.
pub(crate) fn failure(code: i16, message: Option<&StrBytes>) -> Option<BrokerError> {
    (code != 0).then(|| (code, error_text(code, message.map(|m| m.as_str()))))
}

/// Every share group of the cluster (ListGroups v5 to every broker), in the states named
/// (all when empty). A broker that fails fails the listing, as in Java.
pub(crate) async fn list_share_groups(
    native: &Native,
    states: &[String],
) -> Result<Vec<ShareGroupListing>> {
    list_groups_of_type(native, states, "share").await
}

/// Every group of one type (`share`, `streams`) of the cluster, in the states named (all when
/// empty), by ListGroups v5 to every broker. A broker that fails fails the listing, as in Java.
pub(crate) async fn list_groups_of_type(
    native: &Native,
    states: &[String],
    group_type: &'static str,
) -> Result<Vec<ShareGroupListing>> {
    let states: Vec<StrBytes> = states.iter().map(|st| s(st)).collect();
    let answers = native
        .send_each::<ListGroupsRequest, _>(None, 5, move |_| {
            ListGroupsRequest::default()
                .with_states_filter(states.clone())
                .with_types_filter(vec![s(group_type)])
        })
        .await?;
    let mut groups = Vec::new();
    for (_, answer) in answers {
        let (response, _) = answer?;
        if let Some((_, text)) = failure(response.error_code, None) {
            return Err(anyhow!("{text}"));
        }
        groups.extend(response.groups.into_iter().map(|g| ShareGroupListing {
            group_id: g.group_id.0.to_string(),
            state: g.group_state.to_string(),
        }));
    }
    Ok(groups)
}

/// Describes one share group at its coordinator (`Err` of the inner result: the group's error).
pub(crate) async fn describe_share_group(
    native: &Native,
    group: &str,
) -> Result<std::result::Result<ShareGroupDescription, BrokerError>> {
    let target = coordinator(group);
    let (response, _) = native
        .call::<ShareGroupDescribeRequest, _, _>(
            &target,
            1,
            |_| ShareGroupDescribeRequest::default().with_group_ids(vec![group_id(group)]),
            |r| r.groups.first().map_or(0, |g| g.error_code),
        )
        .await?;
    let Some(described) = response
        .groups
        .into_iter()
        .find(|g| g.group_id.0.as_str() == group)
    else {
        return Err(anyhow!(
            "ShareGroupDescribe did not answer for group {group}"
        ));
    };
    if let Some(err) = failure(described.error_code, described.error_message.as_ref()) {
        return Ok(Err(err));
    }
    let id = native.coordinator_id(0, group).await?;
    let addr = native
        .nodes()
        .await?
        .into_iter()
        .find(|n| n.id == id)
        .map_or_else(String::new, |n| n.addr);
    let members = described
        .members
        .into_iter()
        .map(|m| ShareMember {
            member_id: m.member_id.to_string(),
            client_id: m.client_id.to_string(),
            host: m.client_host.to_string(),
            member_epoch: m.member_epoch,
            assignment: m
                .assignment
                .topic_partitions
                .iter()
                .flat_map(|t| {
                    t.partitions
                        .iter()
                        .map(|p| TopicPartition::new(t.topic_name.0.to_string(), *p))
                })
                .collect(),
        })
        .collect();
    Ok(Ok(ShareGroupDescription {
        group_id: group.to_string(),
        state: described.group_state.to_string(),
        group_epoch: described.group_epoch,
        assignment_epoch: described.assignment_epoch,
        coordinator: (id, addr),
        members,
    }))
}

/// The start offsets (with leader epoch and lag) of every partition a share group has state
/// for. Partitions the broker answered with an error are left out, as Java's admin does.
pub(crate) async fn share_group_offsets(
    native: &Native,
    group: &str,
) -> Result<std::result::Result<Vec<ShareOffset>, BrokerError>> {
    use kafka_protocol::messages::describe_share_group_offsets_request::DescribeShareGroupOffsetsRequestGroup;
    let target = coordinator(group);
    let (response, _) = native
        .call::<DescribeShareGroupOffsetsRequest, _, _>(
            &target,
            0,
            |_| {
                DescribeShareGroupOffsetsRequest::default().with_groups(vec![
                    DescribeShareGroupOffsetsRequestGroup::default()
                        .with_group_id(group_id(group))
                        .with_topics(None),
                ])
            },
            |r| r.groups.first().map_or(0, |g| g.error_code),
        )
        .await?;
    let Some(answer) = response
        .groups
        .into_iter()
        .find(|g| g.group_id.0.as_str() == group)
    else {
        return Err(anyhow!(
            "DescribeShareGroupOffsets did not answer for group {group}"
        ));
    };
    if let Some(err) = failure(answer.error_code, answer.error_message.as_ref()) {
        return Ok(Err(err));
    }
    let mut offsets = Vec::new();
    for topic in answer.topics {
        for p in topic.partitions {
            if p.error_code != 0 {
                continue;
            }
            // No start offset yet: Java's admin maps the partition to null (every column `-`).
            let known = p.start_offset >= 0;
            offsets.push(ShareOffset {
                tp: TopicPartition::new(topic.topic_name.0.to_string(), p.partition_index),
                start_offset: known.then_some(p.start_offset),
                leader_epoch: (known && p.leader_epoch >= 0).then_some(p.leader_epoch),
                lag: (known && p.lag >= 0).then_some(p.lag),
            });
        }
    }
    Ok(Ok(offsets))
}

/// The outcome of an alter or delete of offsets: the top-level error, and each part's.
#[derive(Debug, Clone, Default)]
pub(crate) struct OffsetsOutcome<K> {
    pub(crate) error: Option<BrokerError>,
    pub(crate) parts: Vec<(K, Option<BrokerError>)>,
}

/// Sets the start offsets of a share group (AlterShareGroupOffsets).
pub(crate) async fn alter_share_group_offsets(
    native: &Native,
    group: &str,
    offsets: &[(TopicPartition, i64)],
) -> Result<OffsetsOutcome<TopicPartition>> {
    use kafka_protocol::messages::alter_share_group_offsets_request::{
        AlterShareGroupOffsetsRequestPartition, AlterShareGroupOffsetsRequestTopic,
    };
    let mut by_topic: BTreeMap<&str, Vec<(i32, i64)>> = BTreeMap::new();
    for (tp, offset) in offsets {
        by_topic
            .entry(tp.topic.as_str())
            .or_default()
            .push((tp.partition, *offset));
    }
    let topics: Vec<AlterShareGroupOffsetsRequestTopic> = by_topic
        .into_iter()
        .map(|(topic, parts)| {
            AlterShareGroupOffsetsRequestTopic::default()
                .with_topic_name(TopicName(s(topic)))
                .with_partitions(
                    parts
                        .into_iter()
                        .map(|(p, o)| {
                            AlterShareGroupOffsetsRequestPartition::default()
                                .with_partition_index(p)
                                .with_start_offset(o)
                        })
                        .collect(),
                )
        })
        .collect();
    let target = coordinator(group);
    let (response, _) = native
        .call::<AlterShareGroupOffsetsRequest, _, _>(
            &target,
            0,
            |_| {
                AlterShareGroupOffsetsRequest::default()
                    .with_group_id(group_id(group))
                    .with_topics(topics.clone())
            },
            |r| r.error_code,
        )
        .await?;
    Ok(OffsetsOutcome {
        error: failure(response.error_code, response.error_message.as_ref()),
        parts: response
            .responses
            .into_iter()
            .flat_map(|t| {
                let topic = t.topic_name.0.to_string();
                t.partitions.into_iter().map(move |p| {
                    (
                        TopicPartition::new(topic.clone(), p.partition_index),
                        failure(p.error_code, p.error_message.as_ref()),
                    )
                })
            })
            .collect(),
    })
}

/// Deletes the offsets of a share group on whole topics (DeleteShareGroupOffsets).
pub(crate) async fn delete_share_group_offsets(
    native: &Native,
    group: &str,
    topics: &[String],
) -> Result<OffsetsOutcome<String>> {
    use kafka_protocol::messages::delete_share_group_offsets_request::DeleteShareGroupOffsetsRequestTopic;
    let target = coordinator(group);
    let (response, _) = native
        .call::<DeleteShareGroupOffsetsRequest, _, _>(
            &target,
            0,
            |_| {
                DeleteShareGroupOffsetsRequest::default()
                    .with_group_id(group_id(group))
                    .with_topics(
                        topics
                            .iter()
                            .map(|t| {
                                DeleteShareGroupOffsetsRequestTopic::default()
                                    .with_topic_name(TopicName(s(t)))
                            })
                            .collect(),
                    )
            },
            |r| r.error_code,
        )
        .await?;
    Ok(OffsetsOutcome {
        error: failure(response.error_code, response.error_message.as_ref()),
        parts: response
            .responses
            .into_iter()
            .map(|t| {
                (
                    t.topic_name.0.to_string(),
                    failure(t.error_code, t.error_message.as_ref()),
                )
            })
            .collect(),
    })
}

/// Deletes one group at its coordinator (DeleteGroups); `Some` is the group's error.
pub(crate) async fn delete_group(native: &Native, group: &str) -> Result<Option<BrokerError>> {
    let target = coordinator(group);
    let (response, _) = native
        .call::<DeleteGroupsRequest, _, _>(
            &target,
            0,
            |_| DeleteGroupsRequest::default().with_groups_names(vec![group_id(group)]),
            |r| r.results.first().map_or(0, |g| g.error_code),
        )
        .await?;
    let code = response
        .results
        .iter()
        .find(|g| g.group_id.0.as_str() == group)
        .map_or(0, |g| g.error_code);
    Ok(failure(code, None))
}
