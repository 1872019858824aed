//! `kafka-console-producer`: read lines from stdin and produce each as a record.
//!
//! Options and line grammar follow `bin/kafka-console-producer.sh` of Kafka 4.2+ (reference
//! kafka-tools.md §3), with the deprecated aliases. Nothing accepted is lost: at EOF, on Ctrl-C
//! and on SIGTERM the tool stops reading, produces what it has already read, waits for every
//! delivery report, reports failed records one line each, and exits non-zero if any failed.

use std::io::{self, BufRead, IsTerminal, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Result};
use clap::{Parser, ValueEnum};

use super::line_reader::LineFormat;
use super::record_json;
use crate::client::produce::{OutRecord, Producer, Sent};
use crate::client::{properties, SettingsBuilder};
use crate::common::{validate_bootstrap, ConnectionArgs};
use crate::error::{usage, Interrupted};
use crate::output;
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Produce each line of stdin as a record",
        "echo hello | kafka-console-producer --bootstrap-server localhost:9092 --topic hello.kafka",
    ),
    (
        "Produce key/value lines (key and value separated by ':')",
        "printf 'k1:v1\\nk2:v2\\n' | kafka-console-producer --bootstrap-server localhost:9092 --topic hello.kafka --reader-property parse.key=true --reader-property key.separator=:",
    ),
    (
        "Copy records (keys, headers, partitions) from one topic to another",
        "kafka-console-consumer --bootstrap-server localhost:9092 --topic a --from-beginning --output json | kafka-console-producer --bootstrap-server localhost:9092 --topic b --input-format json",
    ),
];

/// How stdin lines are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Java's line format (with --reader-property parse.key, parse.headers, ...).
    #[default]
    Text,
    /// One JSON object per line: key, value, headers, partition, timestamp (the consumer's --output json).
    Json,
}

/// Read data from standard input and publish it to Kafka.
#[derive(Parser, Debug)]
#[command(name = "kafka-console-producer", version)]
pub struct ConsoleProducerArgs {
    /// REQUIRED: the topic to produce messages to
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// Send each record synchronously: wait for its acknowledgement before reading the next line
    #[arg(long)]
    sync: bool,

    /// Compression codec: none, gzip, snappy, lz4 or zstd (without a value: gzip) [default: none]
    #[arg(long = "compression-codec", value_name = "CODEC", num_args = 0..=1, default_missing_value = "gzip", value_parser = crate::tools::Suggest(&["none", "gzip", "snappy", "lz4", "zstd"]))]
    compression_codec: Option<String>,

    /// Bytes per batch (batch.size) [default: 1000000; Java's 16384 bounds a piped file]
    #[arg(long = "batch-size", value_name = "SIZE")]
    batch_size: Option<u32>,

    /// Deprecated alias of --batch-size
    #[arg(long = "max-partition-memory-bytes", value_name = "SIZE", hide = true)]
    max_partition_memory_bytes: Option<u32>,

    /// Retries of a failed send (retries) [default: 3]
    #[arg(long = "message-send-max-retries", value_name = "N")]
    message_send_max_retries: Option<u32>,

    /// Wait before retrying, in ms (retry.backoff.ms) [default: 100]
    #[arg(long = "retry-backoff-ms", value_name = "MS")]
    retry_backoff_ms: Option<u64>,

    /// Linger: how long to wait to fill a batch, in ms (linger.ms) [default: 1000]
    #[arg(long = "timeout", value_name = "MS")]
    timeout: Option<u64>,

