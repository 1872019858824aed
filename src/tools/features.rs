//! `kafka-features`: describe, upgrade, downgrade and disable feature flags, and look up
//! Kafka 4.4's feature tables (Java's FeatureCommand). describe reads the feature fields of
//! ApiVersions and the changes send UpdateFeatures, both on the native path; version-mapping
//! and feature-dependencies need no cluster.

use std::collections::BTreeMap;
use std::io::{self, Write};

use anyhow::{anyhow, bail, Result};
use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::client::admin::features::{describe_features, update_features, UpgradeType};
use crate::client::native::Native;
use crate::client::SettingsBuilder;
use crate::common::features::{
    self as tables, metadata_level, metadata_names, metadata_text, LATEST_PRODUCTION,
    METADATA_VERSION,
};
use crate::common::{ConnectionArgs, ControllerArgs, ARGPARSE_BOTH};
use crate::error::usage;
use crate::output::{Format, OutputArgs, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Each feature's supported range and finalized level",
        "kafka-features --bootstrap-server localhost:9092 describe",
    ),
    (
        "Check what upgrading every feature to the 4.4 levels would do, without doing it",
        "kafka-features --bootstrap-server localhost:9092 upgrade --release-version 4.4-IV2 --dry-run",
    ),
    (
        "Upgrade one feature",
        "kafka-features --bootstrap-controller localhost:9093 upgrade --feature group.version=1",
    ),
    (
        "The feature levels of a release (no cluster needed)",
        "kafka-features version-mapping --release-version 3.9-IV0",
    ),
    (
        "What a feature level depends on (no cluster needed)",
        "kafka-features feature-dependencies --feature eligible.leader.replicas.version=1",
    ),
];

/// Describe and change the cluster's feature flags, and look up the features of a release.
#[derive(Parser, Debug)]
#[command(name = "kafka-features", version)]
pub struct FeaturesArgs {
    #[command(subcommand)]
    command: Option<FeaturesCommand>,

    #[command(flatten)]
    controller: ControllerArgs,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Subcommand, Debug)]
enum FeaturesCommand {
    /// Describes the current active feature flags.
    Describe(DescribeArgs),
    /// Upgrade one or more feature flags.
    Upgrade(ChangeArgs),
    /// Downgrade one or more feature flags.
    Downgrade(DowngradeArgs),
    /// Disable one or more feature flags (the same as downgrading the version to zero).
    Disable(DisableArgs),
    /// The feature levels of a metadata version (the latest stable one without
    /// --release-version)
    VersionMapping(MappingArgs),
    /// What feature levels a feature level needs (repeat --feature for several)
    FeatureDependencies(DependenciesArgs),
}

#[derive(clap::Args, Debug)]
struct DescribeArgs {
    /// The node id to which the requests should be sent (default: any controller/broker)
    #[arg(long = "node-id", value_name = "ID", allow_negative_numbers = true)]
    node_id: Option<i32>,
}

#[derive(clap::Args, Debug)]
struct ChangeArgs {
    /// DEPRECATED: the metadata version to change to, e.g. 3.3-IV3
    #[arg(long, value_name = "METADATA")]
    metadata: Option<String>,

    /// The release version to change every feature to, e.g. 3.9-IV0 (see version-mapping)
    #[arg(long = "release-version", value_name = "VERSION")]
    release_version: Option<String>,

    /// A feature change in feature=level format, e.g. metadata.version=5 (repeatable)
    #[arg(long, value_name = "FEATURE")]
    feature: Vec<String>,

    /// Validate the change, but do not perform it
    #[arg(long = "dry-run")]
    dry_run: bool,
}

#[derive(clap::Args, Debug)]
struct DowngradeArgs {
    #[command(flatten)]
    change: ChangeArgs,

    /// Downgrade even if it may irreversibly destroy metadata
    #[arg(long = "unsafe")]
    unsafe_: bool,
}

#[derive(clap::Args, Debug)]
struct DisableArgs {
    /// A feature flag to disable (repeatable)
    #[arg(long, value_name = "FEATURE")]
    feature: Vec<String>,

