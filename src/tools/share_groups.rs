//! `kafka-share-groups`: list, describe and delete share groups (KIP-932), and reset or delete
//! their offsets (Java's ShareGroupCommand).
//!
//! The share-group requests go through the native path (`client::admin::share_groups`); topic
//! metadata and log offsets through librdkafka, with the reset targets, the plan table and its
//! CSV shared with `kafka-consumer-groups`. As in Java, a failure at run time prints
//! `Error: Executing share group command failed due to ...` on stdout and exits 0; usage errors,
//! an unusable cluster, a refused ACL and a reset of a group that is not empty exit 1. With
//! `--output json` every failure is the error object and exits 1.

use std::collections::BTreeMap;
use std::io::{self, Write};

use anyhow::{anyhow, Result};
use clap::{Parser, ValueHint};
use serde::Serialize;

use crate::client::admin::partitions::TopicPartition;
use crate::client::admin::share_groups::{
    self as share, BrokerError, ShareGroupDescription, ShareOffset,
};
use crate::client::native::{exception_name, rd_code, CoordinatorError, Native};
use crate::client::{Admin, SettingsBuilder};
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::java::{hash_order, JavaMap};
use crate::output::{table_with_header, Format, OutputArgs, Render};
use crate::tools::consumer_groups::describe::assignment_string;
use crate::tools::consumer_groups::reset::{self, Current, ResetRequest};
use crate::tools::consumer_groups::{
    conflict, java, java_runtime_failure, only_with_describe, parse_state_list, Groups, Scope,
    Target,
};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "List the share groups with their state",
        "kafka-share-groups --bootstrap-server localhost:9092 --list --state",
    ),
    (
        "Start offsets and lag of a share group",
        "kafka-share-groups --bootstrap-server localhost:9092 --describe --group my-share-group",
    ),
    (
        "Members and their assignments",
        "kafka-share-groups --bootstrap-server localhost:9092 --describe --group my-share-group --members --verbose",
    ),
    (
        "Rewind a share group with no members to the beginning of a topic",
        "kafka-share-groups --bootstrap-server localhost:9092 --reset-offsets --group my-share-group --topic hello.kafka --to-earliest --execute",
    ),
    (
        "Delete a share group",
        "kafka-share-groups --bootstrap-server localhost:9092 --delete --group my-share-group",
    ),
];

/// List, describe, delete and manage the offsets of share groups.
#[derive(Parser, Debug)]
#[command(name = "kafka-share-groups", version)]
pub struct ShareGroupsArgs {
    /// List all share groups
    #[arg(long, help_heading = "Actions")]
    list: bool,

    /// Describe share group(s): start offsets and lag (default), --members or --state
    #[arg(long, help_heading = "Actions")]
    describe: bool,

    /// Delete share group(s)
    #[arg(long, help_heading = "Actions")]
    delete: bool,

    /// Reset the offsets of one share group with no members; needs a scope, a target and
    /// --dry-run or --execute
    #[arg(long = "reset-offsets", help_heading = "Actions")]
    reset_offsets: bool,

    /// Delete the offsets of one share group for the given --topic(s)
    #[arg(long = "delete-offsets", help_heading = "Actions")]
    delete_offsets: bool,

    /// The share group id (repeatable with --describe and --delete)
    #[arg(long, value_name = "GROUP")]
    group: Vec<String>,

    /// Apply to all share groups
    #[arg(long = "all-groups")]
    all_groups: bool,

    /// A topic, or topic:p1,p2 for some partitions (reset-offsets, delete-offsets; repeatable)
    #[arg(long, value_name = "TOPIC")]
    topic: Vec<String>,

    /// With --reset-offsets: every partition the group has a start offset for
    #[arg(long = "all-topics")]
    all_topics: bool,

    /// Timeout in ms for every admin call
    #[arg(long, value_name = "MS", default_value_t = 30000)]
    timeout: u64,

    /// With --describe: the members of the group
    #[arg(long, help_heading = "Describe")]
    members: bool,

    /// With --describe: start offsets and lag (the default view)
    #[arg(long, help_heading = "Describe")]
    offsets: bool,

