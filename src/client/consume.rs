//! Consuming: subscription or manual assignment, start positions, records as plain data,
//! offsets stored only for records the tool has handled, and end-of-data detection.
//!
//! Owns the consumer handle of the console consumer. A record is handed out as [`InRecord`]
//! borrowing librdkafka's buffers; headers are read through the C API because rdkafka's own
//! accessor panics on a header name that is not UTF-8 (rdkafka.md §3.5).

use std::collections::BTreeMap;
use std::ffi::{c_char, c_void, CStr};
use std::time::Duration;

use anyhow::{anyhow, bail, Context as _, Result};
use rdkafka::bindings as rd;
use rdkafka::consumer::{BaseConsumer, Consumer as _};
use rdkafka::message::BorrowedMessage;
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use rdkafka::types::RDKafkaErrorCode;

use super::config::ClientSettings;
use super::context::ToolContext;
use super::ffi::Guard;
use crate::common::Shutdown;

/// Where a manually assigned partition starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StartAt {
    /// The log start.
    Earliest,
    /// The high watermark.
    Latest,
    /// An absolute offset.
    Offset(i64),
    /// The first record at or after this time (ms since the epoch).
    Time(i64),
}

/// What to read.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// Group subscription to topic names or one `^regex`.
    Subscribe(Vec<String>),
    /// Manual assignment: topic, partitions (None = all), start position.
    Assign {
        topic: String,
        partitions: Option<Vec<i32>>,
        start: StartAt,
    },
}

