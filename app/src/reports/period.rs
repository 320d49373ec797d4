//! The period a report covers: a year, a half-year, a quarter, a month, or
//! one council session — written `year`, `h1`, `h2`, `q1`…`q4`,
//! `m01`…`m12`, `session:<id>` (the command line's `--period`, the
//! Overview's address) — resolved to the days it holds.

use serde::Serialize;

use crate::calendar::IsoDate;
use crate::kinds::council_session;
use crate::records::figures::Period;
use crate::sync::model::{Fields, RecordId, RecordKind, field_value};

/// A period as asked for, before it is resolved to days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodAsked {
    Year,
    /// 1 or 2.
    Half(u8),
    /// 1–4.
    Quarter(u8),
    /// 1–12.
    Month(u8),
    /// The council session with this id: from the day after the session
    /// before it ended (or 1 January of its year when none was recorded
    /// before it) to its last day — the Standing Committee's report
    /// "between two sessions".
    Session(RecordId),
}

/// Why a period could not be read or resolved; one line each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("unknown period {0:?}: expected year, h1, h2, q1 to q4, m01 to m12 or session:<id>")]
    Unknown(String),
    #[error("the year {0} is outside 1945–2100")]
    Year(i32),
    #[error("no council session with the id {0}")]
    NoSession(String),
}

impl PeriodAsked {
    /// Reads `year`, `h1`, `q3`, `m07`, `session:<id>`.
    pub fn parse(text: &str) -> Result<Self, PeriodError> {
        let unknown = || PeriodError::Unknown(text.to_owned());
        let text = text.trim();
        if text == "year" {
            return Ok(PeriodAsked::Year);
        }
        if let Some(id) = text.strip_prefix("session:") {
            return RecordId::parse(id)
                .map(PeriodAsked::Session)
                .map_err(|_| unknown());
        }
        let number = |digits: &str, width: usize, max: u8| {
            (digits.len() == width && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse::<u8>().ok())
                .flatten()
                .filter(|n| (1..=max).contains(n))
        };
        let asked = if let Some(rest) = text.strip_prefix('h') {
            number(rest, 1, 2).map(PeriodAsked::Half)
        } else if let Some(rest) = text.strip_prefix('q') {
            number(rest, 1, 4).map(PeriodAsked::Quarter)
        } else if let Some(rest) = text.strip_prefix('m') {
            number(rest, 2, 12).map(PeriodAsked::Month)
        } else {
            None
        };
        asked.ok_or_else(unknown)
    }

    /// As [`PeriodAsked::parse`] reads it.
    pub fn code(self) -> String {
        match self {
            PeriodAsked::Year => "year".to_owned(),
            PeriodAsked::Half(n) => format!("h{n}"),
            PeriodAsked::Quarter(n) => format!("q{n}"),
            PeriodAsked::Month(n) => format!("m{n:02}"),
            PeriodAsked::Session(id) => format!("session:{id}"),
        }
    }
}

/// A period resolved to its days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// As asked: `year`, `h1`, `q2`, `m03`, `session:<id>`.
    pub code: String,
    /// The year whose yearly figures (Party, targets, awards) it reports:
    /// the year asked for, or the year the session opens in.
    pub year: i32,
    pub from: IsoDate,
    pub to: IsoDate,
    /// The session of a per-session report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<RecordId>,
}

impl Span {
    pub fn period(&self) -> Period {
        Period {
            from: self.from,
            to: self.to,
        }
    }

    /// The same stretch a year earlier, for the comparison; a session's
    /// report compares with nothing.
    pub fn year_before(&self) -> Option<Span> {
        if self.session.is_some() {
            return None;
        }
        let back = |day: IsoDate| {
            IsoDate::from_parts(day.year() - 1, day.month(), day.day())
                .or_else(|| IsoDate::last_of_month(day.year() - 1, day.month()))
        };
        Some(Span {
            code: self.code.clone(),
            year: self.year - 1,
            from: back(self.from)?,
            to: back(self.to)?,
            session: None,
        })
    }
}

/// Resolves a period of `year` over the council sessions in `records`
/// (needed only for a session's period).
pub fn resolve<'a>(
    year: i32,
    asked: PeriodAsked,
    records: impl IntoIterator<Item = (RecordKind, RecordId, &'a Fields)>,
) -> Result<Span, PeriodError> {
    if !(1945..=2100).contains(&year) {
        return Err(PeriodError::Year(year));
    }
    let day =
        |month: u8, day: u8| IsoDate::from_parts(year, month, day).ok_or(PeriodError::Year(year));
    let last = |month: u8| IsoDate::last_of_month(year, month).ok_or(PeriodError::Year(year));
    let span = |from, to| Span {
        code: asked.code(),
        year,
        from,
        to,
        session: None,
    };
    Ok(match asked {
        PeriodAsked::Year => span(day(1, 1)?, day(12, 31)?),
        PeriodAsked::Half(half) => {
            let first = (half - 1) * 6 + 1;
            span(day(first, 1)?, last(first + 5)?)
        }
        PeriodAsked::Quarter(quarter) => {
            let first = (quarter - 1) * 3 + 1;
            span(day(first, 1)?, last(first + 2)?)
        }
        PeriodAsked::Month(month) => span(day(month, 1)?, last(month)?),
        PeriodAsked::Session(id) => return session_span(asked, id, records),
    })
}

