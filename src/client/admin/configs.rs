//! DescribeConfigs with per-resource errors and synonyms (rdkafka 0.39's own call lacks both,
//! and fails on Kafka 4's GROUP_CONFIG source: reference rdkafka.md §1.2), and
//! IncrementalAlterConfigs with the broker's per-resource error (0.39 only has the legacy
//! AlterConfigs, which resets every config it is not given).
//!
//! librdkafka 2.12 knows the resource types TOPIC, BROKER and GROUP only: it maps any other
//! type (Kafka's BROKER_LOGGER = 8, CLIENT_METRICS = 16) to UNKNOWN on the wire
//! (`rd_kafka_ResourceType_to_ConfigResourceType`), so broker loggers cannot be served here.

use anyhow::{bail, Result};
use rdkafka::bindings as rd;
use rdkafka::producer::Producer as _;
use rdkafka::types::RDKafkaErrorCode;
use serde::Serialize;

use super::super::ffi::{cstring, owned, Guard};
use super::Admin;

/// The kind of resource whose configs are described.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourceKind {
    /// A topic.
    Topic,
    /// A broker (by id; "" for the cluster-wide default).
    Broker,
    /// A consumer group.
    Group,
    /// A broker's log4j loggers (by broker id; native path only).
    BrokerLogger,
    /// A client-metrics subscription (native path only).
    ClientMetrics,
}

impl ResourceKind {
    fn native(self) -> rd::rd_kafka_ResourceType_t {
        match self {
            Self::Topic => rd::rd_kafka_ResourceType_t::RD_KAFKA_RESOURCE_TOPIC,
            Self::Broker => rd::rd_kafka_ResourceType_t::RD_KAFKA_RESOURCE_BROKER,
            Self::Group => rd::rd_kafka_ResourceType_t::RD_KAFKA_RESOURCE_GROUP,
            Self::BrokerLogger | Self::ClientMetrics => {
                rd::rd_kafka_ResourceType_t::RD_KAFKA_RESOURCE_UNKNOWN
            }
        }
    }

    /// Kafka's `ConfigResource.Type` number on the wire.
    pub(crate) fn code(self) -> i8 {
        match self {
            Self::Topic => 2,
            Self::Broker => 4,
            Self::BrokerLogger => 8,
            Self::ClientMetrics => 16,
            Self::Group => 32,
        }
    }

    /// Whether librdkafka 2.12 can address this resource (it maps other types to UNKNOWN and
    /// refuses an empty name).
    pub(crate) fn librdkafka_can(self, name: &str) -> bool {
        matches!(self, Self::Topic | Self::Broker | Self::Group) && !name.is_empty()
    }
}

/// Where a config value comes from, with Kafka's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum ConfigSource {
    /// Unknown source.
    Unknown,
    /// A topic override.
    DynamicTopicConfig,
    /// A per-broker dynamic value.
    DynamicBrokerConfig,
    /// The cluster-wide dynamic default.
    DynamicDefaultBrokerConfig,
    /// server.properties.
    StaticBrokerConfig,
    /// Kafka's built-in default.
    DefaultConfig,
    /// A group config (KIP-848); Java's name is `DYNAMIC_GROUP_CONFIG`.
    #[serde(rename = "DYNAMIC_GROUP_CONFIG")]
    GroupConfig,
    /// A broker logger level set at runtime.
    DynamicBrokerLoggerConfig,
    /// A client-metrics subscription's config; Java's name is `DYNAMIC_CLIENT_METRICS_CONFIG`.
    #[serde(rename = "DYNAMIC_CLIENT_METRICS_CONFIG")]
    ClientMetricsConfig,
}

impl ConfigSource {
    fn from_native(source: rd::rd_kafka_ConfigSource_t) -> Self {
        use rd::rd_kafka_ConfigSource_t as S;
        match source {
            S::RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG => Self::DynamicTopicConfig,
            S::RD_KAFKA_CONFIG_SOURCE_DYNAMIC_BROKER_CONFIG => Self::DynamicBrokerConfig,
            S::RD_KAFKA_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG => {
                Self::DynamicDefaultBrokerConfig
            }
            S::RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG => Self::StaticBrokerConfig,
            S::RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG => Self::DefaultConfig,
            S::RD_KAFKA_CONFIG_SOURCE_GROUP_CONFIG => Self::GroupConfig,
            _ => Self::Unknown,
        }
    }
}

