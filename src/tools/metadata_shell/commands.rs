//! The metadata shell's commands (Java's `Commands` and its handlers): parsing a command's
//! words, glob paths, and what `ls`, `cat`, `tree`, `find`, `cd`, `pwd`, `history`, `man` and
//! `help` print; the interactive loop on a terminal (line editing, history, path completion)
//! and the plain loop on other input.

use std::io::{self, BufRead as _};

use anyhow::Result;
use serde_json::{json, Map, Value};

use super::image::Node;
use crate::output::Output;

/// Commands in Java's order, with their descriptions; `true`: only in the interactive shell.
const COMMANDS: &[(&str, &str, bool)] = &[
    ("cat", "Show the contents of metadata files.", false),
    ("cd", "Set the current working directory.", true),
    ("exit", "Exit the metadata shell.", true),
    (
        "find",
        "Search for nodes in the directory hierarchy.",
        false,
    ),
    ("help", "Display this help message.", true),
    ("history", "Print command history.", true),
    ("ls", "List metadata nodes.", false),
    ("man", "Show the help text for a specific command.", true),
    ("pwd", "Print the current working directory.", true),
    (
        "tree",
        "Show the contents of metadata nodes in a tree structure.",
        false,
    ),
];

/// argparse4j's usage line and positional argument help of each command.
fn usage_of(command: &str) -> (&'static str, Option<(&'static str, &'static str)>) {
    match command {
        "cat" => (
            "cat targets [targets ...]",
            Some(("targets", "The metadata files to display.")),
        ),
        "cd" => (
            "cd [target]",
            Some(("target", "The directory to change to.")),
        ),
        "find" => (
            "find [paths [paths ...]]",
            Some(("paths", "The paths to start at.")),
        ),
        "history" => (
            "history [numEntriesToShow]",
            Some(("numEntriesToShow", "The number of entries to show.")),
        ),
        "ls" => (
            "ls [targets [targets ...]]",
            Some(("targets", "The metadata node paths to list.")),
        ),
        "man" => (
            "man cmd",
            Some(("cmd", "The command to get help text for.")),
        ),
        "tree" => (
            "tree targets [targets ...]",
            Some(("targets", "The metadata nodes to display.")),
        ),
        "exit" => ("exit", None),
        "help" => ("help", None),
        _ => ("pwd", None),
    }
}

/// The shell's state: the tree, the working directory and the history.
pub(crate) struct Shell<'a> {
    root: &'a Node,
    cwd: String,
    history: Vec<String>,
    exit: bool,
}

/// Java's `CommandUtils.splitPath` and `stripDotPathComponents`.
fn components(path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        match part {
            "." => {}
            ".." => {
                out.pop();
            }
            other => out.push(other.to_string()),
        }
    }
    out
}

/// Java's `GlobComponent.toRegularExpression`: `None` for a literal (or a bad glob).
fn glob_regex(glob: &str) -> Option<regex::Regex> {
    const REGEX_SPECIAL: &str = "$()+.[]^{|";
    const GLOB_SPECIAL: &str = "*?\\{}";
    let mut out = String::from("^");
    let mut literal = true;
    let mut group = false;
    let chars: Vec<char> = glob.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '?' => {
                literal = false;
                out.push('.');
            }
            '*' => {
                literal = false;
                out.push_str(".*");
            }
            '\\' => {
                if i == chars.len() {
                    out.push_str("\\\\");
                } else {
                    let next = chars[i];
                    i += 1;
                    if GLOB_SPECIAL.contains(next) || REGEX_SPECIAL.contains(next) {
                        out.push('\\');
                    }
                    out.push(next);
                }
            }
            '{' => {
                if group {
                    return None;
                }
                literal = false;
                out.push_str("(?:(?:");
                group = true;
            }
            ',' if group => {
                literal = false;
                out.push_str(")|(?:");
            }
            '}' if group => {
                literal = false;
                out.push_str("))");
                group = false;
            }
            other => {
                if REGEX_SPECIAL.contains(other) || other == '}' {
                    out.push('\\');
                }
                out.push(other);
            }
        }
    }
    if group || literal {
        return None;
    }
    out.push('$');
    regex::Regex::new(&out).ok()
}

