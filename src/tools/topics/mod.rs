//! `kafka-topics`: create, list, describe, alter and delete topics (Java's TopicCommand).
//!
//! Options, validation messages and output follow `bin/kafka-topics.sh` of Kafka 4.x
//! (reference kafka-tools.md §2). The arguments are resolved into a [`Request`] first; nothing
//! below [`TopicsArgs::resolve`] sees a clap type. `--broker-summary` (ours) adds the per-broker
//! leader-skew view to `--describe`.

mod describe;

use std::collections::BTreeMap;
use std::io::{self, Write};

use anyhow::{anyhow, bail, Result};
use clap::Parser;
use rdkafka::types::RDKafkaErrorCode;
use serde::Serialize;

use super::pattern::{is_internal, TopicPattern};
use crate::client::admin::configs::ResourceKind;
use crate::client::admin::{NewPartitionsSpec, NewTopicSpec, TopicDescription};
use crate::client::{denied, Admin, SettingsBuilder};
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::OutputArgs;
use crate::output::{table_with_header, Format, Render};
use crate::tools::{Context, Tool};
use describe::Filters;

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Create a topic with 3 partitions and a 2-day retention",
        "kafka-topics --bootstrap-server localhost:9092 --create --topic hello.kafka.2 --partitions 3 --replication-factor 1 --config retention.ms=172800000",
    ),
    (
        "List topics, internal ones left out",
        "kafka-topics --bootstrap-server localhost:9092 --list --exclude-internal",
    ),
    (
        "Describe the topics whose names start with hello",
        "kafka-topics --bootstrap-server localhost:9092 --describe --topic 'hello.*'",
    ),
    (
        "Show how partition leaders are spread over the brokers",
        "kafka-topics --bootstrap-server localhost:9092 --describe --broker-summary",
    ),
    (
        "Grow a topic to 6 partitions",
        "kafka-topics --bootstrap-server localhost:9092 --alter --topic hello.kafka --partitions 6",
    ),
    (
        "Delete a topic if it exists",
        "kafka-topics --bootstrap-server localhost:9092 --delete --topic hello.kafka --if-exists",
    ),
];

/// Create, delete, describe, or change a topic.
#[derive(Parser, Debug)]
#[command(name = "kafka-topics", version)]
pub struct TopicsArgs {
    /// Create a new topic
    #[arg(long, help_heading = "Actions")]
    create: bool,

    /// List all available topics
    #[arg(long, help_heading = "Actions")]
    list: bool,

    /// List details for the given topics
    #[arg(long, help_heading = "Actions")]
    describe: bool,

    /// Alter the number of partitions and replica assignment (configs: use kafka-configs)
    #[arg(long, help_heading = "Actions")]
    alter: bool,

    /// Delete a topic
    #[arg(long, help_heading = "Actions")]
    delete: bool,

    /// The topic to create, alter, describe or delete; a regular expression except with --create
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// The topic id to describe
    #[arg(long = "topic-id", value_name = "TOPIC-ID")]
    topic_id: Option<String>,

    /// The number of partitions for the topic being created or altered (default: the cluster's)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    partitions: Option<i32>,

