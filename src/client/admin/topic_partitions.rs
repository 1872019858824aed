//! What librdkafka's DescribeTopics leaves out, through the native path: eligible leader
//! replicas (DescribeTopicPartitions, KIP-966) and ongoing reassignments
//! (ListPartitionReassignments).

use std::collections::HashMap;

use anyhow::{anyhow, Result};
use kafka_protocol::messages::describe_topic_partitions_request::{Cursor, TopicRequest};
use kafka_protocol::messages::{
    BrokerId, DescribeTopicPartitionsRequest, ListPartitionReassignmentsRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;

use super::partitions::TopicPartition;
use super::Admin;
use crate::client::native::Target;

/// A partition's eligible leader replicas and last known ones; `None` where the broker did
/// not say (Java prints `N/A`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Elr {
    /// Eligible leader replicas.
    pub(crate) elr: Option<Vec<i32>>,
    /// Last known eligible leader replicas.
    pub(crate) last_known: Option<Vec<i32>>,
}

/// An ongoing reassignment of one partition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Reassignment {
    /// The full replica set during the move (old and new).
    pub(crate) replicas: Vec<i32>,
    /// Replicas being added.
    pub(crate) adding: Vec<i32>,
    /// Replicas being removed.
    pub(crate) removing: Vec<i32>,
}

fn ids(list: &[BrokerId]) -> Vec<i32> {
    list.iter().map(|b| b.0).collect()
}

fn topic_name(name: &str) -> TopicName {
    TopicName(StrBytes::from_string(name.to_string()))
}

impl Admin {
    /// The ELR of every partition of `topics`, paged by `page_limit` partitions per response as
    /// Java's `--partition-size-limit-per-response` does; `None` when the brokers predate
    /// DescribeTopicPartitions (Kafka < 3.8: Java then falls back to Metadata, which has none).
    pub(crate) async fn eligible_leader_replicas(
        &self,
        topics: &[String],
        page_limit: i32,
    ) -> Result<Option<HashMap<TopicPartition, Elr>>> {
        let native = self.native()?;
        if topics.is_empty() || !native.supports::<DescribeTopicPartitionsRequest>().await? {
            return Ok(None);
        }
        // A topic created a moment ago may not have reached the broker that answers yet (the
        // description came from another one): ask again for a little while.
        let deadline = std::time::Instant::now() + crate::client::ABSENT_GRACE;
        loop {
            let (found, missing) = self.elr_pages(topics, page_limit).await?;
            if !missing || std::time::Instant::now() >= deadline {
                return Ok(Some(found));
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// One paged DescribeTopicPartitions of `topics`; also says whether a topic came back
    /// unknown.
    async fn elr_pages(
        &self,
        topics: &[String],
        page_limit: i32,
    ) -> Result<(HashMap<TopicPartition, Elr>, bool)> {
        let native = self.native()?;
        let mut missing = false;
        let mut out = HashMap::new();
        let mut cursor: Option<Cursor> = None;
        // Bounded: each page moves the cursor forward; a broker that repeats a cursor stops.
        for _ in 0..1_000_000 {
            let page = cursor.clone();
            let (response, _) = native
                .send::<DescribeTopicPartitionsRequest, _>(&Target::Any, 0, |_| {
                    DescribeTopicPartitionsRequest::default()
                        .with_topics(
                            topics
                                .iter()
                                .map(|t| TopicRequest::default().with_name(topic_name(t)))
                                .collect(),
                        )
                        .with_response_partition_limit(page_limit)
                        .with_cursor(page.clone())
                })
                .await?;
            for topic in &response.topics {
                // UNKNOWN_TOPIC_OR_PARTITION
                missing |= topic.error_code == 3;
                let Some(name) = &topic.name else { continue };
                for p in &topic.partitions {
                    out.insert(
                        TopicPartition::new(name.0.to_string(), p.partition_index),
                        Elr {
                            elr: p.eligible_leader_replicas.as_deref().map(ids),
                            last_known: p.last_known_elr.as_deref().map(ids),
                        },
                    );
                }
            }
            let next = response.next_cursor.map(|c| {
                Cursor::default()
                    .with_topic_name(c.topic_name)
                    .with_partition_index(c.partition_index)
            });
            match next {
                Some(next) if Some(&next) != cursor.as_ref() => cursor = Some(next),
                _ => return Ok((out, missing)),
            }
        }
        Err(anyhow!("DescribeTopicPartitions did not finish paging"))
    }

    /// The ongoing reassignments among `partitions`. Like Java, a broker that does not support
    /// the API or refuses it for lack of ClusterDescribe... (here: any refusal of the call
    /// itself) means no reassignment is shown.
    pub(crate) async fn reassignments(
        &self,
        partitions: &[TopicPartition],
    ) -> Result<HashMap<TopicPartition, Reassignment>> {
        let native = self.native()?;
        if partitions.is_empty()
            || !native
                .supports::<ListPartitionReassignmentsRequest>()
                .await?
        {
            return Ok(HashMap::new());
        }
        match super::reassign::list_reassignments(&native, Some(partitions)).await? {
            Ok(found) => Ok(found.into_iter().collect()),
            // UNSUPPORTED_VERSION, CLUSTER_AUTHORIZATION_FAILED: Java shows no reassignment.
            Err((35 | 31, _)) => Ok(HashMap::new()),
            Err((_, text)) => Err(anyhow!("listing partition reassignments: {text}")),
        }
    }
}
