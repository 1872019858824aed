//! Consumer-group admin operations: list, describe, committed offsets, alter and delete offsets,
//! delete groups (reference rdkafka.md §2.3); for KIP-848 groups, ConsumerGroupDescribe on the
//! native path adds what librdkafka 2.12 leaves out (states, epochs, member protocols).
//!
//! Everything is copied into owned structs before the result event is freed; per-group and
//! per-partition errors are kept next to the data, never folded into a request-level failure.

use std::ffi::c_char;

use anyhow::{bail, Result};
use kafka_protocol::messages::consumer_group_describe_response::{Assignment, DescribedGroup};
use rdkafka::bindings as rd;
use rdkafka::types::RDKafkaErrorCode;
use serde::Serialize;

use super::super::ffi::{cstring, owned, Guard};
use super::partitions::{native_list, read_list, PartitionResult, TopicPartition};
use super::{error_of, Admin};

/// A consumer group's state, as Kafka names it.
///
/// librdkafka 2.12 reports the two KIP-848 states (`Assigning`, `Reconciling`) as `Unknown`;
/// [`Admin::describe_groups_with_epochs`] reads them from ConsumerGroupDescribe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum GroupState {
    /// Not known to librdkafka (for a consumer-protocol group: Assigning or Reconciling).
    Unknown,
    /// Classic rebalance, joining.
    PreparingRebalance,
    /// Classic rebalance, syncing.
    CompletingRebalance,
    /// Members are consuming.
    Stable,
    /// The group no longer exists.
    Dead,
    /// No members (offsets may remain).
    Empty,
    /// KIP-848: the target assignment of the group is being computed.
    Assigning,
    /// KIP-848: members are converging to the target assignment.
    Reconciling,
}

impl GroupState {
    fn from_native(state: rd::rd_kafka_consumer_group_state_t) -> Self {
        use rd::rd_kafka_consumer_group_state_t as S;
        match state {
            S::RD_KAFKA_CONSUMER_GROUP_STATE_PREPARING_REBALANCE => Self::PreparingRebalance,
            S::RD_KAFKA_CONSUMER_GROUP_STATE_COMPLETING_REBALANCE => Self::CompletingRebalance,
            S::RD_KAFKA_CONSUMER_GROUP_STATE_STABLE => Self::Stable,
            S::RD_KAFKA_CONSUMER_GROUP_STATE_DEAD => Self::Dead,
            S::RD_KAFKA_CONSUMER_GROUP_STATE_EMPTY => Self::Empty,
            _ => Self::Unknown,
        }
    }

    /// Kafka's name of the state (`Stable`, `Empty`, ...).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Unknown => "Unknown",
            Self::PreparingRebalance => "PreparingRebalance",
            Self::CompletingRebalance => "CompletingRebalance",
            Self::Stable => "Stable",
            Self::Dead => "Dead",
            Self::Empty => "Empty",
            Self::Assigning => "Assigning",
            Self::Reconciling => "Reconciling",
        }
    }

    /// The state a ConsumerGroupDescribe answer names (Java's `GroupState.parse`).
    fn parse(name: &str) -> Self {
        [
            Self::PreparingRebalance,
            Self::CompletingRebalance,
            Self::Stable,
            Self::Dead,
            Self::Empty,
            Self::Assigning,
            Self::Reconciling,
        ]
        .into_iter()
        .find(|s| s.name().eq_ignore_ascii_case(name))
        .unwrap_or(Self::Unknown)
    }
}

/// A group's type (Java's `GroupType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum GroupType {
    /// Not reported (old brokers), or a type this client does not know.
    Unknown,
    /// The KIP-848 consumer protocol.
    Consumer,
    /// The classic protocol.
    Classic,
    /// A share group (KIP-932; ListGroups only, librdkafka does not list them).
    Share,
    /// A streams group (KIP-1071; ListGroups only).
    Streams,
}

impl GroupType {
    fn from_native(kind: rd::rd_kafka_consumer_group_type_t) -> Self {
        use rd::rd_kafka_consumer_group_type_t as T;
        match kind {
            T::RD_KAFKA_CONSUMER_GROUP_TYPE_CONSUMER => Self::Consumer,
            T::RD_KAFKA_CONSUMER_GROUP_TYPE_CLASSIC => Self::Classic,
            _ => Self::Unknown,
        }
    }

