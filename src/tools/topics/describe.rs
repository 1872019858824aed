//! `kafka-topics --describe`: the model of what is printed, its filters, and its renderings
//! (Java's text, JSON, a table), plus our per-broker leader-skew summary.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use serde::Serialize;

use crate::client::admin::configs::{ConfigEntry, ConfigSource};
use crate::client::admin::partitions::TopicPartition;
use crate::client::admin::topic_partitions::{Elr, Reassignment};
use crate::client::admin::TopicDescription;
use crate::output::java::{hash_order, JavaMap};
use crate::output::{table_with_header, Render};

/// Which partitions `--describe` reports (Java's four report flags and `--topics-with-overrides`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Filters {
    pub(super) under_replicated: bool,
    pub(super) under_min_isr: bool,
    pub(super) at_min_isr: bool,
    pub(super) unavailable: bool,
    pub(super) with_overrides: bool,
}

impl Filters {
    /// Whether any partition filter is set (then topic header lines are not printed).
    fn any_partition_filter(&self) -> bool {
        self.under_replicated || self.under_min_isr || self.at_min_isr || self.unavailable
    }
}

/// One described partition, as printed.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PartitionView {
    pub(super) topic: String,
    pub(super) partition: i32,
    pub(super) leader: Option<i32>,
    pub(super) replicas: Vec<i32>,
    pub(super) isr: Vec<i32>,
    /// Eligible leader replicas; `None` prints `N/A` (librdkafka does not report them, so the
    /// name-based path prints the empty list, as Java does when the broker has none).
    pub(super) elr: Option<Vec<i32>>,
    pub(super) last_known_elr: Option<Vec<i32>>,
    /// Replicas being added by an ongoing reassignment (`None`: no reassignment).
    pub(super) adding_replicas: Option<Vec<i32>>,
    /// Replicas being removed by an ongoing reassignment.
    pub(super) removing_replicas: Option<Vec<i32>>,
}

/// What the native path adds to librdkafka's description: eligible leader replicas
/// (`None`: the brokers predate DescribeTopicPartitions) and ongoing reassignments.
#[derive(Debug, Default)]
pub(super) struct Extras {
    pub(super) elr: Option<HashMap<TopicPartition, Elr>>,
    pub(super) reassignments: HashMap<TopicPartition, Reassignment>,
}

/// Java's replication factor of a partition: during a reassignment the target set's size.
fn replication_factor(replicas: &[i32], reassignment: Option<&Reassignment>) -> usize {
    match reassignment {
        Some(r)
            if replicas
                .iter()
                .any(|id| r.adding.contains(id) || r.removing.contains(id)) =>
        {
            r.replicas.len().saturating_sub(r.adding.len())
        }
        _ => replicas.len(),
    }
}

/// One described topic, as printed.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TopicView {
    pub(super) name: String,
    pub(super) topic_id: String,
    pub(super) is_internal: bool,
    pub(super) partition_count: usize,
    pub(super) replication_factor: usize,
    /// Non-default configs in Java's printing order; sensitive values are `None`.
    #[serde(serialize_with = "serialize_configs")]
    pub(super) configs: Vec<(String, Option<String>)>,
    /// Whether the header line is printed.
    #[serde(skip)]
    pub(super) show_header: bool,
    /// The partitions that are printed.
    pub(super) partitions: Vec<PartitionView>,
}

fn serialize_configs<S: serde::Serializer>(
    configs: &[(String, Option<String>)],
    s: S,
) -> Result<S::Ok, S::Error> {
    let map: BTreeMap<&str, &Option<String>> =
        configs.iter().map(|(k, v)| (k.as_str(), v)).collect();
    map.serialize(s)
}

/// The whole `--describe` result.
#[derive(Debug, Serialize)]
pub(super) struct Description {
    pub(super) topics: Vec<TopicView>,
}

