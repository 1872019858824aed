//! Java `.properties` parsing, byte-for-byte compatible with
//! `java.util.Properties.load(InputStream)`.
//!
//! This module owns the reading of `--command-config` / `--producer.config` /
//! `--consumer.config` style files and of `key=value` command-line words. It
//! knows nothing about Kafka: it only turns bytes into ordered `(key, value)`
//! pairs. Duplicates are kept in file order; callers apply last-wins.
//!
//! Rules reproduced from the Java implementation (`Properties.LineReader` and
//! `Properties.loadConvert`, verified against Java 17):
//!
//! * bytes are decoded as ISO-8859-1 (byte `0xNN` becomes `U+00NN`);
//! * natural lines end at `\n`, `\r` or `\r\n`;
//! * a natural line ending in an odd number of backslashes continues on the
//!   next one: that backslash and the terminator are removed, and the leading
//!   whitespace (space, `\t`, `\f`) of the next natural line is skipped;
//! * a backslash immediately before end of input is dropped;
//! * blank lines are ignored; a line whose first non-whitespace character is
//!   `#` or `!` is a comment, and a comment never continues;
//! * the key ends at the first unescaped `=`, `:` or whitespace; whitespace,
//!   at most one `=`/`:`, and more whitespace are then skipped; the rest of the
//!   line (trailing whitespace included) is the value;
//! * escapes `\t \n \r \f \uXXXX`; a backslash before any other character
//!   yields that character. A malformed `\u` escape is an error.

use std::fmt;
use std::path::Path;

use anyhow::Context as _;

/// Message Java uses for a bad `\u` escape (`IllegalArgumentException`).
const MALFORMED_UNICODE: &str = "Malformed \\uxxxx encoding.";

/// A syntax error in a properties file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PropertiesError {
    /// 1-based natural line number where the offending logical line starts.
    pub(crate) line: usize,
    /// What is wrong (Java's wording where Java has one).
    pub(crate) message: String,
}

impl fmt::Display for PropertiesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for PropertiesError {}

/// Parses the content of a properties file exactly like
/// `java.util.Properties.load(InputStream)`.
///
/// Returns the pairs in file order, duplicates included.
pub(crate) fn parse(input: &[u8]) -> Result<Vec<(String, String)>, PropertiesError> {
    // ISO-8859-1: every byte is the code point of the same value.
    let chars: Vec<char> = input.iter().map(|&b| char::from(b)).collect();
    let mut reader = LineReader::new(&chars);
    let mut out = Vec::new();
    while let Some((line, start)) = reader.read_line() {
        let (key, value) = split_line(&line);
        let key = load_convert(key).map_err(|message| PropertiesError {
            line: start,
            message,
        })?;
        let value = load_convert(value).map_err(|message| PropertiesError {
            line: start,
            message,
        })?;
        out.push((key, value));
    }
    Ok(out)
}

/// Reads and parses a properties file.
///
/// Errors read `cannot read properties file <path>: <io error>` or
/// `<path>: line N: <message>`.
pub(crate) fn load_file(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read properties file {}", path.display()))?;
    parse(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// The value of `key` in `props` (the last one wins, as in `java.util.Properties`).
pub(crate) fn value<'a>(props: &'a [(String, String)], key: &str) -> Option<&'a str> {
    props
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Splits a command-line `key=value` word at its first `=`.
///
/// No escape processing is done; a word without `=` yields `(word, "")`.
pub(crate) fn parse_key_value_word(word: &str) -> (String, String) {
    match word.split_once('=') {
        Some((k, v)) => (k.to_string(), v.to_string()),
        None => (word.to_string(), String::new()),
    }
}

/// Whitespace as understood by `Properties` (space, tab, form feed).
fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{c}'
}

/// Port of `java.util.Properties.LineReader`: yields logical lines with
/// comments, blank lines and continuations already handled (escapes are
/// still raw).
struct LineReader<'a> {
    /// The whole input, decoded.
    chars: &'a [char],
    /// Next position to read.
    pos: usize,
    /// Current 1-based natural line number of `pos`.
    line: usize,
}

impl<'a> LineReader<'a> {
    /// Creates a reader over decoded input.
    fn new(chars: &'a [char]) -> Self {
        LineReader {
            chars,
            pos: 0,
            line: 1,
        }
    }

    /// Consumes the next character, keeping the natural line count (a
    /// `\r\n` pair counts once).
    fn next_char(&mut self) -> Option<char> {
        let c = *self.chars.get(self.pos)?;
        self.pos += 1;
        let after_cr = self.pos >= 2 && self.chars.get(self.pos - 2) == Some(&'\r');
        if c == '\r' || (c == '\n' && !after_cr) {
            self.line += 1;
        }
        Some(c)
    }

