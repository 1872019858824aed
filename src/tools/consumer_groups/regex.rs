//! `--validate-regex`: checks a pattern as the broker will, for KIP-848 regex subscriptions.
//!
//! The broker compiles subscription patterns with RE2J (Go's RE2 syntax), and Java's tool prints
//! RE2's error text. regex-syntax parses the same syntax family; where the two differ we follow
//! RE2: `\Q...\E` quoting, a `{` that does not start a valid repeat is a literal, repeated flags
//! are allowed, nested repetition operators (`a**`, `a{2}{3}`) and repeat counts over 1000 are
//! errors, and an unknown POSIX class is a bad class range.

use regex_syntax::ast::{self, Ast, ErrorKind};

/// RE2's upper bound for a repeat count.
const MAX_REPEAT: u32 = 1000;

/// Java's line for `pattern`.
pub(crate) fn verdict(pattern: &str) -> String {
    match check(pattern) {
        Ok(()) => format!("The regular expression `{pattern}` is valid."),
        Err(reason) => format!("The regular expression `{pattern}` is invalid: {reason}."),
    }
}

/// `Ok` when RE2 accepts `pattern`, else RE2's description of the error.
fn check(pattern: &str) -> Result<(), &'static str> {
    let mut text = unquote(pattern);
    // Each rewrite removes one construct RE2 reads differently; a bound guards the loop.
    for _ in 0..=pattern.len() {
        let parsed = ast::parse::ParserBuilder::new()
            .nest_limit(1000)
            .build()
            .parse(&text);
        let tree = match parsed {
            Ok(tree) => tree,
            Err(err) => match rewrite(&text, &err) {
                Some(next) => {
                    text = next;
                    continue;
                }
                None => return Err(describe(err.kind())),
            },
        };
        check_tree(&tree)?;
        if unknown_posix_class(&text) {
            return Err("invalid character class range");
        }
        return regex_syntax::hir::translate::Translator::new()
            .translate(&text, &tree)
            .map(|_| ())
            .map_err(|_| "invalid character class range");
    }
    Err("invalid or unsupported Perl syntax")
}

/// Replaces `\Q...\E` (to the end when `\E` is missing) by the escaped text.
fn unquote(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("\\Q") {
        // A `\Q` preceded by an odd run of backslashes is an escaped backslash, not quoting.
        let backslashes = rest[..start]
            .chars()
            .rev()
            .take_while(|c| *c == '\\')
            .count();
        if backslashes % 2 == 1 {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            continue;
        }
        out.push_str(&rest[..start]);
        let quoted = &rest[start + 2..];
        let (literal, after) = match quoted.find("\\E") {
            Some(end) => (&quoted[..end], &quoted[end + 2..]),
            None => (quoted, ""),
        };
        out.push_str(&regex_syntax::escape(literal));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A rewrite of `text` that removes what RE2 accepts but regex-syntax rejects at `err`.
fn rewrite(text: &str, err: &ast::Error) -> Option<String> {
    let span = err.span();
    match err.kind() {
        // RE2: a `{` that does not open a well-formed repeat is a literal.
        ErrorKind::RepetitionCountUnclosed
        | ErrorKind::RepetitionCountDecimalEmpty
        | ErrorKind::DecimalEmpty => {
            // By bytes: the offset may fall inside a multi-byte character ('{' is one byte).
            let end = (span.start.offset + 1).min(text.len());
            let open = text
                .as_bytes()
                .get(..end)?
                .iter()
                .rposition(|&b| b == b'{')?;
            Some(format!("{}\\{{{}", &text[..open], &text[open + 1..]))
        }
        // RE2 allows a flag twice, `(?ii)`.
        ErrorKind::FlagDuplicate { .. } => Some(format!(
            "{}{}",
            &text[..span.start.offset],
            &text[span.end.offset..]
        )),
        _ => None,
    }
}

/// RE2's message for a regex-syntax error.
fn describe(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::GroupUnclosed => "missing closing )",
        // What RE2J says for an unmatched `)`.
        ErrorKind::GroupUnopened => "regexp/syntax: internal error",
        ErrorKind::ClassUnclosed => "missing closing ]",
        ErrorKind::ClassRangeInvalid => "invalid character class range",
        ErrorKind::RepetitionMissing => "missing argument to repetition operator",
        ErrorKind::RepetitionCountInvalid | ErrorKind::DecimalInvalid => "invalid repeat count",
        ErrorKind::EscapeUnexpectedEof => "trailing backslash at end of expression",
        ErrorKind::EscapeUnrecognized
        | ErrorKind::EscapeHexEmpty
        | ErrorKind::EscapeHexInvalid
        | ErrorKind::EscapeHexInvalidDigit
        | ErrorKind::ClassEscapeInvalid
        // `[a-\d]`: RE2 objects to the escape, not the range.
        | ErrorKind::ClassRangeLiteral
        | ErrorKind::UnsupportedBackreference => "invalid escape sequence",
        ErrorKind::GroupNameEmpty
        | ErrorKind::GroupNameInvalid
        | ErrorKind::GroupNameUnexpectedEof => "invalid named capture",
        ErrorKind::GroupNameDuplicate { .. } => "duplicate capture group name",
        ErrorKind::NestLimitExceeded(_) => "expression nests too deeply",
        _ => "invalid or unsupported Perl syntax",
    }
}

/// RE2's checks that regex-syntax does not make: nested repetition and repeat counts.
fn check_tree(tree: &Ast) -> Result<(), &'static str> {
    match tree {
        Ast::Repetition(rep) => {
            if let ast::RepetitionKind::Range(range) = &rep.op.kind {
                let (ast::RepetitionRange::Exactly(n)
                | ast::RepetitionRange::AtLeast(n)
                | ast::RepetitionRange::Bounded(_, n)) = *range;
                if n > MAX_REPEAT {
                    return Err("invalid repeat count");
                }
            }
            if matches!(*rep.ast, Ast::Repetition(_)) {
                return Err("invalid nested repetition operator");
            }
            check_tree(&rep.ast)
        }
        Ast::Group(group) => check_tree(&group.ast),
        Ast::Alternation(alt) => alt.asts.iter().try_for_each(check_tree),
        Ast::Concat(concat) => concat.asts.iter().try_for_each(check_tree),
        _ => Ok(()),
    }
}