    /// Kafka's name of the type (`Classic`, `Consumer`, `Share`, `Streams`, `Unknown`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Unknown => "Unknown",
            Self::Consumer => "Consumer",
            Self::Classic => "Classic",
            Self::Share => "Share",
            Self::Streams => "Streams",
        }
    }

    /// The type a broker (or a user) names, case-insensitively, as Java's `GroupType.parse`:
    /// `Unknown` for any other name.
    pub(crate) fn parse(name: &str) -> Self {
        [Self::Consumer, Self::Classic, Self::Share, Self::Streams]
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
            .unwrap_or(Self::Unknown)
    }
}

/// One group of a ListConsumerGroups answer.
#[derive(Debug, Clone)]
pub(crate) struct GroupListing {
    /// Group id.
    pub(crate) group_id: String,
    /// Whether it is a "simple" group (protocol type empty: offsets only, no members).
    #[allow(dead_code)]
    pub(crate) is_simple: bool,
    /// Its state.
    pub(crate) state: GroupState,
    /// Its type.
    pub(crate) group_type: GroupType,
    /// Its protocol type (`consumer`, `connect`, `share`, "" for a simple group); `None` where
    /// librdkafka lists the groups (it only says whether the protocol type is empty).
    pub(crate) protocol_type: Option<String>,
}

/// The ListConsumerGroups answer: the groups found, and the brokers that failed to answer.
#[derive(Debug, Clone)]
pub(crate) struct GroupList {
    /// Groups, in the order the brokers returned them.
    pub(crate) groups: Vec<GroupListing>,
    /// Per-broker errors (the list may then be partial).
    pub(crate) errors: Vec<(RDKafkaErrorCode, String)>,
}

/// A broker node.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Node {
    /// Broker id.
    pub(crate) id: i32,
    /// Advertised host.
    pub(crate) host: String,
    /// Port.
    pub(crate) port: u16,
}

/// One member of a described group.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MemberDescription {
    /// Member (consumer) id.
    pub(crate) consumer_id: String,
    /// Static membership id, if any.
    pub(crate) group_instance_id: Option<String>,
    /// Client id.
    pub(crate) client_id: String,
    /// Client host as the coordinator saw it (e.g. `/127.0.0.1`).
    pub(crate) host: String,
    /// Assigned partitions.
    pub(crate) assignment: Vec<TopicPartition>,
    /// Target assignment (consumer-protocol groups only).
    pub(crate) target_assignment: Option<Vec<TopicPartition>>,
    /// The member epoch (consumer-protocol groups only, from ConsumerGroupDescribe).
    pub(crate) member_epoch: Option<i32>,
    /// Whether the member speaks the consumer protocol (`false`: a classic member of a
    /// consumer-protocol group); `None` for classic groups and brokers before
    /// ConsumerGroupDescribe v1.
    pub(crate) upgraded: Option<bool>,
}

/// A described consumer group.
#[derive(Debug, Clone)]
pub(crate) struct GroupDescription {
    /// Group id.
    pub(crate) group_id: String,
    /// The per-group error (e.g. group not found).
    pub(crate) error: Option<(RDKafkaErrorCode, String)>,
    /// Partition assignor (`range`, `uniform`, ...), empty when none.
    pub(crate) assignor: String,
    /// State.
    pub(crate) state: GroupState,
    /// Protocol type.
    pub(crate) group_type: GroupType,
    /// The group coordinator, if known.
    pub(crate) coordinator: Option<Node>,
    /// Members, in the coordinator's order.
    pub(crate) members: Vec<MemberDescription>,
    /// The group epoch (consumer-protocol groups only, from ConsumerGroupDescribe).
    pub(crate) group_epoch: Option<i32>,
    /// The target-assignment epoch (consumer-protocol groups only, from ConsumerGroupDescribe).
    pub(crate) target_assignment_epoch: Option<i32>,
}

/// The answer for one group of an offsets request (list, alter or delete).
#[derive(Debug, Clone)]
pub(crate) struct GroupOffsets {
    /// Group id.
    #[allow(dead_code)]
    pub(crate) group_id: String,
    /// The group-level error, if any.
    pub(crate) error: Option<(RDKafkaErrorCode, String)>,
    /// Per-partition offsets and errors.
    pub(crate) partitions: Vec<PartitionResult>,
}

/// The outcome of deleting one group.
#[derive(Debug, Clone)]
pub(crate) struct GroupOutcome {
    /// Group id.
    pub(crate) group_id: String,
    /// The error, if the group was not deleted.
    pub(crate) error: Option<(RDKafkaErrorCode, String)>,
}

