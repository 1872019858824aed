//! Producing records without losing any: backpressure, delivery tracking, flushing.
//!
//! Owns the producer handle of the console and verifiable producers. Records are sent with an
//! id (the input line number); delivery reports are collected by the client context and handed
//! to the tool, which prints them. Java's producer defaults are applied here: murmur2
//! partitioning (same key, same partition as the Java client) and idempotence unless the user's
//! settings rule it out.

use std::ffi::c_void;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use rdkafka::bindings as rd;
use rdkafka::producer::{BaseProducer, Producer as _};
use rdkafka::types::RDKafkaErrorCode;

use super::config::ClientSettings;
use super::context::{DeliveryReport, ToolContext};
use super::ffi::{self, Guard};
use crate::common::now_ms;
use crate::common::Shutdown;

/// One record to produce; `None` key or value means null.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OutRecord {
    /// Record key.
    pub(crate) key: Option<Vec<u8>>,
    /// Record value (null is a tombstone).
    pub(crate) value: Option<Vec<u8>>,
    /// Headers in order; duplicates allowed.
    pub(crate) headers: Vec<(String, Option<Vec<u8>>)>,
    /// Explicit partition, else the partitioner decides.
    pub(crate) partition: Option<i32>,
    /// Explicit timestamp (ms), else now.
    pub(crate) timestamp: Option<i64>,
}

/// What happened to a record handed to [`Producer::send`].
#[derive(Debug)]
pub(crate) enum Sent {
    /// Queued; its delivery report will follow.
    Accepted,
    /// Refused before queueing (e.g. larger than `message.max.bytes`); nothing will follow.
    Rejected(String),
}

/// A producer for one topic.
pub(crate) struct Producer {
    /// librdkafka's handle of the topic, made once. (rdkafka's `send` names the topic on every
    /// record: a C string allocated and freed, and a topic lookup under the client's lock, per
    /// record.) Declared before `inner`: released before the client is destroyed.
    handle: Guard<rd::rd_kafka_topic_t>,
    inner: BaseProducer<ToolContext>,
    /// The partitioner's state for records without a key, when ours runs (see [`Sticky`]);
    /// declared after `inner`: librdkafka may call the partitioner until it is destroyed.
    sticky: Option<Box<Sticky>>,
    /// The wall clock (ms) for [`Producer::send_value`], and how many records used it.
    clock: std::cell::Cell<(i64, u32)>,
    topic: String,
    max_block: Duration,
    flush_timeout: Duration,
    shutdown: Shutdown,
    /// Whether librdkafka's idempotent producer is on (it needs a producer id first).
    idempotent: bool,
}

/// Applies the Java producer's defaults to librdkafka settings.
fn java_defaults(settings: ClientSettings) -> ClientSettings {
    let mut settings = settings;
    // Java's producer always asks the broker to create a missing topic (it does when its
    // auto.create.topics.enable is true).
    settings = settings.with("allow.auto.create.topics", "true");
    if settings.get("partitioner").is_none() {
        // Java's default partitioner: murmur2 of the key (kafka-tools.md §16).
        settings = settings.with("partitioner", "murmur2_random");
    }
    if settings.get("enable.idempotence").is_none() {
        // Java enables idempotence unless acks, retries or in-flight settings rule it out
        // (`get` finds librdkafka's other names too: `request.required.acks`, ...).
        let acks = settings.get("acks").unwrap_or("all");
        let acks_all = matches!(acks.trim(), "all" | "-1");
        let retries = settings.get("retries");
        let retries_ok = retries.is_none_or(|r| r.trim() != "0");
        let in_flight = settings
            .get("max.in.flight.requests.per.connection")
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(5);
        if acks_all && retries_ok && in_flight <= 5 {
            settings = settings.with("enable.idempotence", "true");
        }
    }
    settings
}

