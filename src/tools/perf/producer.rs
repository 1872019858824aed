//! `kafka-producer-perf-test`: produce N records as fast as allowed and report throughput and
//! latency, as Kafka 4.4's ProducerPerformance does.
//!
//! Measured as Java measures: a record's latency is the time from just before `send` to its
//! delivery report, in whole milliseconds; a progress line is printed when a delivery arrives
//! `--reporting-interval` ms after the window began; the summary's elapsed time runs from
//! before the first send to after the producer has delivered everything; percentiles come from
//! every `N / min(N, 500000)`-th delivery, sorted, at index `(int) (p * count)`. The throttle is
//! Java's ThroughputThrottler (sleep once the send rate is above the target, for the deficit
//! accumulated in 2 ms steps). Payloads and keys come from Java's `SplittableRandom` with the
//! same seed, so both tools send the same bytes.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::Parser;
use serde_json::{json, Value};

use super::{java_fixed, Clock, MetricsOf, SplittableRandom};
use super::{json_f64, json_line, metrics_from_stats, metrics_json, metrics_text, text_line};
use crate::client::context::DeliveryReport;
use crate::client::produce::{OutRecord, Producer, Sent};
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::{usage, Interrupted};
use crate::output::{Format, OutputArgs};
use crate::tools::{Context, Suggest, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "One million records of 100 bytes, unthrottled",
        "kafka-producer-perf-test --bootstrap-server localhost:9092 --topic perf --num-records 1000000 --record-size 100 --throughput -1",
    ),
    (
        "10,000 records per second in transactions of 1 s, acks=1, summary as JSON",
        "kafka-producer-perf-test --bootstrap-server localhost:9092 --topic perf --num-records 100000 --record-size 512 --throughput 10000 --transaction-duration-ms 1000 --command-property acks=1 --output json",
    ),
];

/// Produce records and report the producer's throughput and latency.
#[derive(Parser, Debug)]
#[command(name = "kafka-producer-perf-test", version)]
#[command(group(clap::ArgGroup::new("payload").required(true).args(["record_size", "payload_file", "payload_monotonic"])))]
pub struct ProducerPerfArgs {
    /// Produce records to this topic
    #[arg(long, value_name = "TOPIC", required = true)]
    topic: Option<String>,

