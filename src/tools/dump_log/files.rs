//! The files beside a segment: offset index (`.index`), time index (`.timeindex`), transaction
//! index (`.txnindex`) and producer state snapshot (`.snapshot`).

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _, Result};
use serde_json::{json, Value};

use super::batch::{Batch, BatchReader};
use super::{absolute, entry, exists, file_name, start_offset, Options, Problems, Sink};

const OFFSET_ENTRY: u64 = 8;
const TIME_ENTRY: u64 = 12;
const TXN_ENTRY: u64 = 34;

/// The file with the same base name and another suffix, in the same directory.
fn sibling(path: &str, suffix: &str) -> PathBuf {
    let name = file_name(path);
    let stem = name.split('.').next().unwrap_or_default();
    let dir = Path::new(path).parent().unwrap_or_else(|| Path::new(""));
    dir.join(format!("{stem}{suffix}"))
}

/// An offset index read in place: entry `i` is (base + relative offset, position).
pub(crate) struct OffsetIndex {
    file: Option<File>,
    pub(crate) base: i64,
    pub(crate) entries: u64,
    pub(crate) len: u64,
}

impl OffsetIndex {
    /// Opens `path`; a missing file is an empty index (Java would create it; we write nothing).
    pub(crate) fn open(path: &Path, base: i64) -> Result<Self> {
        if !exists(path) {
            return Ok(Self {
                file: None,
                base,
                entries: 0,
                len: 0,
            });
        }
        let file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
        let len = file.metadata()?.len();
        Ok(Self {
            file: Some(file),
            base,
            entries: len / OFFSET_ENTRY,
            len,
        })
    }

    pub(crate) fn entry(&self, i: u64) -> Result<(i64, u32)> {
        let mut b = [0u8; 8];
        if let Some(f) = &self.file {
            f.read_exact_at(&mut b, i * OFFSET_ENTRY)?;
        }
        let rel = i32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        let pos = u32::from_be_bytes([b[4], b[5], b[6], b[7]]);
        Ok((self.base.wrapping_add(i64::from(rel)), pos))
    }

    /// The position of the largest entry at or before `target` (Kafka's `OffsetIndex.lookup`,
    /// with its warm/hot split of the binary search), 0 when there is none.
    pub(crate) fn lookup(&self, target: i64) -> Result<u32> {
        if self.entries == 0 {
            return Ok(0);
        }
        let n = self.entries as i64;
        let warm = (8192 / OFFSET_ENTRY) as i64;
        let first_hot = (n - 1 - warm).max(0);
        let search = |lo: i64, hi: i64| -> Result<i64> {
            let (mut lo, mut hi) = (lo, hi);
            while lo < hi {
                let mid = ((lo + hi + 1) as u64 >> 1) as i64;
                let (offset, _) = self.entry(mid as u64)?;
                match offset.cmp(&target) {
                    std::cmp::Ordering::Greater => hi = mid - 1,
                    std::cmp::Ordering::Less => lo = mid,
                    std::cmp::Ordering::Equal => return Ok(mid),
                }
            }
            Ok(lo)
        };
        let slot = if self.entry(first_hot as u64)?.0 < target {
            search(first_hot, n - 1)?
        } else if self.entry(0)?.0 > target {
            -1
        } else {
            search(0, first_hot)?
        };
        if slot < 0 {
            return Ok(0);
        }
        Ok(self.entry(slot as u64)?.1)
    }

    /// Kafka's `OffsetIndex.sanityCheck`.
    fn sanity_check(&self, abs: &str) -> Result<()> {
        let last = if self.entries == 0 {
            self.base
        } else {
            self.entry(self.entries - 1)?.0
        };
        if self.entries != 0 && last < self.base {
            return Err(anyhow!(
                "Corrupt index found, index file ({abs}) has non-zero size but the last offset is {last} which is less than the base offset {}.",
                self.base
            ));
        }
        if self.len % OFFSET_ENTRY != 0 {
            return Err(anyhow!(
                "Index file {abs} is corrupt, found {} bytes which is neither positive nor a multiple of {OFFSET_ENTRY}.",
                self.len
            ));
        }
        Ok(())
    }
}

/// The first batch at `position` of the log file within `limit` bytes.
fn first_batch(log: &mut File, log_len: u64, position: u64, limit: u64) -> Result<Option<Batch>> {
    log.seek(SeekFrom::Start(position))?;
    let end = log_len.min(position.saturating_add(limit));
    let mut reader = BatchReader::new(BufReader::new(&mut *log), position, end, "log");
    reader.next_batch().map_err(|e| anyhow!("{e}"))
}

fn open_log(path: &str) -> Result<(File, u64)> {
    let log = sibling(path, ".log");
    let file = File::open(&log)
        .with_context(|| format!("{} (the segment of {path}): cannot open", log.display()))?;
    let len = file.metadata()?.len();
    Ok((file, len))
}

