//! `--reset-offsets`: the plan per group (scope × target, clamped into the log as Java does),
//! printed as Java's table or exported as CSV, and committed with `--execute`
//! (reference kafka-tools.md §5.8).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use anyhow::{anyhow, Context as _, Result};
use rdkafka::types::RDKafkaErrorCode;
use serde::Serialize;

use super::{group_ids, java, time, Groups, Scope, Target};
use crate::client::admin::groups::GroupState;
use crate::client::admin::offsets::{IsolationLevel, OffsetSpec};
use crate::client::admin::partitions::TopicPartition;
use crate::client::Admin;
use crate::error::usage;
use crate::output::java::{hash_order, hash_order_by, topic_partition_hash, JavaMap};
use crate::output::{table_with_header, Format, Render};
use crate::tools::Context;

/// A validated `--reset-offsets` request.
#[derive(Debug)]
pub(crate) struct ResetRequest {
    pub(crate) groups: Groups,
    /// Exactly one `--group` (decides the CSV formats, as in Java).
    pub(crate) single_group: bool,
    pub(crate) scope: Scope,
    pub(crate) target: Target,
    pub(crate) execute: bool,
    pub(crate) export: bool,
}

/// A reset plan: new offsets per group.
pub(crate) type Plan = Vec<(String, Vec<(TopicPartition, i64)>)>;

/// A `--from-file` plan: the offsets of each group named in the file.
pub(crate) type FilePlan = BTreeMap<String, Vec<(TopicPartition, i64)>>;

/// Where the group's current offsets come from.
pub(crate) enum Current<'a> {
    /// A consumer group's committed offsets, looked up when a target needs them.
    Committed,
    /// Offsets already known (a share group's start offsets): the partitions the group has
    /// state for (`--all-topics`), and the offsets of those that have one.
    Known {
        partitions: &'a [TopicPartition],
        offsets: &'a BTreeMap<TopicPartition, i64>,
    },
}

impl Current<'_> {
    fn partitions(&self, admin: &Admin, group: &str) -> Result<Vec<TopicPartition>> {
        match self {
            Current::Committed => Ok(committed(admin, group)?.into_keys().collect()),
            Current::Known { partitions, .. } => Ok(partitions.to_vec()),
        }
    }

    fn offsets(&self, admin: &Admin, group: &str) -> Result<BTreeMap<TopicPartition, i64>> {
        match self {
            Current::Committed => committed(admin, group),
            Current::Known { offsets, .. } => Ok((*offsets).clone()),
        }
    }
}

/// One partition of the result.
#[derive(Debug, Serialize)]
struct PlanRow {
    topic: String,
    partition: i32,
    offset: i64,
}

/// One group of the result.
#[derive(Debug, Serialize)]
struct PlanGroup {
    group: String,
    partitions: Vec<PlanRow>,
}

/// The whole result, as Java's table (or CSV with `--export`).
#[derive(Debug, Serialize)]
struct ResetView {
    groups: Vec<PlanGroup>,
    executed: bool,
    #[serde(skip)]
    csv: Option<bool>,
    /// kafka-streams-groups' table: fixed widths (`%-30s %-30s %-10s %-15s`).
    #[serde(skip)]
    fixed: bool,
}