    /// Disable even if it may irreversibly destroy metadata
    #[arg(long = "unsafe")]
    unsafe_: bool,

    /// Perform a dry-run of this disable operation
    #[arg(long = "dry-run")]
    dry_run: bool,
}

#[derive(clap::Args, Debug)]
struct MappingArgs {
    /// The release version to map (the minimum is 3.3-IV3; the default is 4.4-IV2)
    #[arg(long = "release-version", value_name = "VERSION")]
    release_version: Option<String>,
}

#[derive(clap::Args, Debug)]
struct DependenciesArgs {
    /// REQUIRED: the feature and version to look up, in feature=version format, e.g.
    /// metadata.version=5 (repeatable)
    #[arg(long, value_name = "FEATURE")]
    feature: Vec<String>,
}

/// Java's message for giving neither --bootstrap-server nor --bootstrap-controller.
const NEITHER: &str = "You must specify either --bootstrap-controller or --bootstrap-server.";

impl Tool for FeaturesArgs {
    const NAME: &'static str = "kafka-features";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let Some(command) = self.command else {
            return Err(usage("too few arguments"));
        };
        let shutdown = ctx.shutdown.clone();
        let native = || -> Result<Native> {
            let (connection, controllers) =
                self.controller
                    .choose(&self.connection, NEITHER, ARGPARSE_BOTH)?;
            let settings = SettingsBuilder::new(&connection).build()?;
            Native::new(&settings, shutdown.clone(), controllers)
        };
        match command {
            FeaturesCommand::Describe(args) => {
                let native = native()?;
                if let Some(id) = args.node_id.filter(|id| *id < 0) {
                    return Err(usage(format!(
                        "Invalid node id {id}: must be non-negative."
                    )));
                }
                let metadata = describe_features(&native, args.node_id).await?;
                let described = Described {
                    features: metadata
                        .features
                        .iter()
                        .map(|f| DescribedFeature {
                            feature: f.name.clone(),
                            supported_min_version: f.min_supported,
                            supported_max_version: f.max_supported,
                            finalized_version_level: f.finalized,
                            epoch: metadata.epoch,
                        })
                        .collect(),
                };
                ctx.out.emit(&described)?;
            }
            FeaturesCommand::Upgrade(args) => {
                let native = native()?;
                change(ctx, &native, "upgrade", &args, UpgradeType::Upgrade).await?;
            }
            FeaturesCommand::Downgrade(args) => {
                let native = native()?;
                let kind = downgrade_type(args.unsafe_);
                change(ctx, &native, "downgrade", &args.change, kind).await?;
            }
            FeaturesCommand::Disable(args) => {
                let native = native()?;
                let kind = downgrade_type(args.unsafe_);
                let mut updates: Vec<(String, i16)> = Vec::new();
                for name in &args.feature {
                    if updates.iter().any(|(n, _)| n == name) {
                        bail!("Feature {name} was specified more than once.");
                    }
                    updates.push((name.clone(), 0));
                }
                apply(ctx, &native, "disable", updates, kind, args.dry_run).await?;
            }
            FeaturesCommand::VersionMapping(args) => {
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
            FeaturesCommand::FeatureDependencies(args) => {
                if args.feature.is_empty() {
                    return Err(usage("argument --feature is required"));
                }
                let mut found = Vec::new();
                for word in &args.feature {
                    let (name, level) = parse_feature_level(word)?;
                    found.push(dependencies(&name, level)?);
                }
                ctx.out.emit(&Dependencies { features: found })?;
            }
        }
        Ok(())
    }
}

/// Java's `downgradeType`: safe unless --unsafe.
fn downgrade_type(unsafe_: bool) -> UpgradeType {
    if unsafe_ {
        UpgradeType::UnsafeDowngrade
    } else {
        UpgradeType::SafeDowngrade
    }
}

/// A feature level as Java prints it: metadata.version's as its release version.
fn level_text(feature: &str, level: i16) -> String {
    if feature == METADATA_VERSION {
        metadata_text(level)
    } else {
        level.to_string()
    }
}

