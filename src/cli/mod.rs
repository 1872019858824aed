//! The one executable behind every tool name: the registry of tools, the dispatch on the name
//! the executable was started as (or on its first argument), and the runner every tool goes
//! through.
//!
//! [`main`] picks the tool; [`run`] parses its arguments, starts the async runtime and the signal
//! watcher, runs the tool, and turns its result into an exit status through `error`. The names
//! under `src/bin/` are launchers that exec this executable under their tool's name.

use std::ffi::OsString;
use std::process::ExitCode;

use crate::common::Shutdown;
use crate::error;
use crate::output::{Format, Output};
use crate::tools::{Context, Tool};

/// The file name of the executable that holds every tool.
pub const EXECUTABLE: &str = "kafka-tools";

/// Runs the tool named by how the executable was started: its own name (`kafka-topics`,
/// `kafka-topics.sh`, a link of either name), or, started under [`EXECUTABLE`] or any other
/// name, its first argument (`kafka-tools kafka-topics --list`, or the short `kafka-tools topics`).
pub fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    let started_as = args
        .first()
        .map(|arg0| {
            tool_name(
                &std::path::Path::new(arg0)
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy(),
            )
        })
        .unwrap_or_default();
    if let Some(tool) = find(&started_as) {
        args[0] = OsString::from(tool.name);
        return (tool.run)(args);
    }
    let first = args.get(1).map(|a| a.to_string_lossy().into_owned());
    match first.as_deref() {
        None | Some("-h" | "--help" | "help") => {
            crate::output::print_plain(&suite_help());
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            crate::output::print_plain(&format!(
                "{EXECUTABLE} {}\n{}",
                env!("CARGO_PKG_VERSION"),
                tool_list()
            ));
            ExitCode::SUCCESS
        }
        Some(name) => match find(&tool_name(name)) {
            Some(tool) => {
                args.remove(0);
                args[0] = OsString::from(tool.name);
                (tool.run)(args)
            }
            None => {
                error::print_error(
                    EXECUTABLE,
                    &format!("'{name}' is not a tool of this suite (see --help for the list)"),
                );
                ExitCode::from(error::USAGE_STATUS)
            }
        },
    }
}

/// A name as the user may give it: `kafka-topics`, `kafka-topics.sh` or `topics`, as the
/// registry's `kafka-topics`.
fn tool_name(given: &str) -> String {
    let name = given.strip_suffix(".sh").unwrap_or(given);
    if name.starts_with("kafka-") {
        name.to_string()
    } else {
        format!("kafka-{name}")
    }
}

fn find(name: &str) -> Option<&'static ToolEntry> {
    TOOLS.iter().find(|t| t.name == name)
}

fn tool_list() -> String {
    let width = TOOLS.iter().map(|t| t.name.len()).max().unwrap_or(0);
    let mut list = String::from("Tools:\n");
    for tool in TOOLS {
        let about = (tool.command)()
            .get_about()
            .map(|a| a.to_string())
            .unwrap_or_default();
        list.push_str(&format!("  {:width$}  {about}\n", tool.name));
    }
    list
}

fn suite_help() -> String {
    format!(
        "Apache Kafka's command-line tools, native: every tool in one executable.\n\n\
         Usage: <tool> [OPTIONS]              a tool's name on PATH: kafka-topics, kafka-topics.sh\n       \
         {EXECUTABLE} <tool> [OPTIONS]  the tool's full or short name: kafka-topics, topics\n\n\
         {}\nOptions:\n  -h, --help     Print this help\n  -V, --version  Print the version and the tools\n\n\
         Each tool's own options: <tool> --help\n",
        tool_list()
    )
}

/// Parses `args` (the tool's name first) as the arguments of `T`, runs it, and returns its exit
/// status.
pub fn run<T: Tool>(args: Vec<OsString>) -> ExitCode {
    let args = match T::try_parse_from(args) {
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
    let (result, emitted_json) = runtime.block_on(async {
        let shutdown = Shutdown::install();
        let mut ctx = Context {
            out: Output::new(T::NAME, format),
            shutdown,
        };
        let result = args.run(&mut ctx).await;
        let result = match ctx.out.flush() {
            Err(err) if result.is_ok() => Err(anyhow::Error::new(err).context("writing output")),
            _ => result,
        };
        (result, ctx.out.emitted_json())
    });
    // With --output json a failure never exits 0: a pipeline must tell "no data" from "failed"
    // (the text form keeps the Java tool's status). It is printed as the one JSON document,
    // `{"error": ...}`, unless the tool's own document (which then says what failed) came first.
    let runtime_status = match error::json_failure(&result).filter(|_| format == Format::Json) {
        Some(message) => {
            if !emitted_json {
                crate::output::print_json_error(&message);
            }
            T::RUNTIME_FAILURE_STATUS.max(1)
        }
        None => T::RUNTIME_FAILURE_STATUS,
    };
    let status = error::report(T::NAME, result, runtime_status);
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
            error::print_error(tool, &clap_line(&err.render().to_string()));
            ExitCode::from(error::USAGE_STATUS)
        }
    }
}

