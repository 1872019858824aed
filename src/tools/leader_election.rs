//! `kafka-leader-election`: run a preferred or unclean leader election (Java's
//! LeaderElectionCommand, reference kafka-tools.md §12).
//!
//! A preferred election moves leadership back to each partition's first replica: the cure for
//! leaders piling up on the brokers that stayed up while another restarted.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context as _, Result};
use clap::{Parser, ValueHint};
use rdkafka::types::RDKafkaErrorCode;
use serde::Serialize;
use serde_json::Value;

use super::kafka_errors::exception_text;
use crate::client::admin::partition_ops::{ElectionType, PartitionOffset};
use crate::client::{Admin, SettingsBuilder};
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::java::{hash_order_by, topic_partition_hash, JavaMap};
use crate::output::OutputArgs;
use crate::output::{table_with_header, Format, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Move every partition's leadership back to its preferred replica",
        "kafka-leader-election --bootstrap-server localhost:9092 --election-type preferred --all-topic-partitions",
    ),
    (
        "Preferred election for one partition",
        "kafka-leader-election --bootstrap-server localhost:9092 --election-type preferred --topic hello.kafka --partition 0",
    ),
    (
        "Partitions from a file ({\"partitions\":[{\"topic\":\"foo\",\"partition\":1}]})",
        "kafka-leader-election --bootstrap-server localhost:9092 --election-type preferred --path-to-json-file election.json",
    ),
];

/// Run a preferred or unclean leader election on partitions.
#[derive(Parser, Debug)]
#[command(name = "kafka-leader-election", version)]
pub struct LeaderElectionArgs {
    /// REQUIRED: type of election: preferred or unclean (any case)
    #[arg(long = "election-type", value_name = "PREFERRED|UNCLEAN", value_parser = crate::tools::Suggest(&["PREFERRED", "UNCLEAN"]), hide_possible_values = true)]
    election_type: Option<String>,

    /// Name of the topic whose partition's leader is elected (with --partition)
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// The partition of --topic whose leader is elected
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    partition: Option<i32>,

    /// Elect leaders of every partition that needs an election
    #[arg(long = "all-topic-partitions")]
    all_topic_partitions: bool,

    /// JSON file with the partitions: {"partitions":[{"topic":"foo","partition":1}]}
    #[arg(long = "path-to-json-file", value_name = "FILE", value_hint = ValueHint::FilePath)]
    path_to_json_file: Option<PathBuf>,

    /// Deprecated alias of --command-config
    #[arg(long = "admin.config", value_name = "FILE", value_hint = ValueHint::FilePath, hide = true)]
    admin_config: Option<PathBuf>,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// The partitions to elect: `None` for every partition.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    All,
    Partitions(Vec<PartitionOffset>),
    File(PathBuf),
}

impl LeaderElectionArgs {
    /// Java's checks, in Java's order.
    fn resolve(&self) -> Result<(ElectionType, Target)> {
        let mut missing = Vec::new();
        if self.connection.bootstrap_server.is_none() {
            missing.push("bootstrap-server");
        }
        if self.election_type.is_none() {
            missing.push("election-type");
        }
        if !missing.is_empty() {
            return Err(usage(format!(
                "Missing required option(s): {}",
                missing.join(", ")
            )));
        }
        let given = usize::from(self.topic.is_some())
            + usize::from(self.all_topic_partitions)
            + usize::from(self.path_to_json_file.is_some());
        if given != 1 {
            return Err(usage("One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file"));
        }
        if self.topic.is_some() && self.partition.is_none() {
            return Err(usage("Missing required option(s): partition"));
        }
        if self.topic.is_none() && self.partition.is_some() {
            return Err(usage("Option partition is only allowed if topic is used"));
        }
        if self.admin_config.is_some() && self.connection.command_config.is_some() {
            return Err(usage(
                "Option \"[admin.config]\" can't be used with option \"[command-config]\"",
            ));
        }
        let kind = match self
            .election_type
            .as_deref()
            .unwrap_or_default()
            .to_ascii_uppercase()
            .as_str()
        {
            "PREFERRED" => ElectionType::Preferred,
            "UNCLEAN" => ElectionType::Unclean,
            _ => {
                return Err(usage(format!(
                    "Value [{}] is not one of [PREFERRED,UNCLEAN]",
                    self.election_type.as_deref().unwrap_or_default()
                )))
            }
        };
        let target = match (&self.topic, &self.path_to_json_file) {
            (Some(topic), _) => Target::Partitions(vec![PartitionOffset {
                topic: topic.clone(),
                partition: self.partition.unwrap_or_default(),
                offset: 0,
            }]),
            (None, Some(path)) => Target::File(path.clone()),
            (None, None) => Target::All,
        };
        Ok((kind, target))
    }
}