/// Java's message for a release version it does not know.
pub(crate) fn unknown_release(release: &str) -> anyhow::Error {
    anyhow!(
        "Unknown metadata.version '{release}'. Supported metadata.version are: {}",
        metadata_names()
    )
}

/// Java's `parseNameAndLevel`: `name=level`, both trimmed, the level a short.
pub(crate) fn parse_feature_level(word: &str) -> Result<(String, i16)> {
    let (name, level) = word.split_once('=').ok_or_else(|| {
        anyhow!("Can't parse feature=level string {word}: equals sign not found.")
    })?;
    let level = level.trim();
    let parsed: i16 = level.parse().map_err(|_| {
        anyhow!("Can't parse feature=level string {word}: unable to parse {level} as a short.")
    })?;
    Ok((name.trim().to_string(), parsed))
}

/// Resolves upgrade and downgrade arguments into feature levels, in Java's order and with its
/// checks, and applies them.
async fn change(
    ctx: &mut Context,
    native: &Native,
    op: &str,
    args: &ChangeArgs,
    kind: UpgradeType,
) -> Result<()> {
    if args.release_version.is_some() && (args.metadata.is_some() || !args.feature.is_empty()) {
        bail!("Can not specify `release-version` with other feature flags.");
    }
    let mut updates: Vec<(String, i16)> = Vec::new();
    if let Some(release) = &args.release_version {
        let level = metadata_level(release).ok_or_else(|| unknown_release(release))?;
        for (name, level) in tables::mapping(level) {
            // Java sends no upgrade to level 0.
            if kind != UpgradeType::Upgrade || level > 0 {
                updates.push((name.to_string(), level));
            }
        }
    } else {
        if let Some(metadata) = &args.metadata {
            let note = " `metadata` flag is deprecated and may be removed in a future release.";
            if ctx.out.format() == Format::Json {
                // stdout holds the one JSON document.
                ctx.out.stderr_line(note);
            } else {
                ctx.out.line(note)?;
            }
            let level = metadata_level(metadata).ok_or_else(|| unknown_release(metadata))?;
            updates.push((METADATA_VERSION.to_string(), level));
        }
        for word in &args.feature {
            let (name, level) = parse_feature_level(word)?;
            if kind == UpgradeType::Upgrade && level < 1 {
                bail!(
                    "The upgradeType flag should be set to SAFE_DOWNGRADE or UNSAFE_DOWNGRADE when the provided maxVersionLevel:{level} is < 1."
                );
            }
            if updates.iter().any(|(n, _)| *n == name) {
                bail!("Feature {name} was specified more than once.");
            }
            updates.push((name, level));
        }
    }
    apply(ctx, native, op, updates, kind, args.dry_run).await
}

/// Java's `update`: sends the changes, prints one line per feature (by name), and fails when
/// any failed.
async fn apply(
    ctx: &mut Context,
    native: &Native,
    op: &str,
    updates: Vec<(String, i16)>,
    kind: UpgradeType,
    dry_run: bool,
) -> Result<()> {
    if updates.is_empty() {
        bail!("You must specify at least one feature to {op}");
    }
    let outcomes = update_features(native, &updates, kind, dry_run).await?;
    let levels: BTreeMap<&str, i16> = updates.iter().map(|(n, l)| (n.as_str(), *l)).collect();
    let mut sorted: Vec<&(String, Option<String>)> = outcomes.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let report = Updated {
        operation: op.to_string(),
        dry_run,
        results: sorted
            .iter()
            .map(|(name, error)| UpdateResult {
                feature: name.clone(),
                level: levels.get(name.as_str()).copied().unwrap_or_default(),
                error: error.clone(),
            })
            .collect(),
    };
    ctx.out.emit(&report)?;
    let failures = report.results.iter().filter(|r| r.error.is_some()).count();
    if failures > 0 {
        bail!(
            "{failures} out of {} operation(s) failed.",
            report.results.len()
        );
    }
    Ok(())
}

/// `describe`.
#[derive(Debug, Serialize)]
struct Described {
    features: Vec<DescribedFeature>,
}

#[derive(Debug, Serialize)]
struct DescribedFeature {
    feature: String,
    supported_min_version: i16,
    supported_max_version: i16,
    finalized_version_level: i16,
    epoch: Option<i64>,
}

