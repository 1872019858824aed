//! `kafka-broker-api-versions`: the API versions each broker supports (Java's
//! BrokerApiVersionsCommand): an ApiVersions request to every broker at once, printed as Java's
//! `NodeApiVersions.toString(true)` does. `kafka-cluster api-versions` prints the same listing.

use std::io::{self, Write};

use anyhow::Result;
use clap::Parser;
use serde::Serialize;

use crate::client::admin::cluster::{api_versions_of_each, ApiRange};
use crate::client::native::{Native, Node};
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::java::{hash_order_by, string_hash, JavaMap};
use crate::output::{Format, OutputArgs, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "The API versions of every broker, and the version this client uses of each",
        "kafka-broker-api-versions --bootstrap-server localhost:9092",
    ),
    (
        "The same as one JSON document",
        "kafka-broker-api-versions --bootstrap-server localhost:9092 --output json",
    ),
];

/// Retrieve the API versions each broker of the cluster supports.
#[derive(Parser, Debug)]
#[command(name = "kafka-broker-api-versions", version)]
pub struct BrokerApiVersionsArgs {
    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Java 4.4's `ApiKeys`: id, name, and whether a broker listener serves it (`clientApis()`:
/// the APIs a node that lacks them is printed `UNSUPPORTED` for).
const JAVA_APIS: &[(i16, &str, bool)] = &[
    (0, "Produce", true),
    (1, "Fetch", true),
    (2, "ListOffsets", true),
    (3, "Metadata", true),
    (4, "LeaderAndIsr", false),
    (5, "StopReplica", false),
    (6, "UpdateMetadata", false),
    (7, "ControlledShutdown", false),
    (8, "OffsetCommit", true),
    (9, "OffsetFetch", true),
    (10, "FindCoordinator", true),
    (11, "JoinGroup", true),
    (12, "Heartbeat", true),
    (13, "LeaveGroup", true),
    (14, "SyncGroup", true),
    (15, "DescribeGroups", true),
    (16, "ListGroups", true),
    (17, "SaslHandshake", true),
    (18, "ApiVersions", true),
    (19, "CreateTopics", true),
    (20, "DeleteTopics", true),
    (21, "DeleteRecords", true),
    (22, "InitProducerId", true),
    (23, "OffsetForLeaderEpoch", true),
    (24, "AddPartitionsToTxn", true),
    (25, "AddOffsetsToTxn", true),
    (26, "EndTxn", true),
    (27, "WriteTxnMarkers", true),
    (28, "TxnOffsetCommit", true),
    (29, "DescribeAcls", true),
    (30, "CreateAcls", true),
    (31, "DeleteAcls", true),
    (32, "DescribeConfigs", true),
    (33, "AlterConfigs", true),
    (34, "AlterReplicaLogDirs", true),
    (35, "DescribeLogDirs", true),
    (36, "SaslAuthenticate", true),
    (37, "CreatePartitions", true),
    (38, "CreateDelegationToken", true),
    (39, "RenewDelegationToken", true),
    (40, "ExpireDelegationToken", true),
    (41, "DescribeDelegationToken", true),
    (42, "DeleteGroups", true),
    (43, "ElectLeaders", true),
    (44, "IncrementalAlterConfigs", true),
    (45, "AlterPartitionReassignments", true),
    (46, "ListPartitionReassignments", true),
    (47, "OffsetDelete", true),
    (48, "DescribeClientQuotas", true),
    (49, "AlterClientQuotas", true),
    (50, "DescribeUserScramCredentials", true),
    (51, "AlterUserScramCredentials", true),
    (52, "Vote", false),
    (53, "BeginQuorumEpoch", false),
    (54, "EndQuorumEpoch", false),
    (55, "DescribeQuorum", true),
    (56, "AlterPartition", false),
    (57, "UpdateFeatures", true),
    (58, "Envelope", false),
    (59, "FetchSnapshot", false),
    (60, "DescribeCluster", true),
    (61, "DescribeProducers", true),
    (62, "BrokerRegistration", false),
    (63, "BrokerHeartbeat", false),
    (64, "UnregisterBroker", true),
    (65, "DescribeTransactions", true),
    (66, "ListTransactions", true),
    (67, "AllocateProducerIds", false),
    (68, "ConsumerGroupHeartbeat", true),
    (69, "ConsumerGroupDescribe", true),
    (70, "ControllerRegistration", false),
    (71, "GetTelemetrySubscriptions", true),
    (72, "PushTelemetry", true),
    (73, "AssignReplicasToDirs", false),
    (74, "ListConfigResources", true),
    (75, "DescribeTopicPartitions", true),
    (76, "ShareGroupHeartbeat", true),
    (77, "ShareGroupDescribe", true),
    (78, "ShareFetch", true),
    (79, "ShareAcknowledge", true),
    (80, "AddRaftVoter", true),
    (81, "RemoveRaftVoter", true),
    (82, "UpdateRaftVoter", false),
    (83, "InitializeShareGroupState", true),
    (84, "ReadShareGroupState", true),
    (85, "WriteShareGroupState", true),
    (86, "DeleteShareGroupState", true),
    (87, "ReadShareGroupStateSummary", true),
    (88, "StreamsGroupHeartbeat", true),
    (89, "StreamsGroupDescribe", true),
    (90, "DescribeShareGroupOffsets", true),
    (91, "AlterShareGroupOffsets", true),
    (92, "DeleteShareGroupOffsets", true),
    (93, "StreamsGroupTopologyDescriptionUpdate", true),
    (94, "UnregisterController", true),
];

/// How this client stands to one API of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    /// Both know a common version (`usable`).
    Usable,
    /// The node's oldest version is newer than ours.
    NodeTooNew,
    /// The node's newest version is older than ours.
    NodeTooOld,
    /// The node does not announce it (a broker API: Java prints `UNSUPPORTED`).
    Unsupported,
    /// The node announces it, and our protocol codec does not know it.
    UnknownToThisClient,
}

