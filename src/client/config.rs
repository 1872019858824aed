//! From command-line options and Java properties files to one validated librdkafka config.
//!
//! Precedence, as in the Java tools: properties files < `KEY=VALUE` words < dedicated flags <
//! the settings we force. The Java properties are translated into librdkafka's vocabulary
//! (`translate`), a few settings are forced on every client (no topic auto-creation, the CA
//! probe for vendored OpenSSL), and the result is checked by librdkafka itself, so a bad key
//! fails here with a one-line error instead of at client creation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result};
use rdkafka::config::{ClientConfig, RDKafkaLogLevel};
use rdkafka::error::KafkaError;

use super::context::ToolContext;
use super::properties;
use super::translate;
use crate::common::ConnectionArgs;
use crate::error::usage;

/// Java's `default.api.timeout.ms` default: how long one admin call may take.
const DEFAULT_API_TIMEOUT: Duration = Duration::from_secs(60);

/// librdkafka's aliases (`_RK_C_ALIAS` in rdkafka_conf.c): a second name and the property it
/// sets. Both names of one property must never reach librdkafka together: it would apply them
/// in the map's alphabetical order, not in the user's (`retries` after the user's
/// `message.send.max.retries`), so the settings keep one name per property, the last one given.
const ALIASES: &[(&str, &str)] = &[
    ("acks", "request.required.acks"),
    ("bootstrap.servers", "metadata.broker.list"),
    ("compression.type", "compression.codec"),
    ("delivery.timeout.ms", "message.timeout.ms"),
    ("linger.ms", "queue.buffering.max.ms"),
    ("max.in.flight", "max.in.flight.requests.per.connection"),
    ("max.partition.fetch.bytes", "fetch.message.max.bytes"),
    ("retries", "message.send.max.retries"),
    ("sasl.mechanism", "sasl.mechanisms"),
    (
        "sasl.oauthbearer.client.credentials.client.id",
        "sasl.oauthbearer.client.id",
    ),
    (
        "sasl.oauthbearer.client.credentials.client.secret",
        "sasl.oauthbearer.client.secret",
    ),
];

/// The librdkafka property `key` sets (itself unless it is an alias).
fn property(key: &str) -> &str {
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .map_or(key, |(_, real)| real)
}

/// Sets `key`, replacing the property's value under any of its names.
fn put(settings: &mut BTreeMap<String, String>, key: String, value: String) {
    let real = property(&key).to_string();
    settings.retain(|k, _| property(k) != real);
    settings.insert(key, value);
}

