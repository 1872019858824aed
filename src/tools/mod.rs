//! One module per tool: its arguments, their validation, and what it does.
//!
//! A tool turns its clap arguments into a plain request in its first lines, calls `client`, and
//! hands results to `output`. Every tool implements [`Tool`]; `cli` runs it.

pub mod acls;
pub mod broker_api_versions;
pub mod client_metrics;
pub mod cluster;
pub mod configs;
pub mod console_consumer;
pub mod console_producer;
pub mod console_share_consumer;
pub mod consumer_groups;
pub mod delegation_tokens;
pub mod delete_records;
pub mod dump_log;
pub mod features;
pub(crate) mod formatter;
pub mod get_offsets;
pub mod groups;
mod kafka_errors;
pub mod leader_election;
pub(crate) mod line_reader;
pub mod log_dirs;
pub mod metadata_quorum;
pub mod metadata_shell;
pub(crate) mod pattern;
pub mod perf;
pub mod reassign_partitions;
pub(crate) mod record_json;
pub mod replica_verification;
pub mod share_groups;
pub mod storage;
pub mod streams_groups;
pub mod streams_reset;
pub mod topics;
pub mod transactions;
mod verifiable;
pub mod verifiable_consumer;
pub mod verifiable_producer;
pub mod verifiable_share_consumer;

use std::future::Future;

use crate::common::Shutdown;
use crate::output::{Format, Output};

/// One command-line tool: its arguments (a clap parser) and what it does with them.
pub trait Tool: clap::Parser {
    /// The installed name of the tool, e.g. `kafka-topics`.
    const NAME: &'static str;

    /// Exit status of an operational failure (1 for most tools, as in Java).
    const RUNTIME_FAILURE_STATUS: u8 = 1;

    /// The output format the user asked for.
    fn output_format(&self) -> Format {
        Format::Text
    }

    /// Runs the tool. Everything user-visible goes through `ctx`.
    fn run(self, ctx: &mut Context) -> impl Future<Output = anyhow::Result<()>>;
}

/// What a running tool gets from the runner: the output layer and the shutdown signal.
pub struct Context {
    pub(crate) out: Output,
    pub(crate) shutdown: Shutdown,
}

/// Reports a runtime failure as the Java tools that catch it do: `line(err)` on stdout, in the
/// text output (the Java tool's stack trace, which goes to its log, is left out), and the
/// failure with its exit status but without the suite's own error line. Usage errors, an
/// unusable cluster, a refused ACL, a signal and every failure with `--output json` keep the
/// suite's reporting.
pub(crate) fn java_failure_on_stdout(
    ctx: &mut Context,
    result: anyhow::Result<()>,
    line: impl FnOnce(&anyhow::Error) -> String,
) -> anyhow::Result<()> {
    use crate::error::{is_fatal, Interrupted, Reported, UsageError};
    match result {
        Err(err)
            if err.downcast_ref::<UsageError>().is_none()
                && err.downcast_ref::<Interrupted>().is_none()
                && !is_fatal(&err)
                && ctx.out.format() == Format::Text =>
        {
            ctx.out.line(&line(&err))?;
            Err(anyhow::Error::new(Reported(err)))
        }
        other => other,
    }
}

/// A tool's arguments parsed from `argv` after `--bootstrap-server b:9092`, for unit tests of
/// its checks.
#[cfg(test)]
pub(crate) fn args_with_bootstrap<T: Tool>(argv: &[&str]) -> T {
    #[allow(clippy::unwrap_used)]
    T::try_parse_from(
        [T::NAME, "--bootstrap-server", "b:9092"]
            .into_iter()
            .chain(argv.iter().copied()),
    )
    .unwrap()
}

/// The values of an option whose set is fixed, for shell completion and `--help`: the parser
/// takes any string, so the tool still rejects a wrong one with the Java tool's own message.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Suggest(pub(crate) &'static [&'static str]);

impl clap::builder::TypedValueParser for Suggest {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.0.iter().map(|v| clap::builder::PossibleValue::new(*v)),
        ))
    }
}
