//! `kafka-verifiable-consumer`: consume with a group and report what happened as JSON events.
//!
//! Options and events follow Kafka's VerifiableConsumer (reference kafka-tools.md §8): group
//! rebalances (`partitions_assigned`/`partitions_revoked`), one `records_consumed` per poll
//! with per-partition offset ranges, `offsets_committed` after each poll unless auto-commit is
//! on, and the shutdown events.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use clap::Parser;
use serde_json::{json, Value};

use super::verifiable::{emit, tp};
use crate::client::consume::{in_record, Consumer, Source};
use crate::client::context::RebalanceEvent;
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::{is_fatal, usage, Interrupted};
use crate::output::Output;
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[(
    "Consume 1000 records with group g, committing after every poll, printing each record",
    "kafka-verifiable-consumer --bootstrap-server localhost:9092 --topic verify --group-id g --max-messages 1000 --verbose",
)];

/// Consume messages with a group and report events as JSON lines.
#[derive(Parser, Debug)]
#[command(name = "kafka-verifiable-consumer", version)]
pub struct VerifiableConsumerArgs {
    /// REQUIRED: the topic to consume from
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// REQUIRED: the consumer group id
    #[arg(long = "group-id", value_name = "GROUP-ID")]
    group_id: Option<String>,

    /// Static membership id (group.instance.id)
    #[arg(long = "group-instance-id", value_name = "GROUP-INSTANCE-ID")]
    group_instance_id: Option<String>,

    /// Group protocol: classic or consumer
    #[arg(
        long = "group-protocol",
        value_name = "GROUP-PROTOCOL",
        default_value = "classic",
        value_parser = crate::tools::Suggest(&["classic", "consumer"])
    )]
    group_protocol: String,

    /// Server-side assignor (consumer protocol only)
    #[arg(long = "group-remote-assignor", value_name = "GROUP-REMOTE-ASSIGNOR")]
    group_remote_assignor: Option<String>,

    /// Assignment strategy (classic protocol only)
    #[arg(long = "assignment-strategy", value_name = "ASSIGNMENT-STRATEGY")]
    assignment_strategy: Option<String>,

    /// Stop after this many records (-1: until stopped)
    #[arg(long = "max-messages", value_name = "MAX-MESSAGES", default_value_t = -1, allow_negative_numbers = true)]
    max_messages: i64,

    /// Session timeout in ms (classic protocol)
    #[arg(long = "session-timeout", value_name = "TIMEOUT-MS")]
    session_timeout: Option<u64>,

    /// Also print one record_data event per record
    #[arg(long)]
    verbose: bool,

    /// Let the consumer commit automatically instead of after every poll
    #[arg(long = "enable-autocommit")]
    enable_autocommit: bool,

    /// Where to start without a committed offset: earliest, latest or none
    #[arg(
        long = "reset-policy",
        value_name = "RESET-POLICY",
        default_value = "earliest",
        value_parser = crate::tools::Suggest(&["earliest", "latest", "none"])
    )]
    reset_policy: String,

    /// Deprecated alias of --command-config
    #[arg(long = "consumer.config", value_name = "CONFIG-FILE", value_hint = clap::ValueHint::FilePath)]
    consumer_config: Option<PathBuf>,

    /// Accepted for compatibility (Kafka 4.4); closing waits for the group coordinator
    #[arg(long = "close-timeout", value_name = "CLOSE-TIMEOUT-MS")]
    close_timeout: Option<u64>,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Per-partition summary of one poll.
struct Range {
    count: u64,
    min: i64,
    max: i64,
}

impl Tool for VerifiableConsumerArgs {
    const NAME: &'static str = "kafka-verifiable-consumer";

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let topic = self
            .topic
            .clone()
            .ok_or_else(|| usage("argument --topic is required"))?;
        let group = self
            .group_id
            .clone()
            .ok_or_else(|| usage("argument --group-id is required"))?;
        let protocol = self.group_protocol.to_ascii_lowercase();
        if protocol != "classic" && protocol != "consumer" {
            return Err(usage(format!(
                "No enum constant for group protocol {}",
                self.group_protocol
            )));
        }
        if self.consumer_config.is_some() && self.connection.command_config.is_some() {
            return Err(usage(
                "Options --consumer.config and --command-config are mutually exclusive.",
            ));
        }
        if self.consumer_config.is_some() {
            ctx.out.line("Option --consumer.config has been deprecated and will be removed in a future version. Use --command-config instead.")?;
        }
        // The file first; the command line wins (Java's order).
        let mut builder = SettingsBuilder::new(&self.connection)
            .file(self.consumer_config.as_deref())
            .set("group.protocol", protocol.clone())
            .set("group.id", group)
            .set("enable.auto.commit", self.enable_autocommit.to_string())
            .set("auto.offset.reset", self.reset_policy.clone());
        if protocol == "classic" {
            builder = builder.set(
                "partition.assignment.strategy",
                self.assignment_strategy
                    .clone()
                    .unwrap_or_else(|| "org.apache.kafka.clients.consumer.RangeAssignor".into()),
            );
            if let Some(ms) = self.session_timeout {
                builder = builder.set("session.timeout.ms", ms.to_string());
            }
        } else if let Some(assignor) = &self.group_remote_assignor {
            builder = builder.set("group.remote.assignor", assignor.clone());
        }
        if let Some(id) = &self.group_instance_id {
            builder = builder.set("group.instance.id", id.clone());
        }
        let mut consumer = Consumer::connect(builder.build()?, ctx.shutdown.clone())?;
        emit(ctx, "startup_complete", vec![])?;
        consumer.start(&Source::Subscribe(vec![topic]))?;
        let progress = Output::stderr_is_terminal().then(indicatif::ProgressBar::new_spinner);
        let mut consumed: u64 = 0;
        let limit = (self.max_messages >= 0).then(|| self.max_messages.unsigned_abs());
        let outcome: Result<()> = loop {
            if let Some(signal) = ctx.shutdown.requested() {
                emit(ctx, "shutdown_requested", vec![])?;
                break Err(anyhow::Error::new(Interrupted(signal)));
            }
            if limit.is_some_and(|l| consumed >= l) {
                break Ok(());
            }
            match self.poll_once(ctx, &consumer, &mut consumed, limit) {
                Ok(()) => {}
                // A cluster that cannot be used (authentication, TLS, no broker) or a missing
                // ACL fails the run; Java's consumer would retry forever.
                Err(e) if is_fatal(&e) => break Err(e),
                Err(e) => {
                    ctx.out.error_line(&format!("{e:#}"));
                    break Ok(());
                }
            }
            if let Some(bar) = &progress {
                bar.set_message(format!("consumed {consumed}"));
                bar.tick();
            }
        };
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
        print_rebalances(ctx, consumer.take_rebalances())?;
        let (stored, closing) = consumer.close();
        print_rebalances(ctx, closing)?;
        if let Err(e) = stored {
            ctx.out.error_line(&format!("{e:#}"));
        }
        emit(ctx, "shutdown_complete", vec![])?;
        if outcome.is_ok() {
            // Java's shutdown hook runs after a natural end too.
            emit(ctx, "shutdown_requested", vec![])?;
        }
        outcome
    }
}

