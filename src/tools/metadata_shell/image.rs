//! The cluster metadata image: `__cluster_metadata` records applied in order (as Kafka's
//! `MetadataDelta` does), and the node tree Kafka's metadata shell shows of it (`/image/...`
//! and `/local`), with each leaf's text as Java's objects print themselves.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::Value;

use crate::common::kafka_log::schema::java_double;

/// A node of the shell's tree: a directory of named children, or a file with its text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Dir(BTreeMap<String, Node>),
    File(String),
}

impl Node {
    pub(crate) fn is_dir(&self) -> bool {
        matches!(self, Node::Dir(_))
    }

    pub(crate) fn child(&self, name: &str) -> Option<&Node> {
        match self {
            Node::Dir(children) => children.get(name),
            Node::File(_) => None,
        }
    }

    /// The children's names, in Java's `String::compareTo` order.
    pub(crate) fn names(&self) -> Vec<&str> {
        match self {
            Node::Dir(children) => children.keys().map(String::as_str).collect(),
            Node::File(_) => Vec::new(),
        }
    }
}

fn dir<I: IntoIterator<Item = (String, Node)>>(children: I) -> Node {
    Node::Dir(children.into_iter().collect())
}

fn file(text: impl Into<String>) -> Node {
    Node::File(text.into())
}

#[derive(Debug, Clone, Default)]
struct Partition {
    replicas: Vec<i64>,
    directories: Vec<String>,
    isr: Vec<i64>,
    removing: Vec<i64>,
    adding: Vec<i64>,
    elr: Vec<i64>,
    last_known_elr: Vec<i64>,
    leader: i64,
    recovering: bool,
    leader_epoch: i64,
    partition_epoch: i64,
}

#[derive(Debug, Clone, Default)]
struct Topic {
    name: String,
    id: String,
    partitions: BTreeMap<i64, Partition>,
}

#[derive(Debug, Clone, Default)]
struct Broker {
    id: i64,
    epoch: i64,
    incarnation: String,
    listeners: BTreeMap<String, String>,
    features: BTreeMap<String, String>,
    rack: Option<String>,
    fenced: bool,
    in_controlled_shutdown: bool,
    migrating_zk: bool,
    directories: Vec<String>,
    cordoned: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct Controller {
    id: i64,
    incarnation: String,
    zk_migration_ready: bool,
    listeners: BTreeMap<String, String>,
    features: BTreeMap<String, String>,
}

/// Where the image was last updated: the last metadata batch applied.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Provenance {
    pub(crate) offset: i64,
    pub(crate) epoch: i32,
    pub(crate) time_ms: i64,
}

/// The metadata image.
/// A client quota entity: (entity type, name; `None` for the default) pairs.
type QuotaEntity = Vec<(String, Option<String>)>;

#[derive(Debug, Clone, Default)]
pub(crate) struct Image {
    metadata_version: Option<i64>,
    finalized: BTreeMap<String, i64>,
    brokers: BTreeMap<i64, Broker>,
    controllers: BTreeMap<i64, Controller>,
    /// By topic id.
    topics: BTreeMap<String, Topic>,
    /// (resource type, resource name) -> config key -> value.
    configs: BTreeMap<(i64, String), BTreeMap<String, String>>,
    /// Entity (type -> name) -> quota key -> value.
    quotas: BTreeMap<QuotaEntity, BTreeMap<String, f64>>,
    next_producer_id: i64,
    acls: BTreeMap<String, String>,
    /// Mechanism -> user -> credential text.
    scram: BTreeMap<i64, BTreeMap<String, String>>,
    tokens: BTreeMap<String, String>,
    pub(crate) provenance: Provenance,
}

fn ints(v: &Value) -> Vec<i64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn int(v: &Value, default: i64) -> i64 {
    v.as_i64().unwrap_or(default)
}

/// Java's `Arrays.toString`/`List.toString` of a list.
fn list<T: std::fmt::Display>(items: &[T]) -> String {
    let parts: Vec<String> = items.iter().map(ToString::to_string).collect();
    format!("[{}]", parts.join(", "))
}

const MIGRATING_DIR: &str = "AAAAAAAAAAAAAAAAAAAAAA";