    /// Number of records to produce
    #[arg(
        long = "num-records",
        value_name = "NUM-RECORDS",
        required = true,
        allow_negative_numbers = true
    )]
    num_records: Option<i64>,

    /// Record size in bytes (one of --record-size, --payload-file, --payload-monotonic)
    #[arg(
        long = "record-size",
        value_name = "RECORD-SIZE",
        allow_negative_numbers = true
    )]
    record_size: Option<i32>,

    /// File to read the record payloads from (UTF-8 text); each record takes a random one
    #[arg(long = "payload-file", value_name = "PAYLOAD-FILE", value_hint = clap::ValueHint::FilePath)]
    payload_file: Option<PathBuf>,

    /// Payload is a monotonically increasing integer
    #[arg(long = "payload-monotonic")]
    payload_monotonic: bool,

    /// The delimiter (a Java regex) of the payloads in --payload-file
    #[arg(
        long = "payload-delimiter",
        value_name = "PAYLOAD-DELIMITER",
        default_value = "\\n"
    )]
    payload_delimiter: String,

    /// Throttle to approximately THROUGHPUT records/sec (-1: no throttling)
    #[arg(
        long,
        value_name = "THROUGHPUT",
        required = true,
        allow_negative_numbers = true
    )]
    throughput: Option<f64>,

    /// (DEPRECATED) producer properties KEY=VALUE ...; use --command-property
    #[arg(long = "producer-props", value_name = "PROP-NAME=PROP-VALUE", num_args = 1..)]
    producer_props: Vec<String>,

    /// (DEPRECATED) producer config properties file; use --command-config
    #[arg(long = "producer.config", value_name = "CONFIG-FILE", value_hint = clap::ValueHint::FilePath)]
    producer_config: Option<PathBuf>,

    /// Print the producer's metrics at the end of the test
    #[arg(long = "print-metrics")]
    print_metrics: bool,

    /// The transactional id to use (turns transactions on)
    #[arg(long = "transactional-id", value_name = "TRANSACTIONAL-ID")]
    transactional_id: Option<String>,

    /// Commit a transaction after this many ms (turns transactions on; default 3000 with an id)
    #[arg(
        long = "transaction-duration-ms",
        value_name = "TRANSACTION-DURATION",
        allow_negative_numbers = true
    )]
    transaction_duration_ms: Option<i64>,

    /// Records to treat as warmup, left out of a second, steady-state summary
    #[arg(
        long = "warmup-records",
        value_name = "WARMUP-RECORDS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    warmup_records: i64,

    /// Interval in milliseconds at which to print progress info
    #[arg(
        long = "reporting-interval",
        value_name = "INTERVAL-MS",
        default_value_t = 5000,
        allow_negative_numbers = true
    )]
    reporting_interval: i64,

    /// Keys are integers in [0, KEY-RANGE) (with --key-distribution range or random)
    #[arg(
        long = "record-key-range",
        value_name = "KEY-RANGE",
        allow_negative_numbers = true
    )]
    record_key_range: Option<i32>,

    /// none (null keys), range (round-robin in [0, KEY-RANGE)) or random
    #[arg(long = "key-distribution", value_name = "KEY-DISTRIBUTION", default_value = "none", value_parser = Suggest(&["none", "range", "random"]))]
    key_distribution: String,

    /// Seed of the random keys and payloads (0: the same run every time)
    #[arg(
        long = "random-seed",
        value_name = "RANDOM-SEED",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    random_seed: i64,

    /// More KEY=VALUE words after --command-property or --producer-props (Java takes several
    /// values per flag)
    #[arg(value_name = "PROP-NAME=PROP-VALUE", hide = true)]
    more_props: Vec<String>,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// How record keys are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keys {
    None,
    Range(i32),
    Random(i32),
}

/// Where payloads come from.
enum Payloads {
    Random(usize),
    File(Vec<Vec<u8>>),
    Monotonic,
}

/// The validated request.
struct Request {
    topic: String,
    num_records: i64,
    warmup: i64,
    throughput: f64,
    interval_ms: i64,
    keys: Keys,
    payloads: Payloads,
    seed: i64,
    transactions: Option<i64>,
    print_metrics: bool,
}

