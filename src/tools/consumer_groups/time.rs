//! `--to-datetime` and `--by-duration` values, parsed as Java's `Utils.getDateTime` and
//! `java.time.Duration.parse` parse them, and the wall-clock time `--watch` shows.
//!
//! A bad value is a runtime failure, as in Java (which parses it only once the partitions are
//! known): the messages are the text Java prints after `failed due to`.

use anyhow::{anyhow, Result};
use regex::Regex;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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

/// Milliseconds since the epoch, now.
pub(super) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
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

/// Parses `YYYY-MM-DDTHH:mm:ss.SSS[zone]` into milliseconds since the epoch.
///
/// As Java: the text must contain `T`; without `+`, `-` or `Z` after it, UTC is assumed; the
/// zone is `Z`, `±HH`, `±HHMM` or `±HH:MM`; milliseconds are mandatory.
pub(crate) fn parse_datetime(text: &str) -> Result<i64> {
    let Some((_, time_part)) = text.split_once('T') else {
        // Java wraps the ParseException in a RuntimeException, whose message names the class.
        return Err(anyhow!(
            "java.text.ParseException: Error parsing timestamp. It does not contain a 'T' according to ISO8601 format"
        ));
    };
    let full = if time_part.contains(['+', '-', 'Z']) {
        text.to_string()
    } else {
        format!("{text}Z")
    };
    let unparseable = || anyhow!("java.text.ParseException: Unparseable date: \"{full}\"");
    let re = Regex::new(
        r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})(Z|[+-]\d{2}(?::?\d{2})?)$",
    )
    .map_err(|e| anyhow!("datetime pattern: {e}"))?;
    let caps = re.captures(&full).ok_or_else(unparseable)?;
    let num = |i: usize| -> i64 {
        caps.get(i)
            .and_then(|m| m.as_str().parse().ok())
            .unwrap_or(0)
    };
    let (month, day) = (num(2), num(3));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || num(4) > 23 || num(5) > 59 {
        return Err(unparseable());
    }
    let days = days_from_civil(num(1), month, day);
    let local_ms = ((days * 24 + num(4)) * 60 + num(5)) * 60_000 + num(6) * 1000 + num(7);
    let zone = caps.get(8).map_or("Z", |m| m.as_str());
    let offset_minutes = if zone == "Z" {
        0
    } else {
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
        let hours: i64 = digits[..2].parse().unwrap_or(0);
        let minutes: i64 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
        sign * (hours * 60 + minutes)
    };
    Ok(local_ms - offset_minutes * 60_000)
}

/// Parses an ISO-8601 duration as `java.time.Duration.parse` (`PnDTnHnMn.nS`, signs allowed)
/// into milliseconds.
pub(crate) fn parse_duration_ms(text: &str) -> Result<i64> {
    let re = Regex::new(
        r"(?i)^([-+]?)P(?:([-+]?[0-9]+)D)?(T(?:([-+]?[0-9]+)H)?(?:([-+]?[0-9]+)M)?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?S)?)?$",
    )
    .map_err(|e| anyhow!("duration pattern: {e}"))?;
    // Java prints the DateTimeParseException's own message, without the class name.
    let bad = || anyhow!("Text cannot be parsed to a Duration");
    let caps = re.captures(text).ok_or_else(bad)?;
    let any = [2, 4, 5, 6].iter().any(|i| caps.get(*i).is_some());
    // "PT" alone, or a T with nothing after it, is rejected by Java.
    if !any || caps.get(3).is_some_and(|t| t.as_str().len() == 1) {
        return Err(bad());
    }
    // As java.time.Duration: each field in seconds with overflow checks, named as Java names it.
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
    let secs = days
        .checked_add(hours)
        .and_then(|s| s.checked_add(minutes))
        .and_then(|s| s.checked_add(seconds))
        .ok_or_else(|| anyhow!("Text cannot be parsed to a Duration: overflow"))?;
    let fraction_ms = caps.get(7).map_or(0, |m| {
        let digits = format!("{:0<3}", m.as_str());
        digits
            .get(..3)
            .and_then(|d| d.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let fraction_ms = if caps.get(6).is_some_and(|m| m.as_str().starts_with('-')) {
        -fraction_ms
    } else {
        fraction_ms
    };
    // A duration beyond what milliseconds hold is beyond any instant it could go back to.
    let total = secs
        .checked_mul(1000)
        .and_then(|ms| ms.checked_add(fraction_ms))
        .ok_or_else(instant_overflow)?;
    if caps.get(1).is_some_and(|m| m.as_str() == "-") {
        total.checked_neg().ok_or_else(instant_overflow)
    } else {
        Ok(total)
    }
}

/// Java's message for a time beyond `Instant`'s range.
pub(crate) fn instant_overflow() -> anyhow::Error {
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

    #[test]
    fn utc_text_inverts_the_datetime_parser() {
        assert_eq!(utc_text(0), "1970-01-01 00:00:00 UTC");
        let ms = parse_datetime("2024-02-29T12:34:56.789Z").unwrap();
        assert_eq!(utc_text(ms), "2024-02-29 12:34:56 UTC");
        let ms = parse_datetime("2026-12-31T23:59:59.000").unwrap();
        assert_eq!(utc_text(ms), "2026-12-31 23:59:59 UTC");
    }

    #[test]
    fn durations_parse_like_java() {
        assert_eq!(parse_duration_ms("PT1H").unwrap(), 3_600_000);
        assert_eq!(parse_duration_ms("P1DT2H").unwrap(), 93_600_000);
        assert_eq!(parse_duration_ms("PT0.5S").unwrap(), 500);
        assert_eq!(parse_duration_ms("-PT1M").unwrap(), -60_000);
        assert_eq!(parse_duration_ms("pt10m").unwrap(), 600_000);
        assert_eq!(
            parse_duration_ms("nonsense").unwrap_err().to_string(),
            "Text cannot be parsed to a Duration"
        );
        assert!(parse_duration_ms("PT").is_err());
        // Overflows fail as Java's do, never panic (a fuzzer's find: -P44444444444441D).
        assert_eq!(
            parse_duration_ms("PT9999999999999999H")
                .unwrap_err()
                .to_string(),
            "Text cannot be parsed to a Duration: hours"
        );
        assert_eq!(
            parse_duration_ms("-P44444444444441D")
                .unwrap_err()
                .to_string(),
            "Instant exceeds minimum or maximum instant"
        );
        assert_eq!(
            parse_duration_ms("P999999999999999D")
                .unwrap_err()
                .to_string(),
            "Text cannot be parsed to a Duration: days"
        );
        assert!(parse_duration_ms("1H").is_err());
        assert!(parse_duration_ms("P1Y").is_err());
    }
}