/// Builds the printed model from the admin results, applying Java's filters and ordering.
///
/// `topics` are in the order the broker answered; `configs` holds each topic's entries (in the
/// broker's order); `live_brokers` are the broker ids in the cluster metadata; `by_id` selects
/// the Metadata-style rendering (`Elr: N/A`) that Java uses for `--topic-id`.
pub(super) fn build(
    topics: Vec<TopicDescription>,
    configs: &BTreeMap<String, Vec<ConfigEntry>>,
    live_brokers: &[i32],
    filters: Filters,
    by_id: bool,
    extras: &Extras,
) -> Description {
    // Java iterates the HashMap returned by describeTopics(...).allTopicNames(), filled (presized)
    // while iterating a copied map of the requested (sorted) names; both orders matter for ties.
    let mut topics = topics;
    topics.sort_by(|a, b| a.name.cmp(&b.name));
    let topics = hash_order(topics, JavaMap::Copied, |t| t.name.as_str());
    let topics = hash_order(topics, JavaMap::Presized, |t| t.name.as_str());
    let mut views = Vec::with_capacity(topics.len());
    for topic in topics {
        let entries = configs.get(&topic.name).cloned().unwrap_or_default();
        // Java's Config keeps entries in a HashMap created with the default capacity.
        let entries = hash_order(entries, JavaMap::Default, |e| e.name.as_str());
        let min_isr = entries
            .iter()
            .find(|e| e.name == "min.insync.replicas")
            .and_then(|e| e.value.as_deref())
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(1);
        let overrides: Vec<(String, Option<String>)> = entries
            .iter()
            .filter(|e| e.source != ConfigSource::DefaultConfig)
            .map(|e| {
                (
                    e.name.clone(),
                    if e.is_sensitive {
                        None
                    } else {
                        e.value.clone()
                    },
                )
            })
            .collect();
        let reassignment_of = |partition: i32| {
            extras
                .reassignments
                .get(&TopicPartition::new(topic.name.clone(), partition))
        };
        let topic_replication_factor = topic.partitions.first().map_or(0, |p| {
            replication_factor(&p.replicas, reassignment_of(p.partition))
        });
        let show_header =
            !filters.any_partition_filter() && (!filters.with_overrides || !overrides.is_empty());
        let partitions = if filters.with_overrides {
            Vec::new()
        } else {
            topic
                .partitions
                .iter()
                .filter(|p| {
                    let has_leader = p.leader.is_some();
                    !filters.any_partition_filter()
                        || (filters.under_replicated
                            && replication_factor(&p.replicas, reassignment_of(p.partition))
                                > p.isr.len())
                        || (filters.unavailable
                            && p.leader.is_none_or(|l| !live_brokers.contains(&l)))
                        || (filters.under_min_isr && (!has_leader || p.isr.len() < min_isr))
                        || (filters.at_min_isr && p.isr.len() == min_isr)
                })
                .map(|p| {
                    let tp = TopicPartition::new(topic.name.clone(), p.partition);
                    let elr = if by_id {
                        None
                    } else {
                        extras.elr.as_ref().and_then(|m| m.get(&tp)).cloned()
                    }
                    .unwrap_or_default();
                    let reassignment = extras.reassignments.get(&tp);
                    PartitionView {
                        topic: topic.name.clone(),
                        partition: p.partition,
                        leader: p.leader,
                        replicas: p.replicas.clone(),
                        isr: p.isr.clone(),
                        elr: elr.elr,
                        last_known_elr: elr.last_known,
                        adding_replicas: reassignment.map(|r| r.adding.clone()),
                        removing_replicas: reassignment.map(|r| r.removing.clone()),
                    }
                })
                .collect()
        };
        if !show_header && partitions.is_empty() {
            continue;
        }
        views.push(TopicView {
            name: topic.name.clone(),
            topic_id: topic.topic_id.clone(),
            is_internal: topic.is_internal,
            partition_count: topic.partitions.len(),
            replication_factor: topic_replication_factor,
            configs: overrides,
            show_header,
            partitions,
        });
    }
    Description { topics: views }
}

