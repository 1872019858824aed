//! `kafka-metadata-quorum`: the KRaft metadata quorum: its status and replication, and adding
//! or removing a controller (Java's MetadataQuorumCommand). Everything goes through the native
//! path (DescribeQuorum, AddRaftVoter, RemoveRaftVoter).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::client::admin::cluster::{unregister, Member as Registered, UnregisterFailure};
use crate::client::admin::quorum::{
    add_raft_voter, describe_quorum, parse_uuid, remove_raft_voter, uuid_text, Endpoint, Quorum,
    QuorumError, Replica,
};
use crate::client::native::Native;
use crate::client::SettingsBuilder;
use crate::common::now_ms;
use crate::common::{ConnectionArgs, ControllerArgs, ARGPARSE_BOTH};
use crate::error::usage;
use crate::output::{table_with_header, Format, OutputArgs, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "The quorum's leader, epoch, high watermark, lag and voters",
        "kafka-metadata-quorum --bootstrap-server localhost:9092 describe --status",
    ),
    (
        "Each voter's and observer's log end offset and lag, times as \"N ms ago\"",
        "kafka-metadata-quorum --bootstrap-controller localhost:9093 describe --replication --human-readable",
    ),
    (
        "Add the controller that controller.properties configures (dynamic quorums only)",
        "kafka-metadata-quorum --bootstrap-controller localhost:9093 --command-config controller.properties add-controller",
    ),
    (
        "Remove controller 3 with its metadata directory id",
        "kafka-metadata-quorum --bootstrap-controller localhost:9093 remove-controller --controller-id 3 --controller-directory-id pbvuBlaTTwKRxS5NLJwRFQ",
    ),
];

/// Java's message for giving neither --bootstrap-server nor --bootstrap-controller.
const NEITHER: &str = "one of the arguments --bootstrap-server --bootstrap-controller is required";

/// Describe the KRaft metadata quorum, or add or remove a controller.
#[derive(Parser, Debug)]
#[command(name = "kafka-metadata-quorum", version)]
pub struct MetadataQuorumArgs {
    #[command(subcommand)]
    command: Option<QuorumCommand>,

    #[command(flatten)]
    controller: ControllerArgs,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Subcommand, Debug)]
enum QuorumCommand {
    /// Describe the metadata quorum info
    Describe(DescribeArgs),
    /// Add a controller to the KRaft controller cluster (--command-config names the new
    /// controller's properties file)
    AddController(AddArgs),
    /// Remove a controller from the KRaft controller cluster
    RemoveController(RemoveArgs),
}

#[derive(clap::Args, Debug)]
struct DescribeArgs {
    /// A short summary of the quorum status
    #[arg(long)]
    status: bool,

    /// Detailed information about the status of replication
    #[arg(long)]
    replication: bool,

    /// With --replication: the timestamps as "N ms ago"
    #[arg(long = "human-readable")]
    human_readable: bool,
}

#[derive(clap::Args, Debug)]
struct AddArgs {
    /// Print what would be done, but do not do it
    #[arg(long = "dry-run")]
    dry_run: bool,
}

#[derive(clap::Args, Debug)]
struct RemoveArgs {
    /// REQUIRED: the id of the controller to remove
    #[arg(
        long = "controller-id",
        short = 'i',
        value_name = "ID",
        allow_negative_numbers = true
    )]
    controller_id: Option<i32>,

    /// REQUIRED: the directory id of the controller to remove
    #[arg(long = "controller-directory-id", short = 'd', value_name = "ID")]
    controller_directory_id: Option<String>,

    /// Print what would be done, but do not do it
    #[arg(long = "dry-run")]
    dry_run: bool,

    /// Also unregister the controller after removing it from the voter set
    #[arg(long)]
    unregister: bool,
}

