//! `kafka-storage`: format a KRaft node's log directories, show what they hold, and look up
//! Kafka 4.4's feature tables (Java's StorageTool). Offline: no cluster is contacted.
//!
//! `format` writes what Java's `Formatter` writes: `meta.properties` in every log directory and,
//! on a controller, the bootstrap snapshot `__cluster_metadata-0/00000000000000000000-0000000000.checkpoint`
//! in the metadata directory (see `format`).

mod config;
mod format;
mod scram;

use std::io::{self, Write};
use std::path::Path;

use anyhow::{anyhow, Result};
use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::common::features::{self as tables, metadata_level, LATEST_PRODUCTION};
use crate::error::Reported;
use crate::output::{Format, OutputArgs, Render};
use crate::tools::features::{dependencies, unknown_release, Dependencies, MappedFeature, Mapping};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("A new cluster id", "kafka-storage random-uuid"),
    (
        "Format a node of a static quorum (controller.quorum.voters set)",
        "kafka-storage format --config server.properties --cluster-id q1Sh-9_ISia_zwGINzRvyQ",
    ),
    (
        "Format the first controller of a dynamic quorum, with a SCRAM user",
        "kafka-storage format -c controller.properties -t q1Sh-9_ISia_zwGINzRvyQ --standalone -S 'SCRAM-SHA-256=[name=admin,password=admin-secret]'",
    ),
    (
        "What a node's log directories hold",
        "kafka-storage info --config server.properties",
    ),
    (
        "The feature levels of a release",
        "kafka-storage version-mapping --release-version 3.9-IV0",
    ),
];

/// Format and inspect a KRaft node's log directories; Kafka 4.4's feature tables.
#[derive(Parser, Debug)]
#[command(name = "kafka-storage", version)]
pub struct StorageArgs {
    #[command(subcommand)]
    command: Option<StorageCommand>,

    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Subcommand, Debug)]
enum StorageCommand {
    /// Get information about the Kafka log directories on this node.
    Info(InfoArgs),
    /// Format the Kafka log directories on this node.
    Format(FormatArgs),
    /// Look up the corresponding features for a given metadata version. Using the command with
    /// no --release-version argument will return the mapping for the latest stable metadata
    /// version
    VersionMapping(MappingArgs),
    /// Look up dependencies for a given feature version. If the feature is not known or the
    /// version not yet defined, an error is thrown. Multiple features can be specified.
    FeatureDependencies(DependenciesArgs),
    /// Print a random UUID.
    RandomUuid,
}

#[derive(clap::Args, Debug)]
struct InfoArgs {
    /// The Kafka configuration file to use.
    #[arg(long, short = 'c', value_name = "CONFIG")]
    config: String,
}

#[derive(clap::Args, Debug)]
struct FormatArgs {
    /// The Kafka configuration file to use.
    #[arg(long, short = 'c', value_name = "CONFIG")]
    config: String,

    /// The cluster ID to use.
    #[arg(long = "cluster-id", short = 't', value_name = "CLUSTER_ID")]
    cluster_id: String,

    /// A SCRAM_CREDENTIAL to add to the __cluster_metadata log e.g.
    /// 'SCRAM-SHA-256=[name=alice,password=alice-secret]'
    /// 'SCRAM-SHA-512=[name=alice,iterations=8192,salt="N3E=",saltedpassword="YCE="]'
    /// (repeatable)
    #[arg(long = "add-scram", short = 'S', value_name = "ADD_SCRAM")]
    add_scram: Vec<String>,

    /// When this option is passed, the format command will skip over already formatted
    /// directories rather than failing.
    #[arg(long = "ignore-formatted", short = 'g')]
    ignore_formatted: bool,

    /// The release version to use for the initial feature settings. The minimum is 3.3-IV3;
    /// the default is 4.4-IV2. Note: formatted directories are not forward-compatible — the
    /// broker version must be greater than or equal to the kafka-storage tool that formatted
    /// the directory, regardless of this setting.
    #[arg(long = "release-version", short = 'r', value_name = "RELEASE_VERSION")]
    release_version: Option<String>,

    /// The setting to use for a specific feature, in feature=level format. For example:
    /// `kraft.version=1`. (repeatable)
    #[arg(long, short = 'f', value_name = "FEATURE")]
    feature: Vec<String>,

    /// Used to initialize a controller as a single-node dynamic quorum. When setting this
    /// flag, the controller.quorum.voters config must not be set, and
    /// controller.quorum.bootstrap.servers is set instead.
    #[arg(long, short = 's', conflicts_with_all = ["no_initial_controllers", "initial_controllers"])]
    standalone: bool,