/// Kafka's `Uuid.compareTo`: the most, then the least significant 64 bits, both signed.
fn uuid_key(text: &str) -> (i64, i64) {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .unwrap_or_default();
    if bytes.len() != 16 {
        return (0, 0);
    }
    let mut hi = [0u8; 8];
    let mut lo = [0u8; 8];
    hi.copy_from_slice(&bytes[..8]);
    lo.copy_from_slice(&bytes[8..]);
    (i64::from_be_bytes(hi), i64::from_be_bytes(lo))
}

fn security_protocol(id: i64) -> String {
    match id {
        0 => "PLAINTEXT".into(),
        1 => "SSL".into(),
        2 => "SASL_PLAINTEXT".into(),
        3 => "SASL_SSL".into(),
        other => format!("UNKNOWN({other})"),
    }
}

fn listeners(endpoints: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in endpoints.as_array().into_iter().flatten() {
        let name = text(&e["name"]);
        let shown = format!(
            "Endpoint(listenerName='{}', securityProtocol={}, host='{}', port={})",
            name,
            security_protocol(int(&e["securityProtocol"], 0)),
            text(&e["host"]),
            int(&e["port"], 0)
        );
        out.insert(name, shown);
    }
    out
}

fn features(list: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for f in list.as_array().into_iter().flatten() {
        out.insert(
            text(&f["name"]),
            format!(
                "{}-{}",
                int(&f["minSupportedVersion"], 0),
                int(&f["maxSupportedVersion"], 0)
            ),
        );
    }
    out
}

fn config_type(id: i64) -> &'static str {
    match id {
        2 => "TOPIC",
        4 => "BROKER",
        8 => "BROKER_LOGGER",
        16 => "CLIENT_METRICS",
        32 => "GROUP",
        _ => "UNKNOWN",
    }
}

fn acl_resource_type(id: i64) -> &'static str {
    [
        "UNKNOWN",
        "ANY",
        "TOPIC",
        "GROUP",
        "CLUSTER",
        "TRANSACTIONAL_ID",
        "DELEGATION_TOKEN",
        "USER",
    ]
    .get(id as usize)
    .copied()
    .unwrap_or("UNKNOWN")
}

fn pattern_type(id: i64) -> &'static str {
    ["UNKNOWN", "ANY", "MATCH", "LITERAL", "PREFIXED"]
        .get(id as usize)
        .copied()
        .unwrap_or("UNKNOWN")
}

fn acl_operation(id: i64) -> &'static str {
    [
        "UNKNOWN",
        "ANY",
        "ALL",
        "READ",
        "WRITE",
        "CREATE",
        "DELETE",
        "ALTER",
        "DESCRIBE",
        "CLUSTER_ACTION",
        "DESCRIBE_CONFIGS",
        "ALTER_CONFIGS",
        "IDEMPOTENT_WRITE",
        "CREATE_TOKENS",
        "DESCRIBE_TOKENS",
        "TWO_PHASE_COMMIT",
    ]
    .get(id as usize)
    .copied()
    .unwrap_or("UNKNOWN")
}

fn permission_type(id: i64) -> &'static str {
    ["UNKNOWN", "ANY", "DENY", "ALLOW"]
        .get(id as usize)
        .copied()
        .unwrap_or("UNKNOWN")
}

fn scram_mechanism(id: i64) -> Option<&'static str> {
    match id {
        1 => Some("SCRAM-SHA-256"),
        2 => Some("SCRAM-SHA-512"),
        _ => None,
    }
}

/// `MetadataVersion`'s name of a `metadata.version` feature level (Kafka 4.4's table).
fn metadata_version_name(level: i64) -> String {
    const NAMES: &[&str] = &[
        "3.3-IV3", "3.4-IV0", "3.5-IV0", "3.5-IV1", "3.5-IV2", "3.6-IV0", "3.6-IV1", "3.6-IV2",
        "3.7-IV0", "3.7-IV1", "3.7-IV2", "3.7-IV3", "3.7-IV4", "3.8-IV0", "3.9-IV0", "4.0-IV0",
        "4.0-IV1", "4.0-IV2", "4.0-IV3", "4.1-IV0", "4.1-IV1", "4.2-IV0", "4.2-IV1", "4.3-IV0",
        "4.4-IV0", "4.4-IV1", "4.4-IV2", "4.5-IV0",
    ];
    usize::try_from(level - 7)
        .ok()
        .and_then(|i| NAMES.get(i))
        .map_or_else(|| format!("level {level}"), |s| (*s).to_string())
}