impl Render for Described {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for f in &self.features {
            writeln!(
                w,
                "Feature: {:<40}  SupportedMinVersion: {:<15}  SupportedMaxVersion: {:<15}  FinalizedVersionLevel: {:<15}  Epoch: {}",
                f.feature,
                level_text(&f.feature, f.supported_min_version),
                level_text(&f.feature, f.supported_max_version),
                level_text(&f.feature, f.finalized_version_level),
                f.epoch.map_or_else(|| "-".to_string(), |e| e.to_string())
            )?;
        }
        Ok(())
    }
}

/// The result of upgrade, downgrade or disable.
#[derive(Debug, Serialize)]
struct Updated {
    operation: String,
    dry_run: bool,
    results: Vec<UpdateResult>,
}

#[derive(Debug, Serialize)]
struct UpdateResult {
    feature: String,
    level: i16,
    error: Option<String>,
}

impl Render for Updated {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        let disable = self.operation == "disable";
        for r in &self.results {
            match &r.error {
                Some(error) => {
                    let helper = if self.dry_run { "Can not" } else { "Could not" };
                    let what = if disable {
                        format!("disable {}", r.feature)
                    } else {
                        format!("{} {} to {}", self.operation, r.feature, r.level)
                    };
                    writeln!(w, "{helper} {what}. {error}")?;
                }
                None => {
                    let verb = if self.dry_run { "can be" } else { "was" };
                    let what = if disable {
                        "disabled.".to_string()
                    } else {
                        format!("{}d to {}.", self.operation, r.level)
                    };
                    writeln!(w, "{} {verb} {what}", r.feature)?;
                }
            }
        }
        Ok(())
    }
}

/// `version-mapping`.
#[derive(Debug, Serialize)]
pub(crate) struct Mapping {
    pub(crate) release_version: String,
    pub(crate) features: Vec<MappedFeature>,
}

#[derive(Debug, Serialize)]
pub(crate) struct MappedFeature {
    pub(crate) feature: &'static str,
    pub(crate) level: i16,
}

impl Render for Mapping {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for f in &self.features {
            if f.feature == METADATA_VERSION {
                writeln!(w, "{}={} ({})", f.feature, f.level, self.release_version)?;
            } else {
                writeln!(w, "{}={}", f.feature, f.level)?;
            }
        }
        Ok(())
    }
}

