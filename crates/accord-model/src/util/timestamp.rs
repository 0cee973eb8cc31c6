//! ISO 8601 timestamps as Discord sends them, stored as microseconds since the Unix epoch.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time with microsecond precision, 8 bytes.
///
/// Parsed from the ISO 8601 forms Discord uses (`2021-03-04T05:06:07.891011+00:00`, with or
/// without fractional seconds, with `Z` or any `±HH:MM` offset) and written back as UTC with
/// six fractional digits, which Discord accepts everywhere.
///
/// ```
/// use accord_model::util::Timestamp;
///
/// let t: Timestamp = "2021-03-04T05:06:07.891011+00:00".parse()?;
/// assert_eq!(t.as_micros(), 1_614_834_367_891_011);
/// assert_eq!(t.to_string(), "2021-03-04T05:06:07.891011+00:00");
/// # Ok::<(), accord_model::util::ParseTimestampError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// Why a string is not an ISO 8601 timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTimestampError;

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected an ISO 8601 timestamp such as 2021-03-04T05:06:07.891011+00:00")
    }
}

impl std::error::Error for ParseTimestampError {}

impl Timestamp {
    /// A timestamp from microseconds since the Unix epoch.
    pub const fn from_micros(micros: i64) -> Self {
        Self(micros)
    }

    /// A timestamp from seconds since the Unix epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self(secs.saturating_mul(1_000_000))
    }

    /// Microseconds since the Unix epoch.
    pub const fn as_micros(self) -> i64 {
        self.0
    }

    /// Milliseconds since the Unix epoch.
    pub const fn as_millis(self) -> i64 {
        self.0.div_euclid(1_000)
    }

    /// Whole seconds since the Unix epoch.
    pub const fn as_secs(self) -> i64 {
        self.0.div_euclid(1_000_000)
    }

    /// The current time from the system clock.
    pub fn now() -> Self {
        let since_epoch =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        Self(i64::try_from(since_epoch.as_micros()).unwrap_or(i64::MAX))
    }

    /// This timestamp moved by `micros` microseconds, saturating at the ends of the range.
    #[must_use]
    pub const fn add_micros(self, micros: i64) -> Self {
        Self(self.0.saturating_add(micros))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads `N` ASCII digits at `at`.
fn digits(bytes: &[u8], at: usize, count: usize) -> Result<i64, ParseTimestampError> {
    let slice = bytes.get(at..at + count).ok_or(ParseTimestampError)?;
    slice.iter().try_fold(0_i64, |acc, &b| {
        if b.is_ascii_digit() {
            Ok(acc * 10 + i64::from(b - b'0'))
        } else {
            Err(ParseTimestampError)
        }
    })
}

fn expect(bytes: &[u8], at: usize, byte: u8) -> Result<(), ParseTimestampError> {
    if bytes.get(at) == Some(&byte) { Ok(()) } else { Err(ParseTimestampError) }
}

impl FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        let year = digits(b, 0, 4)?;
        expect(b, 4, b'-')?;
        let month = digits(b, 5, 2)?;
        expect(b, 7, b'-')?;
        let day = digits(b, 8, 2)?;
        if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
            return Err(ParseTimestampError);
        }
        let hour = digits(b, 11, 2)?;
        expect(b, 13, b':')?;
        let minute = digits(b, 14, 2)?;
        expect(b, 16, b':')?;
        let second = digits(b, 17, 2)?;
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err(ParseTimestampError);
        }
        let mut at = 19;
        let mut micros = 0;
        if b.get(at) == Some(&b'.') {
            at += 1;
            let start = at;
            while let Some(digit) = b.get(at).filter(|digit| digit.is_ascii_digit()) {
                if at - start < 6 {
                    micros = micros * 10 + i64::from(digit - b'0');
                }
                at += 1;
            }
            let count = at - start;
            if count == 0 {
                return Err(ParseTimestampError);
            }
            for _ in count..6 {
                micros *= 10;
            }
        }
        let offset_secs = match b.get(at) {
            Some(b'Z' | b'z') if at + 1 == b.len() => 0,
            Some(&sign @ (b'+' | b'-')) if at + 6 == b.len() => {
                let hours = digits(b, at + 1, 2)?;
                expect(b, at + 3, b':')?;
                let minutes = digits(b, at + 4, 2)?;
                if hours > 23 || minutes > 59 {
                    return Err(ParseTimestampError);
                }
                let offset = hours * 3600 + minutes * 60;
                if sign == b'+' { offset } else { -offset }
            }
            _ => return Err(ParseTimestampError),
        };
        let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
            - offset_secs;
        Ok(Self(secs * 1_000_000 + micros))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.div_euclid(1_000_000);
        let micros = self.0.rem_euclid(1_000_000);
        let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
        let of_day = secs.rem_euclid(86_400);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{micros:06}+00:00",
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        )
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 8601 timestamp")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Timestamp, E> {
                value.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Timestamp;

    #[test]
    fn parses_the_forms_discord_sends() {
        let cases = [
            ("2015-04-26T06:26:56.936000+00:00", 1_430_029_616_936_000),
            ("2015-04-26T06:26:56.936+00:00", 1_430_029_616_936_000),
            ("2015-04-26T06:26:56+00:00", 1_430_029_616_000_000),
            ("2015-04-26T06:26:56Z", 1_430_029_616_000_000),
            ("2015-04-26T08:26:56.936000+02:00", 1_430_029_616_936_000),
            ("2015-04-26T06:26:56.9360001234+00:00", 1_430_029_616_936_000),
            ("1970-01-01T00:00:00+00:00", 0),
            ("1969-12-31T23:59:59.999999+00:00", -1),
        ];
        for (text, micros) in cases {
            assert_eq!(text.parse::<Timestamp>().map(Timestamp::as_micros), Ok(micros), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_input() {
        for bad in [
            "",
            "2015-04-26",
            "2015-04-26T06:26:56",
            "2015-13-26T06:26:56Z",
            "2015-02-29T06:26:56Z",
            "2015-04-26T24:00:00Z",
            "2015-04-26T06:26:56.+00:00",
            "2015-04-26T06:26:56+0000",
            "2015-04-26T06:26:56Zjunk",
            "２015-04-26T06:26:56Z",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad} parsed");
        }
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(micros in -62_135_596_800_000_000_i64..253_402_300_799_999_999) {
            let t = Timestamp::from_micros(micros);
            prop_assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,40}") {
            let _ = text.parse::<Timestamp>();
        }
    }
}
