//! `kafka-console-producer`: read data from standard input and publish it to Kafka.
//!
//! A launcher: it execs the suite's one executable, found next to it, under this tool's name.
mod launcher;

fn main() -> std::process::ExitCode {
    launcher::exec("kafka-console-producer")
}