/// A node a glob reached: its path components and the node.
type Hit<'a> = (Vec<String>, &'a Node);

fn visit<'a>(node: &'a Node, globs: &[String], path: Vec<String>, hits: &mut Vec<Hit<'a>>) {
    let Some((first, rest)) = globs.split_first() else {
        hits.push((path, node));
        return;
    };
    if !node.is_dir() {
        return;
    }
    match glob_regex(first) {
        None => {
            if let Some(child) = node.child(first) {
                let mut p = path;
                p.push(first.clone());
                visit(child, rest, p, hits);
            }
        }
        Some(re) => {
            for name in node.names() {
                if re.is_match(name) {
                    if let Some(child) = node.child(name) {
                        let mut p = path.clone();
                        p.push(name.to_string());
                        visit(child, rest, p, hits);
                    }
                }
            }
        }
    }
}

fn last_component(path: &[String]) -> String {
    path.last().cloned().unwrap_or_else(|| "/".to_string())
}

/// `ShellNodePrinter`: a file's text, or each child by name with its contents indented.
fn print_node(node: &Node, indent: usize, out: &mut String) {
    match node {
        Node::File(text) => {
            out.push_str(&"  ".repeat(indent));
            out.push_str(text);
            out.push('\n');
        }
        Node::Dir(children) => {
            for (name, child) in children {
                out.push_str(&"  ".repeat(indent));
                out.push_str(name);
                out.push_str(":\n");
                print_node(child, indent + 1, out);
            }
        }
    }
}

/// A node as JSON: a directory is an object of its children, a file its text.
fn node_json(node: &Node) -> Value {
    match node {
        Node::File(text) => Value::String(text.clone()),
        Node::Dir(children) => Value::Object(
            children
                .iter()
                .map(|(k, v)| (k.clone(), node_json(v)))
                .collect::<Map<String, Value>>(),
        ),
    }
}

/// Java's `LsCommandHandler.ColumnSchema`: the widest layout that fits the screen.
fn ls_columns(entries: &[String], width: Option<usize>) -> (usize, Vec<usize>) {
    let single = (entries.len().max(1), vec![0]);
    let Some(width) = width else {
        return single;
    };
    let max_columns = width / 4;
    if max_columns <= 1 {
        return single;
    }
    let mut best = None;
    for columns in (2..=max_columns).rev() {
        let per = entries.len().div_ceil(columns);
        if per == 0 {
            continue;
        }
        let mut widths = vec![0usize; columns];
        for (i, e) in entries.iter().enumerate() {
            let c = i / per;
            if c < columns {
                widths[c] = widths[c].max(e.chars().count() + 2);
            }
        }
        if widths[columns - 1] != 0 && widths.iter().sum::<usize>() <= width {
            best = Some((per, widths));
            break;
        }
    }
    best.unwrap_or(single)
}

fn ls_entries(entries: &[String], intro: &str, width: Option<usize>, out: &mut String) {
    if entries.is_empty() {
        return;
    }
    if !intro.is_empty() {
        out.push_str(intro);
        out.push('\n');
    }
    let (per, widths) = ls_columns(entries, width);
    let columns = widths.len();
    let lines = entries.len().div_ceil(columns);
    for line in 0..lines {
        for (column, w) in widths.iter().enumerate() {
            if let Some(entry) = entries.get(line + column * per) {
                out.push_str(entry);
                if column < columns - 1 {
                    out.push_str(&" ".repeat(w.saturating_sub(entry.chars().count())));
                }
            }
        }
        out.push('\n');
    }
}

/// Java's `CommandUtils.getEffectivePaths`: the non-empty paths, or `.`.
fn effective(paths: &[String]) -> Vec<String> {
    let v: Vec<String> = paths.iter().filter(|p| !p.is_empty()).cloned().collect();
    if v.is_empty() {
        vec![".".to_string()]
    } else {
        v
    }
}