/// One API line.
#[derive(Debug, Clone, Serialize)]
struct ApiLine {
    key: i16,
    /// Java's name, or `UNKNOWN` for a key Java 4.4 does not know.
    name: String,
    /// The node's oldest version (null when unsupported).
    min: Option<i16>,
    /// The node's newest version (null when unsupported).
    max: Option<i16>,
    /// The version this client would send it at.
    usable: Option<i16>,
    status: Status,
}

impl ApiLine {
    fn text(&self) -> String {
        let name = format!("{}({})", self.name, self.key);
        let (Some(min), Some(max)) = (self.min, self.max) else {
            return format!("{name}: UNSUPPORTED");
        };
        let range = if min == max {
            min.to_string()
        } else {
            format!("{min} to {max}")
        };
        let suffix = match (self.status, self.usable) {
            (Status::Usable, Some(v)) => format!(" [usable: {v}]"),
            (Status::NodeTooNew, _) => " [unusable: node too new]".to_string(),
            (Status::NodeTooOld, _) => " [unusable: node too old]".to_string(),
            _ => String::new(),
        };
        format!("{name}: {range}{suffix}")
    }
}

/// Our codec's versions of `key` (with the versions whose body equals an older one's).
fn ours(key: i16) -> Option<(i16, i16)> {
    let api = kafka_protocol::messages::ApiKey::try_from(key).ok()?;
    let range = api.valid_versions();
    Some((range.min, crate::client::native::our_max(key, range.max)))
}

