//! `kafka-reassign-partitions`: move partitions between brokers, and replicas between log
//! directories (Java's ReassignPartitionsCommand): `--generate` a plan, `--execute` it
//! (throttled), `--verify` it (and clear the throttles once it is done), `--cancel` it,
//! `--list` what is moving.

mod assign;
mod plan;
mod progress;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Parser, ValueHint};
use serde_json::{json, Value};

use self::assign::{assign_replicas, balance_leaders, BrokerRack, ClockRandom};
use self::plan::{
    check_execute, follower_throttles, java_int_set, java_string_set, leader_throttles,
    missing_partitions, parse_generate_args, parse_plan, proposed_moves, reassigning_brokers,
    reassignment_json, reassignment_value, Invalid, Plan,
};
use super::kafka_errors::exception_text;
use crate::client::admin::configs::{native as configs, ConfigChange, ResourceKind};
use crate::client::admin::partitions::TopicPartition;
use crate::client::admin::reassign::{self, BrokerError, Replica, ReplicaDirs};
use crate::client::admin::topic_partitions::Reassignment;
use crate::client::native::{rd_code, Native};
use crate::client::SettingsBuilder;
use crate::common::{ConnectionArgs, ControllerArgs};
use crate::error::{is_fatal, usage, Interrupted, Reported, UsageError};
use crate::output::{Format, OutputArgs};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Propose moving the partitions of the topics in topics.json ({\"topics\":[{\"topic\":\"foo\"}],\"version\":1}) to brokers 1 and 2",
        "kafka-reassign-partitions --bootstrap-server localhost:9092 --generate --topics-to-move-json-file topics.json --broker-list 1,2",
    ),
    (
        "Start the moves of plan.json, throttled to 10 MB/s",
        "kafka-reassign-partitions --bootstrap-server localhost:9092 --execute --reassignment-json-file plan.json --throttle 10000000",
    ),
    (
        "Check the moves (and remove the throttles once they are done)",
        "kafka-reassign-partitions --bootstrap-server localhost:9092 --verify --reassignment-json-file plan.json",
    ),
    (
        "List every ongoing reassignment",
        "kafka-reassign-partitions --bootstrap-server localhost:9092 --list",
    ),
];

/// Move topic partitions between brokers and log directories.
#[derive(Parser, Debug)]
#[command(name = "kafka-reassign-partitions", version)]
pub struct ReassignPartitionsArgs {
    /// Generate a candidate partition reassignment configuration (it is not executed)
    #[arg(long)]
    generate: bool,

    /// Kick off the reassignment given by --reassignment-json-file
    #[arg(long)]
    execute: bool,

    /// Verify whether the reassignment of --reassignment-json-file completed; once it has, the
    /// throttles are removed
    #[arg(long)]
    verify: bool,

    /// Cancel an active reassignment
    #[arg(long)]
    cancel: bool,

    /// List all active partition reassignments
    #[arg(long)]
    list: bool,

    /// The JSON file of the reassignment: {"partitions":[{"topic":"foo","partition":1,"replicas":[1,2,3],"log_dirs":["any","any","any"]}],"version":1} (log_dirs optional: "any" or an absolute log directory of the broker)
    #[arg(long = "reassignment-json-file", value_name = "FILE", value_hint = ValueHint::FilePath)]
    reassignment_json_file: Option<PathBuf>,

    /// The JSON file of the topics to move with --generate: {"topics":[{"topic":"foo"},{"topic":"foo1"}],"version":1}
    #[arg(long = "topics-to-move-json-file", value_name = "FILE", value_hint = ValueHint::FilePath)]
    topics_to_move_json_file: Option<PathBuf>,

    /// The brokers to move the partitions to, "0,1,2" (required with --generate)
    #[arg(long = "broker-list", value_name = "BROKERLIST")]
    broker_list: Option<String>,

    /// Disable rack aware replica assignment
    #[arg(long = "disable-rack-aware")]
    disable_rack_aware: bool,

    /// With --generate: also order each partition's replicas so that the preferred leaders are
    /// spread evenly over the brokers (not in the Java tool)
    #[arg(long = "balance-leaders")]
    balance_leaders: bool,

    /// Deny changing a partition's replication factor as part of this reassignment
    #[arg(long = "disallow-replication-factor-change")]
    disallow_replication_factor_change: bool,

    /// Throttle moves between brokers to this many bytes/sec (at least 1 KB/s); with
    /// --additional, changes the throttle of an ongoing reassignment [default: -1]
    #[arg(long, value_name = "BYTES_PER_SEC", allow_negative_numbers = true)]
    throttle: Option<String>,

    /// Throttle moves between log directories of a broker to this many bytes/sec [default: -1]
    #[arg(
        long = "replica-alter-log-dirs-throttle",
        value_name = "BYTES_PER_SEC",
        allow_negative_numbers = true
    )]
    replica_alter_log_dirs_throttle: Option<String>,

    /// The maximum time in ms to wait for log directory replica moves to begin [default: 10000]
    #[arg(long, value_name = "MS", allow_negative_numbers = true)]
    timeout: Option<String>,

    /// Execute this reassignment in addition to any other ongoing ones (also: change the
    /// throttle of an ongoing reassignment)
    #[arg(long)]
    additional: bool,

    /// Do not modify broker or topic throttles
    #[arg(long = "preserve-throttles")]
    preserve_throttles: bool,

    #[command(flatten)]
    controller: ControllerArgs,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// The one action of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Generate,
    Execute,
    Verify,
    Cancel,
    List,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Self::Generate => "generate",
            Self::Execute => "execute",
            Self::Verify => "verify",
            Self::Cancel => "cancel",
            Self::List => "list",
        }
    }
}

