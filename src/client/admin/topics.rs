//! Topic admin operations: create, delete, add partitions, describe.

use anyhow::{bail, Result};
use rdkafka::bindings as rd;
use rdkafka::types::RDKafkaErrorCode;

use super::super::ffi::{cstring, owned, ErrBuf, Guard};
use super::Admin;

/// A topic to create.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewTopicSpec {
    /// Topic name.
    pub(crate) name: String,
    /// Partition count, -1 for the broker default.
    pub(crate) partitions: i32,
    /// Replication factor, -1 for the broker default.
    pub(crate) replication_factor: i32,
    /// Explicit replica assignment (one list of broker ids per partition), if any.
    pub(crate) assignment: Option<Vec<Vec<i32>>>,
    /// Topic configs.
    pub(crate) configs: Vec<(String, String)>,
}

/// The broker's answer for one topic of a create/delete/alter request.
#[derive(Debug, Clone)]
pub(crate) struct TopicOutcome {
    /// Topic name.
    #[allow(dead_code)]
    pub(crate) name: String,
    /// The error code and the broker's message, if the operation failed for this topic.
    pub(crate) error: Option<(RDKafkaErrorCode, String)>,
}

impl Admin {
    /// Creates topics; returns the broker's outcome for each, in request order.
    pub(crate) fn create_topics(&self, topics: &[NewTopicSpec]) -> Result<Vec<TopicOutcome>> {
        let mut requests = Vec::with_capacity(topics.len());
        for spec in topics {
            requests.push(new_topic(spec)?);
        }
        let mut raw: Vec<*mut rd::rd_kafka_NewTopic_t> = requests.iter().map(Guard::ptr).collect();
        let event = self.run(
            "creating topics",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_CREATETOPICS,
            rd::RD_KAFKA_EVENT_CREATETOPICS_RESULT,
            true,
            |rk, opts, queue| {
                // SAFETY: the requests outlive the call; librdkafka copies them.
                unsafe { rd::rd_kafka_CreateTopics(rk, raw.as_mut_ptr(), raw.len(), opts, queue) }
            },
        )?;
        // SAFETY: the event is a CreateTopics result (checked by `run`) and alive here.
        unsafe {
            let result = rd::rd_kafka_event_CreateTopics_result(event.ptr());
            let mut n = 0;
            let items = rd::rd_kafka_CreateTopics_result_topics(result, &mut n);
            Ok(topic_outcomes(items, n))
        }
    }
}

/// Builds a librdkafka NewTopic from a spec.
fn new_topic(spec: &NewTopicSpec) -> Result<Guard<rd::rd_kafka_NewTopic_t>> {
    let name = cstring(&spec.name)?;
    let mut err = ErrBuf::new();
    let (partitions, replication) = match &spec.assignment {
        Some(assignment) => (i32::try_from(assignment.len()).unwrap_or(i32::MAX), -1),
        None => (spec.partitions, spec.replication_factor),
    };
    // SAFETY: all pointers are valid for the calls; the result is owned by the guard.
    unsafe {
        let topic = Guard::new(
            rd::rd_kafka_NewTopic_new(
                name.as_ptr(),
                partitions,
                replication,
                err.as_mut_ptr(),
                err.len(),
            ),
            rd::rd_kafka_NewTopic_destroy,
        );
        if topic.is_null() {
            bail!("{}", err.message());
        }
        if let Some(assignment) = &spec.assignment {
            for (partition, brokers) in assignment.iter().enumerate() {
                let mut brokers = brokers.clone();
                if rd::rd_kafka_NewTopic_set_replica_assignment(
                    topic.ptr(),
                    i32::try_from(partition).unwrap_or(i32::MAX),
                    brokers.as_mut_ptr(),
                    brokers.len(),
                    err.as_mut_ptr(),
                    err.len(),
                ) != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
                {
                    bail!("{}", err.message());
                }
            }
        }
        for (key, value) in &spec.configs {
            let (k, v) = (cstring(key)?, cstring(value)?);
            if rd::rd_kafka_NewTopic_set_config(topic.ptr(), k.as_ptr(), v.as_ptr())
                != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
            {
                bail!("invalid topic config {key}");
            }
        }
        Ok(topic)
    }
}

/// Copies an array of `rd_kafka_topic_result_t` into owned outcomes.
///
/// # Safety
/// `items` must point to `n` valid results owned by a live event.
unsafe fn topic_outcomes(
    items: *mut *const rd::rd_kafka_topic_result_t,
    n: usize,
) -> Vec<TopicOutcome> {
    if items.is_null() {
        return Vec::new();
    }
    (0..n)
        .map(|i| {
            let item = *items.add(i);
            let code = rd::rd_kafka_topic_result_error(item);
            let error = (code != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR).then(|| {
                let code = RDKafkaErrorCode::from(code);
                let text = owned(rd::rd_kafka_topic_result_error_string(item))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| code.to_string());
                (code, text)
            });
            TopicOutcome {
                name: owned(rd::rd_kafka_topic_result_name(item)).unwrap_or_default(),
                error,
            }
        })
        .collect()
}

