//! `kafka-configs --describe`: which entities, their configs, and the renderings (Java's text,
//! JSON, a table).
//!
//! Topics, named brokers and groups go through librdkafka ([`run`]); the rest (the cluster-wide
//! default broker, whose name "" librdkafka refuses, every broker at once, broker loggers,
//! client metrics, `--bootstrap-controller`) through the native path ([`run_native`]).

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
        (EntityType::Brokers, name) => {
            let live: Vec<String> = admin
                .metadata()?
                .brokers
                .iter()
                .map(|b| b.id.to_string())
                .collect();
            existing(name, live, all)
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
        // In the broker's order, as Java.
        (None, EntityType::ClientMetrics) => configs::list(native, kind).await?,
        (None, _) => bail!(
            "listing every {} needs --bootstrap-server (controllers do not list them)",
            entity.kind.singular()
        ),
    };
    let mut entities = Vec::with_capacity(names.len());
    for name in names {
        // A broker id that is not a node of the cluster: Java's "doesn't exist" line (asking
        // would wait for a node that never comes).
        let missing = match (entity.kind, name.parse::<i32>()) {
            (EntityType::Brokers | EntityType::BrokerLoggers, Ok(id)) => {
                !native.nodes().await?.iter().any(|n| n.id == id)
            }
            // A client-metrics name without a subscription (Java lists them to check; a
            // controller cannot list them, so there it is not checked).
            (EntityType::ClientMetrics, _) if !all && entity.name.is_some() => {
                configs::list(native, kind)
                    .await
                    .is_ok_and(|known| !known.contains(&name))
            }
            _ => false,
        };
        if missing {
            entities.push(EntityConfigs {
                entity_type: entity.kind.singular(),
                name,
                exists: false,
                all,
                configs: Vec::new(),
            });
            continue;
        }
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
