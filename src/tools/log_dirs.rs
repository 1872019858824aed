//! `kafka-log-dirs`: the log directories of brokers and the replicas in them (Java's
//! LogDirsCommand): DescribeLogDirs to each broker at once, printed as Java's one JSON line,
//! key for key and in Java's (HashMap) order.

use std::io::{self, Write};

use anyhow::{anyhow, Result};
use clap::Parser;
use serde::Serialize;

use crate::client::admin::cluster::{describe_log_dirs, LogDir};
use crate::client::native::Native;
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::java::{hash_order, hash_order_by, topic_partition_hash, JavaMap};
use crate::output::{Format, OutputArgs, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Every log directory of every broker",
        "kafka-log-dirs --bootstrap-server localhost:9092 --describe",
    ),
    (
        "The replicas of two topics on brokers 1 and 2",
        "kafka-log-dirs --bootstrap-server localhost:9092 --describe --broker-list 1,2 --topic-list orders,payments",
    ),
];

/// Query log directory usage on the specified brokers.
#[derive(Parser, Debug)]
#[command(name = "kafka-log-dirs", version)]
pub struct LogDirsArgs {
    /// Describe the specified log directories on the specified brokers.
    #[arg(long)]
    describe: bool,

    /// The brokers to query, "0,1,2" (default: every broker of the cluster)
    #[arg(
        long = "broker-list",
        value_name = "BROKERS",
        default_value = "",
        hide_default_value = true
    )]
    broker_list: String,

    /// The topics to query, "topic1,topic2,topic3" (default: every topic)
    #[arg(
        long = "topic-list",
        value_name = "TOPICS",
        default_value = "",
        hide_default_value = true
    )]
    topic_list: String,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Java's set of comma-separated values: empty items dropped, duplicates merged.
fn split(list: &str) -> Vec<&str> {
    let mut items: Vec<&str> = Vec::new();
    for item in list.split(',').filter(|s| !s.is_empty()) {
        if !items.contains(&item) {
            items.push(item);
        }
    }
    items
}

/// `--broker-list` as Java reads it (`Integer.valueOf` of each item).
fn parse_brokers(list: &str) -> Result<Vec<i32>> {
    split(list)
        .into_iter()
        .map(|item| {
            item.parse::<i32>()
                .map_err(|_| usage(format!("For input string: \"{item}\"")))
        })
        .collect()
}

/// The ids in the iteration order of a Java `HashSet<Integer>` built as `kind`.
fn id_set(ids: Vec<i32>, kind: JavaMap) -> Vec<i32> {
    hash_order_by(ids, kind, |id| *id)
}

fn joined(ids: &[i32]) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// One replica line, as Java prints it and as `--output json` does.
#[derive(Debug, Serialize)]
struct ReplicaOut {
    topic: String,
    partition: i32,
    size: i64,
    offset_lag: i64,
    is_future: bool,
}

#[derive(Debug, Serialize)]
struct LogDirOut {
    log_dir: String,
    error: Option<String>,
    partitions: Vec<ReplicaOut>,
}

#[derive(Debug, Serialize)]
struct BrokerOut {
    broker: i32,
    log_dirs: Vec<LogDirOut>,
}

/// The whole answer.
#[derive(Debug, Serialize)]
struct Report {
    /// The brokers queried, in the order Java names them.
    #[serde(skip)]
    queried: Vec<i32>,
    brokers: Vec<BrokerOut>,
}

/// Java's JSON line, its keys in the order Jackson writes Java's HashMaps.
mod java_json {
    use serde::Serialize;

    #[derive(Serialize)]
    pub(super) struct Doc<'a> {
        pub(super) brokers: Vec<Broker<'a>>,
        pub(super) version: i32,
    }

    #[derive(Serialize)]
    pub(super) struct Broker<'a> {
        pub(super) broker: i32,
        #[serde(rename = "logDirs")]
        pub(super) log_dirs: Vec<LogDir<'a>>,
    }

    #[derive(Serialize)]
    pub(super) struct LogDir<'a> {
        pub(super) partitions: Vec<Partition>,
        pub(super) error: Option<&'a str>,
        #[serde(rename = "logDir")]
        pub(super) log_dir: &'a str,
    }

    #[derive(Serialize)]
    pub(super) struct Partition {
        pub(super) partition: String,
        pub(super) size: i64,
        #[serde(rename = "offsetLag")]
        pub(super) offset_lag: i64,
        #[serde(rename = "isFuture")]
        pub(super) is_future: bool,
    }
}

impl Report {
    fn java_json(&self) -> String {
        let doc = java_json::Doc {
            brokers: self
                .brokers
                .iter()
                .map(|b| java_json::Broker {
                    broker: b.broker,
                    log_dirs: b
                        .log_dirs
                        .iter()
                        .map(|d| java_json::LogDir {
                            partitions: d
                                .partitions
                                .iter()
                                .map(|p| java_json::Partition {
                                    partition: format!("{}-{}", p.topic, p.partition),
                                    size: p.size,
                                    offset_lag: p.offset_lag,
                                    is_future: p.is_future,
                                })
                                .collect(),
                            error: d.error.as_deref(),
                            log_dir: &d.log_dir,
                        })
                        .collect(),
                })
                .collect(),
            version: 1,
        };
        serde_json::to_string(&doc).unwrap_or_default()
    }
}

impl Render for Report {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(
            w,
            "Received log directory information from brokers {}",
            joined(&self.queried)
        )?;
        writeln!(w, "{}", self.java_json())
    }
}

