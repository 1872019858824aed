//! `kafka-configs`: describe and change the configs of topics, brokers and groups.
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main::<kafka_tools::tools::configs::ConfigsArgs>()
}
