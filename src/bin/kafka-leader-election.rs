//! `kafka-leader-election`: run a preferred or unclean leader election.
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main::<kafka_tools::tools::leader_election::LeaderElectionArgs>()
}
