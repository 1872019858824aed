//! `kafka-groups`: list the groups of every type (classic, consumer, share, streams), with
//! their type and protocol (Java's GroupsCommand): ListGroups to every broker through the native
//! path, filtered here as Java filters.

use std::io::{self, Write};

use anyhow::Result;
use clap::Parser;
use serde::Serialize;

use crate::client::admin::groups::{list_groups, GroupListing, GroupType};
use crate::client::native::Native;
use crate::client::SettingsBuilder;
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::{Format, OutputArgs, Render};
use crate::tools::{Context, Suggest, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Every group, of every type",
        "kafka-groups --bootstrap-server localhost:9092 --list",
    ),
    (
        "Every kind of consumer group: consumer-protocol, classic and simple ones",
        "kafka-groups --bootstrap-server localhost:9092 --list --consumer",
    ),
    (
        "The share groups",
        "kafka-groups --bootstrap-server localhost:9092 --list --group-type share",
    ),
];

/// This tool helps to list groups of all types.
#[derive(Parser, Debug)]
#[command(name = "kafka-groups", version)]
pub struct GroupsArgs {
    /// List the groups.
    #[arg(long, help_heading = "Actions")]
    list: bool,

    /// Filter the groups based on group type. Valid types are: 'classic', 'consumer', 'share'
    /// and 'streams'.
    #[arg(long = "group-type", value_name = "TYPE", value_parser = Suggest(&["classic", "consumer", "share", "streams"]))]
    group_type: Option<String>,

    /// Filter the groups based on protocol type.
    #[arg(long, value_name = "PROTOCOL")]
    protocol: Option<String>,

    /// Filter the groups to show all kinds of consumer groups, including classic and simple
    /// consumer groups. This matches group type 'consumer', and group type 'classic' where the
    /// protocol type is 'consumer' or empty.
    #[arg(long)]
    consumer: bool,

    /// Filter the groups to show share groups.
    #[arg(long)]
    share: bool,

    /// Filter the groups to show streams groups.
    #[arg(long)]
    streams: bool,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// Which groups to show (Java's `combinedFilter`: the first filter given decides).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Filter {
    All,
    /// `--group-type`, with `--protocol` if given.
    Type(GroupType, Option<String>),
    Protocol(String),
    Consumer,
    Share,
    Streams,
}

impl Filter {
    fn passes(&self, group: &GroupListing) -> bool {
        let protocol = group.protocol_type.as_deref().unwrap_or_default();
        match self {
            Self::All => true,
            Self::Type(kind, wanted) => {
                group.group_type == *kind && wanted.as_deref().is_none_or(|p| p == protocol)
            }
            Self::Protocol(wanted) => protocol == wanted,
            Self::Consumer => {
                protocol == "consumer"
                    || protocol.is_empty()
                    || group.group_type == GroupType::Consumer
            }
            Self::Share => group.group_type == GroupType::Share,
            Self::Streams => group.group_type == GroupType::Streams,
        }
    }
}

impl GroupsArgs {
    /// Java's checks, in Java's order and words.
    fn resolve(&self) -> Result<Filter> {
        if self.connection.bootstrap_server.is_none() {
            return Err(usage("Missing required option(s) [bootstrap-server]"));
        }
        if !self.list {
            return Err(usage("Command must include exactly one action: --list."));
        }
        let group_type = match &self.group_type {
            Some(name) => match GroupType::parse(name) {
                GroupType::Unknown => {
                    return Err(usage("--group-type must be a valid group type."));
                }
                kind => Some(kind),
            },
            None => None,
        };
        let given = [
            ("consumer", self.consumer),
            ("group-type", self.group_type.is_some()),
            ("protocol", self.protocol.is_some()),
            ("share", self.share),
            ("streams", self.streams),
        ];
        // Java's checkInvalidArgs: each of these with the options it refuses, in that order.
        let refused: [(&str, &[&str]); 3] = [
            ("consumer", &["group-type", "protocol", "share", "streams"]),
            ("share", &["consumer", "group-type", "protocol", "streams"]),
            ("streams", &["consumer", "group-type", "protocol", "share"]),
        ];
        let set = |name: &str| given.iter().any(|(n, on)| *n == name && *on);
        for (option, invalid) in refused {
            if !set(option) {
                continue;
            }
            if let Some(other) = invalid.iter().find(|o| set(o)) {
                return Err(usage(format!(
                    "Option \"[{option}]\" can't be used with option \"[{other}]\""
                )));
            }
        }
        Ok(match (group_type, &self.protocol) {
            (Some(kind), protocol) => Filter::Type(kind, protocol.clone()),
            (None, Some(protocol)) => Filter::Protocol(protocol.clone()),
            _ if self.consumer => Filter::Consumer,
            _ if self.share => Filter::Share,
            _ if self.streams => Filter::Streams,
            _ => Filter::All,
        })
    }
}