fn hex(b64: &Value) -> String {
    base64::engine::general_purpose::STANDARD
        .decode(b64.as_str().unwrap_or_default())
        .unwrap_or_default()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn with_migrating(dirs: Vec<String>, replicas: usize) -> Vec<String> {
    if dirs.is_empty() {
        vec![MIGRATING_DIR.to_string(); replicas]
    } else {
        dirs
    }
}

impl Partition {
    fn from_record(d: &Value) -> Partition {
        let replicas = ints(&d["replicas"]);
        let n = replicas.len();
        Partition {
            directories: with_migrating(strs(&d["directories"]), n),
            replicas,
            isr: ints(&d["isr"]),
            removing: ints(&d["removingReplicas"]),
            adding: ints(&d["addingReplicas"]),
            elr: ints(&d["eligibleLeaderReplicas"]),
            last_known_elr: ints(&d["lastKnownElr"]),
            leader: int(&d["leader"], -1),
            recovering: int(&d["leaderRecoveryState"], 0) == 1,
            leader_epoch: int(&d["leaderEpoch"], 0),
            partition_epoch: int(&d["partitionEpoch"], 0),
        }
    }

    /// `PartitionRegistration.merge`: absent (null) fields keep their value.
    fn merge(&mut self, d: &Value) {
        let given = |k: &str| !d[k].is_null();
        if given("replicas") {
            self.replicas = ints(&d["replicas"]);
        }
        if given("directories") {
            self.directories = strs(&d["directories"]);
        }
        self.directories =
            with_migrating(std::mem::take(&mut self.directories), self.replicas.len());
        if given("isr") {
            self.isr = ints(&d["isr"]);
        }
        if given("removingReplicas") {
            self.removing = ints(&d["removingReplicas"]);
        }
        if given("addingReplicas") {
            self.adding = ints(&d["addingReplicas"]);
        }
        let leader = int(&d["leader"], -2);
        if leader != -2 {
            self.leader = leader;
            self.leader_epoch += 1;
        }
        match int(&d["leaderRecoveryState"], -1) {
            0 => self.recovering = false,
            1 => self.recovering = true,
            _ => {}
        }
        if given("eligibleLeaderReplicas") {
            self.elr = ints(&d["eligibleLeaderReplicas"]);
        }
        if given("lastKnownElr") {
            self.last_known_elr = ints(&d["lastKnownElr"]);
        }
        self.partition_epoch += 1;
    }

    fn text(&self) -> String {
        format!(
            "PartitionRegistration(replicas={}, directories={}, isr={}, removingReplicas={}, addingReplicas={}, elr={}, lastKnownElr={}, leader={}, leaderRecoveryState={}, leaderEpoch={}, partitionEpoch={})",
            list(&self.replicas),
            list(&self.directories),
            list(&self.isr),
            list(&self.removing),
            list(&self.adding),
            list(&self.elr),
            list(&self.last_known_elr),
            self.leader,
            if self.recovering { "RECOVERING" } else { "RECOVERED" },
            self.leader_epoch,
            self.partition_epoch
        )
    }
}

fn joined(map: &BTreeMap<String, String>, sep: &str) -> String {
    map.values().cloned().collect::<Vec<_>>().join(sep)
}

fn feature_text(map: &BTreeMap<String, String>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Broker {
    fn text(&self) -> String {
        format!(
            "BrokerRegistration(id={}, epoch={}, incarnationId={}, listeners=[{}], supportedFeatures={{{}}}, rack={}, fenced={}, inControlledShutdown={}, isMigratingZkBroker={}, directories={}, cordonedDirectories={})",
            self.id,
            self.epoch,
            self.incarnation,
            joined(&self.listeners, ", "),
            feature_text(&self.features),
            self.rack
                .as_ref()
                .map_or_else(|| "Optional.empty".to_string(), |r| format!("Optional[{r}]")),
            self.fenced,
            self.in_controlled_shutdown,
            self.migrating_zk,
            list(&self.directories),
            list(&self.cordoned)
        )
    }
}

impl Controller {
    fn text(&self) -> String {
        format!(
            "ControllerRegistration(id={}, incarnationId={}, zkMigrationReady={}, listeners=[{}], supportedFeatures={{{}}})",
            self.id,
            self.incarnation,
            self.zk_migration_ready,
            joined(&self.listeners, ", "),
            feature_text(&self.features)
        )
    }
}

fn sorted_dirs(dirs: Vec<String>) -> Vec<String> {
    let mut dirs = dirs;
    dirs.sort_by_key(|d| uuid_key(d));
    dirs
}

impl Image {
    /// Applies one decoded metadata record (`{"type":...,"version":...,"data":...}`).
    pub(crate) fn apply(&mut self, record: &Value) {
        let d = &record["data"];
        match record["type"].as_str().unwrap_or_default() {
            "FEATURE_LEVEL_RECORD" => {
                let name = text(&d["name"]);
                let level = int(&d["featureLevel"], 0);
                if name == "metadata.version" {
                    self.metadata_version = Some(level);
                } else if level == 0 {
                    self.finalized.remove(&name);
                } else {
                    self.finalized.insert(name, level);
                }
            }
            "REGISTER_BROKER_RECORD" => {
                let id = int(&d["brokerId"], -1);
                self.brokers.insert(
                    id,
                    Broker {
                        id,
                        epoch: int(&d["brokerEpoch"], 0),
                        incarnation: text(&d["incarnationId"]),
                        listeners: listeners(&d["endPoints"]),
                        features: features(&d["features"]),
                        rack: d["rack"].as_str().map(str::to_string),
                        fenced: d["fenced"].as_bool().unwrap_or(true),
                        in_controlled_shutdown: d["inControlledShutdown"]
                            .as_bool()
                            .unwrap_or(false),
                        migrating_zk: d["isMigratingZkBroker"].as_bool().unwrap_or(false),
                        directories: sorted_dirs(strs(&d["logDirs"])),
                        cordoned: sorted_dirs(strs(&d["cordonedLogDirs"])),
                    },
                );
            }
            "UNREGISTER_BROKER_RECORD" => {
                self.brokers.remove(&int(&d["brokerId"], -1));
            }
            "FENCE_BROKER_RECORD" | "UNFENCE_BROKER_RECORD" => {
                let fenced = record["type"] == "FENCE_BROKER_RECORD";
                if let Some(b) = self.brokers.get_mut(&int(&d["id"], -1)) {
                    b.fenced = fenced;
                    if fenced {
                        b.in_controlled_shutdown = false;
                    }
                }
            }
            "BROKER_REGISTRATION_CHANGE_RECORD" => {
                if let Some(b) = self.brokers.get_mut(&int(&d["brokerId"], -1)) {
                    match int(&d["fenced"], 0) {
                        1 => b.fenced = true,
                        -1 => b.fenced = false,
                        _ => {}
                    }
                    if int(&d["inControlledShutdown"], 0) == 1 {
                        b.in_controlled_shutdown = true;
                    }
                    let dirs = strs(&d["logDirs"]);
                    if !dirs.is_empty() {
                        b.directories = sorted_dirs(dirs);
                    }
                    if !d["cordonedLogDirs"].is_null() {
                        b.cordoned = sorted_dirs(strs(&d["cordonedLogDirs"]));
                    }
                }
            }
            "REGISTER_CONTROLLER_RECORD" => {
                let id = int(&d["controllerId"], -1);
                self.controllers.insert(
                    id,
                    Controller {
                        id,
                        incarnation: text(&d["incarnationId"]),
                        zk_migration_ready: d["zkMigrationReady"].as_bool().unwrap_or(false),
                        listeners: listeners(&d["endPoints"]),
                        features: features(&d["features"]),
                    },
                );
            }
            "TOPIC_RECORD" => {
                let id = text(&d["topicId"]);
                self.topics.insert(
                    id.clone(),
                    Topic {
                        name: text(&d["name"]),
                        id,
                        partitions: BTreeMap::new(),
                    },
                );
            }
            "REMOVE_TOPIC_RECORD" => {
                if let Some(topic) = self.topics.remove(&text(&d["topicId"])) {
                    self.configs.remove(&(2, topic.name));
                }
            }
            "PARTITION_RECORD" => {
                if let Some(t) = self.topics.get_mut(&text(&d["topicId"])) {
                    t.partitions
                        .insert(int(&d["partitionId"], 0), Partition::from_record(d));
                }
            }
            "PARTITION_CHANGE_RECORD" => {
                if let Some(p) = self
                    .topics
                    .get_mut(&text(&d["topicId"]))
                    .and_then(|t| t.partitions.get_mut(&int(&d["partitionId"], 0)))
                {
                    p.merge(d);
                }
            }
            "CLEAR_ELR_RECORD" => {
                let name = text(&d["topicName"]);
                for t in self.topics.values_mut() {
                    if name.is_empty() || t.name == name {
                        for p in t.partitions.values_mut() {
                            p.elr.clear();
                            p.last_known_elr.clear();
                        }
                    }
                }
            }
            "CONFIG_RECORD" => {
                let key = (int(&d["resourceType"], 0), text(&d["resourceName"]));
                let entry = self.configs.entry(key.clone()).or_default();
                match d["value"].as_str() {
                    Some(v) => {
                        entry.insert(text(&d["name"]), v.to_string());
                    }
                    None => {
                        entry.remove(&text(&d["name"]));
                    }
                }
                if entry.is_empty() {
                    self.configs.remove(&key);
                }
            }
            "CLIENT_QUOTA_RECORD" => {
                let mut entity: Vec<(String, Option<String>)> = d["entity"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|e| {
                        (
                            text(&e["entityType"]),
                            e["entityName"].as_str().map(str::to_string),
                        )
                    })
                    .collect();
                entity.sort();
                let quotas = self.quotas.entry(entity.clone()).or_default();
                if d["remove"].as_bool().unwrap_or(false) {
                    quotas.remove(&text(&d["key"]));
                } else {
                    quotas.insert(text(&d["key"]), d["value"].as_f64().unwrap_or(0.0));
                }
                if quotas.is_empty() {
                    self.quotas.remove(&entity);
                }
            }
            "PRODUCER_IDS_RECORD" => {
                self.next_producer_id = int(&d["nextProducerId"], 0);
            }
            "ACCESS_CONTROL_ENTRY_RECORD" => {
                self.acls.insert(
                    text(&d["id"]),
                    format!(
                        "StandardAcl(resourceType={}, resourceName={}, patternType={}, principal={}, host={}, operation={}, permissionType={})",
                        acl_resource_type(int(&d["resourceType"], 0)),
                        text(&d["resourceName"]),
                        pattern_type(int(&d["patternType"], 0)),
                        text(&d["principal"]),
                        text(&d["host"]),
                        acl_operation(int(&d["operation"], 0)),
                        permission_type(int(&d["permissionType"], 0))
                    ),
                );
            }
            "REMOVE_ACCESS_CONTROL_ENTRY_RECORD" => {
                self.acls.remove(&text(&d["id"]));
            }
            "USER_SCRAM_CREDENTIAL_RECORD" => {
                let shown = format!(
                    "ScramCredentialData(salt={}, storedKey={}, serverKey={}, iterations={})",
                    hex(&d["salt"]),
                    hex(&d["storedKey"]),
                    hex(&d["serverKey"]),
                    int(&d["iterations"], 0)
                );
                self.scram
                    .entry(int(&d["mechanism"], 0))
                    .or_default()
                    .insert(text(&d["name"]), shown);
            }
            "REMOVE_USER_SCRAM_CREDENTIAL_RECORD" => {
                if let Some(users) = self.scram.get_mut(&int(&d["mechanism"], 0)) {
                    users.remove(&text(&d["name"]));
                }
            }
            "DELEGATION_TOKEN_RECORD" => {
                let renewers: Vec<String> = strs(&d["renewers"]);
                self.tokens.insert(
                    text(&d["tokenId"]),
                    format!(
                        "DelegationTokenDatatokenId={}(owner={}(tokenRequester={}(renewers={}, issueTimestamp={}, maxTimestamp={}), expiryTimestamp={}",
                        text(&d["tokenId"]),
                        text(&d["owner"]),
                        text(&d["requester"]),
                        renewers.join(" "),
                        int(&d["issueTimestamp"], 0),
                        int(&d["maxTimestamp"], 0),
                        int(&d["expirationTimestamp"], 0)
                    ),
                );
            }
            "REMOVE_DELEGATION_TOKEN_RECORD" => {
                self.tokens.remove(&text(&d["tokenId"]));
            }
            _ => {}
        }
    }

    /// The shell's root: `/image` (the metadata image) and `/local` (the shell's own version).
    pub(crate) fn tree(&self) -> Node {
        dir([
            ("image".to_string(), self.image_node()),
            (
                "local".to_string(),
                dir([
                    ("commitId".to_string(), file(COMMIT_ID)),
                    ("version".to_string(), file(VERSION)),
                ]),
            ),
        ])
    }

    fn image_node(&self) -> Node {
        let topic_node = |t: &Topic| {
            let mut children: BTreeMap<String, Node> = t
                .partitions
                .iter()
                .map(|(id, p)| (id.to_string(), file(p.text())))
                .collect();
            children.insert("name".into(), file(t.name.clone()));
            children.insert("id".into(), file(t.id.clone()));
            Node::Dir(children)
        };
        let mut features: BTreeMap<String, Node> = self
            .finalized
            .iter()
            .map(|(k, v)| (format!("finalized_{k}"), file(v.to_string())))
            .collect();
        features.insert(
            "metadataVersion".into(),
            file(self.metadata_version.map_or_else(
                || "Optional.empty".to_string(),
                |l| format!("Optional[{}]", metadata_version_name(l)),
            )),
        );
        let configs = self.configs.iter().map(|((kind, name), data)| {
            let label = if name.is_empty() {
                config_type(*kind).to_string()
            } else {
                format!("{}:{name}", config_type(*kind))
            };
            (
                label,
                dir(data.iter().map(|(k, v)| (k.clone(), file(v.clone())))),
            )
        });
        let quotas = self.quotas.iter().map(|(entity, values)| {
            (
                quota_entity_name(entity),
                dir(values
                    .iter()
                    .map(|(k, v)| (k.clone(), file(java_double(*v))))),
            )
        });
        let scram = ["SCRAM-SHA-256", "SCRAM-SHA-512"].iter().map(|m| {
            let users = self
                .scram
                .iter()
                .find(|(id, _)| scram_mechanism(**id) == Some(*m))
                .map(|(_, users)| users.clone())
                .unwrap_or_default();
            (
                (*m).to_string(),
                dir(users.into_iter().map(|(u, t)| (u, file(t)))),
            )
        });
        let p = &self.provenance;
        dir([
            (
                "acls".to_string(),
                dir([(
                    "byId".to_string(),
                    dir(self.acls.iter().map(|(k, v)| (k.clone(), file(v.clone())))),
                )]),
            ),
            ("clientQuotas".to_string(), dir(quotas)),
            (
                "cluster".to_string(),
                dir([
                    (
                        "brokers".to_string(),
                        dir(self
                            .brokers
                            .iter()
                            .map(|(id, b)| (id.to_string(), file(b.text())))),
                    ),
                    (
                        "controllers".to_string(),
                        dir(self
                            .controllers
                            .iter()
                            .map(|(id, c)| (id.to_string(), file(c.text())))),
                    ),
                ]),
            ),
            ("configs".to_string(), dir(configs)),
            (
                "delegationToken".to_string(),
                dir(self
                    .tokens
                    .iter()
                    .map(|(k, v)| (k.clone(), file(v.clone())))),
            ),
            ("features".to_string(), Node::Dir(features)),
            (
                "producerIds".to_string(),
                dir([(
                    "nextProducerId".to_string(),
                    file(self.next_producer_id.to_string()),
                )]),
            ),
            (
                "provenance".to_string(),
                file(format!(
                    "offset {}, epoch {}, time {}",
                    p.offset,
                    p.epoch,
                    iso_zoned_utc(p.time_ms)
                )),
            ),
            ("scram".to_string(), dir(scram)),
            (
                "topics".to_string(),
                dir([
                    (
                        "byId".to_string(),
                        dir(self.topics.values().map(|t| (t.id.clone(), topic_node(t)))),
                    ),
                    (
                        "byName".to_string(),
                        dir(self
                            .topics
                            .values()
                            .map(|t| (t.name.clone(), topic_node(t)))),
                    ),
                ]),
            ),
        ])
    }
}

/// The Kafka release this shell stands in for (`/local/version`, `/local/commitId`).
const VERSION: &str = "4.4.0";
const COMMIT_ID: &str = "1156b2752aaa28ea";

/// `ClientQuotasImageNode`'s name of an entity: `clientId(..)_ip(..)_user(..)`, escaped.
fn quota_entity_name(entity: &[(String, Option<String>)]) -> String {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)")
    };
    let mut parts = Vec::new();
    for (kind, label) in [("client-id", "clientId"), ("ip", "ip"), ("user", "user")] {
        if let Some((_, name)) = entity.iter().find(|(k, _)| k == kind) {
            parts.push(format!(
                "{label}({})",
                escape(name.as_deref().unwrap_or(""))
            ));
        }
    }
    parts.join("_")
}

