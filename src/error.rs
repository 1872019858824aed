//! Failures, their one-line messages and the process exit status.
//!
//! This is the only module that decides an exit status and the only one (with `output`) that
//! writes to stderr. Tools return `anyhow::Error`s with context; the few failures whose exit
//! status differs from a plain runtime failure carry a marker type from here.
//!
//! | status | meaning |
//! | --- | --- |
//! | 0 | success; also a closed stdout pipe (`tool | head`) |
//! | 1 | usage or validation error, or runtime failure (as the Java tools); always for an unusable cluster or a refused ACL |
//! | 130 / 143 | interrupted by SIGINT / SIGTERM |

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

/// A usage or validation error: a bad option, a missing argument, a bad value.
///
/// The Java tools exit with status 1 for these (reference §1.8), and so do we.
#[derive(Debug)]
pub(crate) struct UsageError(pub(crate) String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Returns an `anyhow::Error` for a usage or validation problem described by `msg`.
pub(crate) fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(msg.into()))
}

/// The tool was stopped by a signal after it finished its in-flight work.
#[derive(Debug)]
pub(crate) struct Interrupted(pub(crate) i32);

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "interrupted by signal {}", self.0)
    }
}

impl std::error::Error for Interrupted {}

/// The cluster cannot be used as configured: no broker reachable, authentication or TLS
/// failed. Always a failure status, also for the tools whose Java original exits 0 on runtime
/// errors (a script must be able to tell that nothing was done).
#[derive(Debug)]
pub(crate) struct ClusterUnusable(pub(crate) String);

impl fmt::Display for ClusterUnusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ClusterUnusable {}

/// The error for a client that cannot use the cluster at `bootstrap` because of `reason`.
pub(crate) fn cluster_unusable(bootstrap: &str, reason: &str) -> anyhow::Error {
    anyhow::Error::new(ClusterUnusable(format!(
        "cannot use the cluster at {bootstrap}: {reason}"
    )))
}

/// The broker refused an operation for lack of an ACL. Always a failure status (see
/// [`ClusterUnusable`]).
#[derive(Debug)]
pub(crate) struct Refused(pub(crate) String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// A failure the tool has already shown the user in Java's own way (e.g. kafka-consumer-groups'
/// `Error: Executing consumer group command failed due to ...` on stdout): [`report`] gives its
/// exit status without printing it a second time.
#[derive(Debug)]
pub(crate) struct Reported(pub(crate) anyhow::Error);

impl fmt::Display for Reported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#}", self.0)
    }
}

impl std::error::Error for Reported {}

/// The message of a failure that `--output json` reports as an error object on stdout: every
/// failure but a closed stdout and a signal.
pub(crate) fn json_failure(result: &anyhow::Result<()>) -> Option<String> {
    let err = result.as_ref().err()?;
    if is_broken_pipe(err) || err.downcast_ref::<Interrupted>().is_some() {
        return None;
    }
    Some(one_line(&format!("{err:#}")))
}

/// Whether `err` means nothing could be done: the cluster is unusable or the principal was
/// refused. Such failures exit 1 from every tool, and long-running tools stop on them.
pub(crate) fn is_fatal(err: &anyhow::Error) -> bool {
    err.downcast_ref::<ClusterUnusable>().is_some() || err.downcast_ref::<Refused>().is_some()
}

/// Exit status of a usage or validation error.
pub(crate) const USAGE_STATUS: u8 = 1;

/// Turns the result of a tool into its exit status, printing the one-line error if any.
///
/// `runtime_status` is the tool's status for an operational failure (1 for most tools).
pub(crate) fn report(tool: &str, result: anyhow::Result<()>, runtime_status: u8) -> ExitCode {
    let Err(err) = result else {
        return ExitCode::SUCCESS;
    };
    if is_broken_pipe(&err) {
        return ExitCode::SUCCESS;
    }
    if let Some(Interrupted(signal)) = err.downcast_ref::<Interrupted>() {
        return ExitCode::from(128u8.wrapping_add(*signal as u8));
    }
    let status = if err.downcast_ref::<UsageError>().is_some() {
        USAGE_STATUS
    } else if is_fatal(&err) {
        1
    } else {
        runtime_status
    };
    if err.downcast_ref::<Reported>().is_none() {
        print_error(tool, &format!("{err:#}"));
    }
    ExitCode::from(status)
}

/// Prints `tool: error: message` on stderr, folded onto one line.
pub(crate) fn print_error(tool: &str, message: &str) {
    let mut stderr = io::stderr().lock();
    // Nothing sensible is left to do if stderr itself is gone.
    let _ = writeln!(stderr, "{tool}: error: {}", one_line(message));
}

/// `message` folded onto one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `err` (or any cause) is a write to a closed pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_is_found_in_the_chain() {
        let err = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }

    #[test]
    fn usage_errors_exit_1_and_interrupts_exit_128_plus_signal() {
        assert_eq!(report("t", Err(usage("bad")), 7), ExitCode::from(1));
        assert_eq!(report("t", Err(anyhow::anyhow!("x")), 7), ExitCode::from(7));
        assert_eq!(
            report("t", Err(anyhow::Error::new(Interrupted(15))), 1),
            ExitCode::from(143)
        );
        assert_eq!(report("t", Ok(()), 1), ExitCode::SUCCESS);
        let shown = anyhow::Error::new(Reported(anyhow::anyhow!("x")));
        assert_eq!(report("t", Err(shown), 0), ExitCode::from(0));
    }

    #[test]
    fn json_reports_every_failure_but_a_pipe_or_a_signal() {
        assert_eq!(
            json_failure(&Err(anyhow::anyhow!("a\n b").context("c"))).as_deref(),
            Some("c: a b")
        );
        assert_eq!(json_failure(&Ok(())), None);
        assert_eq!(json_failure(&Err(anyhow::Error::new(Interrupted(2)))), None);
    }
}
