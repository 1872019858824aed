//! Admin operations against the cluster, with owned results and bounded waits.
//!
//! All of them run on one producer-type librdkafka handle (as Java's AdminClient is one client)
//! through [`Admin::run`]: our own result queue, polled in short steps, so that every call
//! honours the API timeout, a Ctrl-C, and a fatal connection error (no broker reachable,
//! authentication failed) recorded by the client context: such a call fails at once with that
//! reason rather than waiting for its timeout. rdkafka 0.39 wraps few admin calls and drops the
//! broker's error text, so the calls here go through `rdkafka::bindings` directly
//! (reference rdkafka.md §2).

use std::ffi::c_int;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context as _, Result};
use rdkafka::bindings as rd;
use rdkafka::producer::{BaseProducer, Producer};
use rdkafka::types::RDKafkaErrorCode;

use super::config::ClientSettings;
use super::context::ToolContext;
use super::ffi::{owned, ErrBuf, Guard};
use crate::common::Shutdown;

pub(crate) mod acls;
pub(crate) mod cluster;
pub(crate) mod configs;
pub(crate) mod delegation_tokens;
pub(crate) mod features;
pub(crate) mod groups;
pub(crate) mod offsets;
pub(crate) mod partition_ops;
pub(crate) mod partitions;
pub(crate) mod quorum;
pub(crate) mod quotas;
pub(crate) mod reassign;
mod records;
pub(crate) mod share_groups;
pub(crate) mod streams_groups;
pub(crate) mod topic_partitions;
mod topics;
pub(crate) mod transactions;

pub(crate) use topics::{NewPartitionsSpec, NewTopicSpec, TopicDescription, TopicOutcome};

/// How often a waiting call wakes up to check for errors and signals.
const POLL_STEP: Duration = Duration::from_millis(100);

/// A connected admin handle.
pub(crate) struct Admin {
    client: BaseProducer<ToolContext>,
    settings: ClientSettings,
    shutdown: Shutdown,
    native: std::sync::OnceLock<super::native::Native>,
}

/// A broker as the metadata lists it.
#[derive(Debug, Clone)]
pub(crate) struct BrokerInfo {
    /// Broker id.
    pub(crate) id: i32,
}

/// One partition of a topic, from metadata.
#[derive(Debug, Clone)]
pub(crate) struct PartitionInfo {
    /// Partition number.
    pub(crate) id: i32,
    /// Leader broker id, -1 when there is none.
    #[allow(dead_code)]
    pub(crate) leader: i32,
    /// Replica broker ids.
    #[allow(dead_code)]
    pub(crate) replicas: Vec<i32>,
    /// In-sync replica broker ids.
    #[allow(dead_code)]
    pub(crate) isr: Vec<i32>,
}

/// One topic, from metadata.
#[derive(Debug, Clone)]
pub(crate) struct TopicInfo {
    /// Topic name.
    pub(crate) name: String,
    /// Its partitions, sorted by number.
    #[allow(dead_code)]
    pub(crate) partitions: Vec<PartitionInfo>,
}

/// The cluster as one metadata response describes it.
#[derive(Debug, Clone)]
pub(crate) struct ClusterMetadata {
    /// Brokers, sorted by id.
    pub(crate) brokers: Vec<BrokerInfo>,
    /// Topics, in the broker's order.
    pub(crate) topics: Vec<TopicInfo>,
}

impl Admin {
    /// Creates the admin handle (no request is sent yet).
    pub(crate) fn connect(settings: ClientSettings, shutdown: Shutdown) -> Result<Self> {
        let context = ToolContext::new(settings.verbose());
        let client: BaseProducer<ToolContext> = settings.create(context, "Kafka client")?;
        Ok(Self {
            client,
            settings,
            shutdown,
            native: std::sync::OnceLock::new(),
        })
    }

    /// The native protocol client on the same settings, for the requests librdkafka cannot
    /// send (created on first use; it connects when it first sends).
    pub(crate) fn native(&self) -> Result<super::native::Native> {
        if let Some(native) = self.native.get() {
            return Ok(native.clone());
        }
        let native = super::native::Native::new(&self.settings, self.shutdown.clone(), false)?;
        Ok(self.native.get_or_init(|| native).clone())
    }

    /// Fails if the user asked to stop or the client recorded a fatal connection error.
    fn check(&self) -> Result<()> {
        self.shutdown.check()?;
        super::serve_pending(&self.client);
        self.client.context().check(self.settings.bootstrap())
    }

    fn timeout_error(&self, what: &str) -> anyhow::Error {
        anyhow!(
            "timed out after {} ms {what} (bootstrap servers {}); \
             raise default.api.timeout.ms to wait longer",
            self.settings.api_timeout().as_millis(),
            self.settings.bootstrap()
        )
    }

