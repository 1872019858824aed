//! `--list` and the three `--describe` views (offsets, members, state), laid out as Java's
//! ConsumerGroupCommand lays them out (reference kafka-tools.md §5.2–§5.5).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use super::{group_ids, is_rebalancing, java, Groups, View};
use crate::client::admin::groups::{
    GroupDescription, GroupState, GroupType, MemberDescription, Node,
};
use crate::client::admin::offsets::{IsolationLevel, OffsetSpec};
use crate::client::admin::partitions::TopicPartition;
use crate::client::Admin;
use crate::output::java::{hash_order, JavaMap};
use crate::output::{table_with_header, Format, Render};
use crate::tools::Context;

/// Java's placeholder for a missing value.
const MISSING: &str = "-";

/// How `--describe` was asked for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Options {
    pub(super) view: View,
    pub(super) verbose: bool,
    pub(super) lag_time: bool,
}

/// One row of `--list --state/--type`.
#[derive(Debug, Serialize)]
struct ListRow {
    group: String,
    #[serde(rename = "type")]
    group_type: &'static str,
    state: &'static str,
}

/// The `--list` result.
#[derive(Debug, Serialize)]
struct GroupListView {
    groups: Vec<ListRow>,
    #[serde(skip)]
    show_type: bool,
    #[serde(skip)]
    show_state: bool,
}

impl Render for GroupListView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        if !self.show_type && !self.show_state {
            for row in &self.groups {
                writeln!(w, "{}", row.group)?;
            }
            return Ok(());
        }
        let width = self
            .groups
            .iter()
            .map(|r| r.group.len().max(15))
            .max()
            .unwrap_or(15)
            + 10;
        let line = |w: &mut dyn Write, g: &str, t: &str, s: &str| -> io::Result<()> {
            write!(w, "{g:<width$}")?;
            if self.show_type {
                write!(w, " {t:<20}")?;
            }
            if self.show_state {
                write!(w, " {s:<20}")?;
            }
            writeln!(w)
        };
        line(w, "GROUP", "TYPE", "STATE")?;
        for row in &self.groups {
            line(w, &row.group, row.group_type, row.state)?;
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(["GROUP", "TYPE", "STATE"]);
        for row in &self.groups {
            table.add_row([row.group.as_str(), row.group_type, row.state]);
        }
        Some(table)
    }
}

/// `--list`, with optional state and type filters (`Some(empty)` shows the column unfiltered).
pub(super) async fn list(
    admin: &Admin,
    ctx: &mut Context,
    states: Option<Vec<String>>,
    types: Option<Vec<GroupType>>,
) -> Result<()> {
    // Like Java's ListGroupsOptions.forConsumerGroups(): classic and consumer groups only.
    let type_filter = match &types {
        Some(t) if !t.is_empty() => t.clone(),
        _ => vec![GroupType::Classic, GroupType::Consumer],
    };
    let listing = admin.list_consumer_groups(&[], &type_filter)?;
    if let Some((code, text)) = listing.errors.first() {
        return Err(java::exception(*code, text));
    }
    let mut listing = listing;
    // librdkafka lists the KIP-848 states Assigning and Reconciling as Unknown: when states
    // are shown or filtered, ConsumerGroupDescribe (native path) names them as Java does.
    if states.is_some() {
        let unknown: Vec<String> = listing
            .groups
            .iter()
            .filter(|g| g.state == GroupState::Unknown && g.group_type == GroupType::Consumer)
            .map(|g| g.group_id.clone())
            .collect();
        if !unknown.is_empty() {
            let described = admin.describe_groups_with_epochs(&unknown).await?;
            for g in &mut listing.groups {
                if let Some(d) = described
                    .iter()
                    .find(|d| d.group_id == g.group_id && d.error.is_none())
                {
                    g.state = d.state;
                }
            }
        }
    }
    let wanted: Vec<String> = states.clone().unwrap_or_default();
    // Java's admin client collects the listings of every broker into a HashMap keyed by group
    // id (KafkaAdminClient ListGroupsResults) and prints its values(): hash order.
    let groups = hash_order(listing.groups, JavaMap::Default, |g| g.group_id.as_str())
        .into_iter()
        .filter(|g| wanted.is_empty() || wanted.iter().any(|s| s == g.state.name()))
        .map(|g| ListRow {
            group: g.group_id,
            group_type: g.group_type.name(),
            state: g.state.name(),
        })
        .collect();
    ctx.out.emit(&GroupListView {
        groups,
        show_type: types.is_some(),
        show_state: states.is_some(),
    })?;
    Ok(())
}

