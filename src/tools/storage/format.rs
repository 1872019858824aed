//! `format`, as Java 4.4's `StorageTool.runFormatCommand` and `Formatter` do it: the checks in
//! their order and with their messages, the effective release version and feature levels, the
//! bootstrap records, then for each log directory without `meta.properties` (in the order of
//! Java's `HashMap` of them): the line `Formatting ...`, on a controller's metadata directory the
//! bootstrap snapshot `__cluster_metadata-0/00000000000000000000-0000000000.checkpoint`
//! (read-only, as Java leaves it), and `meta.properties` (written to a temporary file, synced,
//! renamed).

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

use anyhow::{anyhow, Context as _, Result};
use serde::Serialize;

use super::config::ServerConfig;
use super::scram::{self, Credential};
use crate::client::admin::quorum::{parse_uuid, uuid_text};
use crate::client::properties;
use crate::common::features::{
    self as tables, metadata_level, metadata_name, LATEST_PRODUCTION, METADATA_VERSION,
    METADATA_VERSIONS,
};
use crate::common::kafka_log::writer::{self, KRaftState, Voter};
use crate::common::now_ms;
use crate::output::java::{hash_order, hash_order_by, JavaMap};
use crate::output::Render;
use crate::tools::features::parse_feature_level;
use crate::tools::Context;

const KRAFT_VERSION: &str = "kraft.version";
/// The first metadata version with SCRAM records (3.5-IV2).
const SCRAM_MINIMUM: i16 = 11;
/// Java's `KafkaRaftClient.MAX_BATCH_SIZE_BYTES`: the records of one snapshot batch.
const MAX_BATCH_SIZE_BYTES: usize = 8 * 1024 * 1024;

/// What `format` was asked to do.
#[derive(Debug)]
pub(super) struct Request {
    pub(super) cluster_id: String,
    pub(super) release_version: Option<String>,
    pub(super) features: Vec<String>,
    pub(super) scram: Vec<String>,
    pub(super) ignore_formatted: bool,
    pub(super) standalone: bool,
    pub(super) no_initial_controllers: bool,
    pub(super) initial_controllers: Option<String>,
}

/// A KIP-853 initial voter (`DynamicVoter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DynamicVoter {
    pub(super) id: i32,
    pub(super) host: String,
    pub(super) port: u16,
    pub(super) directory_id: [u8; 16],
}

/// Java's `DynamicVoter.parse`, with its messages.
pub(super) fn parse_voter(input: &str) -> Result<DynamicVoter> {
    let input = input.trim();
    let at = input
        .find('@')
        .ok_or_else(|| anyhow!("No @ found in dynamic voter string."))?;
    if at == 0 {
        return Err(anyhow!("Invalid @ at beginning of dynamic voter string."));
    }
    let id: i32 = input[..at]
        .parse()
        .map_err(|_| anyhow!("Failed to parse node id in dynamic voter string."))?;
    if id < 0 {
        return Err(anyhow!(
            "Invalid negative node id {id} in dynamic voter string."
        ));
    }
    let mut rest = &input[at + 1..];
    if rest.is_empty() {
        return Err(anyhow!("No hostname found after node id."));
    }
    let host;
    if let Some(bracketed) = rest.strip_prefix('[') {
        let end = bracketed.find(']').ok_or_else(|| {
            anyhow!("Hostname began with left bracket, but no right bracket was found.")
        })?;
        host = bracketed[..end].to_string();
        rest = &bracketed[end + 1..];
    } else {
        let end = rest
            .find(':')
            .ok_or_else(|| anyhow!("No colon following hostname could be found."))?;
        host = rest[..end].to_string();
        rest = &rest[end..];
    }
    let rest = rest
        .strip_prefix(':')
        .ok_or_else(|| anyhow!("Port section must start with a colon."))?;
    let end = rest
        .find(':')
        .ok_or_else(|| anyhow!("No colon following port could be found."))?;
    let port: i64 = rest[..end]
        .parse::<i32>()
        .map(i64::from)
        .map_err(|_| anyhow!("Failed to parse port in dynamic voter string."))?;
    let port =
        u16::try_from(port).map_err(|_| anyhow!("Invalid port {port} in dynamic voter string."))?;
    let directory_id = parse_uuid(&rest[end + 1..])
        .map_err(|_| anyhow!("Failed to parse directory ID in dynamic voter string."))?;
    Ok(DynamicVoter {
        id,
        host,
        port,
        directory_id: *directory_id.as_bytes(),
    })
}

