//! `kafka-console-consumer`: read records and write them to stdout.
//!
//! Options, group-id rules, termination paths and the formatter follow
//! `bin/kafka-console-consumer.sh` of Kafka 4.2+ (reference kafka-tools.md §4). Records are
//! bytes: without a deserializer they reach stdout unchanged. With a group, only offsets of
//! records written to stdout are committed. `| head` ends quietly; Ctrl-C and SIGTERM commit,
//! print the total and exit 130/143.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, Result};
use clap::Parser;

use super::formatter::{render, warn_deprecated, Formatter, FormatterArgs};
use crate::client::consume::{in_record_with, Consumer, Source, StartAt};
use crate::client::{properties, SettingsBuilder};
use crate::common::ConnectionArgs;
use crate::error::{usage, Interrupted};
use crate::output::Format;
use crate::output::OutputArgs;
use crate::tools::consumer_groups::time;
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Read a topic from the beginning",
        "kafka-console-consumer --bootstrap-server localhost:9092 --topic hello.kafka --from-beginning",
    ),
    (
        "Read with a group (offsets are committed) and print keys",
        "kafka-console-consumer --bootstrap-server localhost:9092 --topic hello.kafka --group hello-group --formatter-property print.key=true",
    ),
    (
        "Read what is in the topic now, then exit",
        "kafka-console-consumer --bootstrap-server localhost:9092 --topic hello.kafka --from-beginning --to-end",
    ),
    (
        "Read partition 0 from records of the last 15 minutes, as JSON",
        "kafka-console-consumer --bootstrap-server localhost:9092 --topic hello.kafka --partition 0 --offset -15m --output json",
    ),
];

/// Read data from Kafka topics and write it to standard output.
#[derive(Parser, Debug)]
#[command(name = "kafka-console-consumer", version)]
pub struct ConsoleConsumerArgs {
    /// The topic to consume from
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// Regular expression selecting the topics to consume from
    #[arg(long, value_name = "REGEX")]
    include: Option<String>,

    /// Consume only this partition (no group); starts at the end unless --offset is given
    #[arg(long, value_name = "PARTITION")]
    partition: Option<i32>,

    /// Where to start: earliest, latest, an offset, a time (2026-11-25T10:00:00Z) or a time ago (-15m, -2h, -1d)
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true, value_parser = crate::tools::Suggest(&["earliest", "latest"]), hide_possible_values = true)]
    offset: Option<String>,

    /// Start with the earliest record when the group has no committed offset
    #[arg(long = "from-beginning")]
    from_beginning: bool,

    /// Exit after this many records
    #[arg(long = "max-messages", value_name = "N")]
    max_messages: Option<u64>,

    /// Exit when no record arrives for this long (ms)
    #[arg(long = "timeout-ms", value_name = "MS", allow_negative_numbers = true)]
    timeout_ms: Option<i64>,

    /// Exit once every assigned partition has reached the end it had at start
    #[arg(long = "to-end")]
    to_end: bool,

    /// Skip a record the formatter cannot print instead of stopping
    #[arg(long = "skip-message-on-error")]
    skip_message_on_error: bool,

    /// The consumer group id (default: a random console-consumer-N without commits)
    #[arg(long, value_name = "GROUP")]
    group: Option<String>,

    /// read_uncommitted (default) or read_committed
    #[arg(long = "isolation-level", value_name = "LEVEL", value_parser = crate::tools::Suggest(&["read_committed", "read_uncommitted"]))]
    isolation_level: Option<String>,

    #[command(flatten)]
    format: FormatterArgs,

    /// Deprecated alias of --command-property
    #[arg(long = "consumer-property", value_name = "KEY=VALUE")]
    consumer_property: Vec<String>,

    /// Deprecated alias of --command-config
    #[arg(long = "consumer.config", value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    consumer_config: Option<PathBuf>,

    /// Print shutdown_complete on stdout at shutdown (Kafka's system tests)
    #[arg(long = "enable-systest-events")]
    enable_systest_events: bool,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Parses `--offset`: Java's forms plus a time or a time ago.
