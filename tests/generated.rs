//! The registry, completions and man pages: every tool is registered, and the checked-in
//! generated files equal what the clap definitions generate now.
//!
//! Refresh them with `UPDATE_GENERATED=1 cargo test --test generated`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fs;
use std::path::{Path, PathBuf};

use clap_complete::{Generator, Shell};
use kafka_tools::cli::{exit_statuses, ToolEntry, EXECUTABLE, TOOLS};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with the file, or rewrites it when UPDATE_GENERATED is set.
fn check(path: &Path, actual: &[u8], stale: &mut Vec<String>) {
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, actual).unwrap();
        return;
    }
    match fs::read(path) {
        Ok(expected) if expected == actual => {}
        _ => stale.push(path.display().to_string()),
    }
}

#[test]
fn every_binary_is_registered_and_every_definition_is_sound() {
    // Every tool name under src/bin/ is a launcher; kafka-tools is the executable behind them.
    let mut bins: Vec<String> = fs::read_dir(root().join("src/bin"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|name| name != EXECUTABLE)
        .collect();
    bins.sort();
    let mut names: Vec<String> = TOOLS.iter().map(|t| t.name.to_string()).collect();
    names.sort();
    assert_eq!(
        bins, names,
        "src/bin/*.rs (launchers) and cli::TOOLS differ"
    );
    for tool in TOOLS {
        let cmd = (tool.command)();
        assert_eq!(cmd.get_name(), tool.name);
        cmd.debug_assert();
        assert!(!tool.examples.is_empty(), "{} has no examples", tool.name);
    }
}

#[test]
fn completions_are_current() {
    let mut stale = Vec::new();
    for tool in TOOLS {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut (tool.command)(), tool.name, &mut buf);
            let path = root().join("completions").join(shell.file_name(tool.name));
            check(&path, &buf, &mut stale);
        }
    }
    assert!(
        stale.is_empty(),
        "stale completions (run UPDATE_GENERATED=1 cargo test --test generated): {stale:?}"
    );
}

#[test]
fn man_pages_are_current() {
    let mut stale = Vec::new();
    for tool in TOOLS {
        let path = root().join("man").join(format!("{}.1", tool.name));
        check(&path, &man_page(tool), &mut stale);
    }
    assert!(
        stale.is_empty(),
        "stale man pages (run UPDATE_GENERATED=1 cargo test --test generated): {stale:?}"
    );
}

/// Escapes text for roff.
fn roff(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// Whether the tool talks to a cluster (the offline tools read files).
fn takes_bootstrap(tool: &ToolEntry) -> bool {
    (tool.command)()
        .get_arguments()
        .any(|a| a.get_long() == Some("bootstrap-server"))
}

fn man_page(tool: &ToolEntry) -> Vec<u8> {
    let man = clap_mangen::Man::new((tool.command)());
    let mut out = Vec::new();
    man.render_title(&mut out).unwrap();
    man.render_name_section(&mut out).unwrap();
    man.render_synopsis_section(&mut out).unwrap();
    man.render_description_section(&mut out).unwrap();
    man.render_options_section(&mut out).unwrap();
    let mut extra = String::from(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in exit_statuses(tool) {
        extra.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", roff(&meaning)));
    }
    extra.push_str(".SH EXAMPLES\n");
    for (what, line) in tool.examples {
        extra.push_str(&format!(
            ".PP\n{}\n.PP\n.RS 4\n.nf\n{}\n.fi\n.RE\n",
            roff(what),
            roff(line)
        ));
    }
    if takes_bootstrap(tool) {
        extra.push_str(".SH ENVIRONMENT\n.TP\n\\fBKAFKA_BOOTSTRAP_SERVERS\\fR\nUsed when \\fB\\-\\-bootstrap\\-server\\fR is not given.\n");
    }
    out.extend_from_slice(extra.as_bytes());
    man.render_version_section(&mut out).unwrap();
    out
}

#[test]
fn completions_offer_the_values_of_fixed_set_options() {
    let read = |name: &str| fs::read_to_string(root().join("completions").join(name)).unwrap();
    assert!(read("kafka-console-producer.bash").contains("none gzip snappy lz4 zstd"));
    assert!(read("kafka-leader-election.bash").contains("PREFERRED UNCLEAN"));
    assert!(read("kafka-configs.bash").contains("topics brokers groups"));
    assert!(read("kafka-console-consumer.bash").contains("read_committed read_uncommitted"));
}

#[test]
fn man_pages_name_the_environment_variable_once_per_place() {
    for tool in TOOLS {
        let page = fs::read_to_string(root().join("man").join(format!("{}.1", tool.name))).unwrap();
        // clap's line under --bootstrap-server, and the ENVIRONMENT section (none for a tool
        // that reads files).
        assert_eq!(
            page.matches("KAFKA_BOOTSTRAP_SERVERS").count(),
            if takes_bootstrap(tool) { 2 } else { 0 },
            "{}",
            tool.name
        );
    }
}