pub(super) fn dump_index(
    sink: &mut Sink<'_>,
    path: &str,
    opts: &Options,
    problems: &mut Problems,
) -> Result<()> {
    let base = start_offset(path)?;
    let (mut log, log_len) = open_log(path)?;
    let index = OffsetIndex::open(Path::new(path), base)?;
    if !exists(Path::new(path)) {
        return Err(anyhow!("{path}: No such file or directory"));
    }
    if index.entries == 0 {
        sink.text(&format!("{path} is empty."))?;
        return sink.json(json!({"empty": true}));
    }
    let abs = absolute(path);
    if opts.sanity_only {
        index.sanity_check(&abs)?;
        sink.text(&format!("{path} passed sanity check."))?;
        return sink.json(json!({"sanityCheck": "passed"}));
    }
    let mut entries = BufReader::with_capacity(64 * 1024, File::open(path)?);
    for i in 0..index.entries {
        let mut b = [0u8; 8];
        entries.read_exact(&mut b)?;
        let offset = base.wrapping_add(i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]])));
        let position = u32::from_be_bytes([b[4], b[5], b[6], b[7]]);
        // A sparse, preallocated file: the first zero entry ends it.
        if offset == base && i > 0 {
            break;
        }
        let limit = u64::try_from(opts.max_message_size).unwrap_or(0);
        let batch = first_batch(&mut log, log_len, u64::from(position), limit)
            .with_context(|| format!("{path}: index entry {i} (offset {offset}, position {position})"))?
            .ok_or_else(|| {
                anyhow!("{path}: no batch at position {position} of the log within --max-message-size {} (index entry {i}, offset {offset}): java.util.NoSuchElementException", opts.max_message_size)
            })?;
        if batch.last_offset() != offset {
            entry(&mut problems.index_mismatches, &abs).insert(offset, batch.last_offset());
        }
        if !opts.verify_only {
            sink.text(&format!("offset: {offset} position: {position}"))?;
            sink.json(json!({"offset": offset, "position": position}))?;
        }
    }
    Ok(())
}

pub(super) fn dump_time_index(
    sink: &mut Sink<'_>,
    path: &str,
    opts: &Options,
    problems: &mut Problems,
) -> Result<()> {
    let base = start_offset(path)?;
    let (mut log, log_len) = open_log(path)?;
    let index = OffsetIndex::open(&sibling(path, ".index"), base)?;
    let file = File::open(path).with_context(|| format!("{path}: cannot open"))?;
    let len = file.metadata()?.len();
    let entries = len / TIME_ENTRY;
    let abs = absolute(path);
    let read = |i: u64| -> Result<(i64, i64)> {
        let mut b = [0u8; 12];
        file.read_exact_at(&mut b, i * TIME_ENTRY)?;
        let mut ts = [0u8; 8];
        ts.copy_from_slice(&b[..8]);
        let rel = i32::from_be_bytes([b[8], b[9], b[10], b[11]]);
        Ok((i64::from_be_bytes(ts), base.wrapping_add(i64::from(rel))))
    };
    if opts.sanity_only {
        let (last_ts, last_offset) = if entries == 0 {
            (-1, base)
        } else {
            read(entries - 1)?
        };
        if entries != 0 {
            let first_ts = read(0)?.0;
            if last_ts < first_ts {
                return Err(anyhow!("Corrupt time index found, time index file ({abs}) has non-zero size but the last timestamp is {last_ts} which is less than the first timestamp {first_ts}"));
            }
            if last_offset < base {
                return Err(anyhow!("Corrupt time index found, time index file ({abs}) has non-zero size but the last offset is {last_offset} which is less than the first offset {base}"));
            }
        }
        if len % TIME_ENTRY != 0 {
            return Err(anyhow!("Time index file {abs} is corrupt, found {len} bytes which is neither positive nor a multiple of {TIME_ENTRY}."));
        }
        sink.text(&format!("{path} passed sanity check."))?;
        return sink.json(json!({"sanityCheck": "passed"}));
    }
    let mut prev = -1i64;
    for i in 0..entries {
        let (timestamp, offset) = read(i)?;
        if offset == base && i > 0 {
            break;
        }
        let position = index.lookup(offset)?;
        log.seek(SeekFrom::Start(u64::from(position)))?;
        let mut reader = BatchReader::new(
            BufReader::with_capacity(64 * 1024, &mut log),
            u64::from(position),
            log_len,
            "log",
        );
        let mut found = None;
        while let Some(batch) = reader.next_batch().map_err(|e| anyhow!("{path}: {e}"))? {
            if batch.last_offset() >= offset {
                found = Some(batch);
                break;
            }
        }
        match found {
            None => entry(&mut problems.shallow_not_found, &abs).push((offset, -1)),
            Some(b) if b.last_offset() != offset => {
                entry(&mut problems.shallow_not_found, &abs).push((offset, b.last_offset()))
            }
            Some(b) => {
                let mut max = -1i64;
                for r in b.records().map_err(|e| anyhow!("{path}: {e}"))? {
                    max = max.max(r.map_err(|e| anyhow!("{path}: {e}"))?.timestamp);
                }
                if max != timestamp {
                    entry(&mut problems.time_mismatches, &abs).push((timestamp, max));
                }
                if prev >= timestamp {
                    entry(&mut problems.out_of_order, &abs).push((timestamp, prev));
                }
            }
        }
        if !opts.verify_only {
            sink.text(&format!("timestamp: {timestamp} offset: {offset}"))?;
            sink.json(json!({"timestamp": timestamp, "offset": offset}))?;
        }
        prev = timestamp;
    }
    Ok(())
}

