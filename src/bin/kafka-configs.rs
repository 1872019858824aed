//! `kafka-configs`: describe and change the configs of topics, brokers and groups.
//!
//! A launcher: it execs the suite's one executable, found next to it, under this tool's name.
mod launcher;

fn main() -> std::process::ExitCode {
    launcher::exec("kafka-configs")
}
