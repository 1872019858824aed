//! Transactions and producer state through the native path (librdkafka has none of these admin
//! calls): ListTransactions on every broker, DescribeTransactions at a transaction coordinator,
//! DescribeProducers at a partition's leader (or one broker), WriteTxnMarkers to abort a
//! partition's open transaction, and InitProducerId to fence a transactional id.
//!
//! Failures the broker reports for one key (a transactional id, a partition) come back as
//! [`TxnError`]s with the text Java's admin client gives them; failures of the call itself
//! (unreachable cluster, timeout) are errors.

use std::fmt;

use anyhow::Result;
use kafka_protocol::messages::describe_producers_request::TopicRequest;
use kafka_protocol::messages::write_txn_markers_request::{
    WritableTxnMarker, WritableTxnMarkerTopic,
};
use kafka_protocol::messages::{
    DescribeProducersRequest, DescribeTransactionsRequest, InitProducerIdRequest,
    ListTransactionsRequest, ProducerId, TopicName, TransactionalId, WriteTxnMarkersRequest,
};
use kafka_protocol::protocol::StrBytes;

use super::partitions::TopicPartition;
use crate::client::native::{error_text, Native, Target};

/// Java's `request.timeout.ms` default, which its admin client gives InitProducerId as the
/// transaction timeout of a fenced transactional id.
const FENCE_TXN_TIMEOUT_MS: i32 = 30_000;

/// A failure the broker reported for one transactional id or partition: the code and Java's
/// text for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TxnError {
    /// The broker error code.
    pub(crate) code: i16,
    /// What Java's admin client says (its exception message).
    pub(crate) message: String,
}

impl fmt::Display for TxnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TxnError {}

/// One transaction as ListTransactions lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TxnListing {
    /// The transactional id.
    pub(crate) transactional_id: String,
    /// The producer id.
    pub(crate) producer_id: i64,
    /// The state (`Ongoing`, `Empty`, ...).
    pub(crate) state: String,
}

/// What to list (ListTransactions' filters; empty or `None` is no filter).
#[derive(Debug, Clone, Default)]
pub(crate) struct ListFilter {
    /// Only these producer ids.
    pub(crate) producer_ids: Vec<i64>,
    /// Only transactions running longer than this many ms (v1; negative: no filter).
    pub(crate) duration_ms: Option<i64>,
    /// Only transactional ids matching this regular expression (v2).
    pub(crate) pattern: Option<String>,
}

/// A transactional id's state, as its coordinator describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TxnDescription {
    /// The coordinator that answered.
    pub(crate) coordinator_id: i32,
    /// The state (`Ongoing`, `Empty`, ...).
    pub(crate) state: String,
    /// The producer id.
    pub(crate) producer_id: i64,
    /// The producer epoch.
    pub(crate) producer_epoch: i16,
    /// The transaction timeout.
    pub(crate) timeout_ms: i32,
    /// When the ongoing transaction started, if one is.
    pub(crate) start_time_ms: Option<i64>,
    /// The partitions in the transaction, in the broker's order.
    pub(crate) partitions: Vec<TopicPartition>,
}

/// One active producer of a partition, as DescribeProducers gives it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct ProducerState {
    /// The producer id.
    pub(crate) producer_id: i64,
    /// The producer epoch.
    pub(crate) producer_epoch: i32,
    /// The coordinator epoch of the last transaction marker, `None` for none (-1).
    pub(crate) coordinator_epoch: Option<i32>,
    /// The last sequence number written.
    pub(crate) last_sequence: i32,
    /// The timestamp of the last write.
    pub(crate) last_timestamp: i64,
    /// The first offset of the open transaction, `None` when none is open.
    pub(crate) current_txn_start_offset: Option<i64>,
}

/// Where DescribeProducers asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProducersAt {
    /// Each partition's leader.
    Leader,
    /// One broker (a replica), by id.
    Broker(i32),
}