    /// Acknowledgements required: -1/all, 0 or 1 (acks) [default: -1]
    #[arg(
        long = "request-required-acks",
        value_name = "ACKS",
        allow_hyphen_values = true
    )]
    request_required_acks: Option<String>,

    /// Produce request timeout in ms (request.timeout.ms) [default: 1500]
    #[arg(long = "request-timeout-ms", value_name = "MS")]
    request_timeout_ms: Option<u32>,

    /// Refresh metadata at least this often, in ms (metadata.max.age.ms) [default: 300000]
    #[arg(long = "metadata-expiry-ms", value_name = "MS")]
    metadata_expiry_ms: Option<u64>,

    /// How long a send may wait for room in the local queue, in ms [default: 60000]
    #[arg(long = "max-block-ms", value_name = "MS")]
    max_block_ms: Option<u64>,

    /// Memory for records waiting to be sent, in bytes (queue.buffering.max.kbytes) [default: 33554432]
    #[arg(long = "max-memory-bytes", value_name = "BYTES")]
    max_memory_bytes: Option<u64>,

    /// TCP send buffer size (socket.send.buffer.bytes) [default: the system's, sized by the kernel;
    /// Java's 102400 fixed makes librdkafka write each request in 200 KB pieces]
    #[arg(long = "socket-buffer-size", value_name = "BYTES")]
    socket_buffer_size: Option<u32>,

    /// The line reader class; only Java's default LineMessageReader is available
    #[arg(long = "line-reader", value_name = "CLASS")]
    line_reader: Option<String>,

    /// A line reader property (parse.key, key.separator, parse.headers, null.marker, ...)
    #[arg(long = "reader-property", value_name = "KEY=VALUE")]
    reader_property: Vec<String>,

    /// Deprecated alias of --reader-property
    #[arg(long = "property", value_name = "KEY=VALUE")]
    property: Vec<String>,

    /// Java properties file with line reader properties
    #[arg(long = "reader-config", value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    reader_config: Option<PathBuf>,

    /// Deprecated alias of --command-property
    #[arg(long = "producer-property", value_name = "KEY=VALUE")]
    producer_property: Vec<String>,

    /// Deprecated alias of --command-config
    #[arg(long = "producer.config", value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    producer_config: Option<PathBuf>,

    /// Input format: Java's lines (default) or one JSON record per line
    #[arg(long = "input-format", value_enum, default_value_t = InputFormat::Text)]
    input_format: InputFormat,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Java's LineMessageReader class names (4.x and the older package).
const LINE_READERS: &[&str] = &[
    "org.apache.kafka.tools.LineMessageReader",
    "kafka.tools.ConsoleProducer$LineMessageReader",
];

impl ConsoleProducerArgs {
    /// Checks the Java tool's exclusions and prints its deprecation warnings (on stdout, as Java).
    fn check(&self, out: &mut output::Output) -> Result<()> {
        if self.connection.command_config.is_some() && self.producer_config.is_some() {
            return Err(usage(
                "Options --command-config and --producer.config cannot be specified together.",
            ));
        }
        if !self.connection.command_property.is_empty() && !self.producer_property.is_empty() {
            return Err(usage(
                "Options --command-property and --producer-property cannot be specified together.",
            ));
        }
        if !self.reader_property.is_empty() && !self.property.is_empty() {
            return Err(usage(
                "Options --reader-property and --property cannot be specified together.",
            ));
        }
        if self.topic.is_none() {
            return Err(usage("Missing required argument \"[topic]\""));
        }
        if let Some(class) = &self.line_reader {
            if !LINE_READERS.contains(&class.as_str()) {
                return Err(usage(format!(
                    "only the default line reader is available (org.apache.kafka.tools.LineMessageReader), not {class}"
                )));
            }
        }
        if let Some(bs) = &self.connection.bootstrap_server {
            validate_bootstrap(bs)?;
        }
        if let Some(codec) = &self.compression_codec {
            if !["", "none", "gzip", "snappy", "lz4", "zstd"].contains(&codec.as_str()) {
                return Err(usage(format!(
                    "Unknown compression codec: {codec} (use none, gzip, snappy, lz4 or zstd)"
                )));
            }
        }
        let warnings = [
            (!self.property.is_empty(), "Warning: --property is deprecated and will be removed in a future version. Use --reader-property instead."),
            (!self.producer_property.is_empty(), "Warning: --producer-property is deprecated and will be removed in a future version. Use --command-property instead."),
            (self.producer_config.is_some(), "Warning: --producer.config is deprecated and will be removed in a future version. Use --command-config instead."),
            (self.max_partition_memory_bytes.is_some(), "Warning: --max-partition-memory-bytes is deprecated and will be removed in Apache Kafka 5.0. Use --batch-size instead."),
        ];
        for (given, text) in warnings {
            if given {
                out.line(text)?;
            }
        }
        out.flush()?;
        Ok(())
    }

