//! `kafka-configs`: describe and alter the dynamic configs of topics, brokers and groups
//! (Java's ConfigCommand, reference kafka-tools.md §6).
//!
//! Arguments are resolved into a [`Request`] first (Java's checks, in Java's order and wording);
//! nothing below [`ConfigsArgs::resolve`] sees a clap type. What librdkafka 2.12 cannot
//! address (broker loggers, client metrics, the cluster-wide broker defaults, quotas of users,
//! clients and ips, SCRAM credentials, and anything with `--bootstrap-controller`) goes through
//! the native protocol path.

mod describe;
mod java;
pub(crate) mod parse;
pub(crate) mod quotas;

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use clap::{Parser, ValueHint};
use rdkafka::types::RDKafkaErrorCode;
use serde::Serialize;

use crate::client::admin::configs::{ConfigChange, ConfigSource, ResourceKind};
use crate::client::native::Native;
use crate::client::{denied, Admin, SettingsBuilder, ABSENT_GRACE};
use crate::common::{ConnectionArgs, ControllerArgs};
use crate::error::usage;
use crate::output::{Format, OutputArgs, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Set a topic's retention and cleanup policy",
        "kafka-configs --bootstrap-server localhost:9092 --alter --topic hello.kafka --add-config 'retention.ms=3600000,cleanup.policy=[compact,delete]'",
    ),
    (
        "Show a topic's dynamic configs",
        "kafka-configs --bootstrap-server localhost:9092 --describe --topic hello.kafka",
    ),
    (
        "Show every config of broker 1, with where each value comes from",
        "kafka-configs --bootstrap-server localhost:9092 --describe --broker 1 --all",
    ),
    (
        "Remove a topic override",
        "kafka-configs --bootstrap-server localhost:9092 --alter --topic hello.kafka --delete-config retention.ms",
    ),
    (
        "Limit a user's produce rate, then list every user's quotas and SCRAM credentials",
        "kafka-configs --bootstrap-server localhost:9092 --alter --user alice --add-config producer_byte_rate=1048576 && kafka-configs --bootstrap-server localhost:9092 --describe --entity-type users",
    ),
    (
        "Give a user a SCRAM-SHA-256 password (salted here; the password is not sent)",
        "kafka-configs --bootstrap-server localhost:9092 --alter --user alice --add-config 'SCRAM-SHA-256=[iterations=8192,password=alice-secret]'",
    ),
];

/// Describe or change the dynamic configs of topics, brokers, broker loggers, groups and client
/// metrics, the quotas of users, clients and ips, and users' SCRAM credentials.
#[derive(Parser, Debug)]
#[command(name = "kafka-configs", version)]
pub struct ConfigsArgs {
    /// List the configs of the given entity
    #[arg(long, help_heading = "Actions")]
    describe: bool,

    /// Alter the configs of the given entity
    #[arg(long, help_heading = "Actions")]
    alter: bool,

    /// With --describe, list every config (static and default ones too), not only dynamic ones
    #[arg(long)]
    all: bool,

    /// Type of entity: topics, brokers, broker-loggers, groups, users, clients, ips,
    /// client-metrics (users and clients may be given together)
    #[arg(long = "entity-type", value_name = "TYPE", value_parser = crate::tools::Suggest(&["topics", "brokers", "groups", "broker-loggers", "users", "clients", "ips", "client-metrics"]))]
    entity_type: Vec<String>,

    /// Name of the entity (topic name, broker id, group id, user principal, client id, ip,
    /// client-metrics name)
    #[arg(long = "entity-name", value_name = "NAME")]
    entity_name: Vec<String>,

    /// The default entity (brokers: the cluster-wide default; users, clients, ips: the
    /// default quota entity)
    #[arg(long = "entity-default")]
    entity_default: bool,

    /// The topic's configs (shortcut for --entity-type topics --entity-name TOPIC)
    #[arg(long, value_name = "TOPIC", help_heading = "Entities")]
    topic: Option<String>,

    /// The broker's configs (shortcut for --entity-type brokers --entity-name ID)
    #[arg(long, value_name = "ID", help_heading = "Entities")]
    broker: Option<String>,

    /// The cluster-wide default broker configs (shortcut for --entity-type brokers --entity-default)
    #[arg(long = "broker-defaults", help_heading = "Entities")]
    broker_defaults: bool,

    /// The group's configs (shortcut for --entity-type groups --entity-name GROUP)
    #[arg(long, value_name = "GROUP", help_heading = "Entities")]
    group: Option<String>,

    /// The broker's loggers (shortcut for --entity-type broker-loggers --entity-name ID)
    #[arg(long = "broker-logger", value_name = "ID", help_heading = "Entities")]
    broker_logger: Option<String>,

