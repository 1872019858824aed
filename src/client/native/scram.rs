//! SCRAM-SHA-256/512 (RFC 5802) as Kafka's Java client speaks it, with Kafka's extensions in
//! the client-first message (`n,,n=<user>,r=<nonce>,tokenauth=true`).
//!
//! The native path logs in with rsasl, which sends no SCRAM extensions; a delegation-token
//! login (`tokenauth=true` in Java's `ScramLoginModule`) needs one, so it goes through this
//! client. The user name is the token's id and the password its HMAC in base64, used as the
//! password bytes (Kafka does no SASLprep).

use anyhow::{anyhow, bail, Result};
use base64::Engine as _;
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;

/// One SCRAM exchange, client side.
pub(crate) struct ScramClient {
    digest: MessageDigest,
    password: String,
    nonce: String,
    client_first_bare: String,
    /// What the server's final message must prove, once the client-final message is made.
    server_signature: Option<Vec<u8>>,
}

impl ScramClient {
    /// A client for `mechanism` (SCRAM-SHA-256 or SCRAM-SHA-512) with `extensions` (key=value
    /// pairs appended to the client-first message) and a fresh random nonce.
    pub(crate) fn new(
        mechanism: &str,
        username: &str,
        password: &str,
        extensions: &[(&str, &str)],
    ) -> Result<Self> {
        let mut random = [0u8; 18];
        openssl::rand::rand_bytes(&mut random).map_err(|e| anyhow!("SCRAM nonce: {e}"))?;
        let nonce = base64::engine::general_purpose::STANDARD.encode(random);
        Self::with_nonce(mechanism, username, password, extensions, nonce)
    }

    fn with_nonce(
        mechanism: &str,
        username: &str,
        password: &str,
        extensions: &[(&str, &str)],
        nonce: String,
    ) -> Result<Self> {
        let digest = match mechanism {
            "SCRAM-SHA-256" => MessageDigest::sha256(),
            "SCRAM-SHA-512" => MessageDigest::sha512(),
            other => bail!("{other} is not a SCRAM mechanism"),
        };
        let mut client_first_bare = format!("n={},r={nonce}", sasl_name(username));
        for (key, value) in extensions {
            client_first_bare.push_str(&format!(",{key}={value}"));
        }
        Ok(Self {
            digest,
            password: password.to_string(),
            nonce,
            client_first_bare,
            server_signature: None,
        })
    }

    /// The client-first message (no channel binding, no authorization id).
    pub(crate) fn client_first(&self) -> Vec<u8> {
        format!("n,,{}", self.client_first_bare).into_bytes()
    }

    /// The client-final message (with the proof) for the server-first message.
    pub(crate) fn client_final(&mut self, server_first: &[u8]) -> Result<Vec<u8>> {
        let server_first = std::str::from_utf8(server_first)
            .map_err(|_| anyhow!("the server's first SCRAM message is not UTF-8"))?;
        let (mut nonce, mut salt, mut iterations) = (None, None, None);
        for attribute in server_first.split(',') {
            match attribute.split_once('=') {
                Some(("r", v)) => nonce = Some(v),
                Some(("s", v)) => salt = Some(v),
                Some(("i", v)) => iterations = v.parse::<usize>().ok(),
                Some(("e", v)) => bail!("the server refused: {v}"),
                _ => {}
            }
        }
        let (Some(nonce), Some(salt), Some(iterations)) = (nonce, salt, iterations) else {
            bail!("the server's first SCRAM message is malformed");
        };
        if !nonce.starts_with(&self.nonce) || nonce.len() == self.nonce.len() {
            bail!("the server's SCRAM nonce does not extend ours");
        }
        let salt = base64::engine::general_purpose::STANDARD
            .decode(salt)
            .map_err(|_| anyhow!("the server's SCRAM salt is not base64"))?;
        let mut salted = vec![0u8; self.digest.size()];
        openssl::pkcs5::pbkdf2_hmac(
            self.password.as_bytes(),
            &salt,
            iterations,
            self.digest,
            &mut salted,
        )
        .map_err(|e| anyhow!("SCRAM: {e}"))?;
        let client_key = self.hmac(&salted, b"Client Key")?;
        let stored_key =
            openssl::hash::hash(self.digest, &client_key).map_err(|e| anyhow!("SCRAM: {e}"))?;
        let without_proof = format!("c=biws,r={nonce}");
        let auth_message = format!("{},{server_first},{without_proof}", self.client_first_bare);
        let client_signature = self.hmac(&stored_key, auth_message.as_bytes())?;
        let proof: Vec<u8> = client_key
            .iter()
            .zip(&client_signature)
            .map(|(k, s)| k ^ s)
            .collect();
        let server_key = self.hmac(&salted, b"Server Key")?;
        self.server_signature = Some(self.hmac(&server_key, auth_message.as_bytes())?);
        Ok(format!(
            "{without_proof},p={}",
            base64::engine::general_purpose::STANDARD.encode(proof)
        )
        .into_bytes())
    }