    /// The reader's properties: file, then `topic`, then words (Java's order).
    fn reader_properties(&self) -> Result<Vec<(String, String)>> {
        let mut props = match &self.reader_config {
            Some(path) => properties::load_file(path)?,
            None => Vec::new(),
        };
        props.push(("topic".into(), self.topic.clone().unwrap_or_default()));
        props.extend(
            self.reader_property
                .iter()
                .chain(&self.property)
                .map(|w| properties::parse_key_value_word(w)),
        );
        Ok(props)
    }

    /// The producer's Java properties: dedicated flags win; absent flags are defaults.
    fn settings(&self) -> SettingsBuilder {
        let mut b = SettingsBuilder::new(&self.connection)
            .file(self.producer_config.as_deref())
            .words(self.producer_property.iter().cloned())
            .set(
                "compression.type",
                match self.compression_codec.as_deref() {
                    None => "none",
                    Some("") => "gzip",
                    Some(codec) => codec,
                },
            )
            .default_value("client.id", "console-producer")
            .default_value("delivery.timeout.ms", "120000");
        let maybe: [(&str, Option<String>, &str); 7] = [
            ("linger.ms", self.timeout.map(|v| v.to_string()), "1000"),
            ("acks", self.request_required_acks.clone(), "-1"),
            (
                "request.timeout.ms",
                self.request_timeout_ms.map(|v| v.to_string()),
                "1500",
            ),
            (
                "retries",
                self.message_send_max_retries.map(|v| v.to_string()),
                "3",
            ),
            (
                "retry.backoff.ms",
                self.retry_backoff_ms.map(|v| v.to_string()),
                "100",
            ),
            (
                "batch.size",
                self.max_partition_memory_bytes
                    .or(self.batch_size)
                    .map(|v| v.to_string()),
                // Not Java's 16384: fed to librdkafka, 16 KB batches make a piped file about six
                // times slower (one produce request per 16 KB, at most 5 in flight with
                // idempotence). A larger batch delays nothing: the linger alone decides when a
                // record that does not fill a batch goes, so a line typed on a terminal is sent
                // as soon as with Java's value. librdkafka's own default.
                "1000000",
            ),
            (
                "metadata.max.age.ms",
                self.metadata_expiry_ms.map(|v| v.to_string()),
                "300000",
            ),
        ];
        for (key, flag, default) in maybe {
            b = match flag {
                Some(value) => b.set(key, value),
                None => b.default_value(key, default),
            };
        }
        // Not Java's 102400 by default: a fixed buffer turns off the kernel's sizing, and
        // librdkafka then writes each 1 MB produce request in 200 KB pieces, waking up for each.
        if let Some(bytes) = self.socket_buffer_size {
            b = b.set("send.buffer.bytes", bytes.to_string());
        }
        b
    }
}

impl Tool for ConsoleProducerArgs {
    const NAME: &'static str = "kafka-console-producer";

    async fn run(self, ctx: &mut Context) -> Result<()> {
        self.check(&mut ctx.out)?;
        let reader_props = self.reader_properties()?;
        let format = LineFormat::from_properties(&reader_props)?;
        // A `topic` reader property overrides --topic, as in Java.
        let topic = reader_props
            .iter()
            .rev()
            .find(|(k, _)| k == "topic")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let mut settings = self.settings().build()?;
        if let Some(bytes) = self.max_memory_bytes {
            settings = settings.with(
                "queue.buffering.max.kbytes",
                (bytes / 1024).max(1).to_string(),
            );
        }
        let max_block = Duration::from_millis(self.max_block_ms.unwrap_or(60_000));
        let producer = Producer::connect(settings, &topic, ctx.shutdown.clone(), max_block, false)?;
        let plain = self.input_format == InputFormat::Text && format.is_plain();
        let parse: Box<dyn Fn(Vec<u8>, u64) -> Result<OutRecord>> = match self.input_format {
            InputFormat::Text => Box::new(move |line, n| format.parse(line, n)),
            InputFormat::Json => Box::new(|line, n| record_json::parse_line(&line, n)),
        };
        let run = Run {
            producer: &producer,
            plain,
            sync: self.sync,
            accepted: 0,
            rejected: 0,
        };
        run.produce_stdin(ctx, parse.as_ref())
    }
}

