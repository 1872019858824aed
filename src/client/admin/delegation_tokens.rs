//! Delegation tokens through the native path: CreateDelegationToken, RenewDelegationToken,
//! ExpireDelegationToken and DescribeDelegationToken (API keys 38-41), each to any broker as
//! Java's admin client sends them. librdkafka has no delegation-token API.

use std::fmt;

use anyhow::Result;
use bytes::Bytes;
use kafka_protocol::messages::create_delegation_token_request::CreatableRenewers;
use kafka_protocol::messages::describe_delegation_token_request::DescribeDelegationTokenOwner;
use kafka_protocol::messages::{
    CreateDelegationTokenRequest, DescribeDelegationTokenRequest, ExpireDelegationTokenRequest,
    RenewDelegationTokenRequest,
};
use kafka_protocol::protocol::StrBytes;

use crate::client::native::{Native, Target};

/// A Kafka principal, `type:name` (`User:alice`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Principal {
    /// The principal type (`User`).
    pub(crate) kind: String,
    /// The name.
    pub(crate) name: String,
}

impl Principal {
    /// Parses `type:name` as Java's `SecurityUtils.parseKafkaPrincipal` does (split at the
    /// first colon); `None` when there is no colon.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let (kind, name) = text.split_once(':')?;
        Some(Self {
            kind: kind.to_string(),
            name: name.to_string(),
        })
    }

    fn new(kind: &StrBytes, name: &StrBytes) -> Self {
        Self {
            kind: kind.to_string(),
            name: name.to_string(),
        }
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind, self.name)
    }
}

/// A delegation token and what the broker knows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The token's id (the SCRAM user name of a token login).
    pub(crate) token_id: String,
    /// Its HMAC (base64 of it is the SCRAM password of a token login).
    pub(crate) hmac: Vec<u8>,
    /// Whose token it is.
    pub(crate) owner: Principal,
    /// Who asked for it (the owner, unless created on behalf of another).
    pub(crate) requester: Principal,
    /// Who may renew it.
    pub(crate) renewers: Vec<Principal>,
    /// When it was made (ms since the epoch).
    pub(crate) issue_ms: i64,
    /// When it expires unless renewed.
    pub(crate) expiry_ms: i64,
    /// When it expires at the latest.
    pub(crate) max_ms: i64,
}

/// A broker error code: the call reached the broker, which refused.
pub(crate) type Refusal = i16;

fn s(text: &str) -> StrBytes {
    StrBytes::from_string(text.to_string())
}

/// Creates a token with these renewers and maximum life (-1: the broker's
/// `delegation.token.max.lifetime.ms`), for `owner` when given (version 3).
pub(crate) async fn create_token(
    native: &Native,
    renewers: &[Principal],
    max_lifetime_ms: i64,
    owner: Option<&Principal>,
) -> Result<std::result::Result<Token, Refusal>> {
    let build = |v: i16| {
        let r = CreateDelegationTokenRequest::default()
            .with_renewers(
                renewers
                    .iter()
                    .map(|p| {
                        CreatableRenewers::default()
                            .with_principal_type(s(&p.kind))
                            .with_principal_name(s(&p.name))
                    })
                    .collect(),
            )
            .with_max_lifetime_ms(max_lifetime_ms);
        match owner {
            Some(o) if v >= 3 => r
                .with_owner_principal_type(Some(s(&o.kind)))
                .with_owner_principal_name(Some(s(&o.name))),
            _ => r,
        }
    };
    let floor = if owner.is_some() { 3 } else { 0 };
    let (r, _) = native
        .call::<CreateDelegationTokenRequest, _, _>(&Target::Any, floor, build, |r| r.error_code)
        .await?;
    if r.error_code != 0 {
        return Ok(Err(r.error_code));
    }
    Ok(Ok(Token {
        token_id: r.token_id.to_string(),
        hmac: r.hmac.to_vec(),
        owner: Principal::new(&r.principal_type, &r.principal_name),
        requester: Principal::new(
            &r.token_requester_principal_type,
            &r.token_requester_principal_name,
        ),
        // As Java's admin client: the renewers asked for (the response does not list them).
        renewers: renewers.to_vec(),
        issue_ms: r.issue_timestamp_ms,
        expiry_ms: r.expiry_timestamp_ms,
        max_ms: r.max_timestamp_ms,
    }))
}