/// Describes the groups in the chosen view.
pub(super) async fn describe(
    admin: &Admin,
    ctx: &mut Context,
    groups: &Groups,
    options: Options,
) -> Result<()> {
    let ids = group_ids(admin, groups)?;
    // Consumer-protocol groups through ConsumerGroupDescribe (states, epochs, member types).
    let descriptions = admin.describe_groups_with_epochs(&ids).await?;
    // Java fails the whole command on the first group that cannot be described.
    if let Some(d) = descriptions.iter().find(|d| d.error.is_some()) {
        if let Some((code, text)) = &d.error {
            return Err(java::group_exception(*code, text, &d.group_id));
        }
    }
    // librdkafka describes a missing classic group as Dead; Kafka 4.x brokers (and so Java)
    // report it as not found, which fails the whole command.
    if let Some(dead) = descriptions.iter().find(|d| d.state == GroupState::Dead) {
        return Err(java::exception(
            rdkafka::types::RDKafkaErrorCode::GroupIdNotFound,
            &format!("Group {} not found.", dead.group_id),
        ));
    }
    // Java collects into a TreeMap: ascending ids, duplicates once.
    let sorted: BTreeMap<String, GroupDescription> = descriptions
        .into_iter()
        .map(|d| (d.group_id.clone(), d))
        .collect();
    match options.view {
        View::Offsets => offsets_view(admin, ctx, sorted, options),
        View::Members => members_view(ctx, &sorted, options.verbose),
        View::State => state_view(ctx, &sorted, options.verbose),
    }
}

/// Prints Java's state messages for a group; returns whether its rows are printed.
fn state_check(ctx: &mut Context, group: &str, state: GroupState, rows: usize) -> Result<bool> {
    match state {
        GroupState::Dead => {
            if ctx.out.format() == Format::Text {
                ctx.out.line("")?;
                ctx.out
                    .line(&format!("Error: Consumer group '{group}' does not exist."))?;
            }
            return Ok(false);
        }
        GroupState::Empty => {
            ctx.out.stderr_line(&format!(
                "\nConsumer group '{group}' has no active members."
            ));
        }
        s if is_rebalancing(s) => {
            ctx.out.stderr_line(&format!(
                "\nWarning: Consumer group '{group}' is rebalancing."
            ));
        }
        _ => {}
    }
    Ok(rows > 0)
}

/// One row of the offsets view.
#[derive(Debug, Clone, Serialize)]
struct OffsetRow {
    group: String,
    topic: Option<String>,
    partition: Option<i32>,
    leader_epoch: Option<i32>,
    current_offset: Option<i64>,
    log_end_offset: Option<i64>,
    lag: Option<i64>,
    /// With `--lag-time` (else left out): `Some(None)` when unknown, `null` in JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    lag_ms: Option<Option<i64>>,
    /// The member's ids and host; `None` for a partition no member has.
    consumer_id: Option<String>,
    host: Option<String>,
    client_id: Option<String>,
}

/// The offsets view of one group.
#[derive(Debug, Serialize)]
struct OffsetsBlock {
    group: String,
    state: &'static str,
    partitions: Vec<OffsetRow>,
    /// With `--lag-time`: the total lag and the oldest lag time of the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<Total>,
    #[serde(skip)]
    verbose: bool,
    #[serde(skip)]
    lag_time: bool,
}

/// The `--lag-time` total row of a group.
#[derive(Debug, Clone, Serialize)]
struct Total {
    lag: i64,
    /// The oldest lag time; `None` when a partition with lag has an unknown lag time.
    max_lag_ms: Option<i64>,
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| MISSING.to_string(), |v| v.to_string())
}