impl ProducerPerfArgs {
    fn validate(&self) -> Result<Request> {
        let num_records = self.num_records.unwrap_or(0);
        if num_records <= 0 {
            return Err(usage("--num-records should be greater than zero."));
        }
        if self.warmup_records >= num_records {
            return Err(usage("The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records."));
        }
        if self.record_size.is_some_and(|s| s <= 0) {
            return Err(usage("--record-size should be greater than zero."));
        }
        let producer_props = !self.producer_props.is_empty();
        let command_props = !self.connection.command_property.is_empty();
        if self.connection.bootstrap_server.is_none()
            && !command_props
            && !producer_props
            && self.producer_config.is_none()
            && self.connection.command_config.is_none()
        {
            return Err(usage("At least one of --bootstrap-server, --command-property, --producer-props, --producer.config or --command-config must be specified."));
        }
        if command_props && producer_props {
            return Err(usage(
                "--command-property and --producer-props cannot be specified together.",
            ));
        }
        if self.connection.command_config.is_some() && self.producer_config.is_some() {
            return Err(usage(
                "--command-config and --producer.config cannot be specified together.",
            ));
        }
        if self.transaction_duration_ms.is_some_and(|d| d <= 0) {
            return Err(usage(
                "--transaction-duration-ms should be greater than zero.",
            ));
        }
        if self.reporting_interval <= 0 {
            return Err(usage("--reporting-interval should be greater than zero."));
        }
        if self.record_key_range.is_some_and(|r| r <= 0) {
            return Err(usage("--record-key-range should be greater than zero."));
        }
        let keys = match (self.key_distribution.as_str(), self.record_key_range) {
            ("none", None) => Keys::None,
            ("range", Some(r)) => Keys::Range(r),
            ("random", Some(r)) => Keys::Random(r),
            ("range" | "random", None) => {
                return Err(usage(
                    "--record-key-range is required when --key-distribution is 'range' or 'random'.",
                ))
            }
            ("none", Some(_)) => {
                return Err(usage(
                    "--key-distribution must be 'range' or 'random' when --record-key-range is specified.",
                ))
            }
            (other, _) => {
                return Err(usage(format!(
                    "argument --key-distribution: invalid choice: '{other}' (choose from 'none', 'range', 'random')"
                )))
            }
        };
        if let Some(bad) = self.more_props.iter().find(|w| !w.contains('=')) {
            return Err(usage(format!("unrecognized arguments: '{bad}'")));
        }
        let payloads = match (&self.payload_file, self.record_size) {
            (Some(path), _) => Payloads::File(read_payloads(path, &self.payload_delimiter)?),
            (None, Some(size)) => Payloads::Random(usize::try_from(size).unwrap_or(0)),
            (None, None) => Payloads::Monotonic,
        };
        Ok(Request {
            topic: self.topic.clone().unwrap_or_default(),
            num_records,
            warmup: self.warmup_records.max(0),
            throughput: self.throughput.unwrap_or(-1.0),
            interval_ms: self.reporting_interval,
            keys,
            payloads,
            seed: self.random_seed,
            transactions: None,
            print_metrics: self.print_metrics,
        })
    }
}

/// Reads `--payload-file`: split at the delimiter (a regex, `\n` by default), as Java's
/// Scanner does (no trailing empty payload).
fn read_payloads(path: &std::path::Path, delimiter: &str) -> Result<Vec<Vec<u8>>> {
    let delimiter = if delimiter == "\\n" { "\n" } else { delimiter };
    let text = match std::fs::read(path) {
        Ok(bytes) if !bytes.is_empty() => String::from_utf8_lossy(&bytes).into_owned(),
        _ => return Err(usage("File does not exist or empty file provided.")),
    };
    let re = regex::Regex::new(delimiter)
        .map_err(|e| usage(format!("--payload-delimiter: not a valid regex: {e}")))?;
    let mut payloads: Vec<Vec<u8>> = re.split(&text).map(|p| p.as_bytes().to_vec()).collect();
    if payloads.last().is_some_and(Vec::is_empty) {
        payloads.pop();
    }
    if payloads.is_empty() {
        return Err(usage("File does not exist or empty file provided."));
    }
    Ok(payloads)
}

/// One set of statistics (the whole run, or the steady state after warmup): Java's `Stats`.
struct Stats {
    start_ms: i64,
    steady: bool,
    print: bool,
    interval_ms: i64,
    sampling: i64,
    latencies: Vec<i32>,
    iteration: i64,
    count: i64,
    bytes: i64,
    max_latency: i32,
    total_latency: i64,
    window_start: i64,
    window_count: i64,
    window_bytes: i64,
    window_max: i32,
    window_total: i64,
}

/// What one window or summary says, printed as text or JSON.
struct Report {
    kind: &'static str,
    count: i64,
    records_per_sec: f64,
    mb_per_sec: f64,
    avg_latency: f64,
    max_latency: f64,
    percentiles: Option<[i32; 4]>,
}

impl Stats {
    fn new(num_records: i64, interval_ms: i64, steady: bool, now_ms: i64) -> Self {
        let sampling = (num_records / num_records.min(500_000)).max(1);
        let capacity = usize::try_from(num_records / sampling + 1).unwrap_or(1);
        Self {
            start_ms: now_ms,
            steady,
            print: true,
            interval_ms,
            sampling,
            latencies: vec![0; capacity],
            iteration: 0,
            count: 0,
            bytes: 0,
            max_latency: 0,
            total_latency: 0,
            window_start: now_ms,
            window_count: 0,
            window_bytes: 0,
            window_max: 0,
            window_total: 0,
        }
    }