/// One production run over stdin.
struct Run<'a> {
    producer: &'a Producer,
    /// Each line is the value as it is (no key, headers or null marker to parse): sent straight
    /// from the block it was read into.
    plain: bool,
    sync: bool,
    accepted: u64,
    rejected: u64,
}

/// A block of whole lines from the stdin reader thread: one allocation for many lines.
#[derive(Debug, Default)]
struct Lines {
    data: Vec<u8>,
    /// Where each line ends in `data` (its terminator excluded), in order.
    ends: Vec<(usize, usize)>,
}

impl Lines {
    /// A block of one line.
    fn one(line: Vec<u8>) -> Self {
        let line = strip_terminator(line);
        let len = line.len();
        Self {
            data: line,
            ends: vec![(0, len)],
        }
    }

    /// The lines, terminators removed.
    fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.ends
            .iter()
            .map(|(start, end)| &self.data[*start..*end])
    }
}

impl Run<'_> {
    fn produce_stdin(
        mut self,
        ctx: &mut Context,
        parse: &dyn Fn(Vec<u8>, u64) -> Result<OutRecord>,
    ) -> Result<()> {
        let bytes_read = Arc::new(AtomicU64::new(0));
        let progress = stdin_file_size().and_then(|size| output::byte_progress(size, "producing"));
        let (lines, spare) = spawn_stdin_reader(Arc::clone(&bytes_read));
        let mut number: u64 = 0;
        let mut outcome: Result<()> = Ok(());
        'read: loop {
            let batch = match lines.recv_timeout(Duration::from_millis(100)) {
                Ok(batch) => Some(batch),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            };
            for line in batch.iter().flat_map(Lines::iter) {
                if self.sync {
                    // Each record waits for its acknowledgement: a signal stops at the next
                    // line, not after everything already read from stdin.
                    if let Some(signal) = ctx.shutdown.requested() {
                        outcome = Err(anyhow::Error::new(Interrupted(signal)));
                        break 'read;
                    }
                }
                number += 1;
                if let Err(e) = self.produce_line(ctx, parse, line, number) {
                    outcome = Err(e);
                    break 'read;
                }
            }
            if let Some(batch) = batch {
                // librdkafka copied the lines: the reader may fill this block again.
                let _ = spare.try_send(batch.data);
            }
            self.producer.poll();
            self.report_failures(ctx);
            if let Some(bar) = &progress {
                bar.set_position(bytes_read.load(Ordering::Relaxed));
            }
            if let Some(signal) = ctx.shutdown.requested() {
                // Produce what was already read from stdin, then stop (with --sync, each of
                // those would wait for its acknowledgement: stop at once).
                while let Some(batch) = lines.try_recv().ok().filter(|_| !self.sync) {
                    for line in batch.iter() {
                        number += 1;
                        if let Err(e) = self.produce_line(ctx, parse, line, number) {
                            outcome = Err(e);
                            break 'read;
                        }
                    }
                }
                outcome = Err(anyhow::Error::new(Interrupted(signal)));
                break;
            }
        }
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
        let flushed = self.producer.flush();
        self.report_failures(ctx);
        let (delivered, failed) = self.producer.counts();
        let failed = failed + self.rejected;
        if let Err(Some(Interrupted(signal))) = outcome
            .as_ref()
            .map_err(|e| e.downcast_ref::<Interrupted>())
        {
            let name = if *signal == 15 { "SIGTERM" } else { "SIGINT" };
            // The terminal echoed `^C` without a newline: start on a line of our own.
            let fresh_line = if *signal == 2 && output::Output::stderr_is_terminal() {
                "\n"
            } else {
                ""
            };
            ctx.out.stderr_line(&format!(
                "{fresh_line}{}: stopped by {name}: {} records accepted, {delivered} delivered, {failed} failed",
                ConsoleProducerArgs::NAME,
                self.accepted
            ));
        }
        flushed?;
        outcome?;
        if failed > 0 {
            bail!(
                "{failed} of {} records were not delivered",
                self.accepted + self.rejected
            );
        }
        Ok(())
    }

    /// Parses and sends one line; an error here ends the run (after flushing).
    fn produce_line(
        &mut self,
        ctx: &mut Context,
        parse: &dyn Fn(Vec<u8>, u64) -> Result<OutRecord>,
        line: &[u8],
        number: u64,
    ) -> Result<()> {
        let id = usize::try_from(number).unwrap_or(usize::MAX);
        let sent = if self.plain {
            self.producer.send_value(line, id)?
        } else {
            self.producer.send(&parse(line.to_vec(), number)?, id)?
        };
        match sent {
            Sent::Accepted => self.accepted += 1,
            Sent::Rejected(reason) => {
                self.rejected += 1;
                ctx.out
                    .error_line(&format!("line {number}: record not sent: {reason}"));
            }
        }
        if self.sync {
            self.producer.flush()?;
            if let Some(report) = self
                .producer
                .take_reports()
                .into_iter()
                .find(|r| r.error.is_some())
            {
                return Err(anyhow!(
                    "line {}: delivery failed: {}",
                    report.id,
                    report.error.unwrap_or_default()
                ));
            }
        }
        Ok(())
    }

    fn report_failures(&self, ctx: &mut Context) {
        for report in self.producer.take_reports() {
            if let Some(error) = report.error {
                ctx.out
                    .error_line(&format!("line {}: delivery failed: {error}", report.id));
            }
        }
    }
}

