//! The share consumer (KIP-932): joins a share group, fetches acquired records from the
//! partition leaders over share sessions and acknowledges them (accept, release, reject).
//!
//! Built on the native protocol path ([`Native`]): ShareGroupHeartbeat to the group's
//! coordinator (a background task at the interval the broker gives), ShareFetch and
//! ShareAcknowledge to the leaders of the assigned partitions.

#![allow(dead_code)] // until the share tools use every part (issue #16)

use std::time::Duration;

use anyhow::{bail, Result};
use bytes::Bytes;

use super::config::ClientSettings;
use super::native::Native;
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

/// A member of a share group.
pub(crate) struct ShareConsumer {
    #[allow(dead_code)]
    native: Native,
    #[allow(dead_code)]
    mode: AckMode,
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
        let _ = (group, topics, settings);
        let _ = Self { native, mode };
        bail!("the share consumer is not implemented yet")
    }

    /// ShareFetch from the leaders of the assigned partitions (share sessions per leader,
    /// piggybacking pending acknowledgements); returns the acquired records (possibly none
    /// after `timeout`). In Implicit mode the records of the previous poll are accepted first.
    pub(crate) async fn poll(&mut self, timeout: Duration) -> Result<Vec<ShareRecord>> {
        let _ = timeout;
        bail!("the share consumer is not implemented yet")
    }

    /// Explicit mode: records the acknowledgement, sent with the next poll/commit/close.
    pub(crate) fn acknowledge(&mut self, record: &ShareRecord, ack: AckType) -> Result<()> {
        let _ = (record, ack);
        bail!("the share consumer is not implemented yet")
    }

    /// Sends the pending acknowledgements now (ShareAcknowledge) and returns, per
    /// topic-partition, the offsets acknowledged and the error if the broker refused them.
    pub(crate) async fn commit(&mut self) -> Result<Vec<AckResult>> {
        bail!("the share consumer is not implemented yet")
    }

    /// Sends pending acknowledgements, closes the share sessions and leaves the group (member
    /// epoch -1). Works after Ctrl-C / SIGTERM too.
    pub(crate) async fn close(self) -> Result<Vec<AckResult>> {
        bail!("the share consumer is not implemented yet")
    }

    /// The partitions assigned to this member now.
    pub(crate) fn assignment(&self) -> Vec<(String, i32)> {
        Vec::new()
    }
}
