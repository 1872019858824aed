//! The share consumer (KIP-932): joins a share group, fetches acquired records from the
//! partition leaders over share sessions and acknowledges them (accept, release, reject).
//!
//! Built on the native protocol path ([`Native`]): ShareGroupHeartbeat to the group's
//! coordinator (a background task at the interval the broker gives), ShareFetch and
//! ShareAcknowledge to the leaders of the assigned partitions, one share session per leader.
//! Acknowledgements ride on the next ShareFetch to the partition's leader, or go alone in a
//! ShareAcknowledge on [`ShareConsumer::commit`] and [`ShareConsumer::close`] (which closes
//! the sessions, epoch -1), as Java's `KafkaShareConsumer` sends them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use bytes::Bytes;
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::share_acknowledge_request::{
    AcknowledgePartition, AcknowledgeTopic, AcknowledgementBatch as AckBatch,
};
use kafka_protocol::messages::share_fetch_request::{
    AcknowledgementBatch, FetchPartition, FetchTopic, ForgottenTopic,
};
use kafka_protocol::messages::{
    GroupId, MetadataRequest, ShareAcknowledgeRequest, ShareFetchRequest, ShareFetchResponse,
    ShareGroupHeartbeatRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use tokio::sync::Notify;
use uuid::Uuid;

use super::config::ClientSettings;
use super::native::{error_text, Native, Target};
use crate::common::kafka_log::batch::BatchReader;
pub(crate) use crate::common::kafka_log::batch::TimestampType;

/// How a record is acknowledged (wire values 1, 2, 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AckType {
    /// Processed: never delivered again.
    Accept,
    /// Handed back: delivered again (to this or another member).
    Release,
    /// Unprocessable: never delivered again, archived.
    Reject,
}

impl AckType {
    /// The acknowledge type's wire value.
    pub(crate) fn wire(self) -> i8 {
        match self {
            Self::Accept => 1,
            Self::Release => 2,
            Self::Reject => 3,
        }
    }
}

/// The wire value of an offset that holds no record (a gap of the acquired range).
const GAP: i8 = 0;

/// `share.acknowledgement.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AckMode {
    /// The records of a poll are accepted by the next poll (or commit/close).
    Implicit,
    /// Every record is acknowledged with [`ShareConsumer::acknowledge`].
    Explicit,
}

/// One acquired record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShareRecord {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub timestamp: i64,
    pub timestamp_type: TimestampType,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    pub headers: Vec<(String, Option<Bytes>)>,
    pub delivery_count: i16,
    pub leader_epoch: Option<i32>,
}

/// The outcome of acknowledging records of one partition (Java's
/// `AcknowledgementCommitCallback` information).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AckResult {
    pub topic: String,
    pub partition: i32,
    pub offsets: Vec<i64>,
    /// The broker's refusal (Java's exception message), if any.
    pub error: Option<String>,
}

/// A partition by topic id.
type Part = (Uuid, i32);

/// Pending acknowledgements of one partition: first offset -> (last offset, wire type).
type Acks = BTreeMap<i64, (i64, i8)>;

/// What the heartbeat task and the consumer share.
#[derive(Debug, Default)]
struct Membership {
    member_epoch: i32,
    /// The assigned partitions (the last assignment the coordinator sent).
    assignment: BTreeSet<Part>,
    /// A refusal that ends the consumer (e.g. GROUP_AUTHORIZATION_FAILED).
    fatal: Option<String>,
    /// Set by `close`: the task stops and does not rejoin.
    leaving: bool,
    /// Heartbeats answered since the member (re)joined.
    heartbeats: u32,
}

/// How soon a heartbeat follows one that brought a new assignment.
const ACKNOWLEDGE_SOON: Duration = Duration::from_millis(20);
/// While a joining member has no assignment: heartbeats this often, at most this many times.
const JOINING_INTERVAL: Duration = Duration::from_millis(200);
const JOINING_HEARTBEATS: u32 = 25;

/// A share session with one leader.
#[derive(Debug, Default)]
struct Session {
    /// The epoch of the next request (0: open a new session).
    epoch: i32,
    /// The partitions the session fetches.
    partitions: BTreeSet<Part>,
}

/// Fetch settings (Java's consumer configs of the same names).
#[derive(Debug, Clone, Copy)]
struct FetchConfig {
    max_wait_ms: i32,
    min_bytes: i32,
    max_bytes: i32,
    max_records: i32,
}

