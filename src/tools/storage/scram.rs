//! `--add-scram` as Java's `ScramParser` reads it: `MECHANISM=[key=value,...]` with `name`
//! and either `password` (salted here, with a random salt unless `salt` is given) or
//! `salt` + `saltedpassword` (base64); `iterations` 4096 by default, 4096..=16384.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};
use base64::Engine;
use openssl::hash::{hash, MessageDigest};
use openssl::pkey::PKey;
use openssl::sign::Signer;

use crate::client::admin::quotas::ScramMechanism;
use crate::tools::configs::quotas::{random_salt, salted_password};

/// One SCRAM credential, as a `UserScramCredentialRecord` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Credential {
    pub(super) name: String,
    pub(super) mechanism: ScramMechanism,
    pub(super) salt: Vec<u8>,
    pub(super) stored_key: Vec<u8>,
    pub(super) server_key: Vec<u8>,
    pub(super) iterations: i32,
}

const MAX_ITERATIONS: i32 = 16384;

/// Parses one `--add-scram` argument and computes its credential.
pub(super) fn parse(argument: &str) -> Result<Credential> {
    let input = argument.trim();
    let (mechanism_text, config) = input
        .split_once('=')
        .ok_or_else(|| anyhow!("Failed to find equals sign in SCRAM argument '{input}'"))?;
    let mechanism = ScramMechanism::parse(mechanism_text)
        .ok_or_else(|| anyhow!("The add-scram mechanism {mechanism_text} is not supported."))?;
    let config = config
        .strip_prefix('[')
        .ok_or_else(|| anyhow!("Expected configuration string to start with ["))?;
    let config = config
        .strip_suffix(']')
        .ok_or_else(|| anyhow!("Expected configuration string to end with ]"))?;
    let mut components: BTreeMap<String, String> = BTreeMap::new();
    // Java's String.split(","): trailing empty strings dropped, others kept.
    let mut parts: Vec<&str> = config.split(',').collect();
    while parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    for part in parts {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| anyhow!("No equals sign found in SCRAM component: {part}"))?;
        let value = if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
            &value[1..value.len() - 1]
        } else {
            value
        };
        components.insert(key.to_string(), value.to_string());
    }
    let name = components
        .remove("name")
        .ok_or_else(|| anyhow!("You must supply 'name' to add-scram"))?;
    let b64 = base64::engine::general_purpose::STANDARD;
    let salt = match components.remove("salt") {
        Some(s) => Some(
            b64.decode(&s)
                .map_err(|_| anyhow!("Failed to decode given salt: {s}"))?,
        ),
        None => None,
    };
    let iterations = match components.remove("iterations") {
        Some(i) => i
            .parse::<i32>()
            .map_err(|_| anyhow!("Failed to parse iterations count: {i}"))?,
        None => 4096,
    };
    let password = components.remove("password");
    let salted = components.remove("saltedpassword");
    let salted = match (&password, salted) {
        (Some(_), _) => None,
        (None, None) => {
            return Err(anyhow!(
                "You must supply one of 'password' or 'saltedpassword' to add-scram"
            ))
        }
        (None, Some(_)) if salt.is_none() => {
            return Err(anyhow!(
                "You must supply 'salt' with 'saltedpassword' to add-scram"
            ))
        }
        (None, Some(s)) => Some(
            b64.decode(&s)
                .map_err(|_| anyhow!("Failed to decode given saltedPassword: {s}"))?,
        ),
    };
    if !components.is_empty() {
        let keys: Vec<&str> = components.keys().map(String::as_str).collect();
        return Err(anyhow!("Unknown SCRAM configurations: {}", keys.join(", ")));
    }
    let salt = match salt {
        Some(s) => s,
        None => random_salt()?,
    };
    if iterations < mechanism.min_iterations() {
        return Err(anyhow!(
            "The 'iterations' value must be >= {} for add-scram using {}",
            mechanism.min_iterations(),
            mechanism.enum_name()
        ));
    }
    if iterations > MAX_ITERATIONS {
        return Err(anyhow!(
            "The 'iterations' value must be <= {MAX_ITERATIONS} for add-scram using {}",
            mechanism.enum_name()
        ));
    }
    let salted = match (salted, password) {
        (Some(s), _) => s,
        (None, Some(p)) => salted_password(mechanism, &p, &salt, iterations)?,
        (None, None) => Vec::new(),
    };
    let (stored_key, server_key) = keys(mechanism, &salted)?;
    Ok(Credential {
        name,
        mechanism,
        salt,
        stored_key,
        server_key,
        iterations,
    })
}