impl Tool for GroupsArgs {
    const NAME: &'static str = "kafka-groups";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let filter = self.resolve()?;
        let result = list(&self.connection, ctx, &filter).await;
        super::java_failure_on_stdout(ctx, result, |err| {
            format!("Error while executing groups command : {err:#}")
        })
    }
}

async fn list(connection: &ConnectionArgs, ctx: &mut Context, filter: &Filter) -> Result<()> {
    let settings = SettingsBuilder::new(connection).build()?;
    let native = Native::new(&settings, ctx.shutdown.clone(), false)?;
    let groups = list_groups(&native, &[], &[])
        .await?
        .into_iter()
        .filter(|g| filter.passes(g))
        .map(|g| Group {
            // A broker before ListGroups v5 names no type: Java shows "".
            group_type: (g.group_type != GroupType::Unknown).then(|| g.group_type.name()),
            group: g.group_id,
            protocol: g.protocol_type.unwrap_or_default(),
        })
        .collect();
    ctx.out.emit(&Groups { groups })?;
    Ok(())
}

/// One group, as listed.
#[derive(Debug, Serialize)]
struct Group {
    group: String,
    /// `Classic`, `Consumer`, `Share` or `Streams`; `null` when the broker does not say.
    #[serde(rename = "type")]
    group_type: Option<&'static str>,
    /// The protocol type (`consumer`, `share`, `connect`, ...; "" for a simple group).
    protocol: String,
}

/// The groups that pass the filter, in the brokers' order.
#[derive(Debug, Serialize)]
struct Groups {
    groups: Vec<Group>,
}

