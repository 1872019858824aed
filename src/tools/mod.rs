//! One module per tool: its arguments, their validation, and what it does.
//!
//! A tool turns its clap arguments into a plain request in its first lines, calls `client`, and
//! hands results to `output`.

mod pattern;
pub mod topics;
