//! Fuzz target: `kafka_tools::fuzzing::option_values`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kafka_tools::fuzzing::option_values(data));