/// The host as Java's `InetSocketAddress(host, port).getHostString()` gives it: an IP
/// literal in Java's text of the address (IPv6 in full, `0:0:0:0:0:0:0:1`), a name as given.
fn java_host(host: &str) -> String {
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => v6
            .segments()
            .iter()
            .map(|s| format!("{s:x}"))
            .collect::<Vec<_>>()
            .join(":"),
        Ok(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => host.to_string(),
    }
}

/// Java's `DynamicVoters.parse`: comma-separated voters, by node id.
pub(super) fn parse_voters(input: &str) -> Result<Vec<DynamicVoter>> {
    let mut voters: Vec<DynamicVoter> = Vec::new();
    for part in input.trim().split(',').filter(|p| !p.is_empty()) {
        let voter = parse_voter(part)?;
        if voters.iter().any(|v| v.id == voter.id) {
            return Err(anyhow!(
                "Node id {} was specified more than once.",
                voter.id
            ));
        }
        voters.push(voter);
    }
    if voters.is_empty() {
        return Err(anyhow!("No voters given."));
    }
    voters.sort_by_key(|v| v.id);
    Ok(voters)
}

/// 16 random bytes as Java's `Uuid.randomUuid()` makes them: not one of the reserved ids (the
/// first 100, all below 2^64) and not starting with `-` in text.
fn random_id() -> Result<[u8; 16]> {
    loop {
        let mut bytes = [0u8; 16];
        openssl::rand::rand_bytes(&mut bytes)?;
        let id = uuid::Uuid::from_bytes(bytes);
        if bytes[..8].iter().any(|b| *b != 0) && !uuid_text(&id).starts_with('-') {
            return Ok(bytes);
        }
    }
}

/// A random id in Java's text form (`kafka-storage random-uuid`).
pub(super) fn random_uuid() -> Result<String> {
    Ok(uuid_text(&uuid::Uuid::from_bytes(random_id()?)))
}

/// A directory's `meta.properties` (`MetaProperties`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MetaProperties {
    pub(super) version: i32,
    pub(super) cluster_id: Option<String>,
    pub(super) node_id: Option<i32>,
    pub(super) directory_id: Option<String>,
}

impl MetaProperties {
    /// Reads one (`MetaProperties.Builder(Properties)`), with Java's messages.
    pub(super) fn read(path: &Path) -> Result<Self> {
        let props = properties::load_file(path)?;
        let get = |k: &str| properties::value(&props, k).map(str::to_string);
        let version: i32 = match get("version") {
            None => 0,
            Some(v) => v
                .trim()
                .parse()
                .map_err(|_| anyhow!("For input string: \"{v}\""))?,
        };
        let id_key = if version == 0 { "broker.id" } else { "node.id" };
        let node_id = match get(id_key) {
            Some(v) => Some(
                v.trim()
                    .parse::<i32>()
                    .map_err(|_| anyhow!("For input string: \"{v}\""))?,
            ),
            None if version == 1 => return Err(anyhow!("node.id was not found.")),
            None => None,
        };
        let cluster_id = get("cluster.id");
        if version == 1 && cluster_id.is_none() {
            return Err(anyhow!("cluster.id was not found."));
        }
        let directory_id = get("directory.id");
        if let Some(d) = &directory_id {
            parse_uuid(d).map_err(|_| anyhow!("Unable to read directory.id as a Uuid: {d}"))?;
        }
        Ok(Self {
            version,
            cluster_id,
            node_id,
            directory_id,
        })
    }