impl ConfigSource {
    /// The name Java's `ConfigEntry.ConfigSource` gives this source (as kafka-configs prints it).
    pub(crate) fn java_name(self) -> &'static str {
        match self {
            Self::Unknown => "UNKNOWN",
            Self::DynamicTopicConfig => "DYNAMIC_TOPIC_CONFIG",
            Self::DynamicBrokerConfig => "DYNAMIC_BROKER_CONFIG",
            Self::DynamicDefaultBrokerConfig => "DYNAMIC_DEFAULT_BROKER_CONFIG",
            Self::StaticBrokerConfig => "STATIC_BROKER_CONFIG",
            Self::DefaultConfig => "DEFAULT_CONFIG",
            Self::GroupConfig => "DYNAMIC_GROUP_CONFIG",
            Self::DynamicBrokerLoggerConfig => "DYNAMIC_BROKER_LOGGER_CONFIG",
            Self::ClientMetricsConfig => "DYNAMIC_CLIENT_METRICS_CONFIG",
        }
    }

    /// From Kafka's wire number (`DescribeConfigsResponse` `ConfigSource`).
    pub(crate) fn from_code(code: i8) -> Self {
        match code {
            1 => Self::DynamicTopicConfig,
            2 => Self::DynamicBrokerConfig,
            3 => Self::DynamicDefaultBrokerConfig,
            4 => Self::StaticBrokerConfig,
            5 => Self::DefaultConfig,
            6 => Self::DynamicBrokerLoggerConfig,
            7 => Self::ClientMetricsConfig,
            8 => Self::GroupConfig,
            _ => Self::Unknown,
        }
    }
}

/// One change of an IncrementalAlterConfigs request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConfigChange {
    /// Set `name` to `value`.
    Set(String, String),
    /// Remove the override of `name` (back to its inherited value).
    Delete(String),
}

/// One config entry.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ConfigEntry {
    /// Config name.
    pub(crate) name: String,
    /// Its value; `None` when sensitive or unset.
    pub(crate) value: Option<String>,
    /// Where the value comes from.
    pub(crate) source: ConfigSource,
    /// Whether the value is secret.
    pub(crate) is_sensitive: bool,
    /// Whether the value cannot be changed.
    pub(crate) is_read_only: bool,
    /// Other places that define this config, highest precedence first.
    pub(crate) synonyms: Vec<ConfigSynonym>,
}

/// A synonym of a config entry.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ConfigSynonym {
    /// Name (e.g. `log.retention.ms` for `retention.ms`).
    pub(crate) name: String,
    /// Its value, if any.
    pub(crate) value: Option<String>,
    /// Its source.
    pub(crate) source: ConfigSource,
}

/// The configs of one resource, or the broker's error for it.
#[derive(Debug, Clone)]
pub(crate) struct ResourceConfigs {
    /// Resource name.
    pub(crate) name: String,
    /// Entries, or the per-resource error (code, message).
    pub(crate) entries: Result<Vec<ConfigEntry>, (RDKafkaErrorCode, String)>,
}

impl Admin {
    /// Describes the configs of several resources of one kind.
    pub(crate) fn describe_configs(
        &self,
        kind: ResourceKind,
        names: &[String],
    ) -> Result<Vec<ResourceConfigs>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let mut requests = Vec::with_capacity(names.len());
        for name in names {
            let c = cstring(name)?;
            // SAFETY: valid C string; owned by the guard.
            let resource = unsafe {
                Guard::new(
                    rd::rd_kafka_ConfigResource_new(kind.native(), c.as_ptr()),
                    rd::rd_kafka_ConfigResource_destroy,
                )
            };
            if resource.is_null() {
                // librdkafka refuses an empty name (Kafka's cluster-default broker is "").
                bail!("librdkafka cannot address the config resource {name:?}");
            }
            requests.push(resource);
        }
        let mut raw: Vec<*mut rd::rd_kafka_ConfigResource_t> =
            requests.iter().map(Guard::ptr).collect();
        let event = self.run(
            "describing configs",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS,
            rd::RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT,
            false,
            |rk, opts, queue| {
                // SAFETY: the requests outlive the call; librdkafka copies them.
                unsafe {
                    rd::rd_kafka_DescribeConfigs(rk, raw.as_mut_ptr(), raw.len(), opts, queue)
                }
            },
        )?;
        // SAFETY: the event is a DescribeConfigs result; everything is copied before it is freed.
        unsafe {
            let result = rd::rd_kafka_event_DescribeConfigs_result(event.ptr());
            let mut n = 0;
            let resources = rd::rd_kafka_DescribeConfigs_result_resources(result, &mut n);
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let r = *resources.add(i);
                let name = owned(rd::rd_kafka_ConfigResource_name(r)).unwrap_or_default();
                let code = rd::rd_kafka_ConfigResource_error(r);
                let entries = if code == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                    let mut m = 0;
                    let items = rd::rd_kafka_ConfigResource_configs(r, &mut m);
                    Ok((0..m).map(|j| config_entry(*items.add(j))).collect())
                } else {
                    let code = RDKafkaErrorCode::from(code);
                    let text = owned(rd::rd_kafka_ConfigResource_error_string(r))
                        .filter(|t| !t.is_empty())
                        .unwrap_or_else(|| code.to_string());
                    Err((code, text))
                };
                out.push(ResourceConfigs { name, entries });
            }
            Ok(out)
        }
    }
}