impl OffsetsBlock {
    fn cells(&self, row: &OffsetRow) -> Vec<String> {
        let mut cells = vec![
            row.group.clone(),
            row.topic.clone().unwrap_or_else(|| MISSING.into()),
            opt(row.partition),
        ];
        if self.verbose {
            cells.push(opt(row.leader_epoch));
        }
        cells.push(opt(row.current_offset));
        cells.push(opt(row.log_end_offset));
        cells.push(opt(row.lag));
        if self.lag_time {
            cells.push(opt(row.lag_ms.flatten()));
        }
        cells.push(row.consumer_id.clone().unwrap_or_else(|| MISSING.into()));
        cells.push(row.host.clone().unwrap_or_else(|| MISSING.into()));
        cells.push(row.client_id.clone().unwrap_or_else(|| MISSING.into()));
        cells
    }

    fn header(&self) -> Vec<String> {
        let mut h = vec!["GROUP", "TOPIC", "PARTITION"];
        if self.verbose {
            h.push("LEADER-EPOCH");
        }
        h.extend(["CURRENT-OFFSET", "LOG-END-OFFSET", "LAG"]);
        if self.lag_time {
            h.push("LAG-TIME-MS");
        }
        h.extend(["CONSUMER-ID", "HOST", "CLIENT-ID"]);
        h.into_iter().map(String::from).collect()
    }

    fn total_cells(&self) -> Option<Vec<String>> {
        let total = self.total.as_ref()?;
        let row = OffsetRow {
            group: self.group.clone(),
            topic: Some("TOTAL".into()),
            partition: None,
            leader_epoch: None,
            current_offset: None,
            log_end_offset: None,
            lag: Some(total.lag),
            lag_ms: Some(total.max_lag_ms),
            consumer_id: None,
            host: None,
            client_id: None,
        };
        Some(self.cells(&row))
    }
}

impl Render for OffsetsBlock {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let mut rows: Vec<Vec<String>> = self.partitions.iter().map(|r| self.cells(r)).collect();
        rows.extend(self.total_cells());
        // Widths as Java: GROUP, TOPIC, CONSUMER-ID and HOST grow from 15; the rest are fixed.
        let grow = |col: usize| rows.iter().map(|r| r[col].len()).fold(15, usize::max);
        let offset = usize::from(self.verbose) + usize::from(self.lag_time);
        let widths: Vec<Option<usize>> = {
            let mut v = vec![Some(grow(0)), Some(grow(1)), Some(10)];
            if self.verbose {
                v.push(Some(15));
            }
            v.extend([Some(15), Some(15), Some(15)]);
            if self.lag_time {
                v.push(Some(15));
            }
            v.push(Some(grow(6 + offset)));
            v.push(Some(grow(7 + offset)));
            v.push(None);
            v
        };
        let line = |w: &mut dyn Write, cells: &[String]| -> io::Result<()> {
            w.write_all(b"\n")?;
            for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
                if i > 0 {
                    w.write_all(b" ")?;
                }
                match width {
                    Some(width) => write!(w, "{cell:<width$}")?,
                    None => w.write_all(cell.as_bytes())?,
                }
            }
            Ok(())
        };
        line(w, &self.header())?;
        for row in &rows {
            line(w, row)?;
        }
        writeln!(w)
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(self.header());
        for row in &self.partitions {
            table.add_row(self.cells(row));
        }
        if let Some(total) = self.total_cells() {
            table.add_row(total);
        }
        Some(table)
    }
}

/// Several groups' blocks as one JSON document.
#[derive(Debug, Serialize)]
struct Blocks<T: Serialize> {
    groups: Vec<T>,
}

impl<T: Serialize + Render> Render for Blocks<T> {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for block in &self.groups {
            block.text(w)?;
        }
        Ok(())
    }
}