impl Admin {
    /// Lists consumer groups, optionally only those in `states` and of `types` (filtered by
    /// the brokers).
    pub(crate) fn list_consumer_groups(
        &self,
        states: &[GroupState],
        types: &[GroupType],
    ) -> Result<GroupList> {
        // ListGroups goes to every broker librdkafka knows; before the first metadata it knows
        // none and answers "no groups" at once, even when the connection is failing (a wrong
        // password listed nothing and succeeded). Learn the brokers first.
        self.metadata()?;
        let native_states: Vec<rd::rd_kafka_consumer_group_state_t> =
            states.iter().map(|s| state_to_native(*s)).collect();
        let native_types: Vec<rd::rd_kafka_consumer_group_type_t> =
            types.iter().map(|t| type_to_native(*t)).collect();
        let mut option_error = None;
        let event = self.run(
            "listing consumer groups",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS,
            rd::RD_KAFKA_EVENT_LISTCONSUMERGROUPS_RESULT,
            false,
            |rk, opts, queue| {
                // SAFETY: the options were created mutable by `run` and are not shared yet;
                // the filter arrays outlive the calls (librdkafka copies them).
                unsafe {
                    let mopts = opts.cast_mut();
                    if !native_states.is_empty() {
                        option_error =
                            take_error(rd::rd_kafka_AdminOptions_set_match_consumer_group_states(
                                mopts,
                                native_states.as_ptr(),
                                native_states.len(),
                            ));
                    }
                    if !native_types.is_empty() && option_error.is_none() {
                        option_error =
                            take_error(rd::rd_kafka_AdminOptions_set_match_consumer_group_types(
                                mopts,
                                native_types.as_ptr(),
                                native_types.len(),
                            ));
                    }
                    rd::rd_kafka_ListConsumerGroups(rk, opts, queue);
                }
            },
        )?;
        if let Some(message) = option_error {
            bail!("listing consumer groups: {message}");
        }
        // SAFETY: the event is a ListConsumerGroups result; everything is copied out.
        unsafe {
            let result = rd::rd_kafka_event_ListConsumerGroups_result(event.ptr());
            let mut n = 0;
            let valid = rd::rd_kafka_ListConsumerGroups_result_valid(result, &mut n);
            let mut groups = Vec::with_capacity(n);
            for i in 0..n {
                if valid.is_null() {
                    break;
                }
                let g = *valid.add(i);
                groups.push(GroupListing {
                    group_id: owned(rd::rd_kafka_ConsumerGroupListing_group_id(g))
                        .unwrap_or_default(),
                    is_simple: rd::rd_kafka_ConsumerGroupListing_is_simple_consumer_group(g) != 0,
                    state: GroupState::from_native(rd::rd_kafka_ConsumerGroupListing_state(g)),
                    group_type: GroupType::from_native(rd::rd_kafka_ConsumerGroupListing_type(g)),
                    protocol_type: None,
                });
            }
            let mut ne = 0;
            let errs = rd::rd_kafka_ListConsumerGroups_result_errors(result, &mut ne);
            let errors = (0..ne)
                .filter(|_| !errs.is_null())
                .filter_map(|i| error_of(*errs.add(i)))
                .collect();
            Ok(GroupList { groups, errors })
        }
    }

