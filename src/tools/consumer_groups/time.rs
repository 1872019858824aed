//! `--to-datetime` and `--by-duration` values, parsed as Java's `Utils.getDateTime` and
//! `java.time.Duration.parse` parse them, and the wall-clock time `--watch` shows.
//!
//! A bad value is a runtime failure, as in Java (which parses it only once the partitions are
//! known): the messages are the text Java prints after `failed due to`.

use std::sync::LazyLock;

pub(crate) use crate::common::now_ms;
use anyhow::{anyhow, Result};
use regex::Regex;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
///
/// Returns `None` for a month outside 1..=12 or a day outside 1..=31 (a day past the month's
/// end rolls over), and when the count does not fit an `i64`.
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let y = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era.checked_mul(146_097)?
        .checked_add(doe)?
        .checked_sub(719_468)
}

/// The number of days of `month` (1..=12) in the proleptic Gregorian `year`.
pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Milliseconds since the epoch of a UTC date and a time of day in milliseconds, or `None`
/// beyond `i64` (or for a month or day [`days_from_civil`] refuses).
pub(crate) fn civil_ms(year: i64, month: i64, day: i64, ms_of_day: i64) -> Option<i64> {
    days_from_civil(year, month, day)?
        .checked_mul(86_400_000)?
        .checked_add(ms_of_day)
}