/// A member of a share group.
pub(crate) struct ShareConsumer {
    native: Native,
    /// The same client, not stopped by Ctrl-C: for the last acknowledgements and leaving.
    quiet: Native,
    group: String,
    member_id: String,
    topics: Vec<String>,
    mode: AckMode,
    config: FetchConfig,
    member: Arc<Mutex<Membership>>,
    /// Wakes the heartbeat task (to leave), and the consumer when the assignment changes.
    wake: Arc<Notify>,
    changed: Arc<Notify>,
    heartbeat: Option<tokio::task::JoinHandle<()>>,
    names: HashMap<Uuid, String>,
    ids: HashMap<String, Uuid>,
    leaders: HashMap<Part, i32>,
    sessions: BTreeMap<i32, Session>,
    pending: BTreeMap<Part, Acks>,
    /// Implicit mode: the records of the last poll, accepted by the next one.
    delivered: Vec<(Part, i64)>,
    /// Results of acknowledgements sent with fetches, not yet handed to the caller.
    completed: Vec<AckResult>,
}

fn s(text: &str) -> StrBytes {
    StrBytes::from_string(text.to_string())
}

/// A random Kafka `Uuid`, as Java's client makes member ids.
fn random_member_id() -> String {
    let mut bytes = [0u8; 16];
    crate::tools::perf::urandom(&mut bytes);
    crate::common::kafka_log::schema::uuid_text(&bytes)
}