impl Tool for MetadataQuorumArgs {
    const NAME: &'static str = "kafka-metadata-quorum";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let Some(command) = self.command else {
            return Err(usage("too few arguments"));
        };
        let (connection, controllers) =
            self.controller
                .choose(&self.connection, NEITHER, ARGPARSE_BOTH)?;
        if let Some(path) = &connection.command_config {
            if !path.exists() {
                bail!("Properties file {} does not exist.", path.display());
            }
        }
        let shutdown = ctx.shutdown.clone();
        let native = |connection: &ConnectionArgs| -> Result<Native> {
            let settings = SettingsBuilder::new(connection).build()?;
            Native::new(&settings, shutdown.clone(), controllers)
        };
        match command {
            QuorumCommand::Describe(args) => {
                if args.status && args.replication {
                    return Err(usage(
                        "Only one of --status or --replication should be specified with describe sub-command",
                    ));
                }
                if !args.status && !args.replication {
                    return Err(usage(
                        "One of --status or --replication must be specified with describe sub-command",
                    ));
                }
                if args.status && args.human_readable {
                    return Err(usage(
                        "The option --human-readable is only supported along with --replication",
                    ));
                }
                let native = native(&connection)?;
                if args.status {
                    let cluster_id = native.cluster_id().await?.unwrap_or_default();
                    let quorum = describe_quorum(&native).await?;
                    ctx.out.emit(&Status::new(cluster_id, &quorum)?)?;
                } else {
                    let quorum = describe_quorum(&native).await?;
                    let now = now_ms();
                    ctx.out
                        .emit(&Replication::new(&quorum, args.human_readable, now)?)?;
                }
            }
            QuorumCommand::AddController(args) => {
                let Some(path) = connection.command_config.clone() else {
                    return Err(usage(
                        "You must supply the configuration file of the controller you are adding when using add-controller.",
                    ));
                };
                let controller = NewController::read(&path)?;
                if !args.dry_run {
                    add_raft_voter(
                        &native(&client_part(&connection, &path)?)?,
                        controller.id,
                        controller.directory_id,
                        &controller.endpoints,
                    )
                    .await?;
                }
                ctx.out.emit(&ControllerChange {
                    action: if args.dry_run { "dry-run-add" } else { "added" },
                    controller_id: controller.id,
                    directory_id: uuid_text(&controller.directory_id),
                    endpoints: controller
                        .endpoints
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                    unregistered: None,
                })?;
            }
            QuorumCommand::RemoveController(args) => {
                let (Some(controller_id), Some(directory)) =
                    (args.controller_id, &args.controller_directory_id)
                else {
                    return Err(usage(if args.controller_id.is_none() {
                        "argument --controller-id/-i is required"
                    } else {
                        "argument --controller-directory-id/-d is required"
                    }));
                };
                if controller_id < 0 {
                    return Err(usage(format!(
                        "Invalid negative --controller-id: {controller_id}"
                    )));
                }
                let directory_id = parse_uuid(directory).map_err(|e| {
                    usage(format!("Failed to parse --controller-directory-id: {e}"))
                })?;
                let native = native(&connection)?;
                if !args.dry_run {
                    let removed = remove_raft_voter(&native, controller_id, directory_id).await;
                    if let Err(err) = removed {
                        // Java's hint when the voter is gone or the cluster cannot remove it.
                        let hint = err
                            .downcast_ref::<QuorumError>()
                            .filter(|e| args.unregister && matches!(e.code, 35 | 127));
                        if let Some(e) = hint {
                            bail!(
                                "Failed to remove KRaft voter {controller_id}: {}. To unregister the controller from the cluster, run `kafka-cluster.sh unregister-controller --id {controller_id}`.",
                                e.text.split_once(": ").map_or(e.text.as_str(), |(_, m)| m)
                            );
                        }
                        return Err(err);
                    }
                }
                let mut change = ControllerChange {
                    action: if args.dry_run {
                        "dry-run-remove"
                    } else {
                        "removed"
                    },
                    controller_id,
                    directory_id: uuid_text(&directory_id),
                    endpoints: Vec::new(),
                    unregistered: (args.unregister && args.dry_run).then_some(false),
                };
                if args.unregister && !args.dry_run {
                    let failure = match unregister(&native, Registered::Controller, controller_id)
                        .await
                    {
                        Ok(Ok(())) => None,
                        Ok(Err(UnregisterFailure::Unsupported)) => Some(
                            "The target cluster does not support the controller unregistration API"
                                .to_string(),
                        ),
                        Ok(Err(UnregisterFailure::Refused(text))) => Some(
                            text.split_once(": ")
                                .map_or(text.clone(), |(_, m)| m.to_string()),
                        ),
                        Err(err) => Some(err.to_string()),
                    };
                    if let Some(reason) = failure {
                        // Java has printed the removal by then; one JSON document stays one.
                        if ctx.out.format() == Format::Text {
                            ctx.out.emit(&change)?;
                        }
                        bail!(
                            "Failed to unregister controller {controller_id}: {reason}. To unregister the controller from the cluster, run `kafka-cluster.sh unregister-controller --id {controller_id}`."
                        );
                    }
                    change.unregistered = Some(true);
                }
                ctx.out.emit(&change)?;
            }
        }
        Ok(())
    }
}

