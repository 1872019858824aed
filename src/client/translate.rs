//! Translation of Java Kafka client properties into librdkafka settings.
//!
//! This module owns the mapping from the keys a Java `--command-config` /
//! `--producer.config` / `--consumer.config` file may contain to the
//! configuration keys librdkafka 2.12 understands, including the parsing of
//! `sasl.jaas.config` and the handling of Java keystores/truststores. It also
//! owns the notion of a *sensitive* key ([`is_sensitive`]): values of such keys
//! never appear in an error message or a `Debug` rendering.
//!
//! Any key that is not in the tables below passes through unchanged (users may
//! give librdkafka keys directly); the caller asks librdkafka whether it
//! accepts them. All values are trimmed first, as Java's `ConfigDef` does.
//! Duplicate keys: the last occurrence wins (as in `java.util.Properties`),
//! at the position of that last occurrence.
//!
//! | Java key | Decision |
//! |---|---|
//! | `sasl.mechanism` / `sasl.mechanisms` | renamed `sasl.mechanisms` (librdkafka's canonical name; `sasl.mechanism` is only an alias), upper-cased (librdkafka compares case-sensitively); must be PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER; `GSSAPI` is refused (no Kerberos in this build) |
//! | `sasl.jaas.config` | PLAIN/SCRAM → `sasl.username` + `sasl.password` (SCRAM's `tokenauth=true`, delegation-token login, → [`Translated::token_auth`]); OAUTHBEARER without options → dropped, with `unsecuredLoginStringClaim_sub` → `sasl.oauthbearer.config=principal=<sub>` + `enable.sasl.oauthbearer.unsecure.jwt=true`, other options → error; Kerberos / other modules → error |
//! | `sasl.login.callback.handler.class` | `OAuthBearerLoginCallbackHandler` → `sasl.oauthbearer.method=oidc`; anything else dropped |
//! | `partition.assignment.strategy` | Java assignor classes → `range` / `roundrobin` / `cooperative-sticky`; `StickyAssignor` and custom classes → error; eager+cooperative mixes (Java's upgrade lists) keep the kind of the first entry |
//! | `fetch.max.wait.ms` | → `fetch.wait.max.ms` |
//! | `receive.buffer.bytes` / `send.buffer.bytes` | → `socket.receive.buffer.bytes` / `socket.send.buffer.bytes` (Java `-1` = OS default → `0`) |
//! | `max.request.size` | → `message.max.bytes` |
//! | `compression.{gzip,lz4,zstd}.level` | → `compression.level` when it matches the final `compression.type`, else dropped |
//! | `auto.offset.reset` | `none` → `error`; `by_duration:*` → error |
//! | `ssl.endpoint.identification.algorithm` | `""` → `none`; `https`/`none` kept; other values → error |
//! | `ssl.cipher.suites` | empty → dropped; IANA names (`TLS_*`/`SSL_*`, Java style) → error (OpenSSL names needed); otherwise kept |
//! | `ssl.truststore.*` | PEM file → `ssl.ca.location`; `ssl.truststore.certificates` → `ssl.ca.pem`; JKS (Java's default type, read by the `jks` crate) and PKCS12 → their certificates as `ssl.ca.pem`. The file content is sniffed when it exists |
//! | `ssl.keystore.*` | PKCS12 → `ssl.keystore.location`/`ssl.keystore.password`; PEM file → `ssl.key.location` + `ssl.certificate.location`; `ssl.keystore.key`/`ssl.keystore.certificate.chain` → `ssl.key.pem`/`ssl.certificate.pem`; JKS → its key entry decrypted (`ssl.key.password`, else the store password) as `ssl.key.pem` + `ssl.certificate.pem` |
//! | `default.api.timeout.ms` | kept out of the settings, exposed as [`Translated::api_timeout_ms`] |
//! | `partitioner.class` | empty or Java's `DefaultPartitioner` → dropped; other classes → error suggesting librdkafka's `partitioner` |
//! | `partitioner.ignore.keys` | `false` → dropped; `true` → error suggesting `partitioner=random` |
//! | `bootstrap.controllers` | error: use `bootstrap.servers` |
//! | `enable.metrics.push`, `check.crcs`, `metadata.recovery.*`, `client.rack`, … | same key and meaning in librdkafka: kept |
//! | serializers/deserializers, `client.dns.lookup` (librdkafka's default equals Java's), interceptors, metric reporters, `metrics.*`, `security.providers`, `ssl.{keymanager,trustmanager}.algorithm`, `ssl.secure.random.implementation`, `ssl.engine.factory.class`, `ssl.protocol`, `ssl.enabled.protocols` (librdkafka negotiates), `sasl.login.*`, `sasl.client.callback.handler.class`, `sasl.kerberos.{min.time.before.relogin,kinit.cmd,ticket.renew.*}`, `max.block.ms`, `buffer.memory`, `partitioner.adaptive.*`, `partitioner.availability.timeout.ms`, `exclude.internal.topics`, `auto.include.jmx.reporter`, `metadata.max.idle.ms`, `socket.connection.setup.timeout.max.ms`, `max.poll.records`, `internal.*` (except librdkafka's `internal.termination.signal`), token-validation `sasl.oauthbearer.*` keys librdkafka lacks | dropped (listed in [`Translated::dropped`]) |

use std::collections::HashMap;
use std::fmt;
use std::io::Read as _;

/// Result of [`translate`].
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Translated {
    /// librdkafka key/value pairs, in input order (apply them in order, the
    /// last one wins).
    pub(crate) settings: Vec<(String, String)>,
    /// Java-only keys that were ignored (names only, each once, first-seen
    /// order).
    pub(crate) dropped: Vec<String>,
    /// `default.api.timeout.ms`, which has no librdkafka equivalent and is
    /// applied by the caller to its own API calls.
    pub(crate) api_timeout_ms: Option<u64>,
    /// `tokenauth=true` in a `ScramLoginModule` JAAS entry: SCRAM with the
    /// delegation-token extension, which only the native path can send
    /// (librdkafka's SCRAM has no extensions).
    pub(crate) token_auth: bool,
}

impl fmt::Debug for Translated {
    /// Renders the settings with sensitive values redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings: Vec<(&str, &str)> = self
            .settings
            .iter()
            .map(|(k, v)| {
                let shown = if is_sensitive(k) { "<redacted>" } else { v };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("Translated")
            .field("settings", &settings)
            .field("dropped", &self.dropped)
            .field("api_timeout_ms", &self.api_timeout_ms)
            .field("token_auth", &self.token_auth)
            .finish()
    }
}

/// A property that cannot be translated. The message never contains the
/// value of a sensitive key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TranslateError {
    /// The offending (Java) key.
    pub(crate) key: String,
    /// One line saying what is wrong and what to use instead.
    pub(crate) message: String,
}

impl fmt::Display for TranslateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl std::error::Error for TranslateError {}

/// Builds a [`TranslateError`].
fn err(key: &str, message: impl Into<String>) -> TranslateError {
    TranslateError {
        key: key.to_string(),
        message: message.into(),
    }
}

/// Keys whose values are secrets (exact names, compared case-insensitively).
const SENSITIVE_KEYS: &[&str] = &[
    "sasl.password",
    "sasl.jaas.config",
    "ssl.key.password",
    "ssl.keystore.password",
    "ssl.truststore.password",
    "ssl.key.pem",
    "ssl_key",
    "sasl.oauthbearer.client.secret",
    "sasl.oauthbearer.config",
    "ssl.keystore.key",
];

/// Substrings that make any key sensitive.
const SENSITIVE_PARTS: &[&str] = &["password", "secret", "passphrase", "private.key", "jaas"];

/// Whether the value of `key` is a secret that must never be displayed.
pub(crate) fn is_sensitive(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    SENSITIVE_KEYS.contains(&key.as_str()) || SENSITIVE_PARTS.iter().any(|p| key.contains(p))
}

/// Java-only keys dropped as such (exact names).
const DROPPED_KEYS: &[&str] = &[
    "key.serializer",
    "value.serializer",
    "key.deserializer",
    "value.deserializer",
    "client.dns.lookup",
    "interceptor.classes",
    "metric.reporters",
    "security.providers",
    "ssl.keymanager.algorithm",
    "ssl.trustmanager.algorithm",
    "ssl.secure.random.implementation",
    "ssl.engine.factory.class",
    "ssl.protocol",
    "ssl.enabled.protocols",
    "sasl.client.callback.handler.class",
    "sasl.kerberos.min.time.before.relogin",
    "sasl.kerberos.kinit.cmd",
    "max.block.ms",
    "buffer.memory",
    "partitioner.adaptive.partitioning.enable",
    "partitioner.availability.timeout.ms",
    "exclude.internal.topics",
    "auto.include.jmx.reporter",
    "metadata.max.idle.ms",
    "socket.connection.setup.timeout.max.ms",
    "max.poll.records",
    // OAuth token retrieval/validation knobs of the Java client that
    // librdkafka does not have.
    "sasl.oauthbearer.jwks.endpoint.url",
    "sasl.oauthbearer.jwks.endpoint.refresh.ms",
    "sasl.oauthbearer.jwks.endpoint.retry.backoff.ms",
    "sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms",
    "sasl.oauthbearer.expected.audience",
    "sasl.oauthbearer.expected.issuer",
    "sasl.oauthbearer.scope.claim.name",
    "sasl.oauthbearer.sub.claim.name",
    "sasl.oauthbearer.clock.skew.seconds",
    "sasl.oauthbearer.header.urlencode",
    "sasl.oauthbearer.jwt.retriever.class",
    "sasl.oauthbearer.jwt.validator.class",
];

