//! The KRaft metadata quorum (DescribeQuorum, AddRaftVoter, RemoveRaftVoter) through the native
//! path: librdkafka has none of these. With `--bootstrap-server` the brokers forward them to
//! the active controller; with `--bootstrap-controller` they go to it directly.

use anyhow::{anyhow, Result};
use base64::Engine;
use kafka_protocol::messages::{
    AddRaftVoterRequest, DescribeQuorumRequest, RemoveRaftVoterRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;

use crate::client::native::{error_text, exception_name, Native, Target};

/// The topic of the cluster metadata log.
const METADATA_TOPIC: &str = "__cluster_metadata";

/// Java's `timeoutMs` of the voter changes (its default api timeout).
const VOTER_TIMEOUT_MS: i32 = 60_000;

/// A broker error as Java's admin client throws it: `<exception class>: <message>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuorumError {
    /// The Kafka error code.
    pub(crate) code: i16,
    /// `org.apache.kafka.common.errors.XxxException: message`.
    pub(crate) text: String,
}

impl std::fmt::Display for QuorumError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for QuorumError {}

/// The error for `code`, with the broker's message if it sent one.
pub(crate) fn broker_error(code: i16, message: Option<&str>) -> anyhow::Error {
    anyhow::Error::new(QuorumError {
        code,
        text: format!(
            "org.apache.kafka.common.errors.{}: {}",
            exception_name(code),
            error_text(code, message)
        ),
    })
}

/// One voter or observer of the quorum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Replica {
    /// Its node id.
    pub(crate) id: i32,
    /// Its metadata directory id (Java's base64 text; all `A`s for none).
    pub(crate) directory_id: String,
    /// Whether the directory id is the zero id (a static quorum, or an older node).
    pub(crate) directory_unknown: bool,
    /// Its log end offset.
    pub(crate) log_end_offset: i64,
    /// Its last fetch (epoch ms), when known.
    pub(crate) last_fetch: Option<i64>,
    /// When it last caught up (epoch ms), when known.
    pub(crate) last_caught_up: Option<i64>,
}

/// What DescribeQuorum says of the metadata partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quorum {
    /// The leader's id.
    pub(crate) leader_id: i32,
    /// The leader's epoch.
    pub(crate) leader_epoch: i32,
    /// The high watermark.
    pub(crate) high_watermark: i64,
    /// The voters, in the answer's order.
    pub(crate) voters: Vec<Replica>,
    /// The observers, in the answer's order.
    pub(crate) observers: Vec<Replica>,
    /// Each node's endpoints (`LISTENER://host:port`), for the nodes the answer lists (v2+).
    pub(crate) endpoints: Vec<(i32, Vec<String>)>,
}

/// A listener of a controller: name, host, port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// The listener name.
    pub(crate) name: String,
    /// The host.
    pub(crate) host: String,
    /// The port.
    pub(crate) port: u16,
}

impl std::fmt::Display for Endpoint {
    /// Java's `RaftVoterEndpoint.toString`: `NAME://host:port`, an IPv6 host in brackets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.contains(':') {
            write!(f, "{}://[{}]:{}", self.name, self.host, self.port)
        } else {
            write!(f, "{}://{}:{}", self.name, self.host, self.port)
        }
    }
}

/// Java's text of a UUID (`Uuid.toString`): 22 characters of URL-safe base64.
pub(crate) fn uuid_text(id: &uuid::Uuid) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id.as_bytes())
}

/// Java's `Uuid.fromString`, with its messages.
pub(crate) fn parse_uuid(text: &str) -> Result<uuid::Uuid> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let bytes = engine.decode(text).map_err(|e| match e {
        base64::DecodeError::InvalidByte(_, b) => {
            anyhow!("Illegal base64 character {b:x}")
        }
        _ => anyhow!("Last unit does not have enough valid bits"),
    })?;
    let array: [u8; 16] = bytes.as_slice().try_into().map_err(|_| {
        anyhow!(
            "Input string `{text}` decoded as {} bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID",
            bytes.len()
        )
    })?;
    Ok(uuid::Uuid::from_bytes(array))
}