impl Render for ResetView {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        if let Some(with_group) = self.csv {
            for g in &self.groups {
                for p in &g.partitions {
                    let mut fields = Vec::new();
                    if with_group {
                        fields.push(csv_field(&g.group));
                    }
                    fields.push(csv_field(&p.topic));
                    fields.push(p.partition.to_string());
                    fields.push(p.offset.to_string());
                    writeln!(w, "{}", fields.join(","))?;
                }
            }
            // Java println()s the exported text: one more newline.
            return writeln!(w);
        }
        let (gw, tw, ow) = if self.fixed {
            (30, 30, 15)
        } else {
            let gw = self
                .groups
                .iter()
                .map(|g| g.group.len())
                .fold(15, usize::max);
            let tw = self
                .groups
                .iter()
                .flat_map(|g| g.partitions.iter().map(|p| p.topic.len()))
                .fold(15, usize::max);
            (gw, tw, 0)
        };
        if !self.groups.is_empty() {
            write!(
                w,
                "\n{:<gw$} {:<tw$} {:<10} {:<ow$}",
                "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"
            )?;
        }
        for g in &self.groups {
            for p in &g.partitions {
                write!(
                    w,
                    "\n{:<gw$} {:<tw$} {:<10} {:<ow$}",
                    g.group, p.topic, p.partition, p.offset
                )?;
            }
        }
        writeln!(w)
    }

    fn table(&self) -> Option<comfy_table::Table> {
        if self.csv.is_some() {
            return None;
        }
        let mut table = table_with_header(["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"]);
        for g in &self.groups {
            for p in &g.partitions {
                table.add_row([
                    g.group.clone(),
                    p.topic.clone(),
                    p.partition.to_string(),
                    p.offset.to_string(),
                ]);
            }
        }
        Some(table)
    }
}

/// Quotes a CSV field when it needs it (Jackson's rules: separator, quote or line break).
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// Splits one CSV line into fields (double quotes, `""` escapes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// Parses a `--from-file` plan as Java does: `topic,partition,offset` lines for the one
/// `--group` when the first line has that shape, else `group,topic,partition,offset` lines.
pub(crate) fn parse_plan(
    text: &str,
    single_group: Option<&str>,
) -> Result<BTreeMap<String, Vec<(TopicPartition, i64)>>> {
    // Java's String.split("\n") drops trailing empty lines.
    let lines: Vec<&str> = text.trim_end_matches('\n').split('\n').collect();
    let three = |line: &str| -> Option<(TopicPartition, i64)> {
        match csv_fields(line).as_slice() {
            [topic, partition, offset] => Some((
                TopicPartition::new(topic.clone(), partition.trim().parse().ok()?),
                offset.trim().parse().ok()?,
            )),
            _ => None,
        }
    };
    let mut plan: BTreeMap<String, Vec<(TopicPartition, i64)>> = BTreeMap::new();
    match single_group {
        Some(group) if lines.first().and_then(|l| three(l)).is_some() => {
            for line in &lines {
                let entry = three(line).ok_or_else(|| {
                    anyhow!(
                        "cannot read the reset plan line {line:?}: expected topic,partition,offset"
                    )
                })?;
                plan.entry(group.to_string()).or_default().push(entry);
            }
        }
        _ => {
            for line in &lines {
                let fields = csv_fields(line);
                let [group, topic, partition, offset] = fields.as_slice() else {
                    return Err(anyhow!(
                        "cannot read the reset plan line {line:?}: expected group,topic,partition,offset"
                    ));
                };
                let parsed = partition
                    .trim()
                    .parse()
                    .ok()
                    .zip(offset.trim().parse().ok())
                    .ok_or_else(|| {
                        anyhow!("cannot read the reset plan line {line:?}: bad number")
                    })?;
                plan.entry(group.clone())
                    .or_default()
                    .push((TopicPartition::new(topic.clone(), parsed.0), parsed.1));
            }
        }
    }
    Ok(plan)
}

/// Parses `--topic` arguments: `t` (all partitions, looked up) or `t:0,1`.
pub(crate) fn topic_partitions(admin: &Admin, args: &[String]) -> Result<Vec<TopicPartition>> {
    let mut explicit = Vec::new();
    let mut whole = Vec::new();
    for arg in args {
        if arg.contains(':') {
            explicit.extend(parse_topic_arg(arg)?);
        } else {
            whole.push(arg.clone());
        }
    }
    for topic in admin.describe_topics(&whole)? {
        if let Some((code, text)) = topic.error {
            return Err(java::message(code, &text));
        }
        explicit.extend(
            topic
                .partitions
                .iter()
                .map(|p| TopicPartition::new(topic.name.clone(), p.partition)),
        );
    }
    Ok(explicit)
}

