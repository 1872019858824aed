//! The three benchmark tools (`kafka-producer-perf-test`, `kafka-consumer-perf-test`,
//! `kafka-e2e-latency`) and what they share: Java's number formatting, Java's
//! `SplittableRandom` (so that payloads and keys are the bytes Java sends for the same seed),
//! the `--print-metrics` table built from librdkafka's statistics, and the JSON lines of
//! `--output json`.
//!
//! The numbers are measured as Kafka's tools measure them (ProducerPerformance,
//! ConsumerPerformance, EndToEndLatency of Kafka 4.4): same clocks, same windows, same
//! percentile indices; see each tool's module.

pub mod consumer;
pub mod latency;
pub mod producer;
pub mod share_consumer;

use std::time::Instant;

use serde_json::Value;

pub(crate) use crate::common::now_ms;
use crate::tools::Context;

/// Java's `java.util.SplittableRandom`: the same seed gives the same sequence of `nextInt`s.
#[derive(Debug, Clone)]
pub(crate) struct SplittableRandom {
    seed: u64,
}

const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

impl SplittableRandom {
    /// A generator seeded as `new SplittableRandom(seed)`.
    pub(crate) fn new(seed: i64) -> Self {
        Self { seed: seed as u64 }
    }

    fn next_seed(&mut self) -> u64 {
        self.seed = self.seed.wrapping_add(GOLDEN_GAMMA);
        self.seed
    }

    fn mix32(z: u64) -> i32 {
        let z = (z ^ (z >> 33)).wrapping_mul(0x62a9_d9ed_7997_05f5);
        ((z ^ (z >> 28)).wrapping_mul(0xcb24_d0a5_c88c_35b3) >> 32) as i32
    }

    /// `nextInt(bound)` for a positive bound: uniform in `[0, bound)`, by Java's algorithm.
    pub(crate) fn next_int(&mut self, bound: i32) -> i32 {
        let mut r = Self::mix32(self.next_seed());
        let m = bound.wrapping_sub(1);
        if bound & m == 0 {
            return r & m;
        }
        let mut u = ((r as u32) >> 1) as i32;
        loop {
            r = u % bound;
            if u.wrapping_add(m).wrapping_sub(r) >= 0 {
                return r;
            }
            u = ((Self::mix32(self.next_seed()) as u32) >> 1) as i32;
        }
    }
}