/// What [`change_expiry`] does to a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExpiryChange {
    /// RenewDelegationToken: expiry `period_ms` from now (-1: the broker's
    /// `delegation.token.expiry.time.ms`), never past the token's maximum.
    Renew,
    /// ExpireDelegationToken: expiry `period_ms` from now (-1: the token is removed at once).
    Expire,
}

/// Renews or expires the token with this HMAC; returns its new expiry time.
pub(crate) async fn change_expiry(
    native: &Native,
    change: ExpiryChange,
    hmac: &[u8],
    period_ms: i64,
) -> Result<std::result::Result<i64, Refusal>> {
    let hmac = Bytes::copy_from_slice(hmac);
    let (code, expiry) = match change {
        ExpiryChange::Renew => {
            let build = |_| {
                RenewDelegationTokenRequest::default()
                    .with_hmac(hmac.clone())
                    .with_renew_period_ms(period_ms)
            };
            let (r, _) = native
                .call::<RenewDelegationTokenRequest, _, _>(&Target::Any, 0, build, |r| r.error_code)
                .await?;
            (r.error_code, r.expiry_timestamp_ms)
        }
        ExpiryChange::Expire => {
            let build = |_| {
                ExpireDelegationTokenRequest::default()
                    .with_hmac(hmac.clone())
                    .with_expiry_time_period_ms(period_ms)
            };
            let (r, _) = native
                .call::<ExpireDelegationTokenRequest, _, _>(&Target::Any, 0, build, |r| {
                    r.error_code
                })
                .await?;
            (r.error_code, r.expiry_timestamp_ms)
        }
    };
    Ok(if code == 0 { Ok(expiry) } else { Err(code) })
}

/// The tokens of these owners (or renewers) that the principal may see; `None` asks for
/// every token, an empty list for none (the broker answers an empty list with no token).
pub(crate) async fn describe_tokens(
    native: &Native,
    owners: Option<&[Principal]>,
) -> Result<std::result::Result<Vec<Token>, Refusal>> {
    let build = |_| {
        DescribeDelegationTokenRequest::default().with_owners(owners.map(|list| {
            list.iter()
                .map(|p| {
                    DescribeDelegationTokenOwner::default()
                        .with_principal_type(s(&p.kind))
                        .with_principal_name(s(&p.name))
                })
                .collect()
        }))
    };
    let (r, _) = native
        .call::<DescribeDelegationTokenRequest, _, _>(&Target::Any, 0, build, |r| r.error_code)
        .await?;
    if r.error_code != 0 {
        return Ok(Err(r.error_code));
    }
    Ok(Ok(r
        .tokens
        .iter()
        .map(|t| Token {
            token_id: t.token_id.to_string(),
            hmac: t.hmac.to_vec(),
            owner: Principal::new(&t.principal_type, &t.principal_name),
            requester: Principal::new(
                &t.token_requester_principal_type,
                &t.token_requester_principal_name,
            ),
            renewers: t
                .renewers
                .iter()
                .map(|p| Principal::new(&p.principal_type, &p.principal_name))
                .collect(),
            issue_ms: t.issue_timestamp,
            expiry_ms: t.expiry_timestamp,
            max_ms: t.max_timestamp,
        })
        .collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals_split_at_the_first_colon() {
        let p = Principal::parse("User:CN=a:b").unwrap();
        assert_eq!((p.kind.as_str(), p.name.as_str()), ("User", "CN=a:b"));
        assert_eq!(p.to_string(), "User:CN=a:b");
        assert_eq!(Principal::parse(":x").unwrap().to_string(), ":x");
        assert!(Principal::parse("alice").is_none());
    }
}
