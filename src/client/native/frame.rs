//! The wire format around every message: a 4-byte big-endian size, then the request or
//! response header, then the body (kafka-protocol encodes both).
//!
//! Pure functions over bytes, so that framing, header versions and the correlation check are
//! tested without a broker and fuzzed (`crate::fuzzing::native_response`).

use anyhow::{bail, Context as _, Result};
use bytes::{Buf as _, Bytes, BytesMut};
use kafka_protocol::messages::{ApiKey, RequestHeader, ResponseHeader};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, Request, StrBytes};

/// The largest response we accept (Java has no client-side bound; a fetch of many partitions
/// stays far below it). A size field beyond it is a broken or hostile peer, refused before any
/// memory is taken for it.
pub(crate) const MAX_RESPONSE_BYTES: usize = 256 * 1024 * 1024;

/// The header version of `R`'s response at `version`. ApiVersions always answers with header
/// v0, whatever the request's version, so that a client that sent a version the broker does not
/// know can still read the answer.
fn response_header_version<R: Request>(version: i16) -> i16 {
    if R::KEY == ApiKey::ApiVersions as i16 {
        0
    } else {
        R::Response::header_version(version)
    }
}

/// Versions that kafka-protocol 0.18 (generated from Kafka 4.1) lacks although their message
/// body equals an older version's: `(api key, version, body version)`. ListOffsets v11 only
/// adds the meaning of timestamp -6 (earliest pending upload) to v10.
const SAME_BODY: &[(i16, i16, i16)] = &[(ApiKey::ListOffsets as i16, 11, 10)];

/// The version whose layout the body of `key` at `version` has.
pub(crate) fn body_version(key: i16, version: i16) -> i16 {
    SAME_BODY
        .iter()
        .find(|(k, v, _)| *k == key && *v == version)
        .map_or(version, |(_, _, body)| *body)
}

/// The highest version of `key` we can send, the codec's own or a [`SAME_BODY`] one above it.
pub(crate) fn our_max(key: i16, codec_max: i16) -> i16 {
    SAME_BODY
        .iter()
        .filter(|(k, _, body)| *k == key && *body <= codec_max)
        .map(|(_, v, _)| *v)
        .fold(codec_max, i16::max)
}

/// The name of an API key as Kafka's protocol guide spells it (`DescribeTopicPartitions`), or
/// its number.
pub(crate) fn api_name(key: i16) -> String {
    match ApiKey::try_from(key) {
        Ok(api) => format!("{api:?}"),
        // Written by hand (`messages::streams`), unknown to kafka-protocol.
        Err(()) if key == 89 => "StreamsGroupDescribe".to_string(),
        Err(()) => format!("API {key}"),
    }
}

/// One request, framed: size, header (its version follows the API and version), body.
pub(crate) fn encode_request<R: Request>(
    request: &R,
    version: i16,
    correlation_id: i32,
    client_id: &str,
) -> Result<BytesMut> {
    let header = RequestHeader::default()
        .with_request_api_key(R::KEY)
        .with_request_api_version(version)
        .with_correlation_id(correlation_id)
        .with_client_id(Some(StrBytes::from_string(client_id.to_string())));
    let body = body_version(R::KEY, version);
    let header_version = R::header_version(body);
    let size = header.compute_size(header_version)? + request.compute_size(body)?;
    let mut buf = BytesMut::with_capacity(4 + size);
    buf.extend_from_slice(&i32::try_from(size)?.to_be_bytes());
    header.encode(&mut buf, header_version)?;
    request
        .encode(&mut buf, body)
        .with_context(|| format!("encoding {} v{version}", api_name(R::KEY)))?;
    Ok(buf)
}

/// The payload size announced by a frame's first 4 bytes, checked against
/// [`MAX_RESPONSE_BYTES`].
pub(crate) fn frame_size(prefix: [u8; 4]) -> Result<usize> {
    let size = i32::from_be_bytes(prefix);
    match usize::try_from(size) {
        Ok(size) if size <= MAX_RESPONSE_BYTES => Ok(size),
        _ => bail!(
            "the broker sent a response of {size} bytes (at most {MAX_RESPONSE_BYTES} accepted): \
             is this a Kafka listener?"
        ),
    }
}

