//! Writing record batches (v2, uncompressed) and KRaft snapshot files as Kafka writes them: the
//! bytes of `RecordsSnapshotWriter` (a control batch with the snapshot header and, with
//! kraft.version 1, the KRaftVersion and KRaftVoters records; the data batch; the footer batch).
//! kafka-storage writes its bootstrap snapshot with it; the batch reader beside it reads it back.

/// Control record types (`ControlRecordType`).
const SNAPSHOT_HEADER: i16 = 3;
const SNAPSHOT_FOOTER: i16 = 4;
const KRAFT_VERSION: i16 = 5;
const KRAFT_VOTERS: i16 = 6;

/// The control bit of a batch's attributes.
const CONTROL_ATTRIBUTE: i16 = 0x20;

/// Kafka's unsigned varint.
pub(crate) fn put_uvarint(out: &mut Vec<u8>, value: u64) {
    let mut v = value;
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Kafka's zig-zag varint.
fn put_varint(out: &mut Vec<u8>, value: i64) {
    put_uvarint(out, ((value << 1) ^ (value >> 63)) as u64);
}

/// A compact (flexible version) string.
pub(crate) fn put_compact_string(out: &mut Vec<u8>, s: &str) {
    put_uvarint(out, s.len() as u64 + 1);
    out.extend_from_slice(s.as_bytes());
}

/// Compact (flexible version) bytes.
pub(crate) fn put_compact_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_uvarint(out, b.len() as u64 + 1);
    out.extend_from_slice(b);
}

/// One v2 batch of `records` (key, value), uncompressed, offsets from `base_offset`, every
/// record at `timestamp`, partition leader epoch 0, no producer, the CRC32C filled in.
pub(crate) fn batch(
    base_offset: i64,
    timestamp: i64,
    control: bool,
    records: &[(Option<Vec<u8>>, Vec<u8>)],
) -> Vec<u8> {
    let mut body = Vec::new();
    for (delta, (key, value)) in records.iter().enumerate() {
        let mut r = vec![0u8]; // attributes
        put_varint(&mut r, 0); // timestamp delta
        put_varint(&mut r, delta as i64);
        match key {
            Some(k) => {
                put_varint(&mut r, k.len() as i64);
                r.extend_from_slice(k);
            }
            None => put_varint(&mut r, -1),
        }
        put_varint(&mut r, value.len() as i64);
        r.extend_from_slice(value);
        put_varint(&mut r, 0); // headers
        put_varint(&mut body, r.len() as i64);
        body.extend_from_slice(&r);
    }
    let count = records.len() as i32;
    let mut b = Vec::with_capacity(61 + body.len());
    b.extend_from_slice(&base_offset.to_be_bytes());
    b.extend_from_slice(&((49 + body.len()) as i32).to_be_bytes());
    b.extend_from_slice(&0i32.to_be_bytes()); // partition leader epoch
    b.push(2); // magic
    b.extend_from_slice(&[0; 4]); // crc, below
    b.extend_from_slice(&(if control { CONTROL_ATTRIBUTE } else { 0 }).to_be_bytes());
    b.extend_from_slice(&(count - 1).to_be_bytes());
    b.extend_from_slice(&timestamp.to_be_bytes());
    b.extend_from_slice(&timestamp.to_be_bytes());
    b.extend_from_slice(&(-1i64).to_be_bytes()); // producer id
    b.extend_from_slice(&(-1i16).to_be_bytes()); // producer epoch
    b.extend_from_slice(&(-1i32).to_be_bytes()); // base sequence
    b.extend_from_slice(&count.to_be_bytes());
    b.extend_from_slice(&body);
    let crc = crc32c::crc32c(&b[21..]);
    b[17..21].copy_from_slice(&crc.to_be_bytes());
    b
}

/// A control record's key: version 0 and its type.
fn control_key(kind: i16) -> Option<Vec<u8>> {
    let mut k = 0i16.to_be_bytes().to_vec();
    k.extend_from_slice(&kind.to_be_bytes());
    Some(k)
}

/// One voter of a KRaftVoters record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Voter {
    pub(crate) id: i32,
    pub(crate) directory_id: [u8; 16],
    /// (listener name, host, port).
    pub(crate) endpoints: Vec<(String, String, u16)>,
    /// The kraft.version range it supports.
    pub(crate) kraft_versions: (i16, i16),
}

/// The KRaft records of a snapshot's first batch: kraft.version and, from level 1, the voters.
#[derive(Debug, Clone, Default)]
pub(crate) struct KRaftState {
    pub(crate) kraft_version: i16,
    /// The voters, written when kraft.version is 1 or more and a voter set is known.
    pub(crate) voters: Option<Vec<Voter>>,
}

fn voters_value(voters: &[Voter]) -> Vec<u8> {
    let mut v = 0i16.to_be_bytes().to_vec();
    put_uvarint(&mut v, voters.len() as u64 + 1);
    for voter in voters {
        v.extend_from_slice(&voter.id.to_be_bytes());
        v.extend_from_slice(&voter.directory_id);
        put_uvarint(&mut v, voter.endpoints.len() as u64 + 1);
        for (name, host, port) in &voter.endpoints {
            put_compact_string(&mut v, name);
            put_compact_string(&mut v, host);
            v.extend_from_slice(&port.to_be_bytes());
            v.push(0);
        }
        v.extend_from_slice(&voter.kraft_versions.0.to_be_bytes());
        v.extend_from_slice(&voter.kraft_versions.1.to_be_bytes());
        v.push(0);
        v.push(0);
    }
    v.push(0);
    v
}

