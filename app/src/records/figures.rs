//! Figures counted from records: a [`Measure`] says which records of a kind
//! count (a date in the period, and values some fields must hold) and what
//! is counted (the records, or the sum of a number field); over a period it
//! gives a [`Figure`] — the value and the ids of the records behind it.
//! The kinds declare the measures the office counts (`crate::kinds::measures`);
//! a target computed from records and the year's report use the same ones.
//! Pure functions over fields, for the browser and the server alike.

use serde_json::Value;

use crate::calendar::IsoDate;
use crate::sync::model::{Fields, RecordId, RecordKind, field_value};

/// Days from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: IsoDate,
    pub to: IsoDate,
}

impl Period {
    /// 1 January to 31 December of `year` (None outside the calendar's range).
    pub fn year(year: i32) -> Option<Self> {
        Some(Period {
            from: IsoDate::from_parts(year, 1, 1)?,
            to: IsoDate::from_parts(year, 12, 31)?,
        })
    }

    pub fn contains(self, day: IsoDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Whether the period is over on `today`.
    pub fn is_over(self, today: IsoDate) -> bool {
        self.to < today
    }
}

/// Which records of a kind a figure counts, and what it counts of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// Stable snake_case key: a target's `measure`, a report's figure.
    pub key: &'static str,
    pub kind: RecordKind,
    /// The date field that puts a record in a period (a session by its
    /// opening day, a visit by its day).
    pub date: &'static str,
    /// Each (field, values): the record's value of `field` is one of
    /// `values` (choice codes, or "true"/"false" for a yes/no field).
    pub only: &'static [(&'static str, &'static [&'static str])],
    /// Sums this whole-number field instead of counting records (the
    /// people received over the visits).
    pub sum: Option<&'static str>,
}

/// A figure: its value and the records behind it, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub ids: Vec<RecordId>,
}

impl Measure {
    /// Whether a record of the measure's kind is counted in `period`.
    pub fn holds(&self, fields: &Fields, period: Period) -> bool {
        let in_period = field_value(fields, self.date)
            .as_str()
            .and_then(|text| IsoDate::parse(text).ok())
            .is_some_and(|day| period.contains(day));
        in_period
            && self
                .only
                .iter()
                .all(|(field, values)| match field_value(fields, field) {
                    Value::String(code) => values.contains(&code.as_str()),
                    Value::Bool(yes) => values.contains(&if *yes { "true" } else { "false" }),
                    _ => false,
                })
    }

    /// The figure over `records` (the measure's kind; others are skipped).
    pub fn over<'a>(
        &self,
        period: Period,
        records: impl IntoIterator<Item = (RecordKind, RecordId, &'a Fields)>,
    ) -> Figure {
        let mut figure = Figure {
            value: 0.0,
            ids: Vec::new(),
        };
        for (kind, id, fields) in records {
            if kind != self.kind || !self.holds(fields, period) {
                continue;
            }
            figure.value += match self.sum {
                Some(field) => field_value(fields, field).as_f64().unwrap_or(0.0),
                None => 1.0,
            };
            figure.ids.push(id);
        }
        figure
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const KIND: RecordKind = RecordKind::new("visit");

    fn fields(value: Value) -> Fields {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_year_holds_its_first_and_last_day_only() {
        let year = Period::year(2020).unwrap();
        let day = |text| IsoDate::parse(text).unwrap();
        assert!(year.contains(day("2020-01-01")));
        assert!(year.contains(day("2020-12-31")));
        assert!(!year.contains(day("2019-12-31")));
        assert!(!year.contains(day("2021-01-01")));
        assert!(year.is_over(day("2021-01-01")));
        assert!(!year.is_over(day("2020-12-31")));
    }

    #[test]
    fn counts_the_records_of_the_period_with_the_values_asked_for() {
        let measure = Measure {
            key: "visits_regular",
            kind: KIND,
            date: "visited_on",
            only: &[
                ("visit_kind", &["regular", "scheduled"]),
                ("group_visit", &["false"]),
            ],
            sum: None,
        };
        let records = [
            fields(
                json!({"visited_on": "2020-03-01", "visit_kind": "regular", "group_visit": false}),
            ),
            fields(
                json!({"visited_on": "2020-12-31", "visit_kind": "scheduled", "group_visit": false}),
            ),
            // Another year, another kind of visit, a group, no date.
            fields(
                json!({"visited_on": "2021-01-01", "visit_kind": "regular", "group_visit": false}),
            ),
            fields(
                json!({"visited_on": "2020-05-01", "visit_kind": "ad_hoc", "group_visit": false}),
            ),
            fields(
                json!({"visited_on": "2020-05-01", "visit_kind": "regular", "group_visit": true}),
            ),
            fields(json!({"visit_kind": "regular", "group_visit": false})),
        ];
        let ids: Vec<RecordId> = records.iter().map(|_| RecordId::new()).collect();
        let other = fields(
            json!({"visited_on": "2020-03-01", "visit_kind": "regular", "group_visit": false}),
        );
        let other_id = RecordId::new();
        let all = records
            .iter()
            .zip(&ids)
            .map(|(fields, id)| (KIND, *id, fields))
            .chain([(RecordKind::new("letter"), other_id, &other)]);
        let figure = measure.over(Period::year(2020).unwrap(), all);
        assert_eq!(figure.value, 2.0);
        assert_eq!(figure.ids, ids[..2].to_vec());
    }

    #[test]
    fn sums_a_number_field_when_asked() {
        let measure = Measure {
            key: "citizens_received",
            kind: KIND,
            date: "visited_on",
            only: &[],
            sum: Some("people"),
        };
        let records = [
            fields(json!({"visited_on": "2020-03-01", "people": 7})),
            fields(json!({"visited_on": "2020-04-01", "people": 1})),
            fields(json!({"visited_on": "2020-04-02"})),
        ];
        let figure = measure.over(
            Period::year(2020).unwrap(),
            records.iter().map(|fields| (KIND, RecordId::new(), fields)),
        );
        assert_eq!(figure.value, 8.0);
        assert_eq!(figure.ids.len(), 3);
        assert_eq!(measure.over(Period::year(2019).unwrap(), []).value, 0.0);
    }
}