/// One consumed record, borrowing the consumer's buffers.
pub(crate) struct InRecord<'a> {
    pub(crate) topic: &'a str,
    pub(crate) partition: i32,
    pub(crate) offset: i64,
    /// Timestamp and its type name (`CreateTime`/`LogAppendTime`), if any.
    pub(crate) timestamp: Option<(i64, &'static str)>,
    pub(crate) key: Option<&'a [u8]>,
    pub(crate) value: Option<&'a [u8]>,
    pub(crate) headers: Vec<(Vec<u8>, Option<&'a [u8]>)>,
    /// A share consumer's delivery count (`print.delivery`).
    pub(crate) delivery: Option<i16>,
    /// The leader epoch of the record's batch, when known (`print.epoch`).
    pub(crate) epoch: Option<i32>,
}

/// A consumer for one console-consumer run.
pub(crate) struct Consumer {
    /// Records taken in batches, when on ([`Consumer::take_batches`]); declared before
    /// `inner`: its messages and queues are released before the client is destroyed.
    batch: Option<Batch>,
    inner: BaseConsumer<ToolContext>,
    settings: ClientSettings,
    shutdown: Shutdown,
    /// High watermarks recorded when each partition was first seen (for `--to-end`).
    end_marks: BTreeMap<(String, i32), i64>,
    /// Where reading a partition starts, resolved for `--to-end` while no record of it has been
    /// consumed (librdkafka reports no position until then).
    start_marks: BTreeMap<(String, i32), i64>,
    /// The start of a manual assignment (None: a subscription, which starts at the group's
    /// committed offset or else where `auto.offset.reset` says).
    assigned_start: Option<StartAt>,
    /// For a start by time: the offsets the broker gave for that time.
    time_starts: BTreeMap<(String, i32), Offset>,
    /// What was subscribed or assigned, for error messages.
    topics: Vec<String>,
    /// The last handled offset per partition, not yet stored (storing costs an allocation and
    /// a lock, too much per record; see [`Consumer::store_pending`]).
    pending: std::cell::RefCell<Vec<(String, i32, i64)>>,
}

impl Consumer {
    /// Creates the consumer (offsets are stored by the tool, not on poll).
    pub(crate) fn connect(settings: ClientSettings, shutdown: Shutdown) -> Result<Self> {
        // Java's consumer asks the broker to create a missing topic it subscribes to or is
        // assigned (allow.auto.create.topics, true by default); the broker does when its
        // auto.create.topics.enable is true. librdkafka's consumer default is false.
        let auto_create = if settings.auto_create_topics() {
            "true"
        } else {
            "false"
        };
        let mut settings = settings
            .with("enable.auto.offset.store", "false")
            .with("allow.auto.create.topics", auto_create);
        if settings.get("fetch.queue.backoff.ms").is_none() {
            // When the local queue holds queued.min.messages, librdkafka pauses fetching for
            // fetch.queue.backoff.ms, 1000 ms by default: a fast reader then waits a second for
            // every 100,000 records.
            settings = settings.with("fetch.queue.backoff.ms", "10");
        }
        let inner: BaseConsumer<ToolContext> =
            settings.create(ToolContext::new(settings.verbose()), "consumer")?;
        Ok(Self {
            batch: None,
            inner,
            settings,
            shutdown,
            end_marks: BTreeMap::new(),
            start_marks: BTreeMap::new(),
            assigned_start: None,
            time_starts: BTreeMap::new(),
            topics: Vec::new(),
            pending: std::cell::RefCell::new(Vec::new()),
        })
    }

    fn check_fatal(&self) -> Result<()> {
        self.inner.context().check(self.settings.bootstrap())
    }

    /// The partitions of `topic` (fails if the topic does not exist).
    fn partitions_of(&self, topic: &str) -> Result<Vec<i32>> {
        let bootstrap = self.settings.bootstrap();
        let timeout = self.settings.api_timeout();
        super::topic_partitions(self.inner.client(), topic, timeout, bootstrap, || {
            self.check_fatal()?;
            self.shutdown.check()
        })?
        .ok_or_else(|| anyhow!("{}", super::not_created(topic)))
    }

    /// Serves every event waiting before anything is assigned (with `debug` on, a burst of log
    /// lines; an error event among them is recorded by the context as the poll loop would).
    fn serve_events(&self) {
        use rdkafka::ClientContext as _;
        // Bounded, so that a client flooding its own queue cannot keep us here.
        for _ in 0..100_000 {
            match self.inner.poll(Duration::ZERO) {
                None => return,
                Some(Err(e)) => {
                    let reason = e.to_string();
                    self.inner.context().error(e, &reason);
                }
                Some(Ok(_)) => {}
            }
        }
    }

    /// Asks for `topic`'s metadata before subscribing (the broker creates a missing topic when
    /// it allows that). Nothing is assigned yet, so polling here serves only events: an
    /// authentication failure then ends the wait at once. A refusal for lack of an ACL is left
    /// to the subscription, which reports the group first, as Java's consumer does.
    fn ask_to_create(&self, topic: &str) -> Result<()> {
        let bootstrap = self.settings.bootstrap();
        // Bounded: when the metadata cannot be had (an error event the poll loop reports
        // better, e.g. an authentication failure behind a burst of debug log lines), the
        // subscription goes ahead and says why.
        let timeout = self.settings.api_timeout().min(Duration::from_secs(5));
        let found = super::topic_partitions(self.inner.client(), topic, timeout, bootstrap, || {
            self.serve_events();
            self.check_fatal()?;
            self.shutdown.check()
        });
        match found {
            Ok(Some(_)) => Ok(()),
            Ok(None) if !self.settings.auto_create_topics() => Err(anyhow!(
                "topic '{topic}' does not exist (allow.auto.create.topics=false: not asking the \
                 broker to create it); create it with kafka-topics --create"
            )),
            Ok(None) => Err(anyhow!("{}", super::not_created(topic))),
            Err(e) if e.downcast_ref::<crate::error::Refused>().is_some() => Ok(()),
            Err(e) if crate::error::is_fatal(&e) => Err(e),
            Err(e) if e.downcast_ref::<crate::error::Interrupted>().is_some() => Err(e),
            // A refusal, a timeout: the subscription reports it (the group first, as Java).
            Err(_) => Ok(()),
        }
    }

    /// Subscribes or assigns as `source` says.
    pub(crate) fn start(&mut self, source: &Source) -> Result<()> {
        match source {
            Source::Subscribe(topics) => {
                // librdkafka's subscription asks for auto-creation only for topics it already
                // holds a handle of; Java's consumer asks for every subscribed name. A metadata
                // request for each name (a regex starts with `^`) asks as Java does, and fails
                // fast when the broker will not create it.
                for topic in topics.iter().filter(|t| !t.starts_with('^')) {
                    self.ask_to_create(topic)?;
                }
                self.topics = topics.clone();
                let names: Vec<&str> = topics.iter().map(String::as_str).collect();
                self.inner.subscribe(&names).context("subscribing")
            }
            Source::Assign {
                topic,
                partitions,
                start,
            } => {
                self.topics = vec![topic.clone()];
                let all = self.partitions_of(topic)?;
                let chosen = match partitions {
                    Some(p) => {
                        if let Some(bad) = p.iter().find(|p| !all.contains(p)) {
                            bail!("topic '{topic}' has no partition {bad}");
                        }
                        p.clone()
                    }
                    None => all,
                };
                let mut tpl = TopicPartitionList::new();
                for p in &chosen {
                    let offset = match start {
                        StartAt::Earliest => Offset::Beginning,
                        StartAt::Latest => Offset::End,
                        StartAt::Offset(o) => Offset::Offset(*o),
                        StartAt::Time(ts) => Offset::Offset(*ts),
                    };
                    tpl.add_partition_offset(topic, *p, offset)
                        .context("building the assignment")?;
                }
                if let StartAt::Time(_) = start {
                    tpl = self
                        .inner
                        .offsets_for_times(tpl, self.settings.api_timeout())
                        .context("looking up offsets for the start time")?;
                    for elem in tpl.elements() {
                        self.time_starts
                            .insert((elem.topic().to_string(), elem.partition()), elem.offset());
                    }
                }
                self.assigned_start = Some(*start);
                self.inner.assign(&tpl).context("assigning partitions")
            }
        }
    }

    /// Assigns every partition of `topic` at its current end, resolved now (a record produced
    /// after this returns is read; librdkafka's own `latest` resolves later, too late for a
    /// record sent at once). Returns the partitions.
    pub(crate) fn assign_at_end(&mut self, topic: &str) -> Result<Vec<i32>> {
        self.topics = vec![topic.to_string()];
        let partitions = self.partitions_of(topic)?;
        let mut tpl = TopicPartitionList::new();
        for p in &partitions {
            let (_, high) = self
                .inner
                .fetch_watermarks(topic, *p, self.settings.api_timeout())
                .with_context(|| format!("reading the end of {topic}-{p}"))?;
            tpl.add_partition_offset(topic, *p, Offset::Offset(high))
                .context("building the assignment")?;
        }
        self.assigned_start = Some(StartAt::Latest);
        self.inner.assign(&tpl).context("assigning partitions")?;
        Ok(partitions)
    }

    /// Statistics emitted so far (a count) and the last librdkafka statistics JSON, when
    /// `statistics.interval.ms` is set.
    pub(crate) fn statistics(&self) -> (u64, Option<String>) {
        self.inner.context().statistics()
    }

    /// Takes records from librdkafka in batches from now on instead of one event per record
    /// (rdkafka's poll): a third of the consumer's CPU time went into the poll and the event of
    /// each record.
    ///
    /// The assigned partitions' fetch queues are forwarded to a queue of ours, read with
    /// `rd_kafka_consume_batch_queue`; group rebalances and client errors stay on the consumer
    /// queue, which rdkafka's poll serves as before (librdkafka's batch call would answer a
    /// rebalance there by unassigning everything, as rdkafka takes rebalances as events).
    pub(crate) fn take_batches(&mut self) {
        let rk = self.inner.client().native_ptr();
        // SAFETY: a live client; each reference is released by its guard.
        let (queue, consumer_queue) = unsafe {
            (
                Guard::new(rd::rd_kafka_queue_new(rk), rd::rd_kafka_queue_destroy),
                Guard::new(
                    rd::rd_kafka_queue_get_consumer(rk),
                    rd::rd_kafka_queue_destroy,
                ),
            )
        };
        if queue.is_null() || consumer_queue.is_null() {
            return;
        }
        self.batch = Some(Batch {
            queue,
            consumer_queue,
            taken: std::cell::RefCell::new(std::collections::VecDeque::new()),
            forwarded: std::cell::RefCell::new(std::collections::HashSet::new()),
            seen: std::cell::Cell::new(u64::MAX),
        });
    }

    /// Waits up to `timeout` for the next record; `Ok(None)` when none arrived.
    pub(crate) fn poll(&self, timeout: Duration) -> Result<Option<Fetched<'_>>> {
        let Some(batch) = &self.batch else {
            return self.poll_one(timeout);
        };
        if let Some(ptr) = batch.taken.borrow_mut().pop_front() {
            return self.taken(ptr);
        }
        self.forward_assigned(batch)?;
        let forwarding = !batch.forwarded.borrow().is_empty();
        // SAFETY: a live queue reference.
        let waiting = unsafe { rd::rd_kafka_queue_length(batch.consumer_queue.ptr()) } > 0;
        if waiting || !forwarding {
            // The consumer queue first: rebalances, errors, and the records fetched before
            // their partition was forwarded, which come before anything forwarded after.
            let got = self.poll_one(if forwarding { Duration::ZERO } else { timeout })?;
            if got.is_some() || !forwarding {
                return Ok(got);
            }
        }
        let mut taken = [std::ptr::null_mut::<rd::rd_kafka_message_t>(); BATCH];
        let wait = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: a live queue and room for BATCH messages, each ours to destroy.
        let n = unsafe {
            rd::rd_kafka_consume_batch_queue(batch.queue.ptr(), wait, taken.as_mut_ptr(), BATCH)
        };
        let n = usize::try_from(n).unwrap_or(0).min(BATCH);
        let mut queue = batch.taken.borrow_mut();
        queue.extend(&taken[..n]);
        match queue.pop_front() {
            Some(ptr) => {
                drop(queue);
                self.taken(ptr)
            }
            None => {
                self.check_fatal()?;
                Ok(None)
            }
        }
    }

    /// Forwards the fetch queue of every newly assigned partition to the batch queue (once
    /// per partition: librdkafka keeps an application's forwarding across reassignments).
    fn forward_assigned(&self, batch: &Batch) -> Result<()> {
        let assignments = self.inner.context().assignments();
        if batch.seen.get() == assignments {
            return Ok(());
        }
        batch.seen.set(assignments);
        let assignment = self.inner.assignment().context("reading the assignment")?;
        let rk = self.inner.client().native_ptr();
        for elem in assignment.elements() {
            let key = (elem.topic().to_string(), elem.partition());
            if batch.forwarded.borrow().contains(&key) {
                continue;
            }
            let topic = super::ffi::cstring(elem.topic())?;
            // SAFETY: a live client and NUL-terminated name; the partition queue reference is
            // released at once (the forwarding stays with the partition's fetch queue).
            unsafe {
                let partition = rd::rd_kafka_queue_get_partition(rk, topic.as_ptr(), key.1);
                if partition.is_null() {
                    continue;
                }
                rd::rd_kafka_queue_forward(partition, batch.queue.ptr());
                rd::rd_kafka_queue_destroy(partition);
            }
            batch.forwarded.borrow_mut().insert(key);
        }
        Ok(())
    }

    /// A message taken in a batch: the record, or its error handled as [`Consumer::poll_one`]
    /// handles errors.
    fn taken(&self, ptr: *mut rd::rd_kafka_message_t) -> Result<Option<Fetched<'_>>> {
        let taken = Taken {
            ptr,
            _consumer: std::marker::PhantomData,
        };
        // SAFETY: a message librdkafka handed over, alive until `taken` drops.
        let err = unsafe { (*ptr).err };
        if err == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            return Ok(Some(Fetched::Taken(taken)));
        }
        // SAFETY: as above; librdkafka's text for the message's error.
        let text =
            unsafe { super::ffi::owned(rd::rd_kafka_message_errstr(ptr)) }.unwrap_or_default();
        drop(taken);
        self.check_fatal()?;
        self.fetch_error(RDKafkaErrorCode::from(err), &text)
    }

    /// rdkafka's poll: one record or event, waiting up to `timeout`.
    fn poll_one(&self, timeout: Duration) -> Result<Option<Fetched<'_>>> {
        match self.inner.poll(timeout) {
            None => {
                self.check_fatal()?;
                Ok(None)
            }
            Some(Ok(msg)) => Ok(Some(Fetched::Borrowed(msg))),
            Some(Err(e)) => {
                self.check_fatal()?;
                // Partition EOF and transient fetch errors are not the end of the run.
                let Some(code) = e.rdkafka_error_code() else {
                    return Ok(None);
                };
                self.fetch_error(code, &e.to_string())
            }
        }
    }

    /// What a consumer error means for the run: a refusal or a missing topic ends it; partition
    /// EOF and transient fetch errors do not.
    fn fetch_error(&self, code: RDKafkaErrorCode, text: &str) -> Result<Option<Fetched<'_>>> {
        let only_topic = match self.topics.as_slice() {
            [topic] => Some(topic.as_str()),
            _ => None,
        };
        if let Some(refusal) = super::denied(code, only_topic, self.settings.get("group.id")) {
            return Err(refusal);
        }
        if code == RDKafkaErrorCode::UnknownTopicOrPartition {
            if let Some(topic) = only_topic {
                bail!("{}", super::not_created(topic));
            }
            return Err(anyhow!("{text}"));
        }
        Ok(None)
    }

    /// Commits `next offset to read` per partition, synchronously.
    pub(crate) fn commit(&self, offsets: &[(String, i32, i64)]) -> Result<()> {
        let mut tpl = TopicPartitionList::new();
        for (topic, partition, offset) in offsets {
            tpl.add_partition_offset(topic, *partition, Offset::Offset(*offset))
                .context("building the commit")?;
        }
        self.inner
            .commit(&tpl, rdkafka::consumer::CommitMode::Sync)
            .map_err(|e| anyhow!("{e}"))
    }

    /// The rebalance events since the last call (assigned, revoked), in order.
    pub(crate) fn take_rebalances(&self) -> Vec<super::context::RebalanceEvent> {
        self.inner.context().take_rebalances()
    }

    /// Stores what was handled, leaves the group (committing) and closes the consumer; returns
    /// the rebalance events of the close.
    pub(crate) fn close(self) -> (Result<()>, Vec<super::context::RebalanceEvent>) {
        let stored = self.store_pending();
        let context = std::sync::Arc::clone(self.inner.context());
        drop(self.batch);
        drop(self.inner);
        (stored, context.take_rebalances())
    }

    /// Marks a record as handled, so that the group's next commit includes it (the offset is
    /// stored at the next [`Consumer::store_pending`], at the latest when the consumer closes).
    pub(crate) fn handled(&self, topic: &str, partition: i32, offset: i64) {
        let mut pending = self.pending.borrow_mut();
        match pending
            .iter_mut()
            .find(|(t, p, _)| *p == partition && t == topic)
        {
            Some(entry) => entry.2 = offset,
            None => pending.push((topic.to_string(), partition, offset)),
        }
    }

    /// Stores the offsets of the handled records for the next commit.
    pub(crate) fn store_pending(&self) -> Result<()> {
        let pending: Vec<(String, i32, i64)> = self.pending.borrow_mut().drain(..).collect();
        if pending.is_empty() {
            return Ok(());
        }
        let mut tpl = TopicPartitionList::new();
        for (topic, partition, offset) in pending {
            tpl.add_partition_offset(&topic, partition, Offset::Offset(offset + 1))
                .context("building the offsets to store")?;
        }
        self.inner
            .store_offsets(&tpl)
            .map_err(|e| anyhow!("storing offsets: {e}"))
    }

    /// Whether every assigned partition has reached the high watermark it had when first seen
    /// (the position passes transaction markers too, so a trailing marker does not block this).
    pub(crate) fn reached_end(&mut self) -> Result<bool> {
        if self
            .batch
            .as_ref()
            .is_some_and(|b| !b.taken.borrow().is_empty())
        {
            // Taken in a batch, not handed out yet: librdkafka's position is already past them.
            return Ok(false);
        }
        let assignment = self.inner.assignment().context("reading the assignment")?;
        if assignment.count() == 0 {
            return Ok(false);
        }
        for elem in assignment.elements() {
            let key = (elem.topic().to_string(), elem.partition());
            if !self.end_marks.contains_key(&key) {
                let (_, high) = self
                    .inner
                    .fetch_watermarks(elem.topic(), elem.partition(), self.settings.api_timeout())
                    .with_context(|| {
                        format!("reading the end of {}-{}", elem.topic(), elem.partition())
                    })?;
                self.end_marks.insert(key, high);
            }
        }
        let positions = self.inner.position().context("reading positions")?;
        for elem in positions.elements() {
            let key = (elem.topic().to_string(), elem.partition());
            let Some(&end) = self.end_marks.get(&key) else {
                continue;
            };
            let position = match elem.offset() {
                Offset::Offset(o) => o,
                // Nothing consumed from it yet: it is at its end if reading starts there.
                _ => self.start_of(&key)?,
            };
            if position < end {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Where reading `(topic, partition)` starts, as librdkafka resolves it: the assignment's
    /// start, or for a subscription the group's committed offset, and where that is missing or
    /// out of range, `auto.offset.reset`.
    fn start_of(&mut self, key: &(String, i32)) -> Result<i64> {
        if let Some(&start) = self.start_marks.get(key) {
            return Ok(start);
        }
        let (topic, partition) = (key.0.as_str(), key.1);
        let timeout = self.settings.api_timeout();
        let (low, high) = self
            .inner
            .fetch_watermarks(topic, partition, timeout)
            .with_context(|| format!("reading the start of {topic}-{partition}"))?;
        let reset = match self.settings.get("auto.offset.reset") {
            Some("earliest" | "smallest" | "beginning") => low,
            _ => high,
        };
        let in_range = |o: i64| if (low..=high).contains(&o) { o } else { reset };
        let start = match self.assigned_start {
            Some(StartAt::Earliest) => low,
            Some(StartAt::Latest) => high,
            Some(StartAt::Offset(o)) => in_range(o),
            Some(StartAt::Time(_)) => match self.time_starts.get(key) {
                Some(Offset::Offset(o)) => in_range(*o),
                _ => high,
            },
            None => {
                let mut tpl = TopicPartitionList::new();
                tpl.add_partition(topic, partition);
                let committed = self
                    .inner
                    .committed_offsets(tpl, timeout)
                    .with_context(|| {
                        format!("reading the group's offset of {topic}-{partition}")
                    })?;
                match committed
                    .find_partition(topic, partition)
                    .map(|e| e.offset())
                {
                    Some(Offset::Offset(o)) => in_range(o),
                    _ => reset,
                }
            }
        };
        self.start_marks.insert(key.clone(), start);
        Ok(start)
    }
}

/// Records taken from librdkafka per batch call.
const BATCH: usize = 1000;

/// The batch queue of [`Consumer::take_batches`].
struct Batch {
    /// Our queue, to which the assigned partitions' fetch queues are forwarded (owned).
    queue: Guard<rd::rd_kafka_queue_t>,
    /// A reference to the consumer queue (to see whether it holds anything).
    consumer_queue: Guard<rd::rd_kafka_queue_t>,
    /// Messages taken and not yet handed out, in order.
    taken: std::cell::RefCell<std::collections::VecDeque<*mut rd::rd_kafka_message_t>>,
    /// The partitions forwarded so far.
    forwarded: std::cell::RefCell<std::collections::HashSet<(String, i32)>>,
    /// The client's assignment count when the assignment was last read.
    seen: std::cell::Cell<u64>,
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Before the queues, which as fields drop after this.
        for ptr in self.taken.get_mut().drain(..) {
            // SAFETY: a message owned here, released once.
            unsafe { rd::rd_kafka_message_destroy(ptr) };
        }
    }
}

/// A message taken in a batch; destroyed on drop.
pub(crate) struct Taken<'a> {
    ptr: *mut rd::rd_kafka_message_t,
    _consumer: std::marker::PhantomData<&'a Consumer>,
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        // SAFETY: librdkafka handed the message over; destroyed once, here.
        unsafe { rd::rd_kafka_message_destroy(self.ptr) }
    }
}

