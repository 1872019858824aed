//! ListOffsets: earliest, latest, max-timestamp or by-timestamp offsets of partitions, in one
//! batched call (reference rdkafka.md §2.3). Used for lag, offset resets and kafka-get-offsets.

use anyhow::{bail, Result};
use rdkafka::bindings as rd;
use rdkafka::types::RDKafkaErrorCode;

use super::super::ffi::owned;
use super::partitions::{native_list, read_elem, TopicPartition};
use super::Admin;

/// Which offset of a partition to look up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OffsetSpec {
    /// The log start offset.
    Earliest,
    /// The log end offset (high watermark, or last stable offset with read_committed).
    Latest,
    /// The offset of the record with the largest timestamp.
    #[allow(dead_code)]
    MaxTimestamp,
    /// The first offset whose record timestamp is at or after this time (ms since the epoch).
    Timestamp(i64),
    /// The log start offset of the leader's local log (-4; tiered storage: the first offset
    /// not yet moved to remote storage). Native path, ListOffsets v8.
    EarliestLocal,
    /// The highest offset in remote storage (-5), native path, ListOffsets v9.
    LatestTiered,
    /// The first offset waiting to be uploaded to remote storage (-6), native path, v11.
    EarliestPendingUpload,
}

impl OffsetSpec {
    fn raw(self) -> i64 {
        match self {
            Self::Earliest => -2,
            Self::Latest => -1,
            Self::MaxTimestamp => -3,
            Self::Timestamp(ts) => ts.max(0),
            Self::EarliestLocal => -4,
            Self::LatestTiered => -5,
            Self::EarliestPendingUpload => -6,
        }
    }

    /// The ListOffsets version that knows this spec.
    fn min_version(self) -> i16 {
        match self {
            Self::EarliestLocal => 8,
            Self::LatestTiered => 9,
            Self::EarliestPendingUpload => 11,
            Self::MaxTimestamp => 7,
            _ => 1,
        }
    }

    /// Whether librdkafka can look this spec up (the tiered-storage ones go native).
    fn librdkafka_can(self) -> bool {
        !matches!(
            self,
            Self::EarliestLocal | Self::LatestTiered | Self::EarliestPendingUpload
        )
    }
}

/// Which records count for `Latest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum IsolationLevel {
    /// The high watermark (Java's default).
    #[default]
    ReadUncommitted,
    /// The last stable offset.
    #[allow(dead_code)]
    ReadCommitted,
}

/// The answer for one partition.
#[derive(Debug, Clone)]
pub(crate) struct ListedOffset {
    /// The partition.
    pub(crate) tp: TopicPartition,
    /// The offset; -1 when no record matches a timestamp spec.
    pub(crate) offset: i64,
    /// The record's timestamp (timestamp and max-timestamp specs), -1 otherwise.
    #[allow(dead_code)]
    pub(crate) timestamp: i64,
    /// The leader epoch of the offset, if known.
    #[allow(dead_code)]
    pub(crate) leader_epoch: Option<i32>,
    /// The per-partition error.
    pub(crate) error: Option<(RDKafkaErrorCode, String)>,
}

