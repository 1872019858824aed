//! `kafka-client-metrics`: list, describe, alter and delete client-metrics subscriptions
//! (KIP-714; Java's ClientMetricsCommand).
//!
//! A subscription is a config resource of type CLIENT_METRICS: ListConfigResources (Kafka 3.x's
//! ListClientMetricsResources on older brokers) lists them, DescribeConfigs shows one, and
//! IncrementalAlterConfigs changes or deletes one, all through the native path
//! (`client::admin::configs::native`).

use std::io::{self, Write};

use anyhow::Result;
use clap::Parser;
use serde::Serialize;

use crate::client::admin::configs::native as configs;
use crate::client::admin::configs::{ConfigChange, ConfigSource, ResourceKind};
use crate::client::native::Native;
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::{Format, OutputArgs, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Collect the producer metrics of clients whose id starts with 'orders-', every 10 seconds",
        "kafka-client-metrics --bootstrap-server localhost:9092 --alter --name orders --metrics org.apache.kafka.producer. --interval 10000 --match 'client_id=orders-.*'",
    ),
    (
        "The subscriptions, then every config of each",
        "kafka-client-metrics --bootstrap-server localhost:9092 --list && kafka-client-metrics --bootstrap-server localhost:9092 --describe",
    ),
    (
        "Reset one subscription's push interval to the default",
        "kafka-client-metrics --bootstrap-server localhost:9092 --alter --name orders --interval ''",
    ),
    (
        "Delete a subscription",
        "kafka-client-metrics --bootstrap-server localhost:9092 --delete --name orders",
    ),
];

/// This tool helps to manipulate and describe client metrics configurations.
#[derive(Parser, Debug)]
#[command(name = "kafka-client-metrics", version)]
pub struct ClientMetricsArgs {
    /// Alter the configuration for the client metrics resource.
    #[arg(long, help_heading = "Actions")]
    alter: bool,

    /// Delete the configuration for the client metrics resource.
    #[arg(long, help_heading = "Actions")]
    delete: bool,

    /// List configurations for the client metrics resource.
    #[arg(long, help_heading = "Actions")]
    describe: bool,

    /// List the client metrics resources.
    #[arg(long, help_heading = "Actions")]
    list: bool,

    /// Name of client metrics configuration resource.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,

    /// Generate a UUID to use as the name.
    #[arg(long = "generate-name")]
    generate_name: bool,

    /// The metrics push interval in milliseconds. Leave empty to reset the interval.
    #[arg(long, value_name = "MS")]
    interval: Option<String>,

    /// Matching selector 'k1=v1,k2=v2' (repeatable; empty to remove). Selector names:
    /// client_id, client_instance_id, client_software_name, client_software_version,
    /// client_source_address, client_source_port
    #[arg(long = "match", value_name = "k1=v1,k2=v2")]
    matching: Vec<String>,

