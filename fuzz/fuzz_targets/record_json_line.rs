//! Fuzz target: `kafka_tools::fuzzing::record_json_line`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kafka_tools::fuzzing::record_json_line(data));
