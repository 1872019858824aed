//! `kafka-e2e-latency`: send one record at a time, synchronously, and time until a consumer
//! assigned to the topic's end reads it back, as Kafka 4.4's EndToEndLatency does.
//!
//! Measured as Java measures: the clock (monotonic, ns) starts before the send and stops when
//! the consumer's poll returns the record, after the send was acknowledged (`acks` 1 or all,
//! `linger.ms` 0, the consumer's `fetch.max.wait.ms` 0); every 1000th latency is printed, the
//! average is over the nanosecond times, the percentiles over whole milliseconds at Java's
//! indices. Keys, values and headers are the bytes Java's `Random(0)` gives (one letter
//! repeated). Both Java's named options and its deprecated positional form are accepted.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use clap::Parser;
use serde_json::json;

use super::{java_fixed, json_f64, json_line, now_ms, text_line};
use crate::client::admin::NewTopicSpec;
use crate::client::consume::{in_record, Consumer};
use crate::client::produce::{OutRecord, Producer, Sent};
use crate::client::{Admin, SettingsBuilder};
use crate::common::ConnectionArgs;
use crate::error::{usage, Interrupted};
use crate::output::{Format, OutputArgs};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "10,000 round trips of 100-byte records with acks=all",
        "kafka-e2e-latency --bootstrap-server localhost:9092 --topic latency --num-records 10000 --producer-acks all --record-size 100",
    ),
    (
        "The same in the deprecated positional form",
        "kafka-e2e-latency localhost:9092 latency 10000 all 100",
    ),
];

/// How long a poll waits for the record just sent (Java's POLL_TIMEOUT_MS).
const POLL_TIMEOUT: Duration = Duration::from_millis(60_000);

/// Measure the end-to-end latency of single records, produce to consume.
#[derive(Parser, Debug)]
#[command(name = "kafka-e2e-latency", version)]
pub struct E2eLatencyArgs {
    /// REQUIRED: the topic to use for the test (created with 1 partition if missing)
    #[arg(long, value_name = "TOPIC-NAME")]
    topic: Option<String>,

    /// REQUIRED: the number of records to send
    #[arg(
        long = "num-records",
        value_name = "COUNT",
        allow_negative_numbers = true
    )]
    num_records: Option<i32>,

    /// REQUIRED: producer acknowledgements, '1' or 'all'
    #[arg(
        long = "producer-acks",
        value_name = "PRODUCER-ACKS",
        allow_hyphen_values = true
    )]
    producer_acks: Option<String>,

    /// REQUIRED: the size of each record's value in bytes
    #[arg(
        long = "record-size",
        value_name = "BYTES",
        allow_negative_numbers = true
    )]
    record_size: Option<i32>,

    /// The size of each record's key in bytes
    #[arg(
        long = "record-key-size",
        value_name = "BYTES",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    record_key_size: i32,

    /// The size of each header's key in bytes
    #[arg(
        long = "record-header-key-size",
        value_name = "BYTES",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    record_header_key_size: i32,

    /// The size of each header's value in bytes (-1: a null value)
    #[arg(
        long = "record-header-size",
        value_name = "BYTES",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    record_header_size: i32,

    /// The number of headers of each record
    #[arg(
        long = "num-headers",
        value_name = "COUNT",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    num_headers: i32,

    /// (DEPRECATED) bootstrap-server topic num-records producer-acks record-size [command-config]
    #[arg(value_name = "POSITIONAL", hide = true)]
    positional: Vec<String>,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// The validated request.
struct Request {
    topic: String,
    num_records: usize,
    acks: String,
    value_size: usize,
    key_size: usize,
    header_key_size: usize,
    header_value_size: Option<usize>,
    num_headers: usize,
}

impl E2eLatencyArgs {
    /// Java's positional form, turned into the named options (with its deprecation warning).
    fn convert_positional(&mut self) -> Result<bool> {
        if self.positional.is_empty() {
            return Ok(false);
        }
        let named = self.topic.is_some()
            || self.num_records.is_some()
            || self.producer_acks.is_some()
            || self.record_size.is_some();
        if named {
            return Err(usage(format!(
                "unexpected argument '{}' (positional arguments and named options cannot be mixed)",
                self.positional[0]
            )));
        }
        let n = self.positional.len();
        if n != 5 && n != 6 {
            return Err(usage(format!("Invalid number of arguments. Expected 5 or 6 positional arguments, but got {n}. Usage: bootstrap-server topic num-records producer-acks record-size [optional] command-config")));
        }
        let p = std::mem::take(&mut self.positional);
        let int = |name: &str, v: &str| {
            v.parse::<i32>()
                .map_err(|_| usage(format!("Cannot parse argument '{v}' of option {name}")))
        };
        self.connection.bootstrap_server = Some(p[0].clone());
        self.topic = Some(p[1].clone());
        self.num_records = Some(int("num-records", &p[2])?);
        self.producer_acks = Some(p[3].clone());
        self.record_size = Some(int("record-size", &p[4])?);
        if let Some(config) = p.get(5).filter(|c| !c.trim().is_empty()) {
            self.connection.command_config = Some(config.into());
        }
        Ok(true)
    }

