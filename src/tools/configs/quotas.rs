//! `kafka-configs` for `users`, `clients` and `ips`: client quotas (DescribeClientQuotas,
//! AlterClientQuotas) and users' SCRAM credentials (DescribeUserScramCredentials,
//! AlterUserScramCredentials), through the native path, with Java's checks, messages and
//! lines (`Quota configs for user-principal 'u' are producer_byte_rate=1024.0`).

use std::io::{self, Write};

use anyhow::{anyhow, bail, Result};
use serde::Serialize;

use super::java::{double_to_string, hash_map_order, hash_set_order, string_hash};
use super::{EntityType, QuotaTarget};
use crate::client::admin::quotas::{
    self, QuotaEntry, QuotaMatch, ScramMechanism, ScramUpsertion, CLIENT_ID, IP, USER,
};
use crate::client::native::{exception_name, Native};
use crate::error::usage;
use crate::output::Render;
use crate::tools::Context;

/// The quota keys of users and clients (Java's `QuotaConfig.isClientOrUserQuotaConfig`).
const USER_CLIENT_KEYS: [&str; 4] = [
    "producer_byte_rate",
    "consumer_byte_rate",
    "request_percentage",
    "controller_mutation_rate",
];
/// The quota keys of ips.
const IP_KEYS: [&str; 1] = ["connection_creation_rate"];

/// Java's default SCRAM iteration count in kafka-configs.
const DEFAULT_ITERATIONS: i32 = 4096;

/// Kafka's `RESOURCE_NOT_FOUND` error code.
const RESOURCE_NOT_FOUND: i16 = 91;

/// A broker error as Java's exception text: `org.apache.kafka.common.errors.X: message`.
fn broker_error((code, message): (i16, String)) -> anyhow::Error {
    let rd = crate::client::native::rd_code(code);
    if let Some(refused) = crate::client::denied(rd, None, None) {
        return refused;
    }
    anyhow!(
        "org.apache.kafka.common.errors.{}: {message}",
        exception_name(code)
    )
}

fn quota_type(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Users => USER,
        EntityType::Clients => CLIENT_ID,
        _ => IP,
    }
}

/// The filter components of Java's `getAllClientQuotasConfigs`.
fn components(target: &QuotaTarget) -> Vec<(String, QuotaMatch)> {
    target
        .iter()
        .map(|(kind, name)| {
            let m = match name.as_deref() {
                Some("") => QuotaMatch::Default,
                Some(n) => QuotaMatch::Exact(n.to_string()),
                None => QuotaMatch::Any,
            };
            (quota_type(*kind).to_string(), m)
        })
        .collect()
}

/// Java's `ClientQuotaEntity.hashCode`: `Objects.hash(entries)`, a map's hash being the sum of
/// `key.hashCode() ^ value.hashCode()` (null: 0).
fn entity_hash(entity: &[(String, Option<String>)]) -> i32 {
    let sum = entity.iter().fold(0i32, |acc, (k, v)| {
        acc.wrapping_add(string_hash(k) ^ v.as_deref().map_or(0, string_hash))
    });
    31i32.wrapping_add(sum)
}

/// One entity's quotas, as printed.
#[derive(Debug, Serialize)]
struct QuotaLine {
    /// The entity's parts: type (`user`, `client-id`, `ip`) and name (`null`: the default).
    entity: Vec<EntityPart>,
    /// The quota values, in Java's order.
    configs: Vec<QuotaValue>,
}

#[derive(Debug, Serialize)]
struct EntityPart {
    #[serde(rename = "type")]
    kind: String,
    name: Option<String>,
}

#[derive(Debug, Serialize)]
struct QuotaValue {
    name: String,
    value: f64,
}