fn find(path: &str, node: &Node, out: &mut Vec<String>) {
    out.push(path.to_string());
    if let Node::Dir(children) = node {
        for (name, child) in children {
            let next = if path.ends_with('/') {
                format!("{path}{name}")
            } else {
                format!("{path}/{name}")
            };
            find(&next, child, out);
        }
    }
}

impl<'a> Shell<'a> {
    pub(crate) fn new(root: &'a Node) -> Self {
        Shell {
            root,
            cwd: "/".to_string(),
            history: Vec::new(),
            exit: false,
        }
    }

    /// The nodes a glob names, relative to the working directory.
    fn glob(&self, glob: &str) -> Vec<Hit<'a>> {
        let full = if glob.starts_with('/') {
            glob.to_string()
        } else {
            format!("{}/{glob}", self.cwd)
        };
        let mut hits = Vec::new();
        visit(self.root, &components(&full), Vec::new(), &mut hits);
        hits
    }

    /// Checks a command's words as Java's argument parser does: the command and its handler's
    /// arguments, or the one line Java prints instead.
    fn parse(&self, words: &[String], shell: bool) -> Result<Option<Vec<String>>, String> {
        let mut words = words.to_vec();
        while words.last().is_some_and(String::is_empty) {
            words.pop();
        }
        let Some(command) = words.first() else {
            return Ok(None);
        };
        let allowed: Vec<&str> = COMMANDS
            .iter()
            .filter(|(_, _, only)| shell || !only)
            .map(|(n, _, _)| *n)
            .collect();
        if !allowed.contains(&command.as_str()) {
            let choices: Vec<String> = allowed.iter().map(|c| format!("'{c}'")).collect();
            return Err(format!(
                "invalid choice: '{command}' (choose from {})",
                choices.join(", ")
            ));
        }
        let args = &words[1..];
        if let Some(flag) = args.iter().find(|a| a.starts_with('-') && a.len() > 1) {
            return Err(format!("unrecognized arguments: '{flag}'"));
        }
        let max = match command.as_str() {
            "cd" | "history" => Some(1),
            "exit" | "help" | "pwd" => Some(0),
            "man" => Some(1),
            _ => None,
        };
        if let Some(max) = max {
            if args.len() > max {
                return Err(format!(
                    "unrecognized arguments: '{}'",
                    args[max..].join(" ")
                ));
            }
        }
        if matches!(command.as_str(), "cat" | "tree" | "man") && args.is_empty() {
            return Err("too few arguments".to_string());
        }
        if command == "history" {
            if let Some(n) = args.first() {
                if n.parse::<i32>().is_err() {
                    return Err(format!(
                        "argument numEntriesToShow: could not convert '{n}' to Integer (For input string: \"{n}\")"
                    ));
                }
            }
        }
        Ok(Some(words))
    }

    /// Runs one command, returning what it prints. `width`: the terminal's, for `ls`.
    pub(crate) fn run(&mut self, words: &[String], width: Option<usize>, shell: bool) -> String {
        let mut out = String::new();
        let words = match self.parse(words, shell) {
            Ok(Some(w)) => w,
            Ok(None) => return out,
            Err(message) => return message + "\n",
        };
        let args = &words[1..];
        match words[0].as_str() {
            "ls" => {
                let mut files = Vec::new();
                let mut dirs: Vec<(String, Vec<String>)> = Vec::new();
                for target in effective(args) {
                    let hits = self.glob(&target);
                    if hits.is_empty() {
                        out.push_str(&format!("ls: {target}: no such file or directory.\n"));
                    }
                    for (path, node) in hits {
                        if node.is_dir() {
                            let names = node.names().into_iter().map(str::to_string).collect();
                            dirs.push((last_component(&path), names));
                        } else {
                            files.push(last_component(&path));
                        }
                    }
                }
                ls_entries(&files, "", width, &mut out);
                let need_intro = !files.is_empty() || dirs.len() > 1;
                let mut first = files.is_empty();
                for (name, children) in &dirs {
                    let mut intro = String::new();
                    if need_intro {
                        if !first {
                            intro.push('\n');
                        }
                        intro.push_str(name);
                        intro.push(':');
                        first = false;
                    }
                    ls_entries(children, &intro, width, &mut out);
                }
            }
            "cat" | "tree" => {
                let cat = words[0] == "cat";
                for target in args {
                    let hits = self.glob(target);
                    if hits.is_empty() {
                        out.push_str(&format!(
                            "{}: {target}: No such file or directory.\n",
                            words[0]
                        ));
                    }
                    for (_, node) in hits {
                        if cat && node.is_dir() {
                            out.push_str(&format!("cat: {target}: Is a directory\n"));
                        } else {
                            print_node(node, 0, &mut out);
                        }
                    }
                }
            }
            "find" => {
                for path in effective(args) {
                    let hits = self.glob(&path);
                    if hits.is_empty() {
                        out.push_str(&format!("find: {path}: no such file or directory.\n"));
                    }
                    for (_, node) in hits {
                        let mut lines = Vec::new();
                        find(&path, node, &mut lines);
                        for l in lines {
                            out.push_str(&l);
                            out.push('\n');
                        }
                    }
                }
            }
            "cd" => {
                let target = args.first().cloned().unwrap_or_else(|| "/".to_string());
                let hits = self.glob(&target);
                if hits.is_empty() {
                    out.push_str(&format!("cd: {target}: no such directory.\n"));
                }
                for (path, node) in hits {
                    if node.is_dir() {
                        self.cwd = format!("/{}", path.join("/"));
                    } else {
                        out.push_str(&format!("cd: {target}: not a directory.\n"));
                    }
                }
            }
            "pwd" => {
                out.push_str(&self.cwd);
                out.push('\n');
            }
            "history" => {
                let n = args
                    .first()
                    .and_then(|n| n.parse::<i32>().ok())
                    .unwrap_or(i32::MAX)
                    .max(0) as usize;
                let len = self.history.len();
                let first = len.saturating_sub(n);
                for (i, line) in self.history.iter().enumerate().skip(first) {
                    out.push_str(&format!("{i:5}  {line}\n"));
                }
            }
            "exit" => self.exit = true,
            "help" => {
                let names: Vec<&str> = COMMANDS.iter().map(|(n, _, _)| *n).collect();
                let list = names.join(",");
                out.push_str("Welcome to the Apache Kafka metadata shell.\n\n");
                out.push_str(&format!(
                    "usage:  {{{list}}} ...\n\npositional arguments:\n  {{{list}}}\n"
                ));
                for (name, description, _) in COMMANDS {
                    if *name == "tree" {
                        out.push_str("    tree                 Show the contents  of  metadata  nodes  in  a tree\n                         structure.\n");
                    } else {
                        out.push_str(&format!("    {name:<21}{description}\n"));
                    }
                }
            }
            "man" => {
                let cmd = &args[0];
                match COMMANDS.iter().find(|(n, _, _)| n == cmd) {
                    None => out.push_str(&format!(
                        "man: unknown command {cmd}. Type help to get a list of commands.\n"
                    )),
                    Some((name, description, _)) => {
                        let (usage, positional) = usage_of(name);
                        out.push_str(&format!("{cmd}: {description}\n\nusage: {usage}\n"));
                        if let Some((arg, help)) = positional {
                            out.push_str(&format!("\npositional arguments:\n  {arg:<23}{help}\n"));
                        }
                    }
                }
            }
            _ => {}
        }
        out
    }

    /// `--output json`: `ls`, `cat`, `tree` and `find` as one JSON document.
    pub(crate) fn run_json(&mut self, words: &[String]) -> Value {
        let words = match self.parse(words, false) {
            Ok(Some(w)) => w,
            Ok(None) => return json!({}),
            Err(message) => return json!({ "error": message }),
        };
        let command = words[0].clone();
        let mut results = Vec::new();
        let targets = if matches!(command.as_str(), "ls" | "find") {
            effective(&words[1..])
        } else {
            words[1..].to_vec()
        };
        for target in targets {
            let hits = self.glob(&target);
            if hits.is_empty() {
                results.push(json!({"target": target, "error": "No such file or directory"}));
            }
            for (path, node) in hits {
                let abs = format!("/{}", path.join("/"));
                let value = match command.as_str() {
                    "ls" => match node {
                        Node::Dir(_) => json!(node.names()),
                        Node::File(_) => json!(last_component(&path)),
                    },
                    "find" => {
                        let mut lines = Vec::new();
                        find(&target, node, &mut lines);
                        json!(lines)
                    }
                    _ => node_json(node),
                };
                results.push(json!({"target": target, "path": abs, command.as_str(): value}));
            }
        }
        json!({ "command": command, "results": results })
    }

    /// Path completion (Java's `CommandUtils.completePath`): the candidates for a word, a
    /// directory with a trailing `/`.
    fn complete_path(&self, prefix: &str) -> Vec<String> {
        let absolute = if prefix.starts_with('/') {
            prefix.to_string()
        } else {
            format!("{}/{prefix}", self.cwd)
        };
        let parts = components(&absolute);
        let dirs = if prefix.ends_with('/') || prefix.is_empty() {
            parts.len()
        } else {
            parts.len().saturating_sub(1)
        };
        let mut node = self.root;
        for part in &parts[..dirs] {
            match node.child(part) {
                Some(child) if child.is_dir() => node = child,
                _ => return Vec::new(),
            }
        }
        let last = parts.get(dirs).map(String::as_str).unwrap_or("");
        let keep = prefix.rfind('/').map_or("", |i| &prefix[..=i]);
        node.names()
            .into_iter()
            .filter(|n| n.starts_with(last))
            .map(|n| {
                let slash = if node.child(n).is_some_and(Node::is_dir) {
                    "/"
                } else {
                    ""
                };
                format!("{keep}{n}{slash}")
            })
            .collect()
    }
}

