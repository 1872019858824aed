//! `kafka-share-consumer-perf-test`: consume N records as members of a share group and report
//! throughput, as Kafka 4.4's ShareConsumerPerformance does.
//!
//! Measured as Java measures: the clock starts before the members join (Java's members join in
//! their first poll, inside the window); `--threads` members consume concurrently until the
//! shared count reaches N or a member got nothing for `--timeout` ms; the bytes are each
//! record's key plus value; a member prints a detailed-stats line when a record arrives
//! `--reporting-interval` ms after its last line. The summary's end time is taken before the
//! final commit, and its `fetch.time.ms` is the whole elapsed time. Unlike the consumer
//! benchmark, the summary is printed with `--show-detailed-stats` too.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use anyhow::Result;
use clap::Parser;
use serde_json::{json, Value};

use super::DateFormat;
use super::{java_fixed, json_f64, json_line, metrics_json, metrics_text, now_ms, text_line};
use crate::client::config::ClientSettings;
use crate::client::share::{AckMode, ShareConsumer};
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::{usage, Interrupted};
use crate::output::{Format, OutputArgs};
use crate::tools::verifiable_share_consumer::join;
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Consume one million records with share group perf-share-consumer",
        "kafka-share-consumer-perf-test --bootstrap-server localhost:9092 --topic perf --num-records 1000000",
    ),
    (
        "Four members sharing the load, a line per member per second, and each member's totals",
        "kafka-share-consumer-perf-test --bootstrap-server localhost:9092 --topic perf --num-records 1000000 --threads 4 --show-detailed-stats --reporting-interval 1000 --show-consumer-stats",
    ),
];

/// Java's header line.
const HEADER: &str =
    "start.time, end.time, data.consumed.in.MB, MB.sec, nMsg.sec, data.consumed.in.nMsg, fetch.time.ms";

/// How long one poll waits for records (Java's 100 ms).
const POLL_WAIT: Duration = Duration::from_millis(100);

/// Consume records as share group members and report their throughput.
#[derive(Parser, Debug)]
#[command(name = "kafka-share-consumer-perf-test", version)]
pub struct ShareConsumerPerfArgs {
    /// REQUIRED: the topic to consume from
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// The share group id to consume on
    #[arg(long, value_name = "GID", default_value = "perf-share-consumer")]
    group: String,

    /// The amount of data to fetch in a single request (fetch.max.bytes)
    #[arg(long = "fetch-size", value_name = "SIZE", default_value_t = 1_048_576)]
    fetch_size: i32,

    #[command(flatten)]
    common: super::ConsumePerfOptions,

    /// The number of share consumers (group members) sharing the load
    #[arg(
        long,
        value_name = "COUNT",
        default_value_t = 1,
        allow_negative_numbers = true
    )]
    threads: i32,

    /// Also report each member's totals at the end
    #[arg(long = "show-consumer-stats")]
    show_consumer_stats: bool,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// One line of numbers: Java's `%s, %s, %.4f, %.4f, %.4f, %d, %d` over a window.
#[derive(Debug, Clone, PartialEq)]
struct Stats {
    start_ms: i64,
    end_ms: i64,
    /// Data consumed in the whole run so far, in MB.
    mb: f64,
    mb_per_sec: f64,
    records_per_sec: f64,
    records: i64,
    fetch_ms: i64,
}

impl Stats {
    /// Java's `printShareConsumerProgress`: totals so far, rates over the interval.
    fn interval(c: &Counts, last: &Counts, start_ms: i64, end_ms: i64) -> Self {
        let elapsed = (end_ms - start_ms) as f64;
        let interval_mb = (c.bytes - last.bytes) as f64 / (1024.0 * 1024.0);
        Self {
            start_ms,
            end_ms,
            mb: c.bytes as f64 / (1024.0 * 1024.0),
            mb_per_sec: 1000.0 * interval_mb / elapsed,
            records_per_sec: (c.records - last.records) as f64 / elapsed * 1000.0,
            records: c.records,
            fetch_ms: end_ms - start_ms,
        }
    }

