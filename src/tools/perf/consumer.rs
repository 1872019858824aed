//! `kafka-consumer-perf-test`: consume N records as a group member and report throughput, as
//! Kafka 4.4's ConsumerPerformance does.
//!
//! Measured as Java measures: the clock starts before the subscription (so the group join is
//! inside the elapsed time, and reported apart as `rebalance.time.ms`: from the start, or from
//! a revocation, to the next assignment); the bytes are each record's key plus value; the run
//! ends at N records or when no record came for `--timeout` ms; a detailed-stats line is
//! printed when a record arrives `--reporting-interval` ms after the last line. The assignment
//! times are taken when the poll that ran the rebalance returns.

use std::time::Duration;

use anyhow::Result;
use clap::Parser;
use serde_json::{json, Value};

use super::{java_fixed, json_f64, json_line, now_ms, text_line, DateFormat};
use super::{metrics_from_stats, metrics_json, metrics_text, MetricsOf};
use crate::client::consume::{Consumer, Source};
use crate::client::context::RebalanceEvent;
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::{usage, Interrupted};
use crate::output::{Format, OutputArgs};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Consume one million records from the start of a topic",
        "kafka-consumer-perf-test --bootstrap-server localhost:9092 --topic perf --num-records 1000000",
    ),
    (
        "A line per second, without the header",
        "kafka-consumer-perf-test --bootstrap-server localhost:9092 --topic perf --num-records 1000000 --show-detailed-stats --reporting-interval 1000 --hide-header",
    ),
];

/// The CSV header's fields after the first six.
const EXTRA_HEADER: &str = ", rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

/// Consume records and report the consumer's throughput.
#[derive(Parser, Debug)]
#[command(name = "kafka-consumer-perf-test", version)]
pub struct ConsumerPerfArgs {
    /// The topic to consume from (or --include)
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// Regular expression of the topics to consume from (or --topic)
    #[arg(long, value_name = "REGEX")]
    include: Option<String>,

    /// The group id to consume on (default: perf-consumer-<random number below 100000>)
    #[arg(long, value_name = "GID")]
    group: Option<String>,

    /// The maximum amount of data to fetch from a single partition per request
    #[arg(long = "fetch-size", value_name = "SIZE", default_value_t = 1_048_576)]
    fetch_size: i32,

    /// Without a committed offset, start at the latest record instead of the earliest
    #[arg(long = "from-latest")]
    from_latest: bool,

    #[command(flatten)]
    common: super::ConsumePerfOptions,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Counters of the consume loop.
#[derive(Default)]
struct Counts {
    records: i64,
    bytes: i64,
    last_records: i64,
    last_bytes: i64,
    join_ms: i64,
    join_round_ms: i64,
}

/// One line of numbers: a detailed-stats interval or the summary.
struct Line {
    total: bool,
    start_ms: i64,
    end_ms: i64,
    mb: f64,
    mb_per_sec: f64,
    records: i64,
    records_per_sec: f64,
    join_ms: i64,
    fetch_ms: i64,
    fetch_mb_per_sec: f64,
    fetch_records_per_sec: f64,
}

impl Line {
    /// Java's `printConsumerProgress` for the interval `[start_ms, end_ms]`.
    fn interval(c: &Counts, start_ms: i64, end_ms: i64) -> Self {
        let elapsed = (end_ms - start_ms) as f64;
        let interval_mb = (c.bytes - c.last_bytes) as f64 / (1024.0 * 1024.0);
        let interval_records = c.records - c.last_records;
        let fetch_ms = end_ms - start_ms - c.join_round_ms;
        let per_fetch = |v: f64| {
            if fetch_ms <= 0 {
                0.0
            } else {
                1000.0 * v / fetch_ms as f64
            }
        };
        Self {
            total: false,
            start_ms,
            end_ms,
            mb: c.bytes as f64 / (1024.0 * 1024.0),
            mb_per_sec: 1000.0 * interval_mb / elapsed,
            records: c.records,
            records_per_sec: interval_records as f64 / elapsed * 1000.0,
            join_ms: c.join_round_ms,
            fetch_ms,
            fetch_mb_per_sec: per_fetch(interval_mb),
            fetch_records_per_sec: per_fetch(interval_records as f64),
        }
    }

