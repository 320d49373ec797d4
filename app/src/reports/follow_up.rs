//! Follow-up ("Theo dõi, đôn đốc"): the records still open past their
//! deadline — or past the time the law gives their handling, where a kind
//! has no deadline of its own — with how many days, and who it waits on;
//! and the settlement rates of a period, which the report and the Overview
//! reuse. Pure functions over records, for the browser and the server.
//!
//! The limits used (docs/REPORTS.md, "Follow-up"):
//! - a recommendation after supervision, a task: their own `deadline`, while
//!   not done (a task: nor cancelled);
//! - a citizen's complaint: 30 days from `received_on` (Luật Khiếu nại 2011,
//!   the time for a first decision), while the matter is not `finished`;
//! - a denunciation: 30 days from `received_on` (Luật Tố cáo 2018, the time
//!   for settling one);
//! - a citizen's kiến nghị, phản ánh: 10 days from `received_on`, the time
//!   the office gives itself to answer or forward one;
//! - a letter with no handling yet: 10 days from `received_on`, to classify
//!   and handle it;
//! - a voters' petition forwarded (`forwarded`, `in_progress`): 90 days from
//!   `forwarded_on`, about half the time between two regular sessions, at the
//!   second of which the answers are reported.

use serde::Serialize;

use super::figures::Figures;
use crate::calendar::IsoDate;
use crate::kinds::{letter, reception_matter, recommendation, task, voter_petition};
use crate::sync::model::{Fields, RecordId, RecordKind, field_value};

/// The kinds followed up.
pub const KINDS: [RecordKind; 5] = [
    recommendation::KIND,
    task::KIND,
    reception_matter::KIND,
    letter::KIND,
    voter_petition::KIND,
];

/// Days before its due day that an open record counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 7;

/// What puts a due day on a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Its own `deadline` field.
    Deadline,
    /// 30 days for a complaint.
    Complaint,
    /// 30 days for a denunciation.
    Denunciation,
    /// 10 days for a citizen's kiến nghị, phản ánh.
    CitizenPetition,
    /// 10 days to classify and handle a letter.
    Letter,
    /// 90 days for the answer to a forwarded voters' petition.
    VoterPetition,
}

impl Basis {
    /// The days the limit gives, counted from the day it starts; `None`
    /// for a deadline of the record's own.
    pub fn days(self) -> Option<i64> {
        match self {
            Basis::Deadline => None,
            Basis::Complaint | Basis::Denunciation => Some(30),
            Basis::CitizenPetition | Basis::Letter => Some(10),
            Basis::VoterPetition => Some(90),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Basis::Deadline => "deadline",
            Basis::Complaint => "complaint",
            Basis::Denunciation => "denunciation",
            Basis::CitizenPetition => "citizen_petition",
            Basis::Letter => "letter",
            Basis::VoterPetition => "voter_petition",
        }
    }
}

/// An open record with a due day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub kind: RecordKind,
    pub id: RecordId,
    pub due: IsoDate,
    /// Days past the due day on the day asked (0 on the day itself,
    /// negative while days remain).
    pub days: i64,
    /// Who it waits on: the addressee of a recommendation, a task's owner,
    /// the body a petition or a matter was forwarded to; `None` when the
    /// office itself has it.
    pub owner: Option<String>,
    pub basis: Basis,
}

impl FollowUp {
    pub fn is_overdue(&self) -> bool {
        self.days > 0
    }

    /// Due today or within [`DUE_SOON_DAYS`].
    pub fn is_due_soon(&self) -> bool {
        (-DUE_SOON_DAYS..=0).contains(&self.days)
    }
}

fn text<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    field_value(fields, name)
        .as_str()
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

fn day(fields: &Fields, name: &str) -> Option<IsoDate> {
    text(fields, name).and_then(|text| IsoDate::parse(text).ok())
}

/// The day `days` after `from`.
fn after(from: IsoDate, days: i64) -> IsoDate {
    IsoDate::from_unix_ms_in_vietnam(from.start_ms_in_vietnam() + days * 86_400_000)
}