/// The proleptic Gregorian date `(year, month, day)` of a day count since 1970-01-01 (the
/// inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `ms` since the epoch as `YYYY-MM-DD hh:mm:ss UTC` (UTC: no time-zone database needed).
pub(super) fn utc_text(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let of_day = secs.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// `yyyy-MM-dd'T'HH:mm:ss.SSS` as `SimpleDateFormat` reads it: each field a run of digits of
/// any width. Built once (the fuzz target calls the parser millions of times).
static DATETIME: LazyLock<Result<Regex, regex::Error>> = LazyLock::new(|| {
    Regex::new(r"^([0-9]+)-([0-9]+)-([0-9]+)T([0-9]+):([0-9]+):([0-9]+)\.([0-9]+)")
});

/// Parses `--to-datetime` into milliseconds since the epoch, as Kafka's `Utils.getDateTime`:
/// a strict (non-lenient) `SimpleDateFormat` with `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`, then
/// `...SSSX`.
///
/// The text must contain `T`; without `+`, `-` or `Z` after it, UTC is assumed. Fields have any
/// number of digits but must be in range (day within its month, seconds up to 59, year from 1);
/// the zone is `Z`, `±HH:MM` from -13:00 to +14:00 (GregorianCalendar's range), or else `±HH`
/// with anything after the hours ignored (Java's fallback pattern `X`); text after the zone is
/// ignored. A date beyond the `i64` milliseconds is unparseable, as in Java.
pub(crate) fn parse_datetime(text: &str) -> Result<i64> {
    // Java splits at every 'T', drops trailing empty parts, needs two parts and looks for a
    // zone in the second part only.
    let mut parts = text.split('T').skip(1);
    let second = parts.next().unwrap_or_default();
    if second.is_empty() && !parts.any(|p| !p.is_empty()) {
        // Java wraps the ParseException in a RuntimeException, whose message names the class.
        return Err(anyhow!(
            "java.text.ParseException: Error parsing timestamp. It does not contain a 'T' according to ISO8601 format"
        ));
    }
    let full = if second.contains(['+', '-', 'Z']) {
        text.to_string()
    } else {
        format!("{text}Z")
    };
    let unparseable = || anyhow!("java.text.ParseException: Unparseable date: \"{full}\"");
    let re = DATETIME
        .as_ref()
        .map_err(|e| anyhow!("datetime pattern: {e}"))?;
    let caps = re.captures(&full).ok_or_else(unparseable)?;
    let mut fields = [0i64; 7];
    for (i, field) in fields.iter_mut().enumerate() {
        // More digits than an i64 holds are beyond every field's range.
        *field = caps
            .get(i + 1)
            .and_then(|m| m.as_str().parse().ok())
            .ok_or_else(unparseable)?;
    }
    let [year, month, day, hour, minute, second, milli] = fields;
    if year < 1
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
        || milli > 999
    {
        return Err(unparseable());
    }
    let rest = caps.get(0).map_or("", |m| &full[m.end()..]);
    let offset_minutes = zone_minutes(rest).ok_or_else(unparseable)?;
    let ms_of_day = ((hour * 60 + minute) * 60 + second) * 1000 + milli;
    civil_ms(year, month, day, ms_of_day)
        .and_then(|ms| ms.checked_sub(offset_minutes * 60_000))
        .ok_or_else(unparseable)
}

/// The UTC offset in minutes of the zone at the start of `zone`, as a strict
/// `SimpleDateFormat` reads it: `XXX` (`Z` or `±HH:MM`) within GregorianCalendar's
/// -13:00..=+14:00, else `X` (`±HH`, the rest ignored) within the same range.
fn zone_minutes(zone: &str) -> Option<i64> {
    let b = zone.as_bytes();
    let sign = match b.first()? {
        b'Z' => return Some(0),
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let two_digits = |at: usize| -> Option<i64> {
        match b.get(at..at + 2)? {
            [h, l] if h.is_ascii_digit() && l.is_ascii_digit() => {
                Some(i64::from(h - b'0') * 10 + i64::from(l - b'0'))
            }
            _ => None,
        }
    };
    let in_range = |m: &i64| (-13 * 60..=14 * 60).contains(m);
    let hours = two_digits(1).filter(|h| *h <= 23)?;
    if b.get(3) == Some(&b':') {
        let with_minutes = two_digits(4)
            .filter(|m| *m <= 59)
            .map(|m| sign * (hours * 60 + m))
            .filter(in_range);
        if with_minutes.is_some() {
            return with_minutes;
        }
    }
    Some(sign * hours * 60).filter(in_range)
}

/// Nanoseconds in a second.
const NANOS: i64 = 1_000_000_000;

/// A `java.time.Duration` or `Instant`: seconds and nanoseconds in `0..NANOS` (the same
/// arithmetic serves both).
type SecondsNanos = (i64, i64);

/// `java.time.Duration.parse`'s grammar, ASCII case-insensitive as Java's `CASE_INSENSITIVE`.
/// Built once.
static DURATION: LazyLock<Result<Regex, regex::Error>> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)^([-+]?)P(?:([-+]?[0-9]+)D)?(T(?:([-+]?[0-9]+)H)?(?:([-+]?[0-9]+)M)?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?S)?)?$",
    )
});