fn session_span<'a>(
    asked: PeriodAsked,
    id: RecordId,
    records: impl IntoIterator<Item = (RecordKind, RecordId, &'a Fields)>,
) -> Result<Span, PeriodError> {
    let date = |fields: &Fields, name| {
        field_value(fields, name)
            .as_str()
            .and_then(|text| IsoDate::parse(text).ok())
    };
    // (id, first day, last day) of every session.
    let sessions: Vec<(RecordId, IsoDate, IsoDate)> = records
        .into_iter()
        .filter(|(kind, _, _)| *kind == council_session::KIND)
        .filter_map(|(_, id, fields)| {
            let starts = date(fields, "starts_on")?;
            Some((id, starts, date(fields, "ends_on").unwrap_or(starts)))
        })
        .collect();
    let no_session = || PeriodError::NoSession(id.to_string());
    let &(_, starts, ends) = sessions
        .iter()
        .find(|(session, _, _)| *session == id)
        .ok_or_else(no_session)?;
    let year = starts.year();
    let after_previous = sessions
        .iter()
        .filter(|(other, _, other_ends)| *other != id && *other_ends < starts)
        .map(|(_, _, other_ends)| *other_ends)
        .max()
        .and_then(IsoDate::next_day);
    let from = after_previous
        .or_else(|| IsoDate::from_parts(year, 1, 1))
        .ok_or(PeriodError::Year(year))?;
    Ok(Span {
        code: asked.code(),
        year,
        from,
        to: ends,
        session: Some(id),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn day(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    #[test]
    fn reads_every_period_it_writes_and_nothing_else() {
        let id = RecordId::example(7);
        for asked in [
            PeriodAsked::Year,
            PeriodAsked::Half(2),
            PeriodAsked::Quarter(4),
            PeriodAsked::Month(1),
            PeriodAsked::Month(12),
            PeriodAsked::Session(id),
        ] {
            assert_eq!(PeriodAsked::parse(&asked.code()), Ok(asked));
        }
        for wrong in [
            "",
            "h0",
            "h3",
            "q5",
            "m1",
            "m13",
            "m00",
            "Year",
            "session:",
            "session:x",
            "q1x",
        ] {
            assert!(
                matches!(PeriodAsked::parse(wrong), Err(PeriodError::Unknown(_))),
                "{wrong}"
            );
        }
    }

    #[test]
    fn halves_quarters_and_months_hold_their_days() {
        let none = std::iter::empty();
        let span = resolve(2020, PeriodAsked::Half(1), none).unwrap();
        assert_eq!((span.from, span.to), (day("2020-01-01"), day("2020-06-30")));
        let span = resolve(2020, PeriodAsked::Quarter(4), std::iter::empty()).unwrap();
        assert_eq!((span.from, span.to), (day("2020-10-01"), day("2020-12-31")));
        let span = resolve(2020, PeriodAsked::Month(2), std::iter::empty()).unwrap();
        assert_eq!((span.from, span.to), (day("2020-02-01"), day("2020-02-29")));
        let before = span.year_before().unwrap();
        assert_eq!(
            (before.from, before.to),
            (day("2019-02-01"), day("2019-02-28"))
        );
        assert_eq!(
            resolve(2101, PeriodAsked::Year, std::iter::empty()),
            Err(PeriodError::Year(2101))
        );
    }

    #[test]
    fn a_session_reports_from_the_end_of_the_one_before_to_its_last_day() {
        let fields = |starts: &str, ends: &str| -> Fields {
            serde_json::from_value(json!({"starts_on": starts, "ends_on": ends})).unwrap()
        };
        let (mid, end, first) = (RecordId::new(), RecordId::new(), RecordId::new());
        let records = [
            (mid, fields("2020-07-15", "2020-07-17")),
            (end, fields("2020-12-09", "2020-12-11")),
            (first, fields("2019-12-10", "2019-12-12")),
        ];
        let all = || {
            records
                .iter()
                .map(|(id, f)| (council_session::KIND, *id, f))
        };
        let span = resolve(2020, PeriodAsked::Session(end), all()).unwrap();
        assert_eq!((span.from, span.to), (day("2020-07-18"), day("2020-12-11")));
        assert_eq!(span.year, 2020);
        assert_eq!(span.year_before(), None);
        let span = resolve(2020, PeriodAsked::Session(mid), all()).unwrap();
        assert_eq!(span.from, day("2019-12-13"));
        let span = resolve(2019, PeriodAsked::Session(first), all()).unwrap();
        assert_eq!(span.from, day("2019-01-01"), "none recorded before it");
        let missing = RecordId::new();
        assert_eq!(
            resolve(2020, PeriodAsked::Session(missing), all()),
            Err(PeriodError::NoSession(missing.to_string()))
        );
    }
}
