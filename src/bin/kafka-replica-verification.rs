//! `kafka-replica-verification`: check that all replicas of a set of topics hold the same data.
//!
//! A launcher: it execs the suite's one executable, found next to it, under this tool's name.
#![cfg_attr(panic = "abort", no_std)]
// Under `cargo test` the test harness brings its own main (and no test runs here).
#![cfg_attr(not(test), no_main)]

#[cfg(not(test))]
mod launcher;
#[cfg(not(test))]
launcher::launch!(c"kafka-replica-verification");