fn ids(list: &[i32]) -> String {
    list.iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Kafka's zero UUID in base64url, which Java leaves out of the header.
const ZERO_UUID: &str = "AAAAAAAAAAAAAAAAAAAAAA";

impl Render for Description {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for topic in &self.topics {
            if topic.show_header {
                write!(w, "Topic: {}", topic.name)?;
                if !topic.topic_id.is_empty() && topic.topic_id != ZERO_UUID {
                    write!(w, "\tTopicId: {}", topic.topic_id)?;
                }
                let configs: Vec<String> = topic
                    .configs
                    .iter()
                    .map(|(k, v)| format!("{k}={}", v.as_deref().unwrap_or("null")))
                    .collect();
                writeln!(
                    w,
                    "\tPartitionCount: {}\tReplicationFactor: {}\tConfigs: {}",
                    topic.partition_count,
                    topic.replication_factor,
                    configs.join(",")
                )?;
            }
            for p in &topic.partitions {
                let leader = p
                    .leader
                    .map_or_else(|| "none".to_string(), |l| l.to_string());
                write!(
                    w,
                    "\tTopic: {}\tPartition: {}\tLeader: {leader}\tReplicas: {}\tIsr: {}",
                    p.topic,
                    p.partition,
                    ids(&p.replicas),
                    ids(&p.isr)
                )?;
                if let (Some(adding), Some(removing)) = (&p.adding_replicas, &p.removing_replicas) {
                    write!(
                        w,
                        "\tAdding Replicas: {}\tRemoving Replicas: {}",
                        ids(adding),
                        ids(removing)
                    )?;
                }
                let elr = p.elr.as_deref().map_or_else(|| "N/A".to_string(), ids);
                let last = p
                    .last_known_elr
                    .as_deref()
                    .map_or_else(|| "N/A".to_string(), ids);
                writeln!(w, "\tElr: {elr}\tLastKnownElr: {last}")?;
            }
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR"]);
        for topic in &self.topics {
            for p in &topic.partitions {
                table.add_row([
                    p.topic.clone(),
                    p.partition.to_string(),
                    p.leader.map_or_else(|| "none".into(), |l| l.to_string()),
                    ids(&p.replicas),
                    ids(&p.isr),
                ]);
            }
        }
        Some(table)
    }
}

/// Per-broker leadership, to see leader skew at a glance.
#[derive(Debug, Serialize, PartialEq)]
pub(super) struct BrokerLoad {
    pub(super) broker: i32,
    /// Partitions this broker leads.
    pub(super) leaders: usize,
    /// Partitions whose preferred (first) replica is this broker.
    pub(super) preferred_leaders: usize,
    /// Partitions this broker leads although another broker is their preferred leader.
    pub(super) non_preferred_leaders: usize,
    /// Replicas this broker holds.
    pub(super) replicas: usize,
    /// The percentage of all partitions this broker leads, rounded to one decimal (66.7).
    pub(super) leader_share: f64,
}

/// The `--broker-summary` result.
#[derive(Debug, Serialize)]
pub(super) struct BrokerSummary {
    pub(super) brokers: Vec<BrokerLoad>,
    /// The counts over all partitions (the text form's last line).
    pub(super) summary: PartitionCounts,
}

/// Leadership counts over all summarised partitions.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(super) struct PartitionCounts {
    pub(super) partitions: usize,
    /// Partitions whose leader is not their preferred replica.
    pub(super) not_preferred: usize,
    /// Partitions with no leader.
    pub(super) offline: usize,
}

impl BrokerSummary {
    /// The line printed after the per-broker rows (text and table forms).
    pub(super) fn summary_line(&self) -> String {
        let c = &self.summary;
        format!(
            "{} partitions, {} led by a broker other than their preferred replica, {} without a leader.",
            c.partitions, c.not_preferred, c.offline
        )
    }
}

/// The percentage of `partitions` that `leaders` is, rounded to one decimal (0 without
/// partitions).
fn share(leaders: usize, partitions: usize) -> f64 {
    if partitions == 0 {
        return 0.0;
    }
    (1000.0 * leaders as f64 / partitions as f64).round() / 10.0
}

/// Summarises leaders and replicas per broker over the given topics.
pub(super) fn broker_summary(topics: &[TopicDescription], live_brokers: &[i32]) -> BrokerSummary {
    let partitions: Vec<_> = topics.iter().flat_map(|t| &t.partitions).collect();
    let mut loads: BTreeMap<i32, BrokerLoad> = BTreeMap::new();
    let ids = live_brokers.iter().chain(
        partitions
            .iter()
            .flat_map(|p| p.replicas.iter().chain(p.leader.iter())),
    );
    for &id in ids {
        loads.entry(id).or_insert(BrokerLoad {
            broker: id,
            leaders: 0,
            preferred_leaders: 0,
            non_preferred_leaders: 0,
            replicas: 0,
            leader_share: 0.0,
        });
    }
    let (mut not_preferred, mut offline) = (0, 0);
    for p in &partitions {
        let preferred = p.replicas.first().copied();
        for r in &p.replicas {
            if let Some(load) = loads.get_mut(r) {
                load.replicas += 1;
            }
        }
        if let Some(load) = preferred.and_then(|b| loads.get_mut(&b)) {
            load.preferred_leaders += 1;
        }
        match p.leader {
            None => offline += 1,
            Some(leader) => {
                if let Some(load) = loads.get_mut(&leader) {
                    load.leaders += 1;
                    if Some(leader) != preferred {
                        load.non_preferred_leaders += 1;
                        not_preferred += 1;
                    }
                }
            }
        }
    }
    let total = partitions.len();
    BrokerSummary {
        brokers: loads
            .into_values()
            .map(|load| BrokerLoad {
                leader_share: share(load.leaders, total),
                ..load
            })
            .collect(),
        summary: PartitionCounts {
            partitions: total,
            not_preferred,
            offline,
        },
    }
}