/// The size of stdin when it is a regular file (for the progress bar).
fn stdin_file_size() -> Option<u64> {
    use std::os::fd::AsRawFd;
    let fd = io::stdin().as_raw_fd();
    let meta = std::fs::metadata(format!("/proc/self/fd/{fd}")).ok()?;
    meta.is_file().then_some(meta.len())
}

/// Reads stdin on its own thread and sends batches of lines (terminators removed); blocks sent
/// back through the second channel are filled again (no new allocation, no fresh pages).
///
/// On a terminal it reads line by line and prints Java's `>` prompt first (when stdout is a
/// terminal too); otherwise it reads large blocks. A final line without a newline is a line.
fn spawn_stdin_reader(bytes_read: Arc<AtomicU64>) -> (Receiver<Lines>, SyncSender<Vec<u8>>) {
    let (tx, rx) = mpsc::sync_channel::<Lines>(BLOCKS_AHEAD);
    let (give_back, spare) = mpsc::sync_channel::<Vec<u8>>(BLOCKS_AHEAD + 2);
    std::thread::spawn(move || {
        let stdin = io::stdin();
        let interactive = stdin.is_terminal() && io::stdout().is_terminal();
        let mut input = stdin.lock();
        if interactive {
            loop {
                output::prompt();
                let mut line = Vec::new();
                match input.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        bytes_read.fetch_add(n as u64, Ordering::Relaxed);
                        if tx.send(Lines::one(line)).is_err() {
                            return;
                        }
                    }
                }
            }
        }
        // Each block holds whole lines: the unfinished last line of a read moves to the front
        // of the next block; a line longer than a block grows its block and the read goes on
        // in it. `filled` bytes at the front of `block` are that unfinished line.
        let mut block: Vec<u8> = Vec::new();
        let mut filled = 0;
        loop {
            let room = filled.max(BLOCK / 2) + BLOCK;
            if block.len() < room {
                block.resize(room, 0);
            }
            let n = match input.read(&mut block[filled..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => 0,
            };
            if n == 0 {
                block.truncate(filled);
                break_with_tail(&tx, block);
                return;
            }
            bytes_read.fetch_add(n as u64, Ordering::Relaxed);
            let valid = filled + n;
            let mut ends = Vec::new();
            let mut start = 0;
            for end in memchr::memchr_iter(b'\n', &block[filled..valid]) {
                let end = filled + end;
                let stop = if end > start && block[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                ends.push((start, stop));
                start = end + 1;
            }
            filled = valid;
            if ends.is_empty() {
                // Inside one long line: keep reading into the same block.
                continue;
            }
            let mut next = spare.try_recv().unwrap_or_default();
            filled = valid - start;
            let room = filled.max(BLOCK / 2) + BLOCK;
            if next.len() < room {
                next.resize(room, 0);
            }
            next[..filled].copy_from_slice(&block[start..valid]);
            let full = std::mem::replace(&mut block, next);
            if tx.send(Lines { data: full, ends }).is_err() {
                return;
            }
        }
    });
    (rx, give_back)
}