    fn validate(&self) -> Result<Request> {
        let missing = |name: &str| usage(format!("Missing required argument \"[{name}]\""));
        let topic = self.topic.clone().ok_or_else(|| missing("topic"))?;
        let num = self.num_records.ok_or_else(|| missing("num-records"))?;
        let acks = self
            .producer_acks
            .clone()
            .ok_or_else(|| missing("producer-acks"))?;
        let size = self.record_size.ok_or_else(|| missing("record-size"))?;
        if acks != "1" && acks != "all" {
            return Err(usage("Invalid value for --producer-acks. Latency testing requires synchronous acknowledgement. Please use '1' or 'all'."));
        }
        let non_negative = |v: i32, name: &str| {
            usize::try_from(v).map_err(|_| {
                usage(format!(
                    "Value for --{name} must be a non-negative integer."
                ))
            })
        };
        if num <= 0 {
            return Err(usage("Value for --num-records must be a positive integer."));
        }
        let header_value_size = match self.record_header_size {
            -1 => None,
            v => Some(usize::try_from(v).map_err(|_| {
                usage("Value for --record-header-size must be a non-negative integer or -1 for null header value.")
            })?),
        };
        Ok(Request {
            topic,
            num_records: usize::try_from(num).unwrap_or(0),
            acks,
            value_size: non_negative(size, "record-size")?,
            key_size: non_negative(self.record_key_size, "record-key-size")?,
            header_key_size: non_negative(self.record_header_key_size, "record-header-key-size")?,
            header_value_size,
            num_headers: non_negative(self.num_headers, "num-headers")?,
        })
    }
}

/// Java's `java.util.Random` (a 48-bit LCG): the same seed gives the same `nextInt`s.
struct JavaRandom(u64);

impl JavaRandom {
    const MASK: u64 = (1 << 48) - 1;

    fn new(seed: i64) -> Self {
        Self((seed as u64 ^ 0x5_DEEC_E66D) & Self::MASK)
    }

    fn next(&mut self, bits: u32) -> i32 {
        self.0 = (self.0.wrapping_mul(0x5_DEEC_E66D).wrapping_add(0xB)) & Self::MASK;
        (self.0 >> (48 - bits)) as i32
    }

    fn next_int(&mut self, bound: i32) -> i32 {
        if bound & bound.wrapping_neg() == bound {
            return ((i64::from(bound) * i64::from(self.next(31))) >> 31) as i32;
        }
        loop {
            let bits = self.next(31);
            let val = bits % bound;
            if bits.wrapping_sub(val).wrapping_add(bound - 1) >= 0 {
                return val;
            }
        }
    }

    /// Java's `randomBytesOfLen`: one random capital letter, `len` times.
    fn letters(&mut self, len: usize) -> Vec<u8> {
        vec![b'A' + self.next_int(26) as u8; len]
    }
}

/// A double as Java's `Double.toString` prints it in the range these latencies take
/// (1e-3 to 1e7): the shortest form, with `.0` for whole numbers.
fn java_double_string(v: f64) -> String {
    let s = format!("{v}");
    if s.contains('.') || s.contains('e') || !v.is_finite() {
        s
    } else {
        format!("{s}.0")
    }
}

