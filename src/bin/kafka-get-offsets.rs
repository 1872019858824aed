//! `kafka-get-offsets`: offsets of topic partitions at a time.
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main::<kafka_tools::tools::get_offsets::GetOffsetsArgs>()
}