impl Producer {
    /// Creates the producer and checks that `topic` exists, or that the broker created it.
    pub(crate) fn connect(
        settings: ClientSettings,
        topic: &str,
        shutdown: Shutdown,
        max_block: Duration,
        keep_successes: bool,
    ) -> Result<Self> {
        // Our partitioner runs unless the user chose librdkafka's (see `Sticky`); librdkafka's
        // own sticky partitioning must then be off, or it would never call ours for records
        // without a key.
        let ours = settings.get("partitioner").is_none()
            && settings.get("sticky.partitioning.linger.ms").is_none();
        let mut settings = java_defaults(settings);
        if ours {
            settings = settings.with("sticky.partitioning.linger.ms", "0");
        }
        let flush_timeout = settings
            .get("message.timeout.ms")
            .and_then(|v| v.parse::<u64>().ok())
            .map_or(Duration::from_secs(300), Duration::from_millis)
            + Duration::from_secs(5);
        let context = if keep_successes {
            ToolContext::keeping_successes(settings.verbose())
        } else {
            ToolContext::new(settings.verbose())
        };
        let inner: BaseProducer<ToolContext> = settings.create(context, "producer")?;
        let name = ffi::cstring(topic)?;
        let sticky = ours.then(|| {
            Box::new(Sticky {
                partition: (-1).into(),
                limit: settings
                    .get("batch.size")
                    .and_then(|v| v.trim().parse().ok())
                    // librdkafka's default, which is what batches are then made of.
                    .unwrap_or(1_000_000),
                ..Sticky::default()
            })
        });
        // SAFETY: a live client; the copy of its topic settings (the user's among them) is
        // handed to rd_kafka_topic_new, which takes it; the partitioner's state is boxed and
        // outlives the client (field order). A NUL-terminated name. Released by the guard.
        let handle = unsafe {
            let rk = inner.client().native_ptr();
            let conf = rd::rd_kafka_default_topic_conf_dup(rk);
            if let Some(state) = &sticky {
                rd::rd_kafka_topic_conf_set_partitioner_cb(conf, Some(java_partitioner));
                rd::rd_kafka_topic_conf_set_opaque(
                    conf,
                    std::ptr::from_ref::<Sticky>(state).cast_mut().cast(),
                );
            }
            Guard::new(
                rd::rd_kafka_topic_new(rk, name.as_ptr(), conf),
                rd::rd_kafka_topic_destroy,
            )
        };
        if handle.is_null() {
            bail!("cannot produce to topic {topic:?}: {}", last_error());
        }
        let producer = Self {
            handle,
            inner,
            sticky,
            clock: std::cell::Cell::new((0, 0)),
            topic: topic.to_string(),
            max_block,
            flush_timeout,
            shutdown,
            idempotent: settings.get("enable.idempotence") == Some("true"),
        };
        producer.check_topic(settings.api_timeout(), settings.bootstrap())?;
        Ok(producer)
    }