    /// Records one delivery; returns the progress line(s) due (Java prints them at once).
    fn record(&mut self, latency: i32, bytes: i64, now_ms: i64, out: &mut Vec<Report>) {
        self.count += 1;
        self.bytes += bytes;
        self.total_latency += i64::from(latency);
        self.max_latency = self.max_latency.max(latency);
        self.window_count += 1;
        self.window_bytes += bytes;
        self.window_total += i64::from(latency);
        self.window_max = self.window_max.max(latency);
        if self.iteration % self.sampling == 0 {
            if let Some(slot) = usize::try_from(self.iteration / self.sampling)
                .ok()
                .and_then(|i| self.latencies.get_mut(i))
            {
                *slot = latency;
            }
        }
        if now_ms - self.window_start >= self.interval_ms {
            if self.steady && self.count == self.window_count {
                out.push(Report::marker());
            }
            if self.print {
                out.push(self.window(now_ms));
            }
            self.window_start = now_ms;
            self.window_count = 0;
            self.window_bytes = 0;
            self.window_max = 0;
            self.window_total = 0;
        }
        self.iteration += 1;
    }

    fn window(&self, now_ms: i64) -> Report {
        let elapsed = (now_ms - self.window_start) as f64;
        Report {
            kind: "progress",
            count: self.window_count,
            records_per_sec: 1000.0 * self.window_count as f64 / elapsed,
            mb_per_sec: 1000.0 * self.window_bytes as f64 / elapsed / (1024.0 * 1024.0),
            avg_latency: self.window_total as f64 / self.window_count as f64,
            max_latency: f64::from(self.window_max),
            percentiles: None,
        }
    }

    fn total(&mut self, now_ms: i64) -> Report {
        let elapsed = (now_ms - self.start_ms) as f64;
        let sampled = usize::try_from(self.count.min(self.iteration))
            .unwrap_or(0)
            .div_ceil(usize::try_from(self.sampling).unwrap_or(1))
            .min(self.latencies.len());
        let sorted = &mut self.latencies[..sampled];
        sorted.sort_unstable();
        let at = |p: f64| {
            let i = (p * sampled as f64) as usize;
            self.latencies.get(i).copied().unwrap_or(0)
        };
        let percentiles = [at(0.5), at(0.95), at(0.99), at(0.999)];
        Report {
            kind: if self.steady { "steady_state" } else { "total" },
            count: self.count,
            records_per_sec: 1000.0 * self.count as f64 / elapsed,
            mb_per_sec: 1000.0 * self.bytes as f64 / elapsed / (1024.0 * 1024.0),
            avg_latency: self.total_latency as f64 / self.count as f64,
            max_latency: f64::from(self.max_latency),
            percentiles: Some(percentiles),
        }
    }
}

impl Report {
    /// Java's "In steady state." line before the first steady-state window.
    fn marker() -> Self {
        Self {
            kind: "in_steady_state",
            count: 0,
            records_per_sec: 0.0,
            mb_per_sec: 0.0,
            avg_latency: 0.0,
            max_latency: 0.0,
            percentiles: None,
        }
    }

    fn text(&self) -> String {
        match (self.kind, self.percentiles) {
            ("in_steady_state", _) => "In steady state.".into(),
            (_, None) => format!(
                "{} records sent, {} records/sec ({} MB/sec), {} ms avg latency, {} ms max latency.",
                self.count,
                java_fixed(self.records_per_sec, 1),
                java_fixed(self.mb_per_sec, 2),
                java_fixed(self.avg_latency, 1),
                java_fixed(self.max_latency, 1),
            ),
            (kind, Some(p)) => format!(
                "{}{} records sent, {} records/sec ({} MB/sec), {} ms avg latency, {} ms max latency, {} ms 50th, {} ms 95th, {} ms 99th, {} ms 99.9th.",
                self.count,
                if kind == "steady_state" { " steady state" } else { "" },
                java_fixed(self.records_per_sec, 6),
                java_fixed(self.mb_per_sec, 2),
                java_fixed(self.avg_latency, 2),
                java_fixed(self.max_latency, 2),
                p[0],
                p[1],
                p[2],
                p[3],
            ),
        }
    }

