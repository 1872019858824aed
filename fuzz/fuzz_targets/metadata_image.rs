//! Fuzz target: `kafka_tools::fuzzing::metadata_image`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kafka_tools::fuzzing::metadata_image(data));
