//! Per-partition admin operations: DeleteRecords and ElectLeaders, each keeping the broker's
//! error for every partition (rdkafka 0.39 wraps DeleteRecords but folds its result into one
//! list, and does not wrap ElectLeaders at all: reference rdkafka.md §2.3).

use anyhow::{bail, Result};
use rdkafka::bindings as rd;
use rdkafka::types::RDKafkaErrorCode;

use super::super::ffi::{owned, Guard};
use super::partitions::{native_list, TopicPartition};
use super::Admin;

/// A topic partition with a value: an offset for DeleteRecords, unused for elections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PartitionOffset {
    /// Topic name.
    pub(crate) topic: String,
    /// Partition number.
    pub(crate) partition: i32,
    /// Offset (DeleteRecords: delete everything before it; -1 = the high watermark).
    pub(crate) offset: i64,
}

/// The broker's answer for one partition.
#[derive(Debug, Clone)]
pub(crate) struct PartitionOutcome {
    /// Topic name.
    pub(crate) topic: String,
    /// Partition number.
    pub(crate) partition: i32,
    /// DeleteRecords: the new low watermark; elections: nothing. Or the error (code, message).
    pub(crate) result: Result<i64, (RDKafkaErrorCode, String)>,
}

/// Which leader election to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ElectionType {
    /// Move leadership back to the first replica of the assignment.
    Preferred,
    /// Elect an out-of-sync replica when no in-sync one is alive (may lose data).
    Unclean,
}

/// Builds a librdkafka partition list (the shared builder of `partitions`).
fn partition_list(items: &[PartitionOffset]) -> Result<Guard<rd::rd_kafka_topic_partition_list_t>> {
    let items: Vec<(TopicPartition, i64)> = items
        .iter()
        .map(|i| (TopicPartition::new(i.topic.clone(), i.partition), i.offset))
        .collect();
    native_list(&items)
}

impl Admin {
    /// Deletes the records before the given offsets; one outcome per partition.
    pub(crate) fn delete_records(
        &self,
        items: &[PartitionOffset],
    ) -> Result<Vec<PartitionOutcome>> {
        let list = partition_list(items)?;
        // SAFETY: the list outlives the call (librdkafka copies it); the request is guarded.
        let request = unsafe {
            Guard::new(
                rd::rd_kafka_DeleteRecords_new(list.ptr()),
                rd::rd_kafka_DeleteRecords_destroy,
            )
        };
        let mut raw = [request.ptr()];
        let event = self.run(
            "deleting records",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DELETERECORDS,
            rd::RD_KAFKA_EVENT_DELETERECORDS_RESULT,
            true,
            |rk, opts, queue| {
                // SAFETY: the request outlives the call; librdkafka copies it.
                unsafe { rd::rd_kafka_DeleteRecords(rk, raw.as_mut_ptr(), raw.len(), opts, queue) }
            },
        )?;
        // SAFETY: the event is a DeleteRecords result; everything is copied before it is freed.
        unsafe {
            let result = rd::rd_kafka_event_DeleteRecords_result(event.ptr());
            let offsets = rd::rd_kafka_DeleteRecords_result_offsets(result);
            if offsets.is_null() {
                return Ok(Vec::new());
            }
            let cnt = usize::try_from((*offsets).cnt).unwrap_or(0);
            Ok((0..cnt)
                .map(|i| {
                    let elem = &*(*offsets).elems.add(i);
                    let code = RDKafkaErrorCode::from(elem.err);
                    PartitionOutcome {
                        topic: owned(elem.topic).unwrap_or_default(),
                        partition: elem.partition,
                        result: if code == RDKafkaErrorCode::NoError {
                            Ok(elem.offset)
                        } else {
                            Err((code, code.to_string()))
                        },
                    }
                })
                .collect())
        }
    }

    /// Runs a leader election on the given partitions, or on every partition when `None`
    /// (then only the partitions whose election happened or failed are returned).
    pub(crate) fn elect_leaders(
        &self,
        kind: ElectionType,
        partitions: Option<&[PartitionOffset]>,
    ) -> Result<Vec<PartitionOutcome>> {
        let list = partitions.map(partition_list).transpose()?;
        let native = match kind {
            ElectionType::Preferred => {
                rd::rd_kafka_ElectionType_t::RD_KAFKA_ELECTION_TYPE_PREFERRED
            }
            ElectionType::Unclean => rd::rd_kafka_ElectionType_t::RD_KAFKA_ELECTION_TYPE_UNCLEAN,
        };
        // SAFETY: the list (or null) outlives the call; librdkafka copies it.
        let request = unsafe {
            Guard::new(
                rd::rd_kafka_ElectLeaders_new(
                    native,
                    list.as_ref().map_or(std::ptr::null_mut(), Guard::ptr),
                ),
                rd::rd_kafka_ElectLeaders_destroy,
            )
        };
        if request.is_null() {
            bail!("librdkafka refused the election request");
        }
        let event = self.run(
            "electing leaders",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_ELECTLEADERS,
            rd::RD_KAFKA_EVENT_ELECTLEADERS_RESULT,
            true,
            |rk, opts, queue| {
                // SAFETY: the request outlives the call; librdkafka copies it.
                unsafe { rd::rd_kafka_ElectLeaders(rk, request.ptr(), opts, queue) }
            },
        )?;
        // SAFETY: the event is an ElectLeaders result; everything is copied before it is freed.
        unsafe {
            let result = rd::rd_kafka_event_ElectLeaders_result(event.ptr());
            let mut n = 0;
            let items = rd::rd_kafka_ElectLeaders_result_partitions(result, &mut n);
            if items.is_null() {
                return Ok(Vec::new());
            }
            Ok((0..n)
                .map(|i| {
                    let item = *items.add(i);
                    let tp = &*rd::rd_kafka_topic_partition_result_partition(item);
                    let error = super::error_of(rd::rd_kafka_topic_partition_result_error(item));
                    PartitionOutcome {
                        topic: owned(tp.topic).unwrap_or_default(),
                        partition: tp.partition,
                        result: error.map_or(Ok(0), Err),
                    }
                })
                .collect())
        }
    }
}
