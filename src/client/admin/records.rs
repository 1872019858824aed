//! Timestamps of the records at given offsets, read with a short-lived, group-less consumer.
//!
//! ListOffsets answers "which offset has this time" but not "what time has this offset", which
//! lag-in-time needs (how old is the next record a group will read). So we assign the
//! partitions at those offsets, read one record from each, and keep its timestamp.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

use super::super::context::ToolContext;
use super::partitions::TopicPartition;
use super::Admin;

impl Admin {
    /// The timestamp (ms) of the first record at or after each `(partition, offset)`.
    ///
    /// Entries whose record could not be read within the API timeout are left out. The same
    /// partition may appear with several offsets (one read pass per offset).
    pub(crate) fn record_timestamps(
        &self,
        wanted: &[(TopicPartition, i64)],
    ) -> Result<HashMap<(TopicPartition, i64), i64>> {
        let mut found = HashMap::new();
        if wanted.is_empty() {
            return Ok(found);
        }
        // Passes: each assigns every partition at most once.
        let mut by_partition: BTreeMap<&TopicPartition, Vec<i64>> = BTreeMap::new();
        for (tp, offset) in wanted {
            by_partition.entry(tp).or_default().push(*offset);
        }
        let passes = by_partition.values().map(Vec::len).max().unwrap_or(0);
        // librdkafka refuses assign() without a group id; the consumer never joins or commits,
        // so no group is created.
        let consumer: BaseConsumer<ToolContext> = self.settings.create_with(
            ToolContext::new(self.settings.verbose()),
            "consumer that reads record timestamps",
            &[
                ("enable.auto.commit", "false"),
                ("enable.auto.offset.store", "false"),
                ("isolation.level", "read_uncommitted"),
                ("max.partition.fetch.bytes", "65536"),
                ("queued.max.messages.kbytes", "4096"),
                ("group.id", "kafka-tools-record-timestamps"),
            ],
        )?;
        let deadline = Instant::now() + self.settings.api_timeout();
        for pass in 0..passes {
            let mut pending: HashMap<(String, i32), i64> = HashMap::new();
            let mut list = TopicPartitionList::new();
            for (tp, offsets) in &by_partition {
                if let Some(offset) = offsets.get(pass) {
                    list.add_partition_offset(&tp.topic, tp.partition, Offset::Offset(*offset))
                        .context("building the partition list")?;
                    pending.insert((tp.topic.clone(), tp.partition), *offset);
                }
            }
            consumer
                .assign(&list)
                .context("assigning partitions to read record timestamps")?;
            while !pending.is_empty() && Instant::now() < deadline {
                self.check()?;
                let Some(message) = consumer.poll(Duration::from_millis(100)) else {
                    continue;
                };
                let Ok(message) = message else {
                    continue;
                };
                let key = (message.topic().to_string(), message.partition());
                if let Some(offset) = pending.get(&key).copied() {
                    if message.offset() >= offset {
                        if let Some(ts) = message.timestamp().to_millis() {
                            found.insert((TopicPartition::new(key.0.clone(), key.1), offset), ts);
                        }
                        pending.remove(&key);
                    }
                }
            }
        }
        Ok(found)
    }
}