    /// Java's `printStatsForShareGroup` / `printStatsForShareConsumer`: the whole window.
    fn total(c: &Counts, start_ms: i64, end_ms: i64) -> Self {
        let secs = (end_ms - start_ms) as f64 / 1000.0;
        let mb = c.bytes as f64 / (1024.0 * 1024.0);
        Self {
            start_ms,
            end_ms,
            mb,
            mb_per_sec: mb / secs,
            records_per_sec: c.records as f64 / secs,
            records: c.records,
            fetch_ms: end_ms - start_ms,
        }
    }

    fn text(&self, dates: &DateFormat) -> String {
        format!(
            "{}, {}, {}, {}, {}, {}, {}",
            dates.format(self.start_ms),
            dates.format(self.end_ms),
            java_fixed(self.mb, 4),
            java_fixed(self.mb_per_sec, 4),
            java_fixed(self.records_per_sec, 4),
            self.records,
            self.fetch_ms,
        )
    }

    fn json(&self, kind: &str, dates: &DateFormat) -> Value {
        json!({
            "type": kind,
            "start_time": dates.format(self.start_ms),
            "start_time_ms": self.start_ms,
            "end_time": dates.format(self.end_ms),
            "end_time_ms": self.end_ms,
            "data_consumed_mb": json_f64(self.mb),
            "mb_per_sec": json_f64(self.mb_per_sec),
            "records_per_sec": json_f64(self.records_per_sec),
            "records": self.records,
            "fetch_time_ms": self.fetch_ms,
        })
    }
}

/// Records and bytes (key plus value) consumed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    records: i64,
    bytes: i64,
}

/// What the members share: the run's totals, the options the loops need, the output.
struct Shared<'a> {
    total: Cell<Counts>,
    num_records: i64,
    timeout: i64,
    reporting_interval: i64,
    detailed: bool,
    json: bool,
    dates: &'a DateFormat,
    ctx: RefCell<&'a mut Context>,
}

impl Shared<'_> {
    fn print(&self, text: &str, json: &Value) -> Result<()> {
        let mut ctx = self.ctx.borrow_mut();
        if self.json {
            json_line(&mut ctx, json)?;
        } else {
            text_line(&mut ctx, text)?;
        }
        Ok(())
    }

    fn stopped(&self) -> Option<i32> {
        self.ctx.borrow().shutdown.requested()
    }
}

impl Tool for ShareConsumerPerfArgs {
    const NAME: &'static str = "kafka-share-consumer-perf-test";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let topic = self
            .topic
            .clone()
            .ok_or_else(|| usage("Missing required argument \"[topic]\""))?;
        let (num_records, dates) = self.common.check(&self.connection, ctx)?;
        let threads = usize::try_from(self.threads)
            .ok()
            .filter(|t| *t > 0)
            .ok_or_else(|| usage("--threads must be at least 1"))?;
        let json = ctx.out.format() == Format::Json;
        let settings = SettingsBuilder::new(&self.connection)
            .file(self.common.consumer_config.as_deref())
            .set("group.id", self.group.clone())
            .set(
                "receive.buffer.bytes",
                self.common.socket_buffer_size.to_string(),
            )
            .set("fetch.max.bytes", self.fetch_size.to_string())
            .set("check.crcs", "false")
            .default_value("client.id", "perf-share-consumer-client")
            .build()?;
        // Java's client ids: the configured one for one member, with 1, 2, ... appended for
        // several.
        let base_id = settings.get("client.id").unwrap_or_default().to_string();
        let members: Vec<(String, ClientSettings)> = if threads == 1 {
            vec![(base_id, settings.clone())]
        } else {
            (1..=threads)
                .map(|i| {
                    let id = format!("{base_id}{i}");
                    (id.clone(), settings.clone().with("client.id", id))
                })
                .collect()
        };
        if !self.common.hide_header && !json {
            text_line(ctx, HEADER)?;
        }
        let start_ms = now_ms();
        let mut consumers = join_all(
            members
                .iter()
                .map(|(_, member)| {
                    Box::pin(join(
                        member,
                        &self.group,
                        &topic,
                        AckMode::Implicit,
                        &ctx.shutdown,
                    )) as Pin<Box<dyn Future<Output = Result<ShareConsumer>>>>
                })
                .collect(),
        )
        .await
        .into_iter()
        .collect::<Result<Vec<ShareConsumer>>>()?;

