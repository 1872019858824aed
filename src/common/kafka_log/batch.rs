//! A streaming reader of log segments: record batches (v2) and message sets (v0/v1), one batch
//! at a time, as Kafka's `FileLogInputStream` walks them.
//!
//! Memory: one batch at a time (its size is checked against the bytes left in the file before it
//! is read), and one record at a time out of a compressed batch. No length read from the file is
//! trusted beyond the bytes actually there.

use std::fmt;
use std::io::{self, Read};

/// Bytes before the magic byte: offset (8), size (4), partition leader epoch or CRC (4).
pub(crate) const HEADER_SIZE_UP_TO_MAGIC: u64 = 17;
/// offset + size.
pub(crate) const LOG_OVERHEAD: u64 = 12;
/// The smallest v0 message (Kafka's `LegacyRecord.RECORD_OVERHEAD_V0`).
const RECORD_OVERHEAD_V0: i32 = 14;
/// The v2 batch header, log overhead included.
pub(crate) const BATCH_OVERHEAD: usize = 61;
/// The most a compressed batch may inflate one record (v2) or message set (v0/v1) to: a bound
/// for a "zip bomb", far above any broker's `message.max.bytes` in practice.
pub(crate) const MAX_DECOMPRESSED: u64 = 128 << 20;

/// A failure while reading, with the byte position in the file where it happened.
#[derive(Debug)]
pub(crate) struct ReadError {
    pub(crate) position: u64,
    pub(crate) message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at position {}: {}", self.position, self.message)
    }
}

impl std::error::Error for ReadError {}

fn err<T>(position: u64, message: impl Into<String>) -> Result<T, ReadError> {
    Err(ReadError {
        position,
        message: message.into(),
    })
}

/// Walks the batches of a segment from a position to an end, as `FileLogInputStream` does.
pub(crate) struct BatchReader<R> {
    src: R,
    position: u64,
    end: u64,
    /// The file name, for messages.
    name: String,
}

impl<R: Read> BatchReader<R> {
    /// A reader of `src`, positioned at `position`, that stops at `end`.
    pub(crate) fn new(src: R, position: u64, end: u64, name: &str) -> Self {
        Self {
            src,
            position,
            end,
            name: name.to_string(),
        }
    }

    /// The position of the next batch.
    pub(crate) fn position(&self) -> u64 {
        self.position
    }

    /// The next batch; `None` at the end or before a batch that does not fit before the end
    /// (the trailing bytes).
    pub(crate) fn next_batch(&mut self) -> Result<Option<Batch>, ReadError> {
        let position = self.position;
        if position + HEADER_SIZE_UP_TO_MAGIC >= self.end {
            return Ok(None);
        }
        let mut header = [0u8; HEADER_SIZE_UP_TO_MAGIC as usize];
        self.src
            .read_exact(&mut header)
            .or_else(|e| err(position, format!("reading the log header: {e}")))?;
        let size = i32::from_be_bytes([header[8], header[9], header[10], header[11]]);
        if size < RECORD_OVERHEAD_V0 {
            return err(
                position,
                format!(
                    "Found record size {size} smaller than minimum record overhead ({RECORD_OVERHEAD_V0}) in file {}.",
                    self.name
                ),
            );
        }
        let total = LOG_OVERHEAD + size as u64;
        if position + total > self.end {
            return Ok(None);
        }
        let magic = header[16] as i8;
        if magic >= 2 && (total as usize) < BATCH_OVERHEAD {
            return err(
                position,
                format!(
                    "Record batch of {total} bytes is smaller than the v2 batch header ({BATCH_OVERHEAD} bytes)"
                ),
            );
        }
        // `total` fits before `end`, which is at most the file's length.
        let mut bytes = vec![0u8; total as usize];
        bytes[..header.len()].copy_from_slice(&header);
        self.src
            .read_exact(&mut bytes[header.len()..])
            .or_else(|e| err(position, format!("reading a batch of {total} bytes: {e}")))?;
        self.position += total;
        Ok(Some(Batch { position, bytes }))
    }
}

