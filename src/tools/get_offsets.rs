//! `kafka-get-offsets`: offsets of topic partitions at a time (Java's GetOffsetShell, reference
//! kafka-tools.md §11): `topic:partition:offset` lines sorted as Java sorts them.

use std::io::{self, Write};
use std::sync::LazyLock;

use anyhow::Result;
use clap::Parser;
use regex::Regex;
use serde::Serialize;

use super::pattern::{is_internal, TopicPattern};
use crate::client::admin::offsets::{IsolationLevel, OffsetSpec};
use crate::client::admin::partitions::TopicPartition;
use crate::client::{Admin, SettingsBuilder};
use crate::common::{validate_bootstrap, ConnectionArgs};
use crate::error::usage;
use crate::output::OutputArgs;
use crate::output::{table_with_header, Format, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("Log-end offsets of a topic", "kafka-get-offsets --bootstrap-server localhost:9092 --topic hello.kafka"),
    (
        "Earliest offsets of partitions 0 to 2 of every topic matching hello.*",
        "kafka-get-offsets --bootstrap-server localhost:9092 --topic-partitions 'hello.*:0-3' --time earliest",
    ),
    (
        "The first offset at or after a time (ms since the epoch)",
        "kafka-get-offsets --bootstrap-server localhost:9092 --topic hello.kafka --time 1700000000000",
    ),
];

/// Print the offsets of topic partitions: latest, earliest, max-timestamp, or at a time.
#[derive(Parser, Debug)]
#[command(name = "kafka-get-offsets", version)]
pub struct GetOffsetsArgs {
    /// Topic/partition rules: topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3 (topics are patterns)
    #[arg(long = "topic-partitions", value_name = "RULES")]
    topic_partitions: Option<String>,

    /// The topic (a Java regular expression; default: all topics)
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// Comma-separated partition ids (default: all)
    #[arg(long, value_name = "PARTITIONS")]
    partitions: Option<String>,

    /// latest/-1, earliest/-2, max-timestamp/-3, or a timestamp in ms
    #[arg(
        long,
        value_name = "TIME",
        default_value = "latest",
        allow_hyphen_values = true,
        value_parser = crate::tools::Suggest(&["latest", "earliest", "max-timestamp"]),
        hide_possible_values = true
    )]
    time: String,

    /// Leave internal topics out
    #[arg(long = "exclude-internal-topics")]
    exclude_internal_topics: bool,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Which partitions of which topics one rule accepts.
#[derive(Debug)]
pub(crate) struct Rule {
    topic: Option<TopicPattern>,
    /// Inclusive lower bound, exclusive upper bound.
    range: (i32, i32),
}

impl Rule {
    fn accepts(&self, topic: &str, partition: i32) -> bool {
        self.topic.as_ref().is_none_or(|p| p.matches(topic))
            && partition >= self.range.0
            && partition < self.range.1
    }
}

/// Java's grammar of one `--topic-partitions` rule, built once.
static RULE: LazyLock<Result<Regex, regex::Error>> =
    LazyLock::new(|| Regex::new(r"^([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?$"));

/// Parses `--topic-partitions` with Java's grammar.
pub(crate) fn parse_rules(text: &str) -> Result<Vec<Rule>> {
    let grammar = RULE
        .as_ref()
        .map_err(|e| anyhow::anyhow!("rule grammar: {e}"))?;
    text.split(',')
        .map(|item| {
            let caps = grammar
                .captures(item)
                .ok_or_else(|| usage(format!("Invalid rule specification: {item}")))?;
            let num = |i: usize| {
                caps.get(i)
                    .map(|m| m.as_str())
                    .filter(|s| !s.is_empty())
                    .map(str::parse::<i32>)
            };
            let topic = caps
                .get(1)
                .map(|m| m.as_str())
                .filter(|s| !s.is_empty())
                .map(TopicPattern::parse)
                .transpose()?;
            let bad = |_| usage(format!("Invalid rule specification: {item}"));
            let range = if let Some(exact) = num(2) {
                let p = exact.map_err(bad)?;
                (p, p.saturating_add(1))
            } else if caps.get(3).is_some() || caps.get(4).is_some() {
                (
                    num(3).transpose().map_err(bad)?.unwrap_or(0),
                    num(4).transpose().map_err(bad)?.unwrap_or(i32::MAX),
                )
            } else {
                (0, i32::MAX)
            };
            Ok(Rule { topic, range })
        })
        .collect()
}

/// Parses `--time`.
pub(crate) fn parse_time(text: &str) -> Result<OffsetSpec> {
    Ok(match text {
        "latest" | "-1" => OffsetSpec::Latest,
        "earliest" | "-2" => OffsetSpec::Earliest,
        "max-timestamp" | "-3" => OffsetSpec::MaxTimestamp,
        "earliest-local" | "-4" => OffsetSpec::EarliestLocal,
        "latest-tiered" | "-5" => OffsetSpec::LatestTiered,
        "earliest-pending-upload" | "-6" => OffsetSpec::EarliestPendingUpload,
        _ => match text.parse::<i64>() {
            Ok(ts) if ts >= 0 => OffsetSpec::Timestamp(ts),
            _ => {
                return Err(usage(format!(
                    "Malformed time argument {text}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified long format timestamp"
                )))
            }
        },
    })
}

/// The result lines.
#[derive(Debug, Serialize)]
struct Offsets {
    offsets: Vec<OffsetLine>,
}

#[derive(Debug, Serialize)]
struct OffsetLine {
    topic: String,
    partition: i32,
    offset: i64,
}