    /// Describes consumer groups (classic and KIP-848): state, assignor, coordinator, members.
    pub(crate) fn describe_consumer_groups(
        &self,
        group_ids: &[String],
    ) -> Result<Vec<GroupDescription>> {
        if group_ids.is_empty() {
            return Ok(Vec::new());
        }
        let names = group_ids
            .iter()
            .map(|g| cstring(g))
            .collect::<Result<Vec<_>>>()?;
        let mut ptrs: Vec<*const c_char> = names.iter().map(|c| c.as_ptr()).collect();
        let event = self.run(
            "describing consumer groups",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS,
            rd::RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT,
            false,
            |rk, opts, queue| {
                // SAFETY: the names outlive the call; librdkafka copies them.
                unsafe {
                    rd::rd_kafka_DescribeConsumerGroups(
                        rk,
                        ptrs.as_mut_ptr(),
                        ptrs.len(),
                        opts,
                        queue,
                    )
                }
            },
        )?;
        // SAFETY: the event is a DescribeConsumerGroups result; everything is copied out.
        unsafe {
            let result = rd::rd_kafka_event_DescribeConsumerGroups_result(event.ptr());
            let mut n = 0;
            let groups = rd::rd_kafka_DescribeConsumerGroups_result_groups(result, &mut n);
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                if groups.is_null() {
                    break;
                }
                out.push(group_description(*groups.add(i)));
            }
            Ok(out)
        }
    }

    /// Describes consumer groups as Java's admin client does: librdkafka's description, and for
    /// the groups of the consumer protocol (KIP-848) ConsumerGroupDescribe through the native
    /// path, for what librdkafka 2.12 leaves out: the states `Assigning` and `Reconciling`, the
    /// group, target-assignment and member epochs, and which protocol each member speaks.
    /// Classic groups keep librdkafka's description (their epochs stay `None`).
    pub(crate) async fn describe_groups_with_epochs(
        &self,
        group_ids: &[String],
    ) -> Result<Vec<GroupDescription>> {
        let mut descriptions = self.describe_consumer_groups(group_ids)?;
        let consumer: Vec<String> = descriptions
            .iter()
            .filter(|d| d.error.is_none() && d.group_type == GroupType::Consumer)
            .map(|d| d.group_id.clone())
            .collect();
        if consumer.is_empty() {
            return Ok(descriptions);
        }
        let native = self.native()?;
        // One request per group, to its coordinator, all at once.
        let mut tasks = tokio::task::JoinSet::new();
        for id in consumer {
            let native = native.clone();
            tasks.spawn(async move {
                let described = consumer_group_describe(&native, &id).await;
                (id, described)
            });
        }
        let mut described = std::collections::HashMap::new();
        while let Some(joined) = tasks.join_next().await {
            let (id, result) =
                joined.map_err(|e| anyhow::anyhow!("a ConsumerGroupDescribe task failed: {e}"))?;
            described.insert(id, result?);
        }
        for description in &mut descriptions {
            if let Some(Some(group)) = described.remove(&description.group_id) {
                apply_consumer_group(description, group);
            }
        }
        Ok(descriptions)
    }

    /// The committed offsets of `group`: of `partitions`, or of every partition it committed
    /// when `partitions` is `None`. `require_stable` waits for pending transactional commits.
    pub(crate) fn list_consumer_group_offsets(
        &self,
        group: &str,
        partitions: Option<&[TopicPartition]>,
        require_stable: bool,
    ) -> Result<GroupOffsets> {
        let name = cstring(group)?;
        let list = partitions
            .map(|ps| {
                let items: Vec<(TopicPartition, i64)> =
                    ps.iter().map(|tp| (tp.clone(), -1)).collect();
                native_list(&items)
            })
            .transpose()?;
        let list_ptr = list.as_ref().map_or(std::ptr::null_mut(), Guard::ptr);
        // SAFETY: valid name and list; librdkafka copies them; the request is owned by a guard.
        let request = unsafe {
            Guard::new(
                rd::rd_kafka_ListConsumerGroupOffsets_new(name.as_ptr(), list_ptr),
                rd::rd_kafka_ListConsumerGroupOffsets_destroy,
            )
        };
        let mut raw = [request.ptr()];
        let mut option_error = None;
        let event = self.run_for_group(
            &format!("listing the committed offsets of group {group}"),
            Some(group),
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS,
            rd::RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT,
            false,
            |rk, opts, queue| {
                // SAFETY: options not yet shared (see list_consumer_groups); the request
                // outlives the call.
                unsafe {
                    if require_stable {
                        option_error =
                            take_error(rd::rd_kafka_AdminOptions_set_require_stable_offsets(
                                opts.cast_mut(),
                                1,
                            ));
                    }
                    rd::rd_kafka_ListConsumerGroupOffsets(rk, raw.as_mut_ptr(), 1, opts, queue)
                }
            },
        )?;
        if let Some(message) = option_error {
            bail!("listing committed offsets: {message}");
        }
        // SAFETY: the event is a ListConsumerGroupOffsets result.
        unsafe {
            let result = rd::rd_kafka_event_ListConsumerGroupOffsets_result(event.ptr());
            let mut n = 0;
            let groups = rd::rd_kafka_ListConsumerGroupOffsets_result_groups(result, &mut n);
            first_group_offsets(groups, n, group)
        }
    }

    /// Commits `offsets` for `group` (which must have no active member on those topics).
    pub(crate) fn alter_consumer_group_offsets(
        &self,
        group: &str,
        offsets: &[(TopicPartition, i64)],
    ) -> Result<GroupOffsets> {
        let name = cstring(group)?;
        let list = native_list(offsets)?;
        // SAFETY: valid name and list; librdkafka copies them.
        let request = unsafe {
            Guard::new(
                rd::rd_kafka_AlterConsumerGroupOffsets_new(name.as_ptr(), list.ptr()),
                rd::rd_kafka_AlterConsumerGroupOffsets_destroy,
            )
        };
        let mut raw = [request.ptr()];
        let event = self.run_for_group(
            &format!("committing offsets for group {group}"),
            Some(group),
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS,
            rd::RD_KAFKA_EVENT_ALTERCONSUMERGROUPOFFSETS_RESULT,
            false,
            |rk, opts, queue| {
                // SAFETY: the request outlives the call.
                unsafe {
                    rd::rd_kafka_AlterConsumerGroupOffsets(rk, raw.as_mut_ptr(), 1, opts, queue)
                }
            },
        )?;
        // SAFETY: the event is an AlterConsumerGroupOffsets result.
        unsafe {
            let result = rd::rd_kafka_event_AlterConsumerGroupOffsets_result(event.ptr());
            let mut n = 0;
            let groups = rd::rd_kafka_AlterConsumerGroupOffsets_result_groups(result, &mut n);
            first_group_offsets(groups, n, group)
        }
    }

    /// Deletes the committed offsets of `partitions` from `group`.
    pub(crate) fn delete_consumer_group_offsets(
        &self,
        group: &str,
        partitions: &[TopicPartition],
    ) -> Result<GroupOffsets> {
        let name = cstring(group)?;
        let items: Vec<(TopicPartition, i64)> =
            partitions.iter().map(|tp| (tp.clone(), -1)).collect();
        let list = native_list(&items)?;
        // SAFETY: valid name and list; librdkafka copies them.
        let request = unsafe {
            Guard::new(
                rd::rd_kafka_DeleteConsumerGroupOffsets_new(name.as_ptr(), list.ptr()),
                rd::rd_kafka_DeleteConsumerGroupOffsets_destroy,
            )
        };
        let mut raw = [request.ptr()];
        let event = self.run_for_group(
            &format!("deleting offsets of group {group}"),
            Some(group),
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS,
            rd::RD_KAFKA_EVENT_DELETECONSUMERGROUPOFFSETS_RESULT,
            false,
            |rk, opts, queue| {
                // SAFETY: the request outlives the call.
                unsafe {
                    rd::rd_kafka_DeleteConsumerGroupOffsets(rk, raw.as_mut_ptr(), 1, opts, queue)
                }
            },
        )?;
        // SAFETY: the event is a DeleteConsumerGroupOffsets result.
        unsafe {
            let result = rd::rd_kafka_event_DeleteConsumerGroupOffsets_result(event.ptr());
            let mut n = 0;
            let groups = rd::rd_kafka_DeleteConsumerGroupOffsets_result_groups(result, &mut n);
            first_group_offsets(groups, n, group)
        }
    }

    /// Deletes groups; returns the outcome of each with the broker's error text (rdkafka's own
    /// `delete_groups` keeps only the code).
    pub(crate) fn delete_groups(&self, group_ids: &[String]) -> Result<Vec<GroupOutcome>> {
        if group_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut requests = Vec::with_capacity(group_ids.len());
        for g in group_ids {
            let c = cstring(g)?;
            // SAFETY: valid C string; copied by librdkafka; owned by the guard.
            requests.push(unsafe {
                Guard::new(
                    rd::rd_kafka_DeleteGroup_new(c.as_ptr()),
                    rd::rd_kafka_DeleteGroup_destroy,
                )
            });
        }
        let mut raw: Vec<*mut rd::rd_kafka_DeleteGroup_t> =
            requests.iter().map(Guard::ptr).collect();
        let event = self.run(
            "deleting consumer groups",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DELETEGROUPS,
            rd::RD_KAFKA_EVENT_DELETEGROUPS_RESULT,
            false,
            |rk, opts, queue| {
                // SAFETY: the requests outlive the call.
                unsafe { rd::rd_kafka_DeleteGroups(rk, raw.as_mut_ptr(), raw.len(), opts, queue) }
            },
        )?;
        // SAFETY: the event is a DeleteGroups result.
        unsafe {
            let result = rd::rd_kafka_event_DeleteGroups_result(event.ptr());
            let mut n = 0;
            let groups = rd::rd_kafka_DeleteGroups_result_groups(result, &mut n);
            Ok((0..n)
                .filter(|_| !groups.is_null())
                .map(|i| {
                    let g = *groups.add(i);
                    GroupOutcome {
                        group_id: owned(rd::rd_kafka_group_result_name(g)).unwrap_or_default(),
                        error: error_of(rd::rd_kafka_group_result_error(g)),
                    }
                })
                .collect())
        }
    }
}