/// The bytes of a KRaft snapshot (`RecordsSnapshotWriter`): the header batch (header at
/// `last_contained_timestamp`, then the KRaft records), one batch of `records` (metadata
/// record values) and the footer batch; `batch_times` are the three batches' append times.
pub(crate) fn snapshot(
    last_contained_timestamp: i64,
    kraft: &KRaftState,
    records: &[Vec<u8>],
    batch_times: [i64; 3],
) -> Vec<u8> {
    let mut header = 0i16.to_be_bytes().to_vec();
    header.extend_from_slice(&last_contained_timestamp.to_be_bytes());
    header.push(0);
    let mut control = vec![(control_key(SNAPSHOT_HEADER), header)];
    if kraft.kraft_version > 0 {
        let mut version = 0i16.to_be_bytes().to_vec();
        version.extend_from_slice(&kraft.kraft_version.to_be_bytes());
        version.push(0);
        control.push((control_key(KRAFT_VERSION), version));
        if let Some(voters) = &kraft.voters {
            control.push((control_key(KRAFT_VOTERS), voters_value(voters)));
        }
    }
    let mut out = batch(0, batch_times[0], true, &control);
    let mut next = control.len() as i64;
    if !records.is_empty() {
        let data: Vec<(Option<Vec<u8>>, Vec<u8>)> =
            records.iter().map(|r| (None, r.clone())).collect();
        out.extend(batch(next, batch_times[1], false, &data));
        next += records.len() as i64;
    }
    let footer = vec![(control_key(SNAPSHOT_FOOTER), vec![0, 0, 0])];
    out.extend(batch(next, batch_times[2], true, &footer));
    out
}

/// A metadata record as `MetadataRecordSerde` frames it: frame version 1, the record's api key
/// and version (unsigned varints), then `body`.
pub(crate) fn metadata_record(api_key: u64, version: u64, body: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(body.len() + 3);
    put_uvarint(&mut v, 1);
    put_uvarint(&mut v, api_key);
    put_uvarint(&mut v, version);
    v.extend_from_slice(body);
    v
}

/// `FeatureLevelRecord` (api key 12) version 0.
pub(crate) fn feature_level_record(name: &str, level: i16) -> Vec<u8> {
    let mut body = Vec::new();
    put_compact_string(&mut body, name);
    body.extend_from_slice(&level.to_be_bytes());
    body.push(0);
    metadata_record(12, 0, &body)
}

/// `UserScramCredentialRecord` (api key 11) version 0.
pub(crate) fn scram_credential_record(
    name: &str,
    mechanism: i8,
    salt: &[u8],
    stored_key: &[u8],
    server_key: &[u8],
    iterations: i32,
) -> Vec<u8> {
    let mut body = Vec::new();
    put_compact_string(&mut body, name);
    body.push(mechanism as u8);
    put_compact_bytes(&mut body, salt);
    put_compact_bytes(&mut body, stored_key);
    put_compact_bytes(&mut body, server_key);
    body.extend_from_slice(&iterations.to_be_bytes());
    body.push(0);
    metadata_record(11, 0, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::kafka_log::batch::BatchReader;

    /// The bytes of the static-quorum snapshot Java 4.4's kafka-storage wrote (timestamps as in
    /// that file), feature records included.
    #[test]
    fn a_snapshot_is_byte_for_byte_javas() {
        let java = "\
            0000000000000000000000470000000002cd8d12aa002000000000000001a237\
            6a1e95000001a2376a1e95ffffffffffffffffffffffffffff000000012a0000\
            000800000003160000000001a2376a1e6700000000000000000001000000f100\
            00000002500d1cf5000000000005000001a2376a1eac000001a2376a1eacffff\
            ffffffffffffffffffffffff000000063a000000012e010c00116d6574616461\
            74612e76657273696f6e002100005a000002014e010c0021656c696769626c65\
            2e6c65616465722e7265706c696361732e76657273696f6e0001000034000004\
            0128010c000e67726f75702e76657273696f6e00010000340000060128010c00\
            0e73686172652e76657273696f6e0002000038000008012c010c001073747265\
            616d732e76657273696f6e000100004000000a0134010c00147472616e736163\
            74696f6e2e76657273696f6e0002000000000000000000070000003f00000000\
            025ef1888f002000000000000001a2376a1eae000001a2376a1eaeffffffffff\
            ffffffffffffffffff000000011a00000008000000040600000000";
        let java: String = java.chars().filter(|c| !c.is_whitespace()).collect();
        let java: Vec<u8> = (0..java.len() / 2)
            .map(|i| u8::from_str_radix(&java[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let records: Vec<Vec<u8>> = [
            ("metadata.version", 33),
            ("eligible.leader.replicas.version", 1),
            ("group.version", 1),
            ("share.version", 2),
            ("streams.version", 1),
            ("transaction.version", 2),
        ]
        .iter()
        .map(|(n, l)| feature_level_record(n, *l))
        .collect();
        let ours = snapshot(
            0x1a2376a1e67,
            &KRaftState::default(),
            &records,
            [0x1a2376a1e95, 0x1a2376a1eac, 0x1a2376a1eae],
        );
        assert_eq!(hex(&ours), hex(&java));
        let mut reader = BatchReader::new(&ours[..], 0, ours.len() as u64, "x");
        let mut n = 0;
        while let Some(b) = reader.next_batch().unwrap() {
            assert!(b.is_valid());
            n += 1;
        }
        assert_eq!(n, 3);
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn voters_are_encoded_as_the_kraft_voters_record() {
        let v = voters_value(&[Voter {
            id: 1,
            directory_id: [7; 16],
            endpoints: vec![("CONTROLLER".into(), "localhost".into(), 39093)],
            kraft_versions: (0, 1),
        }]);
        assert_eq!(v.len(), 55);
    }
}