fn offsets_view(
    admin: &Admin,
    ctx: &mut Context,
    groups: BTreeMap<String, GroupDescription>,
    options: Options,
) -> Result<()> {
    // Committed offsets, one request per group (librdkafka takes one group per call).
    let mut committed: HashMap<String, BTreeMap<TopicPartition, (i64, Option<i32>)>> =
        HashMap::new();
    for id in groups.keys() {
        let offsets = admin.list_consumer_group_offsets(id, None, false)?;
        if let Some((code, text)) = offsets.error {
            return Err(java::group_exception(code, &text, id));
        }
        let map = offsets
            .partitions
            .into_iter()
            .filter(|p| p.error.is_none())
            .filter_map(|p| p.valid_offset().map(|o| (p.tp, (o, p.leader_epoch))))
            .collect();
        committed.insert(id.clone(), map);
    }
    // Log-end offsets of every partition involved, in one request; partitions without a leader
    // (or of deleted topics) keep LOG-END-OFFSET `-` as in Java.
    let mut involved: BTreeSet<TopicPartition> = BTreeSet::new();
    for (id, desc) in &groups {
        for m in &desc.members {
            involved.extend(m.assignment.iter().cloned());
        }
        involved.extend(
            committed
                .get(id)
                .into_iter()
                .flat_map(|c| c.keys().cloned()),
        );
    }
    let log_end = log_end_offsets(admin, &involved)?;
    let mut blocks = Vec::new();
    for (id, desc) in &groups {
        let empty = BTreeMap::new();
        let offsets = committed.get(id).unwrap_or(&empty);
        let rows = offset_rows(desc, offsets, &log_end);
        blocks.push(OffsetsBlock {
            group: id.clone(),
            state: desc.state.name(),
            partitions: rows,
            total: None,
            verbose: options.verbose,
            lag_time: options.lag_time,
        });
    }
    if options.lag_time {
        add_lag_times(admin, &mut blocks)?;
    }
    if ctx.out.format() == Format::Json {
        for (block, desc) in blocks.iter().zip(groups.values()) {
            state_check(ctx, &block.group, desc.state, block.partitions.len())?;
        }
        ctx.out.emit(&Blocks { groups: blocks })?;
        return Ok(());
    }
    for (block, desc) in blocks.iter().zip(groups.values()) {
        if state_check(ctx, &block.group, desc.state, block.partitions.len())? {
            ctx.out.emit(block)?;
        }
    }
    Ok(())
}

/// Looks up the log-end offsets (high watermarks) of the partitions that have a leader.
fn log_end_offsets(
    admin: &Admin,
    partitions: &BTreeSet<TopicPartition>,
) -> Result<HashMap<TopicPartition, i64>> {
    if partitions.is_empty() {
        return Ok(HashMap::new());
    }
    let metadata = admin.metadata()?;
    let led: BTreeSet<TopicPartition> = metadata
        .topics
        .iter()
        .flat_map(|t| {
            t.partitions
                .iter()
                .filter(|p| p.leader >= 0)
                .map(|p| TopicPartition::new(t.name.clone(), p.id))
        })
        .collect();
    let requests: Vec<(TopicPartition, OffsetSpec)> = partitions
        .iter()
        .filter(|tp| led.contains(tp))
        .map(|tp| (tp.clone(), OffsetSpec::Latest))
        .collect();
    Ok(admin
        .list_offsets(&requests, IsolationLevel::ReadUncommitted)?
        .into_iter()
        .filter(|o| o.error.is_none() && o.offset >= 0)
        .map(|o| (o.tp, o.offset))
        .collect())
}