/// Reads Java's election JSON.
pub(crate) fn parse_partitions(text: &str) -> Result<Vec<PartitionOffset>> {
    let doc: Value = match serde_json::from_str(text) {
        Ok(Value::Null) | Err(_) => bail!("Replica election data is empty"),
        Ok(doc) => doc,
    };
    let partitions = doc
        .get("partitions")
        .ok_or_else(|| anyhow!("Replica election data is missing \"partitions\" field"))?;
    let list = partitions
        .as_array()
        .ok_or_else(|| anyhow!("Expected `JSON array` value, received {partitions}"))?;
    let mut out: Vec<PartitionOffset> = Vec::with_capacity(list.len());
    let mut duplicates: Vec<String> = Vec::new();
    for item in list {
        let topic = item
            .get("topic")
            .ok_or_else(|| anyhow!("No such field exists: `topic`"))?;
        let topic = topic
            .as_str()
            .ok_or_else(|| anyhow!("Expected `String` value, received {topic}"))?;
        let partition = item
            .get("partition")
            .ok_or_else(|| anyhow!("No such field exists: `partition`"))?;
        let partition = partition
            .as_i64()
            .and_then(|p| i32::try_from(p).ok())
            .ok_or_else(|| anyhow!("Expected `Integer` value, received {partition}"))?;
        if out
            .iter()
            .any(|p| p.topic == topic && p.partition == partition)
        {
            duplicates.push(format!("{topic}-{partition}"));
        }
        out.push(PartitionOffset {
            topic: topic.to_string(),
            partition,
            offset: 0,
        });
    }
    if !duplicates.is_empty() {
        bail!(
            "Replica election data contains duplicate partitions: [{}]",
            duplicates.join(", ")
        );
    }
    Ok(out)
}

/// The result of an election, grouped as Java prints it.
#[derive(Debug, Serialize)]
struct Report {
    /// `PREFERRED` or `UNCLEAN`.
    election_type: &'static str,
    /// Partitions whose leader was elected.
    succeeded: Vec<Partition>,
    /// Partitions that already had the wanted leader.
    not_needed: Vec<Partition>,
    /// Partitions whose election failed, with Java's exception text.
    failed: Vec<Failure>,
}

/// One partition of the result.
#[derive(Debug, Serialize)]
struct Partition {
    topic: String,
    partition: i32,
}

