//! `kafka-streams-application-reset`: resets a Kafka Streams application so that it reprocesses
//! its input (Java's StreamsResetter): the input topics' committed offsets of the application's
//! group go to the earliest offset (or another position), intermediate topics skip to their end,
//! and the application's internal topics (`<application.id>-...-changelog`, `-repartition`, the
//! foreign-key join topics) are deleted.
//!
//! Java does the offsets with an embedded consumer (assign, seek, position, commitSync); here the
//! same positions are computed with ListOffsets and the group's committed offsets, and committed
//! with OffsetCommit (the group must have no members, as for Java's commit).

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context as _, Result};
use clap::{Parser, ValueHint};
use serde::Serialize;

use crate::client::admin::groups::remove_members;
use crate::client::admin::offsets::OffsetSpec;
use crate::client::admin::partitions::TopicPartition;
use crate::client::{Admin, SettingsBuilder};
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::java::{hash_order, hash_order_by, topic_partition_hash, JavaMap};
use crate::output::{Format, OutputArgs, Render};
use crate::tools::consumer_groups::reset::lookup;
use crate::tools::consumer_groups::time::{ms_ago, now_ms, parse_datetime};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Preview what a reset of the application word-count would do",
        "kafka-streams-application-reset --bootstrap-server localhost:9092 --application-id word-count --input-topics lines --dry-run",
    ),
    (
        "Reset it to reprocess the last hour of its input",
        "kafka-streams-application-reset --bootstrap-server localhost:9092 --application-id word-count --input-topics lines --by-duration PT1H",
    ),
];

/// This tool helps to quickly reset an application in order to reprocess its data from scratch:
/// it resets the offsets of the input topics (to the earliest offset by default), skips
/// intermediate topics to their end, and deletes the internal topics Kafka Streams created
/// (topics starting with "<application.id>-"). It does not delete output topics nor the local
/// state of the application instances (call KafkaStreams#cleanUp() or delete the state.dir).
/// Run it once with --dry-run first: its changes are irreversible.
#[derive(Parser, Debug)]
#[command(name = "kafka-streams-application-reset", version)]
pub struct StreamsResetArgs {
    /// REQUIRED: The Kafka Streams application ID (application.id).
    #[arg(long = "application-id", value_name = "ID")]
    application_id: Option<String>,

    /// Comma-separated list of user input topics. For these topics, the tool by default will
    /// reset the offset to the earliest available offset. Reset to other offset position by
    /// appending other reset offset option, ex: --input-topics foo --shift-by 5
    #[arg(long = "input-topics", value_name = "LIST", value_delimiter = ',')]
    input_topics: Vec<String>,