impl Admin {
    /// The ids of every group the brokers know (ListGroups through librdkafka's legacy call,
    /// which Kafka 4 answers with groups of every type).
    pub(crate) fn group_ids(&self) -> Result<Vec<String>> {
        self.check()?;
        let list = self
            .client
            .client()
            .fetch_group_list(None, self.settings.api_timeout())
            .map_err(|e| anyhow::anyhow!("listing groups: {e}"))?;
        let mut ids: Vec<String> = list.groups().iter().map(|g| g.name().to_string()).collect();
        ids.sort();
        Ok(ids)
    }

    /// Changes the configs of one resource (IncrementalAlterConfigs).
    ///
    /// Returns the broker's per-resource error (code, message), `None` on success. One resource
    /// per call: librdkafka allows at most one BROKER resource per request anyway.
    pub(crate) fn incremental_alter_configs(
        &self,
        kind: ResourceKind,
        name: &str,
        changes: &[ConfigChange],
    ) -> Result<Option<(RDKafkaErrorCode, String)>> {
        use rd::rd_kafka_AlterConfigOpType_t as Op;
        let c = cstring(name)?;
        // SAFETY: valid C string; owned by the guard.
        let resource = unsafe {
            Guard::new(
                rd::rd_kafka_ConfigResource_new(kind.native(), c.as_ptr()),
                rd::rd_kafka_ConfigResource_destroy,
            )
        };
        if resource.is_null() {
            // librdkafka refuses an empty name; Kafka's cluster default broker has name "".
            bail!("librdkafka cannot address the config resource {name:?}");
        }
        for change in changes {
            let (key, op, value) = match change {
                ConfigChange::Set(k, v) => (k, Op::RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET, Some(v)),
                ConfigChange::Delete(k) => (k, Op::RD_KAFKA_ALTER_CONFIG_OP_TYPE_DELETE, None),
            };
            let key_c = cstring(key)?;
            let value_c = value.map(|v| cstring(v)).transpose()?;
            // SAFETY: valid pointers; the returned error (if any) is owned and freed here.
            unsafe {
                let err = rd::rd_kafka_ConfigResource_add_incremental_config(
                    resource.ptr(),
                    key_c.as_ptr(),
                    op,
                    value_c.as_ref().map_or(std::ptr::null(), |v| v.as_ptr()),
                );
                let err = Guard::new(err, rd::rd_kafka_error_destroy);
                if let Some((_, text)) = super::error_of(err.ptr()) {
                    bail!("config {key}: {text}");
                }
            }
        }
        let mut raw = [resource.ptr()];
        let event = self.run(
            "altering configs",
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_INCREMENTALALTERCONFIGS,
            rd::RD_KAFKA_EVENT_INCREMENTALALTERCONFIGS_RESULT,
            false,
            |rk, opts, queue| {
                // SAFETY: the resource outlives the call; librdkafka copies it.
                unsafe {
                    rd::rd_kafka_IncrementalAlterConfigs(
                        rk,
                        raw.as_mut_ptr(),
                        raw.len(),
                        opts,
                        queue,
                    )
                }
            },
        )?;
        // SAFETY: the event is an IncrementalAlterConfigs result; copied before it is freed.
        unsafe {
            let result = rd::rd_kafka_event_IncrementalAlterConfigs_result(event.ptr());
            let mut n = 0;
            let resources = rd::rd_kafka_IncrementalAlterConfigs_result_resources(result, &mut n);
            for i in 0..n {
                let r = *resources.add(i);
                let code = rd::rd_kafka_ConfigResource_error(r);
                if code != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                    let code = RDKafkaErrorCode::from(code);
                    let text = owned(rd::rd_kafka_ConfigResource_error_string(r))
                        .filter(|t| !t.is_empty())
                        .unwrap_or_else(|| code.to_string());
                    return Ok(Some((code, text)));
                }
            }
            Ok(None)
        }
    }
}

