//! `kafka-configs --describe`: which entities, their configs, and the renderings (Java's text,
//! JSON, a table).
//!
//! librdkafka cannot address the cluster-wide default broker resource (its name is "", which
//! `rd_kafka_ConfigResource_new` refuses), so its dynamic configs are read from the
//! `DYNAMIC_DEFAULT_BROKER_CONFIG` synonyms of a live broker's configs: the same names and
//! values Java prints. `--all` of that entity is not available.

use std::io::{self, Write};

use anyhow::{bail, Result};
use serde::Serialize;

use super::{Entity, EntityType};
use crate::client::admin::configs::{ConfigEntry, ConfigSource, ResourceKind};
use crate::client::native::Native;
use crate::client::Admin;
use crate::output::{table_with_header, Render};
use crate::tools::Context;

/// The source whose entries are "dynamic" for an entity (the only ones shown without `--all`).
pub(super) fn dynamic_source(kind: EntityType, name: &str) -> Option<ConfigSource> {
    match kind {
        EntityType::Topics => Some(ConfigSource::DynamicTopicConfig),
        EntityType::Brokers if name.is_empty() => Some(ConfigSource::DynamicDefaultBrokerConfig),
        EntityType::Brokers => Some(ConfigSource::DynamicBrokerConfig),
        EntityType::Groups => Some(ConfigSource::GroupConfig),
        EntityType::ClientMetrics => Some(ConfigSource::ClientMetricsConfig),
        EntityType::BrokerLoggers | EntityType::Users | EntityType::Clients | EntityType::Ips => {
            None
        }
    }
}

/// The configs of one entity, as printed.
#[derive(Debug, Clone, Serialize)]
pub(super) struct EntityConfigs {
    /// `topic`, `broker` or `group`.
    #[serde(rename = "type")]
    entity_type: &'static str,
    /// Entity name; "" for the cluster-wide default broker (JSON: `null`).
    #[serde(serialize_with = "empty_as_null")]
    name: String,
    /// Whether the entity exists (a missing one prints Java's "doesn't exist" line).
    exists: bool,
    /// Whether every config is listed (`--all`) or only the dynamic ones.
    all: bool,
    /// Entries sorted by name.
    configs: Vec<ConfigEntry>,
}

/// Writes "" (the default entity's name) as `null`.
pub(super) fn empty_as_null<S: serde::Serializer>(name: &str, s: S) -> Result<S::Ok, S::Error> {
    if name.is_empty() {
        s.serialize_none()
    } else {
        s.serialize_str(name)
    }
}

/// The whole `--describe` result.
#[derive(Debug, Serialize)]
pub(super) struct Described {
    entities: Vec<EntityConfigs>,
}

/// Java's `value` printing: a null (sensitive or unset) value is `null`.
fn shown(value: Option<&str>, sensitive: bool) -> &str {
    if sensitive {
        "null"
    } else {
        value.unwrap_or("null")
    }
}

impl Render for Described {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for e in &self.entities {
            if !e.exists {
                writeln!(
                    w,
                    "The {} '{}' doesn't exist and doesn't have dynamic config.",
                    e.entity_type, e.name
                )?;
                continue;
            }
            if e.entity_type == "broker" && e.name.is_empty() {
                writeln!(w, "Default configs for brokers in the cluster are:")?;
            } else {
                let which = if e.all { "All" } else { "Dynamic" };
                writeln!(w, "{which} configs for {} {} are:", e.entity_type, e.name)?;
            }
            for c in &e.configs {
                let synonyms: Vec<String> = c
                    .synonyms
                    .iter()
                    .map(|s| {
                        format!(
                            "{}:{}={}",
                            s.source.java_name(),
                            s.name,
                            shown(s.value.as_deref(), c.is_sensitive)
                        )
                    })
                    .collect();
                writeln!(
                    w,
                    "  {}={} sensitive={} synonyms={{{}}}",
                    c.name,
                    shown(c.value.as_deref(), c.is_sensitive),
                    c.is_sensitive,
                    synonyms.join(", ")
                )?;
            }
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table =
            table_with_header(["TYPE", "NAME", "CONFIG", "VALUE", "SOURCE", "SENSITIVE"]);
        for e in &self.entities {
            let name = if e.name.is_empty() {
                "<default>"
            } else {
                e.name.as_str()
            };
            if !e.exists {
                table.add_row([e.entity_type, name, "-", "(does not exist)", "-", "-"]);
            }
            for c in &e.configs {
                table.add_row([
                    e.entity_type,
                    name,
                    c.name.as_str(),
                    shown(c.value.as_deref(), c.is_sensitive),
                    c.source.java_name(),
                    if c.is_sensitive { "true" } else { "false" },
                ]);
            }
        }
        Some(table)
    }
}

