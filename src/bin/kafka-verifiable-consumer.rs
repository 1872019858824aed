//! `kafka-verifiable-consumer`: Kafka's verifiable consumer, JSON events on stdout.
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main::<kafka_tools::tools::verifiable_consumer::VerifiableConsumerArgs>()
}
