//! Fuzz target: `kafka_tools::fuzzing::native_response`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kafka_tools::fuzzing::native_response(data));