/// Parses `topic:p1,p2` with Java's messages.
pub(crate) fn parse_topic_arg(arg: &str) -> Result<Vec<TopicPartition>> {
    // Java's split(":") drops trailing empty parts.
    let mut parts: Vec<&str> = arg.split(':').collect();
    while parts.last() == Some(&"") {
        parts.pop();
    }
    let [topic, partitions] = parts.as_slice() else {
        return Err(usage(format!(
            "Invalid topic arg '{arg}', expected topic name and partitions"
        )));
    };
    partitions
        .split(',')
        .map(|p| {
            p.parse::<i32>()
                .map(|n| TopicPartition::new(*topic, n))
                .map_err(|_| {
                    usage(format!(
                        "Invalid partition '{p}' specified in topic arg '{arg}''"
                    ))
                })
        })
        .collect()
}

/// Java's checkAllTopicPartitionsValid: every partition exists and has a leader.
pub(crate) fn check_partitions(admin: &Admin, partitions: &[TopicPartition]) -> Result<()> {
    let topics: BTreeSet<String> = partitions.iter().map(|tp| tp.topic.clone()).collect();
    let topics: Vec<String> = topics.into_iter().collect();
    let mut existing: BTreeMap<TopicPartition, bool> = BTreeMap::new();
    for topic in admin.describe_topics(&topics)? {
        for p in &topic.partitions {
            existing.insert(
                TopicPartition::new(topic.name.clone(), p.partition),
                p.leader.is_some(),
            );
        }
    }
    let join = |tps: Vec<&TopicPartition>| {
        tps.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    let missing: Vec<&TopicPartition> = partitions
        .iter()
        .filter(|tp| !existing.contains_key(tp))
        .collect();
    if !missing.is_empty() {
        return Err(anyhow!("The partitions \"{}\" do not exist", join(missing)));
    }
    let leaderless: Vec<&TopicPartition> = partitions
        .iter()
        .filter(|tp| existing.get(tp) == Some(&false))
        .collect();
    if !leaderless.is_empty() {
        return Err(anyhow!(
            "The partitions \"{}\" have no leader",
            join(leaderless)
        ));
    }
    Ok(())
}

/// Offsets of one spec for each partition; `None` where the lookup failed.
pub(crate) fn lookup(
    admin: &Admin,
    partitions: &[TopicPartition],
    spec: OffsetSpec,
) -> Result<HashMap<TopicPartition, i64>> {
    let unique: BTreeSet<&TopicPartition> = partitions.iter().collect();
    let requests: Vec<(TopicPartition, OffsetSpec)> =
        unique.into_iter().map(|tp| (tp.clone(), spec)).collect();
    Ok(admin
        .list_offsets(&requests, IsolationLevel::ReadUncommitted)?
        .into_iter()
        .filter(|o| o.error.is_none())
        .map(|o| (o.tp, o.offset))
        .collect())
}

/// Java's checkOffsetsRange: clamps each requested offset into [log start, log end].
fn clamp(
    ctx: &mut Context,
    admin: &Admin,
    requested: Vec<(TopicPartition, i64)>,
) -> Result<Vec<(TopicPartition, i64)>> {
    let tps: Vec<TopicPartition> = requested.iter().map(|(tp, _)| tp.clone()).collect();
    let starts = lookup(admin, &tps, OffsetSpec::Earliest)?;
    let ends = lookup(admin, &tps, OffsetSpec::Latest)?;
    // Java iterates the requested offsets from a HashMap (Collectors.toMap), so the warnings
    // come in TopicPartition hash order.
    let requested = hash_order_by(requested, JavaMap::Default, |(tp, _)| {
        topic_partition_hash(&tp.topic, tp.partition)
    });
    let mut out = Vec::with_capacity(requested.len());
    for (tp, offset) in requested {
        let end = ends.get(&tp).copied().ok_or_else(|| {
            anyhow!("Unexpected non-existing offset value for topic partition {tp}")
        })?;
        let value = if offset > end {
            ctx.out.warn(&format!(
                "New offset ({offset}) is higher than latest offset for topic partition {tp}. Value will be set to {end}."
            ));
            end
        } else {
            match starts.get(&tp) {
                Some(start) if offset < *start => {
                    ctx.out.warn(&format!(
                        "New offset ({offset}) is lower than earliest offset for topic partition {tp}. Value will be set to {start}."
                    ));
                    *start
                }
                _ => offset,
            }
        };
        out.push((tp, value));
    }
    Ok(out)
}

/// The committed offsets of a group (partitions without one left out).
fn committed(admin: &Admin, group: &str) -> Result<BTreeMap<TopicPartition, i64>> {
    let offsets = admin.list_consumer_group_offsets(group, None, false)?;
    if let Some((code, text)) = offsets.error {
        return Err(java::group_message(code, &text, group));
    }
    Ok(offsets
        .partitions
        .into_iter()
        .filter_map(|p| p.valid_offset().map(|o| (p.tp, o)))
        .collect())
}

/// Offsets by timestamp; partitions without a record at or after it fall back to the log end.
fn by_timestamp(
    ctx: &mut Context,
    admin: &Admin,
    partitions: &[TopicPartition],
    timestamp: i64,
) -> Result<Vec<(TopicPartition, i64)>> {
    let found = lookup(admin, partitions, OffsetSpec::Timestamp(timestamp))?;
    let empty: Vec<TopicPartition> = partitions
        .iter()
        .filter(|tp| found.get(tp).is_none_or(|o| *o < 0))
        .cloned()
        .collect();
    // Java warns while iterating a HashMap of the partitions.
    let empty = hash_order_by(empty, JavaMap::Default, |tp| {
        topic_partition_hash(&tp.topic, tp.partition)
    });
    for tp in &empty {
        ctx.out.line("")?;
        ctx.out.line(&format!(
            "Warn: Partition {} from topic {} is empty. Falling back to latest known offset.",
            tp.partition, tp.topic
        ))?;
    }
    let ends = lookup(admin, &empty, OffsetSpec::Latest)?;
    partitions
        .iter()
        .map(|tp| {
            let offset = match found.get(tp) {
                Some(o) if *o >= 0 => Some(*o),
                _ => ends.get(tp).copied(),
            };
            offset.map(|o| (tp.clone(), o)).ok_or_else(|| {
                usage(format!(
                    "Error getting offset by timestamp of topic partition: {tp}"
                ))
            })
        })
        .collect()
}

/// Computes the new offsets of one inactive group.
pub(crate) fn plan_group(
    ctx: &mut Context,
    admin: &Admin,
    request: &ResetRequest,
    group: &str,
    file: Option<&FilePlan>,
    current: &Current<'_>,
) -> Result<Vec<(TopicPartition, i64)>> {
    let partitions: Vec<TopicPartition> = match &request.scope {
        Scope::AllTopics => current.partitions(admin, group)?,
        Scope::Topics(args) => topic_partitions(admin, args)?,
        Scope::File => Vec::new(),
    };
    if !partitions.is_empty() {
        check_partitions(admin, &partitions)?;
    }
    let from_log = |spec: OffsetSpec, what: &str| -> Result<Vec<(TopicPartition, i64)>> {
        let found = lookup(admin, &partitions, spec)?;
        partitions
            .iter()
            .map(|tp| {
                found.get(tp).map(|o| (tp.clone(), *o)).ok_or_else(|| {
                    usage(format!(
                        "Error getting {what} offset of topic partition: {tp}"
                    ))
                })
            })
            .collect()
    };
    match &request.target {
        Target::Offset(n) => clamp(
            ctx,
            admin,
            partitions.iter().map(|tp| (tp.clone(), *n)).collect(),
        ),
        Target::Earliest => from_log(OffsetSpec::Earliest, "starting"),
        Target::Latest => from_log(OffsetSpec::Latest, "ending"),
        Target::ShiftBy(n) => {
            let current = current.offsets(admin, group)?;
            let requested = partitions
                .iter()
                .map(|tp| {
                    current
                        .get(tp)
                        .map(|c| (tp.clone(), c.saturating_add(*n)))
                        .ok_or_else(|| {
                            usage(format!(
                                "Cannot shift offset for partition {tp} since there is no current committed offset"
                            ))
                        })
                })
                .collect::<Result<Vec<_>>>()?;
            clamp(ctx, admin, requested)
        }
        Target::DateTime(text) => {
            let ts = time::parse_datetime(text)?;
            by_timestamp(ctx, admin, &partitions, ts)
        }
        Target::Duration(text) => {
            let at = time::ms_ago(text, time::now_ms())?;
            by_timestamp(ctx, admin, &partitions, at)
        }
        Target::FromFile(_) => match file.and_then(|f| f.get(group)) {
            None => {
                ctx.out.line("")?;
                ctx.out
                    .line(&format!("Error: No reset plan for group {group} found."))?;
                Ok(Vec::new())
            }
            Some(entries) => clamp(ctx, admin, entries.clone()),
        },
        Target::Current => {
            let current = current.offsets(admin, group)?;
            let (with, without): (Vec<&TopicPartition>, Vec<&TopicPartition>) =
                partitions.iter().partition(|tp| current.contains_key(*tp));
            let mut out: Vec<(TopicPartition, i64)> = with
                .into_iter()
                .filter_map(|tp| current.get(tp).map(|o| (tp.clone(), *o)))
                .collect();
            let without: Vec<TopicPartition> = without.into_iter().cloned().collect();
            let ends = lookup(admin, &without, OffsetSpec::Latest)?;
            for tp in without {
                let end = ends.get(&tp).copied().ok_or_else(|| {
                    anyhow!("Error getting ending offset of topic partition: {tp}")
                })?;
                out.push((tp, end));
            }
            Ok(out)
        }
    }
}

/// Reads the `--from-file` plan of a request (`None` for other targets).
pub(crate) fn read_file_plan(request: &ResetRequest, ids: &[String]) -> Result<Option<FilePlan>> {
    match &request.target {
        Target::FromFile(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("java.nio.file.NoSuchFileException: {path}"))?;
            let single = if request.single_group {
                ids.first().map(String::as_str)
            } else {
                None
            };
            Ok(Some(parse_plan(&text, single)?))
        }
        _ => Ok(None),
    }
}

