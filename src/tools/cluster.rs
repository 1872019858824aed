//! `kafka-cluster`: the cluster's id, its endpoints, the API versions of its nodes, and the
//! unregistration of a broker or a controller (Java's ClusterTool), through the native path, with
//! `--bootstrap-server` or `--bootstrap-controller`.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand, ValueHint};
use serde::Serialize;

use super::broker_api_versions::{listing, NodeOrder};
use crate::client::admin::cluster::{
    describe_endpoints, unregister, Endpoint, Member, UnregisterFailure,
};
use crate::client::native::Native;
use crate::client::SettingsBuilder;
use crate::common::{ConnectionArgs, ControllerArgs};
use crate::error::usage;
use crate::output::java::pad;
use crate::output::{Format, OutputArgs, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "The cluster's id",
        "kafka-cluster cluster-id --bootstrap-server localhost:9092",
    ),
    (
        "The brokers' endpoints, fenced brokers too",
        "kafka-cluster list-endpoints --bootstrap-server localhost:9092 --include-fenced-brokers",
    ),
    (
        "The controllers' endpoints",
        "kafka-cluster list-endpoints --bootstrap-controller localhost:9093",
    ),
    (
        "Remove the registration of broker 4, which was decommissioned",
        "kafka-cluster unregister --bootstrap-server localhost:9092 --id 4",
    ),
    (
        "Remove the registration of controller 3, after it left the quorum",
        "kafka-cluster unregister-controller --bootstrap-controller localhost:9093 --id 3",
    ),
];

/// The Kafka cluster tool.
#[derive(Parser, Debug)]
#[command(name = "kafka-cluster", version, arg_required_else_help = false)]
pub struct ClusterArgs {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Get information about the ID of a cluster.
    ClusterId(Common),
    /// Unregister a broker.
    Unregister(Unregister),
    /// Unregister a controller.
    #[command(mut_arg("id", |a| a.help("The ID of the controller to unregister.")))]
    UnregisterController(Unregister),
    /// List endpoints
    ListEndpoints(ListEndpoints),
    /// Get information about the api versions of the brokers or controllers.
    ApiVersions(Common),
}

/// The options every subcommand has.
#[derive(Args, Debug)]
#[command(
    mut_arg("bootstrap_server", |a| a.short('b')),
    mut_arg("bootstrap_controller", |a| a.short('C')),
    mut_arg("command_config", |a| a.short('c'))
)]
struct Common {
    /// (DEPRECATED) A property file containing configurations for the Admin client; use
    /// --command-config
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, help_heading = "Connection")]
    config: Option<PathBuf>,

    #[command(flatten)]
    controller: ControllerArgs,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Args, Debug)]
struct Unregister {
    /// The ID of the broker to unregister.
    #[arg(
        long,
        short = 'i',
        value_name = "ID",
        required = true,
        allow_negative_numbers = true
    )]
    id: i32,

    #[command(flatten)]
    common: Common,
}

#[derive(Args, Debug)]
struct ListEndpoints {
    /// Whether to include fenced brokers when listing broker endpoints
    #[arg(long = "include-fenced-brokers")]
    include_fenced_brokers: bool,

    #[command(flatten)]
    common: Common,
}

impl Command {
    fn common(&self) -> &Common {
        match self {
            Self::ClusterId(c) | Self::ApiVersions(c) => c,
            Self::Unregister(u) => &u.common,
            Self::UnregisterController(u) => &u.common,
            Self::ListEndpoints(l) => &l.common,
        }
    }
}

