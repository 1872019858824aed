//! `kafka-verifiable-producer`: Kafka's verifiable producer, JSON events on stdout.
//!
//! A launcher: it execs the suite's one executable, found next to it, under this tool's name.
mod launcher;

fn main() -> std::process::ExitCode {
    launcher::exec("kafka-verifiable-producer")
}