/// One user's SCRAM credentials, as printed.
#[derive(Debug, Serialize)]
struct ScramLine {
    user: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    credentials: Option<Vec<ScramInfo>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct ScramInfo {
    mechanism: String,
    iterations: i32,
}

/// The whole `--describe` of users, clients or ips.
#[derive(Debug, Serialize)]
struct QuotasDescribed {
    quotas: Vec<QuotaLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scram_credentials: Option<Vec<ScramLine>>,
}

impl Render for QuotasDescribed {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        for q in &self.quotas {
            let part = |kind: &str, label: &str| {
                q.entity
                    .iter()
                    .find(|p| p.kind == kind)
                    .map(|p| match &p.name {
                        Some(name) => format!("{label} '{name}'"),
                        None => format!("the default {label}"),
                    })
            };
            let entity: Vec<String> = [
                part(USER, "user-principal"),
                part(CLIENT_ID, "client-id"),
                part(IP, "ip"),
            ]
            .into_iter()
            .flatten()
            .collect();
            let values: Vec<String> = q
                .configs
                .iter()
                .map(|v| format!("{}={}", v.name, double_to_string(v.value)))
                .collect();
            writeln!(
                w,
                "Quota configs for {} are {}",
                entity.join(", "),
                values.join(", ")
            )?;
        }
        for s in self.scram_credentials.iter().flatten() {
            match (&s.credentials, &s.error) {
                (_, Some(error)) => writeln!(
                    w,
                    "Error retrieving SCRAM credential configs for user-principal '{}': {error}",
                    s.user
                )?,
                (Some(infos), None) => {
                    let infos: Vec<String> = infos
                        .iter()
                        .map(|i| format!("{}=iterations={}", i.mechanism, i.iterations))
                        .collect();
                    writeln!(
                        w,
                        "SCRAM credential configs for user-principal '{}' are {}",
                        s.user,
                        infos.join(", ")
                    )?;
                }
                (None, None) => {}
            }
        }
        Ok(())
    }
}

/// The quota entries matching `target`, in the order Java's `HashMap` gives them.
async fn quota_lines(native: &Native, target: &QuotaTarget) -> Result<Vec<QuotaEntry>> {
    let entries = quotas::describe_client_quotas(native, &components(target), true)
        .await?
        .map_err(broker_error)?;
    let n = entries.len();
    let ordered = hash_map_order(
        entries
            .into_iter()
            .map(|e| {
                let values = e.values.len();
                let e = QuotaEntry {
                    values: hash_map_order(
                        e.values
                            .into_iter()
                            .map(|(k, v)| (string_hash(&k), (k, v)))
                            .collect(),
                        Some(values),
                    ),
                    entity: e.entity,
                };
                (entity_hash(&e.entity), e)
            })
            .collect(),
        Some(n),
    );
    Ok(ordered)
}

/// `--describe` of users, clients (both) or ips.
pub(super) async fn describe(
    native: &Native,
    ctx: &mut Context,
    target: &QuotaTarget,
) -> Result<()> {
    let entries = quota_lines(native, target).await?;
    let quotas = entries
        .into_iter()
        .map(|e| QuotaLine {
            entity: {
                // user, client-id, ip: the order of Java's text.
                let mut parts: Vec<EntityPart> = e
                    .entity
                    .into_iter()
                    .map(|(kind, name)| EntityPart { kind, name })
                    .collect();
                parts.sort_by_key(|p| [USER, CLIENT_ID, IP].iter().position(|k| *k == p.kind));
                parts
            },
            configs: e
                .values
                .into_iter()
                .map(|(name, value)| QuotaValue { name, value })
                .collect(),
        })
        .collect();
    // Java describes SCRAM credentials only for users alone, and not for the default user.
    let users_only = target.iter().all(|(k, _)| *k == EntityType::Users);
    let has_default = target.iter().any(|(_, n)| n.as_deref() == Some(""));
    let scram_credentials = if users_only && !has_default {
        let names: Vec<String> = target.iter().filter_map(|(_, n)| n.clone()).collect();
        let users = quotas::describe_user_scram(native, (!names.is_empty()).then_some(&names[..]))
            .await?
            .map_err(broker_error)?;
        Some(
            users
                .iter()
                .filter(|u| !matches!(u.credentials, Err((RESOURCE_NOT_FOUND, _))))
                .map(|u| {
                    // Java looks each user up again: the first result for that name counts.
                    let first = users.iter().find(|f| f.user == u.user).unwrap_or(u);
                    match &first.credentials {
                        Ok(infos) => ScramLine {
                            user: u.user.clone(),
                            credentials: Some(
                                infos
                                    .iter()
                                    .map(|(m, i)| ScramInfo {
                                        mechanism: ScramMechanism::from_code(*m)
                                            .map_or("UNKNOWN", ScramMechanism::name)
                                            .to_string(),
                                        iterations: *i,
                                    })
                                    .collect(),
                            ),
                            error: None,
                        },
                        Err((code, message)) => ScramLine {
                            user: u.user.clone(),
                            credentials: None,
                            error: Some(format!("{}: {message}", exception_name(*code))),
                        },
                    }
                })
                .collect(),
        )
    } else {
        None
    };
    ctx.out.emit(&QuotasDescribed {
        quotas,
        scram_credentials,
    })?;
    Ok(())
}