/// Decodes one response payload (the frame without its size): the header must carry
/// `correlation_id`, the body must decode completely at `version`.
pub(crate) fn decode_response<R: Request>(
    mut payload: Bytes,
    version: i16,
    correlation_id: i32,
) -> Result<R::Response> {
    let what = || format!("decoding the {} v{version} response", api_name(R::KEY));
    let version = body_version(R::KEY, version);
    let header = ResponseHeader::decode(&mut payload, response_header_version::<R>(version))
        .with_context(what)?;
    if header.correlation_id != correlation_id {
        bail!(
            "the broker answered request {} instead of {correlation_id} ({}): \
             the connection is out of step",
            header.correlation_id,
            api_name(R::KEY)
        );
    }
    let response = R::Response::decode(&mut payload, version).with_context(what)?;
    if payload.has_remaining() {
        bail!("{}: {} bytes left over", what(), payload.remaining());
    }
    Ok(response)
}

/// Reads `data` as a connection reads a response, for the fuzz target and its regression
/// test: a 4-byte size (checked first), then the API key and version the response is for (2 + 2
/// bytes, as the request said), then that many payload bytes, decoded as that API's response.
pub(crate) fn decode_any_response(data: &[u8]) -> Result<()> {
    use kafka_protocol::messages::*;
    use kafka_protocol::protocol::Message;
    let (Some(size), Some(key), Some(version)) = (data.get(..4), data.get(4..6), data.get(6..8))
    else {
        bail!("short input");
    };
    let size = frame_size(size.try_into()?)?;
    let key = i16::from_be_bytes(key.try_into()?);
    let version = i16::from_be_bytes(version.try_into()?);
    let payload = Bytes::copy_from_slice(data.get(8..).unwrap_or_default());
    let payload = payload.slice(..size.min(payload.len()));
    fn one<R: Request + Message>(payload: Bytes, version: i16) -> Result<()> {
        let max = our_max(R::KEY, R::VERSIONS.max);
        let version = version.clamp(R::VERSIONS.min, max);
        decode_response::<R>(payload, version, 1).map(|_| ())
    }
    macro_rules! by_key {
        ($($request:ty),* $(,)?) => {
            $(if key == <$request as Request>::KEY {
                return one::<$request>(payload, version);
            })*
        };
    }
    by_key!(
        ApiVersionsRequest,
        SaslHandshakeRequest,
        SaslAuthenticateRequest,
        MetadataRequest,
        DescribeClusterRequest,
        FindCoordinatorRequest,
        ListOffsetsRequest,
        DescribeTopicPartitionsRequest,
        ListPartitionReassignmentsRequest,
        ConsumerGroupDescribeRequest,
        DescribeConfigsRequest,
        IncrementalAlterConfigsRequest,
        DescribeClientQuotasRequest,
        AlterClientQuotasRequest,
        DescribeUserScramCredentialsRequest,
        AlterUserScramCredentialsRequest,
        ListConfigResourcesRequest,
    );
    bail!("no response type for API key {key}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::messages::MetadataResponse;
    use kafka_protocol::messages::{ApiVersionsRequest, ApiVersionsResponse, MetadataRequest};
    use kafka_protocol::protocol::decode_request_header_from_buffer;

    /// A response frame payload as a broker writes it.
    fn response_payload<R: Request>(response: &R::Response, version: i16, id: i32) -> Bytes {
        let mut buf = BytesMut::new();
        ResponseHeader::default()
            .with_correlation_id(id)
            .encode(&mut buf, response_header_version::<R>(version))
            .unwrap();
        response.encode(&mut buf, version).unwrap();
        buf.freeze()
    }

    #[test]
    fn a_request_frame_is_size_header_body() {
        let req = MetadataRequest::default().with_topics(None);
        let mut frame = encode_request(&req, 12, 7, "kafka-tools").unwrap();
        let size = frame.get_i32() as usize;
        assert_eq!(size, frame.len());
        let header = decode_request_header_from_buffer(&mut frame).unwrap();
        assert_eq!(header.request_api_key, ApiKey::Metadata as i16);
        assert_eq!(header.request_api_version, 12);
        assert_eq!(header.correlation_id, 7);
        assert_eq!(header.client_id.as_deref(), Some("kafka-tools"));
        let body = MetadataRequest::decode(&mut frame, 12).unwrap();
        assert_eq!(body, req);
    }

    #[test]
    fn responses_decode_with_their_header_version() {
        // Metadata v12 is flexible (header v1, tagged fields); ApiVersions v3 too, but its
        // response header stays v0.
        let md = MetadataResponse::default().with_cluster_id(Some(StrBytes::from_static_str("c")));
        let got = decode_response::<MetadataRequest>(
            response_payload::<MetadataRequest>(&md, 12, 3),
            12,
            3,
        )
        .unwrap();
        assert_eq!(got.cluster_id.as_deref(), Some("c"));
        let av = ApiVersionsResponse::default().with_error_code(35);
        let payload = response_payload::<ApiVersionsRequest>(&av, 3, 1);
        assert_eq!(
            &payload[..4],
            &1i32.to_be_bytes(),
            "header v0: the id alone"
        );
        let got = decode_response::<ApiVersionsRequest>(payload, 3, 1).unwrap();
        assert_eq!(got.error_code, 35);
    }

    #[test]
    fn a_wrong_correlation_id_or_trailing_bytes_fail() {
        let md = MetadataResponse::default();
        let payload = response_payload::<MetadataRequest>(&md, 12, 4);
        let err = decode_response::<MetadataRequest>(payload.clone(), 12, 5).unwrap_err();
        assert!(err.to_string().contains("out of step"), "{err}");
        let mut longer = BytesMut::from(&payload[..]);
        longer.extend_from_slice(b"xx");
        let err = decode_response::<MetadataRequest>(longer.freeze(), 12, 4).unwrap_err();
        assert!(format!("{err:#}").contains("2 bytes left over"), "{err:#}");
        let err = decode_response::<MetadataRequest>(payload.slice(..6), 12, 4).unwrap_err();
        assert!(format!("{err:#}").contains("Metadata v12"), "{err:#}");
    }

    #[test]
    fn frame_sizes_are_bounded_before_any_allocation() {
        assert_eq!(frame_size(16i32.to_be_bytes()).unwrap(), 16);
        assert!(frame_size((-1i32).to_be_bytes()).is_err());
        let err = frame_size(i32::MAX.to_be_bytes()).unwrap_err();
        assert!(err.to_string().contains("Kafka listener"), "{err}");
        // "HTTP" read as a size: an HTTP server on the port.
        assert!(frame_size(*b"HTTP").is_err());
    }

    #[test]
    fn list_offsets_v11_is_sent_as_a_v10_body_under_a_v11_header() {
        use kafka_protocol::messages::ListOffsetsRequest;
        assert_eq!(our_max(2, 10), 11);
        assert_eq!(our_max(3, 12), 12);
        let req = ListOffsetsRequest::default();
        let mut v11 = encode_request(&req, 11, 1, "c").unwrap();
        let v10 = encode_request(&req, 10, 1, "c").unwrap();
        assert_eq!(v11.len(), v10.len());
        v11.advance(4);
        let header = decode_request_header_from_buffer(&mut v11).unwrap();
        assert_eq!(header.request_api_version, 11);
        assert_eq!(&v11[..], &v10[v10.len() - v11.len()..]);
    }

    #[test]
    fn forged_array_counts_fail_on_the_missing_bytes_without_reserving_them() {
        // A Metadata v12 response whose brokers array claims 2^31 - 1 elements (compact
        // array: count + 1 as an unsigned varint) and then ends.
        let mut frame = Vec::new();
        let mut payload = vec![0, 0, 0, 1, 0]; // correlation id 1, no tagged fields
        payload.extend_from_slice(&[0, 0, 0, 0]); // throttle_time_ms
        payload.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x07]); // brokers: 2^31 - 1
        frame.extend_from_slice(&(payload.len() as i32).to_be_bytes());
        frame.extend_from_slice(&(ApiKey::Metadata as i16).to_be_bytes());
        frame.extend_from_slice(&12i16.to_be_bytes());
        frame.extend_from_slice(&payload);
        let err = decode_any_response(&frame).unwrap_err();
        assert!(format!("{err:#}").contains("Metadata v12"), "{err:#}");
        assert!(decode_any_response(b"\xff\xff\xff\xff").is_err());
    }

    /// Writes the native_response fuzz target's seeds: one well-formed response per API the
    /// native path reads, at the highest version we send (`cargo test --lib
    /// write_native_response_seeds -- --ignored`).
    #[test]
    #[ignore]
    fn write_native_response_seeds() {
        use kafka_protocol::messages::metadata_response::{
            MetadataResponseBroker, MetadataResponsePartition, MetadataResponseTopic,
        };
        use kafka_protocol::messages::*;
        use kafka_protocol::protocol::Message;
        fn seed<R: Request + Message>(response: R::Response) -> Vec<u8> {
            let version = our_max(R::KEY, R::VERSIONS.max);
            let payload = response_payload::<R>(&response, body_version(R::KEY, version), 1);
            let mut out = (payload.len() as i32).to_be_bytes().to_vec();
            out.extend_from_slice(&R::KEY.to_be_bytes());
            out.extend_from_slice(&version.to_be_bytes());
            out.extend_from_slice(&payload);
            out
        }
        let metadata = MetadataResponse::default()
            .with_brokers(vec![MetadataResponseBroker::default()
                .with_node_id(BrokerId(1))
                .with_host(StrBytes::from_static_str("127.0.0.1"))
                .with_port(9092)])
            .with_topics(vec![MetadataResponseTopic::default()
                .with_name(Some(TopicName(StrBytes::from_static_str("t"))))
                .with_partitions(vec![MetadataResponsePartition::default()
                    .with_replica_nodes(vec![BrokerId(1)])
                    .with_isr_nodes(vec![BrokerId(1)])])]);
        let seeds = [
            (
                "api_versions",
                seed::<ApiVersionsRequest>(Default::default()),
            ),
            ("metadata", seed::<MetadataRequest>(metadata)),
            (
                "list_offsets",
                seed::<ListOffsetsRequest>(Default::default()),
            ),
            (
                "describe_topic_partitions",
                seed::<DescribeTopicPartitionsRequest>(Default::default()),
            ),
            (
                "list_partition_reassignments",
                seed::<ListPartitionReassignmentsRequest>(Default::default()),
            ),
            (
                "find_coordinator",
                seed::<FindCoordinatorRequest>(Default::default()),
            ),
            (
                "describe_cluster",
                seed::<DescribeClusterRequest>(Default::default()),
            ),
            (
                "sasl_authenticate",
                seed::<SaslAuthenticateRequest>(Default::default()),
            ),
            (
                "consumer_group_describe",
                seed::<ConsumerGroupDescribeRequest>(Default::default()),
            ),
            (
                "describe_configs",
                seed::<DescribeConfigsRequest>(Default::default()),
            ),
            (
                "describe_client_quotas",
                seed::<DescribeClientQuotasRequest>(Default::default()),
            ),
        ];
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/native_response");
        std::fs::create_dir_all(dir).unwrap();
        for (name, bytes) in seeds {
            decode_any_response(&bytes).unwrap();
            std::fs::write(format!("{dir}/{name}"), bytes).unwrap();
        }
    }

    #[test]
    fn api_names_follow_the_protocol_guide() {
        assert_eq!(api_name(75), "DescribeTopicPartitions");
        assert_eq!(api_name(18), "ApiVersions");
        assert_eq!(api_name(999), "API 999");
    }
}