    /// Fetches the metadata of every topic and broker.
    pub(crate) fn metadata(&self) -> Result<ClusterMetadata> {
        let deadline = Instant::now() + self.settings.api_timeout();
        loop {
            self.check()?;
            let step = deadline
                .saturating_duration_since(Instant::now())
                .min(Duration::from_millis(500));
            match self.client.client().fetch_metadata(None, step) {
                Ok(md) => return Ok(owned_metadata(&md)),
                Err(err) if Instant::now() >= deadline => {
                    return Err(self.timeout_error("fetching metadata")).context(err.to_string())
                }
                Err(_) => continue,
            }
        }
    }

    /// The broker's error for one topic asked for by name (`None` when it is there). A full
    /// metadata request silently leaves out topics the principal may not describe; asking by
    /// name tells "not authorized" apart from "does not exist".
    pub(crate) fn topic_error(&self, name: &str) -> Result<Option<RDKafkaErrorCode>> {
        self.check()?;
        let md = self
            .client
            .client()
            .fetch_metadata(Some(name), self.settings.api_timeout())
            .map_err(|e| anyhow!("fetching metadata for topic '{name}': {e}"))?;
        Ok(md
            .topics()
            .iter()
            .find(|t| t.name() == name)
            .and_then(|t| t.error())
            .map(RDKafkaErrorCode::from))
    }

    /// For a topic that a listing did not show: the refusal, when the reason is a missing ACL
    /// (`None` when it really is absent, or `name` is a pattern rather than a topic name).
    pub(crate) fn refusal_for_missing(&self, name: &str) -> Result<Option<anyhow::Error>> {
        let plain_name = !name.is_empty()
            && name.len() <= 249
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !plain_name {
            return Ok(None);
        }
        Ok(self
            .topic_error(name)?
            .and_then(|code| super::denied(code, Some(name), None)))
    }

