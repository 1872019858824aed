//! StreamsGroupDescribe (API 89, KIP-1071), versions 0 and 1 (v1 adds the topology
//! description), written from Kafka 4.4's `StreamsGroupDescribeRequest.json` and
//! `StreamsGroupDescribeResponse.json`. Every version is flexible: compact strings and arrays,
//! a tagged-field section after every struct, a nullable struct is an int8 (-1: null) then the
//! struct.
//!
//! A client only reads the response: its encoder is not written (it fails).

use anyhow::{bail, Result};
use kafka_protocol::protocol::buf::{ByteBuf, ByteBufMut};
use kafka_protocol::protocol::{
    Decodable, Encodable, HeaderVersion, Message, Request, StrBytes, VersionRange,
};

use super::{
    compact_string_size, get_compact_string, get_i16, get_i32, get_varint, put_compact_string,
    put_no_tags, put_varint, skip_tags, varint_size,
};

const NAME: &str = "StreamsGroupDescribe";

fn known_version(version: i16) -> Result<()> {
    if !(0..=1).contains(&version) {
        bail!("{NAME} version {version} is not known to this tool");
    }
    Ok(())
}

fn get_i8<B: ByteBuf>(buf: &mut B) -> Result<i8> {
    if buf.remaining() < 1 {
        bail!("the answer ended inside an int8");
    }
    Ok(buf.get_i8())
}

fn get_u16<B: ByteBuf>(buf: &mut B) -> Result<u16> {
    if buf.remaining() < 2 {
        bail!("the answer ended inside a uint16");
    }
    Ok(buf.get_u16())
}

fn get_i64<B: ByteBuf>(buf: &mut B) -> Result<i64> {
    if buf.remaining() < 8 {
        bail!("the answer ended inside an int64");
    }
    Ok(buf.get_i64())
}

fn get_bool<B: ByteBuf>(buf: &mut B) -> Result<bool> {
    Ok(get_i8(buf)? != 0)
}

/// A non-nullable compact string (null read as empty, as a lenient reader).
fn get_string<B: ByteBuf>(buf: &mut B) -> Result<StrBytes> {
    Ok(get_compact_string(buf)?.unwrap_or_default())
}

/// A compact array (length + 1 as a varint; 0: null), each element read by `item`.
fn get_array<B: ByteBuf, T>(
    buf: &mut B,
    mut item: impl FnMut(&mut B) -> Result<T>,
) -> Result<Option<Vec<T>>> {
    let len = get_varint(buf)?;
    if len == 0 {
        return Ok(None);
    }
    let len = usize::try_from(len - 1)?;
    if len > buf.remaining() {
        bail!(
            "an array of {len} elements in a {} byte answer",
            buf.remaining()
        );
    }
    let mut items = Vec::with_capacity(len);
    for _ in 0..len {
        items.push(item(buf)?);
    }
    Ok(Some(items))
}

fn get_vec<B: ByteBuf, T>(buf: &mut B, item: impl FnMut(&mut B) -> Result<T>) -> Result<Vec<T>> {
    Ok(get_array(buf, item)?.unwrap_or_default())
}

fn get_strings<B: ByteBuf>(buf: &mut B) -> Result<Vec<StrBytes>> {
    get_vec(buf, get_string)
}

/// A nullable struct: int8 -1 for null, 1 then the struct.
fn get_nullable<B: ByteBuf, T>(
    buf: &mut B,
    item: impl FnOnce(&mut B) -> Result<T>,
) -> Result<Option<T>> {
    if get_i8(buf)? < 0 {
        Ok(None)
    } else {
        Ok(Some(item(buf)?))
    }
}

/// StreamsGroupDescribe request.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct StreamsGroupDescribeRequest {
    pub(crate) group_ids: Vec<StrBytes>,
    pub(crate) include_authorized_operations: bool,
    /// Version 1 and later only (dropped on version 0).
    pub(crate) include_topology_description: bool,
}