/// Compression codecs, by their id in the attributes.
pub(crate) fn codec_name(id: u8) -> &'static str {
    match id {
        0 => "none",
        1 => "gzip",
        2 => "snappy",
        3 => "lz4",
        4 => "zstd",
        _ => "unknown",
    }
}

/// One batch as it is in the file, log overhead included.
pub(crate) struct Batch {
    /// Its position in the file.
    pub(crate) position: u64,
    pub(crate) bytes: Vec<u8>,
}

fn be_i16(b: &[u8], at: usize) -> i16 {
    i16::from_be_bytes([b[at], b[at + 1]])
}
fn be_i32(b: &[u8], at: usize) -> i32 {
    i32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
fn be_i64(b: &[u8], at: usize) -> i64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    i64::from_be_bytes(a)
}

/// Kafka's `DefaultRecordBatch.incrementSequence`: wraps at `i32::MAX`.
/// Java's `int` arithmetic: it wraps (a corrupt batch may hold any delta).
fn increment_sequence(sequence: i32, increment: i32) -> i32 {
    if sequence > i32::MAX.wrapping_sub(increment) {
        increment
            .wrapping_sub(i32::MAX.wrapping_sub(sequence))
            .wrapping_sub(1)
    } else {
        sequence.wrapping_add(increment)
    }
}

/// How a batch's timestamps are to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimestampType {
    NoTimestamp,
    Create,
    LogAppend,
}

impl fmt::Display for TimestampType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimestampType::NoTimestamp => "NoTimestampType",
            TimestampType::Create => "CreateTime",
            TimestampType::LogAppend => "LogAppendTime",
        })
    }
}

impl Batch {
    pub(crate) fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    pub(crate) fn magic(&self) -> i8 {
        self.bytes[16] as i8
    }

    pub(crate) fn base_offset(&self) -> i64 {
        be_i64(&self.bytes, 0)
    }

    fn attributes(&self) -> i16 {
        if self.magic() >= 2 {
            be_i16(&self.bytes, 21)
        } else {
            i16::from(self.bytes[17])
        }
    }

    pub(crate) fn codec(&self) -> u8 {
        (self.attributes() & 0x07) as u8
    }

    pub(crate) fn timestamp_type(&self) -> TimestampType {
        if self.magic() <= 0 {
            TimestampType::NoTimestamp
        } else if self.attributes() & 0x08 != 0 {
            TimestampType::LogAppend
        } else {
            TimestampType::Create
        }
    }

    pub(crate) fn is_transactional(&self) -> bool {
        self.magic() >= 2 && self.attributes() & 0x10 != 0
    }

    pub(crate) fn is_control(&self) -> bool {
        self.magic() >= 2 && self.attributes() & 0x20 != 0
    }

    /// `deleteHorizonMs`: the base timestamp when the attribute says so.
    pub(crate) fn delete_horizon_ms(&self) -> Option<i64> {
        (self.magic() >= 2 && self.attributes() & 0x40 != 0).then(|| self.base_timestamp())
    }

    pub(crate) fn last_offset_delta(&self) -> i32 {
        be_i32(&self.bytes, 23)
    }

    /// The last offset: base + last offset delta (v2), the offset field (v0/v1).
    pub(crate) fn last_offset(&self) -> i64 {
        if self.magic() >= 2 {
            self.base_offset()
                .wrapping_add(i64::from(self.last_offset_delta()))
        } else {
            self.base_offset()
        }
    }

    fn base_timestamp(&self) -> i64 {
        be_i64(&self.bytes, 27)
    }

    pub(crate) fn max_timestamp(&self) -> i64 {
        match self.magic() {
            i8::MIN..=0 => -1,
            1 => be_i64(&self.bytes, 18),
            _ => be_i64(&self.bytes, 35),
        }
    }

    pub(crate) fn producer_id(&self) -> i64 {
        be_i64(&self.bytes, 43)
    }

    pub(crate) fn producer_epoch(&self) -> i16 {
        be_i16(&self.bytes, 51)
    }