/// Blocks the reader may read ahead of the sender.
const BLOCKS_AHEAD: usize = 8;

/// The bytes read per block.
const BLOCK: usize = 256 * 1024;

/// Sends what is left at the end of the input: a last line without a newline is a line.
fn break_with_tail(tx: &mpsc::SyncSender<Lines>, tail: Vec<u8>) {
    if !tail.is_empty() {
        let _ = tx.send(Lines::one(tail));
    }
}

/// Removes a trailing `\n` and the `\r` of a `\r\n`.
fn strip_terminator(mut line: Vec<u8>) -> Vec<u8> {
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_terminator_is_removed() {
        assert_eq!(strip_terminator(b"a\r\n".to_vec()), b"a");
        assert_eq!(strip_terminator(b"a\n".to_vec()), b"a");
        assert_eq!(strip_terminator(b"a\rb".to_vec()), b"a\rb");
        assert_eq!(strip_terminator(vec![0xff, b'\n']), vec![0xff]);
    }

    fn parse(argv: &[&str]) -> ConsoleProducerArgs {
        ConsoleProducerArgs::try_parse_from(
            std::iter::once("kafka-console-producer").chain(argv.iter().copied()),
        )
        .unwrap()
    }

    #[test]
    fn compression_codec_without_value_means_gzip() {
        let a = parse(&["--topic", "t", "--compression-codec"]);
        assert_eq!(a.compression_codec.as_deref(), Some("gzip"));
        let a = parse(&["--topic", "t", "--compression-codec", "zstd"]);
        assert_eq!(a.compression_codec.as_deref(), Some("zstd"));
    }

    #[test]
    fn flags_win_and_absent_flags_are_java_defaults() {
        let a = parse(&[
            "--bootstrap-server",
            "h:1",
            "--topic",
            "t",
            "--timeout",
            "5",
            "--command-property",
            "acks=1",
        ]);
        let s = a.settings().build().unwrap();
        assert_eq!(s.get("linger.ms"), Some("5"));
        assert_eq!(s.get("acks"), Some("1"));
        assert_eq!(s.get("request.timeout.ms"), Some("1500"));
        assert_eq!(s.get("compression.type"), Some("none"));
        assert_eq!(s.get("client.id"), Some("console-producer"));
    }

    #[test]
    fn batches_are_large_by_default_and_exactly_as_given_otherwise() {
        let a = parse(&["--bootstrap-server", "h:1", "--topic", "t"]);
        let s = a.settings().build().unwrap();
        assert_eq!(s.get("batch.size"), Some("1000000"));
        assert_eq!(s.get("linger.ms"), Some("1000"));
        // The kernel sizes the send buffer unless the user gives one.
        assert_eq!(s.get("socket.send.buffer.bytes"), None);
        let a = parse(&[
            "--bootstrap-server",
            "h:1",
            "--topic",
            "t",
            "--socket-buffer-size",
            "102400",
        ]);
        assert_eq!(
            a.settings()
                .build()
                .unwrap()
                .get("socket.send.buffer.bytes"),
            Some("102400")
        );
        let a = parse(&[
            "--bootstrap-server",
            "h:1",
            "--topic",
            "t",
            "--batch-size",
            "16384",
        ]);
        assert_eq!(
            a.settings().build().unwrap().get("batch.size"),
            Some("16384")
        );
        let a = parse(&[
            "--bootstrap-server",
            "h:1",
            "--topic",
            "t",
            "--command-property",
            "batch.size=2048",
        ]);
        assert_eq!(
            a.settings().build().unwrap().get("batch.size"),
            Some("2048")
        );
    }
}