/// Parses an ISO-8601 duration as `java.time.Duration.parse` (`PnDTnHnMn.nS`, signs allowed):
/// every field in seconds with overflow checks, named in the message as Java names it.
fn parse_duration(text: &str) -> Result<SecondsNanos> {
    let re = DURATION
        .as_ref()
        .map_err(|e| anyhow!("duration pattern: {e}"))?;
    // Java prints the DateTimeParseException's own message, without the class name.
    let bad = || anyhow!("Text cannot be parsed to a Duration");
    let caps = re.captures(text).ok_or_else(bad)?;
    let any = [2, 4, 5, 6].iter().any(|i| caps.get(*i).is_some());
    // Java refuses an upper-case T with nothing after it ("PT", "P1DT"), and anything without
    // a field.
    if !any || caps.get(3).is_some_and(|t| t.as_str() == "T") {
        return Err(bad());
    }
    let field = |i: usize, what: &str, unit: i64| -> Result<i64> {
        caps.get(i).map_or(Ok(0), |m| {
            m.as_str()
                .parse::<i64>()
                .ok()
                .and_then(|v| v.checked_mul(unit))
                .ok_or_else(|| anyhow!("Text cannot be parsed to a Duration: {what}"))
        })
    };
    let days = field(2, "days", 86_400)?;
    let hours = field(4, "hours", 3_600)?;
    let minutes = field(5, "minutes", 60)?;
    let seconds = field(6, "seconds", 1)?;
    // Up to nine digits of a second, signed as the seconds are.
    let fraction = caps.get(7).map_or(0, |m| {
        let digits = format!("{:0<9}", m.as_str());
        digits.parse::<i64>().unwrap_or(0)
    });
    let fraction = if caps.get(6).is_some_and(|m| m.as_str().starts_with('-')) {
        -fraction
    } else {
        fraction
    };
    let overflow = || anyhow!("Text cannot be parsed to a Duration: overflow");
    // Duration.ofSeconds(seconds, nanos) normalises a negative fraction into the seconds.
    let total = days
        .checked_add(hours)
        .and_then(|s| s.checked_add(minutes))
        .and_then(|s| s.checked_add(seconds))
        .and_then(|s| s.checked_add(fraction.div_euclid(NANOS)))
        .ok_or_else(overflow)?;
    let duration = (total, fraction.rem_euclid(NANOS));
    if caps.get(1).is_some_and(|m| m.as_str() == "-") {
        negated(duration).map_err(|_| overflow())
    } else {
        Ok(duration)
    }
}

/// `Duration.negated()`: only `Long.MIN_VALUE` whole seconds cannot be negated.
fn negated((secs, nanos): SecondsNanos) -> Result<SecondsNanos> {
    if nanos == 0 {
        let secs = secs.checked_neg().ok_or_else(|| {
            anyhow!(
                "Exceeds capacity of Duration: {}",
                -i128::from(secs) * i128::from(NANOS)
            )
        })?;
        Ok((secs, 0))
    } else {
        Ok((-1 - secs, NANOS - nanos))
    }
}

/// `Instant.plus(seconds, nanos)`: `long overflow` beyond `i64`, then Java's range check.
fn instant_plus(
    (secs, nanos): SecondsNanos,
    add_secs: i64,
    add_nanos: i64,
) -> Result<SecondsNanos> {
    // java.time.Instant's range in seconds.
    const MIN_SECOND: i64 = -31_557_014_167_219_200;
    const MAX_SECOND: i64 = 31_556_889_864_403_199;
    if add_secs == 0 && add_nanos == 0 {
        return Ok((secs, nanos));
    }
    let adjustment = nanos + add_nanos % NANOS;
    let secs = secs
        .checked_add(add_secs)
        .and_then(|s| s.checked_add(add_nanos / NANOS))
        .and_then(|s| s.checked_add(adjustment.div_euclid(NANOS)))
        .ok_or_else(long_overflow)?;
    let nanos = adjustment.rem_euclid(NANOS);
    if (secs != 0 || nanos != 0) && !(MIN_SECOND..=MAX_SECOND).contains(&secs) {
        return Err(instant_overflow());
    }
    Ok((secs, nanos))
}

/// `Instant.minus(amount, unit)`: `Long.MIN_VALUE` is added as `Long.MAX_VALUE`, then 1.
fn instant_minus(at: SecondsNanos, amount: i64, nanos_unit: bool) -> Result<SecondsNanos> {
    let plus = |at, n: i64| {
        if nanos_unit {
            instant_plus(at, 0, n)
        } else {
            instant_plus(at, n, 0)
        }
    };
    match amount.checked_neg() {
        Some(n) => plus(at, n),
        None => plus(plus(at, i64::MAX)?, 1),
    }
}