/// Copies one config entry and its synonyms.
///
/// # Safety
/// `entry` must be valid for the duration of the call.
unsafe fn config_entry(entry: *const rd::rd_kafka_ConfigEntry_t) -> ConfigEntry {
    let mut n = 0;
    let synonyms = rd::rd_kafka_ConfigEntry_synonyms(entry, &mut n);
    let synonyms = if synonyms.is_null() {
        Vec::new()
    } else {
        (0..n)
            .map(|i| {
                let s = *synonyms.add(i);
                ConfigSynonym {
                    name: owned(rd::rd_kafka_ConfigEntry_name(s)).unwrap_or_default(),
                    value: owned(rd::rd_kafka_ConfigEntry_value(s)),
                    source: ConfigSource::from_native(rd::rd_kafka_ConfigEntry_source(s)),
                }
            })
            .collect()
    };
    ConfigEntry {
        name: owned(rd::rd_kafka_ConfigEntry_name(entry)).unwrap_or_default(),
        value: owned(rd::rd_kafka_ConfigEntry_value(entry)),
        source: ConfigSource::from_native(rd::rd_kafka_ConfigEntry_source(entry)),
        is_sensitive: rd::rd_kafka_ConfigEntry_is_sensitive(entry) != 0,
        is_read_only: rd::rd_kafka_ConfigEntry_is_read_only(entry) != 0,
        synonyms,
    }
}

/// The native path's config calls: resources librdkafka cannot address (broker loggers,
/// client metrics, the cluster-wide default broker ""), and everything with
/// `--bootstrap-controller`.
pub(crate) mod native {
    use std::time::{Duration, Instant};

    use anyhow::Result;
    use kafka_protocol::messages::{
        DescribeConfigsRequest, IncrementalAlterConfigsRequest, ListConfigResourcesRequest,
    };
    use kafka_protocol::protocol::StrBytes;
    use rdkafka::types::RDKafkaErrorCode;

    use super::{ConfigChange, ConfigEntry, ConfigSource, ConfigSynonym, ResourceKind};
    use crate::client::native::{error_text, rd_code, Native, Target};
    use crate::client::ABSENT_GRACE;

    /// Where a request about `kind`/`name` goes: a broker's own resources to that broker.
    fn target(kind: ResourceKind, name: &str) -> Target {
        match (kind, name.parse::<i32>()) {
            (ResourceKind::Broker | ResourceKind::BrokerLogger, Ok(id)) => Target::Node(id),
            _ => Target::Any,
        }
    }

    /// DescribeConfigs of one resource, with synonyms: the entries, or the broker's
    /// per-resource error.
    pub(crate) async fn describe(
        native: &Native,
        kind: ResourceKind,
        name: &str,
    ) -> Result<std::result::Result<Vec<ConfigEntry>, (RDKafkaErrorCode, String)>> {
        use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
        let build = |_| {
            DescribeConfigsRequest::default()
                .with_include_synonyms(true)
                .with_resources(vec![DescribeConfigsResource::default()
                    .with_resource_type(kind.code())
                    .with_resource_name(StrBytes::from_string(name.to_string()))])
        };
        let (response, _) = native
            .call::<DescribeConfigsRequest, _, _>(&target(kind, name), 1, build, |r| {
                r.results.first().map_or(0, |r| r.error_code)
            })
            .await?;
        let Some(result) = response.results.into_iter().next() else {
            anyhow::bail!("the broker returned no configs for {name}");
        };
        if result.error_code != 0 {
            return Ok(Err((
                rd_code(result.error_code),
                error_text(result.error_code, result.error_message.as_deref()),
            )));
        }
        Ok(Ok(result
            .configs
            .into_iter()
            .map(|c| ConfigEntry {
                name: c.name.to_string(),
                value: c.value.map(|v| v.to_string()),
                source: ConfigSource::from_code(c.config_source),
                is_sensitive: c.is_sensitive,
                is_read_only: c.read_only,
                synonyms: c
                    .synonyms
                    .into_iter()
                    .map(|s| ConfigSynonym {
                        name: s.name.to_string(),
                        value: s.value.map(|v| v.to_string()),
                        source: ConfigSource::from_code(s.source),
                    })
                    .collect(),
            })
            .collect()))
    }