fn state_to_native(state: GroupState) -> rd::rd_kafka_consumer_group_state_t {
    use rd::rd_kafka_consumer_group_state_t as S;
    match state {
        // librdkafka has no value for the KIP-848 states.
        GroupState::Unknown | GroupState::Assigning | GroupState::Reconciling => {
            S::RD_KAFKA_CONSUMER_GROUP_STATE_UNKNOWN
        }
        GroupState::PreparingRebalance => S::RD_KAFKA_CONSUMER_GROUP_STATE_PREPARING_REBALANCE,
        GroupState::CompletingRebalance => S::RD_KAFKA_CONSUMER_GROUP_STATE_COMPLETING_REBALANCE,
        GroupState::Stable => S::RD_KAFKA_CONSUMER_GROUP_STATE_STABLE,
        GroupState::Dead => S::RD_KAFKA_CONSUMER_GROUP_STATE_DEAD,
        GroupState::Empty => S::RD_KAFKA_CONSUMER_GROUP_STATE_EMPTY,
    }
}

fn type_to_native(kind: GroupType) -> rd::rd_kafka_consumer_group_type_t {
    use rd::rd_kafka_consumer_group_type_t as T;
    match kind {
        // librdkafka has no value for share and streams groups.
        GroupType::Unknown | GroupType::Share | GroupType::Streams => {
            T::RD_KAFKA_CONSUMER_GROUP_TYPE_UNKNOWN
        }
        GroupType::Consumer => T::RD_KAFKA_CONSUMER_GROUP_TYPE_CONSUMER,
        GroupType::Classic => T::RD_KAFKA_CONSUMER_GROUP_TYPE_CLASSIC,
    }
}