/// A key and a value (client tags, topic configs).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct KeyValue {
    pub(crate) key: StrBytes,
    pub(crate) value: StrBytes,
}

/// An internal topic of a subtopology.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TopicInfo {
    pub(crate) name: StrBytes,
    pub(crate) partitions: i32,
    pub(crate) replication_factor: i16,
    pub(crate) topic_configs: Vec<KeyValue>,
}

/// A subtopology as the broker configured it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Subtopology {
    pub(crate) subtopology_id: StrBytes,
    pub(crate) source_topics: Vec<StrBytes>,
    pub(crate) repartition_sink_topics: Vec<StrBytes>,
    pub(crate) state_changelog_topics: Vec<TopicInfo>,
    pub(crate) repartition_source_topics: Vec<TopicInfo>,
}

/// The topology the group initialized.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Topology {
    pub(crate) epoch: i32,
    pub(crate) subtopologies: Option<Vec<Subtopology>>,
}

/// A changelog offset of a task.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TaskOffset {
    pub(crate) subtopology_id: StrBytes,
    pub(crate) partition: i32,
    pub(crate) offset: i64,
}

/// The partitions of one subtopology a member processes.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TaskIds {
    pub(crate) subtopology_id: StrBytes,
    pub(crate) partitions: Vec<i32>,
}

/// A member's tasks.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Assignment {
    pub(crate) active_tasks: Vec<TaskIds>,
    pub(crate) standby_tasks: Vec<TaskIds>,
    pub(crate) warmup_tasks: Vec<TaskIds>,
}

/// Host and port of an interactive-queries endpoint.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Endpoint {
    pub(crate) host: StrBytes,
    pub(crate) port: u16,
}

/// One member of a streams group.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Member {
    pub(crate) member_id: StrBytes,
    pub(crate) member_epoch: i32,
    pub(crate) instance_id: Option<StrBytes>,
    pub(crate) rack_id: Option<StrBytes>,
    pub(crate) client_id: StrBytes,
    pub(crate) client_host: StrBytes,
    pub(crate) topology_epoch: i32,
    pub(crate) process_id: StrBytes,
    pub(crate) user_endpoint: Option<Endpoint>,
    pub(crate) client_tags: Vec<KeyValue>,
    pub(crate) task_offsets: Vec<TaskOffset>,
    pub(crate) task_end_offsets: Vec<TaskOffset>,
    pub(crate) assignment: Assignment,
    pub(crate) target_assignment: Assignment,
    pub(crate) is_classic: bool,
}

/// A node of the topology description (v1).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DescriptionNode {
    pub(crate) name: StrBytes,
    /// 1: source, 2: processor, 3: sink.
    pub(crate) node_type: i8,
    pub(crate) source_topics: Vec<StrBytes>,
    pub(crate) sink_topic: Option<StrBytes>,
    pub(crate) stores: Vec<StrBytes>,
    pub(crate) successors: Vec<StrBytes>,
}

/// A subtopology of the topology description (v1).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DescriptionSubtopology {
    pub(crate) subtopology_id: StrBytes,
    pub(crate) nodes: Vec<DescriptionNode>,
}

/// A global store of the topology description (v1).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DescriptionGlobalStore {
    pub(crate) source: DescriptionNode,
    pub(crate) processor: DescriptionNode,
}

/// The full topology description (v1, when its status is 3, AVAILABLE).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TopologyDescription {
    pub(crate) subtopologies: Vec<DescriptionSubtopology>,
    pub(crate) global_stores: Vec<DescriptionGlobalStore>,
}

/// One described group.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DescribedGroup {
    pub(crate) error_code: i16,
    pub(crate) error_message: Option<StrBytes>,
    pub(crate) group_id: StrBytes,
    pub(crate) group_state: StrBytes,
    pub(crate) group_epoch: i32,
    pub(crate) assignment_epoch: i32,
    pub(crate) topology: Option<Topology>,
    pub(crate) members: Vec<Member>,
    pub(crate) authorized_operations: i32,
    pub(crate) topology_description: Option<TopologyDescription>,
    /// 0 not requested, 1 not stored, 2 error, 3 available.
    pub(crate) topology_description_status: i8,
    pub(crate) assignor_name: Option<StrBytes>,
}

