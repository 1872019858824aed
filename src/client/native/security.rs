//! What the native path needs from the client settings to open a connection: TLS and SASL.
//!
//! Read from the same [`ClientSettings`] that configure librdkafka (the Java properties are
//! translated once, in `translate`), so both paths connect the same way. No value read here is
//! ever printed: `Debug` shows the mechanism and the user name, never a password or token.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context as _, Result};
use openssl::pkcs12::Pkcs12;
use openssl::pkey::PKey;
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use openssl::x509::X509;

use crate::client::config::ClientSettings;
use crate::error::usage;

/// How one connection is secured.
pub(crate) struct Security {
    /// TLS settings, for SSL and SASL_SSL.
    pub(crate) tls: Option<Tls>,
    /// SASL credentials, for SASL_PLAINTEXT and SASL_SSL.
    pub(crate) sasl: Option<Sasl>,
}

/// A TLS client configuration.
pub(crate) struct Tls {
    /// The connector (CA, client certificate, cipher list).
    pub(crate) connector: SslConnector,
    /// Whether the broker's certificate must name the host we dial
    /// (`ssl.endpoint.identification.algorithm`: `https`, librdkafka's and Java's default).
    pub(crate) verify_hostname: bool,
}

/// A SASL mechanism with its credentials.
pub(crate) enum Sasl {
    /// PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (rsasl does the exchange).
    Password {
        /// The mechanism name as the broker knows it.
        mechanism: String,
        /// The user.
        username: String,
        /// The password (never shown).
        password: String,
        /// SCRAM with the `tokenauth=true` extension: a delegation-token login (the user is
        /// the token id, the password its HMAC).
        token_auth: bool,
    },
    /// OAUTHBEARER with a token we hold (an unsecured JWT we built, or a static token).
    OAuthBearer {
        /// The compact JWS token (never shown).
        token: String,
    },
}

impl fmt::Debug for Sasl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Sasl::Password {
                mechanism,
                username,
                token_auth: true,
                ..
            } => write!(
                f,
                "{mechanism} with delegation token {username} (HMAC hidden)"
            ),
            Sasl::Password {
                mechanism,
                username,
                ..
            } => write!(f, "{mechanism} as {username} (password hidden)"),
            Sasl::OAuthBearer { .. } => f.write_str("OAUTHBEARER (token hidden)"),
        }
    }
}

impl fmt::Debug for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Security")
            .field("tls", &self.tls.as_ref().map(|t| t.verify_hostname))
            .field("sasl", &self.sasl)
            .finish()
    }
}

impl Security {
    /// Reads `security.protocol` and its TLS and SASL settings.
    pub(crate) fn from_settings(settings: &ClientSettings) -> Result<Self> {
        let protocol = settings
            .get("security.protocol")
            .unwrap_or("plaintext")
            .to_ascii_lowercase();
        let (tls, sasl) = match protocol.as_str() {
            "plaintext" => (false, false),
            "ssl" => (true, false),
            "sasl_plaintext" => (false, true),
            "sasl_ssl" => (true, true),
            other => {
                return Err(usage(format!(
                    "security.protocol: unknown protocol {other}"
                )))
            }
        };
        Ok(Self {
            tls: if tls { Some(tls_from(settings)?) } else { None },
            sasl: if sasl {
                Some(sasl_from(settings)?)
            } else {
                None
            },
        })
    }
}

