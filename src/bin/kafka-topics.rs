//! `kafka-topics`: create, delete, describe, or change a topic.
//!
//! A launcher: it execs the suite's one executable, found next to it, under this tool's name.
mod launcher;

fn main() -> std::process::ExitCode {
    launcher::exec("kafka-topics")
}