    /// The replication factor for each partition of the topic being created (default: the cluster's)
    #[arg(
        long = "replication-factor",
        value_name = "N",
        allow_negative_numbers = true
    )]
    replication_factor: Option<i32>,

    /// A topic configuration override for the topic being created, name=value (repeatable)
    #[arg(long, value_name = "NAME=VALUE")]
    config: Vec<String>,

    /// No longer supported (since Kafka 4.0); accepted and ignored with a notice
    #[arg(long = "delete-config", value_name = "NAME", hide = true)]
    delete_config: Vec<String>,

    /// Manual partition-to-broker assignments for the topic being created or altered: 0:1,1:2,...
    #[arg(long = "replica-assignment", value_name = "ASSIGNMENT")]
    replica_assignment: Option<String>,

    /// With --describe, only show under-replicated partitions
    #[arg(
        long = "under-replicated-partitions",
        help_heading = "Describe filters"
    )]
    under_replicated_partitions: bool,

    /// With --describe, only show partitions whose ISR count is below the configured minimum
    #[arg(long = "under-min-isr-partitions", help_heading = "Describe filters")]
    under_min_isr_partitions: bool,

    /// With --describe, only show partitions whose ISR count equals the configured minimum
    #[arg(long = "at-min-isr-partitions", help_heading = "Describe filters")]
    at_min_isr_partitions: bool,

    /// With --describe, only show partitions whose leader is not available
    #[arg(long = "unavailable-partitions", help_heading = "Describe filters")]
    unavailable_partitions: bool,

    /// With --describe, only show topics that have overridden configs
    #[arg(long = "topics-with-overrides", help_heading = "Describe filters")]
    topics_with_overrides: bool,

    /// With --describe, print leaders, preferred leaders and replicas per broker (leader skew)
    #[arg(long = "broker-summary", help_heading = "Describe filters")]
    broker_summary: bool,

    /// With --alter, --delete or --describe, do nothing (and succeed) if the topic does not exist
    #[arg(long = "if-exists")]
    if_exists: bool,

    /// With --create, do not fail if the topic already exists
    #[arg(long = "if-not-exists")]
    if_not_exists: bool,

    /// Leave internal topics (__consumer_offsets, ...) out of --list and --describe
    #[arg(long = "exclude-internal")]
    exclude_internal: bool,

    /// Accepted for compatibility (DescribeTopicPartitions page size); librdkafka pages itself
    #[arg(long = "partition-size-limit-per-response", value_name = "N")]
    partition_size_limit_per_response: Option<i32>,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// The topics an action applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Selection {
    /// The raw `--topic` value (a pattern), if given.
    topic: Option<String>,
    exclude_internal: bool,
    /// Fail when nothing matches (a topic was named and `--if-exists` was not given).
    require_match: bool,
}

/// What the user asked for, validated.
#[derive(Debug)]
enum Request {
    Create {
        spec: NewTopicSpec,
        if_not_exists: bool,
    },
    List(Selection),
    Describe {
        selection: Selection,
        topic_id: Option<String>,
        filters: Filters,
        broker_summary: bool,
        /// `--partition-size-limit-per-response` (DescribeTopicPartitions paging).
        page_limit: Option<i32>,
    },
    Alter {
        selection: Selection,
        partitions: i32,
        assignment: Option<Vec<Vec<i32>>>,
    },
    Delete(Selection),
}

/// `Option "[used]" can't be used with option "[other]"`, Java's wording.
fn conflict(used: &str, other: &str) -> anyhow::Error {
    usage(format!(
        "Option \"[{used}]\" can't be used with option \"[{other}]\""
    ))
}

/// Decodes a base64url topic id as Java's `Uuid.fromString` and tells whether it is the zero id
/// (which Java ignores in favour of `--topic`).
fn is_zero_uuid(id: &str) -> Result<bool> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let digits = id
        .bytes()
        .map(|b| ALPHABET.iter().position(|a| *a == b))
        .collect::<Option<Vec<usize>>>()
        .filter(|d| d.len() == 22)
        .ok_or_else(|| {
            usage(format!(
                "Input string `{id}` is not a valid base64url topic id of 22 characters"
            ))
        })?;
    // 22 digits carry 132 bits; the id is the first 128 of them (21 digits and 2 bits).
    Ok(digits[..21].iter().all(|d| *d == 0) && digits[21] >> 4 == 0)
}

