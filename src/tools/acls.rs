//! `kafka-acls`: add, remove and list ACLs (Java's AclCommand).
//!
//! The options are checked as Java checks them, in Java's order and wording, before anything is
//! sent; then the ACLs go through the native path (`client::admin::acls`), since librdkafka's
//! ACL model lacks the USER and DELEGATION_TOKEN resources and the newer operations.
//!
//! Java prints resources and ACLs in the iteration order of its hash sets of enum-keyed
//! objects, which follows the JVM's identity hash codes: it changes with the JVM and with the
//! code path (the same ACLs print in another order under `--list` than under `--list --topic`).
//! Ours is stable: `--add` and `--remove` take the resources in the order the options name
//! them and the ACLs by principal, operation and host as given; `--list` sorts the resources
//! by type, name and pattern type, and their ACLs by principal, host, operation and permission.

use std::io::{self, Write};

use anyhow::{anyhow, Result};
use clap::Parser;
use serde::Serialize;

use crate::client::admin::acls::{
    self, AccessControlEntry, AclBinding, AclOperation, PatternType, PermissionType,
    ResourcePattern, ResourceType,
};
use crate::client::native::{exception_name, Native};
use crate::client::SettingsBuilder;
use crate::common::{ConnectionArgs, ControllerArgs};
use crate::error::{usage, UsageError};
use crate::output::{Format, OutputArgs, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Let alice read and write topic orders from two hosts",
        "kafka-acls --bootstrap-server localhost:9092 --add --allow-principal User:alice --allow-host 10.0.0.1 --allow-host 10.0.0.2 --operation Read --operation Write --topic orders",
    ),
    (
        "Let bob produce to every topic whose name starts with orders-",
        "kafka-acls --bootstrap-server localhost:9092 --add --allow-principal User:bob --producer --topic orders- --resource-pattern-type prefixed",
    ),
    (
        "Let bob consume topic orders in group billing",
        "kafka-acls --bootstrap-server localhost:9092 --add --allow-principal User:bob --consumer --topic orders --group billing",
    ),
    (
        "List every ACL that applies to topic orders (wildcard and prefixed ones too)",
        "kafka-acls --bootstrap-server localhost:9092 --list --topic orders --resource-pattern-type match",
    ),
    (
        "Remove every ACL of topic orders without asking",
        "kafka-acls --bootstrap-server localhost:9092 --remove --topic orders --force",
    ),
];

/// Add, remove or list ACLs.
#[derive(Parser, Debug)]
#[command(name = "kafka-acls", version)]
pub struct AclsArgs {
    /// Add ACLs
    #[arg(long, help_heading = "Actions")]
    add: bool,

    /// Remove ACLs (asks for confirmation on stdin unless --force)
    #[arg(long, help_heading = "Actions")]
    remove: bool,

    /// List ACLs of the given resources (all ACLs without one)
    #[arg(long, help_heading = "Actions")]
    list: bool,

    /// Topic the ACLs apply to ('*': every topic); repeatable
    #[arg(long, value_name = "TOPIC", help_heading = "Resources")]
    topic: Vec<String>,

    /// The cluster resource
    #[arg(long, help_heading = "Resources")]
    cluster: bool,

    /// Consumer group the ACLs apply to ('*': every group); repeatable
    #[arg(long, value_name = "GROUP", help_heading = "Resources")]
    group: Vec<String>,