/// `--by-duration`: the time `text` (a duration) before `now_ms`, in milliseconds since the
/// epoch, with Java's failures in Java's order (`ConsumerGroupCommand` first adds the negated
/// duration to now, then subtracts the duration, then takes the milliseconds):
/// `Text cannot be parsed to a Duration...`, `Exceeds capacity of Duration: ...`,
/// `long overflow`, `Instant exceeds minimum or maximum instant`.
pub(crate) fn ms_ago(text: &str, now_ms: i64) -> Result<i64> {
    let duration = parse_duration(text)?;
    let now = (now_ms.div_euclid(1000), now_ms.rem_euclid(1000) * 1_000_000);
    let back = negated(duration)?;
    instant_plus(instant_plus(now, back.0, 0)?, 0, back.1)?;
    let at = instant_minus(now, duration.0, false)?;
    let (secs, nanos) = instant_minus(at, duration.1, true)?;
    // Instant.toEpochMilli.
    let ms = if secs < 0 && nanos > 0 {
        secs.checked_add(1)
            .and_then(|s| s.checked_mul(1000))
            .and_then(|ms| ms.checked_add(nanos / 1_000_000 - 1000))
    } else {
        secs.checked_mul(1000)
            .and_then(|ms| ms.checked_add(nanos / 1_000_000))
    };
    ms.ok_or_else(long_overflow)
}

/// Java's `Math.*Exact` message.
fn long_overflow() -> anyhow::Error {
    anyhow!("long overflow")
}