/// A failure Java prints on stdout as it is, without `Error: ` (its `TerseException`s).
#[derive(Debug)]
struct Terse(String);

impl std::fmt::Display for Terse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Terse {}

/// The numbers of a run, parsed as joptsimple parses a `Long`.
#[derive(Debug, Clone, Copy)]
struct Limits {
    throttle: i64,
    log_dir_throttle: i64,
    timeout_ms: i64,
}

fn long(value: Option<&str>, option: &str, default: i64) -> Result<i64> {
    match value {
        None => Ok(default),
        Some(v) => v
            .parse::<i64>()
            .map_err(|_| usage(format!("Cannot parse argument '{v}' of option {option}"))),
    }
}

impl ReassignPartitionsArgs {
    /// Java's checks, in Java's order: one action, one bootstrap option, the action's required
    /// options, and no option the action does not take.
    fn validate(&self) -> Result<(Action, Limits)> {
        let actions: Vec<Action> = [
            (self.generate, Action::Generate),
            (self.execute, Action::Execute),
            (self.verify, Action::Verify),
            (self.cancel, Action::Cancel),
            (self.list, Action::List),
        ]
        .into_iter()
        .filter_map(|(given, a)| given.then_some(a))
        .collect();
        let [action] = actions[..] else {
            return Err(usage(
                "Command must include exactly one action: --generate, --execute, --verify, --cancel, --list",
            ));
        };
        let by_server = match (
            &self.connection.bootstrap_server,
            &self.controller.bootstrap_controller,
        ) {
            (Some(_), Some(_)) => {
                return Err(usage(
                    "Please don't specify both --bootstrap-server and --bootstrap-controller",
                ))
            }
            (None, None) => {
                return Err(usage(
                    "Please specify either --bootstrap-server or --bootstrap-controller",
                ))
            }
            (server, _) => server.is_some(),
        };
        let required: &[(&str, bool)] = match action {
            Action::Verify | Action::Execute | Action::Cancel => &[(
                "reassignment-json-file",
                self.reassignment_json_file.is_some(),
            )],
            Action::Generate => &[
                (
                    "topics-to-move-json-file",
                    self.topics_to_move_json_file.is_some(),
                ),
                ("broker-list", self.broker_list.is_some()),
            ],
            Action::List => &[],
        };
        if let Some((name, _)) = required.iter().find(|(_, given)| !given) {
            return Err(usage(format!("Missing required argument \"[{name}]\"")));
        }
        let given: [(&str, bool); 14] = [
            ("additional", self.additional),
            ("bootstrap-controller", !by_server),
            ("bootstrap-server", by_server),
            ("broker-list", self.broker_list.is_some()),
            ("disable-rack-aware", self.disable_rack_aware),
            ("balance-leaders", self.balance_leaders),
            (
                "disallow-replication-factor-change",
                self.disallow_replication_factor_change,
            ),
            ("preserve-throttles", self.preserve_throttles),
            (
                "reassignment-json-file",
                self.reassignment_json_file.is_some(),
            ),
            (
                "replica-alter-log-dirs-throttle",
                self.replica_alter_log_dirs_throttle.is_some(),
            ),
            ("throttle", self.throttle.is_some()),
            ("timeout", self.timeout.is_some()),
            (
                "topics-to-move-json-file",
                self.topics_to_move_json_file.is_some(),
            ),
            ("command-config", self.connection.command_config.is_some()),
        ];
        let permitted: &[&str] = match action {
            Action::Verify => &[
                "bootstrap-server",
                "reassignment-json-file",
                "preserve-throttles",
            ],
            Action::Generate => &[
                "bootstrap-server",
                "broker-list",
                "topics-to-move-json-file",
                "disable-rack-aware",
                "balance-leaders",
            ],
            Action::Execute => &[
                "additional",
                "bootstrap-server",
                "reassignment-json-file",
                "throttle",
                "replica-alter-log-dirs-throttle",
                "timeout",
                "disallow-replication-factor-change",
            ],
            Action::Cancel => &[
                "bootstrap-server",
                "bootstrap-controller",
                "reassignment-json-file",
                "preserve-throttles",
                "timeout",
            ],
            Action::List => &["bootstrap-server", "bootstrap-controller"],
        };
        if let Some((name, _)) = given
            .iter()
            .find(|(name, on)| *on && *name != "command-config" && !permitted.contains(name))
        {
            return Err(usage(format!(
                "Option \"[{name}]\" can't be used with action \"[{}]\"",
                action.name()
            )));
        }
        let limits = Limits {
            throttle: long(self.throttle.as_deref(), "throttle", -1)?,
            log_dir_throttle: long(
                self.replica_alter_log_dirs_throttle.as_deref(),
                "replica-alter-log-dirs-throttle",
                -1,
            )?,
            timeout_ms: long(self.timeout.as_deref(), "timeout", 10_000)?,
        };
        Ok((action, limits))
    }
}

/// Reads a file as Java's `Utils.readFileAsString` does (`Unable to read file <path>`).
fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|_| anyhow::Error::new(Invalid(format!("Unable to read file {}", path.display()))))
}

/// Java's text of a broker error: the exception class and message.
fn broker_error(err: &BrokerError) -> String {
    exception_text(rd_code(err.0), Some(&err.1))
}

