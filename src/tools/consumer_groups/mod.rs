//! `kafka-consumer-groups`: list, describe, delete consumer groups and reset or delete their
//! offsets (Java's ConsumerGroupCommand, reference kafka-tools.md §5).
//!
//! The arguments are resolved into a [`Request`] first (Java's validation, in Java's order);
//! nothing below [`ConsumerGroupsArgs::resolve`] sees a clap type. As in Java, a failure at run
//! time prints `Error: Executing consumer group command failed due to ...` on stdout (only there)
//! and exits 0; usage errors, an unusable cluster and a refused ACL (naming the group) exit 1.
//! With `--output json` every failure is the error object and exits 1. Beyond Java:
//! `--output json|table`, `--lag-time` and `--watch`.

pub(crate) mod delete;
pub(crate) mod describe;
pub(crate) mod java;
pub(crate) mod regex;
pub(crate) mod reset;
pub(crate) mod time;

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::Result;
use clap::{Parser, ValueHint};

use crate::client::admin::groups::{GroupState, GroupType};
use crate::client::{Admin, SettingsBuilder};
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::Format;
use crate::output::OutputArgs;
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "List the consumer groups with their state",
        "kafka-consumer-groups --bootstrap-server localhost:9092 --list --state",
    ),
    (
        "Show committed offsets, log-end offsets and lag of a group",
        "kafka-consumer-groups --bootstrap-server localhost:9092 --describe --group my-group",
    ),
    (
        "The same, with how old the next record to consume is, as JSON",
        "kafka-consumer-groups --bootstrap-server localhost:9092 --describe --group my-group --lag-time --output json",
    ),
    (
        "Members and their assignments",
        "kafka-consumer-groups --bootstrap-server localhost:9092 --describe --group my-group --members --verbose",
    ),
    (
        "Rewind a stopped group to the beginning of one topic (dry run, then for real)",
        "kafka-consumer-groups --bootstrap-server localhost:9092 --reset-offsets --group my-group --topic hello.kafka --to-earliest --execute",
    ),
    (
        "Save a reset plan as CSV and apply it later",
        "kafka-consumer-groups --bootstrap-server localhost:9092 --reset-offsets --group my-group --all-topics --by-duration PT1H --export > plan.csv",
    ),
    (
        "Delete a group",
        "kafka-consumer-groups --bootstrap-server localhost:9092 --delete --group my-group",
    ),
];

/// List all consumer groups, describe a consumer group, delete consumer group info, or reset
/// consumer group offsets.
#[derive(Parser, Debug)]
#[command(name = "kafka-consumer-groups", version)]
pub struct ConsumerGroupsArgs {
    /// List all consumer groups
    #[arg(long, help_heading = "Actions")]
    list: bool,

    /// Describe consumer group(s): offsets and lag (default), --members or --state
    #[arg(long, help_heading = "Actions")]
    describe: bool,

    /// Delete consumer group(s)
    #[arg(long, help_heading = "Actions")]
    delete: bool,

    /// Reset the offsets of consumer group(s); needs a scope and a target
    #[arg(long = "reset-offsets", help_heading = "Actions")]
    reset_offsets: bool,

    /// Delete the offsets of one group for the given --topic(s)
    #[arg(long = "delete-offsets", help_heading = "Actions")]
    delete_offsets: bool,

