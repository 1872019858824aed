//! `kafka-verifiable-producer`: Kafka's verifiable producer, JSON events on stdout.
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main::<kafka_tools::tools::verifiable_producer::VerifiableProducerArgs>()
}