/// Java-only key prefixes dropped as such.
const DROPPED_PREFIXES: &[&str] = &[
    "metrics.",
    "sasl.login.",
    "sasl.kerberos.ticket.renew.",
    "internal.",
];

/// librdkafka keys that a dropped prefix would otherwise swallow.
const PREFIX_EXCEPTIONS: &[&str] = &["internal.termination.signal"];

/// Plain renames: Java key → librdkafka key.
const RENAMES: &[(&str, &str)] = &[
    ("sasl.mechanism", "sasl.mechanisms"),
    ("fetch.max.wait.ms", "fetch.wait.max.ms"),
    ("max.request.size", "message.max.bytes"),
];

/// Keys of the truststore group, translated together.
const TRUSTSTORE_KEYS: &[&str] = &[
    "ssl.truststore.location",
    "ssl.truststore.type",
    "ssl.truststore.password",
    "ssl.truststore.certificates",
];

/// Keys of the keystore group, translated together.
const KEYSTORE_KEYS: &[&str] = &[
    "ssl.keystore.location",
    "ssl.keystore.type",
    "ssl.keystore.password",
    "ssl.keystore.key",
    "ssl.keystore.certificate.chain",
];

/// Java per-codec compression level keys and their codec.
const COMPRESSION_LEVELS: &[(&str, &str)] = &[
    ("compression.gzip.level", "gzip"),
    ("compression.lz4.level", "lz4"),
    ("compression.zstd.level", "zstd"),
];

/// Translates Java client properties into librdkafka settings.
///
/// Fails on the first property that has no faithful librdkafka equivalent;
/// the error names the key and what to use instead.
pub(crate) fn translate(props: &[(String, String)]) -> Result<Translated, TranslateError> {
    // Last occurrence wins, at its own position; values trimmed like Java's
    // ConfigDef does.
    let mut entries: Vec<(&str, &str)> = Vec::new();
    for (i, (key, value)) in props.iter().enumerate() {
        if props[i + 1..].iter().any(|(k, _)| k == key) {
            continue;
        }
        entries.push((key.as_str(), java_trim(value)));
    }
    let last: HashMap<&str, &str> = entries.iter().copied().collect();

    let mut out = Translated::default();
    let mut truststore_done = false;
    let mut keystore_done = false;

    for &(key, value) in &entries {
        if TRUSTSTORE_KEYS.contains(&key) {
            if !truststore_done {
                truststore_done = true;
                translate_truststore(&last, &mut out)?;
            }
            continue;
        }
        if KEYSTORE_KEYS.contains(&key) {
            if !keystore_done {
                keystore_done = true;
                translate_keystore(&last, &mut out)?;
            }
            continue;
        }
        if let Some(&(_, codec)) = COMPRESSION_LEVELS.iter().find(|(k, _)| *k == key) {
            let chosen = last.get("compression.type").map(|t| t.to_ascii_lowercase());
            if chosen.as_deref() == Some(codec) {
                out.set("compression.level", value);
            } else {
                out.drop_key(key);
            }
            continue;
        }
        match key {
            "sasl.mechanisms" => {
                let mechanism = check_mechanism(key, value)?;
                out.set(key, &mechanism);
            }
            "sasl.jaas.config" => translate_jaas(value, &mut out)?,
            "sasl.login.callback.handler.class" => {
                if simple_class_name(value) == "OAuthBearerLoginCallbackHandler" {
                    out.set("sasl.oauthbearer.method", "oidc");
                } else {
                    out.drop_key(key);
                }
            }
            "default.api.timeout.ms" => {
                let ms = value.parse::<u64>().map_err(|_| {
                    err(
                        key,
                        format!(
                            "expected a non-negative number of milliseconds, got {}",
                            quote(key, value)
                        ),
                    )
                })?;
                out.api_timeout_ms = Some(ms);
            }
            "partition.assignment.strategy" => {
                let mapped = map_assignors(key, value)?;
                if mapped.is_empty() {
                    out.drop_key(key);
                } else {
                    out.set(key, &mapped);
                }
            }
            "receive.buffer.bytes" | "send.buffer.bytes" => {
                let to = format!("socket.{key}");
                out.set(&to, if value == "-1" { "0" } else { value });
            }
            "ssl.endpoint.identification.algorithm" => {
                let mapped = match value.to_ascii_lowercase().as_str() {
                    "" | "none" => "none",
                    "https" => "https",
                    _ => {
                        return Err(err(
                            key,
                            format!(
                                "unsupported value {}; use https (verify the broker host name) or an empty value (no verification)",
                                quote(key, value)
                            ),
                        ))
                    }
                };
                out.set(key, mapped);
            }
            "ssl.cipher.suites" => {
                if value.is_empty() {
                    out.drop_key(key);
                } else if value
                    .split([',', ':', ' '])
                    .any(|s| s.starts_with("TLS_") || s.starts_with("SSL_"))
                {
                    return Err(err(
                        key,
                        "Java (IANA) cipher suite names are not understood by OpenSSL; list OpenSSL names instead, e.g. ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
                    ));
                } else {
                    out.set(key, value);
                }
            }
            "auto.offset.reset" => {
                let lower = value.to_ascii_lowercase();
                if lower == "none" {
                    out.set(key, "error");
                } else if lower.starts_with("by_duration") {
                    return Err(err(
                        key,
                        format!(
                            "{} is not supported here; use earliest or latest",
                            quote(key, value)
                        ),
                    ));
                } else {
                    out.set(key, value);
                }
            }
            "partitioner.class" => {
                if value.is_empty() || simple_class_name(value) == "DefaultPartitioner" {
                    out.drop_key(key);
                } else {
                    let hint = match simple_class_name(value) {
                        "RoundRobinPartitioner" | "UniformStickyPartitioner" => {
                            "partitioner=random"
                        }
                        _ => "librdkafka's partitioner setting (murmur2_random is Java's default behaviour; random, consistent_random, fnv1a_random also exist)",
                    };
                    return Err(err(
                        key,
                        format!(
                            "Java partitioner {} cannot run here; use {hint} instead",
                            quote(key, value)
                        ),
                    ));
                }
            }
            "partitioner.ignore.keys" => {
                if value.eq_ignore_ascii_case("true") {
                    return Err(err(
                        key,
                        "keys cannot be ignored by the default partitioner here; use partitioner=random instead",
                    ));
                }
                out.drop_key(key);
            }
            "bootstrap.controllers" => {
                return Err(err(
                    key,
                    "connecting through KRaft controllers is not supported; use bootstrap.servers with broker addresses instead",
                ));
            }
            _ => {
                if is_dropped(key) {
                    out.drop_key(key);
                } else if let Some(&(_, to)) = RENAMES.iter().find(|(from, _)| *from == key) {
                    if to == "sasl.mechanisms" {
                        let mechanism = check_mechanism(key, value)?;
                        out.set(to, &mechanism);
                    } else {
                        out.set(to, value);
                    }
                } else {
                    out.set(key, value);
                }
            }
        }
    }
    Ok(out)
}

impl Translated {
    /// Appends a librdkafka setting.
    fn set(&mut self, key: &str, value: &str) {
        self.settings.push((key.to_string(), value.to_string()));
    }

    /// Records a dropped key (once).
    fn drop_key(&mut self, key: &str) {
        if !self.dropped.iter().any(|k| k == key) {
            self.dropped.push(key.to_string());
        }
    }
}

/// Trims like `java.lang.String.trim` (every char up to U+0020).
fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// Quotes a value for an error message, or redacts it if `key` is sensitive.
fn quote(key: &str, value: &str) -> String {
    if is_sensitive(key) {
        "<redacted>".to_string()
    } else {
        format!("{value:?}")
    }
}

/// The part of a Java class name after the last `.`.
fn simple_class_name(class: &str) -> &str {
    class.rsplit('.').next().unwrap_or(class)
}

