//! The librdkafka client context shared by every client we create.
//!
//! librdkafka reports connection and authentication problems through its error callback and its
//! log, not through the failing request (which just times out). This context records the first
//! error that means "this cluster cannot be used as configured", so that a waiting operation can
//! fail promptly with that reason instead of a generic timeout; and it shows librdkafka's log
//! lines on stderr only when the user asked for them (the `debug` client property).
#![allow(clippy::print_stderr)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use rdkafka::client::ClientContext;
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::consumer::ConsumerContext;
use rdkafka::error::KafkaError;
use rdkafka::message::{DeliveryResult, Message};
use rdkafka::producer::ProducerContext;
use rdkafka::types::RDKafkaErrorCode;

/// Client context: records fatal connection errors, optionally prints librdkafka's log.
#[derive(Debug, Default)]
pub(crate) struct ToolContext {
    /// Print librdkafka's log lines on stderr.
    verbose: bool,
    /// The first error that makes the cluster unusable (all brokers down, authentication, TLS).
    fatal: Mutex<Option<String>>,
    /// The last connection error of a broker, to say why all brokers are down.
    last_transport_error: Mutex<Option<String>>,
    /// Delivery reports of produced records.
    deliveries: Deliveries,
    /// Partitions assigned and revoked by group rebalances, in order, until the tool reads them.
    rebalances: Mutex<Vec<RebalanceEvent>>,
    /// Assignments made by group rebalances so far.
    assignments: AtomicU64,
    /// The last statistics JSON librdkafka emitted (with `statistics.interval.ms` set), and
    /// how many have been emitted so far.
    stats: Mutex<(u64, Option<String>)>,
    /// The file of a static OAUTHBEARER token, read whenever librdkafka asks for a token.
    token_file: Option<std::path::PathBuf>,
}

/// A group rebalance as the consumer saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RebalanceEvent {
    /// Partitions given to this member.
    Assigned(Vec<(String, i32)>),
    /// Partitions taken away from this member.
    Revoked(Vec<(String, i32)>),
}

/// What the producer's delivery reports said, collected until the tool reads them.
#[derive(Debug, Default)]
pub(crate) struct Deliveries {
    delivered: AtomicU64,
    failed: AtomicU64,
    /// Keep a report for every record (the verifiable producer); otherwise failures only.
    keep_successes: bool,
    reports: Mutex<Vec<DeliveryReport>>,
}

/// The outcome of one produced record.
#[derive(Debug, Clone)]
#[allow(dead_code)] // partition and offset are for the verifiable producer
pub(crate) struct DeliveryReport {
    /// The id the record was sent with.
    pub(crate) id: usize,
    /// Partition it went to.
    pub(crate) partition: i32,
    /// Its offset (-1 when unknown, e.g. acks=0).
    pub(crate) offset: i64,
    /// The error, if delivery failed.
    pub(crate) error: Option<String>,
    /// When the delivery report was served (the benchmark's latency ends here).
    pub(crate) at: std::time::Instant,
}

impl ToolContext {
    /// The same context, reading a static OAUTHBEARER token from `file` when librdkafka asks.
    pub(crate) fn with_token_file(mut self, file: Option<std::path::PathBuf>) -> Self {
        self.token_file = file;
        self
    }

    /// Creates a context; `verbose` prints librdkafka's log lines on stderr.
    pub(crate) fn new(verbose: bool) -> Self {
        Self {
            verbose,
            fatal: Mutex::new(None),
            last_transport_error: Mutex::new(None),
            deliveries: Deliveries::default(),
            rebalances: Mutex::new(Vec::new()),
            assignments: AtomicU64::new(0),
            stats: Mutex::new((0, None)),
            token_file: None,
        }
    }

    /// The number of statistics documents emitted so far and the last one.
    pub(crate) fn statistics(&self) -> (u64, Option<String>) {
        self.stats.lock().map(|s| s.clone()).unwrap_or((0, None))
    }

    /// Creates a context that keeps a delivery report for every record, not just failures.
    pub(crate) fn keeping_successes(verbose: bool) -> Self {
        let mut ctx = Self::new(verbose);
        ctx.deliveries.keep_successes = true;
        ctx
    }

    /// Records delivered and failed so far.
    pub(crate) fn delivery_counts(&self) -> (u64, u64) {
        (
            self.deliveries.delivered.load(Ordering::SeqCst),
            self.deliveries.failed.load(Ordering::SeqCst),
        )
    }

    /// How many assignments group rebalances have made so far.
    pub(crate) fn assignments(&self) -> u64 {
        self.assignments.load(Ordering::SeqCst)
    }