/// Lists the transactions every broker coordinates (ListTransactions to each broker at once).
/// Returns each broker's id and listings in broker id order; fails with Java's message when a
/// broker refuses.
pub(crate) async fn list_transactions(
    native: &Native,
    filter: &ListFilter,
) -> Result<Vec<(i32, Vec<TxnListing>)>> {
    let floor = if filter.pattern.is_some() {
        2
    } else if filter.duration_ms.is_some_and(|d| d >= 0) {
        1
    } else {
        0
    };
    let producer_ids = filter.producer_ids.clone();
    let duration = filter.duration_ms.unwrap_or(-1);
    let pattern = filter.pattern.clone();
    let answers = native
        .send_each::<ListTransactionsRequest, _>(None, floor, move |_| {
            ListTransactionsRequest::default()
                .with_producer_id_filters(producer_ids.iter().map(|p| ProducerId(*p)).collect())
                .with_duration_filter(duration)
                .with_transactional_id_pattern(pattern.as_deref().map(s))
        })
        .await?;
    let mut out = Vec::with_capacity(answers.len());
    for (node, answer) in answers {
        let (response, _) = answer?;
        if response.error_code != 0 {
            let message = match response.error_code {
                // COORDINATOR_NOT_AVAILABLE
                15 => format!(
                    "ListTransactions request sent to broker {} failed because the coordinator \
                     is shutting down",
                    node.id
                ),
                _ => format!(
                    "ListTransactions request sent to broker {} failed with an unexpected \
                     exception",
                    node.id
                ),
            };
            return Err(anyhow::Error::new(TxnError {
                code: response.error_code,
                message,
            }));
        }
        let listings = response
            .transaction_states
            .into_iter()
            .map(|t| TxnListing {
                transactional_id: t.transactional_id.0.to_string(),
                producer_id: t.producer_id.0,
                state: t.transaction_state.to_string(),
            })
            .collect();
        out.push((node.id, listings));
    }
    Ok(out)
}

/// Describes one transactional id at its coordinator.
pub(crate) async fn describe_transaction(
    native: &Native,
    transactional_id: &str,
) -> Result<std::result::Result<TxnDescription, TxnError>> {
    let target = Target::Coordinator(1, transactional_id.to_string());
    let id = transactional_id.to_string();
    let (response, _) = native
        .call::<DescribeTransactionsRequest, _, _>(
            &target,
            0,
            |_| {
                DescribeTransactionsRequest::default()
                    .with_transactional_ids(vec![TransactionalId(s(&id))])
            },
            |r| r.transaction_states.first().map_or(0, |t| t.error_code),
        )
        .await?;
    let coordinator_id = native.coordinator_id(1, transactional_id).await?;
    let Some(state) = response
        .transaction_states
        .into_iter()
        .find(|t| t.transactional_id.0.as_str() == transactional_id)
    else {
        anyhow::bail!(
            "DescribeTransactions answered nothing for transactionalId `{transactional_id}`"
        );
    };
    if state.error_code != 0 {
        let what = match state.error_code {
            // TRANSACTIONAL_ID_AUTHORIZATION_FAILED
            53 => "failed due to authorization failure",
            // TRANSACTIONAL_ID_NOT_FOUND
            105 => "failed because the ID could not be found",
            _ => "failed due to unexpected error",
        };
        return Ok(Err(TxnError {
            code: state.error_code,
            message: format!(
                "DescribeTransactions request for transactionalId `{transactional_id}` {what}"
            ),
        }));
    }
    Ok(Ok(TxnDescription {
        coordinator_id,
        state: state.transaction_state.to_string(),
        producer_id: state.producer_id.0,
        producer_epoch: state.producer_epoch,
        timeout_ms: state.transaction_timeout_ms,
        start_time_ms: Some(state.transaction_start_time_ms).filter(|t| *t >= 0),
        partitions: state
            .topics
            .iter()
            .flat_map(|t| {
                t.partitions
                    .iter()
                    .map(|p| TopicPartition::new(t.topic.0.to_string(), *p))
            })
            .collect(),
    }))
}

/// The active producers of each of `partitions`, asked of each partition's leader or of one
/// broker (all partitions in one request). Returns the partitions in the order given.
pub(crate) async fn describe_producers(
    native: &Native,
    at: ProducersAt,
    partitions: &[TopicPartition],
) -> Result<
    Vec<(
        TopicPartition,
        std::result::Result<Vec<ProducerState>, TxnError>,
    )>,
> {
    let mut out = Vec::with_capacity(partitions.len());
    match at {
        ProducersAt::Leader => {
            for tp in partitions {
                let target = Target::Leader(tp.topic.clone(), tp.partition);
                let mut answer =
                    producers_request(native, &target, at, std::slice::from_ref(tp)).await?;
                out.push(answer.pop().map_or_else(
                    || (tp.clone(), Err(missing(tp))),
                    |(_, result)| (tp.clone(), result),
                ));
            }
        }
        ProducersAt::Broker(id) => {
            let answers = producers_request(native, &Target::Node(id), at, partitions).await?;
            for tp in partitions {
                let result = answers
                    .iter()
                    .find(|(p, _)| p == tp)
                    .map_or_else(|| Err(missing(tp)), |(_, r)| r.clone());
                out.push((tp.clone(), result));
            }
        }
    }
    Ok(out)
}