    /// Check a regular expression as the broker does for regex subscriptions (RE2 syntax);
    /// needs no cluster
    #[arg(
        long = "validate-regex",
        value_name = "REGEX",
        help_heading = "Actions"
    )]
    validate_regex: Option<String>,

    /// The consumer group (repeatable)
    #[arg(long, value_name = "GROUP")]
    group: Vec<String>,

    /// Apply to all consumer groups
    #[arg(long = "all-groups")]
    all_groups: bool,

    /// A topic, or topic:p1,p2 for some partitions (reset-offsets, delete-offsets; repeatable)
    #[arg(long, value_name = "TOPIC")]
    topic: Vec<String>,

    /// With --reset-offsets: every partition the group has a committed offset for
    #[arg(long = "all-topics")]
    all_topics: bool,

    /// Timeout in ms for every admin call
    #[arg(long, value_name = "MS", default_value_t = 30000)]
    timeout: u64,

    /// With --describe: the members of the group
    #[arg(long, help_heading = "Describe")]
    members: bool,

    /// With --describe: offsets and lag (the default view)
    #[arg(long, help_heading = "Describe")]
    offsets: bool,

    /// With --list: show (and filter by) state, a comma list; with --describe: the state view
    #[arg(
        long,
        value_name = "STATES",
        num_args = 0..=1,
        value_parser = crate::tools::Suggest(&["Stable", "Empty", "PreparingRebalance", "CompletingRebalance", "Dead", "Assigning", "Reconciling"]),
        hide_possible_values = true,
        default_missing_value = "",
        help_heading = "Describe"
    )]
    state: Option<String>,

    /// With --list: show (and filter by) type: classic, consumer
    #[arg(
        long = "type",
        value_name = "TYPES",
        num_args = 0..=1,
        value_parser = crate::tools::Suggest(&["classic", "consumer"]),
        hide_possible_values = true,
        default_missing_value = "",
        help_heading = "Describe"
    )]
    group_type: Option<String>,

    /// With --describe: more columns (leader epoch, member assignments and epochs)
    #[arg(long, help_heading = "Describe")]
    verbose: bool,

    /// With --describe: add LAG-TIME, how old (ms) the next record to consume is, and a total row
    #[arg(long = "lag-time", help_heading = "Describe")]
    lag_time: bool,

    /// With --describe: refresh every SECONDS until interrupted
    ///
    /// On a terminal the screen is cleared and redrawn under a title line (the period, the
    /// command and the UTC time), as watch(1) does. Otherwise each refresh is appended after such
    /// a title line; with --output json each refresh is one more JSON document (JSON Lines), with
    /// no title.
    #[arg(long, value_name = "SECONDS", help_heading = "Describe")]
    watch: Option<u64>,

    #[command(flatten)]
    reset: ResetArgs,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Which groups an action applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Groups {
    All,
    Named(Vec<String>),
}

/// The describe sub-views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Offsets,
    Members,
    State,
}

/// The reset options of `kafka-consumer-groups` and `kafka-streams-groups`.
#[derive(clap::Args, Debug, Default)]
pub(crate) struct ResetArgs {
    /// With --reset-offsets: only show the plan (kafka-consumer-groups: the default)
    #[arg(long = "dry-run", help_heading = "Reset offsets")]
    pub(crate) dry_run: bool,

    /// With --reset-offsets: commit the new offsets
    #[arg(long, help_heading = "Reset offsets")]
    pub(crate) execute: bool,

    /// With --reset-offsets: print the plan as CSV (for --from-file)
    #[arg(long, help_heading = "Reset offsets")]
    pub(crate) export: bool,

    /// Reset to this offset (clamped into the log)
    #[arg(
        long = "to-offset",
        value_name = "OFFSET",
        allow_negative_numbers = true,
        help_heading = "Reset offsets"
    )]
    pub(crate) to_offset: Option<i64>,

    /// Reset to the earliest offset
    #[arg(long = "to-earliest", help_heading = "Reset offsets")]
    pub(crate) to_earliest: bool,

    /// Reset to the latest offset
    #[arg(long = "to-latest", help_heading = "Reset offsets")]
    pub(crate) to_latest: bool,

    /// Reset to the current committed offset (log end where there is none)
    #[arg(long = "to-current", help_heading = "Reset offsets")]
    pub(crate) to_current: bool,

    /// Move the committed offsets by N (may be negative)
    #[arg(
        long = "shift-by",
        value_name = "N",
        allow_negative_numbers = true,
        help_heading = "Reset offsets"
    )]
    pub(crate) shift_by: Option<i64>,

    /// Reset to the first offset at or after YYYY-MM-DDThh:mm:ss.sss[zone]
    #[arg(
        long = "to-datetime",
        value_name = "DATETIME",
        help_heading = "Reset offsets"
    )]
    pub(crate) to_datetime: Option<String>,

    /// Reset to the first offset at or after now minus an ISO-8601 duration (PnDTnHnMnS)
    #[arg(
        long = "by-duration",
        value_name = "DURATION",
        help_heading = "Reset offsets"
    )]
    pub(crate) by_duration: Option<String>,

    /// Reset to the offsets of a CSV file (topic,partition,offset or group,topic,partition,offset)
    #[arg(
        long = "from-file",
        value_name = "FILE",
        value_hint = ValueHint::FilePath,
        help_heading = "Reset offsets"
    )]
    pub(crate) from_file: Option<String>,
}