    /// With --list: show (and filter by) state, a comma list of Empty, Stable, Dead; with
    /// --describe: the state view
    #[arg(
        long,
        value_name = "STATES",
        num_args = 0..=1,
        value_parser = crate::tools::Suggest(&["Stable", "Empty", "Dead"]),
        hide_possible_values = true,
        default_missing_value = "",
        help_heading = "Describe"
    )]
    state: Option<String>,

    /// With --describe: more columns (leader epoch, group and member epochs)
    #[arg(long, help_heading = "Describe")]
    verbose: bool,

    /// With --reset-offsets: only show the plan
    #[arg(long = "dry-run", help_heading = "Reset offsets")]
    dry_run: bool,

    /// With --reset-offsets: set the new start offsets
    #[arg(long, help_heading = "Reset offsets")]
    execute: bool,

    /// With --reset-offsets: print the plan as CSV (for --from-file)
    #[arg(long, help_heading = "Reset offsets")]
    export: bool,

    /// Reset to this offset (clamped into the log)
    #[arg(
        long = "to-offset",
        value_name = "OFFSET",
        allow_negative_numbers = true,
        help_heading = "Reset offsets"
    )]
    to_offset: Option<i64>,

    /// Reset to the earliest offset
    #[arg(long = "to-earliest", help_heading = "Reset offsets")]
    to_earliest: bool,

    /// Reset to the latest offset
    #[arg(long = "to-latest", help_heading = "Reset offsets")]
    to_latest: bool,

    /// Reset to the current start offset (log end where there is none)
    #[arg(long = "to-current", help_heading = "Reset offsets")]
    to_current: bool,

    /// Reset to the first offset at or after YYYY-MM-DDThh:mm:ss.sss[zone]
    #[arg(
        long = "to-datetime",
        value_name = "DATETIME",
        help_heading = "Reset offsets"
    )]
    to_datetime: Option<String>,

    /// Reset to the offsets of a CSV file (topic,partition,offset)
    #[arg(
        long = "from-file",
        value_name = "FILE",
        value_hint = ValueHint::FilePath,
        help_heading = "Reset offsets"
    )]
    from_file: Option<String>,

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
    Delete(Groups),
    Reset(ResetRequest),
    DeleteOffsets {
        group: String,
        topics: Vec<String>,
    },
}

/// The states of a share group (Java's `GroupState.groupStatesForType(SHARE)`), in the order
/// Java prints them.
const VALID_STATES: [&str; 3] = ["Dead", "Empty", "Stable"];

/// Parses a `--state` list as Java does.
fn parse_states(input: &str) -> Result<Vec<&'static str>> {
    parse_state_list(input, &VALID_STATES)
}

impl ShareGroupsArgs {
    fn groups(&self) -> Groups {
        if self.all_groups {
            Groups::All
        } else {
            Groups::Named(self.group.clone())
        }
    }

    /// The reset scenarios given, in Java's order of `checkInvalidArgs`.
    fn targets(&self) -> Vec<(&'static str, Target)> {
        [
            ("to-offset", self.to_offset.map(Target::Offset)),
            (
                "to-datetime",
                self.to_datetime.clone().map(Target::DateTime),
            ),
            ("to-earliest", self.to_earliest.then_some(Target::Earliest)),
            ("to-latest", self.to_latest.then_some(Target::Latest)),
            ("to-current", self.to_current.then_some(Target::Current)),
            ("from-file", self.from_file.clone().map(Target::FromFile)),
        ]
        .into_iter()
        .filter_map(|(name, t)| t.map(|t| (name, t)))
        .collect()
    }

    /// Checks the option combinations in Java's order and builds the request.
    fn resolve(&self) -> Result<Request> {
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
        let has_group = !self.group.is_empty();
        if self.describe {
            if !has_group && !self.all_groups {
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
            if !has_group && !self.all_groups {
                return Err(usage(
                    "Option [delete] takes the options [group] or [all-groups].",
                ));
            }
            if has_group && self.all_groups {
                return Err(usage(
                    "Option [delete] takes either [group] or [all-groups], not both.",
                ));
            }
            if self.all_topics || !self.topic.is_empty() {
                return Err(usage(
                    "Option [delete] does not take the options [topic] or [all-topics].",
                ));
            }
        }
        if self.delete_offsets && (!has_group || self.topic.is_empty()) {
            return Err(usage(
                "Option [delete-offsets] takes the following options: [group], [topic]",
            ));
        }
        let mut target = None;
        if self.reset_offsets {
            if self.dry_run && self.execute {
                return Err(usage(
                    "Option [reset-offsets] only accepts one of [execute] and [dry-run]",
                ));
            }
            if !self.dry_run && !self.execute {
                return Err(usage(
                    "Option [reset-offsets] takes the option: [execute] or [dry-run]",
                ));
            }
            if !has_group {
                return Err(usage("Option [reset-offsets] takes the option: [group]"));
            }
            let file = self.from_file.is_some();
            if self.topic.is_empty() && !self.all_topics && !file {
                return Err(usage(
                    "Option [reset-offsets] takes one of these options: [all-topics], [from-file], [topic]",
                ));
            }
            let scopes = [
                ("topic", !self.topic.is_empty()),
                ("all-topics", self.all_topics),
                ("from-file", file),
            ];
            let given: Vec<&str> = scopes.iter().filter(|s| s.1).map(|s| s.0).collect();
            if let [first, second, ..] = given.as_slice() {
                return Err(conflict(first, second));
            }
            let targets = self.targets();
            match targets.as_slice() {
                [] => {
                    return Err(usage(
                        "Option [reset-offsets] takes one of these options: [from-file], [to-current], [to-datetime], [to-earliest], [to-latest], [to-offset]",
                    ))
                }
                [(_, t)] => target = Some(t.clone()),
                [(first, _), (second, _), ..] => return Err(conflict(first, second)),
            }
        }
        if has_group && self.all_groups {
            return Err(conflict("group", "all-groups"));
        }
        if has_group && self.list {
            return Err(conflict("group", "list"));
        }
        if !self.topic.is_empty() && (self.list || self.describe) {
            let action = if self.list { "list" } else { "describe" };
            return Err(conflict("topic", action));
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
                "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets.",
            ));
        }
        Ok(if self.list {
            Request::List {
                states: match self.state.as_deref() {
                    None => None,
                    Some("") => Some(Vec::new()),
                    Some(s) => Some(parse_states(s)?),
                },
            }
        } else if self.describe {
            Request::Describe {
                groups: self.groups(),
                view: if self.members {
                    View::Members
                } else if self.state.is_some() {
                    View::State
                } else {
                    View::Offsets
                },
                verbose: self.verbose,
            }
        } else if self.delete {
            Request::Delete(self.groups())
        } else if self.delete_offsets {
            Request::DeleteOffsets {
                group: self.group[0].clone(),
                topics: self.topic.clone(),
            }
        } else {
            let target = target.unwrap_or(Target::Earliest);
            let scope = if self.all_topics {
                Scope::AllTopics
            } else if self.topic.is_empty() {
                Scope::File
            } else {
                Scope::Topics(self.topic.clone())
            };
            Request::Reset(ResetRequest {
                // Java resets the first --group only.
                groups: Groups::Named(vec![self.group[0].clone()]),
                single_group: true,
                scope,
                target,
                execute: self.execute,
                export: self.export,
            })
        })
    }
}

