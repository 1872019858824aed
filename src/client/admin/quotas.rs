//! Client quotas (DescribeClientQuotas, AlterClientQuotas) and SCRAM credentials
//! (DescribeUserScramCredentials, AlterUserScramCredentials) through the native path:
//! librdkafka 2.12 has no client-quota API, and its SCRAM admin calls are not exposed by
//! rdkafka 0.39.

use anyhow::{bail, Result};
use bytes::Bytes;
use kafka_protocol::messages::{
    AlterClientQuotasRequest, AlterUserScramCredentialsRequest, DescribeClientQuotasRequest,
    DescribeUserScramCredentialsRequest,
};
use kafka_protocol::protocol::StrBytes;

use crate::client::native::{Native, Target};

/// Kafka's quota entity types (`ClientQuotaEntity.USER`, `CLIENT_ID`, `IP`).
pub(crate) const USER: &str = "user";
/// The client-id entity type.
pub(crate) const CLIENT_ID: &str = "client-id";
/// The ip entity type.
pub(crate) const IP: &str = "ip";

/// How a quota filter component matches (DescribeClientQuotas `MatchType`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum QuotaMatch {
    /// The entity with this name.
    Exact(String),
    /// The default entity of the type.
    Default,
    /// Any entity of the type (named or default).
    Any,
}

/// One quota entity with its values, as the broker returned them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuotaEntry {
    /// (entity type, name); `None` is the default entity.
    pub(crate) entity: Vec<(String, Option<String>)>,
    /// (quota key, value) in the broker's order.
    pub(crate) values: Vec<(String, f64)>,
}

/// A broker error: code and the broker's text (or the code's).
pub(crate) type BrokerError = (i16, String);

/// Describes the quotas matching every component (`strict`: entities with exactly these
/// types, as Java's `ClientQuotaFilter.containsOnly`).
pub(crate) async fn describe_client_quotas(
    native: &Native,
    components: &[(String, QuotaMatch)],
    strict: bool,
) -> Result<std::result::Result<Vec<QuotaEntry>, BrokerError>> {
    use kafka_protocol::messages::describe_client_quotas_request::ComponentData;
    let build = |_| {
        DescribeClientQuotasRequest::default()
            .with_strict(strict)
            .with_components(
                components
                    .iter()
                    .map(|(kind, m)| {
                        let c = ComponentData::default().with_entity_type(s(kind));
                        match m {
                            QuotaMatch::Exact(name) => {
                                c.with_match_type(0).with_match(Some(s(name)))
                            }
                            QuotaMatch::Default => c.with_match_type(1).with_match(None),
                            QuotaMatch::Any => c.with_match_type(2).with_match(None),
                        }
                    })
                    .collect(),
            )
    };
    let (response, _) = native
        .call::<DescribeClientQuotasRequest, _, _>(&Target::Any, 0, build, |r| r.error_code)
        .await?;
    if response.error_code != 0 {
        return Ok(Err((
            response.error_code,
            text(response.error_code, response.error_message.as_ref()),
        )));
    }
    Ok(Ok(response
        .entries
        .unwrap_or_default()
        .into_iter()
        .map(|e| QuotaEntry {
            entity: e
                .entity
                .into_iter()
                .map(|d| {
                    (
                        d.entity_type.to_string(),
                        d.entity_name.map(|n| n.to_string()),
                    )
                })
                .collect(),
            values: e
                .values
                .into_iter()
                .map(|v| (v.key.to_string(), v.value))
                .collect(),
        })
        .collect()))
}

/// Sets (`Some`) or removes (`None`) quota values of one entity. Returns the broker's error.
pub(crate) async fn alter_client_quotas(
    native: &Native,
    entity: &[(String, Option<String>)],
    ops: &[(String, Option<f64>)],
) -> Result<Option<BrokerError>> {
    use kafka_protocol::messages::alter_client_quotas_request::{EntityData, EntryData, OpData};
    let build = |_| {
        AlterClientQuotasRequest::default().with_entries(vec![EntryData::default()
            .with_entity(
                entity
                    .iter()
                    .map(|(kind, name)| {
                        EntityData::default()
                            .with_entity_type(s(kind))
                            .with_entity_name(name.as_deref().map(s))
                    })
                    .collect(),
            )
            .with_ops(
                ops.iter()
                    .map(|(key, value)| {
                        OpData::default()
                            .with_key(s(key))
                            .with_value(value.unwrap_or(0.0))
                            .with_remove(value.is_none())
                    })
                    .collect(),
            )])
    };
    let (response, _) = native
        .call::<AlterClientQuotasRequest, _, _>(&Target::Any, 0, build, |r| {
            r.entries.first().map_or(0, |e| e.error_code)
        })
        .await?;
    Ok(response
        .entries
        .into_iter()
        .find(|e| e.error_code != 0)
        .map(|e| (e.error_code, text(e.error_code, e.error_message.as_ref()))))
}

/// A SCRAM mechanism as Kafka numbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ScramMechanism {
    /// SCRAM-SHA-256 (1).
    Sha256,
    /// SCRAM-SHA-512 (2).
    Sha512,
}

impl ScramMechanism {
    /// Both, in Java's order.
    pub(crate) const ALL: [Self; 2] = [Self::Sha256, Self::Sha512];

    /// Kafka's wire number.
    pub(crate) fn code(self) -> i8 {
        match self {
            Self::Sha256 => 1,
            Self::Sha512 => 2,
        }
    }