    /// Its properties (`toProperties`), in insertion order.
    fn entries(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("version", self.version.to_string())];
        if let Some(c) = &self.cluster_id {
            out.push(("cluster.id", c.clone()));
        }
        if let Some(n) = self.node_id {
            out.push((
                if self.version == 0 {
                    "broker.id"
                } else {
                    "node.id"
                },
                n.to_string(),
            ));
        }
        if let Some(d) = &self.directory_id {
            out.push(("directory.id", d.clone()));
        }
        out
    }

    /// Its properties by key (what `info` prints).
    pub(super) fn sorted(&self) -> BTreeMap<String, String> {
        self.entries()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }

    /// The file as `Properties.store(writer, "")` writes it: an empty comment, the date, then
    /// the keys in the order of the properties' hash table.
    fn file_text(&self, date: &str) -> String {
        let mut text = format!("#\n#{date}\n");
        for (k, v) in hash_order(self.entries(), JavaMap::Default, |(k, _)| k) {
            text.push_str(&format!("{}={}\n", escape(k, true), escape(&v, false)));
        }
        text
    }
}

/// `Properties.saveConvert`: a key's or value's escapes.
fn escape(s: &str, key: bool) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            ' ' if i == 0 || key => out.push_str("\\ "),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\x0c' => out.push_str("\\f"),
            '\\' | '=' | ':' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Now as Java's `Date.toString()` writes it, in the local time zone.
fn java_date() -> String {
    let now = unsafe { libc::time(std::ptr::null_mut()) };
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: `now` and `tm` are valid for the call; localtime_r fills `tm`.
    let ok = unsafe { !libc::localtime_r(&now, &mut tm).is_null() };
    let mut buf = [0u8; 64];
    let n = if ok {
        // SAFETY: the buffer and the format are valid; strftime writes at most buf.len() bytes.
        unsafe {
            libc::strftime(
                buf.as_mut_ptr().cast(),
                buf.len(),
                c"%a %b %d %H:%M:%S %Z %Y".as_ptr(),
                &tm,
            )
        }
    } else {
        0
    };
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// The bootstrap records: the feature levels (metadata.version first, then the others by name,
/// level 0 and kraft.version left out) and the SCRAM credentials.
#[derive(Debug, Clone)]
struct Bootstrap {
    features: Vec<(String, i16)>,
    credentials: Vec<Credential>,
    metadata_level: i16,
}

impl Bootstrap {
    fn records(&self) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = self
            .features
            .iter()
            .map(|(n, l)| writer::feature_level_record(n, *l))
            .collect();
        out.extend(self.credentials.iter().map(|c| {
            writer::scram_credential_record(
                &c.name,
                c.mechanism.code(),
                &c.salt,
                &c.stored_key,
                &c.server_key,
                c.iterations,
            )
        }));
        out
    }

    /// `BootstrapMetadata.toString()`.
    fn text(&self) -> String {
        let mut records: Vec<String> = self
            .features
            .iter()
            .map(|(n, l)| {
                format!("ApiMessageAndVersion(FeatureLevelRecord(name='{n}', featureLevel={l}) at version 0)")
            })
            .collect();
        records.extend(
            self.credentials
                .iter()
                .map(|c| format!("ApiMessageAndVersion({} at version 0)", c.record_text())),
        );
        format!(
            "BootstrapMetadata(records=[{}], metadataVersionLevel={}, source=format command)",
            records.join(", "),
            self.metadata_level
        )
    }
}