/// Java's `DateTimeFormatter.ISO_ZONED_DATE_TIME` of an instant in UTC:
/// `2026-12-02T12:41:11.76Z[UTC]` (the fraction without trailing zeros, none when zero).
pub(crate) fn iso_zoned_utc(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    let mut fraction = String::new();
    if milli != 0 {
        fraction = format!(".{milli:03}");
        while fraction.ends_with('0') {
            fraction.pop();
        }
    }
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}Z[UTC]")
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(kind: &str, data: Value) -> Value {
        json!({"type": kind, "version": 0, "data": data})
    }

    fn leaf<'a>(root: &'a Node, path: &str) -> Option<&'a str> {
        let mut node = root;
        for part in path.split('/').filter(|p| !p.is_empty()) {
            node = node.child(part)?;
        }
        match node {
            Node::File(t) => Some(t.as_str()),
            Node::Dir(_) => None,
        }
    }

    #[test]
    fn partitions_change_as_kafka_merges_them() {
        let mut image = Image::default();
        image.apply(&rec(
            "TOPIC_RECORD",
            json!({"name": "t", "topicId": "qhjJ9EPqSjSui7YHRc3yEg"}),
        ));
        image.apply(&rec(
            "PARTITION_RECORD",
            json!({"partitionId": 0, "topicId": "qhjJ9EPqSjSui7YHRc3yEg", "replicas": [1, 2],
                   "isr": [1, 2], "removingReplicas": [], "addingReplicas": [], "leader": 1,
                   "leaderEpoch": 0, "partitionEpoch": 0}),
        ));
        image.apply(&rec(
            "PARTITION_CHANGE_RECORD",
            json!({"partitionId": 0, "topicId": "qhjJ9EPqSjSui7YHRc3yEg", "isr": [2], "leader": 2}),
        ));
        image.apply(&rec(
            "PARTITION_CHANGE_RECORD",
            json!({"partitionId": 0, "topicId": "qhjJ9EPqSjSui7YHRc3yEg", "isr": [1, 2]}),
        ));
        let tree = image.tree();
        assert_eq!(
            leaf(&tree, "/image/topics/byName/t/0"),
            Some("PartitionRegistration(replicas=[1, 2], directories=[AAAAAAAAAAAAAAAAAAAAAA, AAAAAAAAAAAAAAAAAAAAAA], isr=[1, 2], removingReplicas=[], addingReplicas=[], elr=[], lastKnownElr=[], leader=2, leaderRecoveryState=RECOVERED, leaderEpoch=1, partitionEpoch=2)")
        );
        assert_eq!(
            leaf(&tree, "/image/topics/byId/qhjJ9EPqSjSui7YHRc3yEg/name"),
            Some("t")
        );
        image.apply(&rec(
            "REMOVE_TOPIC_RECORD",
            json!({"topicId": "qhjJ9EPqSjSui7YHRc3yEg"}),
        ));
        assert_eq!(
            image
                .tree()
                .child("image")
                .and_then(|i| i.child("topics"))
                .and_then(|t| t.child("byName")),
            Some(&Node::Dir(BTreeMap::new()))
        );
    }

    #[test]
    fn configs_features_and_brokers_print_as_java() {
        let mut image = Image::default();
        image.apply(&rec(
            "FEATURE_LEVEL_RECORD",
            json!({"name": "metadata.version", "featureLevel": 33}),
        ));
        image.apply(&rec(
            "FEATURE_LEVEL_RECORD",
            json!({"name": "group.version", "featureLevel": 1}),
        ));
        image.apply(&rec(
            "CONFIG_RECORD",
            json!({"resourceType": 4, "resourceName": "", "name": "a", "value": "1"}),
        ));
        image.apply(&rec(
            "CONFIG_RECORD",
            json!({"resourceType": 2, "resourceName": "t", "name": "b", "value": "2"}),
        ));
        image.apply(&rec(
            "CONFIG_RECORD",
            json!({"resourceType": 2, "resourceName": "t", "name": "b", "value": null}),
        ));
        image.apply(&rec(
            "REGISTER_BROKER_RECORD",
            json!({"brokerId": 1, "incarnationId": "8KikgmlyQAq0zcH3fr6aTg", "brokerEpoch": 14,
                   "endPoints": [{"name": "PLAINTEXT", "host": "h", "port": 9092, "securityProtocol": 0}],
                   "features": [{"name": "metadata.version", "minSupportedVersion": 7, "maxSupportedVersion": 33}],
                   "rack": null, "fenced": true, "logDirs": ["Ei5wsX19v5TM6mbsdDo8pQ"]}),
        ));
        image.apply(&rec(
            "BROKER_REGISTRATION_CHANGE_RECORD",
            json!({"brokerId": 1, "brokerEpoch": 14, "fenced": -1}),
        ));
        let tree = image.tree();
        assert_eq!(
            leaf(&tree, "/image/features/metadataVersion"),
            Some("Optional[4.4-IV2]")
        );
        assert_eq!(
            leaf(&tree, "/image/features/finalized_group.version"),
            Some("1")
        );
        assert_eq!(leaf(&tree, "/image/configs/BROKER/a"), Some("1"));
        assert!(tree
            .child("image")
            .and_then(|i| i.child("configs"))
            .and_then(|c| c.child("TOPIC:t"))
            .is_none());
        assert_eq!(
            leaf(&tree, "/image/cluster/brokers/1"),
            Some("BrokerRegistration(id=1, epoch=14, incarnationId=8KikgmlyQAq0zcH3fr6aTg, listeners=[Endpoint(listenerName='PLAINTEXT', securityProtocol=PLAINTEXT, host='h', port=9092)], supportedFeatures={metadata.version: 7-33}, rack=Optional.empty, fenced=false, inControlledShutdown=false, isMigratingZkBroker=false, directories=[Ei5wsX19v5TM6mbsdDo8pQ], cordonedDirectories=[])")
        );
    }

    #[test]
    fn times_print_as_iso_zoned_date_time() {
        assert_eq!(
            iso_zoned_utc(1_796_215_271_760),
            "2026-12-02T12:41:11.76Z[UTC]"
        );
        assert_eq!(iso_zoned_utc(0), "1970-01-01T00:00:00Z[UTC]");
        assert_eq!(iso_zoned_utc(1_005), "1970-01-01T00:00:01.005Z[UTC]");
    }

    #[test]
    fn quota_entities_are_named_and_escaped_as_java() {
        let e = vec![
            ("user".to_string(), Some("a(b)".to_string())),
            ("client-id".to_string(), Some("c".to_string())),
        ];
        assert_eq!(quota_entity_name(&e), "clientId(c)_user(a\\(b\\))");
    }
}