/// Whether `key` is a Java-only key that is simply ignored.
fn is_dropped(key: &str) -> bool {
    if PREFIX_EXCEPTIONS.contains(&key) {
        return false;
    }
    DROPPED_KEYS.contains(&key) || DROPPED_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// SASL mechanisms librdkafka provides in this build (it compares them
/// case-sensitively).
const MECHANISMS: &[&str] = &["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"];

/// Checks a SASL mechanism and returns librdkafka's (upper-case) spelling.
fn check_mechanism(key: &str, value: &str) -> Result<String, TranslateError> {
    let upper = value.to_ascii_uppercase();
    if MECHANISMS.contains(&upper.as_str()) {
        return Ok(upper);
    }
    let what = if upper == "GSSAPI" {
        "GSSAPI (Kerberos) is not supported by this build".to_string()
    } else {
        format!("unsupported SASL mechanism {}", quote(key, value))
    };
    Err(err(
        key,
        format!("{what}; use PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER"),
    ))
}

/// Maps a Java `partition.assignment.strategy` list to librdkafka names.
fn map_assignors(key: &str, value: &str) -> Result<String, TranslateError> {
    let mut names: Vec<&str> = Vec::new();
    for item in value.split(',').map(java_trim).filter(|s| !s.is_empty()) {
        let name = match item {
            "range" | "roundrobin" | "cooperative-sticky" => item,
            _ => match simple_class_name(item) {
                "RangeAssignor" => "range",
                "RoundRobinAssignor" => "roundrobin",
                "CooperativeStickyAssignor" => "cooperative-sticky",
                "StickyAssignor" => {
                    return Err(err(
                        key,
                        "librdkafka has no eager sticky assignor; use org.apache.kafka.clients.consumer.CooperativeStickyAssignor (cooperative-sticky) instead",
                    ))
                }
                _ => {
                    return Err(err(
                        key,
                        format!(
                            "custom assignor {} cannot run here; use RangeAssignor, RoundRobinAssignor or CooperativeStickyAssignor (range, roundrobin, cooperative-sticky)",
                            quote(key, item)
                        ),
                    ))
                }
            },
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    // Java lists such as Java's own default "RangeAssignor,
    // CooperativeStickyAssignor" mix eager and cooperative assignors for
    // rolling upgrades; librdkafka refuses mixes, so keep the kind of the
    // preferred (first) one.
    if let Some(&first) = names.first() {
        let cooperative = first == "cooperative-sticky";
        names.retain(|n| (*n == "cooperative-sticky") == cooperative);
    }
    Ok(names.join(","))
}

/// What a keystore/truststore file (or its declared type) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StoreKind {
    /// PEM text.
    Pem,
    /// Java KeyStore (or JCEKS).
    Jks,
    /// PKCS#12 (DER).
    Pkcs12,
}

/// How a [`StoreKind`] was determined, for error wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KindSource {
    /// From the file's first bytes.
    Content,
    /// From the explicit `*.type` property.
    Declared,
    /// No file to read and no type given: Java's default, JKS.
    Default,
}

/// Classifies a store file by its content; `None` if it cannot be read or
/// is not recognised.
fn sniff(path: &str) -> Option<StoreKind> {
    let file = std::fs::File::open(path).ok()?;
    let mut head = Vec::new();
    file.take(64 * 1024).read_to_end(&mut head).ok()?;
    if head.starts_with(&[0xFE, 0xED, 0xFE, 0xED]) || head.starts_with(&[0xCE, 0xCE, 0xCE, 0xCE]) {
        return Some(StoreKind::Jks);
    }
    if head.windows(10).any(|w| w == b"-----BEGIN") {
        return Some(StoreKind::Pem);
    }
    if head.first() == Some(&0x30) {
        return Some(StoreKind::Pkcs12);
    }
    None
}

/// Determines the kind of the store at `path`: sniffed content first, then
/// the declared type, then Java's default (JKS).
fn store_kind(
    type_key: &str,
    declared: Option<&str>,
    path: &str,
) -> Result<(StoreKind, KindSource), TranslateError> {
    if let Some(kind) = sniff(path) {
        return Ok((kind, KindSource::Content));
    }
    let Some(declared) = declared.filter(|t| !t.is_empty()) else {
        return Ok((StoreKind::Jks, KindSource::Default));
    };
    let kind = match declared.to_ascii_uppercase().as_str() {
        "PEM" => StoreKind::Pem,
        "JKS" | "JCEKS" => StoreKind::Jks,
        "PKCS12" | "PFX" => StoreKind::Pkcs12,
        _ => {
            return Err(err(
                type_key,
                format!(
                    "store type {} cannot be read here; convert the store to PEM or PKCS12",
                    quote(type_key, declared)
                ),
            ))
        }
    };
    Ok((kind, KindSource::Declared))
}

/// Says why `path` is taken as a JKS store, depending on how that was found.
fn jks_phrase(path: &str, source: KindSource, type_key: &str) -> String {
    match source {
        KindSource::Content => format!("{path} is a JKS/JCEKS file"),
        KindSource::Declared => format!("{path} is declared JKS by {type_key}"),
        KindSource::Default => {
            format!("{path} is JKS (Java's default type, {type_key} not set)")
        }
    }
}

/// Translates the `ssl.truststore.*` group.
fn translate_truststore(
    props: &HashMap<&str, &str>,
    out: &mut Translated,
) -> Result<(), TranslateError> {
    let lookup = |name: &str| props.get(name).copied();
    const LOC: &str = "ssl.truststore.location";
    let location = lookup(LOC).filter(|s| !s.is_empty());
    let certificates = lookup("ssl.truststore.certificates").filter(|s| !s.is_empty());
    let declared = lookup("ssl.truststore.type");

    match (location, certificates) {
        (Some(_), Some(_)) => Err(err(
            LOC,
            "set either ssl.truststore.location or ssl.truststore.certificates, not both",
        )),
        (None, Some(pem)) => {
            out.set("ssl.ca.pem", pem);
            Ok(())
        }
        (None, None) => Ok(()),
        (Some(path), None) => {
            let (kind, source) = store_kind("ssl.truststore.type", declared, path)?;
            match kind {
                StoreKind::Pem => {
                    out.set("ssl.ca.location", path);
                    Ok(())
                }
                StoreKind::Jks => {
                    let password = lookup("ssl.truststore.password").unwrap_or_default();
                    let store = load_jks(LOC, path, password, source)?;
                    out.set("ssl.ca.pem", &jks_certificates(LOC, path, &store)?);
                    Ok(())
                }
                StoreKind::Pkcs12 => {
                    let password = lookup("ssl.truststore.password").unwrap_or_default();
                    out.set("ssl.ca.pem", &pkcs12_certificates(path, password)?);
                    Ok(())
                }
            }
        }
    }
}

/// The certificates of a PKCS12 truststore (as keytool writes them: trusted-certificate
/// entries, encrypted with the store password), as one PEM text for `ssl.ca.pem`. librdkafka
/// reads PKCS12 only for the client's own key, so the vendored OpenSSL decodes it here.
fn pkcs12_certificates(path: &str, password: &str) -> Result<String, TranslateError> {
    const LOC: &str = "ssl.truststore.location";
    let hint = format!(
        "or convert it to PEM with openssl pkcs12 -in {path} -nokeys -out ca.pem and set ssl.truststore.location=ca.pem, ssl.truststore.type=PEM"
    );
    let der = std::fs::read(path).map_err(|e| err(LOC, format!("cannot read {path}: {e}")))?;
    let parsed = openssl::pkcs12::Pkcs12::from_der(&der)
        .and_then(|p12| p12.parse2(password))
        .map_err(|_| {
            err(
                LOC,
                format!(
                    "cannot open the PKCS12 truststore {path} (not PKCS12, or ssl.truststore.password is wrong); check the password, {hint}"
                ),
            )
        })?;
    let mut pem = String::new();
    let own = parsed.cert.as_deref();
    for cert in own.into_iter().chain(parsed.ca.iter().flatten()) {
        let text = cert
            .to_pem()
            .map_err(|e| err(LOC, format!("cannot encode a certificate of {path}: {e}")))?;
        pem.push_str(&String::from_utf8_lossy(&text));
    }
    if pem.is_empty() {
        return Err(err(
            LOC,
            format!("the PKCS12 truststore {path} holds no certificate; {hint}"),
        ));
    }
    Ok(pem)
}

/// Reads a JKS store (the `jks` crate checks the store's integrity with `password`).
fn load_jks(
    key: &str,
    path: &str,
    password: &str,
    source: KindSource,
) -> Result<jks::KeyStore, TranslateError> {
    let type_key = key.replace(".location", ".type");
    let file =
        std::fs::File::open(path).map_err(|e| err(key, format!("cannot read {path}: {e}")))?;
    let mut store = jks::KeyStore::new();
    store
        .load(
            std::io::BufReader::new(file.take(64 * 1024 * 1024)),
            password.as_bytes(),
        )
        .map_err(|e| {
            let password_key = key.replace(".location", ".password");
            let what = if matches!(source, KindSource::Content) {
                format!("the JKS store {path}")
            } else {
                jks_phrase(path, source, &type_key)
            };
            err(
                key,
                format!("cannot open {what} ({e}); check {password_key}"),
            )
        })?;
    Ok(store)
}

/// A DER certificate as PEM text.
fn der_to_pem(key: &str, path: &str, der: &[u8]) -> Result<String, TranslateError> {
    openssl::x509::X509::from_der(der)
        .and_then(|c| c.to_pem())
        .map(|p| String::from_utf8_lossy(&p).into_owned())
        .map_err(|e| err(key, format!("a certificate in {path} cannot be read: {e}")))
}

/// Every trusted certificate of a JKS truststore, as one PEM text for `ssl.ca.pem`.
fn jks_certificates(
    key: &str,
    path: &str,
    store: &jks::KeyStore,
) -> Result<String, TranslateError> {
    let mut pem = String::new();
    let mut aliases = store.aliases();
    aliases.sort();
    for alias in aliases {
        if let Ok(entry) = store.get_trusted_certificate_entry(&alias) {
            pem.push_str(&der_to_pem(key, path, &entry.certificate.content)?);
        }
    }
    if pem.is_empty() {
        return Err(err(
            key,
            format!("the JKS truststore {path} holds no trusted certificate"),
        ));
    }
    Ok(pem)
}

/// The private key (PKCS#8 PEM) and certificate chain (PEM) of a JKS keystore's key entry.
fn jks_private_key(
    key: &str,
    path: &str,
    store: &jks::KeyStore,
    password: &str,
) -> Result<(String, String), TranslateError> {
    let mut aliases: Vec<String> = store
        .aliases()
        .into_iter()
        .filter(|a| store.is_private_key_entry(a))
        .collect();
    aliases.sort();
    let Some(alias) = aliases.first() else {
        return Err(err(
            key,
            format!("the JKS keystore {path} holds no private key"),
        ));
    };
    let entry = store
        .get_private_key_entry(alias, password.as_bytes())
        .map_err(|_| {
            err(
                key,
                format!("cannot decrypt the key {alias} of {path}; check ssl.key.password"),
            )
        })?;
    let pkey = openssl::pkey::PKey::private_key_from_pkcs8(&entry.private_key)
        .and_then(|k| k.private_key_to_pem_pkcs8())
        .map_err(|e| {
            err(
                key,
                format!("the key {alias} of {path} cannot be read: {e}"),
            )
        })?;
    let mut chain = String::new();
    for cert in &entry.certificate_chain {
        chain.push_str(&der_to_pem(key, path, &cert.content)?);
    }
    Ok((String::from_utf8_lossy(&pkey).into_owned(), chain))
}

/// Translates the `ssl.keystore.*` group.
fn translate_keystore(
    props: &HashMap<&str, &str>,
    out: &mut Translated,
) -> Result<(), TranslateError> {
    let lookup = |name: &str| props.get(name).copied();
    const LOC: &str = "ssl.keystore.location";
    let location = lookup(LOC).filter(|s| !s.is_empty());
    let key_pem = lookup("ssl.keystore.key").filter(|s| !s.is_empty());
    let chain_pem = lookup("ssl.keystore.certificate.chain").filter(|s| !s.is_empty());
    let password = lookup("ssl.keystore.password").filter(|s| !s.is_empty());
    let declared = lookup("ssl.keystore.type");

    if key_pem.is_some() || chain_pem.is_some() {
        if location.is_some() {
            return Err(err(
                LOC,
                "set either ssl.keystore.location or ssl.keystore.key with ssl.keystore.certificate.chain, not both",
            ));
        }
        return match (key_pem, chain_pem) {
            (Some(key), Some(chain)) => {
                out.set("ssl.key.pem", key);
                out.set("ssl.certificate.pem", chain);
                Ok(())
            }
            (Some(_), None) => Err(err(
                "ssl.keystore.key",
                "ssl.keystore.certificate.chain must be set too (PEM certificate chain)",
            )),
            _ => Err(err(
                "ssl.keystore.certificate.chain",
                "ssl.keystore.key must be set too (PEM private key)",
            )),
        };
    }
    let Some(path) = location else {
        return Ok(());
    };
    let (kind, source) = store_kind("ssl.keystore.type", declared, path)?;
    match kind {
        StoreKind::Pkcs12 => {
            out.set(LOC, path);
            if let Some(password) = password {
                out.set("ssl.keystore.password", password);
            }
            Ok(())
        }
        StoreKind::Pem => {
            // A Java PEM keystore file holds the private key and the
            // certificate chain; OpenSSL picks each out of the same file. An
            // encrypted key uses ssl.key.password, which passes through.
            out.set("ssl.key.location", path);
            out.set("ssl.certificate.location", path);
            Ok(())
        }
        StoreKind::Jks => {
            let store = load_jks(LOC, path, password.unwrap_or_default(), source)?;
            // Java reads the key with ssl.key.password, else the store password.
            let key_password = lookup("ssl.key.password")
                .filter(|p| !p.is_empty())
                .or(password)
                .unwrap_or_default();
            let (key, chain) = jks_private_key(LOC, path, &store, key_password)?;
            out.set("ssl.key.pem", &key);
            out.set("ssl.certificate.pem", &chain);
            Ok(())
        }
    }
}

/// One parsed JAAS login module entry.
#[derive(Debug)]
struct JaasEntry {
    /// Login module class name.
    module: String,
    /// Options in order.
    options: Vec<(String, String)>,
}

impl JaasEntry {
    /// The value of option `name`, if present.
    fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A token of the JAAS syntax, as Java's `StreamTokenizer` (configured by
/// Kafka's `JaasConfig`) produces them.
#[derive(Debug, PartialEq, Eq)]
enum Token {
    /// Unquoted word.
    Word(String),
    /// Single- or double-quoted string, escapes processed.
    Quoted(String),
    /// Any other single character (`;`, `=`, ...).
    Char(char),
}

impl Token {
    /// The string value (Java's `sval`), absent for single characters.
    fn sval(&self) -> Option<&str> {
        match self {
            Token::Word(s) | Token::Quoted(s) => Some(s),
            Token::Char(_) => None,
        }
    }
}

/// Whether `c` is a word character of Kafka's JAAS tokenizer.
fn is_jaas_word_char(c: char) -> bool {
    let n = u32::from(c);
    let in_range = (33..=128).contains(&n) || (160..=255).contains(&n) || n > 255;
    in_range && !matches!(c, ';' | '=' | '/' | '"' | '\'')
}

/// Tokenizes a JAAS configuration like Kafka's `JaasConfig` does
/// (whitespace is `<= ' '`, `//` and `/* */` comments, a lone `/` comments to
/// end of line, `'`/`"` quotes with C-style escapes, `;` and `=` separate).
fn jaas_tokens(input: &str) -> Vec<Token> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if u32::from(c) <= 32 {
            i += 1;
        } else if is_jaas_word_char(c) {
            let start = i;
            while i < chars.len() && is_jaas_word_char(chars[i]) {
                i += 1;
            }
            tokens.push(Token::Word(chars[start..i].iter().collect()));
        } else if c == '"' || c == '\'' {
            let (s, next) = jaas_quoted(&chars, i + 1, c);
            tokens.push(Token::Quoted(s));
            i = next;
        } else if c == '/' {
            if chars.get(i + 1) == Some(&'*') {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i += 2;
            } else {
                // `//` or a lone `/`: comment to end of line. As in
                // `StreamTokenizer`, the character after the `/` is consumed
                // first, even when it is a line break.
                i += 2;
                while i < chars.len() && chars[i] != '\n' && chars[i] != '\r' {
                    i += 1;
                }
            }
        } else {
            tokens.push(Token::Char(c));
            i += 1;
        }
    }
    tokens
}