/// One broker's directories in Java's order: directories as the admin client's HashMap of
/// paths, replicas as the HashMap the tool collects them into (from the admin client's), only
/// those of `topics` when given.
fn broker_out(broker: i32, dirs: Vec<LogDir>, topics: &[&str]) -> BrokerOut {
    let dirs = hash_order(dirs, JavaMap::Presized, |d| d.path.as_str());
    BrokerOut {
        broker,
        log_dirs: dirs
            .into_iter()
            .map(|d| {
                let hash = |r: &crate::client::admin::cluster::Replica| {
                    topic_partition_hash(&r.topic, r.partition)
                };
                let replicas = hash_order_by(d.replicas, JavaMap::Default, hash);
                let replicas: Vec<_> = replicas
                    .into_iter()
                    .filter(|r| topics.is_empty() || topics.contains(&r.topic.as_str()))
                    .collect();
                let replicas = hash_order_by(replicas, JavaMap::Default, hash);
                LogDirOut {
                    log_dir: d.path,
                    error: d.error,
                    partitions: replicas
                        .into_iter()
                        .map(|r| ReplicaOut {
                            topic: r.topic,
                            partition: r.partition,
                            size: r.size,
                            offset_lag: r.offset_lag,
                            is_future: r.is_future,
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

impl Tool for LogDirsArgs {
    const NAME: &'static str = "kafka-log-dirs";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        if self.connection.bootstrap_server.is_none() {
            return Err(usage("Missing required argument \"[bootstrap-server]\""));
        }
        if !self.describe {
            return Err(usage("Missing required argument \"[describe]\""));
        }
        let topics = split(&self.topic_list);
        let input = id_set(parse_brokers(&self.broker_list)?, JavaMap::Default);
        let settings = SettingsBuilder::new(&self.connection).build()?;
        let native = Native::new(&settings, ctx.shutdown.clone(), false)?;
        let cluster: Vec<i32> = native.nodes().await?.iter().map(|n| n.id).collect();
        let cluster = id_set(cluster, JavaMap::Default);
        let missing: Vec<i32> = input
            .iter()
            .copied()
            .filter(|id| !cluster.contains(id))
            .collect();
        if !missing.is_empty() {
            return Err(anyhow!(
                "ERROR: The given brokers do not exist from --broker-list: {}. Current existent brokers: {}",
                joined(&id_set(missing, JavaMap::Copied)),
                joined(&cluster)
            ));
        }
        let queried = id_set(
            if input.is_empty() {
                cluster.clone()
            } else {
                input
            },
            JavaMap::Copied,
        );
        let text = ctx.out.format() == Format::Text;
        if text {
            ctx.out
                .line("Querying brokers for log directories information")?;
            ctx.out.flush()?;
        }
        // Java's admin client keeps the answers in HashMaps sized for the brokers asked.
        let asked = hash_order_by(queried.clone(), JavaMap::Presized, |id| *id);
        let mut brokers = Vec::new();
        for (broker, answer) in describe_log_dirs(&native, &asked).await? {
            brokers.push(broker_out(broker, answer?, &topics));
        }
        let brokers = hash_order_by(brokers, JavaMap::Presized, |b| b.broker);
        ctx.out.emit(&Report { queried, brokers })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::admin::cluster::Replica;

    fn replica(topic: &str, partition: i32) -> Replica {
        Replica {
            topic: topic.into(),
            partition,
            size: 10,
            offset_lag: 0,
            is_future: false,
        }
    }

    #[test]
    fn broker_lists_are_read_as_java_reads_them() {
        assert_eq!(parse_brokers("").unwrap(), Vec::<i32>::new());
        assert_eq!(parse_brokers("1,,2,1").unwrap(), vec![1, 2]);
        assert_eq!(
            parse_brokers("1,x").unwrap_err().to_string(),
            "For input string: \"x\""
        );
        // 17 and 1 share bucket 1 of 16: insertion order there.
        assert_eq!(id_set(vec![17, 3, 1], JavaMap::Default), vec![17, 1, 3]);
    }

    #[test]
    fn the_json_line_is_javas() {
        // TopicPartition hashes: t-1 falls in bucket 4, t-0 in bucket 5 (Java's order).
        let dirs = vec![LogDir {
            path: "/data/1".into(),
            error: None,
            replicas: vec![replica("t", 1), replica("t", 0), replica("other", 0)],
        }];
        let report = Report {
            queried: vec![1],
            brokers: vec![broker_out(1, dirs, &["t"])],
        };
        let mut out = Vec::new();
        report.text(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Received log directory information from brokers 1\n\
             {\"brokers\":[{\"broker\":1,\"logDirs\":[{\"partitions\":[\
             {\"partition\":\"t-1\",\"size\":10,\"offsetLag\":0,\"isFuture\":false},\
             {\"partition\":\"t-0\",\"size\":10,\"offsetLag\":0,\"isFuture\":false}],\
             \"error\":null,\"logDir\":\"/data/1\"}]}],\"version\":1}\n"
        );
        let json = serde_json::to_string(&report).unwrap();
        assert_eq!(
            json,
            "{\"brokers\":[{\"broker\":1,\"log_dirs\":[{\"log_dir\":\"/data/1\",\"error\":null,\"partitions\":[\
             {\"topic\":\"t\",\"partition\":1,\"size\":10,\"offset_lag\":0,\"is_future\":false},\
             {\"topic\":\"t\",\"partition\":0,\"size\":10,\"offset_lag\":0,\"is_future\":false}]}]}]}"
        );
    }
}
