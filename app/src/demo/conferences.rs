//! Conferences: the 8th of the northern midland and mountain provinces,
//! hosted; one attended.

use super::{By, DemoYear, Ids, day, text};
use crate::kinds::conference;

/// Adds the two conferences of 2020.
pub(super) fn add(entry: &mut DemoYear, ids: &Ids) {
    let term_18 = ids.term_18;
    entry.add(
        By::Staff,
        &conference::Conference {
            name: "Hội nghị Thường trực HĐND các tỉnh trung du và miền núi phía Bắc".into(),
            conference_kind: conference::ConferenceKind::Regional,
            ordinal: Some(8),
            role: conference::ConferenceRole::Host,
            starts_on: day(2020, 10, 16),
            ends_on: Some(day(2020, 10, 17)),
            place: text("Thành phố Hà Giang"),
            term: Some(term_18),
        },
    );
    entry.add(
        By::Staff,
        &conference::Conference {
            name: "Hội nghị toàn quốc tổng kết hoạt động HĐND nhiệm kỳ 2016-2021".into(),
            conference_kind: conference::ConferenceKind::National,
            ordinal: None,
            role: conference::ConferenceRole::Attendee,
            starts_on: day(2020, 12, 22),
            ends_on: None,
            place: text("Hà Nội"),
            term: Some(term_18),
        },
    );
}