    pub(crate) fn base_sequence(&self) -> i32 {
        be_i32(&self.bytes, 53)
    }

    pub(crate) fn last_sequence(&self) -> i32 {
        let base = self.base_sequence();
        if base == -1 {
            -1
        } else {
            increment_sequence(base, self.last_offset_delta())
        }
    }

    pub(crate) fn partition_leader_epoch(&self) -> i32 {
        be_i32(&self.bytes, 12)
    }

    pub(crate) fn count(&self) -> i32 {
        be_i32(&self.bytes, 57)
    }

    /// The stored checksum (CRC-32C for v2, CRC-32 for v0/v1).
    pub(crate) fn checksum(&self) -> u32 {
        be_i32(&self.bytes, if self.magic() >= 2 { 17 } else { 12 }) as u32
    }

    /// Whether the checksum matches the bytes.
    pub(crate) fn is_valid(&self) -> bool {
        if self.magic() >= 2 {
            crc32c::crc32c(&self.bytes[21..]) == self.checksum()
        } else {
            crc32fast::hash(&self.bytes[16..]) == self.checksum()
        }
    }

    /// The records of the batch, one at a time.
    pub(crate) fn records(&self) -> Result<Records<'_>, ReadError> {
        if self.magic() >= 2 {
            let count = self.count();
            if count < 0 {
                return err(
                    self.position,
                    format!(
                        "Found invalid record count {count} in magic v{} batch",
                        self.magic()
                    ),
                );
            }
            let body = &self.bytes[BATCH_OVERHEAD..];
            let source: Box<dyn Read + '_> = if self.codec() == 0 {
                Box::new(body)
            } else {
                decompressor(self.codec(), body).map_err(|message| ReadError {
                    position: self.position,
                    message,
                })?
            };
            Ok(Records::V2 {
                batch: self,
                source,
                left: count,
            })
        } else {
            let entries = legacy_entries(self)?;
            Ok(Records::Legacy(entries.into_iter()))
        }
    }
}

/// A reader of `body` decompressed with codec `codec`.
pub(crate) fn decompressor<'a>(codec: u8, body: &'a [u8]) -> Result<Box<dyn Read + 'a>, String> {
    Ok(match codec {
        1 => Box::new(flate2::read::MultiGzDecoder::new(body)),
        2 => Box::new(SnappyReader::new(body)),
        3 => Box::new(lz4_flex::frame::FrameDecoder::new(body)),
        4 => Box::new(
            zstd::stream::read::Decoder::with_buffer(body).map_err(|e| format!("zstd: {e}"))?,
        ),
        other => return Err(format!("Unknown compression type id: {other}")),
    })
}

/// Snappy as Kafka's Java clients read it: xerial's framing (`\x82SNAPPY\0`, two int32 version
/// words, then blocks each prefixed with its int32 length), or one raw block.
struct SnappyReader<'a> {
    input: &'a [u8],
    framed: bool,
    out: Vec<u8>,
    at: usize,
}

const XERIAL_MAGIC: &[u8] = b"\x82SNAPPY\x00";

impl<'a> SnappyReader<'a> {
    fn new(input: &'a [u8]) -> Self {
        let framed = input.len() >= 16 && &input[..8] == XERIAL_MAGIC;
        Self {
            input: if framed { &input[16..] } else { input },
            framed,
            out: Vec::new(),
            at: 0,
        }
    }

    fn next_block(&mut self) -> io::Result<bool> {
        if self.input.is_empty() {
            return Ok(false);
        }
        let block = if self.framed {
            if self.input.len() < 4 {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "truncated snappy block length",
                ));
            }
            let len = be_i32(self.input, 0);
            let len = usize::try_from(len)
                .ok()
                .filter(|&l| l <= self.input.len() - 4)
                .ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidData, "snappy block beyond the batch")
                })?;
            let block = &self.input[4..4 + len];
            self.input = &self.input[4 + len..];
            block
        } else {
            std::mem::take(&mut self.input)
        };
        let declared = snap::raw::decompress_len(block)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        // A snappy copy element of 2 bytes yields at most 64: anything more is a lie.
        if declared > block.len().saturating_mul(32).saturating_add(64) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "snappy block declares an impossible length",
            ));
        }
        self.out = snap::raw::Decoder::new()
            .decompress_vec(block)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.at = 0;
        Ok(true)
    }
}