/// The result of an `--alter` of quotas or SCRAM credentials.
#[derive(Debug, Serialize)]
struct QuotasAltered {
    /// `user`, `client` or `ip` (the first entity type given, as Java names it).
    #[serde(rename = "type")]
    entity_type: &'static str,
    /// Its name; `null` for the default entity.
    name: Option<String>,
    /// The entity's parts.
    entity: Vec<EntityPart>,
    /// Quotas set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    set: Vec<QuotaValue>,
    /// Quotas or SCRAM mechanisms deleted.
    deleted: Vec<String>,
    /// SCRAM credentials stored (never the password).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    scram_credentials: Vec<ScramInfo>,
    /// `entity_types` of the first entity (`users`), for the default-entity line.
    #[serde(skip)]
    plural: &'static str,
}

impl Render for QuotasAltered {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        match &self.name {
            Some(name) => writeln!(
                w,
                "Completed updating config for {} {name}.",
                self.entity_type
            ),
            None => writeln!(
                w,
                "Completed updating default config for {} in the cluster.",
                self.plural
            ),
        }
    }
}

/// Java's `toDouble` of a quota value (`1e3`, `2d` and surrounding blanks accepted).
pub(super) fn quota_value(key: &str, value: &str) -> Result<f64> {
    let t = value.trim();
    let t = t.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(t);
    let lower = t.to_ascii_lowercase();
    // Java reads NaN and Infinity, not Rust's "inf" or "nan" spellings.
    if lower.contains("inf") && !t.contains("Infinity") || lower == "nan" && t != "NaN" {
        return Err(usage(format!(
            "Cannot parse quota configuration value for {key}: {value}"
        )));
    }
    t.parse::<f64>().map_err(|_| {
        usage(format!(
            "Cannot parse quota configuration value for {key}: {value}"
        ))
    })
}

/// A SCRAM credential value `[iterations=N,]password=P` as Java reads it.
pub(super) fn parse_credential(mechanism: ScramMechanism, value: &str) -> Result<(i32, String)> {
    let invalid = || {
        usage(format!(
            "Invalid credential property {}={value}",
            mechanism.enum_name()
        ))
    };
    let (iterations, password) = match value.strip_prefix("iterations=") {
        Some(rest) => {
            let Some((iter, password)) = rest.split_once(',') else {
                return Err(invalid());
            };
            let digits = iter.strip_prefix('-').unwrap_or(iter);
            if !digits.chars().all(|c| c.is_ascii_digit()) {
                // Java's regex wants `password=` right after the iterations.
                return Err(invalid());
            }
            let Some(password) = password.strip_prefix("password=") else {
                return Err(invalid());
            };
            let n = if iter == "-1" {
                DEFAULT_ITERATIONS
            } else {
                iter.parse::<i32>()
                    .map_err(|_| usage(format!("For input string: \"{iter}\"")))?
            };
            (n, password)
        }
        None => match value.strip_prefix("password=") {
            Some(password) => (DEFAULT_ITERATIONS, password),
            None => return Err(invalid()),
        },
    };
    if iterations < mechanism.min_iterations() {
        return Err(usage(format!(
            "Iterations {iterations} is less than the minimum {} required for {}",
            mechanism.min_iterations(),
            mechanism.name()
        )));
    }
    Ok((iterations, password.to_string()))
}

/// Java's SCRAM salt: a random 130-bit number written in base 36, as UTF-8 bytes
/// (`ScramFormatter.secureRandomBytes`).
pub(crate) fn random_salt() -> Result<Vec<u8>> {
    let mut bytes = [0u8; 17];
    openssl::rand::rand_bytes(&mut bytes)?;
    bytes[0] &= 0x03; // 2 + 16 * 8 = 130 bits
    Ok(base36(&bytes).into_bytes())
}

