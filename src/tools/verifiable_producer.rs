//! `kafka-verifiable-producer`: produce `0, 1, 2, …` and report every send as a JSON event.
//!
//! Options and events follow Kafka's VerifiableProducer (reference kafka-tools.md §7), which
//! Kafka's system tests parse. SIGINT/SIGTERM stop sending, wait for outstanding
//! acknowledgements (each reported), then print `shutdown_complete` and `tool_data`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Parser;
use serde_json::Value;

use super::verifiable::{emit, emit_unflushed, java_double, java_exception, now_ms};
use crate::client::context::DeliveryReport;
use crate::client::produce::{OutRecord, Producer, Sent};
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::{usage, Interrupted};
use crate::output::Output;
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Send 1000 messages at 100 per second with acks=all",
        "kafka-verifiable-producer --bootstrap-server localhost:9092 --topic verify --max-messages 1000 --throughput 100 --acks -1",
    ),
    (
        "Keys cycling over 0..9 and values prefixed with 7.",
        "kafka-verifiable-producer --bootstrap-server localhost:9092 --topic verify --max-messages 100 --repeating-keys 10 --value-prefix 7",
    ),
];

/// Produce a sequence of integers and report each send as a JSON line.
#[derive(Parser, Debug)]
#[command(name = "kafka-verifiable-producer", version)]
pub struct VerifiableProducerArgs {
    /// REQUIRED: the topic to produce to
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// Produce this many messages (-1: until stopped)
    #[arg(long = "max-messages", value_name = "MAX-MESSAGES", default_value_t = -1, allow_negative_numbers = true)]
    max_messages: i64,

    /// Messages per second at most (-1: no throttling)
    #[arg(long, value_name = "THROUGHPUT", default_value_t = -1, allow_negative_numbers = true)]
    throughput: i64,

    /// Acknowledgements each produce request waits for: 0, 1 or -1
    #[arg(long, value_name = "ACKS", default_value = "-1", allow_hyphen_values = true, value_parser = ["0", "1", "-1"])]
    acks: String,

    /// Deprecated alias of --command-config
    #[arg(long = "producer.config", value_name = "CONFIG-FILE", value_hint = clap::ValueHint::FilePath)]
    producer_config: Option<PathBuf>,

    /// Timestamp (ms) of the first record; later ones grow with the elapsed time (-1: now)
    #[arg(long = "message-create-time", value_name = "CREATE-TIME", default_value_t = -1, allow_negative_numbers = true)]
    message_create_time: i64,

    /// Values become <prefix>.<i>
    #[arg(long = "value-prefix", value_name = "VALUE-PREFIX")]
    value_prefix: Option<i64>,

    /// Keys cycle over 0..N-1 (default: null keys)
    #[arg(long = "repeating-keys", value_name = "REPEATING-KEYS")]
    repeating_keys: Option<u64>,

    #[command(flatten)]
    connection: ConnectionArgs,
}

impl VerifiableProducerArgs {
    fn key_of(&self, i: u64) -> Option<String> {
        self.repeating_keys
            .filter(|n| *n > 0)
            .map(|n| (i % n).to_string())
    }

    fn value_of(&self, i: u64) -> String {
        match self.value_prefix {
            Some(p) => format!("{p}.{i}"),
            None => i.to_string(),
        }
    }
}

/// Counts of one run.
#[derive(Default)]
struct Counts {
    sent: u64,
    acked: u64,
}

