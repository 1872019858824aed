//! `kafka-console-producer`: read data from standard input and publish it to Kafka.
//!
//! A launcher: it execs the suite's one executable, found next to it, under this tool's name.
#![cfg_attr(panic = "abort", no_std)]
// Under `cargo test` the test harness brings its own main (and no test runs here).
#![cfg_attr(not(test), no_main)]

#[cfg(not(test))]
mod launcher;

/// The C entry point (no Rust runtime is needed to exec).
#[cfg(not(test))]
#[no_mangle]
extern "C" fn main(
    _argc: core::ffi::c_int,
    argv: *mut *const core::ffi::c_char,
) -> core::ffi::c_int {
    // SAFETY: argv is the process's argument vector.
    unsafe { launcher::exec(c"kafka-console-producer", argv) }
}