/// A double as Java's `%.<precision>f` prints it: `NaN`, `Infinity`, and ties rounded up
/// (Java rounds the shortest decimal form HALF_UP; Rust rounds the binary value to even).
pub(crate) fn java_fixed(value: f64, precision: usize) -> String {
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let sci = format!("{:e}", value.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    // The decimal point sits after `int_len` digits (may be <= 0 or beyond the digits).
    let mut int_len = exponent + 1;
    if int_len <= 0 {
        let pad = usize::try_from(-int_len).unwrap_or(0);
        let mut padded = vec![b'0'; pad];
        padded.extend(&digits);
        digits = padded;
        int_len = 0;
    }
    let int_len = usize::try_from(int_len).unwrap_or(0);
    let keep = int_len + precision;
    if digits.len() < keep {
        digits.resize(keep, b'0');
    }
    let round_up = digits.get(keep).is_some_and(|d| *d >= b'5');
    digits.truncate(keep);
    let mut int_len = int_len;
    if round_up {
        let mut i = keep;
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                int_len += 1;
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let (int_part, frac) = digits.split_at(int_len);
    let mut out = String::new();
    let negative = value.is_sign_negative() && digits.iter().any(|d| *d != b'0');
    if negative {
        out.push('-');
    }
    if int_part.is_empty() {
        out.push('0');
    } else {
        out.push_str(&String::from_utf8_lossy(int_part));
    }
    if precision > 0 {
        out.push('.');
        out.push_str(&String::from_utf8_lossy(frac));
    }
    out
}

/// A millisecond clock from a fixed start: immune to wall-clock steps, with Java's
/// millisecond granularity for latencies.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock(Instant);

impl Clock {
    pub(crate) fn start() -> Self {
        Self(Instant::now())
    }

    /// Milliseconds since the start.
    pub(crate) fn ms(&self) -> i64 {
        i64::try_from(self.0.elapsed().as_millis()).unwrap_or(i64::MAX)
    }

    /// Milliseconds from the start to `at`.
    pub(crate) fn ms_at(&self, at: Instant) -> i64 {
        i64::try_from(at.saturating_duration_since(self.0).as_millis()).unwrap_or(i64::MAX)
    }
}

/// Writes one JSON line of `--output json` and flushes it (progress must show as it happens).
pub(crate) fn json_line(ctx: &mut Context, value: &Value) -> std::io::Result<()> {
    ctx.out.line(&value.to_string())?;
    ctx.out.flush()
}

/// Writes one text line and flushes it.
pub(crate) fn text_line(ctx: &mut Context, line: &str) -> std::io::Result<()> {
    ctx.out.line(line)?;
    ctx.out.flush()
}

/// Which client the metrics are for (Java's metric groups differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetricsOf {
    Producer,
    Consumer,
}

/// Java's metric lines (`group:name:{client-id=...}` → value) from one librdkafka statistics
/// document, for the metrics that have a librdkafka counterpart; sorted as Java's TreeMap.
pub(crate) fn metrics_from_stats(stats: &str, of: MetricsOf) -> Vec<(String, f64)> {
    let Ok(doc) = serde_json::from_str::<Value>(stats) else {
        return Vec::new();
    };
    let num = |v: &Value, key: &str| v.get(key).and_then(Value::as_f64).unwrap_or(0.0);
    let client_id = doc
        .get("client_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let brokers: Vec<&Value> = doc
        .get("brokers")
        .and_then(Value::as_object)
        .map(|m| {
            m.values()
                .filter(|b| b.get("nodeid").and_then(Value::as_i64).unwrap_or(-1) >= 0)
                .collect()
        })
        .unwrap_or_default();
    // A windowed statistic of the brokers (librdkafka keeps microseconds), in ms.
    let window = |field: &str, stat: &str| -> f64 {
        let (mut sum, mut cnt, mut max) = (0.0, 0.0, 0.0f64);
        for b in &brokers {
            if let Some(w) = b.get(field) {
                let c = num(w, "cnt");
                sum += num(w, "avg") * c;
                cnt += c;
                max = max.max(num(w, "max"));
            }
        }
        let v = match stat {
            "max" => max,
            _ if cnt > 0.0 => sum / cnt,
            _ => f64::NAN,
        };
        v / 1000.0
    };
    let sum_brokers = |key: &str| brokers.iter().map(|b| num(b, key)).sum::<f64>();
    let up = brokers
        .iter()
        .filter(|b| b.get("state").and_then(Value::as_str) == Some("UP"))
        .count() as f64;
    let tags = format!("{{client-id={client_id}}}");
    let mut out: Vec<(String, f64)> = Vec::new();
    let mut put = |group: &str, name: &str, v: f64| {
        out.push((format!("{group}:{name}:{tags}"), v));
    };
    match of {
        MetricsOf::Producer => {
            let g = "producer-metrics";
            put(g, "record-send-total", num(&doc, "txmsgs"));
            put(g, "outgoing-byte-total", num(&doc, "tx_bytes"));
            put(g, "incoming-byte-total", num(&doc, "rx_bytes"));
            put(g, "request-total", num(&doc, "tx"));
            put(g, "response-total", num(&doc, "rx"));
            put(g, "record-retry-total", sum_brokers("txretries"));
            put(g, "record-error-total", sum_brokers("txerrs"));
            put(g, "request-latency-avg", window("rtt", "avg"));
            put(g, "request-latency-max", window("rtt", "max"));
            put(g, "record-queue-time-avg", window("int_latency", "avg"));
            put(g, "record-queue-time-max", window("int_latency", "max"));
            put(g, "connection-count", up);
            let topics: Vec<&Value> = doc
                .get("topics")
                .and_then(Value::as_object)
                .map(|m| m.values().collect())
                .unwrap_or_default();
            let (mut size_sum, mut size_cnt, mut size_max, mut rec_sum) = (0.0, 0.0, 0.0f64, 0.0);
            for t in &topics {
                if let Some(b) = t.get("batchsize") {
                    size_sum += num(b, "avg") * num(b, "cnt");
                    size_cnt += num(b, "cnt");
                    size_max = size_max.max(num(b, "max"));
                }
                if let Some(b) = t.get("batchcnt") {
                    rec_sum += num(b, "avg") * num(b, "cnt");
                }
            }
            let avg = |s: f64| {
                if size_cnt > 0.0 {
                    s / size_cnt
                } else {
                    f64::NAN
                }
            };
            put(g, "batch-size-avg", avg(size_sum));
            put(g, "batch-size-max", size_max);
            put(g, "records-per-request-avg", avg(rec_sum));
        }
        MetricsOf::Consumer => {
            let f = "consumer-fetch-manager-metrics";
            put(f, "records-consumed-total", num(&doc, "rxmsgs"));
            put(f, "bytes-consumed-total", num(&doc, "rxmsg_bytes"));
            put(f, "fetch-latency-avg", window("rtt", "avg"));
            put(f, "fetch-latency-max", window("rtt", "max"));
            let lag_max = doc
                .get("topics")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|m| m.values())
                .filter_map(|t| t.get("partitions").and_then(Value::as_object))
                .flat_map(|m| m.values())
                .map(|p| num(p, "consumer_lag"))
                .fold(0.0f64, f64::max);
            put(f, "records-lag-max", lag_max);
            let c = "consumer-metrics";
            put(c, "outgoing-byte-total", num(&doc, "tx_bytes"));
            put(c, "incoming-byte-total", num(&doc, "rx_bytes"));
            put(c, "request-total", num(&doc, "tx"));
            put(c, "response-total", num(&doc, "rx"));
            put(c, "connection-count", up);
            if let Some(cgrp) = doc.get("cgrp") {
                put(
                    "consumer-coordinator-metrics",
                    "rebalance-total",
                    num(cgrp, "rebalance_cnt"),
                );
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The metrics table as Java's `ToolsUtils.printMetrics` prints it: a blank line, a header,
/// then `name : value` with the names padded to the longest and values with 3 decimals.
pub(crate) fn metrics_text(metrics: &[(String, f64)]) -> Vec<String> {
    if metrics.is_empty() {
        return Vec::new();
    }
    let width = metrics.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let mut lines = vec![String::new(), format!("{:<width$}   Value", "Metric Name")];
    for (name, value) in metrics {
        lines.push(format!("{name:<width$} : {}", java_fixed(*value, 3)));
    }
    lines
}

/// The metrics as a JSON object, names as keys (NaN as null).
pub(crate) fn metrics_json(metrics: &[(String, f64)]) -> Value {
    Value::Object(
        metrics
            .iter()
            .map(|(n, v)| {
                (
                    n.clone(),
                    serde_json::Number::from_f64(*v).map_or(Value::Null, Value::Number),
                )
            })
            .collect(),
    )
}

/// A JSON number for a measured double (NaN and infinities, which JSON lacks, as null).
pub(crate) fn json_f64(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_fixed_rounds_half_up_and_names_specials() {
        assert_eq!(java_fixed(0.125, 2), "0.13");
        assert_eq!(java_fixed(2.5, 0), "3");
        assert_eq!(java_fixed(1234.5678, 1), "1234.6");
        assert_eq!(java_fixed(0.0004, 3), "0.000");
        assert_eq!(java_fixed(9.9999, 2), "10.00");
        assert_eq!(java_fixed(0.0, 4), "0.0000");
        assert_eq!(java_fixed(-1.25, 1), "-1.3");
        assert_eq!(java_fixed(f64::NAN, 2), "NaN");
        assert_eq!(java_fixed(f64::INFINITY, 2), "Infinity");
        assert_eq!(java_fixed(1.0e-7, 6), "0.000000");
        assert_eq!(java_fixed(123456789.0, 6), "123456789.000000");
    }

    #[test]
    fn metrics_table_pads_names_like_java() {
        let lines = metrics_text(&[("a:b:{client-id=x}".into(), 1.5)]);
        assert_eq!(lines[1], "Metric Name         Value");
        assert_eq!(lines[2], "a:b:{client-id=x} : 1.500");
    }
}

#[cfg(test)]
mod random_tests {
    use super::SplittableRandom;

    #[test]
    fn the_same_sequence_as_java_splittable_random() {
        // Printed by Java 17: new SplittableRandom(0), 10 × (char) (nextInt(26) + 65).
        let mut r = SplittableRandom::new(0);
        let s: String = (0..10)
            .map(|_| char::from(b'A' + r.next_int(26) as u8))
            .collect();
        assert_eq!(s, "YQHHNEBSEP");
        let mut q = SplittableRandom::new(42);
        let got: Vec<i32> = [7, 1000, 16, 3].iter().map(|b| q.next_int(*b)).collect();
        assert_eq!(got, vec![2, 556, 2, 0]);
    }
}

/// A `java.text.SimpleDateFormat` pattern, parsed once: the letters Kafka's users put in
/// `--date-format` (y M d H h k K m s S a E D Z and quoted text), in the local time zone.
#[derive(Debug, Clone)]
pub(crate) struct DateFormat(Vec<DatePart>);

#[derive(Debug, Clone)]
enum DatePart {
    Text(String),
    Field(char, usize),
}

impl DateFormat {
    /// Parses `pattern`; an unknown letter is refused with SimpleDateFormat's message, a Java
    /// letter we do not support with our own.
    pub(crate) fn parse(pattern: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let chars: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\'' {
                let mut text = String::new();
                i += 1;
                if chars.get(i) == Some(&'\'') {
                    parts.push(DatePart::Text("'".into()));
                    i += 1;
                    continue;
                }
                loop {
                    match chars.get(i) {
                        None => return Err("Unterminated quote".into()),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            text.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            text.push(*ch);
                            i += 1;
                        }
                    }
                }
                parts.push(DatePart::Text(text));
            } else if c.is_ascii_alphabetic() {
                let mut n = 1;
                while chars.get(i + n) == Some(&c) {
                    n += 1;
                }
                if !"yMdHhkKmsSaEDZ".contains(c) {
                    if "GYLwWFuzX".contains(c) {
                        return Err(format!(
                            "the pattern letter '{c}' of java.text.SimpleDateFormat is not supported here"
                        ));
                    }
                    return Err(format!("Illegal pattern character '{c}'"));
                }
                parts.push(DatePart::Field(c, n));
                i += n;
            } else {
                parts.push(DatePart::Text(c.to_string()));
                i += 1;
            }
        }
        Ok(Self(parts))
    }

    /// Formats `ms` since the epoch in the local time zone.
    pub(crate) fn format(&self, ms: i64) -> String {
        let secs = ms.div_euclid(1000);
        let millis = ms.rem_euclid(1000);
        // SAFETY: localtime_r writes into the tm we own; time_t is the platform's.
        let tm = unsafe {
            let t: libc::time_t = secs as libc::time_t;
            let mut tm: libc::tm = std::mem::zeroed();
            libc::localtime_r(&t, &mut tm);
            tm
        };
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const DAYS: [&str; 7] = [
            "Sunday",
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
        ];
        let mut out = String::new();
        let num = |out: &mut String, v: i64, n: usize| out.push_str(&format!("{v:0n$}"));
        for part in &self.0 {
            match part {
                DatePart::Text(t) => out.push_str(t),
                DatePart::Field(c, n) => {
                    let n = *n;
                    match c {
                        'y' => {
                            let year = i64::from(tm.tm_year) + 1900;
                            if n == 2 {
                                num(&mut out, year.rem_euclid(100), 2);
                            } else {
                                num(&mut out, year, n);
                            }
                        }
                        'M' => {
                            let m = usize::try_from(tm.tm_mon).unwrap_or(0).min(11);
                            match n {
                                1 | 2 => num(&mut out, m as i64 + 1, n),
                                3 => out.push_str(&MONTHS[m][..3]),
                                _ => out.push_str(MONTHS[m]),
                            }
                        }
                        'E' => {
                            let d = usize::try_from(tm.tm_wday).unwrap_or(0).min(6);
                            out.push_str(if n >= 4 { DAYS[d] } else { &DAYS[d][..3] });
                        }
                        'd' => num(&mut out, i64::from(tm.tm_mday), n),
                        'D' => num(&mut out, i64::from(tm.tm_yday) + 1, n),
                        'H' => num(&mut out, i64::from(tm.tm_hour), n),
                        'k' => num(
                            &mut out,
                            i64::from(if tm.tm_hour == 0 { 24 } else { tm.tm_hour }),
                            n,
                        ),
                        'K' => num(&mut out, i64::from(tm.tm_hour % 12), n),
                        'h' => num(
                            &mut out,
                            i64::from(if tm.tm_hour % 12 == 0 {
                                12
                            } else {
                                tm.tm_hour % 12
                            }),
                            n,
                        ),
                        'm' => num(&mut out, i64::from(tm.tm_min), n),
                        's' => num(&mut out, i64::from(tm.tm_sec), n),
                        'S' => num(&mut out, millis, n),
                        'a' => out.push_str(if tm.tm_hour < 12 { "AM" } else { "PM" }),
                        'Z' => {
                            let off = tm.tm_gmtoff / 60;
                            let sign = if off < 0 { '-' } else { '+' };
                            out.push_str(&format!(
                                "{sign}{:02}{:02}",
                                off.abs() / 60,
                                off.abs() % 60
                            ));
                        }
                        _ => {}
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod date_tests {
    use super::DateFormat;

    #[test]
    fn simple_date_format_patterns() {
        // Minutes, seconds and milliseconds do not depend on the (whole-hour) local zone.
        let f = DateFormat::parse("mm:ss:SSS 'at' mm''").unwrap();
        assert_eq!(f.format(1_700_000_000_123), "13:20:123 at 13'");
        let f = DateFormat::parse("yyyy-MM-dd HH:mm:ss:SSS").unwrap();
        assert_eq!(f.format(1_700_000_000_123).len(), 23);
        assert_eq!(
            DateFormat::parse("yyyy-qq").unwrap_err(),
            "Illegal pattern character 'q'"
        );
        assert!(DateFormat::parse("'open").is_err());
    }
}

/// Fills `buf` from the system's random source (left as is where that cannot be read).
pub(crate) fn urandom(buf: &mut [u8]) {
    use std::io::Read;
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        let _ = f.read_exact(buf);
    }
}

/// The options the consumer perf tests share (`kafka-consumer-perf-test`,
/// `kafka-share-consumer-perf-test`), with Java's checks of them.
#[derive(clap::Args, Debug)]
pub(crate) struct ConsumePerfOptions {
    /// The size of the TCP receive buffer
    #[arg(
        long = "socket-buffer-size",
        value_name = "SIZE",
        default_value_t = 2_097_152
    )]
    pub(crate) socket_buffer_size: i32,

    /// (DEPRECATED) consumer config properties file; use --command-config
    #[arg(long = "consumer.config", value_name = "CONFIG-FILE", value_hint = clap::ValueHint::FilePath)]
    pub(crate) consumer_config: Option<std::path::PathBuf>,

    /// Print the consumer's metrics at the end
    #[arg(long = "print-metrics")]
    pub(crate) print_metrics: bool,

    /// Report stats for each reporting interval (instead of one summary line)
    #[arg(long = "show-detailed-stats")]
    pub(crate) show_detailed_stats: bool,

    /// The maximum time in milliseconds between returned records
    #[arg(long, value_name = "MILLISECONDS", num_args = 0..=1, default_value_t = 10_000, default_missing_value = "10000", allow_negative_numbers = true)]
    pub(crate) timeout: i64,

    /// (DEPRECATED) the number of records to consume; use --num-records
    #[arg(long, value_name = "COUNT", allow_negative_numbers = true)]
    pub(crate) messages: Option<i64>,

    /// REQUIRED: the number of records to consume
    #[arg(
        long = "num-records",
        value_name = "COUNT",
        allow_negative_numbers = true
    )]
    pub(crate) num_records: Option<i64>,

    /// Interval in milliseconds at which to print progress info
    #[arg(
        long = "reporting-interval",
        value_name = "INTERVAL_MS",
        default_value_t = 5000,
        allow_negative_numbers = true
    )]
    pub(crate) reporting_interval: i64,

    /// The date format of the time fields (java.text.SimpleDateFormat)
    #[arg(
        long = "date-format",
        value_name = "DATE FORMAT",
        default_value = "yyyy-MM-dd HH:mm:ss:SSS"
    )]
    pub(crate) date_format: String,

    /// Skip printing the header of the stats
    #[arg(long = "hide-header")]
    pub(crate) hide_header: bool,
}