/// Reads a quoted string starting after its opening `quote` at `i`; returns
/// the content and the index after it. Like `StreamTokenizer`, the string
/// also ends (unterminated) at a line break or end of input.
fn jaas_quoted(chars: &[char], mut i: usize, quote: char) -> (String, usize) {
    let mut s = String::new();
    while let Some(&d) = chars.get(i) {
        if d == quote {
            return (s, i + 1);
        }
        if d == '\n' || d == '\r' {
            return (s, i);
        }
        i += 1;
        if d != '\\' {
            s.push(d);
            continue;
        }
        let Some(&e) = chars.get(i) else {
            break;
        };
        i += 1;
        if let Some(first) = e.to_digit(8) {
            // Octal escape: up to three digits, the third only if the first
            // is 0..=3.
            let mut value = first;
            if let Some(d2) = chars.get(i).and_then(|c| c.to_digit(8)) {
                value = value * 8 + d2;
                i += 1;
                if first <= 3 {
                    if let Some(d3) = chars.get(i).and_then(|c| c.to_digit(8)) {
                        value = value * 8 + d3;
                        i += 1;
                    }
                }
            }
            s.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
            continue;
        }
        s.push(match e {
            'a' => '\u{7}',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\u{b}',
            other => other,
        });
    }
    (s, chars.len())
}

/// Parses `sasl.jaas.config` like Kafka (`JaasConfig` + `JaasContext`):
/// exactly one `<module> <flag> (key=value)* ;` entry. Error texts never
/// contain any part of the input.
fn parse_jaas(input: &str) -> Result<JaasEntry, &'static str> {
    let tokens = jaas_tokens(input);
    let mut it = tokens.iter();
    let mut entries = Vec::new();
    while let Some(tok) = it.next() {
        let module = tok
            .sval()
            .filter(|s| !s.is_empty())
            .ok_or("login module class name missing")?;
        let flag = it
            .next()
            .ok_or("login module control flag missing")?
            .sval()
            .ok_or("login module control flag missing")?;
        if !["required", "requisite", "sufficient", "optional"]
            .iter()
            .any(|f| flag.eq_ignore_ascii_case(f))
        {
            return Err("invalid login module control flag (expected required, requisite, sufficient or optional)");
        }
        let mut options = Vec::new();
        let mut terminated = false;
        while let Some(tok) = it.next() {
            if *tok == Token::Char(';') {
                terminated = true;
                break;
            }
            let key = tok.sval().ok_or("option name expected")?;
            if it.next() != Some(&Token::Char('=')) {
                return Err("option without =value");
            }
            let value = it
                .next()
                .and_then(Token::sval)
                .ok_or("option without =value")?;
            options.push((key.to_string(), value.to_string()));
        }
        if !terminated {
            return Err("entry not terminated by ';'");
        }
        entries.push(JaasEntry {
            module: module.to_string(),
            options,
        });
    }
    match entries.len() {
        0 => Err("login module not specified"),
        1 => entries.pop().ok_or("login module not specified"),
        _ => Err("more than one login module; exactly one is expected"),
    }
}

