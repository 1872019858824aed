//! The native protocol path: requests librdkafka cannot send, on the same client settings.
//!
//! kafka-protocol encodes and decodes the messages; this module does the rest: framing
//! ([`frame`]), version negotiation ([`versions`]), TLS and SASL ([`security`], [`conn`]),
//! bootstrap over every listed server, a cache of the cluster's nodes, routing (any node, one
//! broker, every broker, the active controller, a group or transaction coordinator, a partition
//! leader), retries with backoff on retriable errors, and Java's timeouts: each request is
//! bounded by `request.timeout.ms` (30 s), each call with its retries by
//! `default.api.timeout.ms` (60 s).
//!
//! With `--bootstrap-controller` the same client talks to KRaft controllers (DescribeCluster
//! with the controller endpoint type lists them).

mod conn;
mod frame;
pub(crate) mod messages;
mod scram;
pub(crate) mod security;
mod versions;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{
    BrokerId, DescribeClusterRequest, FindCoordinatorRequest, MetadataRequest, TopicName,
};
use kafka_protocol::protocol::{Request, StrBytes};
use kafka_protocol::ResponseError;
use tokio::sync::Mutex as AsyncMutex;

use self::conn::Connection;
use self::security::Security;
use super::config::ClientSettings;
use crate::common::Shutdown;

pub(crate) use self::frame::{api_name, decode_any_response, our_max};

/// Java's `request.timeout.ms` default for admin clients.
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Java's `socket.connection.setup.timeout.ms` default.
const DEFAULT_SETUP_TIMEOUT: Duration = Duration::from_secs(10);
/// Java's `retry.backoff.ms` and `retry.backoff.max.ms` defaults.
const BACKOFF: (Duration, Duration) = (Duration::from_millis(100), Duration::from_millis(1000));

/// A failure that may pass: a refused or lost connection, a timeout, a retriable broker error.
#[derive(Debug)]
pub(crate) struct Retriable(pub(crate) String);

impl Retriable {
    /// An `anyhow::Error` carrying a retriable failure.
    pub(crate) fn err(message: String) -> anyhow::Error {
        anyhow::Error::new(Self(message))
    }
}

impl fmt::Display for Retriable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Retriable {}

/// A new connection closed by the peer before its first answer. Retried once; twice in one
/// call (or before any connection ever worked) it means the listener speaks another protocol.
#[derive(Debug)]
pub(crate) struct EarlyClose(pub(crate) String);

impl EarlyClose {
    /// An `anyhow::Error` carrying an early close.
    pub(crate) fn err(message: String) -> anyhow::Error {
        anyhow::Error::new(Self(message))
    }
}

impl fmt::Display for EarlyClose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EarlyClose {}

/// What the librdkafka path says when every connection is closed right after it opened.
const WRONG_PROTOCOL: &str = "no broker is reachable: each closed the connection right after it \
     was opened (is security.protocol right? a SASL or SSL listener closes a client that speaks \
     PLAINTEXT)";

/// A failure that trying again cannot mend: authentication, TLS, an API the broker lacks.
#[derive(Debug)]
pub(crate) struct Fatal(pub(crate) String);

impl Fatal {
    /// An `anyhow::Error` carrying a fatal failure.
    pub(crate) fn err(message: String) -> anyhow::Error {
        anyhow::Error::new(Self(message))
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Fatal {}

/// The text for a broker error code: the broker's own message when it sent one, else
/// librdkafka's text for the code (`Broker: Unknown topic or partition`), as the librdkafka
/// path prints it.
pub(crate) fn error_text(code: i16, message: Option<&str>) -> String {
    match message.filter(|m| !m.is_empty()) {
        Some(m) => m.to_string(),
        None => rd_code(code).to_string(),
    }
}

/// librdkafka's error code for a broker error code (librdkafka numbers broker errors as Kafka
/// does), so that native answers fit the types the librdkafka path returns.
pub(crate) fn rd_code(code: i16) -> rdkafka::types::RDKafkaErrorCode {
    use rdkafka::bindings as rd;
    let mut descs: *const rd::rd_kafka_err_desc = std::ptr::null();
    let mut n = 0usize;
    // SAFETY: librdkafka hands out a pointer to its static table and its length.
    unsafe { rd::rd_kafka_get_err_descs(&mut descs, &mut n) };
    if !descs.is_null() {
        for i in 0..n {
            // SAFETY: i < n, within the static table.
            let desc = unsafe { &*descs.add(i) };
            if desc.code as i32 == i32::from(code) && !desc.name.is_null() {
                return rdkafka::types::RDKafkaErrorCode::from(desc.code);
            }
        }
    }
    rdkafka::types::RDKafkaErrorCode::Unknown
}

/// Java's exception class for a broker error code (`UnknownTopicOrPartitionException`): the
/// code's name with `Exception`, except where Java's `Errors` names another class.
pub(crate) fn exception_name(code: i16) -> String {
    let renamed = match code {
        -1 => "UnknownServerException",
        2 => "CorruptRecordException",
        7 => "TimeoutException",
        10 => "RecordTooLargeException",
        13 => "NetworkException",
        18 => "RecordBatchTooLargeException",
        29 => "TopicAuthorizationException",
        30 => "GroupAuthorizationException",
        31 => "ClusterAuthorizationException",
        53 => "TransactionalIdAuthorizationException",
        58 => "SaslAuthenticationException",
        65 => "DelegationTokenAuthorizationException",
        // Kafka 4.4's codes past the codec's table.
        134 => "GroupDeletionFailedException",
        135 => "StreamsTopologyDescriptionUpdateFailedException",
        136 => "ControllerIdNotRegisteredException",
        _ => "",
    };
    if !renamed.is_empty() {
        return renamed.to_string();
    }
    match ResponseError::try_from_code(code) {
        Some(ResponseError::Unknown(c)) => format!("UnknownServerException (error code {c})"),
        Some(e) => format!("{e:?}Exception"),
        None => String::new(),
    }
}

/// Broker error codes that Java's admin client retries (the `RetriableException`s that
/// matter to admin calls): the next try may go elsewhere or find the cluster settled.
pub(crate) fn is_retriable(code: i16) -> bool {
    matches!(
        code,
        5 // LEADER_NOT_AVAILABLE
        | 6 // NOT_LEADER_OR_FOLLOWER
        | 7 // REQUEST_TIMED_OUT
        | 13 // NETWORK_EXCEPTION
        | 14 // COORDINATOR_LOAD_IN_PROGRESS
        | 15 // COORDINATOR_NOT_AVAILABLE
        | 16 // NOT_COORDINATOR
        | 41 // NOT_CONTROLLER
        | 51 // CONCURRENT_TRANSACTIONS
        | 56 // KAFKA_STORAGE_ERROR
        | 74 // FENCED_LEADER_EPOCH
        | 75 // UNKNOWN_LEADER_EPOCH
        | 89 // THROTTLING_QUOTA_EXCEEDED
    )
}

/// Where a request must go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    /// Any node (the first reachable bootstrap server).
    Any,
    /// One broker (or controller) by id.
    Node(i32),
    /// The active controller (with `--bootstrap-controller`), else the broker that Metadata
    /// names as controller (in KRaft a broker that forwards).
    Controller,
    /// The coordinator of a group (`key_type` 0) or transactional id (1) or share group (2).
    Coordinator(i8, String),
    /// The leader of a partition.
    Leader(String, i32),
}

/// A node of the cluster as Metadata (or DescribeCluster) lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    /// Broker or controller id.
    pub(crate) id: i32,
    /// `host:port`.
    pub(crate) addr: String,
    /// Rack, if the node has one.
    pub(crate) rack: Option<String>,
}