/// Runs `--describe` for one entity (or all of a kind when it has no name).
pub(super) fn run(admin: &Admin, ctx: &mut Context, entity: &Entity, all: bool) -> Result<()> {
    let Some(kind) = entity.kind.resource() else {
        bail!("entity type {} is not supported", entity.kind.singular());
    };
    // Every entity to describe, with whether it exists.
    let targets: Vec<(String, bool)> = match (entity.kind, entity.name.as_deref()) {
        (EntityType::Topics, name) => {
            let mut topics: Vec<String> = admin
                .metadata()?
                .topics
                .into_iter()
                .map(|t| t.name)
                .collect();
            topics.sort();
            let targets = existing(name, topics, all);
            for (topic, exists) in &targets {
                if let Some(refusal) = (!exists)
                    .then(|| admin.refusal_for_missing(topic))
                    .transpose()?
                    .flatten()
                {
                    return Err(refusal);
                }
            }
            targets
        }
        (EntityType::Brokers, Some("")) => vec![(String::new(), true)],
        (EntityType::Brokers, name) => {
            let live: Vec<String> = admin
                .metadata()?
                .brokers
                .iter()
                .map(|b| b.id.to_string())
                .collect();
            let mut targets = existing(name, live, all);
            if name.is_none() {
                targets.push((String::new(), true));
            }
            targets
        }
        (EntityType::Groups, Some(name)) if !all => {
            // Java also counts a group that only has configs (ListConfigResources, which
            // librdkafka lacks): a group that has dynamic configs exists.
            let exists = admin.group_ids()?.iter().any(|g| g == name)
                || describe_one(admin, kind, name)?
                    .iter()
                    .any(|e| e.source == ConfigSource::GroupConfig);
            vec![(name.to_string(), exists)]
        }
        (EntityType::Groups, name) => existing(name, admin.group_ids()?, all),
        _ => Vec::new(),
    };
    let mut entities = Vec::with_capacity(targets.len());
    for (name, exists) in targets {
        let configs = if !exists {
            Vec::new()
        } else if entity.kind == EntityType::Brokers && name.is_empty() {
            if all {
                if entity.name.is_some() {
                    bail!("--all of the cluster-wide default broker configs is not supported: librdkafka 2.12 cannot describe a config resource with an empty name; use the Java kafka-configs");
                }
                ctx.out.warn("the cluster-wide default broker configs are left out: librdkafka 2.12 cannot describe them with --all");
                continue;
            }
            broker_defaults(admin)?
        } else {
            let source = dynamic_source(entity.kind, &name);
            let mut entries = describe_one(admin, kind, &name)?;
            if !all {
                entries.retain(|e| Some(e.source) == source);
            }
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            entries
        };
        entities.push(EntityConfigs {
            entity_type: entity.kind.singular(),
            name,
            exists,
            all,
            configs,
        });
    }
    ctx.out.emit(&Described { entities })?;
    Ok(())
}

/// Runs `--describe` through the native path (broker loggers, client metrics, the cluster-wide
/// broker defaults, `--bootstrap-controller`).
pub(super) async fn run_native(
    native: &Native,
    ctx: &mut Context,
    entity: &Entity,
    all: bool,
) -> Result<()> {
    use crate::client::admin::configs::native as configs;
    let Some(kind) = entity.kind.resource() else {
        bail!(
            "entity type {} has no config resource",
            entity.kind.plural()
        );
    };
    let names: Vec<String> = match (&entity.name, entity.kind) {
        (Some(name), _) => vec![name.clone()],
        (None, EntityType::Brokers | EntityType::BrokerLoggers) => native
            .nodes()
            .await?
            .iter()
            .map(|n| n.id.to_string())
            .chain([String::new()])
            .collect(),
        (None, EntityType::ClientMetrics) => configs::list(native, kind).await?,
        (None, _) => bail!(
            "listing every {} needs --bootstrap-server (controllers do not list them)",
            entity.kind.singular()
        ),
    };
    let mut entities = Vec::with_capacity(names.len());
    for name in names {
        let (exists, mut configs) = match configs::describe(native, kind, &name).await? {
            Ok(entries) => (true, entries),
            Err((rdkafka::types::RDKafkaErrorCode::UnknownTopicOrPartition, _))
                if entity.kind == EntityType::Topics =>
            {
                (false, Vec::new())
            }
            Err((code, message)) => {
                return Err(super::refusal(code, entity.kind, &name)
                    .unwrap_or_else(|| anyhow::anyhow!("{message}")))
            }
        };
        if !all {
            if let Some(source) = dynamic_source(entity.kind, &name) {
                configs.retain(|e| e.source == source);
            }
        }
        configs.sort_by(|a, b| a.name.cmp(&b.name));
        entities.push(EntityConfigs {
            entity_type: entity.kind.singular(),
            name,
            exists,
            all,
            configs,
        });
    }
    ctx.out.emit(&Described { entities })?;
    Ok(())
}

