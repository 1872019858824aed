//! Partition reassignment on the native path (kafka-reassign-partitions): the replica sets of
//! topics (Metadata), ongoing reassignments (ListPartitionReassignments), starting and
//! cancelling them (AlterPartitionReassignments), and replicas' log directories
//! (DescribeLogDirs, AlterReplicaLogDirs). Every call takes a [`Native`], so that the actions
//! Java allows with `--bootstrap-controller` (`--list`, `--cancel`) work through controllers.

use std::collections::{BTreeMap, HashMap};

use anyhow::{bail, Result};
use kafka_protocol::messages::alter_partition_reassignments_request::{
    ReassignablePartition, ReassignableTopic,
};
use kafka_protocol::messages::alter_replica_log_dirs_request::{
    AlterReplicaLogDir, AlterReplicaLogDirTopic,
};
use kafka_protocol::messages::describe_log_dirs_request::DescribableLogDirTopic;
use kafka_protocol::messages::list_partition_reassignments_request::ListPartitionReassignmentsTopics;
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{
    AlterPartitionReassignmentsRequest, AlterReplicaLogDirsRequest, BrokerId,
    DescribeLogDirsRequest, ListPartitionReassignmentsRequest, MetadataRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;

use super::partitions::TopicPartition;
use super::topic_partitions::Reassignment;
use crate::client::native::{broker_id, error_text, Native, Target};

/// A broker error: its code and Java's message for it (the broker's own text when it sent one).
pub(crate) type BrokerError = (i16, String);

/// The replicas of each partition of a topic, or the broker's error for the topic.
pub(crate) type TopicReplicas = std::result::Result<BTreeMap<i32, Vec<i32>>, BrokerError>;

/// The ongoing reassignments by partition, or the broker's error for the call.
pub(crate) type Reassignments =
    std::result::Result<BTreeMap<TopicPartition, Reassignment>, BrokerError>;

/// A replica of a partition on one broker (Java's `TopicPartitionReplica`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Replica {
    /// Broker id (first: Java sorts replicas by broker, then topic, then partition).
    pub(crate) broker: i32,
    /// Topic name.
    pub(crate) topic: String,
    /// Partition number.
    pub(crate) partition: i32,
}

impl std::fmt::Display for Replica {
    /// Java's `TopicPartitionReplica.toString`: `topic-partition-broker`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}-{}", self.topic, self.partition, self.broker)
    }
}

/// Where a replica lives on its broker: its current log directory, and the one it is being
/// moved to (`None` when no move is under way).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ReplicaDirs {
    /// The directory that holds the replica, if any.
    pub(crate) current: Option<String>,
    /// The directory the replica is being copied to, if any.
    pub(crate) future: Option<String>,
}

/// One replica's size on disk, from DescribeLogDirs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ReplicaSize {
    /// Bytes of the replica's log (the current one, not a future copy).
    pub(crate) size: i64,
}

fn topic_name(name: &str) -> TopicName {
    TopicName(StrBytes::from_string(name.to_string()))
}

fn ids(list: &[BrokerId]) -> Vec<i32> {
    list.iter().map(|b| b.0).collect()
}

/// One request entry per topic of `parts` (topics sorted), made by `entry` from the topic's
/// name and its partitions.
fn by_topic<T>(parts: &[TopicPartition], entry: impl Fn(TopicName, Vec<i32>) -> T) -> Vec<T> {
    let mut grouped: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for tp in parts {
        grouped.entry(&tp.topic).or_default().push(tp.partition);
    }
    grouped
        .into_iter()
        .map(|(t, ps)| entry(topic_name(t), ps))
        .collect()
}

/// The request timeout field of admin requests: the API timeout, as Java's admin client sends.
fn timeout_ms(native: &Native) -> i32 {
    i32::try_from(native.api_timeout().as_millis()).unwrap_or(i32::MAX)
}

/// The replica lists of the partitions of each of `topics` (Metadata), or the broker's error
/// for the topic (UNKNOWN_TOPIC_OR_PARTITION for a topic the cluster does not know).
pub(crate) async fn replica_assignment(
    native: &Native,
    topics: &[String],
) -> Result<BTreeMap<String, TopicReplicas>> {
    let mut out = BTreeMap::new();
    if topics.is_empty() {
        return Ok(out);
    }
    let (response, _) = native
        .send::<MetadataRequest, _>(&Target::Any, 0, |_| {
            MetadataRequest::default().with_topics(Some(
                topics
                    .iter()
                    .map(|t| MetadataRequestTopic::default().with_name(Some(topic_name(t))))
                    .collect(),
            ))
        })
        .await?;
    for topic in &response.topics {
        let Some(name) = topic.name.as_ref().map(|n| n.0.to_string()) else {
            continue;
        };
        let result = if topic.error_code == 0 {
            Ok(topic
                .partitions
                .iter()
                .map(|p| (p.partition_index, ids(&p.replica_nodes)))
                .collect())
        } else {
            Err((topic.error_code, error_text(topic.error_code, None)))
        };
        out.insert(name, result);
    }
    Ok(out)
}

