//! `kafka-topics`: create, delete, describe, or change a topic.
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main::<kafka_tools::tools::topics::TopicsArgs>()
}