/// Translates `sasl.jaas.config`.
fn translate_jaas(value: &str, out: &mut Translated) -> Result<(), TranslateError> {
    const KEY: &str = "sasl.jaas.config";
    let entry = parse_jaas(value).map_err(|why| {
        err(
            KEY,
            format!(
                "malformed JAAS configuration: {why}; expected <LoginModuleClass> required key=\"value\" ...; (or use sasl.username and sasl.password)"
            ),
        )
    })?;
    match simple_class_name(&entry.module) {
        "PlainLoginModule" | "ScramLoginModule" => {
            // Java's ScramLoginModule sends `tokenauth=true` as a SCRAM extension: the user name
            // is then a delegation token's id and the password its HMAC (base64).
            out.token_auth = simple_class_name(&entry.module) == "ScramLoginModule"
                && entry
                    .option("tokenauth")
                    .is_some_and(|t| t.eq_ignore_ascii_case("true"));
            let username = entry.option("username").ok_or_else(|| {
                err(
                    KEY,
                    "the login module has no username option; add username=\"...\" or set sasl.username",
                )
            })?;
            let password = entry.option("password").ok_or_else(|| {
                err(
                    KEY,
                    "the login module has no password option; add password=\"...\" or set sasl.password",
                )
            })?;
            out.set("sasl.username", username);
            out.set("sasl.password", password);
            Ok(())
        }
        "OAuthBearerLoginModule" => translate_oauth_jaas(&entry, out),
        "Krb5LoginModule" => Err(err(
            KEY,
            "Kerberos (Krb5LoginModule, GSSAPI) is not supported by this build; use PLAIN, SCRAM or OAUTHBEARER",
        )),
        _ => {
            let shown = if entry
                .module
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '$'))
                && entry.module.contains('.')
            {
                format!("login module {}", entry.module)
            } else {
                "this login module".to_string()
            };
            Err(err(
                KEY,
                format!(
                    "{shown} is not supported; use PlainLoginModule, ScramLoginModule or OAuthBearerLoginModule, or the librdkafka sasl.* settings"
                ),
            ))
        }
    }
}