/// The ongoing reassignments, of `partitions` only when given (else all of them), or the
/// broker's error for the call.
pub(crate) async fn list_reassignments(
    native: &Native,
    partitions: Option<&[TopicPartition]>,
) -> Result<Reassignments> {
    let topics = partitions.map(|parts| {
        by_topic(parts, |t, ps| {
            ListPartitionReassignmentsTopics::default()
                .with_name(t)
                .with_partition_indexes(ps)
        })
    });
    let timeout = timeout_ms(native);
    let (response, _) = native
        .call::<ListPartitionReassignmentsRequest, _, _>(
            &Target::Controller,
            0,
            |_| {
                ListPartitionReassignmentsRequest::default()
                    .with_timeout_ms(timeout)
                    .with_topics(topics.clone())
            },
            |r| r.error_code,
        )
        .await?;
    if response.error_code != 0 {
        return Ok(Err((
            response.error_code,
            error_text(response.error_code, response.error_message.as_deref()),
        )));
    }
    let mut out = BTreeMap::new();
    for topic in response.topics {
        for p in topic.partitions {
            out.insert(
                TopicPartition::new(topic.name.0.to_string(), p.partition_index),
                Reassignment {
                    replicas: ids(&p.replicas),
                    adding: ids(&p.adding_replicas),
                    removing: ids(&p.removing_replicas),
                },
            );
        }
    }
    Ok(Ok(out))
}

/// Starts (`Some(replicas)`) or cancels (`None`) the reassignment of each partition; the
/// per-partition errors. With `allow_rf_change` false the controller refuses a change of a
/// partition's replica count (KIP-860, AlterPartitionReassignments v1).
pub(crate) async fn alter_reassignments(
    native: &Native,
    changes: &[(TopicPartition, Option<Vec<i32>>)],
    allow_rf_change: bool,
) -> Result<BTreeMap<TopicPartition, BrokerError>> {
    let mut by_topic: BTreeMap<&str, Vec<ReassignablePartition>> = BTreeMap::new();
    for (tp, replicas) in changes {
        by_topic.entry(&tp.topic).or_default().push(
            ReassignablePartition::default()
                .with_partition_index(tp.partition)
                .with_replicas(
                    replicas
                        .as_ref()
                        .map(|r| r.iter().copied().map(broker_id).collect()),
                ),
        );
    }
    let topics: Vec<ReassignableTopic> = by_topic
        .into_iter()
        .map(|(t, ps)| {
            ReassignableTopic::default()
                .with_name(topic_name(t))
                .with_partitions(ps)
        })
        .collect();
    let timeout = timeout_ms(native);
    let (response, _) = native
        .call::<AlterPartitionReassignmentsRequest, _, _>(
            &Target::Controller,
            // Refusing a replication factor change needs v1 (Kafka 4.1+).
            if allow_rf_change { 0 } else { 1 },
            |_| {
                AlterPartitionReassignmentsRequest::default()
                    .with_timeout_ms(timeout)
                    .with_allow_replication_factor_change(allow_rf_change)
                    .with_topics(topics.clone())
            },
            |r| r.error_code,
        )
        .await?;
    let mut errors = BTreeMap::new();
    if response.error_code != 0 {
        let err = (
            response.error_code,
            error_text(response.error_code, response.error_message.as_deref()),
        );
        for (tp, _) in changes {
            errors.insert(tp.clone(), err.clone());
        }
        return Ok(errors);
    }
    for topic in response.responses {
        for p in topic.partitions {
            if p.error_code != 0 {
                errors.insert(
                    TopicPartition::new(topic.name.0.to_string(), p.partition_index),
                    (
                        p.error_code,
                        error_text(p.error_code, p.error_message.as_deref()),
                    ),
                );
            }
        }
    }
    Ok(errors)
}