impl ResetArgs {
    /// The reset scenarios given, in Java's order of its checks (both tools check the same).
    pub(crate) fn targets(&self) -> Vec<(&'static str, Target)> {
        [
            ("to-offset", self.to_offset.map(Target::Offset)),
            (
                "to-datetime",
                self.to_datetime.clone().map(Target::DateTime),
            ),
            (
                "by-duration",
                self.by_duration.clone().map(Target::Duration),
            ),
            ("to-earliest", self.to_earliest.then_some(Target::Earliest)),
            ("to-latest", self.to_latest.then_some(Target::Latest)),
            ("to-current", self.to_current.then_some(Target::Current)),
            ("shift-by", self.shift_by.map(Target::ShiftBy)),
            ("from-file", self.from_file.clone().map(Target::FromFile)),
        ]
        .into_iter()
        .filter_map(|(name, t)| t.map(|t| (name, t)))
        .collect()
    }
}

/// A `--reset-offsets` target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Offset(i64),
    Earliest,
    Latest,
    Current,
    ShiftBy(i64),
    DateTime(String),
    Duration(String),
    FromFile(String),
}

/// Which partitions a reset applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    AllTopics,
    Topics(Vec<String>),
    /// Only `--from-file`: the file's partitions.
    File,
}

/// What the user asked for, validated.
#[derive(Debug)]
enum Request {
    List {
        states: Option<Vec<String>>,
        types: Option<Vec<GroupType>>,
    },
    Describe {
        groups: Groups,
        view: View,
        verbose: bool,
        lag_time: bool,
        watch: Option<Duration>,
    },
    Delete(Groups),
    Reset(reset::ResetRequest),
    DeleteOffsets {
        group: String,
        topics: Vec<String>,
    },
    /// Check a pattern; no cluster needed.
    ValidateRegex(String),
}

/// Java's `Option "[used]" can't be used with option "[other]"`.
pub(crate) fn conflict(used: &str, other: &str) -> anyhow::Error {
    usage(format!(
        "Option \"[{used}]\" can't be used with option \"[{other}]\""
    ))
}

/// The states `--list --state` accepts (Kafka's consumer-group states).
const VALID_STATES: [&str; 7] = [
    "PreparingRebalance",
    "CompletingRebalance",
    "Stable",
    "Dead",
    "Empty",
    "Assigning",
    "Reconciling",
];

/// Parses a `--state` list as Java does (comma separated, trimmed, case-insensitive).
fn parse_states(input: &str) -> Result<Vec<String>> {
    Ok(parse_state_list(input, &VALID_STATES)?
        .into_iter()
        .map(String::from)
        .collect())
}