    /// The client id's quotas (shortcut for --entity-type clients --entity-name CLIENT-ID)
    #[arg(long, value_name = "CLIENT-ID", help_heading = "Entities")]
    client: Option<String>,

    /// The user's quotas and SCRAM credentials (shortcut for --entity-type users --entity-name)
    #[arg(long, value_name = "PRINCIPAL", help_heading = "Entities")]
    user: Option<String>,

    /// The ip's connection quotas (shortcut for --entity-type ips --entity-name IP)
    #[arg(long, value_name = "IP", help_heading = "Entities")]
    ip: Option<String>,

    /// The client-metrics subscription (shortcut for --entity-type client-metrics --entity-name)
    #[arg(
        long = "client-metrics",
        value_name = "NAME",
        help_heading = "Entities"
    )]
    client_metrics: Option<String>,

    /// The default client quotas (shortcut for --entity-type clients --entity-default)
    #[arg(long = "client-defaults", help_heading = "Entities")]
    client_defaults: bool,

    /// The default user quotas (shortcut for --entity-type users --entity-default)
    #[arg(long = "user-defaults", help_heading = "Entities")]
    user_defaults: bool,

    /// The default ip quotas (shortcut for --entity-type ips --entity-default)
    #[arg(long = "ip-defaults", help_heading = "Entities")]
    ip_defaults: bool,

    /// Configs to set: k1=v1,k2=[v1,v2,v2],k3=v3 (brackets group values that contain commas)
    #[arg(long = "add-config", value_name = "CONFIGS", help_heading = "Alter")]
    add_config: Option<String>,

    /// A Java properties file of configs to set
    #[arg(long = "add-config-file", value_name = "FILE", value_hint = ValueHint::FilePath, help_heading = "Alter")]
    add_config_file: Option<PathBuf>,

    /// Configs to remove: k1,k2 (repeatable)
    #[arg(long = "delete-config", value_name = "NAMES", help_heading = "Alter")]
    delete_config: Vec<String>,

    #[command(flatten)]
    controller: ControllerArgs,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// The entity kinds Java knows, with Java's type names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntityType {
    Topics,
    Brokers,
    Groups,
    BrokerLoggers,
    Users,
    Clients,
    Ips,
    ClientMetrics,
}

impl EntityType {
    /// Parses a Java entity type name.
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "topics" => Self::Topics,
            "brokers" => Self::Brokers,
            "groups" => Self::Groups,
            "broker-loggers" => Self::BrokerLoggers,
            "clients" => Self::Clients,
            "users" => Self::Users,
            "ips" => Self::Ips,
            "client-metrics" => Self::ClientMetrics,
            _ => return None,
        })
    }

    /// Java's singular name, as printed in messages (its type name without the last letter:
    /// `topic`, `broker-logger`, `client-metric`).
    fn singular(self) -> &'static str {
        match self {
            Self::Topics => "topic",
            Self::Brokers => "broker",
            Self::Groups => "group",
            Self::BrokerLoggers => "broker-logger",
            Self::Users => "user",
            Self::Clients => "client",
            Self::Ips => "ip",
            Self::ClientMetrics => "client-metric",
        }
    }

    /// Java's type name (`topics`, `broker-loggers`).
    fn plural(self) -> &'static str {
        match self {
            Self::Topics => "topics",
            Self::Brokers => "brokers",
            Self::Groups => "groups",
            Self::BrokerLoggers => "broker-loggers",
            Self::Users => "users",
            Self::Clients => "clients",
            Self::Ips => "ips",
            Self::ClientMetrics => "client-metrics",
        }
    }

    /// The config resource (`None` for the quota entities).
    fn resource(self) -> Option<ResourceKind> {
        match self {
            Self::Topics => Some(ResourceKind::Topic),
            Self::Brokers => Some(ResourceKind::Broker),
            Self::Groups => Some(ResourceKind::Group),
            Self::BrokerLoggers => Some(ResourceKind::BrokerLogger),
            Self::ClientMetrics => Some(ResourceKind::ClientMetrics),
            Self::Users | Self::Clients | Self::Ips => None,
        }
    }
}

/// The quota entity of users, clients and ips: each type with its name (`None`: any entity
/// of the type, describe only; `Some("")`: the default entity), in Java's pairing.
type QuotaTarget = Vec<(EntityType, Option<String>)>;

/// The entity an action applies to. `name` is `None` for "all of them" (describe only) and
/// `Some("")` for the default entity.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entity {
    kind: EntityType,
    name: Option<String>,
    /// Every type with its name (two for users and clients together).
    target: QuotaTarget,
}