/// Java's rows: members with partitions (most partitions first), each member's partitions by
/// (topic, partition); then the committed partitions no member has.
fn offset_rows(
    desc: &GroupDescription,
    committed: &BTreeMap<TopicPartition, (i64, Option<i32>)>,
    log_end: &HashMap<TopicPartition, i64>,
) -> Vec<OffsetRow> {
    let row = |tp: &TopicPartition, member: Option<&MemberDescription>| {
        let current = committed.get(tp).map(|c| c.0);
        let end = log_end.get(tp).copied();
        OffsetRow {
            group: desc.group_id.clone(),
            topic: Some(tp.topic.clone()),
            partition: Some(tp.partition),
            leader_epoch: committed.get(tp).and_then(|c| c.1),
            current_offset: current,
            log_end_offset: end,
            lag: match (current, end) {
                (Some(c), Some(e)) if c != -1 => Some(e - c),
                _ => None,
            },
            lag_ms: None,
            consumer_id: member.map(|m| m.consumer_id.clone()),
            host: member.map(|m| m.host.clone()),
            client_id: member.map(|m| m.client_id.clone()),
        }
    };
    let mut members: Vec<&MemberDescription> = desc
        .members
        .iter()
        .filter(|m| !m.assignment.is_empty())
        .collect();
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let mut rows = Vec::new();
    let mut assigned: BTreeSet<&TopicPartition> = BTreeSet::new();
    for member in members {
        let mut partitions: Vec<&TopicPartition> = member.assignment.iter().collect();
        partitions.sort();
        for tp in partitions {
            assigned.insert(tp);
            rows.push(row(tp, Some(member)));
        }
    }
    for tp in committed.keys() {
        if !assigned.contains(tp) {
            rows.push(row(tp, None));
        }
    }
    rows
}

/// Fills LAG-TIME (now − timestamp of the record at the committed offset) and the totals.
fn add_lag_times(admin: &Admin, blocks: &mut [OffsetsBlock]) -> Result<()> {
    let wanted: BTreeSet<(TopicPartition, i64)> = blocks
        .iter()
        .flat_map(|b| b.partitions.iter())
        .filter_map(|r| match (r.current_offset, r.lag) {
            (Some(c), Some(lag)) if lag > 0 => Some((
                TopicPartition::new(
                    r.topic.clone().unwrap_or_default(),
                    r.partition.unwrap_or(0),
                ),
                c,
            )),
            _ => None,
        })
        .collect();
    let wanted: Vec<(TopicPartition, i64)> = wanted.into_iter().collect();
    let timestamps = admin.record_timestamps(&wanted)?;
    let now = super::time::now_ms();
    for block in blocks.iter_mut() {
        let mut total = Total {
            lag: 0,
            max_lag_ms: Some(0),
        };
        for row in &mut block.partitions {
            // No lag, no lag time; a partition without a lag (no committed or log-end offset)
            // has none either.
            let lag_ms = match (row.current_offset, row.lag) {
                (Some(_), Some(lag)) if lag <= 0 => Some(0),
                (Some(c), Some(_)) => {
                    let tp = TopicPartition::new(
                        row.topic.clone().unwrap_or_default(),
                        row.partition.unwrap_or(0),
                    );
                    timestamps.get(&(tp, c)).map(|ts| (now - ts).max(0))
                }
                _ => None,
            };
            row.lag_ms = Some(lag_ms);
            total.lag += row.lag.unwrap_or(0);
            // The oldest is unknown as soon as one lagging partition's lag time is.
            total.max_lag_ms = match (total.max_lag_ms, lag_ms, row.lag) {
                (Some(max), Some(ms), _) => Some(max.max(ms)),
                (max, None, None) => max,
                _ => None,
            };
        }
        block.total = Some(total);
    }
    Ok(())
}

/// One row of the members view.
#[derive(Debug, Serialize)]
struct MemberRow {
    group: String,
    consumer_id: String,
    group_instance_id: Option<String>,
    host: String,
    client_id: String,
    partitions: usize,
    current_epoch: Option<i32>,
    assignment: Vec<TopicPartition>,
    target_epoch: Option<i32>,
    /// Consumer-protocol groups only.
    target_assignment: Option<Vec<TopicPartition>>,
    /// Whether the member speaks the consumer protocol (`false`: a classic member of a
    /// consumer-protocol group); `null` for classic groups.
    upgraded: Option<bool>,
}

impl MemberRow {
    fn instance_id(&self) -> &str {
        self.group_instance_id.as_deref().unwrap_or_default()
    }

    fn assignment_text(&self) -> String {
        assignment_string(&self.assignment)
    }