impl Common {
    /// Java's checks, then a client for the brokers or the controllers.
    fn native(&self, ctx: &mut Context) -> Result<Native> {
        let (mut connection, controllers) = self.controller.choose(
            &self.connection,
            "one of the arguments --bootstrap-server/-b --bootstrap-controller/-C is required",
            "argument --bootstrap-controller/-C: not allowed with argument --bootstrap-server/-b",
        )?;
        if let Some(config) = &self.config {
            if connection.command_config.is_some() {
                return Err(usage(
                    "--config and --command-config cannot be specified together.",
                ));
            }
            ctx.out.warn(
                "Option --config has been deprecated and will be removed in a future version. \
                 Use --command-config instead.",
            );
            connection.command_config = Some(config.clone());
        }
        let settings = SettingsBuilder::new(&connection).build()?;
        Native::new(&settings, ctx.shutdown.clone(), controllers)
    }
}

/// `cluster-id`.
#[derive(Debug, Serialize)]
struct ClusterId {
    cluster_id: Option<String>,
}

impl Render for ClusterId {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        match &self.cluster_id {
            Some(id) => writeln!(w, "Cluster ID: {id}"),
            None => writeln!(
                w,
                "No cluster ID found. The Kafka version is probably too old."
            ),
        }
    }
}

/// `unregister`.
#[derive(Debug, Serialize)]
struct Unregistered {
    /// `broker` or `controller`.
    member: &'static str,
    id: i32,
    /// Whether the cluster has the API (Java prints a line and exits 0 when it has not).
    supported: bool,
}

impl Render for Unregistered {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let (name, api) = match self.member {
            "controller" => ("Controller", "controller"),
            _ => ("Broker", "broker"),
        };
        if self.supported {
            writeln!(w, "{name} {} is no longer registered.", self.id)
        } else {
            writeln!(
                w,
                "The target cluster does not support the {api} unregistration API."
            )
        }
    }
}

/// `list-endpoints`.
#[derive(Debug, Serialize)]
struct Endpoints {
    /// `broker` or `controller`.
    endpoint_type: &'static str,
    endpoints: Vec<EndpointRow>,
}

#[derive(Debug, Serialize)]
struct EndpointRow {
    id: i32,
    host: String,
    port: i32,
    rack: Option<String>,
    /// `fenced` or `unfenced` (brokers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'static str>,
}

impl Endpoints {
    fn new(endpoints: Vec<Endpoint>, controllers: bool) -> Self {
        Self {
            endpoint_type: if controllers { "controller" } else { "broker" },
            endpoints: endpoints
                .into_iter()
                .map(|e| EndpointRow {
                    id: e.id,
                    host: e.host,
                    port: e.port,
                    rack: e.rack,
                    state: (!controllers).then_some(if e.fenced { "fenced" } else { "unfenced" }),
                })
                .collect(),
        }
    }
}

impl Render for Endpoints {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        // Java's columns: the host and rack columns as wide as their longest value (100 and 10
        // when there is none), the others fixed.
        let host = self
            .endpoints
            .iter()
            .map(|e| e.host.encode_utf16().count())
            .max()
            .unwrap_or(100);
        let rack = self
            .endpoints
            .iter()
            .filter_map(|e| e.rack.as_ref().map(|r| r.encode_utf16().count()))
            .max()
            .unwrap_or(10);
        let controllers = self.endpoint_type == "controller";
        let row = |w: &mut dyn Write, cells: [&str; 6]| -> io::Result<()> {
            let [id, h, port, r, state, kind] = cells;
            write!(
                w,
                "{} {} {} {} ",
                pad(id, 10),
                pad(h, host),
                pad(port, 10),
                pad(r, rack)
            )?;
            if !controllers {
                write!(w, "{} ", pad(state, 10))?;
            }
            writeln!(w, "{}", pad(kind, 15))
        };
        row(w, ["ID", "HOST", "PORT", "RACK", "STATE", "ENDPOINT_TYPE"])?;
        for e in &self.endpoints {
            row(
                w,
                [
                    &e.id.to_string(),
                    &e.host,
                    &e.port.to_string(),
                    e.rack.as_deref().unwrap_or("null"),
                    e.state.unwrap_or(""),
                    self.endpoint_type,
                ],
            )?;
        }
        Ok(())
    }
}