fn setting(settings: &ClientSettings, key: &str, default: i32) -> i32 {
    settings
        .get(key)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

impl ShareConsumer {
    /// Joins `group` (ShareGroupHeartbeat to the coordinator, subscribed to `topics`), keeps
    /// heartbeating in the background at the interval the broker gives.
    pub(crate) async fn new(
        native: Native,
        group: &str,
        topics: &[String],
        mode: AckMode,
        settings: &ClientSettings,
    ) -> Result<Self> {
        let config = FetchConfig {
            max_wait_ms: setting(settings, "fetch.max.wait.ms", 500),
            min_bytes: setting(settings, "fetch.min.bytes", 1),
            max_bytes: setting(settings, "fetch.max.bytes", 52_428_800),
            max_records: setting(settings, "max.poll.records", 500),
        };
        let quiet = native.uninterruptible();
        let mut consumer = Self {
            native,
            quiet,
            group: group.to_string(),
            member_id: random_member_id(),
            topics: topics.to_vec(),
            mode,
            config,
            member: Arc::new(Mutex::new(Membership::default())),
            wake: Arc::new(Notify::new()),
            changed: Arc::new(Notify::new()),
            heartbeat: None,
            names: HashMap::new(),
            ids: HashMap::new(),
            leaders: HashMap::new(),
            sessions: BTreeMap::new(),
            pending: BTreeMap::new(),
            delivered: Vec::new(),
            completed: Vec::new(),
        };
        // The first heartbeat here, so that a refusal is the caller's error at once.
        let interval = heartbeat(
            &consumer.native,
            &consumer.group,
            &consumer.member_id,
            &consumer.topics,
            &consumer.member,
        )
        .await?;
        if let Some(fatal) = consumer.fatal() {
            bail!(fatal);
        }
        consumer.changed.notify_one();
        consumer.heartbeat = Some(tokio::spawn(heartbeat_loop(
            consumer.native.clone(),
            consumer.group.clone(),
            consumer.member_id.clone(),
            consumer.topics.clone(),
            Arc::clone(&consumer.member),
            Arc::clone(&consumer.wake),
            Arc::clone(&consumer.changed),
            interval,
        )));
        Ok(consumer)
    }

    fn fatal(&self) -> Option<String> {
        self.member.lock().ok().and_then(|m| m.fatal.clone())
    }

    /// ShareFetch from the leaders of the assigned partitions (share sessions per leader,
    /// piggybacking pending acknowledgements); returns the acquired records (possibly none
    /// after `timeout`). In Implicit mode the records of the previous poll are accepted first.
    pub(crate) async fn poll(&mut self, timeout: Duration) -> Result<Vec<ShareRecord>> {
        self.accept_delivered();
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(fatal) = self.fatal() {
                bail!(fatal);
            }
            let wanted = self.wanted().await?;
            let remaining = deadline.saturating_duration_since(Instant::now());
            let fetched = if wanted.is_empty() && self.pending.is_empty() {
                None
            } else {
                self.fetch(&wanted, remaining).await?
            };
            let records = match fetched {
                Some(records) => records,
                None => {
                    // Nothing to fetch from (no assignment yet, or no leader known): wait for
                    // the coordinator's next word.
                    let shutdown = self.native.shutdown();
                    tokio::select! {
                        () = self.changed.notified() => {}
                        () = tokio::time::sleep(remaining.min(Duration::from_millis(200))) => {}
                        () = shutdown.wait() => {}
                    }
                    Vec::new()
                }
            };
            if !records.is_empty() || Instant::now() >= deadline {
                if self.mode == AckMode::Implicit {
                    self.delivered = records
                        .iter()
                        .filter_map(|r| {
                            let id = self.ids.get(&r.topic)?;
                            Some(((*id, r.partition), r.offset))
                        })
                        .collect();
                }
                return Ok(records);
            }
            self.native.shutdown().check()?;
        }
    }

    /// Implicit mode: the records of the last poll become pending acceptances.
    fn accept_delivered(&mut self) {
        for (part, offset) in std::mem::take(&mut self.delivered) {
            add_ack(
                self.pending.entry(part).or_default(),
                offset,
                offset,
                AckType::Accept.wire(),
            );
        }
    }

    /// Explicit mode: records the acknowledgement, sent with the next poll/commit/close.
    pub(crate) fn acknowledge(&mut self, record: &ShareRecord, ack: AckType) -> Result<()> {
        let Some(id) = self.ids.get(&record.topic) else {
            bail!(
                "the record {}-{}@{} was not delivered by this consumer",
                record.topic,
                record.partition,
                record.offset
            );
        };
        if self.mode == AckMode::Implicit {
            self.delivered
                .retain(|(p, o)| !(*p == (*id, record.partition) && *o == record.offset));
        }
        add_ack(
            self.pending.entry((*id, record.partition)).or_default(),
            record.offset,
            record.offset,
            ack.wire(),
        );
        Ok(())
    }

    /// The results of acknowledgements sent with fetches since the last call (Java's
    /// acknowledgement commit callback).
    pub(crate) fn acknowledged(&mut self) -> Vec<AckResult> {
        std::mem::take(&mut self.completed)
    }

    /// Sends the pending acknowledgements now (ShareAcknowledge) and returns, per
    /// topic-partition, the offsets acknowledged and the error if the broker refused them
    /// (with the results of acknowledgements that went with fetches since the last call).
    pub(crate) async fn commit(&mut self) -> Result<Vec<AckResult>> {
        self.accept_delivered();
        let native = self.native.clone();
        self.acknowledge_all(&native, false).await?;
        Ok(self.acknowledged())
    }

    /// Sends pending acknowledgements, closes the share sessions and leaves the group (member
    /// epoch -1). Works after Ctrl-C / SIGTERM too.
    pub(crate) async fn close(mut self) -> Result<Vec<AckResult>> {
        self.accept_delivered();
        let quiet = self.quiet.clone();
        let acked = self.acknowledge_all(&quiet, true).await;
        if let Ok(mut m) = self.member.lock() {
            m.leaving = true;
        }
        self.wake.notify_one();
        if let Some(task) = self.heartbeat.take() {
            let _ = task.await;
        }
        let epoch = self.member.lock().map(|m| m.member_epoch).unwrap_or(0);
        let left = if epoch > 0 || self.fatal().is_none() {
            leave(&quiet, &self.group, &self.member_id).await
        } else {
            Ok(())
        };
        acked?;
        left?;
        Ok(self.acknowledged())
    }

    /// The assigned partitions by leader, after looking up the names and leaders it does not
    /// know yet.
    async fn wanted(&mut self) -> Result<BTreeMap<i32, BTreeSet<Part>>> {
        let assignment = self
            .member
            .lock()
            .map(|m| m.assignment.clone())
            .unwrap_or_default();
        if assignment.iter().any(|p| !self.leaders.contains_key(p))
            || self.pending.keys().any(|p| !self.leaders.contains_key(p))
        {
            self.refresh_metadata().await?;
        }
        let mut wanted: BTreeMap<i32, BTreeSet<Part>> = BTreeMap::new();
        for part in assignment {
            if let Some(leader) = self.leaders.get(&part) {
                wanted.entry(*leader).or_default().insert(part);
            }
        }
        Ok(wanted)
    }

    /// Metadata of the subscribed topics: ids, names and partition leaders.
    async fn refresh_metadata(&mut self) -> Result<()> {
        let topics = self.topics.clone();
        let (response, _) = self
            .native
            .send::<MetadataRequest, _>(&Target::Any, 10, |_| {
                MetadataRequest::default()
                    .with_topics(Some(
                        topics
                            .iter()
                            .map(|t| {
                                MetadataRequestTopic::default().with_name(Some(TopicName(s(t))))
                            })
                            .collect(),
                    ))
                    .with_allow_auto_topic_creation(false)
            })
            .await?;
        self.leaders.clear();
        for topic in response.topics {
            let Some(name) = topic.name.map(|n| n.0.to_string()) else {
                continue;
            };
            if topic.error_code != 0 || topic.topic_id.is_nil() {
                continue;
            }
            self.names.insert(topic.topic_id, name.clone());
            self.ids.insert(name, topic.topic_id);
            for p in topic.partitions {
                if p.leader_id.0 >= 0 {
                    self.leaders
                        .insert((topic.topic_id, p.partition_index), p.leader_id.0);
                }
            }
        }
        Ok(())
    }

    /// One round of ShareFetch to every leader at once; acknowledgements of each leader's
    /// partitions go with it. `None` when there was no leader to ask.
    async fn fetch(
        &mut self,
        wanted: &BTreeMap<i32, BTreeSet<Part>>,
        remaining: Duration,
    ) -> Result<Option<Vec<ShareRecord>>> {
        let max_wait = (remaining.as_millis() as i32).clamp(0, self.config.max_wait_ms);
        let mut leaders: BTreeSet<i32> = wanted.keys().copied().collect();
        leaders.extend(
            self.sessions
                .iter()
                .filter(|(_, s)| s.epoch > 0)
                .map(|(l, _)| *l),
        );
        let mut tasks = tokio::task::JoinSet::new();
        let mut sent: BTreeMap<i32, BTreeMap<Part, Acks>> = BTreeMap::new();
        for leader in leaders {
            let want = wanted.get(&leader).cloned().unwrap_or_default();
            let session = self.sessions.entry(leader).or_default();
            let mut acks: BTreeMap<Part, Acks> = BTreeMap::new();
            let mut topics: BTreeMap<Part, Vec<AcknowledgementBatch>> = BTreeMap::new();
            let forgotten: Vec<Part> = if session.epoch == 0 {
                for part in &want {
                    topics.insert(*part, Vec::new());
                }
                Vec::new()
            } else {
                for part in want.difference(&session.partitions) {
                    topics.insert(*part, Vec::new());
                }
                for (part, pending) in &self.pending {
                    if self.leaders.get(part) == Some(&leader)
                        && (want.contains(part) || session.partitions.contains(part))
                    {
                        let batches = fetch_batches(pending);
                        topics.insert(*part, batches);
                        acks.insert(*part, pending.clone());
                    }
                }
                session
                    .partitions
                    .iter()
                    .filter(|p| !want.contains(p) && !acks.contains_key(p))
                    .copied()
                    .collect()
            };
            if session.epoch != 0 && topics.is_empty() && forgotten.is_empty() && want.is_empty() {
                continue;
            }
            for part in acks.keys() {
                self.pending.remove(part);
            }
            let request = ShareFetchRequest::default()
                .with_group_id(Some(GroupId(s(&self.group))))
                .with_member_id(Some(s(&self.member_id)))
                .with_share_session_epoch(session.epoch)
                .with_max_wait_ms(max_wait)
                .with_min_bytes(self.config.min_bytes)
                .with_max_bytes(self.config.max_bytes)
                .with_max_records(self.config.max_records)
                .with_batch_size(self.config.max_records)
                .with_topics(by_topic(topics, |id, parts| {
                    FetchTopic::default().with_topic_id(id).with_partitions(
                        parts
                            .into_iter()
                            .map(|(p, b)| {
                                FetchPartition::default()
                                    .with_partition_index(p)
                                    .with_acknowledgement_batches(b)
                            })
                            .collect(),
                    )
                }))
                .with_forgotten_topics_data(by_topic(
                    forgotten.iter().map(|p| (*p, ())).collect(),
                    |id, parts| {
                        ForgottenTopic::default()
                            .with_topic_id(id)
                            .with_partitions(parts.into_iter().map(|(p, ())| p).collect())
                    },
                ));
            let native = self.native.clone();
            sent.insert(leader, acks);
            tasks.spawn(async move {
                let answer = native
                    .send::<ShareFetchRequest, _>(&Target::Node(leader), 1, |_| request.clone())
                    .await;
                (leader, answer)
            });
        }
        if tasks.is_empty() {
            return Ok(None);
        }
        let mut records = Vec::new();
        let mut failure = None;
        while let Some(joined) = tasks.join_next().await {
            let (leader, answer) = joined.map_err(|e| anyhow!("a fetch task failed: {e}"))?;
            let acks = sent.remove(&leader).unwrap_or_default();
            let want = wanted.get(&leader).cloned().unwrap_or_default();
            match answer {
                Ok((response, _)) => {
                    self.fetched(leader, &want, &acks, response, &mut records);
                }
                Err(err) => {
                    // Kept for the next request (or close).
                    self.restore(acks);
                    if self.native.shutdown().requested().is_none() {
                        // The native path retried what can be retried: the session is lost.
                        // (A shutdown request stops a call before it is sent, never while it
                        // is in flight: then the session stands, and close uses it.)
                        self.sessions.remove(&leader);
                        self.leaders.clear();
                    }
                    failure.get_or_insert(err);
                }
            }
        }
        // The other leaders' records are delivered first; the failure comes back next time.
        if let Some(err) = failure.filter(|_| records.is_empty()) {
            return Err(err);
        }
        Ok(Some(records))
    }

    /// Puts acknowledgements that were not sent back in the pending set.
    fn restore(&mut self, acks: BTreeMap<Part, Acks>) {
        for (part, ranges) in acks {
            let pending = self.pending.entry(part).or_default();
            for (first, (last, kind)) in ranges {
                add_ack(pending, first, last, kind);
            }
        }
    }

    /// Takes in one leader's ShareFetch answer.
    fn fetched(
        &mut self,
        leader: i32,
        want: &BTreeSet<Part>,
        acks: &BTreeMap<Part, Acks>,
        response: ShareFetchResponse,
        records: &mut Vec<ShareRecord>,
    ) {
        if response.error_code != 0 {
            // The session is gone (or never was): open a new one next time. The
            // acknowledgements it carried were not applied.
            self.sessions.remove(&leader);
            let text = error_text(response.error_code, response.error_message.as_deref());
            for (part, ranges) in acks {
                self.completed
                    .push(self.ack_result(*part, ranges, Some(text.clone())));
            }
            return;
        }
        let session = self.sessions.entry(leader).or_default();
        session.partitions = want.iter().chain(acks.keys()).copied().collect();
        session.epoch = if session.epoch == i32::MAX {
            1
        } else {
            session.epoch + 1
        };
        let mut answered: BTreeSet<Part> = BTreeSet::new();
        for topic in response.responses {
            for p in topic.partitions {
                let part = (topic.topic_id, p.partition_index);
                answered.insert(part);
                if let Some(ranges) = acks.get(&part) {
                    let error = (p.acknowledge_error_code != 0).then(|| {
                        error_text(
                            p.acknowledge_error_code,
                            p.acknowledge_error_message.as_deref(),
                        )
                    });
                    self.completed.push(self.ack_result(part, ranges, error));
                }
                if p.error_code != 0 {
                    // A leader change, a deleted topic ...: look the leaders up again.
                    self.leaders.clear();
                    continue;
                }
                if let Some(bytes) = p.records {
                    self.decode(part, &bytes, &p.acquired_records, records);
                }
            }
        }
        for (part, ranges) in acks {
            if !answered.contains(part) {
                self.completed.push(self.ack_result(*part, ranges, None));
            }
        }
    }

    /// The records of `bytes` that the broker acquired for this member; the acquired offsets
    /// that hold no record become gap acknowledgements.
    fn decode(
        &mut self,
        part: Part,
        bytes: &Bytes,
        acquired: &[kafka_protocol::messages::share_fetch_response::AcquiredRecords],
        out: &mut Vec<ShareRecord>,
    ) {
        let topic = self
            .names
            .get(&part.0)
            .cloned()
            .unwrap_or_else(|| part.0.to_string());
        let count_of = |offset: i64| {
            acquired
                .iter()
                .find(|a| a.first_offset <= offset && offset <= a.last_offset)
                .map(|a| a.delivery_count)
        };
        let mut seen: BTreeSet<i64> = BTreeSet::new();
        let mut reader = BatchReader::new(&bytes[..], 0, bytes.len() as u64, &topic);
        while let Ok(Some(batch)) = reader.next_batch() {
            if batch.is_control() {
                continue;
            }
            let Ok(batch_records) = batch.records() else {
                continue;
            };
            let timestamp_type = batch.timestamp_type();
            let epoch = batch.partition_leader_epoch();
            for record in batch_records {
                let Ok(record) = record else {
                    break;
                };
                let Some(delivery_count) = count_of(record.offset) else {
                    continue;
                };
                if !seen.insert(record.offset) {
                    continue;
                }
                out.push(ShareRecord {
                    topic: topic.clone(),
                    partition: part.1,
                    offset: record.offset,
                    timestamp: if timestamp_type == TimestampType::LogAppend {
                        batch.max_timestamp()
                    } else {
                        record.timestamp
                    },
                    timestamp_type,
                    key: record.key.map(Bytes::from),
                    value: record.value.map(Bytes::from),
                    headers: record
                        .headers
                        .into_iter()
                        .map(|(k, v)| (k, v.map(Bytes::from)))
                        .collect(),
                    delivery_count,
                    leader_epoch: (epoch >= 0).then_some(epoch),
                });
            }
        }
        // Offsets acquired without a record (compacted away, control records): Java
        // acknowledges them as gaps so that the broker can move on.
        for a in acquired {
            let mut start = a.first_offset;
            for offset in seen.range(a.first_offset..=a.last_offset) {
                if *offset > start {
                    add_ack(
                        self.pending.entry(part).or_default(),
                        start,
                        offset - 1,
                        GAP,
                    );
                }
                start = offset + 1;
            }
            if start <= a.last_offset {
                add_ack(
                    self.pending.entry(part).or_default(),
                    start,
                    a.last_offset,
                    GAP,
                );
            }
        }
    }

    /// The result to report for acknowledgements of one partition (gaps left out).
    fn ack_result(&self, part: Part, ranges: &Acks, error: Option<String>) -> AckResult {
        AckResult {
            topic: self
                .names
                .get(&part.0)
                .cloned()
                .unwrap_or_else(|| part.0.to_string()),
            partition: part.1,
            offsets: ranges
                .iter()
                .filter(|(_, (_, kind))| *kind != GAP)
                .flat_map(|(first, (last, _))| *first..=*last)
                .collect(),
            error,
        }
    }

    /// ShareAcknowledge of every pending acknowledgement to its leader's session; with
    /// `closing`, every session is closed (epoch -1) whether it has some or not.
    async fn acknowledge_all(&mut self, native: &Native, closing: bool) -> Result<()> {
        let mut by_leader: BTreeMap<i32, BTreeMap<Part, Acks>> = BTreeMap::new();
        for (part, acks) in std::mem::take(&mut self.pending) {
            match self.leaders.get(&part) {
                Some(leader) if self.sessions.get(leader).is_some_and(|s| s.epoch > 0) => {
                    by_leader.entry(*leader).or_default().insert(part, acks);
                }
                _ => {
                    let error = "no share session with the partition's leader".to_string();
                    let result = self.ack_result(part, &acks, Some(error));
                    if !result.offsets.is_empty() {
                        self.completed.push(result);
                    }
                }
            }
        }
        if closing {
            for (leader, session) in &self.sessions {
                if session.epoch > 0 {
                    by_leader.entry(*leader).or_default();
                }
            }
        }
        let mut tasks = tokio::task::JoinSet::new();
        for (leader, acks) in &by_leader {
            let Some(session) = self.sessions.get_mut(leader) else {
                continue;
            };
            let epoch = if closing { -1 } else { session.epoch };
            if !closing {
                session.epoch = if session.epoch == i32::MAX {
                    1
                } else {
                    session.epoch + 1
                };
            }
            let request = ShareAcknowledgeRequest::default()
                .with_group_id(Some(GroupId(s(&self.group))))
                .with_member_id(Some(s(&self.member_id)))
                .with_share_session_epoch(epoch)
                .with_topics(by_topic(
                    acks.iter().map(|(p, a)| (*p, fetch_batches(a))).collect(),
                    |id, parts| {
                        AcknowledgeTopic::default()
                            .with_topic_id(id)
                            .with_partitions(
                                parts
                                    .into_iter()
                                    .map(|(p, batches)| {
                                        AcknowledgePartition::default()
                                            .with_partition_index(p)
                                            .with_acknowledgement_batches(
                                                batches
                                                    .into_iter()
                                                    .map(|b| {
                                                        AckBatch::default()
                                                            .with_first_offset(b.first_offset)
                                                            .with_last_offset(b.last_offset)
                                                            .with_acknowledge_types(
                                                                b.acknowledge_types,
                                                            )
                                                    })
                                                    .collect(),
                                            )
                                    })
                                    .collect(),
                            )
                    },
                ));
            let native = native.clone();
            let leader = *leader;
            tasks.spawn(async move {
                let answer = native
                    .send::<ShareAcknowledgeRequest, _>(&Target::Node(leader), 1, |_| {
                        request.clone()
                    })
                    .await;
                (leader, answer)
            });
        }
        let mut failure = None;
        while let Some(joined) = tasks.join_next().await {
            let (leader, answer) =
                joined.map_err(|e| anyhow!("an acknowledge task failed: {e}"))?;
            let acks = by_leader.remove(&leader).unwrap_or_default();
            match answer {
                Ok((response, _)) => {
                    let top = (response.error_code != 0).then(|| {
                        error_text(response.error_code, response.error_message.as_deref())
                    });
                    if top.is_some() {
                        self.sessions.remove(&leader);
                    }
                    let mut errors: HashMap<Part, String> = HashMap::new();
                    for topic in response.responses {
                        for p in topic.partitions {
                            if p.error_code != 0 {
                                errors.insert(
                                    (topic.topic_id, p.partition_index),
                                    error_text(p.error_code, p.error_message.as_deref()),
                                );
                            }
                        }
                    }
                    for (part, ranges) in &acks {
                        let error = top.clone().or_else(|| errors.remove(part));
                        let result = self.ack_result(*part, ranges, error);
                        if !result.offsets.is_empty() {
                            self.completed.push(result);
                        }
                    }
                }
                Err(err) => {
                    self.sessions.remove(&leader);
                    for (part, ranges) in &acks {
                        let result = self.ack_result(*part, ranges, Some(err.to_string()));
                        if !result.offsets.is_empty() {
                            self.completed.push(result);
                        }
                    }
                    failure.get_or_insert(err);
                }
            }
        }
        if closing {
            self.sessions.clear();
        }
        match failure {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}

impl Drop for ShareConsumer {
    fn drop(&mut self) {
        if let Some(task) = self.heartbeat.take() {
            task.abort();
        }
    }
}

/// Adds `first..=last` as `kind` to a partition's pending acknowledgements (a later
/// acknowledgement of the same offset replaces the earlier one).
fn add_ack(acks: &mut Acks, first: i64, last: i64, kind: i8) {
    if first > last {
        return;
    }
    // Cut the ranges that overlap [first, last].
    // The ranges are disjoint and sorted: those that reach `first` are the last ones that
    // start by `last` (a reverse walk, so that acknowledging offset after offset stays linear).
    let overlapping: Vec<i64> = acks
        .range(..=last)
        .rev()
        .take_while(|(_, (l, _))| *l >= first)
        .map(|(f, _)| *f)
        .collect();
    for f in overlapping {
        if let Some((l, k)) = acks.remove(&f) {
            if f < first {
                acks.insert(f, (first - 1, k));
            }
            if l > last {
                acks.insert(last + 1, (l, k));
            }
        }
    }
    acks.insert(first, (last, kind));
}

/// The acknowledgement batches of a partition: adjacent ranges of one type merged.
fn fetch_batches(acks: &Acks) -> Vec<AcknowledgementBatch> {
    let mut out: Vec<AcknowledgementBatch> = Vec::new();
    for (first, (last, kind)) in acks {
        if let Some(prev) = out.last_mut() {
            if prev.last_offset + 1 == *first && prev.acknowledge_types == [*kind] {
                prev.last_offset = *last;
                continue;
            }
        }
        out.push(
            AcknowledgementBatch::default()
                .with_first_offset(*first)
                .with_last_offset(*last)
                .with_acknowledge_types(vec![*kind]),
        );
    }
    out
}

/// Groups per-partition items by topic id, in order.
fn by_topic<V, T>(items: BTreeMap<Part, V>, make: impl Fn(Uuid, Vec<(i32, V)>) -> T) -> Vec<T> {
    let mut grouped: BTreeMap<Uuid, Vec<(i32, V)>> = BTreeMap::new();
    for ((id, p), v) in items {
        grouped.entry(id).or_default().push((p, v));
    }
    grouped
        .into_iter()
        .map(|(id, parts)| make(id, parts))
        .collect()
}

/// One ShareGroupHeartbeat with the member's epoch; takes in the answer. Returns the interval
/// to the next one.
async fn heartbeat(
    native: &Native,
    group: &str,
    member_id: &str,
    topics: &[String],
    member: &Mutex<Membership>,
) -> Result<Duration> {
    let epoch = member.lock().map(|m| m.member_epoch).unwrap_or(0);
    let subscribed: Vec<TopicName> = topics.iter().map(|t| TopicName(s(t))).collect();
    let (response, _) = native
        .call::<ShareGroupHeartbeatRequest, _, _>(
            &Target::Coordinator(0, group.to_string()),
            1,
            |_| {
                ShareGroupHeartbeatRequest::default()
                    .with_group_id(GroupId(s(group)))
                    .with_member_id(s(member_id))
                    .with_member_epoch(epoch)
                    .with_subscribed_topic_names((epoch == 0).then(|| subscribed.clone()))
            },
            |r| r.error_code,
        )
        .await?;
    let mut m = member
        .lock()
        .map_err(|_| anyhow!("the share consumer's state is poisoned"))?;
    let interval = Duration::from_millis(
        u64::try_from(response.heartbeat_interval_ms)
            .unwrap_or(5000)
            .max(100),
    );
    match response.error_code {
        0 => {
            m.member_epoch = response.member_epoch;
            m.heartbeats += 1;
            if let Some(assignment) = response.assignment {
                m.assignment = assignment
                    .topic_partitions
                    .iter()
                    .flat_map(|t| t.partitions.iter().map(|p| (t.topic_id, *p)))
                    .collect();
                // A new assignment is acknowledged by the next heartbeat, at once (Java's
                // reconciliation).
                return Ok(ACKNOWLEDGE_SOON);
            }
            if m.assignment.is_empty() && m.heartbeats <= JOINING_HEARTBEATS {
                // Joining: the coordinator computes the assignment after the first heartbeat.
                return Ok(interval.min(JOINING_INTERVAL));
            }
        }
        // Fenced or forgotten by the coordinator: join again with the same member id.
        25 | 110 => {
            m.member_epoch = 0;
            m.heartbeats = 0;
            m.assignment.clear();
            return Ok(Duration::ZERO);
        }
        code => {
            m.fatal = Some(format!(
                "the share group {group} refused this member: {}",
                error_text(code, response.error_message.as_deref())
            ));
        }
    }
    Ok(interval)
}

/// The background heartbeat: until the consumer leaves or is refused for good.
#[allow(clippy::too_many_arguments)]
async fn heartbeat_loop(
    native: Native,
    group: String,
    member_id: String,
    topics: Vec<String>,
    member: Arc<Mutex<Membership>>,
    wake: Arc<Notify>,
    changed: Arc<Notify>,
    mut interval: Duration,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(interval) => {}
            () = wake.notified() => {}
        }
        let done = member
            .lock()
            .map(|m| m.leaving || m.fatal.is_some())
            .unwrap_or(true);
        if done {
            return;
        }
        match heartbeat(&native, &group, &member_id, &topics, &member).await {
            Ok(next) => interval = next,
            Err(err) => {
                if native.shutdown().requested().is_some() {
                    return;
                }
                if let Ok(mut m) = member.lock() {
                    m.fatal = Some(err.to_string());
                }
            }
        }
        changed.notify_one();
    }
}