/// Parses a comma list of group states against `valid` (Java's `groupStatesFromString`: trimmed,
/// case-insensitive), with Java's message for a state not in it.
pub(crate) fn parse_state_list(input: &str, valid: &[&'static str]) -> Result<Vec<&'static str>> {
    input
        .split(',')
        .map(|s| {
            let s = s.trim();
            valid
                .iter()
                .find(|v| v.eq_ignore_ascii_case(s))
                .copied()
                .ok_or_else(|| {
                    usage(format!(
                        "Invalid state list '{input}'. Valid states are: {}",
                        valid.join(", ")
                    ))
                })
        })
        .collect()
}

/// jopt's `availableIf`: each `(option, used)` given without `describe` is refused (Java fails
/// while parsing, before any other check).
pub(crate) fn only_with_describe(describe: bool, options: &[(&str, bool)]) -> Result<()> {
    match options.iter().find(|(_, used)| *used && !describe) {
        Some((name, _)) => Err(usage(format!(
            "Option(s) [{name}] are unavailable given other options on the command line"
        ))),
        None => Ok(()),
    }
}

/// Shows a runtime failure as Java's group commands do: an empty line and `Error: Executing
/// {what} command failed due to ...` on stdout, the status left to the tool (0 in Java). Usage
/// errors, signals, fatal failures, JSON output and what `keep` picks are returned as they are.
pub(crate) fn java_runtime_failure(
    ctx: &mut Context,
    result: Result<()>,
    what: &str,
    keep: impl Fn(&anyhow::Error) -> bool,
) -> Result<()> {
    match result {
        Err(err) if keep(&err) => Err(err),
        // Java also prints the stack trace on stderr, which we leave out.
        other => super::java_failure_on_stdout(ctx, other, |err| {
            format!("\nError: Executing {what} command failed due to {err:#}")
        }),
    }
}

/// Parses a `--type` list as Java does.
fn parse_types(input: &str) -> Result<Vec<GroupType>> {
    input
        .split(',')
        .map(|s| match s.trim().to_ascii_lowercase().as_str() {
            "classic" => Ok(GroupType::Classic),
            "consumer" => Ok(GroupType::Consumer),
            _ => Err(usage(format!(
                "Invalid types list '{input}'. Valid types are: classic, consumer"
            ))),
        })
        .collect()
}

impl ConsumerGroupsArgs {
    fn groups(&self) -> Groups {
        if self.all_groups {
            Groups::All
        } else {
            Groups::Named(self.group.clone())
        }
    }

    fn has_group_selection(&self) -> bool {
        !self.group.is_empty() || self.all_groups
    }

    /// Checks the option combinations in Java's order and builds the request.
    fn resolve(&self) -> Result<Request> {
        let actions = [
            ("list", self.list),
            ("describe", self.describe),
            ("delete", self.delete),
            ("reset-offsets", self.reset_offsets),
            ("delete-offsets", self.delete_offsets),
            ("validate-regex", self.validate_regex.is_some()),
        ];
        let given: Vec<&str> = actions
            .iter()
            .filter(|(_, set)| *set)
            .map(|(name, _)| *name)
            .collect();
        only_with_describe(
            self.describe,
            &[
                ("members", self.members),
                ("offsets", self.offsets),
                ("verbose", self.verbose),
            ],
        )?;
        if self.state.is_some() && !self.describe && !self.list {
            return Err(usage(
                "Option(s) [state] are unavailable given other options on the command line",
            ));
        }
        if self.group_type.is_some() && !self.list {
            return Err(usage(
                "Option(s) [type] are unavailable given other options on the command line",
            ));
        }
        let [action] = given.as_slice() else {
            return Err(usage(
                "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex",
            ));
        };
        let action = *action;
        if self.describe {
            if !self.has_group_selection() {
                return Err(usage(
                    "Option [describe] takes one of these options: [all-groups], [group]",
                ));
            }
            let views = [self.members, self.offsets, self.state.is_some()];
            if views.iter().filter(|v| **v).count() > 1 {
                return Err(usage(
                    "Option [describe] takes at most one of these options: [members], [offsets], [state]",
                ));
            }
            if self.state.as_deref().is_some_and(|s| !s.is_empty()) {
                return Err(usage("Option [describe] does not take a value for [state]"));
            }
        }
        if self.delete {
            if !self.has_group_selection() {
                return Err(usage(
                    "Option [delete] takes one of these options: [all-groups], [group]",
                ));
            }
            if !self.topic.is_empty() {
                return Err(usage(
                    "The consumer does not support topic-specific offset deletion from a consumer group.",
                ));
            }
        }
        if self.delete_offsets && (self.group.is_empty() || self.topic.is_empty()) {
            return Err(usage(
                "Option [delete-offsets] takes the following options: [topic], [group]",
            ));
        }
        let target = if self.reset_offsets {
            if self.reset.dry_run && self.reset.execute {
                return Err(usage(
                    "Option [reset-offsets] only accepts one of [execute] and [dry-run]",
                ));
            }
            if !self.has_group_selection() {
                return Err(usage(
                    "Option [reset-offsets] takes one of these options: [all-groups], [group]",
                ));
            }
            Some(self.target()?)
        } else {
            None
        };
        if !self.group.is_empty() && self.all_groups {
            return Err(conflict("group", "all-groups"));
        }
        if !self.group.is_empty() && self.list {
            return Err(conflict("group", "list"));
        }
        if !self.topic.is_empty() && (self.list || self.describe) {
            return Err(conflict("topic", action));
        }
        if (self.lag_time || self.watch.is_some()) && !self.describe {
            let name = if self.lag_time { "lag-time" } else { "watch" };
            return Err(conflict(name, action));
        }
        if self.watch == Some(0) {
            return Err(usage("--watch needs a number of seconds greater than 0"));
        }
        Ok(match action {
            "list" => Request::List {
                states: self
                    .state
                    .as_deref()
                    .map(|s| {
                        if s.is_empty() {
                            Ok(Vec::new())
                        } else {
                            parse_states(s)
                        }
                    })
                    .transpose()?,
                types: self
                    .group_type
                    .as_deref()
                    .map(|s| {
                        if s.is_empty() {
                            Ok(Vec::new())
                        } else {
                            parse_types(s)
                        }
                    })
                    .transpose()?,
            },
            "describe" => Request::Describe {
                groups: self.groups(),
                view: if self.members {
                    View::Members
                } else if self.state.is_some() {
                    View::State
                } else {
                    View::Offsets
                },
                verbose: self.verbose,
                lag_time: self.lag_time,
                watch: self.watch.map(Duration::from_secs),
            },
            "delete" => Request::Delete(self.groups()),
            "delete-offsets" => Request::DeleteOffsets {
                group: self.group[0].clone(),
                topics: self.topic.clone(),
            },
            "validate-regex" => {
                Request::ValidateRegex(self.validate_regex.clone().unwrap_or_default())
            }
            _ => {
                let target = target.unwrap_or(Target::Earliest);
                let scope = if self.all_topics {
                    Scope::AllTopics
                } else if !self.topic.is_empty() {
                    Scope::Topics(self.topic.clone())
                } else if matches!(target, Target::FromFile(_)) {
                    Scope::File
                } else {
                    return Err(usage(
                        "One of the reset scopes should be defined: --all-topics, --topic.",
                    ));
                };
                Request::Reset(reset::ResetRequest {
                    groups: self.groups(),
                    single_group: self.group.len() == 1,
                    scope,
                    target,
                    execute: self.reset.execute,
                    export: self.reset.export,
                })
            }
        })
    }

    /// The one reset scenario given (Java checks them pairwise).
    fn target(&self) -> Result<Target> {
        let given = self.reset.targets();
        match given.as_slice() {
            [] => Err(usage(
                "Option '[reset-offsets]' requires one of the following scenarios: [[from-file], [to-datetime], [by-duration], [to-latest], [to-current], [to-earliest], [to-offset], [shift-by]]",
            )),
            [(_, target)] => Ok(target.clone()),
            [(first, _), (second, _), ..] => Err(conflict(first, second)),
        }
    }
}

impl Tool for ConsumerGroupsArgs {
    const NAME: &'static str = "kafka-consumer-groups";

    /// Java's ConsumerGroupCommand prints runtime failures and exits 0 (reference §1.8).
    const RUNTIME_FAILURE_STATUS: u8 = 0;

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let request = self.resolve()?;
        if self.reset_offsets && !self.reset.dry_run && !self.reset.execute {
            ctx.out.stderr_line(
                "WARN: No action will be performed as the --execute option is missing. In version 5.0, this command will require either --dry-run or --execute to be specified. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.",
            );
        }
        if let Request::ValidateRegex(pattern) = &request {
            ctx.out.line(&regex::verdict(pattern))?;
            return Ok(());
        }
        let settings = SettingsBuilder::new(&self.connection)
            .set("default.api.timeout.ms", self.timeout.to_string())
            .build()?;
        let result = match Admin::connect(settings, ctx.shutdown.clone()) {
            Ok(admin) => execute(&admin, ctx, request).await,
            Err(err) => Err(err),
        };
        java_runtime_failure(ctx, result, "consumer group", |_| false)
    }
}

async fn execute(admin: &Admin, ctx: &mut Context, request: Request) -> Result<()> {
    match request {
        Request::List { states, types } => describe::list(admin, ctx, states, types).await,
        Request::Describe {
            groups,
            view,
            verbose,
            lag_time,
            watch,
        } => {
            let options = describe::Options {
                view,
                verbose,
                lag_time,
            };
            match watch {
                None => describe::describe(admin, ctx, &groups, options).await,
                Some(every) => watch_describe(admin, ctx, &groups, options, every).await,
            }
        }
        Request::Delete(groups) => delete::delete_groups(admin, ctx, &groups),
        Request::DeleteOffsets { group, topics } => {
            delete::delete_offsets(admin, ctx, &group, &topics)
        }
        Request::Reset(request) => reset::reset(admin, ctx, &request).await,
        Request::ValidateRegex(pattern) => Ok(ctx.out.line(&regex::verdict(&pattern))?),
    }
}

/// Clears a terminal and puts the cursor home (what `clear` prints, less the scrollback).
const CLEAR_SCREEN: &[u8] = b"\x1b[H\x1b[2J";

/// `--describe --watch`: describes every `every` until the first failure or a signal.
///
/// On a terminal each refresh clears the screen and starts with a title line as `watch(1)`'s:
/// the period, the command and the time. Elsewhere each refresh is appended after that title
/// line (text and table), or is one more JSON document with no title (JSON Lines).
async fn watch_describe(
    admin: &Admin,
    ctx: &mut Context,
    groups: &Groups,
    options: describe::Options,
    every: Duration,
) -> Result<()> {
    let terminal = std::io::stdout().is_terminal();
    let command = command_line();
    loop {
        if terminal {
            ctx.out.write_bytes(CLEAR_SCREEN)?;
        }
        if terminal || ctx.out.format() != Format::Json {
            ctx.out.line(&format!(
                "Every {}s: {command}   {}",
                every.as_secs(),
                time::utc_text(time::now_ms())
            ))?;
        }
        describe::describe(admin, ctx, groups, options).await?;
        ctx.out.flush()?;
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = ctx.shutdown.wait() => ctx.shutdown.check()?,
        }
    }
}