    /// Returns the next logical line and the natural line number it starts
    /// on, or `None` at end of input. Mirrors `LineReader.readLine`.
    fn read_line(&mut self) -> Option<(Vec<char>, usize)> {
        let mut buf: Vec<char> = Vec::new();
        let mut skip_white_space = true;
        let mut appended_line_begin = false;
        let mut preceding_backslash = false;
        let mut start_line: Option<usize> = None;

        loop {
            let line_before = self.line;
            let Some(c) = self.next_char() else {
                // End of input.
                if buf.is_empty() {
                    return None;
                }
                if preceding_backslash {
                    buf.pop();
                }
                return Some((buf, start_line.unwrap_or(line_before)));
            };

            if skip_white_space {
                if is_ws(c) {
                    continue;
                }
                if !appended_line_begin && (c == '\r' || c == '\n') {
                    continue;
                }
                skip_white_space = false;
                appended_line_begin = false;
            }
            if buf.is_empty() && (c == '#' || c == '!') {
                // Comment: consume the rest of the natural line. Even a
                // trailing backslash does not continue it.
                loop {
                    match self.next_char() {
                        None => return None,
                        Some('\r' | '\n') => break,
                        Some(_) => {}
                    }
                }
                skip_white_space = true;
                continue;
            }
            if c != '\n' && c != '\r' {
                if buf.is_empty() && start_line.is_none() {
                    start_line = Some(line_before);
                }
                buf.push(c);
                preceding_backslash = c == '\\' && !preceding_backslash;
                continue;
            }
            // End of a natural line.
            if buf.is_empty() {
                skip_white_space = true;
                continue;
            }
            let start = start_line.unwrap_or(line_before);
            if self.pos >= self.chars.len() {
                if preceding_backslash {
                    buf.pop();
                }
                return Some((buf, start));
            }
            if !preceding_backslash {
                return Some((buf, start));
            }
            // Continuation: drop the backslash, skip the terminator (a whole
            // `\r\n`) and the next line's leading whitespace.
            buf.pop();
            skip_white_space = true;
            appended_line_begin = true;
            preceding_backslash = false;
            if c == '\r' && self.chars.get(self.pos) == Some(&'\n') {
                self.pos += 1;
            }
        }
    }
}

/// Splits a logical line into its raw (still escaped) key and value parts,
/// as `Properties.load0` does.
fn split_line(line: &[char]) -> (&[char], &[char]) {
    let limit = line.len();
    let mut key_len = 0;
    let mut value_start = limit;
    let mut has_sep = false;
    let mut preceding_backslash = false;
    while key_len < limit {
        let c = line[key_len];
        if (c == '=' || c == ':') && !preceding_backslash {
            value_start = key_len + 1;
            has_sep = true;
            break;
        } else if is_ws(c) && !preceding_backslash {
            value_start = key_len + 1;
            break;
        }
        if c == '\\' {
            preceding_backslash = !preceding_backslash;
        } else {
            preceding_backslash = false;
        }
        key_len += 1;
    }
    while value_start < limit {
        let c = line[value_start];
        if !is_ws(c) {
            if !has_sep && (c == '=' || c == ':') {
                has_sep = true;
            } else {
                break;
            }
        }
        value_start += 1;
    }
    (&line[..key_len], &line[value_start..])
}

/// Processes escapes, as `Properties.loadConvert` does.
///
/// `\uXXXX` escapes are UTF-16 code units; a surrogate pair forms one
/// character, and an unpaired surrogate (which Java would keep but a Rust
/// string cannot hold) becomes U+FFFD.
fn load_convert(raw: &[char]) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    // Pending UTF-16 code units from consecutive `\u` escapes.
    let mut units: Vec<u16> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        i += 1;
        if c != '\\' {
            flush_units(&mut units, &mut out);
            out.push(c);
            continue;
        }
        // A lone trailing backslash cannot reach here through `parse` (the
        // line reader strips it); keep it literally to be total.
        let Some(&e) = raw.get(i) else {
            flush_units(&mut units, &mut out);
            out.push('\\');
            break;
        };
        i += 1;
        if e == 'u' {
            if raw.len() < i + 4 {
                return Err(MALFORMED_UNICODE.to_string());
            }
            let mut value: u16 = 0;
            for &h in &raw[i..i + 4] {
                let digit = h
                    .to_digit(16)
                    .ok_or_else(|| MALFORMED_UNICODE.to_string())?;
                // `to_digit(16)` is < 16, so the cast is lossless.
                value = (value << 4) | digit as u16;
            }
            i += 4;
            units.push(value);
            continue;
        }
        flush_units(&mut units, &mut out);
        out.push(match e {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'f' => '\u{c}',
            other => other,
        });
    }
    flush_units(&mut units, &mut out);
    Ok(out)
}