impl Tool for ShareGroupsArgs {
    const NAME: &'static str = "kafka-share-groups";

    /// Java's ShareGroupCommand prints runtime failures and exits 0.
    const RUNTIME_FAILURE_STATUS: u8 = 0;

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
        let is_not_empty = |err: &anyhow::Error| err.downcast_ref::<NotEmpty>().is_some();
        match java_runtime_failure(ctx, result, "share group", is_not_empty) {
            // Java's printErrorAndExit: the message on stderr, exit 1.
            Err(err) if is_not_empty(&err) => {
                Err(anyhow::Error::new(crate::error::Refused(err.to_string())))
            }
            other => other,
        }
    }
}

/// A reset of a share group that has members (Java: `printErrorAndExit`, exit 1).
#[derive(Debug)]
struct NotEmpty(String);

impl std::fmt::Display for NotEmpty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Share group '{}' is not empty.", self.0)
    }
}

impl std::error::Error for NotEmpty {}

async fn execute(admin: &Admin, ctx: &mut Context, request: Request) -> Result<()> {
    let native = admin.native()?;
    match request {
        Request::List { states } => list(&native, ctx, states).await,
        Request::Describe {
            groups,
            view,
            verbose,
        } => describe(&native, ctx, &groups, view, verbose).await,
        Request::Delete(groups) => delete(&native, ctx, &groups).await,
        Request::DeleteOffsets { group, topics } => {
            delete_offsets(&native, ctx, &group, &topics).await
        }
        Request::Reset(request) => reset_offsets(admin, &native, ctx, &request).await,
    }
}

/// Java's `Throwable.toString()` of a broker error (`org.apache.kafka...Exception: message`).
pub(crate) fn exception_text(err: &BrokerError) -> String {
    let described = java::describe(rd_code(err.0), &err.1);
    if described.starts_with("org.apache.kafka") {
        return described;
    }
    let class = exception_name(err.0);
    if class.is_empty() {
        err.1.clone()
    } else {
        format!("org.apache.kafka.common.errors.{class}: {}", err.1)
    }
}

/// A coordinator lookup refused for lack of an ACL as the refusal naming the group (exit 1, as
/// every tool of the suite); any other error as it is.
pub(crate) fn refused(err: anyhow::Error, group: &str) -> anyhow::Error {
    match err.downcast_ref::<CoordinatorError>() {
        Some(c) => java::refusal(rd_code(c.code), None, group).unwrap_or(err),
        None => err,
    }
}

/// Java's `getMessage()` of a broker error.
pub(crate) fn message_text(err: &BrokerError) -> String {
    java::message(rd_code(err.0), &err.1).to_string()
}

/// A broker error about `group` as the failure of the command (a refusal names the group).
pub(crate) fn group_failure(err: &BrokerError, group: &str) -> anyhow::Error {
    java::refusal(rd_code(err.0), None, group).unwrap_or_else(|| anyhow!("{}", exception_text(err)))
}

/// The `--list` result (of the share and streams group tools).
#[derive(Debug, Serialize)]
pub(crate) struct ListView {
    pub(crate) groups: Vec<ListRow>,
    #[serde(skip)]
    pub(crate) with_state: bool,
}

/// One group of [`ListView`].
#[derive(Debug, Serialize)]
pub(crate) struct ListRow {
    pub(crate) group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) state: Option<String>,
}

