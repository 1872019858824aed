//! The runner every binary calls, the registry of tools, and the shared options.
//!
//! [`main`] parses a tool's arguments, starts the async runtime and the signal watcher, runs the
//! tool, and turns its result into an exit status through `error`. Binaries contain nothing but a
//! call to it.

mod common;
mod signal;

use std::future::Future;
use std::process::ExitCode;

pub(crate) use common::validate_bootstrap;
pub use common::{ConnectionArgs, OutputArgs};
pub(crate) use signal::Shutdown;

use crate::error;
use crate::output::{Format, Output};

/// One command-line tool: its arguments (a clap parser) and what it does with them.
pub trait Tool: clap::Parser {
    /// The installed name of the binary, e.g. `kafka-topics`.
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

/// Parses the arguments of `T`, runs it, and returns its exit status.
pub fn main<T: Tool>() -> ExitCode {
    let args = match T::try_parse() {
        Ok(args) => args,
        Err(err) => return clap_error(T::NAME, &err),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            let err = anyhow::Error::new(err).context("starting the async runtime");
            return error::report(T::NAME, Err(err), 1);
        }
    };
    let format = args.output_format();
    let result = runtime.block_on(async {
        let shutdown = Shutdown::install();
        let mut ctx = Context {
            out: Output::new(T::NAME, format),
            shutdown,
        };
        let result = args.run(&mut ctx).await;
        match ctx.out.flush() {
            Err(err) if result.is_ok() => Err(anyhow::Error::new(err).context("writing output")),
            _ => result,
        }
    });
    let status = error::report(T::NAME, result, T::RUNTIME_FAILURE_STATUS);
    runtime.shutdown_background();
    status
}

/// Prints a clap error (or help/version) and returns its status: help and version exit 0,
/// usage errors exit 1 like the Java tools, with one line on stderr.
fn clap_error(tool: &str, err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // Help and version go to stdout; nothing to do if that fails.
            let _ = err.print();
            ExitCode::SUCCESS
        }
        _ => {
            let rendered = err.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            let message = first.strip_prefix("error: ").unwrap_or(first);
            error::print_error(tool, &format!("{message} (see --help)"));
            ExitCode::from(error::USAGE_STATUS)
        }
    }
}

/// One entry of [`TOOLS`]: a binary, its clap definition, and examples for its man page.
pub struct ToolEntry {
    /// The installed binary name.
    pub name: &'static str,
    /// Builds the tool's clap command.
    pub command: fn() -> clap::Command,
    /// `(what it does, command line)` pairs for the EXAMPLES section.
    pub examples: &'static [(&'static str, &'static str)],
}

/// Every tool of the suite, for completions, man pages and the registry test.
pub const TOOLS: &[ToolEntry] = &[
    ToolEntry {
        name: "kafka-topics",
        command: <crate::tools::topics::TopicsArgs as clap::CommandFactory>::command,
        examples: crate::tools::topics::EXAMPLES,
    },
    ToolEntry {
        name: "kafka-console-consumer",
        command:
            <crate::tools::console_consumer::ConsoleConsumerArgs as clap::CommandFactory>::command,
        examples: crate::tools::console_consumer::EXAMPLES,
    },
    ToolEntry {
        name: "kafka-console-producer",
        command:
            <crate::tools::console_producer::ConsoleProducerArgs as clap::CommandFactory>::command,
        examples: crate::tools::console_producer::EXAMPLES,
    },
    ToolEntry {
        name: "kafka-verifiable-consumer",
        command: <crate::tools::verifiable_consumer::VerifiableConsumerArgs as clap::CommandFactory>::command,
        examples: crate::tools::verifiable_consumer::EXAMPLES,
    },
    ToolEntry {
        name: "kafka-verifiable-producer",
        command: <crate::tools::verifiable_producer::VerifiableProducerArgs as clap::CommandFactory>::command,
        examples: crate::tools::verifiable_producer::EXAMPLES,
    },
    ToolEntry {
        name: "kafka-consumer-groups",
        command:
            <crate::tools::consumer_groups::ConsumerGroupsArgs as clap::CommandFactory>::command,
        examples: crate::tools::consumer_groups::EXAMPLES,
    },
    ToolEntry {
        name: "kafka-get-offsets",
        command: <crate::tools::get_offsets::GetOffsetsArgs as clap::CommandFactory>::command,
        examples: crate::tools::get_offsets::EXAMPLES,
    },
    ToolEntry {
        name: "kafka-configs",
        command: <crate::tools::configs::ConfigsArgs as clap::CommandFactory>::command,
        examples: crate::tools::configs::EXAMPLES,
    },
    ToolEntry {
        name: "kafka-delete-records",
        command: <crate::tools::delete_records::DeleteRecordsArgs as clap::CommandFactory>::command,
        examples: crate::tools::delete_records::EXAMPLES,
    },
    ToolEntry {
        name: "kafka-leader-election",
        command:
            <crate::tools::leader_election::LeaderElectionArgs as clap::CommandFactory>::command,
        examples: crate::tools::leader_election::EXAMPLES,
    },
];

/// The EXIT STATUS table shared by every tool's man page and README.
pub const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success. Also when stdout is a closed pipe (e.g. piped into head)."),
    ("1", "Usage or validation error, or an operational failure (broker error, timeout, unreachable cluster), as the Java tools."),
    ("130", "Interrupted by SIGINT (Ctrl-C), after in-flight work was finished."),
    ("143", "Terminated by SIGTERM, after in-flight work was finished."),
];
