//! `kafka-e2e-latency` (in progress).