/// Splits a line into words as JLine's default parser does (spaces, quotes, backslashes).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut has = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (_, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    has = true;
                }
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                has = true;
            }
            (None, c) if c.is_whitespace() => {
                if has || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            (None, c) => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Commands read as plain lines (stdin is not a terminal): Java's shell on a dumb terminal
/// prints its banner and a `>> ` prompt before each line, and stops at the end of input.
pub(crate) fn plain_lines(shell: &mut Shell<'_>, out: &mut Output) -> Result<()> {
    out.line("[ Kafka Metadata Shell ]")?;
    let stdin = io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        out.write_bytes(b">> ")?;
        out.flush()?;
        let Some(line) = lines.next() else {
            return Ok(());
        };
        let line = line?;
        shell.history.push(line.clone());
        let text = shell.run(&words(&line), None, true);
        out.write_bytes(text.as_bytes())?;
        if shell.exit {
            out.flush()?;
            return Ok(());
        }
    }
}

/// The candidates for the word before the cursor: commands first, then paths (or, after
/// `man`, commands), as Java's completer offers them.
fn candidates(shell: &Shell<'_>, before: &str) -> (usize, Vec<String>) {
    let start = before.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let word = &before[start..];
    let commands = || -> Vec<String> {
        COMMANDS
            .iter()
            .map(|(n, _, _)| (*n).to_string())
            .filter(|n| n.starts_with(word))
            .collect()
    };
    if before[..start].trim().is_empty() {
        return (start, commands());
    }
    let list = match before.split_whitespace().next().unwrap_or("") {
        "cat" | "cd" | "find" | "ls" | "tree" => shell.complete_path(word),
        "man" => commands(),
        _ => Vec::new(),
    };
    (start, list)
}