impl std::fmt::Display for Partition {
    /// Java's `TopicPartition` text: `topic-partition`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// A partition whose election failed.
#[derive(Debug, Serialize)]
struct Failure {
    #[serde(flatten)]
    partition: Partition,
    /// Java's exception text.
    error: String,
}

/// Java's list of partitions: `t-0, t-1`.
fn joined(partitions: &[Partition]) -> String {
    partitions
        .iter()
        .map(Partition::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Render for Report {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        if !self.succeeded.is_empty() {
            writeln!(
                w,
                "Successfully completed leader election ({}) for partitions {}",
                self.election_type,
                joined(&self.succeeded)
            )?;
        }
        if !self.not_needed.is_empty() {
            writeln!(
                w,
                "Valid replica already elected for partitions {}",
                joined(&self.not_needed)
            )?;
        }
        for f in &self.failed {
            writeln!(
                w,
                "Error completing leader election ({}) for partition: {}: {}",
                self.election_type, f.partition, f.error
            )?;
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(["TOPIC", "PARTITION", "RESULT"]);
        let row = |p: &Partition, result: &str| {
            [p.topic.clone(), p.partition.to_string(), result.to_string()]
        };
        for p in &self.succeeded {
            table.add_row(row(p, "elected"));
        }
        for p in &self.not_needed {
            table.add_row(row(p, "not needed"));
        }
        for f in &self.failed {
            table.add_row(row(&f.partition, &f.error));
        }
        Some(table)
    }
}

impl Tool for LeaderElectionArgs {
    const NAME: &'static str = "kafka-leader-election";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let (kind, target) = self.resolve()?;
        let mut connection = self.connection.clone();
        if let Some(path) = &self.admin_config {
            let note = "Option --admin.config has been deprecated and will be removed in a future version. Use --command-config instead.";
            // Java prints it on stdout; JSON and tables keep stdout for the result.
            if ctx.out.format() == Format::Text {
                ctx.out.line(note)?;
            } else {
                ctx.out.stderr_line(note);
            }
            connection.command_config = Some(path.clone());
        }
        let partitions = match target {
            Target::All => None,
            Target::Partitions(p) => Some(p),
            Target::File(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                Some(parse_partitions(&text)?)
            }
        };
        // Java's defaults for this tool, unless the properties set them.
        let settings = SettingsBuilder::new(&connection)
            .default_value("default.api.timeout.ms", "30000")
            .default_value("request.timeout.ms", "15000")
            .build()?;
        let admin = Admin::connect(settings, ctx.shutdown.clone())?;
        let outcomes = admin.elect_leaders(kind, partitions.as_deref())?;
        let outcomes = hash_order_by(outcomes, JavaMap::Default, |o| {
            topic_partition_hash(&o.topic, o.partition)
        });
        let mut report = Report {
            election_type: match kind {
                ElectionType::Preferred => "PREFERRED",
                ElectionType::Unclean => "UNCLEAN",
            },
            succeeded: Vec::new(),
            not_needed: Vec::new(),
            failed: Vec::new(),
        };
        for o in outcomes {
            let partition = Partition {
                topic: o.topic,
                partition: o.partition,
            };
            match o.result {
                Ok(_) => report.succeeded.push(partition),
                Err((RDKafkaErrorCode::ElectionNotNeeded, _)) => report.not_needed.push(partition),
                Err((code, text)) => report.failed.push(Failure {
                    partition,
                    error: exception_text(code, Some(&text)),
                }),
            }
        }
        ctx.out.emit(&report)?;
        if !report.failed.is_empty() {
            bail!("{} replica(s) could not be elected", report.failed.len());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(argv: &[&str]) -> String {
        LeaderElectionArgs::try_parse_from(
            std::iter::once("kafka-leader-election").chain(argv.iter().copied()),
        )
        .unwrap()
        .resolve()
        .unwrap_err()
        .to_string()
    }

    #[test]
    fn javas_checks_in_javas_order() {
        let bs = ["--bootstrap-server", "b:9092"];
        assert_eq!(
            error(&["--bootstrap-server", "b:9092", "--topic", "t"]),
            "Missing required option(s): election-type"
        );
        assert_eq!(
            error(&[&bs[..], &["--election-type", "preferred"]].concat()),
            "One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file"
        );
        assert_eq!(
            error(&[&bs[..], &["--election-type", "preferred", "--topic", "t"]].concat()),
            "Missing required option(s): partition"
        );
        assert_eq!(
            error(
                &[
                    &bs[..],
                    &[
                        "--election-type",
                        "preferred",
                        "--all-topic-partitions",
                        "--partition",
                        "1"
                    ]
                ]
                .concat()
            ),
            "Option partition is only allowed if topic is used"
        );
        assert_eq!(
            error(&[&bs[..], &["--election-type", "x", "--all-topic-partitions"]].concat()),
            "Value [x] is not one of [PREFERRED,UNCLEAN]"
        );
    }

    fn report() -> Report {
        let p = |topic: &str, partition| Partition {
            topic: topic.into(),
            partition,
        };
        Report {
            election_type: "PREFERRED",
            succeeded: vec![p("a-b", 1), p("a-b", 2)],
            not_needed: vec![p("elect", 0)],
            failed: vec![Failure {
                partition: p("elect", 9),
                error: "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: gone"
                    .into(),
            }],
        }
    }

    #[test]
    fn text_is_javas_and_json_splits_topic_and_partition() {
        let mut buf = Vec::new();
        report().text(&mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "Successfully completed leader election (PREFERRED) for partitions a-b-1, a-b-2\n\
             Valid replica already elected for partitions elect-0\n\
             Error completing leader election (PREFERRED) for partition: elect-9: \
             org.apache.kafka.common.errors.UnknownTopicOrPartitionException: gone\n"
        );
        assert_eq!(
            serde_json::to_value(report()).unwrap(),
            serde_json::json!({
                "election_type": "PREFERRED",
                "succeeded": [{"topic": "a-b", "partition": 1}, {"topic": "a-b", "partition": 2}],
                "not_needed": [{"topic": "elect", "partition": 0}],
                "failed": [{
                    "topic": "elect",
                    "partition": 9,
                    "error": "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: gone"
                }]
            })
        );
    }

    #[test]
    fn election_json_is_read_like_java() {
        assert_eq!(
            parse_partitions(r#"{"partitions":[{"topic":"foo","partition":1}]}"#).unwrap(),
            vec![PartitionOffset {
                topic: "foo".into(),
                partition: 1,
                offset: 0
            }]
        );
        assert_eq!(
            parse_partitions("{}").unwrap_err().to_string(),
            "Replica election data is missing \"partitions\" field"
        );
        assert_eq!(
            parse_partitions(
                r#"{"partitions":[{"topic":"foo","partition":1},{"topic":"foo","partition":1}]}"#
            )
            .unwrap_err()
            .to_string(),
            "Replica election data contains duplicate partitions: [foo-1]"
        );
    }
}