/// The librdkafka properties that `java` (Java client properties) sets; empty when they do
/// not translate (the full translation reports that).
fn properties_set(java: &[(String, String)]) -> Vec<String> {
    translate::translate(java)
        .map(|t| {
            t.settings
                .iter()
                .map(|(k, _)| property(k).to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The validated settings of every client one tool run creates.
#[derive(Debug, Clone)]
pub(crate) struct ClientSettings {
    settings: BTreeMap<String, String>,
    api_timeout: Duration,
    verbose: bool,
    /// The user's `allow.auto.create.topics` (Java's consumer setting, true by default).
    auto_create: bool,
    /// SCRAM with `tokenauth=true` (delegation-token login): the native path only.
    token_auth: bool,
}

/// Collects the sources of client settings before they are resolved.
#[derive(Debug, Default)]
pub(crate) struct SettingsBuilder {
    bootstrap: Option<String>,
    files: Vec<PathBuf>,
    words: Vec<String>,
    defaults: Vec<(String, String)>,
    overrides: Vec<(String, String)>,
}

impl SettingsBuilder {
    /// Starts from the shared connection options.
    pub(crate) fn new(conn: &ConnectionArgs) -> Self {
        Self {
            bootstrap: conn.bootstrap_server.clone(),
            files: conn.command_config.iter().cloned().collect(),
            words: conn.command_property.clone(),
            ..Self::default()
        }
    }

    /// Adds another Java properties file (e.g. `--producer.config`), applied after earlier ones.
    #[allow(dead_code)]
    pub(crate) fn file(mut self, path: Option<&Path>) -> Self {
        self.files.extend(path.map(Path::to_path_buf));
        self
    }

    /// Adds `KEY=VALUE` words (e.g. `--producer-property`), applied after earlier ones.
    #[allow(dead_code)]
    pub(crate) fn words<I: IntoIterator<Item = S>, S: Into<String>>(mut self, words: I) -> Self {
        self.words.extend(words.into_iter().map(Into::into));
        self
    }

    /// A Java client property used only when no file or word sets it (Java's "maybe merge").
    #[allow(dead_code)]
    pub(crate) fn default_value(mut self, key: &str, value: impl Into<String>) -> Self {
        self.defaults.push((key.to_string(), value.into()));
        self
    }

    /// A Java client property that wins over files and words (a dedicated flag's value).
    #[allow(dead_code)]
    pub(crate) fn set(mut self, key: &str, value: impl Into<String>) -> Self {
        self.overrides.push((key.to_string(), value.into()));
        self
    }

    /// The Java properties from the files and words, in order (before defaults and flags).
    pub(crate) fn java_properties(&self) -> Result<Vec<(String, String)>> {
        let mut java: Vec<(String, String)> = Vec::new();
        for path in &self.files {
            java.extend(properties::load_file(path)?);
        }
        java.extend(
            self.words
                .iter()
                .map(|w| properties::parse_key_value_word(w)),
        );
        Ok(java)
    }

    /// Reads the files, translates, forces our settings and validates the result.
    pub(crate) fn build(self) -> Result<ClientSettings> {
        let java_from_sources = self.java_properties();
        let bootstrap = self
            .bootstrap
            .filter(|b| !b.trim().is_empty())
            .ok_or_else(|| {
                usage(
                    "no bootstrap server given: use --bootstrap-server HOST:PORT \
                     or set KAFKA_BOOTSTRAP_SERVERS",
                )
            })?;
        let mut java = java_from_sources?;
        // A default gives way to the user's value under any name of the same property
        // (`request.required.acks` as much as `acks`).
        let given = properties_set(&java);
        for default in self.defaults {
            let same_key = java.iter().any(|(k, _)| *k == default.0);
            let same_property = properties_set(std::slice::from_ref(&default))
                .iter()
                .any(|p| given.contains(p));
            if !same_key && !same_property {
                java.push(default);
            }
        }
        java.extend(self.overrides);
        java.push(("bootstrap.servers".into(), bootstrap));

        let translated = translate::translate(&java).map_err(|e| usage(e.to_string()))?;
        let mut settings = BTreeMap::new();
        for (key, value) in translated.settings {
            put(&mut settings, key, value);
        }
        let auto_create = settings
            .get("allow.auto.create.topics")
            .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false"));
        force_settings(&mut settings);
        let verbose = settings.contains_key("debug");
        let built = ClientSettings {
            settings,
            api_timeout: translated
                .api_timeout_ms
                .map_or(DEFAULT_API_TIMEOUT, Duration::from_millis),
            verbose,
            auto_create,
            token_auth: translated.token_auth,
        };
        built.validate()?;
        Ok(built)
    }
}

/// Settings every client gets regardless of what the user gave.
fn force_settings(settings: &mut BTreeMap<String, String>) {
    // A metadata request for a missing topic must never create it (rdkafka.md §3.1); the
    // producer and consumer turn this back on, as Java's clients ask for auto-creation.
    settings.insert("allow.auto.create.topics".into(), "false".into());
    // Vendored OpenSSL does not know the system CA store (rdkafka.md §4.4).
    let uses_tls = settings
        .get("security.protocol")
        .is_some_and(|p| p.to_ascii_lowercase().contains("ssl"));
    let has_ca = ["ssl.ca.location", "ssl.ca.pem", "ssl.ca.certificate.stores"]
        .iter()
        .any(|k| settings.contains_key(*k));
    if uses_tls && !has_ca {
        settings.insert("ssl.ca.location".into(), "probe".into());
    }
    // Connection-closed chatter is noise for a command-line tool.
    settings
        .entry("log.connection.close".into())
        .or_insert_with(|| "false".into());
    // librdkafka drops the bootstrap connection once it learns the broker ids and then waits
    // reconnect.backoff.ms before reconnecting: 50 ms of a ~60 ms `kafka-topics --list`.
    settings
        .entry("reconnect.backoff.ms".into())
        .or_insert_with(|| "10".into());
}

impl ClientSettings {
    /// How long one admin call may take (`default.api.timeout.ms`, 60 s by default).
    pub(crate) fn api_timeout(&self) -> Duration {
        self.api_timeout
    }

    /// Whether a consumer asks the broker to create a missing topic (`allow.auto.create.topics`,
    /// Java's consumer setting, true unless the user says false; admin clients never ask).
    pub(crate) fn auto_create_topics(&self) -> bool {
        self.auto_create
    }

    /// Whether SASL/SCRAM logs in with a delegation token (`tokenauth=true` in Java's
    /// `ScramLoginModule`): the user name is the token's id, the password its HMAC.
    pub(crate) fn token_auth(&self) -> bool {
        self.token_auth
    }

    /// Whether librdkafka's log should be shown (the user set `debug`).
    pub(crate) fn verbose(&self) -> bool {
        self.verbose
    }

    /// The librdkafka value of `key` (or of the property under another name), if set.
    #[allow(dead_code)]
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        let real = property(key);
        self.settings
            .get(key)
            .or_else(|| {
                self.settings
                    .iter()
                    .find(|(k, _)| property(k) == real)
                    .map(|(_, v)| v)
            })
            .map(String::as_str)
    }

    /// Sets a librdkafka property (tool-specific, after validation of the user's settings).
    #[allow(dead_code)]
    pub(crate) fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        put(&mut self.settings, key.into(), value.into());
        self
    }

    /// The bootstrap servers, for error messages.
    pub(crate) fn bootstrap(&self) -> &str {
        self.get("bootstrap.servers").unwrap_or_default()
    }

    /// Creates a librdkafka client of type `T` with these settings. A failure here is a
    /// setting librdkafka could not apply (an unreadable keystore, a wrong store password), so
    /// the cluster cannot be used as configured.
    pub(crate) fn create<T>(&self, context: ToolContext, what: &str) -> anyhow::Result<T>
    where
        T: rdkafka::config::FromClientConfigAndContext<ToolContext>,
    {
        self.create_with(context, what, &[])
    }

    /// [`Self::create`] with some settings replaced or added (a tool's own client, such as a
    /// consumer that never joins its group).
    pub(crate) fn create_with<T>(
        &self,
        context: ToolContext,
        what: &str,
        overrides: &[(&str, &str)],
    ) -> anyhow::Result<T>
    where
        T: rdkafka::config::FromClientConfigAndContext<ToolContext>,
    {
        if self.token_auth {
            // librdkafka 2.12's SCRAM client-first message has no extensions
            // (rdkafka_sasl_scram.c), so the broker would take the token id for a user name.
            return Err(usage(
                "sasl.jaas.config: delegation token login (tokenauth=true) is not supported by \
                 this tool, which connects through librdkafka (its SCRAM has no extensions); \
                 the tools that speak Kafka's protocol themselves support it (README, \
                 \"Connection\")",
            ));
        }
        let mut config = self.client_config();
        for (key, value) in overrides {
            config.set(*key, *value);
        }
        config
            .create_with_context(context.with_token_file(self.static_token_file()))
            .map_err(|e| {
                crate::error::cluster_unusable(
                    self.bootstrap(),
                    &format!("creating the {what}: {e}"),
                )
            })
    }

    /// The file of a static OAUTHBEARER token (a `file:` token endpoint), which the client
    /// context hands to librdkafka: librdkafka itself would ask an identity provider.
    pub(crate) fn static_token_file(&self) -> Option<std::path::PathBuf> {
        if self.get("sasl.mechanisms") != Some("OAUTHBEARER") {
            return None;
        }
        self.get("sasl.oauthbearer.token.endpoint.url")
            .and_then(crate::client::native::security::static_token_file)
            .map(std::path::PathBuf::from)
    }

    /// A fresh rdkafka config with every setting. With a static OAUTHBEARER token, the
    /// identity-provider settings stay out: the client context supplies the token.
    pub(crate) fn client_config(&self) -> ClientConfig {
        let mut config = ClientConfig::new();
        let static_token = self.static_token_file().is_some();
        for (key, value) in &self.settings {
            if static_token
                && matches!(
                    key.as_str(),
                    "sasl.oauthbearer.method" | "sasl.oauthbearer.token.endpoint.url"
                )
            {
                continue;
            }
            config.set(key, value);
        }
        config.set_log_level(if self.verbose {
            RDKafkaLogLevel::Debug
        } else {
            RDKafkaLogLevel::Warning
        });
        config
    }

    /// Lets librdkafka check every key and value once, with a one-line error naming the key.
    fn validate(&self) -> Result<()> {
        match self.client_config().create_native_config() {
            Ok(_) => Ok(()),
            Err(KafkaError::ClientConfig(_, desc, key, _value)) => {
                let desc = if translate::is_sensitive(&key) {
                    "invalid value".to_string()
                } else {
                    redact(&desc, &self.settings)
                };
                Err(usage(format!("client property {key}: {desc}")))
            }
            Err(other) => Err(other).context("checking the client configuration"),
        }
    }
}

/// Removes every sensitive value from `text`.
fn redact(text: &str, settings: &BTreeMap<String, String>) -> String {
    let mut out = text.to_string();
    for (key, value) in settings {
        if translate::is_sensitive(key) && !value.is_empty() {
            out = out.replace(value.as_str(), "[hidden]");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(bootstrap: Option<&str>, words: &[&str]) -> ConnectionArgs {
        ConnectionArgs {
            bootstrap_server: bootstrap.map(str::to_string),
            command_config: None,
            command_property: words.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn missing_bootstrap_is_a_usage_error_that_names_both_sources() {
        let err = SettingsBuilder::new(&conn(None, &[])).build().unwrap_err();
        let text = err.to_string();
        assert!(text.contains("--bootstrap-server") && text.contains("KAFKA_BOOTSTRAP_SERVERS"));
        assert!(err.downcast_ref::<crate::error::UsageError>().is_some());
    }

    #[test]
    fn a_default_gives_way_to_the_users_value_under_librdkafkas_other_name() {
        let s = SettingsBuilder::new(&conn(
            Some("h:1"),
            &[
                "request.required.acks=1",
                "message.send.max.retries=0",
                "socket.send.buffer.bytes=0",
                "queue.buffering.max.ms=7",
            ],
        ))
        .default_value("acks", "-1")
        .default_value("retries", "3")
        .default_value("send.buffer.bytes", "102400")
        .default_value("linger.ms", "1000")
        .default_value("client.id", "tool")
        .build()
        .unwrap();
        assert_eq!(s.get("acks"), Some("1"));
        assert_eq!(s.get("request.required.acks"), Some("1"));
        assert_eq!(s.get("retries"), Some("0"));
        assert_eq!(s.get("socket.send.buffer.bytes"), Some("0"));
        assert_eq!(s.get("linger.ms"), Some("7"));
        assert_eq!(s.get("client.id"), Some("tool"));
        // One name per property reaches librdkafka.
        let config = s.client_config();
        assert_eq!(config.get("acks"), None);
        assert_eq!(config.get("retries"), None);
        assert_eq!(config.get("linger.ms"), None);
    }

    #[test]
    fn the_last_name_given_for_a_property_wins_and_with_replaces_every_name() {
        let s = SettingsBuilder::new(&conn(Some("h:1"), &["message.send.max.retries=1"]))
            .set("retries", "4")
            .build()
            .unwrap();
        assert_eq!(s.get("message.send.max.retries"), Some("4"));
        assert_eq!(s.client_config().get("message.send.max.retries"), None);
        let s = s
            .with("message.timeout.ms", "9")
            .with("delivery.timeout.ms", "10");
        assert_eq!(s.get("message.timeout.ms"), Some("10"));
        assert_eq!(s.client_config().get("message.timeout.ms"), None);
        assert_eq!(s.client_config().get("delivery.timeout.ms"), Some("10"));
    }

    #[test]
    fn forced_settings_and_precedence() {
        let s = SettingsBuilder::new(&conn(Some("h:1"), &["client.id=a", "client.id=b"]))
            .default_value("client.id", "c")
            .default_value("acks", "all")
            .build()
            .unwrap();
        assert_eq!(s.get("client.id"), Some("b"));
        assert_eq!(s.get("acks"), Some("all"));
        assert_eq!(s.get("allow.auto.create.topics"), Some("false"));
        assert_eq!(s.get("bootstrap.servers"), Some("h:1"));
        assert_eq!(s.get("ssl.ca.location"), None);
        assert_eq!(s.api_timeout(), DEFAULT_API_TIMEOUT);
    }

    #[test]
    fn tls_without_ca_probes_the_system_store() {
        let s = SettingsBuilder::new(&conn(Some("h:1"), &["security.protocol=SSL"]))
            .build()
            .unwrap();
        assert_eq!(s.get("ssl.ca.location"), Some("probe"));
        let s = SettingsBuilder::new(&conn(
            Some("h:1"),
            &["security.protocol=SASL_SSL", "ssl.ca.location=/x.pem"],
        ))
        .build()
        .unwrap();
        assert_eq!(s.get("ssl.ca.location"), Some("/x.pem"));
    }

    #[test]
    fn unknown_keys_are_rejected_by_name() {
        let err = SettingsBuilder::new(&conn(Some("h:1"), &["no.such.key=1"]))
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("no.such.key"), "{err}");
    }

    #[test]
    fn bad_values_never_echo_secrets() {
        let err = SettingsBuilder::new(&conn(
            Some("h:1"),
            &["sasl.password=TopSecret123", "sasl.mechanisms=NOPE"],
        ))
        .build()
        .unwrap_err();
        assert!(!err.to_string().contains("TopSecret123"), "{err}");
    }

    #[test]
    fn api_timeout_comes_from_default_api_timeout_ms() {
        let s = SettingsBuilder::new(&conn(Some("h:1"), &["default.api.timeout.ms=1500"]))
            .build()
            .unwrap();
        assert_eq!(s.api_timeout(), Duration::from_millis(1500));
    }
}