impl Render for ListView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        if !self.with_state {
            for g in &self.groups {
                writeln!(w, "{}", g.group)?;
            }
            return Ok(());
        }
        let gw = self
            .groups
            .iter()
            .map(|g| g.group.len())
            .fold(15, usize::max);
        writeln!(w, "{:<gw$} STATE", "GROUP")?;
        for g in &self.groups {
            writeln!(w, "{:<gw$} {}", g.group, g.state.as_deref().unwrap_or(""))?;
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = if self.with_state {
            table_with_header(["GROUP", "STATE"])
        } else {
            table_with_header(["GROUP"])
        };
        for g in &self.groups {
            let mut row = vec![g.group.clone()];
            if self.with_state {
                row.push(g.state.clone().unwrap_or_default());
            }
            table.add_row(row);
        }
        Some(table)
    }
}

/// `--list`, with an optional state filter (`Some(empty)` shows the column unfiltered).
async fn list(native: &Native, ctx: &mut Context, states: Option<Vec<&'static str>>) -> Result<()> {
    let filter: Vec<String> = states.iter().flatten().map(|s| (*s).to_string()).collect();
    let listings = share::list_share_groups(native, &filter).await?;
    let view = ListView {
        groups: listings
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

/// The group ids an action applies to: the named ones, or every share group.
async fn group_ids(native: &Native, groups: &Groups) -> Result<Vec<String>> {
    match groups {
        Groups::Named(names) => Ok(names.clone()),
        Groups::All => Ok(share::list_share_groups(native, &[])
            .await?
            .into_iter()
            .map(|g| g.group_id)
            .collect()),
    }
}

/// Describes the groups (all must exist, as in Java), sorted by id, duplicates once.
async fn describe_all(
    native: &Native,
    ids: &[String],
) -> Result<BTreeMap<String, ShareGroupDescription>> {
    let mut out = BTreeMap::new();
    for id in ids {
        if out.contains_key(id) {
            continue;
        }
        match share::describe_share_group(native, id)
            .await
            .map_err(|e| refused(e, id))?
        {
            Ok(d) => {
                out.insert(id.clone(), d);
            }
            Err(err) => return Err(group_failure(&err, id)),
        }
    }
    Ok(out)
}

/// Java's messages for an empty or dead group; whether its rows are printed.
fn state_check(ctx: &mut Context, group: &str, state: &str, rows: usize) -> Result<bool> {
    if ctx.out.format() == Format::Json {
        return Ok(state != "Dead" && rows > 0);
    }
    match state {
        "Dead" => {
            ctx.out.line("")?;
            ctx.out
                .line(&format!("Error: Share group '{group}' does not exist."))?;
        }
        "Empty" => ctx
            .out
            .stderr_line(&format!("\nShare group '{group}' has no active members.")),
        _ => {}
    }
    Ok(state != "Dead" && rows > 0)
}

/// One line of Java's `printf("\n%-Ns %-Ms ... %s", ...)` tables: a newline, each cell but the
/// last left-aligned in its width, the last as it is.
fn java_row(w: &mut dyn Write, widths: &[usize], cells: &[String]) -> io::Result<()> {
    writeln!(w)?;
    let Some((last, padded)) = cells.split_last() else {
        return Ok(());
    };
    for (i, cell) in padded.iter().enumerate() {
        let width = widths.get(i).copied().unwrap_or(0);
        write!(w, "{cell:<width$} ")?;
    }
    write!(w, "{last}")
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// One partition of the offsets view.
#[derive(Debug, Serialize)]
struct OffsetRow {
    topic: String,
    partition: i32,
    leader_epoch: Option<i32>,
    start_offset: Option<i64>,
    lag: Option<i64>,
}

/// The offsets view of one group.
#[derive(Debug, Serialize)]
struct OffsetsBlock {
    group: String,
    partitions: Vec<OffsetRow>,
}

/// The offsets view of every group.
#[derive(Debug, Serialize)]
struct OffsetsView {
    groups: Vec<OffsetsBlock>,
    #[serde(skip)]
    verbose: bool,
}

impl OffsetsView {
    fn header(&self) -> Vec<&'static str> {
        if self.verbose {
            vec![
                "GROUP",
                "TOPIC",
                "PARTITION",
                "LEADER-EPOCH",
                "START-OFFSET",
                "LAG",
            ]
        } else {
            vec!["GROUP", "TOPIC", "PARTITION", "START-OFFSET", "LAG"]
        }
    }

    fn cells(&self, group: &str, row: &OffsetRow) -> Vec<String> {
        let mut cells = vec![
            group.to_string(),
            row.topic.clone(),
            row.partition.to_string(),
        ];
        if self.verbose {
            cells.push(opt(row.leader_epoch));
        }
        cells.push(opt(row.start_offset));
        cells.push(opt(row.lag));
        cells
    }
}

impl Render for OffsetsView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for block in &self.groups {
            if block.partitions.is_empty() {
                writeln!(
                    w,
                    "\nShare group '{}' has no offset information.",
                    block.group
                )?;
                continue;
            }
            let gw = block.group.len().max(15);
            let tw = block
                .partitions
                .iter()
                .map(|p| p.topic.len())
                .fold(15, usize::max);
            // Java's widths: group, topic, %-10s, then %-13s for each middle column.
            let mut widths = vec![gw, tw, 10];
            widths.extend(if self.verbose { [13, 13] } else { [13, 0] });
            let header: Vec<String> = self.header().into_iter().map(String::from).collect();
            java_row(w, &widths, &header)?;
            for row in &block.partitions {
                java_row(w, &widths, &self.cells(&block.group, row))?;
            }
            writeln!(w)?;
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(self.header());
        for block in &self.groups {
            for row in &block.partitions {
                table.add_row(self.cells(&block.group, row));
            }
        }
        Some(table)
    }
}

/// One member of the members view.
#[derive(Debug, Serialize)]
struct MemberRow {
    consumer_id: String,
    host: String,
    client_id: String,
    partitions: usize,
    member_epoch: i32,
    assignment: Vec<TopicPartition>,
}

/// The members (or state) view of one group.
#[derive(Debug, Serialize)]
struct GroupBlock {
    group: String,
    state: String,
    coordinator: Coordinator,
    group_epoch: i32,
    assignment_epoch: i32,
    members: Vec<MemberRow>,
    /// Whether Java prints the members of this group (not dead, some members).
    #[serde(skip)]
    shown: bool,
}

#[derive(Debug, Serialize)]
struct Coordinator {
    id: i32,
    host: String,
}

impl GroupBlock {
    fn coordinator_text(&self) -> String {
        format!("{}  ({})", self.coordinator.host, self.coordinator.id)
    }
}

/// The members view of every group.
#[derive(Debug, Serialize)]
struct MembersView {
    groups: Vec<GroupBlock>,
    #[serde(skip)]
    verbose: bool,
}

/// Java's assignment column: `t:0,1;u:2`, empty when nothing is assigned.
fn assignment_text(assignment: &[TopicPartition]) -> String {
    if assignment.is_empty() {
        String::new()
    } else {
        assignment_string(assignment)
    }
}

impl MembersView {
    fn header(&self) -> Vec<&'static str> {
        let mut h = vec!["GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"];
        if self.verbose {
            h.push("MEMBER-EPOCH");
        }
        h.push("ASSIGNMENT");
        h
    }

    fn cells(&self, group: &str, m: &MemberRow) -> Vec<String> {
        let mut cells = vec![
            group.to_string(),
            m.consumer_id.clone(),
            m.host.clone(),
            m.client_id.clone(),
            m.partitions.to_string(),
        ];
        if self.verbose {
            cells.push(m.member_epoch.to_string());
        }
        cells.push(assignment_text(&m.assignment));
        cells
    }
}