/// Java's `MetadataVersion.fromVersionString(text, unstable)`: production versions only
/// unless unstable ones are enabled.
fn release_level(text: &str, unstable: bool) -> Result<i16> {
    let latest = metadata_level(LATEST_PRODUCTION).unwrap_or(i16::MAX);
    let known: Vec<&str> = METADATA_VERSIONS
        .iter()
        .filter(|(l, _)| unstable || *l <= latest)
        .map(|(_, n)| *n)
        .collect();
    metadata_level(text)
        .filter(|l| unstable || *l <= latest)
        .ok_or_else(|| {
            anyhow!(
                "Unknown metadata.version '{text}'. Supported metadata.version are: {}",
                known.join(", ")
            )
        })
}

/// The effective feature levels (`calculateEffectiveFeatureLevels`), by name.
fn feature_levels(
    requested: &BTreeMap<String, i16>,
    metadata: i16,
    dynamic_quorum: bool,
) -> Result<BTreeMap<String, i16>> {
    let mut supported: Vec<&str> = tables::FEATURES.iter().map(|f| f.name).collect();
    supported.sort_unstable();
    let mut levels: BTreeMap<String, i16> = BTreeMap::new();
    for (name, level) in requested {
        if name != METADATA_VERSION && !supported.contains(&name.as_str()) {
            return Err(anyhow!(
                "Unsupported feature: {name}. Supported features are: {}",
                supported.join(", ")
            ));
        }
        levels.insert(name.clone(), *level);
    }
    levels.insert(METADATA_VERSION.to_string(), metadata);
    for feature in tables::FEATURES {
        if feature.name == KRAFT_VERSION {
            let level = match levels.get(KRAFT_VERSION) {
                Some(0) if dynamic_quorum => {
                    return Err(anyhow!(
                        "Cannot set kraft.version to 0 if controller.quorum.voters is empty and one of the flags --standalone, --initial-controllers, or --no-initial-controllers is used. For dynamic controllers support, try removing the --feature flag for kraft.version."
                    ))
                }
                Some(l) if *l != 0 && !dynamic_quorum => {
                    return Err(anyhow!(
                        "Cannot set kraft.version to {l} unless controller.quorum.voters is empty and one of the flags --standalone, --initial-controllers, or --no-initial-controllers is used. For dynamic controllers support, try using one of --standalone, --initial-controllers, or --no-initial-controllers and removing controller.quorum.voters."
                    ))
                }
                Some(l) => *l,
                None => i16::from(dynamic_quorum),
            };
            levels.insert(KRAFT_VERSION.to_string(), level);
        } else if !levels.contains_key(feature.name) {
            levels.insert(feature.name.to_string(), feature.default_level(metadata));
        }
    }
    for (name, level) in &levels {
        if name == METADATA_VERSION {
            continue;
        }
        let found = tables::feature(name)
            .and_then(|f| f.level(*level))
            .ok_or_else(|| anyhow!("No feature:{name} with feature level {level}"))?;
        for (dep, dep_level) in found.dependencies {
            let have = levels.get(*dep).copied().unwrap_or(0);
            if have < *dep_level {
                return Err(anyhow!(
                    "{name} could not be set to {level} because it depends on {dep} level {dep_level}"
                ));
            }
        }
    }
    Ok(levels)
}