fn missing(tp: &TopicPartition) -> TxnError {
    TxnError {
        code: -1,
        message: format!("DescribeProducers answered nothing for partition {tp}"),
    }
}

/// One DescribeProducers request to `target` for `partitions`.
async fn producers_request(
    native: &Native,
    target: &Target,
    at: ProducersAt,
    partitions: &[TopicPartition],
) -> Result<
    Vec<(
        TopicPartition,
        std::result::Result<Vec<ProducerState>, TxnError>,
    )>,
> {
    let mut topics: Vec<(String, Vec<i32>)> = Vec::new();
    for tp in partitions {
        match topics.iter_mut().find(|(t, _)| *t == tp.topic) {
            Some((_, ps)) => ps.push(tp.partition),
            None => topics.push((tp.topic.clone(), vec![tp.partition])),
        }
    }
    let (response, _) = native
        .send::<DescribeProducersRequest, _>(target, 0, |_| {
            DescribeProducersRequest::default().with_topics(
                topics
                    .iter()
                    .map(|(t, ps)| {
                        TopicRequest::default()
                            .with_name(TopicName(s(t)))
                            .with_partition_indexes(ps.clone())
                    })
                    .collect(),
            )
        })
        .await?;
    let mut out = Vec::new();
    for topic in response.topics {
        for p in topic.partitions {
            let tp = TopicPartition::new(topic.name.0.to_string(), p.partition_index);
            if p.error_code != 0 {
                let message = producers_error(&tp, at, p.error_code);
                out.push((
                    tp,
                    Err(TxnError {
                        code: p.error_code,
                        message,
                    }),
                ));
                continue;
            }
            let producers = p
                .active_producers
                .into_iter()
                .map(|a| ProducerState {
                    producer_id: a.producer_id.0,
                    producer_epoch: a.producer_epoch,
                    coordinator_epoch: Some(a.coordinator_epoch).filter(|e| *e >= 0),
                    last_sequence: a.last_sequence,
                    last_timestamp: a.last_timestamp,
                    current_txn_start_offset: Some(a.current_txn_start_offset).filter(|o| *o >= 0),
                })
                .collect();
            out.push((tp, Ok(producers)));
        }
    }
    Ok(out)
}

/// Java's text for a DescribeProducers partition error (Java's own words: it drops the broker's
/// message).
fn producers_error(tp: &TopicPartition, at: ProducersAt, code: i16) -> String {
    match (code, at) {
        // NOT_LEADER_OR_FOLLOWER from the broker the user named
        (6, ProducersAt::Broker(id)) => {
            format!("Failed to describe active producers for partition {tp} on brokerId {id}")
        }
        // INVALID_TOPIC_EXCEPTION
        (17, _) => format!(
            "Failed to fetch metadata for partition {tp} due to invalid topic error: {}",
            tp.topic
        ),
        // TOPIC_AUTHORIZATION_FAILED
        (29, _) => format!(
            "Failed to describe active producers for partition {tp} due to authorization \
             failure on topic `{}`",
            tp.topic
        ),
        _ => format!(
            "Failed to describe active producers for partition {tp} due to unexpected error"
        ),
    }
}

/// What identifies the transaction to abort on one partition (Java's `AbortTransactionSpec`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AbortSpec {
    /// The partition.
    pub(crate) partition: TopicPartition,
    /// The producer id of the open transaction.
    pub(crate) producer_id: i64,
    /// Its producer epoch.
    pub(crate) producer_epoch: i16,
    /// The coordinator epoch to write the marker with.
    pub(crate) coordinator_epoch: i32,
}

impl fmt::Display for AbortSpec {
    /// Java's `AbortTransactionSpec.toString`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "AbortTransactionSpec(topicPartition={}, producerId={}, producerEpoch={}, \
             coordinatorEpoch={})",
            self.partition, self.producer_id, self.producer_epoch, self.coordinator_epoch
        )
    }
}

