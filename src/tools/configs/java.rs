//! What Java's collections and number printing decide in kafka-configs' quota output: the
//! iteration order of a `java.util.HashMap` (entities, quota values, the "Unexpected config
//! names" sets) and `Double.toString`.

/// Java's `String.hashCode` (over UTF-16 code units).
pub(crate) fn string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// Java's `HashMap.tableSizeFor`.
fn table_size_for(capacity: usize) -> usize {
    capacity.max(1).next_power_of_two()
}

/// The order in which a `java.util.HashMap` iterates keys with these hash codes, put in the
/// given order (keys distinct): `new HashMap<>(n)` with `initial = Some(n)`, `new HashMap<>()`
/// with `None`. A bucket keeps insertion order and resizes keep it too, so the final order is
/// the insertion order stably sorted by bucket index in the final table. (Buckets turned into
/// trees, from 8 colliding keys in a table of 64, are not modelled.)
pub(crate) fn hash_map_order<T>(items: Vec<(i32, T)>, initial: Option<usize>) -> Vec<T> {
    let (mut capacity, mut threshold) = match initial {
        None => (16usize, 12usize),
        Some(n) => {
            let c = table_size_for(n);
            (c, c * 3 / 4)
        }
    };
    for size in 1..=items.len() {
        if size > threshold {
            let old = capacity;
            capacity *= 2;
            threshold = if old >= 16 {
                threshold * 2
            } else {
                capacity * 3 / 4
            };
        }
    }
    let mask = capacity - 1;
    let mut keyed: Vec<(usize, T)> = items
        .into_iter()
        .map(|(h, item)| {
            let h = h as u32;
            ((h ^ (h >> 16)) as usize & mask, item)
        })
        .collect();
    keyed.sort_by_key(|(bucket, _)| *bucket);
    keyed.into_iter().map(|(_, item)| item).collect()
}

/// Keys in the order a `java.util.HashSet` built by adding them one by one iterates them.
pub(crate) fn hash_set_order(keys: &[String]) -> Vec<String> {
    let mut unique: Vec<&String> = Vec::new();
    for k in keys {
        if !unique.contains(&k) {
            unique.push(k);
        }
    }
    hash_map_order(
        unique
            .into_iter()
            .map(|k| (string_hash(k), k.clone()))
            .collect(),
        None,
    )
}

/// Java's `Double.toString`: plain decimal from 10^-3 up to 10^7, else `d.dddE±n`; always a
/// fractional digit; the shortest digits that read back as the same double.
pub(crate) fn double_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    // Rust's `{:e}` gives the shortest round-trip digits: "1.048576e7".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let abs = x.abs();
    if (1e-3..1e7).contains(&abs) {
        if exp >= 0 {
            let point = usize::try_from(exp).unwrap_or(0) + 1;
            let mut int = digits.chars().take(point).collect::<String>();
            while int.len() < point {
                int.push('0');
            }
            let frac: String = digits.chars().skip(point).collect();
            let frac = if frac.is_empty() { "0".into() } else { frac };
            format!("{sign}{int}.{frac}")
        } else {
            let zeros = "0".repeat(usize::try_from(-exp - 1).unwrap_or(0));
            format!("{sign}0.{zeros}{digits}")
        }
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let rest = if rest.is_empty() { "0" } else { rest };
        format!("{sign}{first}.{rest}E{exp}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_as_java() {
        assert_eq!(double_to_string(1024.0), "1024.0");
        assert_eq!(double_to_string(50.0), "50.0");
        assert_eq!(double_to_string(0.5), "0.5");
        assert_eq!(double_to_string(1.5e-3), "0.0015");
        assert_eq!(double_to_string(1e-4), "1.0E-4");
        assert_eq!(double_to_string(1e7), "1.0E7");
        assert_eq!(double_to_string(10485760.0), "1.048576E7");
        assert_eq!(double_to_string(9999999.0), "9999999.0");
        assert_eq!(double_to_string(-2.0), "-2.0");
        assert_eq!(double_to_string(0.0), "0.0");
        assert_eq!(double_to_string(f64::INFINITY), "Infinity");
    }

    #[test]
    fn string_hashes_are_javas() {
        assert_eq!(string_hash("bar"), 97299);
        assert_eq!(string_hash("foo"), 101574);
        assert_eq!(string_hash("xx"), 3840);
        assert_eq!(string_hash(""), 0);
        // Overflow wraps as in Java.
        assert_eq!(string_hash("producer_byte_rate"), -832_502_454);
    }

    #[test]
    fn hash_sets_iterate_as_javas() {
        // Orders seen from Java 4.4's kafka-configs ("Unexpected config names: ...").
        let keys = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            hash_set_order(&keys(&["foo", "bar", "baz"])),
            keys(&["bar", "foo", "baz"])
        );
        assert_eq!(
            hash_set_order(&keys(&["foo_bar", "xx"])),
            keys(&["xx", "foo_bar"])
        );
        assert_eq!(
            hash_set_order(&keys(&["foo", "SCRAM-SHA-256"])),
            keys(&["SCRAM-SHA-256", "foo"])
        );
    }

    #[test]
    fn quota_values_iterate_as_javas() {
        // Java printed "consumer_byte_rate=2048.0, producer_byte_rate=1024.0" for a map of two.
        let order = hash_map_order(
            vec![
                (string_hash("producer_byte_rate"), "producer_byte_rate"),
                (string_hash("consumer_byte_rate"), "consumer_byte_rate"),
            ],
            Some(2),
        );
        assert_eq!(order, ["consumer_byte_rate", "producer_byte_rate"]);
    }
}