/// What the client knows of the cluster.
#[derive(Debug, Clone, Default)]
struct Cluster {
    nodes: Vec<Node>,
    controller: Option<i32>,
    cluster_id: Option<String>,
}

/// A connection slot: one connection per address, used by one request at a time.
type Slot = Arc<AsyncMutex<Option<Connection>>>;

struct Inner {
    bootstrap: Vec<String>,
    controllers: bool,
    security: Security,
    client_id: String,
    request_timeout: Duration,
    setup_timeout: Duration,
    api_timeout: Duration,
    shutdown: Shutdown,
    bootstrap_text: String,
    slots: Mutex<HashMap<String, Slot>>,
    cluster: Mutex<Option<Cluster>>,
    coordinators: Mutex<HashMap<(i8, String), Node>>,
    /// Whether any connection was ever opened (until then, "nothing is reachable" fails fast,
    /// as the librdkafka path does).
    reached: std::sync::atomic::AtomicBool,
}

/// A client of the native path. Cheap to clone (fan-out tasks share it).
#[derive(Clone)]
pub(crate) struct Native {
    inner: Arc<Inner>,
    /// Whether a shutdown request (Ctrl-C, SIGTERM) stops calls; see [`Native::uninterruptible`].
    interruptible: bool,
}

impl fmt::Debug for Native {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Native")
            .field("bootstrap", &self.inner.bootstrap)
            .field("controllers", &self.inner.controllers)
            .field("security", &self.inner.security)
            .finish()
    }
}

impl Native {
    /// A client for the cluster the settings name (nothing is sent yet). With `controllers`,
    /// the bootstrap list names KRaft controllers (`--bootstrap-controller`).
    pub(crate) fn new(
        settings: &ClientSettings,
        shutdown: Shutdown,
        controllers: bool,
    ) -> Result<Self> {
        let bootstrap_text = settings.bootstrap().to_string();
        let bootstrap: Vec<String> = bootstrap_text
            .split(',')
            .map(|s| strip_scheme(s.trim()).to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let ms = |key: &str, default: Duration| {
            settings
                .get(key)
                .and_then(|v| v.parse::<u64>().ok())
                .map_or(default, Duration::from_millis)
        };
        Ok(Self {
            inner: Arc::new(Inner {
                bootstrap,
                controllers,
                security: Security::from_settings(settings)?,
                client_id: settings
                    .get("client.id")
                    .unwrap_or("kafka-tools")
                    .to_string(),
                request_timeout: ms("request.timeout.ms", DEFAULT_REQUEST_TIMEOUT),
                setup_timeout: ms("socket.connection.setup.timeout.ms", DEFAULT_SETUP_TIMEOUT),
                api_timeout: settings.api_timeout(),
                shutdown,
                bootstrap_text,
                slots: Mutex::new(HashMap::new()),
                cluster: Mutex::new(None),
                coordinators: Mutex::new(HashMap::new()),
                reached: std::sync::atomic::AtomicBool::new(false),
            }),
            interruptible: true,
        })
    }

    /// The same client (connections and caches shared) whose calls go on after a shutdown
    /// request: for what a tool must still send on its way out (a share consumer's
    /// acknowledgements, leaving its group).
    pub(crate) fn uninterruptible(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            interruptible: false,
        }
    }

    /// The shutdown request this client was made with.
    pub(crate) fn shutdown(&self) -> Shutdown {
        self.inner.shutdown.clone()
    }

