//! `kafka-streams-groups`: list, describe and delete streams groups (KIP-1071), and reset or
//! delete their offsets (Java's StreamsGroupCommand).
//!
//! StreamsGroupDescribe and DeleteGroups go through the native path
//! (`client::admin::streams_groups`); committed offsets, log offsets, offset commits and
//! deletions and topic deletion through librdkafka, with the reset targets, the plan and its
//! CSV shared with `kafka-consumer-groups`. As in Java, a failure at run time prints
//! `Error: Executing streams group command failed due to ...` on stdout and exits 1; usage
//! errors exit 1 with their message on stderr. With `--output json` every failure is the error
//! object.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use anyhow::{anyhow, Result};
use clap::Parser;
use serde::Serialize;

use crate::client::admin::offsets::OffsetSpec;
use crate::client::admin::partitions::TopicPartition;
use crate::client::admin::share_groups::{self as share, ShareGroupListing};
use crate::client::admin::streams_groups::{self as streams, StreamsGroupDescription};
use crate::client::native::messages::streams::{
    Assignment, DescriptionNode, TaskIds, TopologyDescription,
};
use crate::client::native::Native;
use crate::client::{Admin, SettingsBuilder};
use crate::common::ConnectionArgs;
use crate::error::{usage, Reported};
use crate::output::java::{hash_order, hash_order_by, topic_partition_hash, JavaMap};
use crate::output::{table_with_header, Format, OutputArgs, Render};
use crate::tools::consumer_groups::reset::{self, Current, ResetRequest};
use crate::tools::consumer_groups::{
    conflict, delete as offsets_delete, java_runtime_failure, only_with_describe, parse_state_list,
    Groups, ResetArgs, Scope, Target,
};
use crate::tools::share_groups::{exception_text, group_failure, refused, ListRow, ListView};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "List the streams groups with their state",
        "kafka-streams-groups --bootstrap-server localhost:9092 --list --state",
    ),
    (
        "Offsets and lag of the input topics of a streams group",
        "kafka-streams-groups --bootstrap-server localhost:9092 --describe --group my-app",
    ),
    (
        "Members and their tasks",
        "kafka-streams-groups --bootstrap-server localhost:9092 --describe --group my-app --members --verbose",
    ),
    (
        "Rewind a stopped application to the beginning of its input topics",
        "kafka-streams-groups --bootstrap-server localhost:9092 --reset-offsets --group my-app --all-input-topics --to-earliest --execute",
    ),
    (
        "Delete a stopped application's group and its internal topics",
        "kafka-streams-groups --bootstrap-server localhost:9092 --delete --group my-app --delete-all-internal-topics",
    ),
];

/// List, describe, delete and manage the offsets of streams groups.
#[derive(Parser, Debug)]
#[command(name = "kafka-streams-groups", version)]
pub struct StreamsGroupsArgs {
    /// List all streams groups
    #[arg(long, help_heading = "Actions")]
    list: bool,

    /// Describe streams group(s): offsets and lag (default), --members, --state or --topology
    #[arg(long, help_heading = "Actions")]
    describe: bool,

    /// Delete streams group(s) that have no members
    #[arg(long, help_heading = "Actions")]
    delete: bool,

    /// Reset the offsets of inactive streams group(s); needs a scope, a target and --dry-run
    /// or --execute
    #[arg(long = "reset-offsets", help_heading = "Actions")]
    reset_offsets: bool,

    /// Delete the offsets of one streams group for --input-topic(s) or --all-input-topics
    #[arg(long = "delete-offsets", help_heading = "Actions")]
    delete_offsets: bool,

    /// The streams group id (the application id; repeatable)
    #[arg(long, value_name = "GROUP")]
    group: Vec<String>,

    /// Apply to all streams groups
    #[arg(long = "all-groups")]
    all_groups: bool,

    /// An input topic, or topic:p1,p2 for some partitions (reset-offsets, delete-offsets;
    /// repeatable)
    #[arg(long = "input-topic", value_name = "TOPIC")]
    input_topic: Vec<String>,

    /// Every input topic of the group's topology (reset-offsets, delete-offsets)
    #[arg(long = "all-input-topics")]
    all_input_topics: bool,

    /// Timeout in ms for every admin call
    #[arg(long, value_name = "MS", default_value_t = 30000)]
    timeout: u64,

    /// With --describe: the members of the group and their tasks
    #[arg(long, help_heading = "Describe")]
    members: bool,

    /// With --describe: offsets and lag of the input topics (the default view)
    #[arg(long, help_heading = "Describe")]
    offsets: bool,

    /// With --list: show (and filter by) state, a comma list of Empty, NotReady, Stable,
    /// Assigning, Reconciling, Dead; with --describe: the state view
    #[arg(
        long,
        value_name = "STATES",
        num_args = 0..=1,
        value_parser = crate::tools::Suggest(&VALID_STATES),
        hide_possible_values = true,
        default_missing_value = "",
        help_heading = "Describe"
    )]
    state: Option<String>,

    /// With --describe: the topology the broker's topology description plugin recorded
    #[arg(long, help_heading = "Describe")]
    topology: bool,

    /// With --describe: more columns (epochs, target assignments, committed offsets)
    #[arg(long, help_heading = "Describe")]
    verbose: bool,

    #[command(flatten)]
    reset: ResetArgs,

    /// With --reset-offsets --execute: delete this internal topic of the group (repeatable)
    #[arg(
        long = "delete-internal-topic",
        value_name = "TOPIC",
        help_heading = "Reset offsets"
    )]
    delete_internal_topic: Vec<String>,

    /// With --delete, or --reset-offsets --execute: delete every internal topic of the group
    #[arg(long = "delete-all-internal-topics", help_heading = "Reset offsets")]
    delete_all_internal_topics: bool,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// The describe sub-views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Offsets,
    Members,
    State,
    Topology,
}

/// Internal topics to delete after a reset or a deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Internal {
    Keep,
    All,
    Named(Vec<String>),
}

/// The partitions `--delete-offsets` applies to.
#[derive(Debug)]
enum OffsetsScope {
    AllInputTopics,
    Topics(Vec<String>),
}

/// What the user asked for, validated.
#[derive(Debug)]
enum Request {
    List {
        states: Option<Vec<&'static str>>,
    },
    Describe {
        groups: Groups,
        view: View,
        verbose: bool,
    },
    Delete {
        groups: Groups,
        internal: bool,
    },
    Reset {
        request: ResetRequest,
        internal: Internal,
        /// Whether a target was given (Java checks it only once the partitions are known).
        has_target: bool,
    },
    DeleteOffsets {
        group: String,
        scope: OffsetsScope,
    },
}

/// The states of a streams group (Java's `GroupState.groupStatesForType(STREAMS)`), in the
/// order Java prints them.
const VALID_STATES: [&str; 6] = [
    "Reconciling",
    "Empty",
    "Stable",
    "NotReady",
    "Assigning",
    "Dead",
];