impl Read for SnappyReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.out.len() {
            if !self.next_block()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// One record, as Kafka's `Record` shows it.
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) offset: i64,
    pub(crate) timestamp: i64,
    pub(crate) sequence: i32,
    pub(crate) key: Option<Vec<u8>>,
    pub(crate) value: Option<Vec<u8>>,
    pub(crate) headers: Vec<(String, Option<Vec<u8>>)>,
    /// v0/v1: the message's own CRC and whether it matches.
    pub(crate) legacy: Option<(bool, u32)>,
}

impl Record {
    pub(crate) fn key_size(&self) -> i64 {
        self.key.as_ref().map_or(-1, |k| k.len() as i64)
    }
    pub(crate) fn value_size(&self) -> i64 {
        self.value.as_ref().map_or(-1, |v| v.len() as i64)
    }
}

/// The records of one batch.
pub(crate) enum Records<'a> {
    V2 {
        batch: &'a Batch,
        source: Box<dyn Read + 'a>,
        left: i32,
    },
    Legacy(std::vec::IntoIter<Record>),
}

impl Iterator for Records<'_> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Records::Legacy(it) => it.next().map(Ok),
            Records::V2 {
                batch,
                source,
                left,
            } => {
                if *left <= 0 {
                    return None;
                }
                *left -= 1;
                let record = read_v2_record(batch, source.as_mut(), batch.codec() != 0);
                if record.is_err() {
                    *left = -1;
                } else if *left == 0 {
                    // Nothing may follow the last record: Java checks it before it returns that
                    // record, with this message for either kind of batch.
                    let mut probe = [0u8; 1];
                    if matches!(source.read(&mut probe), Ok(n) if n > 0) {
                        *left = -1;
                        return Some(err(
                            batch.position,
                            "Incorrect declared batch size, records still remaining in file",
                        ));
                    }
                }
                Some(record)
            }
        }
    }
}

/// A zig-zag varint of at most 5 bytes from a stream.
fn read_varint(src: &mut dyn Read) -> Result<i32, String> {
    let mut raw: u32 = 0;
    for i in 0..5 {
        let mut b = [0u8; 1];
        src.read_exact(&mut b)
            .map_err(|e| format!("reading a varint: {e}"))?;
        raw |= u32::from(b[0] & 0x7f) << (7 * i);
        if b[0] & 0x80 == 0 {
            return Ok(((raw >> 1) as i32) ^ -((raw & 1) as i32));
        }
    }
    Err("Varint is too long, the most significant bit in the 5th byte is set".to_string())
}

/// A zig-zag varint or varlong from bytes.
fn varlong(buf: &[u8], at: &mut usize, max_bytes: usize) -> Result<i64, String> {
    let mut raw: u64 = 0;
    for i in 0..max_bytes {
        let b = *buf
            .get(*at)
            .ok_or_else(|| "record ends inside a varint".to_string())?;
        *at += 1;
        raw |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64));
        }
    }
    Err("Varint is too long".to_string())
}

fn take<'b>(buf: &'b [u8], at: &mut usize, len: i64, what: &str) -> Result<&'b [u8], String> {
    let len = usize::try_from(len).map_err(|_| format!("Invalid negative {what} size {len}"))?;
    let end = at
        .checked_add(len)
        .filter(|&e| e <= buf.len())
        .ok_or_else(|| format!("{what} of {len} bytes goes beyond the record"))?;
    let out = &buf[*at..end];
    *at = end;
    Ok(out)
}