impl TopicsArgs {
    /// The action given (exactly one), as Java names it.
    fn action(&self) -> Result<&'static str> {
        let given: Vec<&'static str> = [
            ("create", self.create),
            ("list", self.list),
            ("alter", self.alter),
            ("describe", self.describe),
            ("delete", self.delete),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect();
        match given.as_slice() {
            [one] => Ok(one),
            _ => Err(usage(
                "Command must include exactly one action: --list, --describe, --create, --alter or --delete",
            )),
        }
    }

    /// Checks the option combinations in Java's order and builds the request.
    fn resolve(&self) -> Result<Request> {
        let action = self.action()?;
        if self.describe && self.if_exists && self.topic.is_none() && self.topic_id.is_none() {
            return Err(usage(
                "--topic or --topic-id is required to describe a topic",
            ));
        }
        if !self.list && !self.describe && self.topic.is_none() {
            return Err(usage("Missing required argument \"[topic]\""));
        }
        if self.alter {
            if !self.config.is_empty() {
                return Err(usage(
                    "Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\" (To alter topic configurations, the kafka-configs tool can be used.)",
                ));
            }
            if self.partitions.is_none() {
                return Err(usage("Missing required argument \"[partitions]\""));
            }
        }
        let create_or_alter = self.create || self.alter;
        let checks: [(&str, bool, bool); 4] = [
            ("config", !self.config.is_empty(), create_or_alter),
            ("partitions", self.partitions.is_some(), create_or_alter),
            (
                "replication-factor",
                self.replication_factor.is_some(),
                self.create,
            ),
            (
                "replica-assignment",
                self.replica_assignment.is_some(),
                create_or_alter,
            ),
        ];
        for (name, used, allowed) in checks {
            if used && !allowed {
                return Err(conflict(name, action));
            }
        }
        if self.create && self.replica_assignment.is_some() {
            if self.partitions.is_some() {
                return Err(conflict("replica-assignment", "partitions"));
            }
            if self.replication_factor.is_some() {
                return Err(conflict("replica-assignment", "replication-factor"));
            }
        }
        let reports = [
            (
                "under-replicated-partitions",
                self.under_replicated_partitions,
            ),
            ("under-min-isr-partitions", self.under_min_isr_partitions),
            ("at-min-isr-partitions", self.at_min_isr_partitions),
            ("unavailable-partitions", self.unavailable_partitions),
        ];
        for (name, used) in reports {
            if used && !self.describe {
                return Err(conflict(name, action));
            }
            if used && self.topics_with_overrides {
                return Err(conflict(name, "topics-with-overrides"));
            }
        }
        let only_with: [(&str, bool, bool); 4] = [
            (
                "topics-with-overrides",
                self.topics_with_overrides,
                self.describe,
            ),
            (
                "if-exists",
                self.if_exists,
                self.alter || self.delete || self.describe,
            ),
            ("if-not-exists", self.if_not_exists, self.create),
            (
                "exclude-internal",
                self.exclude_internal,
                self.list || self.describe,
            ),
        ];
        for (name, used, allowed) in only_with {
            if used && !allowed {
                return Err(conflict(name, action));
            }
        }
        if self.broker_summary && !self.describe {
            return Err(conflict("broker-summary", action));
        }
        let assignment = self
            .replica_assignment
            .as_deref()
            .filter(|a| !a.is_empty())
            .map(parse_replica_assignment)
            .transpose()?;
        let selection = Selection {
            topic: self.topic.clone(),
            exclude_internal: self.exclude_internal,
            require_match: !self.if_exists,
        };
        Ok(match action {
            "create" => Request::Create {
                spec: self.new_topic(assignment)?,
                if_not_exists: self.if_not_exists,
            },
            "list" => Request::List(Selection {
                require_match: false,
                ..selection
            }),
            "describe" => Request::Describe {
                selection,
                page_limit: self.partition_size_limit_per_response,
                topic_id: match &self.topic_id {
                    Some(id) => (!is_zero_uuid(id)?).then(|| id.clone()),
                    None => None,
                },
                filters: Filters {
                    under_replicated: self.under_replicated_partitions,
                    under_min_isr: self.under_min_isr_partitions,
                    at_min_isr: self.at_min_isr_partitions,
                    unavailable: self.unavailable_partitions,
                    with_overrides: self.topics_with_overrides,
                },
                broker_summary: self.broker_summary,
            },
            "alter" => Request::Alter {
                selection,
                partitions: self.partitions.unwrap_or_default(),
                assignment,
            },
            _ => Request::Delete(selection),
        })
    }

    /// Validates the create options and builds the topic to create.
    fn new_topic(&self, assignment: Option<Vec<Vec<i32>>>) -> Result<NewTopicSpec> {
        let configs = self
            .config
            .iter()
            .map(|c| parse_config(c))
            .collect::<Result<Vec<_>>>()?;
        if self
            .replication_factor
            .is_some_and(|rf| !(1..=32767).contains(&rf))
        {
            return Err(usage(
                "The replication factor must be between 1 and 32767 inclusive",
            ));
        }
        if self.partitions.is_some_and(|p| p < 1) {
            return Err(usage("The partitions must be greater than 0"));
        }
        Ok(NewTopicSpec {
            name: self.topic.clone().unwrap_or_default(),
            partitions: self.partitions.unwrap_or(-1),
            replication_factor: self.replication_factor.unwrap_or(-1),
            assignment,
            configs,
        })
    }
}