impl StreamsGroupsArgs {
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
        // jopt's availableIf, checked while parsing.
        only_with_describe(
            self.describe,
            &[
                ("members", self.members),
                ("offsets", self.offsets),
                ("topology", self.topology),
                ("verbose", self.verbose),
            ],
        )?;
        if self.state.is_some() && !self.describe && !self.list {
            return Err(usage(
                "Option(s) [state] are unavailable given other options on the command line",
            ));
        }
        let has_group = !self.group.is_empty();
        let has_scope = !self.input_topic.is_empty() || self.all_input_topics;
        if self.describe {
            if !self.has_group_selection() {
                return Err(usage(
                    "Option [describe] takes one of these options: [all-groups], [group]",
                ));
            }
            let views = [
                self.members,
                self.offsets,
                self.state.is_some(),
                self.topology,
            ];
            if views.iter().filter(|v| **v).count() > 1 {
                return Err(usage(
                    "Option [describe] takes at most one of these options: [members], [offsets], [state], [topology]",
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
            if has_scope {
                return Err(usage(
                    "Kafka Streams does not support topic-specific offset deletion from a streams group.",
                ));
            }
        }
        if self.delete_offsets {
            if !has_scope || !has_group {
                return Err(usage(
                    "Option [delete-offsets] takes the [group] and one of these options: [all-input-topics], [input-topic]",
                ));
            }
            if self.group.len() > 1 {
                return Err(usage(format!(
                    "Option [delete-offsets] supports only one [group] at a time, but found: [{}]",
                    self.group.join(", ")
                )));
            }
        }
        let mut target = None;
        if self.reset_offsets {
            if self.reset.dry_run && self.reset.execute {
                return Err(usage(
                    "Option [reset-offsets] only accepts one of [execute] and [dry-run]",
                ));
            }
            if !self.reset.dry_run && !self.reset.execute {
                return Err(usage(
                    "Option [reset-offsets] takes the option: [execute] or [dry-run]",
                ));
            }
            if !self.has_group_selection() {
                return Err(usage(
                    "Option [reset-offsets] takes one of these options: [all-groups], [group]",
                ));
            }
            match self.reset.targets().as_slice() {
                [] => {}
                [(_, t)] => target = Some(t.clone()),
                [(first, _), (second, _), ..] => return Err(conflict(first, second)),
            }
        }
        if self.delete_all_internal_topics {
            if !self.reset_offsets && !self.delete {
                return Err(usage(
                    "Option [delete-all-internal-topics] takes one of these options: [delete], [reset-offsets]",
                ));
            }
            if self.reset_offsets && !self.reset.execute {
                return Err(usage(
                    "Option [delete-all-internal-topics] takes [execute] when [reset-offsets] is used.",
                ));
            }
        }
        let delete_named = !self.delete_internal_topic.is_empty();
        if delete_named && !(self.reset_offsets && self.reset.execute) {
            return Err(usage(
                "Option [delete-internal-topic] takes [reset-offsets] when [execute] is used.",
            ));
        }
        if (self.reset.dry_run || self.reset.execute) && !self.reset_offsets {
            return Err(usage(
                "Only Option [reset-offsets] accepts [execute] or [dry-run]",
            ));
        }
        if has_group && self.all_groups {
            return Err(conflict("group", "all-groups"));
        }
        if has_group && self.list {
            return Err(conflict("group", "list"));
        }
        if !self.input_topic.is_empty() && (self.list || self.describe || self.delete) {
            let action = if self.list {
                "list"
            } else if self.describe {
                "describe"
            } else {
                "delete"
            };
            return Err(conflict("input-topic", action));
        }
        let actions = [
            self.list,
            self.describe,
            self.delete,
            self.reset_offsets,
            self.delete_offsets,
        ];
        if actions.iter().filter(|a| **a).count() != 1 {
            return Err(usage(
                "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, or --delete-offsets.",
            ));
        }
        Ok(if self.list {
            Request::List {
                states: match self.state.as_deref() {
                    None => None,
                    Some("") => Some(Vec::new()),
                    Some(s) => Some(parse_state_list(s, &VALID_STATES)?),
                },
            }
        } else if self.describe {
            Request::Describe {
                groups: self.groups(),
                view: if self.members {
                    View::Members
                } else if self.state.is_some() {
                    View::State
                } else if self.topology {
                    View::Topology
                } else {
                    View::Offsets
                },
                verbose: self.verbose,
            }
        } else if self.delete {
            Request::Delete {
                groups: self.groups(),
                internal: self.delete_all_internal_topics,
            }
        } else if self.delete_offsets {
            Request::DeleteOffsets {
                group: self.group.first().cloned().unwrap_or_default(),
                scope: if self.all_input_topics {
                    OffsetsScope::AllInputTopics
                } else {
                    OffsetsScope::Topics(self.input_topic.clone())
                },
            }
        } else {
            let scope = if self.all_input_topics {
                Scope::AllTopics
            } else if !self.input_topic.is_empty() {
                Scope::Topics(self.input_topic.clone())
            } else if self.reset.from_file.is_some() {
                Scope::File
            } else {
                return Err(usage(
                    "One of the reset scopes should be defined: --all-input-topics, --input-topic.",
                ));
            };
            Request::Reset {
                has_target: target.is_some(),
                request: ResetRequest {
                    groups: self.groups(),
                    single_group: self.group.len() == 1,
                    scope,
                    target: target.unwrap_or(Target::Earliest),
                    execute: self.reset.execute,
                    export: self.reset.export,
                },
                internal: if self.delete_all_internal_topics {
                    Internal::All
                } else if !self.delete_internal_topic.is_empty() {
                    Internal::Named(self.delete_internal_topic.clone())
                } else {
                    Internal::Keep
                },
            }
        })
    }
}

impl Tool for StreamsGroupsArgs {
    const NAME: &'static str = "kafka-streams-groups";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let request = self.resolve()?;
        let settings = SettingsBuilder::new(&self.connection)
            .set("default.api.timeout.ms", self.timeout.to_string())
            .build()?;
        let result = match Admin::connect(settings, ctx.shutdown.clone()) {
            Ok(admin) => execute(&admin, ctx, request).await,
            Err(err) => Err(err),
        };
        // Failures already printed in Java's way keep their status.
        java_runtime_failure(ctx, result, "streams group", |err| {
            err.downcast_ref::<Reported>().is_some()
        })
    }
}

async fn execute(admin: &Admin, ctx: &mut Context, request: Request) -> Result<()> {
    let native = admin.native()?;
    match request {
        Request::List { states } => list(&native, ctx, states).await,
        Request::Describe {
            groups,
            view,
            verbose,
        } => describe(admin, &native, ctx, &groups, view, verbose).await,
        Request::Delete { groups, internal } => {
            delete(admin, &native, ctx, &groups, internal).await
        }
        Request::DeleteOffsets { group, scope } => match scope {
            OffsetsScope::AllInputTopics => {
                let described = describe_wrapped(&native, &group).await?;
                let partitions = input_topic_offsets(admin, &described)?
                    .into_keys()
                    .collect();
                offsets_delete::delete_partition_offsets(admin, ctx, &group, partitions)
            }
            OffsetsScope::Topics(topics) => {
                offsets_delete::delete_offsets(admin, ctx, &group, &topics)
            }
        },
        Request::Reset {
            request,
            internal,
            has_target,
        } => reset_offsets(admin, &native, ctx, &request, &internal, has_target).await,
    }
}

/// A failure printed as Java prints it (`\nError: ...` on stdout), exiting 1.
fn printed(ctx: &mut Context, message: &str) -> Result<anyhow::Error> {
    if ctx.out.format() == Format::Text {
        ctx.out.line("")?;
        ctx.out.line(&format!("Error: {message}"))?;
        Ok(anyhow::Error::new(Reported(anyhow!("{message}"))))
    } else {
        Ok(anyhow!("{message}"))
    }
}

/// Java's `printError` of a message that does not end the command (stdout in the text output,
/// an error line on stderr with the other formats, keeping stdout one document).
fn note(ctx: &mut Context, message: &str) -> Result<()> {
    if ctx.out.format() == Format::Text {
        ctx.out.line("")?;
        ctx.out.line(&format!("Error: {message}"))?;
    } else {
        ctx.out.error_line(message);
    }
    Ok(())
}

async fn listings(native: &Native, states: &[String]) -> Result<Vec<ShareGroupListing>> {
    share::list_groups_of_type(native, states, "streams").await
}

/// `--list`, with an optional state filter (`Some(empty)` shows the column unfiltered).
async fn list(native: &Native, ctx: &mut Context, states: Option<Vec<&'static str>>) -> Result<()> {
    let filter: Vec<String> = states.iter().flatten().map(|s| (*s).to_string()).collect();
    let view = ListView {
        groups: listings(native, &filter)
            .await?
            .into_iter()
            .map(|l| ListRow {
                group: l.group_id,
                state: states.is_some().then_some(l.state),
            })
            .collect(),
        with_state: states.is_some(),
    };
    ctx.out.emit(&view)?;
    Ok(())
}

/// The group ids an action applies to: the named ones, or every streams group.
async fn group_ids(native: &Native, groups: &Groups) -> Result<Vec<String>> {
    match groups {
        Groups::Named(names) => Ok(names.clone()),
        Groups::All => Ok(listings(native, &[])
            .await?
            .into_iter()
            .map(|g| g.group_id)
            .collect()),
    }
}

/// Describes one group; its error is the command's failure.
async fn describe_one(
    native: &Native,
    group: &str,
    topology: bool,
) -> Result<StreamsGroupDescription> {
    match streams::describe_streams_group(native, group, topology)
        .await
        .map_err(|e| refused(e, group))?
    {
        Ok(d) => Ok(d),
        Err(err) => Err(group_failure(&err, group)),
    }
}

/// Describes one group where Java wraps its error in a RuntimeException (`getInputTopicOffsets`,
/// `getCommittedOffsets`): `java.util.concurrent.ExecutionException: ...`.
async fn describe_wrapped(native: &Native, group: &str) -> Result<StreamsGroupDescription> {
    match streams::describe_streams_group(native, group, false)
        .await
        .map_err(|e| refused(e, group))?
    {
        Ok(d) => Ok(d),
        Err(err) => Err(anyhow!(
            "java.util.concurrent.ExecutionException: {}",
            exception_text(&err)
        )),
    }
}

/// The committed offsets of a group, with their leader epochs.
fn committed(admin: &Admin, group: &str) -> Result<BTreeMap<TopicPartition, (i64, Option<i32>)>> {
    let offsets = admin.list_consumer_group_offsets(group, None, false)?;
    if let Some((code, text)) = offsets.error {
        return Err(crate::tools::consumer_groups::java::group_message(
            code, &text, group,
        ));
    }
    Ok(offsets
        .partitions
        .into_iter()
        .filter_map(|p| {
            p.valid_offset()
                .map(|o| (p.tp.clone(), (o, p.leader_epoch)))
        })
        .collect())
}

/// The committed offsets of the group's input topics: source and repartition-source topics
/// (Java's `getCommittedOffsets`).
fn committed_offsets(
    admin: &Admin,
    d: &StreamsGroupDescription,
) -> Result<BTreeMap<TopicPartition, (i64, Option<i32>)>> {
    let topics: BTreeSet<String> = d.all_input_topics().into_iter().collect();
    let mut offsets = committed(admin, &d.group_id)?;
    offsets.retain(|tp, _| topics.contains(&tp.topic));
    Ok(offsets)
}

/// The committed offsets of the group's source topics only (Java's `getInputTopicOffsets`).
fn input_topic_offsets(
    admin: &Admin,
    d: &StreamsGroupDescription,
) -> Result<BTreeMap<TopicPartition, (i64, Option<i32>)>> {
    let topics: BTreeSet<String> = d
        .subtopologies
        .iter()
        .flat_map(|s| s.source_topics.iter().map(|t| t.to_string()))
        .collect();
    let mut offsets = committed(admin, &d.group_id)?;
    offsets.retain(|tp, _| topics.contains(&tp.topic));
    Ok(offsets)
}

/// The partitions the active tasks of the members process (Java's `getTopicPartitions`).
fn active_partitions(d: &StreamsGroupDescription) -> Result<Vec<TopicPartition>> {
    let topics: HashMap<String, Vec<String>> = d
        .subtopologies
        .iter()
        .map(|s| {
            (
                s.subtopology_id.to_string(),
                StreamsGroupDescription::input_topics(s).collect(),
            )
        })
        .collect();
    let mut out = BTreeSet::new();
    for member in &d.members {
        for task in &member.assignment.active_tasks {
            let id = task.subtopology_id.to_string();
            let Some(sources) = topics.get(&id) else {
                return Err(usage(format!(
                    "Subtopology {id} not found in group description!"
                )));
            };
            for topic in sources {
                for p in &task.partitions {
                    out.insert(TopicPartition::new(topic.clone(), *p));
                }
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// Java's `printf("%-Ns ... %s\n")` line: each cell but the last left-aligned in its width.
fn java_line(w: &mut dyn Write, widths: &[usize], cells: &[String]) -> io::Result<()> {
    let Some((last, padded)) = cells.split_last() else {
        return writeln!(w);
    };
    for (i, cell) in padded.iter().enumerate() {
        let width = widths.get(i).copied().unwrap_or(0);
        write!(w, "{cell:<width$} ")?;
    }
    writeln!(w, "{last}")
}

/// One partition of the offsets view.
#[derive(Debug, Serialize)]
struct OffsetRow {
    topic: String,
    partition: i32,
    current_offset: Option<i64>,
    leader_epoch: Option<i32>,
    log_end_offset: i64,
    lag: i64,
}

/// The offsets view of one group.
#[derive(Debug, Serialize)]
struct OffsetsView {
    group: String,
    state: String,
    partitions: Vec<OffsetRow>,
    #[serde(skip)]
    verbose: bool,
    /// Whether Java prints the table (not dead, some members).
    #[serde(skip)]
    shown: bool,
}

fn dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

impl OffsetsView {
    fn header(&self) -> Vec<&'static str> {
        if self.verbose {
            vec![
                "GROUP",
                "TOPIC",
                "PARTITION",
                "CURRENT-OFFSET",
                "LEADER-EPOCH",
                "LOG-END-OFFSET",
                "OFFSET-LAG",
            ]
        } else {
            vec!["GROUP", "TOPIC", "PARTITION", "OFFSET-LAG"]
        }
    }

    fn cells(&self, row: &OffsetRow) -> Vec<String> {
        let mut cells = vec![
            self.group.clone(),
            row.topic.clone(),
            row.partition.to_string(),
        ];
        if self.verbose {
            cells.push(dash(row.current_offset));
            cells.push(dash(row.leader_epoch));
            cells.push(row.log_end_offset.to_string());
        }
        cells.push(row.lag.to_string());
        cells
    }
}

impl Render for OffsetsView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        if !self.shown {
            return Ok(());
        }
        let gw = self.group.len().max(15);
        let tw = self
            .partitions
            .iter()
            .map(|p| p.topic.len())
            .fold(15, usize::max);
        let header: Vec<String> = self.header().into_iter().map(String::from).collect();
        if self.verbose {
            // Java's `%-15s%n` pads the last column too.
            let widths = [gw, tw, 10, 15, 15, 15];
            let line = |w: &mut dyn Write, cells: &[String]| -> io::Result<()> {
                let Some((last, rest)) = cells.split_last() else {
                    return Ok(());
                };
                for (cell, width) in rest.iter().zip(widths) {
                    write!(w, "{cell:<width$} ")?;
                }
                writeln!(w, "{last:<15}")
            };
            line(w, &header)?;
            for row in &self.partitions {
                line(w, &self.cells(row))?;
            }
        } else {
            let widths = [gw, tw, 10];
            java_line(w, &widths, &header)?;
            for row in &self.partitions {
                java_line(w, &widths, &self.cells(row))?;
            }
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(self.header());
        for row in self.partitions.iter().filter(|_| self.shown) {
            table.add_row(self.cells(row));
        }
        Some(table)
    }
}

/// One member of the members view.
#[derive(Debug, Serialize)]
struct MemberRow {
    member_id: String,
    process_id: String,
    client_id: String,
    member_epoch: i32,
    protocol: &'static str,
    assignment: TaskView,
    target_assignment: TaskView,
}

/// A member's tasks by kind: subtopology id and partitions.
#[derive(Debug, Serialize)]
struct TaskView {
    active: Vec<(String, Vec<i32>)>,
    standby: Vec<(String, Vec<i32>)>,
    warmup: Vec<(String, Vec<i32>)>,
}

impl TaskView {
    fn new(a: &Assignment) -> Self {
        let tasks = |ts: &[TaskIds]| {
            ts.iter()
                .map(|t| (t.subtopology_id.to_string(), t.partitions.clone()))
                .collect()
        };
        Self {
            active: tasks(&a.active_tasks),
            standby: tasks(&a.standby_tasks),
            warmup: tasks(&a.warmup_tasks),
        }
    }

    /// Java's `prepareTaskType` for each kind: `ACTIVE: 0:[0,1]; 1:[2]; `.
    fn text(&self, prefix: &str) -> String {
        let mut out = String::new();
        for (kind, tasks) in [
            ("ACTIVE", &self.active),
            ("STANDBY", &self.standby),
            ("WARMUP", &self.warmup),
        ] {
            if tasks.is_empty() {
                continue;
            }
            out.push_str(&format!("{prefix}{kind}: "));
            for (id, partitions) in tasks {
                let ps: Vec<String> = partitions.iter().map(ToString::to_string).collect();
                out.push_str(&format!("{id}:[{}]; ", ps.join(",")));
            }
        }
        out
    }
}

/// The members view of one group.
#[derive(Debug, Serialize)]
struct MembersView {
    group: String,
    state: String,
    target_assignment_epoch: i32,
    topology_epoch: i32,
    members: Vec<MemberRow>,
    #[serde(skip)]
    verbose: bool,
    #[serde(skip)]
    shown: bool,
}

impl MembersView {
    fn header(&self) -> Vec<&'static str> {
        if self.verbose {
            vec![
                "GROUP",
                "TARGET-ASSIGNMENT-EPOCH",
                "TOPOLOGY-EPOCH",
                "MEMBER",
                "MEMBER-PROTOCOL",
                "MEMBER-EPOCH",
                "PROCESS",
                "CLIENT-ID",
                "ASSIGNMENTS",
            ]
        } else {
            vec!["GROUP", "MEMBER", "PROCESS", "CLIENT-ID", "ASSIGNMENTS"]
        }
    }

    fn cells(&self, m: &MemberRow) -> Vec<String> {
        if self.verbose {
            vec![
                self.group.clone(),
                self.target_assignment_epoch.to_string(),
                self.topology_epoch.to_string(),
                m.member_id.clone(),
                m.protocol.to_string(),
                m.member_epoch.to_string(),
                m.process_id.clone(),
                m.client_id.clone(),
                m.assignment.text("") + &m.target_assignment.text("TARGET-"),
            ]
        } else {
            vec![
                self.group.clone(),
                m.member_id.clone(),
                m.process_id.clone(),
                m.client_id.clone(),
                m.assignment.text(""),
            ]
        }
    }
}

impl Render for MembersView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        if !self.shown {
            return Ok(());
        }
        let width = |f: fn(&MemberRow) -> usize| self.members.iter().map(f).fold(15, usize::max);
        let gw = self.group.len().max(15);
        let (mw, pw, cw) = (
            width(|m| m.member_id.len()),
            width(|m| m.process_id.len()),
            width(|m| m.client_id.len()),
        );
        let header: Vec<String> = self.header().into_iter().map(String::from).collect();
        let rows: Vec<Vec<String>> = self.members.iter().map(|m| self.cells(m)).collect();
        if self.verbose {
            // Java's `%-25s %-15s%-Ms`: no space after the topology epoch.
            for cells in std::iter::once(&header).chain(rows.iter()) {
                let [g, tae, te, rest @ ..] = cells.as_slice() else {
                    continue;
                };
                write!(w, "{g:<gw$} {tae:<25} {te:<15}")?;
                java_line(w, &[mw, 15, 15, pw, cw], rest)?;
            }
        } else {
            let widths = [gw, mw, pw, cw];
            for cells in std::iter::once(&header).chain(rows.iter()) {
                java_line(w, &widths, cells)?;
            }
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(self.header());
        for m in self.members.iter().filter(|_| self.shown) {
            table.add_row(self.cells(m));
        }
        Some(table)
    }
}

/// The state view of one group.
#[derive(Debug, Serialize)]
struct StateView {
    group: String,
    coordinator: Coordinator,
    assignor: String,
    state: String,
    group_epoch: i32,
    target_assignment_epoch: i32,
    members: usize,
    #[serde(skip)]
    verbose: bool,
}

#[derive(Debug, Serialize)]
struct Coordinator {
    id: i32,
    host: String,
}

impl StateView {
    fn header(&self) -> Vec<&'static str> {
        if self.verbose {
            vec![
                "GROUP",
                "COORDINATOR (ID)",
                "ASSIGNOR",
                "STATE",
                "GROUP-EPOCH",
                "TARGET-ASSIGNMENT-EPOCH",
                "#MEMBERS",
            ]
        } else {
            vec!["GROUP", "COORDINATOR (ID)", "ASSIGNOR", "STATE", "#MEMBERS"]
        }
    }