fn read_v2_record(
    batch: &Batch,
    src: &mut dyn Read,
    compressed: bool,
) -> Result<Record, ReadError> {
    let fail = |message: String| ReadError {
        position: batch.position,
        message,
    };
    let size = read_varint(src).map_err(fail)?;
    let size = u64::try_from(size).map_err(|_| fail(format!("Invalid record size {size}")))?;
    if compressed && size > MAX_DECOMPRESSED {
        return Err(fail(format!(
            "a record of {size} bytes in a compressed batch is more than this tool inflates ({MAX_DECOMPRESSED} bytes)"
        )));
    }
    // Read as much as is there, never allocating ahead of the data.
    let mut body = Vec::new();
    src.take(size)
        .read_to_end(&mut body)
        .map_err(|e| fail(format!("reading a record: {e}")))?;
    if body.len() as u64 != size {
        return Err(fail(format!(
            "Invalid record size: expected to read {size} bytes in record payload, but instead read {}",
            body.len()
        )));
    }
    parse_v2_record(batch, &body).map_err(fail)
}

fn parse_v2_record(batch: &Batch, body: &[u8]) -> Result<Record, String> {
    let mut at = 1usize; // attributes, unused
    if body.is_empty() {
        return Err("empty record".to_string());
    }
    let timestamp_delta = varlong(body, &mut at, 10)?;
    let offset_delta = varlong(body, &mut at, 5)? as i32;
    let key_len = varlong(body, &mut at, 5)?;
    let key = if key_len < 0 {
        None
    } else {
        Some(take(body, &mut at, key_len, "key")?.to_vec())
    };
    let value_len = varlong(body, &mut at, 5)?;
    let value = if value_len < 0 {
        None
    } else {
        Some(take(body, &mut at, value_len, "value")?.to_vec())
    };
    let header_count = varlong(body, &mut at, 5)?;
    if header_count < 0 {
        return Err(format!(
            "Found invalid number of record headers {header_count}"
        ));
    }
    let mut headers = Vec::new();
    for _ in 0..header_count {
        let key_len = varlong(body, &mut at, 5)?;
        if key_len < 0 {
            return Err(format!("Invalid negative header key size {key_len}"));
        }
        let hkey =
            String::from_utf8_lossy(take(body, &mut at, key_len, "header key")?).into_owned();
        let value_len = varlong(body, &mut at, 5)?;
        let hvalue = if value_len < 0 {
            None
        } else {
            Some(take(body, &mut at, value_len, "header value")?.to_vec())
        };
        headers.push((hkey, hvalue));
    }
    if at != body.len() {
        return Err(format!(
            "Invalid record size: expected to read {} bytes in record payload, but there are {} bytes remaining",
            body.len(),
            body.len() - at
        ));
    }
    let timestamp = if batch.timestamp_type() == TimestampType::LogAppend {
        batch.max_timestamp()
    } else {
        batch.base_timestamp().wrapping_add(timestamp_delta)
    };
    let base_sequence = batch.base_sequence();
    Ok(Record {
        offset: batch.base_offset().wrapping_add(i64::from(offset_delta)),
        timestamp,
        sequence: if base_sequence == -1 {
            -1
        } else {
            increment_sequence(base_sequence, offset_delta)
        },
        key,
        value,
        headers,
        legacy: None,
    })
}

/// A v0/v1 message: (crc, magic, attributes, timestamp, key, value) from its bytes after the
/// log overhead.
struct Legacy<'b> {
    crc: u32,
    valid: bool,
    magic: i8,
    attributes: u8,
    timestamp: i64,
    key: Option<&'b [u8]>,
    value: Option<&'b [u8]>,
}

fn parse_legacy(msg: &[u8]) -> Result<Legacy<'_>, String> {
    if msg.len() < 14 {
        return Err(format!(
            "Message of {} bytes is smaller than the v0 overhead (14)",
            msg.len()
        ));
    }
    let crc = be_i32(msg, 0) as u32;
    let valid = crc32fast::hash(&msg[4..]) == crc;
    let magic = msg[4] as i8;
    let attributes = msg[5];
    let mut at = 6usize;
    let timestamp = if magic >= 1 {
        if msg.len() < 22 {
            return Err("Message is smaller than the v1 overhead (22)".to_string());
        }
        at += 8;
        be_i64(msg, 6)
    } else {
        -1
    };
    let mut bytes = |what: &str| -> Result<Option<&[u8]>, String> {
        if msg.len() < at + 4 {
            return Err(format!("message ends before its {what} length"));
        }
        let len = be_i32(msg, at);
        at += 4;
        if len < 0 {
            return Ok(None);
        }
        Ok(Some(take(msg, &mut at, i64::from(len), what)?))
    };
    let key = bytes("key")?;
    let value = bytes("value")?;
    Ok(Legacy {
        crc,
        valid,
        magic,
        attributes,
        timestamp,
        key,
        value,
    })
}