/// A record from [`Consumer::poll`]: rdkafka's message or one taken in a batch.
pub(crate) enum Fetched<'a> {
    /// From rdkafka's poll.
    Borrowed(BorrowedMessage<'a>),
    /// From a batch.
    Taken(Taken<'a>),
}

impl Fetched<'_> {
    fn raw(&self) -> &rd::rd_kafka_message_t {
        let ptr = match self {
            Fetched::Borrowed(msg) => msg.ptr(),
            Fetched::Taken(taken) => taken.ptr,
        };
        // SAFETY: the message is alive as long as self.
        unsafe { &*ptr }
    }

    /// The record's topic.
    pub(crate) fn topic(&self) -> &str {
        // SAFETY: the message holds its topic; the name is NUL-terminated and lives as long.
        unsafe { CStr::from_ptr(rd::rd_kafka_topic_name(self.raw().rkt)) }
            .to_str()
            .unwrap_or_default()
    }

    /// The record's partition.
    pub(crate) fn partition(&self) -> i32 {
        self.raw().partition
    }

    /// The record's offset.
    pub(crate) fn offset(&self) -> i64 {
        self.raw().offset
    }

    /// The record's key, None when null.
    pub(crate) fn key(&self) -> Option<&[u8]> {
        let raw = self.raw();
        // SAFETY: key and length describe memory the message owns.
        (!raw.key.is_null())
            .then(|| unsafe { std::slice::from_raw_parts(raw.key.cast::<u8>(), raw.key_len) })
    }

    /// The record's value, None when null.
    pub(crate) fn payload(&self) -> Option<&[u8]> {
        let raw = self.raw();
        // SAFETY: payload and length describe memory the message owns.
        (!raw.payload.is_null())
            .then(|| unsafe { std::slice::from_raw_parts(raw.payload.cast::<u8>(), raw.len) })
    }

    /// The record's timestamp and its kind.
    fn timestamp(&self) -> Option<(i64, &'static str)> {
        let mut kind = rd::rd_kafka_timestamp_type_t::RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
        // SAFETY: a live message.
        let at =
            unsafe { rd::rd_kafka_message_timestamp(std::ptr::from_ref(self.raw()), &mut kind) };
        match kind {
            rd::rd_kafka_timestamp_type_t::RD_KAFKA_TIMESTAMP_CREATE_TIME => {
                Some((at, "CreateTime"))
            }
            rd::rd_kafka_timestamp_type_t::RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME => {
                Some((at, "LogAppendTime"))
            }
            rd::rd_kafka_timestamp_type_t::RD_KAFKA_TIMESTAMP_NOT_AVAILABLE => None,
        }
    }
}