/// What the user asked for, validated.
#[derive(Debug, PartialEq, Eq)]
enum Request {
    Describe { entity: Entity, all: bool },
    Alter { entity: Entity, changes: AlterSpec },
}

/// The changes of an `--alter`, before the add-config file is read.
#[derive(Debug, PartialEq, Eq)]
struct AlterSpec {
    add: Vec<(String, String)>,
    add_file: Option<PathBuf>,
    delete: Vec<String>,
}

/// Java's order of entity types in the "Invalid entity type" message.
const JAVA_TYPES: &str =
    "topics, clients, users, brokers, ips, client-metrics, groups, broker-loggers";

impl ConfigsArgs {
    /// The entity types and names from `--entity-*` or the shortcut flags, as Java collects them.
    fn entities(&self, argv: &[String]) -> Result<(Vec<String>, Vec<String>)> {
        let shortcuts: [(&str, Option<&String>); 8] = [
            ("topics", self.topic.as_ref()),
            ("clients", self.client.as_ref()),
            ("users", self.user.as_ref()),
            ("brokers", self.broker.as_ref()),
            ("broker-loggers", self.broker_logger.as_ref()),
            ("ips", self.ip.as_ref()),
            ("client-metrics", self.client_metrics.as_ref()),
            ("groups", self.group.as_ref()),
        ];
        let defaults: [(&str, bool); 4] = [
            ("clients", self.client_defaults),
            ("users", self.user_defaults),
            ("brokers", self.broker_defaults),
            ("ips", self.ip_defaults),
        ];
        let uses_shortcuts =
            shortcuts.iter().any(|(_, v)| v.is_some()) || defaults.iter().any(|(_, d)| *d);
        let uses_generic =
            !self.entity_type.is_empty() || !self.entity_name.is_empty() || self.entity_default;
        if uses_generic && uses_shortcuts {
            return Err(usage(
                "--entity-{type,name,default} should not be used in conjunction with specific entity flags",
            ));
        }
        if uses_generic {
            return Ok((self.entity_type.clone(), self.generic_names(argv)));
        }
        let mut types = Vec::new();
        let mut names = Vec::new();
        for (kind, value) in shortcuts {
            if let Some(value) = value {
                types.push(kind.to_string());
                names.push(value.clone());
            }
        }
        for (kind, set) in defaults {
            if set {
                types.push(kind.to_string());
                names.push(String::new());
            }
        }
        Ok((types, names))
    }

    /// The `--entity-name` values and `--entity-default` ("") in command-line order, as Java
    /// pairs them with the entity types (`--entity-type users --entity-default --entity-type
    /// clients --entity-name c` is the default user with client c). clap keeps no order between
    /// two options, so the order is read from `argv` when its option words match what clap
    /// parsed; else names come first.
    fn generic_names(&self, argv: &[String]) -> Vec<String> {
        let mut names = self.entity_name.clone();
        if self.entity_default {
            names.push(String::new());
        }
        let mut ordered = Vec::new();
        let mut values = self.entity_name.iter();
        let mut defaults = 0;
        for word in argv.iter().take_while(|w| *w != "--") {
            if word == "--entity-name" || word.starts_with("--entity-name=") {
                match values.next() {
                    Some(v) => ordered.push(v.clone()),
                    None => return names,
                }
            } else if word == "--entity-default" {
                defaults += 1;
                ordered.push(String::new());
            }
        }
        let matches = values.next().is_none() && (defaults == 1) == self.entity_default;
        if matches && defaults <= 1 {
            ordered
        } else {
            names
        }
    }

    /// Checks the options in Java's order and builds the request.
    /// The brokers or controllers to talk to, and whether they are controllers.
    fn connection(&self) -> Result<(ConnectionArgs, bool)> {
        self.controller.choose(
            &self.connection,
            "Either --bootstrap-server or --bootstrap-controller must be specified.",
            "Only one of --bootstrap-server or --bootstrap-controller can be specified",
        )
    }

    fn resolve(&self) -> Result<Request> {
        let argv: Vec<String> = std::env::args().collect();
        self.resolve_with(&argv)
    }