/// The records of a v0/v1 batch: the message itself, or the messages inside a compressed
/// wrapper (Java reads those all before it returns the first one, and so do we).
fn legacy_entries(batch: &Batch) -> Result<Vec<Record>, ReadError> {
    let fail = |message: String| ReadError {
        position: batch.position,
        message,
    };
    let wrapper = parse_legacy(&batch.bytes[LOG_OVERHEAD as usize..]).map_err(fail)?;
    let codec = wrapper.attributes & 0x07;
    let record = |offset: i64, m: &Legacy<'_>, timestamp: i64| Record {
        offset,
        timestamp,
        sequence: -1,
        key: m.key.map(<[u8]>::to_vec),
        value: m.value.map(<[u8]>::to_vec),
        headers: Vec::new(),
        legacy: Some((m.valid, m.crc)),
    };
    if codec == 0 {
        return Ok(vec![record(
            batch.base_offset(),
            &wrapper,
            wrapper.timestamp,
        )]);
    }
    let Some(inner) = wrapper.value else {
        return Ok(Vec::new());
    };
    let src = decompressor(codec, inner).map_err(fail)?;
    let mut inner_bytes = Vec::new();
    src.take(MAX_DECOMPRESSED + 1)
        .read_to_end(&mut inner_bytes)
        .map_err(|e| {
            fail(format!(
                "decompressing a {} message set: {e}",
                codec_name(codec)
            ))
        })?;
    if inner_bytes.len() as u64 > MAX_DECOMPRESSED {
        return Err(fail(format!(
            "a compressed message set inflates to more than this tool inflates ({MAX_DECOMPRESSED} bytes)"
        )));
    }
    let mut at = 0usize;
    let mut out = Vec::new();
    while at < inner_bytes.len() {
        if inner_bytes.len() - at < 12 {
            return Err(fail("truncated inner message header".to_string()));
        }
        let offset = be_i64(&inner_bytes, at);
        let size = be_i32(&inner_bytes, at + 8);
        at += 12;
        let msg = take(&inner_bytes, &mut at, i64::from(size), "inner message").map_err(fail)?;
        let m = parse_legacy(msg).map_err(fail)?;
        let timestamp = if wrapper.magic >= 1 && batch.timestamp_type() == TimestampType::LogAppend
        {
            wrapper.timestamp
        } else {
            m.timestamp
        };
        out.push(record(offset, &m, timestamp));
    }
    // v1 inner offsets are relative to the wrapper's, which is the last one's.
    if wrapper.magic >= 1 {
        if let Some(last) = out.last().map(|r| r.offset) {
            let base = batch.base_offset().wrapping_sub(last);
            for r in &mut out {
                r.offset = base.wrapping_add(r.offset);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A v2 batch of `records` (key, value) uncompressed, CRC filled in.
    pub(crate) fn v2_batch(base_offset: i64, records: &[(&[u8], &[u8])]) -> Vec<u8> {
        fn zz(v: i64, out: &mut Vec<u8>) {
            let mut raw = ((v << 1) ^ (v >> 63)) as u64;
            loop {
                let b = (raw & 0x7f) as u8;
                raw >>= 7;
                if raw == 0 {
                    out.push(b);
                    break;
                }
                out.push(b | 0x80);
            }
        }
        let mut body = Vec::new();
        for (i, (k, v)) in records.iter().enumerate() {
            let mut r = vec![0u8];
            zz(0, &mut r);
            zz(i as i64, &mut r);
            zz(k.len() as i64, &mut r);
            r.extend_from_slice(k);
            zz(v.len() as i64, &mut r);
            r.extend_from_slice(v);
            zz(0, &mut r);
            zz(r.len() as i64, &mut body);
            body.extend_from_slice(&r);
        }
        let mut b = Vec::new();
        b.extend_from_slice(&base_offset.to_be_bytes());
        b.extend_from_slice(&((49 + body.len()) as i32).to_be_bytes());
        b.extend_from_slice(&0i32.to_be_bytes());
        b.push(2);
        b.extend_from_slice(&[0; 4]);
        b.extend_from_slice(&0i16.to_be_bytes());
        b.extend_from_slice(&((records.len() as i32) - 1).to_be_bytes());
        b.extend_from_slice(&1000i64.to_be_bytes());
        b.extend_from_slice(&1000i64.to_be_bytes());
        b.extend_from_slice(&(-1i64).to_be_bytes());
        b.extend_from_slice(&(-1i16).to_be_bytes());
        b.extend_from_slice(&(-1i32).to_be_bytes());
        b.extend_from_slice(&(records.len() as i32).to_be_bytes());
        b.extend_from_slice(&body);
        let crc = crc32c::crc32c(&b[21..]);
        b[17..21].copy_from_slice(&crc.to_be_bytes());
        b
    }

    #[test]
    fn batches_and_records_are_read_one_at_a_time_and_a_partial_batch_is_trailing() {
        let mut file = v2_batch(0, &[(b"k", b"v"), (b"k2", b"v2")]);
        file.extend(v2_batch(2, &[(b"", b"x")]));
        let whole = file.len();
        file.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100, 0, 0, 0, 0, 2, 9]);
        let mut reader = BatchReader::new(&file[..], 0, file.len() as u64, "x.log");
        let first = reader.next_batch().ok().flatten();
        let first = first.as_ref();
        assert_eq!(
            first.map(|b| (b.last_offset(), b.is_valid())),
            Some((1, true))
        );
        let offsets: Vec<i64> = first
            .and_then(|b| b.records().ok())
            .map(|r| r.filter_map(Result::ok).map(|r| r.offset).collect())
            .unwrap_or_default();
        assert_eq!(offsets, vec![0, 1]);
        assert!(reader.next_batch().ok().flatten().is_some());
        assert!(matches!(reader.next_batch(), Ok(None)));
        assert_eq!(reader.position(), whole as u64);
    }

    #[test]
    fn a_size_below_the_minimum_is_an_error_at_its_position() {
        let mut file = v2_batch(0, &[(b"k", b"v")]);
        let at = file.len() as u64;
        file.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 2, 0]);
        let mut reader = BatchReader::new(&file[..], 0, file.len() as u64, "x.log");
        assert!(reader.next_batch().is_ok());
        match reader.next_batch() {
            Err(e) => {
                assert_eq!(e.position, at);
                assert!(e
                    .message
                    .contains("Found record size 3 smaller than minimum"));
            }
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn a_record_claiming_more_bytes_than_the_batch_fails() {
        let mut file = v2_batch(0, &[(b"k", b"v")]);
        // The record's length varint (first byte after the header) claims 63 bytes.
        file[BATCH_OVERHEAD] = 126;
        let mut reader = BatchReader::new(&file[..], 0, file.len() as u64, "x.log");
        let batch = reader.next_batch().ok().flatten();
        let results: Vec<_> = batch
            .as_ref()
            .and_then(|b| b.records().ok())
            .map(|r| r.collect())
            .unwrap_or_default();
        assert!(results.iter().any(Result::is_err));
    }

    #[test]
    fn sequences_wrap_as_kafka_does() {
        assert_eq!(increment_sequence(i32::MAX, 1), 0);
        assert_eq!(increment_sequence(5, 2), 7);
        // A corrupt batch's negative delta wraps as Java's int does, no overflow panic.
        assert_eq!(increment_sequence(5, -7), 2_147_483_646);
        assert_eq!(increment_sequence(i32::MIN, -1), i32::MAX);
    }
}