/// The member leaves the group (epoch -1).
async fn leave(native: &Native, group: &str, member_id: &str) -> Result<()> {
    native
        .call::<ShareGroupHeartbeatRequest, _, _>(
            &Target::Coordinator(0, group.to_string()),
            1,
            |_| {
                ShareGroupHeartbeatRequest::default()
                    .with_group_id(GroupId(s(group)))
                    .with_member_id(s(member_id))
                    .with_member_epoch(-1)
            },
            |r| r.error_code,
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acknowledgements_merge_and_replace() {
        let mut acks = Acks::new();
        for o in 0..5 {
            add_ack(&mut acks, o, o, 1);
        }
        add_ack(&mut acks, 2, 2, 2);
        let batches = fetch_batches(&acks);
        let shape: Vec<(i64, i64, Vec<i8>)> = batches
            .iter()
            .map(|b| (b.first_offset, b.last_offset, b.acknowledge_types.clone()))
            .collect();
        assert_eq!(
            shape,
            vec![(0, 1, vec![1]), (2, 2, vec![2]), (3, 4, vec![1])]
        );
    }

    #[test]
    fn a_range_cut_by_a_later_acknowledgement_keeps_both_ends() {
        let mut acks = Acks::new();
        add_ack(&mut acks, 10, 20, GAP);
        add_ack(&mut acks, 15, 15, 3);
        assert_eq!(
            acks.into_iter().collect::<Vec<_>>(),
            vec![(10, (14, GAP)), (15, (15, 3)), (16, (20, GAP))]
        );
    }

    #[test]
    fn member_ids_are_kafka_uuids() {
        let a = random_member_id();
        assert_eq!(a.len(), 22);
        assert_ne!(a, random_member_id());
    }
}