    /// Transactional id the ACLs apply to ('*': every transactional id); repeatable
    #[arg(
        long = "transactional-id",
        value_name = "TRANSACTIONAL-ID",
        help_heading = "Resources"
    )]
    transactional_id: Vec<String>,

    /// Delegation token the ACLs apply to ('*': every token); repeatable
    #[arg(
        long = "delegation-token",
        value_name = "TOKEN-ID",
        help_heading = "Resources"
    )]
    delegation_token: Vec<String>,

    /// User principal as a resource, e.g. for CreateTokens or DescribeTokens; repeatable
    #[arg(
        long = "user-principal",
        value_name = "PRINCIPAL",
        help_heading = "Resources"
    )]
    user_principal: Vec<String>,

    /// Pattern type of the resources: LITERAL (default) or PREFIXED; to list or remove, also
    /// ANY (any pattern type, the exact name) or MATCH (every pattern that applies to the name:
    /// literal, wildcard and prefixed; careful with --remove)
    #[arg(
        long = "resource-pattern-type",
        value_name = "ANY|MATCH|LITERAL|PREFIXED",
        value_parser = crate::tools::Suggest(&["ANY", "MATCH", "LITERAL", "PREFIXED"]),
        hide_possible_values = true,
        help_heading = "Resources"
    )]
    resource_pattern_type: Option<String>,

    /// Principal allowed, as principalType:name (User:'*' is every user); repeatable
    #[arg(
        long = "allow-principal",
        value_name = "PRINCIPAL",
        help_heading = "ACLs"
    )]
    allow_principal: Vec<String>,

    /// Principal denied, as principalType:name; deny rules take precedence over allow rules;
    /// repeatable
    #[arg(
        long = "deny-principal",
        value_name = "PRINCIPAL",
        help_heading = "ACLs"
    )]
    deny_principal: Vec<String>,

    /// Host the allowed principals may connect from (default with --allow-principal: '*');
    /// repeatable
    #[arg(long = "allow-host", value_name = "HOST", help_heading = "ACLs")]
    allow_host: Vec<String>,

    /// Host the denied principals are denied from (default with --deny-principal: '*');
    /// repeatable
    #[arg(long = "deny-host", value_name = "HOST", help_heading = "ACLs")]
    deny_host: Vec<String>,

    /// Operation allowed or denied (default All): All, Read, Write, Create, Delete, Alter,
    /// Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens,
    /// DescribeTokens, TwoPhaseCommit; repeatable
    #[arg(
        long,
        value_name = "OPERATION",
        value_parser = crate::tools::Suggest(OPERATION_NAMES),
        hide_possible_values = true,
        help_heading = "ACLs"
    )]
    operation: Vec<String>,

    /// ACLs for the producer role: Write, Describe and Create on the topics (Write, Describe on
    /// the transactional ids)
    #[arg(long, help_heading = "ACLs")]
    producer: bool,

    /// With --producer: also IdempotentWrite on the cluster
    #[arg(long, help_heading = "ACLs")]
    idempotent: bool,

    /// ACLs for the consumer role: Read, Describe on the topics and Read on the groups
    #[arg(long, help_heading = "ACLs")]
    consumer: bool,

    /// With --list: only the ACLs of this principal (principalType:name); repeatable
    #[arg(long, value_name = "PRINCIPAL", num_args = 0..=1, action = clap::ArgAction::Append)]
    principal: Option<Vec<String>>,

    /// Do not ask for confirmation before removing
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    controller: ControllerArgs,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// The operation names `--operation` takes (Java's Pascal-case names).
const OPERATION_NAMES: &[&str] = &[
    "All",
    "Read",
    "Write",
    "Create",
    "Delete",
    "Alter",
    "Describe",
    "ClusterAction",
    "DescribeConfigs",
    "AlterConfigs",
    "IdempotentWrite",
    "CreateTokens",
    "DescribeTokens",
    "TwoPhaseCommit",
];

/// The action asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Add,
    Remove,
    List,
}

/// The cluster resource (`kafka-cluster`, literal).
fn cluster_pattern() -> ResourcePattern {
    ResourcePattern {
        resource_type: ResourceType::Cluster,
        name: Some("kafka-cluster".to_string()),
        pattern_type: PatternType::Literal,
    }
}

/// Java's `AclEntry.supportedOperations` for a concrete resource type (ALL aside).
fn supported_operations(kind: ResourceType) -> &'static [AclOperation] {
    use AclOperation as Op;
    match kind {
        ResourceType::Topic => &[
            Op::Read,
            Op::Write,
            Op::Create,
            Op::Describe,
            Op::Delete,
            Op::Alter,
            Op::DescribeConfigs,
            Op::AlterConfigs,
        ],
        ResourceType::Group => &[
            Op::Read,
            Op::Describe,
            Op::Delete,
            Op::DescribeConfigs,
            Op::AlterConfigs,
        ],
        ResourceType::Cluster => &[
            Op::Create,
            Op::ClusterAction,
            Op::DescribeConfigs,
            Op::AlterConfigs,
            Op::IdempotentWrite,
            Op::Alter,
            Op::Describe,
        ],
        ResourceType::TransactionalId => &[Op::Describe, Op::Write, Op::TwoPhaseCommit],
        ResourceType::DelegationToken => &[Op::Describe],
        ResourceType::User => &[Op::CreateTokens, Op::DescribeTokens],
        ResourceType::Any | ResourceType::Unknown => &[],
    }
}

/// Appends `item` unless it is there already (Java collects these in sets).
fn push_new<T: PartialEq>(items: &mut Vec<T>, item: T) {
    if !items.contains(&item) {
        items.push(item);
    }
}