/// The TLS connector for the `ssl.*` settings (librdkafka's names: `translate` has already
/// turned JKS, PKCS12 and Java PEM stores into these).
fn tls_from(settings: &ClientSettings) -> Result<Tls> {
    fn tls_err(what: &'static str) -> impl Fn(openssl::error::ErrorStack) -> anyhow::Error {
        move |e| anyhow!("{what}: {e}")
    }
    let mut b = SslConnector::builder(SslMethod::tls_client()).map_err(tls_err("TLS setup"))?;
    // The connector starts from OpenSSL's default CA paths (and SSL_CERT_FILE/SSL_CERT_DIR);
    // a configured CA must be the only one trusted, as in Java and librdkafka.
    let configured_ca = settings.get("ssl.ca.pem").is_some()
        || settings
            .get("ssl.ca.location")
            .is_some_and(|l| l != "probe");
    if configured_ca {
        let empty = openssl::x509::store::X509StoreBuilder::new()
            .map_err(tls_err("TLS setup"))?
            .build();
        b.set_cert_store(empty);
    }
    match settings.get("ssl.ca.location") {
        Some("probe") | None if settings.get("ssl.ca.pem").is_none() => {
            let probe = openssl_probe::probe();
            if probe.cert_file.is_some() || !probe.cert_dir.is_empty() {
                b.load_verify_locations(
                    probe.cert_file.as_deref(),
                    probe.cert_dir.first().map(std::path::PathBuf::as_path),
                )
                .map_err(tls_err("reading the system CA store"))?;
            }
        }
        Some("probe") | None => {}
        Some(path) => {
            let meta = std::fs::metadata(path)
                .with_context(|| format!("ssl.ca.location: cannot read {path}"))?;
            if meta.is_dir() {
                b.load_verify_locations(None, Some(std::path::Path::new(path)))
            } else {
                b.set_ca_file(path)
            }
            .map_err(|e| usage(format!("ssl.ca.location: cannot load {path}: {e}")))?;
        }
    }
    if let Some(pem) = settings.get("ssl.ca.pem") {
        let certs = X509::stack_from_pem(pem.as_bytes())
            .ok()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| usage("ssl.ca.pem: no PEM certificate in it"))?;
        for cert in certs {
            b.cert_store_mut()
                .add_cert(cert)
                .map_err(tls_err("adding a CA certificate"))?;
        }
    }
    let key_password = settings.get("ssl.key.password");
    if let (Some(cert), Some(key)) = (
        settings.get("ssl.certificate.location"),
        settings.get("ssl.key.location"),
    ) {
        b.set_certificate_chain_file(cert)
            .map_err(|e| usage(format!("ssl.certificate.location: cannot load {cert}: {e}")))?;
        let pem =
            std::fs::read(key).with_context(|| format!("ssl.key.location: cannot read {key}"))?;
        let pkey = match key_password {
            Some(p) => PKey::private_key_from_pem_passphrase(&pem, p.as_bytes()),
            None => PKey::private_key_from_pem(&pem),
        }
        .map_err(|_| {
            usage(format!(
                "ssl.key.location: cannot read the private key in {key} (wrong ssl.key.password?)"
            ))
        })?;
        b.set_private_key(&pkey)
            .map_err(tls_err("the client key"))?;
    }
    if let (Some(cert), Some(key)) = (
        settings.get("ssl.certificate.pem"),
        settings.get("ssl.key.pem"),
    ) {
        let mut chain = X509::stack_from_pem(cert.as_bytes())
            .map_err(|_| usage("ssl.certificate.pem: not a PEM certificate chain"))?
            .into_iter();
        let leaf = chain
            .next()
            .ok_or_else(|| usage("ssl.certificate.pem: no certificate"))?;
        b.set_certificate(&leaf)
            .map_err(tls_err("the client certificate"))?;
        for extra in chain {
            b.add_extra_chain_cert(extra)
                .map_err(tls_err("the client certificate chain"))?;
        }
        let pkey = match key_password {
            Some(p) => PKey::private_key_from_pem_passphrase(key.as_bytes(), p.as_bytes()),
            None => PKey::private_key_from_pem(key.as_bytes()),
        }
        .map_err(|_| usage("ssl.key.pem: cannot read the private key (wrong ssl.key.password?)"))?;
        b.set_private_key(&pkey)
            .map_err(tls_err("the client key"))?;
    }
    if let Some(path) = settings.get("ssl.keystore.location") {
        let der = std::fs::read(path)
            .with_context(|| format!("ssl.keystore.location: cannot read {path}"))?;
        let store = Pkcs12::from_der(&der)
            .and_then(|p| p.parse2(settings.get("ssl.keystore.password").unwrap_or_default()))
            .map_err(|_| {
                usage(format!(
                    "ssl.keystore.location: cannot open the PKCS12 keystore {path} \
                     (wrong ssl.keystore.password?)"
                ))
            })?;
        let (Some(cert), Some(pkey)) = (store.cert, store.pkey) else {
            bail!("ssl.keystore.location: {path} holds no private key with its certificate");
        };
        b.set_certificate(&cert)
            .map_err(tls_err("the client certificate"))?;
        b.set_private_key(&pkey)
            .map_err(tls_err("the client key"))?;
        for extra in store.ca.into_iter().flatten() {
            b.add_extra_chain_cert(extra)
                .map_err(tls_err("the client certificate chain"))?;
        }
    }
    if let Some(ciphers) = settings.get("ssl.cipher.suites") {
        b.set_cipher_list(ciphers)
            .map_err(|e| usage(format!("ssl.cipher.suites: {e}")))?;
    }
    if settings.get("enable.ssl.certificate.verification") == Some("false") {
        b.set_verify(SslVerifyMode::NONE);
    }
    let verify_hostname = !settings
        .get("ssl.endpoint.identification.algorithm")
        .is_some_and(|a| a.eq_ignore_ascii_case("none"));
    Ok(Tls {
        connector: b.build(),
        verify_hostname,
    })
}

