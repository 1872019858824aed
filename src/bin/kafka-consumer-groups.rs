//! `kafka-consumer-groups`: list, describe, delete consumer groups, reset their offsets.
//!
//! A launcher: it execs the suite's one executable, found next to it, under this tool's name.
mod launcher;

fn main() -> std::process::ExitCode {
    launcher::exec("kafka-consumer-groups")
}
