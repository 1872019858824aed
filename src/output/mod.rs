//! Everything a tool writes goes through [`Output`].
//!
//! stdout carries data only (the Java-compatible text by default, or JSON, or a table); notes,
//! warnings and progress go to stderr. Writes to a closed pipe surface as `BrokenPipe` errors,
//! which the error layer turns into a quiet exit 0.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub(crate) mod java;

use std::io::{self, BufWriter, IsTerminal, Write};

use clap::ValueEnum;
use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

/// How results are printed on stdout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Exactly what the Java tool prints.
    #[default]
    Text,
    /// One JSON document per call (JSON Lines for streams), stable field names.
    Json,
    /// A human-friendly table.
    Table,
}

/// How results are printed.
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct OutputArgs {
    /// Output format: the Java tool's text (default), JSON, or a table
    // Global: a tool with subcommands (kafka-features) takes it before or after its subcommand.
    #[arg(long, value_enum, default_value_t = Format::Text, help_heading = "Output", global = true)]
    pub(crate) output: Format,
}

/// Writes `text` to stdout as it is, for the suite's own help and version (a closed stdout is
/// not an error there).
pub(crate) fn print_plain(text: &str) {
    let mut stdout = io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Writes a failure as `--output json` shows it: one object, `{"error": "<message>"}`, on
/// stdout (the one-line message goes to stderr as for every format).
pub(crate) fn print_json_error(message: &str) {
    let mut stdout = io::stdout().lock();
    let _ = serde_json::to_writer(&mut stdout, &serde_json::json!({ "error": message }));
    let _ = stdout.write_all(b"\n");
    let _ = stdout.flush();
}

/// A result that can be printed in every [`Format`].
pub(crate) trait Render: Serialize {
    /// Writes the Java-compatible text form.
    fn text(&self, w: &mut dyn Write) -> io::Result<()>;

    /// Builds the table form; `None` falls back to the text form.
    fn table(&self) -> Option<Table> {
        None
    }
}

/// The output layer of one tool run: owns stdout (buffered) and stderr.
pub(crate) struct Output {
    tool: &'static str,
    format: Format,
    stdout: BufWriter<Box<dyn Write + Send>>,
    /// Whether a result was printed as JSON (a failure after it is part of that document).
    emitted_json: bool,
}

impl Output {
    /// Creates the output layer for `tool` printing results as `format`.
    pub(crate) fn new(tool: &'static str, format: Format) -> Self {
        Self {
            tool,
            format,
            stdout: BufWriter::with_capacity(64 * 1024, Box::new(io::stdout())),
            emitted_json: false,
        }
    }

    /// An output layer whose results go nowhere (the fuzz targets run whole tools).
    pub(crate) fn discard(tool: &'static str, format: Format) -> Self {
        Self {
            tool,
            format,
            stdout: BufWriter::new(Box::new(io::sink())),
            emitted_json: false,
        }
    }

    /// Whether a result has been printed as JSON.
    pub(crate) fn emitted_json(&self) -> bool {
        self.emitted_json
    }

    /// The chosen format.
    pub(crate) fn format(&self) -> Format {
        self.format
    }

    /// Prints one result in the chosen format.
    pub(crate) fn emit<R: Render>(&mut self, result: &R) -> io::Result<()> {
        match self.format {
            Format::Text => result.text(&mut self.stdout)?,
            Format::Json => {
                self.emitted_json = true;
                serde_json::to_writer(&mut self.stdout, result).map_err(io::Error::from)?;
                self.stdout.write_all(b"\n")?;
            }
            Format::Table => match result.table() {
                Some(table) => writeln!(self.stdout, "{}", finish_table(table))?,
                None => result.text(&mut self.stdout)?,
            },
        }
        self.stdout.flush()
    }

    /// Writes one line of data (a newline is added) to stdout.
    pub(crate) fn line(&mut self, text: &str) -> io::Result<()> {
        self.stdout.write_all(text.as_bytes())?;
        self.stdout.write_all(b"\n")
    }

    /// Writes raw bytes to stdout (records are bytes, not text).
    pub(crate) fn write_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stdout.write_all(bytes)
    }

    /// Whether stdout is a pipe or socket whose reader has gone (e.g. `| head` finished).
    ///
    /// A consumer waiting for records writes nothing, so it would only notice at the next
    /// record; this lets it stop quietly while idle.
    pub(crate) fn stdout_closed(&self) -> bool {
        let mut fd = libc::pollfd {
            fd: 1,
            events: 0,
            revents: 0,
        };
        // SAFETY: one valid pollfd, zero timeout.
        let ready = unsafe { libc::poll(&mut fd, 1, 0) };
        ready > 0 && fd.revents & (libc::POLLERR | libc::POLLHUP) != 0
    }

    /// Flushes stdout.
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        self.stdout.flush()
    }

    /// Prints a warning line on stderr: `tool: warning: message`.
    #[allow(dead_code)]
    pub(crate) fn warn(&mut self, message: &str) {
        let _ = self.stdout.flush();
        eprintln!("{}: warning: {message}", self.tool);
    }

    /// Prints an error line on stderr without ending the tool: `tool: error: message`.
    pub(crate) fn error_line(&mut self, message: &str) {
        let _ = self.stdout.flush();
        eprintln!("{}: error: {message}", self.tool);
    }

    /// Prints a line on stderr as it is (for messages the Java tool prints verbatim).
    pub(crate) fn stderr_line(&mut self, message: &str) {
        let _ = self.stdout.flush();
        eprintln!("{message}");
    }

    /// Whether stderr is a terminal (progress bars and prompts only then).
    pub(crate) fn stderr_is_terminal() -> bool {
        io::stderr().is_terminal()
    }
}

/// After Ctrl-C on a terminal that echoes it: clears the `^C` the terminal printed, and the line
/// before it, where the cursor is left. A progress bar keeps the cursor at the right edge of its
/// line, so the echo wraps onto a line of its own; clearing the bar then leaves the bar's line.
pub(crate) fn erase_echoed_interrupt() {
    use std::os::fd::AsRawFd;
    let stderr = io::stderr();
    let fd = stderr.as_raw_fd();
    // SAFETY: termios is plain data; tcgetattr only fills it for a terminal fd.
    let mut termios: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: fd is our stderr; the pointer is to a live termios.
    if unsafe { libc::tcgetattr(fd, &mut termios) } != 0 {
        return;
    }
    let echoes = libc::ECHO | libc::ECHOCTL;
    if termios.c_lflag & echoes == echoes {
        let mut stderr = stderr.lock();
        let _ = stderr.write_all(b"\r\x1b[2K\x1b[1A\r\x1b[2K");
        let _ = stderr.flush();
    }
}

/// Prints the console producer's `>` prompt (stdout, no newline), as Java does on a terminal.
pub(crate) fn prompt() {
    let mut out = io::stdout().lock();
    let _ = out.write_all(b">");
    let _ = out.flush();
}

/// A byte-count progress bar on stderr, only when stderr is a terminal.
pub(crate) fn byte_progress(total: u64, what: &str) -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(what.to_string());
    Some(bar)
}

/// Applies the common table style: no borders, fixed width when not on a terminal.
fn finish_table(mut table: Table) -> String {
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    if io::stdout().is_terminal() {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
    table.trim_fmt()
}

/// Creates a table with the given header row.
pub(crate) fn table_with_header<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut table = Table::new();
    table.set_header(header);
    table
}
