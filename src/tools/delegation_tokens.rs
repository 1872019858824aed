//! `kafka-delegation-tokens`: create, renew, expire and describe delegation tokens (Java's
//! DelegationTokenCommand), through the native path.
//!
//! The broker serves these requests only on an authenticated connection that is not itself a
//! token login (SASL, or TLS with a client certificate); elsewhere it refuses with
//! `UnsupportedByAuthenticationException`, which we print as Java does.

use std::io::{self, Write};

use anyhow::{anyhow, Result};
use base64::Engine as _;
use clap::Parser;
use serde::Serialize;

use super::kafka_errors::exception_text;
use super::perf::DateFormat;
use crate::client::admin::delegation_tokens::{
    change_expiry, create_token, describe_tokens, ExpiryChange, Principal, Refusal, Token,
};
use crate::client::native::{rd_code, Native};
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::java::pad;
use crate::output::{Format, OutputArgs, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Create a token for the authenticated user that bob may renew, living at most one day",
        "kafka-delegation-tokens --bootstrap-server localhost:9092 --command-config admin.properties --create --max-life-time-period 86400000 --renewer-principal User:bob",
    ),
    (
        "Renew a token for another hour",
        "kafka-delegation-tokens --bootstrap-server localhost:9092 --command-config admin.properties --renew --hmac <HMAC> --renew-time-period 3600000",
    ),
    (
        "Invalidate a token at once",
        "kafka-delegation-tokens --bootstrap-server localhost:9092 --command-config admin.properties --expire --hmac <HMAC> --expiry-time-period -1",
    ),
    (
        "The tokens alice owns or may renew",
        "kafka-delegation-tokens --bootstrap-server localhost:9092 --command-config admin.properties --describe --owner-principal User:alice",
    ),
];

/// The one-line description Java prints when no argument is given.
const ABOUT: &str = "This tool helps to create, renew, expire, or describe delegation tokens.";

/// This tool helps to create, renew, expire, or describe delegation tokens.
#[derive(Parser, Debug)]
#[command(name = "kafka-delegation-tokens", version)]
pub struct DelegationTokensArgs {
    /// Create a new delegation token. Use --renewer-principal option to pass renewer principals.
    #[arg(long)]
    create: bool,

    /// Renew delegation token. Use --renew-time-period option to set renew time period.
    #[arg(long)]
    renew: bool,

    /// Expire delegation token. Use --expiry-time-period option to expire the token.
    #[arg(long)]
    expire: bool,

    /// Describe delegation tokens for the given principals. Use --owner-principal to pass
    /// owner/renewer principals. If --owner-principal option is not supplied, all the
    /// user-owned tokens and tokens where the user has Describe permissions will be returned.
    #[arg(long)]
    describe: bool,

    /// owner is a Kafka principal. They should be in principalType:name format.
    #[arg(long = "owner-principal", value_name = "PRINCIPAL", num_args = 0..=1)]
    owner_principal: Option<Vec<String>>,

    /// renewer is a Kafka principal. They should be in principalType:name format.
    #[arg(long = "renewer-principal", value_name = "PRINCIPAL", num_args = 0..=1)]
    renewer_principal: Option<Vec<String>>,

    /// Max life period for the token in milliseconds. If the value is -1, then token max life
    /// time will default to the server side config value of (delegation.token.max.lifetime.ms).
    #[arg(
        long = "max-life-time-period",
        value_name = "MS",
        num_args = 0..=1,
        allow_negative_numbers = true
    )]
    max_life_time_period: Option<Option<String>>,

    /// Renew time period in milliseconds. If the value is -1, then the renew time period will
    /// default to the server side config value of (delegation.token.expiry.time.ms).
    #[arg(
        long = "renew-time-period",
        value_name = "MS",
        num_args = 0..=1,
        allow_negative_numbers = true
    )]
    renew_time_period: Option<Option<String>>,

    /// Expiry time period in milliseconds. If the value is -1, then the token will get
    /// invalidated immediately.
    #[arg(
        long = "expiry-time-period",
        value_name = "MS",
        num_args = 0..=1,
        allow_negative_numbers = true
    )]
    expiry_time_period: Option<Option<String>>,

    /// HMAC of the delegation token
    #[arg(long, value_name = "HMAC", num_args = 0..=1)]
    hmac: Option<Option<String>>,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// What the user asked for, checked as Java checks it.