/// The lines for one node's announced ranges, by key, as Java lists them: every announced
/// API, and `UNSUPPORTED` for each broker API it does not announce.
fn api_lines(ranges: &[ApiRange]) -> Vec<ApiLine> {
    let mut lines: Vec<ApiLine> = ranges
        .iter()
        .map(|r| {
            let java = JAVA_APIS.iter().find(|(k, _, _)| *k == r.key);
            let name = java.map_or("UNKNOWN", |(_, n, _)| n).to_string();
            let (status, usable) = match (java, ours(r.key)) {
                (None, _) | (_, None) => (Status::UnknownToThisClient, None),
                (Some(_), Some((our_min, our_max))) => {
                    if our_max < r.min {
                        (Status::NodeTooNew, None)
                    } else if r.max < our_min {
                        (Status::NodeTooOld, None)
                    } else {
                        (Status::Usable, Some(our_max.min(r.max)))
                    }
                }
            };
            ApiLine {
                key: r.key,
                name,
                min: Some(r.min),
                max: Some(r.max),
                usable,
                status,
            }
        })
        .collect();
    for (key, name, broker_api) in JAVA_APIS {
        if *broker_api && !ranges.iter().any(|r| r.key == *key) {
            lines.push(ApiLine {
                key: *key,
                name: (*name).to_string(),
                min: None,
                max: None,
                usable: None,
                status: Status::Unsupported,
            });
        }
    }
    lines.sort_by_key(|l| l.key);
    lines.dedup_by_key(|l| l.key);
    lines
}

/// One node and its APIs (or why it did not answer).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NodeApis {
    id: i32,
    host: String,
    port: i32,
    rack: Option<String>,
    apis: Vec<ApiLine>,
    /// Why the node did not answer.
    error: Option<String>,
}

impl NodeApis {
    fn new(node: &Node, answer: Result<Vec<ApiRange>>) -> Self {
        let (host, port) = node
            .addr
            .rsplit_once(':')
            .map_or((node.addr.as_str(), 0), |(h, p)| {
                (h, p.parse().unwrap_or(0))
            });
        let (apis, error) = match answer {
            Ok(ranges) => (api_lines(&ranges), None),
            Err(err) => (Vec::new(), Some(format!("{err:#}"))),
        };
        Self {
            id: node.id,
            host: host.to_string(),
            port,
            rack: node.rack.clone(),
            apis,
            error,
        }
    }

    /// Java's `Node.toString()`.
    fn node_text(&self) -> String {
        format!(
            "{}:{} (id: {} rack: {} isFenced: false)",
            self.host,
            self.port,
            self.id,
            self.rack.as_deref().unwrap_or("null")
        )
    }

    /// Java's `Node.hashCode()` (of an unfenced node).
    fn java_hash(&self) -> i32 {
        let mut h = 31i32.wrapping_add(string_hash(&self.host));
        h = h.wrapping_mul(31).wrapping_add(self.id);
        h = h.wrapping_mul(31).wrapping_add(self.port);
        h = h
            .wrapping_mul(31)
            .wrapping_add(self.rack.as_deref().map_or(0, string_hash));
        h.wrapping_mul(31).wrapping_add(1237) // Boolean.hashCode(false)
    }
}

/// Every node's listing.
#[derive(Debug, Serialize)]
pub(crate) struct Listing {
    nodes: Vec<NodeApis>,
}

impl Render for Listing {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for node in &self.nodes {
            match &node.error {
                Some(error) => writeln!(w, "{} -> ERROR: {error}", node.node_text())?,
                None => {
                    let lines: Vec<String> = node.apis.iter().map(ApiLine::text).collect();
                    writeln!(w, "{} -> (\n\t{}\n)", node.node_text(), lines.join(",\n\t"))?
                }
            }
        }
        Ok(())
    }
}

/// The order of the listing: Java's HashMap of nodes (kafka-broker-api-versions), or by id
/// (kafka-cluster api-versions, a TreeMap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeOrder {
    JavaHashMap,
    ById,
}

/// Asks every node (brokers, or the controllers `native` was made for) for its API versions.
pub(crate) async fn listing(native: &Native, order: NodeOrder) -> Result<Listing> {
    let answers = api_versions_of_each(native).await?;
    let nodes: Vec<NodeApis> = answers
        .into_iter()
        .map(|(node, answer)| NodeApis::new(&node, answer))
        .collect();
    let nodes = match order {
        NodeOrder::ById => nodes,
        NodeOrder::JavaHashMap => hash_order_by(nodes, JavaMap::Default, NodeApis::java_hash),
    };
    Ok(Listing { nodes })
}