impl ConsumePerfOptions {
    /// Java's checks of these options (after the topic's), in Java's order, then its
    /// deprecation warnings: the number of records to consume and the date format.
    pub(crate) fn check(
        &self,
        connection: &crate::common::ConnectionArgs,
        ctx: &mut Context,
    ) -> anyhow::Result<(i64, DateFormat)> {
        use crate::error::usage;
        let num_records =
            match (self.messages, self.num_records) {
                (Some(n), None) | (None, Some(n)) => n,
                _ => return Err(usage(
                    "Exactly one of the following arguments is required: [messages], [num-records]",
                )),
            };
        if self.reporting_interval <= 0 {
            return Err(usage("Reporting interval must be greater than 0."));
        }
        if self.consumer_config.is_some() && connection.command_config.is_some() {
            return Err(usage(
                "Options --consumer.config and --command-config are mutually exclusive.",
            ));
        }
        let dates = DateFormat::parse(&self.date_format).map_err(usage)?;
        if self.messages.is_some() {
            ctx.out
                .stderr_line("Warning: --messages is deprecated. Use --num-records instead.");
        }
        if self.consumer_config.is_some() {
            ctx.out.stderr_line(
                "Warning: --consumer.config is deprecated. Use --command-config instead.",
            );
        }
        Ok((num_records, dates))
    }
}
