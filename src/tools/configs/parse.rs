//! The `--add-config` and `--delete-config` grammars of Java's ConfigCommand (reference
//! kafka-tools.md §6.2).

use anyhow::Result;

use crate::error::usage;

/// Java splits at a separator only when it is outside `[...]`: its regex lookahead
/// `(?=[^\]]*(?:\[|$))` accepts a position when the text after it reaches a `[` or the end
/// before any `]`.
fn outside_brackets(text: &str, after: usize) -> bool {
    let rest = &text[after..];
    match rest.find(']') {
        None => true,
        Some(close) => rest[..close].contains('['),
    }
}

/// Splits `text` at each `sep` outside brackets, keeping empty pieces (Java's limit -1).
fn split_outside(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == sep && outside_brackets(text, i + c.len_utf8()) {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Parses `k1=v1,k2=[v1,v2]` into (key, value) pairs, a later key replacing an earlier one.
pub(crate) fn add_config(text: &str) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    // Java's String.split drops trailing empty strings when no limit is given (the comma split).
    let mut items = split_outside(text, ',');
    while items.last().is_some_and(|s| s.is_empty()) {
        items.pop();
    }
    for item in items {
        let parts = split_outside(item, '=');
        let [key, value] = parts.as_slice() else {
            return Err(usage(
                "Invalid entity config: all configs to be added must be in the format \"key=val\" or  \"key=[val1,val2]\" to group values which contain commas.",
            ));
        };
        let key = key.trim().to_string();
        let value = value.replace(['[', ']'], "").trim().to_string();
        check_key(&key)?;
        out.retain(|(k, _)| *k != key);
        out.push((key, value));
    }
    Ok(out)
}

/// Checks a config key as Java's `validatePropsKey`.
pub(super) fn check_key(key: &str) -> Result<()> {
    if key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '$' | '.' | '_' | '-'))
    {
        Ok(())
    } else {
        Err(usage(format!(
            "Invalid character found for config key: {key}"
        )))
    }
}

/// The keys of every `--delete-config` (comma-separated, trimmed).
pub(super) fn delete_config(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        add_config(text).unwrap()
    }

    #[test]
    fn brackets_group_values_with_commas() {
        assert_eq!(
            pairs("a=1, b = [x,y] ,c="),
            vec![
                ("a".to_string(), "1".to_string()),
                ("b".to_string(), "x,y".to_string()),
                ("c".to_string(), String::new()),
            ]
        );
        assert_eq!(
            pairs("listener=[a=b]"),
            vec![("listener".to_string(), "a=b".to_string())]
        );
        assert_eq!(pairs("a=1,a=2"), vec![("a".to_string(), "2".to_string())]);
    }

    #[test]
    fn bad_items_get_java_messages() {
        let msg = add_config("a=b=c").unwrap_err().to_string();
        assert!(msg.contains("\"key=val\" or  \"key=[val1,val2]\""), "{msg}");
        assert!(add_config("novalue").is_err());
        assert_eq!(
            add_config("a b=1").unwrap_err().to_string(),
            "Invalid character found for config key: a b"
        );
    }

    #[test]
    fn delete_keys_are_split_and_trimmed() {
        assert_eq!(
            delete_config(&["a, b".to_string(), "c,".to_string()]),
            vec!["a", "b", "c"]
        );
    }
}
