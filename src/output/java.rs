//! Reproducing orderings the Java tools inherit from `java.util.HashMap`.
//!
//! Several Java tools print the entries of a `HashMap<String, _>` in its iteration order
//! (kafka-topics --describe: topics and config entries). That order is a function of the keys'
//! `String.hashCode`, the table capacity, and the insertion order within a bucket; this module
//! computes it so that our text output lists things in the same order.
//!
//! Also Java's `ToolsUtils.prettyPrintTable` ([`pretty_table`]), the table several tools print,
//! and `%-Ns` padding ([`pad`]).

/// How the Java map was created, which decides its final table capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JavaMap {
    /// `new HashMap<>()`: 16 buckets, doubled whenever size exceeds 0.75 × capacity.
    Default,
    /// `new HashMap<>(n)` with `n` the final size: `tableSizeFor(n)`, then the same growth.
    Presized,
    /// A copy of another collection (`new HashMap<>(map)`, `new HashSet<>(collection)`):
    /// `tableSizeFor(max(n / 0.75 + 1, 16))`.
    Copied,
}

/// Java's `String.hashCode` over UTF-16 code units.
pub(crate) fn string_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// The capacity a map of `len` entries ends with.
fn capacity(len: usize, kind: JavaMap) -> usize {
    let mut cap = match kind {
        JavaMap::Default => 16,
        JavaMap::Presized => len.max(1).next_power_of_two(),
        JavaMap::Copied => ((len as f64 / 0.75) as usize + 1)
            .max(16)
            .next_power_of_two(),
    };
    while len * 4 > cap * 3 {
        cap *= 2;
    }
    cap
}

/// Returns `keys` (given in insertion order) in the iteration order of a Java `HashMap`.
pub(crate) fn hash_order<T, F: Fn(&T) -> &str>(items: Vec<T>, kind: JavaMap, key: F) -> Vec<T> {
    hash_order_by(items, kind, |item| string_hash(key(item)))
}

/// Java's `TopicPartition.hashCode`: `31 * (31 + partition) + topic.hashCode()`.
pub(crate) fn topic_partition_hash(topic: &str, partition: i32) -> i32 {
    31i32
        .wrapping_add(partition)
        .wrapping_mul(31)
        .wrapping_add(string_hash(topic))
}

/// Like [`hash_order`], for keys whose Java `hashCode` is given by `hash`.
pub(crate) fn hash_order_by<T, F: Fn(&T) -> i32>(items: Vec<T>, kind: JavaMap, hash: F) -> Vec<T> {
    let cap = capacity(items.len(), kind);
    let mut indexed: Vec<(usize, usize, T)> = items
        .into_iter()
        .enumerate()
        .map(|(insertion, item)| {
            let h = hash(&item) as u32;
            let spread = h ^ (h >> 16);
            (spread as usize & (cap - 1), insertion, item)
        })
        .collect();
    indexed.sort_by_key(|(bucket, insertion, _)| (*bucket, *insertion));
    indexed.into_iter().map(|(_, _, item)| item).collect()
}

/// Java's `%-Ns`: `s` padded with spaces on the right to `width` UTF-16 units.
pub(crate) fn pad(s: &str, width: usize) -> String {
    let len = s.encode_utf16().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(len)))
}

/// Java's `ToolsUtils.prettyPrintTable`: the header and each row on a line, every cell padded
/// with spaces to its column's widest value (header included) and followed by a tab.
pub(crate) fn pretty_table<S: AsRef<str>>(headers: &[&str], rows: &[Vec<S>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.as_ref().chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        for (cell, width) in cells.zip(&widths) {
            out.push_str(cell);
            out.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
            out.push('\t');
        }
        out.push('\n');
    };
    line(&mut headers.iter().copied());
    for row in rows {
        line(&mut row.iter().map(AsRef::as_ref));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_tables_pad_and_end_every_cell_with_a_tab() {
        let rows = vec![vec!["a-long-id", "1"], vec!["b", "22"]];
        assert_eq!(
            pretty_table(&["TransactionalId", "Coordinator"], &rows),
            "TransactionalId\tCoordinator\t\na-long-id      \t1          \t\nb              \t22         \t\n"
        );
        assert_eq!(pretty_table::<&str>(&["A"], &[]), "A\t\n");
    }

    #[test]
    fn string_hash_matches_java() {
        // Values from Java's "...".hashCode().
        assert_eq!(string_hash(""), 0);
        assert_eq!(string_hash("a"), 97);
        assert_eq!(string_hash("hello"), 99162322);
        assert_eq!(string_hash("min.insync.replicas"), 268_940_301);
        assert_eq!(string_hash("\u{e9}t\u{e9}"), 227_742);
    }

    #[test]
    fn capacity_grows_like_java() {
        assert_eq!(capacity(0, JavaMap::Default), 16);
        assert_eq!(capacity(12, JavaMap::Default), 16);
        assert_eq!(capacity(13, JavaMap::Default), 32);
        assert_eq!(capacity(3, JavaMap::Presized), 4);
        assert_eq!(capacity(4, JavaMap::Presized), 8);
        assert_eq!(capacity(50, JavaMap::Presized), 128);
        assert_eq!(capacity(12, JavaMap::Copied), 32);
        assert_eq!(capacity(3, JavaMap::Copied), 16);
    }

    #[test]
    fn a_copied_map_reorders_bucket_ties_as_java_does() {
        // From Java: 12 names inserted sorted into a copy (32 buckets), then into a map presized
        // for 12 (16 buckets), iterate as below (the order TopicCommand --describe prints).
        let mut names: Vec<String> = (0..12)
            .map(|i| format!("desc-1834-11f05e5e-22-{i}"))
            .collect();
        names.sort();
        let order = hash_order(
            hash_order(names, JavaMap::Copied, |s| s),
            JavaMap::Presized,
            |s| s,
        );
        let suffixes: Vec<&str> = order
            .iter()
            .map(|s| s.rsplit('-').next().unwrap())
            .collect();
        assert_eq!(
            suffixes,
            ["7", "8", "9", "3", "4", "5", "11", "6", "10", "0", "1", "2"]
        );
    }

    #[test]
    fn order_is_by_bucket_then_insertion() {
        // "a" (97) and "q" (113) share bucket 1 of 16; "b" is bucket 2.
        let order = hash_order(vec!["b", "q", "a"], JavaMap::Default, |s| s);
        assert_eq!(order, vec!["q", "a", "b"]);
    }
}
