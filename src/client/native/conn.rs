//! One connection to one broker or controller: TCP, TLS, ApiVersions, SASL, then requests.
//!
//! Requests go one at a time (the pool in `super` keeps one connection per address); a caller
//! bounds each with its own timeout and drops the connection when a request timed out or failed
//! halfway, since its stream is then out of step.

use std::pin::Pin;
use std::time::Duration;

use anyhow::Result;
use bytes::Bytes;
use kafka_protocol::messages::{ApiVersionsRequest, SaslAuthenticateRequest, SaslHandshakeRequest};
use kafka_protocol::protocol::{Request, StrBytes};
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::net::TcpStream;

use super::frame::{self, api_name};
use super::scram::ScramClient;
use super::security::{Sasl, Security};
use super::versions::BrokerApis;
use super::{EarlyClose, Fatal, Retriable};

/// A byte stream to a broker, plain or TLS.
trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// An open, authenticated connection.
pub(crate) struct Connection {
    io: Box<dyn Io>,
    /// `host:port`, for messages.
    addr: String,
    apis: BrokerApis,
    next_id: i32,
    client_id: String,
    /// Whether negotiation and authentication are done.
    ready: bool,
    /// Responses read since then.
    answered: u64,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Connection({})", self.addr)
    }
}

impl Connection {
    /// Connects to `addr`, secures and authenticates the connection, and learns the API
    /// versions. A refused or lost connection is [`Retriable`]; a TLS or SASL failure is
    /// [`Fatal`] (trying again cannot help).
    pub(crate) async fn open(
        addr: &str,
        security: &Security,
        client_id: &str,
        timeout: Duration,
    ) -> Result<Self> {
        let tcp = match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
            Err(_) => {
                return Err(Retriable::err(format!(
                    "connecting to {addr} timed out after {} ms",
                    timeout.as_millis()
                )))
            }
            Ok(Err(e)) => return Err(Retriable::err(format!("connecting to {addr}: {e}"))),
            Ok(Ok(tcp)) => tcp,
        };
        let _ = tcp.set_nodelay(true);
        let io: Box<dyn Io> = match &security.tls {
            None => Box::new(tcp),
            Some(tls) => {
                let host = addr.rsplit_once(':').map_or(addr, |(h, _)| h);
                let host = host.trim_start_matches('[').trim_end_matches(']');
                let ssl = tls
                    .connector
                    .configure()
                    .and_then(|mut c| {
                        c.set_verify_hostname(tls.verify_hostname);
                        c.set_use_server_name_indication(host.parse::<std::net::IpAddr>().is_err());
                        c.into_ssl(host)
                    })
                    .map_err(|e| Fatal::err(format!("TLS setup for {addr}: {e}")))?;
                let mut stream = tokio_openssl::SslStream::new(ssl, tcp)
                    .map_err(|e| Fatal::err(format!("TLS setup for {addr}: {e}")))?;
                match tokio::time::timeout(timeout, Pin::new(&mut stream).connect()).await {
                    Err(_) => {
                        return Err(Retriable::err(format!(
                            "the TLS handshake with {addr} timed out after {} ms",
                            timeout.as_millis()
                        )))
                    }
                    Ok(Err(e)) => return Err(tls_failure(addr, &stream, &e)),
                    Ok(Ok(())) => Box::new(stream),
                }
            }
        };
        let mut conn = Self {
            io,
            addr: addr.to_string(),
            apis: BrokerApis::default(),
            next_id: 0,
            client_id: client_id.to_string(),
            ready: false,
            answered: 0,
        };
        let setup = async {
            conn.negotiate().await?;
            if let Some(sasl) = &security.sasl {
                conn.authenticate(sasl).await?;
            }
            Ok::<_, anyhow::Error>(())
        };
        match tokio::time::timeout(timeout, setup).await {
            Err(_) => Err(Retriable::err(format!(
                "{addr} did not answer within {} ms while the connection was set up",
                timeout.as_millis()
            ))),
            Ok(result) => result.map(|()| {
                conn.ready = true;
                conn
            }),
        }
    }

    /// `host:port` of the peer.
    pub(crate) fn addr(&self) -> &str {
        &self.addr
    }

    /// The version to send `R` at (at least `floor`), or a [`Fatal`] one-line refusal.
    pub(crate) fn version<R: Request>(&self, floor: i16) -> Result<i16> {
        self.apis
            .choose(R::KEY, R::VERSIONS, floor)
            .map_err(|e| Fatal::err(format!("{e} ({})", self.addr)))
    }

    /// Whether the peer knows API `key` at all.
    pub(crate) fn supports(&self, key: i16) -> bool {
        self.apis.range(key).is_some()
    }

    /// Sends `request` at `version` and reads its response. Any failure leaves the connection
    /// unusable (the caller drops it).
    pub(crate) async fn send<R: Request>(
        &mut self,
        request: &R,
        version: i16,
    ) -> Result<R::Response> {
        self.next_id = self.next_id.wrapping_add(1);
        let id = self.next_id;
        let frame = frame::encode_request(request, version, id, &self.client_id)
            .map_err(|e| Fatal::err(format!("{e:#}")))?;
        let addr = self.addr.clone();
        let lost = |e: std::io::Error| {
            Retriable::err(format!(
                "the connection to {addr} was lost during {}: {e}",
                api_name(R::KEY)
            ))
        };
        self.io.write_all(&frame).await.map_err(&lost)?;
        self.io.flush().await.map_err(&lost)?;
        let mut prefix = [0u8; 4];
        if let Err(e) = self.io.read_exact(&mut prefix).await {
            // Closed before the first answer of a new connection: what a SASL or TLS listener
            // does to a client that speaks another protocol (or a broker that just died).
            if e.kind() == std::io::ErrorKind::UnexpectedEof && (!self.ready || self.answered == 0)
            {
                return Err(EarlyClose::err(format!(
                    "{} closed the connection instead of answering {}",
                    self.addr,
                    api_name(R::KEY)
                )));
            }
            return Err(lost(e));
        }
        // A TLS record (alert or handshake, version 3.x) where a size should be: a TLS listener
        // refusing our plaintext.
        if matches!(prefix, [0x15 | 0x16, 0x03, ..]) {
            return Err(Fatal::err(format!(
                "TLS expected: {} answered in TLS to a plaintext request (is security.protocol \
                 right? this listener needs SSL or SASL_SSL)",
                self.addr
            )));
        }
        let size =
            frame::frame_size(prefix).map_err(|e| Fatal::err(format!("{} ({})", e, self.addr)))?;
        // Grows with the bytes that arrive, never ahead of them.
        let mut payload = Vec::with_capacity(size.min(64 * 1024));
        let read = (&mut self.io)
            .take(size as u64)
            .read_to_end(&mut payload)
            .await
            .map_err(&lost)?;
        if read < size {
            return Err(Retriable::err(format!(
                "{} closed the connection in the middle of a {} response",
                self.addr,
                api_name(R::KEY)
            )));
        }
        if self.ready {
            self.answered += 1;
        }
        frame::decode_response::<R>(Bytes::from(payload), version, id)
            .map_err(|e| Fatal::err(format!("{e:#} ({})", self.addr)))
    }

    /// ApiVersions: v3 (every broker since Kafka 2.4), or v0 when the broker says it does not
    /// know v3.
    async fn negotiate(&mut self) -> Result<()> {
        let request = ApiVersionsRequest::default()
            .with_client_software_name(StrBytes::from_static_str("kafka-tools"))
            .with_client_software_version(StrBytes::from_static_str(env!("CARGO_PKG_VERSION")));
        let mut response = self.send(&request, 3).await?;
        if response.error_code == 35 {
            response = self.send(&ApiVersionsRequest::default(), 0).await?;
        }
        if response.error_code != 0 {
            return Err(Fatal::err(format!(
                "{} refused ApiVersions: {}",
                self.addr,
                super::error_text(response.error_code, None)
            )));
        }
        self.apis = BrokerApis::from_response(&response);
        Ok(())
    }

    /// SaslHandshake, then SaslAuthenticate until the mechanism is done.
    async fn authenticate(&mut self, sasl: &Sasl) -> Result<()> {
        let mechanism = match sasl {
            Sasl::Password { mechanism, .. } => mechanism.as_str(),
            Sasl::OAuthBearer { .. } => "OAUTHBEARER",
        };
        let handshake = SaslHandshakeRequest::default()
            .with_mechanism(StrBytes::from_string(mechanism.to_string()));
        let version = self.version::<SaslHandshakeRequest>(1)?;
        let response = self.send(&handshake, version).await?;
        if response.error_code != 0 {
            let enabled: Vec<&str> = response.mechanisms.iter().map(|m| m.as_str()).collect();
            return Err(Fatal::err(format!(
                "authentication failed: {} does not enable SASL mechanism {mechanism} \
                 (it enables {})",
                self.addr,
                if enabled.is_empty() {
                    "none".to_string()
                } else {
                    enabled.join(", ")
                }
            )));
        }
        match sasl {
            Sasl::Password {
                mechanism,
                username,
                password,
                token_auth: true,
            } => {
                let fail = |e: anyhow::Error| {
                    Fatal::err(format!("authentication failed: {mechanism}: {e}"))
                };
                let mut scram =
                    ScramClient::new(mechanism, username, password, &[("tokenauth", "true")])
                        .map_err(fail)?;
                let server_first = self.sasl_step(scram.client_first()).await?;
                let client_final = scram.client_final(&server_first).map_err(fail)?;
                let server_final = self.sasl_step(client_final).await?;
                scram.verify_server_final(&server_final).map_err(fail)
            }
            Sasl::Password {
                mechanism,
                username,
                password,
                ..
            } => {
                use rsasl::prelude::{Mechname, SASLClient, SASLConfig, State};
                let fail = |e: &dyn std::fmt::Display| {
                    Fatal::err(format!("authentication failed: {mechanism}: {e}"))
                };
                let config = SASLConfig::with_credentials(None, username.clone(), password.clone())
                    .map_err(|e| fail(&e))?;
                let name = Mechname::parse(mechanism.as_bytes()).map_err(|e| fail(&e))?;
                let mut session = SASLClient::new(config)
                    .start_suggested(&[name])
                    .map_err(|e| fail(&e))?;
                let mut input: Option<Bytes> = None;
                loop {
                    let mut out = Vec::new();
                    let state = session
                        .step(input.as_deref(), &mut out)
                        .map_err(|e| fail(&e))?;
                    if !out.is_empty() || matches!(state, State::Running) {
                        input = Some(self.sasl_step(out).await?);
                    }
                    if state.is_finished() {
                        return Ok(());
                    }
                }
            }
            Sasl::OAuthBearer { token } => {
                let message = format!("n,,\u{1}auth=Bearer {token}\u{1}\u{1}");
                let challenge = self.sasl_step(message.into_bytes()).await?;
                if !challenge.is_empty() {
                    // The broker's error JSON: RFC 7628 wants a bare kvsep back, then the
                    // broker fails the exchange with its message.
                    self.sasl_step(vec![1]).await?;
                    return Err(Fatal::err(format!(
                        "authentication failed: {}",
                        String::from_utf8_lossy(&challenge)
                    )));
                }
                Ok(())
            }
        }
    }

    /// One SaslAuthenticate round trip: our bytes out, the broker's bytes back.
    async fn sasl_step(&mut self, auth_bytes: Vec<u8>) -> Result<Bytes> {
        let version = self.version::<SaslAuthenticateRequest>(0)?;
        let request = SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(auth_bytes));
        let response = self.send(&request, version).await?;
        if response.error_code != 0 {
            let message = response
                .error_message
                .as_deref()
                .unwrap_or("the broker gave no reason");
            return Err(Fatal::err(format!("authentication failed: {message}")));
        }
        Ok(response.auth_bytes)
    }
}

/// The one-line reason a TLS handshake failed: the certificate check's verdict when there is
/// one, else OpenSSL's error.
fn tls_failure(
    addr: &str,
    stream: &tokio_openssl::SslStream<TcpStream>,
    error: &openssl::ssl::Error,
) -> anyhow::Error {
    let verify = stream.ssl().verify_result();
    if verify != openssl::x509::X509VerifyResult::OK {
        return Fatal::err(format!(
            "TLS handshake with {addr} failed: certificate verify failed: {}",
            verify.error_string()
        ));
    }
    match error.io_error() {
        Some(io) => Retriable::err(format!("TLS handshake with {addr} failed: {io}")),
        None => Fatal::err(format!(
            "TLS handshake with {addr} failed: {}",
            error
                .ssl_error()
                .map_or_else(|| error.to_string(), |s| s.to_string())
        )),
    }
}