/// Describes the metadata quorum (DescribeQuorum to the active controller).
pub(crate) async fn describe_quorum(native: &Native) -> Result<Quorum> {
    use kafka_protocol::messages::describe_quorum_request::{PartitionData, TopicData};
    let build = |_| {
        DescribeQuorumRequest::default().with_topics(vec![TopicData::default()
            .with_topic_name(TopicName(StrBytes::from_static_str(METADATA_TOPIC)))
            .with_partitions(vec![PartitionData::default().with_partition_index(0)])])
    };
    let (response, _) = native
        .call::<DescribeQuorumRequest, _, _>(&Target::Controller, 0, build, |r| {
            if r.error_code != 0 {
                r.error_code
            } else {
                r.topics
                    .first()
                    .and_then(|t| t.partitions.first())
                    .map_or(0, |p| p.error_code)
            }
        })
        .await?;
    if response.error_code != 0 {
        return Err(broker_error(
            response.error_code,
            response.error_message.as_deref(),
        ));
    }
    let partition = response
        .topics
        .iter()
        .find(|t| t.topic_name.0.as_str() == METADATA_TOPIC)
        .and_then(|t| t.partitions.iter().find(|p| p.partition_index == 0))
        .ok_or_else(|| {
            anyhow!(
                "The response from the server did not include the partition of {METADATA_TOPIC}"
            )
        })?;
    if partition.error_code != 0 {
        return Err(broker_error(
            partition.error_code,
            partition.error_message.as_deref(),
        ));
    }
    let replica = |r: &kafka_protocol::messages::describe_quorum_response::ReplicaState| Replica {
        id: r.replica_id.0,
        directory_id: uuid_text(&r.replica_directory_id),
        directory_unknown: r.replica_directory_id.is_nil(),
        log_end_offset: r.log_end_offset,
        last_fetch: Some(r.last_fetch_timestamp).filter(|t| *t != -1),
        last_caught_up: Some(r.last_caught_up_timestamp).filter(|t| *t != -1),
    };
    Ok(Quorum {
        leader_id: partition.leader_id.0,
        leader_epoch: partition.leader_epoch,
        high_watermark: partition.high_watermark,
        voters: partition.current_voters.iter().map(replica).collect(),
        observers: partition.observers.iter().map(replica).collect(),
        endpoints: response
            .nodes
            .iter()
            .map(|n| {
                (
                    n.node_id.0,
                    n.listeners
                        .iter()
                        .map(|l| {
                            Endpoint {
                                name: l.name.to_string(),
                                host: l.host.to_string(),
                                port: l.port,
                            }
                            .to_string()
                        })
                        .collect(),
                )
            })
            .collect(),
    })
}

/// Adds a controller to the quorum (AddRaftVoter).
pub(crate) async fn add_raft_voter(
    native: &Native,
    id: i32,
    directory_id: uuid::Uuid,
    endpoints: &[Endpoint],
) -> Result<()> {
    use kafka_protocol::messages::add_raft_voter_request::Listener;
    let build = |_| {
        AddRaftVoterRequest::default()
            .with_cluster_id(None)
            .with_timeout_ms(VOTER_TIMEOUT_MS)
            .with_voter_id(id)
            .with_voter_directory_id(directory_id)
            .with_listeners(
                endpoints
                    .iter()
                    .map(|e| {
                        Listener::default()
                            .with_name(StrBytes::from_string(e.name.clone()))
                            .with_host(StrBytes::from_string(e.host.clone()))
                            .with_port(e.port)
                    })
                    .collect(),
            )
    };
    let (response, _) = native
        .call::<AddRaftVoterRequest, _, _>(&Target::Controller, 0, build, |r| r.error_code)
        .await?;
    match response.error_code {
        0 => Ok(()),
        code => Err(broker_error(code, response.error_message.as_deref())),
    }
}

/// Removes a controller from the quorum (RemoveRaftVoter).
pub(crate) async fn remove_raft_voter(
    native: &Native,
    id: i32,
    directory_id: uuid::Uuid,
) -> Result<()> {
    let build = |_| {
        RemoveRaftVoterRequest::default()
            .with_cluster_id(None)
            .with_voter_id(id)
            .with_voter_directory_id(directory_id)
    };
    let (response, _) = native
        .call::<RemoveRaftVoterRequest, _, _>(&Target::Controller, 0, build, |r| r.error_code)
        .await?;
    match response.error_code {
        0 => Ok(()),
        code => Err(broker_error(code, response.error_message.as_deref())),
    }
}