    /// Checks the server-final message: the server proves it knows the credential too.
    pub(crate) fn verify_server_final(&self, server_final: &[u8]) -> Result<()> {
        let text = String::from_utf8_lossy(server_final);
        if let Some(error) = text.strip_prefix("e=") {
            bail!("the server refused: {error}");
        }
        let signature = text
            .split(',')
            .find_map(|a| a.strip_prefix("v="))
            .and_then(|v| base64::engine::general_purpose::STANDARD.decode(v).ok());
        match (signature, &self.server_signature) {
            (Some(got), Some(expected)) if got == *expected => Ok(()),
            _ => bail!("the server's SCRAM signature is wrong"),
        }
    }

    fn hmac(&self, key: &[u8], data: &[u8]) -> Result<Vec<u8>> {
        let key = PKey::hmac(key).map_err(|e| anyhow!("SCRAM: {e}"))?;
        let mut signer = Signer::new(self.digest, &key).map_err(|e| anyhow!("SCRAM: {e}"))?;
        signer
            .sign_oneshot_to_vec(data)
            .map_err(|e| anyhow!("SCRAM: {e}"))
    }
}

/// A user name as SCRAM writes it: `=` as `=3D`, `,` as `=2C`.
fn sasl_name(username: &str) -> String {
    username.replace('=', "=3D").replace(',', "=2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7677's SCRAM-SHA-256 example.
    #[test]
    fn rfc_7677_exchange() {
        let mut c = ScramClient::with_nonce(
            "SCRAM-SHA-256",
            "user",
            "pencil",
            &[],
            "rOprNGfwEbeRWgbNEkqO".into(),
        )
        .unwrap();
        assert_eq!(c.client_first(), b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        let last = c
            .client_final(
                b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
                  s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            )
            .unwrap();
        assert_eq!(
            String::from_utf8(last).unwrap(),
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
             p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        );
        c.verify_server_final(b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
            .unwrap();
        assert!(c.verify_server_final(b"v=AAAA").is_err());
        assert!(c.verify_server_final(b"e=invalid-proof").is_err());
    }

    #[test]
    fn token_login_sends_the_extension_and_escapes_the_name() {
        let c = ScramClient::with_nonce(
            "SCRAM-SHA-512",
            "a=b,c",
            "hmac",
            &[("tokenauth", "true")],
            "xyz".into(),
        )
        .unwrap();
        assert_eq!(c.client_first(), b"n,,n=a=3Db=2Cc,r=xyz,tokenauth=true");
    }

    #[test]
    fn a_server_nonce_that_is_not_ours_is_refused() {
        let mut c = ScramClient::with_nonce("SCRAM-SHA-256", "u", "p", &[], "abc".into()).unwrap();
        assert!(c.client_final(b"r=zzz123,s=AAAA,i=4096").is_err());
        assert!(c.client_final(b"e=unknown-user").is_err());
        assert!(ScramClient::new("PLAIN", "u", "p", &[]).is_err());
    }
}
