//! Streams groups (KIP-1071) through the native path: ListGroups (type filter `streams`),
//! StreamsGroupDescribe (written by hand: `client::native::messages::streams`), and
//! DeleteGroups at the group's coordinator, as Java's admin client sends them. Offsets use the
//! consumer-group plumbing (OffsetFetch, OffsetCommit, OffsetDelete work on any group type).

use anyhow::{anyhow, Result};
use kafka_protocol::protocol::StrBytes;

use crate::client::admin::share_groups::{coordinator, failure, BrokerError};
use crate::client::native::messages::streams::{
    DescribedGroup, Member, StreamsGroupDescribeRequest, Subtopology, TopologyDescription,
};
use crate::client::native::Native;

/// A streams group as StreamsGroupDescribe describes it.
#[derive(Debug, Clone)]
pub(crate) struct StreamsGroupDescription {
    pub(crate) group_id: String,
    /// Java's `GroupState` name (`Stable`, `Empty`, `NotReady`, ...).
    pub(crate) state: String,
    pub(crate) group_epoch: i32,
    pub(crate) target_assignment_epoch: i32,
    pub(crate) topology_epoch: i32,
    /// The assignor (empty when the broker does not say).
    pub(crate) assignor: String,
    /// The coordinator: id and `host:port`.
    pub(crate) coordinator: (i32, String),
    pub(crate) members: Vec<Member>,
    pub(crate) subtopologies: Vec<Subtopology>,
    /// 0 not requested, 1 not stored, 2 error, 3 available (v1).
    pub(crate) topology_status: i8,
    pub(crate) topology_description: Option<TopologyDescription>,
}

impl StreamsGroupDescription {
    fn new(group: DescribedGroup, coordinator: (i32, String)) -> Self {
        let topology = group.topology.unwrap_or_default();
        let text = |s: Option<StrBytes>| s.map(|s| s.to_string()).unwrap_or_default();
        Self {
            group_id: group.group_id.to_string(),
            state: group.group_state.to_string(),
            group_epoch: group.group_epoch,
            target_assignment_epoch: group.assignment_epoch,
            topology_epoch: topology.epoch,
            assignor: text(group.assignor_name),
            coordinator,
            members: group.members,
            subtopologies: topology.subtopologies.unwrap_or_default(),
            topology_status: group.topology_description_status,
            topology_description: group.topology_description,
        }
    }

    /// The input topics of a subtopology: its source topics, then its repartition sources.
    pub(crate) fn input_topics(sub: &Subtopology) -> impl Iterator<Item = String> + '_ {
        sub.source_topics.iter().map(|t| t.to_string()).chain(
            sub.repartition_source_topics
                .iter()
                .map(|t| t.name.to_string()),
        )
    }

    /// Every input topic of the group (source and repartition-source topics), once each.
    pub(crate) fn all_input_topics(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for sub in &self.subtopologies {
            for topic in Self::input_topics(sub) {
                if !out.contains(&topic) {
                    out.push(topic);
                }
            }
        }
        out
    }
}

/// Describes one streams group at its coordinator (`Err` of the inner result: the group's
/// error). `topology`: ask for the topology description (version 1).
pub(crate) async fn describe_streams_group(
    native: &Native,
    group: &str,
    topology: bool,
) -> Result<std::result::Result<StreamsGroupDescription, BrokerError>> {
    let target = coordinator(group);
    let id = StrBytes::from_string(group.to_string());
    let (response, _) = native
        .call::<StreamsGroupDescribeRequest, _, _>(
            &target,
            0,
            |_| StreamsGroupDescribeRequest {
                group_ids: vec![id.clone()],
                include_authorized_operations: false,
                include_topology_description: topology,
            },
            |r| r.groups.first().map_or(0, |g| g.error_code),
        )
        .await?;
    let Some(described) = response
        .groups
        .into_iter()
        .find(|g| g.group_id.as_str() == group)
    else {
        return Err(anyhow!(
            "StreamsGroupDescribe did not answer for group {group}"
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
    Ok(Ok(StreamsGroupDescription::new(described, (id, addr))))
}