    /// [`Self::resolve`] with the command line that produced these arguments.
    fn resolve_with(&self, argv: &[String]) -> Result<Request> {
        if usize::from(self.describe) + usize::from(self.alter) != 1 {
            return Err(usage(
                "Command must include exactly one action: --describe, --alter",
            ));
        }
        if self.describe {
            let alter_only = [
                ("add-config", self.add_config.is_some()),
                ("add-config-file", self.add_config_file.is_some()),
                ("delete-config", !self.delete_config.is_empty()),
            ];
            if let Some((name, _)) = alter_only.iter().find(|(_, used)| *used) {
                return Err(usage(format!(
                    "Option \"[describe]\" can't be used with option \"[{name}]\""
                )));
            }
        }
        if self.alter && self.all {
            return Err(usage(
                "Option \"[alter]\" can't be used with option \"[all]\"",
            ));
        }
        let (types, names) = self.entities(argv)?;
        let mut seen = Vec::new();
        let mut duplicates = Vec::new();
        for t in &types {
            if seen.contains(t) {
                duplicates.push(t.clone());
            }
            seen.push(t.clone());
        }
        if !duplicates.is_empty() {
            return Err(usage(format!(
                "Duplicate entity type(s) specified: {}",
                duplicates.join(",")
            )));
        }
        let mut kinds = Vec::new();
        for t in &types {
            match EntityType::parse(t) {
                Some(kind) => kinds.push(kind),
                None => {
                    return Err(usage(format!(
                        "Invalid entity type {t}, the entity type must be one of {JAVA_TYPES} with a --bootstrap-server or --bootstrap-controller argument"
                    )))
                }
            }
        }
        let kind = match kinds.as_slice() {
            [] => return Err(usage("At least one entity type must be specified")),
            [one] => *one,
            _ => {
                let users_and_clients = kinds.len() == 2
                    && kinds.contains(&EntityType::Users)
                    && kinds.contains(&EntityType::Clients);
                if !users_and_clients {
                    return Err(usage(
                        "Only 'users' and 'clients' entity types may be specified together",
                    ));
                }
                kinds[0]
            }
        };
        self.connection()?;
        let has_name = names.iter().any(|n| !n.is_empty());
        let has_default = names.iter().any(String::is_empty);
        if has_name && matches!(kind, EntityType::Brokers | EntityType::BrokerLoggers) {
            if let Some(bad) = names
                .iter()
                .find(|n| !n.is_empty() && n.parse::<i32>().is_err())
            {
                return Err(usage(format!(
                    "The entity name for {} must be a valid integer broker id, but it is: {bad}",
                    types.first().map_or("brokers", String::as_str)
                )));
            }
        }
        if has_name && kind == EntityType::Ips {
            if let Some(bad) = names.iter().find(|n| !quotas::valid_ip_entity(n)) {
                return Err(usage(format!(
                    "The entity name for {} must be a valid IP or resolvable host, but it is: {bad}",
                    types.first().map_or("ips", String::as_str)
                )));
            }
        }
        if self.describe {
            if kind == EntityType::BrokerLoggers && !has_name {
                return Err(usage(
                    "An entity name must be specified with --describe of broker-loggers",
                ));
            }
            if self.entity_default
                && !matches!(
                    kind,
                    EntityType::Users | EntityType::Clients | EntityType::Brokers | EntityType::Ips
                )
            {
                return Err(usage(format!(
                    "--entity-default must not be specified with --describe of {}",
                    types.join(",")
                )));
            }
        }
        if self.alter {
            let default_allowed = matches!(
                kind,
                EntityType::Brokers | EntityType::Users | EntityType::Clients | EntityType::Ips
            );
            if default_allowed {
                if !has_name && !has_default {
                    return Err(usage("An entity-name or default entity must be specified with --alter of users, clients, brokers or ips"));
                }
            } else if !has_name {
                return Err(usage(format!(
                    "An entity name must be specified with --alter of {}",
                    types.join(",")
                )));
            }
            if self.add_config.is_some() && self.add_config_file.is_some() {
                return Err(usage(
                    "Only one of --add-config or --add-config-file must be specified",
                ));
            }
            if self.add_config.is_none()
                && self.add_config_file.is_none()
                && self.delete_config.is_empty()
            {
                return Err(usage("At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter"));
            }
            if names.len() != types.len() {
                return Err(usage(
                    "An entity name must be specified for every entity type",
                ));
            }
        }
        if names.len() > types.len() && kind.resource().is_none() {
            return Err(usage("More entity names specified than entity types"));
        }
        let target = kinds
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, names.get(i).cloned()))
            .collect();
        let entity = Entity {
            kind,
            name: names.first().cloned(),
            target,
        };
        if self.describe {
            return Ok(Request::Describe {
                entity,
                all: self.all,
            });
        }
        let add = match &self.add_config {
            Some(text) => parse::add_config(text)?,
            None => Vec::new(),
        };
        Ok(Request::Alter {
            entity,
            changes: AlterSpec {
                add,
                add_file: self.add_config_file.clone(),
                delete: parse::delete_config(&self.delete_config),
            },
        })
    }
}