fn terminal_width() -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills a winsize; a failure leaves it zeroed.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

/// The terminal in raw mode (no echo, a byte at a time, Ctrl-C as a byte) until dropped.
struct RawMode(libc::termios);

impl RawMode {
    fn enter() -> Option<RawMode> {
        // SAFETY: tcgetattr/tcsetattr on stdin with a termios they fill.
        let mut saved: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut saved) } != 0 {
            return None;
        }
        let mut raw = saved;
        raw.c_lflag &= !(libc::ECHO | libc::ICANON | libc::ISIG | libc::IEXTEN);
        raw.c_iflag &= !(libc::IXON | libc::ICRNL);
        raw.c_cc[libc::VMIN] = 1;
        raw.c_cc[libc::VTIME] = 0;
        if unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw) } != 0 {
            return None;
        }
        Some(RawMode(saved))
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        // SAFETY: restores the attributes read in `enter`.
        unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &self.0) };
    }
}

/// What reading a line ended with.
enum Read {
    Line(String),
    Interrupt,
    Eof,
}

fn read_byte(stdin: &mut impl io::Read) -> Option<u8> {
    let mut b = [0u8; 1];
    match stdin.read(&mut b) {
        Ok(1) => Some(b[0]),
        _ => None,
    }
}

/// Reads one line with editing: backspace, Ctrl-U, up/down through the history, Tab to
/// complete (the common prefix; the choices listed when there are several).
fn read_line(shell: &Shell<'_>, out: &mut Output, history: &[String]) -> Result<Read> {
    let _raw = RawMode::enter();
    let mut stdin = io::stdin().lock();
    let mut line = String::new();
    let mut back = history.len();
    let redraw = |out: &mut Output, line: &str| -> Result<()> {
        out.write_bytes(format!("\r\x1b[2K>> {line}").as_bytes())?;
        out.flush()?;
        Ok(())
    };
    redraw(out, &line)?;
    loop {
        let Some(b) = read_byte(&mut stdin) else {
            return Ok(Read::Eof);
        };
        match b {
            b'\r' | b'\n' => {
                out.write_bytes(b"\r\n")?;
                out.flush()?;
                return Ok(Read::Line(line));
            }
            3 => {
                out.write_bytes(b"\r\n")?;
                return Ok(Read::Interrupt);
            }
            4 if line.is_empty() => {
                out.write_bytes(b"\r\n")?;
                return Ok(Read::Eof);
            }
            127 | 8 => {
                line.pop();
            }
            21 => line.clear(),
            b'\t' => {
                let (start, list) = candidates(shell, &line);
                if let Some(first) = list.first() {
                    let mut common = first.clone();
                    for c in &list[1..] {
                        while !c.starts_with(&common) {
                            common.pop();
                        }
                    }
                    if list.len() > 1 && common.len() <= line.len() - start {
                        out.write_bytes(b"\r\n")?;
                        out.write_bytes(list.join("  ").as_bytes())?;
                        out.write_bytes(b"\r\n")?;
                    }
                    line.truncate(start);
                    line.push_str(&common);
                    if list.len() == 1 && !common.ends_with('/') {
                        line.push(' ');
                    }
                }
            }
            0x1b => {
                let (Some(b'['), Some(arrow)) = (read_byte(&mut stdin), read_byte(&mut stdin))
                else {
                    continue;
                };
                match arrow {
                    b'A' if back > 0 => {
                        back -= 1;
                        line = history[back].clone();
                    }
                    b'B' if back < history.len() => {
                        back += 1;
                        line = history.get(back).cloned().unwrap_or_default();
                    }
                    _ => {}
                }
            }
            b if b >= 0x20 => {
                let mut bytes = vec![b];
                // The rest of a UTF-8 character.
                let extra = match b {
                    0xc0..=0xdf => 1,
                    0xe0..=0xef => 2,
                    0xf0..=0xf7 => 3,
                    _ => 0,
                };
                for _ in 0..extra {
                    bytes.extend(read_byte(&mut stdin));
                }
                line.push_str(&String::from_utf8_lossy(&bytes));
            }
            _ => {}
        }
        redraw(out, &line)?;
    }
}