    fn json(&self) -> Value {
        let mut v = json!({
            "type": self.kind,
            "records": self.count,
            "records_per_sec": json_f64(self.records_per_sec),
            "mb_per_sec": json_f64(self.mb_per_sec),
            "avg_latency_ms": json_f64(self.avg_latency),
            "max_latency_ms": json_f64(self.max_latency),
        });
        if let (Some(p), Some(map)) = (self.percentiles, v.as_object_mut()) {
            map.insert("p50_ms".into(), p[0].into());
            map.insert("p95_ms".into(), p[1].into());
            map.insert("p99_ms".into(), p[2].into());
            map.insert("p999_ms".into(), p[3].into());
        }
        v
    }
}

/// Send time and size of each record in flight, by record index (deliveries come back in any
/// order across partitions; the window spans the records not yet all delivered).
#[derive(Default)]
struct InFlight {
    base: usize,
    slots: VecDeque<Option<(i64, i64, bool)>>,
}

impl InFlight {
    fn push(&mut self, sent_ms: i64, bytes: i64, steady: bool) {
        self.slots.push_back(Some((sent_ms, bytes, steady)));
    }

    fn take(&mut self, id: usize) -> Option<(i64, i64, bool)> {
        let slot = self.slots.get_mut(id.checked_sub(self.base)?)?.take();
        while matches!(self.slots.front(), Some(None)) {
            self.slots.pop_front();
            self.base += 1;
        }
        slot
    }
}

/// The run: producer, clocks, statistics and output.
struct Run<'a> {
    ctx: &'a mut Context,
    json: bool,
    clock: Clock,
    stats: Stats,
    steady: Option<Stats>,
    in_flight: InFlight,
    errors: u64,
}

impl Run<'_> {
    fn print(&mut self, reports: &[Report]) -> Result<()> {
        for r in reports {
            if self.json {
                json_line(self.ctx, &r.json())?;
            } else {
                text_line(self.ctx, &r.text())?;
            }
        }
        Ok(())
    }

    /// Accounts the delivery reports served so far.
    fn collect(&mut self, producer: &Producer) -> Result<()> {
        let reports = producer.take_reports();
        if reports.is_empty() {
            return Ok(());
        }
        let mut lines = Vec::new();
        for DeliveryReport { id, error, at, .. } in reports {
            let Some((sent, bytes, steady)) = self.in_flight.take(id) else {
                continue;
            };
            // The time the report was served, as Java's callback runs when the response
            // arrives (a commit or a throttle sleep before we collect it does not count).
            let now = self.clock.ms_at(at);
            match error {
                None => {
                    let latency = i32::try_from(now - sent).unwrap_or(i32::MAX);
                    self.stats.record(latency, bytes, now, &mut lines);
                    if steady {
                        if let Some(s) = self.steady.as_mut() {
                            s.record(latency, bytes, now, &mut lines);
                        }
                    }
                }
                Some(error) => {
                    // Java prints the exception's stack trace and goes on.
                    self.errors += 1;
                    self.ctx
                        .out
                        .stderr_line(&format!("error sending a record: {error}"));
                }
            }
        }
        self.print(&lines)
    }
}

