//! `kafka-leader-election`: run a preferred or unclean leader election.
//!
//! A launcher: it execs the suite's one executable, found next to it, under this tool's name.
mod launcher;

fn main() -> std::process::ExitCode {
    launcher::exec("kafka-leader-election")
}