impl Admin {
    /// Looks up one offset per partition (partitions unique): through librdkafka, or for the
    /// tiered-storage specs through the native path, one ListOffsets per partition leader.
    pub(crate) async fn list_offsets_any(
        &self,
        requests: &[(TopicPartition, OffsetSpec)],
        isolation: IsolationLevel,
        leaders: &std::collections::HashMap<TopicPartition, i32>,
    ) -> Result<Vec<ListedOffset>> {
        if requests.iter().all(|(_, spec)| spec.librdkafka_can()) {
            return self.list_offsets(requests, isolation);
        }
        use kafka_protocol::messages::list_offsets_request::{
            ListOffsetsPartition, ListOffsetsTopic,
        };
        use kafka_protocol::messages::{ListOffsetsRequest, TopicName};
        use kafka_protocol::protocol::StrBytes;
        use std::collections::BTreeMap;

        use crate::client::native::{error_text, rd_code, Target};
        let native = self.native()?;
        // leader -> topic -> [(partition, spec)]
        let mut by_leader: BTreeMap<i32, BTreeMap<String, Vec<(i32, OffsetSpec)>>> =
            BTreeMap::new();
        let mut out = Vec::with_capacity(requests.len());
        for (tp, spec) in requests {
            match leaders.get(tp).copied().filter(|l| *l >= 0) {
                Some(leader) => by_leader
                    .entry(leader)
                    .or_default()
                    .entry(tp.topic.clone())
                    .or_default()
                    .push((tp.partition, *spec)),
                None => out.push(ListedOffset {
                    tp: tp.clone(),
                    offset: -1,
                    timestamp: -1,
                    leader_epoch: None,
                    error: Some((RDKafkaErrorCode::LeaderNotAvailable, error_text(5, None))),
                }),
            }
        }
        for (leader, topics) in by_leader {
            let floor = topics
                .values()
                .flatten()
                .map(|(_, spec)| spec.min_version())
                .max()
                .unwrap_or(1);
            let level = match isolation {
                IsolationLevel::ReadUncommitted => 0,
                IsolationLevel::ReadCommitted => 1,
            };
            let timeout =
                i32::try_from(self.settings.api_timeout().as_millis()).unwrap_or(i32::MAX);
            let (response, _) = native
                .send::<ListOffsetsRequest, _>(&Target::Node(leader), floor, |_| {
                    ListOffsetsRequest::default()
                        .with_replica_id(crate::client::native::broker_id(-1))
                        .with_isolation_level(level)
                        .with_timeout_ms(timeout)
                        .with_topics(
                            topics
                                .iter()
                                .map(|(name, parts)| {
                                    ListOffsetsTopic::default()
                                        .with_name(TopicName(StrBytes::from_string(name.clone())))
                                        .with_partitions(
                                            parts
                                                .iter()
                                                .map(|(p, spec)| {
                                                    ListOffsetsPartition::default()
                                                        .with_partition_index(*p)
                                                        .with_current_leader_epoch(-1)
                                                        .with_timestamp(spec.raw())
                                                })
                                                .collect(),
                                        )
                                })
                                .collect(),
                        )
                })
                .await?;
            for topic in response.topics {
                for p in topic.partitions {
                    out.push(ListedOffset {
                        tp: TopicPartition::new(topic.name.0.to_string(), p.partition_index),
                        offset: p.offset,
                        timestamp: p.timestamp,
                        leader_epoch: Some(p.leader_epoch).filter(|e| *e >= 0),
                        error: (p.error_code != 0)
                            .then(|| (rd_code(p.error_code), error_text(p.error_code, None))),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Looks up one offset per partition through librdkafka. Partitions must be unique.
    pub(crate) fn list_offsets(
        &self,
        requests: &[(TopicPartition, OffsetSpec)],
        isolation: IsolationLevel,
    ) -> Result<Vec<ListedOffset>> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let items: Vec<(TopicPartition, i64)> = requests
            .iter()
            .map(|(tp, spec)| (tp.clone(), spec.raw()))
            .collect();
        let list = native_list(&items)?;
        let mut option_error = None;
        let event = self.run(
            "listing offsets",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTOFFSETS,
            rd::RD_KAFKA_EVENT_LISTOFFSETS_RESULT,
            false,
            |rk, opts, queue| {
                let level = match isolation {
                    IsolationLevel::ReadUncommitted => {
                        rd::rd_kafka_IsolationLevel_t::RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED
                    }
                    IsolationLevel::ReadCommitted => {
                        rd::rd_kafka_IsolationLevel_t::RD_KAFKA_ISOLATION_LEVEL_READ_COMMITTED
                    }
                };
                // SAFETY: the options were created mutable by `run` and are not shared yet; the
                // list outlives the call (librdkafka copies it).
                unsafe {
                    let error =
                        rd::rd_kafka_AdminOptions_set_isolation_level(opts.cast_mut(), level);
                    if !error.is_null() {
                        option_error =
                            Some(owned(rd::rd_kafka_error_string(error)).unwrap_or_default());
                        rd::rd_kafka_error_destroy(error);
                    }
                    rd::rd_kafka_ListOffsets(rk, list.ptr(), opts, queue)
                }
            },
        )?;
        if let Some(message) = option_error {
            bail!("listing offsets: {message}");
        }
        // SAFETY: the event is a ListOffsets result; everything is copied out.
        unsafe {
            let result = rd::rd_kafka_event_ListOffsets_result(event.ptr());
            let mut n = 0;
            let infos = rd::rd_kafka_ListOffsets_result_infos(result, &mut n);
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                if infos.is_null() {
                    break;
                }
                let info = *infos.add(i);
                let elem = read_elem(rd::rd_kafka_ListOffsetsResultInfo_topic_partition(info));
                out.push(ListedOffset {
                    tp: elem.tp,
                    offset: elem.offset,
                    timestamp: rd::rd_kafka_ListOffsetsResultInfo_timestamp(info),
                    leader_epoch: elem.leader_epoch,
                    error: elem.error,
                });
            }
            Ok(out)
        }
    }
}