/// Aborts the open transaction `spec` names on its partition: an abort marker written by the
/// partition's leader (WriteTxnMarkers, as a transaction coordinator would send it).
pub(crate) async fn abort_transaction(
    native: &Native,
    spec: &AbortSpec,
) -> Result<std::result::Result<(), TxnError>> {
    let target = Target::Leader(spec.partition.topic.clone(), spec.partition.partition);
    let (response, _) = native
        .call::<WriteTxnMarkersRequest, _, _>(
            &target,
            0,
            |_| {
                WriteTxnMarkersRequest::default().with_markers(vec![WritableTxnMarker::default()
                    .with_producer_id(ProducerId(spec.producer_id))
                    .with_producer_epoch(spec.producer_epoch)
                    .with_transaction_result(false)
                    .with_coordinator_epoch(spec.coordinator_epoch)
                    .with_topics(vec![WritableTxnMarkerTopic::default()
                        .with_name(TopicName(s(&spec.partition.topic)))
                        .with_partition_indexes(vec![spec.partition.partition])])])
            },
            |r| {
                r.markers
                    .first()
                    .and_then(|m| m.topics.first())
                    .and_then(|t| t.partitions.first())
                    .map_or(0, |p| p.error_code)
            },
        )
        .await?;
    let code = response
        .markers
        .iter()
        .flat_map(|m| m.topics.iter())
        .flat_map(|t| t.partitions.iter())
        .find(|p| p.partition_index == spec.partition.partition)
        .map(|p| p.error_code);
    let Some(code) = code else {
        return Ok(Err(TxnError {
            code: -1,
            message: format!(
                "WriteTxnMarkers response included unexpected marker entries: \
                 (expected to find exactly one entry with producerId {})",
                spec.producer_id
            ),
        }));
    };
    if code == 0 {
        return Ok(Ok(()));
    }
    let message = match code {
        // CLUSTER_AUTHORIZATION_FAILED
        31 => {
            format!("WriteTxnMarkers request with {spec} failed due to cluster authorization error")
        }
        // INVALID_PRODUCER_EPOCH, PRODUCER_FENCED
        47 | 90 => {
            format!("WriteTxnMarkers request with {spec} failed due an invalid producer epoch")
        }
        // TRANSACTION_COORDINATOR_FENCED
        52 => format!(
            "WriteTxnMarkers request with {spec} failed since the provided coordinator epoch {} \
             has been fenced by the active coordinator",
            spec.coordinator_epoch
        ),
        _ => format!(
            "WriteTxnMarkers request with {spec} failed due to unexpected error: {}",
            error_text(code, None)
        ),
    };
    Ok(Err(TxnError { code, message }))
}

/// Fences `transactional_id` at its coordinator (InitProducerId, as Java's
/// `forceTerminateTransaction`): an ongoing transaction of the current producer is aborted.
pub(crate) async fn force_terminate(
    native: &Native,
    transactional_id: &str,
) -> Result<std::result::Result<(), TxnError>> {
    let target = Target::Coordinator(1, transactional_id.to_string());
    let id = transactional_id.to_string();
    let (response, _) = native
        .call::<InitProducerIdRequest, _, _>(
            &target,
            0,
            |_| {
                InitProducerIdRequest::default()
                    .with_transactional_id(Some(TransactionalId(s(&id))))
                    .with_transaction_timeout_ms(FENCE_TXN_TIMEOUT_MS)
                    .with_producer_id(ProducerId(-1))
                    .with_producer_epoch(-1)
            },
            |r| r.error_code,
        )
        .await?;
    let what = match response.error_code {
        0 => return Ok(Ok(())),
        // CLUSTER_AUTHORIZATION_FAILED
        31 => "failed due to cluster authorization failure",
        // TRANSACTIONAL_ID_AUTHORIZATION_FAILED
        53 => "failed due to transactional ID authorization failure",
        _ => "failed due to unexpected error",
    };
    Ok(Err(TxnError {
        code: response.error_code,
        message: format!("InitProducerId request for transactionalId `{transactional_id}` {what}"),
    }))
}

fn s(text: &str) -> StrBytes {
    StrBytes::from_string(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abort_specs_print_as_java_does() {
        let spec = AbortSpec {
            partition: TopicPartition::new("t", 3),
            producer_id: 42,
            producer_epoch: 1,
            coordinator_epoch: 0,
        };
        assert_eq!(
            spec.to_string(),
            "AbortTransactionSpec(topicPartition=t-3, producerId=42, producerEpoch=1, \
             coordinatorEpoch=0)"
        );
    }

    #[test]
    fn producer_errors_name_the_partition_as_java_does() {
        let tp = TopicPartition::new("t", 0);
        assert_eq!(
            producers_error(&tp, ProducersAt::Broker(2), 6),
            "Failed to describe active producers for partition t-0 on brokerId 2"
        );
        assert_eq!(
            producers_error(&tp, ProducersAt::Leader, 29),
            "Failed to describe active producers for partition t-0 due to authorization failure \
             on topic `t`"
        );
    }
}