    /// Java's final line for the whole run.
    fn summary(c: &Counts, start_ms: i64, end_ms: i64) -> Self {
        let elapsed_sec = (end_ms - start_ms) as f64 / 1000.0;
        let fetch_ms = (end_ms - start_ms) - c.join_ms;
        let mb = c.bytes as f64 / (1024.0 * 1024.0);
        Self {
            total: true,
            start_ms,
            end_ms,
            mb,
            mb_per_sec: mb / elapsed_sec,
            records: c.records,
            records_per_sec: c.records as f64 / elapsed_sec,
            join_ms: c.join_ms,
            fetch_ms,
            fetch_mb_per_sec: mb / (fetch_ms as f64 / 1000.0),
            fetch_records_per_sec: c.records as f64 / (fetch_ms as f64 / 1000.0),
        }
    }

    fn text(&self, dates: &DateFormat) -> String {
        let first = if self.total {
            format!(
                "{}, {}",
                dates.format(self.start_ms),
                dates.format(self.end_ms)
            )
        } else {
            format!("{}, 0", dates.format(self.end_ms))
        };
        format!(
            "{first}, {}, {}, {}, {}, {}, {}, {}, {}",
            java_fixed(self.mb, 4),
            java_fixed(self.mb_per_sec, 4),
            self.records,
            java_fixed(self.records_per_sec, 4),
            self.join_ms,
            self.fetch_ms,
            java_fixed(self.fetch_mb_per_sec, 4),
            java_fixed(self.fetch_records_per_sec, 4),
        )
    }

    fn json(&self, dates: &DateFormat) -> Value {
        let mut v = json!({ "type": if self.total { "total" } else { "progress" } });
        if let Some(map) = v.as_object_mut() {
            if self.total {
                map.insert("start_time".into(), dates.format(self.start_ms).into());
                map.insert("start_time_ms".into(), self.start_ms.into());
                map.insert("end_time".into(), dates.format(self.end_ms).into());
                map.insert("end_time_ms".into(), self.end_ms.into());
            } else {
                map.insert("time".into(), dates.format(self.end_ms).into());
                map.insert("time_ms".into(), self.end_ms.into());
                map.insert("thread_id".into(), 0.into());
            }
            for (k, val) in [
                ("data_consumed_mb", json_f64(self.mb)),
                ("mb_per_sec", json_f64(self.mb_per_sec)),
                ("records", self.records.into()),
                ("records_per_sec", json_f64(self.records_per_sec)),
                ("rebalance_time_ms", self.join_ms.into()),
                ("fetch_time_ms", self.fetch_ms.into()),
                ("fetch_mb_per_sec", json_f64(self.fetch_mb_per_sec)),
                (
                    "fetch_records_per_sec",
                    json_f64(self.fetch_records_per_sec),
                ),
            ] {
                map.insert(k.into(), val);
            }
        }
        v
    }
}

impl Tool for ConsumerPerfArgs {
    const NAME: &'static str = "kafka-consumer-perf-test";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let source = match (&self.topic, &self.include) {
            (Some(topic), None) => vec![topic.clone()],
            // librdkafka subscribes to a pattern when the name starts with ^; Java's pattern
            // must match the whole topic name.
            (None, Some(regex)) => vec![format!("^({regex})$")],
            _ => {
                return Err(usage(
                    "Exactly one of the following arguments is required: [topic], [include]",
                ))
            }
        };
        let (num_records, dates) = self.common.check(&self.connection, ctx)?;
        let json = ctx.out.format() == Format::Json;
        let group = self
            .group
            .clone()
            .unwrap_or_else(|| format!("perf-consumer-{}", random_below(100_000)));
        let mut builder = SettingsBuilder::new(&self.connection)
            .file(self.common.consumer_config.as_deref())
            .set("group.id", group)
            .set(
                "receive.buffer.bytes",
                self.common.socket_buffer_size.to_string(),
            )
            .set("max.partition.fetch.bytes", self.fetch_size.to_string())
            .set(
                "auto.offset.reset",
                if self.from_latest {
                    "latest"
                } else {
                    "earliest"
                },
            )
            .set("check.crcs", "false")
            // librdkafka prefetches up to 100,000 records by default (64 MiB resident here);
            // 20,000 keep the fetcher ahead of the reader at a tenth of Java's memory (README,
            // Benchmarks). A value given with --command-property wins.
            .default_value("queued.min.messages", "20000")
            .default_value("client.id", "perf-consumer-client");
        if self.common.print_metrics {
            builder = builder.set("statistics.interval.ms", "500");
        }
        let settings = builder.build()?;
        if !self.common.hide_header && !json {
            let first = if self.common.show_detailed_stats {
                "time, threadId"
            } else {
                "start.time, end.time"
            };
            text_line(
                ctx,
                &format!("{first}, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec{EXTRA_HEADER}"),
            )?;
        }
        let mut consumer = Consumer::connect(settings, ctx.shutdown.clone())?;
        consumer.take_batches();
        let print = |ctx: &mut Context, line: &Line| -> Result<()> {
            if json {
                json_line(ctx, &line.json(&dates))?;
            } else {
                text_line(ctx, &line.text(&dates))?;
            }
            Ok(())
        };
        let start_ms = now_ms();
        let mut join_start = start_ms;
        let mut counts = Counts::default();
        consumer.start(&Source::Subscribe(source))?;
        let mut now = now_ms();
        let mut last_report = now;
        let mut last_consumed = now;
        let mut last_store = now;
        let mut outcome = Ok(());
        while counts.records < num_records && now - last_consumed <= self.common.timeout {
            if let Some(signal) = ctx.shutdown.requested() {
                outcome = Err(anyhow::Error::new(Interrupted(signal)));
                break;
            }
            let msg = consumer.poll(Duration::from_millis(100))?;
            now = now_ms();
            let Some(msg) = msg else {
                // A rebalance is served by a poll that returns no record.
                for event in consumer.take_rebalances() {
                    match event {
                        RebalanceEvent::Revoked(_) => join_start = now,
                        RebalanceEvent::Assigned(_) => {
                            counts.join_ms += now - join_start;
                            counts.join_round_ms += now - join_start;
                        }
                    }
                }
                continue;
            };
            last_consumed = now;
            counts.records += 1;
            counts.bytes += msg.key().map_or(0, <[u8]>::len) as i64;
            counts.bytes += msg.payload().map_or(0, <[u8]>::len) as i64;
            consumer.handled(msg.topic(), msg.partition(), msg.offset());
            drop(msg);
            if now - last_report >= self.common.reporting_interval {
                if self.common.show_detailed_stats {
                    print(ctx, &Line::interval(&counts, last_report, now))?;
                }
                counts.join_round_ms = 0;
                last_report = now;
                counts.last_records = counts.records;
                counts.last_bytes = counts.bytes;
            }
            if now - last_store >= 1000 {
                consumer.store_pending()?;
                last_store = now;
            }
        }
        if counts.records < num_records && outcome.is_ok() {
            let warning = format!("WARNING: Exiting before consuming the expected number of records: timeout ({} ms) exceeded. You can use the --timeout option to increase the timeout.", self.common.timeout);
            if json {
                ctx.out.stderr_line(&warning);
            } else {
                text_line(ctx, &warning)?;
            }
        }
        let end_ms = now_ms();
        let metrics = if self.common.print_metrics {
            final_statistics(&consumer)
        } else {
            None
        };
        let (stored, _) = consumer.close();
        if !self.common.show_detailed_stats {
            print(ctx, &Line::summary(&counts, start_ms, end_ms))?;
        }
        if let Some(stats) = metrics {
            let metrics = metrics_from_stats(&stats, MetricsOf::Consumer);
            if json {
                json_line(
                    ctx,
                    &json!({"type": "metrics", "metrics": metrics_json(&metrics)}),
                )?;
            } else {
                for line in metrics_text(&metrics) {
                    text_line(ctx, &line)?;
                }
            }
        }
        stored?;
        outcome
    }
}