/// Options an option excludes, each with whether it was given.
type Conflicts = Vec<(&'static str, bool)>;

/// Resources with their ACLs, in order.
type ResourceAcls = Vec<(ResourcePattern, Vec<AccessControlEntry>)>;

impl AclsArgs {
    /// Java's `checkArgs`, in its order.
    fn check(&self) -> Result<(Action, ConnectionArgs, bool)> {
        let (connection, controllers) = self.controller.choose(
            &self.connection,
            "One of --bootstrap-server or --bootstrap-controller must be specified",
            "Only one of --bootstrap-server or --bootstrap-controller must be specified",
        )?;
        let action = match (self.add, self.remove, self.list) {
            (true, false, false) => Action::Add,
            (false, true, false) => Action::Remove,
            (false, false, true) => Action::List,
            _ => {
                return Err(usage(
                    "Command must include exactly one action: --list, --add, --remove. ",
                ))
            }
        };
        let conflicts: [(&str, bool, Conflicts); 3] = [
            (
                "list",
                self.list,
                vec![
                    ("producer", self.producer),
                    ("consumer", self.consumer),
                    ("allow-host", !self.allow_host.is_empty()),
                    ("allow-principal", !self.allow_principal.is_empty()),
                    ("deny-host", !self.deny_host.is_empty()),
                    ("deny-principal", !self.deny_principal.is_empty()),
                ],
            ),
            ("producer", self.producer, self.role_conflicts()),
            ("consumer", self.consumer, self.role_conflicts()),
        ];
        for (used, set, invalid) in conflicts {
            if let Some((other, _)) = invalid.iter().find(|(_, given)| set && *given) {
                return Err(usage(format!(
                    "Option \"[{used}]\" can't be used with option \"[{other}]\""
                )));
            }
        }
        if self.principal.is_some() && !self.list {
            return Err(usage(
                "The --principal option is only available if --list is set",
            ));
        }
        if self.producer && self.topic.is_empty() {
            return Err(usage("With --producer you must specify a --topic"));
        }
        if self.idempotent && !self.producer {
            return Err(usage(
                "The --idempotent option is only available if --producer is set",
            ));
        }
        if self.consumer
            && (self.topic.is_empty()
                || self.group.is_empty()
                || (!self.producer && (self.cluster || !self.transactional_id.is_empty())))
        {
            return Err(usage("With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified."));
        }
        Ok((action, connection, controllers))
    }

    /// The options that --producer and --consumer exclude (Java infers the operations, and
    /// allows no deny rules).
    fn role_conflicts(&self) -> Conflicts {
        vec![
            ("operation", !self.operation.is_empty()),
            ("deny-principal", !self.deny_principal.is_empty()),
            ("deny-host", !self.deny_host.is_empty()),
        ]
    }

    /// `--resource-pattern-type` (any case; LITERAL by default).
    fn pattern_type(&self) -> Result<PatternType> {
        let Some(given) = &self.resource_pattern_type else {
            return Ok(PatternType::Literal);
        };
        PatternType::ALL
            .iter()
            .copied()
            .find(|p| p.name().eq_ignore_ascii_case(given))
            .ok_or_else(|| {
                anyhow!("Cannot parse argument '{given}' of option resource-pattern-type")
            })
    }

    /// Java's `getResourceFilter`: the resources named, in its order; `None` names none.
    fn resources(&self, pattern_type: PatternType) -> Vec<ResourcePattern> {
        let mut resources = Vec::new();
        let named = |kind, name: &str| ResourcePattern {
            resource_type: kind,
            name: Some(name.to_string()),
            pattern_type,
        };
        for topic in &self.topic {
            push_new(&mut resources, named(ResourceType::Topic, topic.trim()));
        }
        if pattern_type == PatternType::Literal && (self.cluster || self.idempotent) {
            push_new(&mut resources, cluster_pattern());
        }
        for group in &self.group {
            push_new(&mut resources, named(ResourceType::Group, group.trim()));
        }
        // Java does not trim transactional ids.
        for id in &self.transactional_id {
            push_new(&mut resources, named(ResourceType::TransactionalId, id));
        }
        for token in &self.delegation_token {
            push_new(
                &mut resources,
                named(ResourceType::DelegationToken, token.trim()),
            );
        }
        for user in &self.user_principal {
            push_new(&mut resources, named(ResourceType::User, user.trim()));
        }
        resources
    }

    /// [`Self::resources`], at least one.
    fn some_resources(&self, pattern_type: PatternType) -> Result<Vec<ResourcePattern>> {
        let resources = self.resources(pattern_type);
        if resources.is_empty() {
            return Err(usage("You must provide at least one resource: --topic <topic> or --cluster or --group <group> or --delegation-token <Delegation Token ID>"));
        }
        Ok(resources)
    }

    /// Java's `getAcl`: every allowed principal × operation × host, then every denied one.
    fn entries(&self, operations: &[AclOperation]) -> Result<Vec<AccessControlEntry>> {
        let allowed = principals(&self.allow_principal)?;
        let denied = principals(&self.deny_principal)?;
        let mut entries = Vec::new();
        for (principals, hosts, permission) in [
            (allowed, &self.allow_host, PermissionType::Allow),
            (denied, &self.deny_host, PermissionType::Deny),
        ] {
            let hosts = hosts_or_any(hosts);
            for principal in &principals {
                for &operation in operations {
                    if operation == AclOperation::Any {
                        return Err(anyhow!("operation must not be ANY"));
                    }
                    for host in &hosts {
                        push_new(
                            &mut entries,
                            AccessControlEntry {
                                principal: Some(principal.clone()),
                                host: Some(host.clone()),
                                operation,
                                permission,
                            },
                        );
                    }
                }
            }
        }
        Ok(entries)
    }

    /// The operations of `--operation` (All when none is given).
    fn operations(&self) -> Vec<AclOperation> {
        let mut operations = Vec::new();
        if self.operation.is_empty() {
            operations.push(AclOperation::All);
        }
        for name in &self.operation {
            push_new(&mut operations, AclOperation::parse(name.trim()));
        }
        operations
    }

    /// Java's `getResourceFilterToAcls`: each resource with the ACLs the options make for it,
    /// checked against the operations its type supports.
    fn resource_acls(&self, pattern_type: PatternType) -> Result<ResourceAcls> {
        use AclOperation as Op;
        let mut out: ResourceAcls = Vec::new();
        let mut merge = |resource: ResourcePattern, entries: Vec<AccessControlEntry>| match out
            .iter_mut()
            .find(|(r, _)| *r == resource)
        {
            Some((_, existing)) => {
                for entry in entries {
                    push_new(existing, entry);
                }
            }
            None => out.push((resource, entries)),
        };
        if !self.producer && !self.consumer {
            let entries = self.entries(&self.operations())?;
            for resource in self.some_resources(pattern_type)? {
                merge(resource, entries.clone());
            }
        }
        if self.producer {
            let resources = self.some_resources(pattern_type)?;
            let topic_acls = self.entries(&[Op::Write, Op::Describe, Op::Create])?;
            let transactional_acls = self.entries(&[Op::Write, Op::Describe])?;
            for resource in resources {
                match resource.resource_type {
                    ResourceType::Topic => merge(resource, topic_acls.clone()),
                    ResourceType::TransactionalId => merge(resource, transactional_acls.clone()),
                    _ => {}
                }
            }
            if self.idempotent {
                merge(cluster_pattern(), self.entries(&[Op::IdempotentWrite])?);
            }
        }
        if self.consumer {
            let resources = self.some_resources(pattern_type)?;
            let topic_acls = self.entries(&[Op::Read, Op::Describe])?;
            let group_acls = self.entries(&[Op::Read])?;
            for resource in resources {
                match resource.resource_type {
                    ResourceType::Topic => merge(resource, topic_acls.clone()),
                    ResourceType::Group => merge(resource, group_acls.clone()),
                    _ => {}
                }
            }
        }
        for (resource, entries) in &out {
            let supported = supported_operations(resource.resource_type);
            let valid = |op: AclOperation| op == Op::All || supported.contains(&op);
            if entries.iter().any(|e| !valid(e.operation)) {
                let names: Vec<&str> = supported
                    .iter()
                    .chain(std::iter::once(&Op::All))
                    .map(|op| op.name())
                    .collect();
                return Err(usage(format!(
                    "ResourceType {} only supports operations [{}]",
                    resource.resource_type.name(),
                    names.join(", ")
                )));
            }
        }
        Ok(out)
    }
}

/// Java's `parseKafkaPrincipal` of each (trimmed) value: `principalType:name`.
fn principals(values: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for value in values {
        let value = value.trim();
        if !value.contains(':') {
            return Err(anyhow!(
                "expected a string in format principalType:principalName but got {value}"
            ));
        }
        push_new(&mut out, value.to_string());
    }
    Ok(out)
}

/// The hosts given (trimmed), or `*`.
fn hosts_or_any(hosts: &[String]) -> Vec<String> {
    if hosts.is_empty() {
        return vec!["*".to_string()];
    }
    let mut out = Vec::new();
    for host in hosts {
        push_new(&mut out, host.trim().to_string());
    }
    out
}

/// Java's `ResourcePattern.toString` (and `ResourcePatternFilter`'s).
fn pattern_text(p: &ResourcePattern) -> String {
    format!(
        "ResourcePattern(resourceType={}, name={}, patternType={})",
        p.resource_type.name(),
        p.name.as_deref().unwrap_or("<any>"),
        p.pattern_type.name()
    )
}

/// Java's `AccessControlEntry.toString`.
fn entry_text(e: &AccessControlEntry) -> String {
    format!(
        "(principal={}, host={}, operation={}, permissionType={})",
        e.principal.as_deref().unwrap_or("<any>"),
        e.host.as_deref().unwrap_or("<any>"),
        e.operation.name(),
        e.permission.name()
    )
}

/// The entries as Java joins them: a tab before each, one a line.
fn entry_lines(entries: &[AccessControlEntry]) -> String {
    entries
        .iter()
        .map(|e| format!("\t{}", entry_text(e)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A broker error as Java's exception message: `org.apache.kafka.common.errors.<class>: <text>`.
fn broker_failure((code, message): (i16, String)) -> anyhow::Error {
    anyhow!(
        "org.apache.kafka.common.errors.{}: {message}",
        exception_name(code)
    )
}

/// A resource in JSON.
#[derive(Debug, Serialize)]
struct ResourceJson {
    resource_type: &'static str,
    name: Option<String>,
    pattern_type: &'static str,
}

impl From<&ResourcePattern> for ResourceJson {
    fn from(p: &ResourcePattern) -> Self {
        Self {
            resource_type: p.resource_type.name(),
            name: p.name.clone(),
            pattern_type: p.pattern_type.name(),
        }
    }
}

/// An ACL entry in JSON.
#[derive(Debug, Serialize)]
struct EntryJson {
    principal: Option<String>,
    host: Option<String>,
    operation: &'static str,
    permission_type: &'static str,
}

impl From<&AccessControlEntry> for EntryJson {
    fn from(e: &AccessControlEntry) -> Self {
        Self {
            principal: e.principal.clone(),
            host: e.host.clone(),
            operation: e.operation.name(),
            permission_type: e.permission.name(),
        }
    }
}

fn entries_json(entries: &[AccessControlEntry]) -> Vec<EntryJson> {
    entries.iter().map(EntryJson::from).collect()
}

/// A resource with ACLs, as `--list` prints it.
#[derive(Debug, Serialize)]
struct ListedResource {
    #[serde(flatten)]
    resource: ResourceJson,
    acls: Vec<EntryJson>,
    #[serde(skip)]
    text: String,
}

/// One principal's part of `--list --principal`.
#[derive(Debug, Serialize)]
struct PrincipalAcls {
    principal: String,
    resources: Vec<ListedResource>,
}

/// What `--list` prints: every resource, or per principal.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Listing {
    All { resources: Vec<ListedResource> },
    ByPrincipal { principals: Vec<PrincipalAcls> },
}

fn write_resources(w: &mut dyn Write, resources: &[ListedResource]) -> io::Result<()> {
    for r in resources {
        write!(w, "{}", r.text)?;
    }
    Ok(())
}

impl Render for Listing {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        match self {
            Self::All { resources } => write_resources(w, resources),
            Self::ByPrincipal { principals } => {
                for p in principals {
                    writeln!(w, "ACLs for principal `{}`", p.principal)?;
                    write_resources(w, &p.resources)?;
                }
                Ok(())
            }
        }
    }
}

fn listed(resources: &ResourceAcls) -> Vec<ListedResource> {
    resources
        .iter()
        .map(|(pattern, entries)| ListedResource {
            resource: pattern.into(),
            acls: entries_json(entries),
            text: format!(
                "Current ACLs for resource `{}`:\n{}\n\n",
                pattern_text(pattern),
                entry_lines(entries)
            ),
        })
        .collect()
}

/// One resource of `--add`.
#[derive(Debug, Serialize)]
struct AddedResource {
    #[serde(flatten)]
    resource: ResourceJson,
    added: Vec<EntryJson>,
    already_existed: Vec<EntryJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// What `--add` did (JSON only: the text is printed as it goes).
#[derive(Debug, Serialize)]
struct AddReport {
    resources: Vec<AddedResource>,
    /// The failure that stopped it (also given at the resource it concerns).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl Render for AddReport {
    fn text(&self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// A binding deleted by `--remove`.
#[derive(Debug, Serialize)]
struct BindingJson {
    #[serde(flatten)]
    resource: ResourceJson,
    #[serde(flatten)]
    entry: EntryJson,
}

/// One filter of `--remove`.
#[derive(Debug, Serialize)]
struct RemovedFilter {
    #[serde(flatten)]
    resource: ResourceJson,
    /// The entries to remove; `None`: every ACL of the filter.
    acls: Option<Vec<EntryJson>>,
    confirmed: bool,
    removed: Vec<BindingJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// What `--remove` did (JSON only).
#[derive(Debug, Serialize)]
struct RemoveReport {
    filters: Vec<RemovedFilter>,
    /// The failure that stopped it (also given at the resource it concerns).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl Render for RemoveReport {
    fn text(&self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

impl Tool for AclsArgs {
    const NAME: &'static str = "kafka-acls";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let (action, connection, controllers) = self.check()?;
        let result = self.execute(ctx, action, &connection, controllers).await;
        // Java's wrapping of a failure inside the command (not of a usage error, nor of an
        // unusable cluster or a signal, which say so in the suite's words).
        result.map_err(|err| {
            let own = err.downcast_ref::<UsageError>().is_some()
                || crate::error::is_fatal(&err)
                || err.downcast_ref::<crate::error::Interrupted>().is_some();
            if own {
                err
            } else {
                err.context("Error while executing ACL command")
            }
        })
    }
}

impl AclsArgs {
    async fn execute(
        &self,
        ctx: &mut Context,
        action: Action,
        connection: &ConnectionArgs,
        controllers: bool,
    ) -> Result<()> {
        let pattern_type = self.pattern_type()?;
        // Everything is checked before anything is sent, as in Java.
        let plan = match action {
            Action::Add => {
                if !pattern_type.is_specific() {
                    return Err(usage(format!(
                        "A '--resource-pattern-type' value of '{}' is not valid when adding acls.",
                        pattern_type.name()
                    )));
                }
                let plan = self.resource_acls(pattern_type)?;
                if plan.iter().any(|(_, entries)| entries.is_empty()) {
                    return Err(usage("You must specify one of: --allow-principal, --deny-principal when trying to add ACLs."));
                }
                plan
            }
            Action::Remove => self.resource_acls(pattern_type)?,
            Action::List => Vec::new(),
        };
        let listing = match action {
            Action::List => Some((
                self.resources(pattern_type),
                principals(self.principal.as_deref().unwrap_or_default())?,
            )),
            _ => None,
        };
        let settings = SettingsBuilder::new(connection).build()?;
        let native = Native::new(&settings, ctx.shutdown.clone(), controllers)?;
        match (action, listing) {
            (Action::List, Some((resources, principals))) => {
                list(&native, ctx, &resources, &principals).await
            }
            (Action::Add, _) => add(&native, ctx, plan).await,
            _ => remove(&native, ctx, plan, self.force).await,
        }
    }
}

/// The ACLs that match each resource filter (every ACL without one), by resource.
async fn describe(native: &Native, resources: &[ResourcePattern]) -> Result<ResourceAcls> {
    let any = ResourcePattern {
        resource_type: ResourceType::Any,
        name: None,
        pattern_type: PatternType::Any,
    };
    let filters = if resources.is_empty() {
        vec![any]
    } else {
        resources.to_vec()
    };
    let mut out: ResourceAcls = Vec::new();
    for pattern in filters {
        let filter = AclBinding {
            pattern,
            entry: AccessControlEntry::any(),
        };
        let bindings = acls::describe_acls(native, &filter)
            .await?
            .map_err(broker_failure)?;
        for binding in bindings {
            match out.iter_mut().find(|(r, _)| *r == binding.pattern) {
                Some((_, entries)) => push_new(entries, binding.entry),
                None => out.push((binding.pattern, vec![binding.entry])),
            }
        }
    }
    Ok(out)
}

async fn list(
    native: &Native,
    ctx: &mut Context,
    resources: &[ResourcePattern],
    principals: &[String],
) -> Result<()> {
    let mut found = describe(native, resources).await?;
    // A stable order (Java's changes with the JVM, see the module notes).
    found.sort_by_key(|(r, _)| {
        (
            r.resource_type.code(),
            r.name.clone(),
            r.pattern_type.code(),
        )
    });
    for (_, entries) in &mut found {
        entries.sort_by_key(|e| {
            (
                e.principal.clone(),
                e.host.clone(),
                e.operation.code(),
                e.permission.code(),
            )
        });
    }
    let listing = if principals.is_empty() {
        Listing::All {
            resources: listed(&found),
        }
    } else {
        Listing::ByPrincipal {
            principals: principals
                .iter()
                .map(|principal| {
                    let theirs: ResourceAcls = found
                        .iter()
                        .map(|(r, entries)| {
                            let mine = entries
                                .iter()
                                .filter(|e| e.principal.as_deref() == Some(principal.as_str()))
                                .cloned()
                                .collect::<Vec<_>>();
                            (r.clone(), mine)
                        })
                        .filter(|(_, entries)| !entries.is_empty())
                        .collect();
                    PrincipalAcls {
                        principal: principal.clone(),
                        resources: listed(&theirs),
                    }
                })
                .collect(),
        }
    };
    ctx.out.emit(&listing)?;
    Ok(())
}

async fn add(native: &Native, ctx: &mut Context, plan: ResourceAcls) -> Result<()> {
    let text = ctx.out.format() != Format::Json;
    let mut report = AddReport {
        resources: Vec::new(),
        error: None,
    };
    let mut failure = None;
    for (pattern, entries) in plan {
        let existing = describe(native, std::slice::from_ref(&pattern)).await?;
        let existing: Vec<&AccessControlEntry> = existing
            .iter()
            .filter(|(r, _)| *r == pattern)
            .flat_map(|(_, e)| e)
            .collect();
        let (present, new): (Vec<_>, Vec<_>) =
            entries.into_iter().partition(|e| existing.contains(&e));
        if text {
            for entry in &present {
                ctx.out.line(&format!(
                    "Acl (pattern={}, entry={}) already exists.",
                    pattern_text(&pattern),
                    entry_text(entry)
                ))?;
            }
        }
        let mut done = AddedResource {
            resource: (&pattern).into(),
            added: Vec::new(),
            already_existed: entries_json(&present),
            error: None,
        };
        if !new.is_empty() {
            if text {
                ctx.out.line(&format!(
                    "Adding ACLs for resource `{}`: \n {}\n",
                    pattern_text(&pattern),
                    entry_lines(&new)
                ))?;
                ctx.out.flush()?;
            }
            let bindings: Vec<AclBinding> = new
                .iter()
                .map(|entry| AclBinding {
                    pattern: pattern.clone(),
                    entry: entry.clone(),
                })
                .collect();
            let errors = acls::create_acls(native, &bindings).await?;
            if let Some(error) = errors.into_iter().flatten().next() {
                let err = broker_failure(error);
                done.error = Some(err.to_string());
                failure = Some(err);
            } else {
                done.added = entries_json(&new);
            }
        }
        report.resources.push(done);
        if failure.is_some() {
            break;
        }
    }
    if !text {
        report.error = failure
            .as_ref()
            .map(|e| format!("Error while executing ACL command: {e}"));
        ctx.out.emit(&report)?;
    }
    failure.map_or(Ok(()), Err)
}

async fn remove(native: &Native, ctx: &mut Context, plan: ResourceAcls, force: bool) -> Result<()> {
    let text = ctx.out.format() != Format::Json;
    let mut report = RemoveReport {
        filters: Vec::new(),
        error: None,
    };
    let mut failure = None;
    for (pattern, entries) in plan {
        let question = if entries.is_empty() {
            format!(
                "Are you sure you want to delete all ACLs for resource filter `{}`? (y/n)",
                pattern_text(&pattern)
            )
        } else {
            format!(
                "Are you sure you want to remove ACLs: \n {}\n from resource filter `{}`? (y/n)",
                entry_lines(&entries),
                pattern_text(&pattern)
            )
        };
        let confirmed = force || confirm(ctx, &question, text).await?;
        let mut done = RemovedFilter {
            resource: (&pattern).into(),
            acls: (!entries.is_empty()).then(|| entries_json(&entries)),
            confirmed,
            removed: Vec::new(),
            error: None,
        };
        if confirmed {
            let filters: Vec<AclBinding> = if entries.is_empty() {
                vec![AclBinding {
                    pattern: pattern.clone(),
                    entry: AccessControlEntry::any(),
                }]
            } else {
                entries
                    .iter()
                    .map(|entry| AclBinding {
                        pattern: pattern.clone(),
                        entry: entry.clone(),
                    })
                    .collect()
            };
            for result in acls::delete_acls(native, &filters).await? {
                match result {
                    Ok(bindings) => done.removed.extend(bindings.iter().map(|b| BindingJson {
                        resource: (&b.pattern).into(),
                        entry: (&b.entry).into(),
                    })),
                    Err(error) if failure.is_none() => {
                        let err = broker_failure(error);
                        done.error = Some(err.to_string());
                        failure = Some(err);
                    }
                    Err(_) => {}
                }
            }
        }
        report.filters.push(done);
        if failure.is_some() {
            break;
        }
    }
    if !text {
        report.error = failure
            .as_ref()
            .map(|e| format!("Error while executing ACL command: {e}"));
        ctx.out.emit(&report)?;
    }
    failure.map_or(Ok(()), Err)
}

/// Asks `question` (on stdout as Java does; on stderr with `--output json`) and reads the
/// answer from stdin: `y` or `Y` confirms; anything else, or the end of input, does not.
async fn confirm(ctx: &mut Context, question: &str, text: bool) -> Result<bool> {
    if text {
        ctx.out.line(question)?;
        ctx.out.flush()?;
    } else {
        ctx.out.stderr_line(question);
    }
    let read = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        io::stdin()
            .read_line(&mut line)
            .map(|n| (n > 0).then_some(line))
    });
    let line = tokio::select! {
        joined = read => joined.map_err(|e| anyhow!("reading stdin: {e}"))??,
        () = ctx.shutdown.wait() => {
            ctx.shutdown.check()?;
            None
        }
    };
    let answer = line
        .as_deref()
        .map(|l| l.trim_end_matches('\n').trim_end_matches('\r'));
    Ok(answer.is_some_and(|a| a.eq_ignore_ascii_case("y")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> AclsArgs {
        let mut argv = vec!["kafka-acls", "--bootstrap-server", "localhost:9092"];
        argv.extend_from_slice(words);
        AclsArgs::try_parse_from(argv).unwrap()
    }

    fn check_error(words: &[&str]) -> String {
        args(words).check().unwrap_err().to_string()
    }

    #[test]
    fn checks_are_javas_in_javas_order() {
        assert_eq!(
            check_error(&[]),
            "Command must include exactly one action: --list, --add, --remove. "
        );
        assert_eq!(
            check_error(&["--list", "--producer"]),
            "Option \"[list]\" can't be used with option \"[producer]\""
        );
        assert_eq!(
            check_error(&["--add", "--producer", "--operation", "Read", "--topic", "t"]),
            "Option \"[producer]\" can't be used with option \"[operation]\""
        );
        assert_eq!(
            check_error(&["--add", "--principal", "User:x"]),
            "The --principal option is only available if --list is set"
        );
        assert_eq!(
            check_error(&["--add", "--producer"]),
            "With --producer you must specify a --topic"
        );
        assert_eq!(
            check_error(&["--add", "--idempotent", "--topic", "t"]),
            "The --idempotent option is only available if --producer is set"
        );
        assert!(check_error(&["--add", "--consumer", "--topic", "t"])
            .starts_with("With --consumer you must specify a --topic and a --group"));
        assert!(args(&[
            "--add",
            "--consumer",
            "--producer",
            "--topic",
            "t",
            "--group",
            "g",
            "--cluster"
        ])
        .check()
        .is_ok());
    }

    #[test]
    fn producer_and_consumer_make_javas_acls() {
        let a = args(&[
            "--add",
            "--producer",
            "--consumer",
            "--idempotent",
            "--topic",
            "t",
            "--group",
            "g",
            "--transactional-id",
            "tx",
            "--allow-principal",
            "User:bob",
        ]);
        let plan = a.resource_acls(PatternType::Literal).unwrap();
        let summary: Vec<(String, Vec<&str>)> = plan
            .iter()
            .map(|(r, e)| {
                (
                    pattern_text(r),
                    e.iter().map(|e| e.operation.name()).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)".into(),
                    vec!["WRITE", "DESCRIBE", "CREATE", "READ"]
                ),
                (
                    "ResourcePattern(resourceType=TRANSACTIONAL_ID, name=tx, patternType=LITERAL)"
                        .into(),
                    vec!["WRITE", "DESCRIBE"]
                ),
                (
                    "ResourcePattern(resourceType=CLUSTER, name=kafka-cluster, patternType=LITERAL)"
                        .into(),
                    vec!["IDEMPOTENT_WRITE"]
                ),
                (
                    "ResourcePattern(resourceType=GROUP, name=g, patternType=LITERAL)".into(),
                    vec!["READ"]
                ),
            ]
        );
    }

    #[test]
    fn operations_are_checked_per_resource_type() {
        let a = args(&[
            "--add",
            "--group",
            "g",
            "--operation",
            "Write",
            "--allow-principal",
            "User:x",
        ]);
        assert_eq!(
            a.resource_acls(PatternType::Literal).unwrap_err().to_string(),
            "ResourceType GROUP only supports operations [READ, DESCRIBE, DELETE, DESCRIBE_CONFIGS, ALTER_CONFIGS, ALL]"
        );
        let a = args(&[
            "--add",
            "--topic",
            "t",
            "--operation",
            "Any",
            "--allow-principal",
            "User:x",
        ]);
        assert_eq!(
            a.resource_acls(PatternType::Literal)
                .unwrap_err()
                .to_string(),
            "operation must not be ANY"
        );
        let a = args(&["--add", "--topic", "t", "--allow-principal", "x"]);
        assert_eq!(
            a.resource_acls(PatternType::Literal)
                .unwrap_err()
                .to_string(),
            "expected a string in format principalType:principalName but got x"
        );
        let a = args(&["--add", "--allow-principal", "User:x"]);
        assert!(a
            .resource_acls(PatternType::Literal)
            .unwrap_err()
            .to_string()
            .starts_with("You must provide at least one resource"));
    }

    #[test]
    fn entries_multiply_principals_operations_and_hosts() {
        let a = args(&[
            "--add",
            "--topic",
            " t ",
            "--allow-principal",
            "User:a",
            "--allow-principal",
            "User:a",
            "--operation",
            "Read",
            "--operation",
            "write",
            "--allow-host",
            "h1",
            "--deny-principal",
            "User:d",
        ]);
        let plan = a.resource_acls(PatternType::Prefixed).unwrap();
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].0.name.as_deref(), Some("t"));
        let lines: Vec<String> = plan[0].1.iter().map(entry_text).collect();
        assert_eq!(
            lines,
            [
                "(principal=User:a, host=h1, operation=READ, permissionType=ALLOW)",
                "(principal=User:a, host=h1, operation=WRITE, permissionType=ALLOW)",
                "(principal=User:d, host=*, operation=READ, permissionType=DENY)",
                "(principal=User:d, host=*, operation=WRITE, permissionType=DENY)",
            ]
        );
    }

    #[test]
    fn the_cluster_is_a_literal_resource_only() {
        let a = args(&["--list", "--cluster", "--resource-pattern-type", "prefixed"]);
        assert!(a.resources(a.pattern_type().unwrap()).is_empty());
        let a = args(&["--list", "--cluster"]);
        assert_eq!(a.resources(PatternType::Literal), vec![cluster_pattern()]);
        let a = args(&["--list", "--resource-pattern-type", "bogus"]);
        assert_eq!(
            a.pattern_type().unwrap_err().to_string(),
            "Cannot parse argument 'bogus' of option resource-pattern-type"
        );
    }

    #[test]
    fn a_principal_option_without_a_value_lists_everything() {
        let a = args(&["--list", "--principal"]);
        assert_eq!(a.principal, Some(vec![]));
        let a = args(&["--list", "--principal", "User:a", "--principal", "User:b"]);
        assert_eq!(
            a.principal,
            Some(vec!["User:a".to_string(), "User:b".to_string()])
        );
    }
}