    /// Waits (at most [`super::ABSENT_GRACE`]) until the broker we talk to lists every one of
    /// `topics` with at least the given number of partitions (0: any), each with a leader. The
    /// controller answers CreateTopics and CreatePartitions once the change is committed;
    /// brokers learn of it a moment later, so a script that creates a topic and uses it at once
    /// could otherwise be told that it does not exist. Best effort: gives up quietly, since the
    /// change was made either way.
    pub(crate) fn await_visible(&self, topics: &[(&str, usize)]) -> Result<()> {
        let deadline = Instant::now() + super::ABSENT_GRACE;
        while Instant::now() < deadline {
            self.check()?;
            let Ok(md) = self
                .client
                .client()
                .fetch_metadata(None, Duration::from_millis(500))
            else {
                continue;
            };
            let ready = topics.iter().all(|(name, partitions)| {
                md.topics().iter().any(|t| {
                    t.name() == *name
                        && t.error().is_none()
                        && !t.partitions().is_empty()
                        && t.partitions().len() >= *partitions
                        && t.partitions().iter().all(|p| p.leader() >= 0)
                })
            });
            if ready {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    /// Runs `attempt` again (for at most [`super::ABSENT_GRACE`]) while `unknown` says its answer
    /// names a topic the broker does not know yet. For topics just seen in a metadata listing:
    /// the broker answering the follow-up request may learn of a new topic a moment after the
    /// one that listed it, and would otherwise fail the whole command (Java's tools fail so).
    pub(crate) fn while_unknown<T>(
        &self,
        mut attempt: impl FnMut() -> Result<T>,
        unknown: impl Fn(&T) -> bool,
    ) -> Result<T> {
        let deadline = Instant::now() + super::ABSENT_GRACE;
        loop {
            let answer = attempt()?;
            if !unknown(&answer) || Instant::now() >= deadline {
                return Ok(answer);
            }
            self.check()?;
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs one admin operation: submits it with our own queue and waits for its result event.
    ///
    /// `submit` receives the handle, the options and the queue and must enqueue exactly one
    /// request. Returns the result event, whose request-level error has been checked.
    pub(super) fn run(
        &self,
        what: &str,
        op: rd::rd_kafka_admin_op_t,
        expected: i32,
        operation_timeout: bool,
        submit: impl FnOnce(
            *mut rd::rd_kafka_t,
            *const rd::rd_kafka_AdminOptions_t,
            *mut rd::rd_kafka_queue_t,
        ),
    ) -> Result<Guard<rd::rd_kafka_event_t>> {
        self.run_for_group(what, None, op, expected, operation_timeout, submit)
    }

    /// [`Self::run`] for an operation on one consumer group: a refusal names `group`.
    pub(super) fn run_for_group(
        &self,
        what: &str,
        group: Option<&str>,
        op: rd::rd_kafka_admin_op_t,
        expected: i32,
        operation_timeout: bool,
        submit: impl FnOnce(
            *mut rd::rd_kafka_t,
            *const rd::rd_kafka_AdminOptions_t,
            *mut rd::rd_kafka_queue_t,
        ),
    ) -> Result<Guard<rd::rd_kafka_event_t>> {
        self.check()?;
        let rk = self.client.client().native_ptr();
        let timeout = self.settings.api_timeout();
        let millis = c_int::try_from(timeout.as_millis()).unwrap_or(c_int::MAX);
        // SAFETY: rk is alive for self's lifetime; every object created here is owned by a guard.
        unsafe {
            let opts = Guard::new(
                rd::rd_kafka_AdminOptions_new(rk, op),
                rd::rd_kafka_AdminOptions_destroy,
            );
            let mut err = ErrBuf::new();
            if rd::rd_kafka_AdminOptions_set_request_timeout(
                opts.ptr(),
                millis,
                err.as_mut_ptr(),
                err.len(),
            ) != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
            {
                bail!("setting the request timeout: {}", err.message());
            }
            if operation_timeout
                && rd::rd_kafka_AdminOptions_set_operation_timeout(
                    opts.ptr(),
                    millis,
                    err.as_mut_ptr(),
                    err.len(),
                ) != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
            {
                bail!("setting the operation timeout: {}", err.message());
            }
            let queue = Guard::new(rd::rd_kafka_queue_new(rk), rd::rd_kafka_queue_destroy);
            submit(rk, opts.ptr(), queue.ptr());
            let deadline = Instant::now() + timeout + Duration::from_secs(1);
            loop {
                let step = c_int::try_from(POLL_STEP.as_millis()).unwrap_or(100);
                let event = Guard::new(
                    rd::rd_kafka_queue_poll(queue.ptr(), step),
                    rd::rd_kafka_event_destroy,
                );
                if !event.is_null() {
                    let kind = rd::rd_kafka_event_type(event.ptr());
                    if kind != expected {
                        bail!("{what}: unexpected result event type {kind}");
                    }
                    let code = rd::rd_kafka_event_error(event.ptr());
                    if code != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                        let text =
                            owned(rd::rd_kafka_event_error_string(event.ptr())).unwrap_or_default();
                        if let Some(refusal) =
                            super::denied(RDKafkaErrorCode::from(code), None, group)
                        {
                            return Err(refusal.context(what.to_owned()));
                        }
                        if RDKafkaErrorCode::from(code) == RDKafkaErrorCode::OperationTimedOut {
                            self.check()?;
                            return Err(self.timeout_error(what)).context(text);
                        }
                        bail!("{what}: {text}");
                    }
                    return Ok(event);
                }
                self.check()?;
                if Instant::now() >= deadline {
                    return Err(self.timeout_error(what));
                }
            }
        }
    }
}

/// Copies rdkafka's borrowed metadata into owned structs.
fn owned_metadata(md: &rdkafka::metadata::Metadata) -> ClusterMetadata {
    let mut brokers: Vec<BrokerInfo> = md
        .brokers()
        .iter()
        .map(|b| BrokerInfo { id: b.id() })
        .collect();
    brokers.sort_by_key(|b| b.id);
    let topics = md
        .topics()
        .iter()
        .filter(|t| t.error().is_none())
        .map(|t| {
            let mut partitions: Vec<PartitionInfo> = t
                .partitions()
                .iter()
                .map(|p| PartitionInfo {
                    id: p.id(),
                    leader: p.leader(),
                    replicas: p.replicas().to_vec(),
                    isr: p.isr().to_vec(),
                })
                .collect();
            partitions.sort_by_key(|p| p.id);
            TopicInfo {
                name: t.name().to_string(),
                partitions,
            }
        })
        .collect();
    ClusterMetadata { brokers, topics }
}

/// Copies a per-item `rd_kafka_error_t` (owned by the event) into a code and message.
///
/// # Safety
/// `error` must be null or valid for the duration of the call.
pub(super) unsafe fn error_of(
    error: *const rd::rd_kafka_error_t,
) -> Option<(RDKafkaErrorCode, String)> {
    if error.is_null() {
        return None;
    }
    let code = RDKafkaErrorCode::from(rd::rd_kafka_error_code(error));
    if code == RDKafkaErrorCode::NoError {
        return None;
    }
    let text = owned(rd::rd_kafka_error_string(error)).unwrap_or_else(|| code.to_string());
    Some((code, text))
}