#[derive(Debug, PartialEq, Eq)]
enum Action {
    Create {
        renewers: Vec<Principal>,
        max_life_ms: i64,
        /// `--owner-principal`'s values: Java parses them after its first line.
        owners: Vec<String>,
    },
    Renew {
        hmac: String,
        period_ms: i64,
    },
    Expire {
        hmac: String,
        period_ms: i64,
    },
    Describe {
        owners: Vec<Principal>,
    },
}

impl DelegationTokensArgs {
    /// Java's option checks, in Java's order, then the action with its parsed values.
    fn action(&self) -> Result<Action> {
        let nothing_given = !(self.create || self.renew || self.expire || self.describe)
            && self.owner_principal.is_none()
            && self.renewer_principal.is_none()
            && self.max_life_time_period.is_none()
            && self.renew_time_period.is_none()
            && self.expiry_time_period.is_none()
            && self.hmac.is_none()
            && self.connection.command_config.is_none()
            && self.connection.command_property.is_empty();
        if nothing_given && self.connection.bootstrap_server.is_none() {
            return Err(usage(ABOUT));
        }
        let actions = [self.create, self.renew, self.expire, self.describe];
        if actions.iter().filter(|a| **a).count() != 1 {
            return Err(usage(
                "Command must include exactly one action: --create, --renew, --expire or --describe",
            ));
        }
        if self.connection.bootstrap_server.is_none() {
            return Err(missing("bootstrap-server"));
        }
        if self.connection.command_config.is_none() {
            return Err(missing("command-config"));
        }
        let (hmac, max, renew, expiry) = (
            self.hmac.is_some(),
            self.max_life_time_period.is_some(),
            self.renew_time_period.is_some(),
            self.expiry_time_period.is_some(),
        );
        let (owners, renewers) = (
            self.owner_principal.is_some(),
            self.renewer_principal.is_some(),
        );
        let required: &[(bool, &str)] = if self.create {
            &[(max, "max-life-time-period")]
        } else if self.renew {
            &[(hmac, "hmac"), (renew, "renew-time-period")]
        } else if self.expire {
            &[(hmac, "hmac"), (expiry, "expiry-time-period")]
        } else {
            &[]
        };
        if let Some((_, name)) = required.iter().find(|(given, _)| !given) {
            return Err(missing(name));
        }
        let (used, invalid): (&str, &[(bool, &str)]) = if self.create {
            (
                "create",
                &[
                    (hmac, "hmac"),
                    (renew, "renew-time-period"),
                    (expiry, "expiry-time-period"),
                ],
            )
        } else if self.renew {
            (
                "renew",
                &[
                    (renewers, "renewer-principal"),
                    (max, "max-life-time-period"),
                    (expiry, "expiry-time-period"),
                    (owners, "owner-principal"),
                ],
            )
        } else if self.expire {
            (
                "expire",
                &[
                    (max, "max-life-time-period"),
                    (renew, "renew-time-period"),
                    (owners, "owner-principal"),
                ],
            )
        } else {
            (
                "describe",
                &[
                    (renew, "renew-time-period"),
                    (max, "max-life-time-period"),
                    (hmac, "hmac"),
                    (expiry, "expiry-time-period"),
                ],
            )
        };
        if let Some((_, name)) = invalid.iter().find(|(given, _)| *given) {
            return Err(usage(format!(
                "Option \"[{used}]\" can't be used with option \"[{name}]\""
            )));
        }
        Ok(if self.create {
            Action::Create {
                renewers: principals(&self.renewer_principal)?,
                max_life_ms: millis(&self.max_life_time_period, "max-life-time-period")?,
                owners: self.owner_principal.clone().unwrap_or_default(),
            }
        } else if self.renew {
            Action::Renew {
                hmac: value(&self.hmac, "hmac")?,
                period_ms: millis(&self.renew_time_period, "renew-time-period")?,
            }
        } else if self.expire {
            Action::Expire {
                hmac: value(&self.hmac, "hmac")?,
                period_ms: millis(&self.expiry_time_period, "expiry-time-period")?,
            }
        } else {
            Action::Describe {
                owners: principals(&self.owner_principal)?,
            }
        })
    }
}

/// joptsimple's message for a required option that is missing.
fn missing(name: &str) -> anyhow::Error {
    usage(format!("Missing required argument \"[{name}]\""))
}

/// The value of an option whose value Java makes optional (given without one, Java fails
/// with a NullPointerException; we say what is missing).
fn value(option: &Option<Option<String>>, name: &str) -> Result<String> {
    option
        .clone()
        .flatten()
        .ok_or_else(|| usage(format!("Option --{name} needs a value")))
}