    /// [deprecated] Comma-separated list of intermediate user topics (topics that are input and
    /// output topics). For these topics, the tool will skip to the end.
    #[arg(
        long = "intermediate-topics",
        value_name = "LIST",
        value_delimiter = ','
    )]
    intermediate_topics: Vec<String>,

    /// Comma-separated list of internal topics to delete. Must be a subset of the internal
    /// topics marked for deletion by the default behaviour (do a dry-run without this option to
    /// view these topics).
    #[arg(long = "internal-topics", value_name = "LIST", value_delimiter = ',')]
    internal_topics: Vec<String>,

    /// Reset offsets to a specific offset.
    #[arg(
        long = "to-offset",
        value_name = "OFFSET",
        allow_negative_numbers = true
    )]
    to_offset: Option<i64>,

    /// Reset offsets to offset from datetime. Format: 'YYYY-MM-DDThh:mm:ss.sss'
    #[arg(long = "to-datetime", value_name = "DATETIME")]
    to_datetime: Option<String>,

    /// Reset offsets to offset by duration from current timestamp. Format: 'PnDTnHnMnS'
    #[arg(long = "by-duration", value_name = "DURATION")]
    by_duration: Option<String>,

    /// Reset offsets to earliest offset.
    #[arg(long = "to-earliest")]
    to_earliest: bool,

    /// Reset offsets to latest offset.
    #[arg(long = "to-latest")]
    to_latest: bool,

    /// Reset offsets to values defined in CSV file (lines TOPIC,PARTITION,OFFSET).
    #[arg(long = "from-file", value_name = "FILE", value_hint = ValueHint::FilePath)]
    from_file: Option<PathBuf>,

    /// Reset offsets shifting current offset by 'n', where 'n' can be positive or negative
    #[arg(long = "shift-by", value_name = "N", allow_negative_numbers = true)]
    shift_by: Option<i64>,

    /// (DEPRECATED) Property file containing configs to be passed to admin clients and embedded
    /// consumer; use --command-config
    #[arg(long = "config-file", value_name = "FILE", value_hint = ValueHint::FilePath, help_heading = "Connection")]
    config_file: Option<PathBuf>,

    /// Display the actions that would be performed without executing the reset commands.
    #[arg(long = "dry-run")]
    dry_run: bool,

    /// Force the removal of members of the consumer group (intended to remove stopped members
    /// if a long session timeout was used). Make sure to shut down all stream applications when
    /// this option is specified to avoid unexpected rebalances.
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Where the input topics' offsets go.
#[derive(Debug, Clone, PartialEq)]
enum Position {
    Offset(i64),
    Datetime(i64),
    Earliest,
    Latest,
    Plan(Vec<(TopicPartition, i64)>),
    Shift(i64),
}

impl StreamsResetArgs {
    /// Java's option checks: the application id, and at most one reset position (named in
    /// Java's order, with its `Option "[a]" can't be used with option "[b]"`).
    fn position(&self) -> Result<Position> {
        if self.application_id.is_none() {
            return Err(usage("Missing required option(s) [application-id]"));
        }
        let given: Vec<&str> = [
            ("to-offset", self.to_offset.is_some()),
            ("to-datetime", self.to_datetime.is_some()),
            ("by-duration", self.by_duration.is_some()),
            ("to-earliest", self.to_earliest),
            ("to-latest", self.to_latest),
            ("from-file", self.from_file.is_some()),
            ("shift-by", self.shift_by.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect();
        if let [first, second, ..] = given.as_slice() {
            return Err(usage(format!(
                "Option \"[{first}]\" can't be used with option \"[{second}]\""
            )));
        }
        Ok(if let Some(offset) = self.to_offset {
            Position::Offset(offset)
        } else if let Some(text) = &self.to_datetime {
            Position::Datetime(parse_datetime(text)?)
        } else if let Some(text) = &self.by_duration {
            Position::Datetime(ms_ago(text, now_ms())?)
        } else if self.to_latest {
            Position::Latest
        } else if let Some(path) = &self.from_file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            Position::Plan(parse_plan(&text)?)
        } else if let Some(n) = self.shift_by {
            Position::Shift(n)
        } else {
            Position::Earliest
        })
    }
}

/// Java's reset plan: `TOPIC,PARTITION,OFFSET` lines (in its HashMap's order; a later line for
/// the same partition wins).
fn parse_plan(text: &str) -> Result<Vec<(TopicPartition, i64)>> {
    if text.is_empty() {
        bail!("java.text.ParseException: Error parsing reset plan CSV file. It is empty,");
    }
    let mut plan: Vec<(TopicPartition, i64)> = Vec::new();
    // Java's String.split drops trailing empty strings.
    for line in text.trim_end_matches('\n').split('\n') {
        let parts: Vec<&str> = line.split(',').collect();
        let [topic, partition, offset] = parts.as_slice() else {
            bail!("java.text.ParseException: Reset plan CSV file is not following the format `TOPIC,PARTITION,OFFSET`.");
        };
        let number =
            |s: &str| format!("java.lang.NumberFormatException: For input string: \"{s}\"");
        let partition: i32 = partition.parse().map_err(|_| anyhow!(number(partition)))?;
        let offset: i64 = offset.parse().map_err(|_| anyhow!(number(offset)))?;
        let tp = TopicPartition::new(topic.to_string(), partition);
        match plan.iter_mut().find(|(p, _)| *p == tp) {
            Some(entry) => entry.1 = offset,
            None => plan.push((tp, offset)),
        }
    }
    Ok(hash_order_by(plan, JavaMap::Default, |(tp, _)| {
        topic_partition_hash(&tp.topic, tp.partition)
    }))
}

/// Kafka Streams' internal topic names (Java's `matchesInternalTopicFormat`).
fn is_internal_format(topic: &str) -> bool {
    let fk_join = |kind: &str| {
        topic.strip_suffix("-topic").is_some_and(|rest| {
            rest.rsplit_once(&format!("-KTABLE-FK-JOIN-SUBSCRIPTION-{kind}-"))
                .is_some_and(|(head, n)| {
                    !head.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
                })
        })
    };
    topic.ends_with("-changelog")
        || topic.ends_with("-repartition")
        || topic.ends_with("-subscription-registration-topic")
        || topic.ends_with("-subscription-response-topic")
        || fk_join("REGISTRATION")
        || fk_join("RESPONSE")
}

/// One partition's new position.
#[derive(Debug, Serialize)]
struct Reset {
    topic: String,
    partition: i32,
    offset: i64,
}

/// What the run did (the JSON document; the text form is printed as it goes, as Java does).
#[derive(Debug, Default, Serialize)]
struct Report {
    application_id: String,
    dry_run: bool,
    missing_input_topics: Vec<String>,
    missing_intermediate_topics: Vec<String>,
    input_offsets: Vec<Reset>,
    intermediate_offsets: Vec<Reset>,
    committed: bool,
    internal_topics: Vec<String>,
    deleted_internal_topics: bool,
    messages: Vec<String>,
}

impl Render for Report {
    fn text(&self, _w: &mut dyn std::io::Write) -> std::io::Result<()> {
        Ok(())
    }
}

/// Prints Java's lines in text mode and keeps them for the JSON document.
struct Out<'a> {
    ctx: &'a mut Context,
    report: Report,
}