/// New partitions for an existing topic.
#[derive(Debug, Clone)]
pub(crate) struct NewPartitionsSpec {
    /// Topic name.
    pub(crate) topic: String,
    /// The new total partition count.
    pub(crate) total: usize,
    /// Replica assignment of the new partitions only, if given.
    pub(crate) assignment: Option<Vec<Vec<i32>>>,
}

/// One partition of a described topic.
#[derive(Debug, Clone)]
pub(crate) struct PartitionDescription {
    /// Partition number.
    pub(crate) partition: i32,
    /// Leader broker id, if the partition has one.
    pub(crate) leader: Option<i32>,
    /// Replica broker ids, in assignment order.
    pub(crate) replicas: Vec<i32>,
    /// In-sync replica broker ids.
    pub(crate) isr: Vec<i32>,
}

/// A described topic (DescribeTopics).
#[derive(Debug, Clone)]
pub(crate) struct TopicDescription {
    /// Topic name.
    pub(crate) name: String,
    /// Kafka's base64url topic id.
    pub(crate) topic_id: String,
    /// Whether Kafka marks the topic internal.
    pub(crate) is_internal: bool,
    /// Partitions, sorted by number.
    pub(crate) partitions: Vec<PartitionDescription>,
    /// The per-topic error (code and message), e.g. unknown topic.
    pub(crate) error: Option<(RDKafkaErrorCode, String)>,
}

impl Admin {
    /// Deletes topics; returns the broker's outcome for each.
    pub(crate) fn delete_topics(&self, names: &[String]) -> Result<Vec<TopicOutcome>> {
        let mut requests = Vec::with_capacity(names.len());
        for name in names {
            let c = cstring(name)?;
            // SAFETY: valid C string; owned by the guard.
            requests.push(unsafe {
                Guard::new(
                    rd::rd_kafka_DeleteTopic_new(c.as_ptr()),
                    rd::rd_kafka_DeleteTopic_destroy,
                )
            });
        }
        let mut raw: Vec<*mut rd::rd_kafka_DeleteTopic_t> =
            requests.iter().map(Guard::ptr).collect();
        let event = self.run(
            "deleting topics",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DELETETOPICS,
            rd::RD_KAFKA_EVENT_DELETETOPICS_RESULT,
            true,
            |rk, opts, queue| {
                // SAFETY: the requests outlive the call; librdkafka copies them.
                unsafe { rd::rd_kafka_DeleteTopics(rk, raw.as_mut_ptr(), raw.len(), opts, queue) }
            },
        )?;
        // SAFETY: the event is a DeleteTopics result and alive here.
        unsafe {
            let result = rd::rd_kafka_event_DeleteTopics_result(event.ptr());
            let mut n = 0;
            let items = rd::rd_kafka_DeleteTopics_result_topics(result, &mut n);
            Ok(topic_outcomes(items, n))
        }
    }

    /// Adds partitions to topics; returns the broker's outcome for each.
    pub(crate) fn create_partitions(
        &self,
        specs: &[NewPartitionsSpec],
    ) -> Result<Vec<TopicOutcome>> {
        let mut requests = Vec::with_capacity(specs.len());
        for spec in specs {
            requests.push(new_partitions(spec)?);
        }
        let mut raw: Vec<*mut rd::rd_kafka_NewPartitions_t> =
            requests.iter().map(Guard::ptr).collect();
        let event = self.run(
            "adding partitions",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_CREATEPARTITIONS,
            rd::RD_KAFKA_EVENT_CREATEPARTITIONS_RESULT,
            true,
            |rk, opts, queue| {
                // SAFETY: the requests outlive the call; librdkafka copies them.
                unsafe {
                    rd::rd_kafka_CreatePartitions(rk, raw.as_mut_ptr(), raw.len(), opts, queue)
                }
            },
        )?;
        // SAFETY: the event is a CreatePartitions result and alive here.
        unsafe {
            let result = rd::rd_kafka_event_CreatePartitions_result(event.ptr());
            let mut n = 0;
            let items = rd::rd_kafka_CreatePartitions_result_topics(result, &mut n);
            Ok(topic_outcomes(items, n))
        }
    }