    /// IncrementalAlterConfigs of one resource; the broker's per-resource error, if any.
    pub(crate) async fn alter(
        native: &Native,
        kind: ResourceKind,
        name: &str,
        changes: &[ConfigChange],
    ) -> Result<Option<(RDKafkaErrorCode, String)>> {
        use kafka_protocol::messages::incremental_alter_configs_request::{
            AlterConfigsResource, AlterableConfig,
        };
        let build = |_| {
            IncrementalAlterConfigsRequest::default().with_resources(vec![
                AlterConfigsResource::default()
                    .with_resource_type(kind.code())
                    .with_resource_name(StrBytes::from_string(name.to_string()))
                    .with_configs(
                        changes
                            .iter()
                            .map(|c| match c {
                                ConfigChange::Set(k, v) => AlterableConfig::default()
                                    .with_name(StrBytes::from_string(k.clone()))
                                    .with_config_operation(0)
                                    .with_value(Some(StrBytes::from_string(v.clone()))),
                                ConfigChange::Delete(k) => AlterableConfig::default()
                                    .with_name(StrBytes::from_string(k.clone()))
                                    .with_config_operation(1)
                                    .with_value(Some(StrBytes::from_static_str(""))),
                            })
                            .collect(),
                    ),
            ])
        };
        // Through controllers, changes go to the active one (others answer NOT_CONTROLLER);
        // a node's loggers are its own.
        let to = if native.to_controllers() && kind != ResourceKind::BrokerLogger {
            Target::Controller
        } else {
            target(kind, name)
        };
        let (response, _) = native
            .call::<IncrementalAlterConfigsRequest, _, _>(&to, 0, build, |r| {
                r.responses.first().map_or(0, |r| r.error_code)
            })
            .await?;
        Ok(response
            .responses
            .into_iter()
            .find(|r| r.error_code != 0)
            .map(|r| {
                (
                    rd_code(r.error_code),
                    error_text(r.error_code, r.error_message.as_deref()),
                )
            }))
    }

    /// Waits (at most [`ABSENT_GRACE`]) until a describe of `kind`/`name` shows `changes` with
    /// the `dynamic` source. The controller acknowledges IncrementalAlterConfigs once the change
    /// is committed and the brokers apply it a moment later; without this, an alter followed at
    /// once by a describe could show the old values. Best effort: gives up quietly, since the
    /// change was accepted either way.
    pub(crate) async fn await_applied(
        native: &Native,
        kind: ResourceKind,
        name: &str,
        dynamic: ConfigSource,
        changes: &[ConfigChange],
    ) -> Result<()> {
        let deadline = Instant::now() + ABSENT_GRACE;
        while Instant::now() < deadline {
            let Ok(now) = describe(native, kind, name).await? else {
                break;
            };
            let entry = |key: &str| now.iter().find(|e| e.name == key && e.source == dynamic);
            let applied = changes.iter().all(|c| match c {
                ConfigChange::Set(k, v) => entry(k)
                    .is_some_and(|e| e.is_sensitive || e.value.as_deref() == Some(v.as_str())),
                ConfigChange::Delete(k) => entry(k).is_none(),
            });
            if applied {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// The names of the resources of `kind` that have configs (ListConfigResources; v0 is
    /// Kafka 3.x's ListClientMetricsResources and lists client metrics only), in the broker's
    /// order (Java's admin keeps it).
    pub(crate) async fn list(native: &Native, kind: ResourceKind) -> Result<Vec<String>> {
        let build = |version: i16| {
            let r = ListConfigResourcesRequest::default();
            if version >= 1 {
                r.with_resource_types(vec![kind.code()])
            } else {
                r
            }
        };
        let (response, version) = native
            .call::<ListConfigResourcesRequest, _, _>(&Target::Any, 0, build, |r| r.error_code)
            .await?;
        if response.error_code != 0 {
            anyhow::bail!("{}", error_text(response.error_code, None));
        }
        Ok(response
            .config_resources
            .into_iter()
            .filter(|r| version == 0 || r.resource_type == kind.code())
            .map(|r| r.resource_name.to_string())
            .collect())
    }
}