    /// Takes the rebalance events recorded since the last call.
    pub(crate) fn take_rebalances(&self) -> Vec<RebalanceEvent> {
        self.rebalances
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default()
    }

    /// Takes the delivery reports collected since the last call.
    pub(crate) fn take_reports(&self) -> Vec<DeliveryReport> {
        self.deliveries
            .reports
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default()
    }

    /// The recorded fatal error, if any.
    pub(crate) fn fatal_error(&self) -> Option<String> {
        self.fatal.lock().ok().and_then(|guard| guard.clone())
    }

    /// Fails with [`crate::error::cluster_unusable`] once a fatal error was recorded.
    pub(crate) fn check(&self, bootstrap: &str) -> anyhow::Result<()> {
        match self.fatal_error() {
            Some(reason) => Err(crate::error::cluster_unusable(bootstrap, &reason)),
            None => Ok(()),
        }
    }

    fn record(&self, reason: String) {
        if let Ok(mut guard) = self.fatal.lock() {
            guard.get_or_insert(reason);
        }
    }
}

/// Whether an error reported through the error callback makes the cluster unusable.
fn is_fatal(code: RDKafkaErrorCode) -> bool {
    matches!(
        code,
        RDKafkaErrorCode::AllBrokersDown
            | RDKafkaErrorCode::Authentication
            | RDKafkaErrorCode::SaslAuthenticationFailed
            | RDKafkaErrorCode::Resolve
            | RDKafkaErrorCode::SSL
            | RDKafkaErrorCode::UnsupportedSASLMechanism
            | RDKafkaErrorCode::Fatal
            | RDKafkaErrorCode::InvalidArgument
    )
}

impl ClientContext for ToolContext {
    // librdkafka asks for a token only when it has no way of its own (a static token file);
    // an unsecured JWT and OIDC stay librdkafka's.
    const ENABLE_REFRESH_OAUTH_TOKEN: bool = true;

    fn generate_oauth_token(
        &self,
        _oauthbearer_config: Option<&str>,
    ) -> Result<rdkafka::client::OAuthToken, Box<dyn std::error::Error>> {
        let Some(path) = &self.token_file else {
            return Err("no OAUTHBEARER token is configured".into());
        };
        let token = std::fs::read_to_string(path)
            .map_err(|e| {
                format!(
                    "sasl.oauthbearer.token.endpoint.url: cannot read the token file {}: {e}",
                    path.display()
                )
            })?
            .trim()
            .to_string();
        let (sub, exp) = crate::client::native::security::token_claims(&token);
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Ok(rdkafka::client::OAuthToken {
            token,
            principal_name: sub.unwrap_or_else(|| "unknown".to_string()),
            // A token without `exp` is read again after an hour.
            lifetime_ms: exp.map_or(now_ms + 3_600_000, |s| s.saturating_mul(1000)),
        })
    }

    fn stats_raw(&self, statistics: &[u8]) {
        if let Ok(mut stats) = self.stats.lock() {
            stats.0 += 1;
            stats.1 = Some(String::from_utf8_lossy(statistics).into_owned());
        }
    }

    fn log(&self, level: RDKafkaLogLevel, fac: &str, log_message: &str) {
        if self.verbose {
            eprintln!("librdkafka: {level:?} {fac}: {log_message}");
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        if let Some(code) = error.rdkafka_error_code() {
            if code == RDKafkaErrorCode::BrokerTransportFailure {
                // librdkafka reports a rejected server certificate as a transport failure when
                // it notices it while reading rather than in the handshake; it is as final.
                if reason.contains("certificate verify failed") {
                    self.record(describe_fatal(RDKafkaErrorCode::SSL, reason));
                } else if let Ok(mut last) = self.last_transport_error.lock() {
                    *last = Some(reason.to_string());
                }
            } else if is_fatal(code) {
                let last = self
                    .last_transport_error
                    .lock()
                    .ok()
                    .and_then(|guard| guard.clone());
                self.record(describe_fatal_after(code, reason, last.as_deref()));
            }
        }
        if self.verbose {
            eprintln!("librdkafka: error: {error}: {reason}");
        }
    }
}

/// [`describe_fatal`], with the last broker connection error to say why all are down.
///
/// librdkafka's own reason (`N/M brokers are down`) counts at a racy moment (the same refused
/// port reads `0/1` or `1/1`), so it is left out. Without a connection error, every connection
/// was opened and then closed by the broker: what a SASL or TLS listener does to a client that
/// speaks plaintext.
fn describe_fatal_after(code: RDKafkaErrorCode, reason: &str, last: Option<&str>) -> String {
    match (code, last) {
        (RDKafkaErrorCode::AllBrokersDown, Some(last)) => {
            format!("no broker is reachable (last error: {last})")
        }
        (RDKafkaErrorCode::AllBrokersDown, None) => "no broker is reachable: each closed the \
             connection right after it was opened (is security.protocol right? a SASL or SSL \
             listener closes a client that speaks PLAINTEXT)"
            .to_string(),
        _ => describe_fatal(code, reason),
    }
}

/// Turns librdkafka's terse reason into a message that says what went wrong.
fn describe_fatal(code: RDKafkaErrorCode, reason: &str) -> String {
    match code {
        RDKafkaErrorCode::Authentication | RDKafkaErrorCode::SaslAuthenticationFailed => {
            format!("authentication failed: {reason}")
        }
        RDKafkaErrorCode::SSL => format!("TLS handshake failed: {reason}"),
        RDKafkaErrorCode::Resolve => format!("cannot resolve broker address: {reason}"),
        _ => reason.to_string(),
    }
}

impl ProducerContext for ToolContext {
    type DeliveryOpaque = usize;