/// StreamsGroupDescribe response.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct StreamsGroupDescribeResponse {
    pub(crate) throttle_time_ms: i32,
    pub(crate) groups: Vec<DescribedGroup>,
}

impl Message for StreamsGroupDescribeRequest {
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl Message for StreamsGroupDescribeResponse {
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl HeaderVersion for StreamsGroupDescribeRequest {
    fn header_version(_version: i16) -> i16 {
        2
    }
}

impl HeaderVersion for StreamsGroupDescribeResponse {
    fn header_version(_version: i16) -> i16 {
        1
    }
}

impl Request for StreamsGroupDescribeRequest {
    const KEY: i16 = 89;
    type Response = StreamsGroupDescribeResponse;
}

impl Encodable for StreamsGroupDescribeRequest {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        known_version(version)?;
        put_varint(buf, u32::try_from(self.group_ids.len() + 1)?);
        for id in &self.group_ids {
            put_compact_string(buf, Some(id))?;
        }
        buf.put_u8(u8::from(self.include_authorized_operations));
        if version >= 1 {
            buf.put_u8(u8::from(self.include_topology_description));
        }
        put_no_tags(buf)
    }

    fn compute_size(&self, version: i16) -> Result<usize> {
        known_version(version)?;
        let mut size = varint_size(u32::try_from(self.group_ids.len() + 1)?);
        for id in &self.group_ids {
            size += compact_string_size(Some(id))?;
        }
        size += 1 + usize::from(version >= 1) + 1;
        Ok(size)
    }
}

impl Decodable for StreamsGroupDescribeRequest {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        known_version(version)?;
        let group_ids = get_strings(buf)?;
        let include_authorized_operations = get_bool(buf)?;
        let include_topology_description = if version >= 1 { get_bool(buf)? } else { false };
        skip_tags(buf)?;
        Ok(Self {
            group_ids,
            include_authorized_operations,
            include_topology_description,
        })
    }
}

impl Encodable for StreamsGroupDescribeResponse {
    fn encode<B: ByteBufMut>(&self, _buf: &mut B, _version: i16) -> Result<()> {
        bail!("{NAME} responses are only read by this tool")
    }

    fn compute_size(&self, _version: i16) -> Result<usize> {
        bail!("{NAME} responses are only read by this tool")
    }
}

fn key_value<B: ByteBuf>(buf: &mut B) -> Result<KeyValue> {
    let key = get_string(buf)?;
    let value = get_string(buf)?;
    skip_tags(buf)?;
    Ok(KeyValue { key, value })
}

fn topic_info<B: ByteBuf>(buf: &mut B) -> Result<TopicInfo> {
    let name = get_string(buf)?;
    let partitions = get_i32(buf)?;
    let replication_factor = get_i16(buf)?;
    let topic_configs = get_vec(buf, key_value)?;
    skip_tags(buf)?;
    Ok(TopicInfo {
        name,
        partitions,
        replication_factor,
        topic_configs,
    })
}

fn subtopology<B: ByteBuf>(buf: &mut B) -> Result<Subtopology> {
    let subtopology_id = get_string(buf)?;
    let source_topics = get_strings(buf)?;
    let repartition_sink_topics = get_strings(buf)?;
    let state_changelog_topics = get_vec(buf, topic_info)?;
    let repartition_source_topics = get_vec(buf, topic_info)?;
    skip_tags(buf)?;
    Ok(Subtopology {
        subtopology_id,
        source_topics,
        repartition_sink_topics,
        state_changelog_topics,
        repartition_source_topics,
    })
}