    /// `default.api.timeout.ms`: how long a call may take with its retries.
    pub(crate) fn api_timeout(&self) -> Duration {
        self.inner.api_timeout
    }

    /// Whether this client talks to controllers (`--bootstrap-controller`).
    pub(crate) fn to_controllers(&self) -> bool {
        self.inner.controllers
    }

    /// Sends the request `build(version)` makes to `target`, at the highest version both sides
    /// know (at least `floor`), and returns the response with the version used. Lost
    /// connections and timeouts are retried with backoff until `default.api.timeout.ms`; so is
    /// a response whose top-level error (`error_of`) is retriable, after the route is looked up
    /// again.
    pub(crate) async fn call<R, F, E>(
        &self,
        target: &Target,
        floor: i16,
        build: F,
        error_of: E,
    ) -> Result<(R::Response, i16)>
    where
        R: Request,
        F: Fn(i16) -> R,
        E: Fn(&R::Response) -> i16,
    {
        let deadline = Instant::now() + self.inner.api_timeout;
        let mut attempt = 0u32;
        let mut early_closes = 0u32;
        loop {
            if self.interruptible {
                self.inner.shutdown.check()?;
            }
            let result = self.try_once::<R, _>(target, floor, &build, deadline).await;
            let reached = self.inner.reached.load(std::sync::atomic::Ordering::SeqCst);
            if result
                .as_ref()
                .is_err_and(|e| e.downcast_ref::<EarlyClose>().is_some())
            {
                early_closes += 1;
                if !reached || early_closes >= 2 {
                    return Err(crate::error::cluster_unusable(
                        &self.inner.bootstrap_text,
                        WRONG_PROTOCOL,
                    ));
                }
            }
            let failure = match result {
                Ok((response, version)) => {
                    let code = error_of(&response);
                    if !is_retriable(code) {
                        return Ok((response, version));
                    }
                    self.forget_route(target);
                    (error_text(code, None), Some((response, version)))
                }
                Err(err) => match (
                    err.downcast_ref::<Retriable>(),
                    err.downcast_ref::<EarlyClose>(),
                ) {
                    (Some(r), _) => (r.0.clone(), None),
                    (_, Some(e)) => (e.0.clone(), None),
                    _ => return Err(self.unusable_or(err)),
                },
            };
            if !self.inner.reached.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(crate::error::cluster_unusable(
                    &self.inner.bootstrap_text,
                    &format!("no broker is reachable (last error: {})", failure.0),
                ));
            }
            let wait = backoff(attempt);
            attempt += 1;
            if Instant::now() + wait >= deadline {
                // Out of time: a retriable answer is still an answer, the caller reports it.
                if let Some(answer) = failure.1 {
                    return Ok(answer);
                }
                return Err(anyhow::anyhow!(
                    "timed out after {} ms waiting for {} (bootstrap servers {}; last error: {}); \
                     raise default.api.timeout.ms to wait longer",
                    self.inner.api_timeout.as_millis(),
                    api_name(R::KEY),
                    self.inner.bootstrap_text,
                    failure.0
                ));
            }
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = self.inner.shutdown.wait(), if self.interruptible => {}
            }
        }
    }

    /// [`Self::call`] for a response whose errors the caller reads (no top-level code).
    pub(crate) async fn send<R, F>(
        &self,
        target: &Target,
        floor: i16,
        build: F,
    ) -> Result<(R::Response, i16)>
    where
        R: Request,
        F: Fn(i16) -> R,
    {
        self.call::<R, F, _>(target, floor, build, |_| 0).await
    }

    /// Sends to every node of the cluster at once (brokers, or controllers with
    /// `--bootstrap-controller`), or to the nodes `only` names, and returns each node's answer
    /// in node id order (or `only`'s order). One node's failure is its own entry, not the
    /// call's; an id of `only` that is no node of the cluster is an entry failed at once.
    pub(crate) async fn send_each<R, F>(
        &self,
        only: Option<&[i32]>,
        floor: i16,
        build: F,
    ) -> Result<Vec<(Node, Result<(R::Response, i16)>)>>
    where
        R: Request + Send + Sync + 'static,
        R::Response: Send + 'static,
        F: Fn(i16) -> R + Send + Sync + 'static,
    {
        let known = self.nodes().await?;
        let (nodes, unknown): (Vec<Node>, Vec<Node>) = match only {
            None => (known, Vec::new()),
            Some(ids) => ids
                .iter()
                .map(|id| {
                    known.iter().find(|n| n.id == *id).cloned().unwrap_or(Node {
                        id: *id,
                        addr: String::new(),
                        rack: None,
                    })
                })
                .partition(|n| !n.addr.is_empty()),
        };
        let build = Arc::new(build);
        let mut tasks = tokio::task::JoinSet::new();
        for (i, node) in nodes.iter().enumerate() {
            let client = self.clone();
            let build = Arc::clone(&build);
            let id = node.id;
            tasks.spawn(async move {
                let result = client
                    .send::<R, _>(&Target::Node(id), floor, |v| build(v))
                    .await;
                (i, result)
            });
        }
        type Answer<R> = Option<Result<(<R as Request>::Response, i16)>>;
        let mut results: Vec<Answer<R>> = nodes.iter().map(|_| None).collect();
        while let Some(joined) = tasks.join_next().await {
            let (i, result) = joined.map_err(|e| anyhow::anyhow!("a request task failed: {e}"))?;
            results[i] = Some(result);
        }
        let mut answers: Vec<_> = nodes
            .into_iter()
            .zip(results)
            .map(|(node, r)| (node, r.unwrap_or_else(|| Err(anyhow::anyhow!("no answer")))))
            .collect();
        for node in unknown {
            let err = anyhow::anyhow!("node {} is not in the cluster's metadata", node.id);
            answers.push((node, Err(err)));
        }
        if let Some(ids) = only {
            answers.sort_by_key(|(n, _)| ids.iter().position(|id| *id == n.id));
        }
        Ok(answers)
    }

    /// The cluster's nodes (brokers, or controllers with `--bootstrap-controller`), by id.
    pub(crate) async fn nodes(&self) -> Result<Vec<Node>> {
        Ok(self.cluster().await?.nodes)
    }

    /// The cluster id (Metadata's, or DescribeCluster's with `--bootstrap-controller`).
    pub(crate) async fn cluster_id(&self) -> Result<Option<String>> {
        Ok(self.cluster().await?.cluster_id)
    }

    /// The id of the (active) controller, when the cluster says.
    #[allow(dead_code)] // for the operator tools (issue #14)
    pub(crate) async fn controller_id(&self) -> Result<Option<i32>> {
        Ok(self.cluster().await?.controller)
    }

    /// The API version range `addr`'s node announced for `key`, from any node.
    pub(crate) async fn supports<R: Request>(&self) -> Result<bool> {
        let (slot, _) = self.connect_any().await?;
        let guard = slot.lock().await;
        Ok(guard.as_ref().is_some_and(|c| c.supports(R::KEY)))
    }

    /// One try: route, connect, negotiate, send (bounded by the request timeout).
    async fn try_once<R, F>(
        &self,
        target: &Target,
        floor: i16,
        build: &F,
        deadline: Instant,
    ) -> Result<(R::Response, i16)>
    where
        R: Request,
        F: Fn(i16) -> R,
    {
        let slot = self.route(target).await?;
        Self::try_on::<R, F>(&slot, floor, build, deadline, self.inner.request_timeout).await
    }

    /// One try on any node (the lookups that routing itself needs).
    async fn try_any<R, F>(&self, floor: i16, build: &F) -> Result<(R::Response, i16)>
    where
        R: Request,
        F: Fn(i16) -> R,
    {
        let deadline = Instant::now() + self.inner.api_timeout;
        let (slot, _) = self.connect_any().await?;
        Self::try_on::<R, F>(&slot, floor, build, deadline, self.inner.request_timeout).await
    }

    /// Negotiates and sends on one connection slot (bounded by the request timeout); a failed
    /// or timed-out request closes the connection.
    async fn try_on<R, F>(
        slot: &Slot,
        floor: i16,
        build: &F,
        deadline: Instant,
        request_timeout: Duration,
    ) -> Result<(R::Response, i16)>
    where
        R: Request,
        F: Fn(i16) -> R,
    {
        let mut guard = slot.lock().await;
        let addr = match guard.as_ref() {
            Some(c) => c.addr().to_string(),
            None => return Err(Retriable::err("the connection was closed".into())),
        };
        let Some(conn) = guard.as_mut() else {
            return Err(Retriable::err("the connection was closed".into()));
        };
        let version = conn.version::<R>(floor)?;
        let request = build(version);
        let limit = request_timeout
            .min(deadline.saturating_duration_since(Instant::now()))
            .max(Duration::from_millis(1));
        let outcome = tokio::time::timeout(limit, conn.send(&request, version)).await;
        match outcome {
            Ok(Ok(response)) => Ok((response, version)),
            Ok(Err(err)) => {
                *guard = None;
                Err(err)
            }
            Err(_) => {
                *guard = None;
                Err(Retriable::err(format!(
                    "{addr} did not answer {} within {} ms",
                    api_name(R::KEY),
                    limit.as_millis()
                )))
            }
        }
    }

    /// The connection slot `target` maps to, connected.
    async fn route(&self, target: &Target) -> Result<Slot> {
        match target {
            Target::Any => Ok(self.connect_any().await?.0),
            Target::Node(id) => {
                let node = self.node(*id).await?;
                self.connect(&node.addr).await
            }
            Target::Controller => {
                let cluster = self.cluster().await?;
                match cluster.controller {
                    Some(id) if id >= 0 => {
                        let node = self.node(id).await?;
                        self.connect(&node.addr).await
                    }
                    _ => Err(Retriable::err(
                        "the cluster names no active controller".into(),
                    )),
                }
            }
            Target::Coordinator(kind, key) => {
                let node = self.coordinator(*kind, key).await?;
                self.connect(&node.addr).await
            }
            Target::Leader(topic, partition) => {
                let leader = self.leader(topic, *partition).await?;
                let node = self.node(leader).await?;
                self.connect(&node.addr).await
            }
        }
    }

    /// Forgets what routed `target`, so that the next try looks it up again.
    fn forget_route(&self, target: &Target) {
        match target {
            Target::Coordinator(kind, key) => {
                if let Ok(mut map) = self.inner.coordinators.lock() {
                    map.remove(&(*kind, key.clone()));
                }
            }
            Target::Controller | Target::Leader(..) | Target::Node(_) => {
                if let Ok(mut cluster) = self.inner.cluster.lock() {
                    *cluster = None;
                }
            }
            Target::Any => {}
        }
    }

    /// Fatal errors that mean the cluster cannot be used at all become [`ClusterUnusable`].
    fn unusable_or(&self, err: anyhow::Error) -> anyhow::Error {
        match err.downcast_ref::<Fatal>() {
            Some(f) if f.0.starts_with("authentication failed") || f.0.starts_with("TLS ") => {
                crate::error::cluster_unusable(&self.inner.bootstrap_text, &f.0)
            }
            _ => err,
        }
    }

    /// The slot for `addr`, connecting it if needed.
    async fn connect(&self, addr: &str) -> Result<Slot> {
        let slot = {
            let mut slots = self
                .inner
                .slots
                .lock()
                .map_err(|_| anyhow::anyhow!("connection pool poisoned"))?;
            Arc::clone(slots.entry(addr.to_string()).or_default())
        };
        {
            let mut guard = slot.lock().await;
            if guard.is_none() {
                let conn = Connection::open(
                    addr,
                    &self.inner.security,
                    &self.inner.client_id,
                    self.inner.setup_timeout,
                )
                .await?;
                self.inner
                    .reached
                    .store(true, std::sync::atomic::Ordering::SeqCst);
                *guard = Some(conn);
            }
        }
        Ok(slot)
    }

    /// A connection to any node: an open one if there is, else the bootstrap servers in turn,
    /// then the known nodes. The error is the last server's.
    async fn connect_any(&self) -> Result<(Slot, String)> {
        let open: Vec<(String, Slot)> = {
            let slots = self
                .inner
                .slots
                .lock()
                .map_err(|_| anyhow::anyhow!("connection pool poisoned"))?;
            slots
                .iter()
                .map(|(a, s)| (a.clone(), Arc::clone(s)))
                .collect()
        };
        for (addr, slot) in open {
            let connected = slot.try_lock().is_ok_and(|guard| guard.is_some());
            if connected {
                return Ok((slot, addr));
            }
        }
        let mut candidates = self.inner.bootstrap.clone();
        if let Ok(Some(cluster)) = self.inner.cluster.lock().map(|c| c.clone()) {
            candidates.extend(cluster.nodes.into_iter().map(|n| n.addr));
        }
        let mut last = None;
        for addr in candidates {
            match self.connect(&addr).await {
                Ok(slot) => return Ok((slot, addr)),
                Err(err)
                    if err.downcast_ref::<Retriable>().is_some()
                        || err.downcast_ref::<EarlyClose>().is_some() =>
                {
                    last = Some(err)
                }
                Err(err) => return Err(err),
            }
        }
        Err(last.unwrap_or_else(|| Retriable::err("no bootstrap server given".into())))
    }

    /// The node `id`, looking the cluster up again once if it is not known.
    async fn node(&self, id: i32) -> Result<Node> {
        for refresh in [false, true] {
            if refresh {
                self.forget_route(&Target::Node(id));
            }
            if let Some(node) = self.cluster().await?.nodes.into_iter().find(|n| n.id == id) {
                return Ok(node);
            }
        }
        Err(Retriable::err(format!(
            "node {id} is not in the cluster's metadata"
        )))
    }

    /// The cluster's nodes and controller, from the cache or a fresh request: Metadata of no
    /// topic to a broker, DescribeCluster (controller endpoints) to a controller.
    async fn cluster(&self) -> Result<Cluster> {
        if let Ok(Some(cluster)) = self.inner.cluster.lock().map(|c| c.clone()) {
            return Ok(cluster);
        }
        let cluster = if self.inner.controllers {
            let (response, _) = self
                .try_any::<DescribeClusterRequest, _>(1, &|_| {
                    DescribeClusterRequest::default().with_endpoint_type(2)
                })
                .await?;
            if response.error_code != 0 {
                return Err(Fatal::err(format!(
                    "DescribeCluster failed: {}",
                    error_text(response.error_code, response.error_message.as_deref())
                )));
            }
            Cluster {
                nodes: sorted(response.brokers.iter().map(|b| Node {
                    id: b.broker_id.0,
                    addr: format!("{}:{}", b.host.as_str(), b.port),
                    rack: b.rack.as_ref().map(|r| r.to_string()),
                })),
                controller: Some(response.controller_id.0),
                cluster_id: Some(response.cluster_id.to_string()),
            }
        } else {
            let (response, _) = self
                .try_any::<MetadataRequest, _>(0, &|_| {
                    MetadataRequest::default().with_topics(Some(Vec::new()))
                })
                .await?;
            Cluster {
                nodes: sorted(response.brokers.iter().map(|b| Node {
                    id: b.node_id.0,
                    addr: format!("{}:{}", b.host.as_str(), b.port),
                    rack: b.rack.as_ref().map(|r| r.to_string()),
                })),
                controller: Some(response.controller_id.0).filter(|id| *id >= 0),
                cluster_id: response.cluster_id.as_ref().map(|c| c.to_string()),
            }
        };
        if let Ok(mut cache) = self.inner.cluster.lock() {
            *cache = Some(cluster.clone());
        }
        Ok(cluster)
    }

    /// The coordinator of `key` (FindCoordinator; batched form from v4).
    async fn coordinator(&self, kind: i8, key: &str) -> Result<Node> {
        if let Ok(Some(node)) = self
            .inner
            .coordinators
            .lock()
            .map(|m| m.get(&(kind, key.to_string())).cloned())
        {
            return Ok(node);
        }
        let owned = key.to_string();
        let (response, version) = self
            .try_any::<FindCoordinatorRequest, _>(0, &|v| {
                let r = FindCoordinatorRequest::default().with_key_type(kind);
                if v >= 4 {
                    r.with_coordinator_keys(vec![StrBytes::from_string(owned.clone())])
                } else {
                    r.with_key(StrBytes::from_string(owned.clone()))
                }
            })
            .await?;
        let (code, message, node) = if version >= 4 {
            match response.coordinators.first() {
                Some(c) => (
                    c.error_code,
                    c.error_message.as_ref().map(|m| m.to_string()),
                    Node {
                        id: c.node_id.0,
                        addr: format!("{}:{}", c.host.as_str(), c.port),
                        rack: None,
                    },
                ),
                None => {
                    return Err(Retriable::err(
                        "FindCoordinator answered no coordinator".into(),
                    ))
                }
            }
        } else {
            (
                response.error_code,
                response.error_message.as_ref().map(|m| m.to_string()),
                Node {
                    id: response.node_id.0,
                    addr: format!("{}:{}", response.host.as_str(), response.port),
                    rack: None,
                },
            )
        };
        if code != 0 {
            let text = error_text(code, message.as_deref());
            return Err(if is_retriable(code) {
                Retriable::err(format!("finding the coordinator of {key}: {text}"))
            } else {
                CoordinatorError::err(code, text)
            });
        }
        if let Ok(mut map) = self.inner.coordinators.lock() {
            map.insert((kind, key.to_string()), node.clone());
        }
        Ok(node)
    }

    /// The id of the coordinator of `key` (`kind` as in [`Target::Coordinator`]).
    pub(crate) async fn coordinator_id(&self, kind: i8, key: &str) -> Result<i32> {
        Ok(self.coordinator(kind, key).await?.id)
    }

    /// The leader of `topic`'s `partition` (Metadata of that topic, never creating it: a
    /// broker with `auto.create.topics.enable` would otherwise make the topic it is asked about).
    async fn leader(&self, topic: &str, partition: i32) -> Result<i32> {
        let (response, _) = self
            .try_any::<MetadataRequest, _>(4, &|_| {
                MetadataRequest::default()
                    .with_topics(Some(vec![MetadataRequestTopic::default().with_name(Some(
                        TopicName(StrBytes::from_string(topic.to_string())),
                    ))]))
                    .with_allow_auto_topic_creation(false)
            })
            .await?;
        let t = response
            .topics
            .iter()
            .find(|t| t.name.as_ref().is_some_and(|n| n.0.as_str() == topic));
        let Some(t) = t else {
            return Err(Retriable::err(format!("{topic} is not in the metadata")));
        };
        if t.error_code != 0 {
            let text = error_text(t.error_code, None);
            return Err(if is_retriable(t.error_code) {
                Retriable::err(format!("{topic}: {text}"))
            } else {
                Fatal::err(format!("{topic}: {text}"))
            });
        }
        match t.partitions.iter().find(|p| p.partition_index == partition) {
            Some(p) if p.leader_id.0 >= 0 => Ok(p.leader_id.0),
            Some(_) => Err(Retriable::err(format!("{topic}-{partition} has no leader"))),
            None => Err(Fatal::err(format!("{topic} has no partition {partition}"))),
        }
    }
}