    /// Telemetry metric name prefixes 'm1,m2' (repeatable; empty to remove)
    #[arg(long, value_name = "m1,m2")]
    metrics: Vec<String>,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// What the user asked for, validated.
#[derive(Debug, PartialEq, Eq)]
enum Request {
    List,
    /// One subscription, or (`None`) every one.
    Describe(Option<String>),
    /// `name: None` is `--generate-name`. `changes` are (config, value), "" to delete it.
    Alter {
        name: Option<String>,
        changes: Vec<(&'static str, String)>,
    },
    Delete(String),
}

impl ClientMetricsArgs {
    /// Java's checks, in Java's order and words.
    fn resolve(&self) -> Result<Request> {
        let actions = [self.alter, self.delete, self.describe, self.list];
        if actions.iter().filter(|a| **a).count() != 1 {
            return Err(usage(
                "Command must include exactly one action: --alter, --delete, --describe or --list.",
            ));
        }
        if self.connection.bootstrap_server.is_none() {
            return Err(usage("--bootstrap-server must be specified."));
        }
        let given = [
            ("name", self.name.is_some()),
            ("generate-name", self.generate_name),
            ("interval", self.interval.is_some()),
            ("match", !self.matching.is_empty()),
            ("metrics", !self.metrics.is_empty()),
        ];
        // Java's checkInvalidArgs: each action with the options it refuses, in that order.
        let refused: [(&str, bool, &[&str]); 3] = [
            (
                "delete",
                self.delete,
                &["generate-name", "interval", "match", "metrics"],
            ),
            (
                "describe",
                self.describe,
                &["generate-name", "interval", "match", "metrics"],
            ),
            (
                "list",
                self.list,
                &["name", "generate-name", "interval", "match", "metrics"],
            ),
        ];
        for (action, used, invalid) in refused {
            if !used {
                continue;
            }
            for option in invalid {
                if given.iter().any(|(name, set)| name == option && *set) {
                    return Err(usage(format!(
                        "Option \"[{action}]\" can't be used with option \"[{option}]\""
                    )));
                }
            }
        }
        if self.alter {
            if self.name.is_some() == self.generate_name {
                return Err(usage(
                    "One of --name or --generate-name must be specified with --alter.",
                ));
            }
            if let Some(interval) = &self.interval {
                if !interval.is_empty() && !java_int(interval) {
                    return Err(usage(
                        "Invalid interval value. Enter an integer, or leave empty to reset.",
                    ));
                }
            }
        }
        if self.delete && self.name.is_none() {
            return Err(usage(
                "A client metrics resource name must be specified with --delete.",
            ));
        }
        Ok(if self.alter {
            let mut changes = Vec::new();
            if let Some(interval) = &self.interval {
                changes.push(("interval.ms", interval.clone()));
            }
            if !self.metrics.is_empty() {
                changes.push(("metrics", self.metrics.join(",")));
            }
            if !self.matching.is_empty() {
                changes.push(("match", self.matching.join(",")));
            }
            Request::Alter {
                name: self.name.clone(),
                changes,
            }
        } else if self.delete {
            Request::Delete(self.name.clone().unwrap_or_default())
        } else if self.describe {
            Request::Describe(self.name.clone())
        } else {
            Request::List
        })
    }
}

/// Whether Java's `Integer.parseInt` takes `text`: an optional sign, then ASCII digits, within
/// an `int`.
fn java_int(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && text.parse::<i32>().is_ok()
}

/// A new subscription name as Java's `Uuid.randomUuid()` makes one: 16 random bytes (a version
/// 4 UUID), as URL-safe base64 without padding, never starting with '-' (nor the all-zero or
/// the metadata topic id, which base64 shows as `AAAAAAAAAAAAAAAAAAAAAA` and
/// `AAAAAAAAAAAAAAAAAAAAAQ`).
fn generated_name() -> Result<String> {
    loop {
        let mut bytes = [0u8; 16];
        openssl::rand::rand_bytes(&mut bytes)
            .map_err(|e| anyhow::anyhow!("generating a name: {e}"))?;
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let name = crate::common::kafka_log::schema::uuid_text(&bytes);
        if !name.starts_with('-') {
            return Ok(name);
        }
    }
}

impl Tool for ClientMetricsArgs {
    const NAME: &'static str = "kafka-client-metrics";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let request = self.resolve()?;
        let result = execute(&self.connection, ctx, request).await;
        super::java_failure_on_stdout(ctx, result, |err| {
            format!("Error while executing client metrics command : {err:#}")
        })
    }
}

const KIND: ResourceKind = ResourceKind::ClientMetrics;

async fn execute(connection: &ConnectionArgs, ctx: &mut Context, request: Request) -> Result<()> {
    let settings = SettingsBuilder::new(connection).build()?;
    let native = Native::new(&settings, ctx.shutdown.clone(), false)?;
    match request {
        Request::List => {
            let names = configs::list(&native, KIND).await?;
            ctx.out.emit(&Listed { names })?;
        }
        Request::Describe(name) => {
            let names = configs::list(&native, KIND).await?;
            let subscriptions = match name {
                Some(name) if !names.contains(&name) => vec![Subscription {
                    name,
                    exists: false,
                    configs: Vec::new(),
                }],
                Some(name) => vec![described(&native, name).await?],
                None => {
                    let mut all = Vec::with_capacity(names.len());
                    for name in names {
                        all.push(described(&native, name).await?);
                    }
                    all
                }
            };
            ctx.out.emit(&Described { subscriptions })?;
        }
        Request::Alter { name, changes } => {
            let name = match name {
                Some(name) => name,
                None => generated_name()?,
            };
            let changes: Vec<ConfigChange> = changes
                .into_iter()
                .map(|(key, value)| {
                    if value.is_empty() {
                        ConfigChange::Delete(key.to_string())
                    } else {
                        ConfigChange::Set(key.to_string(), value)
                    }
                })
                .collect();
            change(&native, &name, &changes).await?;
            ctx.out.emit(&Changed::new("altered", name, &changes))?;
        }
        Request::Delete(name) => {
            // Java: every config the subscription has, deleted.
            let changes: Vec<ConfigChange> = entries(&native, &name)
                .await?
                .into_iter()
                .map(|c| ConfigChange::Delete(c.name))
                .collect();
            change(&native, &name, &changes).await?;
            ctx.out.emit(&Changed::new("deleted", name, &changes))?;
        }
    }
    Ok(())
}

/// The configs of one subscription, in the broker's order.
async fn entries(
    native: &Native,
    name: &str,
) -> Result<Vec<crate::client::admin::configs::ConfigEntry>> {
    configs::describe(native, KIND, name)
        .await?
        .map_err(|(_, message)| anyhow::anyhow!("{message}"))
}

async fn described(native: &Native, name: String) -> Result<Subscription> {
    let configs = entries(native, &name)
        .await?
        .into_iter()
        .map(|c| (c.name, c.value))
        .collect();
    Ok(Subscription {
        name,
        exists: true,
        configs,
    })
}

/// IncrementalAlterConfigs of one subscription, then a wait until the brokers show it.
async fn change(native: &Native, name: &str, changes: &[ConfigChange]) -> Result<()> {
    if let Some((_, message)) = configs::alter(native, KIND, name, changes).await? {
        anyhow::bail!("{message}");
    }
    configs::await_applied(
        native,
        KIND,
        name,
        ConfigSource::ClientMetricsConfig,
        changes,
    )
    .await
}

/// `--list`.
#[derive(Debug, Serialize)]
struct Listed {
    /// The subscriptions, in the broker's order.
    names: Vec<String>,
}

impl Render for Listed {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        // Java prints the names joined by newlines with println: an empty line for none.
        writeln!(w, "{}", self.names.join("\n"))
    }
}