/// A time period in milliseconds (a Java `Long`).
fn millis(option: &Option<Option<String>>, name: &str) -> Result<i64> {
    let text = value(option, name)?;
    text.parse::<i64>()
        .map_err(|_| usage(format!("Cannot parse argument '{text}' of option {name}")))
}

/// Each value of a principal option, parsed as Java's `SecurityUtils.parseKafkaPrincipal`
/// after trimming.
fn principals(values: &Option<Vec<String>>) -> Result<Vec<Principal>> {
    parse_principals(values.iter().flatten())
}

fn parse_principals<'a>(values: impl Iterator<Item = &'a String>) -> Result<Vec<Principal>> {
    values
        .map(|v| {
            let v = v.trim();
            Principal::parse(v).ok_or_else(|| {
                usage(format!(
                    "expected a string in format principalType:principalName but got {v}"
                ))
            })
        })
        .collect()
}

/// A list as Java's `List.toString` prints it: `[a, b]`.
fn java_list(principals: &[Principal]) -> String {
    let items: Vec<String> = principals.iter().map(Principal::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// Java's `Base64.getDecoder().decode`: standard alphabet, padding optional, its messages.
fn decode_hmac(hmac: &str) -> Result<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const JAVA: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    JAVA.decode(hmac).map_err(|e| match e {
        base64::DecodeError::InvalidByte(_, b) => anyhow!("Illegal base64 character {b:x}"),
        _ => anyhow!("Input byte array has wrong 4-byte ending unit"),
    })
}

/// `yyyy-MM-dd'T'HH:mm` in the local time zone, as the Java tool prints dates.
fn java_date(ms: i64) -> String {
    DateFormat::parse("yyyy-MM-dd'T'HH:mm").map_or_else(|_| ms.to_string(), |f| f.format(ms))
}

/// A broker's refusal as Java prints the exception.
fn refused(code: Refusal) -> anyhow::Error {
    anyhow!("{}", exception_text(rd_code(code), None))
}

/// One token, as `--output json` shows it.
#[derive(Debug, Serialize)]
struct TokenOut {
    token_id: String,
    /// Base64 (the password of a token login).
    hmac: String,
    owner: String,
    requester: String,
    renewers: Vec<String>,
    issue_timestamp_ms: i64,
    expiry_timestamp_ms: i64,
    max_timestamp_ms: i64,
}

impl From<Token> for TokenOut {
    fn from(t: Token) -> Self {
        Self {
            token_id: t.token_id,
            hmac: base64::engine::general_purpose::STANDARD.encode(&t.hmac),
            owner: t.owner.to_string(),
            requester: t.requester.to_string(),
            renewers: t.renewers.iter().map(Principal::to_string).collect(),
            issue_timestamp_ms: t.issue_ms,
            expiry_timestamp_ms: t.expiry_ms,
            max_timestamp_ms: t.max_ms,
        }
    }
}

/// Java's `printToken`: a blank line, the header, then each token after a blank line.
fn write_tokens(w: &mut dyn Write, tokens: &[TokenOut]) -> io::Result<()> {
    let line = |w: &mut dyn Write, cells: [&str; 8]| -> io::Result<()> {
        let widths = [15, 30, 15, 15, 25, 15, 15, 15];
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, width)| pad(c, width))
            .collect();
        writeln!(w, "\n{}", padded.join(" "))
    };
    line(
        w,
        [
            "TOKENID",
            "HMAC",
            "OWNER",
            "REQUESTER",
            "RENEWERS",
            "ISSUEDATE",
            "EXPIRYDATE",
            "MAXDATE",
        ],
    )?;
    for t in tokens {
        line(
            w,
            [
                &t.token_id,
                &t.hmac,
                &t.owner,
                &t.requester,
                &format!("[{}]", t.renewers.join(", ")),
                &java_date(t.issue_timestamp_ms),
                &java_date(t.expiry_timestamp_ms),
                &java_date(t.max_timestamp_ms),
            ],
        )?;
    }
    Ok(())
}

/// `--create`'s result.
#[derive(Debug, Serialize)]
struct Created {
    token: TokenOut,
}

impl Render for Created {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(
            w,
            "Created delegation token with tokenId : {}",
            self.token.token_id
        )?;
        write_tokens(w, std::slice::from_ref(&self.token))
    }
}

/// `--describe`'s result.
#[derive(Debug, Serialize)]
struct Described {
    tokens: Vec<TokenOut>,
}

impl Render for Described {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        write!(w, "Total number of tokens : {}", self.tokens.len())?;
        write_tokens(w, &self.tokens)
    }
}