fn topology<B: ByteBuf>(buf: &mut B) -> Result<Topology> {
    let epoch = get_i32(buf)?;
    let subtopologies = get_array(buf, subtopology)?;
    skip_tags(buf)?;
    Ok(Topology {
        epoch,
        subtopologies,
    })
}

fn task_offset<B: ByteBuf>(buf: &mut B) -> Result<TaskOffset> {
    let subtopology_id = get_string(buf)?;
    let partition = get_i32(buf)?;
    let offset = get_i64(buf)?;
    skip_tags(buf)?;
    Ok(TaskOffset {
        subtopology_id,
        partition,
        offset,
    })
}

fn task_ids<B: ByteBuf>(buf: &mut B) -> Result<TaskIds> {
    let subtopology_id = get_string(buf)?;
    let partitions = get_vec(buf, get_i32)?;
    skip_tags(buf)?;
    Ok(TaskIds {
        subtopology_id,
        partitions,
    })
}

fn assignment<B: ByteBuf>(buf: &mut B) -> Result<Assignment> {
    let active_tasks = get_vec(buf, task_ids)?;
    let standby_tasks = get_vec(buf, task_ids)?;
    let warmup_tasks = get_vec(buf, task_ids)?;
    skip_tags(buf)?;
    Ok(Assignment {
        active_tasks,
        standby_tasks,
        warmup_tasks,
    })
}

fn endpoint<B: ByteBuf>(buf: &mut B) -> Result<Endpoint> {
    let host = get_string(buf)?;
    let port = get_u16(buf)?;
    skip_tags(buf)?;
    Ok(Endpoint { host, port })
}

fn member<B: ByteBuf>(buf: &mut B) -> Result<Member> {
    let member = Member {
        member_id: get_string(buf)?,
        member_epoch: get_i32(buf)?,
        instance_id: get_compact_string(buf)?,
        rack_id: get_compact_string(buf)?,
        client_id: get_string(buf)?,
        client_host: get_string(buf)?,
        topology_epoch: get_i32(buf)?,
        process_id: get_string(buf)?,
        user_endpoint: get_nullable(buf, endpoint)?,
        client_tags: get_vec(buf, key_value)?,
        task_offsets: get_vec(buf, task_offset)?,
        task_end_offsets: get_vec(buf, task_offset)?,
        assignment: assignment(buf)?,
        target_assignment: assignment(buf)?,
        is_classic: get_bool(buf)?,
    };
    skip_tags(buf)?;
    Ok(member)
}

fn description_node<B: ByteBuf>(buf: &mut B) -> Result<DescriptionNode> {
    let node = DescriptionNode {
        name: get_string(buf)?,
        node_type: get_i8(buf)?,
        source_topics: get_strings(buf)?,
        sink_topic: get_compact_string(buf)?,
        stores: get_strings(buf)?,
        successors: get_strings(buf)?,
    };
    skip_tags(buf)?;
    Ok(node)
}

fn description_subtopology<B: ByteBuf>(buf: &mut B) -> Result<DescriptionSubtopology> {
    let subtopology_id = get_string(buf)?;
    let nodes = get_vec(buf, description_node)?;
    skip_tags(buf)?;
    Ok(DescriptionSubtopology {
        subtopology_id,
        nodes,
    })
}

fn global_store<B: ByteBuf>(buf: &mut B) -> Result<DescriptionGlobalStore> {
    let source = description_node(buf)?;
    let processor = description_node(buf)?;
    skip_tags(buf)?;
    Ok(DescriptionGlobalStore { source, processor })
}

fn topology_description<B: ByteBuf>(buf: &mut B) -> Result<TopologyDescription> {
    let subtopologies = get_vec(buf, description_subtopology)?;
    let global_stores = get_vec(buf, global_store)?;
    skip_tags(buf)?;
    Ok(TopologyDescription {
        subtopologies,
        global_stores,
    })
}