pub(crate) fn parse_offset(text: &str) -> Result<StartAt> {
    let bad = || {
        usage(format!(
            "The provided offset value '{text}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."
        ))
    };
    let lower = text.to_ascii_lowercase();
    if lower == "earliest" {
        return Ok(StartAt::Earliest);
    }
    if lower == "latest" {
        return Ok(StartAt::Latest);
    }
    if let Ok(n) = text.parse::<i64>() {
        return if n >= 0 {
            Ok(StartAt::Offset(n))
        } else {
            Err(bad())
        };
    }
    if let Some(ago) = text.strip_prefix('-') {
        let split = ago.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (n, unit) = ago.split_at(split);
        let n: i64 = n.parse().map_err(|_| bad())?;
        let ms = match unit {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return Err(bad()),
        };
        let now = i64::try_from(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_err(|_| bad())?
                .as_millis(),
        )
        .map_err(|_| bad())?;
        // A time ago beyond the epoch's range is malformed, not an overflow (a fuzzer's find).
        let at = n.checked_mul(ms).and_then(|back| now.checked_sub(back));
        return at.filter(|at| *at >= 0).map(StartAt::Time).ok_or_else(bad);
    }
    // A time before 1970 is malformed too: librdkafka reads -1 and -2 as latest and earliest.
    parse_datetime(text)
        .filter(|at| *at >= 0)
        .map(StartAt::Time)
        .ok_or_else(bad)
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` into ms since the epoch.
///
/// Every number is ASCII digits, every field in range (RFC 3339: the day within its month,
/// offsets up to 23:59, seconds up to 60), the year up to 999,999 and all arithmetic checked:
/// anything else is `None`, never an overflow.
fn parse_datetime(text: &str) -> Option<i64> {
    let digits = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (date, rest) = text.split_once('T')?;
    let mut d = date.split('-');
    let (y, mo, da) = (digits(d.next()?)?, digits(d.next()?)?, digits(d.next()?)?);
    if d.next().is_some() {
        return None;
    }
    let (clock, offset_ms) = if let Some(t) = rest.strip_suffix('Z') {
        (t, 0)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (t, off) = rest.split_at(at);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (oh, om) = off.get(1..)?.split_once(':')?;
        let (oh, om) = (digits(oh)?, digits(om)?);
        // RFC 3339 offsets (a fuzzer found larger numbers overflowing).
        if oh > 23 || om > 59 {
            return None;
        }
        (t, sign * (oh * 3_600_000 + om * 60_000))
    };
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, "0"));
    let mut t = hms.split(':');
    let (h, mi, s) = (digits(t.next()?)?, digits(t.next()?)?, digits(t.next()?)?);
    if t.next().is_some() {
        return None;
    }
    // Milliseconds: the first three digits of the fraction (of any length).
    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis = digits(format!("{frac:0<3}").get(..3)?)?;
    // Years beyond 999,999 are refused (a fuzzer's find), the rest by checked arithmetic.
    if y > 999_999
        || !(1..=12).contains(&mo)
        || da < 1
        || da > time::days_in_month(y, mo)
        || h > 23
        || mi > 59
        || s > 60
    {
        return None;
    }
    let ms_of_day = ((h * 60 + mi) * 60 + s) * 1000 + millis;
    time::civil_ms(y, mo, da, ms_of_day)?.checked_sub(offset_ms)
}

/// A `key=value` word's value for `key`, last one winning.
/// The group id that `--group`, the config file and the property words name: they must agree
/// (Java's rule and message; `config_option` is how the tool spells its file option).
pub(crate) fn agreed_group_id<'a>(
    group: Option<&str>,
    file: Option<&PathBuf>,
    words: impl Iterator<Item = &'a String>,
    config_option: &str,
) -> Result<Option<String>> {
    let file_props = match file {
        Some(path) => properties::load_file(path)?,
        None => Vec::new(),
    };
    let word_props: Vec<(String, String)> =
        words.map(|w| properties::parse_key_value_word(w)).collect();
    let mut ids: Vec<String> = Vec::new();
    for id in [
        group.map(str::to_string),
        last_value(&file_props, "group.id"),
        last_value(&word_props, "group.id"),
    ]
    .into_iter()
    .flatten()
    {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() > 1 {
        let list: Vec<String> = ids.iter().map(|i| format!("'{i}'")).collect();
        return Err(usage(format!(
            "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '{config_option}') do not match. Detected group ids: {}",
            list.join(", ")
        )));
    }
    Ok(ids.pop())
}

pub(crate) fn last_value(props: &[(String, String)], key: &str) -> Option<String> {
    props
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
}

impl ConsoleConsumerArgs {
    /// Java's checks, in Java's order; returns the source and the deprecation lines to print.
    fn source(&self) -> Result<Source> {
        let (topic, include) = (self.topic.as_ref(), self.include.as_ref());
        if topic.is_some() == include.is_some() {
            return Err(usage(
                "Exactly one of the following arguments is required: [topic], [include]",
            ));
        }
        if self.partition.is_some() && topic.is_none() {
            return Err(usage("The topic is required when partition is specified."));
        }
        let start = self.offset.as_deref().map(parse_offset).transpose();
        let is_time = matches!(start, Ok(Some(StartAt::Time(_))));
        if self.offset.is_some() && self.partition.is_none() && !(is_time && topic.is_some()) {
            return Err(usage("The partition is required when offset is specified."));
        }
        if self.from_beginning && self.offset.is_some() {
            return Err(usage(
                "Options from-beginning and offset cannot be specified together.",
            ));
        }
        Ok(match (topic, self.partition, self.offset.as_ref()) {
            (Some(t), Some(p), _) => Source::Assign {
                topic: t.clone(),
                partitions: Some(vec![p]),
                start: start?.unwrap_or(if self.from_beginning {
                    StartAt::Earliest
                } else {
                    StartAt::Latest
                }),
            },
            (Some(t), None, Some(_)) => Source::Assign {
                topic: t.clone(),
                partitions: None,
                start: start?.unwrap_or(StartAt::Latest),
            },
            (Some(t), None, None) => Source::Subscribe(vec![t.clone()]),
            // Java matches the whole topic name. librdkafka takes a subscription starting with
            // `^` as a regex; its engine has plain groups but not `(?:`.
            (None, _, _) => Source::Subscribe(vec![format!(
                "^({})$",
                include.cloned().unwrap_or_default()
            )]),
        })
    }
}

impl Tool for ConsoleConsumerArgs {
    const NAME: &'static str = "kafka-console-consumer";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let source = self.source()?;
        if !self.consumer_property.is_empty() && !self.connection.command_property.is_empty() {
            return Err(usage(
                "Options --consumer-property and --command-property cannot be specified together.",
            ));
        }
        if self.consumer_config.is_some() && self.connection.command_config.is_some() {
            return Err(usage(
                "Options --consumer.config and --command-config cannot be specified together.",
            ));
        }
        if ctx.out.format() == Format::Table {
            return Err(usage(
                "--output table is not available for a stream of records (use text or json)",
            ));
        }
        let formatter = self.format.build(&mut ctx.out)?;
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
                    "--consumer.config",
                    "--command-config",
                ),
            ],
        )?;
        let builder = SettingsBuilder::new(&self.connection)
            .file(self.consumer_config.as_deref())
            .words(self.consumer_property.iter().cloned());
        let java = builder.java_properties()?;

        let mut ids: Vec<String> = agreed_group_id(
            self.group.as_deref(),
            self.consumer_config
                .as_ref()
                .or(self.connection.command_config.as_ref()),
            self.connection
                .command_property
                .iter()
                .chain(&self.consumer_property),
            "--consumer.config",
        )?
        .into_iter()
        .collect();
        if self.partition.is_some() && !ids.is_empty() {
            return Err(usage(
                "Options group and partition cannot be specified together.",
            ));
        }
        let reset = last_value(&java, "auto.offset.reset");
        if let Some(r) = &reset {
            if self.from_beginning && r != "earliest" {
                return Err(usage(format!(
                    "Can't simultaneously specify --from-beginning and 'auto.offset.reset={r}', please remove one option"
                )));
            }
        }
        let mut builder = builder
            .default_value(
                "auto.offset.reset",
                if self.from_beginning {
                    "earliest"
                } else {
                    "latest"
                },
            )
            .default_value("client.id", "console-consumer");
        builder = match &self.isolation_level {
            Some(level) => builder.set("isolation.level", level.clone()),
            None => builder.default_value("isolation.level", "read_uncommitted"),
        };
        let group = match ids.pop() {
            Some(id) => id,
            None => {
                let n = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.subsec_nanos())
                    .unwrap_or(0)
                    % 100_000;
                if last_value(&java, "enable.auto.commit").is_none() {
                    builder = builder.set("enable.auto.commit", "false");
                }
                format!("console-consumer-{n}")
            }
        };
        let settings = builder.set("group.id", group).build()?;
        let mut consumer = Consumer::connect(settings, ctx.shutdown.clone())?;
        consumer.take_batches();
        let limits = Limits {
            max_messages: self.max_messages,
            idle: self
                .timeout_ms
                .filter(|t| *t >= 0)
                .map(|t| Duration::from_millis(t.unsigned_abs())),
            to_end: self.to_end,
            skip_errors: self.skip_message_on_error,
        };
        let result = match consumer.start(&source) {
            Ok(()) => consume(&mut consumer, ctx, &formatter, &limits),
            Err(e) => Err(e).map(|()| 0),
        };
        let (count, result) = match result {
            Ok(n) => (n, Ok(())),
            Err(e) => (e.downcast_ref::<Counted>().map_or(0, |c| c.0), Err(e)),
        };
        // What was written is flushed first; closing stores its offsets, commits them and
        // leaves the group.
        let _ = ctx.out.flush();
        let (stored, _) = consumer.close();
        let result = result.and(stored.map_err(|e| anyhow::Error::new(Counted(count, e))));
        if self.enable_systest_events {
            let _ = ctx.out.line("shutdown_complete");
            let _ = ctx.out.flush();
        }
        ctx.out
            .stderr_line(&format!("Processed a total of {count} messages"));
        result.map_err(|e| match e.downcast::<Counted>() {
            Ok(c) => c.1,
            Err(e) => e,
        })
    }
}

/// When the loop stops.
struct Limits {
    max_messages: Option<u64>,
    idle: Option<Duration>,
    to_end: bool,
    skip_errors: bool,
}

/// An error that ended the loop after `0` records were processed.
#[derive(Debug)]
struct Counted(u64, anyhow::Error);

impl std::fmt::Display for Counted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.1)
    }
}

impl std::error::Error for Counted {}

/// The consume loop; returns how many records were processed.
fn consume(
    consumer: &mut Consumer,
    ctx: &mut Context,
    formatter: &Formatter,
    limits: &Limits,
) -> Result<u64> {
    let mut count: u64 = 0;
    // Checked only while idle: reading the clock for every record costs throughput.
    let mut idle_since: Option<Instant> = Some(Instant::now());
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let json = ctx.out.format() == Format::Json;
    // Headers are read only when they are printed (JSON output always has them).
    let with_headers = json || formatter.prints_headers();
    let fail = |count: u64, e: anyhow::Error| anyhow::Error::new(Counted(count, e));
    loop {
        if let Some(signal) = ctx.shutdown.requested() {
            return Err(fail(count, anyhow::Error::new(Interrupted(signal))));
        }
        if limits.max_messages.is_some_and(|m| count >= m) {
            return Ok(count);
        }
        let Some(msg) = consumer
            .poll(Duration::from_millis(100))
            .map_err(|e| fail(count, e))?
        else {
            ctx.out.flush().map_err(|e| fail(count, e.into()))?;
            if ctx.out.stdout_closed() {
                return Err(fail(
                    count,
                    std::io::Error::from(std::io::ErrorKind::BrokenPipe).into(),
                ));
            }
            consumer.store_pending().map_err(|e| fail(count, e))?;
            let idle_since = *idle_since.get_or_insert_with(Instant::now);
            if limits.idle.is_some_and(|idle| idle_since.elapsed() >= idle) {
                return Ok(count);
            }
            if limits.to_end && consumer.reached_end().map_err(|e| fail(count, e))? {
                return Ok(count);
            }
            continue;
        };
        idle_since = None;
        count += 1;
        let record = in_record_with(&msg, with_headers);
        buf.clear();
        let formatted = render(&record, formatter, json, &mut buf);
        match formatted {
            Ok(()) => ctx
                .out
                .write_bytes(&buf)
                .map_err(|e| fail(count, e.into()))?,
            Err(e) if limits.skip_errors => {
                ctx.out.error_line(&format!(
                    "Error processing message, skipping this message: {e:#}"
                ));
            }
            Err(e) => {
                return Err(fail(
                    count,
                    anyhow!(
                        "Error processing message at {}-{} offset {}: {e:#}",
                        record.topic,
                        record.partition,
                        record.offset
                    ),
                ));
            }
        }
        consumer.handled(record.topic, record.partition, record.offset);
        drop(msg);
        if limits.to_end
            && count % 1024 == 0
            && consumer.reached_end().map_err(|e| fail(count, e))?
        {
            return Ok(count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(argv: &[&str]) -> ConsoleConsumerArgs {
        ConsoleConsumerArgs::try_parse_from(
            std::iter::once("kafka-console-consumer").chain(argv.iter().copied()),
        )
        .unwrap()
    }

    #[test]
    fn out_of_range_times_are_refused_not_overflowed() {
        // Fuzzers' finds: huge offsets and years overflowed the millisecond arithmetic.
        assert_eq!(
            parse_datetime("2020-01-01T00:00:00.50+20:155552515255525161"),
            None
        );
        assert_eq!(parse_datetime("99999999999999-01-01T00:00:00Z"), None);
        assert_eq!(parse_datetime("2020-01-01T-5:00:00Z"), None);
        assert!(parse_datetime("2026-11-25T10:00:00+02:00").is_some());
        assert!(parse_offset("-127001000000006201m").is_err());
    }

    /// i64 limits, huge numbers, bad fields and multi-byte text: the usage message, never a
    /// panic or a wrapped time.
    #[test]
    fn offsets_at_the_limits_are_refused_or_exact() {
        assert_eq!(
            parse_offset("9223372036854775807").unwrap(),
            StartAt::Offset(i64::MAX)
        );
        for bad in [
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775807d",
            "-99999999999999999999s",
            "-1\u{442}",
            "-",
            "-ms",
            "\u{1f600}",
            "2026-02-30T00:00:00Z",
            "2026-11-25T10:00:00.\u{665}Z",
            "2026-11-25T10:00:00+\u{662}:00",
            "\u{662}026-11-25T10:00:00Z",
            "+2026-11-25T10:00:00Z",
            "2026-+11-25T10:00:00Z",
            "2026-11-25-1T10:00:00Z",
            "2026-11-25T10:00:00:00Z",
            "1000000-01-01T00:00:00Z",
            "2026-11-25T10:00:00+24:00",
            // Before 1970: librdkafka would read -1 and -2 as latest and earliest.
            "1969-12-31T23:59:59.999Z",
            "1970-01-01T00:00:00+00:01",
            "-9223372036854775807ms",
        ] {
            let err = parse_offset(bad).unwrap_err().to_string();
            assert!(err.starts_with("The provided offset value"), "{bad}: {err}");
        }
        // The largest accepted year, a leap second and a fraction longer than an i64.
        assert_eq!(
            parse_offset("999999-12-31T23:59:59.999Z").unwrap(),
            StartAt::Time(31_494_784_780_799_999)
        );
        assert_eq!(
            parse_offset("2016-12-31T23:59:60Z").unwrap(),
            StartAt::Time(1_483_228_800_000)
        );
        assert_eq!(
            parse_offset("1970-01-01T00:00:00.0010000000000000000000001Z").unwrap(),
            StartAt::Time(1)
        );
        assert_eq!(
            parse_offset("1970-01-01T00:00:00-23:59").unwrap(),
            StartAt::Time(86_340_000)
        );
    }

    #[test]
    fn offsets_parse_like_java_plus_times() {
        assert_eq!(parse_offset("EARLIEST").unwrap(), StartAt::Earliest);
        assert_eq!(parse_offset("latest").unwrap(), StartAt::Latest);
        assert_eq!(parse_offset("42").unwrap(), StartAt::Offset(42));
        assert_eq!(
            parse_offset("x").unwrap_err().to_string(),
            "The provided offset value 'x' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."
        );
        assert_eq!(
            parse_offset("2026-11-25T10:00:00Z").unwrap(),
            StartAt::Time(1_795_600_800_000)
        );
        assert_eq!(
            parse_offset("2026-11-25T12:00:00.5+02:00").unwrap(),
            StartAt::Time(1_795_600_800_500)
        );
        assert!(matches!(parse_offset("-15m").unwrap(), StartAt::Time(_)));
        assert!(parse_offset("-15x").is_err());
    }

    #[test]
    fn source_rules_match_java() {
        let err = |a: &[&str]| args(a).source().unwrap_err().to_string();
        assert_eq!(
            err(&[]),
            "Exactly one of the following arguments is required: [topic], [include]"
        );
        assert_eq!(
            err(&["--topic", "t", "--include", "x"]),
            "Exactly one of the following arguments is required: [topic], [include]"
        );
        assert_eq!(
            err(&["--include", "x", "--partition", "0"]),
            "The topic is required when partition is specified."
        );
        assert_eq!(
            err(&["--topic", "t", "--offset", "5"]),
            "The partition is required when offset is specified."
        );
        assert_eq!(
            err(&[
                "--topic",
                "t",
                "--partition",
                "0",
                "--offset",
                "5",
                "--from-beginning"
            ]),
            "Options from-beginning and offset cannot be specified together."
        );
        assert!(matches!(
            args(&["--topic", "t", "--offset", "-1h"]).source().unwrap(),
            Source::Assign {
                partitions: None,
                ..
            }
        ));
        assert!(matches!(
            args(&["--topic", "t", "--partition", "1", "--from-beginning"])
                .source()
                .unwrap(),
            Source::Assign {
                start: StartAt::Earliest,
                ..
            }
        ));
        match args(&["--include", "a.*"]).source().unwrap() {
            Source::Subscribe(t) => assert_eq!(t, vec!["^(a.*)$".to_string()]),
            other => panic!("{other:?}"),
        }
    }
}
