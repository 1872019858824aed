//! `kafka-tools`: the one executable that holds every tool of the suite.
//!
//! Started as a tool's name (`kafka-topics`, `kafka-topics.sh`, a link of either) it runs that
//! tool; started as itself, its first argument names the tool (`kafka-tools topics --list`).
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main()
}