impl Out<'_> {
    fn say(&mut self, line: impl Into<String>) -> Result<()> {
        let line = line.into();
        if self.ctx.out.format() != Format::Json {
            self.ctx.out.line(&line)?;
        }
        self.report.messages.push(line);
        Ok(())
    }
}

/// Java's `List.toString`.
fn java_list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

impl Tool for StreamsResetArgs {
    const NAME: &'static str = "kafka-streams-application-reset";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let position = self.position()?;
        let app = self.application_id.clone().unwrap_or_default();
        let mut connection = self.connection.clone();
        if let Some(file) = &self.config_file {
            ctx.out.line(
                "Option --config-file has been deprecated and will be removed in a future version. Use --command-config instead.",
            )?;
            connection.command_config.get_or_insert(file.clone());
        }
        if connection.bootstrap_server.is_none() {
            connection.bootstrap_server = Some("localhost:9092".to_string());
        }
        let settings = SettingsBuilder::new(&connection).build()?;
        let latest_by_default = settings
            .get("auto.offset.reset")
            .is_none_or(|v| v != "earliest");
        let admin = Admin::connect(settings, ctx.shutdown.clone())?;
        let mut out = Out {
            ctx,
            report: Report {
                application_id: app.clone(),
                dry_run: self.dry_run,
                ..Report::default()
            },
        };
        let status = reset(&self, &admin, &mut out, &app, position, latest_by_default).await;
        let report = std::mem::take(&mut out.report);
        if out.ctx.out.format() == Format::Json {
            status.as_ref().map_err(|e| anyhow!("{e:#}"))?;
            out.ctx.out.emit(&report)?;
        }
        match status? {
            true => Ok(()),
            false => Err(anyhow::Error::new(crate::error::Reported(anyhow!(
                "some input or intermediate topics do not exist"
            )))),
        }
    }
}