/// Takes ownership of an `rd_kafka_error_t` returned by a setter and returns its message.
///
/// # Safety
/// `error` must be null or an error owned by the caller.
unsafe fn take_error(error: *mut rd::rd_kafka_error_t) -> Option<String> {
    if error.is_null() {
        return None;
    }
    let error = Guard::new(error, rd::rd_kafka_error_destroy);
    Some(owned(rd::rd_kafka_error_string(error.ptr())).unwrap_or_default())
}

/// Copies the group result for `group` (requests carry exactly one group).
///
/// # Safety
/// `groups` must point to `n` valid group results owned by a live event.
unsafe fn first_group_offsets(
    groups: *mut *const rd::rd_kafka_group_result_t,
    n: usize,
    group: &str,
) -> Result<GroupOffsets> {
    if groups.is_null() || n == 0 {
        bail!("the broker returned no result for group {group}");
    }
    let g = *groups;
    Ok(GroupOffsets {
        group_id: owned(rd::rd_kafka_group_result_name(g)).unwrap_or_default(),
        error: error_of(rd::rd_kafka_group_result_error(g)),
        partitions: read_list(rd::rd_kafka_group_result_partitions(g)),
    })
}

/// Copies one group description.
///
/// # Safety
/// `desc` must be valid for the duration of the call.
unsafe fn group_description(
    desc: *const rd::rd_kafka_ConsumerGroupDescription_t,
) -> GroupDescription {
    let coordinator = rd::rd_kafka_ConsumerGroupDescription_coordinator(desc);
    let count = rd::rd_kafka_ConsumerGroupDescription_member_count(desc);
    let members = (0..count)
        .map(|i| {
            let m = rd::rd_kafka_ConsumerGroupDescription_member(desc, i);
            let assignment = assignment_of(rd::rd_kafka_MemberDescription_assignment(m));
            let target = rd::rd_kafka_MemberDescription_target_assignment(m);
            MemberDescription {
                consumer_id: owned(rd::rd_kafka_MemberDescription_consumer_id(m))
                    .unwrap_or_default(),
                group_instance_id: owned(rd::rd_kafka_MemberDescription_group_instance_id(m))
                    .filter(|s| !s.is_empty()),
                client_id: owned(rd::rd_kafka_MemberDescription_client_id(m)).unwrap_or_default(),
                host: owned(rd::rd_kafka_MemberDescription_host(m)).unwrap_or_default(),
                assignment,
                target_assignment: (!target.is_null()).then(|| assignment_of(target)),
                member_epoch: None,
                upgraded: None,
            }
        })
        .collect();
    GroupDescription {
        group_id: owned(rd::rd_kafka_ConsumerGroupDescription_group_id(desc)).unwrap_or_default(),
        error: error_of(rd::rd_kafka_ConsumerGroupDescription_error(desc)),
        assignor: owned(rd::rd_kafka_ConsumerGroupDescription_partition_assignor(
            desc,
        ))
        .unwrap_or_default(),
        state: GroupState::from_native(rd::rd_kafka_ConsumerGroupDescription_state(desc)),
        group_type: GroupType::from_native(rd::rd_kafka_ConsumerGroupDescription_type(desc)),
        coordinator: (!coordinator.is_null()).then(|| Node {
            id: rd::rd_kafka_Node_id(coordinator),
            host: owned(rd::rd_kafka_Node_host(coordinator)).unwrap_or_default(),
            port: rd::rd_kafka_Node_port(coordinator),
        }),
        members,
        group_epoch: None,
        target_assignment_epoch: None,
    }
}