impl Tool for ProducerPerfArgs {
    const NAME: &'static str = "kafka-producer-perf-test";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let mut request = self.validate()?;
        let json = ctx.out.format() == Format::Json;
        let say = |ctx: &mut Context, line: &str| -> Result<()> {
            if json {
                ctx.out.stderr_line(line);
            } else {
                text_line(ctx, line)?;
            }
            Ok(())
        };
        if !self.producer_props.is_empty() {
            say(ctx, "Option --producer-props has been deprecated and will be removed in a future version. Use --command-property instead.")?;
        }
        if self.producer_config.is_some() {
            say(ctx, "Option --producer.config has been deprecated and will be removed in a future version. Use --command-config instead.")?;
        }
        if let (Some(path), Payloads::File(list)) = (&self.payload_file, &request.payloads) {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            say(
                ctx,
                &format!("Reading payloads from: {}", absolute.display()),
            )?;
            say(ctx, &format!("Number of records read: {}", list.len()))?;
        }
        // Java: the file, then the words, then bootstrap, serializers and client.id.
        let mut connection = self.connection.clone();
        connection
            .command_property
            .extend(self.producer_props.iter().cloned());
        connection
            .command_property
            .extend(self.more_props.iter().cloned());
        let mut builder = SettingsBuilder::new(&ConnectionArgs {
            bootstrap_server: None,
            ..connection.clone()
        })
        .file(self.producer_config.as_deref());
        let java = builder.java_properties()?;
        let from_props = java
            .iter()
            .rev()
            .find(|(k, _)| k == "bootstrap.servers")
            .map(|(_, v)| v.clone());
        builder = SettingsBuilder::new(&ConnectionArgs {
            bootstrap_server: connection.bootstrap_server.clone().or(from_props),
            ..connection
        })
        .file(self.producer_config.as_deref())
        .default_value("client.id", "perf-producer-client");
        let id_in_props = java
            .iter()
            .rev()
            .find(|(k, _)| k == "transactional.id")
            .map(|(_, v)| v.clone());
        let transactions = self.transactional_id.is_some()
            || self.transaction_duration_ms.is_some()
            || id_in_props.is_some();
        if transactions {
            let id = self
                .transactional_id
                .clone()
                .or(id_in_props)
                .unwrap_or_else(|| format!("performance-producer-{}", random_uuid()));
            builder = builder.set("transactional.id", id);
            request.transactions = Some(self.transaction_duration_ms.unwrap_or(3000));
        }
        if request.print_metrics {
            builder = builder.set("statistics.interval.ms", "500");
        }
        let settings = builder.build()?;
        let api_timeout = settings.api_timeout();
        let producer = Producer::connect(
            settings,
            &request.topic,
            ctx.shutdown.clone(),
            Duration::from_secs(60),
            true,
        )?;
        if request.transactions.is_some() {
            producer.init_transactions(api_timeout)?;
        }
        produce(ctx, &producer, &request, json, api_timeout)
    }
}

