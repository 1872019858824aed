//! `kafka-console-share-consumer`: read records through a share group (KIP-932) and write
//! them to stdout.
//!
//! Options, messages and the acknowledgement rules follow Kafka 4.4's `ConsoleShareConsumer`:
//! explicit acknowledgement, each record accepted (or released with `--release`, rejected with
//! `--reject`) once it is written; the group defaults to `console-share-consumer`. Ctrl-C and
//! SIGTERM acknowledge what was written, leave the group, print the total and exit 130/143.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use clap::Parser;

use super::console_consumer::agreed_group_id;
use super::formatter::{render, warn_deprecated, FormatterArgs};
use crate::client::consume::InRecord;
use crate::client::native::Native;
use crate::client::share::{AckMode, AckType, ShareConsumer, ShareRecord, TimestampType};
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::{usage, Interrupted};
use crate::output::{Format, OutputArgs};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Read a topic through the share group console-share-consumer",
        "kafka-console-share-consumer --bootstrap-server localhost:9092 --topic hello.kafka",
    ),
    (
        "Share the records of a topic between readers of one group, with delivery counts",
        "kafka-console-share-consumer --bootstrap-server localhost:9092 --topic hello.kafka --group workers --formatter-property print.delivery=true",
    ),
    (
        "Hand 10 records back to the group (they are delivered again)",
        "kafka-console-share-consumer --bootstrap-server localhost:9092 --topic hello.kafka --group workers --release --max-messages 10",
    ),
];

/// Read data from Kafka topics using share groups and write it to standard output.
#[derive(Parser, Debug)]
#[command(name = "kafka-console-share-consumer", version)]
pub struct ConsoleShareConsumerArgs {
    /// The topic to consume from
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// The share group id of the consumer (default: console-share-consumer)
    #[arg(long, value_name = "GROUP")]
    group: Option<String>,

    /// Exit after this many records
    #[arg(long = "max-messages", value_name = "N")]
    max_messages: Option<u64>,

    /// Exit when no record arrives for this long (ms)
    #[arg(long = "timeout-ms", value_name = "MS", allow_negative_numbers = true)]
    timeout_ms: Option<i64>,

    /// Reject each record once it is written (it is never delivered again)
    #[arg(long)]
    reject: bool,

    /// Release each record once it is written (it is delivered again)
    #[arg(long)]
    release: bool,

    /// Reject a record the formatter cannot print instead of stopping
    #[arg(long = "reject-message-on-error")]
    reject_message_on_error: bool,

    #[command(flatten)]
    format: FormatterArgs,

    /// Deprecated alias of --command-property
    #[arg(long = "consumer-property", value_name = "KEY=VALUE")]
    consumer_property: Vec<String>,

    /// Deprecated alias of --command-config
    #[arg(long = "consumer-config", value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    consumer_config: Option<PathBuf>,

    /// Print shutdown_complete on stdout at shutdown (Kafka's system tests)
    #[arg(long = "enable-systest-events")]
    enable_systest_events: bool,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

impl ConsoleShareConsumerArgs {
    /// Java's option checks, in Java's order; the acknowledgement of a written record.
    fn check(&self) -> Result<AckType> {
        if self.reject && self.release {
            return Err(usage(
                "At most one of --reject and --release may be specified.",
            ));
        }
        if !self.consumer_property.is_empty() && !self.connection.command_property.is_empty() {
            return Err(usage(
                "Options --consumer-property and --command-property cannot be specified together.",
            ));
        }
        if self.consumer_config.is_some() && self.connection.command_config.is_some() {
            return Err(usage(
                "Options --consumer-config and --command-config cannot be specified together.",
            ));
        }
        if self.topic.is_none() {
            return Err(usage("--topic is a required argument"));
        }
        Ok(if self.reject {
            AckType::Reject
        } else if self.release {
            AckType::Release
        } else {
            AckType::Accept
        })
    }
}

impl Tool for ConsoleShareConsumerArgs {
    const NAME: &'static str = "kafka-console-share-consumer";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let ack = self.check()?;
        if ctx.out.format() == Format::Table {
            return Err(usage(
                "--output table is not available for a stream of records (use text or json)",
            ));
        }
        warn_deprecated(
            &mut ctx.out,
            &[
                (
                    !self.consumer_property.is_empty(),
                    "--consumer-property",
                    "--command-property",
                ),
                (
                    self.consumer_config.is_some(),
                    "--consumer-config",
                    "--command-config",
                ),
            ],
        )?;
        let formatter = self.format.build(&mut ctx.out)?;
        let group = agreed_group_id(
            self.group.as_deref(),
            self.consumer_config
                .as_ref()
                .or(self.connection.command_config.as_ref()),
            self.connection
                .command_property
                .iter()
                .chain(&self.consumer_property),
            "--consumer-config",
        )?
        .unwrap_or_else(|| "console-share-consumer".to_string());
        let settings = SettingsBuilder::new(&self.connection)
            .file(self.consumer_config.as_deref())
            .words(self.consumer_property.iter().cloned())
            .default_value("client.id", "console-share-consumer")
            .set("group.id", group.clone())
            .build()?;
        let native = Native::new(&settings, ctx.shutdown.clone(), false)?;
        let topics: Vec<String> = self.topic.iter().cloned().collect();
        let mut consumer =
            ShareConsumer::new(native, &group, &topics, AckMode::Explicit, &settings).await?;
        let limits = Limits {
            max_messages: self.max_messages,
            idle: self
                .timeout_ms
                .filter(|t| *t >= 0)
                .map(|t| Duration::from_millis(t.unsigned_abs())),
            reject_on_error: self.reject_message_on_error,
        };
        let mut count = 0u64;
        let result = consume(&mut consumer, ctx, &formatter, ack, &limits, &mut count).await;
        // What was written is flushed first; closing acknowledges it and leaves the group.
        let _ = ctx.out.flush();
        let closed = consumer.close().await;
        let failed = closed
            .as_ref()
            .ok()
            .and_then(|results| results.iter().find_map(|r| r.error.clone()));
        if self.enable_systest_events {
            let _ = ctx.out.line("shutdown_complete");
            let _ = ctx.out.flush();
        }
        ctx.out
            .stderr_line(&format!("Processed a total of {count} messages"));
        result?;
        closed?;
        match failed {
            Some(error) => Err(anyhow!("acknowledging the records failed: {error}")),
            None => Ok(()),
        }
    }
}