/// The SASL mechanism and credentials (`sasl.mechanisms`, `sasl.username`, ... as translated).
fn sasl_from(settings: &ClientSettings) -> Result<Sasl> {
    let mechanism = settings
        .get("sasl.mechanisms")
        .unwrap_or("GSSAPI")
        .to_ascii_uppercase();
    match mechanism.as_str() {
        "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512" => {
            let (Some(username), Some(password)) =
                (settings.get("sasl.username"), settings.get("sasl.password"))
            else {
                return Err(usage(format!(
                    "sasl.jaas.config: {mechanism} needs a username and a password"
                )));
            };
            Ok(Sasl::Password {
                token_auth: settings.token_auth() && mechanism.starts_with("SCRAM-"),
                mechanism,
                username: username.to_string(),
                password: password.to_string(),
            })
        }
        "OAUTHBEARER" => Ok(Sasl::OAuthBearer {
            token: oauth_token(settings)?,
        }),
        other => Err(usage(format!(
            "sasl.mechanism: {other} is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, \
             OAUTHBEARER)"
        ))),
    }
}

/// The OAUTHBEARER token: a static token from a `file:` token endpoint, or an unsecured JWT
/// for `unsecuredLoginStringClaim_sub` (what Java's default login callback builds).
pub(crate) fn oauth_token(settings: &ClientSettings) -> Result<String> {
    if let Some(url) = settings.get("sasl.oauthbearer.token.endpoint.url") {
        if let Some(path) = static_token_file(url) {
            let token = std::fs::read_to_string(path).with_context(|| {
                format!("sasl.oauthbearer.token.endpoint.url: cannot read the token file {path}")
            })?;
            return Ok(token.trim().to_string());
        }
        return Err(usage(
            "sasl.oauthbearer.token.endpoint.url: only a file: URL (a static token) is supported \
             by this command",
        ));
    }
    if settings.get("enable.sasl.oauthbearer.unsecure.jwt") != Some("true") {
        return Err(usage(
            "sasl.jaas.config: OAUTHBEARER needs unsecuredLoginStringClaim_sub or a \
             file: sasl.oauthbearer.token.endpoint.url",
        ));
    }
    let config = settings.get("sasl.oauthbearer.config").unwrap_or_default();
    let mut principal = None;
    let mut life_seconds = 3600u64;
    for pair in config.split_whitespace() {
        match pair.split_once('=') {
            Some(("principal", v)) => principal = Some(v.to_string()),
            Some(("lifeSeconds", v)) => life_seconds = v.parse().unwrap_or(3600),
            _ => {}
        }
    }
    let principal = principal
        .ok_or_else(|| usage("sasl.jaas.config: unsecuredLoginStringClaim_sub is missing"))?;
    Ok(unsecured_jwt(&principal, life_seconds, SystemTime::now()))
}

/// The file of a static OAUTHBEARER token, when the token endpoint is a `file:` URL (Java
/// reads the token from it instead of asking an identity provider).
pub(crate) fn static_token_file(url: &str) -> Option<&str> {
    url.strip_prefix("file://").or(url.strip_prefix("file:"))
}

/// The `sub` and `exp` (seconds since the epoch) claims of a compact JWS, when its payload
/// decodes: what librdkafka needs next to the token (the principal and when to refresh it).
pub(crate) fn token_claims(token: &str) -> (Option<String>, Option<i64>) {
    let Some(payload) = token.split('.').nth(1).and_then(base64url_decode) else {
        return (None, None);
    };
    let Ok(claims) = serde_json::from_slice::<serde_json::Value>(&payload) else {
        return (None, None);
    };
    (
        claims["sub"].as_str().map(str::to_string),
        claims["exp"].as_i64(),
    )
}

/// Decodes base64url, with or without padding; `None` on a character outside the alphabet.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// An unsecured JWS (`alg: none`) for `principal`, as Java's
/// `OAuthBearerUnsecuredLoginCallbackHandler` builds it.
fn unsecured_jwt(principal: &str, life_seconds: u64, now: SystemTime) -> String {
    let iat = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    let header = serde_json::json!({"alg": "none"});
    let claims = serde_json::json!({
        "sub": principal,
        "iat": iat,
        "exp": iat.saturating_add(life_seconds),
    });
    format!(
        "{}.{}.",
        base64url(header.to_string().as_bytes()),
        base64url(claims.to_string().as_bytes())
    )
}

