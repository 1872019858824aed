//! The librdkafka client context shared by every client we create.
//!
//! librdkafka reports connection and authentication problems through its error callback and its
//! log, not through the failing request (which just times out). This context records the first
//! error that means "this cluster cannot be used as configured", so that a waiting operation can
//! fail promptly with that reason instead of a generic timeout; and it shows librdkafka's log
//! lines on stderr only when the user asked for them (the `debug` client property).
#![allow(clippy::print_stderr)]

use std::sync::Mutex;

use rdkafka::client::ClientContext;
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::consumer::ConsumerContext;
use rdkafka::error::KafkaError;
use rdkafka::producer::ProducerContext;
use rdkafka::types::RDKafkaErrorCode;

/// Client context: records fatal connection errors, optionally prints librdkafka's log.
#[derive(Debug, Default)]
pub(crate) struct ToolContext {
    /// Print librdkafka's log lines on stderr.
    verbose: bool,
    /// The first error that makes the cluster unusable (all brokers down, authentication, TLS).
    fatal: Mutex<Option<String>>,
}

impl ToolContext {
    /// Creates a context; `verbose` prints librdkafka's log lines on stderr.
    pub(crate) fn new(verbose: bool) -> Self {
        Self {
            verbose,
            fatal: Mutex::new(None),
        }
    }

    /// The recorded fatal error, if any.
    pub(crate) fn fatal_error(&self) -> Option<String> {
        self.fatal.lock().ok().and_then(|guard| guard.clone())
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
    fn log(&self, level: RDKafkaLogLevel, fac: &str, log_message: &str) {
        if self.verbose {
            eprintln!("librdkafka: {level:?} {fac}: {log_message}");
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        if let Some(code) = error.rdkafka_error_code() {
            if is_fatal(code) {
                self.record(describe_fatal(code, reason));
            }
        }
        if self.verbose {
            eprintln!("librdkafka: error: {error}: {reason}");
        }
    }
}

/// Turns librdkafka's terse reason into a message that says what went wrong.
fn describe_fatal(code: RDKafkaErrorCode, reason: &str) -> String {
    match code {
        RDKafkaErrorCode::AllBrokersDown => {
            format!("no broker is reachable ({reason})")
        }
        RDKafkaErrorCode::Authentication | RDKafkaErrorCode::SaslAuthenticationFailed => {
            format!("authentication failed: {reason}")
        }
        RDKafkaErrorCode::SSL => format!("TLS handshake failed: {reason}"),
        RDKafkaErrorCode::Resolve => format!("cannot resolve broker address: {reason}"),
        _ => reason.to_string(),
    }
}

impl ProducerContext for ToolContext {
    type DeliveryOpaque = ();

    fn delivery(&self, _: &rdkafka::message::DeliveryResult<'_>, _: Self::DeliveryOpaque) {}
}

impl ConsumerContext for ToolContext {}
