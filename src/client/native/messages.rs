//! Requests Kafka 4.4 has and the vendored `kafka-protocol` 0.18 codec lacks, written by hand
//! from Kafka's JSON schemas (`clients/src/main/resources/common/message/*.json` in the 4.4
//! kafka-clients jar). Each implements the codec's traits, so [`super::Native`] sends it like
//! any generated message (version negotiation, routing, retries).
//!
//! Only flexible versions are written here (every API added since Kafka 2.4 is flexible from
//! version 0): a body is its fields followed by the tagged-field section, which we send empty
//! and skip on reading.

use anyhow::{bail, Result};
use bytes::{Buf, BufMut};
use kafka_protocol::protocol::buf::{ByteBuf, ByteBufMut};
use kafka_protocol::protocol::{
    Decodable, Encodable, HeaderVersion, Message, Request, StrBytes, VersionRange,
};

pub(crate) mod streams;

/// Kafka's unsigned varint (7 bits a byte, low bits first).
fn put_varint<B: BufMut>(buf: &mut B, mut value: u32) {
    while value >= 0x80 {
        buf.put_u8((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    buf.put_u8(value as u8);
}

fn varint_size(value: u32) -> usize {
    match value {
        0..=0x7f => 1,
        0x80..=0x3fff => 2,
        0x4000..=0x1f_ffff => 3,
        0x20_0000..=0xfff_ffff => 4,
        _ => 5,
    }
}

fn get_varint<B: Buf>(buf: &mut B) -> Result<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        if !buf.has_remaining() {
            bail!("the answer ended inside a varint");
        }
        let byte = buf.get_u8();
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    bail!("a varint longer than five bytes")
}

fn get_i32<B: Buf>(buf: &mut B) -> Result<i32> {
    if buf.remaining() < 4 {
        bail!("the answer ended inside an int32");
    }
    Ok(buf.get_i32())
}

fn get_i16<B: Buf>(buf: &mut B) -> Result<i16> {
    if buf.remaining() < 2 {
        bail!("the answer ended inside an int16");
    }
    Ok(buf.get_i16())
}

/// A compact nullable string: length + 1 as a varint (0: null), then UTF-8.
fn put_compact_string<B: BufMut>(buf: &mut B, value: Option<&StrBytes>) -> Result<()> {
    match value {
        None => put_varint(buf, 0),
        Some(text) => {
            put_varint(buf, u32::try_from(text.len() + 1)?);
            buf.put_slice(text.as_bytes());
        }
    }
    Ok(())
}

fn compact_string_size(value: Option<&StrBytes>) -> Result<usize> {
    Ok(match value {
        None => 1,
        Some(text) => varint_size(u32::try_from(text.len() + 1)?) + text.len(),
    })
}

fn get_compact_string<B: ByteBuf>(buf: &mut B) -> Result<Option<StrBytes>> {
    let len = get_varint(buf)?;
    if len == 0 {
        return Ok(None);
    }
    let bytes = buf.try_get_bytes(usize::try_from(len - 1)?)?;
    Ok(Some(StrBytes::from_utf8(bytes)?))
}

/// Writes an empty tagged-field section.
fn put_no_tags<B: BufMut>(buf: &mut B) -> Result<()> {
    put_varint(buf, 0);
    Ok(())
}

/// Skips a tagged-field section (we know no tags of these messages).
fn skip_tags<B: ByteBuf>(buf: &mut B) -> Result<()> {
    let count = get_varint(buf)?;
    for _ in 0..count {
        let _tag = get_varint(buf)?;
        let size = get_varint(buf)?;
        buf.try_get_bytes(usize::try_from(size)?)?;
    }
    Ok(())
}

fn only_version_0(version: i16, name: &str) -> Result<()> {
    if version != 0 {
        bail!("{name} version {version} is not known to this tool");
    }
    Ok(())
}

/// UnregisterController (API 94, Kafka 4.4): removes a controller's registration from the
/// cluster metadata (after it left the KRaft quorum).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct UnregisterControllerRequest {
    pub(crate) controller_id: i32,
}

/// The answer to [`UnregisterControllerRequest`].
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct UnregisterControllerResponse {
    pub(crate) throttle_time_ms: i32,
    pub(crate) error_code: i16,
    pub(crate) error_message: Option<StrBytes>,
}

impl Message for UnregisterControllerRequest {
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl Message for UnregisterControllerResponse {
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl HeaderVersion for UnregisterControllerRequest {
    fn header_version(_version: i16) -> i16 {
        2
    }
}

impl HeaderVersion for UnregisterControllerResponse {
    fn header_version(_version: i16) -> i16 {
        1
    }
}

impl Request for UnregisterControllerRequest {
    const KEY: i16 = 94;
    type Response = UnregisterControllerResponse;
}

impl Encodable for UnregisterControllerRequest {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        only_version_0(version, "UnregisterController")?;
        buf.put_i32(self.controller_id);
        put_no_tags(buf)
    }

    fn compute_size(&self, version: i16) -> Result<usize> {
        only_version_0(version, "UnregisterController")?;
        Ok(4 + 1)
    }
}

impl Decodable for UnregisterControllerRequest {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        only_version_0(version, "UnregisterController")?;
        let controller_id = get_i32(buf)?;
        skip_tags(buf)?;
        Ok(Self { controller_id })
    }
}

impl Encodable for UnregisterControllerResponse {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        only_version_0(version, "UnregisterController")?;
        buf.put_i32(self.throttle_time_ms);
        buf.put_i16(self.error_code);
        put_compact_string(buf, self.error_message.as_ref())?;
        put_no_tags(buf)
    }

    fn compute_size(&self, version: i16) -> Result<usize> {
        only_version_0(version, "UnregisterController")?;
        Ok(4 + 2 + compact_string_size(self.error_message.as_ref())? + 1)
    }
}

impl Decodable for UnregisterControllerResponse {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        only_version_0(version, "UnregisterController")?;
        let throttle_time_ms = get_i32(buf)?;
        let error_code = get_i16(buf)?;
        let error_message = get_compact_string(buf)?;
        skip_tags(buf)?;
        Ok(Self {
            throttle_time_ms,
            error_code,
            error_message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::BytesMut;

    #[test]
    fn unregister_controller_round_trips_in_kafkas_layout() {
        let request = UnregisterControllerRequest { controller_id: 3 };
        let mut buf = BytesMut::new();
        request.encode(&mut buf, 0).unwrap();
        // int32 id, then an empty tagged-field section.
        assert_eq!(&buf[..], &[0, 0, 0, 3, 0]);
        assert_eq!(request.compute_size(0).unwrap(), buf.len());
        assert_eq!(
            UnregisterControllerRequest::decode(&mut buf.freeze(), 0).unwrap(),
            request
        );

        let response = UnregisterControllerResponse {
            throttle_time_ms: 0,
            error_code: 69,
            error_message: Some(StrBytes::from_static_str("no such controller")),
        };
        let mut buf = BytesMut::new();
        response.encode(&mut buf, 0).unwrap();
        assert_eq!(response.compute_size(0).unwrap(), buf.len());
        // A null message is the compact length 0.
        let mut null = BytesMut::new();
        UnregisterControllerResponse::default()
            .encode(&mut null, 0)
            .unwrap();
        assert_eq!(&null[..], &[0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            UnregisterControllerResponse::decode(&mut buf.freeze(), 0).unwrap(),
            response
        );
        assert!(UnregisterControllerRequest { controller_id: 1 }
            .encode(&mut BytesMut::new(), 1)
            .is_err());
    }
}