/// clap's several-line usage error as one line: the error, then clap's hints folded in (`did
/// you mean '--describe'?`, the possible values), then where to read more.
fn clap_line(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim);
    let first = lines.next().unwrap_or_default();
    let mut line = first.strip_prefix("error: ").unwrap_or(first).to_string();
    for hint in lines {
        if let Some(similar) = hint
            .strip_prefix("tip: a similar argument exists: ")
            .or_else(|| hint.strip_prefix("tip: a similar value exists: "))
        {
            line.push_str(&format!("; did you mean {similar}?"));
        } else if hint.starts_with("--") || hint.starts_with('<') {
            // A missing required argument, listed under the error line.
            line.push_str(&format!(" {hint}"));
        } else if let Some(values) = hint
            .strip_prefix("[possible values: ")
            .and_then(|v| v.strip_suffix(']'))
        {
            line.push_str(&format!("; possible values: {values}"));
        }
    }
    line.push_str(" (see --help)");
    line
}

/// One entry of [`TOOLS`]: a tool's name, its clap definition, its runner, and examples for its
/// man page.
pub struct ToolEntry {
    /// The installed name.
    pub name: &'static str,
    /// Builds the tool's clap command.
    pub command: fn() -> clap::Command,
    /// Runs the tool on its arguments (its name first) and returns the exit status.
    pub run: fn(Vec<OsString>) -> ExitCode,
    /// `(what it does, command line)` pairs for the EXAMPLES section.
    pub examples: &'static [(&'static str, &'static str)],
    /// The exit status of a runtime failure in text mode (0 where the Java tool exits 0).
    pub runtime_failure_status: u8,
}

const fn entry<T: Tool>(examples: &'static [(&'static str, &'static str)]) -> ToolEntry {
    ToolEntry {
        name: T::NAME,
        command: <T as clap::CommandFactory>::command,
        run: run::<T>,
        examples,
        runtime_failure_status: T::RUNTIME_FAILURE_STATUS,
    }
}

/// Every tool of the suite: dispatch, completions, man pages and the registry test.
pub const TOOLS: &[ToolEntry] = &[
    entry::<crate::tools::topics::TopicsArgs>(crate::tools::topics::EXAMPLES),
    entry::<crate::tools::console_consumer::ConsoleConsumerArgs>(
        crate::tools::console_consumer::EXAMPLES,
    ),
    entry::<crate::tools::console_producer::ConsoleProducerArgs>(
        crate::tools::console_producer::EXAMPLES,
    ),
    entry::<crate::tools::console_share_consumer::ConsoleShareConsumerArgs>(
        crate::tools::console_share_consumer::EXAMPLES,
    ),
    entry::<crate::tools::verifiable_consumer::VerifiableConsumerArgs>(
        crate::tools::verifiable_consumer::EXAMPLES,
    ),
    entry::<crate::tools::verifiable_producer::VerifiableProducerArgs>(
        crate::tools::verifiable_producer::EXAMPLES,
    ),
    entry::<crate::tools::verifiable_share_consumer::VerifiableShareConsumerArgs>(
        crate::tools::verifiable_share_consumer::EXAMPLES,
    ),
    entry::<crate::tools::consumer_groups::ConsumerGroupsArgs>(
        crate::tools::consumer_groups::EXAMPLES,
    ),
    entry::<crate::tools::share_groups::ShareGroupsArgs>(crate::tools::share_groups::EXAMPLES),
    entry::<crate::tools::streams_groups::StreamsGroupsArgs>(
        crate::tools::streams_groups::EXAMPLES,
    ),
    entry::<crate::tools::get_offsets::GetOffsetsArgs>(crate::tools::get_offsets::EXAMPLES),
    entry::<crate::tools::configs::ConfigsArgs>(crate::tools::configs::EXAMPLES),
    entry::<crate::tools::delete_records::DeleteRecordsArgs>(
        crate::tools::delete_records::EXAMPLES,
    ),
    entry::<crate::tools::leader_election::LeaderElectionArgs>(
        crate::tools::leader_election::EXAMPLES,
    ),
    entry::<crate::tools::acls::AclsArgs>(crate::tools::acls::EXAMPLES),
    entry::<crate::tools::reassign_partitions::ReassignPartitionsArgs>(
        crate::tools::reassign_partitions::EXAMPLES,
    ),
    entry::<crate::tools::metadata_quorum::MetadataQuorumArgs>(
        crate::tools::metadata_quorum::EXAMPLES,
    ),
    entry::<crate::tools::features::FeaturesArgs>(crate::tools::features::EXAMPLES),
    entry::<crate::tools::dump_log::DumpLogArgs>(crate::tools::dump_log::EXAMPLES),
    entry::<crate::tools::transactions::TransactionsArgs>(crate::tools::transactions::EXAMPLES),
    entry::<crate::tools::broker_api_versions::BrokerApiVersionsArgs>(
        crate::tools::broker_api_versions::EXAMPLES,
    ),
    entry::<crate::tools::cluster::ClusterArgs>(crate::tools::cluster::EXAMPLES),
    entry::<crate::tools::log_dirs::LogDirsArgs>(crate::tools::log_dirs::EXAMPLES),
    entry::<crate::tools::streams_reset::StreamsResetArgs>(crate::tools::streams_reset::EXAMPLES),
    entry::<crate::tools::delegation_tokens::DelegationTokensArgs>(
        crate::tools::delegation_tokens::EXAMPLES,
    ),
    entry::<crate::tools::metadata_shell::MetadataShellArgs>(
        crate::tools::metadata_shell::EXAMPLES,
    ),
    entry::<crate::tools::perf::producer::ProducerPerfArgs>(crate::tools::perf::producer::EXAMPLES),
    entry::<crate::tools::perf::consumer::ConsumerPerfArgs>(crate::tools::perf::consumer::EXAMPLES),
    entry::<crate::tools::perf::latency::E2eLatencyArgs>(crate::tools::perf::latency::EXAMPLES),
    entry::<crate::tools::perf::share_consumer::ShareConsumerPerfArgs>(
        crate::tools::perf::share_consumer::EXAMPLES,
    ),
    entry::<crate::tools::client_metrics::ClientMetricsArgs>(
        crate::tools::client_metrics::EXAMPLES,
    ),
    entry::<crate::tools::groups::GroupsArgs>(crate::tools::groups::EXAMPLES),
    entry::<crate::tools::storage::StorageArgs>(crate::tools::storage::EXAMPLES),
    entry::<crate::tools::replica_verification::ReplicaVerificationArgs>(
        crate::tools::replica_verification::EXAMPLES,
    ),
];