/// The connection for add-controller: Java hands the controller's whole properties file to its
/// admin client, which ignores the server keys; here only the client keys in it are kept
/// (security, SASL, SSL, client id, timeouts), before any --command-property.
fn client_part(connection: &ConnectionArgs, path: &Path) -> Result<ConnectionArgs> {
    const CLIENT_KEYS: [&str; 3] = ["security.protocol", "sasl.", "ssl."];
    const CLIENT_SETTINGS: [&str; 5] = [
        "client.id",
        "request.timeout.ms",
        "default.api.timeout.ms",
        "socket.connection.setup.timeout.ms",
        "retry.backoff.ms",
    ];
    let mut words: Vec<String> = crate::client::properties::load_file(path)?
        .into_iter()
        .filter(|(k, _)| {
            CLIENT_KEYS.iter().any(|p| k.starts_with(p)) || CLIENT_SETTINGS.contains(&k.as_str())
        })
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    words.extend(connection.command_property.iter().cloned());
    let mut client = connection.clone();
    client.command_config = None;
    client.command_property = words;
    Ok(client)
}

/// The leader among the voters (Java fails the same way when the answer lacks it).
fn leader(quorum: &Quorum) -> Result<&Replica> {
    quorum
        .voters
        .iter()
        .find(|v| v.id == quorum.leader_id)
        .ok_or_else(|| anyhow!("No value present"))
}

/// One voter or observer as the status block lists it.
#[derive(Debug, Serialize)]
struct Member {
    id: i32,
    /// `None` for the zero id (a static quorum).
    directory_id: Option<String>,
    endpoints: Vec<String>,
}

impl Member {
    /// Java's text: `{"id": 1, "directoryId": "...", "endpoints": ["CONTROLLER://h:p"]}`.
    fn text(&self) -> String {
        let mut s = format!("{{\"id\": {}", self.id);
        if let Some(dir) = &self.directory_id {
            s.push_str(&format!(", \"directoryId\": \"{dir}\""));
        }
        if !self.endpoints.is_empty() {
            let list: Vec<String> = self.endpoints.iter().map(|e| format!("\"{e}\"")).collect();
            s.push_str(&format!(", \"endpoints\": [{}]", list.join(", ")));
        }
        s.push('}');
        s
    }
}

/// `describe --status`.
#[derive(Debug, Serialize)]
struct Status {
    cluster_id: String,
    leader_id: i32,
    leader_epoch: i32,
    high_watermark: i64,
    max_follower_lag: i64,
    max_follower_lag_time_ms: i64,
    current_voters: Vec<Member>,
    current_observers: Vec<Member>,
}