impl Tool for ClusterArgs {
    const NAME: &'static str = "kafka-cluster";

    fn output_format(&self) -> Format {
        self.command.common().output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let native = self.command.common().native(ctx)?;
        match &self.command {
            Command::ClusterId(_) => {
                let cluster_id = native.cluster_id().await?.filter(|id| !id.is_empty());
                ctx.out.emit(&ClusterId { cluster_id })?;
            }
            Command::Unregister(Unregister { id, .. })
            | Command::UnregisterController(Unregister { id, .. }) => {
                let (member, name) = match &self.command {
                    Command::Unregister(_) => (Member::Broker, "broker"),
                    _ => (Member::Controller, "controller"),
                };
                let supported = match unregister(&native, member, *id).await? {
                    Ok(()) => true,
                    Err(UnregisterFailure::Unsupported) => false,
                    Err(UnregisterFailure::Refused(text)) => bail!("{text}"),
                };
                ctx.out.emit(&Unregistered {
                    member: name,
                    id: *id,
                    supported,
                })?;
            }
            Command::ListEndpoints(l) => {
                let controllers = native.to_controllers();
                if controllers && l.include_fenced_brokers {
                    return Err(usage(
                        "The option --include-fenced-brokers is only supported with \
                         --bootstrap-server option",
                    ));
                }
                let endpoints = describe_endpoints(&native, l.include_fenced_brokers).await?;
                ctx.out.emit(&Endpoints::new(endpoints, controllers))?;
            }
            Command::ApiVersions(_) => {
                let listing = listing(&native, NodeOrder::ById).await?;
                ctx.out.emit(&listing)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(r: &impl Render) -> String {
        let mut out = Vec::new();
        r.text(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn endpoint(id: i32, port: i32, rack: Option<&str>, fenced: bool) -> Endpoint {
        Endpoint {
            id,
            host: "127.0.0.1".into(),
            port,
            rack: rack.map(str::to_string),
            fenced,
        }
    }

    #[test]
    fn brokers_are_listed_in_javas_columns() {
        let e = Endpoints::new(
            vec![
                endpoint(1, 19092, None, false),
                endpoint(2, 19093, None, true),
            ],
            false,
        );
        assert_eq!(
            text(&e),
            "ID         HOST      PORT       RACK       STATE      ENDPOINT_TYPE  \n\
             1          127.0.0.1 19092      null       unfenced   broker         \n\
             2          127.0.0.1 19093      null       fenced     broker         \n"
        );
    }

    #[test]
    fn controllers_have_no_state_column_and_racks_size_theirs() {
        let e = Endpoints::new(
            vec![
                endpoint(1, 19192, Some("rack-a-long"), false),
                endpoint(2, 19193, None, false),
            ],
            true,
        );
        assert_eq!(
            text(&e),
            "ID         HOST      PORT       RACK        ENDPOINT_TYPE  \n\
             1          127.0.0.1 19192      rack-a-long controller     \n\
             2          127.0.0.1 19193      null        controller     \n"
        );
    }

    #[test]
    fn cluster_id_and_unregister_lines_are_javas() {
        assert_eq!(
            text(&ClusterId {
                cluster_id: Some("abc".into())
            }),
            "Cluster ID: abc\n"
        );
        assert_eq!(
            text(&ClusterId { cluster_id: None }),
            "No cluster ID found. The Kafka version is probably too old.\n"
        );
        assert_eq!(
            text(&Unregistered {
                member: "broker",
                id: 4,
                supported: true
            }),
            "Broker 4 is no longer registered.\n"
        );
        assert_eq!(
            text(&Unregistered {
                member: "controller",
                id: 3,
                supported: true
            }),
            "Controller 3 is no longer registered.\n"
        );
        assert_eq!(
            text(&Unregistered {
                member: "controller",
                id: 3,
                supported: false
            }),
            "The target cluster does not support the controller unregistration API.\n"
        );
    }
}