    fn cells(&self) -> Vec<String> {
        let mut cells = vec![
            self.group.clone(),
            format!("{} ({})", self.coordinator.host, self.coordinator.id),
            self.assignor.clone(),
            self.state.clone(),
        ];
        if self.verbose {
            cells.push(self.group_epoch.to_string());
            cells.push(self.target_assignment_epoch.to_string());
        }
        cells.push(self.members.to_string());
        cells
    }
}

impl Render for StateView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let cells = self.cells();
        let widths = [
            self.group.len().max(15),
            cells[1].len().max(25),
            self.assignor.len().max(15),
            25,
            15,
            25,
        ];
        let header: Vec<String> = self.header().into_iter().map(String::from).collect();
        java_line(w, &widths, &header)?;
        java_line(w, &widths, &cells)
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(self.header());
        table.add_row(self.cells());
        Some(table)
    }
}

/// The topology view of one group (status 3: the description).
#[derive(Debug, Serialize)]
struct TopologyView {
    group: String,
    #[serde(skip)]
    text: String,
    subtopologies: Vec<serde_json::Value>,
    global_stores: Vec<serde_json::Value>,
}

impl Render for TopologyView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "{}", self.text)
    }
}

/// Java's `TopologyDescriptionFormatter.format`.
fn format_topology(d: &TopologyDescription) -> String {
    fn names(items: &BTreeSet<String>) -> String {
        if items.is_empty() {
            "none".to_string()
        } else {
            items.iter().cloned().collect::<Vec<_>>().join(", ")
        }
    }
    fn sorted(items: &[kafka_protocol::protocol::StrBytes]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }
    fn node(out: &mut String, n: &DescriptionNode, nodes: &[&DescriptionNode]) {
        let successors = sorted(&n.successors);
        let predecessors: BTreeSet<String> = nodes
            .iter()
            .filter(|o| o.successors.contains(&n.name))
            .map(|o| o.name.to_string())
            .collect();
        let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
        match n.node_type {
            1 => {
                out.push_str(&format!(
                    "    Source: {} (topics: [{}])\n      --> {}",
                    n.name,
                    list(&sorted(&n.source_topics)),
                    names(&successors)
                ));
            }
            3 => {
                let topic = n
                    .sink_topic
                    .as_ref()
                    .map_or_else(|| "null".to_string(), ToString::to_string);
                out.push_str(&format!(
                    "    Sink: {} (topic: {topic})\n      <-- {}",
                    n.name,
                    names(&predecessors)
                ));
            }
            _ => {
                out.push_str(&format!(
                    "    Processor: {} (stores: [{}])\n      --> {}\n      <-- {}",
                    n.name,
                    list(&sorted(&n.stores)),
                    names(&successors),
                    names(&predecessors)
                ));
            }
        }
        out.push('\n');
    }
    let mut out = String::from("Topologies:\n");
    for sub in &d.subtopologies {
        out.push_str(&format!("   Sub-topology: {}\n", sub.subtopology_id));
        let nodes: Vec<&DescriptionNode> = sub.nodes.iter().collect();
        for n in &sub.nodes {
            node(&mut out, n, &nodes);
        }
        out.push('\n');
    }
    for (i, store) in d.global_stores.iter().enumerate() {
        out.push_str(&format!(
            "   Sub-topology: {} for global store (will not generate tasks)\n",
            d.subtopologies.len() + i
        ));
        let nodes = [&store.source, &store.processor];
        node(&mut out, &store.source, &nodes);
        node(&mut out, &store.processor, &nodes);
        out.push('\n');
    }
    out
}

