//! What every tool name under `src/bin/` is: a small program that replaces itself (`exec`) with
//! the suite's one executable, `kafka-tools`, found in the same directory as the launcher's
//! real path (links resolved), started under the tool's name. Arguments, stdin/stdout/stderr,
//! the process id, and therefore signals and exit status, are the tool's own.
//!
//! It uses nothing but `std`: the launchers must not link librdkafka, so that the suite's size
//! does not grow with its number of tools.

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

/// The file name of the executable that holds every tool (`cli::EXECUTABLE`).
const EXECUTABLE: &str = "kafka-tools";

/// Execs the suite's executable as `tool`; returns only if that fails (status 127, the shell's
/// "command not found", after a one-line message).
pub(crate) fn exec(tool: &str) -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let error = match std::env::current_exe() {
        Ok(me) => {
            let target = me.with_file_name(EXECUTABLE);
            let err = Command::new(&target).arg0(tool).args(args).exec();
            format!(
                "cannot start {}: {err} (every tool runs inside {EXECUTABLE}, which must be installed next to {tool})",
                target.display()
            )
        }
        Err(err) => format!("cannot locate this launcher to find {EXECUTABLE}: {err}"),
    };
    let _ = writeln!(std::io::stderr(), "{tool}: error: {error}");
    ExitCode::from(127)
}
