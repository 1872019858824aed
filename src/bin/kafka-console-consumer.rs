//! `kafka-console-consumer`: read data from Kafka topics and write it to standard output.
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main::<kafka_tools::tools::console_consumer::ConsoleConsumerArgs>()
}