/// A statistics document emitted after the last record (waits at most ~1.5 s for it; records
/// polled meanwhile are neither counted nor committed).
fn final_statistics(consumer: &Consumer) -> Option<String> {
    let (seen, _) = consumer.statistics();
    let deadline = std::time::Instant::now() + Duration::from_millis(1500);
    while std::time::Instant::now() < deadline {
        let _ = consumer.poll(Duration::from_millis(50));
        let (n, doc) = consumer.statistics();
        if n > seen {
            return doc;
        }
    }
    consumer.statistics().1
}

/// A random number in `[0, bound)` (for the default group id, as Java's `nextInt`).
fn random_below(bound: u32) -> u32 {
    let mut bytes = [0u8; 4];
    super::urandom(&mut bytes);
    u32::from_le_bytes(bytes) % bound
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_and_interval_lines_compute_like_java() {
        let c = Counts {
            records: 2000,
            bytes: 2 * 1024 * 1024,
            last_records: 1000,
            last_bytes: 1024 * 1024,
            join_ms: 500,
            join_round_ms: 0,
        };
        let dates = DateFormat::parse("'T'").unwrap();
        assert_eq!(
            Line::summary(&c, 0, 2000).text(&dates),
            "T, T, 2.0000, 1.0000, 2000, 1000.0000, 500, 1500, 1.3333, 1333.3333"
        );
        assert_eq!(
            Line::interval(&c, 1000, 2000).text(&dates),
            "T, 0, 2.0000, 1.0000, 2000, 1000.0000, 0, 1000, 1.0000, 1000.0000"
        );
    }
}
