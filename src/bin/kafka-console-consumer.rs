//! `kafka-console-consumer`: read data from Kafka topics and write it to standard output.
//!
//! A launcher: it execs the suite's one executable, found next to it, under this tool's name.
mod launcher;

fn main() -> std::process::ExitCode {
    launcher::exec("kafka-console-consumer")
}