/// DescribeLogDirs of `partitions` on `broker`: per partition, its directories and size.
async fn describe_dirs_of(
    native: &Native,
    broker: i32,
    partitions: Option<&[TopicPartition]>,
) -> Result<HashMap<TopicPartition, (ReplicaDirs, ReplicaSize)>> {
    let topics = partitions.map(|parts| {
        by_topic(parts, |t, ps| {
            DescribableLogDirTopic::default()
                .with_topic(t)
                .with_partitions(ps)
        })
    });
    let (response, _) = native
        .call::<DescribeLogDirsRequest, _, _>(
            &Target::Node(broker),
            0,
            |_| DescribeLogDirsRequest::default().with_topics(topics.clone()),
            |r| r.error_code,
        )
        .await?;
    if response.error_code != 0 {
        bail!(
            "describing the log directories of broker {broker}: {}",
            error_text(response.error_code, None)
        );
    }
    let mut out: HashMap<TopicPartition, (ReplicaDirs, ReplicaSize)> = HashMap::new();
    for dir in response.results {
        if dir.error_code != 0 {
            continue;
        }
        let path = dir.log_dir.to_string();
        for topic in dir.topics {
            for p in topic.partitions {
                let entry = out
                    .entry(TopicPartition::new(
                        topic.name.0.to_string(),
                        p.partition_index,
                    ))
                    .or_default();
                if p.is_future_key {
                    entry.0.future = Some(path.clone());
                } else {
                    entry.0.current = Some(path.clone());
                    entry.1.size = p.partition_size;
                }
            }
        }
    }
    Ok(out)
}

/// The log directories of each replica (Java's `describeReplicaLogDirs`); a replica its broker
/// does not hold is absent.
pub(crate) async fn replica_dirs(
    native: &Native,
    replicas: &[Replica],
) -> Result<HashMap<Replica, ReplicaDirs>> {
    let mut by_broker: BTreeMap<i32, Vec<TopicPartition>> = BTreeMap::new();
    for r in replicas {
        by_broker
            .entry(r.broker)
            .or_default()
            .push(TopicPartition::new(r.topic.clone(), r.partition));
    }
    let mut out = HashMap::new();
    for (broker, parts) in by_broker {
        let found = describe_dirs_of(native, broker, Some(&parts)).await?;
        for tp in parts {
            if let Some((dirs, _)) = found.get(&tp) {
                out.insert(
                    Replica {
                        broker,
                        topic: tp.topic.clone(),
                        partition: tp.partition,
                    },
                    dirs.clone(),
                );
            }
        }
    }
    Ok(out)
}

/// The size of each replica of `partitions` on each of `brokers` (for the progress view).
pub(crate) async fn replica_sizes(
    native: &Native,
    brokers: &[i32],
    partitions: &[TopicPartition],
) -> Result<HashMap<Replica, i64>> {
    let mut out = HashMap::new();
    for &broker in brokers {
        for (tp, (_, size)) in describe_dirs_of(native, broker, Some(partitions)).await? {
            out.insert(
                Replica {
                    broker,
                    topic: tp.topic,
                    partition: tp.partition,
                },
                size.size,
            );
        }
    }
    Ok(out)
}

/// Asks each replica's broker to move it to the given log directory (AlterReplicaLogDirs);
/// the per-replica errors.
pub(crate) async fn alter_replica_dirs(
    native: &Native,
    moves: &BTreeMap<Replica, String>,
) -> Result<BTreeMap<Replica, BrokerError>> {
    // broker -> dir -> topic -> partitions
    let mut plan: BTreeMap<i32, BTreeMap<&str, BTreeMap<&str, Vec<i32>>>> = BTreeMap::new();
    for (r, dir) in moves {
        plan.entry(r.broker)
            .or_default()
            .entry(dir)
            .or_default()
            .entry(&r.topic)
            .or_default()
            .push(r.partition);
    }
    let mut errors = BTreeMap::new();
    for (broker, dirs) in plan {
        let request_dirs: Vec<AlterReplicaLogDir> = dirs
            .iter()
            .map(|(dir, topics)| {
                AlterReplicaLogDir::default()
                    .with_path(StrBytes::from_string((*dir).to_string()))
                    .with_topics(
                        topics
                            .iter()
                            .map(|(t, ps)| {
                                AlterReplicaLogDirTopic::default()
                                    .with_name(topic_name(t))
                                    .with_partitions(ps.clone())
                            })
                            .collect(),
                    )
            })
            .collect();
        let (response, _) = native
            .send::<AlterReplicaLogDirsRequest, _>(&Target::Node(broker), 0, |_| {
                AlterReplicaLogDirsRequest::default().with_dirs(request_dirs.clone())
            })
            .await?;
        for topic in response.results {
            for p in topic.partitions {
                if p.error_code != 0 {
                    errors.insert(
                        Replica {
                            broker,
                            topic: topic.topic_name.0.to_string(),
                            partition: p.partition_index,
                        },
                        (p.error_code, error_text(p.error_code, None)),
                    );
                }
            }
        }
    }
    Ok(errors)
}