    /// From the wire number.
    pub(crate) fn from_code(code: i8) -> Option<Self> {
        match code {
            1 => Some(Self::Sha256),
            2 => Some(Self::Sha512),
            _ => None,
        }
    }

    /// `SCRAM-SHA-256`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Sha256 => "SCRAM-SHA-256",
            Self::Sha512 => "SCRAM-SHA-512",
        }
    }

    /// From `SCRAM-SHA-256` / `SCRAM-SHA-512`.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Java's enum constant name (`SCRAM_SHA_256`), used in some of its messages.
    pub(crate) fn enum_name(self) -> &'static str {
        match self {
            Self::Sha256 => "SCRAM_SHA_256",
            Self::Sha512 => "SCRAM_SHA_512",
        }
    }

    /// The digest of its PBKDF2-HMAC.
    pub(crate) fn digest(self) -> openssl::hash::MessageDigest {
        match self {
            Self::Sha256 => openssl::hash::MessageDigest::sha256(),
            Self::Sha512 => openssl::hash::MessageDigest::sha512(),
        }
    }

    /// Java's minimum iteration count (RFC 7677).
    pub(crate) fn min_iterations(self) -> i32 {
        4096
    }
}

/// The SCRAM credentials of one user, or the broker's error for that user.
#[derive(Debug, Clone)]
pub(crate) struct ScramUser {
    /// User name.
    pub(crate) user: String,
    /// (mechanism code, iterations), or the error.
    pub(crate) credentials: std::result::Result<Vec<(i8, i32)>, BrokerError>,
}

/// Describes the SCRAM credentials of `users` (every user that has some when `None`).
pub(crate) async fn describe_user_scram(
    native: &Native,
    users: Option<&[String]>,
) -> Result<std::result::Result<Vec<ScramUser>, BrokerError>> {
    use kafka_protocol::messages::describe_user_scram_credentials_request::UserName;
    let build = |_| {
        DescribeUserScramCredentialsRequest::default().with_users(users.map(|u| {
            u.iter()
                .map(|n| UserName::default().with_name(s(n)))
                .collect()
        }))
    };
    let (response, _) = native
        .call::<DescribeUserScramCredentialsRequest, _, _>(&Target::Any, 0, build, |r| r.error_code)
        .await?;
    if response.error_code != 0 {
        return Ok(Err((
            response.error_code,
            text(response.error_code, response.error_message.as_ref()),
        )));
    }
    Ok(Ok(response
        .results
        .into_iter()
        .map(|r| ScramUser {
            user: r.user.to_string(),
            credentials: if r.error_code == 0 {
                Ok(r.credential_infos
                    .iter()
                    .map(|c| (c.mechanism, c.iterations))
                    .collect())
            } else {
                Err((r.error_code, text(r.error_code, r.error_message.as_ref())))
            },
        })
        .collect()))
}

/// One SCRAM credential to store: the salted password is computed here, the password itself
/// never leaves the process.
#[derive(Clone)]
pub(crate) struct ScramUpsertion {
    /// Mechanism.
    pub(crate) mechanism: ScramMechanism,
    /// Iterations.
    pub(crate) iterations: i32,
    /// The salt.
    pub(crate) salt: Vec<u8>,
    /// PBKDF2 of the password with `salt` and `iterations`.
    pub(crate) salted_password: Vec<u8>,
}

impl std::fmt::Debug for ScramUpsertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScramUpsertion")
            .field("mechanism", &self.mechanism)
            .field("iterations", &self.iterations)
            .finish_non_exhaustive()
    }
}

/// Stores and deletes SCRAM credentials of one user; returns the broker's error.
pub(crate) async fn alter_user_scram(
    native: &Native,
    user: &str,
    deletions: &[ScramMechanism],
    upsertions: &[ScramUpsertion],
) -> Result<Option<BrokerError>> {
    use kafka_protocol::messages::alter_user_scram_credentials_request::{
        ScramCredentialDeletion, ScramCredentialUpsertion,
    };
    if deletions.is_empty() && upsertions.is_empty() {
        bail!("no SCRAM credential to alter");
    }
    let build = |_| {
        AlterUserScramCredentialsRequest::default()
            .with_deletions(
                deletions
                    .iter()
                    .map(|m| {
                        ScramCredentialDeletion::default()
                            .with_name(s(user))
                            .with_mechanism(m.code())
                    })
                    .collect(),
            )
            .with_upsertions(
                upsertions
                    .iter()
                    .map(|u| {
                        ScramCredentialUpsertion::default()
                            .with_name(s(user))
                            .with_mechanism(u.mechanism.code())
                            .with_iterations(u.iterations)
                            .with_salt(Bytes::copy_from_slice(&u.salt))
                            .with_salted_password(Bytes::copy_from_slice(&u.salted_password))
                    })
                    .collect(),
            )
    };
    let (response, _) = native
        .call::<AlterUserScramCredentialsRequest, _, _>(&Target::Any, 0, build, |r| {
            r.results.first().map_or(0, |e| e.error_code)
        })
        .await?;
    Ok(response
        .results
        .into_iter()
        .find(|e| e.error_code != 0)
        .map(|e| (e.error_code, text(e.error_code, e.error_message.as_ref()))))
}

/// A protocol string from `text`.
pub(crate) fn s(text: &str) -> StrBytes {
    StrBytes::from_string(text.to_string())
}

/// The text of a broker error: the broker's message, else the code's.
pub(crate) fn text(code: i16, message: Option<&StrBytes>) -> String {
    crate::client::native::error_text(code, message.map(|m| m.as_str()))
}