/// Parses `name=value` as Java's `--config` (split on `\s*=\s*`, exactly two parts).
pub(crate) fn parse_config(text: &str) -> Result<(String, String)> {
    let parts: Vec<&str> = text.split('=').collect();
    match parts.as_slice() {
        [key, value] => Ok((key.trim().to_string(), value.trim().to_string())),
        _ => Err(usage(
            "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".",
        )),
    }
}

/// Parses `--replica-assignment` (`0:1,1:2,...`) into one broker list per partition.
pub(crate) fn parse_replica_assignment(text: &str) -> Result<Vec<Vec<i32>>> {
    let mut assignment: Vec<Vec<i32>> = Vec::new();
    for (partition, replicas) in text.split(',').enumerate() {
        let brokers = replicas
            .split(':')
            .map(|id| {
                let id = id.trim();
                id.parse::<i32>()
                    .map_err(|_| usage(format!("For input string: \"{id}\"")))
            })
            .collect::<Result<Vec<i32>>>()?;
        let mut duplicates: Vec<i32> = brokers
            .iter()
            .filter(|b| brokers.iter().filter(|x| x == b).count() > 1)
            .copied()
            .collect();
        duplicates.dedup();
        if !duplicates.is_empty() {
            let ids: Vec<String> = duplicates.iter().map(i32::to_string).collect();
            return Err(usage(format!(
                "Partition replica lists may not contain duplicate entries: {}",
                ids.join(",")
            )));
        }
        if assignment
            .first()
            .is_some_and(|first| first.len() != brokers.len())
        {
            let ids: Vec<String> = brokers.iter().map(i32::to_string).collect();
            return Err(usage(format!(
                "Partition {partition} has different replication factor: [{}]",
                ids.join(", ")
            )));
        }
        assignment.push(brokers);
    }
    Ok(assignment)
}

/// The `--list` result.
#[derive(Debug, Serialize)]
struct TopicList {
    topics: Vec<String>,
}

impl Render for TopicList {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        // Java joins the names with newlines and ends with one: no match prints an empty line.
        writeln!(w, "{}", self.topics.join("\n"))
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(["TOPIC"]);
        for topic in &self.topics {
            table.add_row([topic]);
        }
        Some(table)
    }
}

/// The `--create` result: Java's line, or nothing when `--if-not-exists` found the topic.
#[derive(Debug, Serialize)]
struct Created {
    topic: String,
    /// Whether the topic was created (false: it existed and `--if-not-exists` was given).
    created: bool,
}

impl Render for Created {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        if self.created {
            writeln!(w, "Created topic {}.", self.topic)?;
        }
        Ok(())
    }
}

