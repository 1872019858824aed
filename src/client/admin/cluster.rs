//! Requests about the cluster itself, through the native path: each node's ApiVersions,
//! DescribeCluster's endpoints, UnregisterBroker, and each broker's DescribeLogDirs.

use anyhow::Result;
use kafka_protocol::messages::describe_log_dirs_response::DescribeLogDirsResult;
use kafka_protocol::messages::{
    ApiVersionsRequest, DescribeClusterRequest, DescribeLogDirsRequest, UnregisterBrokerRequest,
};
use kafka_protocol::protocol::StrBytes;

use crate::client::native::messages::UnregisterControllerRequest;
use crate::client::native::{broker_id, exception_name, Native, Node, Target};

/// One API as a node announced it: key, oldest and newest version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ApiRange {
    /// The API key.
    pub(crate) key: i16,
    /// The oldest version the node knows.
    pub(crate) min: i16,
    /// The newest version the node knows.
    pub(crate) max: i16,
}

/// Each node's API versions (brokers, or controllers with `--bootstrap-controller`): an
/// ApiVersions request to every node at once; one node's failure is its own entry.
pub(crate) async fn api_versions_of_each(
    native: &Native,
) -> Result<Vec<(Node, Result<Vec<ApiRange>>)>> {
    let answers = native
        .send_each::<ApiVersionsRequest, _>(None, 0, |_| {
            ApiVersionsRequest::default()
                .with_client_software_name(StrBytes::from_static_str("kafka-tools"))
                .with_client_software_version(StrBytes::from_static_str(env!("CARGO_PKG_VERSION")))
        })
        .await?;
    Ok(answers
        .into_iter()
        .map(|(node, answer)| {
            let ranges = answer.and_then(|(response, _)| {
                if response.error_code != 0 {
                    return Err(anyhow::anyhow!(java_exception(response.error_code, None)));
                }
                Ok(response
                    .api_keys
                    .iter()
                    .map(|k| ApiRange {
                        key: k.api_key,
                        min: k.min_version,
                        max: k.max_version,
                    })
                    .collect())
            });
            (node, ranges)
        })
        .collect())
}

/// An endpoint DescribeCluster lists: a broker, or a controller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// Broker or controller id.
    pub(crate) id: i32,
    /// Host name.
    pub(crate) host: String,
    /// Port.
    pub(crate) port: i32,
    /// Rack, if any.
    pub(crate) rack: Option<String>,
    /// Whether the broker is fenced (controllers: false).
    pub(crate) fenced: bool,
}

/// The brokers (with `include_fenced`, fenced ones too, DescribeCluster v2) or, with
/// `--bootstrap-controller`, the controllers, in the order the cluster lists them.
pub(crate) async fn describe_endpoints(
    native: &Native,
    include_fenced: bool,
) -> Result<Vec<Endpoint>> {
    let controllers = native.to_controllers();
    let floor = if include_fenced { 2 } else { 0 };
    let (response, _) = native
        .call::<DescribeClusterRequest, _, _>(
            &Target::Any,
            floor,
            |v| {
                let r = DescribeClusterRequest::default();
                let r = if v >= 1 {
                    r.with_endpoint_type(if controllers { 2 } else { 1 })
                } else {
                    r
                };
                if v >= 2 {
                    r.with_include_fenced_brokers(include_fenced)
                } else {
                    r
                }
            },
            |r| r.error_code,
        )
        .await?;
    if response.error_code != 0 {
        anyhow::bail!(
            "{}",
            java_exception(
                response.error_code,
                response.error_message.as_ref().map(|m| m.as_str())
            )
        );
    }
    Ok(response
        .brokers
        .iter()
        .map(|b| Endpoint {
            id: b.broker_id.0,
            host: b.host.to_string(),
            port: b.port,
            rack: b.rack.as_ref().map(|r| r.to_string()),
            fenced: b.is_fenced,
        })
        .collect())
}

/// Which kind of node [`unregister`] removes the registration of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Member {
    /// UnregisterBroker (Kafka 3.x).
    Broker,
    /// UnregisterController (Kafka 4.4).
    Controller,
}

/// Why an unregistration did not happen.
#[derive(Debug)]
pub(crate) enum UnregisterFailure {
    /// The cluster has no such API (Java prints a line and exits 0).
    Unsupported,
    /// The cluster refused: Java's exception text.
    Refused(String),
}