/// The interactive shell on a terminal: `>> ` prompt, history, tab completion of commands and
/// paths; Ctrl-C prints `^C`, Ctrl-D (or `exit`) leaves.
pub(crate) fn interactive(shell: &mut Shell<'_>, out: &mut Output) -> Result<()> {
    out.line("[ Kafka Metadata Shell ]")?;
    out.flush()?;
    loop {
        let history = shell.history.clone();
        match read_line(shell, out, &history)? {
            Read::Line(line) => {
                if !line.trim().is_empty() {
                    shell.history.push(line.clone());
                }
                let text = shell.run(&words(&line), terminal_width(), true);
                out.write_bytes(text.as_bytes())?;
                out.flush()?;
                if shell.exit {
                    return Ok(());
                }
            }
            Read::Interrupt => {
                out.line("^C")?;
                out.flush()?;
            }
            Read::Eof => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn tree() -> Node {
        let leaf = |s: &str| Node::File(s.to_string());
        let mut topics = BTreeMap::new();
        topics.insert(
            "a".to_string(),
            Node::Dir(BTreeMap::from([("0".to_string(), leaf("p0"))])),
        );
        topics.insert("b".to_string(), Node::Dir(BTreeMap::new()));
        Node::Dir(BTreeMap::from([
            (
                "image".to_string(),
                Node::Dir(BTreeMap::from([("topics".to_string(), Node::Dir(topics))])),
            ),
            (
                "local".to_string(),
                Node::Dir(BTreeMap::from([("version".to_string(), leaf("4.4.0"))])),
            ),
        ]))
    }

    fn run(shell: &mut Shell<'_>, line: &str) -> String {
        shell.run(&words(line), None, true)
    }

    #[test]
    fn commands_print_as_java_does() {
        let root = tree();
        let mut s = Shell::new(&root);
        assert_eq!(run(&mut s, "ls"), "image\nlocal\n");
        assert_eq!(
            run(&mut s, "ls /image/topics/* /local/version"),
            "version\n\na:\n0\n"
        );
        assert_eq!(
            run(&mut s, "cat /image/topics/a/0 /image"),
            "p0\ncat: /image: Is a directory\n"
        );
        assert_eq!(run(&mut s, "tree /image/topics"), "a:\n  0:\n    p0\nb:\n");
        assert_eq!(
            run(&mut s, "find /image/topics"),
            "/image/topics\n/image/topics/a\n/image/topics/a/0\n/image/topics/b\n"
        );
        assert_eq!(run(&mut s, "cd image/topics"), "");
        assert_eq!(run(&mut s, "pwd"), "/image/topics\n");
        assert_eq!(run(&mut s, "cat ../../local/{version,x}"), "4.4.0\n");
        assert_eq!(run(&mut s, "cd /nope"), "cd: /nope: no such directory.\n");
        assert_eq!(run(&mut s, "ls -l"), "unrecognized arguments: '-l'\n");
        assert!(run(&mut s, "foo").starts_with("invalid choice: 'foo' (choose from 'cat', 'cd',"));
        assert_eq!(
            s.run(&words("pwd"), None, false),
            "invalid choice: 'pwd' (choose from 'cat', 'find', 'ls', 'tree')\n"
        );
    }

    #[test]
    fn ls_fills_columns_as_java_does() {
        let entries: Vec<String> = ["acls", "clientQuotas", "cluster", "configs", "features"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut out = String::new();
        ls_entries(&entries, "", Some(40), &mut out);
        // Three columns of two fit in 40 (Java keeps the padding after a short last column).
        assert_eq!(
            out,
            "acls          cluster  features\nclientQuotas  configs  \n"
        );
    }

    #[test]
    fn paths_complete_with_a_slash_on_directories() {
        let root = tree();
        let s = Shell::new(&root);
        assert_eq!(s.complete_path("/image/to"), vec!["/image/topics/"]);
        assert_eq!(
            s.complete_path("/image/topics/"),
            vec!["/image/topics/a/", "/image/topics/b/"]
        );
        assert_eq!(s.complete_path("lo"), vec!["local/"]);
    }

    #[test]
    fn globs_translate_as_java_does() {
        assert!(glob_regex("abc").is_none());
        assert!(glob_regex("a*").is_some_and(|r| r.is_match("abc")));
        assert!(glob_regex("{a,b}").is_some_and(|r| r.is_match("b") && !r.is_match("c")));
        assert!(glob_regex("{a,{b}}").is_none());
        assert!(glob_regex("a.?").is_some_and(|r| r.is_match("a.x") && !r.is_match("abx")));
    }
}