/// Base64url without padding (RFC 7515).
fn base64url(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn token_claims_read_what_unsecured_jwt_writes() {
        let now = UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let token = unsecured_jwt("alice", 60, now);
        assert_eq!(
            token_claims(&token),
            (Some("alice".to_string()), Some(1_700_000_060))
        );
        assert_eq!(token_claims("not a token"), (None, None));
        assert_eq!(token_claims("a.!!!.b"), (None, None));
        assert_eq!(base64url_decode("aGk"), Some(b"hi".to_vec()));
    }

    use super::*;
    use crate::client::SettingsBuilder;
    use crate::common::ConnectionArgs;

    fn settings(words: &[&str]) -> Result<ClientSettings> {
        SettingsBuilder::new(&ConnectionArgs {
            bootstrap_server: Some("h:1".into()),
            command_config: None,
            command_property: words.iter().map(|w| w.to_string()).collect(),
        })
        .build()
    }

    #[test]
    fn base64url_matches_rfc_4648_vectors() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn an_unsecured_jwt_has_no_signature_and_the_principal_as_sub() {
        let t = unsecured_jwt(
            "alice",
            60,
            UNIX_EPOCH + std::time::Duration::from_secs(100),
        );
        let parts: Vec<&str> = t.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], base64url(br#"{"alg":"none"}"#));
        assert_eq!(
            parts[1],
            base64url(br#"{"sub":"alice","iat":100,"exp":160}"#)
        );
        assert_eq!(parts[2], "");
    }

    #[test]
    fn protocols_and_mechanisms_come_from_the_translated_java_properties() {
        let s = settings(&[]).unwrap();
        let sec = Security::from_settings(&s).unwrap();
        assert!(sec.tls.is_none() && sec.sasl.is_none());
        let s = settings(&[
            "security.protocol=SASL_PLAINTEXT",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
             username=\"alice\" password=\"alice-secret\";",
        ])
        .unwrap();
        let sec = Security::from_settings(&s).unwrap();
        let shown = format!("{sec:?}");
        assert!(shown.contains("SCRAM-SHA-512 as alice"), "{shown}");
        assert!(!shown.contains("alice-secret"), "{shown}");
        let s = settings(&[
            "security.protocol=SASL_PLAINTEXT",
            "sasl.mechanism=SCRAM-SHA-256",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
             username=\"tok1\" password=\"aG1hYw==\" tokenauth=true;",
        ])
        .unwrap();
        let sec = Security::from_settings(&s).unwrap();
        assert!(matches!(
            sec.sasl,
            Some(Sasl::Password {
                token_auth: true,
                ..
            })
        ));
        let shown = format!("{sec:?}");
        assert!(shown.contains("delegation token tok1"), "{shown}");
        assert!(!shown.contains("aG1hYw"), "{shown}");
        let s = settings(&[
            "security.protocol=SASL_PLAINTEXT",
            "sasl.mechanism=OAUTHBEARER",
            "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule \
             required unsecuredLoginStringClaim_sub=\"alice\";",
        ])
        .unwrap();
        let sec = Security::from_settings(&s).unwrap();
        assert!(matches!(sec.sasl, Some(Sasl::OAuthBearer { .. })));
        assert_eq!(format!("{sec:?}").matches("hidden").count(), 1);
    }

    #[test]
    fn tls_reads_the_ca_and_refuses_a_bad_one_in_one_line() {
        let s = settings(&["security.protocol=SSL"]).unwrap();
        let sec = Security::from_settings(&s).unwrap();
        assert!(sec.tls.as_ref().is_some_and(|t| t.verify_hostname));
        let s = settings(&[
            "security.protocol=SSL",
            "ssl.endpoint.identification.algorithm=",
        ])
        .unwrap();
        let sec = Security::from_settings(&s).unwrap();
        assert!(sec.tls.as_ref().is_some_and(|t| !t.verify_hostname));
        let s = settings(&[
            "security.protocol=SSL",
            "ssl.truststore.certificates=nonsense",
        ])
        .unwrap();
        let err = Security::from_settings(&s).unwrap_err();
        assert!(err.to_string().starts_with("ssl.ca.pem"), "{err}");
    }
}