/// The partitions of a member assignment (null → none).
///
/// # Safety
/// `assignment` must be null or valid for the duration of the call.
unsafe fn assignment_of(assignment: *const rd::rd_kafka_MemberAssignment_t) -> Vec<TopicPartition> {
    if assignment.is_null() {
        return Vec::new();
    }
    read_list(rd::rd_kafka_MemberAssignment_partitions(assignment))
        .into_iter()
        .map(|p| p.tp)
        .collect()
}

/// Lists the groups of every type (classic, consumer, share, streams) as Java's
/// `Admin.listGroups` does: ListGroups to every broker, one after the other, optionally only
/// the groups in `states` (v4+) and of `types` (v5+), filtered by the brokers. The groups come
/// in broker id order, each broker's in its own order; a broker's failure fails the call (Java's
/// `all()`), a retriable error is retried.
pub(crate) async fn list_groups(
    native: &crate::client::native::Native,
    states: &[GroupState],
    types: &[GroupType],
) -> Result<Vec<GroupListing>> {
    use kafka_protocol::messages::ListGroupsRequest;
    use kafka_protocol::protocol::StrBytes;

    use crate::client::native::{error_text, Target};
    // Filters need the version that has them (Java fails the same way).
    let floor = if !types.is_empty() {
        5
    } else if !states.is_empty() {
        4
    } else {
        0
    };
    let words = |names: Vec<&'static str>| -> Vec<StrBytes> {
        names.into_iter().map(StrBytes::from_static_str).collect()
    };
    let states = words(states.iter().map(|s| s.name()).collect());
    let types = words(types.iter().map(|t| t.name()).collect());
    let mut groups = Vec::new();
    for node in native.nodes().await? {
        let build = |version: i16| {
            let request = ListGroupsRequest::default();
            let request = if version >= 4 {
                request.with_states_filter(states.clone())
            } else {
                request
            };
            if version >= 5 {
                request.with_types_filter(types.clone())
            } else {
                request
            }
        };
        let (response, _) = native
            .call::<ListGroupsRequest, _, _>(&Target::Node(node.id), floor, build, |r| r.error_code)
            .await?;
        if response.error_code != 0 {
            bail!("{}", error_text(response.error_code, None));
        }
        groups.extend(response.groups.into_iter().map(|g| GroupListing {
            group_id: g.group_id.0.to_string(),
            is_simple: g.protocol_type.is_empty(),
            state: GroupState::parse(g.group_state.as_str()),
            group_type: GroupType::parse(g.group_type.as_str()),
            protocol_type: Some(g.protocol_type.to_string()),
        }));
    }
    Ok(groups)
}

/// Java's error code GROUP_ID_NOT_FOUND: ConsumerGroupDescribe's answer for a classic group.
const GROUP_ID_NOT_FOUND: i16 = 69;

/// ConsumerGroupDescribe of one group at its coordinator; `None` when the group is not (or no
/// longer) a consumer-protocol group, so that librdkafka's description stands.
async fn consumer_group_describe(
    native: &crate::client::native::Native,
    group: &str,
) -> Result<Option<DescribedGroup>> {
    use kafka_protocol::messages::{ConsumerGroupDescribeRequest, GroupId};
    use kafka_protocol::protocol::StrBytes;

    use crate::client::native::Target;
    let target = Target::Coordinator(0, group.to_string());
    let (response, _) = native
        .call::<ConsumerGroupDescribeRequest, _, _>(
            &target,
            0,
            |_| {
                ConsumerGroupDescribeRequest::default()
                    .with_group_ids(vec![GroupId(StrBytes::from_string(group.to_string()))])
            },
            |r| r.groups.first().map_or(0, |g| g.error_code),
        )
        .await?;
    Ok(response
        .groups
        .into_iter()
        .find(|g| g.group_id.0.as_str() == group)
        .filter(|g| g.error_code != GROUP_ID_NOT_FOUND))
}