/// The command line as typed, under the tool's name: `kafka-consumer-groups --describe ...`
/// (also when started as `kafka-tools consumer-groups ...`).
fn command_line() -> String {
    let args: Vec<String> = std::env::args().collect();
    let is_name = |arg: &String| {
        let base = std::path::Path::new(arg)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        base.trim_end_matches(".sh").ends_with("consumer-groups")
    };
    let start = args.iter().take(2).position(is_name).map_or(1, |i| i + 1);
    std::iter::once(ConsumerGroupsArgs::NAME)
        .chain(args.iter().skip(start).map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The group ids an action applies to: the named ones, or every consumer group.
fn group_ids(admin: &Admin, groups: &Groups) -> Result<Vec<String>> {
    match groups {
        Groups::Named(names) => Ok(names.clone()),
        Groups::All => Ok(admin
            .list_consumer_groups(&[], &[])?
            .groups
            .into_iter()
            .map(|g| g.group_id)
            .collect()),
    }
}

/// Whether a described state is one Java calls "rebalancing" (Unknown too: what librdkafka
/// names a KIP-848 state where ConsumerGroupDescribe was not asked).
fn is_rebalancing(state: GroupState) -> bool {
    matches!(
        state,
        GroupState::PreparingRebalance
            | GroupState::CompletingRebalance
            | GroupState::Assigning
            | GroupState::Reconciling
            | GroupState::Unknown
    )
}

#[cfg(test)]
mod tests;