    fn delivery(&self, result: &DeliveryResult<'_>, id: usize) {
        let d = &self.deliveries;
        let report = match result {
            Ok(msg) => {
                d.delivered.fetch_add(1, Ordering::SeqCst);
                if !d.keep_successes {
                    return;
                }
                DeliveryReport {
                    id,
                    partition: msg.partition(),
                    offset: msg.offset(),
                    error: None,
                    at: std::time::Instant::now(),
                }
            }
            Err((err, msg)) => {
                d.failed.fetch_add(1, Ordering::SeqCst);
                DeliveryReport {
                    id,
                    partition: msg.partition(),
                    offset: -1,
                    error: Some(err.to_string()),
                    at: std::time::Instant::now(),
                }
            }
        };
        if let Ok(mut reports) = d.reports.lock() {
            reports.push(report);
        }
    }
}

/// The topic-partitions of a list, in its order.
fn partitions(tpl: &rdkafka::TopicPartitionList) -> Vec<(String, i32)> {
    tpl.elements()
        .iter()
        .map(|e| (e.topic().to_string(), e.partition()))
        .collect()
}

impl ConsumerContext for ToolContext {
    fn pre_rebalance(
        &self,
        _: &rdkafka::consumer::BaseConsumer<Self>,
        rebalance: &rdkafka::consumer::Rebalance<'_>,
    ) {
        if let rdkafka::consumer::Rebalance::Revoke(tpl) = rebalance {
            if let Ok(mut events) = self.rebalances.lock() {
                events.push(RebalanceEvent::Revoked(partitions(tpl)));
            }
        }
    }

    fn post_rebalance(
        &self,
        _: &rdkafka::consumer::BaseConsumer<Self>,
        rebalance: &rdkafka::consumer::Rebalance<'_>,
    ) {
        if let rdkafka::consumer::Rebalance::Assign(tpl) = rebalance {
            self.assignments.fetch_add(1, Ordering::SeqCst);
            if let Ok(mut events) = self.rebalances.lock() {
                events.push(RebalanceEvent::Assigned(partitions(tpl)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_brokers_down_says_why_and_a_rejected_certificate_is_tls() {
        let ctx = ToolContext::new(false);
        ctx.error(
            KafkaError::Global(RDKafkaErrorCode::BrokerTransportFailure),
            "b:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused",
        );
        ctx.error(
            KafkaError::Global(RDKafkaErrorCode::AllBrokersDown),
            "1/1 brokers are down",
        );
        assert_eq!(
            ctx.fatal_error().as_deref(),
            Some("no broker is reachable (last error: b:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused)")
        );
        let ctx = ToolContext::new(false);
        ctx.error(
            KafkaError::Global(RDKafkaErrorCode::AllBrokersDown),
            "0/1 brokers are down",
        );
        assert!(ctx
            .fatal_error()
            .is_some_and(|f| f.contains("security.protocol") && !f.contains("brokers are down")));
        let ctx = ToolContext::new(false);
        ctx.error(
            KafkaError::Global(RDKafkaErrorCode::BrokerTransportFailure),
            "ssl://b:1/bootstrap: error:0A000086:SSL routines::certificate verify failed",
        );
        ctx.error(
            KafkaError::Global(RDKafkaErrorCode::AllBrokersDown),
            "1/1 brokers are down",
        );
        assert!(ctx
            .fatal_error()
            .is_some_and(|f| f.starts_with("TLS handshake failed: ")));
    }
}