impl VerifiableConsumerArgs {
    /// One "poll": the records available now (up to 500, Java's max.poll.records), their
    /// events, and the commit.
    fn poll_once(
        &self,
        ctx: &mut Context,
        consumer: &Consumer,
        consumed: &mut u64,
        limit: Option<u64>,
    ) -> Result<()> {
        let mut ranges: BTreeMap<(String, i32), Range> = BTreeMap::new();
        let mut order: Vec<(String, i32)> = Vec::new();
        let mut polled: u64 = 0;
        let mut wait = Duration::from_millis(100);
        while polled < 500 {
            let Some(msg) = consumer.poll(wait)? else {
                break;
            };
            wait = Duration::ZERO;
            polled += 1;
            // Rebalance events come before the records of the new assignment.
            print_rebalances(ctx, consumer.take_rebalances())?;
            if limit.is_some_and(|l| *consumed >= l) {
                continue;
            }
            let r = in_record(&msg);
            *consumed += 1;
            if self.verbose {
                emit(
                    ctx,
                    "record_data",
                    vec![
                        (
                            "key",
                            r.key.map_or(Value::Null, |k| {
                                Value::from(String::from_utf8_lossy(k).into_owned())
                            }),
                        ),
                        (
                            "value",
                            r.value.map_or(Value::Null, |v| {
                                Value::from(String::from_utf8_lossy(v).into_owned())
                            }),
                        ),
                        ("topic", Value::from(r.topic)),
                        ("partition", Value::from(r.partition)),
                        ("offset", Value::from(r.offset)),
                    ],
                )?;
            }
            consumer.handled(r.topic, r.partition, r.offset);
            let key = (r.topic.to_string(), r.partition);
            let range = ranges.entry(key.clone()).or_insert_with(|| {
                order.push(key);
                Range {
                    count: 0,
                    min: r.offset,
                    max: r.offset,
                }
            });
            range.count += 1;
            range.min = range.min.min(r.offset);
            range.max = range.max.max(r.offset);
        }
        print_rebalances(ctx, consumer.take_rebalances())?;
        if polled == 0 {
            return Ok(());
        }
        let partitions: Vec<Value> = order
            .iter()
            .filter_map(|k| ranges.get(k).map(|r| (k, r)))
            .map(|((topic, partition), r)| {
                json!({"topic": topic, "partition": partition, "count": r.count, "minOffset": r.min, "maxOffset": r.max})
            })
            .collect();
        emit(
            ctx,
            "records_consumed",
            vec![
                ("count", Value::from(polled)),
                ("partitions", Value::Array(partitions)),
            ],
        )?;
        if !self.enable_autocommit && !order.is_empty() {
            let offsets: Vec<(String, i32, i64)> = order
                .iter()
                .filter_map(|k| ranges.get(k).map(|r| (k.0.clone(), k.1, r.max + 1)))
                .collect();
            let listed: Vec<Value> = offsets
                .iter()
                .map(|(t, p, o)| json!({"topic": t, "partition": p, "offset": o}))
                .collect();
            match consumer.commit(&offsets) {
                Ok(()) => emit(
                    ctx,
                    "offsets_committed",
                    vec![
                        ("offsets", Value::Array(listed)),
                        ("success", Value::from(true)),
                    ],
                )?,
                Err(e) => emit(
                    ctx,
                    "offsets_committed",
                    vec![
                        ("offsets", Value::Array(listed)),
                        ("error", Value::from(format!("{e:#}"))),
                        ("success", Value::from(false)),
                    ],
                )?,
            }
        }
        Ok(())
    }
}

fn print_rebalances(ctx: &mut Context, events: Vec<RebalanceEvent>) -> Result<()> {
    for event in events {
        let (name, parts) = match event {
            RebalanceEvent::Assigned(p) => ("partitions_assigned", p),
            RebalanceEvent::Revoked(p) => ("partitions_revoked", p),
        };
        let list: Vec<Value> = parts.iter().map(|(t, p)| tp(t, *p)).collect();
        emit(ctx, name, vec![("partitions", Value::Array(list))])?;
    }
    Ok(())
}