    /// Used to initialize a server without specifying a dynamic quorum. When setting this
    /// flag, the controller.quorum.voters config should not be set, and
    /// controller.quorum.bootstrap.servers is set instead.
    #[arg(
        long = "no-initial-controllers",
        short = 'N',
        conflicts_with = "initial_controllers"
    )]
    no_initial_controllers: bool,

    /// Used to initialize a server with the specified dynamic quorum. The argument is a
    /// comma-separated list of id@hostname:port:directory. The same values must be used to
    /// format all nodes. For example:
    /// 0@example.com:8082:JEXY6aqzQY-32P5TStzaFg,1@example.com:8083:MvDxzVmcRsaTz33bUuRU6A,2@example.com:8084:07R5amHmR32VDA6jHkGbTA
    /// . When setting this flag, the controller.quorum.voters config must not be set, and
    /// controller.quorum.bootstrap.servers is set instead.
    #[arg(
        long = "initial-controllers",
        short = 'I',
        value_name = "INITIAL_CONTROLLERS"
    )]
    initial_controllers: Option<String>,
}

#[derive(clap::Args, Debug)]
struct MappingArgs {
    /// The release version to use for the corresponding feature mapping. The minimum is
    /// 3.3-IV3; the default is 4.4-IV2
    #[arg(long = "release-version", short = 'r', value_name = "RELEASE_VERSION")]
    release_version: Option<String>,
}

#[derive(clap::Args, Debug)]
struct DependenciesArgs {
    /// The features and their versions to look up dependencies for, in feature=version
    /// format. For example: `metadata.version=5`. (repeatable)
    #[arg(long, short = 'f', value_name = "FEATURE", required = true)]
    feature: Vec<String>,
}

impl Tool for StorageArgs {
    const NAME: &'static str = "kafka-storage";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let Some(command) = self.command else {
            // Java's argparse4j: a subcommand is required.
            return Err(crate::error::usage(
                "too few arguments: give one of info, format, version-mapping, \
                 feature-dependencies, random-uuid",
            ));
        };
        match command {
            StorageCommand::RandomUuid => ctx.out.emit(&RandomUuid {
                uuid: format::random_uuid()?,
            })?,
            StorageCommand::VersionMapping(args) => {
                let release = args
                    .release_version
                    .unwrap_or_else(|| LATEST_PRODUCTION.to_string());
                let level = metadata_level(&release).ok_or_else(|| unknown_release(&release))?;
                ctx.out.emit(&Mapping {
                    release_version: release,
                    features: tables::mapping(level)
                        .into_iter()
                        .map(|(name, level)| MappedFeature {
                            feature: name,
                            level,
                        })
                        .collect(),
                })?;
            }
            StorageCommand::FeatureDependencies(args) => {
                let mut found = Vec::new();
                for word in &args.feature {
                    let (name, level) = dependency_argument(word)?;
                    found.push(dependencies(&name, level)?);
                }
                ctx.out.emit(&Dependencies { features: found })?;
            }
            StorageCommand::Info(args) => {
                let config = config::ServerConfig::load(Path::new(&args.config))?;
                let info = info(&config.directories());
                ctx.out.emit(&info)?;
                if !info.problems.is_empty() {
                    return Err(anyhow::Error::new(Reported(anyhow!(
                        "found problems in the log directories"
                    ))));
                }
            }
            StorageCommand::Format(args) => {
                let config = config::ServerConfig::load(Path::new(&args.config))?;
                let request = format::Request {
                    cluster_id: args.cluster_id,
                    release_version: args.release_version,
                    features: args.feature,
                    scram: args.add_scram,
                    ignore_formatted: args.ignore_formatted,
                    standalone: args.standalone,
                    no_initial_controllers: args.no_initial_controllers,
                    initial_controllers: args.initial_controllers,
                };
                format::format(ctx, &config, request)?;
            }
        }
        Ok(())
    }
}

/// StorageTool's own reading of a `--feature` of feature-dependencies: `name=version`, both
/// trimmed, the version a short, a known level of a known feature; its messages.
fn dependency_argument(word: &str) -> Result<(String, i16)> {
    let parts: Vec<&str> = word.splitn(2, '=').collect();
    let [name, version] = parts[..] else {
        return Err(anyhow!(
            "Invalid feature format: {word}. Expected format: 'feature=version' (e.g. 'group.version=1')"
        ));
    };
    let (name, version) = (name.trim(), version.trim());
    let level: i16 = version
        .parse()
        .map_err(|_| anyhow!("Invalid version format: {version} for feature {name}"))?;
    if name != tables::METADATA_VERSION {
        let feature = tables::feature(name).ok_or_else(|| anyhow!("Unknown feature: {name}"))?;
        if feature.level(level).is_none() {
            return Err(anyhow!(
                "Feature level {level} is not supported for feature {name}"
            ));
        }
    }
    Ok((name.to_string(), level))
}

