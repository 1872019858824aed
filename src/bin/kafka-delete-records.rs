//! `kafka-delete-records`: delete records of partitions up to given offsets.
fn main() -> std::process::ExitCode {
    kafka_tools::cli::main::<kafka_tools::tools::delete_records::DeleteRecordsArgs>()
}