impl Tool for VerifiableProducerArgs {
    const NAME: &'static str = "kafka-verifiable-producer";

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let topic = self
            .topic
            .clone()
            .ok_or_else(|| usage("argument --topic is required"))?;
        if self.producer_config.is_some() && self.connection.command_config.is_some() {
            return Err(usage(
                "Options --producer.config and --command-config are mutually exclusive.",
            ));
        }
        if self.producer_config.is_some() {
            ctx.out.line("Option --producer.config has been deprecated and will be removed in a future version. Use --command-config instead.")?;
        }
        // Java: bootstrap, acks and retries=0 first, then the file on top of them.
        let settings = SettingsBuilder::new(&self.connection)
            .default_value("acks", self.acks.clone())
            .default_value("retries", "0")
            .file(self.producer_config.as_deref())
            .build()?;
        let producer = Producer::connect(
            settings,
            &topic,
            ctx.shutdown.clone(),
            Duration::from_secs(60),
            true,
        )?;
        emit(ctx, "startup_complete", vec![])?;
        let start = Instant::now();
        let start_ms = now_ms();
        let mut counts = Counts::default();
        let progress = progress_bar();
        let mut create_time = self.message_create_time;
        let mut i: u64 = 0;
        let outcome = loop {
            if let Some(signal) = ctx.shutdown.requested() {
                break Err(anyhow::Error::new(Interrupted(signal)));
            }
            if self.max_messages >= 0 && i >= self.max_messages.unsigned_abs() {
                break Ok(());
            }
            if self.throughput == 0 && i > 0 {
                // Java's throttler blocks forever after the first send at a target of 0.
                std::thread::sleep(Duration::from_millis(100));
                producer.poll();
                report(ctx, &producer, &self, &topic, &mut counts)?;
                continue;
            }
            if self.throughput > 0 {
                let due = Duration::from_secs_f64(i as f64 / self.throughput as f64);
                let elapsed = start.elapsed();
                if due > elapsed {
                    std::thread::sleep((due - elapsed).min(Duration::from_millis(100)));
                    producer.poll();
                    report(ctx, &producer, &self, &topic, &mut counts)?;
                    continue;
                }
            }
            let record = OutRecord {
                key: self.key_of(i).map(String::into_bytes),
                value: Some(self.value_of(i).into_bytes()),
                timestamp: (create_time >= 0).then_some(create_time),
                ..OutRecord::default()
            };
            counts.sent += 1;
            match producer.send(&record, usize::try_from(i).unwrap_or(usize::MAX))? {
                Sent::Accepted => {}
                Sent::Rejected(error) => {
                    send_error(ctx, &topic, self.key_of(i), self.value_of(i), &error)?
                }
            }
            if create_time >= 0 {
                // Java adds the elapsed time after every send (cumulative).
                create_time += now_ms() - start_ms;
            }
            i += 1;
            producer.poll();
            report(ctx, &producer, &self, &topic, &mut counts)?;
            if let Some(bar) = &progress {
                bar.set_message(format!("sent {} acked {}", counts.sent, counts.acked));
            }
        };
        let flushed = producer.flush();
        report(ctx, &producer, &self, &topic, &mut counts)?;
        match (progress, &outcome) {
            (Some(spinner), Err(e))
                if e.downcast_ref::<Interrupted>().is_some_and(|i| i.0 == 2) =>
            {
                spinner.interrupted();
            }
            (progress, _) => drop(progress),
        }
        emit(ctx, "shutdown_complete", vec![])?;
        let elapsed_ms = (now_ms() - start_ms) as f64;
        emit(
            ctx,
            "tool_data",
            vec![
                ("sent", Value::from(counts.sent)),
                ("acked", Value::from(counts.acked)),
                ("target_throughput", Value::from(self.throughput)),
                (
                    "avg_throughput",
                    java_double(1000.0 * counts.acked as f64 / elapsed_ms),
                ),
            ],
        )?;
        flushed?;
        outcome
    }
}

/// A progress spinner on stderr, when stderr is a terminal and the events go elsewhere (on the
/// same terminal they show the progress themselves, and a spinner redrawn between them would
/// leave stale copies behind).
fn progress_bar() -> Option<Spinner> {
    (Output::stderr_is_terminal() && !std::io::stdout().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(Duration::from_millis(200));
        Spinner(bar)
    })
}

/// The spinner, cleared from the terminal however the run ends (an error included).
struct Spinner(indicatif::ProgressBar);

impl Spinner {
    fn set_message(&self, message: String) {
        self.0.set_message(message);
    }

    /// Clears the spinner after Ctrl-C, whose echo wrapped onto the next line.
    fn interrupted(self) {
        self.0.finish_and_clear();
        crate::output::erase_echoed_interrupt();
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

fn send_error(
    ctx: &mut Context,
    topic: &str,
    key: Option<String>,
    value: String,
    error: &str,
) -> Result<()> {
    emit(
        ctx,
        "producer_send_error",
        vec![
            ("topic", Value::from(topic)),
            ("key", key.map_or(Value::Null, Value::from)),
            ("value", Value::from(value)),
            ("exception", Value::from(java_exception(error))),
            ("message", Value::from(error)),
        ],
    )?;
    Ok(())
}

/// Prints the events of the delivery reports collected so far.
fn report(
    ctx: &mut Context,
    producer: &Producer,
    args: &VerifiableProducerArgs,
    topic: &str,
    counts: &mut Counts,
) -> Result<()> {
    for DeliveryReport {
        id,
        partition,
        offset,
        error,
        ..
    } in producer.take_reports()
    {
        let i = id as u64;
        match error {
            None => {
                counts.acked += 1;
                emit_unflushed(
                    ctx,
                    "producer_send_success",
                    vec![
                        // The order Kafka 4.4's tool prints (Jackson), not the declared one.
                        ("key", args.key_of(i).map_or(Value::Null, Value::from)),
                        ("value", Value::from(args.value_of(i))),
                        ("offset", Value::from(offset)),
                        ("partition", Value::from(partition)),
                        ("topic", Value::from(topic)),
                    ],
                )?;
            }
            Some(error) => send_error(ctx, topic, args.key_of(i), args.value_of(i), &error)?,
        }
    }
    // One write for the whole batch of reports, not one per event.
    ctx.out.flush()?;
    Ok(())
}