impl Tool for BrokerApiVersionsArgs {
    const NAME: &'static str = "kafka-broker-api-versions";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        if self.connection.bootstrap_server.is_none() {
            return Err(usage("Missing required argument \"[bootstrap-server]\""));
        }
        let settings = SettingsBuilder::new(&self.connection).build()?;
        let native = Native::new(&settings, ctx.shutdown.clone(), false)?;
        let listing = listing(&native, NodeOrder::JavaHashMap).await?;
        ctx.out.emit(&listing)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(key: i16, min: i16, max: i16) -> ApiRange {
        ApiRange { key, min, max }
    }

    fn text_of(ranges: &[ApiRange]) -> Vec<String> {
        api_lines(ranges).iter().map(ApiLine::text).collect()
    }

    #[test]
    fn lines_are_javas() {
        let lines = text_of(&[
            range(0, 0, 13),
            range(46, 0, 0),
            range(18, 0, 5),
            range(93, 0, 0),
            range(999, 1, 2),
            range(1, 40, 41),
            range(3, 0, 0),
        ]);
        assert_eq!(lines[0], "Produce(0): 0 to 13 [usable: 13]");
        assert_eq!(lines[1], "Fetch(1): 40 to 41 [unusable: node too new]");
        assert_eq!(lines[2], "ListOffsets(2): UNSUPPORTED");
        assert_eq!(lines[3], "Metadata(3): 0 [usable: 0]");
        assert!(lines.contains(&"ApiVersions(18): 0 to 5 [usable: 4]".to_string()));
        assert!(lines.contains(&"ListPartitionReassignments(46): 0 [usable: 0]".to_string()));
        // Known to Java 4.4, not to our codec: no usable column (as Java for keys it lacks).
        assert!(lines.contains(&"StreamsGroupTopologyDescriptionUpdate(93): 0".to_string()));
        assert_eq!(
            lines.last().map(String::as_str),
            Some("UNKNOWN(999): 1 to 2")
        );
        // Controller-only APIs are not listed as unsupported.
        assert!(!lines.iter().any(|l| l.starts_with("Vote(52)")));
        assert!(lines.contains(&"UnregisterController(94): UNSUPPORTED".to_string()));
    }

    #[test]
    fn a_node_prints_as_java_prints_it() {
        let node = Node {
            id: 2,
            addr: "127.0.0.1:19093".into(),
            rack: None,
        };
        let listing = Listing {
            nodes: vec![
                NodeApis::new(&node, Ok(vec![range(18, 0, 4)])),
                NodeApis::new(&node, Err(anyhow::anyhow!("boom"))),
            ],
        };
        let mut out = Vec::new();
        listing.text(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(
            "127.0.0.1:19093 (id: 2 rack: null isFenced: false) -> (\n\tProduce(0): UNSUPPORTED,\n\tFetch(1): UNSUPPORTED,\n"
        ));
        assert!(text.contains("\tApiVersions(18): 0 to 4 [usable: 4],\n"));
        assert!(text.ends_with(
            "\tUnregisterController(94): UNSUPPORTED\n)\n127.0.0.1:19093 (id: 2 rack: null isFenced: false) -> ERROR: boom\n"
        ));
        assert_eq!(
            listing.nodes[0].java_hash(),
            -1064276348,
            "Java's Node.hashCode"
        );
    }

    #[test]
    fn brokers_come_in_javas_hash_map_order() {
        let nodes = (1..=3)
            .map(|id| {
                let node = Node {
                    id,
                    addr: format!("127.0.0.1:{}", 19091 + id),
                    rack: None,
                };
                NodeApis::new(&node, Ok(Vec::new()))
            })
            .collect();
        let ordered = hash_order_by(nodes, JavaMap::Default, NodeApis::java_hash);
        let ids: Vec<i32> = ordered.iter().map(|n| n.id).collect();
        assert_eq!(
            ids,
            [2, 3, 1],
            "as Java 4.4 printed the test bed's three brokers"
        );
    }
}