/// The whole run; `Ok(false)` when a given topic was missing (Java's exit status 1).
async fn reset(
    args: &StreamsResetArgs,
    admin: &Admin,
    out: &mut Out<'_>,
    app: &str,
    position: Position,
    latest_by_default: bool,
) -> Result<bool> {
    // Java first makes sure no instance of the application is running.
    let description = admin
        .describe_consumer_groups(&[app.to_string()])?
        .into_iter()
        .next();
    if let Some(group) = description.filter(|g| !g.members.is_empty()) {
        if !args.force {
            let members: Vec<String> = group
                .members
                .iter()
                .map(|m| {
                    format!(
                        "(memberId={}, groupInstanceId={}, clientId={}, host={})",
                        m.consumer_id,
                        m.group_instance_id.as_deref().unwrap_or("null"),
                        m.client_id,
                        m.host
                    )
                })
                .collect();
            bail!(
                "java.lang.IllegalStateException: Consumer group '{app}' is still active and has following members: {}. Make sure to stop all running application instances before running the reset tool. You can use option '--force' to remove active members from the group.",
                java_list(&members)
            );
        }
        out.say(format!(
            "Force deleting all active members in the group: {app}"
        ))?;
        if let Some(refusal) = remove_members(&admin.native()?, app, &group.members).await? {
            bail!("{refusal}");
        }
    }
    let metadata = admin.metadata()?;
    // Java's allTopics: the names of a HashMap filled in the order of the metadata answer.
    let all_topics = hash_order(
        metadata.topics.iter().map(|t| t.name.clone()).collect(),
        JavaMap::Default,
        |name: &String| name.as_str(),
    );
    if args.dry_run {
        out.say("----Dry run displays the actions which will be performed when running Streams Reset Tool----")?;
    }
    let found = offsets(
        args,
        admin,
        out,
        app,
        &all_topics,
        &metadata,
        position,
        latest_by_default,
    )?;
    delete_internal_topics(args, admin, out, app, &all_topics)?;
    Ok(found)
}