impl Status {
    fn new(cluster_id: String, quorum: &Quorum) -> Result<Self> {
        let leader = leader(quorum)?;
        // The first voter with the lowest log end offset, as Java's Stream.min picks it.
        let mut lagging = leader;
        if let Some(first) = quorum.voters.first() {
            lagging = first;
            for v in &quorum.voters {
                if v.log_end_offset < lagging.log_end_offset {
                    lagging = v;
                }
            }
        }
        let lag_time = if std::ptr::eq(leader, lagging) {
            0
        } else {
            match (leader.last_caught_up, lagging.last_caught_up) {
                (Some(l), Some(f)) => l - f,
                _ => -1,
            }
        };
        let members = |replicas: &[Replica]| -> Vec<Member> {
            replicas
                .iter()
                .map(|r| Member {
                    id: r.id,
                    directory_id: (!r.directory_unknown).then(|| r.directory_id.clone()),
                    endpoints: quorum
                        .endpoints
                        .iter()
                        .find(|(id, _)| *id == r.id)
                        .map(|(_, e)| e.clone())
                        .unwrap_or_default(),
                })
                .collect()
        };
        Ok(Self {
            cluster_id,
            leader_id: quorum.leader_id,
            leader_epoch: quorum.leader_epoch,
            high_watermark: quorum.high_watermark,
            max_follower_lag: leader.log_end_offset - lagging.log_end_offset,
            max_follower_lag_time_ms: lag_time,
            current_voters: members(&quorum.voters),
            current_observers: members(&quorum.observers),
        })
    }
}

impl Render for Status {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let list = |members: &[Member]| -> String {
            let items: Vec<String> = members.iter().map(Member::text).collect();
            format!("[{}]", items.join(", "))
        };
        writeln!(w, "ClusterId:              {}", self.cluster_id)?;
        writeln!(w, "LeaderId:               {}", self.leader_id)?;
        writeln!(w, "LeaderEpoch:            {}", self.leader_epoch)?;
        writeln!(w, "HighWatermark:          {}", self.high_watermark)?;
        writeln!(w, "MaxFollowerLag:         {}", self.max_follower_lag)?;
        writeln!(
            w,
            "MaxFollowerLagTimeMs:   {}",
            self.max_follower_lag_time_ms
        )?;
        writeln!(w, "CurrentVoters:          {}", list(&self.current_voters))?;
        writeln!(
            w,
            "CurrentObservers:       {}",
            list(&self.current_observers)
        )
    }
}

/// One row of `describe --replication`.
#[derive(Debug, Serialize)]
struct Row {
    node_id: i32,
    directory_id: String,
    log_end_offset: i64,
    lag: i64,
    /// Epoch ms, or `-1`; with --human-readable, `N ms ago`.
    last_fetch_timestamp: String,
    /// Epoch ms, or `-1`; with --human-readable, `N ms ago`.
    last_caught_up_timestamp: String,
    status: &'static str,
}

/// `describe --replication`.
#[derive(Debug, Serialize)]
struct Replication {
    replicas: Vec<Row>,
}

const HEADERS: [&str; 7] = [
    "NodeId",
    "DirectoryId",
    "LogEndOffset",
    "Lag",
    "LastFetchTimestamp",
    "LastCaughtUpTimestamp",
    "Status",
];

/// Java's `relativeTimeMs`: how long ago `timestamp` was, refusing a time in the future or
/// not after the epoch (a drifting clock).
fn relative_time(timestamp: i64, what: &str, now: i64) -> Result<String> {
    if timestamp <= 0 || timestamp > now {
        bail!(
            "Error while computing relative time, possible drift in system clock.\nCurrent timestamp is {now}, {what} timestamp is {timestamp}"
        );
    }
    Ok(format!("{} ms ago", now - timestamp))
}

