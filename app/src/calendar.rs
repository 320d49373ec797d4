//! Calendar dates as records store them ("2021-01-05", ISO 8601, no time
//! zone: a council session happens on a day, wherever it is read) and as
//! people read them on screen ("05/01/2021").

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day. Stored and sent as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate(time::Date);

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected a date as YYYY-MM-DD")]
    Format,
    #[error("no such day in the calendar")]
    NoSuchDay,
}

impl IsoDate {
    /// Parses `YYYY-MM-DD` (what `<input type="date">` gives and the wire
    /// carries), refusing days that do not exist.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        // By hand rather than with a format description: lists parse two
        // dates per record, and a replica holds tens of thousands.
        let bytes = text.trim().as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes.iter().enumerate().all(|(index, byte)| match index {
                4 | 7 => *byte == b'-',
                _ => byte.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(DateError::Format);
        }
        let number = |range: std::ops::Range<usize>| {
            bytes[range]
                .iter()
                .fold(0_i32, |value, digit| value * 10 + i32::from(digit - b'0'))
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        u8::try_from(month)
            .ok()
            .zip(u8::try_from(day).ok())
            .and_then(|(month, day)| Self::from_parts(year, month, day))
            .ok_or(DateError::NoSuchDay)
    }

    /// Parses what a person types: day, month and year as on screen
    /// (`dd/mm/yyyy`, also `3/12/2020`, `03.12.2020`, `3-12-2020`) or
    /// `YYYY-MM-DD`.
    pub fn parse_typed(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        // Day first: a separator that cuts three parts, the first of at
        // most two digits ("2020-12-03" is the ISO form, below).
        let parts: Vec<&str> = ['/', '.', '-']
            .into_iter()
            .map(|separator| text.split(separator).collect::<Vec<_>>())
            .find(|parts| parts.len() == 3 && parts[0].len() <= 2)
            .unwrap_or_else(|| text.split('/').collect());
        if let [day, month, year] = parts.as_slice() {
            let number = |part: &str| {
                (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| part.parse::<i32>().ok())
                    .flatten()
            };
            let (Some(day), Some(month), Some(year)) = (number(day), number(month), number(year))
            else {
                return Err(DateError::Format);
            };
            if year < 1000 {
                return Err(DateError::Format);
            }
            return u8::try_from(month)
                .ok()
                .zip(u8::try_from(day).ok())
                .and_then(|(month, day)| Self::from_parts(year, month, day))
                .ok_or(DateError::NoSuchDay);
        }
        Self::parse(text)
    }

    /// A date from its parts, if the day exists.
    pub fn from_parts(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(IsoDate)
    }

    /// A date written in the code (a sample or demo record). In a `const`
    /// a day that does not exist fails the build.
    pub const fn ymd(year: i32, month: u8, day: u8) -> Self {
        use time::Month::*;
        let month = match month {
            1 => January,
            2 => February,
            3 => March,
            4 => April,
            5 => May,
            6 => June,
            7 => July,
            8 => August,
            9 => September,
            10 => October,
            11 => November,
            _ => December,
        };
        match time::Date::from_calendar_date(year, month, day) {
            Ok(date) => IsoDate(date),
            Err(_) => panic!("no such day"),
        }
    }

    /// The day a Unix time in milliseconds falls on in Vietnam (UTC+7, no
    /// daylight saving).
    pub fn from_unix_ms_in_vietnam(ms: i64) -> Self {
        const VIETNAM_OFFSET_MS: i64 = 7 * 3_600_000;
        let days = (ms + VIETNAM_OFFSET_MS).div_euclid(86_400_000);
        let epoch = time::Date::from_calendar_date(1970, time::Month::January, 1)
            .unwrap_or(time::Date::MIN);
        IsoDate(
            epoch
                .checked_add(time::Duration::days(days))
                .unwrap_or(time::Date::MAX),
        )
    }

    /// The Unix time in milliseconds at which this day starts in Vietnam.
    pub fn start_ms_in_vietnam(self) -> i64 {
        const VIETNAM_OFFSET_MS: i64 = 7 * 3_600_000;
        let epoch = time::Date::from_calendar_date(1970, time::Month::January, 1)
            .unwrap_or(time::Date::MIN);
        (self.0 - epoch).whole_days() * 86_400_000 - VIETNAM_OFFSET_MS
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// 1–12.
    pub fn month(self) -> u8 {
        u8::from(self.0.month())
    }

    /// 1–31.
    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// The day after (None past the calendar's end).
    pub fn next_day(self) -> Option<Self> {
        self.0.next_day().map(IsoDate)
    }

    /// The last day of a month (None outside the calendar).
    pub fn last_of_month(year: i32, month: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        Self::from_parts(year, u8::from(month), month.length(year))
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: IsoDate) -> i64 {
        (later.0 - self.0).whole_days()
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }

    /// `dd/mm/yyyy`, as dates are written on screen.
    pub fn display(self) -> String {
        format!(
            "{:02}/{:02}/{:04}",
            self.0.day(),
            u8::from(self.0.month()),
            self.0.year()
        )
    }
}

impl std::fmt::Display for IsoDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        IsoDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_days_and_shows_them_the_vietnamese_way() {
        let date = IsoDate::parse("2021-01-05").unwrap();
        assert_eq!(date.display(), "05/01/2021");
        assert_eq!(date.iso(), "2021-01-05");
        assert_eq!(
            IsoDate::parse(" 2020-02-29 ").unwrap().display(),
            "29/02/2020"
        );
    }

    #[test]
    fn refuses_what_is_not_a_day() {
        assert_eq!(IsoDate::parse("2021-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(IsoDate::parse("2021-13-01"), Err(DateError::NoSuchDay));
        for text in [
            "",
            "05/01/2021",
            "2021-1-5",
            "20210105",
            "2021-01-05T00:00",
            "２０２１-01-05",
        ] {
            assert_eq!(IsoDate::parse(text), Err(DateError::Format), "{text:?}");
        }
    }

    #[test]
    fn typed_dates_may_be_written_as_on_screen() {
        assert_eq!(
            IsoDate::parse_typed("5/1/2021").unwrap().iso(),
            "2021-01-05"
        );
        assert_eq!(
            IsoDate::parse_typed("2021-01-05").unwrap().iso(),
            "2021-01-05"
        );
        assert_eq!(
            IsoDate::parse_typed("31/02/2021"),
            Err(DateError::NoSuchDay)
        );
        // Dots and dashes, as people also write dates.
        for typed in ["03.12.2020", "3-12-2020", "3.12.2020", " 03/12/2020 "] {
            assert_eq!(
                IsoDate::parse_typed(typed).unwrap().iso(),
                "2020-12-03",
                "{typed}"
            );
        }
        assert_eq!(
            IsoDate::parse_typed("31.02.2020"),
            Err(DateError::NoSuchDay)
        );
        assert_eq!(IsoDate::parse_typed("03.12-2020"), Err(DateError::Format));
        assert_eq!(IsoDate::parse_typed("5/1/21"), Err(DateError::Format));
        assert_eq!(IsoDate::parse_typed("a/b/c"), Err(DateError::Format));
    }

    #[test]
    fn round_trips_through_json_and_orders_by_day() {
        let early = IsoDate::parse("2020-07-14").unwrap();
        let late = IsoDate::parse("2020-12-09").unwrap();
        assert!(early < late);
        assert_eq!(early.days_until(late), 148);
        let json = serde_json::to_string(&early).unwrap();
        assert_eq!(json, "\"2020-07-14\"");
        assert_eq!(serde_json::from_str::<IsoDate>(&json).unwrap(), early);
        assert!(serde_json::from_str::<IsoDate>("\"2020-07-32\"").is_err());
    }

    #[test]
    fn the_day_in_vietnam_starts_at_seven_utc_the_evening_before() {
        // 2021-01-04 17:00 UTC is midnight in Hà Nội.
        assert_eq!(
            IsoDate::from_unix_ms_in_vietnam(1_609_779_600_000).iso(),
            "2021-01-05"
        );
        assert_eq!(
            IsoDate::from_unix_ms_in_vietnam(1_609_779_599_999).iso(),
            "2021-01-04"
        );
    }
}