fn described_group<B: ByteBuf>(buf: &mut B, version: i16) -> Result<DescribedGroup> {
    let mut group = DescribedGroup {
        error_code: get_i16(buf)?,
        error_message: get_compact_string(buf)?,
        group_id: get_string(buf)?,
        group_state: get_string(buf)?,
        group_epoch: get_i32(buf)?,
        assignment_epoch: get_i32(buf)?,
        topology: get_nullable(buf, topology)?,
        members: get_vec(buf, member)?,
        authorized_operations: get_i32(buf)?,
        ..DescribedGroup::default()
    };
    if version >= 1 {
        group.topology_description = get_nullable(buf, topology_description)?;
        group.topology_description_status = get_i8(buf)?;
        group.assignor_name = get_compact_string(buf)?;
    }
    skip_tags(buf)?;
    Ok(group)
}

impl Decodable for StreamsGroupDescribeResponse {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        known_version(version)?;
        let throttle_time_ms = get_i32(buf)?;
        let groups = get_vec(buf, |b| described_group(b, version))?;
        skip_tags(buf)?;
        Ok(Self {
            throttle_time_ms,
            groups,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::{BufMut, BytesMut};

    fn s(text: &'static str) -> StrBytes {
        StrBytes::from_static_str(text)
    }

    #[test]
    fn request_round_trips_in_kafkas_layout() {
        let request = StreamsGroupDescribeRequest {
            group_ids: vec![s("ab")],
            include_authorized_operations: true,
            include_topology_description: true,
        };
        let mut v1 = BytesMut::new();
        request.encode(&mut v1, 1).unwrap();
        // compact array of 1, "ab", true, true, no tags.
        assert_eq!(&v1[..], &[2, 3, b'a', b'b', 1, 1, 0]);
        assert_eq!(request.compute_size(1).unwrap(), v1.len());
        assert_eq!(
            StreamsGroupDescribeRequest::decode(&mut v1.freeze(), 1).unwrap(),
            request
        );
        // Version 0 has no topology flag.
        let mut v0 = BytesMut::new();
        request.encode(&mut v0, 0).unwrap();
        assert_eq!(&v0[..], &[2, 3, b'a', b'b', 1, 0]);
        assert_eq!(request.compute_size(0).unwrap(), v0.len());
        assert!(request.encode(&mut BytesMut::new(), 2).is_err());
    }

    fn string(buf: &mut BytesMut, text: &str) {
        put_varint(buf, u32::try_from(text.len() + 1).unwrap());
        buf.put_slice(text.as_bytes());
    }

    /// A response as a 4.4 broker writes it at `version`: one group, one member, one
    /// subtopology.
    fn answer(version: i16) -> BytesMut {
        let mut b = BytesMut::new();
        b.put_i32(0); // throttle
        put_varint(&mut b, 2); // 1 group
        b.put_i16(0);
        put_varint(&mut b, 0); // null error message
        string(&mut b, "app");
        string(&mut b, "Stable");
        b.put_i32(3);
        b.put_i32(2);
        b.put_i8(1); // topology present
        b.put_i32(1);
        put_varint(&mut b, 2); // 1 subtopology
        string(&mut b, "0");
        put_varint(&mut b, 2);
        string(&mut b, "in");
        put_varint(&mut b, 1); // no repartition sinks
        put_varint(&mut b, 2); // 1 changelog
        string(&mut b, "app-store-changelog");
        b.put_i32(0);
        b.put_i16(0);
        put_varint(&mut b, 2);
        string(&mut b, "cleanup.policy");
        string(&mut b, "compact");
        put_varint(&mut b, 0); // kv tags
        put_varint(&mut b, 0); // topic info tags
        put_varint(&mut b, 1); // no repartition sources
        put_varint(&mut b, 0); // subtopology tags
        put_varint(&mut b, 0); // topology tags
        put_varint(&mut b, 2); // 1 member
        string(&mut b, "m1");
        b.put_i32(3);
        put_varint(&mut b, 0); // no instance id
        string(&mut b, "rack");
        string(&mut b, "client");
        string(&mut b, "/127.0.0.1");
        b.put_i32(1);
        string(&mut b, "process");
        b.put_i8(1); // endpoint
        string(&mut b, "localhost");
        b.put_u16(8080);
        put_varint(&mut b, 0);
        put_varint(&mut b, 1); // no client tags
        put_varint(&mut b, 2); // 1 task offset
        string(&mut b, "0");
        b.put_i32(1);
        b.put_i64(42);
        put_varint(&mut b, 0);
        put_varint(&mut b, 1); // no end offsets
        for active in [[0, 1], [1, 0]] {
            put_varint(&mut b, 2); // 1 active task
            string(&mut b, "0");
            put_varint(&mut b, 3);
            b.put_i32(active[0]);
            b.put_i32(active[1]);
            put_varint(&mut b, 0);
            put_varint(&mut b, 1);
            put_varint(&mut b, 1);
            put_varint(&mut b, 0); // assignment tags
        }
        b.put_i8(0); // not classic
        put_varint(&mut b, 0); // member tags
        b.put_i32(i32::MIN);
        if version >= 1 {
            b.put_i8(1); // description present
            put_varint(&mut b, 2);
            string(&mut b, "0");
            put_varint(&mut b, 2);
            string(&mut b, "KSTREAM-SOURCE-0000000000");
            b.put_i8(1);
            put_varint(&mut b, 2);
            string(&mut b, "in");
            put_varint(&mut b, 0); // null sink topic
            put_varint(&mut b, 1);
            put_varint(&mut b, 1);
            put_varint(&mut b, 0); // node tags
            put_varint(&mut b, 0); // subtopology tags
            put_varint(&mut b, 1); // no global stores
            put_varint(&mut b, 0); // description tags
            b.put_i8(3);
            string(&mut b, "sticky");
        }
        put_varint(&mut b, 0); // group tags
        put_varint(&mut b, 0); // response tags
        b
    }

    #[test]
    fn response_decodes_kafkas_layout() {
        for version in [0, 1] {
            let response =
                StreamsGroupDescribeResponse::decode(&mut answer(version).freeze(), version)
                    .unwrap();
            let group = &response.groups[0];
            assert_eq!(group.group_id.as_str(), "app");
            assert_eq!(group.group_state.as_str(), "Stable");
            assert_eq!((group.group_epoch, group.assignment_epoch), (3, 2));
            let topology = group.topology.as_ref().unwrap();
            let sub = &topology.subtopologies.as_ref().unwrap()[0];
            assert_eq!(sub.source_topics, vec![s("in")]);
            assert_eq!(
                sub.state_changelog_topics[0].name.as_str(),
                "app-store-changelog"
            );
            assert_eq!(
                sub.state_changelog_topics[0].topic_configs[0]
                    .value
                    .as_str(),
                "compact"
            );
            let m = &group.members[0];
            assert_eq!(m.instance_id, None);
            assert_eq!(m.rack_id, Some(s("rack")));
            assert_eq!(m.user_endpoint.as_ref().unwrap().port, 8080);
            assert_eq!(m.task_offsets[0].offset, 42);
            assert_eq!(m.assignment.active_tasks[0].partitions, vec![0, 1]);
            assert_eq!(m.target_assignment.active_tasks[0].partitions, vec![1, 0]);
            assert!(!m.is_classic);
            assert_eq!(group.authorized_operations, i32::MIN);
            if version == 1 {
                let d = group.topology_description.as_ref().unwrap();
                assert_eq!(d.subtopologies[0].nodes[0].node_type, 1);
                assert_eq!(group.topology_description_status, 3);
                assert_eq!(group.assignor_name, Some(s("sticky")));
            } else {
                assert_eq!(group.topology_description, None);
            }
        }
        // A truncated answer is an error, not a panic.
        let full = answer(1);
        for cut in [3, 10, full.len() / 2, full.len() - 1] {
            let mut part = full.clone();
            part.truncate(cut);
            assert!(StreamsGroupDescribeResponse::decode(&mut part.freeze(), 1).is_err());
        }
    }
}