/// When the loop stops.
struct Limits {
    max_messages: Option<u64>,
    idle: Option<Duration>,
    reject_on_error: bool,
}

/// The record as the formatter takes it.
fn in_record(r: &ShareRecord) -> InRecord<'_> {
    let timestamp = match r.timestamp_type {
        TimestampType::Create => Some((r.timestamp, "CreateTime")),
        TimestampType::LogAppend => Some((r.timestamp, "LogAppendTime")),
        TimestampType::NoTimestamp => None,
    };
    InRecord {
        topic: &r.topic,
        partition: r.partition,
        offset: r.offset,
        timestamp,
        key: r.key.as_deref(),
        value: r.value.as_deref(),
        headers: r
            .headers
            .iter()
            .map(|(k, v)| (k.as_bytes().to_vec(), v.as_deref()))
            .collect(),
        delivery: Some(r.delivery_count),
        // Java's share consumer gives its records no leader epoch (`Epoch:NOT_PRESENT`).
        epoch: None,
    }
}

/// The consume loop: counts into `count` the records written.
async fn consume(
    consumer: &mut ShareConsumer,
    ctx: &mut Context,
    formatter: &super::formatter::Formatter,
    ack: AckType,
    limits: &Limits,
    count: &mut u64,
) -> Result<()> {
    let json = ctx.out.format() == Format::Json;
    let mut idle_since = Instant::now();
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        if let Some(signal) = ctx.shutdown.requested() {
            return Err(anyhow::Error::new(Interrupted(signal)));
        }
        if limits.max_messages.is_some_and(|m| *count >= m) {
            return Ok(());
        }
        let wait = match limits.idle {
            Some(idle) => idle
                .saturating_sub(idle_since.elapsed())
                .min(Duration::from_millis(500)),
            None => Duration::from_millis(500),
        };
        let records = match consumer.poll(wait).await {
            Ok(records) => records,
            Err(_) if ctx.shutdown.requested().is_some() => continue,
            Err(err) => return Err(err),
        };
        if records.is_empty() {
            ctx.out.flush()?;
            if ctx.out.stdout_closed() {
                return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe).into());
            }
            if limits.idle.is_some_and(|idle| idle_since.elapsed() >= idle) {
                return Ok(());
            }
            continue;
        }
        idle_since = Instant::now();
        for (i, record) in records.iter().enumerate() {
            if limits.max_messages.is_some_and(|m| *count >= m) {
                // Not written: handed back to the group for another reader.
                for rest in &records[i..] {
                    consumer.acknowledge(rest, AckType::Release)?;
                }
                return Ok(());
            }
            buf.clear();
            match render(&in_record(record), formatter, json, &mut buf) {
                Ok(()) => {
                    ctx.out.write_bytes(&buf)?;
                    consumer.acknowledge(record, ack)?;
                    *count += 1;
                }
                Err(e) if limits.reject_on_error => {
                    ctx.out.error_line(&format!(
                        "Error processing message, rejecting this message: {e:#}"
                    ));
                    consumer.acknowledge(record, AckType::Reject)?;
                }
                Err(e) => {
                    // Handed back: the rest of this poll too.
                    for rest in &records[i..] {
                        consumer.acknowledge(rest, AckType::Release)?;
                    }
                    return Err(anyhow!(
                        "Error processing message, terminating consumer process: {}-{} offset {}: {e:#}",
                        record.topic,
                        record.partition,
                        record.offset
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(argv: &[&str]) -> ConsoleShareConsumerArgs {
        ConsoleShareConsumerArgs::try_parse_from(
            std::iter::once("kafka-console-share-consumer").chain(argv.iter().copied()),
        )
        .unwrap()
    }

    #[test]
    fn option_rules_match_java() {
        let err = |a: &[&str]| args(a).check().unwrap_err().to_string();
        assert_eq!(err(&[]), "--topic is a required argument");
        assert_eq!(
            err(&["--topic", "t", "--reject", "--release"]),
            "At most one of --reject and --release may be specified."
        );
        assert_eq!(
            err(&[
                "--topic",
                "t",
                "--consumer-property",
                "a=b",
                "--command-property",
                "c=d"
            ]),
            "Options --consumer-property and --command-property cannot be specified together."
        );
        assert_eq!(
            args(&["--topic", "t", "--release"]).check().unwrap(),
            AckType::Release
        );
        assert_eq!(args(&["--topic", "t"]).check().unwrap(), AckType::Accept);
    }
}