/// The follow-up a record makes on `today`, if it is open and has a due
/// day.
pub fn follow_up(
    kind: RecordKind,
    id: RecordId,
    fields: &Fields,
    today: IsoDate,
) -> Option<FollowUp> {
    let status = text(fields, "status");
    let (start, basis, owner) = if kind == recommendation::KIND {
        if status == Some("done") {
            return None;
        }
        (
            day(fields, "deadline")?,
            Basis::Deadline,
            text(fields, "addressee"),
        )
    } else if kind == task::KIND {
        if matches!(status, Some("done" | "cancelled")) {
            return None;
        }
        (
            day(fields, "deadline")?,
            Basis::Deadline,
            text(fields, "owner"),
        )
    } else if kind == reception_matter::KIND {
        if field_value(fields, "finished").as_bool() == Some(true) {
            return None;
        }
        let basis = match text(fields, "matter_type")? {
            "complaint" => Basis::Complaint,
            "denunciation" => Basis::Denunciation,
            _ => Basis::CitizenPetition,
        };
        (
            day(fields, "received_on")?,
            basis,
            text(fields, "forwarded_to"),
        )
    } else if kind == letter::KIND {
        if text(fields, "handling").is_some() {
            return None;
        }
        (day(fields, "received_on")?, Basis::Letter, None)
    } else if kind == voter_petition::KIND {
        if !matches!(status, Some("forwarded" | "in_progress")) {
            return None;
        }
        (
            day(fields, "forwarded_on")?,
            Basis::VoterPetition,
            text(fields, "forwarded_to"),
        )
    } else {
        return None;
    };
    let due = basis.days().map_or(start, |days| after(start, days));
    Some(FollowUp {
        kind,
        id,
        due,
        days: due.days_until(today),
        owner: owner.map(str::to_owned),
        basis,
    })
}

/// Every open record with a due day, the most overdue first.
pub fn open_items<'a>(
    records: impl IntoIterator<Item = (RecordKind, RecordId, &'a Fields)>,
    today: IsoDate,
) -> Vec<FollowUp> {
    let mut items: Vec<FollowUp> = records
        .into_iter()
        .filter_map(|(kind, id, fields)| follow_up(kind, id, fields, today))
        .collect();
    items.sort_by_key(|item| (item.due, item.id.as_u128()));
    items
}

/// How many of `items` wait on each owner, most first (the office itself,
/// `None`, among them).
pub fn by_owner(items: &[FollowUp]) -> Vec<(Option<String>, usize)> {
    let mut counts: Vec<(Option<String>, usize)> = Vec::new();
    for item in items {
        match counts.iter_mut().find(|(owner, _)| *owner == item.owner) {
            Some((_, count)) => *count += 1,
            None => counts.push((item.owner.clone(), 1)),
        }
    }
    counts.sort_by(|(a, x), (b, y)| {
        y.cmp(x).then_with(|| {
            let key = |owner: &Option<String>| owner.as_deref().map(crate::text::sort_key);
            key(a).cmp(&key(b))
        })
    });
    counts
}

/// A settlement rate of a period: how many of those forwarded (or made)
/// were settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rate {
    /// `petitions` or `recommendations`.
    pub key: &'static str,
    pub settled: u64,
    pub of: u64,
}

impl Rate {
    /// The share as the office writes it ("88,9%"), `None` of nothing.
    pub fn percent(&self) -> Option<String> {
        super::office::office_percent(self.settled, self.of)
    }
}