    /// Fails unless the topic is in the cluster's metadata (bounded by `timeout`).
    fn check_topic(&self, timeout: Duration, bootstrap: &str) -> Result<()> {
        let found =
            super::topic_partitions(self.inner.client(), &self.topic, timeout, bootstrap, || {
                self.check_fatal(bootstrap)?;
                self.shutdown.check()
            })?;
        if found.is_none() {
            bail!("{}", super::not_created(&self.topic));
        }
        if self.idempotent {
            // librdkafka asks for a producer id when a metadata response arrives, from a broker
            // it knows by id. The answer above came through the bootstrap connection, which it
            // then replaces: without a second request it retries only after 500 ms, and a short
            // run waits for that. This one goes to the broker itself (a few ms).
            let deadline = Instant::now() + timeout.min(Duration::from_millis(500));
            while Instant::now() < deadline {
                match self
                    .inner
                    .client()
                    .fetch_metadata(Some(&self.topic), timeout)
                {
                    Ok(md) if md.orig_broker_id() >= 0 => break,
                    _ => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        }
        Ok(())
    }

    fn check_fatal(&self, bootstrap: &str) -> Result<()> {
        super::serve_pending(&self.inner);
        self.inner.context().check(bootstrap)
    }

    /// Queues a record that is only a value (no key, headers, partition or timestamp), without
    /// copying it first; as [`Producer::send`] otherwise.
    ///
    /// Its timestamp is the wall clock read at most [`CLOCK_EVERY`] records earlier (librdkafka
    /// reads it for every record otherwise: a twentieth of the console producer's CPU time).
    pub(crate) fn send_value(&self, value: &[u8], id: usize) -> Result<Sent> {
        let (mut now, mut uses) = self.clock.get();
        if uses == 0 {
            now = now_ms();
        }
        uses = (uses + 1) % CLOCK_EVERY;
        self.clock.set((now, uses));
        self.queue(None, Some(value), None, Some(now), std::ptr::null_mut(), id)
    }

    /// Queues one record; waits (serving delivery reports) while the local queue is full, at
    /// most `max.block.ms`.
    pub(crate) fn send(&self, record: &OutRecord, id: usize) -> Result<Sent> {
        let headers = if record.headers.is_empty() {
            std::ptr::null_mut()
        } else {
            native_headers(&record.headers)
        };
        let sent = self.queue(
            record.key.as_deref(),
            record.value.as_deref(),
            record.partition,
            record.timestamp,
            headers,
            id,
        );
        if !matches!(sent, Ok(Sent::Accepted)) && !headers.is_null() {
            // Not queued: the headers are still ours.
            // SAFETY: made by native_headers, not handed over.
            unsafe { rd::rd_kafka_headers_destroy(headers) };
        }
        sent
    }

    /// Hands one record to librdkafka (which copies key and value); while its queue is full,
    /// serves delivery reports and tries again, at most `max.block.ms`. `headers` (null or
    /// from [`native_headers`]) pass to librdkafka only when the record is accepted.
    fn queue(
        &self,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        partition: Option<i32>,
        timestamp: Option<i64>,
        headers: *mut rd::rd_kafka_headers_t,
        id: usize,
    ) -> Result<Sent> {
        fn raw(bytes: Option<&[u8]>) -> (*mut c_void, usize) {
            bytes.map_or((std::ptr::null_mut(), 0), |b| {
                (b.as_ptr().cast_mut().cast(), b.len())
            })
        }
        let (value_ptr, value_len) = raw(value);
        let (key_ptr, key_len) = raw(key);
        if let (Some(sticky), None) = (&self.sticky, key) {
            sticky
                .next
                .store(value_len as u64, std::sync::atomic::Ordering::Relaxed);
        }
        let mut waited_since: Option<Instant> = None;
        loop {
            use rd::rd_kafka_vtype_t::*;
            // SAFETY: a live client and topic handle; key and value outlive the call and are
            // copied (F_COPY); the opaque is the id itself, as rdkafka's usize opaque reads
            // it back in delivery reports; headers are null or ours, taken only on success.
            let err = unsafe {
                rd::rd_kafka_producev(
                    self.inner.client().native_ptr(),
                    RD_KAFKA_VTYPE_RKT,
                    self.handle.ptr(),
                    RD_KAFKA_VTYPE_PARTITION,
                    partition.unwrap_or(-1),
                    RD_KAFKA_VTYPE_MSGFLAGS,
                    rd::RD_KAFKA_MSG_F_COPY,
                    RD_KAFKA_VTYPE_VALUE,
                    value_ptr,
                    value_len,
                    RD_KAFKA_VTYPE_KEY,
                    key_ptr,
                    key_len,
                    RD_KAFKA_VTYPE_OPAQUE,
                    id as *mut c_void,
                    RD_KAFKA_VTYPE_TIMESTAMP,
                    timestamp.unwrap_or(0),
                    RD_KAFKA_VTYPE_HEADERS,
                    headers,
                    RD_KAFKA_VTYPE_END,
                )
            };
            match RDKafkaErrorCode::from(err) {
                RDKafkaErrorCode::NoError => return Ok(Sent::Accepted),
                RDKafkaErrorCode::QueueFull => self.wait_for_room(&mut waited_since)?,
                code => return Ok(Sent::Rejected(format!("Message production error: {code}"))),
            }
        }
    }

    /// While the local queue is full: serves delivery reports for 10 ms, or fails once
    /// `max.block.ms` has passed since the first wait.
    fn wait_for_room(&self, waited_since: &mut Option<Instant>) -> Result<()> {
        let since = *waited_since.get_or_insert_with(Instant::now);
        if since.elapsed() >= self.max_block {
            bail!(
                "the local queue stayed full for {} ms (max.block.ms)",
                self.max_block.as_millis()
            );
        }
        self.inner.poll(Duration::from_millis(10));
        Ok(())
    }

    /// Serves delivery reports without waiting.
    pub(crate) fn poll(&self) {
        super::serve_pending(&self.inner);
    }

    /// Serves events, waiting up to `timeout` for the first one (a throttled sender's sleep
    /// that still hands out delivery reports as they arrive, a synchronous send's wait).
    ///
    /// rdkafka's `poll` serves events for its whole timeout, so this watches the main queue's
    /// length in steps of 100 µs instead and returns as soon as something arrived.
    pub(crate) fn wait(&self, timeout: Duration) {
        use rdkafka::bindings as rd;
        let deadline = Instant::now() + timeout;
        // SAFETY: a live handle; the queue reference is released below.
        let queue = unsafe { rd::rd_kafka_queue_get_main(self.inner.client().native_ptr()) };
        loop {
            // SAFETY: queue is a live reference (or null, checked).
            let waiting = queue.is_null() || unsafe { rd::rd_kafka_queue_length(queue) } > 0;
            let now = Instant::now();
            if waiting || now >= deadline {
                break;
            }
            std::thread::sleep((deadline - now).min(Duration::from_micros(100)));
        }
        if !queue.is_null() {
            // SAFETY: releases the reference taken above.
            unsafe { rd::rd_kafka_queue_destroy(queue) };
        }
        super::serve_pending(&self.inner);
    }

    /// Statistics emitted so far (a count) and the last librdkafka statistics JSON, when
    /// `statistics.interval.ms` is set.
    pub(crate) fn statistics(&self) -> (u64, Option<String>) {
        self.inner.context().statistics()
    }

    /// Registers the transactional id with the coordinator (Java's `initTransactions`).
    pub(crate) fn init_transactions(&self, timeout: Duration) -> Result<()> {
        self.inner
            .init_transactions(timeout)
            .map_err(|e| anyhow::anyhow!("initializing transactions: {e}"))
    }

    /// Starts a transaction.
    pub(crate) fn begin_transaction(&self) -> Result<()> {
        self.inner
            .begin_transaction()
            .map_err(|e| anyhow::anyhow!("beginning a transaction: {e}"))
    }

    /// Commits the current transaction: every record sent in it is delivered first (as
    /// Java's `commitTransaction` does), with its delivery report served.
    pub(crate) fn commit_transaction(&self, timeout: Duration) -> Result<()> {
        // librdkafka's commit flushes, and a flush with event-based delivery reports waits
        // until they are served: serve them here first (see `flush`).
        self.flush()?;
        self.inner
            .commit_transaction(timeout)
            .map_err(|e| anyhow::anyhow!("committing the transaction: {e}"))
    }

    /// Records delivered and failed so far.
    pub(crate) fn counts(&self) -> (u64, u64) {
        self.inner.context().delivery_counts()
    }

    /// Delivery reports collected since the last call (failures, or all with keep_successes).
    pub(crate) fn take_reports(&self) -> Vec<DeliveryReport> {
        self.inner.context().take_reports()
    }

    /// Sends every queued record at once (linger.ms no longer applies, as in Java's close) and
    /// waits until each has a delivery report (at most the delivery timeout).
    ///
    /// librdkafka ignores the linger only while `rd_kafka_flush` runs; with delivery reports as
    /// events, as rdkafka's producer takes them, `rd_kafka_flush` serves nothing itself and
    /// returns when the reports are consumed. So it runs on a helper thread for the whole wait
    /// while this thread serves the reports.
    pub(crate) fn flush(&self) -> Result<()> {
        if self.inner.in_flight_count() == 0 {
            super::serve_pending(&self.inner);
            return Ok(());
        }
        let deadline = Instant::now() + self.flush_timeout;
        let handle = NativeHandle(self.inner.client().native_ptr());
        let timeout_ms = i32::try_from(self.flush_timeout.as_millis()).unwrap_or(i32::MAX);
        std::thread::scope(|scope| {
            let flusher = scope.spawn(move || {
                let handle = handle;
                // SAFETY: the producer outlives this scope; rd_kafka_flush is thread-safe.
                unsafe { rdkafka::bindings::rd_kafka_flush(handle.0, timeout_ms) };
            });
            let mut result = Ok(());
            while self.inner.in_flight_count() > 0 {
                if Instant::now() >= deadline {
                    result = Err(anyhow::anyhow!(
                        "{} records were still undelivered after {} s",
                        self.inner.in_flight_count(),
                        self.flush_timeout.as_secs()
                    ));
                    break;
                }
                self.inner.poll(Duration::from_millis(10));
            }
            // The flusher returns once the count is zero (or at the same deadline).
            let _ = flusher.join();
            super::serve_pending(&self.inner);
            result
        })
    }
}

/// Records of [`Producer::send_value`] that share one read of the clock.
const CLOCK_EVERY: u32 = 256;

/// Where the partitioner sends records without a key: one partition until `batch.size` bytes of
/// values went to it, then the next partition that has a leader.
///
/// As Java's default partitioner (KIP-794), which keeps a partition for `batch.size` bytes and
/// then moves to another available one; librdkafka's sticky partitioning
/// (`sticky.partitioning.linger.ms`) switches by time instead and so reads the clock and checks
/// the partition's leader for every record (a sixth of the console producer's CPU time when
/// piping a file). Records with a key go to murmur2 of the key, as before.
#[derive(Debug, Default)]
struct Sticky {
    /// The current partition, -1 before the first record.
    partition: std::sync::atomic::AtomicI32,
    /// Bytes of values sent to it so far.
    bytes: std::sync::atomic::AtomicU64,
    /// The size of the value being queued (set just before librdkafka calls the partitioner).
    next: std::sync::atomic::AtomicU64,
    /// `batch.size`.
    limit: u64,
}

/// The producer's partitioner (see [`Sticky`]); librdkafka calls it with the topic locked.
unsafe extern "C" fn java_partitioner(
    rkt: *const rd::rd_kafka_topic_t,
    key: *const c_void,
    key_len: usize,
    partitions: i32,
    rkt_opaque: *mut c_void,
    msg_opaque: *mut c_void,
) -> i32 {
    use std::sync::atomic::Ordering::Relaxed;
    if !key.is_null() {
        // SAFETY: librdkafka's own arguments, passed on.
        return unsafe {
            rd::rd_kafka_msg_partitioner_murmur2_random(
                rkt, key, key_len, partitions, rkt_opaque, msg_opaque,
            )
        };
    }
    // SAFETY: the opaque is the producer's boxed Sticky, alive as long as the client.
    let sticky = unsafe { &*rkt_opaque.cast::<Sticky>() };
    let current = sticky.partition.load(Relaxed);
    let size = sticky.next.load(Relaxed).max(1);
    if (0..partitions).contains(&current) && sticky.bytes.load(Relaxed) < sticky.limit {
        sticky.bytes.fetch_add(size, Relaxed);
        return current;
    }
    // The next partition with a leader (all tried), else the next one anyway.
    let start = if (0..partitions).contains(&current) {
        current + 1
    } else {
        // A varied first partition, so that short runs do not all fill partition 0.
        i32::try_from(std::process::id() % partitions.max(1).unsigned_abs()).unwrap_or(0)
    };
    let next = (0..partitions)
        .map(|i| (start + i) % partitions)
        // SAFETY: called from the partitioner, as librdkafka requires.
        .find(|p| unsafe { rd::rd_kafka_topic_partition_available(rkt, *p) } != 0)
        .unwrap_or(start % partitions.max(1));
    sticky.partition.store(next, Relaxed);
    sticky.bytes.store(size, Relaxed);
    next
}

/// Record headers as librdkafka's list (a null value stays null); the caller owns it.
fn native_headers(headers: &[(String, Option<Vec<u8>>)]) -> *mut rd::rd_kafka_headers_t {
    // SAFETY: a new list, filled with copies of names and values that live for each call.
    unsafe {
        let list = rd::rd_kafka_headers_new(headers.len());
        for (name, value) in headers {
            let (ptr, len) = value.as_deref().map_or((std::ptr::null(), 0), |v| {
                (v.as_ptr().cast::<c_void>(), v.len())
            });
            rd::rd_kafka_header_add(
                list,
                name.as_ptr().cast(),
                isize::try_from(name.len()).unwrap_or(isize::MAX),
                ptr,
                isize::try_from(len).unwrap_or(isize::MAX),
            );
        }
        list
    }
}

/// librdkafka's last error on this thread (after a call that returned null).
fn last_error() -> String {
    // SAFETY: rd_kafka_last_error reads a thread-local; rd_kafka_err2str returns a static string.
    unsafe { ffi::owned(rd::rd_kafka_err2str(rd::rd_kafka_last_error())) }.unwrap_or_default()
}

/// The producer's native handle, handed to the flush thread.
#[derive(Clone, Copy)]
struct NativeHandle(*mut rdkafka::bindings::rd_kafka_t);

// SAFETY: librdkafka handles may be used from any thread.
unsafe impl Send for NativeHandle {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::SettingsBuilder;
    use crate::common::ConnectionArgs;

    fn settings(words: &[&str]) -> ClientSettings {
        let conn = ConnectionArgs {
            bootstrap_server: Some("h:1".into()),
            command_config: None,
            command_property: words.iter().map(|w| w.to_string()).collect(),
        };
        java_defaults(SettingsBuilder::new(&conn).build().unwrap())
    }

    #[test]
    fn java_partitioner_and_idempotence_by_default() {
        let s = settings(&[]);
        assert_eq!(s.get("partitioner"), Some("murmur2_random"));
        assert_eq!(s.get("enable.idempotence"), Some("true"));
    }

    #[test]
    fn idempotence_yields_to_conflicting_settings_like_java() {
        assert_eq!(settings(&["acks=1"]).get("enable.idempotence"), None);
        assert_eq!(settings(&["retries=0"]).get("enable.idempotence"), None);
        assert_eq!(
            settings(&["enable.idempotence=false"]).get("enable.idempotence"),
            Some("false")
        );
        assert_eq!(
            settings(&["partitioner=random"]).get("partitioner"),
            Some("random")
        );
    }
}