/// Whether a bracket class holds `[:name:]` with a name POSIX does not define.
fn unknown_posix_class(text: &str) -> bool {
    const KNOWN: [&str; 14] = [
        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
        "space", "upper", "word", "xdigit",
    ];
    let mut rest = text;
    while let Some(start) = rest.find("[:") {
        let after = &rest[start + 2..];
        if let Some(end) = after.find(":]") {
            let name = after[..end].trim_start_matches('^');
            if !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphabetic())
                && !KNOWN.contains(&name)
            {
                return true;
            }
        }
        rest = after;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs checked against Kafka 4.4's `kafka-consumer-groups --validate-regex`.
    #[test]
    fn matches_javas_verdicts() {
        let cases: &[(&str, Option<&str>)] = &[
            ("foo.*", None),
            ("(?i)x", None),
            (r"a\d+", None),
            ("[[:alpha:]]", None),
            ("", None),
            ("(?<name>x)", None),
            ("a{", None),
            // A multi-byte character where the repeat count should be (a fuzzer's find).
            ("k{éé2Ge+fka", None),
            ("k{é", None),
            ("a{,5}", None),
            ("a{2", None),
            ("x{1000}", None),
            ("(?ii)x", None),
            ("[]a]", None),
            ("a*?", None),
            ("(?:a*)*", None),
            (r"\Q*\E", None),
            ("((((((((((((((((((((x))))))))))))))))))))", None),
            ("(", Some("missing closing )")),
            ("a{2,1}", Some("invalid repeat count")),
            ("[a", Some("missing closing ]")),
            ("a**", Some("invalid nested repetition operator")),
            ("*", Some("missing argument to repetition operator")),
            ("x\\", Some("trailing backslash at end of expression")),
            ("[z-a]", Some("invalid character class range")),
            (r"\q", Some("invalid escape sequence")),
            ("(?P<>x)", Some("invalid named capture")),
            (")", Some("regexp/syntax: internal error")),
            ("a{1001}", Some("invalid repeat count")),
            ("(?z)", Some("invalid or unsupported Perl syntax")),
            (r"\8", Some("invalid escape sequence")),
            ("a++", Some("invalid nested repetition operator")),
            ("[[:foo:]]", Some("invalid character class range")),
            (r"\pX", Some("invalid character class range")),
            ("x{2}{3}", Some("invalid nested repetition operator")),
            ("(?P<n>a)(?P<n>b)", Some("duplicate capture group name")),
            ("(?=x)", Some("invalid or unsupported Perl syntax")),
            (r"\Z", Some("invalid escape sequence")),
            ("(?i", Some("invalid or unsupported Perl syntax")),
            ("(?-)", Some("invalid or unsupported Perl syntax")),
            (r"\x{110000}", Some("invalid escape sequence")),
            (r"(a)\1", Some("invalid escape sequence")),
            (r"[a-\d]", Some("invalid escape sequence")),
        ];
        let mut wrong = Vec::new();
        for (pattern, expected) in cases {
            let got = check(pattern).err();
            if got != *expected {
                wrong.push(format!("{pattern:?}: expected {expected:?}, got {got:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert_eq!(
            verdict("("),
            "The regular expression `(` is invalid: missing closing )."
        );
        assert_eq!(verdict("x"), "The regular expression `x` is valid.");
    }
}