impl Tool for ConfigsArgs {
    const NAME: &'static str = "kafka-configs";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let request = self.resolve()?;
        let (connection, controllers) = self.connection()?;
        let settings = SettingsBuilder::new(&connection).build()?;
        let entity = match &request {
            Request::Describe { entity, .. } | Request::Alter { entity, .. } => entity.clone(),
        };
        let native_only = goes_native(&entity, controllers);
        if native_only {
            // Java's answer for what KRaft controllers do not serve.
            let brokers_only = entity.kind.resource().is_none()
                || (entity.kind == EntityType::ClientMetrics && entity.name.is_none());
            if controllers && brokers_only {
                bail!("org.apache.kafka.common.errors.UnsupportedEndpointTypeException: This Admin API is not yet supported when communicating directly with the controller quorum.");
            }
            let native = Native::new(&settings, ctx.shutdown.clone(), controllers)?;
            return match (request, entity.kind.resource()) {
                (Request::Describe { entity, .. }, None) => {
                    quotas::describe(&native, ctx, &entity.target).await
                }
                (Request::Alter { entity, changes }, None) => {
                    let (add, delete) = changes.load()?;
                    quotas::alter(&native, ctx, &entity.target, &add, &delete).await
                }
                (Request::Describe { entity, all }, Some(_)) => {
                    describe::run_native(&native, ctx, &entity, all).await
                }
                (Request::Alter { entity, changes }, Some(kind)) => {
                    alter_native(&native, ctx, &entity, kind, changes).await
                }
            };
        }
        let admin = Admin::connect(settings, ctx.shutdown.clone())?;
        match request {
            Request::Describe { entity, all } => describe::run(&admin, ctx, &entity, all),
            Request::Alter { entity, changes } => alter(&admin, ctx, &entity, changes),
        }
    }
}

/// Whether `entity` needs the native path: quotas and SCRAM credentials, what librdkafka cannot
/// address, every broker at once (that includes the cluster-wide default), and anything through
/// controllers. librdkafka keeps topics, named brokers and groups, and lists topics and groups.
fn goes_native(entity: &Entity, controllers: bool) -> bool {
    match entity.kind.resource() {
        None => true,
        Some(kind) => {
            controllers
                || match &entity.name {
                    Some(name) => !kind.librdkafka_can(name),
                    None => !kind.librdkafka_can("any") || entity.kind == EntityType::Brokers,
                }
        }
    }
}

/// The configs to set, in order, and the keys to delete.
type Changes = (Vec<(String, String)>, Vec<String>);

impl AlterSpec {
    /// The configs to set (from `--add-config` or the file) and the keys to delete.
    fn load(self) -> Result<Changes> {
        let mut add = self.add;
        if let Some(path) = &self.add_file {
            add = crate::client::properties::load_file(path)?;
            for (key, _) in &add {
                parse::check_key(key)?;
            }
        }
        Ok((add, self.delete))
    }
}

/// `--alter` through the native path: broker loggers, client metrics, the cluster-wide broker
/// defaults, and anything with `--bootstrap-controller`.
async fn alter_native(
    native: &Native,
    ctx: &mut Context,
    entity: &Entity,
    kind: ResourceKind,
    spec: AlterSpec,
) -> Result<()> {
    use crate::client::admin::configs::native as configs;
    let name = entity.name.clone().unwrap_or_default();
    let (add, delete) = spec.load()?;
    if let (ResourceKind::Broker | ResourceKind::BrokerLogger, Ok(id)) = (kind, name.parse::<i32>())
    {
        if !native.nodes().await?.iter().any(|n| n.id == id) {
            bail!(
                "broker {id} is not a node of the cluster at {}",
                if native.to_controllers() {
                    "the controllers given"
                } else {
                    "the servers given"
                }
            );
        }
    }
    let entries = match configs::describe(native, kind, &name).await? {
        Ok(entries) => entries,
        Err((RDKafkaErrorCode::UnknownTopicOrPartition, _))
            if entity.kind == EntityType::Topics =>
        {
            bail!("The topic '{name}' does not exist.")
        }
        Err((code, message)) => {
            return Err(refusal(code, entity.kind, &name).unwrap_or_else(|| anyhow!("{message}")))
        }
    };
    if entity.kind == EntityType::BrokerLoggers {
        // Java: every logger named must exist.
        let invalid: Vec<&str> = delete
            .iter()
            .map(String::as_str)
            .chain(add.iter().map(|(k, _)| k.as_str()))
            .filter(|k| !entries.iter().any(|e| e.name == *k))
            .collect();
        if !invalid.is_empty() {
            bail!("Invalid broker logger(s): {}", invalid.join(","));
        }
    }
    let changes: Vec<ConfigChange> = delete
        .iter()
        .map(|k| ConfigChange::Delete(k.clone()))
        .chain(
            add.iter()
                .map(|(k, v)| ConfigChange::Set(k.clone(), v.clone())),
        )
        .collect();
    if let Some((code, message)) = configs::alter(native, kind, &name, &changes).await? {
        return Err(refusal(code, entity.kind, &name).unwrap_or_else(|| anyhow!("{message}")));
    }
    // Wait (at most ABSENT_GRACE) until a describe shows the change, as `alter` does.
    if let Some(dynamic) = describe::dynamic_source(entity.kind, &name) {
        configs::await_applied(native, kind, &name, dynamic, &changes).await?;
    }
    let set = add
        .into_iter()
        .map(|(key, value)| {
            let secret = entries
                .iter()
                .find(|e| e.name == key)
                .map_or(entity.kind != EntityType::ClientMetrics, |e| e.is_sensitive);
            SetConfig {
                name: key,
                value: (!secret).then_some(value),
            }
        })
        .collect();
    ctx.out.emit(&Altered {
        entity_type: entity.kind.singular(),
        plural: entity.kind.plural(),
        name,
        set,
        deleted: delete,
    })?;
    Ok(())
}

