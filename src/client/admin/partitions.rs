//! Topic-partition lists across the C boundary: built from plain values, read into owned ones.
//!
//! rdkafka's `TopicPartitionList::from_ptr` is private, so lists that librdkafka returns are read
//! element by element here (reference rdkafka.md §2.1). Offsets carry the raw librdkafka value
//! (`-1001`, `RD_KAFKA_OFFSET_INVALID`, = none) and the per-partition error, which the callers keep.

use anyhow::{bail, Result};
use rdkafka::bindings as rd;
use rdkafka::types::RDKafkaErrorCode;

use super::super::ffi::{cstring, owned, Guard};

/// A topic and partition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub(crate) struct TopicPartition {
    /// Topic name.
    pub(crate) topic: String,
    /// Partition number.
    pub(crate) partition: i32,
}

impl TopicPartition {
    /// A topic-partition.
    pub(crate) fn new(topic: impl Into<String>, partition: i32) -> Self {
        Self {
            topic: topic.into(),
            partition,
        }
    }
}

impl std::fmt::Display for TopicPartition {
    /// Java's `TopicPartition.toString`: `topic-partition`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// One element of a partition list returned by librdkafka.
#[derive(Debug, Clone)]
pub(crate) struct PartitionResult {
    /// The partition.
    pub(crate) tp: TopicPartition,
    /// The offset field as librdkafka returned it (`OFFSET_INVALID` when there is none).
    pub(crate) offset: i64,
    /// The leader epoch stored with the offset, if any.
    pub(crate) leader_epoch: Option<i32>,
    /// Commit metadata, if any.
    #[allow(dead_code)] // for tools that show it (e.g. the console consumer)
    pub(crate) metadata: Option<String>,
    /// The per-partition error (code and text).
    pub(crate) error: Option<(RDKafkaErrorCode, String)>,
}

impl PartitionResult {
    /// The offset, or `None` when librdkafka reports no offset.
    pub(crate) fn valid_offset(&self) -> Option<i64> {
        (self.offset >= 0).then_some(self.offset)
    }
}

/// Builds a native partition list with the given offset field per element.
pub(super) fn native_list(
    items: &[(TopicPartition, i64)],
) -> Result<Guard<rd::rd_kafka_topic_partition_list_t>> {
    let size = i32::try_from(items.len()).unwrap_or(i32::MAX);
    // SAFETY: the list is owned by the guard; `add` returns an element owned by the list.
    unsafe {
        let list = Guard::new(
            rd::rd_kafka_topic_partition_list_new(size),
            rd::rd_kafka_topic_partition_list_destroy,
        );
        if list.is_null() {
            bail!("could not allocate a partition list");
        }
        for (tp, offset) in items {
            let topic = cstring(&tp.topic)?;
            let elem =
                rd::rd_kafka_topic_partition_list_add(list.ptr(), topic.as_ptr(), tp.partition);
            if elem.is_null() {
                bail!("could not add {tp} to a partition list");
            }
            (*elem).offset = *offset;
        }
        Ok(list)
    }
}

/// Copies a native partition list (owned by a live event or by us).
///
/// # Safety
/// `list` must be null or a valid list alive for the duration of the call.
pub(super) unsafe fn read_list(
    list: *const rd::rd_kafka_topic_partition_list_t,
) -> Vec<PartitionResult> {
    if list.is_null() || (*list).elems.is_null() {
        return Vec::new();
    }
    let count = usize::try_from((*list).cnt).unwrap_or(0);
    (0..count)
        .map(|i| read_elem((*list).elems.add(i)))
        .collect()
}

/// Copies one native partition element.
///
/// # Safety
/// `elem` must be valid for the duration of the call.
pub(super) unsafe fn read_elem(elem: *const rd::rd_kafka_topic_partition_t) -> PartitionResult {
    let e = &*elem;
    let error = (e.err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR).then(|| {
        let text = owned(rd::rd_kafka_err2str(e.err)).unwrap_or_default();
        (RDKafkaErrorCode::from(e.err), text)
    });
    let metadata = (!e.metadata.is_null() && e.metadata_size > 0).then(|| {
        let bytes = std::slice::from_raw_parts(e.metadata.cast::<u8>(), e.metadata_size);
        String::from_utf8_lossy(bytes).into_owned()
    });
    let epoch = rd::rd_kafka_topic_partition_get_leader_epoch(elem);
    PartitionResult {
        tp: TopicPartition::new(owned(e.topic).unwrap_or_default(), e.partition),
        offset: e.offset,
        leader_epoch: (epoch >= 0).then_some(epoch),
        metadata,
        error,
    }
}
