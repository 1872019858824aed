//! The Java tools' topic pattern: a whole-name regex built from a user string (reference §1.7).

use anyhow::Result;
use regex::Regex;

use crate::error::usage;

/// Kafka's internal topics, which `--exclude-internal` hides.
pub(crate) const INTERNAL_TOPICS: &[&str] = &[
    "__consumer_offsets",
    "__transaction_state",
    "__share_group_state",
];

/// Whether `name` is one of Kafka's internal topics.
pub(crate) fn is_internal(name: &str) -> bool {
    INTERNAL_TOPICS.contains(&name)
}

/// A topic pattern as the Java tools read `--topic`.
#[derive(Debug, Clone)]
pub(crate) struct TopicPattern {
    regex: Regex,
    source: String,
}

impl TopicPattern {
    /// Normalises `raw` as Java does (trim, `,` → `|`, drop spaces, strip quotes) and compiles
    /// it to match whole names.
    pub(crate) fn parse(raw: &str) -> Result<Self> {
        let normalised: String = raw
            .trim()
            .replace(',', "|")
            .chars()
            .filter(|c| *c != ' ')
            .collect();
        let normalised = normalised
            .trim_start_matches(['"', '\''])
            .trim_end_matches(['"', '\''])
            .to_string();
        let regex = Regex::new(&format!("^(?:{normalised})$"))
            .map_err(|_| usage(format!("{normalised} is an invalid regex.")))?;
        Ok(Self {
            regex,
            source: normalised,
        })
    }

    /// Whether the pattern matches the whole of `name`.
    pub(crate) fn matches(&self, name: &str) -> bool {
        self.regex.is_match(name)
    }

    /// The normalised pattern text (for "does not exist" messages).
    #[allow(dead_code)]
    pub(crate) fn as_str(&self) -> &str {
        &self.source
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_spaces_and_quotes_are_normalised() {
        let p = TopicPattern::parse(" 'a, b' ").unwrap();
        assert!(p.matches("a") && p.matches("b") && !p.matches("ab"));
        assert_eq!(p.as_str(), "a|b");
    }

    #[test]
    fn the_pattern_matches_whole_names_and_dot_is_a_wildcard() {
        let p = TopicPattern::parse("my.topic").unwrap();
        assert!(p.matches("my.topic") && p.matches("myXtopic"));
        assert!(!p.matches("my.topic2") && !p.matches("xmy.topic"));
    }

    #[test]
    fn an_invalid_regex_is_a_usage_error() {
        let err = TopicPattern::parse("a(").unwrap_err();
        assert_eq!(err.to_string(), "a( is an invalid regex.");
    }
}