/// Java's maybeResetInputAndSeekToEndIntermediateTopicOffsets; `Ok(false)` when a given topic
/// does not exist.
#[allow(clippy::too_many_arguments)]
fn offsets(
    args: &StreamsResetArgs,
    admin: &Admin,
    out: &mut Out<'_>,
    app: &str,
    all_topics: &[String],
    metadata: &crate::client::admin::ClusterMetadata,
    position: Position,
    latest_by_default: bool,
) -> Result<bool> {
    let inputs = &args.input_topics;
    let intermediates = &args.intermediate_topics;
    if !intermediates.is_empty() {
        out.say(
            "WARN: `--intermediate-topics` is deprecated and will be removed in a future release",
        )?;
    }
    if inputs.is_empty() && intermediates.is_empty() {
        out.say("No input or intermediate topics specified. Skipping seek.")?;
        return Ok(true);
    }
    if !inputs.is_empty() {
        out.say(format!(
            "Reset-offsets for input topics {}",
            java_list(inputs)
        ))?;
    }
    if !intermediates.is_empty() {
        out.say(format!(
            "Seek-to-end for intermediate topics {}",
            java_list(intermediates)
        ))?;
    }
    let exists = |t: &String| all_topics.contains(t);
    let missing_inputs: Vec<String> = inputs.iter().filter(|t| !exists(t)).cloned().collect();
    let missing_intermediates: Vec<String> = intermediates
        .iter()
        .filter(|t| !exists(t))
        .cloned()
        .collect();
    if !missing_inputs.is_empty() {
        out.say("Following input topics are not found, skipping them")?;
        for t in &missing_inputs {
            out.say(format!("Topic: {t}"))?;
        }
    }
    if !missing_intermediates.is_empty() {
        out.say("Following intermediate topics are not found, skipping them")?;
        for t in &missing_intermediates {
            out.say(format!("Topic:{t}"))?;
        }
    }
    let all_found = missing_inputs.is_empty() && missing_intermediates.is_empty();
    out.report.missing_input_topics = missing_inputs;
    out.report.missing_intermediate_topics = missing_intermediates;
    // Java's topicsToSubscribe (a HashSet sized for every given topic), then each topic's
    // partitions in the metadata's order.
    let mut subscribed: Vec<String> = Vec::new();
    for t in inputs.iter().chain(intermediates) {
        if exists(t) && !subscribed.contains(t) {
            subscribed.push(t.clone());
        }
    }
    if subscribed.is_empty() {
        return Ok(all_found);
    }
    let subscribed = hash_order(subscribed, JavaMap::Presized, |t: &String| t.as_str());
    let mut input_tps = Vec::new();
    let mut intermediate_tps = Vec::new();
    for topic in &subscribed {
        let Some(t) = metadata.topics.iter().find(|t| &t.name == topic) else {
            continue;
        };
        let mut ids: Vec<i32> = t.partitions.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        for id in ids {
            let tp = TopicPartition::new(topic.clone(), id);
            if inputs.contains(topic) {
                input_tps.push(tp);
            } else {
                intermediate_tps.push(tp);
            }
        }
    }
    let order = |tps: Vec<TopicPartition>| {
        hash_order_by(tps, JavaMap::Default, |tp| {
            topic_partition_hash(&tp.topic, tp.partition)
        })
    };
    let input_tps = order(input_tps);
    let intermediate_tps = order(intermediate_tps);
    let every: Vec<TopicPartition> = input_tps.iter().chain(&intermediate_tps).cloned().collect();
    let earliest = lookup(admin, &every, OffsetSpec::Earliest)?;
    let latest = lookup(admin, &every, OffsetSpec::Latest)?;
    let bound = |map: &HashMap<TopicPartition, i64>, tp: &TopicPartition| -> Result<i64> {
        map.get(tp).copied().ok_or_else(|| {
            anyhow!(
                "could not list the offsets of {}-{}",
                tp.topic,
                tp.partition
            )
        })
    };
    let mut new_positions: Vec<(TopicPartition, i64)> = Vec::new();
    if !input_tps.is_empty() {
        out.say(format!(
            "Following input topics offsets will be reset to (for consumer group {app})"
        ))?;
        let requested: Option<Vec<(TopicPartition, i64)>> = match &position {
            Position::Earliest => None,
            Position::Latest => None,
            Position::Offset(n) => Some(input_tps.iter().map(|tp| (tp.clone(), *n)).collect()),
            Position::Shift(n) => {
                let committed = committed(admin, app)?;
                let mut wanted = Vec::new();
                for tp in &input_tps {
                    let current = match committed.get(tp) {
                        Some(offset) => *offset,
                        None if latest_by_default => bound(&latest, tp)?,
                        None => bound(&earliest, tp)?,
                    };
                    wanted.push((tp.clone(), current.saturating_add(*n)));
                }
                Some(wanted)
            }
            Position::Plan(plan) => {
                let mut wanted = Vec::new();
                for (tp, offset) in plan {
                    if !input_tps.contains(tp) {
                        bail!(
                            "the reset plan names {}-{}, which is no partition of the input topics",
                            tp.topic,
                            tp.partition
                        );
                    }
                    wanted.push((tp.clone(), *offset));
                }
                if let Some(tp) = input_tps
                    .iter()
                    .find(|tp| !plan.iter().any(|(p, _)| p == *tp))
                {
                    bail!(
                        "the reset plan has no offset for {}-{} of the input topics",
                        tp.topic,
                        tp.partition
                    );
                }
                Some(wanted)
            }
            Position::Datetime(_) => None,
        };
        let mut chosen: HashMap<TopicPartition, i64> = HashMap::new();
        match (&position, requested) {
            (Position::Earliest, _) => {
                for tp in &input_tps {
                    chosen.insert(tp.clone(), bound(&earliest, tp)?);
                }
            }
            (Position::Latest, _) => {
                for tp in &input_tps {
                    chosen.insert(tp.clone(), bound(&latest, tp)?);
                }
            }
            (Position::Datetime(at), _) => {
                let found = lookup(admin, &input_tps, OffsetSpec::Timestamp(*at))?;
                for tp in &input_tps {
                    match found.get(tp).filter(|o| **o >= 0) {
                        Some(offset) => {
                            chosen.insert(tp.clone(), *offset);
                        }
                        None => {
                            chosen.insert(tp.clone(), bound(&latest, tp)?);
                            out.say(format!("Partition {} from topic {} is empty, without a committed record. Falling back to latest known offset.", tp.partition, tp.topic))?;
                        }
                    }
                }
            }
            (_, Some(wanted)) => {
                // Java's checkOffsetRange over a HashMap sized for the input partitions (the
                // reset plan's own map for --from-file).
                let wanted = match position {
                    Position::Plan(_) => wanted,
                    _ => hash_order_by(wanted, JavaMap::Presized, |(tp, _)| {
                        topic_partition_hash(&tp.topic, tp.partition)
                    }),
                };
                for (tp, offset) in wanted {
                    let end = bound(&latest, &tp)?;
                    let start = bound(&earliest, &tp)?;
                    let value = if offset >= end {
                        out.say(format!("New offset ({offset}) is higher than latest offset. Value will be set to {end}"))?;
                        end
                    } else if offset <= start {
                        out.say(format!("New offset ({offset}) is lower than earliest offset. Value will be set to {start}"))?;
                        start
                    } else {
                        offset
                    };
                    chosen.insert(tp, value);
                }
            }
            (_, None) => {}
        }
        for tp in &input_tps {
            let offset = bound(&chosen, tp)?;
            out.say(format!(
                "Topic: {} Partition: {} Offset: {offset}",
                tp.topic, tp.partition
            ))?;
            out.report.input_offsets.push(Reset {
                topic: tp.topic.clone(),
                partition: tp.partition,
                offset,
            });
            new_positions.push((tp.clone(), offset));
        }
    }
    if !intermediate_tps.is_empty() {
        out.say(format!(
            "Following intermediate topics offsets will be reset to end (for consumer group {app})"
        ))?;
        for tp in &intermediate_tps {
            out.say(format!("Topic: {}", tp.topic))?;
            let offset = bound(&latest, tp)?;
            out.report.intermediate_offsets.push(Reset {
                topic: tp.topic.clone(),
                partition: tp.partition,
                offset,
            });
            new_positions.push((tp.clone(), offset));
        }
    }
    if !args.dry_run {
        let result = admin.alter_consumer_group_offsets(app, &new_positions)?;
        if let Some((_, message)) = result.error {
            bail!("ERROR: Resetting offsets failed: {message}");
        }
        if let Some(p) = result.partitions.iter().find(|p| p.error.is_some()) {
            let message = p.error.as_ref().map(|e| e.1.clone()).unwrap_or_default();
            bail!(
                "Resetting offsets failed: {}-{}: {message}",
                p.tp.topic,
                p.tp.partition
            );
        }
        out.report.committed = true;
    }
    out.say("Done.")?;
    Ok(all_found)
}