/// A run: the native client, the output, and the JSON document being built.
struct Run<'a> {
    native: Native,
    ctx: &'a mut Context,
    doc: serde_json::Map<String, Value>,
}

impl Run<'_> {
    fn json(&self) -> bool {
        self.ctx.out.format() == Format::Json
    }

    /// Prints Java's text (nothing with `--output json`).
    fn print(&mut self, text: &str) -> Result<()> {
        if !self.json() {
            self.ctx.out.write_bytes(text.as_bytes())?;
            self.ctx.out.flush()?;
        }
        Ok(())
    }

    fn set(&mut self, key: &str, value: Value) {
        self.doc.insert(key.to_string(), value);
    }

    /// Ongoing reassignments (of `partitions`, or all); Java fails on an error.
    async fn reassignments(
        &self,
        partitions: Option<&[TopicPartition]>,
    ) -> Result<BTreeMap<TopicPartition, Reassignment>> {
        reassign::list_reassignments(&self.native, partitions)
            .await?
            .map_err(|e| anyhow::Error::new(Invalid(broker_error(&e))))
    }

    /// The current replicas of the partitions of `topics`; an unknown topic is Java's
    /// `Topic <name> not found.`.
    async fn current_assignment(
        &self,
        topics: &[String],
    ) -> Result<BTreeMap<TopicPartition, Vec<i32>>> {
        let found = reassign::replica_assignment(&self.native, topics).await?;
        let mut out = BTreeMap::new();
        for topic in topics {
            match found.get(topic) {
                Some(Ok(parts)) => {
                    for (p, r) in parts {
                        out.insert(TopicPartition::new(topic.clone(), *p), r.clone());
                    }
                }
                Some(Err((3, _))) | None => {
                    return Err(anyhow::Error::new(Invalid(format!(
                        "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic {topic} not found."
                    ))))
                }
                Some(Err(e)) => return Err(anyhow::Error::new(Invalid(broker_error(e)))),
            }
        }
        Ok(out)
    }

    /// The log directory of each replica of `current` on a live broker (Java's
    /// `getReplicaToLogDir`: the current assignment is printed with its directories).
    async fn current_log_dirs(
        &self,
        current: &BTreeMap<TopicPartition, Vec<i32>>,
    ) -> Result<BTreeMap<Replica, String>> {
        let live: BTreeSet<i32> = self.native.nodes().await?.iter().map(|n| n.id).collect();
        let replicas: Vec<Replica> = current
            .iter()
            .flat_map(|(tp, brokers)| {
                brokers
                    .iter()
                    .filter(|b| live.contains(b))
                    .map(|&broker| Replica {
                        broker,
                        topic: tp.topic.clone(),
                        partition: tp.partition,
                    })
            })
            .collect();
        Ok(reassign::replica_dirs(&self.native, &replicas)
            .await?
            .into_iter()
            .filter_map(|(r, dirs)| dirs.current.map(|d| (r, d)))
            .collect())
    }

    async fn generate(&mut self, args: &ReassignPartitionsArgs) -> Result<()> {
        let topics_json = read(
            args.topics_to_move_json_file
                .as_deref()
                .unwrap_or(Path::new("")),
        )?;
        let (brokers, topics) = parse_generate_args(
            &topics_json,
            args.broker_list.as_deref().unwrap_or_default(),
        )?;
        let current = self.current_assignment(&topics).await?;
        let rack_aware = !args.disable_rack_aware;
        let wanted: BTreeSet<i32> = brokers.iter().copied().collect();
        let metadata: Vec<BrokerRack> = self
            .native
            .nodes()
            .await?
            .into_iter()
            .filter(|n| wanted.contains(&n.id))
            .map(|n| BrokerRack {
                id: n.id,
                rack: n.rack.filter(|_| rack_aware),
            })
            .collect();
        let rackless = metadata.iter().filter(|b| b.rack.is_none()).count();
        if rack_aware && rackless != 0 && rackless != metadata.len() {
            return Err(anyhow::Error::new(Invalid(
                "Not all brokers have rack information. Add --disable-rack-aware in command line to make replica assignment without rack information.".into(),
            )));
        }
        let mut proposed: Vec<(String, i32, Vec<i32>)> = Vec::new();
        let mut rng = ClockRandom::new();
        for (topic, parts) in plan::by_topic(&current) {
            let rf = parts.first().map_or(0, |(_, r)| r.len());
            let assigned = assign_replicas(&metadata, parts.len(), rf, &mut rng)
                .map_err(|e| anyhow::Error::new(Invalid(e.0)))?;
            for (p, replicas) in assigned {
                proposed.push((topic.clone(), p, replicas));
            }
        }
        if args.balance_leaders {
            balance_leaders(&mut proposed);
        }
        let proposed: BTreeMap<TopicPartition, Vec<i32>> = proposed
            .into_iter()
            .map(|(t, p, r)| (TopicPartition::new(t, p), r))
            .collect();
        let none = BTreeMap::new();
        let dirs = self.current_log_dirs(&current).await?;
        self.print(&format!(
            "Current partition replica assignment\n{}\n\nProposed partition reassignment configuration\n{}\n",
            reassignment_json(&current, &dirs),
            reassignment_json(&proposed, &none)
        ))?;
        self.set("current", reassignment_value(&current, &dirs));
        self.set("proposed", reassignment_value(&proposed, &none));
        Ok(())
    }

    async fn execute(&mut self, args: &ReassignPartitionsArgs, limits: Limits) -> Result<()> {
        let plan = parse_plan(&read(
            args.reassignment_json_file
                .as_deref()
                .unwrap_or(Path::new("")),
        )?)?;
        let proposed = check_execute(&plan)?;
        let ongoing = self.reassignments(None).await?;
        if !args.additional && !ongoing.is_empty() {
            return Err(anyhow::Error::new(Terse(
                "Cannot execute because there is an existing partition assignment.  Use --additional to override this and create a new partition assignment in addition to the existing one. The --additional flag can also be used to change the throttle by resubmitting the current reassignment.".into(),
            )));
        }
        let known: BTreeSet<i32> = self.native.nodes().await?.iter().map(|n| n.id).collect();
        let wanted = java_int_set(proposed.values().flatten().copied());
        if let Some(unknown) = wanted.iter().find(|b| !known.contains(b)) {
            return Err(anyhow::Error::new(Invalid(format!(
                "Unknown broker id {unknown}"
            ))));
        }
        let topics: Vec<String> = java_string_set(proposed.keys().map(|tp| tp.topic.clone()));
        let all = self.current_assignment(&topics).await?;
        let current: BTreeMap<TopicPartition, Vec<i32>> = all
            .into_iter()
            .filter(|(tp, _)| proposed.contains_key(tp))
            .collect();
        let missing = missing_partitions(&proposed, &current);
        if !missing.is_empty() {
            return Err(anyhow::Error::new(Invalid(format!(
                "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Unable to find partition: {}",
                missing.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ))));
        }
        let dirs = self.current_log_dirs(&current).await?;
        self.print(&format!(
            "Current partition replica assignment\n\n{}\n\nSave this to use as the --reassignment-json-file option during rollback\n",
            reassignment_json(&current, &dirs)
        ))?;
        self.set("current", reassignment_value(&current, &dirs));
        if limits.throttle >= 0 || limits.log_dir_throttle >= 0 {
            self.print("Warning: You must run --verify periodically, until the reassignment completes, to ensure the throttle is removed.\n")?;
            if limits.throttle >= 0 {
                let moves = proposed_moves(&ongoing, &proposed, &current);
                self.set_topic_throttles(&moves).await?;
                let brokers: Vec<i32> = reassigning_brokers(&moves).into_iter().collect();
                let rate = limits.throttle.to_string();
                self.alter_brokers(
                    &brokers,
                    &[
                        ConfigChange::Set("leader.replication.throttled.rate".into(), rate.clone()),
                        ConfigChange::Set("follower.replication.throttled.rate".into(), rate),
                    ],
                )
                .await?;
                self.print(&format!(
                    "The inter-broker throttle limit was set to {} B/s\n",
                    limits.throttle
                ))?;
                self.set("throttle", json!(limits.throttle));
            }
            if limits.log_dir_throttle >= 0 {
                let brokers: Vec<i32> = plan
                    .log_dirs
                    .keys()
                    .map(|r| r.broker)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                self.alter_brokers(
                    &brokers,
                    &[ConfigChange::Set(
                        "replica.alter.log.dirs.io.max.bytes.per.second".into(),
                        limits.log_dir_throttle.to_string(),
                    )],
                )
                .await?;
                self.print(&format!(
                    "The replica-alter-dir throttle limit was set to {} B/s\n",
                    limits.log_dir_throttle
                ))?;
                self.set("log_dir_throttle", json!(limits.log_dir_throttle));
            }
        }
        let changes: Vec<(TopicPartition, Option<Vec<i32>>)> = proposed
            .iter()
            .map(|(tp, r)| (tp.clone(), Some(r.clone())))
            .collect();
        let errors = reassign::alter_reassignments(
            &self.native,
            &changes,
            !args.disallow_replication_factor_change,
        )
        .await?;
        if !errors.is_empty() {
            return Err(anyhow::Error::new(Terse(format!(
                "Error reassigning partition(s):\n{}",
                errors
                    .iter()
                    .map(|(tp, e)| format!("{tp}: {}", e.1))
                    .collect::<Vec<_>>()
                    .join("\n")
            ))));
        }
        let started: Vec<String> = proposed.keys().map(ToString::to_string).collect();
        self.print(&format!(
            "Successfully started partition reassignment{} for {}\n",
            if started.len() == 1 { "" } else { "s" },
            started.join(",")
        ))?;
        self.set("started", json!(started));
        if !plan.log_dirs.is_empty() {
            let moved = self
                .execute_moves(plan.log_dirs.clone(), limits.timeout_ms)
                .await?;
            self.set("log_dir_moves_started", moved);
        }
        Ok(())
    }

    /// Sets the topic-level throttled replicas of every moving partition.
    async fn set_topic_throttles(
        &mut self,
        moves: &BTreeMap<String, BTreeMap<i32, plan::Move>>,
    ) -> Result<()> {
        let leaders = leader_throttles(moves);
        let followers = follower_throttles(moves);
        for topic in moves.keys() {
            let mut changes = Vec::new();
            if let Some(v) = leaders.get(topic) {
                changes.push(ConfigChange::Set(
                    "leader.replication.throttled.replicas".into(),
                    v.clone(),
                ));
            }
            if let Some(v) = followers.get(topic) {
                changes.push(ConfigChange::Set(
                    "follower.replication.throttled.replicas".into(),
                    v.clone(),
                ));
            }
            self.alter(ResourceKind::Topic, topic, &changes).await?;
        }
        Ok(())
    }

    async fn alter_brokers(&mut self, brokers: &[i32], changes: &[ConfigChange]) -> Result<()> {
        for broker in brokers {
            self.alter(ResourceKind::Broker, &broker.to_string(), changes)
                .await?;
        }
        Ok(())
    }

    async fn alter(
        &mut self,
        kind: ResourceKind,
        name: &str,
        changes: &[ConfigChange],
    ) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        if let Some((code, text)) = configs::alter(&self.native, kind, name, changes).await? {
            return Err(anyhow::Error::new(Invalid(exception_text(
                code,
                Some(&text),
            ))));
        }
        Ok(())
    }

    /// Starts the log directory moves, retrying the replicas that are not on their broker yet
    /// until `timeout_ms` (Java's `executeMoves`); the started moves.
    async fn execute_moves(
        &mut self,
        moves: BTreeMap<Replica, String>,
        timeout_ms: i64,
    ) -> Result<Value> {
        let deadline = std::time::Instant::now()
            + std::time::Duration::from_millis(u64::try_from(timeout_ms).unwrap_or(0));
        let mut pending = moves;
        let mut started = Vec::new();
        loop {
            let errors = reassign::alter_replica_dirs(&self.native, &pending).await?;
            for (replica, err) in &errors {
                // REPLICA_NOT_AVAILABLE: the replica has not reached its broker yet.
                if err.0 != 9 {
                    return Err(anyhow::Error::new(Invalid(format!(
                        "Failed to alter dir for {replica}"
                    ))));
                }
            }
            let done: Vec<Replica> = pending
                .keys()
                .filter(|r| !errors.contains_key(r))
                .cloned()
                .collect();
            for replica in &done {
                let dir = pending.remove(replica).unwrap_or_default();
                self.print(&format!(
                    "Successfully started moving log directory to {dir} for replica {}-{} with broker {} \n",
                    replica.topic, replica.partition, replica.broker
                ))?;
                started.push(json!({
                    "topic": replica.topic,
                    "partition": replica.partition,
                    "broker": replica.broker,
                    "log_dir": dir,
                }));
            }
            if pending.is_empty() {
                return Ok(Value::from(started));
            }
            if std::time::Instant::now() >= deadline {
                return Err(anyhow::Error::new(Terse(format!(
                    "Timed out before log directory move{} could be started for: {}",
                    if pending.len() == 1 { "" } else { "s" },
                    pending
                        .keys()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(",")
                ))));
            }
            self.ctx.shutdown.check()?;
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    async fn verify(&mut self, args: &ReassignPartitionsArgs) -> Result<()> {
        let plan = parse_plan(&read(
            args.reassignment_json_file
                .as_deref()
                .unwrap_or(Path::new("")),
        )?)?;
        if progress::wanted(self.ctx) {
            progress::watch(&self.native, self.ctx, &plan).await?;
        }
        let (states, parts_ongoing) = self.partition_states(&plan).await?;
        let mut text = String::from("Status of partition reassignment:");
        let mut rows = Vec::new();
        for (tp, state) in &states {
            text.push('\n');
            text.push_str(&state.line(tp));
            rows.push(json!({
                "topic": tp.topic,
                "partition": tp.partition,
                "status": state.status(),
                "current_replicas": state.current,
                "target_replicas": state.target,
            }));
        }
        text.push('\n');
        self.print(&text)?;
        self.set("partitions", Value::from(rows));
        let moves = self.move_states(&plan.log_dirs).await?;
        let moves_ongoing = moves.values().any(|m| !m.done());
        let lines: Vec<String> = moves.iter().map(|(r, m)| m.line(r)).collect();
        self.print(&format!("{}\n", lines.join("\n")))?;
        self.set(
            "replicas",
            Value::from(moves.iter().map(|(r, m)| m.json(r)).collect::<Vec<_>>()),
        );
        self.set("partitions_ongoing", json!(parts_ongoing));
        self.set("moves_ongoing", json!(moves_ongoing));
        if !parts_ongoing && !moves_ongoing && !args.preserve_throttles {
            self.clear_all_throttles(&plan).await?;
        }
        Ok(())
    }

    /// Java's `findPartitionReassignmentStates`: each partition of the plan, and whether any
    /// reassignment at all is under way in the cluster.
    async fn partition_states(
        &self,
        plan: &Plan,
    ) -> Result<(BTreeMap<TopicPartition, PartState>, bool)> {
        let ongoing = self.reassignments(None).await?;
        let topics: Vec<String> = java_string_set(
            plan.partitions
                .iter()
                .filter(|(tp, _)| !ongoing.contains_key(tp))
                .map(|(tp, _)| tp.topic.clone()),
        );
        let described = reassign::replica_assignment(&self.native, &topics).await?;
        let mut states = BTreeMap::new();
        for (tp, target) in &plan.partitions {
            let state = if let Some(r) = ongoing.get(tp) {
                PartState {
                    current: r.replicas.clone(),
                    target: target.clone(),
                    done: false,
                }
            } else {
                let current = match described.get(&tp.topic) {
                    Some(Ok(parts)) => {
                        if tp.partition >= 0 && tp.partition as usize == parts.len() {
                            // Java's off-by-one check lets this through to a list index.
                            return Err(anyhow::Error::new(Invalid(format!(
                                "Index {0} out of bounds for length {0}",
                                parts.len()
                            ))));
                        }
                        parts.get(&tp.partition).cloned().unwrap_or_default()
                    }
                    Some(Err((3, _))) | None => Vec::new(),
                    Some(Err(e)) => return Err(anyhow::Error::new(Invalid(broker_error(e)))),
                };
                PartState {
                    current,
                    target: target.clone(),
                    done: true,
                }
            };
            states.insert(tp.clone(), state);
        }
        Ok((states, !ongoing.is_empty()))
    }

    /// Java's `findLogDirMoveStates`.
    async fn move_states(
        &self,
        targets: &BTreeMap<Replica, String>,
    ) -> Result<BTreeMap<Replica, MoveState>> {
        if targets.is_empty() {
            return Ok(BTreeMap::new());
        }
        let replicas: Vec<Replica> = targets.keys().cloned().collect();
        let found = reassign::replica_dirs(&self.native, &replicas).await?;
        Ok(targets
            .iter()
            .map(|(r, target)| (r.clone(), MoveState::of(found.get(r), target)))
            .collect())
    }

    /// Removes the throttles of every broker (all of the cluster's and the plan's) and of the
    /// plan's topics, printing Java's two lines.
    async fn clear_all_throttles(&mut self, plan: &Plan) -> Result<()> {
        let nodes: Vec<i32> = self.native.nodes().await?.iter().map(|n| n.id).collect();
        let brokers = java_int_set(
            nodes
                .iter()
                .copied()
                .chain(plan.partitions.iter().flat_map(|(_, r)| r.iter().copied())),
        );
        self.print(&format!(
            "Clearing broker-level throttles on broker{} {}\n",
            if brokers.len() == 1 { "" } else { "s" },
            brokers
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        ))?;
        let known: Vec<i32> = brokers
            .iter()
            .copied()
            .filter(|b| nodes.contains(b))
            .collect();
        self.alter_brokers(
            &known,
            &[
                ConfigChange::Delete("leader.replication.throttled.rate".into()),
                ConfigChange::Delete("follower.replication.throttled.rate".into()),
                ConfigChange::Delete("replica.alter.log.dirs.io.max.bytes.per.second".into()),
            ],
        )
        .await?;
        let topics = java_string_set(plan.partitions.iter().map(|(tp, _)| tp.topic.clone()));
        self.print(&format!(
            "Clearing topic-level throttles on topic{} {}\n",
            if topics.len() == 1 { "" } else { "s" },
            topics.join(",")
        ))?;
        for topic in &topics {
            self.alter(
                ResourceKind::Topic,
                topic,
                &[
                    ConfigChange::Delete("leader.replication.throttled.replicas".into()),
                    ConfigChange::Delete("follower.replication.throttled.replicas".into()),
                ],
            )
            .await?;
        }
        self.set(
            "throttles_cleared",
            json!({ "brokers": brokers, "topics": topics }),
        );
        Ok(())
    }

    async fn cancel(&mut self, args: &ReassignPartitionsArgs, limits: Limits) -> Result<()> {
        let plan = parse_plan(&read(
            args.reassignment_json_file
                .as_deref()
                .unwrap_or(Path::new("")),
        )?)?;
        let parts: Vec<TopicPartition> = plan
            .partitions
            .iter()
            .map(|(tp, _)| tp.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let active: Vec<TopicPartition> = if parts.is_empty() {
            Vec::new()
        } else {
            self.reassignments(Some(&parts))
                .await?
                .into_iter()
                .filter(|(_, r)| r.adding.is_empty() || !r.removing.is_empty())
                .map(|(tp, _)| tp)
                .collect()
        };
        if active.is_empty() {
            self.print("None of the specified partition reassignments are active.\n")?;
        } else {
            let changes: Vec<(TopicPartition, Option<Vec<i32>>)> =
                active.iter().map(|tp| (tp.clone(), None)).collect();
            let errors = reassign::alter_reassignments(&self.native, &changes, true).await?;
            if !errors.is_empty() {
                return Err(anyhow::Error::new(Terse(format!(
                    "Error cancelling partition reassignment{} for:\n{}",
                    if errors.len() == 1 { "" } else { "s" },
                    errors
                        .iter()
                        .map(|(tp, e)| format!("{tp}: {}", e.1))
                        .collect::<Vec<_>>()
                        .join("\n")
                ))));
            }
            self.print(&format!(
                "Successfully cancelled partition reassignment{} for: {}\n",
                if active.len() == 1 { "" } else { "s" },
                active
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            ))?;
        }
        self.set(
            "cancelled",
            json!(active.iter().map(ToString::to_string).collect::<Vec<_>>()),
        );
        let moving: BTreeMap<Replica, String> = self
            .move_states(&plan.log_dirs)
            .await?
            .into_iter()
            .filter_map(|(r, m)| match m {
                MoveState::Active { current, .. } => Some((r, current)),
                _ => None,
            })
            .collect();
        if moving.is_empty() {
            // Java prints this one without a line end.
            self.print("None of the specified partition moves are active.")?;
            self.set("moves_cancelled", json!([]));
        } else {
            let moved = self.execute_moves(moving, limits.timeout_ms).await?;
            self.set("moves_cancelled", moved);
        }
        if !args.preserve_throttles {
            self.clear_all_throttles(&plan).await?;
        }
        Ok(())
    }

    async fn list(&mut self) -> Result<()> {
        let ongoing = self.reassignments(None).await?;
        let ids = |v: &[i32]| {
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        let lines: Vec<String> = ongoing
            .iter()
            .map(|(tp, r)| {
                let mut line = format!("{tp}: replicas: {}.", ids(&r.replicas));
                if !r.adding.is_empty() {
                    line.push_str(&format!(" adding: {}.", ids(&r.adding)));
                }
                if !r.removing.is_empty() {
                    line.push_str(&format!(" removing: {}.", ids(&r.removing)));
                }
                line
            })
            .collect();
        if lines.is_empty() {
            self.print("No partition reassignments found.\n")?;
        } else {
            self.print(&format!(
                "Current partition reassignments:\n{}\n",
                lines.join("\n")
            ))?;
        }
        self.set(
            "reassignments",
            Value::from(
                ongoing
                    .iter()
                    .map(|(tp, r)| {
                        json!({
                            "topic": tp.topic,
                            "partition": tp.partition,
                            "replicas": r.replicas,
                            "adding": r.adding,
                            "removing": r.removing,
                        })
                    })
                    .collect::<Vec<_>>(),
            ),
        );
        Ok(())
    }
}

/// A partition's reassignment state (Java's `PartitionReassignmentState`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct PartState {
    current: Vec<i32>,
    target: Vec<i32>,
    done: bool,
}

impl PartState {
    fn status(&self) -> &'static str {
        match (self.done, self.current == self.target) {
            (false, _) => "in_progress",
            (true, true) => "completed",
            (true, false) => "not_moving",
        }
    }

    fn line(&self, tp: &TopicPartition) -> String {
        let ids = |v: &[i32]| {
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        match self.status() {
            "in_progress" => format!("Reassignment of partition {tp} is still in progress."),
            "completed" => format!("Reassignment of partition {tp} is completed."),
            _ => format!(
                "There is no active reassignment of partition {tp}, but replica set is {} rather than {}.",
                ids(&self.current),
                ids(&self.target)
            ),
        }
    }
}

/// A replica's log directory move state (Java's `LogDirMoveState` classes).
#[derive(Debug, Clone, PartialEq, Eq)]
enum MoveState {
    /// The broker does not hold the replica.
    MissingReplica { target: String },
    /// The replica is in no live log directory.
    MissingLogDir { target: String },
    /// The replica is being copied to `future`.
    Active {
        current: String,
        target: String,
        future: String,
    },
    /// No move is under way and the replica is not in the target directory.
    Cancelled { current: String, target: String },
    /// The replica is in the target directory.
    Completed { target: String },
}

impl MoveState {
    fn of(found: Option<&ReplicaDirs>, target: &str) -> Self {
        let target = target.to_string();
        let Some(dirs) = found else {
            return Self::MissingReplica { target };
        };
        match (&dirs.current, &dirs.future) {
            (None, _) => Self::MissingLogDir { target },
            (Some(current), None) if *current == target => Self::Completed { target },
            (Some(current), None) => Self::Cancelled {
                current: current.clone(),
                target,
            },
            (Some(current), Some(future)) => Self::Active {
                current: current.clone(),
                target,
                future: future.clone(),
            },
        }
    }

    fn done(&self) -> bool {
        matches!(self, Self::Cancelled { .. } | Self::Completed { .. })
    }

    fn line(&self, r: &Replica) -> String {
        let (topic, partition, broker) = (&r.topic, r.partition, r.broker);
        match self {
            Self::MissingLogDir { .. } => format!("Partition {topic}-{partition} is not found in any live log dir on broker {broker}. There is likely an offline log directory on the broker."),
            Self::MissingReplica { .. } => format!("Partition {topic}-{partition} cannot be found in any live log directory on broker {broker}."),
            Self::Active { target, future, .. } if target == future => format!("Reassignment of replica {r} is still in progress."),
            Self::Active { target, future, .. } => format!("Partition {topic}-{partition} on broker {broker} is being moved to log dir {future} instead of {target}."),
            Self::Cancelled { current, target } => format!("Partition {topic}-{partition} on broker {broker} is not being moved from log dir {current} to {target}."),
            Self::Completed { .. } => format!("Reassignment of replica {r} completed successfully."),
        }
    }

    fn json(&self, r: &Replica) -> Value {
        let (status, current, target, future) = match self {
            Self::MissingReplica { target } => ("missing_replica", None, target, None),
            Self::MissingLogDir { target } => ("missing_log_dir", None, target, None),
            Self::Active {
                current,
                target,
                future,
            } => ("in_progress", Some(current), target, Some(future)),
            Self::Cancelled { current, target } => ("not_moving", Some(current), target, None),
            Self::Completed { target } => ("completed", Some(target), target, None),
        };
        json!({
            "topic": r.topic,
            "partition": r.partition,
            "broker": r.broker,
            "status": status,
            "current_log_dir": current,
            "target_log_dir": target,
            "future_log_dir": future,
        })
    }
}

impl Tool for ReassignPartitionsArgs {
    const NAME: &'static str = "kafka-reassign-partitions";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let (action, limits) = self.validate()?;
        let (connection, controllers) = self.controller.choose(
            &self.connection,
            "Please specify either --bootstrap-server or --bootstrap-controller",
            "Please don't specify both --bootstrap-server and --bootstrap-controller",
        )?;
        let settings = SettingsBuilder::new(&connection)
            .default_value("client.id", "reassign-partitions-tool")
            .build()?;
        let native = Native::new(&settings, ctx.shutdown.clone(), controllers)?;
        let mut run = Run {
            native,
            ctx,
            doc: serde_json::Map::new(),
        };
        let result = match action {
            Action::Generate => run.generate(&self).await,
            Action::Execute => run.execute(&self, limits).await,
            Action::Verify => run.verify(&self).await,
            Action::Cancel => run.cancel(&self, limits).await,
            Action::List => run.list().await,
        };
        let Run { ctx, doc, .. } = run;
        match result {
            Ok(()) => {
                if ctx.out.format() == Format::Json {
                    ctx.out.emit(&JsonDoc(Value::Object(doc)))?;
                }
                Ok(())
            }
            Err(err)
                if ctx.out.format() != Format::Json
                    && err.downcast_ref::<UsageError>().is_none()
                    && err.downcast_ref::<Interrupted>().is_none()
                    && !is_fatal(&err) =>
            {
                // Java prints its failures on stdout: a TerseException's message as it is,
                // anything else as `Error: <message>` (and a stack trace, left out here).
                let text = match err.downcast_ref::<Terse>() {
                    Some(t) => t.0.clone(),
                    None => format!("Error: {err:#}"),
                };
                ctx.out.line(&text)?;
                ctx.out.flush()?;
                Err(anyhow::Error::new(Reported(err)))
            }
            Err(err) => Err(err),
        }
    }
}

/// The JSON document of a run.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct JsonDoc(Value);

impl crate::output::Render for JsonDoc {
    fn text(&self, _: &mut dyn std::io::Write) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(argv: &[&str]) -> String {
        ReassignPartitionsArgs::try_parse_from(
            std::iter::once("kafka-reassign-partitions").chain(argv.iter().copied()),
        )
        .unwrap()
        .validate()
        .unwrap_err()
        .to_string()
    }

    #[test]
    fn javas_checks_in_javas_order() {
        assert_eq!(
            error(&["--bootstrap-server", "b:1"]),
            "Command must include exactly one action: --generate, --execute, --verify, --cancel, --list"
        );
        assert_eq!(
            error(&["--list"]),
            "Please specify either --bootstrap-server or --bootstrap-controller"
        );
        assert_eq!(
            error(&[
                "--list",
                "--bootstrap-server",
                "b:1",
                "--bootstrap-controller",
                "c:1"
            ]),
            "Please don't specify both --bootstrap-server and --bootstrap-controller"
        );
        assert_eq!(
            error(&["--verify", "--bootstrap-server", "b:1"]),
            "Missing required argument \"[reassignment-json-file]\""
        );
        assert_eq!(
            error(&[
                "--generate",
                "--bootstrap-server",
                "b:1",
                "--broker-list",
                "1"
            ]),
            "Missing required argument \"[topics-to-move-json-file]\""
        );
        assert_eq!(
            error(&[
                "--verify",
                "--bootstrap-server",
                "b:1",
                "--reassignment-json-file",
                "f",
                "--throttle",
                "5"
            ]),
            "Option \"[throttle]\" can't be used with action \"[verify]\""
        );
        assert_eq!(
            error(&[
                "--verify",
                "--bootstrap-controller",
                "c:1",
                "--reassignment-json-file",
                "f"
            ]),
            "Option \"[bootstrap-controller]\" can't be used with action \"[verify]\""
        );
        assert_eq!(
            error(&[
                "--execute",
                "--bootstrap-server",
                "b:1",
                "--reassignment-json-file",
                "f",
                "--throttle",
                "x"
            ]),
            "Cannot parse argument 'x' of option throttle"
        );
        assert_eq!(
            error(&[
                "--execute",
                "--bootstrap-server",
                "b:1",
                "--reassignment-json-file",
                "f",
                "--balance-leaders"
            ]),
            "Option \"[balance-leaders]\" can't be used with action \"[execute]\""
        );
    }

    #[test]
    fn partition_states_print_javas_lines() {
        let tp = TopicPartition::new("t", 0);
        let s = |current: Vec<i32>, target: Vec<i32>, done| PartState {
            current,
            target,
            done,
        };
        assert_eq!(
            s(vec![1, 2], vec![1, 2], true).line(&tp),
            "Reassignment of partition t-0 is completed."
        );
        assert_eq!(
            s(vec![1, 2, 3], vec![1, 2], false).line(&tp),
            "Reassignment of partition t-0 is still in progress."
        );
        assert_eq!(
            s(vec![3], vec![1, 2], true).line(&tp),
            "There is no active reassignment of partition t-0, but replica set is 3 rather than 1,2."
        );
    }

    #[test]
    fn move_states_follow_the_replicas_directories() {
        let r = Replica {
            broker: 1,
            topic: "t".into(),
            partition: 0,
        };
        let dirs = |current: Option<&str>, future: Option<&str>| ReplicaDirs {
            current: current.map(Into::into),
            future: future.map(Into::into),
        };
        assert_eq!(
            MoveState::of(None, "/a").line(&r),
            "Partition t-0 cannot be found in any live log directory on broker 1."
        );
        assert_eq!(
            MoveState::of(Some(&dirs(Some("/a"), None)), "/a").line(&r),
            "Reassignment of replica t-0-1 completed successfully."
        );
        assert_eq!(
            MoveState::of(Some(&dirs(Some("/b"), None)), "/a").line(&r),
            "Partition t-0 on broker 1 is not being moved from log dir /b to /a."
        );
        assert_eq!(
            MoveState::of(Some(&dirs(Some("/b"), Some("/a"))), "/a").line(&r),
            "Reassignment of replica t-0-1 is still in progress."
        );
        assert_eq!(
            MoveState::of(Some(&dirs(Some("/b"), Some("/c"))), "/a").line(&r),
            "Partition t-0 on broker 1 is being moved to log dir /c instead of /a."
        );
        assert!(!MoveState::of(Some(&dirs(None, Some("/a"))), "/a").done());
    }
}
