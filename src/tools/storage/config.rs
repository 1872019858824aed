//! The part of a server's `server.properties` that kafka-storage reads (Java's `KafkaConfig`,
//! for the keys the storage tool uses), with `KafkaConfig`'s messages for the usual mistakes.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{anyhow, Result};

use crate::client::admin::quorum::Endpoint;
use crate::client::properties;

/// What kafka-storage needs of a server configuration.
#[derive(Debug, Clone)]
pub(super) struct ServerConfig {
    pub(super) broker: bool,
    pub(super) controller: bool,
    pub(super) node_id: i32,
    /// `controller.listener.names`, upper case.
    pub(super) controller_listener_names: Vec<String>,
    /// `log.dirs`, else `log.dir`.
    pub(super) log_dirs: Vec<String>,
    /// `metadata.log.dir`, else the first log directory.
    pub(super) metadata_log_dir: String,
    /// Whether `controller.quorum.voters` is set (a static quorum).
    pub(super) static_voters: bool,
    /// `unstable.feature.versions.enable`.
    pub(super) unstable_features: bool,
    listeners: String,
    advertised_listeners: String,
    controller_listener_names_raw: Option<String>,
}

fn missing(key: &str) -> anyhow::Error {
    anyhow!("Missing required configuration \"{key}\" which has no default value.")
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl ServerConfig {
    /// Reads `path` (a Java properties file).
    pub(super) fn load(path: &Path) -> Result<Self> {
        let props = properties::load_file(path)?;
        Self::from_properties(&props)
    }

    pub(super) fn from_properties(props: &[(String, String)]) -> Result<Self> {
        let get = |key: &str| properties::value(props, key).map(str::trim);
        let roles_text = get("process.roles").ok_or_else(|| missing("process.roles"))?;
        let mut broker = false;
        let mut controller = false;
        for role in list(roles_text) {
            match role.as_str() {
                "broker" => broker = true,
                "controller" => controller = true,
                other => {
                    return Err(anyhow!(
                        "Unknown process role '{other}' (only 'broker' and 'controller' are allowed roles)"
                    ))
                }
            }
        }
        let node_text = get("node.id").ok_or_else(|| missing("node.id"))?;
        let node_id: i32 = node_text.parse().map_err(|_| {
            anyhow!("Invalid value {node_text} for configuration node.id: Not a number of type INT")
        })?;
        let log_dirs = list(
            get("log.dirs")
                .or_else(|| get("log.dir"))
                .unwrap_or("/tmp/kafka-logs"),
        );
        let first = log_dirs.first().cloned().ok_or_else(|| {
            anyhow!("At least one log directory must be defined via log.dirs or log.dir.")
        })?;
        let metadata_log_dir = get("metadata.log.dir")
            .filter(|d| !d.is_empty())
            .map_or(first, str::to_string);
        let names_raw = get("controller.listener.names").map(str::to_string);
        let controller_listener_names: Vec<String> = names_raw
            .as_deref()
            .map(list)
            .unwrap_or_default()
            .into_iter()
            .map(|n| n.to_uppercase())
            .collect();
        if controller_listener_names.is_empty() {
            return Err(anyhow!(
                "controller.listener.names must contain at least one value when running KRaft with just the broker role"
            ));
        }
        let static_voters = get("controller.quorum.voters").is_some_and(|v| !list(v).is_empty());
        let unstable_features =
            get("unstable.feature.versions.enable").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        Ok(Self {
            broker,
            controller,
            node_id,
            controller_listener_names,
            log_dirs,
            metadata_log_dir,
            static_voters,
            unstable_features,
            listeners: get("listeners").unwrap_or("").to_string(),
            advertised_listeners: get("advertised.listeners").unwrap_or("").to_string(),
            controller_listener_names_raw: names_raw,
        })
    }

    /// Whether a process role is set (a KRaft configuration).
    pub(super) fn kraft(&self) -> bool {
        self.broker || self.controller
    }

    /// The directories to format or inspect, sorted and distinct (Java's TreeSet).
    pub(super) fn directories(&self) -> Vec<String> {
        let mut set: BTreeSet<String> = self.log_dirs.iter().cloned().collect();
        set.insert(self.metadata_log_dir.clone());
        set.into_iter().collect()
    }

    /// The first advertised controller endpoint (`effectiveAdvertisedControllerListeners`).
    pub(super) fn advertised_controller(&self) -> Result<Endpoint> {
        crate::tools::metadata_quorum::controller_endpoints(
            &self.listeners,
            &self.advertised_listeners,
            self.controller_listener_names_raw.as_deref(),
        )?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("No controller listeners found."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(text: &str) -> Vec<(String, String)> {
        properties::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn the_keys_are_read_as_kafka_config_reads_them() {
        let c = ServerConfig::from_properties(&props(
            "process.roles=broker,controller\nnode.id=3\ncontroller.listener.names=controller\n\
             listeners=PLAINTEXT://:9092,CONTROLLER://:9093\nlog.dirs=/b, /a\n",
        ))
        .unwrap();
        assert!(c.broker && c.controller && !c.static_voters);
        assert_eq!(c.metadata_log_dir, "/b");
        assert_eq!(c.directories(), vec!["/a", "/b"]);
        let e = c.advertised_controller().unwrap();
        assert_eq!((e.host.as_str(), e.port), ("localhost", 9093));
        let err = ServerConfig::from_properties(&props("node.id=1\n")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Missing required configuration \"process.roles\" which has no default value."
        );
    }
}