impl Render for Groups {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        // Java: every column as wide as the longest value (at least 20), one space apart; the
        // rows (not the header) end with a space.
        let rows: Vec<[&str; 3]> = self
            .groups
            .iter()
            .map(|g| {
                [
                    g.group.as_str(),
                    g.group_type.unwrap_or_default(),
                    g.protocol.as_str(),
                ]
            })
            .collect();
        let width = rows
            .iter()
            .flatten()
            .map(|v| v.chars().count())
            .fold(20, usize::max);
        writeln!(
            w,
            "{:<width$} {:<width$} {:<width$}",
            "GROUP", "TYPE", "PROTOCOL"
        )?;
        for row in rows {
            for value in row {
                write!(w, "{value:<width$} ")?;
            }
            writeln!(w)?;
        }
        Ok(())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut table = crate::output::table_with_header(["GROUP", "TYPE", "PROTOCOL"]);
        for g in &self.groups {
            table.add_row([
                g.group.as_str(),
                g.group_type.unwrap_or_default(),
                g.protocol.as_str(),
            ]);
        }
        Some(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::admin::groups::GroupState;

    fn args(argv: &[&str]) -> GroupsArgs {
        crate::tools::args_with_bootstrap(argv)
    }

    fn error(argv: &[&str]) -> String {
        args(argv).resolve().unwrap_err().to_string()
    }

    #[test]
    fn java_checks_and_messages() {
        assert_eq!(
            error(&[]),
            "Command must include exactly one action: --list."
        );
        for bad in ["nope", "unknown", ""] {
            assert_eq!(
                error(&["--list", "--group-type", bad]),
                "--group-type must be a valid group type."
            );
        }
        assert_eq!(
            error(&["--list", "--consumer", "--share"]),
            "Option \"[consumer]\" can't be used with option \"[share]\""
        );
        assert_eq!(
            error(&["--list", "--share", "--protocol", "x"]),
            "Option \"[share]\" can't be used with option \"[protocol]\""
        );
        assert_eq!(
            error(&["--list", "--streams", "--group-type", "share"]),
            "Option \"[streams]\" can't be used with option \"[group-type]\""
        );
        assert_eq!(
            args(&["--list", "--group-type", "SHARE", "--protocol", "share"])
                .resolve()
                .unwrap(),
            Filter::Type(GroupType::Share, Some("share".into()))
        );
        assert_eq!(args(&["--list"]).resolve().unwrap(), Filter::All);
        let none = GroupsArgs::try_parse_from(["kafka-groups", "--list"]).unwrap();
        if none.connection.bootstrap_server.is_none() {
            assert_eq!(
                none.resolve().unwrap_err().to_string(),
                "Missing required option(s) [bootstrap-server]"
            );
        }
    }

    fn group(id: &str, kind: GroupType, protocol: &str) -> GroupListing {
        GroupListing {
            group_id: id.into(),
            is_simple: protocol.is_empty(),
            state: GroupState::Empty,
            group_type: kind,
            protocol_type: Some(protocol.into()),
        }
    }

    #[test]
    fn filters_are_javas() {
        let groups = [
            group("classic", GroupType::Classic, "consumer"),
            group("simple", GroupType::Classic, ""),
            group("connect", GroupType::Classic, "connect"),
            group("new", GroupType::Consumer, "consumer"),
            group("share", GroupType::Share, "share"),
            group("streams", GroupType::Streams, "streams"),
        ];
        let passing = |filter: Filter| -> Vec<&str> {
            groups
                .iter()
                .filter(|g| filter.passes(g))
                .map(|g| g.group_id.as_str())
                .collect()
        };
        assert_eq!(passing(Filter::All).len(), 6);
        assert_eq!(passing(Filter::Consumer), ["classic", "simple", "new"]);
        assert_eq!(passing(Filter::Share), ["share"]);
        assert_eq!(passing(Filter::Streams), ["streams"]);
        assert_eq!(
            passing(Filter::Type(GroupType::Classic, None)),
            ["classic", "simple", "connect"]
        );
        assert_eq!(
            passing(Filter::Type(GroupType::Classic, Some("connect".into()))),
            ["connect"]
        );
        assert_eq!(passing(Filter::Protocol(String::new())), ["simple"]);
    }

    #[test]
    fn columns_are_as_wide_as_the_longest_value() {
        let mut out = Vec::new();
        Groups {
            groups: vec![
                Group {
                    group: "g".into(),
                    group_type: Some("Classic"),
                    protocol: "consumer".into(),
                },
                Group {
                    group: "simple".into(),
                    group_type: None,
                    protocol: String::new(),
                },
            ],
        }
        .text(&mut out)
        .unwrap();
        let pad = |s: &str| format!("{s:<20}");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "{} {} {}\n{} {} {} \n{} {} {} \n",
                pad("GROUP"),
                pad("TYPE"),
                pad("PROTOCOL"),
                pad("g"),
                pad("Classic"),
                pad("consumer"),
                pad("simple"),
                pad(""),
                pad("")
            )
        );
        let mut out = Vec::new();
        Groups {
            groups: vec![Group {
                group: "a-group-id-longer-than-20".into(),
                group_type: Some("Share"),
                protocol: "share".into(),
            }],
        }
        .text(&mut out)
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(&format!(
            "{:<25} {:<25} {:<25}\n",
            "GROUP", "TYPE", "PROTOCOL"
        )));
    }
}