/// The send loop, the close and the summary.
fn produce(
    ctx: &mut Context,
    producer: &Producer,
    request: &Request,
    json: bool,
    api_timeout: Duration,
) -> Result<()> {
    let mut random = SplittableRandom::new(request.seed);
    if request.warmup > 0 {
        let line = format!(
            "Warmup first {} records. Steady state results will print after the complete test summary.",
            request.warmup
        );
        if json {
            ctx.out.stderr_line(&line);
        } else {
            text_line(ctx, &line)?;
        }
    }
    let clock = Clock::start();
    let mut run = Run {
        ctx,
        json,
        clock,
        stats: Stats::new(request.num_records, request.interval_ms, false, clock.ms()),
        steady: None,
        in_flight: InFlight::default(),
        errors: 0,
    };
    let mut throttler = Throttler::new(request.throughput, clock.ms());
    let mut payload: Vec<u8> = match request.payloads {
        Payloads::Random(size) => vec![0; size],
        _ => Vec::new(),
    };
    let mut record = OutRecord::default();
    let mut in_transaction = 0u64;
    let mut transaction_start = 0i64;
    let mut outcome: Result<()> = Ok(());
    for i in 0..request.num_records {
        if let Some(signal) = run.ctx.shutdown.requested() {
            outcome = Err(anyhow::Error::new(Interrupted(signal)));
            break;
        }
        match &request.payloads {
            Payloads::File(list) => {
                let n = i32::try_from(list.len()).unwrap_or(i32::MAX);
                let pick = usize::try_from(random.next_int(n)).unwrap_or(0);
                payload.clone_from(&list[pick.min(list.len() - 1)]);
            }
            Payloads::Random(_) => {
                for b in payload.iter_mut() {
                    *b = b'A' + random.next_int(26) as u8;
                }
            }
            Payloads::Monotonic => payload = i.to_string().into_bytes(),
        }
        if let Some(_duration) = request.transactions {
            if in_transaction == 0 {
                producer.begin_transaction()?;
                transaction_start = clock.ms();
            }
        }
        record.key = match request.keys {
            Keys::None => None,
            Keys::Range(r) => Some((i % i64::from(r)).to_string().into_bytes()),
            Keys::Random(r) => Some(random.next_int(r).to_string().into_bytes()),
        };
        record.value = Some(std::mem::take(&mut payload));
        let send_ms = clock.ms();
        if request.warmup > 0 && i == request.warmup {
            run.steady = Some(Stats::new(
                request.num_records - request.warmup,
                request.interval_ms,
                true,
                send_ms,
            ));
            run.stats.print = false;
        }
        let bytes = record.value.as_ref().map_or(0, Vec::len) as i64;
        run.in_flight.push(send_ms, bytes, run.steady.is_some());
        let id = run.in_flight.base + run.in_flight.slots.len() - 1;
        match producer.send(&record, id)? {
            Sent::Accepted => {}
            Sent::Rejected(error) => {
                run.in_flight.take(id);
                run.errors += 1;
                run.ctx
                    .out
                    .stderr_line(&format!("error sending a record: {error}"));
            }
        }
        payload = record.value.take().unwrap_or_default();
        in_transaction += 1;
        if let Some(duration) = request.transactions {
            if duration <= send_ms - transaction_start {
                producer.commit_transaction(api_timeout)?;
                in_transaction = 0;
            }
        }
        producer.poll();
        run.collect(producer)?;
        if throttler.should_throttle(i, send_ms) {
            throttler.throttle(producer, &mut run)?;
        }
    }
    if request.transactions.is_some() && in_transaction != 0 && outcome.is_ok() {
        producer.commit_transaction(api_timeout)?;
    }
    let flushed = producer.flush();
    run.collect(producer)?;
    let end = run.clock.ms();
    let metrics = if request.print_metrics {
        final_statistics(producer)
    } else {
        None
    };
    let mut totals = vec![run.stats.total(end)];
    if let Some(steady) = run.steady.as_mut() {
        totals.push(steady.total(end));
    }
    run.print(&totals)?;
    if let Some(stats) = metrics {
        let metrics = metrics_from_stats(&stats, MetricsOf::Producer);
        if json {
            json_line(
                run.ctx,
                &json!({"type": "metrics", "metrics": metrics_json(&metrics)}),
            )?;
        } else {
            for line in metrics_text(&metrics) {
                text_line(run.ctx, &line)?;
            }
        }
    }
    flushed.context("closing the producer")?;
    outcome
}

/// A statistics document emitted after everything was delivered (waits at most ~1 s for it).
fn final_statistics(producer: &Producer) -> Option<String> {
    let (seen, _) = producer.statistics();
    let deadline = std::time::Instant::now() + Duration::from_millis(1500);
    while std::time::Instant::now() < deadline {
        producer.wait(Duration::from_millis(50));
        let (n, doc) = producer.statistics();
        if n > seen {
            return doc;
        }
    }
    producer.statistics().1
}

/// Java's ThroughputThrottler: once the rate since the start exceeds the target, sleep off
/// the deficit (one record's share per call, slept in steps of at least 2 ms). Delivery
/// reports are served while it sleeps.
struct Throttler {
    target: f64,
    start_ms: i64,
    sleep_ns: i64,
    deficit_ns: i64,
}