/// Reads a message into an [`InRecord`].
pub(crate) fn in_record<'a>(msg: &'a Fetched<'a>) -> InRecord<'a> {
    in_record_with(msg, true)
}

/// Reads a message into an [`InRecord`], its headers only when `headers` is set (librdkafka
/// parses them into a new buffer on every call, even when there are none: an eighth of the
/// console consumer's CPU time when nothing prints them).
pub(crate) fn in_record_with<'a>(msg: &'a Fetched<'a>, headers: bool) -> InRecord<'a> {
    InRecord {
        topic: msg.topic(),
        partition: msg.partition(),
        offset: msg.offset(),
        timestamp: msg.timestamp(),
        key: msg.key(),
        value: msg.payload(),
        headers: if headers {
            raw_headers(msg)
        } else {
            Vec::new()
        },
        delivery: None,
        epoch: None,
    }
}

/// Headers through the C API: names as bytes (never panics), values borrowed.
fn raw_headers<'a>(msg: &'a Fetched<'a>) -> Vec<(Vec<u8>, Option<&'a [u8]>)> {
    let mut out = Vec::new();
    // SAFETY: the message is alive for 'a; header memory belongs to it.
    unsafe {
        let mut hdrs: *mut rd::rd_kafka_headers_t = std::ptr::null_mut();
        if rd::rd_kafka_message_headers(std::ptr::from_ref(msg.raw()), &mut hdrs)
            != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
            || hdrs.is_null()
        {
            return out;
        }
        let mut idx = 0;
        loop {
            let mut name: *const c_char = std::ptr::null();
            let mut value: *const c_void = std::ptr::null();
            let mut size = 0usize;
            if rd::rd_kafka_header_get_all(hdrs, idx, &mut name, &mut value, &mut size)
                != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
            {
                break;
            }
            let name = if name.is_null() {
                Vec::new()
            } else {
                CStr::from_ptr(name).to_bytes().to_vec()
            };
            let value =
                (!value.is_null()).then(|| std::slice::from_raw_parts(value.cast::<u8>(), size));
            out.push((name, value));
            idx += 1;
        }
    }
    out
}