    /// Describes topics by name (topic id, internal flag, leaders, replicas, ISR).
    pub(crate) fn describe_topics(&self, names: &[String]) -> Result<Vec<TopicDescription>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let owned_names = names
            .iter()
            .map(|n| cstring(n))
            .collect::<Result<Vec<_>>>()?;
        let mut ptrs: Vec<*const std::ffi::c_char> =
            owned_names.iter().map(|c| c.as_ptr()).collect();
        // SAFETY: the names outlive the call; the collection copies them and is owned by a guard.
        let collection = unsafe {
            Guard::new(
                rd::rd_kafka_TopicCollection_of_topic_names(ptrs.as_mut_ptr(), ptrs.len()),
                rd::rd_kafka_TopicCollection_destroy,
            )
        };
        let event = self.run(
            "describing topics",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBETOPICS,
            rd::RD_KAFKA_EVENT_DESCRIBETOPICS_RESULT,
            false,
            |rk, opts, queue| {
                // SAFETY: the collection outlives the call.
                unsafe { rd::rd_kafka_DescribeTopics(rk, collection.ptr(), opts, queue) }
            },
        )?;
        // SAFETY: the event is a DescribeTopics result; everything is copied before it is freed.
        unsafe {
            let result = rd::rd_kafka_event_DescribeTopics_result(event.ptr());
            let mut n = 0;
            let topics = rd::rd_kafka_DescribeTopics_result_topics(result, &mut n);
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                out.push(topic_description(*topics.add(i)));
            }
            Ok(out)
        }
    }
}

/// Copies one `rd_kafka_TopicDescription_t`.
///
/// # Safety
/// `desc` must be valid for the duration of the call.
unsafe fn topic_description(desc: *const rd::rd_kafka_TopicDescription_t) -> TopicDescription {
    let name = owned(rd::rd_kafka_TopicDescription_name(desc)).unwrap_or_default();
    let error = super::error_of(rd::rd_kafka_TopicDescription_error(desc));
    let uuid = rd::rd_kafka_TopicDescription_topic_id(desc);
    let topic_id = if uuid.is_null() {
        String::new()
    } else {
        // librdkafka uses the standard alphabet; Kafka prints ids in base64url without padding.
        owned(rd::rd_kafka_Uuid_base64str(uuid))
            .unwrap_or_default()
            .replace('+', "-")
            .replace('/', "_")
            .trim_end_matches('=')
            .to_string()
    };
    let mut n = 0;
    let parts = rd::rd_kafka_TopicDescription_partitions(desc, &mut n);
    let mut partitions: Vec<PartitionDescription> = (0..n)
        .map(|i| {
            let p = *parts.add(i);
            let leader = rd::rd_kafka_TopicPartitionInfo_leader(p);
            let mut rn = 0;
            let replicas = rd::rd_kafka_TopicPartitionInfo_replicas(p, &mut rn);
            let mut isn = 0;
            let isr = rd::rd_kafka_TopicPartitionInfo_isr(p, &mut isn);
            PartitionDescription {
                partition: rd::rd_kafka_TopicPartitionInfo_partition(p),
                leader: (!leader.is_null()).then(|| rd::rd_kafka_Node_id(leader)),
                replicas: node_ids(replicas, rn),
                isr: node_ids(isr, isn),
            }
        })
        .collect();
    partitions.sort_by_key(|p| p.partition);
    TopicDescription {
        name,
        topic_id,
        is_internal: rd::rd_kafka_TopicDescription_is_internal(desc) != 0,
        partitions,
        error,
    }
}

/// Broker ids of a node array.
///
/// # Safety
/// `nodes` must point to `n` valid nodes (or be null with `n == 0`).
unsafe fn node_ids(nodes: *mut *const rd::rd_kafka_Node_t, n: usize) -> Vec<i32> {
    if nodes.is_null() {
        return Vec::new();
    }
    (0..n)
        .map(|i| rd::rd_kafka_Node_id(*nodes.add(i)))
        .collect()
}

/// Builds a librdkafka NewPartitions from a spec.
fn new_partitions(spec: &NewPartitionsSpec) -> Result<Guard<rd::rd_kafka_NewPartitions_t>> {
    let topic = cstring(&spec.topic)?;
    let mut err = ErrBuf::new();
    // SAFETY: valid pointers; the result is owned by the guard.
    unsafe {
        let parts = Guard::new(
            rd::rd_kafka_NewPartitions_new(topic.as_ptr(), spec.total, err.as_mut_ptr(), err.len()),
            rd::rd_kafka_NewPartitions_destroy,
        );
        if parts.is_null() {
            bail!("{}", err.message());
        }
        for (index, brokers) in spec.assignment.iter().flatten().enumerate() {
            let mut brokers = brokers.clone();
            if rd::rd_kafka_NewPartitions_set_replica_assignment(
                parts.ptr(),
                i32::try_from(index).unwrap_or(i32::MAX),
                brokers.as_mut_ptr(),
                brokers.len(),
                err.as_mut_ptr(),
                err.len(),
            ) != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
            {
                bail!("{}", err.message());
            }
        }
        Ok(parts)
    }
}
