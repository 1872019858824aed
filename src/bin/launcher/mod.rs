//! What every tool name under `src/bin/` is: a small program that replaces itself (`execv`) with
//! the suite's one executable, `kafka-tools`, found in the same directory as the launcher's real
//! path (`/proc/self/exe`, links resolved), started under the tool's name. Arguments,
//! stdin/stdout/stderr, the process id, and therefore signals and the exit status, are the tool's
//! own.
//!
//! It links nothing but the C library: no librdkafka, and in a release build (`panic = "abort"`)
//! not even Rust's standard library (`no_std`, about 6 KB), so that the suite's installed size
//! does not grow with its number of tools. A debug build links `std`, which changes nothing here.

use core::ffi::{c_char, c_int, CStr};

#[link(name = "c")]
extern "C" {
    fn readlink(path: *const c_char, buf: *mut c_char, size: usize) -> isize;
    fn execv(path: *const c_char, argv: *const *const c_char) -> c_int;
    fn write(fd: c_int, buf: *const u8, count: usize) -> isize;
    fn strerror(errnum: c_int) -> *const c_char;
    fn __errno_location() -> *mut c_int;
    #[cfg(panic = "abort")]
    fn abort() -> !;
}

/// The file name of the executable that holds every tool (`cli::EXECUTABLE`).
const EXECUTABLE: &[u8] = b"kafka-tools";
/// Linux's PATH_MAX.
const PATH_MAX: usize = 4096;

/// Execs `kafka-tools` as `tool`; returns only if that fails (status 127, the shell's "command
/// not found", after a one-line message on stderr).
///
/// # Safety
/// `argv` must be the process's own NULL-terminated argument vector, as `main` receives it.
pub(crate) unsafe fn exec(tool: &CStr, argv: *mut *const c_char) -> c_int {
    let mut path = [0u8; PATH_MAX + EXECUTABLE.len() + 1];
    let len = readlink(
        c"/proc/self/exe".as_ptr(),
        path.as_mut_ptr().cast(),
        PATH_MAX,
    );
    // The directory part, up to and including its last '/'.
    let mut dir_len = 0;
    for (i, b) in path.iter().take(len.max(0).unsigned_abs()).enumerate() {
        if *b == b'/' {
            dir_len = i + 1;
        }
    }
    for (slot, b) in path
        .iter_mut()
        .skip(dir_len)
        .zip(EXECUTABLE.iter().chain(&[0]))
    {
        *slot = *b;
    }
    // The tool runs under its own name (argv[0]), whatever the link it was started through.
    *argv = tool.as_ptr();
    execv(path.as_ptr().cast(), argv.cast_const());
    let reason = CStr::from_ptr(strerror(*__errno_location())).to_bytes();
    let tool = tool.to_bytes();
    let target = path.get(..dir_len + EXECUTABLE.len()).unwrap_or_default();
    let line: [&[u8]; 8] = [
        tool,
        b": error: cannot start ",
        target,
        b": ",
        reason,
        b" (every tool runs inside kafka-tools, which must be installed next to ",
        tool,
        b")\n",
    ];
    for part in line {
        write(2, part.as_ptr(), part.len());
    }
    127
}

/// Defines the C entry point of the launcher for `$tool` (a C string literal): no Rust runtime
/// is needed to exec.
macro_rules! launch {
    ($tool:literal) => {
        /// Execs `kafka-tools` under this tool's name.
        #[no_mangle]
        extern "C" fn main(
            _argc: core::ffi::c_int,
            argv: *mut *const core::ffi::c_char,
        ) -> core::ffi::c_int {
            // SAFETY: argv is the process's argument vector.
            unsafe { launcher::exec($tool, argv) }
        }
    };
}
pub(crate) use launch;

#[cfg(panic = "abort")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: abort never returns. Nothing above can panic; this only satisfies no_std.
    unsafe { abort() }
}