/// `random-uuid`.
#[derive(Debug, Serialize)]
struct RandomUuid {
    uuid: String,
}

impl Render for RandomUuid {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "{}", self.uuid)
    }
}

/// `info`: the directories found, the first one's metadata, the problems.
#[derive(Debug, Serialize, Default)]
struct Info {
    directories: Vec<String>,
    /// The first formatted directory's meta.properties, keys sorted.
    metadata: Option<std::collections::BTreeMap<String, String>>,
    problems: Vec<String>,
}

impl Render for Info {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        if self.directories.is_empty() && self.problems.is_empty() && self.metadata.is_none() {
            return writeln!(w, "No directories specified.");
        }
        if !self.directories.is_empty() {
            let noun = if self.directories.len() == 1 {
                "directory"
            } else {
                "directories"
            };
            writeln!(w, "Found log {noun}:")?;
            for d in &self.directories {
                writeln!(w, "  {d}")?;
            }
            writeln!(w)?;
        }
        if let Some(meta) = &self.metadata {
            let entries: Vec<String> = meta.iter().map(|(k, v)| format!("{k}={v}")).collect();
            writeln!(w, "Found metadata: {{{}}}", entries.join(", "))?;
            writeln!(w)?;
        }
        if !self.problems.is_empty() {
            let noun = if self.problems.len() == 1 {
                "problem"
            } else {
                "problems"
            };
            writeln!(w, "Found {noun}:")?;
            for p in &self.problems {
                writeln!(w, "  {p}")?;
            }
            writeln!(w)?;
        }
        Ok(())
    }
}

/// Java's `infoCommand` on the node's directories (sorted), for a KRaft configuration.
fn info(directories: &[String]) -> Info {
    let mut out = Info::default();
    let mut first: Option<format::MetaProperties> = None;
    for dir in directories {
        let path = Path::new(dir);
        if !path.is_dir() {
            out.problems.push(if path.exists() {
                format!("{dir} is not a directory")
            } else {
                format!("{dir} does not exist")
            });
            continue;
        }
        out.directories.push(dir.clone());
        let meta_path = path.join("meta.properties");
        if !meta_path.exists() {
            out.problems.push(format!("{dir} is not formatted."));
            continue;
        }
        match format::MetaProperties::read(&meta_path) {
            Ok(meta) => match &first {
                None => first = Some(meta),
                Some(prev) => {
                    if prev.cluster_id != meta.cluster_id {
                        out.problems
                            .push("Mismatched cluster IDs between storage directories.".into());
                    } else if prev.node_id != meta.node_id {
                        out.problems
                            .push("Mismatched node IDs between storage directories.".into());
                    }
                }
            },
            Err(e) => out
                .problems
                .push(format!("Error loading {}: {e:#}", meta_path.display())),
        }
    }
    if let Some(prev) = &first {
        if prev.version == 0 {
            out.problems.push(
                "The kafka configuration file appears to be for a cluster in KRaft mode, but \
                 the directories are formatted for legacy mode."
                    .into(),
            );
        }
        out.metadata = Some(prev.sorted());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_arguments_get_storage_tools_messages() {
        let e = |w: &str| dependency_argument(w).unwrap_err().to_string();
        assert_eq!(
            e("group.version"),
            "Invalid feature format: group.version. Expected format: 'feature=version' (e.g. 'group.version=1')"
        );
        assert_eq!(
            e("group.version=1=2"),
            "Invalid version format: 1=2 for feature group.version"
        );
        assert_eq!(e("foo=1"), "Unknown feature: foo");
        assert_eq!(
            e("group.version=5"),
            "Feature level 5 is not supported for feature group.version"
        );
        assert_eq!(
            dependency_argument(" group.version = 1 ").unwrap(),
            ("group.version".to_string(), 1)
        );
        assert_eq!(
            dependency_argument("metadata.version=99").unwrap(),
            ("metadata.version".to_string(), 99)
        );
    }

    #[test]
    fn info_prints_javas_blocks() {
        let info = Info {
            directories: vec!["/d".into()],
            metadata: Some(
                [("version", "1"), ("cluster.id", "c"), ("node.id", "2")]
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            problems: vec!["/e does not exist".into()],
        };
        let mut buf = Vec::new();
        info.text(&mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "Found log directory:\n  /d\n\nFound metadata: {cluster.id=c, node.id=2, version=1}\n\nFound problem:\n  /e does not exist\n\n"
        );
    }
}