impl Replication {
    fn new(quorum: &Quorum, human: bool, now: i64) -> Result<Self> {
        let leader = leader(quorum)?;
        let time = |t: Option<i64>, what: &str| -> Result<String> {
            match t {
                None => Ok("-1".to_string()),
                Some(t) if human => relative_time(t, what, now),
                Some(t) => Ok(t.to_string()),
            }
        };
        let mut replicas = Vec::new();
        let groups: [(Vec<&Replica>, &'static str); 3] = [
            (vec![leader], "Leader"),
            (
                quorum
                    .voters
                    .iter()
                    .filter(|v| v.id != quorum.leader_id)
                    .collect(),
                "Follower",
            ),
            (quorum.observers.iter().collect(), "Observer"),
        ];
        for (members, status) in groups {
            for r in members {
                replicas.push(Row {
                    node_id: r.id,
                    directory_id: r.directory_id.clone(),
                    log_end_offset: r.log_end_offset,
                    lag: leader.log_end_offset - r.log_end_offset,
                    last_fetch_timestamp: time(r.last_fetch, "last fetch")?,
                    last_caught_up_timestamp: time(r.last_caught_up, "last caught up")?,
                    status,
                });
            }
        }
        Ok(Self { replicas })
    }

    fn cells(&self) -> Vec<[String; 7]> {
        self.replicas
            .iter()
            .map(|r| {
                [
                    r.node_id.to_string(),
                    r.directory_id.clone(),
                    r.log_end_offset.to_string(),
                    r.lag.to_string(),
                    r.last_fetch_timestamp.clone(),
                    r.last_caught_up_timestamp.clone(),
                    r.status.to_string(),
                ]
            })
            .collect()
    }
}

/// Java's `ToolsUtils.prettyPrintTable`: every cell padded to its column's width and followed
/// by a tab.
pub(crate) fn pretty_table(
    w: &mut dyn Write,
    headers: &[&str],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |w: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        let mut text = String::new();
        for (cell, width) in cells.zip(&widths) {
            text.push_str(&format!("{cell:<width$}\t"));
        }
        writeln!(w, "{text}")
    };
    line(w, &mut headers.iter().copied())?;
    for row in rows {
        line(w, &mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

impl Render for Replication {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let rows: Vec<Vec<String>> = self.cells().into_iter().map(Vec::from).collect();
        pretty_table(w, &HEADERS, &rows)
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = table_with_header(HEADERS);
        for row in self.cells() {
            table.add_row(row);
        }
        Some(table)
    }
}

/// The controller add-controller adds, read from its properties file as Java reads it.
#[derive(Debug)]
struct NewController {
    id: i32,
    directory_id: uuid::Uuid,
    endpoints: Vec<Endpoint>,
}

impl NewController {
    fn read(path: &Path) -> Result<Self> {
        let props = crate::client::properties::load_file(path)?;
        let get = |key: &str| crate::client::properties::value(&props, key);
        let invalid = "Is this a valid controller configuration file?";
        let id_text = get("node.id")
            .ok_or_else(|| anyhow!("node.id not found in configuration file. {invalid}"))?;
        let id: i32 = id_text
            .parse()
            .map_err(|_| anyhow!("For input string: \"{id_text}\""))?;
        if id < 0 {
            bail!("node.id was negative in configuration file. {invalid}");
        }
        if !get("process.roles")
            .unwrap_or_default()
            .contains("controller")
        {
            bail!("process.roles did not contain 'controller' in configuration file. {invalid}");
        }
        let directory = match (get("metadata.log.dir"), get("log.dirs")) {
            (Some(dir), _) => dir.to_string(),
            (None, Some(dirs)) => dirs
                .trim()
                .split(',')
                .next()
                .unwrap_or_default()
                .to_string(),
            (None, None) => bail!("Neither metadata.log.dir nor log.dirs were found. {invalid}"),
        };
        let directory_id = directory_id(&directory)?;
        let endpoints = controller_endpoints(
            get("listeners").unwrap_or_default(),
            get("advertised.listeners").unwrap_or_default(),
            get("controller.listener.names"),
        )?;
        Ok(Self {
            id,
            directory_id,
            endpoints,
        })
    }
}

/// The `directory.id` of the `meta.properties` in `dir`.
fn directory_id(dir: &str) -> Result<uuid::Uuid> {
    let file = PathBuf::from(dir).join("meta.properties");
    let props = crate::client::properties::load_file(&file)
        .map_err(|_| anyhow!("Unable to read meta.properties from {dir}"))?;
    let id = crate::client::properties::value(&props, "directory.id")
        .ok_or_else(|| anyhow!("No directory id found in {dir}"))?;
    parse_uuid(id)
}

/// A listener list (`NAME://host:port,...`) by listener name (upper case).
fn listener_map(list: &str) -> Result<Vec<(String, String, u16)>> {
    let pattern = regex::Regex::new(r"^(.*)://\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$")
        .map_err(|e| anyhow!("listener pattern: {e}"))?;
    let mut out = Vec::new();
    for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let caps = pattern
            .captures(entry)
            .ok_or_else(|| anyhow!("Unable to parse {entry} to a broker endpoint"))?;
        let port: u16 = caps[3]
            .parse()
            .map_err(|_| anyhow!("Unable to parse {entry} to a broker endpoint"))?;
        out.push((caps[1].to_uppercase(), caps[2].to_string(), port));
    }
    Ok(out)
}

/// The controller's advertised endpoints (Java's `getControllerAdvertisedListeners`): each
/// controller listener, from `advertised.listeners` else `listeners`; no host is `localhost`.
pub(crate) fn controller_endpoints(
    listeners: &str,
    advertised: &str,
    names: Option<&str>,
) -> Result<Vec<Endpoint>> {
    let mut known = listener_map(listeners)?;
    for (name, host, port) in listener_map(advertised)? {
        known.retain(|(n, _, _)| *n != name);
        known.push((name, host, port));
    }
    let names = names.ok_or_else(|| {
        anyhow!(
            "controller.listener.names was not found. Is this a valid controller configuration file?"
        )
    })?;
    let mut out: Vec<Endpoint> = Vec::new();
    for name in names.split(',') {
        let name = name.trim().to_uppercase();
        let (_, host, port) = known.iter().find(|(n, _, _)| *n == name).ok_or_else(|| {
            anyhow!("Cannot find information about controller listener name: {name}")
        })?;
        let endpoint = Endpoint {
            name: name.clone(),
            host: if host.is_empty() {
                "localhost".to_string()
            } else {
                host.clone()
            },
            port: *port,
        };
        if !out.contains(&endpoint) {
            out.push(endpoint);
        }
    }
    Ok(out)
}

/// The result of add-controller or remove-controller.
#[derive(Debug, Serialize)]
struct ControllerChange {
    /// `added`, `dry-run-add`, `removed` or `dry-run-remove`.
    action: &'static str,
    controller_id: i32,
    directory_id: String,
    /// The endpoints added (add-controller).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    endpoints: Vec<String>,
    /// With --unregister: whether the controller was unregistered (false in a dry run).
    #[serde(skip_serializing_if = "Option::is_none")]
    unregistered: Option<bool>,
}

impl Render for ControllerChange {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let dry = self.action.starts_with("dry-run");
        if self.action.ends_with("add") || self.action == "added" {
            let what = if dry { "DRY RUN of adding" } else { "Added" };
            writeln!(
                w,
                "{what} controller {} with directory id {} and endpoints: {}",
                self.controller_id,
                self.directory_id,
                self.endpoints.join(", ")
            )
        } else {
            let what = if dry {
                "DRY RUN of removing"
            } else {
                "Removed"
            };
            writeln!(
                w,
                "{what} KRaft controller {} with directory id {}",
                self.controller_id, self.directory_id
            )?;
            if self.unregistered.is_some() {
                let what = if dry {
                    "DRY RUN of unregistering"
                } else {
                    "Unregistered"
                };
                writeln!(w, "{what} KRaft controller {}", self.controller_id)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replica(id: i32, leo: i64, caught_up: Option<i64>) -> Replica {
        Replica {
            id,
            directory_id: "AAAAAAAAAAAAAAAAAAAAAA".into(),
            directory_unknown: true,
            log_end_offset: leo,
            last_fetch: caught_up,
            last_caught_up: caught_up,
        }
    }

    fn quorum() -> Quorum {
        Quorum {
            leader_id: 2,
            leader_epoch: 5,
            high_watermark: 100,
            voters: vec![
                replica(1, 90, Some(1_000)),
                replica(2, 100, Some(1_500)),
                replica(3, 95, None),
            ],
            observers: vec![replica(4, 80, Some(900))],
            endpoints: vec![
                (1, vec!["CONTROLLER://h1:9093".into()]),
                (2, vec!["CONTROLLER://h2:9093".into()]),
            ],
        }
    }

    #[test]
    fn status_is_javas_block() {
        let status = Status::new("abc".into(), &quorum()).unwrap();
        let mut out = Vec::new();
        status.text(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ClusterId:              abc\nLeaderId:               2\nLeaderEpoch:            5\n\
             HighWatermark:          100\nMaxFollowerLag:         10\nMaxFollowerLagTimeMs:   500\n\
             CurrentVoters:          [{\"id\": 1, \"endpoints\": [\"CONTROLLER://h1:9093\"]}, \
             {\"id\": 2, \"endpoints\": [\"CONTROLLER://h2:9093\"]}, {\"id\": 3}]\n\
             CurrentObservers:       [{\"id\": 4}]\n"
        );
    }

    #[test]
    fn replication_is_javas_table() {
        let rep = Replication::new(&quorum(), false, 2_000).unwrap();
        let mut out = Vec::new();
        rep.text(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t");
        assert_eq!(lines[1], "2     \tAAAAAAAAAAAAAAAAAAAAAA\t100         \t0  \t1500              \t1500                 \tLeader  \t");
        assert_eq!(lines[3], "3     \tAAAAAAAAAAAAAAAAAAAAAA\t95          \t5  \t-1                \t-1                   \tFollower\t");
        assert_eq!(lines[4], "4     \tAAAAAAAAAAAAAAAAAAAAAA\t80          \t20 \t900               \t900                  \tObserver\t");
        let human = Replication::new(&quorum(), true, 2_000).unwrap();
        assert_eq!(human.replicas[0].last_fetch_timestamp, "500 ms ago");
        assert_eq!(human.replicas[2].last_fetch_timestamp, "-1");
        let err = Replication::new(&quorum(), true, 1_200).unwrap_err();
        assert!(err
            .to_string()
            .contains("Current timestamp is 1200, last fetch timestamp is 1500"));
    }

    #[test]
    fn controller_endpoints_are_read_as_java_reads_them() {
        let e = controller_endpoints(
            "PLAINTEXT://:9092,CONTROLLER://:9093",
            "CONTROLLER://[::1]:9095",
            Some("controller"),
        )
        .unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].to_string(), "CONTROLLER://[::1]:9095");
        let e = controller_endpoints("CONTROLLER://:9093", "", Some("CONTROLLER")).unwrap();
        assert_eq!(e[0].to_string(), "CONTROLLER://localhost:9093");
        assert_eq!(
            controller_endpoints("PLAINTEXT://:9092", "", Some("CONTROLLER"))
                .unwrap_err()
                .to_string(),
            "Cannot find information about controller listener name: CONTROLLER"
        );
        assert!(controller_endpoints("CONTROLLER://:9093", "", None).is_err());
    }
}