impl Throttler {
    fn new(target: f64, start_ms: i64) -> Self {
        Self {
            target,
            start_ms,
            sleep_ns: if target > 0.0 {
                (1.0e9 / target) as i64
            } else {
                i64::MAX
            },
            deficit_ns: 0,
        }
    }

    fn should_throttle(&self, sent: i64, now_ms: i64) -> bool {
        if self.target < 0.0 {
            return false;
        }
        let elapsed_sec = (now_ms - self.start_ms) as f32 / 1000.0;
        elapsed_sec > 0.0 && (sent as f64 / f64::from(elapsed_sec)) > self.target
    }

    fn throttle(&mut self, producer: &Producer, run: &mut Run<'_>) -> Result<()> {
        if self.target == 0.0 {
            // Java waits forever; so do we, until a signal.
            loop {
                if let Some(signal) = run.ctx.shutdown.requested() {
                    return Err(anyhow::Error::new(Interrupted(signal)));
                }
                producer.wait(Duration::from_millis(100));
                run.collect(producer)?;
            }
        }
        self.deficit_ns = self.deficit_ns.saturating_add(self.sleep_ns);
        if self.deficit_ns >= 2_000_000 {
            let until = std::time::Instant::now()
                + Duration::from_nanos(u64::try_from(self.deficit_ns).unwrap_or(0));
            loop {
                let now = std::time::Instant::now();
                if now >= until || run.ctx.shutdown.requested().is_some() {
                    break;
                }
                producer.wait(until - now);
                run.collect(producer)?;
            }
            self.deficit_ns = 0;
        }
        Ok(())
    }
}

/// 16 random bytes in Java's `Uuid.toString()` form (URL-safe base64, no padding).
fn random_uuid() -> String {
    let mut bytes = [0u8; 16];
    super::urandom(&mut bytes);
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    let mut bits = 0u32;
    let mut acc = 0u32;
    for b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 6 {
            bits -= 6;
            out.push(char::from(ALPHABET[((acc >> bits) & 63) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (6 - bits)) & 63) as usize]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_sample_and_index_like_java() {
        let mut s = Stats::new(10, 5000, false, 0);
        let mut out = Vec::new();
        for latency in [5, 1, 9, 3, 7, 2, 8, 4, 6, 10] {
            s.record(latency, 100, 1, &mut out);
        }
        assert!(out.is_empty());
        let total = s.total(1000);
        assert_eq!(total.percentiles, Some([6, 10, 10, 10]));
        assert_eq!(
            total.text(),
            "10 records sent, 10.000000 records/sec (0.00 MB/sec), 5.50 ms avg latency, 10.00 ms max latency, 6 ms 50th, 10 ms 95th, 10 ms 99th, 10 ms 99.9th."
        );
    }

    #[test]
    fn a_window_is_printed_when_a_delivery_comes_after_the_interval() {
        let mut s = Stats::new(100, 1000, true, 0);
        let mut out = Vec::new();
        s.record(3, 1024 * 1024, 500, &mut out);
        s.record(5, 1024 * 1024, 1000, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].text(), "In steady state.");
        assert_eq!(
            out[1].text(),
            "2 records sent, 2.0 records/sec (2.00 MB/sec), 4.0 ms avg latency, 5.0 ms max latency."
        );
    }

    #[test]
    fn the_throttle_starts_once_the_rate_is_above_the_target() {
        let t = Throttler::new(100.0, 0);
        assert!(!t.should_throttle(50, 1000));
        assert!(t.should_throttle(101, 1000));
        assert!(!Throttler::new(-1.0, 0).should_throttle(1_000_000, 1));
    }

    #[test]
    fn uuids_are_22_url_safe_characters() {
        let id = random_uuid();
        assert_eq!(id.len(), 22);
        assert!(id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }
}