/// `feature-dependencies`.
#[derive(Debug, Serialize)]
pub(crate) struct Dependencies {
    pub(crate) features: Vec<FeatureDependencies>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FeatureDependencies {
    feature: String,
    level: i16,
    /// metadata.version's release version.
    #[serde(skip_serializing_if = "Option::is_none")]
    release_version: Option<&'static str>,
    requires: Vec<Requirement>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Requirement {
    feature: &'static str,
    level: i16,
    #[serde(skip_serializing_if = "Option::is_none")]
    release_version: Option<&'static str>,
}

/// What `name` at `level` needs, with Java's errors for an unknown feature or level.
pub(crate) fn dependencies(name: &str, level: i16) -> Result<FeatureDependencies> {
    if name == METADATA_VERSION {
        let release = tables::metadata_name(level)
            .ok_or_else(|| anyhow!("Unknown metadata.version {level}"))?;
        return Ok(FeatureDependencies {
            feature: name.to_string(),
            level,
            release_version: Some(release),
            requires: Vec::new(),
        });
    }
    let feature = tables::feature(name).ok_or_else(|| anyhow!("Unknown feature: {name}"))?;
    let found = feature
        .level(level)
        .ok_or_else(|| anyhow!("No feature:{name} with feature level {level}"))?;
    Ok(FeatureDependencies {
        feature: name.to_string(),
        level,
        release_version: None,
        requires: found
            .dependencies
            .iter()
            .map(|&(feature, level)| Requirement {
                feature,
                level,
                release_version: (feature == METADATA_VERSION)
                    .then(|| tables::metadata_name(level))
                    .flatten(),
            })
            .collect(),
    })
}

impl Render for Dependencies {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for f in &self.features {
            let head = match f.release_version {
                Some(release) => format!("{}={} ({release})", f.feature, f.level),
                None => format!("{}={}", f.feature, f.level),
            };
            if f.requires.is_empty() {
                writeln!(w, "{head} has no dependencies.")?;
            } else {
                writeln!(w, "{head} requires:")?;
                for r in &f.requires {
                    match r.release_version {
                        Some(release) => writeln!(w, "    {}={} ({release})", r.feature, r.level)?,
                        None => writeln!(w, "    {}={}", r.feature, r.level)?,
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<R: Render>(r: &R) -> String {
        let mut out = Vec::new();
        r.text(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn feature_levels_parse_as_java_parses_them() {
        assert_eq!(
            parse_feature_level(" group.version = 1 ").unwrap(),
            ("group.version".to_string(), 1)
        );
        assert_eq!(
            parse_feature_level("foo").unwrap_err().to_string(),
            "Can't parse feature=level string foo: equals sign not found."
        );
        assert_eq!(
            parse_feature_level("foo=x").unwrap_err().to_string(),
            "Can't parse feature=level string foo=x: unable to parse x as a short."
        );
    }

    #[test]
    fn version_mapping_prints_javas_lines() {
        let m = Mapping {
            release_version: "3.9-IV0".into(),
            features: tables::mapping(21)
                .into_iter()
                .map(|(feature, level)| MappedFeature { feature, level })
                .collect(),
        };
        assert_eq!(
            text(&m),
            "metadata.version=21 (3.9-IV0)\nkraft.version=1\ntransaction.version=0\ngroup.version=0\n\
             eligible.leader.replicas.version=0\nshare.version=0\nstreams.version=0\n"
        );
    }

    #[test]
    fn dependencies_print_javas_lines_and_errors() {
        let d = Dependencies {
            features: vec![
                dependencies("group.version", 1).unwrap(),
                dependencies("eligible.leader.replicas.version", 1).unwrap(),
                dependencies("metadata.version", 33).unwrap(),
            ],
        };
        assert_eq!(
            text(&d),
            "group.version=1 has no dependencies.\neligible.leader.replicas.version=1 requires:\n    \
             metadata.version=23 (4.0-IV1)\nmetadata.version=33 (4.4-IV2) has no dependencies.\n"
        );
        assert_eq!(
            dependencies("kraft.version", 2).unwrap_err().to_string(),
            "No feature:kraft.version with feature level 2"
        );
        assert_eq!(
            dependencies("metadata.version", 35)
                .unwrap_err()
                .to_string(),
            "Unknown metadata.version 35"
        );
        assert_eq!(
            dependencies("foo", 1).unwrap_err().to_string(),
            "Unknown feature: foo"
        );
    }

    #[test]
    fn update_lines_are_javas() {
        let u = Updated {
            operation: "downgrade".into(),
            dry_run: true,
            results: vec![
                UpdateResult {
                    feature: "group.version".into(),
                    level: 0,
                    error: None,
                },
                UpdateResult {
                    feature: "kraft.version".into(),
                    level: 1,
                    error: Some("boom".into()),
                },
            ],
        };
        assert_eq!(
            text(&u),
            "group.version can be downgraded to 0.\nCan not downgrade kraft.version to 1. boom\n"
        );
        let d = Updated {
            operation: "disable".into(),
            dry_run: false,
            results: vec![UpdateResult {
                feature: "share.version".into(),
                level: 0,
                error: None,
            }],
        };
        assert_eq!(text(&d), "share.version was disabled.\n");
    }

    #[test]
    fn describe_pads_as_java() {
        let d = Described {
            features: vec![DescribedFeature {
                feature: "metadata.version".into(),
                supported_min_version: 1,
                supported_max_version: 21,
                finalized_version_level: 21,
                epoch: None,
            }],
        };
        assert_eq!(
            text(&d),
            "Feature: metadata.version                          SupportedMinVersion: UNKNOWN 1        \
             SupportedMaxVersion: 3.9-IV0          FinalizedVersionLevel: 3.9-IV0          Epoch: -\n"
        );
    }
}