/// `--alter`: one IncrementalAlterConfigs request with the deletes and the sets.
///
/// Deleting a key that is not set (or that does not exist at all) is no error: the broker
/// accepts it as a no-op, and Java 4.4 reports success for it, so nothing is checked up front.
fn alter(admin: &Admin, ctx: &mut Context, entity: &Entity, spec: AlterSpec) -> Result<()> {
    let Some(kind) = entity.kind.resource() else {
        bail!(
            "entity type {} has no config resource",
            entity.kind.plural()
        );
    };
    let name = entity.name.clone().unwrap_or_default();
    let (add, delete) = spec.load()?;
    // The current configs: whether the entity exists, and which values are secret.
    let current = admin.describe_configs(kind, std::slice::from_ref(&name))?;
    let entries = match current.into_iter().next().map(|r| r.entries) {
        Some(Ok(entries)) => entries,
        // librdkafka drops the broker's text here; this is Java's.
        Some(Err((rdkafka::types::RDKafkaErrorCode::UnknownTopicOrPartition, _)))
            if entity.kind == EntityType::Topics =>
        {
            bail!("The topic '{name}' does not exist.")
        }
        Some(Err((code, message))) => {
            return Err(refusal(code, entity.kind, &name).unwrap_or_else(|| anyhow!("{message}")))
        }
        None => bail!(
            "the broker returned no configs for {} {name}",
            entity.kind.singular()
        ),
    };
    let dynamic = describe::dynamic_source(entity.kind, &name);
    let changes: Vec<ConfigChange> = delete
        .iter()
        .map(|k| ConfigChange::Delete(k.clone()))
        .chain(
            add.iter()
                .map(|(k, v)| ConfigChange::Set(k.clone(), v.clone())),
        )
        .collect();
    if let Some((code, message)) = admin.incremental_alter_configs(kind, &name, &changes)? {
        return Err(refusal(code, entity.kind, &name).unwrap_or_else(|| anyhow!("{message}")));
    }
    await_applied(admin, kind, &name, dynamic, &changes)?;
    let set = add
        .into_iter()
        .map(|(key, value)| {
            // A key the broker does not list may be a custom (secret) one: not echoed either.
            let secret = entries
                .iter()
                .find(|e| e.name == key)
                .is_none_or(|e| e.is_sensitive);
            SetConfig {
                name: key,
                value: (!secret).then_some(value),
            }
        })
        .collect();
    ctx.out.emit(&Altered {
        entity_type: entity.kind.singular(),
        plural: entity.kind.plural(),
        name,
        set,
        deleted: delete,
    })?;
    Ok(())
}

/// The result of an `--alter`, as printed (JSON: the entity as `--describe` names it, plus the
/// changes).
#[derive(Debug, Serialize)]
struct Altered {
    /// `topic`, `broker` or `group`.
    #[serde(rename = "type")]
    entity_type: &'static str,
    /// Java's type name, for the default entity's line.
    #[serde(skip)]
    plural: &'static str,
    /// Entity name ("" for the cluster-wide default broker; JSON: `null`).
    #[serde(serialize_with = "describe::empty_as_null")]
    name: String,
    /// The configs set, in the order given.
    set: Vec<SetConfig>,
    /// The keys deleted, in the order given (a key that was not set is listed too).
    deleted: Vec<String>,
}