impl Tool for E2eLatencyArgs {
    const NAME: &'static str = "kafka-e2e-latency";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(mut self, ctx: &mut Context) -> Result<()> {
        let json = ctx.out.format() == Format::Json;
        let note = |ctx: &mut Context, line: &str| -> Result<()> {
            if json {
                ctx.out.stderr_line(line);
            } else {
                text_line(ctx, line)?;
            }
            Ok(())
        };
        if self.convert_positional()? {
            note(ctx, "WARNING: Positional argument usage is deprecated and will be removed in Apache Kafka 5.0. Please use named arguments instead: --bootstrap-server, --topic, --num-records, --producer-acks, --record-size, --command-config")?;
        }
        let request = self.validate()?;
        let admin = Admin::connect(
            SettingsBuilder::new(&self.connection).build()?,
            ctx.shutdown.clone(),
        )?;
        if admin.topic_error(&request.topic)?.is_some() {
            if let Some(refusal) = admin.refusal_for_missing(&request.topic)? {
                return Err(refusal);
            }
            note(ctx, &format!("Topic \"{}\" does not exist. Will create topic with 1 partition(s) and replication factor = 1", request.topic))?;
            let created = admin.create_topics(&[NewTopicSpec {
                name: request.topic.clone(),
                partitions: 1,
                replication_factor: 1,
                assignment: None,
                configs: Vec::new(),
            }]);
            match created {
                Ok(outcomes) if outcomes.iter().all(|o| o.error.is_none()) => {
                    admin.await_visible(&[(request.topic.as_str(), 1)])?;
                }
                Ok(outcomes) => {
                    note(ctx, &format!("Creation of topic {} failed", request.topic))?;
                    let reason = outcomes
                        .into_iter()
                        .find_map(|o| o.error)
                        .map(|(_, m)| m)
                        .unwrap_or_default();
                    bail!("creating topic '{}': {reason}", request.topic);
                }
                Err(e) => {
                    note(ctx, &format!("Creation of topic {} failed", request.topic))?;
                    return Err(e);
                }
            }
        }
        drop(admin);
        let consumer_settings = SettingsBuilder::new(&self.connection)
            .set("group.id", format!("test-group-{}", now_ms()))
            .set("enable.auto.commit", "false")
            .set("auto.offset.reset", "latest")
            .set("fetch.max.wait.ms", "0")
            .build()?;
        let producer_settings = SettingsBuilder::new(&self.connection)
            .set("linger.ms", "0")
            .set("acks", request.acks.clone())
            .build()?;
        let mut consumer = Consumer::connect(consumer_settings, ctx.shutdown.clone())?;
        let producer = Producer::connect(
            producer_settings,
            &request.topic,
            ctx.shutdown.clone(),
            Duration::from_secs(60),
            false,
        )?;
        consumer.assign_at_end(&request.topic)?;
        measure(ctx, &request, &producer, &consumer, json)
    }
}

/// The round trips, the progress lines and the summary.
fn measure(
    ctx: &mut Context,
    request: &Request,
    producer: &Producer,
    consumer: &Consumer,
    json: bool,
) -> Result<()> {
    let mut random = JavaRandom::new(0);
    let mut latencies: Vec<i64> = Vec::with_capacity(request.num_records);
    let mut total_ns = 0.0f64;
    let mut positions: BTreeMap<(String, i32), i64> = BTreeMap::new();
    let commit = |positions: &BTreeMap<(String, i32), i64>| -> Result<()> {
        let offsets: Vec<(String, i32, i64)> = positions
            .iter()
            .map(|((t, p), o)| (t.clone(), *p, *o))
            .collect();
        if offsets.is_empty() {
            Ok(())
        } else {
            consumer.commit(&offsets)
        }
    };
    for i in 0..request.num_records {
        if let Some(signal) = ctx.shutdown.requested() {
            commit(&positions)?;
            return Err(anyhow::Error::new(Interrupted(signal)));
        }
        let key = random.letters(request.key_size);
        let value = random.letters(request.value_size);
        let headers: Vec<(String, Option<Vec<u8>>)> = (0..request.num_headers)
            .map(|_| {
                let name =
                    String::from_utf8_lossy(&random.letters(request.header_key_size)).into_owned();
                (name, request.header_value_size.map(|n| random.letters(n)))
            })
            .collect();
        let record = OutRecord {
            key: Some(key),
            value: Some(value),
            headers,
            ..OutRecord::default()
        };
        let begin = Instant::now();
        send_sync(producer, &record)?;
        let received = poll_one(consumer, begin)?;
        let elapsed = begin.elapsed();
        let Some(msg) = received else {
            commit(&positions)?;
            bail!("poll() timed out before finding a result (timeout:[60000ms])");
        };
        let got = in_record(&msg);
        positions.insert((got.topic.to_string(), got.partition), got.offset + 1);
        let check = validate(&record, &got);
        drop(msg);
        let extra = if check.is_ok() {
            count_more(consumer, &mut positions)?
        } else {
            0
        };
        if let Err(message) = check {
            commit(&positions)?;
            bail!("{message}");
        }
        if extra > 0 {
            commit(&positions)?;
            bail!(
                "Only one result was expected during this test. We found [{}]",
                extra + 1
            );
        }
        let elapsed_ns = elapsed.as_nanos() as f64;
        if i % 1000 == 0 {
            let ms = elapsed_ns / 1000.0 / 1000.0;
            if json {
                json_line(
                    ctx,
                    &json!({"type": "progress", "record": i, "latency_ms": json_f64(ms)}),
                )?;
            } else {
                text_line(ctx, &format!("{i}\t{}", java_double_string(ms)))?;
            }
        }
        total_ns += elapsed_ns;
        latencies.push(i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX));
    }
    let avg = total_ns / request.num_records as f64 / 1000.0 / 1000.0;
    latencies.sort_unstable();
    let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let (p50, p99, p999) = (at(0.5), at(0.99), at(0.999));
    if json {
        json_line(
            ctx,
            &json!({"type": "summary", "records": request.num_records, "avg_latency_ms": json_f64(avg), "p50_ms": p50, "p99_ms": p99, "p999_ms": p999}),
        )?;
    } else {
        text_line(ctx, &format!("Avg latency: {} ms", java_fixed(avg, 4)))?;
        text_line(
            ctx,
            &format!("Percentiles: 50th = {p50}, 99th = {p99}, 99.9th = {p999}"),
        )?;
    }
    commit(&positions)
}

