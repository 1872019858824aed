//! Fuzz target: `kafka_tools::fuzzing::dump_log_files`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kafka_tools::fuzzing::dump_log_files(data));
