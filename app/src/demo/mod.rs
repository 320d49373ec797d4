//! The demo office's reference year — 2020 in a provincial People's Council
//! office, term XVIII (2016–2021), as DOMAIN.md describes it — and the
//! beginning of 2021, as records of every kind: data, made here so that the
//! server (`hdnd demo`, which pushes them through the store like any edit)
//! and the reports' tests load the same year. Its year-end report reads:
//! 2 regular sessions, 10 regular Standing Committee meetings, 60 matters
//! submitted by the People's Committee (in fewer documents), 2 supervisions,
//! 113 citizen visits about 25 matters, the 8th regional conference hosted,
//! 35 Party members, every target met or exceeded, the "Cơ quan văn hóa"
//! award.

mod catalogues;
mod conferences;
mod meetings;
mod party;
mod reception;
mod sessions;
mod supervisions;
mod targets;
mod voters;
mod year_2021;

use crate::calendar::IsoDate;
use crate::records::body::Body;
use crate::records::review::{self, State};
use crate::sync::model::{Fields, RecordId, RecordKind};
use serde_json::Value;

/// Who enters a record: the demo account of that role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The administrator: the catalogues.
    Admin = 0,
    /// `lanhdao`, the office leader.
    Leader = 1,
    /// `chuyenvien`, staff.
    Staff = 2,
    /// `tiepdan`, reception staff.
    Reception = 3,
}

/// One record of the demo, as its author enters it.
#[derive(Debug, Clone)]
pub struct DemoRecord {
    pub by: By,
    pub kind: RecordKind,
    pub id: RecordId,
    pub fields: Fields,
}

/// The demo's records in the order they are made: a record links only to
/// records made before it.
#[derive(Debug, Default)]
pub struct DemoYear {
    pub records: Vec<DemoRecord>,
}

impl DemoYear {
    /// The whole demo: 2020 and the beginning of 2021.
    pub fn new() -> Self {
        let mut year = DemoYear::default();
        year_2020(&mut year);
        year.review_states();
        year
    }

    /// Gives every record of a reviewed kind the state an office would have
    /// it in at the start of 2021: most of 2020 approved, every twelfth of
    /// a kind still waiting for review; the new year's records spread over
    /// submitted, returned (with the reviewer's comment), draft and
    /// approved. A record's year is the one its list filters by; a kind
    /// without one (Party members) counts as 2020's.
    fn review_states(&mut self) {
        let mut seen: Vec<(RecordKind, usize)> = Vec::new();
        let mut next_year = 0;
        for record in &mut self.records {
            let Some(spec) = crate::kinds::REGISTRY.get(record.kind) else {
                continue;
            };
            if spec.review.is_none() {
                continue;
            }
            let index = match seen.iter_mut().find(|(kind, _)| *kind == record.kind) {
                Some((_, count)) => {
                    *count += 1;
                    *count - 1
                }
                None => {
                    seen.push((record.kind, 1));
                    0
                }
            };
            let year = spec.year_of(&record.fields).unwrap_or(2020);
            // The new year's few records take the states in turn, whatever
            // their kind.
            let index = if year > 2020 {
                next_year += 1;
                next_year - 1
            } else {
                index
            };
            let state = demo_state(year, index);
            record
                .fields
                .insert(review::FIELD.to_owned(), state.value());
            if state == State::Returned {
                record.fields.insert(
                    review::NOTE.to_owned(),
                    Value::String(RETURN_NOTE.to_owned()),
                );
            }
        }
    }

    /// Adds a record of `B`'s kind; returns its id for links.
    pub fn add<B: Body>(&mut self, by: By, body: &B) -> RecordId {
        let id = RecordId::new();
        self.records.push(DemoRecord {
            by,
            kind: B::SPEC.kind,
            id,
            fields: body.to_fields(),
        });
        id
    }

    /// (kind, id, fields) of every record, as the reports read records.
    pub fn iter(&self) -> impl Iterator<Item = (RecordKind, RecordId, &Fields)> {
        self.records
            .iter()
            .map(|record| (record.kind, record.id, &record.fields))
    }
}