fn node_json(n: &DescriptionNode) -> serde_json::Value {
    serde_json::json!({
        "name": n.name.to_string(),
        "type": match n.node_type { 1 => "source", 3 => "sink", _ => "processor" },
        "source_topics": n.source_topics.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "sink_topic": n.sink_topic.as_ref().map(ToString::to_string),
        "stores": n.stores.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "successors": n.successors.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

/// The names Java gives the topology description statuses.
fn status_name(status: i8) -> String {
    match status {
        0 => "NOT_REQUESTED".to_string(),
        1 => "NOT_STORED".to_string(),
        2 => "ERROR".to_string(),
        3 => "AVAILABLE".to_string(),
        other => other.to_string(),
    }
}

/// Java's `maybePrintEmptyGroupState`.
fn empty_state_note(ctx: &mut Context, group: &str, state: &str) -> Result<()> {
    match state {
        "Dead" => note(ctx, &format!("Streams group '{group}' does not exist.")),
        "Empty" => note(
            ctx,
            &format!("Streams group '{group}' has no active members."),
        ),
        _ => Ok(()),
    }
}

/// The views of `--describe`, emitted one group at a time in text (as Java prints them), all
/// at once with `--output json` (one document).
enum Described {
    Offsets(OffsetsView),
    Members(MembersView),
    State(StateView),
    Topology(TopologyView),
}

#[derive(Debug, Serialize)]
struct DescribeJson<T: Render> {
    groups: Vec<T>,
}

impl<T: Render> Render for DescribeJson<T> {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        self.groups.iter().try_for_each(|g| g.text(w))
    }
}

fn emit_described(ctx: &mut Context, views: Vec<Described>) -> Result<()> {
    macro_rules! all {
        ($variant:ident) => {
            DescribeJson {
                groups: views
                    .into_iter()
                    .filter_map(|v| match v {
                        Described::$variant(v) => Some(v),
                        _ => None,
                    })
                    .collect(),
            }
        };
    }
    match views.first() {
        None | Some(Described::Offsets(_)) => ctx.out.emit(&all!(Offsets))?,
        Some(Described::Members(_)) => ctx.out.emit(&all!(Members))?,
        Some(Described::State(_)) => ctx.out.emit(&all!(State))?,
        Some(Described::Topology(_)) => ctx.out.emit(&all!(Topology))?,
    }
    Ok(())
}

/// `--describe`: each group in the order given (every streams group with `--all-groups`).
async fn describe(
    admin: &Admin,
    native: &Native,
    ctx: &mut Context,
    groups: &Groups,
    view: View,
    verbose: bool,
) -> Result<()> {
    let text = ctx.out.format() != Format::Json;
    let mut views = Vec::new();
    let mut missing_topology = None;
    for group in group_ids(native, groups).await? {
        let d = describe_one(native, &group, view == View::Topology).await?;
        let shown = d.state != "Dead" && !d.members.is_empty();
        let one = match view {
            View::Offsets => Described::Offsets(offsets_view(ctx, admin, d, verbose, shown)?),
            View::Members => {
                if shown {
                    empty_state_note(ctx, &d.group_id, &d.state)?;
                }
                Described::Members(MembersView {
                    target_assignment_epoch: d.target_assignment_epoch,
                    topology_epoch: d.topology_epoch,
                    members: d
                        .members
                        .iter()
                        .map(|m| MemberRow {
                            member_id: m.member_id.to_string(),
                            process_id: m.process_id.to_string(),
                            client_id: m.client_id.to_string(),
                            member_epoch: m.member_epoch,
                            protocol: if m.is_classic { "classic" } else { "streams" },
                            assignment: TaskView::new(&m.assignment),
                            target_assignment: TaskView::new(&m.target_assignment),
                        })
                        .collect(),
                    group: d.group_id,
                    state: d.state,
                    verbose,
                    shown,
                })
            }
            View::State => {
                empty_state_note(ctx, &d.group_id, &d.state)?;
                Described::State(StateView {
                    coordinator: Coordinator {
                        id: d.coordinator.0,
                        host: d.coordinator.1.clone(),
                    },
                    assignor: d.assignor.clone(),
                    state: d.state.clone(),
                    group_epoch: d.group_epoch,
                    target_assignment_epoch: d.target_assignment_epoch,
                    members: d.members.len(),
                    group: d.group_id,
                    verbose,
                })
            }
            View::Topology => match (&d.topology_description, d.topology_status) {
                (Some(t), 3) => Described::Topology(TopologyView {
                    text: format_topology(t),
                    subtopologies: t
                        .subtopologies
                        .iter()
                        .map(|s| {
                            serde_json::json!({
                                "id": s.subtopology_id.to_string(),
                                "nodes": s.nodes.iter().map(node_json).collect::<Vec<_>>(),
                            })
                        })
                        .collect(),
                    global_stores: t
                        .global_stores
                        .iter()
                        .map(|g| {
                            serde_json::json!({
                                "source": node_json(&g.source),
                                "processor": node_json(&g.processor),
                            })
                        })
                        .collect(),
                    group: d.group_id,
                }),
                (_, status) => {
                    let group = &d.group_id;
                    let message = match status {
                        1 => format!(
                            "No topology description is stored for streams group '{group}'."
                        ),
                        2 => format!(
                            "The broker failed to fetch the topology description for streams group '{group}'. See the broker logs for details."
                        ),
                        other => format!(
                            "No topology description is available for streams group '{group}' (status: {}).",
                            status_name(other)
                        ),
                    };
                    let err = printed(ctx, &message)?;
                    missing_topology.get_or_insert(err);
                    continue;
                }
            },
        };
        if text {
            match &one {
                Described::Offsets(v) => ctx.out.emit(v)?,
                Described::Members(v) => ctx.out.emit(v)?,
                Described::State(v) => ctx.out.emit(v)?,
                Described::Topology(v) => ctx.out.emit(v)?,
            }
        } else {
            views.push(one);
        }
    }
    if !text && (missing_topology.is_none() || !views.is_empty()) {
        emit_described(ctx, views)?;
    }
    missing_topology.map_or(Ok(()), Err)
}

/// Java's `printOffsets` of one group: the partitions of the members' active tasks, their
/// committed offsets and lag (log end minus the committed offset, or minus the log start
/// where there is none).
fn offsets_view(
    ctx: &mut Context,
    admin: &Admin,
    d: StreamsGroupDescription,
    verbose: bool,
    shown: bool,
) -> Result<OffsetsView> {
    let partitions = active_partitions(&d)?;
    let starts = reset::lookup(admin, &partitions, OffsetSpec::Earliest)?;
    let ends = reset::lookup(admin, &partitions, OffsetSpec::Latest)?;
    let committed = committed_offsets(admin, &d)?;
    let mut rows = Vec::new();
    for tp in partitions {
        let (Some(start), Some(end)) = (starts.get(&tp), ends.get(&tp)) else {
            continue;
        };
        let current = committed.get(&tp);
        rows.push(OffsetRow {
            current_offset: current.map(|c| c.0),
            leader_epoch: current.and_then(|c| c.1),
            log_end_offset: *end,
            lag: end - current.map_or(*start, |c| c.0),
            topic: tp.topic,
            partition: tp.partition,
        });
    }
    // Java keeps the rows in a HashMap keyed by TopicPartition.
    let rows = hash_order_by(rows, JavaMap::Default, |r| {
        topic_partition_hash(&r.topic, r.partition)
    });
    if shown {
        empty_state_note(ctx, &d.group_id, &d.state)?;
    }
    Ok(OffsetsView {
        group: d.group_id,
        state: d.state,
        partitions: rows,
        verbose,
        shown,
    })
}

/// Whether `topic` looks like an internal topic of application `group` (Java's
/// `isInferredInternalTopic`).
fn inferred_internal(topic: &str, group: &str) -> bool {
    fn numbered(topic: &str, infix: &str) -> bool {
        // `.+-KTABLE-FK-JOIN-SUBSCRIPTION-<infix>-\d+-topic`
        topic
            .strip_suffix("-topic")
            .and_then(|t| t.rsplit_once('-'))
            .is_some_and(|(head, digits)| {
                !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && head
                        .strip_suffix(infix)
                        .and_then(|h| h.strip_suffix("-KTABLE-FK-JOIN-SUBSCRIPTION-"))
                        .is_some_and(|h| !h.is_empty())
            })
    }
    topic.starts_with(&format!("{group}-"))
        && (topic.ends_with("-changelog")
            || topic.ends_with("-repartition")
            || topic.ends_with("-subscription-registration-topic")
            || topic.ends_with("-subscription-response-topic")
            || numbered(topic, "REGISTRATION")
            || numbered(topic, "RESPONSE"))
}

/// The internal topics of a described group: its repartition-source and changelog topics that
/// are not source topics and look internal (Java's `retrieveInternalTopics`, which notes the
/// others).
fn internal_topics(ctx: &mut Context, d: &StreamsGroupDescription) -> Result<Vec<String>> {
    let sources: BTreeSet<String> = d
        .subtopologies
        .iter()
        .flat_map(|s| s.source_topics.iter().map(|t| t.to_string()))
        .collect();
    let mut out = Vec::new();
    for sub in &d.subtopologies {
        // Java collects each subtopology's maps' key sets (HashMaps).
        let repartition = hash_order(
            sub.repartition_source_topics
                .iter()
                .map(|t| t.name.to_string())
                .collect(),
            JavaMap::Default,
            String::as_str,
        );
        let changelog = hash_order(
            sub.state_changelog_topics
                .iter()
                .map(|t| t.name.to_string())
                .collect(),
            JavaMap::Default,
            String::as_str,
        );
        for topic in repartition.into_iter().chain(changelog) {
            if sources.contains(&topic) {
                continue;
            }
            if inferred_internal(&topic, &d.group_id) {
                out.push(topic);
            } else {
                note(
                    ctx,
                    &format!(
                        "The internal topic '{topic}' is not inferred as internal and thus will not be deleted with the group '{}'.",
                        d.group_id
                    ),
                )?;
            }
        }
    }
    Ok(out)
}

/// Java's `Throwable.toString()` of a librdkafka error.
fn rd_exception(code: rdkafka::types::RDKafkaErrorCode, text: &str) -> String {
    crate::tools::consumer_groups::java::describe(code, text)
}

/// `--reset-offsets` of each inactive group.
async fn reset_offsets(
    admin: &Admin,
    native: &Native,
    ctx: &mut Context,
    request: &ResetRequest,
    internal: &Internal,
    has_target: bool,
) -> Result<()> {
    let ids = group_ids(native, &request.groups).await?;
    let file = reset::read_file_plan(request, &ids)?;
    let mut plan: reset::Plan = Vec::new();
    // Java walks the describe results from a HashMap keyed by group id.
    let mut unique: Vec<String> = Vec::new();
    for id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    for group in hash_order(unique, JavaMap::Default, String::as_str) {
        let described = match streams::describe_streams_group(native, &group, false)
            .await
            .map_err(|e| refused(e, &group))?
        {
            Ok(d) => Some(d),
            // A group that does not exist is reset as an inactive one.
            Err(err) if err.0 == 69 => None,
            Err(err) => {
                return Err(anyhow!(
                    "java.util.concurrent.ExecutionException: {}",
                    exception_text(&err)
                ))
            }
        };
        if let Some(d) = &described {
            if d.state != "Empty" && d.state != "Dead" {
                note(
                    ctx,
                    &format!(
                        "Assignments can only be reset if the group '{group}' is inactive, but the current state is {}.",
                        d.state
                    ),
                )?;
                plan.push((group, Vec::new()));
                continue;
            }
        }
        let offsets = reset_inactive(
            ctx,
            admin,
            native,
            request,
            &group,
            file.as_ref(),
            has_target,
        )
        .await?;
        if request.execute {
            if !offsets.is_empty() {
                let result = admin.alter_consumer_group_offsets(&group, &offsets)?;
                let failure = result.error.or_else(|| {
                    result
                        .partitions
                        .into_iter()
                        .find_map(|p| p.error.map(|e| (p.tp, e)).map(|(_, e)| e))
                });
                if let Some((code, text)) = failure {
                    return Err(crate::tools::consumer_groups::java::group_message(
                        code, &text, &group,
                    ));
                }
            }
            // Java deletes them for an existing group only.
            if described.is_some() {
                delete_internal_after_reset(ctx, admin, native, &group, internal).await?;
            }
        }
        plan.push((group, offsets));
    }
    let csv = (request.export && ctx.out.format() != Format::Json).then_some(!request.single_group);
    reset::emit_plan_in(ctx, plan, request.execute, csv, true)
}

/// The new offsets of one inactive group (Java's `resetOffsetsForInactiveGroup` without the
/// commit).
async fn reset_inactive(
    ctx: &mut Context,
    admin: &Admin,
    native: &Native,
    request: &ResetRequest,
    group: &str,
    file: Option<&reset::FilePlan>,
    has_target: bool,
) -> Result<Vec<(TopicPartition, i64)>> {
    let needs_description = matches!(request.scope, Scope::AllTopics)
        || matches!(request.target, Target::ShiftBy(_) | Target::Current);
    let described = if needs_description {
        Some(describe_wrapped(native, group).await?)
    } else {
        None
    };
    let partitions: Vec<TopicPartition> = match &request.scope {
        Scope::AllTopics => match &described {
            Some(d) => input_topic_offsets(admin, d)?.into_keys().collect(),
            None => Vec::new(),
        },
        Scope::Topics(args) => {
            let partitions = reset::topic_partitions(admin, args)?;
            reset::check_partitions(admin, &partitions)?;
            let all = committed(admin, group)?;
            if partitions.iter().all(|tp| all.contains_key(tp)) {
                partitions
            } else {
                note(
                    ctx,
                    &format!("One or more topics are not part of the group '{group}'."),
                )?;
                Vec::new()
            }
        }
        Scope::File => Vec::new(),
    };
    if !has_target {
        return Err(usage(
            "Option '[reset-offsets]' requires one of the following scenarios: [[to-datetime], [by-duration], [to-earliest], [to-latest], [shift-by], [from-file], [to-current], [to-offset]]",
        ));
    }
    let current: BTreeMap<TopicPartition, i64> = match &described {
        Some(d) if matches!(request.target, Target::ShiftBy(_) | Target::Current) => {
            committed_offsets(admin, d)?
                .into_iter()
                .map(|(tp, (o, _))| (tp, o))
                .collect()
        }
        _ => BTreeMap::new(),
    };
    let scoped = ResetRequest {
        groups: request.groups.clone(),
        single_group: request.single_group,
        scope: if matches!(request.scope, Scope::File) {
            Scope::File
        } else {
            Scope::AllTopics
        },
        target: request.target.clone(),
        execute: request.execute,
        export: request.export,
    };
    reset::plan_group(
        ctx,
        admin,
        &scoped,
        group,
        file,
        &Current::Known {
            partitions: &partitions,
            offsets: &current,
        },
    )
}

/// Deletes the internal topics `--reset-offsets --execute` was asked to delete.
async fn delete_internal_after_reset(
    ctx: &mut Context,
    admin: &Admin,
    native: &Native,
    group: &str,
    internal: &Internal,
) -> Result<()> {
    let topics = match internal {
        Internal::Keep => return Ok(()),
        Internal::Named(topics) => topics.clone(),
        Internal::All => match streams::describe_streams_group(native, group, false)
            .await
            .map_err(|e| refused(e, group))?
        {
            Ok(d) => internal_topics(ctx, &d)?,
            Err(err) => {
                note(
                    ctx,
                    &format!(
                        "Retrieving internal topics failed due to java.util.concurrent.ExecutionException: {}",
                        exception_text(&err)
                    ),
                )?;
                Vec::new()
            }
        },
    };
    if topics.is_empty() {
        return Ok(());
    }
    let outcomes = admin.delete_topics(&topics)?;
    if let Some((code, text)) = outcomes.into_iter().find_map(|o| o.error) {
        let message = if code == rdkafka::types::RDKafkaErrorCode::UnknownTopicOrPartition {
            format!("Deleting internal topics for group '{group}' failed because the topics do not exist.")
        } else {
            format!(
                "Deleting internal topics for group '{group}' failed due to java.util.concurrent.ExecutionException: {}",
                rd_exception(code, &text)
            )
        };
        note(ctx, &message)?;
    }
    Ok(())
}

/// One group of `--delete`.
#[derive(Debug, Serialize)]
struct DeleteRow {
    group: String,
    /// Java's `toString()` of the failure; `None` when deleted.
    error: Option<String>,
}

/// One group whose internal topics could not all be deleted.
#[derive(Debug, Serialize)]
struct InternalFailure {
    group: String,
    error: String,
    #[serde(skip)]
    failed_topics: Vec<String>,
}

/// The outcome of `--delete`.
#[derive(Debug, Serialize)]
struct DeleteView {
    groups: Vec<DeleteRow>,
    /// With `--delete-all-internal-topics`: the deleted groups that had internal topics.
    #[serde(skip_serializing_if = "Option::is_none")]
    internal_topics_deleted: Option<Vec<String>>,
    internal_topic_failures: Vec<InternalFailure>,
}

impl Render for DeleteView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for f in &self.internal_topic_failures {
            for topic in &f.failed_topics {
                writeln!(w, "Failed to delete internal topic: {topic}")?;
            }
        }
        let names = |rows: Vec<&DeleteRow>| {
            rows.iter()
                .map(|r| r.group.as_str())
                .collect::<Vec<_>>()
                .join("', '")
        };
        let failed: Vec<&DeleteRow> = self.groups.iter().filter(|r| r.error.is_some()).collect();
        let deleted: Vec<&DeleteRow> = self.groups.iter().filter(|r| r.error.is_none()).collect();
        let any_deleted = !deleted.is_empty();
        if failed.is_empty() {
            writeln!(
                w,
                "Deletion of requested streams groups ('{}') was successful.",
                names(deleted)
            )?;
        } else {
            writeln!(w, "\nError: Deletion of some streams groups failed:")?;
            for r in &failed {
                writeln!(
                    w,
                    "* Group '{}' could not be deleted due to: {}",
                    r.group,
                    r.error.as_deref().unwrap_or_default()
                )?;
            }
            if any_deleted {
                writeln!(
                    w,
                    "\nThese streams groups were deleted successfully: '{}'.",
                    names(deleted)
                )?;
            }
        }
        if let Some(groups) = &self.internal_topics_deleted {
            if any_deleted {
                if self.internal_topic_failures.is_empty() {
                    writeln!(
                        w,
                        "Deletion of associated internal topics of the streams groups ('{}') was successful.",
                        groups.join("', '")
                    )?;
                } else {
                    writeln!(w, "Deletion of some associated internal topics failed:")?;
                    for f in &self.internal_topic_failures {
                        writeln!(
                            w,
                            "* Internal topics of the streams group '{}' could not be deleted due to: {}",
                            f.group, f.error
                        )?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// `--delete`: checks each group against the listing (a streams group, empty) as Java does,
/// deletes the rest, then their internal topics when asked.
async fn delete(
    admin: &Admin,
    native: &Native,
    ctx: &mut Context,
    groups: &Groups,
    internal: bool,
) -> Result<()> {
    let listed = listings(native, &[]).await?;
    let ids: Vec<String> = match groups {
        Groups::All => listed.iter().map(|l| l.group_id.clone()).collect(),
        Groups::Named(names) => names.clone(),
    };
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::new();
    let mut candidates = Vec::new();
    for id in ids.into_iter().filter(|id| seen.insert(id.clone())) {
        match listed
            .iter()
            .find(|l| l.group_id == id)
            .map(|l| l.state.as_str())
        {
            None => rows.push(DeleteRow {
                error: Some(format!(
                    "java.lang.IllegalArgumentException: Group '{id}' does not exist or is not a streams group."
                )),
                group: id,
            }),
            Some("Dead") => rows.push(DeleteRow {
                error: Some(format!(
                    "java.lang.IllegalStateException: Streams group '{id}' group state is DEAD."
                )),
                group: id,
            }),
            Some("Empty") => candidates.push(id),
            Some(_) => rows.push(DeleteRow {
                error: Some(format!(
                    "org.apache.kafka.common.errors.GroupNotEmptyException: Streams group '{id}' is not EMPTY."
                )),
                group: id,
            }),
        }
    }
    // The internal topics are looked up before the groups go.
    let mut internal_of: Vec<(String, Vec<String>)> = Vec::new();
    if internal {
        for id in &candidates {
            match streams::describe_streams_group(native, id, false)
                .await
                .map_err(|e| refused(e, id))?
            {
                Ok(d) => {
                    let topics = internal_topics(ctx, &d)?;
                    if !topics.is_empty() {
                        internal_of.push((id.clone(), topics));
                    }
                }
                Err(err) => note(
                    ctx,
                    &format!(
                        "Retrieving internal topics failed due to java.util.concurrent.ExecutionException: {}",
                        exception_text(&err)
                    ),
                )?,
            }
        }
    }
    let mut deleted = Vec::new();
    for id in candidates {
        let error = share::delete_group(native, &id)
            .await
            .map_err(|e| refused(e, &id))?
            .map(|err| exception_text(&err));
        if error.is_none() {
            deleted.push(id.clone());
        }
        rows.push(DeleteRow { group: id, error });
    }
    let mut failures = Vec::new();
    for (group, topics) in &internal_of {
        if !deleted.contains(group) {
            continue;
        }
        let outcomes = admin.delete_topics(topics)?;
        let failed: Vec<(String, String)> = topics
            .iter()
            .zip(outcomes)
            .filter_map(|(t, o)| {
                o.error
                    .map(|(code, text)| (t.clone(), rd_exception(code, &text)))
            })
            .collect();
        if let Some((_, error)) = failed.first() {
            failures.push(InternalFailure {
                group: group.clone(),
                error: error.clone(),
                // Java walks the topics' results from a HashMap.
                failed_topics: hash_order(
                    failed.iter().map(|(t, _)| t.clone()).collect(),
                    JavaMap::Default,
                    String::as_str,
                ),
            });
        }
    }
    // Java keeps the outcomes in HashMaps.
    let rows = hash_order(rows, JavaMap::Default, |r| r.group.as_str());
    let internal_topics_deleted = internal.then(|| {
        rows.iter()
            .filter(|r| r.error.is_none() && internal_of.iter().any(|(g, _)| *g == r.group))
            .map(|r| r.group.clone())
            .collect()
    });
    let internal_topics_deleted = internal_topics_deleted.filter(|_| !internal_of.is_empty());
    let failures = hash_order(failures, JavaMap::Default, |f| f.group.as_str());
    ctx.out.emit(&DeleteView {
        groups: rows,
        internal_topics_deleted,
        internal_topic_failures: failures,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::native::messages::streams::{
        DescriptionGlobalStore, DescriptionSubtopology,
    };
    use kafka_protocol::protocol::StrBytes;

    fn args(list: &[&str]) -> StreamsGroupsArgs {
        crate::tools::args_with_bootstrap(list)
    }

    fn error(list: &[&str]) -> String {
        args(list).resolve().unwrap_err().to_string()
    }

    #[test]
    fn options_are_checked_in_javas_order_with_javas_messages() {
        let cases: &[(&[&str], &str)] = &[
            (&[], "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, or --delete-offsets."),
            (&["--list", "--describe"], "Option [describe] takes one of these options: [all-groups], [group]"),
            (&["--describe", "--group", "g", "--members", "--state"], "Option [describe] takes at most one of these options: [members], [offsets], [state], [topology]"),
            (&["--describe", "--group", "g", "--state", "Stable"], "Option [describe] does not take a value for [state]"),
            (&["--delete"], "Option [delete] takes one of these options: [all-groups], [group]"),
            (&["--delete", "--group", "g", "--input-topic", "t"], "Kafka Streams does not support topic-specific offset deletion from a streams group."),
            (&["--delete-offsets", "--group", "g"], "Option [delete-offsets] takes the [group] and one of these options: [all-input-topics], [input-topic]"),
            (&["--delete-offsets", "--group", "g", "--group", "h", "--input-topic", "t"], "Option [delete-offsets] supports only one [group] at a time, but found: [g, h]"),
            (&["--reset-offsets", "--group", "g", "--input-topic", "t", "--to-earliest"], "Option [reset-offsets] takes the option: [execute] or [dry-run]"),
            (&["--reset-offsets", "--group", "g", "--input-topic", "t", "--to-earliest", "--dry-run", "--execute"], "Option [reset-offsets] only accepts one of [execute] and [dry-run]"),
            (&["--reset-offsets", "--input-topic", "t", "--to-earliest", "--dry-run"], "Option [reset-offsets] takes one of these options: [all-groups], [group]"),
            (&["--reset-offsets", "--group", "g", "--input-topic", "t", "--to-earliest", "--to-latest", "--dry-run"], "Option \"[to-earliest]\" can't be used with option \"[to-latest]\""),
            (&["--reset-offsets", "--group", "g", "--to-earliest", "--dry-run"], "One of the reset scopes should be defined: --all-input-topics, --input-topic."),
            (&["--reset-offsets", "--group", "g", "--input-topic", "t", "--to-earliest", "--dry-run", "--delete-all-internal-topics"], "Option [delete-all-internal-topics] takes [execute] when [reset-offsets] is used."),
            (&["--list", "--delete-all-internal-topics"], "Option [delete-all-internal-topics] takes one of these options: [delete], [reset-offsets]"),
            (&["--list", "--delete-internal-topic", "x"], "Option [delete-internal-topic] takes [reset-offsets] when [execute] is used."),
            (&["--list", "--members"], "Option(s) [members] are unavailable given other options on the command line"),
            (&["--list", "--verbose"], "Option(s) [verbose] are unavailable given other options on the command line"),
            (&["--list", "--group", "g"], "Option \"[group]\" can't be used with option \"[list]\""),
            (&["--describe", "--group", "g", "--all-groups"], "Option \"[group]\" can't be used with option \"[all-groups]\""),
            (&["--describe", "--group", "g", "--input-topic", "t"], "Option \"[input-topic]\" can't be used with option \"[describe]\""),
            (&["--list", "--dry-run"], "Only Option [reset-offsets] accepts [execute] or [dry-run]"),
            (&["--list", "--state", "bogus"], "Invalid state list 'bogus'. Valid states are: Reconciling, Empty, Stable, NotReady, Assigning, Dead"),
        ];
        for (argv, message) in cases {
            assert_eq!(&error(argv), message, "{argv:?}");
        }
    }

    #[test]
    fn states_and_tasks_render_like_java() {
        let view = StateView {
            group: "app".into(),
            coordinator: Coordinator {
                id: 1,
                host: "127.0.0.1:9092".into(),
            },
            assignor: "sticky".into(),
            state: "Stable".into(),
            group_epoch: 3,
            target_assignment_epoch: 3,
            members: 1,
            verbose: false,
        };
        let mut buf = Vec::new();
        view.text(&mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "GROUP           COORDINATOR (ID)          ASSIGNOR        STATE                     #MEMBERS\n\
             app             127.0.0.1:9092 (1)        sticky          Stable                    1\n"
        );
        let tasks = TaskView {
            active: vec![("0".into(), vec![0, 1]), ("1".into(), vec![0, 1])],
            standby: vec![],
            warmup: vec![("2".into(), vec![3])],
        };
        assert_eq!(tasks.text(""), "ACTIVE: 0:[0,1]; 1:[0,1]; WARMUP: 2:[3]; ");
        assert_eq!(
            tasks.text("TARGET-"),
            "TARGET-ACTIVE: 0:[0,1]; 1:[0,1]; TARGET-WARMUP: 2:[3]; "
        );
    }

    fn s(text: &str) -> StrBytes {
        StrBytes::from_string(text.to_string())
    }

    fn node(name: &str, kind: i8, successors: &[&str]) -> DescriptionNode {
        DescriptionNode {
            name: s(name),
            node_type: kind,
            source_topics: if kind == 1 {
                vec![s("t2"), s("t1")]
            } else {
                vec![]
            },
            sink_topic: None,
            stores: if kind == 2 { vec![s("store")] } else { vec![] },
            successors: successors.iter().map(|n| s(n)).collect(),
        }
    }

    #[test]
    fn topologies_are_formatted_like_java() {
        let d = TopologyDescription {
            subtopologies: vec![DescriptionSubtopology {
                subtopology_id: s("0"),
                nodes: vec![
                    node("source", 1, &["p"]),
                    node("p", 2, &["sink"]),
                    node("sink", 3, &[]),
                ],
            }],
            global_stores: vec![DescriptionGlobalStore {
                source: node("gs", 1, &["gp"]),
                processor: node("gp", 2, &[]),
            }],
        };
        assert_eq!(
            format_topology(&d),
            "Topologies:\n   Sub-topology: 0\n    Source: source (topics: [t1, t2])\n      --> p\n    Processor: p (stores: [store])\n      --> sink\n      <-- source\n    Sink: sink (topic: null)\n      <-- p\n\n   Sub-topology: 1 for global store (will not generate tasks)\n    Source: gs (topics: [t1, t2])\n      --> gp\n    Processor: gp (stores: [store])\n      --> none\n      <-- gs\n\n"
        );
        assert_eq!(
            format_topology(&TopologyDescription::default()),
            "Topologies:\n"
        );
    }

    #[test]
    fn internal_topics_are_inferred_as_java_does() {
        assert!(inferred_internal("app-store-changelog", "app"));
        assert!(inferred_internal("app-x-repartition", "app"));
        assert!(inferred_internal(
            "app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000005-topic",
            "app"
        ));
        assert!(!inferred_internal(
            "app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-x-topic",
            "app"
        ));
        assert!(!inferred_internal("other-store-changelog", "app"));
        assert!(!inferred_internal("app-input", "app"));
    }
}