impl Render for MembersView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for block in self.groups.iter().filter(|b| b.shown) {
            let width =
                |f: fn(&MemberRow) -> usize| block.members.iter().map(f).fold(15, usize::max);
            let widths = [
                block.group.len().max(15),
                width(|m| m.consumer_id.len()),
                width(|m| m.host.len()),
                width(|m| m.client_id.len()),
                12,
                13,
            ];
            let header: Vec<String> = self.header().into_iter().map(String::from).collect();
            java_row(w, &widths, &header)?;
            for m in &block.members {
                java_row(w, &widths, &self.cells(&block.group, m))?;
            }
            writeln!(w)?;
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(self.header());
        for block in self.groups.iter().filter(|b| b.shown) {
            for m in &block.members {
                table.add_row(self.cells(&block.group, m));
            }
        }
        Some(table)
    }
}

/// The state view of every group.
#[derive(Debug, Serialize)]
struct StateView {
    groups: Vec<GroupBlock>,
    #[serde(skip)]
    verbose: bool,
}

impl StateView {
    fn header(&self) -> Vec<&'static str> {
        if self.verbose {
            vec![
                "GROUP",
                "COORDINATOR (ID)",
                "STATE",
                "GROUP-EPOCH",
                "ASSIGNMENT-EPOCH",
                "#MEMBERS",
            ]
        } else {
            vec!["GROUP", "COORDINATOR (ID)", "STATE", "#MEMBERS"]
        }
    }

    fn cells(&self, b: &GroupBlock) -> Vec<String> {
        let mut cells = vec![b.group.clone(), b.coordinator_text(), b.state.clone()];
        if self.verbose {
            cells.push(b.group_epoch.to_string());
            cells.push(b.assignment_epoch.to_string());
        }
        cells.push(b.members.len().to_string());
        cells
    }
}

impl Render for StateView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for block in &self.groups {
            let coordinator = block.coordinator_text();
            let mut widths = vec![block.group.len().max(15), coordinator.len().max(25), 15];
            if self.verbose {
                widths.extend([12, 17]);
            }
            let header: Vec<String> = self.header().into_iter().map(String::from).collect();
            java_row(w, &widths, &header)?;
            java_row(w, &widths, &self.cells(block))?;
            writeln!(w)?;
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(self.header());
        for block in &self.groups {
            table.add_row(self.cells(block));
        }
        Some(table)
    }
}