/// Translates an `OAuthBearerLoginModule` JAAS entry.
fn translate_oauth_jaas(entry: &JaasEntry, out: &mut Translated) -> Result<(), TranslateError> {
    const KEY: &str = "sasl.jaas.config";
    if entry.options.is_empty() {
        out.drop_key(KEY);
        return Ok(());
    }
    if let Some((name, _)) = entry
        .options
        .iter()
        .find(|(name, _)| name != "unsecuredLoginStringClaim_sub")
    {
        let instead = match name.as_str() {
            "clientId" => "sasl.oauthbearer.client.id (with sasl.oauthbearer.method=oidc)",
            "clientSecret" => "sasl.oauthbearer.client.secret (with sasl.oauthbearer.method=oidc)",
            "scope" => "sasl.oauthbearer.scope",
            _ => "the librdkafka sasl.oauthbearer.* settings (e.g. sasl.oauthbearer.config)",
        };
        // Only well-known option names are echoed.
        let shown = if ["clientId", "clientSecret", "scope"].contains(&name.as_str())
            || name.starts_with("unsecuredLogin")
        {
            format!("option {name}")
        } else {
            "this option".to_string()
        };
        return Err(err(
            KEY,
            format!("OAuthBearerLoginModule {shown} is not supported here; set {instead} instead"),
        ));
    }
    let sub = entry.option("unsecuredLoginStringClaim_sub").unwrap_or("");
    if sub.is_empty() || sub.chars().any(char::is_whitespace) {
        return Err(err(
            KEY,
            "unsecuredLoginStringClaim_sub must be a non-empty value without spaces; or set sasl.oauthbearer.config=principal=<name>",
        ));
    }
    out.set("sasl.oauthbearer.config", &format!("principal={sub}"));
    out.set("enable.sasl.oauthbearer.unsecure.jwt", "true");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A secret that must never show up in an error or Debug output.
    const SECRET: &str = "S3CR3T-pa55";

    fn props(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn ok(pairs: &[(&str, &str)]) -> Translated {
        translate(&props(pairs)).unwrap()
    }

    fn fail(pairs: &[(&str, &str)]) -> TranslateError {
        let e = translate(&props(pairs)).unwrap_err();
        let shown = e.to_string();
        assert!(!shown.contains('\n'), "multi-line error: {shown}");
        assert!(shown.starts_with(&format!("{}: ", e.key)), "{shown}");
        e
    }

    fn settings(t: &Translated) -> Vec<(&str, &str)> {
        t.settings
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    /// A fresh temporary directory for store files.
    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("translate-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(dir: &std::path::Path, name: &str, content: &[u8]) -> String {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        path.to_str().unwrap().to_string()
    }

    const PEM: &[u8] = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const JKS: &[u8] = &[0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 1];
    const P12: &[u8] = &[0x30, 0x82, 0x0A, 0x2B, 0x02, 0x01, 0x03];

    #[test]
    fn common_keys_pass_through_in_order() {
        let input = [
            ("bootstrap.servers", "b1:9092,b2:9092"),
            ("client.id", "tool"),
            ("security.protocol", "SASL_SSL"),
            ("acks", "all"),
            ("linger.ms", "5"),
            ("enable.idempotence", "true"),
            ("group.id", "g"),
            ("isolation.level", "read_committed"),
            ("check.crcs", "true"),
            ("enable.metrics.push", "false"),
            ("delivery.timeout.ms", "120000"),
            ("ssl.ca.location", "/etc/ca.pem"),
            ("queue.buffering.max.kbytes", "1024"),
        ];
        assert_eq!(settings(&ok(&input)), input.to_vec());
    }

    #[test]
    fn values_are_trimmed_and_last_occurrence_wins() {
        let t = ok(&[
            ("client.id", "a"),
            ("group.id", "  g \t"),
            ("client.id", " b "),
        ]);
        assert_eq!(settings(&t), vec![("group.id", "g"), ("client.id", "b")]);
        // An earlier, malformed duplicate is ignored, as in Java.
        let t = ok(&[
            ("sasl.jaas.config", "garbage"),
            (
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=u password=p;",
            ),
        ]);
        assert_eq!(
            settings(&t),
            vec![("sasl.username", "u"), ("sasl.password", "p")]
        );
    }

    #[test]
    fn renamed_keys() {
        let t = ok(&[
            ("sasl.mechanism", "SCRAM-SHA-512"),
            ("fetch.max.wait.ms", "100"),
            ("max.request.size", "2097152"),
            ("receive.buffer.bytes", "-1"),
            ("send.buffer.bytes", "131072"),
        ]);
        assert_eq!(
            settings(&t),
            vec![
                ("sasl.mechanisms", "SCRAM-SHA-512"),
                ("fetch.wait.max.ms", "100"),
                ("message.max.bytes", "2097152"),
                ("socket.receive.buffer.bytes", "0"),
                ("socket.send.buffer.bytes", "131072"),
            ]
        );
    }

    #[test]
    fn sasl_mechanisms_checked() {
        let e = fail(&[("sasl.mechanism", "GSSAPI")]);
        assert_eq!(e.key, "sasl.mechanism");
        assert!(e.message.contains("Kerberos"), "{e}");
        assert!(e.message.contains("SCRAM-SHA-512"));
        assert_eq!(
            fail(&[("sasl.mechanisms", "gssapi")]).key,
            "sasl.mechanisms"
        );
        let e = fail(&[("sasl.mechanisms", "AWS_MSK_IAM")]);
        assert!(e.message.contains("\"AWS_MSK_IAM\""), "{e}");
        assert_eq!(
            settings(&ok(&[("sasl.mechanism", "scram-sha-256")])),
            vec![("sasl.mechanisms", "SCRAM-SHA-256")]
        );
    }

    #[test]
    fn jaas_plain_with_quotes_and_escapes() {
        let t = ok(&[(
            "sasl.jaas.config",
            r#"org.apache.kafka.common.security.plain.PlainLoginModule required username="al ice" password="p\"w\\d;=x";"#,
        )]);
        assert_eq!(
            settings(&t),
            vec![("sasl.username", "al ice"), ("sasl.password", "p\"w\\d;=x")]
        );
    }

    #[test]
    fn jaas_scram_with_unquoted_and_single_quoted_values() {
        let t = ok(&[(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=bob password='x y' ;",
        )]);
        assert_eq!(
            settings(&t),
            vec![("sasl.username", "bob"), ("sasl.password", "x y")]
        );
    }

    #[test]
    fn jaas_comments_octal_escapes_and_flags() {
        let t = ok(&[(
            "sasl.jaas.config",
            "/* c */ org.apache.kafka.common.security.plain.PlainLoginModule sufficient // eol\n username=\"\\101\\x\" password=p /* x */ ;",
        )]);
        assert_eq!(
            settings(&t),
            vec![("sasl.username", "Ax"), ("sasl.password", "p")]
        );
    }

    #[test]
    fn jaas_missing_semicolon_is_malformed() {
        let e = fail(&[(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=u password=p",
        )]);
        assert_eq!(e.key, "sasl.jaas.config");
        assert!(e.message.contains("not terminated by ';'"), "{e}");
    }

    #[test]
    fn jaas_missing_username_or_password() {
        let e = fail(&[(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required password=p;",
        )]);
        assert!(e.message.contains("no username"), "{e}");
        let e = fail(&[(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=u;",
        )]);
        assert!(e.message.contains("no password"), "{e}");
    }

    #[test]
    fn jaas_kerberos_refused() {
        let e = fail(&[(
            "sasl.jaas.config",
            "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true keyTab=\"/k\" principal=\"p@R\";",
        )]);
        assert!(e.message.contains("Kerberos"), "{e}");
    }

    #[test]
    fn jaas_malformed_variants() {
        for bad in [
            "",
            "   ",
            ";",
            "org.x.PlainLoginModule",
            "org.x.PlainLoginModule mandatory username=u;",
            "org.x.PlainLoginModule required username;",
            "org.x.PlainLoginModule required username=;",
            "org.x.PlainLoginModule required =u;",
            "a.PlainLoginModule required username=u password=p; b.PlainLoginModule required;",
        ] {
            let e = fail(&[("sasl.jaas.config", bad)]);
            assert!(
                e.message.starts_with("malformed JAAS configuration"),
                "{bad:?}: {e}"
            );
        }
    }

    #[test]
    fn jaas_unknown_module() {
        let e = fail(&[(
            "sasl.jaas.config",
            "software.amazon.msk.auth.iam.IAMLoginModule required;",
        )]);
        assert!(e
            .message
            .contains("software.amazon.msk.auth.iam.IAMLoginModule"));
    }

    #[test]
    fn jaas_scram_tokenauth_marks_token_authentication() {
        let t = ok(&[(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=u password=p tokenauth=true;",
        )]);
        assert!(t.token_auth);
        assert_eq!(
            settings(&t),
            [("sasl.username", "u"), ("sasl.password", "p")]
        );
        let t = ok(&[(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=u password=p tokenauth=false;",
        )]);
        assert!(!t.token_auth);
        // PlainLoginModule has no such option (Java ignores it).
        let t = ok(&[(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=u password=p tokenauth=true;",
        )]);
        assert!(!t.token_auth);
    }

    #[test]
    fn jaas_oauthbearer() {
        let module = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";
        let t = ok(&[("sasl.jaas.config", &format!("{module} required;"))]);
        assert!(t.settings.is_empty());
        assert_eq!(t.dropped, vec!["sasl.jaas.config"]);

        let t = ok(&[(
            "sasl.jaas.config",
            &format!("{module} required unsecuredLoginStringClaim_sub=\"admin\";"),
        )]);
        assert_eq!(
            settings(&t),
            vec![
                ("sasl.oauthbearer.config", "principal=admin"),
                ("enable.sasl.oauthbearer.unsecure.jwt", "true"),
            ]
        );

        let e = fail(&[(
            "sasl.jaas.config",
            &format!("{module} required clientId=c clientSecret=\"{SECRET}\";"),
        )]);
        assert!(e.message.contains("sasl.oauthbearer.client.id"), "{e}");
        let e = fail(&[(
            "sasl.jaas.config",
            &format!("{module} required {SECRET}=x;"),
        )]);
        assert!(e.message.contains("sasl.oauthbearer"), "{e}");
        assert!(!e.to_string().contains(SECRET));
    }

    #[test]
    fn oidc_login_callback_handler_sets_method() {
        let t = ok(&[
            (
                "sasl.login.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler",
            ),
            ("sasl.oauthbearer.token.endpoint.url", "https://idp/token"),
        ]);
        assert_eq!(
            settings(&t),
            vec![
                ("sasl.oauthbearer.method", "oidc"),
                ("sasl.oauthbearer.token.endpoint.url", "https://idp/token"),
            ]
        );
        let t = ok(&[("sasl.login.callback.handler.class", "com.example.Custom")]);
        assert_eq!(t.dropped, vec!["sasl.login.callback.handler.class"]);
    }

    /// A JKS store holding one self-signed CA as a trusted-certificate entry, and its PEM.
    fn jks_with_ca(password: &str) -> (Vec<u8>, String) {
        use openssl::{asn1::Asn1Time, hash::MessageDigest, pkey::PKey, rsa::Rsa, x509};
        let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
        let mut name = x509::X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", "jks-test-ca").unwrap();
        let name = name.build();
        let mut b = x509::X509Builder::new().unwrap();
        b.set_version(2).unwrap();
        b.set_subject_name(&name).unwrap();
        b.set_issuer_name(&name).unwrap();
        b.set_pubkey(&key).unwrap();
        b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::days_from_now(1).unwrap())
            .unwrap();
        b.sign(&key, MessageDigest::sha256()).unwrap();
        let cert = b.build();
        let mut store = jks::KeyStore::new();
        store
            .set_trusted_certificate_entry(
                "ca",
                jks::TrustedCertificateEntry {
                    creation_time: std::time::SystemTime::now(),
                    certificate: jks::Certificate {
                        cert_type: "X509".into(),
                        content: cert.to_der().unwrap(),
                    },
                },
            )
            .unwrap();
        let mut bytes = Vec::new();
        store.store(&mut bytes, password.as_bytes()).unwrap();
        (bytes, String::from_utf8(cert.to_pem().unwrap()).unwrap())
    }

    #[test]
    fn jks_truststore_becomes_ca_pem_whatever_its_declared_type() {
        let dir = temp_dir("jks-trust");
        let (jks, pem) = jks_with_ca(SECRET);
        // Even when declared PEM, the content decides.
        let path = write(&dir, "trust.jks", &jks);
        let t = ok(&[
            ("ssl.truststore.location", &path),
            ("ssl.truststore.type", "PEM"),
            ("ssl.truststore.password", SECRET),
        ]);
        assert_eq!(settings(&t), vec![("ssl.ca.pem", pem.as_str())]);
        let e = fail(&[
            ("ssl.truststore.location", &path),
            ("ssl.truststore.password", "wrong-password"),
        ]);
        assert_eq!(e.key, "ssl.truststore.location");
        assert!(e.message.contains(&format!("the JKS store {path}")), "{e}");
        assert!(e.message.contains("check ssl.truststore.password"), "{e}");
        let e = fail(&[("ssl.truststore.location", &write(&dir, "cut.jks", JKS))]);
        assert!(e.message.contains("cannot open"), "{e}");
        assert!(!e.to_string().contains(SECRET));
    }

    #[test]
    fn missing_truststore_without_type_is_java_default_jks() {
        let e = fail(&[("ssl.truststore.location", "/nonexistent/trust.store")]);
        assert!(
            e.message.contains("cannot read /nonexistent/trust.store"),
            "{e}"
        );
        let e = fail(&[
            ("ssl.truststore.location", "/nonexistent/trust.store"),
            ("ssl.truststore.type", "JKS"),
        ]);
        assert!(e.message.contains("cannot read"), "{e}");
    }

    #[test]
    fn pem_truststore_maps_to_ca_location() {
        let dir = temp_dir("pem-trust");
        let path = write(&dir, "ca.crt", PEM);
        // Sniffed (type absent would otherwise mean JKS); password consumed.
        let t = ok(&[
            ("ssl.truststore.password", SECRET),
            ("ssl.truststore.location", &path),
            ("client.id", "c"),
        ]);
        assert_eq!(
            settings(&t),
            vec![("ssl.ca.location", path.as_str()), ("client.id", "c")]
        );
        assert!(t.dropped.is_empty());
        // Text before the PEM block (openssl pkcs12 output) still counts.
        let path2 = write(
            &dir,
            "bag.pem",
            b"Bag Attributes\n    friendlyName: ca\n-----BEGIN CERTIFICATE-----\n",
        );
        let t = ok(&[("ssl.truststore.location", &path2)]);
        assert_eq!(settings(&t), vec![("ssl.ca.location", path2.as_str())]);
        // Missing file: go by the declared type.
        let t = ok(&[
            ("ssl.truststore.type", "pem"),
            ("ssl.truststore.location", "/nonexistent/ca.pem"),
        ]);
        assert_eq!(
            settings(&t),
            vec![("ssl.ca.location", "/nonexistent/ca.pem")]
        );
    }

    /// A self-signed CA certificate in a PKCS12 truststore protected by `password`.
    fn real_p12_truststore(password: &str) -> (Vec<u8>, String) {
        use openssl::asn1::Asn1Time;
        use openssl::hash::MessageDigest;
        use openssl::pkey::PKey;
        use openssl::rsa::Rsa;
        use openssl::stack::Stack;
        use openssl::x509::{X509Builder, X509NameBuilder};
        let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", "unit-test-ca").unwrap();
        let name = name.build();
        let mut cert = X509Builder::new().unwrap();
        cert.set_version(2).unwrap();
        cert.set_subject_name(&name).unwrap();
        cert.set_issuer_name(&name).unwrap();
        cert.set_pubkey(&key).unwrap();
        cert.set_not_before(&Asn1Time::days_from_now(0).unwrap())
            .unwrap();
        cert.set_not_after(&Asn1Time::days_from_now(1).unwrap())
            .unwrap();
        cert.sign(&key, MessageDigest::sha256()).unwrap();
        let cert = cert.build();
        let mut ca = Stack::new().unwrap();
        ca.push(cert.clone()).unwrap();
        let p12 = openssl::pkcs12::Pkcs12::builder()
            .ca(ca)
            .build2(password)
            .unwrap();
        let pem = String::from_utf8(cert.to_pem().unwrap()).unwrap();
        (p12.to_der().unwrap(), pem)
    }

    #[test]
    fn pkcs12_truststore_becomes_inline_pem() {
        let dir = temp_dir("p12-trust");
        let (der, pem) = real_p12_truststore("Trust-Pa55");
        let path = write(&dir, "trust.p12", &der);
        let t = ok(&[
            ("ssl.truststore.location", &path),
            ("ssl.truststore.type", "PKCS12"),
            ("ssl.truststore.password", "Trust-Pa55"),
        ]);
        assert_eq!(settings(&t), vec![("ssl.ca.pem", pem.as_str())]);
        // The type is recognised from the content too.
        let t = ok(&[
            ("ssl.truststore.location", &path),
            ("ssl.truststore.password", "Trust-Pa55"),
        ]);
        assert_eq!(settings(&t), vec![("ssl.ca.pem", pem.as_str())]);
        let e = fail(&[
            ("ssl.truststore.location", &path),
            ("ssl.truststore.type", "PKCS12"),
            ("ssl.truststore.password", "Wrong-Pa55"),
        ]);
        assert_eq!(e.key, "ssl.truststore.location");
        assert!(
            e.message.contains("ssl.truststore.password is wrong"),
            "{e}"
        );
        assert!(
            e.message
                .contains(&format!("openssl pkcs12 -in {path} -nokeys -out ca.pem")),
            "{e}"
        );
        assert!(!e.message.contains("Wrong-Pa55"), "{e}");
    }

    #[test]
    fn inline_truststore_certificates() {
        let t = ok(&[
            ("ssl.truststore.type", "PEM"),
            (
                "ssl.truststore.certificates",
                "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----",
            ),
        ]);
        assert_eq!(t.settings.len(), 1);
        assert_eq!(t.settings[0].0, "ssl.ca.pem");
        let e = fail(&[
            ("ssl.truststore.certificates", "x"),
            ("ssl.truststore.location", "/x.pem"),
        ]);
        assert!(e.message.contains("not both"));
    }

    #[test]
    fn unsupported_store_type() {
        let e = fail(&[
            ("ssl.truststore.location", "/nonexistent/t"),
            ("ssl.truststore.type", "BCFKS"),
        ]);
        assert_eq!(e.key, "ssl.truststore.type");
        assert!(e.message.contains("\"BCFKS\""), "{e}");
    }

    #[test]
    fn pkcs12_keystore_detected_by_sniffing() {
        let dir = temp_dir("p12-key");
        let path = write(&dir, "client.p12", P12);
        // No type: Java would assume JKS, but the content is PKCS12.
        let t = ok(&[
            ("ssl.keystore.location", &path),
            ("ssl.keystore.password", SECRET),
            ("ssl.key.password", SECRET),
        ]);
        assert_eq!(
            settings(&t),
            vec![
                ("ssl.keystore.location", path.as_str()),
                ("ssl.keystore.password", SECRET),
                ("ssl.key.password", SECRET),
            ]
        );
        // Debug output redacts secrets.
        let debug = format!("{t:?}");
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(debug.contains("<redacted>"));
    }

    #[test]
    fn jks_keystore_needs_a_private_key_entry() {
        let dir = temp_dir("jks-key");
        let (jks, _) = jks_with_ca(SECRET);
        let path = write(&dir, "client.jks", &jks);
        let e = fail(&[
            ("ssl.keystore.location", &path),
            ("ssl.keystore.type", "PKCS12"),
            ("ssl.keystore.password", SECRET),
        ]);
        assert!(e.message.contains("holds no private key"), "{e}");
        assert!(!e.to_string().contains(SECRET));
        let e = fail(&[("ssl.keystore.location", "/nonexistent/k")]);
        assert!(e.message.contains("cannot read /nonexistent/k"), "{e}");
    }

    #[test]
    fn pem_keystores() {
        let t = ok(&[
            ("ssl.keystore.type", "PEM"),
            ("ssl.keystore.key", SECRET),
            ("ssl.keystore.certificate.chain", "CHAIN"),
            ("ssl.key.password", "kp"),
        ]);
        assert_eq!(
            settings(&t),
            vec![
                ("ssl.key.pem", SECRET),
                ("ssl.certificate.pem", "CHAIN"),
                ("ssl.key.password", "kp"),
            ]
        );
        let e = fail(&[("ssl.keystore.key", SECRET)]);
        assert_eq!(e.key, "ssl.keystore.key");
        assert!(!e.to_string().contains(SECRET));

        let dir = temp_dir("pem-key");
        let path = write(&dir, "client.pem", b"-----BEGIN PRIVATE KEY-----\n");
        let t = ok(&[
            ("ssl.keystore.location", &path),
            ("ssl.keystore.type", "PEM"),
        ]);
        assert_eq!(
            settings(&t),
            vec![
                ("ssl.key.location", path.as_str()),
                ("ssl.certificate.location", path.as_str()),
            ]
        );
    }

    #[test]
    fn dropped_java_only_keys() {
        let t = ok(&[
            (
                "key.serializer",
                "org.apache.kafka.common.serialization.StringSerializer",
            ),
            ("value.deserializer", "x"),
            ("client.dns.lookup", "use_all_dns_ips"),
            ("metrics.recording.level", "INFO"),
            ("metrics.num.samples", "2"),
            ("sasl.login.refresh.window.factor", "0.8"),
            ("sasl.kerberos.ticket.renew.jitter", "0.05"),
            ("ssl.protocol", "TLSv1.3"),
            ("ssl.enabled.protocols", "TLSv1.2,TLSv1.3"),
            ("internal.leave.group.on.close", "false"),
            ("internal.termination.signal", "0"),
            ("allow.auto.create.topics", "true"),
            ("max.block.ms", "1000"),
            ("client.id", "kept"),
            ("key.serializer", "again"),
        ]);
        assert_eq!(
            settings(&t),
            vec![
                ("internal.termination.signal", "0"),
                ("allow.auto.create.topics", "true"),
                ("client.id", "kept")
            ]
        );
        assert_eq!(
            t.dropped,
            vec![
                "value.deserializer",
                "client.dns.lookup",
                "metrics.recording.level",
                "metrics.num.samples",
                "sasl.login.refresh.window.factor",
                "sasl.kerberos.ticket.renew.jitter",
                "ssl.protocol",
                "ssl.enabled.protocols",
                "internal.leave.group.on.close",
                "max.block.ms",
                "key.serializer",
            ]
        );
    }

    #[test]
    fn assignor_mapping() {
        let t = ok(&[(
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.RoundRobinAssignor, org.apache.kafka.clients.consumer.RangeAssignor",
        )]);
        assert_eq!(
            settings(&t),
            vec![("partition.assignment.strategy", "roundrobin,range")]
        );
        let t = ok(&[("partition.assignment.strategy", "CooperativeStickyAssignor")]);
        assert_eq!(
            settings(&t),
            vec![("partition.assignment.strategy", "cooperative-sticky")]
        );
        // Java's default upgrade list keeps the preferred (eager) kind.
        let t = ok(&[(
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.RangeAssignor,org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
        )]);
        assert_eq!(
            settings(&t),
            vec![("partition.assignment.strategy", "range")]
        );
        let t = ok(&[("partition.assignment.strategy", "range,roundrobin")]);
        assert_eq!(
            settings(&t),
            vec![("partition.assignment.strategy", "range,roundrobin")]
        );
        let e = fail(&[(
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.StickyAssignor",
        )]);
        assert!(e.message.contains("cooperative-sticky"), "{e}");
        let e = fail(&[("partition.assignment.strategy", "com.acme.MyAssignor")]);
        assert!(e.message.contains("\"com.acme.MyAssignor\""), "{e}");
        let t = ok(&[("partition.assignment.strategy", " ")]);
        assert_eq!(t.dropped, vec!["partition.assignment.strategy"]);
    }

    #[test]
    fn endpoint_identification() {
        let key = "ssl.endpoint.identification.algorithm";
        assert_eq!(settings(&ok(&[(key, "")])), vec![(key, "none")]);
        assert_eq!(settings(&ok(&[(key, "  ")])), vec![(key, "none")]);
        assert_eq!(settings(&ok(&[(key, "HTTPS")])), vec![(key, "https")]);
        let e = fail(&[(key, "ldap")]);
        assert!(e.message.contains("\"ldap\""), "{e}");
    }

    #[test]
    fn default_api_timeout() {
        let t = ok(&[("default.api.timeout.ms", " 30000 "), ("client.id", "c")]);
        assert_eq!(t.api_timeout_ms, Some(30000));
        assert_eq!(settings(&t), vec![("client.id", "c")]);
        assert!(t.dropped.is_empty());
        let e = fail(&[("default.api.timeout.ms", "30s")]);
        assert!(e.message.contains("\"30s\""), "{e}");
        assert!(fail(&[("default.api.timeout.ms", "-1")]).key == "default.api.timeout.ms");
    }

    #[test]
    fn compression_levels_follow_compression_type() {
        let t = ok(&[
            ("compression.gzip.level", "6"),
            ("compression.type", "zstd"),
            ("compression.zstd.level", "9"),
        ]);
        assert_eq!(
            settings(&t),
            vec![("compression.type", "zstd"), ("compression.level", "9")]
        );
        assert_eq!(t.dropped, vec!["compression.gzip.level"]);
    }

    #[test]
    fn offset_reset_partitioner_and_misc() {
        assert_eq!(
            settings(&ok(&[("auto.offset.reset", "none")])),
            vec![("auto.offset.reset", "error")]
        );
        assert_eq!(
            settings(&ok(&[("auto.offset.reset", "earliest")])),
            vec![("auto.offset.reset", "earliest")]
        );
        fail(&[("auto.offset.reset", "by_duration:PT1H")]);

        let t = ok(&[
            (
                "partitioner.class",
                "org.apache.kafka.clients.producer.internals.DefaultPartitioner",
            ),
            ("partitioner.ignore.keys", "false"),
        ]);
        assert!(t.settings.is_empty());
        assert_eq!(
            t.dropped,
            vec!["partitioner.class", "partitioner.ignore.keys"]
        );
        let e = fail(&[(
            "partitioner.class",
            "org.apache.kafka.clients.producer.RoundRobinPartitioner",
        )]);
        assert!(e.message.contains("partitioner=random"), "{e}");
        let e = fail(&[("partitioner.ignore.keys", "true")]);
        assert!(e.message.contains("partitioner=random"), "{e}");
        let e = fail(&[("bootstrap.controllers", "c:9093")]);
        assert!(e.message.contains("bootstrap.servers"), "{e}");
    }

    #[test]
    fn cipher_suites() {
        let key = "ssl.cipher.suites";
        let e = fail(&[(key, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")]);
        assert!(e.message.contains("OpenSSL"), "{e}");
        assert_eq!(
            settings(&ok(&[(key, "ECDHE-RSA-AES128-GCM-SHA256")])),
            vec![(key, "ECDHE-RSA-AES128-GCM-SHA256")]
        );
        assert_eq!(ok(&[(key, "")]).dropped, vec![key]);
    }

    #[test]
    fn sensitive_keys() {
        for key in [
            "sasl.password",
            "sasl.jaas.config",
            "ssl.key.password",
            "ssl.keystore.password",
            "ssl.truststore.password",
            "ssl.key.pem",
            "ssl_key",
            "sasl.oauthbearer.client.secret",
            "sasl.oauthbearer.config",
            "ssl.keystore.key",
            "sasl.oauthbearer.assertion.private.key.passphrase",
            "sasl.oauthbearer.assertion.private.key.pem",
            "sasl.oauthbearer.client.credentials.client.secret",
            "listener.name.x.scram-sha-256.sasl.jaas.config",
            "SASL.PASSWORD",
            "my.Secret.thing",
        ] {
            assert!(is_sensitive(key), "{key}");
        }
        for key in [
            "sasl.username",
            "ssl.certificate.pem",
            "ssl.ca.pem",
            "ssl.keystore.location",
            "bootstrap.servers",
            "ssl.truststore.certificates",
        ] {
            assert!(!is_sensitive(key), "{key}");
        }
    }

    #[test]
    fn secrets_never_appear_in_errors() {
        let plain = "org.apache.kafka.common.security.plain.PlainLoginModule";
        let dir = temp_dir("secrets");
        let jks = write(&dir, "k.jks", JKS);
        let cases: Vec<Vec<(String, String)>> = vec![
            // Malformed JAAS in many ways, the secret everywhere.
            vec![("sasl.jaas.config".into(), format!("{plain} required password={SECRET}"))],
            vec![("sasl.jaas.config".into(), format!("{plain} {SECRET} password=x;"))],
            vec![("sasl.jaas.config".into(), format!("{plain} required password {SECRET};"))],
            vec![("sasl.jaas.config".into(), format!("{plain} required password=my {SECRET};"))],
            vec![("sasl.jaas.config".into(), format!("{SECRET} required;"))],
            vec![("sasl.jaas.config".into(), format!("x.{SECRET}Module required;"))],
            vec![("sasl.jaas.config".into(), SECRET.to_string())],
            vec![("sasl.jaas.config".into(), format!("{plain} required username={SECRET};"))],
            vec![("sasl.jaas.config".into(), format!(
                "com.sun.security.auth.module.Krb5LoginModule required password={SECRET};"
            ))],
            vec![("sasl.jaas.config".into(), format!(
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientSecret={SECRET};"
            ))],
            vec![("sasl.jaas.config".into(), format!(
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"a {SECRET}\";"
            ))],
            vec![
                ("ssl.keystore.location".into(), jks.clone()),
                ("ssl.keystore.password".into(), SECRET.into()),
            ],
            vec![
                ("ssl.truststore.location".into(), jks.clone()),
                ("ssl.truststore.password".into(), SECRET.into()),
            ],
            vec![("ssl.keystore.key".into(), SECRET.into())],
            vec![("ssl.keystore.certificate.chain".into(), "c".into()), ("ssl.keystore.password".into(), SECRET.into())],
        ];
        for case in cases {
            let e = translate(&case).unwrap_err();
            for shown in [e.to_string(), format!("{e:?}")] {
                assert!(!shown.contains(SECRET), "secret leaked: {shown}");
                assert!(!shown.contains('\n'), "{shown}");
            }
        }
    }

    #[test]
    fn properties_file_end_to_end() {
        let text = b"# client config\nbootstrap.servers=localhost:9092\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\\n    username=\"admin\" \\\n    password=\"admin-secret\";\nkey.deserializer=org.apache.kafka.common.serialization.StringDeserializer\n";
        let pairs = crate::client::properties::parse(text).unwrap();
        let t = translate(&pairs).unwrap();
        assert_eq!(
            settings(&t),
            vec![
                ("bootstrap.servers", "localhost:9092"),
                ("security.protocol", "SASL_PLAINTEXT"),
                ("sasl.mechanisms", "PLAIN"),
                ("sasl.username", "admin"),
                ("sasl.password", "admin-secret"),
            ]
        );
        assert_eq!(t.dropped, vec!["key.deserializer"]);
    }

    #[test]
    fn jaas_tokenizer_edge_cases_match_java() {
        // Expected results obtained from Kafka's JaasConfig tokenizer
        // settings run on Java 17.
        let opts = |text: &str| -> Option<Vec<(String, String)>> {
            parse_jaas(text).ok().map(|e| {
                let mut o = e.options;
                o.sort();
                o
            })
        };
        let owned = |pairs: &[(&str, &str)]| {
            Some(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<Vec<_>>(),
            )
        };
        let m = "M.PlainLoginModule required";
        // A lone '/' comments to end of line, after consuming the next char
        // (here the line break, so the following line goes too).
        assert_eq!(
            opts(&format!("{m} k1=*/\n''\nusername=va;")),
            owned(&[("k1", "*"), ("username", "va")])
        );
        // Octal escapes: three digits only when the first is 0..=3.
        assert_eq!(
            opts(&format!(r#"{m} password="\101\";\777\38";"#)),
            owned(&[("password", "A\";?7\u{3}8")])
        );
        // A quoted string stops at a raw line break (then garbage follows).
        assert_eq!(opts(&format!("{m} a=\"multi\nline\";")), None);
        // ...but an escaped line break is kept.
        assert_eq!(opts(&format!("{m} a='x\\\ny';")), owned(&[("a", "x\ny")]));
        // '/' starts a comment even inside an unquoted value.
        assert_eq!(opts(&format!("{m} a=b/c;")), None);
        // Quoted module flag and key; comments after ';'.
        assert_eq!(
            opts("M.PlainLoginModule \"required\" \"k\"=\"v\" ; /* trailing"),
            owned(&[("k", "v")])
        );
        // Missing ';' and a stray word character after ';'.
        assert_eq!(opts(&format!("{m} a=b c=d")), None);
        assert_eq!(opts(&format!("{m} a=b;\u{a0}")), None);
        // U+0085 is neither whitespace nor a word character.
        assert_eq!(opts(&format!("{m} a=\u{85};")), None);
    }
}