/// Sends one record and waits for its acknowledgement (Java's `send(...).get()`).
fn send_sync(producer: &Producer, record: &OutRecord) -> Result<()> {
    let (delivered, failed) = producer.counts();
    match producer.send(record, 0)? {
        Sent::Accepted => {}
        Sent::Rejected(error) => bail!("{error}"),
    }
    loop {
        producer.wait(Duration::from_millis(100));
        let (d, f) = producer.counts();
        if f > failed {
            let error = producer
                .take_reports()
                .into_iter()
                .find_map(|r| r.error)
                .unwrap_or_else(|| "delivery failed".into());
            bail!("{error}");
        }
        if d > delivered {
            return Ok(());
        }
    }
}

/// Waits (at most Java's 60 s from `begin`) for the next record.
fn poll_one(
    consumer: &Consumer,
    begin: Instant,
) -> Result<Option<crate::client::consume::Fetched<'_>>> {
    loop {
        let left = POLL_TIMEOUT.saturating_sub(begin.elapsed());
        if left.is_zero() {
            return Ok(None);
        }
        if let Some(msg) = consumer.poll(left.min(Duration::from_millis(100)))? {
            return Ok(Some(msg));
        }
    }
}

/// Records already waiting after the one expected (Java's poll would have returned them in
/// the same batch).
fn count_more(consumer: &Consumer, positions: &mut BTreeMap<(String, i32), i64>) -> Result<usize> {
    let mut more = 0;
    while let Some(msg) = consumer.poll(Duration::ZERO)? {
        positions.insert((msg.topic().to_string(), msg.partition()), msg.offset() + 1);
        more += 1;
    }
    Ok(more)
}

/// Java's checks of the record read back: value, key and headers as sent.
fn validate(sent: &OutRecord, got: &crate::client::consume::InRecord<'_>) -> Result<(), String> {
    let text = |b: Option<&[u8]>| String::from_utf8_lossy(b.unwrap_or_default()).into_owned();
    let sent_value = text(sent.value.as_deref());
    let read_value = text(got.value);
    if read_value != sent_value {
        return Err(format!(
            "The message value read [{read_value}] did not match the message value sent [{sent_value}]"
        ));
    }
    match (&sent.key, got.key) {
        (Some(_), None) => return Err("Expected message key but received null".into()),
        (Some(k), Some(g)) if k.as_slice() != g => {
            return Err(format!(
                "The message key read [{}] did not match the message key sent [{}]",
                text(Some(g)),
                text(Some(k))
            ))
        }
        (None, Some(g)) => {
            return Err(format!(
                "Expected null message key but received [{}]",
                text(Some(g))
            ))
        }
        _ => {}
    }
    if !sent.headers.is_empty() {
        if got.headers.is_empty() {
            return Err("Expected message headers but received none".into());
        }
        if got.headers.len() != sent.headers.len() {
            return Err("Header count mismatch between sent and received messages".into());
        }
        for ((sk, sv), (gk, gv)) in sent.headers.iter().zip(&got.headers) {
            if sk.as_bytes() != gk.as_slice() || sv.as_deref() != *gv {
                let show = |v: Option<&[u8]>| v.map_or("null".to_string(), |v| text(Some(v)));
                return Err(format!(
                    "The message header read [{}:{}] did not match the message header sent [{sk}:{}]",
                    String::from_utf8_lossy(gk),
                    show(*gv),
                    show(sv.as_deref())
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_letters_as_java_util_random() {
        // Printed by Java 17: new Random(0), 10 × (char) (nextInt(26) + 65).
        let mut r = JavaRandom::new(0);
        let s: String = (0..10).map(|_| char::from(r.letters(1)[0])).collect();
        assert_eq!(s, "SSXVNJHPDQ");
    }

    #[test]
    fn latencies_print_as_java_doubles() {
        assert_eq!(
            java_double_string(179_543_580.0 / 1000.0 / 1000.0),
            "179.54358"
        );
        assert_eq!(java_double_string(3.0), "3.0");
    }
}