    fn target_assignment_text(&self) -> String {
        assignment_string(self.target_assignment.as_deref().unwrap_or_default())
    }
}

/// The members view of one group.
#[derive(Debug, Serialize)]
struct MembersBlock {
    group: String,
    state: &'static str,
    members: Vec<MemberRow>,
    #[serde(skip)]
    verbose: bool,
    /// Whether widths follow the rows (Java computes them only when the state check passes).
    #[serde(skip)]
    sized: bool,
}

impl MembersBlock {
    /// Java shows UPGRADED (with `--verbose`) only for a group whose members speak both
    /// protocols: some upgraded to the consumer protocol, some still classic.
    fn show_upgraded(&self) -> bool {
        self.verbose
            && self.sized
            && self.members.iter().any(|m| m.upgraded == Some(true))
            && self.members.iter().any(|m| m.upgraded == Some(false))
    }
}

/// Java's assignment string: `t1:0,1;t2:3`, topics sorted, `-` when empty.
pub(crate) fn assignment_string(assignment: &[TopicPartition]) -> String {
    if assignment.is_empty() {
        return MISSING.into();
    }
    let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for tp in assignment {
        by_topic.entry(&tp.topic).or_default().push(tp.partition);
    }
    let mut parts: Vec<String> = by_topic
        .into_iter()
        .map(|(topic, mut ps)| {
            ps.sort_unstable();
            let ps: Vec<String> = ps.iter().map(i32::to_string).collect();
            format!("{topic}:{}", ps.join(","))
        })
        .collect();
    parts.sort();
    parts.join(";")
}

impl Render for MembersBlock {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let width = |min: usize, f: &dyn Fn(&MemberRow) -> usize| {
            if self.sized {
                self.members.iter().map(f).fold(min, usize::max)
            } else {
                min
            }
        };
        let g = width(15, &|m| m.group.len());
        let c = width(15, &|m| m.consumer_id.len());
        let i = width(17, &|m| m.instance_id().len());
        let h = width(15, &|m| m.host.len());
        let l = width(15, &|m| m.client_id.len());
        let a = width(20, &|m| m.assignment_text().len());
        let b = width(20, &|m| m.target_assignment_text().len());
        let with_instance = self.sized && self.members.iter().any(|m| !m.instance_id().is_empty());
        let base = |w: &mut dyn Write, cells: [&str; 6]| -> io::Result<()> {
            write!(w, "{:<g$} {:<c$} ", cells[0], cells[1])?;
            if with_instance {
                write!(w, "{:<i$} ", cells[2])?;
            }
            write!(w, "{:<h$} {:<l$} {:<15} ", cells[3], cells[4], cells[5])
        };
        let upgraded = self.show_upgraded();
        let extra = |w: &mut dyn Write, cells: [&str; 5]| -> io::Result<()> {
            if self.verbose {
                write!(
                    w,
                    "{:<15} {:<a$} {:<15} {:<b$}",
                    cells[0], cells[1], cells[2], cells[3]
                )?;
                if upgraded {
                    write!(w, " {}", cells[4])?;
                }
            }
            Ok(())
        };
        w.write_all(b"\n")?;
        base(
            w,
            [
                "GROUP",
                "CONSUMER-ID",
                "GROUP-INSTANCE-ID",
                "HOST",
                "CLIENT-ID",
                "#PARTITIONS",
            ],
        )?;
        extra(
            w,
            [
                "CURRENT-EPOCH",
                "CURRENT-ASSIGNMENT",
                "TARGET-EPOCH",
                "TARGET-ASSIGNMENT",
                "UPGRADED",
            ],
        )?;
        writeln!(w)?;
        for m in &self.members {
            let n = m.partitions.to_string();
            base(
                w,
                [
                    &m.group,
                    &m.consumer_id,
                    m.instance_id(),
                    &m.host,
                    &m.client_id,
                    &n,
                ],
            )?;
            extra(
                w,
                [
                    &opt(m.current_epoch),
                    &m.assignment_text(),
                    &opt(m.target_epoch),
                    &m.target_assignment_text(),
                    &opt(m.upgraded),
                ],
            )?;
            writeln!(w)?;
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut header = vec![
            "GROUP",
            "CONSUMER-ID",
            "GROUP-INSTANCE-ID",
            "HOST",
            "CLIENT-ID",
            "#PARTITIONS",
        ];
        if self.verbose {
            header.extend([
                "CURRENT-EPOCH",
                "CURRENT-ASSIGNMENT",
                "TARGET-EPOCH",
                "TARGET-ASSIGNMENT",
            ]);
            if self.show_upgraded() {
                header.push("UPGRADED");
            }
        }
        let mut table = table_with_header(header);
        for m in &self.members {
            let mut row = vec![
                m.group.clone(),
                m.consumer_id.clone(),
                m.instance_id().to_string(),
                m.host.clone(),
                m.client_id.clone(),
                m.partitions.to_string(),
            ];
            if self.verbose {
                row.extend([
                    opt(m.current_epoch),
                    m.assignment_text(),
                    opt(m.target_epoch),
                    m.target_assignment_text(),
                ]);
                if self.show_upgraded() {
                    row.push(opt(m.upgraded));
                }
            }
            table.add_row(row);
        }
        Some(table)
    }
}