/// Removes the registration of broker or controller `id` (to the active controller with
/// `--bootstrap-controller`, else to any broker, which forwards it).
pub(crate) async fn unregister(
    native: &Native,
    member: Member,
    id: i32,
) -> Result<std::result::Result<(), UnregisterFailure>> {
    let supported = match member {
        Member::Broker => native.supports::<UnregisterBrokerRequest>().await?,
        Member::Controller => native.supports::<UnregisterControllerRequest>().await?,
    };
    if !supported {
        return Ok(Err(UnregisterFailure::Unsupported));
    }
    let target = if native.to_controllers() {
        Target::Controller
    } else {
        Target::Any
    };
    let (code, message) = match member {
        Member::Broker => {
            let (r, _) = native
                .call::<UnregisterBrokerRequest, _, _>(
                    &target,
                    0,
                    |_| UnregisterBrokerRequest::default().with_broker_id(broker_id(id)),
                    |r| r.error_code,
                )
                .await?;
            (r.error_code, r.error_message)
        }
        Member::Controller => {
            let (r, _) = native
                .call::<UnregisterControllerRequest, _, _>(
                    &target,
                    0,
                    |_| UnregisterControllerRequest { controller_id: id },
                    |r| r.error_code,
                )
                .await?;
            (r.error_code, r.error_message)
        }
    };
    Ok(match code {
        0 => Ok(()),
        35 => Err(UnregisterFailure::Unsupported),
        code => Err(UnregisterFailure::Refused(java_exception(
            code,
            message.as_ref().map(|m| m.as_str()),
        ))),
    })
}

/// One log directory of a broker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LogDir {
    /// Its path.
    pub(crate) path: String,
    /// Java's exception class for its error (`org.apache.kafka.common.errors.…`), if any.
    pub(crate) error: Option<String>,
    /// Its replicas, in the response's order.
    pub(crate) replicas: Vec<Replica>,
}

/// One replica in a log directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Replica {
    /// Topic name.
    pub(crate) topic: String,
    /// Partition.
    pub(crate) partition: i32,
    /// Size in bytes.
    pub(crate) size: i64,
    /// How far the replica is behind the log end (future replicas), else 0.
    pub(crate) offset_lag: i64,
    /// Whether it is a future replica (being moved here).
    pub(crate) is_future: bool,
}

/// Each of `brokers`' log directories (DescribeLogDirs of every topic, to each broker at once),
/// in the order given. A broker's failure is its own entry, as Java's text for it.
pub(crate) async fn describe_log_dirs(
    native: &Native,
    brokers: &[i32],
) -> Result<Vec<(i32, Result<Vec<LogDir>>)>> {
    let answers = native
        .send_each::<DescribeLogDirsRequest, _>(Some(brokers), 0, |_| {
            DescribeLogDirsRequest::default().with_topics(None)
        })
        .await?;
    Ok(answers
        .into_iter()
        .map(|(node, answer)| {
            let dirs = answer.and_then(|(response, _)| {
                if response.error_code != 0 {
                    anyhow::bail!("{}", java_exception(response.error_code, None));
                }
                Ok(response.results.iter().map(log_dir).collect())
            });
            (node.id, dirs)
        })
        .collect())
}

fn log_dir(result: &DescribeLogDirsResult) -> LogDir {
    LogDir {
        path: result.log_dir.to_string(),
        error: (result.error_code != 0).then(|| java_class(result.error_code)),
        replicas: result
            .topics
            .iter()
            .flat_map(|t| {
                t.partitions.iter().map(|p| Replica {
                    topic: t.name.0.to_string(),
                    partition: p.partition_index,
                    size: p.partition_size,
                    offset_lag: p.offset_lag,
                    is_future: p.is_future_key,
                })
            })
            .collect(),
    }
}

/// Java's exception class name for a broker error code, with its package.
pub(crate) fn java_class(code: i16) -> String {
    let name = match code {
        56 => "KafkaStorageException".to_string(),
        _ => exception_name(code),
    };
    format!("org.apache.kafka.common.errors.{name}")
}

/// Java's `exception.toString()` for a broker error: class, then the broker's message.
pub(crate) fn java_exception(code: i16, message: Option<&str>) -> String {
    format!("{}: {}", java_class(code), message.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broker_errors_read_as_javas_exceptions() {
        assert_eq!(
            java_exception(102, Some("Broker ID 77 is not currently registered")),
            "org.apache.kafka.common.errors.BrokerIdNotRegisteredException: Broker ID 77 is not currently registered"
        );
        assert_eq!(
            java_class(56),
            "org.apache.kafka.common.errors.KafkaStorageException"
        );
    }
}