/// `--renew`'s and `--expire`'s result: the token's new expiry time.
#[derive(Debug, Serialize)]
struct NewExpiry {
    /// `renew` or `expire`.
    operation: &'static str,
    expiry_timestamp_ms: i64,
}

impl Render for NewExpiry {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        // Java prints no newline after the date.
        write!(
            w,
            "Completed {} operation. New expiry date : {}",
            self.operation,
            java_date(self.expiry_timestamp_ms)
        )
    }
}

impl Tool for DelegationTokensArgs {
    const NAME: &'static str = "kafka-delegation-tokens";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let action = self.action()?;
        let settings = SettingsBuilder::new(&self.connection).build()?;
        let native = Native::new(&settings, ctx.shutdown.clone(), false)?;
        // Java says what it is about to do before it asks the broker (not in a JSON document).
        let text = ctx.out.format() != Format::Json;
        let announce = |ctx: &mut Context, line: String| -> Result<()> {
            if text {
                ctx.out.line(&line)?;
                ctx.out.flush()?;
            }
            Ok(())
        };
        match action {
            Action::Create {
                renewers,
                max_life_ms,
                owners,
            } => {
                announce(
                    ctx,
                    format!(
                        "Calling create token operation with renewers :{} , max-life-time-period :{max_life_ms}",
                        java_list(&renewers)
                    ),
                )?;
                let owner = parse_principals(owners.iter())?.into_iter().next();
                let token = create_token(&native, &renewers, max_life_ms, owner.as_ref())
                    .await?
                    .map_err(refused)?;
                ctx.out.emit(&Created {
                    token: token.into(),
                })?;
            }
            Action::Renew { hmac, period_ms } | Action::Expire { hmac, period_ms } => {
                let (operation, change) = if self.renew {
                    ("renew", ExpiryChange::Renew)
                } else {
                    ("expire", ExpiryChange::Expire)
                };
                announce(
                    ctx,
                    format!(
                        "Calling {operation} token operation with hmac :{hmac} , \
                         {operation}-time-period :{period_ms}"
                    ),
                )?;
                let bytes = decode_hmac(&hmac)?;
                let expiry = change_expiry(&native, change, &bytes, period_ms)
                    .await?
                    .map_err(refused)?;
                ctx.out.emit(&NewExpiry {
                    operation,
                    expiry_timestamp_ms: expiry,
                })?;
            }
            Action::Describe { owners } => {
                announce(
                    ctx,
                    if owners.is_empty() {
                        "Calling describe token operation for current user.".to_string()
                    } else {
                        format!(
                            "Calling describe token operation for owners: {}",
                            java_list(&owners)
                        )
                    },
                )?;
                // As Java's admin client: an empty owner list (not "every owner"), which the
                // broker answers with no token.
                let tokens = describe_tokens(&native, Some(&owners))
                    .await?
                    .map_err(refused)?;
                ctx.out.emit(&Described {
                    tokens: tokens.into_iter().map(TokenOut::from).collect(),
                })?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Action> {
        let mut all = vec!["kafka-delegation-tokens"];
        all.extend_from_slice(args);
        DelegationTokensArgs::try_parse_from(all).unwrap().action()
    }

    fn err(args: &[&str]) -> String {
        parse(args).unwrap_err().to_string()
    }

    const CONN: [&str; 4] = ["--bootstrap-server", "h:1", "--command-config", "c"];

    fn with_conn(args: &[&str]) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = CONN.to_vec();
        for a in args {
            all.push(Box::leak(a.to_string().into_boxed_str()));
        }
        all
    }

    #[test]
    fn javas_checks_come_in_javas_order() {
        assert_eq!(
            err(&["--bootstrap-server", "h:1"]),
            "Command must include exactly one action: --create, --renew, --expire or --describe"
        );
        assert_eq!(
            err(&["--bootstrap-server", "h:1", "--describe"]),
            "Missing required argument \"[command-config]\""
        );
        assert_eq!(
            err(&with_conn(&["--create"])),
            "Missing required argument \"[max-life-time-period]\""
        );
        assert_eq!(
            err(&with_conn(&["--renew", "--renew-time-period", "5"])),
            "Missing required argument \"[hmac]\""
        );
        assert_eq!(
            err(&with_conn(&["--expire", "--hmac", "x"])),
            "Missing required argument \"[expiry-time-period]\""
        );
        assert_eq!(
            err(&with_conn(&[
                "--create",
                "--max-life-time-period",
                "1",
                "--hmac",
                "x"
            ])),
            "Option \"[create]\" can't be used with option \"[hmac]\""
        );
        assert_eq!(
            err(&with_conn(&["--describe", "--hmac", "x"])),
            "Option \"[describe]\" can't be used with option \"[hmac]\""
        );
        assert_eq!(
            err(&with_conn(&[
                "--expire",
                "--hmac",
                "x",
                "--expiry-time-period",
                "1",
                "--owner-principal",
                "User:a"
            ])),
            "Option \"[expire]\" can't be used with option \"[owner-principal]\""
        );
        assert_eq!(
            err(&with_conn(&[
                "--create",
                "--max-life-time-period",
                "1",
                "--renewer-principal",
                "bob"
            ])),
            "expected a string in format principalType:principalName but got bob"
        );
        assert_eq!(
            err(&with_conn(&["--create", "--max-life-time-period", "x"])),
            "Cannot parse argument 'x' of option max-life-time-period"
        );
    }

    #[test]
    fn values_are_parsed_and_principals_repeat() {
        assert_eq!(
            parse(&with_conn(&[
                "--create",
                "--max-life-time-period",
                "-1",
                "--renewer-principal",
                "User:bob",
                "--renewer-principal",
                " User:carol ",
                "--owner-principal",
                "User:alice"
            ]))
            .unwrap(),
            Action::Create {
                renewers: vec![
                    Principal::parse("User:bob").unwrap(),
                    Principal::parse("User:carol").unwrap()
                ],
                max_life_ms: -1,
                owners: vec!["User:alice".into()],
            }
        );
        assert_eq!(
            parse(&with_conn(&["--describe", "--owner-principal"])).unwrap(),
            Action::Describe { owners: vec![] }
        );
        assert_eq!(
            parse(&with_conn(&[
                "--expire",
                "--hmac",
                "abc=",
                "--expiry-time-period",
                "-1"
            ]))
            .unwrap(),
            Action::Expire {
                hmac: "abc=".into(),
                period_ms: -1
            }
        );
    }

    #[test]
    fn hmacs_decode_as_javas_base64_decoder() {
        assert_eq!(decode_hmac("aGk=").unwrap(), b"hi");
        assert_eq!(decode_hmac("aGk").unwrap(), b"hi");
        assert_eq!(
            decode_hmac("!!!").unwrap_err().to_string(),
            "Illegal base64 character 21"
        );
    }

    fn token() -> TokenOut {
        TokenOut {
            token_id: "q29xgnRYSZ6enALqkMFhIQ".into(),
            hmac: "rP6w==".into(),
            owner: "User:alice".into(),
            requester: "User:alice".into(),
            renewers: vec!["User:bob".into(), "User:carol".into()],
            issue_timestamp_ms: 0,
            expiry_timestamp_ms: 60_000,
            max_timestamp_ms: 3_600_000,
        }
    }

    fn text(r: &impl Render) -> String {
        let mut out = Vec::new();
        r.text(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn tokens_print_in_javas_columns() {
        let shown = text(&Described {
            tokens: vec![token()],
        });
        let header = "TOKENID         HMAC                           OWNER           REQUESTER       RENEWERS                  ISSUEDATE       EXPIRYDATE      MAXDATE        ";
        let lines: Vec<&str> = shown.split('\n').collect();
        assert_eq!(lines[0], "Total number of tokens : 1");
        assert_eq!(lines[1], header);
        assert_eq!(lines[2], "");
        assert!(
            lines[3].starts_with(
                "q29xgnRYSZ6enALqkMFhIQ rP6w==                         User:alice      User:alice      [User:bob, User:carol]    "
            ),
            "{}",
            lines[3]
        );
        assert_eq!(lines.len(), 5, "{shown:?}");
        assert_eq!(
            text(&Described { tokens: vec![] }),
            format!("Total number of tokens : 0\n{header}\n")
        );
        let created = text(&Created { token: token() });
        assert!(created.starts_with(&format!(
            "Created delegation token with tokenId : q29xgnRYSZ6enALqkMFhIQ\n\n{header}\n\n"
        )));
    }

    #[test]
    fn a_new_expiry_ends_without_a_newline_as_in_java() {
        let shown = text(&NewExpiry {
            operation: "renew",
            expiry_timestamp_ms: 0,
        });
        assert!(shown.starts_with("Completed renew operation. New expiry date : "));
        assert!(!shown.ends_with('\n'));
        assert_eq!(
            shown.len(),
            "Completed renew operation. New expiry date : ".len() + 16
        );
    }
}