fn members_view(
    ctx: &mut Context,
    groups: &BTreeMap<String, GroupDescription>,
    verbose: bool,
) -> Result<()> {
    let mut blocks = Vec::new();
    for (id, desc) in groups {
        let sized = state_check(ctx, id, desc.state, desc.members.len())?;
        let members = desc
            .members
            .iter()
            .map(|m| MemberRow {
                group: id.clone(),
                consumer_id: m.consumer_id.clone(),
                group_instance_id: m.group_instance_id.clone().filter(|i| !i.is_empty()),
                host: m.host.clone(),
                client_id: m.client_id.clone(),
                partitions: m.assignment.len(),
                // Consumer-protocol groups only (ConsumerGroupDescribe), as Java.
                current_epoch: m.member_epoch,
                assignment: m.assignment.clone(),
                target_epoch: desc.target_assignment_epoch,
                target_assignment: m.target_assignment.clone(),
                upgraded: m.upgraded,
            })
            .collect();
        let block = MembersBlock {
            group: id.clone(),
            state: desc.state.name(),
            members,
            verbose,
            sized,
        };
        if ctx.out.format() == Format::Json {
            blocks.push(block);
        } else {
            ctx.out.emit(&block)?;
        }
    }
    if ctx.out.format() == Format::Json {
        ctx.out.emit(&Blocks { groups: blocks })?;
    }
    Ok(())
}

/// The state view of one group.
#[derive(Debug, Serialize)]
struct StateBlock {
    group: String,
    coordinator: Option<Node>,
    assignment_strategy: Option<String>,
    state: &'static str,
    members: usize,
    /// Consumer-protocol groups only (`-` with `--verbose`, `null` in JSON, for classic ones).
    group_epoch: Option<i32>,
    target_assignment_epoch: Option<i32>,
    #[serde(skip)]
    verbose: bool,
}

impl StateBlock {
    /// Java's `host:port  (id)`.
    fn coordinator_text(&self) -> String {
        self.coordinator.as_ref().map_or_else(
            || MISSING.to_string(),
            |c| format!("{}:{}  ({})", c.host, c.port, c.id),
        )
    }

    fn strategy_text(&self) -> &str {
        self.assignment_strategy.as_deref().unwrap_or(MISSING)
    }
}