/// Runs `--reset-offsets`.
pub(super) async fn reset(admin: &Admin, ctx: &mut Context, request: &ResetRequest) -> Result<()> {
    let ids = group_ids(admin, &request.groups)?;
    let file = read_file_plan(request, &ids)?;
    // ConsumerGroupDescribe names the KIP-848 states in the refusal (Reconciling, not Unknown).
    let descriptions = admin.describe_groups_with_epochs(&ids).await?;
    let mut plan: Plan = Vec::new();
    for desc in descriptions {
        let group = desc.group_id.clone();
        let inactive = match &desc.error {
            Some((RDKafkaErrorCode::GroupIdNotFound, _)) => true,
            Some((code, text)) => return Err(java::group_message(*code, text, &group)),
            None => matches!(desc.state, GroupState::Empty | GroupState::Dead),
        };
        if !inactive {
            ctx.out.line("")?;
            ctx.out.line(&format!(
                "Error: Assignments can only be reset if the group '{group}' is inactive, but the current state is {}.",
                desc.state.name()
            ))?;
            plan.push((group, Vec::new()));
            continue;
        }
        let offsets = plan_group(
            ctx,
            admin,
            request,
            &group,
            file.as_ref(),
            &Current::Committed,
        )?;
        if request.execute && !offsets.is_empty() {
            let result = admin.alter_consumer_group_offsets(&group, &offsets)?;
            if let Some((code, text)) = result.error {
                return Err(java::group_message(code, &text, &group));
            }
            if let Some((tp, (code, text))) = result
                .partitions
                .into_iter()
                .find_map(|p| p.error.map(|e| (p.tp, e)))
            {
                return Err(java::refusal(code, Some(&tp.topic), &group)
                    .unwrap_or_else(|| java::message(code, &text)));
            }
        }
        plan.push((group, offsets));
    }
    let csv = (request.export && ctx.out.format() != Format::Json).then_some(!request.single_group);
    emit_plan(ctx, plan, request.execute, csv)
}