/// The column names of the per-broker rows (text and table forms).
const BROKER_SUMMARY_HEADER: [&str; 6] = [
    "BROKER",
    "LEADERS",
    "PREFERRED-LEADERS",
    "NON-PREFERRED-LEADERS",
    "REPLICAS",
    "LEADER-SHARE",
];

impl BrokerSummary {
    /// The per-broker rows as printed (text and table forms).
    fn rows(&self) -> Vec<[String; 6]> {
        self.brokers
            .iter()
            .map(|b| {
                [
                    b.broker.to_string(),
                    b.leaders.to_string(),
                    b.preferred_leaders.to_string(),
                    b.non_preferred_leaders.to_string(),
                    b.replicas.to_string(),
                    format!("{:.1}%", b.leader_share),
                ]
            })
            .collect()
    }
}

impl Render for BrokerSummary {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let header = BROKER_SUMMARY_HEADER;
        let rows = self.rows();
        let widths: Vec<usize> = (0..header.len())
            .map(|i| {
                rows.iter()
                    .map(|r| r[i].len())
                    .chain([header[i].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<&str>| -> String {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            padded.join(" ").trim_end().to_string()
        };
        writeln!(w, "{}", line(header.to_vec()))?;
        for row in &rows {
            writeln!(w, "{}", line(row.iter().map(String::as_str).collect()))?;
        }
        writeln!(w, "\n{}", self.summary_line())
    }

    /// The rows only: the caller prints [`Self::summary_line`] after the table.
    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(BROKER_SUMMARY_HEADER);
        for row in self.rows() {
            table.add_row(row);
        }
        Some(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README example: 9 partitions over 3 brokers, 3 of broker 2's led by broker 1.
    fn skewed() -> BrokerSummary {
        let load = |broker, leaders, non_preferred_leaders| BrokerLoad {
            broker,
            leaders,
            preferred_leaders: 3,
            non_preferred_leaders,
            replicas: 9,
            leader_share: share(leaders, 9),
        };
        BrokerSummary {
            brokers: vec![load(1, 6, 3), load(2, 0, 0), load(3, 3, 0)],
            summary: PartitionCounts {
                partitions: 9,
                not_preferred: 3,
                offline: 0,
            },
        }
    }

    #[test]
    fn leader_share_is_a_percentage_with_one_decimal() {
        assert_eq!(share(6, 9), 66.7);
        assert_eq!(share(3, 9), 33.3);
        assert_eq!(share(1, 8), 12.5);
        assert_eq!(share(0, 0), 0.0);
    }

    #[test]
    fn broker_summary_json_has_shares_and_counts() {
        let json = serde_json::to_value(skewed()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "brokers": [
                    {"broker": 1, "leaders": 6, "preferred_leaders": 3, "non_preferred_leaders": 3, "replicas": 9, "leader_share": 66.7},
                    {"broker": 2, "leaders": 0, "preferred_leaders": 3, "non_preferred_leaders": 0, "replicas": 9, "leader_share": 0.0},
                    {"broker": 3, "leaders": 3, "preferred_leaders": 3, "non_preferred_leaders": 0, "replicas": 9, "leader_share": 33.3}
                ],
                "summary": {"partitions": 9, "not_preferred": 3, "offline": 0}
            })
        );
    }
    #[test]
    fn broker_summary_text_and_table_show_share_and_summary() {
        let summary = skewed();
        let mut buf = Vec::new();
        summary.text(&mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "BROKER LEADERS PREFERRED-LEADERS NON-PREFERRED-LEADERS REPLICAS LEADER-SHARE\n\
             1      6       3                 3                     9        66.7%\n\
             2      0       3                 0                     9        0.0%\n\
             3      3       3                 0                     9        33.3%\n\
             \n\
             9 partitions, 3 led by a broker other than their preferred replica, 0 without a leader.\n"
        );
        let table = summary.table().unwrap().to_string();
        assert!(table.contains("LEADER-SHARE"), "{table}");
        assert!(table.contains("66.7%"), "{table}");
    }
}