impl Render for StateBlock {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let coordinator = self.coordinator_text();
        let k = coordinator.len().max(25);
        let g = self.group.len().max(15);
        let line = |w: &mut dyn Write, cells: [&str; 7]| -> io::Result<()> {
            write!(
                w,
                "\n{:<g$} {:<k$} {:<20} {:<20} ",
                cells[0], cells[1], cells[2], cells[3]
            )?;
            if self.verbose {
                write!(w, "{:<15} {:<25} ", cells[4], cells[5])?;
            }
            w.write_all(cells[6].as_bytes())
        };
        line(
            w,
            [
                "GROUP",
                "COORDINATOR (ID)",
                "ASSIGNMENT-STRATEGY",
                "STATE",
                "GROUP-EPOCH",
                "TARGET-ASSIGNMENT-EPOCH",
                "#MEMBERS",
            ],
        )?;
        let members = self.members.to_string();
        line(
            w,
            [
                &self.group,
                &coordinator,
                self.strategy_text(),
                self.state,
                &opt(self.group_epoch),
                &opt(self.target_assignment_epoch),
                &members,
            ],
        )?;
        writeln!(w)
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut header = vec!["GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE"];
        let mut row = vec![
            self.group.clone(),
            self.coordinator_text(),
            self.strategy_text().to_string(),
            self.state.to_string(),
        ];
        if self.verbose {
            header.extend(["GROUP-EPOCH", "TARGET-ASSIGNMENT-EPOCH"]);
            row.extend([opt(self.group_epoch), opt(self.target_assignment_epoch)]);
        }
        header.push("#MEMBERS");
        row.push(self.members.to_string());
        let mut table = table_with_header(header);
        table.add_row(row);
        Some(table)
    }
}

fn state_view(
    ctx: &mut Context,
    groups: &BTreeMap<String, GroupDescription>,
    verbose: bool,
) -> Result<()> {
    let mut blocks = Vec::new();
    for (id, desc) in groups {
        if !state_check(ctx, id, desc.state, 1)? {
            continue;
        }
        let block = StateBlock {
            group: id.clone(),
            coordinator: desc.coordinator.clone(),
            assignment_strategy: Some(desc.assignor.clone()).filter(|a| !a.is_empty()),
            state: desc.state.name(),
            members: desc.members.len(),
            group_epoch: desc.group_epoch,
            target_assignment_epoch: desc.target_assignment_epoch,
            verbose,
        };
        if ctx.out.format() == Format::Json {
            blocks.push(block);
        } else {
            ctx.out.emit(&block)?;
        }
    }
    if ctx.out.format() == Format::Json {
        ctx.out.emit(&Blocks { groups: blocks })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, epoch: Option<i32>, upgraded: Option<bool>) -> MemberRow {
        let tp = vec![TopicPartition::new("t", 0)];
        MemberRow {
            group: "g".into(),
            consumer_id: id.into(),
            group_instance_id: None,
            host: "/127.0.0.1".into(),
            client_id: "c".into(),
            partitions: 1,
            current_epoch: epoch,
            assignment: tp.clone(),
            target_epoch: epoch,
            target_assignment: Some(tp),
            upgraded,
        }
    }

    fn text(block: &MembersBlock) -> String {
        let mut out = Vec::new();
        block.text(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn upgraded_shows_only_for_a_group_of_both_protocols() {
        let mut block = MembersBlock {
            group: "g".into(),
            state: "Stable",
            members: vec![
                member("a", Some(3), Some(true)),
                member("b", Some(3), Some(false)),
            ],
            verbose: true,
            sized: true,
        };
        // Java: "%-15s %-Ns %-15s %-Ns %s", the flag unpadded at the end.
        assert_eq!(
            text(&block).lines().nth(2).unwrap(),
            "g               a               /127.0.0.1      c               1               \
             3               t:0                  3               t:0                  true"
        );
        assert!(text(&block).lines().nth(1).unwrap().ends_with(" UPGRADED"));
        block.members[1].upgraded = Some(true);
        assert!(!text(&block).contains("UPGRADED"));
        assert!(text(&block)
            .lines()
            .nth(2)
            .unwrap()
            .ends_with("t:0                 "));
        // Classic groups: no epochs, no flag.
        block.members = vec![member("a", None, None)];
        let line = text(&block);
        assert!(
            line.lines()
                .nth(2)
                .unwrap()
                .contains(" -               t:0 "),
            "{line}"
        );
        block.verbose = false;
        assert!(!text(&block).contains("UPGRADED"));
    }
}