/// Java's message for a time beyond `Instant`'s range.
fn instant_overflow() -> anyhow::Error {
    anyhow!("Instant exceeds minimum or maximum instant")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_parse_like_java() {
        assert_eq!(parse_datetime("1970-01-01T00:00:00.000").unwrap(), 0);
        assert_eq!(
            parse_datetime("2024-02-29T12:34:56.789Z").unwrap(),
            1_709_210_096_789
        );
        assert_eq!(
            parse_datetime("2024-02-29T14:34:56.789+02:00").unwrap(),
            1_709_210_096_789
        );
        assert_eq!(
            parse_datetime("2024-02-29T10:34:56.789-0200").unwrap(),
            1_709_210_096_789
        );
        assert_eq!(
            parse_datetime("2024-02-29 12:34:56")
                .unwrap_err()
                .to_string(),
            "java.text.ParseException: Error parsing timestamp. It does not contain a 'T' according to ISO8601 format"
        );
        assert!(parse_datetime("2024-02-29T12:34:56")
            .unwrap_err()
            .to_string()
            .contains("Unparseable date: \"2024-02-29T12:34:56Z\""));
    }

    /// The message of a date Java's strict SimpleDateFormat refuses.
    fn unparseable(text: &str) -> String {
        format!("java.text.ParseException: Unparseable date: \"{text}\"")
    }

    /// Out-of-range fields and zones fail as Kafka 4.4's kafka-consumer-groups --to-datetime
    /// fails (each case checked on the test bed), and nothing overflows.
    #[test]
    fn datetimes_out_of_range_fail_like_java() {
        let err = |text: &str| parse_datetime(text).unwrap_err().to_string();
        for bad in [
            "2024-13-01T00:00:00.000",
            "2024-02-30T00:00:00.000",
            "2023-02-29T00:00:00.000",
            "2024-01-01T24:00:00.000",
            "2024-01-01T00:60:00.000",
            "2024-01-01T00:00:60.000",
            "2024-01-01T00:00:00.1234",
            "0000-01-01T00:00:00.000",
            "+2024-01-01T00:00:00.000",
            "999999999999-01-01T00:00:00.000",
            "292278994-12-31T23:59:59.999",
            "99999999999999999999999-01-01T00:00:00.000",
        ] {
            assert_eq!(err(bad), unparseable(&format!("{bad}Z")), "{bad}");
        }
        for bad in [
            "2024-01-01T00:00:00.000+23:59",
            "2024-01-01T00:00:00.000+24:00",
            "2024-01-01T00:00:00.000+99:00",
            "2024-01-01T00:00:00.000-14:00",
            "2024-01-01T00:00:00.000+1",
            // Multi-byte text: Java's zone digits are ASCII only; nothing is cut inside a
            // character.
            "2024-01-01T00:00:00.000+\u{663}\u{663}",
            "2024-01-01T00:00:00.000+0\u{e9}",
            "2024-01-01T00:00:00.000\u{1f600}+00:00",
        ] {
            assert_eq!(err(bad), unparseable(bad), "{bad}");
        }
        assert!(err("2024T").contains("It does not contain a 'T'"));
        assert!(err("T").contains("It does not contain a 'T'"));
        // i64 milliseconds: Date's last millisecond parses, the next one does not.
        assert_eq!(
            parse_datetime("292278994-08-17T07:12:55.807Z").unwrap(),
            i64::MAX
        );
        assert!(parse_datetime("292278994-08-17T07:12:55.808Z").is_err());
        assert!(parse_datetime("292278994-08-17T07:12:55.807-00:01").is_err());
    }

    /// What Java's strict SimpleDateFormat accepts besides the documented form.
    #[test]
    fn datetimes_accept_what_java_accepts() {
        let ms = |text: &str| parse_datetime(text).unwrap();
        let new_year = 1_704_067_200_000; // 2024-01-01T00:00:00Z
                                          // Fields of any width (Java read "2024-1-1T0:0:0.5" on the test bed); S is a count.
        assert_eq!(ms("2024-1-1T0:0:0.5"), new_year + 5);
        assert_eq!(ms("02024-01-01T00:00:00.000"), new_year);
        assert_eq!(ms("10000-01-01T00:00:00.000"), 253_402_300_800_000);
        assert_eq!(ms("2024-02-29T00:00:00.000"), new_year + 59 * 86_400_000);
        // Text after the zone is ignored.
        assert_eq!(ms("2024-01-01T00:00:00.000Zxyz"), new_year);
        // Zones from -13:00 to +14:00; beyond, or without a colon, Java's fallback pattern X
        // takes the hours only.
        assert_eq!(
            ms("2024-01-01T00:00:00.000+14:00"),
            new_year - 14 * 3_600_000
        );
        assert_eq!(
            ms("2024-01-01T00:00:00.000+14:30"),
            new_year - 14 * 3_600_000
        );
        assert_eq!(ms("2024-01-01T00:00:00.000+0530"), new_year - 5 * 3_600_000);
        assert_eq!(ms("2024-01-01T00:00:00.000+05:30"), new_year - 330 * 60_000);
        assert_eq!(
            ms("2024-01-01T00:00:00.000-13:00"),
            new_year + 13 * 3_600_000
        );
        assert_eq!(
            ms("2024-01-01T00:00:00.000-13:59"),
            new_year + 13 * 3_600_000
        );
    }

    #[test]
    fn utc_text_inverts_the_datetime_parser() {
        assert_eq!(utc_text(0), "1970-01-01 00:00:00 UTC");
        let ms = parse_datetime("2024-02-29T12:34:56.789Z").unwrap();
        assert_eq!(utc_text(ms), "2024-02-29 12:34:56 UTC");
        let ms = parse_datetime("2026-12-31T23:59:59.000").unwrap();
        assert_eq!(utc_text(ms), "2026-12-31 23:59:59 UTC");
    }

    /// The milliseconds `text` goes back from the epoch (now = 0), or Java's message.
    fn back(text: &str) -> std::result::Result<i64, String> {
        ms_ago(text, 0).map(|at| -at).map_err(|e| e.to_string())
    }

    /// `--by-duration` from a fixed "now", or Java's message.
    fn ago(text: &str) -> std::result::Result<i64, String> {
        ms_ago(text, NOW).map_err(|e| e.to_string())
    }

    const NOW: i64 = 1_700_000_000_000;

    #[test]
    fn durations_parse_like_java() {
        assert_eq!(back("PT1H").unwrap(), 3_600_000);
        assert_eq!(back("P1DT2H").unwrap(), 93_600_000);
        assert_eq!(back("PT0.5S").unwrap(), 500);
        assert_eq!(back("PT-0.5S").unwrap(), -500);
        assert_eq!(back("-PT1.25S").unwrap(), -1250);
        // toEpochMilli floors: a nanosecond back is a millisecond back.
        assert_eq!(back("PT0.000000001S").unwrap(), 1);
        assert_eq!(back("-PT1M").unwrap(), -60_000);
        assert_eq!(back("pt10m").unwrap(), 600_000);
        assert_eq!(back("PT+3M-2S").unwrap(), 178_000);
        assert_eq!(ago("PT1S").unwrap(), NOW - 1000);
        assert_eq!(
            back("nonsense").unwrap_err(),
            "Text cannot be parsed to a Duration"
        );
        assert!(back("PT").is_err());
        assert!(back("P1DT").is_err());
        // Java's test for a time section is case-sensitive: a lower-case t alone passes.
        assert_eq!(back("P1Dt").unwrap(), 86_400_000);
        assert!(back("1H").is_err());
        assert!(back("P1Y").is_err());
        // Java's CASE_INSENSITIVE is ASCII only: no long s (U+017F) for S, no Kelvin sign.
        assert!(back("PT1\u{17f}").is_err());
        assert!(back("PT1H\u{212a}").is_err());
        assert!(back("PT１H").is_err());
    }

    /// Huge durations fail with the message Kafka 4.4's kafka-consumer-groups --by-duration
    /// prints (checked on the test bed), never with a panic.
    #[test]
    fn durations_beyond_range_fail_like_java() {
        let hours = "Text cannot be parsed to a Duration: hours";
        assert_eq!(back("PT9999999999999999H").unwrap_err(), hours);
        let days = "Text cannot be parsed to a Duration: days";
        assert_eq!(back("P999999999999999D").unwrap_err(), days);
        assert_eq!(
            back("PT99999999999999999999S").unwrap_err(),
            "Text cannot be parsed to a Duration: seconds"
        );
        let overflow = "Text cannot be parsed to a Duration: overflow";
        assert_eq!(
            back("P106751991167300DT9223372036854775807S").unwrap_err(),
            overflow
        );
        assert_eq!(back("PT-9223372036854775808.5S").unwrap_err(), overflow);
        assert_eq!(back("-PT-9223372036854775808S").unwrap_err(), overflow);
        let instant = "Instant exceeds minimum or maximum instant";
        assert_eq!(back("-P44444444444441D").unwrap_err(), instant);
        assert_eq!(ago("PT9223372036854775807S").unwrap_err(), instant);
        assert_eq!(ago("-PT9223372036854775807S").unwrap_err(), "long overflow");
        assert_eq!(
            ago("PT-9223372036854775808S").unwrap_err(),
            "Exceeds capacity of Duration: 9223372036854775808000000000"
        );
        assert_eq!(ago("P200000000000D").unwrap_err(), "long overflow");
        assert_eq!(ago("-P200000000000D").unwrap_err(), "long overflow");
        assert_eq!(ago("P365000000000D").unwrap_err(), "long overflow");
        // Within milliseconds: i64::MIN is reachable, one millisecond more is not.
        let span = i128::from(NOW) - i128::from(i64::MIN);
        let to_min = format!("PT{}.{:03}S", span / 1000, span % 1000);
        assert_eq!(ago(&to_min).unwrap(), i64::MIN);
        let past_min = format!("PT{}.{:03}S", span / 1000, span % 1000 + 1);
        assert_eq!(ago(&past_min).unwrap_err(), "long overflow");
        // Extreme "now"s cannot overflow either.
        for now in [i64::MIN, -1, 0, i64::MAX] {
            for text in [
                "PT-9223372036854775807.999999999S",
                "P-106751991167300D",
                "-PT0.001S",
            ] {
                let _ = ms_ago(text, now);
            }
        }
    }
}