/// The group's committed offsets.
fn committed(admin: &Admin, group: &str) -> Result<HashMap<TopicPartition, i64>> {
    let offsets = admin.list_consumer_group_offsets(group, None, false)?;
    Ok(offsets
        .partitions
        .into_iter()
        .filter(|p| p.error.is_none() && p.offset >= 0)
        .map(|p| (p.tp, p.offset))
        .collect())
}

/// Java's maybeDeleteInternalTopics.
fn delete_internal_topics(
    args: &StreamsResetArgs,
    admin: &Admin,
    out: &mut Out<'_>,
    app: &str,
    all_topics: &[String],
) -> Result<()> {
    let prefix = format!("{app}-");
    let inferred: Vec<String> = all_topics
        .iter()
        .filter(|t| {
            !args.input_topics.contains(t)
                && !args.intermediate_topics.contains(t)
                && t.starts_with(&prefix)
                && is_internal_format(t)
        })
        .cloned()
        .collect();
    let to_delete = if args.internal_topics.is_empty() {
        out.say(format!(
            "Deleting inferred internal topics {}",
            java_list(&inferred)
        ))?;
        inferred
    } else {
        if !args.internal_topics.iter().all(|t| inferred.contains(t)) {
            bail!("java.lang.IllegalArgumentException: Invalid topic specified in the --internal-topics option. Ensure that the topics specified are all internal topics. Do a dry run without the --internal-topics option to see the list of all internal topics that can be deleted.");
        }
        out.say(format!(
            "Deleting specified internal topics {}",
            java_list(&args.internal_topics)
        ))?;
        args.internal_topics.clone()
    };
    out.report.internal_topics = to_delete.clone();
    if !args.dry_run && !to_delete.is_empty() {
        let failed: Vec<String> = admin
            .delete_topics(&to_delete)?
            .into_iter()
            .filter_map(|o| o.error.map(|(_, message)| format!("{}: {message}", o.name)))
            .collect();
        for failure in &failed {
            out.ctx
                .out
                .stderr_line(&format!("ERROR: deleting topic {failure}"));
        }
        if !failed.is_empty() {
            bail!("java.lang.RuntimeException: Encountered an error deleting one or more topics");
        }
        out.report.deleted_internal_topics = true;
    }
    out.say("Done.")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(argv: &[&str]) -> StreamsResetArgs {
        StreamsResetArgs::try_parse_from(
            std::iter::once("kafka-streams-application-reset").chain(argv.iter().copied()),
        )
        .unwrap()
    }

    #[test]
    fn internal_topic_names_are_javas() {
        for name in [
            "app-store-changelog",
            "app-KSTREAM-x-repartition",
            "app-x-subscription-registration-topic",
            "app-x-subscription-response-topic",
            "app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic",
            "app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-12-topic",
        ] {
            assert!(is_internal_format(name), "{name}");
        }
        for name in [
            "app-output",
            "app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE--topic",
            "-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-1-topic",
            "app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-1x-topic",
        ] {
            assert!(!is_internal_format(name), "{name}");
        }
    }

    #[test]
    fn one_reset_position_at_most_with_javas_message() {
        let err = args(&["--application-id", "a", "--to-offset", "3", "--to-latest"])
            .position()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Option \"[to-offset]\" can't be used with option \"[to-latest]\""
        );
        let err = args(&["--to-earliest"]).position().unwrap_err();
        assert_eq!(
            err.to_string(),
            "Missing required option(s) [application-id]"
        );
        assert_eq!(
            args(&["--application-id", "a", "--shift-by", "-2"])
                .position()
                .unwrap(),
            Position::Shift(-2)
        );
        assert_eq!(
            args(&["--application-id", "a"]).position().unwrap(),
            Position::Earliest
        );
    }

    #[test]
    fn reset_plans_parse_as_javas() {
        let plan = parse_plan("t,0,5\nt,1,7\n").unwrap();
        assert_eq!(plan.len(), 2);
        assert!(parse_plan("")
            .unwrap_err()
            .to_string()
            .contains("It is empty,"));
        assert!(parse_plan("t,0\n")
            .unwrap_err()
            .to_string()
            .contains("TOPIC,PARTITION,OFFSET"));
        assert!(parse_plan("t,x,1")
            .unwrap_err()
            .to_string()
            .contains("For input string: \"x\""));
    }
}