/// Puts what ConsumerGroupDescribe said of a group into its description, as Java's
/// DescribeConsumerGroupsHandler reads it (the coordinator stays librdkafka's).
fn apply_consumer_group(description: &mut GroupDescription, group: DescribedGroup) {
    use crate::client::native::{error_text, rd_code};
    if group.error_code != 0 {
        description.error = Some((
            rd_code(group.error_code),
            error_text(group.error_code, group.error_message.as_deref()),
        ));
        return;
    }
    let partitions = |assignment: &Assignment| -> Vec<TopicPartition> {
        assignment
            .topic_partitions
            .iter()
            .flat_map(|t| {
                t.partitions
                    .iter()
                    .map(|p| TopicPartition::new(t.topic_name.0.to_string(), *p))
            })
            .collect()
    };
    description.state = GroupState::parse(group.group_state.as_str());
    description.assignor = group.assignor_name.to_string();
    description.group_epoch = Some(group.group_epoch);
    description.target_assignment_epoch = Some(group.assignment_epoch);
    description.members = group
        .members
        .iter()
        .map(|m| MemberDescription {
            consumer_id: m.member_id.to_string(),
            group_instance_id: m
                .instance_id
                .as_ref()
                .map(|i| i.to_string())
                .filter(|i| !i.is_empty()),
            client_id: m.client_id.to_string(),
            host: m.client_host.to_string(),
            assignment: partitions(&m.assignment),
            target_assignment: Some(partitions(&m.target_assignment)),
            member_epoch: Some(m.member_epoch),
            // Java: unknown (-1, before v1) is absent, 1 the consumer protocol, 0 classic.
            upgraded: (m.member_type != -1).then_some(m.member_type == 1),
        })
        .collect();
}

/// Removes members from a classic group at its coordinator (LeaveGroup v3+, as Java's
/// `Admin.removeMembersFromConsumerGroup`): each by member id, or by instance id when static.
/// Returns the first member's refusal as Java's exception text, if any.
pub(crate) async fn remove_members(
    native: &crate::client::native::Native,
    group: &str,
    members: &[MemberDescription],
) -> Result<Option<String>> {
    use kafka_protocol::messages::leave_group_request::MemberIdentity;
    use kafka_protocol::messages::{GroupId, LeaveGroupRequest};
    use kafka_protocol::protocol::StrBytes;

    use crate::client::native::{error_text, exception_name, Target};
    let text = |s: &str| StrBytes::from_string(s.to_string());
    let identities: Vec<MemberIdentity> = members
        .iter()
        .map(|m| match &m.group_instance_id {
            // A static member is removed by its instance id (its member id may change).
            Some(instance) => MemberIdentity::default()
                .with_member_id(text(""))
                .with_group_instance_id(Some(text(instance))),
            None => MemberIdentity::default().with_member_id(text(&m.consumer_id)),
        })
        .collect();
    let (response, _) = native
        .call::<LeaveGroupRequest, _, _>(
            &Target::Coordinator(0, group.to_string()),
            3,
            |_| {
                LeaveGroupRequest::default()
                    .with_group_id(GroupId(text(group)))
                    .with_members(identities.clone())
            },
            |r| r.error_code,
        )
        .await?;
    let refusal = |code: i16| {
        format!(
            "org.apache.kafka.common.errors.{}: {}",
            exception_name(code),
            error_text(code, None)
        )
    };
    if response.error_code != 0 {
        return Ok(Some(refusal(response.error_code)));
    }
    Ok(response
        .members
        .iter()
        .find(|m| m.error_code != 0)
        .map(|m| refusal(m.error_code)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_parse_as_javas_group_state() {
        assert_eq!(GroupState::parse("Reconciling"), GroupState::Reconciling);
        assert_eq!(GroupState::parse("assigning"), GroupState::Assigning);
        assert_eq!(GroupState::parse("Stable"), GroupState::Stable);
        assert_eq!(GroupState::parse("NotAState"), GroupState::Unknown);
        assert_eq!(GroupState::Reconciling.name(), "Reconciling");
    }

    #[test]
    fn types_parse_as_javas_group_type() {
        assert_eq!(GroupType::parse("share"), GroupType::Share);
        assert_eq!(GroupType::parse("Classic"), GroupType::Classic);
        assert_eq!(GroupType::parse("STREAMS"), GroupType::Streams);
        assert_eq!(GroupType::parse("consumer"), GroupType::Consumer);
        assert_eq!(GroupType::parse(""), GroupType::Unknown);
        assert_eq!(GroupType::parse("nope"), GroupType::Unknown);
    }
}