/// The named entity (checked against `known` unless `--all`, as Java does), or every known one.
fn existing(name: Option<&str>, known: Vec<String>, all: bool) -> Vec<(String, bool)> {
    match name {
        Some(name) => vec![(name.to_string(), all || known.iter().any(|k| k == name))],
        None => known.into_iter().map(|k| (k, true)).collect(),
    }
}

/// The entries of one resource, failing with the broker's per-resource error.
fn describe_one(admin: &Admin, kind: ResourceKind, name: &str) -> Result<Vec<ConfigEntry>> {
    match admin
        .describe_configs(kind, &[name.to_string()])?
        .into_iter()
        .next()
        .map(|r| r.entries)
    {
        Some(Ok(entries)) => Ok(entries),
        Some(Err((_, message))) => bail!("{message}"),
        None => bail!("the broker returned no configs for {name}"),
    }
}

/// The cluster-wide dynamic broker defaults, from the synonyms of a live broker's configs.
fn broker_defaults(admin: &Admin) -> Result<Vec<ConfigEntry>> {
    let Some(broker) = admin.metadata()?.brokers.first().map(|b| b.id.to_string()) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<ConfigEntry> = Vec::new();
    for entry in describe_one(admin, ResourceKind::Broker, &broker)? {
        for synonym in &entry.synonyms {
            if synonym.source != ConfigSource::DynamicDefaultBrokerConfig
                || out.iter().any(|e| e.name == synonym.name)
            {
                continue;
            }
            out.push(ConfigEntry {
                name: synonym.name.clone(),
                value: synonym.value.clone(),
                source: synonym.source,
                is_sensitive: entry.is_sensitive,
                is_read_only: false,
                synonyms: vec![synonym.clone()],
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::admin::configs::ConfigSynonym;

    fn entry(name: &str, value: Option<&str>, sensitive: bool) -> ConfigEntry {
        ConfigEntry {
            name: name.into(),
            value: value.map(Into::into),
            source: ConfigSource::DynamicTopicConfig,
            is_sensitive: sensitive,
            is_read_only: false,
            synonyms: vec![
                ConfigSynonym {
                    name: name.into(),
                    value: value.map(Into::into),
                    source: ConfigSource::DynamicTopicConfig,
                },
                ConfigSynonym {
                    name: format!("log.{name}"),
                    value: Some("1".into()),
                    source: ConfigSource::DefaultConfig,
                },
            ],
        }
    }

    #[test]
    fn text_is_javas() {
        let described = Described {
            entities: vec![
                EntityConfigs {
                    entity_type: "topic",
                    name: "t1".into(),
                    exists: true,
                    all: false,
                    configs: vec![
                        entry("retention.ms", Some("3600000"), false),
                        entry("secret", None, true),
                    ],
                },
                EntityConfigs {
                    entity_type: "topic",
                    name: "gone".into(),
                    exists: false,
                    all: false,
                    configs: vec![],
                },
                EntityConfigs {
                    entity_type: "broker",
                    name: String::new(),
                    exists: true,
                    all: false,
                    configs: vec![],
                },
            ],
        };
        let mut buf = Vec::new();
        described.text(&mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "Dynamic configs for topic t1 are:\n\
             \x20 retention.ms=3600000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=3600000, DEFAULT_CONFIG:log.retention.ms=1}\n\
             \x20 secret=null sensitive=true synonyms={DYNAMIC_TOPIC_CONFIG:secret=null, DEFAULT_CONFIG:log.secret=null}\n\
             The topic 'gone' doesn't exist and doesn't have dynamic config.\n\
             Default configs for brokers in the cluster are:\n"
        );
    }
}