/// The exit statuses of `tool`, for its man page (README's "Exit status" says the same): one
/// rule for every tool, with the one exception Java makes, a tool whose runtime failures exit 0.
pub fn exit_statuses(tool: &ToolEntry) -> Vec<(&'static str, String)> {
    let java_zero = tool.runtime_failure_status == 0;
    let success = if java_zero {
        "Success. Also after a runtime failure (a broker error, a timeout, an unknown group), as \
         the Java tool: the failure is printed on stdout, as Java prints it. Also when stdout is \
         a closed pipe (e.g. piped into head)."
    } else {
        "Success. Also when stdout is a closed pipe (e.g. piped into head)."
    };
    let failure = if java_zero {
        "A usage or validation error, a cluster that cannot be used (unreachable, authentication \
         or TLS failed), or a refused ACL; with --output json, every failure (the error is also \
         printed as {\"error\": ...} on stdout)."
    } else {
        "A usage or validation error, or an operational failure (a broker error, a timeout, an \
         unreachable cluster), as the Java tools; with --output json the error is also printed \
         as {\"error\": ...} on stdout."
    };
    vec![
        ("0", success.to_string()),
        ("1", failure.to_string()),
        (
            "127",
            format!("The launcher found no {EXECUTABLE} next to itself (a broken install)."),
        ),
        (
            "130",
            "Interrupted by SIGINT (Ctrl-C), after in-flight work was finished.".to_string(),
        ),
        (
            "143",
            "Terminated by SIGTERM, after in-flight work was finished.".to_string(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_fold_their_hints_into_one_line() {
        assert_eq!(
            clap_line("error: unexpected argument '--descibe' found\n\n  tip: a similar argument exists: '--describe'\n\nUsage: kafka-topics --describe\n\nFor more information, try '--help'.\n"),
            "unexpected argument '--descibe' found; did you mean '--describe'? (see --help)"
        );
        assert_eq!(
            clap_line("error: invalid value 'yaml' for '--output <OUTPUT>'\n  [possible values: text, json, table]\n\nFor more information, try '--help'.\n"),
            "invalid value 'yaml' for '--output <OUTPUT>'; possible values: text, json, table (see --help)"
        );
    }

    #[test]
    fn missing_required_arguments_are_named() {
        assert_eq!(
            clap_line("error: the following required arguments were not provided:\n  --id <ID>\n\nUsage: kafka-cluster unregister --id <ID>\n\nFor more information, try '--help'.\n"),
            "the following required arguments were not provided: --id <ID> (see --help)"
        );
    }

    #[test]
    fn a_tool_is_found_by_its_name_its_script_name_or_its_short_name() {
        for given in ["kafka-topics", "kafka-topics.sh", "topics", "topics.sh"] {
            assert_eq!(
                find(&tool_name(given)).map(|t| t.name),
                Some("kafka-topics")
            );
        }
        assert!(find(&tool_name(EXECUTABLE)).is_none());
        assert!(find(&tool_name("nope")).is_none());
    }
}