/// A big-endian unsigned number in lowercase base 36 (Java's `BigInteger.toString(36)`).
fn base36(bytes: &[u8]) -> String {
    let mut n: Vec<u8> = bytes.to_vec();
    let mut out = Vec::new();
    while n.iter().any(|b| *b != 0) {
        let mut rem = 0u32;
        for b in &mut n {
            let cur = rem * 256 + u32::from(*b);
            *b = u8::try_from(cur / 36).unwrap_or(0);
            rem = cur % 36;
        }
        out.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[rem as usize]);
    }
    if out.is_empty() {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Java's `ScramFormatter.hi`: PBKDF2-HMAC of the UTF-8 password.
pub(crate) fn salted_password(
    mechanism: ScramMechanism,
    password: &str,
    salt: &[u8],
    iterations: i32,
) -> Result<Vec<u8>> {
    let len = match mechanism {
        ScramMechanism::Sha256 => 32,
        ScramMechanism::Sha512 => 64,
    };
    let mut out = vec![0u8; len];
    openssl::pkcs5::pbkdf2_hmac(
        password.as_bytes(),
        salt,
        usize::try_from(iterations).unwrap_or(0),
        mechanism.digest(),
        &mut out,
    )?;
    Ok(out)
}

/// `--alter` of users, clients (both) or ips: Java's checks in its order, then quotas or SCRAM
/// credentials.
pub(super) async fn alter(
    native: &Native,
    ctx: &mut Context,
    target: &QuotaTarget,
    add: &[(String, String)],
    delete: &[String],
) -> Result<()> {
    let head = target
        .first()
        .map(|(k, _)| *k)
        .ok_or_else(|| anyhow!("no entity"))?;
    let is_quota_key = |k: &str| match head {
        EntityType::Ips => IP_KEYS.contains(&k),
        _ => USER_CLIENT_KEYS.contains(&k),
    };
    let scram_add: Vec<&(String, String)> = add
        .iter()
        .filter(|(k, _)| ScramMechanism::parse(k).is_some())
        .collect();
    let scram_delete: Vec<&String> = delete
        .iter()
        .filter(|k| ScramMechanism::parse(k).is_some())
        .collect();
    let unknown_add: Vec<String> = add
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| !is_quota_key(k) && ScramMechanism::parse(k).is_none())
        .collect();
    let unknown_delete: Vec<String> = delete
        .iter()
        .filter(|k| !is_quota_key(k) && ScramMechanism::parse(k).is_none())
        .cloned()
        .collect();
    let quota_changes =
        add.iter().any(|(k, _)| is_quota_key(k)) || delete.iter().any(|k| is_quota_key(k));
    if head == EntityType::Ips {
        let unknown: Vec<String> = add
            .iter()
            .map(|(k, _)| k.clone())
            .chain(delete.iter().cloned())
            .filter(|k| !is_quota_key(k))
            .collect();
        if !unknown.is_empty() {
            return Err(usage(format!("Only connection quota configs can be added for 'ips' using --bootstrap-server. Unexpected config names: {}", hash_set_order(&unknown).join(", "))));
        }
    } else if head == EntityType::Clients || target.len() == 2 {
        let mut bad = unknown_add.clone();
        bad.extend(scram_add.iter().map(|(k, _)| k.clone()));
        if !bad.is_empty() {
            return Err(usage(format!("Only quota configs can be added for 'clients' using --bootstrap-server. Unexpected config names: {}", hash_set_order(&bad).join(","))));
        }
        let mut bad = unknown_delete.clone();
        bad.extend(scram_delete.iter().map(|k| (*k).clone()));
        if !bad.is_empty() {
            return Err(usage(format!("Only quota configs can be deleted for 'clients' using --bootstrap-server. Unexpected config names: {}", hash_set_order(&bad).join(","))));
        }
    } else {
        if !unknown_add.is_empty() {
            return Err(usage(format!("Only quota and SCRAM credential configs can be added for 'users' using --bootstrap-server. Unexpected config names: {}", hash_set_order(&unknown_add).join(","))));
        }
        if !unknown_delete.is_empty() {
            return Err(usage(format!("Only quota and SCRAM credential configs can be deleted for 'users' using --bootstrap-server. Unexpected config names: {}", hash_set_order(&unknown_delete).join(","))));
        }
        if !scram_add.is_empty() || !scram_delete.is_empty() {
            if target.iter().any(|(_, n)| n.as_deref() == Some("")) {
                return Err(usage("The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server."));
            }
            if quota_changes {
                return Err(usage("Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server."));
            }
        }
    }
    let (entity_type, plural) = match head {
        EntityType::Users => ("user", "users"),
        EntityType::Clients => ("client", "clients"),
        _ => ("ip", "ips"),
    };
    let head_name = target
        .first()
        .and_then(|(_, n)| n.clone())
        .unwrap_or_default();
    let entity: Vec<(String, Option<String>)> = target
        .iter()
        .map(|(k, n)| {
            (
                quota_type(*k).to_string(),
                n.clone().filter(|n| !n.is_empty()),
            )
        })
        .collect();
    let mut result = QuotasAltered {
        entity_type,
        name: Some(head_name.clone()).filter(|n| !n.is_empty()),
        entity: entity
            .iter()
            .map(|(kind, name)| EntityPart {
                kind: kind.clone(),
                name: name.clone(),
            })
            .collect(),
        set: Vec::new(),
        deleted: delete.to_vec(),
        scram_credentials: Vec::new(),
        plural,
    };
    if quota_changes || head != EntityType::Users || target.len() == 2 {
        let current = quota_lines(native, target).await?;
        let current_keys: Vec<String> = current
            .into_iter()
            .next()
            .map(|e| e.values.into_iter().map(|(k, _)| k).collect())
            .unwrap_or_default();
        let invalid: Vec<&str> = delete
            .iter()
            .filter(|k| !current_keys.contains(k))
            .map(String::as_str)
            .collect();
        if !invalid.is_empty() {
            bail!("Invalid config(s): {}", invalid.join(","));
        }
        let mut ops: Vec<(String, Option<f64>)> = Vec::new();
        for (key, value) in add {
            let v = quota_value(key, value)?;
            ops.push((key.clone(), Some(v)));
            result.set.push(QuotaValue {
                name: key.clone(),
                value: v,
            });
        }
        ops.extend(delete.iter().map(|k| (k.clone(), None)));
        if let Some(error) = quotas::alter_client_quotas(native, &entity, &ops).await? {
            return Err(broker_error(error));
        }
        // The controller answers once the change is committed; brokers apply it a moment
        // later. Wait (briefly, best effort) until a describe shows it, so that a --describe
        // right after sees the new values.
        let exact: QuotaTarget = target
            .iter()
            .map(|(k, n)| (*k, Some(n.clone().unwrap_or_default())))
            .collect();
        let deadline = std::time::Instant::now() + crate::client::ABSENT_GRACE;
        while std::time::Instant::now() < deadline {
            let now = quota_lines(native, &exact).await?;
            let values = now.first().map(|e| e.values.clone()).unwrap_or_default();
            let applied = ops.iter().all(|(key, value)| {
                let current = values.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
                match value {
                    Some(v) => current == Some(*v),
                    None => current.is_none(),
                }
            });
            if applied {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    } else {
        let mut upsertions = Vec::new();
        for (key, value) in &scram_add {
            let Some(mechanism) = ScramMechanism::parse(key) else {
                continue;
            };
            let (iterations, password) = parse_credential(mechanism, value)?;
            let salt = random_salt()?;
            let salted = salted_password(mechanism, &password, &salt, iterations)?;
            upsertions.push(ScramUpsertion {
                mechanism,
                iterations,
                salt,
                salted_password: salted,
            });
            result.scram_credentials.push(ScramInfo {
                mechanism: mechanism.name().to_string(),
                iterations,
            });
        }
        let deletions: Vec<ScramMechanism> = scram_delete
            .iter()
            .filter_map(|k| ScramMechanism::parse(k))
            .collect();
        if let Some(error) =
            quotas::alter_user_scram(native, &head_name, &deletions, &upsertions).await?
        {
            return Err(broker_error(error));
        }
        // As for quotas: wait briefly until a describe shows the change.
        let deadline = std::time::Instant::now() + crate::client::ABSENT_GRACE;
        while std::time::Instant::now() < deadline {
            let users = quotas::describe_user_scram(native, Some(std::slice::from_ref(&head_name)))
                .await?
                .unwrap_or_default();
            let current: Vec<(i8, i32)> = users
                .into_iter()
                .find(|u| u.user == head_name)
                .and_then(|u| u.credentials.ok())
                .unwrap_or_default();
            let applied = upsertions
                .iter()
                .all(|u| current.contains(&(u.mechanism.code(), u.iterations)))
                && deletions
                    .iter()
                    .all(|m| !current.iter().any(|(c, _)| *c == m.code()));
            if applied {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    ctx.out.emit(&result)?;
    Ok(())
}

/// Java's `DynamicConfig.Ip.isValidIpEntity`: the default, an IP address, or a host name that
/// resolves.
pub(super) fn valid_ip_entity(name: &str) -> bool {
    use std::net::ToSocketAddrs;
    name.is_empty()
        || name.parse::<std::net::IpAddr>().is_ok()
        || (name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            && (name, 0u16)
                .to_socket_addrs()
                .is_ok_and(|mut a| a.next().is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn salted_password_matches_rfc_7677() {
        // RFC 7677 §3: password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
        let salt = openssl::base64::decode_block("W22ZaJ0SNY7soEsUEjb6gQ==").unwrap();
        let salted = salted_password(ScramMechanism::Sha256, "pencil", &salt, 4096).unwrap();
        assert_eq!(
            hex(&salted),
            "c4a49510323ab4f952cac1fa99441939e78ea74d6be81ddf7096e87513dc615d"
        );
        // And the client proof the RFC's exchange carries follows from it.
        use openssl::pkey::PKey;
        use openssl::sign::Signer;
        let hmac = |key: &[u8], data: &[u8]| {
            let key = PKey::hmac(key).unwrap();
            let mut s = Signer::new(openssl::hash::MessageDigest::sha256(), &key).unwrap();
            s.update(data).unwrap();
            s.sign_to_vec().unwrap()
        };
        let client_key = hmac(&salted, b"Client Key");
        let stored_key = openssl::sha::sha256(&client_key);
        let auth = b"n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        let signature = hmac(&stored_key, auth);
        let proof: Vec<u8> = client_key
            .iter()
            .zip(&signature)
            .map(|(a, b)| a ^ b)
            .collect();
        assert_eq!(
            openssl::base64::encode_block(&proof),
            "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        );
        // SHA-512 against Python's hashlib.pbkdf2_hmac.
        let salted =
            salted_password(ScramMechanism::Sha512, "alice-secret", b"salt", 4096).unwrap();
        assert_eq!(hex(&salted), "4384db73e1554d68389c74b1302313f9805a7357ce83b813bf51e186112f637493d6c6f309838cf8cd991ba9975d3fa52c176c0a17381e4c01dc6f650208276d");
    }

    #[test]
    fn salts_are_130_bit_base36_numbers() {
        assert_eq!(base36(&[0]), "0");
        assert_eq!(base36(&[0, 35]), "z");
        assert_eq!(base36(&[1, 0]), "74");
        let salt = random_salt().unwrap();
        assert!(!salt.is_empty() && salt.len() <= 26, "{salt:?}");
        assert!(salt
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()));
        assert_ne!(random_salt().unwrap(), salt);
    }

    #[test]
    fn credentials_parse_as_java() {
        let m = ScramMechanism::Sha256;
        assert_eq!(
            parse_credential(m, "password=a,b=c").unwrap(),
            (4096, "a,b=c".to_string())
        );
        assert_eq!(
            parse_credential(m, "iterations=8192,password=x").unwrap(),
            (8192, "x".to_string())
        );
        assert_eq!(
            parse_credential(m, "iterations=-1,password=x").unwrap(),
            (4096, "x".to_string())
        );
        assert_eq!(
            parse_credential(m, "pass=x").unwrap_err().to_string(),
            "Invalid credential property SCRAM_SHA_256=pass=x"
        );
        assert_eq!(
            parse_credential(m, "iterations=100,password=x")
                .unwrap_err()
                .to_string(),
            "Iterations 100 is less than the minimum 4096 required for SCRAM-SHA-256"
        );
        assert_eq!(
            parse_credential(m, "iterations=,password=x")
                .unwrap_err()
                .to_string(),
            "For input string: \"\""
        );
    }

    #[test]
    fn quota_values_parse_as_javas_to_double() {
        assert_eq!(quota_value("k", " 1024 ").unwrap(), 1024.0);
        assert_eq!(quota_value("k", "1e3").unwrap(), 1000.0);
        assert_eq!(quota_value("k", "2d").unwrap(), 2.0);
        assert_eq!(
            quota_value("k", "abc").unwrap_err().to_string(),
            "Cannot parse quota configuration value for k: abc"
        );
        assert!(quota_value("k", "inf").is_err());
    }

    #[test]
    fn entities_hash_as_javas_client_quota_entity() {
        // Objects.hash(map) = 31 + sum(key.hashCode() ^ value.hashCode()).
        let e = vec![("user".to_string(), Some("u".to_string()))];
        assert_eq!(
            entity_hash(&e),
            31 + (string_hash("user") ^ string_hash("u"))
        );
        let d = vec![("client-id".to_string(), None)];
        assert_eq!(entity_hash(&d), 31 + string_hash("client-id"));
    }

    #[test]
    fn ip_entities_are_checked() {
        assert!(valid_ip_entity("10.1.2.3"));
        assert!(valid_ip_entity("::1"));
        assert!(valid_ip_entity("localhost"));
        assert!(valid_ip_entity(""));
        assert!(!valid_ip_entity("not_an_ip!!"));
    }
}
