//! `kafka-consumer-groups`: list, describe, delete consumer groups, reset their offsets.
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main::<kafka_tools::tools::consumer_groups::ConsumerGroupsArgs>()
}