/// The `--alter` and `--delete` results: the topics changed (Java prints nothing).
#[derive(Debug, Serialize)]
struct Changed {
    topics: Vec<String>,
    /// `--alter`: the new partition count of every topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    partitions: Option<usize>,
}

impl Render for Changed {
    fn text(&self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// Java's warning for names that may collide in metric names.
const METRIC_COLLISION_WARNING: &str = "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.";

impl Tool for TopicsArgs {
    const NAME: &'static str = "kafka-topics";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let request = self.resolve()?;
        if !self.delete_config.is_empty() {
            ctx.out.stderr_line(
                "delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.",
            );
        }
        let settings = SettingsBuilder::new(&self.connection).build()?;
        if self.describe && self.if_exists && self.topic.is_some() && self.topic_id.is_some() {
            ctx.out.line("Only topic id will be used when both --topic and --topic-id are specified and topicId is not Uuid.ZERO_UUID")?;
        }
        let admin = Admin::connect(settings, ctx.shutdown.clone())?;
        match request {
            Request::Create {
                spec,
                if_not_exists,
            } => create(&admin, ctx, spec, if_not_exists),
            Request::List(selection) => {
                let topics = select(&admin, &selection)?;
                ctx.out.emit(&TopicList { topics })?;
                Ok(())
            }
            Request::Describe {
                selection,
                topic_id,
                filters,
                broker_summary,
                page_limit,
            } => {
                describe(
                    &admin,
                    ctx,
                    &selection,
                    topic_id.as_deref(),
                    filters,
                    broker_summary,
                    page_limit,
                )
                .await
            }
            Request::Alter {
                selection,
                partitions,
                assignment,
            } => alter(&admin, ctx, &selection, partitions, assignment),
            Request::Delete(selection) => {
                let topics = select(&admin, &selection)?;
                if !topics.is_empty() {
                    // Refused as Kafka's TopicCommand refused it up to 3.x (4.x sends the request
                    // and the broker deletes __consumer_offsets, losing every group's offsets).
                    if let Some(internal) = topics.iter().find(|t| is_internal(t)) {
                        bail!("Topic {internal} is a kafka internal topic and is not allowed to be marked for deletion.");
                    }
                    check_outcomes(admin.delete_topics(&topics)?)?;
                }
                ctx.out.emit(&Changed {
                    topics,
                    partitions: None,
                })?;
                Ok(())
            }
        }
    }
}

/// The sorted topic names matching a selection; fails as Java does when a named topic matches
/// nothing and `--if-exists` was not given.
fn select(admin: &Admin, selection: &Selection) -> Result<Vec<String>> {
    let pattern = selection
        .topic
        .as_deref()
        .map(TopicPattern::parse)
        .transpose()?;
    let metadata = admin.metadata()?;
    let mut topics: Vec<String> = metadata
        .topics
        .into_iter()
        .map(|t| t.name)
        .filter(|name| !(selection.exclude_internal && is_internal(name)))
        .filter(|name| pattern.as_ref().is_none_or(|p| p.matches(name)))
        .collect();
    topics.sort();
    if let Some(raw) = &selection.topic {
        if topics.is_empty() && selection.require_match && !raw.is_empty() {
            if let Some(refusal) = admin.refusal_for_missing(raw)? {
                return Err(refusal);
            }
            return Err(usage(format!("Topic '{raw}' does not exist as expected")));
        }
    }
    Ok(topics)
}

/// Fails with the first broker error among per-topic outcomes.
fn check_outcomes(outcomes: Vec<crate::client::admin::TopicOutcome>) -> Result<()> {
    match outcomes
        .into_iter()
        .find_map(|o| o.error.map(|e| (o.name, e)))
    {
        Some((name, (code, message))) => Err(topic_failure(&name, code, &message)),
        None => Ok(()),
    }
}

/// A broker's per-topic error: an authorization refusal names the topic; anything else is the
/// broker's message, as Java prints it.
fn topic_failure(name: &str, code: RDKafkaErrorCode, message: &str) -> anyhow::Error {
    denied(code, Some(name), None).unwrap_or_else(|| anyhow!("{message}"))
}

fn create(admin: &Admin, ctx: &mut Context, spec: NewTopicSpec, if_not_exists: bool) -> Result<()> {
    if spec.name.contains(['.', '_']) && ctx.out.format() == Format::Text {
        ctx.out.line(METRIC_COLLISION_WARNING)?;
    }
    let name = spec.name.clone();
    for outcome in admin.create_topics(&[spec])? {
        let created = match outcome.error {
            None => {
                admin.await_visible(&[(&name, 0)])?;
                true
            }
            Some((RDKafkaErrorCode::TopicAlreadyExists, _)) if if_not_exists => false,
            Some((code, message)) => return Err(topic_failure(&name, code, &message)),
        };
        ctx.out.emit(&Created {
            topic: name.clone(),
            created,
        })?;
    }
    Ok(())
}

fn alter(
    admin: &Admin,
    ctx: &mut Context,
    selection: &Selection,
    partitions: i32,
    assignment: Option<Vec<Vec<i32>>>,
) -> Result<()> {
    let topics = select(admin, selection)?;
    if topics.is_empty() {
        ctx.out.emit(&Changed {
            topics,
            partitions: usize::try_from(partitions).ok(),
        })?;
        return Ok(());
    }
    let total = usize::try_from(partitions)
        .map_err(|_| anyhow!("The partitions must be greater than 0"))?;
    let current: BTreeMap<String, usize> = match &assignment {
        Some(_) => admin
            .describe_topics(&topics)?
            .into_iter()
            .map(|t| (t.name, t.partitions.len()))
            .collect(),
        None => BTreeMap::new(),
    };
    let specs: Vec<NewPartitionsSpec> = topics
        .iter()
        .map(|topic| NewPartitionsSpec {
            topic: topic.clone(),
            total,
            // Java skips the entries of the partitions that already exist.
            assignment: assignment.as_ref().map(|a| {
                a.iter()
                    .skip(current.get(topic).copied().unwrap_or(0))
                    .cloned()
                    .collect()
            }),
        })
        .collect();
    check_outcomes(admin.create_partitions(&specs)?)?;
    let grown: Vec<(&str, usize)> = topics.iter().map(|t| (t.as_str(), total)).collect();
    admin.await_visible(&grown)?;
    ctx.out.emit(&Changed {
        topics,
        partitions: Some(total),
    })?;
    Ok(())
}

async fn describe(
    admin: &Admin,
    ctx: &mut Context,
    selection: &Selection,
    topic_id: Option<&str>,
    filters: Filters,
    broker_summary: bool,
    page_limit: Option<i32>,
) -> Result<()> {
    let metadata = admin.metadata()?;
    let live: Vec<i32> = metadata.brokers.iter().map(|b| b.id).collect();
    let topics: Vec<TopicDescription> = match topic_id {
        Some(id) => {
            let all: Vec<String> = metadata
                .topics
                .iter()
                .map(|t| t.name.clone())
                .filter(|n| !(selection.exclude_internal && is_internal(n)))
                .collect();
            let found: Vec<TopicDescription> = admin
                .describe_topics(&all)?
                .into_iter()
                .filter(|t| t.topic_id == id)
                .collect();
            if found.is_empty() && selection.require_match {
                return Err(usage(format!("TopicId '{id}' does not exist as expected")));
            }
            found
        }
        None => {
            let names = select(admin, selection)?;
            admin.while_unknown(
                || admin.describe_topics(&names),
                |topics| {
                    topics.iter().any(|t| {
                        matches!(
                            &t.error,
                            Some((RDKafkaErrorCode::UnknownTopicOrPartition, _))
                        )
                    })
                },
            )?
        }
    };
    if let Some((name, (code, message))) = topics
        .iter()
        .find_map(|t| t.error.clone().map(|e| (t.name.clone(), e)))
    {
        return Err(topic_failure(&name, code, &message));
    }
    if broker_summary {
        let summary = describe::broker_summary(&topics, &live);
        ctx.out.emit(&summary)?;
        // The text form ends with this line itself; a table cannot hold it.
        if ctx.out.format() == Format::Table {
            ctx.out.line("")?;
            ctx.out.line(&summary.summary_line())?;
        }
        return Ok(());
    }
    let names: Vec<String> = topics.iter().map(|t| t.name.clone()).collect();
    let mut configs = BTreeMap::new();
    let described = admin.while_unknown(
        || admin.describe_configs(ResourceKind::Topic, &names),
        |resources| {
            resources.iter().any(|r| {
                matches!(
                    &r.entries,
                    Err((RDKafkaErrorCode::UnknownTopicOrPartition, _))
                )
            })
        },
    )?;
    for resource in described {
        match resource.entries {
            Ok(entries) => {
                configs.insert(resource.name, entries);
            }
            Err((_, message)) => bail!("{message}"),
        }
    }
    // What librdkafka leaves out, through the native path (Java asks for both the same way).
    let partitions: Vec<crate::client::admin::partitions::TopicPartition> = topics
        .iter()
        .flat_map(|t| {
            t.partitions.iter().map(|p| {
                crate::client::admin::partitions::TopicPartition::new(t.name.clone(), p.partition)
            })
        })
        .collect();
    let extras = describe::Extras {
        elr: if topic_id.is_some() {
            None
        } else {
            admin
                .eligible_leader_replicas(&names, page_limit.unwrap_or(2000))
                .await?
        },
        reassignments: admin.reassignments(&partitions).await?,
    };
    let description = describe::build(
        topics,
        &configs,
        &live,
        filters,
        topic_id.is_some(),
        &extras,
    );
    ctx.out.emit(&description)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(argv: &[&str]) -> TopicsArgs {
        TopicsArgs::try_parse_from(std::iter::once("kafka-topics").chain(argv.iter().copied()))
            .unwrap()
    }

    fn error(argv: &[&str]) -> String {
        args(argv).resolve().unwrap_err().to_string()
    }

    #[test]
    fn exactly_one_action_is_required() {
        let expected = "Command must include exactly one action: --list, --describe, --create, --alter or --delete";
        assert_eq!(error(&[]), expected);
        assert_eq!(error(&["--create", "--list"]), expected);
        assert_eq!(error(&["--describe", "--delete", "--topic", "t"]), expected);
    }

    #[test]
    fn options_are_refused_with_the_wrong_action() {
        assert_eq!(
            error(&["--list", "--partitions", "3"]),
            "Option \"[partitions]\" can't be used with option \"[list]\""
        );
        assert_eq!(
            error(&["--list", "--config", "a=b"]),
            "Option \"[config]\" can't be used with option \"[list]\""
        );
        assert_eq!(
            error(&[
                "--alter",
                "--topic",
                "t",
                "--partitions",
                "2",
                "--replication-factor",
                "2"
            ]),
            "Option \"[replication-factor]\" can't be used with option \"[alter]\""
        );
        assert_eq!(
            error(&["--create", "--topic", "t", "--if-exists"]),
            "Option \"[if-exists]\" can't be used with option \"[create]\""
        );
        assert_eq!(
            error(&["--delete", "--topic", "t", "--exclude-internal"]),
            "Option \"[exclude-internal]\" can't be used with option \"[delete]\""
        );
        assert_eq!(
            error(&["--describe", "--under-replicated-partitions", "--topics-with-overrides"]),
            "Option \"[under-replicated-partitions]\" can't be used with option \"[topics-with-overrides]\""
        );
        assert_eq!(
            error(&["--list", "--unavailable-partitions"]),
            "Option \"[unavailable-partitions]\" can't be used with option \"[list]\""
        );
    }

    #[test]
    fn required_arguments() {
        assert_eq!(
            error(&["--create"]),
            "Missing required argument \"[topic]\""
        );
        assert_eq!(
            error(&["--delete"]),
            "Missing required argument \"[topic]\""
        );
        assert_eq!(
            error(&["--alter", "--topic", "t"]),
            "Missing required argument \"[partitions]\""
        );
        assert_eq!(
            error(&["--describe", "--if-exists"]),
            "--topic or --topic-id is required to describe a topic"
        );
        assert!(error(&["--alter", "--topic", "t", "--partitions", "2", "--config", "a=b"])
            .starts_with("Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\""));
    }

    #[test]
    fn create_validates_numbers() {
        assert_eq!(
            error(&["--create", "--topic", "t", "--partitions", "0"]),
            "The partitions must be greater than 0"
        );
        assert_eq!(
            error(&["--create", "--topic", "t", "--replication-factor", "40000"]),
            "The replication factor must be between 1 and 32767 inclusive"
        );
    }

    #[test]
    fn create_request_carries_configs_and_defaults() {
        let Request::Create {
            spec,
            if_not_exists,
        } = args(&[
            "--create",
            "--topic",
            "hello.kafka.2",
            "--partitions",
            "3",
            "--config",
            "retention.ms = 172800000",
        ])
        .resolve()
        .unwrap()
        else {
            panic!("not a create request")
        };
        assert!(!if_not_exists);
        assert_eq!(spec.name, "hello.kafka.2");
        assert_eq!((spec.partitions, spec.replication_factor), (3, -1));
        assert_eq!(
            spec.configs,
            vec![("retention.ms".to_string(), "172800000".to_string())]
        );
    }

    #[test]
    fn bad_configs_get_the_java_message() {
        assert!(error(&["--create", "--topic", "t", "--config", "a=b=c"])
            .contains("all configs to be added must be in the format \"key=val\""));
        assert!(error(&["--create", "--topic", "t", "--config", "novalue"])
            .contains("must be in the format"));
    }

    #[test]
    fn replica_assignment_is_parsed_and_checked() {
        assert_eq!(
            parse_replica_assignment("0:1, 1:2,2:0").unwrap(),
            vec![vec![0, 1], vec![1, 2], vec![2, 0]]
        );
        assert_eq!(
            parse_replica_assignment("0:0").unwrap_err().to_string(),
            "Partition replica lists may not contain duplicate entries: 0"
        );
        assert_eq!(
            parse_replica_assignment("0:1,2").unwrap_err().to_string(),
            "Partition 1 has different replication factor: [2]"
        );
        assert_eq!(
            error(&[
                "--create",
                "--topic",
                "t",
                "--replica-assignment",
                "0",
                "--partitions",
                "1"
            ]),
            "Option \"[replica-assignment]\" can't be used with option \"[partitions]\""
        );
    }

    #[test]
    fn zero_topic_ids_are_recognised_leniently_like_java() {
        assert!(is_zero_uuid("AAAAAAAAAAAAAAAAAAAAAA").unwrap());
        assert!(is_zero_uuid("AAAAAAAAAAAAAAAAAAAAAB").unwrap());
        assert!(!is_zero_uuid("AAAAAAAAAAAAAAAAAAAAAQ").unwrap());
        assert!(!is_zero_uuid("_gDu6VLZTiW340wZK4m0ZA").unwrap());
        assert!(is_zero_uuid("short").is_err());
    }

    #[test]
    fn list_renders_like_java() {
        let mut buf = Vec::new();
        TopicList {
            topics: vec!["a".into(), "b".into()],
        }
        .text(&mut buf)
        .unwrap();
        assert_eq!(buf, b"a\nb\n");
        let mut buf = Vec::new();
        TopicList { topics: vec![] }.text(&mut buf).unwrap();
        assert_eq!(buf, b"\n");
    }
}
