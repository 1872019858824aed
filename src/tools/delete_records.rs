//! `kafka-delete-records`: delete the records of partitions up to given offsets (Java's
//! DeleteRecordsCommand, reference kafka-tools.md §10).

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context as _, Result};
use clap::{Parser, ValueHint};
use serde::Serialize;
use serde_json::Value;

use super::kafka_errors::exception_text;
use crate::client::admin::partition_ops::PartitionOffset;
use crate::client::{Admin, SettingsBuilder};
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::java::{hash_order_by, topic_partition_hash, JavaMap};
use crate::output::OutputArgs;
use crate::output::{table_with_header, Format, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[(
    "Delete everything before offset 100 in partition 0 of hello.kafka (the file holds {\"partitions\": [{\"topic\": \"hello.kafka\", \"partition\": 0, \"offset\": 100}], \"version\": 1})",
    "kafka-delete-records --bootstrap-server localhost:9092 --offset-json-file delete.json",
)];

/// Delete the records of the given partitions up to the given offsets.
#[derive(Parser, Debug)]
#[command(name = "kafka-delete-records", version)]
pub struct DeleteRecordsArgs {
    /// REQUIRED: JSON file with the partitions and offsets:
    /// {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version": 1}
    ///
    /// Records before each offset are deleted; offset -1 means up to the high watermark.
    #[arg(long = "offset-json-file", value_name = "FILE", value_hint = ValueHint::FilePath)]
    offset_json_file: Option<PathBuf>,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Reads Java's offset JSON (`version` 1 only).
pub(crate) fn parse_offsets(text: &str) -> Result<Vec<PartitionOffset>> {
    let doc: Value =
        serde_json::from_str(text).map_err(|_| anyhow!("The input string is not a valid JSON"))?;
    let version = match doc.get("version") {
        None => 1,
        Some(v) => v
            .as_i64()
            .ok_or_else(|| anyhow!("Expected `Integer` value, received {v}"))?,
    };
    if version != 1 {
        bail!("Not supported version field value {version}");
    }
    let partitions = doc
        .get("partitions")
        .ok_or_else(|| anyhow!("Missing partitions field"))?;
    let list = partitions
        .as_array()
        .ok_or_else(|| anyhow!("Expected `JSON array` value, received {partitions}"))?;
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        let field = |name: &str| -> Result<&Value> {
            item.get(name)
                .ok_or_else(|| anyhow!("No such field exists: `{name}`"))
        };
        let topic = field("topic")?;
        let topic = topic
            .as_str()
            .ok_or_else(|| anyhow!("Expected `String` value, received {topic}"))?;
        let partition = field("partition")?;
        let partition = partition
            .as_i64()
            .and_then(|p| i32::try_from(p).ok())
            .ok_or_else(|| anyhow!("Expected `Integer` value, received {partition}"))?;
        let offset = field("offset")?;
        let offset = offset
            .as_i64()
            .ok_or_else(|| anyhow!("Expected `Long` value, received {offset}"))?;
        out.push(PartitionOffset {
            topic: topic.to_string(),
            partition,
            offset,
        });
    }
    let mut duplicates: Vec<String> = Vec::new();
    for (i, p) in out.iter().enumerate() {
        let name = format!("{}-{}", p.topic, p.partition);
        if out[..i]
            .iter()
            .any(|q| q.topic == p.topic && q.partition == p.partition)
            && !duplicates.contains(&name)
        {
            duplicates.push(name);
        }
    }
    if !duplicates.is_empty() {
        bail!(
            "Offset json file contains duplicate topic partitions: {}",
            duplicates.join(",")
        );
    }
    Ok(out)
}

/// One partition's result.
#[derive(Debug, Serialize)]
struct Deleted {
    topic: String,
    partition: i32,
    /// The new low watermark, on success.
    low_watermark: Option<i64>,
    /// Java's exception text, on failure.
    error: Option<String>,
}

/// The whole result. Java's order varies from run to run (it follows its result map); ours is
/// the HashMap order of the partitions.
#[derive(Debug, Serialize)]
struct Report {
    partitions: Vec<Deleted>,
}

impl Render for Report {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "Records delete operation completed:")?;
        for p in &self.partitions {
            match (&p.error, p.low_watermark) {
                (Some(error), _) => {
                    writeln!(w, "partition: {}-{}\terror: {error}", p.topic, p.partition)?
                }
                (None, low) => writeln!(
                    w,
                    "partition: {}-{}\tlow_watermark: {}",
                    p.topic,
                    p.partition,
                    low.unwrap_or(-1)
                )?,
            }
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(["TOPIC", "PARTITION", "LOW-WATERMARK", "ERROR"]);
        for p in &self.partitions {
            table.add_row([
                p.topic.clone(),
                p.partition.to_string(),
                p.low_watermark
                    .map_or_else(|| "-".into(), |l| l.to_string()),
                p.error.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
        Some(table)
    }
}

impl Tool for DeleteRecordsArgs {
    const NAME: &'static str = "kafka-delete-records";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        if self.connection.bootstrap_server.is_none() {
            return Err(usage("Missing required argument \"[bootstrap-server]\""));
        }
        let Some(path) = &self.offset_json_file else {
            return Err(usage("Missing required argument \"[offset-json-file]\""));
        };
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let offsets = parse_offsets(&text)?;
        let settings = SettingsBuilder::new(&self.connection).build()?;
        let admin = Admin::connect(settings, ctx.shutdown.clone())?;
        if ctx.out.format() == Format::Text {
            ctx.out.line("Executing records delete operation")?;
        }
        let outcomes = match admin.delete_records(&offsets) {
            Ok(outcomes) => outcomes,
            // librdkafka says only "No leaders found" when a topic is hidden by a missing ACL.
            Err(err) => {
                let mut topics: Vec<&str> = offsets.iter().map(|o| o.topic.as_str()).collect();
                topics.dedup();
                for topic in topics {
                    if let Some(refusal) = admin.refusal_for_missing(topic)? {
                        return Err(refusal);
                    }
                }
                return Err(err);
            }
        };
        let outcomes = hash_order_by(outcomes, JavaMap::Default, |o| {
            topic_partition_hash(&o.topic, o.partition)
        });
        let partitions = outcomes
            .into_iter()
            .map(|o| {
                let (low_watermark, error) = match o.result {
                    Ok(low) => (Some(low), None),
                    // librdkafka keeps only the code of a DeleteRecords partition error.
                    Err((code, _)) => (None, Some(exception_text(code, None))),
                };
                Deleted {
                    topic: o.topic,
                    partition: o.partition,
                    low_watermark,
                    error,
                }
            })
            .collect();
        ctx.out.emit(&Report { partitions })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javas_json_format_is_read() {
        let parsed = parse_offsets(
            r#"{"partitions": [{"topic": "foo", "partition": 1, "offset": -1}], "version": 1}"#,
        )
        .unwrap();
        assert_eq!(
            parsed,
            vec![PartitionOffset {
                topic: "foo".into(),
                partition: 1,
                offset: -1
            }]
        );
        assert!(parse_offsets(r#"{"partitions": []}"#).unwrap().is_empty());
    }

    #[test]
    fn bad_files_get_javas_messages() {
        let err = |t: &str| parse_offsets(t).unwrap_err().to_string();
        assert_eq!(err("nope"), "The input string is not a valid JSON");
        assert_eq!(err(r#"{"version": 1}"#), "Missing partitions field");
        assert_eq!(
            err(r#"{"partitions": [], "version": 2}"#),
            "Not supported version field value 2"
        );
        assert_eq!(
            err(r#"{"partitions": [{"partition": 0, "offset": 1}]}"#),
            "No such field exists: `topic`"
        );
        assert_eq!(
            err(r#"{"partitions": [{"topic": "t", "partition": "x", "offset": 1}]}"#),
            "Expected `Integer` value, received \"x\""
        );
        assert_eq!(
            err(
                r#"{"partitions": [{"topic": "t", "partition": 0, "offset": 1}, {"topic": "t", "partition": 0, "offset": 2}]}"#
            ),
            "Offset json file contains duplicate topic partitions: t-0"
        );
    }
}