/// One subscription of `--describe`.
#[derive(Debug, Serialize)]
struct Subscription {
    name: String,
    /// Whether it exists (`--describe --name` of a missing one prints Java's line).
    exists: bool,
    /// Its configs, in the broker's order (JSON: an object; a null value is `null`).
    #[serde(serialize_with = "as_object")]
    configs: Vec<(String, Option<String>)>,
}

fn as_object<S: serde::Serializer>(
    configs: &[(String, Option<String>)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(configs.len()))?;
    for (key, value) in configs {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// `--describe`.
#[derive(Debug, Serialize)]
struct Described {
    subscriptions: Vec<Subscription>,
}

impl Render for Described {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for s in &self.subscriptions {
            if !s.exists {
                writeln!(
                    w,
                    "The client metric resource {} doesn't exist and doesn't have dynamic config.",
                    s.name
                )?;
                continue;
            }
            writeln!(w, "Client metrics configs for {} are:", s.name)?;
            for (key, value) in &s.configs {
                writeln!(w, "  {key}={}", value.as_deref().unwrap_or("null"))?;
            }
        }
        Ok(())
    }
}

/// `--alter` and `--delete`.
#[derive(Debug, Serialize)]
struct Changed {
    /// `altered` or `deleted`.
    action: &'static str,
    name: String,
    /// The configs set (JSON: an object).
    #[serde(serialize_with = "as_object")]
    set: Vec<(String, Option<String>)>,
    /// The configs removed.
    deleted: Vec<String>,
}

impl Changed {
    fn new(action: &'static str, name: String, changes: &[ConfigChange]) -> Self {
        let mut set = Vec::new();
        let mut deleted = Vec::new();
        for c in changes {
            match c {
                ConfigChange::Set(k, v) => set.push((k.clone(), Some(v.clone()))),
                ConfigChange::Delete(k) => deleted.push(k.clone()),
            }
        }
        Self {
            action,
            name,
            set,
            deleted,
        }
    }
}

impl Render for Changed {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let verb = if self.action == "deleted" {
            "Deleted"
        } else {
            "Altered"
        };
        writeln!(w, "{verb} client metrics config for {}.", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(argv: &[&str]) -> ClientMetricsArgs {
        crate::tools::args_with_bootstrap(argv)
    }

    fn error(argv: &[&str]) -> String {
        args(argv).resolve().unwrap_err().to_string()
    }

    #[test]
    fn java_checks_and_messages() {
        let one =
            "Command must include exactly one action: --alter, --delete, --describe or --list.";
        assert_eq!(error(&[]), one);
        assert_eq!(error(&["--list", "--describe"]), one);
        assert_eq!(
            error(&["--delete", "--name", "a", "--metrics", "m"]),
            "Option \"[delete]\" can't be used with option \"[metrics]\""
        );
        assert_eq!(
            error(&["--describe", "--interval", "5", "--generate-name"]),
            "Option \"[describe]\" can't be used with option \"[generate-name]\""
        );
        assert_eq!(
            error(&["--list", "--name", "a"]),
            "Option \"[list]\" can't be used with option \"[name]\""
        );
        assert_eq!(
            error(&["--alter"]),
            "One of --name or --generate-name must be specified with --alter."
        );
        assert_eq!(
            error(&["--alter", "--name", "a", "--generate-name"]),
            "One of --name or --generate-name must be specified with --alter."
        );
        assert_eq!(
            error(&["--alter", "--name", "a", "--interval", "abc"]),
            "Invalid interval value. Enter an integer, or leave empty to reset."
        );
        assert_eq!(
            error(&["--alter", "--name", "a", "--interval", "3000000000"]),
            "Invalid interval value. Enter an integer, or leave empty to reset."
        );
        assert_eq!(
            error(&["--delete"]),
            "A client metrics resource name must be specified with --delete."
        );
    }

    #[test]
    fn alter_collects_the_three_configs_and_empty_values_delete() {
        assert_eq!(
            args(&[
                "--alter",
                "--name",
                "a",
                "--metrics",
                "m1,m2",
                "--metrics",
                "m3",
                "--interval",
                "",
                "--match",
                "client_id=x"
            ])
            .resolve()
            .unwrap(),
            Request::Alter {
                name: Some("a".into()),
                changes: vec![
                    ("interval.ms", String::new()),
                    ("metrics", "m1,m2,m3".into()),
                    ("match", "client_id=x".into()),
                ]
            }
        );
        assert_eq!(
            args(&["--describe"]).resolve().unwrap(),
            Request::Describe(None)
        );
        assert_eq!(args(&["--list"]).resolve().unwrap(), Request::List);
    }

    #[test]
    fn intervals_parse_as_java_ints() {
        for ok in ["0", "100", "+5", "-1", "2147483647"] {
            assert!(java_int(ok), "{ok}");
        }
        for bad in ["", "+", "1e3", " 1", "2147483648", "1.0"] {
            assert!(!java_int(bad), "{bad}");
        }
    }

    #[test]
    fn generated_names_are_java_uuids() {
        let a = generated_name().unwrap();
        let b = generated_name().unwrap();
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
        assert!(!a.starts_with('-'));
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    }

    #[test]
    fn texts_are_javas() {
        let mut out = Vec::new();
        Listed { names: vec![] }.text(&mut out).unwrap();
        assert_eq!(out, b"\n");
        let mut out = Vec::new();
        Described {
            subscriptions: vec![
                Subscription {
                    name: "a".into(),
                    exists: true,
                    configs: vec![
                        ("interval.ms".into(), Some("1000".into())),
                        ("match".into(), Some(String::new())),
                        ("x".into(), None),
                    ],
                },
                Subscription {
                    name: "b".into(),
                    exists: false,
                    configs: vec![],
                },
            ],
        }
        .text(&mut out)
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Client metrics configs for a are:\n  interval.ms=1000\n  match=\n  x=null\n\
             The client metric resource b doesn't exist and doesn't have dynamic config.\n"
        );
    }
}