/// Prints a reset plan as Java's table, or as CSV (`csv`: `Some(with the group column)`).
pub(crate) fn emit_plan(
    ctx: &mut Context,
    plan: Plan,
    executed: bool,
    csv: Option<bool>,
) -> Result<()> {
    emit_plan_in(ctx, plan, executed, csv, false)
}

/// [`emit_plan`], with `fixed`: kafka-streams-groups' table of fixed column widths.
pub(crate) fn emit_plan_in(
    ctx: &mut Context,
    plan: Plan,
    executed: bool,
    csv: Option<bool>,
    fixed: bool,
) -> Result<()> {
    // Java keeps the plan in HashMaps: groups and partitions come out in hash order.
    let plan = hash_order(plan, JavaMap::Default, |(g, _)| g.as_str());
    let groups = plan
        .into_iter()
        .map(|(group, offsets)| {
            let mut sorted = offsets;
            sorted.sort();
            let ordered = hash_order_by(sorted, JavaMap::Default, |(tp, _)| {
                topic_partition_hash(&tp.topic, tp.partition)
            });
            PlanGroup {
                group,
                partitions: ordered
                    .into_iter()
                    .map(|(tp, offset)| PlanRow {
                        topic: tp.topic,
                        partition: tp.partition,
                        offset,
                    })
                    .collect(),
            }
        })
        .collect();
    let view = ResetView {
        groups,
        executed,
        csv,
        fixed,
    };
    ctx.out.emit(&view)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_args_are_parsed_with_java_messages() {
        assert_eq!(
            parse_topic_arg("t:0,2").unwrap(),
            vec![TopicPartition::new("t", 0), TopicPartition::new("t", 2)]
        );
        assert_eq!(
            parse_topic_arg("t:x").unwrap_err().to_string(),
            "Invalid partition 'x' specified in topic arg 't:x''"
        );
        assert_eq!(
            parse_topic_arg("a:b:c").unwrap_err().to_string(),
            "Invalid topic arg 'a:b:c', expected topic name and partitions"
        );
        assert!(parse_topic_arg("t:").is_err());
    }

    #[test]
    fn plans_are_read_in_both_csv_formats() {
        let plan = parse_plan("t,0,5\nt,1,7\n", Some("g")).unwrap();
        assert_eq!(
            plan["g"],
            vec![
                (TopicPartition::new("t", 0), 5),
                (TopicPartition::new("t", 1), 7)
            ]
        );
        let plan = parse_plan("g1,t,0,5\ng2,\"a,b\",1,7", None).unwrap();
        assert_eq!(plan["g2"], vec![(TopicPartition::new("a,b", 1), 7)]);
        // A 4-column file with one --group is read as 4 columns.
        let plan = parse_plan("g1,t,0,5", Some("g1")).unwrap();
        assert_eq!(plan["g1"], vec![(TopicPartition::new("t", 0), 5)]);
        assert!(parse_plan("t,0", Some("g")).is_err());
    }

    #[test]
    fn export_and_table_render_like_java() {
        let view = |csv| ResetView {
            groups: vec![PlanGroup {
                group: "g1".into(),
                partitions: vec![PlanRow {
                    topic: "t1".into(),
                    partition: 0,
                    offset: 3,
                }],
            }],
            executed: false,
            csv,
            fixed: false,
        };
        let mut buf = Vec::new();
        view(Some(false)).text(&mut buf).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "t1,0,3\n\n");
        let mut buf = Vec::new();
        view(Some(true)).text(&mut buf).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "g1,t1,0,3\n\n");
        let mut buf = Vec::new();
        view(None).text(&mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\nGROUP           TOPIC           PARTITION  NEW-OFFSET\ng1              t1              0          3\n"
        );
    }
}