/// Appends pending UTF-16 units to `out` (lossily for unpaired surrogates).
fn flush_units(units: &mut Vec<u16>, out: &mut String) {
    if !units.is_empty() {
        out.push_str(&String::from_utf16_lossy(units));
        units.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(input: &str) -> Vec<(String, String)> {
        parse(input.as_bytes()).unwrap()
    }

    fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn separators_and_whitespace() {
        assert_eq!(
            p("a=1\nb:2\nc 3\n  d = 4 \ne\t:\t5\nf  =  =6\ng\n"),
            kv(&[
                ("a", "1"),
                ("b", "2"),
                ("c", "3"),
                ("d", "4 "),
                ("e", "5"),
                ("f", "=6"),
                ("g", ""),
            ])
        );
    }

    #[test]
    fn key_value_separated_by_space_then_colon() {
        // Whitespace ends the key, then one ':' is still consumed.
        assert_eq!(p("key : value"), kv(&[("key", "value")]));
        assert_eq!(p("key value=x"), kv(&[("key", "value=x")]));
        assert_eq!(p("key=:v"), kv(&[("key", ":v")]));
    }

    #[test]
    fn comments_and_blank_lines() {
        assert_eq!(
            p("# c1\n! c2\n   # indented\n\n \t \x0c \nk=v # not a comment\n"),
            kv(&[("k", "v # not a comment")])
        );
    }

    #[test]
    fn comment_with_trailing_backslash_does_not_continue() {
        assert_eq!(p("# comment \\\nk=v\n"), kv(&[("k", "v")]));
        assert_eq!(p("! comment \\\r\nk=v"), kv(&[("k", "v")]));
    }

    #[test]
    fn continuation_lines() {
        assert_eq!(
            p("k = a,\\\n    b,\\\n\t\x0c c\nnext=1"),
            kv(&[("k", "a,b,c"), ("next", "1")])
        );
        // Continued line starting with '#' is not a comment.
        assert_eq!(p("k=a\\\n  #b"), kv(&[("k", "a#b")]));
        // Continuation inside the key.
        assert_eq!(p("ke\\\n  y=v"), kv(&[("key", "v")]));
    }

    #[test]
    fn even_backslashes_do_not_continue() {
        assert_eq!(p("k=a\\\\\nb=c"), kv(&[("k", "a\\"), ("b", "c")]));
        assert_eq!(p("k=a\\\\\\\nb"), kv(&[("k", "a\\b")]));
    }

    #[test]
    fn line_terminators() {
        assert_eq!(
            p("a=1\r\nb=2\rc=3\nd=4\\\r\n   5\\\r  6\\\n7"),
            kv(&[("a", "1"), ("b", "2"), ("c", "3"), ("d", "4567")])
        );
    }

    #[test]
    fn whitespace_only_continuation_ends_line() {
        // The continuation line is only whitespace: the logical line ends
        // there and the following line is a new entry.
        assert_eq!(p("k=v\\\n   \nx=y"), kv(&[("k", "v"), ("x", "y")]));
        assert_eq!(p("k=v\\\n\nx=y"), kv(&[("k", "v"), ("x", "y")]));
    }

    #[test]
    fn trailing_backslash_at_eof_is_dropped() {
        assert_eq!(p("k=v\\"), kv(&[("k", "v")]));
        assert_eq!(p("k=v\\\n"), kv(&[("k", "v")]));
        assert_eq!(p("k=v\\\\"), kv(&[("k", "v\\")]));
        assert_eq!(p("k\\"), kv(&[("k", "")]));
    }

    #[test]
    fn escapes() {
        assert_eq!(
            p("a\\=b\\:c\\ d=1\\t2\\n3\\r4\\f5\\\\6\\b7\\#8\\ \n"),
            kv(&[("a=b:c d", "1\t2\n3\r4\u{c}5\\6b7#8 ")])
        );
        assert_eq!(p("\\#notcomment=x"), kv(&[("#notcomment", "x")]));
        assert_eq!(p("\\ lead=x"), kv(&[(" lead", "x")]));
    }

    #[test]
    fn unicode_escapes() {
        assert_eq!(p("caf\\u00e9=\\u00E9t\\u00e9"), kv(&[("café", "été")]));
        // Surrogate pair combines into one character.
        assert_eq!(p("k=\\uD83D\\uDE00"), kv(&[("k", "\u{1F600}")]));
        // Unpaired surrogate cannot be represented: replacement character.
        assert_eq!(p("k=\\uD83Dx"), kv(&[("k", "\u{FFFD}x")]));
    }

    #[test]
    fn malformed_unicode_escape_is_error_with_line() {
        let err = parse(b"a=1\n\n# c\nk=\\u12\n").unwrap_err();
        assert_eq!(err.line, 4);
        assert_eq!(err.message, "Malformed \\uxxxx encoding.");
        assert_eq!(err.to_string(), "line 4: Malformed \\uxxxx encoding.");
        let err = parse(b"x=1\r\nk\\u00zz=1").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(parse(b"k=\\u").is_err());
    }

    #[test]
    fn error_line_counts_continuations_and_crlf() {
        let err = parse(b"a=1\\\r\n 2\r\n\r\nb=\\u1\\\n 23x").unwrap_err();
        assert_eq!(err.line, 4);
    }

    #[test]
    fn latin1_bytes_are_not_utf8() {
        // 0xE9 is 'é' in ISO-8859-1; UTF-8 "é" (C3 A9) becomes two chars.
        assert_eq!(parse(b"k=caf\xe9").unwrap(), kv(&[("k", "caf\u{e9}")]));
        assert_eq!(
            parse("k=café".as_bytes()).unwrap(),
            kv(&[("k", "caf\u{c3}\u{a9}")])
        );
    }

    #[test]
    fn duplicates_kept_in_order() {
        assert_eq!(
            p("a=1\nb=2\na=3"),
            kv(&[("a", "1"), ("b", "2"), ("a", "3")])
        );
    }

    #[test]
    fn empty_inputs() {
        assert!(p("").is_empty());
        assert!(p("\n\r\n  \n# only comment").is_empty());
        assert_eq!(p("=v"), kv(&[("", "v")]));
        assert_eq!(p(":"), kv(&[("", "")]));
    }

    #[test]
    fn odd_cases_verified_against_java() {
        // Each expectation was checked with Properties.load on Java 17.
        // A \u escape may span a continuation.
        assert_eq!(p("b=\\u1\\\n 234"), kv(&[("b", "\u{1234}")]));
        // A lone backslash line yields an empty key and value.
        assert_eq!(p("\\"), kv(&[("", "")]));
        // A line that is only a continuation backslash: the next line starts
        // afresh, so it can be a comment...
        assert_eq!(p("\\\n#x=y\nk=v\n"), kv(&[("k", "v")]));
        // ...or blank.
        assert_eq!(p("\\\n\nk=v\n"), kv(&[("k", "v")]));
        // Continuation across a lone '\r' followed by an empty line.
        assert_eq!(p("k=a\\\r\rb=c"), kv(&[("k", "a"), ("b", "c")]));
        // Escaped '=' produced by \u003d stays in the key.
        assert_eq!(p("k\\u003dx=1\n"), kv(&[("k=x", "1")]));
        // Comment ending in a backslash at end of input.
        assert!(p("# c\\").is_empty());
        // Escaped space at the start of a continuation line is kept.
        assert_eq!(p("k=a \\\n\\ b\n"), kv(&[("k", "a  b")]));
        // Continuation line starting with '!' is not a comment.
        assert_eq!(p("k=a\\\n!b\n"), kv(&[("k", "a!b")]));
        // Continuation then only whitespace at end of input.
        assert_eq!(p("k=v\\\n   "), kv(&[("k", "v")]));
        // Form feed is whitespace around keys and separators.
        assert_eq!(p("\x0ck\x0c=\x0cv\n"), kv(&[("k", "v")]));
    }

    #[test]
    fn key_value_word() {
        assert_eq!(
            parse_key_value_word("a=b=c"),
            ("a".to_string(), "b=c".to_string())
        );
        assert_eq!(
            parse_key_value_word("flag"),
            ("flag".to_string(), String::new())
        );
        assert_eq!(
            parse_key_value_word("k=\\t"),
            ("k".to_string(), "\\t".to_string())
        );
        assert_eq!(parse_key_value_word("=x"), (String::new(), "x".to_string()));
    }

    #[test]
    fn load_file_errors_name_the_path() {
        let dir = std::env::temp_dir().join(format!("props-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.properties");
        std::fs::write(&good, b"a=1\n").unwrap();
        assert_eq!(load_file(&good).unwrap(), kv(&[("a", "1")]));

        let bad = dir.join("bad.properties");
        std::fs::write(&bad, b"a=\\uXYZW\n").unwrap();
        let msg = format!("{:#}", load_file(&bad).unwrap_err());
        assert_eq!(
            msg,
            format!("{}: line 1: Malformed \\uxxxx encoding.", bad.display())
        );

        let missing = dir.join("missing.properties");
        let msg = format!("{:#}", load_file(&missing).unwrap_err());
        assert!(
            msg.starts_with(&format!(
                "cannot read properties file {}: ",
                missing.display()
            )),
            "{msg}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
