//! `kafka-console-producer`: read data from standard input and publish it to Kafka.
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main::<kafka_tools::tools::console_producer::ConsoleProducerArgs>()
}
