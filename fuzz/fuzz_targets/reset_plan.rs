//! Fuzz target: `kafka_tools::fuzzing::reset_plan`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kafka_tools::fuzzing::reset_plan(data));