/// One config set by `--alter`.
#[derive(Debug, Serialize)]
struct SetConfig {
    name: String,
    /// The value; `None` for a sensitive config (or one the broker does not know).
    value: Option<String>,
}

impl Render for Altered {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        if self.name.is_empty() {
            return writeln!(
                w,
                "Completed updating default config for {} in the cluster.",
                self.plural
            );
        }
        writeln!(
            w,
            "Completed updating config for {} {}.",
            self.entity_type, self.name
        )
    }
}

/// An authorization error for `name`, naming it (`None` for other errors).
fn refusal(code: RDKafkaErrorCode, kind: EntityType, name: &str) -> Option<anyhow::Error> {
    match kind {
        EntityType::Topics => denied(code, Some(name), None),
        EntityType::Groups => denied(code, None, Some(name)),
        _ => denied(code, None, None),
    }
}

/// Waits (at most [`ABSENT_GRACE`]) until a describe shows `changes`. The controller
/// acknowledges IncrementalAlterConfigs once the change is committed, and the brokers apply it a
/// moment later; without this, `--alter` followed at once by `--describe` could show the old
/// values. Best effort: gives up quietly, since the change was accepted either way.
fn await_applied(
    admin: &Admin,
    kind: ResourceKind,
    name: &str,
    dynamic: Option<ConfigSource>,
    changes: &[ConfigChange],
) -> Result<()> {
    let Some(dynamic) = dynamic else {
        return Ok(());
    };
    let deadline = Instant::now() + ABSENT_GRACE;
    while Instant::now() < deadline {
        let described = admin.describe_configs(kind, &[name.to_owned()])?;
        let Some(Ok(entries)) = described.into_iter().next().map(|r| r.entries) else {
            return Ok(());
        };
        let dynamic_entry = |key: &str| {
            entries
                .iter()
                .find(|e| e.name == key && e.source == dynamic)
        };
        let applied = changes.iter().all(|change| match change {
            ConfigChange::Set(key, value) => dynamic_entry(key)
                .is_some_and(|e| e.is_sensitive || e.value.as_deref() == Some(value.as_str())),
            ConfigChange::Delete(key) => dynamic_entry(key).is_none(),
        });
        if applied {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(argv: &[&str]) -> ConfigsArgs {
        crate::tools::args_with_bootstrap(argv)
    }

    fn error(argv: &[&str]) -> String {
        args(argv).resolve().unwrap_err().to_string()
    }

    #[test]
    fn java_checks_and_messages() {
        assert_eq!(
            error(&["--topic", "t"]),
            "Command must include exactly one action: --describe, --alter"
        );
        assert_eq!(
            error(&["--describe", "--topic", "t", "--add-config", "a=b"]),
            "Option \"[describe]\" can't be used with option \"[add-config]\""
        );
        assert_eq!(
            error(&[
                "--describe",
                "--entity-type",
                "topics",
                "--entity-type",
                "topics"
            ]),
            "Duplicate entity type(s) specified: topics"
        );
        assert!(error(&["--describe", "--entity-type", "nope"])
            .starts_with("Invalid entity type nope, the entity type must be one of topics,"));
        assert_eq!(
            error(&["--describe"]),
            "At least one entity type must be specified"
        );
        assert_eq!(
            error(&[
                "--describe",
                "--entity-type",
                "topics",
                "--entity-type",
                "brokers"
            ]),
            "Only 'users' and 'clients' entity types may be specified together"
        );
        assert_eq!(
            error(&["--describe", "--entity-type", "topics", "--topic", "t"]),
            "--entity-{type,name,default} should not be used in conjunction with specific entity flags"
        );
        assert_eq!(
            error(&["--describe", "--broker", "x"]),
            "The entity name for brokers must be a valid integer broker id, but it is: x"
        );
        assert_eq!(
            error(&["--alter", "--entity-type", "topics", "--add-config", "a=b"]),
            "An entity name must be specified with --alter of topics"
        );
        assert_eq!(
            error(&["--alter", "--entity-type", "brokers", "--add-config", "a=b"]),
            "An entity-name or default entity must be specified with --alter of users, clients, brokers or ips"
        );
        assert_eq!(
            error(&["--alter", "--topic", "t"]),
            "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter"
        );
        assert_eq!(
            error(&[
                "--alter",
                "--topic",
                "t",
                "--add-config",
                "a=b",
                "--add-config-file",
                "f"
            ]),
            "Only one of --add-config or --add-config-file must be specified"
        );
        assert_eq!(
            error(&["--describe", "--entity-type", "topics", "--entity-default"]),
            "--entity-default must not be specified with --describe of topics"
        );
    }

    #[test]
    fn no_connection_option_is_refused() {
        let a =
            ConfigsArgs::try_parse_from(["kafka-configs", "--describe", "--topic", "t"]).unwrap();
        // KAFKA_BOOTSTRAP_SERVERS may be set in the environment running the tests.
        if a.connection.bootstrap_server.is_none() {
            assert_eq!(
                a.resolve().unwrap_err().to_string(),
                "Either --bootstrap-server or --bootstrap-controller must be specified."
            );
        }
    }

    #[test]
    fn alter_request_collects_sets_and_deletes() {
        let request = args(&[
            "--alter",
            "--topic",
            "t",
            "--add-config",
            "retention.ms=1000,cleanup.policy=[compact,delete]",
            "--delete-config",
            "a, b",
            "--delete-config",
            "c",
        ])
        .resolve()
        .unwrap();
        assert_eq!(
            request,
            Request::Alter {
                entity: Entity {
                    kind: EntityType::Topics,
                    name: Some("t".into()),
                    target: vec![(EntityType::Topics, Some("t".into()))],
                },
                changes: AlterSpec {
                    add: vec![
                        ("retention.ms".into(), "1000".into()),
                        ("cleanup.policy".into(), "compact,delete".into())
                    ],
                    add_file: None,
                    delete: vec!["a".into(), "b".into(), "c".into()],
                }
            }
        );
    }

    #[test]
    fn entity_names_pair_with_types_in_command_line_order() {
        let argv = [
            "--describe",
            "--entity-type",
            "users",
            "--entity-default",
            "--entity-type",
            "clients",
            "--entity-name",
            "c1",
        ];
        let line: Vec<String> = ["kafka-configs", "--bootstrap-server", "b:9092"]
            .iter()
            .chain(argv.iter())
            .map(|s| s.to_string())
            .collect();
        let Request::Describe { entity, .. } = args(&argv).resolve_with(&line).unwrap() else {
            panic!("not a describe")
        };
        assert_eq!(
            entity.target,
            vec![
                (EntityType::Users, Some(String::new())),
                (EntityType::Clients, Some("c1".into()))
            ]
        );
        // Without the command line, names come before the default.
        let Request::Describe { entity, .. } = args(&argv).resolve_with(&[]).unwrap() else {
            panic!("not a describe")
        };
        assert_eq!(entity.target[0], (EntityType::Users, Some("c1".into())));
        assert_eq!(
            args(&[
                "--describe",
                "--entity-type",
                "ips",
                "--entity-name",
                "no!such"
            ])
            .resolve()
            .unwrap_err()
            .to_string(),
            "The entity name for ips must be a valid IP or resolvable host, but it is: no!such"
        );
        assert_eq!(
            args(&[
                "--describe",
                "--entity-type",
                "users",
                "--entity-name",
                "a",
                "--entity-name",
                "b"
            ])
            .resolve()
            .unwrap_err()
            .to_string(),
            "More entity names specified than entity types"
        );
    }

    #[test]
    fn only_what_librdkafka_cannot_do_goes_native() {
        let entity = |argv: &[&str]| match args(argv).resolve_with(&[]).unwrap() {
            Request::Describe { entity, .. } | Request::Alter { entity, .. } => entity,
        };
        for argv in [
            &["--describe", "--entity-type", "topics"][..],
            &["--describe", "--entity-type", "groups"][..],
            &["--describe", "--topic", "t"][..],
            &["--describe", "--broker", "1"][..],
        ] {
            assert!(!goes_native(&entity(argv), false), "{argv:?}");
            assert!(goes_native(&entity(argv), true), "{argv:?}");
        }
        for argv in [
            &["--describe", "--entity-type", "brokers"][..],
            &["--describe", "--broker-defaults"][..],
            &["--describe", "--broker-logger", "1"][..],
            &["--describe", "--entity-type", "client-metrics"][..],
            &["--describe", "--entity-type", "users"][..],
            &["--describe", "--ip", "10.0.0.1"][..],
        ] {
            assert!(goes_native(&entity(argv), false), "{argv:?}");
        }
    }

    #[test]
    fn shortcuts_and_defaults_map_to_entities() {
        let Request::Describe { entity, all } = args(&["--describe", "--broker-defaults", "--all"])
            .resolve()
            .unwrap()
        else {
            panic!("not a describe")
        };
        assert!(all);
        assert_eq!(entity.kind, EntityType::Brokers);
        assert_eq!(entity.name.as_deref(), Some(""));
        let Request::Describe { entity, .. } = args(&["--describe", "--entity-type", "groups"])
            .resolve()
            .unwrap()
        else {
            panic!("not a describe")
        };
        assert_eq!(entity.name, None);
    }
}