/// A coordinator lookup the broker refused for good (e.g. GROUP_AUTHORIZATION_FAILED): the
/// code lets callers print Java's message for it.
#[derive(Debug)]
pub(crate) struct CoordinatorError {
    /// The broker error code.
    pub(crate) code: i16,
    /// librdkafka's text for it, with the broker's message.
    pub(crate) text: String,
}

impl CoordinatorError {
    fn err(code: i16, text: String) -> anyhow::Error {
        anyhow::Error::new(Self { code, text })
    }
}

impl fmt::Display for CoordinatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for CoordinatorError {}

/// The nodes sorted by id.
fn sorted(nodes: impl Iterator<Item = Node>) -> Vec<Node> {
    let mut nodes: Vec<Node> = nodes.collect();
    nodes.sort_by_key(|n| n.id);
    nodes
}

/// `host:port` without a `SCHEME://` prefix (Java accepts `PLAINTEXT://h:p` in bootstrap lists).
fn strip_scheme(server: &str) -> &str {
    server.split_once("://").map_or(server, |(_, rest)| rest)
}

/// The wait before retry number `attempt` (0-based): Java's exponential backoff from 100 ms
/// to 1 s, without jitter.
fn backoff(attempt: u32) -> Duration {
    let (base, max) = BACKOFF;
    base.saturating_mul(2u32.saturating_pow(attempt.min(10)))
        .min(max)
}