pub(super) fn dump_txn_index(sink: &mut Sink<'_>, path: &str) -> Result<()> {
    let file = File::open(path).with_context(|| format!("{path}: cannot open"))?;
    let len = file.metadata()?.len();
    let mut reader = BufReader::new(file);
    let mut at = 0u64;
    while len - at >= TXN_ENTRY {
        let mut b = [0u8; TXN_ENTRY as usize];
        reader.read_exact(&mut b)?;
        let long = |i: usize| {
            let mut a = [0u8; 8];
            a.copy_from_slice(&b[i..i + 8]);
            i64::from_be_bytes(a)
        };
        let version = i16::from_be_bytes([b[0], b[1]]);
        if version != 0 {
            return Err(anyhow!(
                "Unexpected aborted transaction version {version} in transaction index {}, current version is 0 (at position {at})",
                absolute(path)
            ));
        }
        let (pid, first, last, lso) = (long(2), long(10), long(18), long(26));
        sink.text(&format!(
            "version: {version} producerId: {pid} firstOffset: {first} lastOffset: {last} lastStableOffset: {lso}"
        ))?;
        sink.json(json!({"version": version, "producerId": pid, "firstOffset": first, "lastOffset": last, "lastStableOffset": lso}))?;
        at += TXN_ENTRY;
    }
    Ok(())
}

/// Kafka's `DefaultRecordBatch.decrementSequence`.
fn decrement_sequence(sequence: i32, decrement: i32) -> i32 {
    if sequence < decrement {
        i32::MAX - (decrement - sequence) + 1
    } else {
        sequence - decrement
    }
}

pub(super) fn dump_producer_snapshot(sink: &mut Sink<'_>, path: &str) -> Result<()> {
    let mut file = File::open(path).with_context(|| format!("{path}: cannot open"))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .with_context(|| format!("{path}: cannot read"))?;
    if bytes.len() < 6 {
        return Err(anyhow!(
            "{path}: a producer snapshot of {} bytes is shorter than its 6-byte header",
            bytes.len()
        ));
    }
    let version = i16::from_be_bytes([bytes[0], bytes[1]]);
    if version != 1 {
        return sink.warn(&format!(
            "Snapshot contained an unknown file version {version}"
        ));
    }
    let stored = u32::from_be_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]);
    let computed = crc32c::crc32c(&bytes[6..]);
    if stored != computed {
        return sink.warn(&format!(
            "Snapshot is corrupt (CRC is no longer valid). Stored crc: {stored}. Computed crc: {computed}"
        ));
    }
    let snapshot = super::schema::producer_snapshot(&bytes[2..])
        .map_err(|e| anyhow!("{path}: cannot read the producer entries: {e}"))?;
    let entries = snapshot
        .get("producerEntries")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for e in entries {
        let n = |k: &str| e.get(k).and_then(Value::as_i64).unwrap_or(-1);
        let txn_first = n("currentTxnFirstOffset");
        let last_seq = n("lastSequence") as i32;
        let delta = n("offsetDelta") as i32;
        let first_seq = decrement_sequence(last_seq, delta);
        let line = format!(
            "producerId: {} producerEpoch: {} coordinatorEpoch: {} currentTxnFirstOffset: {} lastTimestamp: {} firstSequence: {first_seq} lastSequence: {last_seq} lastOffset: {} offsetDelta: {delta} timestamp: {}",
            n("producerId"),
            n("epoch"),
            n("coordinatorEpoch"),
            super::optional_long((txn_first >= 0).then_some(txn_first)),
            n("timestamp"),
            n("lastOffset"),
            n("timestamp"),
        );
        sink.text(&line)?;
        sink.json(json!({
            "producerId": n("producerId"), "producerEpoch": n("epoch"), "coordinatorEpoch": n("coordinatorEpoch"),
            "currentTxnFirstOffset": (txn_first >= 0).then_some(txn_first), "lastTimestamp": n("timestamp"),
            "firstSequence": first_seq, "lastSequence": last_seq, "lastOffset": n("lastOffset"),
            "offsetDelta": delta, "timestamp": n("timestamp"),
        }))?;
    }
    Ok(())
}