/// The period's settlement rates: voters' petitions settled of those
/// forwarded, recommendations done of those made.
pub fn settlement_rates(figures: &Figures) -> [Rate; 2] {
    let done = figures
        .recommendations_by_status
        .iter()
        .find(|part| part.key == "done")
        .map_or(0, |part| part.value);
    [
        Rate {
            key: "petitions",
            settled: figures.petitions_settled.value,
            of: figures.petitions_forwarded.value,
        },
        Rate {
            key: "recommendations",
            settled: done,
            of: figures.recommendations.value,
        },
    ]
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn fields(value: Value) -> Fields {
        serde_json::from_value(value).expect("fields")
    }

    fn on(text: &str) -> IsoDate {
        IsoDate::parse(text).expect("a day")
    }

    fn item(kind: RecordKind, value: Value, today: &str) -> Option<FollowUp> {
        follow_up(kind, RecordId::example(1), &fields(value), on(today))
    }

    #[test]
    fn a_deadline_of_its_own_until_done() {
        let open = item(
            recommendation::KIND,
            json!({"deadline": "2020-12-31", "status": "in_progress", "addressee": "UBND tỉnh"}),
            "2026-12-07",
        )
        .unwrap();
        assert_eq!(open.due, on("2020-12-31"));
        assert_eq!(open.days, 2167);
        assert!(open.is_overdue());
        assert_eq!(open.owner.as_deref(), Some("UBND tỉnh"));
        assert_eq!(open.basis, Basis::Deadline);
        assert_eq!(
            item(
                recommendation::KIND,
                json!({"deadline": "2020-12-31", "status": "done"}),
                "2026-12-07"
            ),
            None
        );
        // No deadline, no follow-up.
        assert_eq!(
            item(
                recommendation::KIND,
                json!({"status": "not_done"}),
                "2026-12-07"
            ),
            None
        );
        let task_open = item(
            task::KIND,
            json!({"deadline": "2021-05-23", "status": "not_started", "owner": "Văn phòng"}),
            "2021-05-20",
        )
        .unwrap();
        assert_eq!(task_open.days, -3);
        assert!(task_open.is_due_soon() && !task_open.is_overdue());
        for status in ["done", "cancelled"] {
            assert_eq!(
                item(
                    task::KIND,
                    json!({"deadline": "2021-05-23", "status": status}),
                    "2026-12-07"
                ),
                None,
                "{status}"
            );
        }
    }

    #[test]
    fn the_laws_time_limits_where_a_kind_has_no_deadline() {
        let complaint = item(
            reception_matter::KIND,
            json!({"matter_type": "complaint", "received_on": "2020-03-10", "finished": false}),
            "2020-04-10",
        )
        .unwrap();
        assert_eq!(complaint.due, on("2020-04-09"), "30 days");
        assert_eq!(complaint.days, 1);
        assert_eq!(complaint.basis, Basis::Complaint);
        let petition = item(
            reception_matter::KIND,
            json!({"matter_type": "petition", "received_on": "2020-03-10"}),
            "2020-03-20",
        )
        .unwrap();
        assert_eq!(petition.due, on("2020-03-20"), "10 days");
        assert_eq!(petition.days, 0);
        assert!(petition.is_due_soon());
        assert_eq!(
            item(
                reception_matter::KIND,
                json!({"matter_type": "denunciation", "received_on": "2020-03-10", "finished": true}),
                "2026-01-01"
            ),
            None,
            "finished"
        );
        let letter = item(
            letter::KIND,
            json!({"received_on": "2020-12-28"}),
            "2021-01-08",
        )
        .unwrap();
        assert_eq!((letter.due, letter.days), (on("2021-01-07"), 1));
        assert_eq!(
            item(
                letter::KIND,
                json!({"received_on": "2020-12-28", "handling": "filed"}),
                "2021-06-01"
            ),
            None
        );
        let forwarded = item(
            voter_petition::KIND,
            json!({"status": "forwarded", "forwarded_on": "2020-07-20", "forwarded_to": "Sở Giao thông vận tải"}),
            "2020-11-01",
        )
        .unwrap();
        assert_eq!(forwarded.due, on("2020-10-18"), "90 days");
        assert_eq!(forwarded.owner.as_deref(), Some("Sở Giao thông vận tải"));
        for status in [
            "collected",
            "answered",
            "settled",
            "explained",
            "closed_not_settled",
        ] {
            assert_eq!(
                item(
                    voter_petition::KIND,
                    json!({"status": status, "forwarded_on": "2020-07-20"}),
                    "2026-01-01"
                ),
                None,
                "{status}"
            );
        }
        // Other kinds are not followed up.
        assert_eq!(
            item(
                crate::kinds::council_session::KIND,
                json!({"deadline": "2020-01-01"}),
                "2026-01-01"
            ),
            None
        );
    }

    #[test]
    fn open_items_most_overdue_first_and_counted_per_owner() {
        let records = [
            (
                task::KIND,
                RecordId::example(1),
                fields(
                    json!({"deadline": "2021-03-20", "status": "in_progress", "owner": "Văn phòng"}),
                ),
            ),
            (
                recommendation::KIND,
                RecordId::example(2),
                fields(
                    json!({"deadline": "2020-12-31", "status": "in_progress", "addressee": "UBND tỉnh"}),
                ),
            ),
            (
                task::KIND,
                RecordId::example(3),
                fields(
                    json!({"deadline": "2021-05-23", "status": "not_started", "owner": "Văn phòng"}),
                ),
            ),
            (
                task::KIND,
                RecordId::example(4),
                fields(json!({"deadline": "2021-01-15", "status": "done", "owner": "Văn phòng"})),
            ),
            (
                letter::KIND,
                RecordId::example(5),
                fields(json!({"received_on": "2021-01-02"})),
            ),
        ];
        let items = open_items(
            records.iter().map(|(k, i, f)| (*k, *i, f)),
            on("2021-06-01"),
        );
        let ids: Vec<RecordId> = items.iter().map(|item| item.id).collect();
        assert_eq!(
            ids,
            [
                RecordId::example(2),
                RecordId::example(5),
                RecordId::example(1),
                RecordId::example(3)
            ]
        );
        assert_eq!(
            by_owner(&items),
            vec![
                (Some("Văn phòng".to_owned()), 2),
                (None, 1),
                (Some("UBND tỉnh".to_owned()), 1),
            ]
        );
    }

    #[test]
    fn settlement_rates_are_settled_of_forwarded() {
        let mut figures = Figures::default();
        figures.petitions_forwarded.value = 9;
        figures.petitions_settled.value = 8;
        figures.recommendations.value = 4;
        figures.recommendations_by_status = vec![super::super::figures::Part {
            key: "done".into(),
            label: None,
            value: 3,
            ids: Vec::new(),
            unapproved: 0,
        }];
        let [petitions, recommendations] = settlement_rates(&figures);
        assert_eq!(petitions.percent().as_deref(), Some("88,9%"));
        assert_eq!(recommendations.percent().as_deref(), Some("75%"));
        assert_eq!(settlement_rates(&Figures::default())[0].percent(), None);
    }
}