        let shared = Shared {
            total: Cell::new(Counts::default()),
            num_records,
            timeout: self.common.timeout,
            reporting_interval: self.common.reporting_interval,
            detailed: self.common.show_detailed_stats,
            json,
            dates: &dates,
            ctx: RefCell::new(ctx),
        };
        let per_member = join_all(
            consumers
                .iter_mut()
                .enumerate()
                .map(|(i, consumer)| {
                    Box::pin(consume(consumer, i + 1, &shared))
                        as Pin<Box<dyn Future<Output = Result<Counts>>>>
                })
                .collect(),
        )
        .await;
        let mut members_counts = Vec::with_capacity(per_member.len());
        let mut failure = None;
        for result in per_member {
            match result {
                Ok(counts) => members_counts.push(counts),
                Err(e) => {
                    members_counts.push(Counts::default());
                    failure.get_or_insert(e);
                }
            }
        }
        let interrupted = shared.stopped();
        let total = shared.total.get();
        let ctx = shared.ctx.into_inner();
        if self.show_consumer_stats {
            let now = now_ms();
            for (i, ((client_id, _), counts)) in members.iter().zip(&members_counts).enumerate() {
                let stats = Stats::total(counts, start_ms, now);
                if json {
                    let mut value = stats.json("share_consumer", &dates);
                    if let Some(map) = value.as_object_mut() {
                        map.insert("share_consumer".into(), (i + 1).into());
                        map.insert("client_id".into(), client_id.clone().into());
                    }
                    json_line(ctx, &value)?;
                } else {
                    text_line(
                        ctx,
                        &format!(
                            "Share consumer {} having client id {client_id} consumption metrics- {}",
                            i + 1,
                            stats.text(&dates)
                        ),
                    )?;
                }
            }
        }
        if total.records < num_records && interrupted.is_none() && failure.is_none() {
            let warning = format!("WARNING: Exiting before consuming the expected number of records: timeout ({} ms) exceeded. You can use the --timeout option to increase the timeout.", self.common.timeout);
            if json {
                ctx.out.stderr_line(&warning);
            } else {
                text_line(ctx, &warning)?;
            }
        }
        let end_ms = now_ms();
        // Java commits every member's acknowledgements before printing, closes after.
        let mut acknowledged = vec![0i64; consumers.len()];
        for (consumer, acked) in consumers.iter_mut().zip(acknowledged.iter_mut()) {
            match consumer.commit().await {
                Ok(results) => *acked += acked_records(&results),
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
        let summary = Stats::total(&total, start_ms, end_ms);
        if json {
            json_line(ctx, &summary.json("total", &dates))?;
        } else {
            text_line(ctx, &summary.text(&dates))?;
        }
        if self.common.print_metrics {
            let metrics = member_metrics(&members, &members_counts, &acknowledged);
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
        for consumer in consumers {
            if let Err(e) = consumer.close().await {
                failure.get_or_insert(e);
            }
        }
        if let Some(signal) = interrupted {
            return Err(anyhow::Error::new(Interrupted(signal)));
        }
        failure.map_or(Ok(()), Err)
    }
}

/// Java's `consumeRecordsForSingleShareConsumer`: one member's loop, until the shared total
/// reaches N or nothing came for `--timeout` ms; returns the member's own counts.
async fn consume(
    consumer: &mut ShareConsumer,
    member: usize,
    shared: &Shared<'_>,
) -> Result<Counts> {
    let mut counts = Counts::default();
    let mut last = Counts::default();
    let mut now = now_ms();
    let mut last_report = now;
    let mut last_consumed = now;
    while shared.total.get().records < shared.num_records && now - last_consumed <= shared.timeout {
        if shared.stopped().is_some() {
            break;
        }
        let records = match consumer.poll(POLL_WAIT).await {
            Ok(records) => records,
            Err(_) if shared.stopped().is_some() => break,
            Err(e) => return Err(e),
        };
        now = now_ms();
        if !records.is_empty() {
            last_consumed = now;
        }
        for record in &records {
            let bytes = record.key.as_ref().map_or(0, |k| k.len())
                + record.value.as_ref().map_or(0, |v| v.len());
            let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
            counts.records += 1;
            counts.bytes += bytes;
            let mut total = shared.total.get();
            total.records += 1;
            total.bytes += bytes;
            shared.total.set(total);
            if now - last_report >= shared.reporting_interval {
                if shared.detailed {
                    let stats = Stats::interval(&counts, &last, last_report, now);
                    let mut value = stats.json("progress", shared.dates);
                    if let Some(map) = value.as_object_mut() {
                        map.insert("share_consumer".into(), member.into());
                    }
                    shared.print(
                        &format!("{} for share consumer {member}", stats.text(shared.dates)),
                        &value,
                    )?;
                }
                last_report = now;
                last = counts;
            }
        }
    }
    Ok(counts)
}

/// The records whose acknowledgement the broker took.
fn acked_records(results: &[crate::client::share::AckResult]) -> i64 {
    results
        .iter()
        .filter(|r| r.error.is_none())
        .map(|r| i64::try_from(r.offsets.len()).unwrap_or(i64::MAX))
        .sum()
}

/// The metrics this tool measures itself, named as Java's share consumer names them
/// (`consumer-share-fetch-manager-metrics`), one set per member; the client keeps no metrics
/// registry, so Java's other metrics are not printed.
fn member_metrics(
    members: &[(String, ClientSettings)],
    counts: &[Counts],
    acknowledged: &[i64],
) -> Vec<(String, f64)> {
    let group = "consumer-share-fetch-manager-metrics";
    let mut out = Vec::new();
    for (((client_id, _), c), acked) in members.iter().zip(counts).zip(acknowledged) {
        let tags = format!("{{client-id={client_id}}}");
        out.push((
            format!("{group}:records-consumed-total:{tags}"),
            c.records as f64,
        ));
        out.push((
            format!("{group}:bytes-consumed-total:{tags}"),
            c.bytes as f64,
        ));
        out.push((
            format!("{group}:acknowledgements-send-total:{tags}"),
            *acked as f64,
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Runs `futures` concurrently on the current task (the members share the output, so they are
/// not spawned) and returns their results in order.
async fn join_all<'a, T>(futures: Vec<Pin<Box<dyn Future<Output = T> + 'a>>>) -> Vec<T> {
    let mut slots: Vec<Option<Pin<Box<dyn Future<Output = T> + 'a>>>> =
        futures.into_iter().map(Some).collect();
    let mut results: Vec<Option<T>> = slots.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (slot, result) in slots.iter_mut().zip(results.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => {
                        *result = Some(value);
                        *slot = None;
                    }
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_compute_like_java() {
        let dates = DateFormat::parse("'T'").unwrap();
        let c = Counts {
            records: 50,
            bytes: 91,
        };
        // Java printed "…, 0.0001, 0.0000, 9.6376, 50, 5188" for these counts.
        assert_eq!(
            Stats::total(&c, 0, 5188).text(&dates),
            "T, T, 0.0001, 0.0000, 9.6376, 50, 5188"
        );
        let first = Counts {
            records: 1,
            bytes: 1,
        };
        assert_eq!(
            Stats::interval(&first, &Counts::default(), 0, 5132).text(&dates),
            "T, T, 0.0000, 0.0000, 0.1949, 1, 5132"
        );
    }

    #[tokio::test]
    async fn join_all_keeps_the_order() {
        let futures: Vec<Pin<Box<dyn Future<Output = i32>>>> = vec![
            Box::pin(async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                1
            }),
            Box::pin(async { 2 }),
        ];
        assert_eq!(join_all(futures).await, vec![1, 2]);
    }
}