fn group_block(d: ShareGroupDescription) -> GroupBlock {
    let mut members: Vec<MemberRow> = d
        .members
        .into_iter()
        .map(|m| MemberRow {
            consumer_id: m.member_id,
            host: m.host,
            client_id: m.client_id,
            partitions: m.assignment.len(),
            member_epoch: m.member_epoch,
            assignment: m.assignment,
        })
        .collect();
    members.sort_by(|a, b| a.consumer_id.cmp(&b.consumer_id));
    GroupBlock {
        group: d.group_id,
        state: d.state,
        coordinator: Coordinator {
            id: d.coordinator.0,
            host: d.coordinator.1,
        },
        group_epoch: d.group_epoch,
        assignment_epoch: d.assignment_epoch,
        members,
        shown: true,
    }
}

/// The start offsets of a group, sorted by topic and partition (a group error fails the run).
async fn offsets_of(native: &Native, group: &str) -> Result<Vec<ShareOffset>> {
    match share::share_group_offsets(native, group)
        .await
        .map_err(|e| refused(e, group))?
    {
        Ok(mut offsets) => {
            offsets.sort_by(|a, b| a.tp.cmp(&b.tp));
            Ok(offsets)
        }
        Err(err) => Err(group_failure(&err, group)),
    }
}

/// `--describe` in the chosen view.
async fn describe(
    native: &Native,
    ctx: &mut Context,
    groups: &Groups,
    view: View,
    verbose: bool,
) -> Result<()> {
    let ids = group_ids(native, groups).await?;
    let described = describe_all(native, &ids).await?;
    match view {
        View::Offsets => {
            let mut blocks = Vec::new();
            for group in described.keys() {
                let partitions = offsets_of(native, group)
                    .await?
                    .into_iter()
                    .map(|o| OffsetRow {
                        topic: o.tp.topic,
                        partition: o.tp.partition,
                        leader_epoch: o.leader_epoch,
                        start_offset: o.start_offset,
                        lag: o.lag,
                    })
                    .collect();
                blocks.push(OffsetsBlock {
                    group: group.clone(),
                    partitions,
                });
            }
            ctx.out.emit(&OffsetsView {
                groups: blocks,
                verbose,
            })?;
        }
        View::Members => {
            let mut blocks = Vec::new();
            for (_, d) in described {
                let mut block = group_block(d);
                block.shown = state_check(ctx, &block.group, &block.state, block.members.len())?;
                blocks.push(block);
            }
            ctx.out.emit(&MembersView {
                groups: blocks,
                verbose,
            })?;
        }
        View::State => {
            // Java prints each group's message just before its table.
            let blocks: Vec<GroupBlock> = described.into_values().map(group_block).collect();
            if ctx.out.format() == Format::Text {
                for block in blocks {
                    state_check(ctx, &block.group, &block.state, 1)?;
                    ctx.out.emit(&StateView {
                        groups: vec![block],
                        verbose,
                    })?;
                }
            } else {
                ctx.out.emit(&StateView {
                    groups: blocks,
                    verbose,
                })?;
            }
        }
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

/// The outcome of `--delete`.
#[derive(Debug, Serialize)]
struct DeleteView {
    groups: Vec<DeleteRow>,
}

impl Render for DeleteView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let quoted = |rows: Vec<&DeleteRow>| {
            rows.iter()
                .map(|r| format!("'{}'", r.group))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let failed: Vec<&DeleteRow> = self.groups.iter().filter(|r| r.error.is_some()).collect();
        let deleted: Vec<&DeleteRow> = self.groups.iter().filter(|r| r.error.is_none()).collect();
        if failed.is_empty() {
            return writeln!(
                w,
                "Deletion of requested share groups ({}) was successful.",
                quoted(deleted)
            );
        }
        writeln!(w, "\nError: Deletion of some share groups failed:")?;
        for r in &failed {
            writeln!(
                w,
                "* Group '{}' could not be deleted due to: {}",
                r.group,
                r.error.as_deref().unwrap_or_default()
            )?;
        }
        if !deleted.is_empty() {
            writeln!(
                w,
                "\nThese share groups were deleted successfully: {}",
                quoted(deleted)
            )?;
        }
        Ok(())
    }
}

/// `--delete`: checks each group against the listing (a share group, empty) as Java does,
/// then deletes the rest.
async fn delete(native: &Native, ctx: &mut Context, groups: &Groups) -> Result<()> {
    let listings = share::list_share_groups(native, &[]).await?;
    let ids: Vec<String> = match groups {
        Groups::All => listings.iter().map(|l| l.group_id.clone()).collect(),
        Groups::Named(names) => names.clone(),
    };
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::new();
    for id in ids.into_iter().filter(|id| seen.insert(id.clone())) {
        let error = match listings.iter().find(|l| l.group_id == id).map(|l| l.state.as_str()) {
            None => Some(format!(
                "org.apache.kafka.common.errors.GroupIdNotFoundException: Group '{id}' is not a share group."
            )),
            Some("Dead") => Some(format!(
                "java.lang.IllegalStateException: Share group '{id}' group state is DEAD."
            )),
            Some("Empty") => share::delete_group(native, &id)
                .await
                .map_err(|e| refused(e, &id))?
                .map(|err| exception_text(&err)),
            Some(_) => Some(format!(
                "org.apache.kafka.common.errors.GroupNotEmptyException: Share group '{id}' is not EMPTY."
            )),
        };
        rows.push(DeleteRow { group: id, error });
    }
    // Java keeps both outcomes in HashMaps.
    let rows = hash_order(rows, JavaMap::Default, |r| r.group.as_str());
    ctx.out.emit(&DeleteView { groups: rows })?;
    Ok(())
}

/// One topic of `--delete-offsets`.
#[derive(Debug, Serialize)]
struct TopicStatus {
    topic: String,
    /// Java's `getMessage()` of the failure; `None` when deleted.
    error: Option<String>,
}

/// The outcome of `--delete-offsets`.
#[derive(Debug, Serialize)]
struct DeleteOffsetsView {
    group: String,
    /// The group-level message Java prints before the table.
    error: Option<String>,
    topics: Vec<TopicStatus>,
}

impl Render for DeleteOffsetsView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        if let Some(error) = &self.error {
            writeln!(w, "\nError: {error}")?;
        }
        if !self.topics.is_empty() {
            let tw = self
                .topics
                .iter()
                .map(|t| t.topic.len())
                .fold(15, usize::max);
            write!(w, "\n{:<tw$} STATUS", "TOPIC")?;
            for t in &self.topics {
                let status = t
                    .error
                    .as_ref()
                    .map_or_else(|| "Successful".to_string(), |e| format!("Error: {e}"));
                write!(w, "\n{:<tw$} {status}", t.topic)?;
            }
        }
        writeln!(w)
    }
}

