//! `kafka-consumer-perf-test` (in progress).
