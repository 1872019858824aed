//! The connection options every tool shares, declared once and flattened into each tool's
//! arguments, and read by `client` to build its settings.
//!
//! Nothing else in the crate declares `--bootstrap-server`, `--command-config` or
//! `--command-property`; tools that have extra Java aliases for the config file
//! (`--producer.config`, ...) declare only those and hand them to the same resolver.

use std::path::PathBuf;

use clap::{Args, ValueHint};

/// How to reach the cluster and which client properties to use.
#[derive(Args, Debug, Clone, Default)]
pub struct ConnectionArgs {
    /// REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]
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

/// `--bootstrap-controller`, for the tools whose Java version has it (kafka-configs,
/// kafka-features, kafka-metadata-quorum, kafka-cluster): flattened next to [`ConnectionArgs`].
#[derive(Args, Debug, Clone, Default)]
pub struct ControllerArgs {
    /// The KRaft controllers to talk to directly, instead of brokers
    #[arg(
        long = "bootstrap-controller",
        value_name = "HOST:PORT",
        help_heading = "Connection"
    )]
    pub(crate) bootstrap_controller: Option<String>,
}

/// The argparse4j message of the Java tools whose two bootstrap options are a mutually
/// exclusive group (kafka-features, kafka-metadata-quorum), for giving both.
pub(crate) const ARGPARSE_BOTH: &str =
    "argument --bootstrap-controller: not allowed with argument --bootstrap-server";

impl ControllerArgs {
    /// The connection to use (the controllers in place of `--bootstrap-server` when given) and
    /// whether it names controllers. `neither` and `both` are the Java tool's usage messages for
    /// giving neither option or both.
    pub(crate) fn choose(
        &self,
        connection: &ConnectionArgs,
        neither: &str,
        both: &str,
    ) -> anyhow::Result<(ConnectionArgs, bool)> {
        match (&connection.bootstrap_server, &self.bootstrap_controller) {
            (None, None) => Err(crate::error::usage(neither)),
            (Some(_), Some(_)) => Err(crate::error::usage(both)),
            (Some(_), None) => Ok((connection.clone(), false)),
            (None, Some(controllers)) => {
                let mut connection = connection.clone();
                connection.bootstrap_server = Some(controllers.clone());
                Ok((connection, true))
            }
        }
    }
}

/// Checks a bootstrap list as the Java console producer and kafka-get-offsets do.
pub(crate) fn validate_bootstrap(list: &str) -> anyhow::Result<()> {
    if list.trim().is_empty() {
        return Err(crate::error::usage(
            "Error while validating the bootstrap address",
        ));
    }
    let entry = regex::Regex::new(r"^(?:[0-9a-zA-Z\-%._]*://)?\[?([0-9a-zA-Z\-%._:]*)]?:([0-9]+)$")
        .map_err(|e| anyhow::anyhow!("bootstrap pattern: {e}"))?;
    if list.split(',').all(|e| entry.is_match(e.trim())) {
        Ok(())
    } else {
        Err(crate::error::usage(
            "Please provide valid host:port like host1:9091,host2:9092",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::validate_bootstrap;

    #[test]
    fn bootstrap_lists_are_checked_like_java() {
        assert!(validate_bootstrap("localhost:9092,10.0.0.1:9093").is_ok());
        assert!(validate_bootstrap("PLAINTEXT://[::1]:9092").is_ok());
        assert!(validate_bootstrap("localhost").is_err());
        assert!(validate_bootstrap(" ").is_err());
    }
}