/// Codes Java prints the message of at the group level of `--delete-offsets`.
const GROUP_LEVEL: [i16; 4] = [24, 69, 30, 68];
/// Codes Java leaves to the topic lines (UNKNOWN_TOPIC_OR_PARTITION, TOPIC_AUTHORIZATION_FAILED).
const TOPIC_LEVEL: [i16; 2] = [3, 29];

/// `--delete-offsets`.
async fn delete_offsets(
    native: &Native,
    ctx: &mut Context,
    group: &str,
    topics: &[String],
) -> Result<()> {
    let mut unique: Vec<String> = topics.to_vec();
    unique.sort();
    unique.dedup();
    let outcome = share::delete_share_group_offsets(native, group, &unique)
        .await
        .map_err(|e| refused(e, group))?;
    // Java's all(): the group's error, else the first topic's.
    let first = outcome
        .error
        .clone()
        .or_else(|| outcome.parts.iter().find_map(|(_, e)| e.clone()));
    let error = first.as_ref().and_then(|err| {
        if GROUP_LEVEL.contains(&err.0) {
            Some(message_text(err))
        } else if TOPIC_LEVEL.contains(&err.0) {
            None
        } else {
            Some(format!(
                "Encounter some unknown error: {}",
                exception_text(err)
            ))
        }
    });
    let statuses = unique
        .into_iter()
        .map(|topic| {
            let err = outcome.error.clone().or_else(|| {
                outcome
                    .parts
                    .iter()
                    .find(|(t, _)| *t == topic)
                    .and_then(|(_, e)| e.clone())
            });
            TopicStatus {
                topic,
                error: err.map(|e| message_text(&e)),
            }
        })
        .collect();
    ctx.out.emit(&DeleteOffsetsView {
        group: group.to_string(),
        error,
        topics: statuses,
    })?;
    Ok(())
}