/// What `format` did, for `--output json`.
#[derive(Debug, Serialize)]
struct Formatted {
    cluster_id: String,
    node_id: i32,
    release_version: String,
    features: BTreeMap<String, i16>,
    scram_users: Vec<ScramUser>,
    /// The directories formatted, in the order they were written.
    directories: Vec<FormattedDirectory>,
    /// Directories left as they were (already formatted, with --ignore-formatted).
    already_formatted: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ScramUser {
    name: String,
    mechanism: &'static str,
    iterations: i32,
}

#[derive(Debug, Serialize)]
struct FormattedDirectory {
    path: String,
    /// `data directory`, `metadata directory`, `dynamic metadata directory` or
    /// `dynamic metadata voter directory`.
    kind: &'static str,
    directory_id: String,
    /// The bootstrap snapshot written there, if any.
    snapshot: Option<String>,
}

impl Render for Formatted {
    /// The text form is Java's lines, printed as the work happens ([`say`]).
    fn text(&self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// One of Java's progress lines, in the text form only.
fn say(ctx: &mut Context, line: &str) -> io::Result<()> {
    if ctx.out.format() == crate::output::Format::Json {
        return Ok(());
    }
    ctx.out.line(line)
}

/// Runs `format`.
pub(super) fn format(ctx: &mut Context, config: &ServerConfig, req: Request) -> Result<()> {
    if !config.kraft() {
        return Err(anyhow!(
            "The kafka configuration file appears to be for a legacy cluster. Formatting is only supported for clusters in KRaft mode."
        ));
    }
    let release = match &req.release_version {
        Some(r) => Some(release_level(r, config.unstable_features)?),
        None => None,
    };
    let mut requested: BTreeMap<String, i16> = BTreeMap::new();
    for word in &req.features {
        let (name, level) = parse_feature_level(word)?;
        requested.insert(name, level);
    }
    let dynamic_quorum = !config.static_voters;
    if !dynamic_quorum && (req.initial_controllers.is_some() || req.standalone) {
        return Err(anyhow!(
            "You cannot specify controller.quorum.voters and format the node with --initial-controllers or --standalone. If you want to use dynamic quorum, please remove controller.quorum.voters and specify controller.quorum.bootstrap.servers instead."
        ));
    }
    let mut voters: Option<Vec<DynamicVoter>> = match &req.initial_controllers {
        Some(text) => Some(parse_voters(text)?),
        None => None,
    };
    if req.standalone {
        if !config.controller {
            return Err(anyhow!("You can only use --standalone on a controller."));
        }
        let endpoint = config.advertised_controller()?;
        voters = Some(vec![DynamicVoter {
            id: config.node_id,
            host: endpoint.host,
            port: endpoint.port,
            directory_id: random_id()?,
        }]);
    }
    if !req.no_initial_controllers && config.controller && dynamic_quorum && voters.is_none() {
        return Err(anyhow!(
            "Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers."
        ));
    }
    let directories = config.directories();
    // Formatter.run
    if config.node_id < 0 {
        return Err(anyhow!("You must specify a valid non-negative node ID."));
    }
    let metadata = match (requested.get(METADATA_VERSION), release) {
        (Some(_), Some(_)) => {
            return Err(anyhow!(
                "Use --release-version instead of --feature metadata.version=X to avoid ambiguity."
            ))
        }
        (Some(level), None) => {
            metadata_name(*level).ok_or_else(|| {
                anyhow!(
                    "No MetadataVersion with feature level {level}. Valid feature levels are from {} to {}.",
                    METADATA_VERSIONS.first().map_or(0, |v| v.0),
                    METADATA_VERSIONS.last().map_or(0, |v| v.0)
                )
            })?;
            *level
        }
        (None, Some(level)) => level,
        (None, None) if config.unstable_features => METADATA_VERSIONS.last().map_or(0, |v| v.0),
        (None, None) => metadata_level(LATEST_PRODUCTION).unwrap_or(0),
    };
    let latest = metadata_level(LATEST_PRODUCTION).unwrap_or(0);
    let metadata_text = metadata_name(metadata).unwrap_or_default().to_string();
    if !config.unstable_features && metadata > latest {
        return Err(anyhow!(
            "metadata.version {metadata_text} is not yet stable."
        ));
    }
    let levels = feature_levels(&requested, metadata, dynamic_quorum)?;
    let mut features = vec![(METADATA_VERSION.to_string(), metadata)];
    features.extend(
        levels
            .iter()
            .filter(|(n, l)| *n != METADATA_VERSION && *n != KRAFT_VERSION && **l > 0)
            .map(|(n, l)| (n.clone(), *l)),
    );
    let mut credentials = Vec::new();
    if !req.scram.is_empty() {
        if metadata < SCRAM_MINIMUM {
            return Err(anyhow!(
                "SCRAM is only supported in metadata.version 3.5-IV2 or later."
            ));
        }
        for argument in &req.scram {
            credentials.push(scram::parse(argument)?);
        }
    }
    let bootstrap = Bootstrap {
        features,
        credentials,
        metadata_level: metadata,
    };
    let kraft_version = levels.get(KRAFT_VERSION).copied().unwrap_or(0);
    write_directories(
        ctx,
        config,
        &req,
        &directories,
        &bootstrap,
        voters,
        kraft_version,
        &metadata_text,
        levels,
    )
}

/// `doFormat`: the directories' state, then the new ones written.
#[allow(clippy::too_many_arguments)]
fn write_directories(
    ctx: &mut Context,
    config: &ServerConfig,
    req: &Request,
    directories: &[String],
    bootstrap: &Bootstrap,
    voters: Option<Vec<DynamicVoter>>,
    kraft_version: i16,
    metadata_text: &str,
    levels: BTreeMap<String, i16>,
) -> Result<()> {
    let mut formatted: Vec<(String, MetaProperties)> = Vec::new();
    let mut empty: Vec<String> = Vec::new();
    for dir in directories {
        let path = Path::new(dir).join("meta.properties");
        match fs::metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => empty.push(dir.clone()),
            _ => {
                let meta = MetaProperties::read(&path).with_context(|| {
                    format!(
                        "Error while reading meta.properties file {}",
                        path.display()
                    )
                })?;
                formatted.push((dir.clone(), meta));
            }
        }
    }
    for (dir, meta) in &formatted {
        if let Some(read) = &meta.cluster_id {
            if *read != req.cluster_id {
                return Err(anyhow!(
                    "Invalid cluster.id in: {dir}/meta.properties. Expected {}, but read {read}",
                    req.cluster_id
                ));
            }
        }
        if let Some(read) = meta.node_id {
            if read != config.node_id {
                return Err(anyhow!(
                    "Stored node id {read} doesn't match previous node id {} in {dir}/meta.properties. If you moved your data, make sure your configured node id matches. If you intend to create a new node, you should remove all data in your data directories.",
                    config.node_id
                ));
            }
        }
    }
    if !req.ignore_formatted {
        let first = hash_order(formatted.clone(), JavaMap::Copied, |(d, _)| d)
            .into_iter()
            .next();
        if let Some((dir, _)) = first {
            return Err(anyhow!(
                "Log directory {dir} is already formatted. Use --ignore-formatted to ignore this directory and format the others."
            ));
        }
    }
    let mut result = Formatted {
        cluster_id: req.cluster_id.clone(),
        node_id: config.node_id,
        release_version: metadata_text.to_string(),
        features: levels,
        scram_users: bootstrap
            .credentials
            .iter()
            .map(|c| ScramUser {
                name: c.name.clone(),
                mechanism: c.mechanism.name(),
                iterations: c.iterations,
            })
            .collect(),
        directories: Vec::new(),
        already_formatted: formatted.iter().map(|(d, _)| d.clone()).collect(),
    };
    if empty.is_empty() {
        say(ctx, "All of the log directories are already formatted.")?;
        ctx.out.emit(&result)?;
        return Ok(());
    }
    say(ctx, &format!("Bootstrap metadata: {}", bootstrap.text()))?;
    let mut plan: Vec<(String, &'static str, [u8; 16], bool)> = Vec::new();
    for dir in &empty {
        let (kind, voter_id, metadata_dir) = if *dir != config.metadata_log_dir {
            ("data directory", None, false)
        } else {
            match &voters {
                None => ("metadata directory", None, true),
                Some(vs) => match vs.iter().find(|v| v.id == config.node_id) {
                    Some(v) => (
                        "dynamic metadata voter directory",
                        Some(v.directory_id),
                        true,
                    ),
                    None => ("dynamic metadata directory", None, true),
                },
            }
        };
        let id = match voter_id {
            Some(id) => id,
            None => loop {
                let id = random_id()?;
                if !plan.iter().any(|(_, _, other, _)| *other == id) {
                    break id;
                }
            },
        };
        plan.push((dir.clone(), kind, id, metadata_dir));
    }
    let plan = hash_order(plan, JavaMap::Default, |(d, _, _, _)| d);
    let kraft = KRaftState {
        kraft_version,
        voters: voters.map(|vs| {
            hash_order_by(vs, JavaMap::Default, |v| v.id)
                .into_iter()
                .map(|v| Voter {
                    id: v.id,
                    directory_id: v.directory_id,
                    endpoints: vec![(
                        config
                            .controller_listener_names
                            .first()
                            .cloned()
                            .unwrap_or_default(),
                        java_host(&v.host),
                        v.port,
                    )],
                    kraft_versions: (0, 1),
                })
                .collect()
        }),
    };
    let records = bootstrap.records();
    let records_size: usize = records.iter().map(|r| r.len() + 8).sum();
    if records_size > MAX_BATCH_SIZE_BYTES {
        return Err(anyhow!(
            "the bootstrap records ({records_size} bytes) do not fit in one snapshot batch"
        ));
    }
    for (dir, kind, id, metadata_dir) in plan {
        say(
            ctx,
            &format!("Formatting {kind} {dir} with metadata.version {metadata_text}."),
        )?;
        fs::create_dir_all(&dir).with_context(|| format!("creating {dir}"))?;
        let mut snapshot = None;
        if config.controller && metadata_dir {
            snapshot = Some(write_snapshot(&dir, &kraft, &records)?);
        }
        let meta = MetaProperties {
            version: 1,
            cluster_id: Some(req.cluster_id.clone()),
            node_id: Some(config.node_id),
            directory_id: Some(uuid_text(&uuid::Uuid::from_bytes(id))),
        };
        write_meta_properties(&dir, &meta).map_err(|e| {
            anyhow!("Error while writing meta.properties file {dir}: java.io.IOException: {e}")
        })?;
        result.directories.push(FormattedDirectory {
            path: dir,
            kind,
            directory_id: meta.directory_id.unwrap_or_default(),
            snapshot,
        });
    }
    ctx.out.emit(&result)?;
    Ok(())
}

/// Writes the bootstrap snapshot into `dir`'s `__cluster_metadata-0` and returns its path.
fn write_snapshot(dir: &str, kraft: &KRaftState, records: &[Vec<u8>]) -> Result<String> {
    let partition = Path::new(dir).join("__cluster_metadata-0");
    fs::create_dir_all(&partition).with_context(|| format!("creating {}", partition.display()))?;
    let now = now_ms();
    let bytes = writer::snapshot(now, kraft, records, [now, now, now]);
    let path = partition.join("00000000000000000000-0000000000.checkpoint");
    let partial = partition.join("00000000000000000000-0000000000.checkpoint.part");
    {
        let mut file = fs::File::create(&partial)
            .with_context(|| format!("creating {}", partial.display()))?;
        file.write_all(&bytes)?;
        file.sync_all()?;
    }
    fs::rename(&partial, &path).with_context(|| format!("writing {}", path.display()))?;
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o400))?;
    Ok(path.display().to_string())
}

/// Writes `meta.properties` as Java does: a temporary file, synced, moved into place.
fn write_meta_properties(dir: &str, meta: &MetaProperties) -> io::Result<()> {
    let path = Path::new(dir).join("meta.properties");
    let tmp = Path::new(dir).join("meta.properties.tmp");
    {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(meta.file_text(&java_date()).as_bytes())?;
        file.sync_all()?;
    }
    fs::rename(&tmp, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voters_parse_as_java_parses_them() {
        let vs = parse_voters(
            "2@example.com:8083:MvDxzVmcRsaTz33bUuRU6A,0@[::1]:8082:JEXY6aqzQY-32P5TStzaFg",
        )
        .unwrap();
        assert_eq!(vs[0].id, 0);
        assert_eq!(vs[0].host, "::1");
        assert_eq!(java_host(&vs[0].host), "0:0:0:0:0:0:0:1");
        assert_eq!(java_host("example.com"), "example.com");
        assert_eq!(vs[1].port, 8083);
        let e = |s: &str| parse_voters(s).unwrap_err().to_string();
        assert_eq!(
            e("1@localhost:39093"),
            "No colon following port could be found."
        );
        assert_eq!(
            e("x@h:1:JEXY6aqzQY-32P5TStzaFg"),
            "Failed to parse node id in dynamic voter string."
        );
        assert_eq!(e("@h"), "Invalid @ at beginning of dynamic voter string.");
        assert_eq!(
            e("1@h:70000:JEXY6aqzQY-32P5TStzaFg"),
            "Invalid port 70000 in dynamic voter string."
        );
        assert_eq!(
            e("1@h:1:nope"),
            "Failed to parse directory ID in dynamic voter string."
        );
        assert_eq!(
            e("1@h:1:JEXY6aqzQY-32P5TStzaFg,1@h:2:MvDxzVmcRsaTz33bUuRU6A"),
            "Node id 1 was specified more than once."
        );
        assert_eq!(e(" "), "No voters given.");
    }

    #[test]
    fn meta_properties_are_written_in_javas_key_order() {
        let meta = MetaProperties {
            version: 1,
            cluster_id: Some("abcdefghijklmnopqrstuv".into()),
            node_id: Some(1),
            directory_id: Some("yaHOKCb3lF3FC2tpzQdfPQ".into()),
        };
        assert_eq!(
            meta.file_text("Wed Dec 02 15:40:31 UTC 2026"),
            "#\n#Wed Dec 02 15:40:31 UTC 2026\nnode.id=1\ndirectory.id=yaHOKCb3lF3FC2tpzQdfPQ\nversion=1\ncluster.id=abcdefghijklmnopqrstuv\n"
        );
        assert_eq!(escape("a:b=c d", false), "a\\:b\\=c d");
    }

    #[test]
    fn feature_levels_follow_javas_rules() {
        let none = BTreeMap::new();
        let levels = feature_levels(&none, 33, false).unwrap();
        assert_eq!(levels.get("kraft.version"), Some(&0));
        assert_eq!(levels.get("share.version"), Some(&2));
        assert_eq!(
            feature_levels(&none, 33, true)
                .unwrap()
                .get("kraft.version"),
            Some(&1)
        );
        let req: BTreeMap<String, i16> =
            [("eligible.leader.replicas.version".to_string(), 1)].into();
        assert_eq!(
            feature_levels(&req, 21, true).unwrap_err().to_string(),
            "eligible.leader.replicas.version could not be set to 1 because it depends on metadata.version level 23"
        );
        let req: BTreeMap<String, i16> = [("group.version".to_string(), 7)].into();
        assert_eq!(
            feature_levels(&req, 33, true).unwrap_err().to_string(),
            "No feature:group.version with feature level 7"
        );
        let req: BTreeMap<String, i16> = [("foo.version".to_string(), 1)].into();
        assert_eq!(
            feature_levels(&req, 33, true).unwrap_err().to_string(),
            "Unsupported feature: foo.version. Supported features are: eligible.leader.replicas.version, group.version, kraft.version, share.version, streams.version, transaction.version"
        );
        assert!(release_level("4.5-IV0", false)
            .unwrap_err()
            .to_string()
            .ends_with("4.4-IV1, 4.4-IV2"));
        assert_eq!(release_level("4.5-IV0", true).unwrap(), 34);
    }
}