/// RFC 5802: StoredKey = H(HMAC(salted, "Client Key")), ServerKey = HMAC(salted, "Server Key").
fn keys(mechanism: ScramMechanism, salted: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    let digest: MessageDigest = mechanism.digest();
    let hmac = |data: &[u8]| -> Result<Vec<u8>> {
        let key = PKey::hmac(salted)?;
        let mut signer = Signer::new(digest, &key)?;
        signer.update(data)?;
        Ok(signer.sign_to_vec()?)
    };
    let client_key = hmac(b"Client Key")?;
    let stored_key = hash(digest, &client_key)?.to_vec();
    Ok((stored_key, hmac(b"Server Key")?))
}

/// Java's `Arrays.toString(byte[])`: signed bytes.
pub(super) fn java_bytes(b: &[u8]) -> String {
    let items: Vec<String> = b.iter().map(|x| (*x as i8).to_string()).collect();
    format!("[{}]", items.join(", "))
}

impl Credential {
    /// `UserScramCredentialRecord.toString()`.
    pub(super) fn record_text(&self) -> String {
        format!(
            "UserScramCredentialRecord(name='{}', mechanism={}, salt={}, storedKey={}, serverKey={}, iterations={})",
            self.name,
            self.mechanism.code(),
            java_bytes(&self.salt),
            java_bytes(&self.stored_key),
            java_bytes(&self.server_key),
            self.iterations
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The credential Java 4.4 wrote for
    /// `SCRAM-SHA-512=[name=bob,iterations=8192,salt="N3E=",saltedpassword="YCE="]`.
    #[test]
    fn salted_passwords_give_javas_keys() {
        let c =
            parse(r#"SCRAM-SHA-512=[name=bob,iterations=8192,salt="N3E=",saltedpassword="YCE="]"#)
                .unwrap();
        let b64 = base64::engine::general_purpose::STANDARD;
        assert_eq!(c.salt, b"7q");
        assert_eq!(
            b64.encode(&c.stored_key),
            "cXajSfkesuEdmelXMIE1FvL2RXPfwlrmGKyq6ai/1my6GnQBkALTiDfj8bysiAAVsysjd15xpW2sEiappLOxvQ=="
        );
        assert_eq!(
            b64.encode(&c.server_key),
            "TGF8Dt3uWsZYXy+/UBt86VtHDWvwHxtUnCY8GKG1QG6muF9I08fZ3MQ0cupwRZ2uY6KK9INaZHi4OxHCDwYMBw=="
        );
        assert_eq!(c.iterations, 8192);
    }

    /// Java 4.4 wrote this salt and these keys for alice's password `alice-secret`.
    #[test]
    fn passwords_are_salted_as_java_salts_them() {
        let salt = "11maunag9yhth8bvqqw0hl2sh7";
        let salted = salted_password(
            ScramMechanism::Sha256,
            "alice-secret",
            salt.as_bytes(),
            4096,
        )
        .unwrap();
        let (stored, server) = keys(ScramMechanism::Sha256, &salted).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD;
        assert_eq!(
            b64.encode(stored),
            "hwHgp+oytBzYHdtQ897aEx4ASDhqzJuuSxFAZEIDRtM="
        );
        assert_eq!(
            b64.encode(server),
            "QX1yzd43IzeScS2bBcyua1OWh/sGa0y+XalwCTm3QKg="
        );
    }

    #[test]
    fn bad_arguments_get_javas_messages() {
        let e = |a: &str| parse(a).unwrap_err().to_string();
        assert_eq!(
            e("SCRAM-SHA-1=[name=a,password=b]"),
            "The add-scram mechanism SCRAM-SHA-1 is not supported."
        );
        assert_eq!(
            e("nope"),
            "Failed to find equals sign in SCRAM argument 'nope'"
        );
        assert_eq!(
            e("SCRAM-SHA-256=name=a]"),
            "Expected configuration string to start with ["
        );
        assert_eq!(
            e("SCRAM-SHA-256=[password=b]"),
            "You must supply 'name' to add-scram"
        );
        assert_eq!(
            e("SCRAM-SHA-256=[name=a,password=b,iterations=100]"),
            "The 'iterations' value must be >= 4096 for add-scram using SCRAM_SHA_256"
        );
        assert_eq!(
            e("SCRAM-SHA-256=[name=a,password=b,x=1,y=2]"),
            "Unknown SCRAM configurations: x, y"
        );
        assert_eq!(
            e("SCRAM-SHA-256=[name=a,saltedpassword=YCE=]"),
            "You must supply 'salt' with 'saltedpassword' to add-scram"
        );
    }
}