impl Render for Offsets {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for o in &self.offsets {
            writeln!(w, "{}:{}:{}", o.topic, o.partition, o.offset)?;
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(["TOPIC", "PARTITION", "OFFSET"]);
        for o in &self.offsets {
            table.add_row([
                o.topic.clone(),
                o.partition.to_string(),
                o.offset.to_string(),
            ]);
        }
        Some(table)
    }
}

impl Tool for GetOffsetsArgs {
    const NAME: &'static str = "kafka-get-offsets";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        if let Some(bs) = &self.connection.bootstrap_server {
            validate_bootstrap(bs)?;
        }
        let rules = match &self.topic_partitions {
            Some(text) => {
                if self.topic.is_some() || self.partitions.is_some() {
                    return Err(usage(
                        "--topic-partitions cannot be used with --topic or --partitions",
                    ));
                }
                parse_rules(text)?
            }
            None => {
                let topic = self.topic.as_deref().map(TopicPattern::parse).transpose()?;
                let parts: Option<Vec<i32>> = self
                    .partitions
                    .as_deref()
                    .map(|p| {
                        p.split(',').map(|x| x.trim().parse::<i32>()).collect::<Result<Vec<_>, _>>().map_err(|_| {
                            usage(format!("--partitions expects a comma separated list of numeric partition ids, but received: {p}"))
                        })
                    })
                    .transpose()?;
                match parts {
                    None => vec![Rule {
                        topic,
                        range: (0, i32::MAX),
                    }],
                    Some(ids) => ids
                        .into_iter()
                        .map(|p| Rule {
                            topic: topic.clone(),
                            range: (p, p.saturating_add(1)),
                        })
                        .collect(),
                }
            }
        };
        let spec = parse_time(&self.time)?;
        let admin = Admin::connect(
            SettingsBuilder::new(&self.connection).build()?,
            ctx.shutdown.clone(),
        )?;
        let metadata = admin.metadata()?;
        let selected: Vec<(TopicPartition, OffsetSpec)> = metadata
            .topics
            .iter()
            .filter(|t| !(self.exclude_internal_topics && is_internal(&t.name)))
            .flat_map(|t| {
                t.partitions
                    .iter()
                    .map(move |p| TopicPartition::new(t.name.clone(), p.id))
            })
            .filter(|tp| rules.iter().any(|r| r.accepts(&tp.topic, tp.partition)))
            .map(|tp| (tp, spec))
            .collect();
        if selected.is_empty() {
            if let Some(refusal) = match &self.topic {
                Some(topic) => admin.refusal_for_missing(topic)?,
                None => None,
            } {
                return Err(refusal);
            }
            return Err(anyhow::anyhow!(
                "Could not match any topic-partitions with the specified filters"
            ));
        }
        let mut lines = Vec::new();
        let leaders: std::collections::HashMap<TopicPartition, i32> = metadata
            .topics
            .iter()
            .flat_map(|t| {
                t.partitions
                    .iter()
                    .map(move |p| (TopicPartition::new(t.name.clone(), p.id), p.leader))
            })
            .collect();
        let listed = admin
            .list_offsets_any(&selected, IsolationLevel::ReadUncommitted, &leaders)
            .await?;
        for listed in listed {
            match listed.error {
                Some((_, message)) => ctx.out.stderr_line(&format!(
                    "Skip getting offsets for topic-partition {} due to error: {message}",
                    listed.tp
                )),
                None if listed.offset >= 0 => lines.push(OffsetLine {
                    topic: listed.tp.topic,
                    partition: listed.tp.partition,
                    offset: listed.offset,
                }),
                None => {}
            }
        }
        // Java sorts by the string "topic-partition" (so t-10 comes before t-2).
        lines.sort_by_key(|l| format!("{}-{}", l.topic, l.partition));
        ctx.out.emit(&Offsets { offsets: lines })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_javas_grammar() {
        let rules = parse_rules("a:1,b:0-3,c,d:5-,e:-3,:2").unwrap();
        assert!(rules[0].accepts("a", 1) && !rules[0].accepts("a", 2));
        assert!(rules[1].accepts("b", 2) && !rules[1].accepts("b", 3));
        assert!(rules[2].accepts("c", 99));
        assert!(rules[3].accepts("d", 5) && !rules[3].accepts("d", 4));
        assert!(rules[4].accepts("e", 2) && !rules[4].accepts("e", 3));
        assert!(rules[5].accepts("anything", 2) && !rules[5].accepts("anything", 1));
        assert_eq!(
            parse_rules("a:x").unwrap_err().to_string(),
            "Invalid rule specification: a:x"
        );
    }

    #[test]
    fn times_parse_like_java() {
        assert_eq!(parse_time("-1").unwrap(), OffsetSpec::Latest);
        assert_eq!(parse_time("earliest").unwrap(), OffsetSpec::Earliest);
        assert_eq!(
            parse_time("1700000000000").unwrap(),
            OffsetSpec::Timestamp(1_700_000_000_000)
        );
        assert!(parse_time("yesterday")
            .unwrap_err()
            .to_string()
            .starts_with("Malformed time argument yesterday."));
    }

    /// i64 limits and multi-byte text (Java's Long.parseLong refuses the same numbers).
    #[test]
    fn times_at_the_limits() {
        assert_eq!(
            parse_time("9223372036854775807").unwrap(),
            OffsetSpec::Timestamp(i64::MAX)
        );
        assert_eq!(parse_time("+5").unwrap(), OffsetSpec::Timestamp(5));
        for bad in [
            "9223372036854775808",
            "-9223372036854775808",
            "-7",
            "",
            "\u{1f600}",
            "1\u{0301}",
        ] {
            let err = parse_time(bad).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("Malformed time argument {bad}.")),
                "{bad}: {err}"
            );
        }
    }
}