/// What the leader writes when returning a demo record.
pub const RETURN_NOTE: &str =
    "Đề nghị bổ sung văn bản kèm theo và kiểm tra lại ngày tháng trước khi trình lại.";

/// The review state of the `index`-th demo record of a kind, of `year`.
fn demo_state(year: i32, index: usize) -> State {
    if year <= 2020 {
        if index % 12 == 11 {
            State::Submitted
        } else {
            State::Approved
        }
    } else {
        [
            State::Submitted,
            State::Returned,
            State::Draft,
            State::Approved,
        ][index % 4]
    }
}

const fn day(year: i32, month: u8, day: u8) -> IsoDate {
    IsoDate::ymd(year, month, day)
}

/// Vietnamese full names for the demo, made from common parts.
fn person(index: usize) -> String {
    const FAMILY: [&str; 10] = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Nông", "Thào", "Lò",
    ];
    const MIDDLE: [&str; 7] = ["Văn", "Thị", "Minh", "Đức", "Thu", "Hồng", "Quang"];
    const GIVEN: [&str; 13] = [
        "An", "Bình", "Chiến", "Dung", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long",
        "Mai", "Tuấn",
    ];
    format!(
        "{} {} {}",
        FAMILY[index % FAMILY.len()],
        MIDDLE[(index / 3) % MIDDLE.len()],
        GIVEN[(index * 7 + 3) % GIVEN.len()]
    )
}

/// Names for the citizens the office receives and who write to it: from
/// family names none of the office's people, deputies or Party members
/// carry (`person`), so a citizen is never mistaken for an official.
fn citizen(index: usize) -> String {
    const FAMILY: [&str; 11] = [
        "Bùi", "Đặng", "Ngô", "Dương", "Lý", "Đinh", "Triệu", "Lục", "Sùng", "Giàng", "Ma",
    ];
    const MIDDLE: [&str; 5] = ["Thị", "Văn", "Ngọc", "Xuân", "Kim"];
    const GIVEN: [&str; 11] = [
        "Phúc", "Thắng", "Nga", "Yến", "Sơn", "Thảo", "Vinh", "Xuyến", "Hùng", "Nhung", "Tùng",
    ];
    format!(
        "{} {} {}",
        FAMILY[index % FAMILY.len()],
        MIDDLE[(index / 2) % MIDDLE.len()],
        GIVEN[(index * 5 + 1) % GIVEN.len()]
    )
}

fn text(value: &str) -> Option<String> {
    Some(value.to_owned())
}

/// The ids of the records that later sections link to, kept by the section
/// that makes them.
struct Ids {
    /// Term XVIII (2016–2021), the year's term.
    term_18: RecordId,
    /// Term XIX (2021–2026), the next one.
    term_19: RecordId,
    /// The ten fields, in the catalogue's order.
    fields: Vec<RecordId>,
    /// The council's four committees.
    committees: Vec<RecordId>,
    /// The province's five districts.
    districts: Vec<RecordId>,
    /// The fifteen deputies; the first is the chair.
    deputies: Vec<RecordId>,
    /// The council's chair, who chairs the Standing Committee's meetings.
    chair: RecordId,
    /// The council sessions of 2020 in order (the 12th, 13th and 14th);
    /// empty until the sessions' section adds them.
    sessions: Vec<RecordId>,
}

/// The reference year, 2020, with the beginning of 2021: the sections in
/// order, each linking only to records made before it.
fn year_2020(entry: &mut DemoYear) {
    let mut ids = catalogues::add(entry);
    sessions::add(entry, &mut ids);
    meetings::add(entry, &ids);
    supervisions::add(entry);
    voters::add(entry, &ids);
    reception::add(entry, &ids);
    conferences::add(entry, &ids);
    targets::add(entry);
    party::add(entry);
    year_2021::add(entry, &ids);
}
