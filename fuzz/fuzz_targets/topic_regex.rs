//! Fuzz target: `kafka_tools::fuzzing::topic_regex`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kafka_tools::fuzzing::topic_regex(data));