/// `--reset-offsets` of one share group with no members.
async fn reset_offsets(
    admin: &Admin,
    native: &Native,
    ctx: &mut Context,
    request: &ResetRequest,
) -> Result<()> {
    let Groups::Named(names) = &request.groups else {
        return Err(anyhow!("a share group reset names its group"));
    };
    let group = names.first().cloned().unwrap_or_default();
    // A group that does not exist yet is reset as an inactive one (its offsets are created).
    let known = match share::describe_share_group(native, &group)
        .await
        .map_err(|e| refused(e, &group))?
    {
        Ok(d) => {
            if d.state != "Empty" && d.state != "Dead" {
                return Err(anyhow::Error::new(NotEmpty(group)));
            }
            true
        }
        Err(err) if err.0 == 69 => false,
        Err(err) => return Err(anyhow!("{}", message_text(&err))),
    };
    let needs_offsets =
        matches!(request.scope, Scope::AllTopics) || matches!(request.target, Target::Current);
    let offsets = if known && needs_offsets {
        offsets_of(native, &group).await?
    } else {
        Vec::new()
    };
    let partitions: Vec<TopicPartition> = offsets.iter().map(|o| o.tp.clone()).collect();
    let current: BTreeMap<TopicPartition, i64> = offsets
        .iter()
        .filter_map(|o| o.start_offset.map(|s| (o.tp.clone(), s)))
        .collect();
    let file = reset::read_file_plan(request, std::slice::from_ref(&group))?;
    let plan = reset::plan_group(
        ctx,
        admin,
        request,
        &group,
        file.as_ref(),
        &Current::Known {
            partitions: &partitions,
            offsets: &current,
        },
    )?;
    if request.execute {
        let outcome = share::alter_share_group_offsets(native, &group, &plan)
            .await
            .map_err(|e| refused(e, &group))?;
        let failure = outcome
            .error
            .or_else(|| outcome.parts.into_iter().find_map(|(_, e)| e));
        if let Some(err) = failure {
            return Err(java::refusal(rd_code(err.0), None, &group)
                .unwrap_or_else(|| anyhow!("{}", message_text(&err))));
        }
    }
    let csv = (request.export && ctx.out.format() != Format::Json).then_some(false);
    reset::emit_plan(ctx, vec![(group, plan)], request.execute, csv)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> ShareGroupsArgs {
        let mut argv = vec!["kafka-share-groups", "--bootstrap-server", "h:1"];
        argv.extend_from_slice(list);
        ShareGroupsArgs::try_parse_from(argv).unwrap()
    }

    fn error(list: &[&str]) -> String {
        args(list).resolve().unwrap_err().to_string()
    }

    #[test]
    fn options_are_checked_in_javas_order_with_javas_messages() {
        assert_eq!(
            error(&["--describe"]),
            "Option [describe] takes one of these options: [all-groups], [group]"
        );
        assert_eq!(
            error(&["--describe", "--group", "g", "--members", "--state"]),
            "Option [describe] takes at most one of these options: [members], [offsets], [state]"
        );
        assert_eq!(
            error(&["--delete"]),
            "Option [delete] takes the options [group] or [all-groups]."
        );
        assert_eq!(
            error(&["--delete", "--group", "g", "--all-groups"]),
            "Option [delete] takes either [group] or [all-groups], not both."
        );
        assert_eq!(
            error(&["--delete", "--group", "g", "--topic", "t"]),
            "Option [delete] does not take the options [topic] or [all-topics]."
        );
        assert_eq!(
            error(&["--delete-offsets", "--group", "g"]),
            "Option [delete-offsets] takes the following options: [group], [topic]"
        );
        assert_eq!(
            error(&[
                "--reset-offsets",
                "--group",
                "g",
                "--topic",
                "t",
                "--to-latest"
            ]),
            "Option [reset-offsets] takes the option: [execute] or [dry-run]"
        );
        assert_eq!(
            error(&[
                "--reset-offsets",
                "--group",
                "g",
                "--to-latest",
                "--dry-run"
            ]),
            "Option [reset-offsets] takes one of these options: [all-topics], [from-file], [topic]"
        );
        assert_eq!(
            error(&["--reset-offsets", "--group", "g", "--all-topics", "--dry-run"]),
            "Option [reset-offsets] takes one of these options: [from-file], [to-current], [to-datetime], [to-earliest], [to-latest], [to-offset]"
        );
        assert_eq!(
            error(&[
                "--reset-offsets",
                "--group",
                "g",
                "--all-topics",
                "--dry-run",
                "--to-latest",
                "--to-earliest"
            ]),
            "Option \"[to-earliest]\" can't be used with option \"[to-latest]\""
        );
        assert_eq!(
            error(&["--members"]),
            "Option(s) [members] are unavailable given other options on the command line"
        );
        assert_eq!(
            error(&["--list", "--describe", "--all-groups"]),
            "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets."
        );
        assert_eq!(
            error(&["--list", "--group", "g"]),
            "Option \"[group]\" can't be used with option \"[list]\""
        );
    }

    #[test]
    fn states_are_read_case_insensitively() {
        assert_eq!(
            parse_states("stable, EMPTY").unwrap(),
            vec!["Stable", "Empty"]
        );
        assert_eq!(
            parse_states("Bogus").unwrap_err().to_string(),
            "Invalid state list 'Bogus'. Valid states are: Dead, Empty, Stable"
        );
    }

    #[test]
    fn offsets_render_with_javas_widths() {
        let view = OffsetsView {
            groups: vec![OffsetsBlock {
                group: "g".into(),
                partitions: vec![OffsetRow {
                    topic: "t".into(),
                    partition: 0,
                    leader_epoch: Some(0),
                    start_offset: Some(10),
                    lag: None,
                }],
            }],
            verbose: true,
        };
        let mut buf = Vec::new();
        view.text(&mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\nGROUP           TOPIC           PARTITION  LEADER-EPOCH  START-OFFSET  LAG\ng               t               0          0             10            -\n"
        );
    }
}