/// A `BrokerId` from a plain id (kafka-protocol wraps ids).
pub(crate) fn broker_id(id: i32) -> BrokerId {
    BrokerId(id)
}

/// A fake broker for the tests: answers ApiVersions itself, and every other request with what
/// `answer` says (a response body to frame, `None` to close the connection, or a hang).
#[cfg(test)]
mod fake {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use bytes::{Buf as _, BytesMut};
    use kafka_protocol::messages::api_versions_response::ApiVersion;
    use kafka_protocol::messages::{ApiVersionsResponse, ResponseHeader};
    use kafka_protocol::protocol::{decode_request_header_from_buffer, Encodable};
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    /// What the fake broker does with one request.
    pub(super) enum Answer {
        /// Frame this body (already encoded at the request's version, header v1).
        Body(BytesMut),
        /// Close the connection.
        Close,
        /// Never answer.
        Hang,
    }

    /// Starts the fake broker; returns its address and the count of non-ApiVersions requests.
    pub(super) async fn start(
        apis: Vec<(i16, i16, i16)>,
        answer: impl Fn(i16, i16, usize) -> Answer + Send + Sync + 'static,
    ) -> (String, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        let answer = Arc::new(answer);
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let apis = apis.clone();
                let answer = Arc::clone(&answer);
                let seen = Arc::clone(&seen);
                tokio::spawn(async move {
                    loop {
                        let mut size = [0u8; 4];
                        if sock.read_exact(&mut size).await.is_err() {
                            return;
                        }
                        let mut buf = vec![0u8; i32::from_be_bytes(size) as usize];
                        if sock.read_exact(&mut buf).await.is_err() {
                            return;
                        }
                        let mut req = bytes::Bytes::from(buf);
                        let header = decode_request_header_from_buffer(&mut req).unwrap();
                        let (key, version) = (header.request_api_key, header.request_api_version);
                        let mut out = BytesMut::new();
                        ResponseHeader::default()
                            .with_correlation_id(header.correlation_id)
                            .encode(&mut out, if key == 18 { 0 } else { 1 })
                            .unwrap();
                        if key == 18 {
                            ApiVersionsResponse::default()
                                .with_api_keys(
                                    apis.iter()
                                        .map(|&(k, a, b)| {
                                            ApiVersion::default()
                                                .with_api_key(k)
                                                .with_min_version(a)
                                                .with_max_version(b)
                                        })
                                        .collect(),
                                )
                                .encode(&mut out, version)
                                .unwrap();
                        } else {
                            let n = seen.fetch_add(1, Ordering::SeqCst);
                            match answer(key, version, n) {
                                Answer::Body(body) => out.extend_from_slice(&body),
                                Answer::Close => return,
                                Answer::Hang => {
                                    tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                                    return;
                                }
                            }
                        }
                        let mut frame = (out.len() as i32).to_be_bytes().to_vec();
                        frame.extend_from_slice(out.chunk());
                        if sock.write_all(&frame).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        (addr, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_100ms_up_to_1s() {
        let waits: Vec<u128> = (0..6).map(|a| backoff(a).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(backoff(u32::MAX), Duration::from_secs(1));
    }

    #[test]
    fn retriable_codes_are_javas_retriable_exceptions() {
        for code in [5, 6, 7, 13, 14, 15, 16, 41] {
            assert!(is_retriable(code), "{code}");
        }
        for code in [0, 3, 29, 30, 31, 35, 58, -1] {
            assert!(!is_retriable(code), "{code}");
        }
    }

    #[test]
    fn error_texts_name_the_broker_error() {
        assert_eq!(
            error_text(3, None),
            "UnknownTopicOrPartition (Broker: Unknown topic or partition)"
        );
        assert_eq!(error_text(41, Some("try again")), "try again");
        assert_eq!(exception_name(3), "UnknownTopicOrPartitionException");
        assert_eq!(exception_name(31), "ClusterAuthorizationException");
        assert_eq!(exception_name(136), "ControllerIdNotRegisteredException");
        assert_eq!(exception_name(54), "SecurityDisabledException");
        assert_eq!(
            exception_name(9999),
            "UnknownServerException (error code 9999)"
        );
    }

    #[test]
    fn broker_codes_map_to_librdkafka_codes() {
        use rdkafka::types::RDKafkaErrorCode as C;
        assert_eq!(rd_code(3), C::UnknownTopicOrPartition);
        assert_eq!(rd_code(29), C::TopicAuthorizationFailed);
        assert_eq!(rd_code(30000), C::Unknown);
    }

    use super::fake::{start, Answer};
    use kafka_protocol::messages::{
        ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse,
    };
    use kafka_protocol::protocol::Encodable;
    use std::sync::atomic::Ordering;

    /// The APIs the fake broker announces: ApiVersions and ListPartitionReassignments v0.
    const APIS: &[(i16, i16, i16)] = &[(18, 0, 3), (46, 0, 0)];

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    fn client(addr: &str, words: &[&str]) -> Native {
        let settings = crate::client::SettingsBuilder::new(&crate::common::ConnectionArgs {
            bootstrap_server: Some(addr.to_string()),
            command_config: None,
            command_property: words.iter().map(|w| w.to_string()).collect(),
        })
        .build()
        .unwrap();
        Native::new(&settings, Shutdown::default(), false).unwrap()
    }

    fn reassignments(code: i16) -> Answer {
        let mut body = bytes::BytesMut::new();
        ListPartitionReassignmentsResponse::default()
            .with_error_code(code)
            .encode(&mut body, 0)
            .unwrap();
        Answer::Body(body)
    }

    async fn list(native: &Native) -> Result<i16> {
        native
            .call::<ListPartitionReassignmentsRequest, _, _>(
                &Target::Any,
                0,
                |_| ListPartitionReassignmentsRequest::default(),
                |r| r.error_code,
            )
            .await
            .map(|(r, _)| r.error_code)
    }

    #[test]
    fn a_retriable_error_is_retried_after_a_backoff() {
        runtime().block_on(async {
            // NOT_CONTROLLER twice, then the answer.
            let (addr, count) = start(APIS.to_vec(), |_, _, n| {
                reassignments(if n < 2 { 41 } else { 0 })
            })
            .await;
            let started = Instant::now();
            assert_eq!(list(&client(&addr, &[])).await.unwrap(), 0);
            assert_eq!(count.load(Ordering::SeqCst), 3);
            assert!(
                started.elapsed() >= Duration::from_millis(300),
                "100 + 200 ms backoff"
            );
        });
    }

    #[test]
    fn a_connection_lost_mid_request_is_retried_on_a_new_one() {
        runtime().block_on(async {
            let (addr, count) = start(APIS.to_vec(), |_, _, n| {
                if n == 0 {
                    Answer::Close
                } else {
                    reassignments(0)
                }
            })
            .await;
            assert_eq!(list(&client(&addr, &[])).await.unwrap(), 0);
            assert_eq!(count.load(Ordering::SeqCst), 2);
        });
    }

    #[test]
    fn a_silent_broker_fails_within_the_api_timeout_naming_the_api() {
        runtime().block_on(async {
            let (addr, _) = start(APIS.to_vec(), |_, _, _| Answer::Hang).await;
            let native = client(
                &addr,
                &["request.timeout.ms=300", "default.api.timeout.ms=1000"],
            );
            let started = Instant::now();
            let err = list(&native).await.unwrap_err().to_string();
            assert!(
                started.elapsed() < Duration::from_secs(3),
                "{:?}",
                started.elapsed()
            );
            assert!(
                err.starts_with("timed out after 1000 ms waiting for ListPartitionReassignments"),
                "{err}"
            );
            assert!(
                err.contains("did not answer ListPartitionReassignments within"),
                "{err}"
            );
        });
    }

    #[test]
    fn an_api_the_broker_lacks_is_one_line_naming_it() {
        runtime().block_on(async {
            let (addr, count) = start(vec![(18, 0, 3)], |_, _, _| reassignments(0)).await;
            let err = list(&client(&addr, &[])).await.unwrap_err().to_string();
            assert!(
                err.starts_with(
                    "the broker does not support ListPartitionReassignments (API key 46)"
                ),
                "{err}"
            );
            assert!(err.contains(&addr), "{err}");
            assert_eq!(count.load(Ordering::SeqCst), 0, "nothing was sent");
        });
    }

    #[test]
    fn a_listener_that_closes_new_connections_is_a_wrong_security_protocol() {
        runtime().block_on(async {
            // Answers ApiVersions (as a SASL listener does before authentication), then closes
            // the connection on the first real request.
            let (addr, count) = start(APIS.to_vec(), |_, _, _| Answer::Close).await;
            let started = Instant::now();
            let err = list(&client(&addr, &[])).await.unwrap_err();
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{:?}",
                started.elapsed()
            );
            assert!(
                err.downcast_ref::<crate::error::ClusterUnusable>()
                    .is_some(),
                "{err}"
            );
            assert!(
                err.to_string().contains("is security.protocol right?"),
                "{err}"
            );
            assert_eq!(
                count.load(Ordering::SeqCst),
                2,
                "one retry on a new connection"
            );
        });
    }

    #[test]
    fn a_refused_port_fails_at_once_as_unusable() {
        runtime().block_on(async {
            // Bind and drop: the port is then (almost certainly) closed.
            let addr = {
                let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
                l.local_addr().unwrap().to_string()
            };
            let started = Instant::now();
            let err = list(&client(&addr, &[])).await.unwrap_err();
            assert!(started.elapsed() < Duration::from_secs(2));
            assert!(
                err.downcast_ref::<crate::error::ClusterUnusable>()
                    .is_some(),
                "{err}"
            );
            assert!(err.to_string().contains("no broker is reachable"), "{err}");
        });
    }

    /// A Metadata answer naming the fake broker at `addr` as node 1.
    fn metadata_of(addr: &str, version: i16) -> Answer {
        use kafka_protocol::messages::metadata_response::MetadataResponseBroker;
        use kafka_protocol::messages::MetadataResponse;
        let (host, port) = addr.rsplit_once(':').unwrap();
        let mut body = bytes::BytesMut::new();
        MetadataResponse::default()
            .with_brokers(vec![MetadataResponseBroker::default()
                .with_node_id(broker_id(1))
                .with_host(StrBytes::from_string(host.to_string()))
                .with_port(port.parse().unwrap())])
            .encode(&mut body, version)
            .unwrap();
        Answer::Body(body)
    }

    #[test]
    fn send_each_asks_every_node_or_the_ones_named() {
        use kafka_protocol::messages::ApiVersionsRequest;
        runtime().block_on(async {
            let addr_cell = Arc::new(Mutex::new(String::new()));
            let seen = Arc::clone(&addr_cell);
            let (addr, _) = start(vec![(18, 0, 3), (3, 0, 12)], move |key, version, _| {
                assert_eq!(key, 3, "only Metadata reaches the answer function");
                metadata_of(&seen.lock().unwrap(), version)
            })
            .await;
            *addr_cell.lock().unwrap() = addr.clone();
            let native = client(&addr, &[]);
            let build = |_| {
                ApiVersionsRequest::default()
                    .with_client_software_name(StrBytes::from_static_str("test"))
                    .with_client_software_version(StrBytes::from_static_str("1"))
            };
            let all = native
                .send_each::<ApiVersionsRequest, _>(None, 0, build)
                .await
                .unwrap();
            assert_eq!(all.len(), 1);
            assert_eq!(all[0].0.id, 1);
            let (response, version) = all[0].1.as_ref().unwrap();
            assert_eq!(*version, 3);
            assert!(response
                .api_keys
                .iter()
                .any(|k| k.api_key == 3 && k.max_version == 12));
            // Named nodes come in the order named; an unknown id fails alone, at once.
            let some = native
                .send_each::<ApiVersionsRequest, _>(Some(&[9, 1]), 0, build)
                .await
                .unwrap();
            let ids: Vec<i32> = some.iter().map(|(n, _)| n.id).collect();
            assert_eq!(ids, [9, 1]);
            let err = some[0].1.as_ref().unwrap_err().to_string();
            assert!(
                err.contains("node 9 is not in the cluster's metadata"),
                "{err}"
            );
            assert!(some[1].1.is_ok());
        });
    }

    #[test]
    fn bootstrap_entries_may_carry_a_scheme() {
        assert_eq!(strip_scheme("PLAINTEXT://h:9092"), "h:9092");
        assert_eq!(strip_scheme("h:9092"), "h:9092");
    }
}
