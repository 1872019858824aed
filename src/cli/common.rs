//! The options every tool shares, declared once and flattened into each tool's arguments.
//!
//! Nothing else in the crate declares `--bootstrap-server`, `--command-config`,
//! `--command-property` or `--output`; tools that have extra Java aliases for the config file
//! (`--producer.config`, ...) declare only those and hand them to the same resolver.

use std::path::PathBuf;

use clap::{Args, ValueHint};

use crate::output::Format;

/// How to reach the cluster and which client properties to use.
#[derive(Args, Debug, Clone, Default)]
pub struct ConnectionArgs {
    /// REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]
    ///
    /// Falls back to the environment variable KAFKA_BOOTSTRAP_SERVERS.
    #[arg(
        long = "bootstrap-server",
        value_name = "HOST:PORT",
        env = "KAFKA_BOOTSTRAP_SERVERS",
        hide_env_values = true,
        help_heading = "Connection"
    )]
    pub(crate) bootstrap_server: Option<String>,

    /// Java properties file with client settings (security.protocol, sasl.jaas.config, ...)
    #[arg(
        long = "command-config",
        value_name = "FILE",
        value_hint = ValueHint::FilePath,
        help_heading = "Connection"
    )]
    pub(crate) command_config: Option<PathBuf>,

    /// A client property KEY=VALUE; repeatable, overrides --command-config
    #[arg(
        long = "command-property",
        value_name = "KEY=VALUE",
        help_heading = "Connection"
    )]
    pub(crate) command_property: Vec<String>,
}

/// How results are printed.
#[derive(Args, Debug, Clone, Default)]
pub struct OutputArgs {
    /// Output format: the Java tool's text (default), JSON, or a table
    #[arg(long, value_enum, default_value_t = Format::Text, help_heading = "Output")]
    pub(crate) output: Format,
}
