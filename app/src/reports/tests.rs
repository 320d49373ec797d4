//! The figures figure by figure over small sets of records, the draft's
//! sentences, and the demo year (`crate::demo`) giving the reference
//! figures of DOMAIN.md.

use serde_json::{Value, json};

use super::draft::{Draft, draft};
use super::figures::{Count, Figures, Part, Pool, Report, report};
use super::office::{office_count, office_decimal, office_percent};
use super::period::{PeriodAsked, Span, resolve};
use crate::calendar::IsoDate;
use crate::kinds::{
    award, conference, council_session, letter, opinion_matter, party_member, party_rating,
    plan_target, reception_matter, recommendation, resolution, sc_meeting, supervision, task, term,
    visit, voter_contact, voter_petition,
};
use crate::sync::model::{Fields, RecordId, RecordKind};

/// Records made for one test: (kind, id, fields).
#[derive(Default)]
struct Records(Vec<(RecordKind, RecordId, Fields)>);

impl Records {
    fn add(&mut self, kind: RecordKind, fields: Value) -> RecordId {
        let id = RecordId::new();
        self.0
            .push((kind, id, serde_json::from_value(fields).expect("fields")));
        id
    }

    fn report(&self, year: i32, asked: PeriodAsked, as_of: &str) -> Report {
        let pool = Pool::new(self.0.iter().map(|(k, i, f)| (*k, *i, f)));
        let span = resolve(year, asked, self.0.iter().map(|(k, i, f)| (*k, *i, f))).unwrap();
        report(&pool, &span, day(as_of))
    }

    fn year(&self, year: i32) -> Figures {
        self.report(year, PeriodAsked::Year, &format!("{}-01-05", year + 1))
            .figures
    }
}

fn day(text: &str) -> IsoDate {
    IsoDate::parse(text).unwrap()
}

fn part<'a>(parts: &'a [Part], key: &str) -> &'a Part {
    parts
        .iter()
        .find(|part| part.key == key)
        .unwrap_or_else(|| panic!("no part {key} in {parts:?}"))
}

fn value(parts: &[Part], key: &str) -> u64 {
    parts
        .iter()
        .find(|part| part.key == key)
        .map_or(0, |part| part.value)
}

#[test]
fn numbers_are_written_as_the_office_writes_them() {
    assert_eq!(office_count(0), "00");
    assert_eq!(office_count(2), "02");
    assert_eq!(office_count(9), "09");
    assert_eq!(office_count(10), "10");
    assert_eq!(office_count(113), "113");
    assert_eq!(office_count(1_234), "1.234");
    assert_eq!(office_count(1_234_567), "1.234.567");
    assert_eq!(office_percent(176, 198).as_deref(), Some("88,9%"));
    assert_eq!(office_percent(37, 40).as_deref(), Some("92,5%"));
    assert_eq!(office_percent(5, 5).as_deref(), Some("100%"));
    assert_eq!(office_percent(1, 0), None);
    assert_eq!(office_decimal(1234.5), "1.234,5");
    assert_eq!(office_decimal(95.0), "95");
}

#[test]
fn sessions_count_by_the_day_they_open_and_by_type() {
    let mut records = Records::default();
    let regular = records.add(
        council_session::KIND,
        json!({"session_type": "regular", "starts_on": "2020-07-15", "ends_on": "2020-07-17"}),
    );
    // Opens on the last day of 2020, ends in 2021: a session of 2020.
    let late = records.add(
        council_session::KIND,
        json!({"session_type": "regular", "starts_on": "2020-12-31", "ends_on": "2021-01-02"}),
    );
    let thematic = records.add(
        council_session::KIND,
        json!({"session_type": "thematic", "starts_on": "2020-04-01", "ends_on": "2020-04-01"}),
    );
    records.add(council_session::KIND, json!({"session_type": "extraordinary", "starts_on": "2019-12-31", "ends_on": "2020-01-01"}));
    records.add(
        resolution::KIND,
        json!({"adopted_on": "2020-07-17", "normative": true}),
    );
    records.add(
        resolution::KIND,
        json!({"adopted_on": "2020-07-17", "normative": false}),
    );
    records.add(resolution::KIND, json!({"adopted_on": "2021-01-02"}));
    let f = records.year(2020);
    assert_eq!(f.sessions.value, 3);
    assert_eq!(
        f.sessions.ids,
        vec![thematic, regular, late],
        "by opening day"
    );
    assert_eq!(
        part(&f.sessions_by_type, "regular").ids,
        vec![regular, late]
    );
    assert_eq!(value(&f.sessions_by_type, "thematic"), 1);
    assert_eq!(value(&f.sessions_by_type, "extraordinary"), 0);
    assert_eq!((f.resolutions.value, f.resolutions_normative.value), (2, 1));
}

#[test]
fn matters_and_their_documents_are_counted_apart_by_field_result_and_committee() {
    let mut records = Records::default();
    let economy = records.add(
        crate::kinds::field::KIND,
        json!({"name": "Kinh tế - Ngân sách"}),
    );
    let culture = records.add(
        crate::kinds::field::KIND,
        json!({"name": "Văn hóa - Xã hội"}),
    );
    let committee = records.add(
        crate::kinds::committee::KIND,
        json!({"name": "Ban Pháp chế"}),
    );
    let (doc_a, doc_b) = (RecordId::new(), RecordId::new());
    for (document, field, result, received) in [
        (doc_a, economy, "agreed", "2020-03-02"),
        (doc_a, economy, "agreed", "2020-03-02"),
        (doc_a, culture, "not_agreed", "2020-03-02"),
        (doc_b, economy, "agreed_with_conditions", "2020-05-02"),
    ] {
        records.add(
            opinion_matter::KIND,
            json!({"document": document.to_string(), "field": field.to_string(), "result": result, "received_on": received, "committee": committee.to_string()}),
        );
    }
    records.add(opinion_matter::KIND, json!({"received_on": "2020-06-01"}));
    records.add(
        opinion_matter::KIND,
        json!({"document": doc_a.to_string(), "received_on": "2021-01-01"}),
    );
    records.add(
        sc_meeting::KIND,
        json!({"meeting_type": "regular", "held_on": "2020-01-20"}),
    );
    records.add(
        sc_meeting::KIND,
        json!({"meeting_type": "extraordinary", "held_on": "2020-02-03"}),
    );
    let f = records.year(2020);
    assert_eq!(f.opinion_matters.value, 5);
    assert_eq!(f.opinion_documents.value, 2);
    assert_eq!(f.opinion_documents.ids, vec![doc_a, doc_b]);
    let by_field = &f.opinion_matters_by_field;
    assert_eq!(by_field[0].key, economy.to_string(), "most first");
    assert_eq!(by_field[0].label.as_deref(), Some("Kinh tế - Ngân sách"));
    assert_eq!(by_field[0].value, 3);
    assert_eq!(value(by_field, &culture.to_string()), 1);
    assert_eq!(value(by_field, "none"), 1, "a matter of no field");
    assert_eq!(value(&f.opinion_matters_by_result, "agreed"), 2);
    assert_eq!(
        value(&f.opinion_matters_by_result, "referred_to_session"),
        0
    );
    assert_eq!(
        value(&f.opinion_matters_by_committee, &committee.to_string()),
        4
    );
    assert_eq!(value(&f.sc_meetings_by_type, "regular"), 1);
    assert_eq!(f.sc_meetings.value, 2);
}

#[test]
fn supervisions_and_their_recommendations_by_body_form_status_and_overdue() {
    let mut records = Records::default();
    let sc = records.add(
        supervision::KIND,
        json!({"body": "standing_committee", "form": "thematic", "starts_on": "2020-06-01"}),
    );
    records.add(
        supervision::KIND,
        json!({"body": "committee", "form": "regular", "starts_on": "2020-09-01"}),
    );
    let old = records.add(
        supervision::KIND,
        json!({"body": "council", "form": "thematic", "starts_on": "2019-09-01"}),
    );
    let done = records.add(
        recommendation::KIND,
        json!({"supervision": sc.to_string(), "status": "done", "deadline": "2020-10-01"}),
    );
    let late = records.add(
        recommendation::KIND,
        json!({"supervision": sc.to_string(), "status": "in_progress", "deadline": "2020-12-31"}),
    );
    let on_time = records.add(
        recommendation::KIND,
        json!({"supervision": sc.to_string(), "status": "not_done", "deadline": "2021-03-01"}),
    );
    // Of last year's supervision: overdue, but not one of this year's.
    let older = records.add(
        recommendation::KIND,
        json!({"supervision": old.to_string(), "status": "not_done", "deadline": "2020-01-01"}),
    );
    let f = records.year(2020);
    assert_eq!(f.supervisions.value, 2);
    assert_eq!(value(&f.supervisions_by_body, "standing_committee"), 1);
    assert_eq!(value(&f.supervisions_by_body, "council"), 0);
    assert_eq!(value(&f.supervisions_by_form, "thematic"), 1);
    assert_eq!(f.recommendations.ids, vec![done, late, on_time]);
    assert_eq!(value(&f.recommendations_by_status, "done"), 1);
    assert_eq!(
        f.recommendations_overdue.ids,
        vec![late],
        "as of 05/01/2021"
    );
    let listed: Vec<RecordId> = f.overdue.iter().map(|item| item.id).collect();
    assert_eq!(
        listed,
        vec![older, late],
        "every overdue record, by deadline"
    );
    assert_eq!(f.overdue[1].days, 5);
}

#[test]
fn petitions_are_collected_forwarded_answered_and_settled_by_status() {
    let mut records = Records::default();
    let contact = records.add(
        voter_contact::KIND,
        json!({"timing": "before_session", "held_on": "2020-06-20"}),
    );
    records.add(
        voter_contact::KIND,
        json!({"timing": "after_session", "held_on": "2020-08-01"}),
    );
    for (status, kind) in [
        ("collected", "opinion"),
        ("forwarded", "recommendation"),
        ("answered", "recommendation"),
        ("in_progress", "recommendation"),
        ("settled", "recommendation"),
        ("settled", "opinion"),
        ("explained", "recommendation"),
        ("closed_not_settled", "recommendation"),
    ] {
        records.add(
            voter_petition::KIND,
            json!({"status": status, "petition_type": kind, "received_on": "2020-06-21", "contact": contact.to_string()}),
        );
    }
    records.add(
        voter_petition::KIND,
        json!({"status": "settled", "received_on": "2019-06-21"}),
    );
    let f = records.year(2020);
    assert_eq!(f.voter_contacts.value, 2);
    assert_eq!(value(&f.voter_contacts_by_timing, "before_session"), 1);
    assert_eq!(f.petitions_collected.value, 8);
    assert_eq!(
        f.petitions_forwarded.value, 7,
        "every status from forwarded on"
    );
    assert_eq!(f.petitions_answered.value, 5);
    assert_eq!(f.petitions_settled.value, 2);
    assert_eq!(value(&f.petitions_by_status, "settled"), 2);
    assert_eq!(value(&f.petitions_by_type, "opinion"), 2);
    assert_eq!(value(&f.petitions_by_field, "none"), 8);
}

#[test]
fn reception_counts_visits_people_and_each_matter_once_by_type() {
    let mut records = Records::default();
    let complaint = records.add(
        reception_matter::KIND,
        json!({"matter_type": "complaint", "received_on": "2019-11-01"}),
    );
    let denunciation = records.add(
        reception_matter::KIND,
        json!({"matter_type": "denunciation", "received_on": "2020-02-01"}),
    );
    let unvisited = records.add(
        reception_matter::KIND,
        json!({"matter_type": "petition", "received_on": "2020-02-01"}),
    );
    for (matter, on, people, group) in [
        (complaint, "2020-01-10", 1, false),
        (complaint, "2020-03-10", 7, true),
        (denunciation, "2020-02-10", 2, false),
        (denunciation, "2021-02-10", 2, false),
    ] {
        records.add(
            visit::KIND,
            json!({"matter": matter.to_string(), "visited_on": on, "people": people, "group_visit": group, "visit_kind": "regular"}),
        );
    }
    records.add(
        letter::KIND,
        json!({"received_on": "2020-05-01", "handling": "forwarded", "eligible": true}),
    );
    records.add(
        letter::KIND,
        json!({"received_on": "2020-05-02", "handling": "guided", "eligible": false}),
    );
    let f = records.year(2020);
    assert_eq!(f.visits.value, 3);
    assert_eq!(f.citizens_received.value, 10);
    assert_eq!(f.group_visits.value, 1);
    assert_eq!(value(&f.visits_by_kind, "regular"), 3);
    assert_eq!(
        f.reception_matters.ids,
        vec![complaint, denunciation],
        "the matters visited, each once, whenever received"
    );
    assert!(!f.reception_matters.ids.contains(&unvisited));
    assert_eq!(value(&f.reception_matters_by_type, "complaint"), 1);
    assert_eq!(value(&f.reception_matters_by_type, "petition"), 0);
    assert_eq!(f.letters.value, 2);
    assert_eq!(f.letters_eligible.value, 1);
    assert_eq!(value(&f.letters_by_handling, "guided"), 1);
}

#[test]
fn conferences_party_targets_awards_and_tasks() {
    let mut records = Records::default();
    let term = records.add(
        term::KIND,
        json!({"number": 18, "starts_year": 2016, "ends_year": 2021}),
    );
    let hosted = records.add(conference::KIND, json!({"name": "Hội nghị vùng", "conference_kind": "regional", "ordinal": 8, "role": "host", "starts_on": "2020-10-01", "term": term.to_string()}));
    records.add(conference::KIND, json!({"name": "Hội nghị toàn quốc", "conference_kind": "national", "role": "attendee", "starts_on": "2020-11-01"}));
    records.add(party_member::KIND, json!({"full_name": "A", "active": true, "provincial_standing": true, "provincial_committee": true}));
    records.add(
        party_member::KIND,
        json!({"full_name": "B", "active": true, "joined_on": "2020-12-31"}),
    );
    records.add(
        party_member::KIND,
        json!({"full_name": "C", "active": true, "joined_on": "2021-01-01"}),
    );
    records.add(
        party_member::KIND,
        json!({"full_name": "D", "active": false}),
    );
    let rating = records.add(
        party_rating::KIND,
        json!({"year": 2020, "rated": "organisation", "rating": "httnv"}),
    );
    records.add(
        party_rating::KIND,
        json!({"year": 2020, "rated": "member", "rating": "htxsnv"}),
    );
    records.add(
        party_rating::KIND,
        json!({"year": 2019, "rated": "member", "rating": "htnv"}),
    );
    records.add(
        award::KIND,
        json!({"year": 2020, "name": "Cơ quan văn hóa"}),
    );
    records.add(
        sc_meeting::KIND,
        json!({"meeting_type": "regular", "held_on": "2020-01-20"}),
    );
    records.add(
        sc_meeting::KIND,
        json!({"meeting_type": "regular", "held_on": "2020-02-20"}),
    );
    let counted = records.add(plan_target::KIND, json!({"year": 2020, "text": "Phiên họp", "planned": 2, "source": "computed", "measure": "regular_sc_meetings"}));
    let missed = records.add(plan_target::KIND, json!({"year": 2020, "text": "Giám sát", "planned": 3, "source": "computed", "measure": "supervisions"}));
    records.add(plan_target::KIND, json!({"year": 2020, "text": "Văn bản", "planned": 5, "source": "entered", "actual": 6, "result": "exceeded"}));
    records.add(
        plan_target::KIND,
        json!({"year": 2020, "text": "Chưa đánh giá", "planned": 5, "source": "entered"}),
    );
    records.add(
        task::KIND,
        json!({"status": "done", "done_on": "2020-05-01", "deadline": "2020-06-01"}),
    );
    let late = records.add(
        task::KIND,
        json!({"status": "in_progress", "deadline": "2020-06-01"}),
    );
    records.add(
        task::KIND,
        json!({"status": "cancelled", "deadline": "2020-06-01"}),
    );
    let f = records.year(2020);
    assert_eq!(
        (f.conferences.value, f.conferences_hosted.ids.clone()),
        (2, vec![hosted])
    );
    let listed = &f.conference_list[0];
    assert_eq!((listed.ordinal, listed.hosted), (Some(8), true));
    assert_eq!(listed.term.as_deref(), Some("2016 - 2021"));
    assert_eq!(f.party_members.value, 2, "active and joined by 31/12");
    assert_eq!(f.party_members_provincial_standing.value, 1);
    assert_eq!(f.party_members_provincial_committee.value, 1);
    assert_eq!(f.party_organisation_ratings[0].id, rating);
    assert_eq!(f.party_organisation_ratings[0].rating, "httnv");
    assert_eq!(value(&f.party_member_ratings, "htxsnv"), 1);
    assert_eq!(value(&f.party_member_ratings, "htnv"), 0, "another year's");
    assert_eq!(f.award_names, vec!["Cơ quan văn hóa".to_owned()]);
    assert_eq!(f.targets.value, 4);
    assert_eq!(
        f.targets_met.ids,
        vec![counted],
        "counted as its page counts it"
    );
    assert_eq!(f.targets_not_met.ids, vec![missed]);
    assert_eq!(f.targets_exceeded.value, 1);
    assert_eq!(f.targets_unknown.value, 1);
    assert_eq!(f.tasks_done.value, 1);
    assert_eq!(f.tasks_overdue.ids, vec![late]);
    // While the year runs, a count short of its plan is not yet a result.
    let running = records
        .report(2020, PeriodAsked::Year, "2020-06-30")
        .figures;
    assert_eq!(running.targets_not_met.value, 0);
    assert_eq!(running.targets_unknown.value, 2);
}

#[test]
fn months_count_the_main_activities_and_a_quarter_holds_its_own() {
    let mut records = Records::default();
    records.add(sc_meeting::KIND, json!({"held_on": "2020-01-20"}));
    records.add(sc_meeting::KIND, json!({"held_on": "2020-04-20"}));
    records.add(
        visit::KIND,
        json!({"visited_on": "2020-04-01", "people": 1}),
    );
    let f = records.year(2020);
    assert_eq!(f.by_month.len(), 12);
    assert_eq!(f.by_month[0].month, "2020-01");
    assert_eq!(
        (f.by_month[0].sc_meetings, f.by_month[3].sc_meetings),
        (1, 1)
    );
    assert_eq!(f.by_month[3].visits, 1);
    let q2 = records
        .report(2020, PeriodAsked::Quarter(2), "2021-01-01")
        .figures;
    assert_eq!(q2.sc_meetings.value, 1);
    assert_eq!(q2.by_month.len(), 3);
    assert_eq!(q2.by_month[0].month, "2020-04");
}

fn text_of(draft: &Draft) -> String {
    draft.text()
}

#[test]
fn nothing_recorded_drafts_no_sentence_and_a_zero_is_left_out() {
    let empty = Records::default();
    let drafted = draft(&empty.report(2020, PeriodAsked::Year, "2021-01-05"));
    assert!(drafted.sections.is_empty(), "{drafted:?}");
    assert_eq!(
        drafted.title,
        "Kết quả công tác năm 2020, phương hướng, nhiệm vụ năm 2021"
    );

    let mut records = Records::default();
    records.add(
        council_session::KIND,
        json!({"session_type": "regular", "starts_on": "2020-07-15"}),
    );
    records.add(
        council_session::KIND,
        json!({"session_type": "regular", "starts_on": "2020-12-09"}),
    );
    records.add(
        visit::KIND,
        json!({"visited_on": "2020-04-01", "people": 1}),
    );
    let text = text_of(&draft(&records.report(
        2020,
        PeriodAsked::Year,
        "2021-01-05",
    )));
    assert!(
        text.contains("tổ chức thành công 02 kỳ họp thường lệ."),
        "{text}"
    );
    assert!(!text.contains("chuyên đề"), "no thematic session: {text}");
    assert!(!text.contains("nghị quyết"), "no resolution: {text}");
    assert!(text.contains("Tiếp 01 lượt công dân."), "{text}");
    assert!(!text.contains("việc"), "no matter: {text}");
    assert!(!text.contains("giám sát"), "no supervision: {text}");
    assert!(
        text.starts_with("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020\n1. Công tác tổ chức kỳ họp\n")
    );
    assert!(
        text.contains("\n2. Công tác tiếp công dân, xử lý đơn thư\n"),
        "renumbered: {text}"
    );
}

#[test]
fn the_sentences_read_as_the_office_writes_them() {
    let mut records = Records::default();
    let economy = records.add(
        crate::kinds::field::KIND,
        json!({"name": "Kinh tế - Ngân sách"}),
    );
    let document = RecordId::new();
    for _ in 0..8 {
        records.add(opinion_matter::KIND, json!({"received_on": "2020-03-02", "document": document.to_string(), "field": economy.to_string(), "result": "agreed"}));
    }
    for on in ["2020-01-10", "2020-02-10"] {
        records.add(
            sc_meeting::KIND,
            json!({"meeting_type": "regular", "held_on": on}),
        );
    }
    records.add(
        sc_meeting::KIND,
        json!({"meeting_type": "extraordinary", "held_on": "2020-03-10"}),
    );
    let complaint = records.add(reception_matter::KIND, json!({"matter_type": "complaint"}));
    let petition = records.add(reception_matter::KIND, json!({"matter_type": "petition"}));
    for matter in [complaint, complaint, petition] {
        records.add(
            visit::KIND,
            json!({"visited_on": "2020-04-01", "people": 2, "matter": matter.to_string()}),
        );
    }
    let supervision = records.add(
        supervision::KIND,
        json!({"body": "standing_committee", "starts_on": "2020-06-01"}),
    );
    for status in ["done", "done", "in_progress"] {
        records.add(recommendation::KIND, json!({"supervision": supervision.to_string(), "status": status, "deadline": "2021-06-01"}));
    }
    for status in ["forwarded", "settled", "settled", "collected"] {
        records.add(
            voter_petition::KIND,
            json!({"status": status, "received_on": "2020-06-21"}),
        );
    }
    // Last year: fewer meetings, more visits.
    records.add(
        sc_meeting::KIND,
        json!({"meeting_type": "regular", "held_on": "2019-05-10"}),
    );
    for _ in 0..5 {
        records.add(
            visit::KIND,
            json!({"visited_on": "2019-04-01", "people": 1}),
        );
    }
    let drafted = draft(&records.report(2020, PeriodAsked::Year, "2021-01-05"));
    let text = text_of(&drafted);
    for expected in [
        "Tổ chức 02 phiên họp thường lệ, 01 phiên họp bất thường để thảo luận, cho ý kiến về các nội dung thuộc thẩm quyền, tăng 02 phiên họp so với năm 2019; cho ý kiến đối với 01 văn bản với 08 nội dung UBND tỉnh trình (trong đó lĩnh vực kinh tế - ngân sách 08).",
        "Kết quả: đồng ý 08 nội dung.",
        "Thực hiện 01 cuộc giám sát của Thường trực HĐND; qua giám sát đã đưa ra 03 kiến nghị, đến nay đã thực hiện xong 02 kiến nghị, đang thực hiện 01 kiến nghị.",
        "Tổng hợp 04 ý kiến, kiến nghị của cử tri, chuyển 03 ý kiến, kiến nghị đến các cơ quan có thẩm quyền; đến nay đã giải quyết xong 02 ý kiến, kiến nghị (đạt 66,7%).",
        "Tiếp 03 lượt công dân với 02 việc (khiếu nại 01 việc, kiến nghị, phản ánh 01 việc), giảm 02 lượt so với năm 2019; tổng số 06 người.",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // Each number links to the records behind it.
    let figures: Vec<(&str, usize)> = drafted
        .sections
        .iter()
        .flat_map(|section| &section.paragraphs)
        .flat_map(|paragraph| &paragraph.pieces)
        .filter_map(|piece| match piece {
            super::draft::Piece::Figure { key, ids, .. } => Some((key.as_str(), ids.len())),
            super::draft::Piece::Text { .. } => None,
        })
        .collect();
    assert!(figures.contains(&("opinion_matters", 8)), "{figures:?}");
    assert!(figures.contains(&("opinion_documents", 1)));
    assert!(figures.contains(&("sc_meetings_by_type.regular", 2)));
    assert!(figures.contains(&("reception_matters_by_type.complaint", 1)));

    // A month compares with the same month a year before.
    let march = draft(&records.report(2020, PeriodAsked::Month(3), "2021-01-05"));
    assert_eq!(march.title, "Kết quả công tác tháng 03 năm 2020");
    let q2 = draft(&records.report(2020, PeriodAsked::Quarter(2), "2021-01-05"));
    assert!(
        q2.text().contains("giảm 02 lượt so với cùng kỳ năm 2019"),
        "{}",
        q2.text()
    );
}

#[test]
fn a_figure_says_how_many_of_its_records_are_not_yet_approved() {
    let mut records = Records::default();
    let approved = records.add(
        council_session::KIND,
        json!({"session_type": "regular", "starts_on": "2020-07-15", "review": "approved"}),
    );
    let submitted = records.add(
        council_session::KIND,
        json!({"session_type": "regular", "starts_on": "2020-12-10", "review": "submitted"}),
    );
    // No state is a draft; returned is not approved either.
    let draft_one = records.add(
        council_session::KIND,
        json!({"session_type": "thematic", "starts_on": "2020-04-01"}),
    );
    let returned = records.add(
        sc_meeting::KIND,
        json!({"meeting_type": "regular", "held_on": "2020-03-02", "review": "returned", "review_note": "Bổ sung"}),
    );
    // A catalogue is not reviewed: never "not approved".
    records.add(
        term::KIND,
        json!({"number": 18, "starts_year": 2016, "ends_year": 2021}),
    );
    // Not approved, but of another year: behind no figure of 2020.
    records.add(
        council_session::KIND,
        json!({"session_type": "regular", "starts_on": "2021-06-28", "review": "submitted"}),
    );
    let report = records.report(2020, PeriodAsked::Year, "2021-01-05");
    let f = &report.figures;
    assert_eq!(f.sessions.value, 3);
    assert_eq!(f.sessions.unapproved, 2);
    assert_eq!(part(&f.sessions_by_type, "regular").unapproved, 1);
    assert_eq!(part(&f.sessions_by_type, "thematic").unapproved, 1);
    assert_eq!(f.sc_meetings.unapproved, 1);
    let mut expected = vec![submitted, draft_one, returned];
    expected.sort_by_key(|id| id.as_u128());
    assert_eq!(f.unapproved.ids, expected);
    assert_eq!(f.unapproved.value, 3);
    assert!(!f.unapproved.ids.contains(&approved));

    let drafted = draft(&report);
    assert_eq!(drafted.unapproved, 3);
    let marked: Vec<(String, u64)> = marks(&drafted)
        .into_iter()
        .filter(|(_, unapproved)| *unapproved > 0)
        .collect();
    assert!(
        marked.contains(&("sessions_by_type.regular".to_owned(), 1)),
        "{marked:?}"
    );
    assert_eq!(
        drafted.unapproved_note().as_deref(),
        Some("Lưu ý: số liệu trên dựa trên 03 hồ sơ chưa được duyệt.")
    );
    // The JSON gives it per figure, and a marked piece says it.
    let json = serde_json::to_value(f).unwrap();
    assert_eq!(json["sessions"]["unapproved"], json!(2));
    assert_eq!(json["unapproved"]["value"], json!(3));

    // Once all are approved nothing is said.
    let mut all_approved = Records::default();
    all_approved.add(
        council_session::KIND,
        json!({"session_type": "regular", "starts_on": "2020-07-15", "review": "approved"}),
    );
    let report = all_approved.report(2020, PeriodAsked::Year, "2021-01-05");
    assert_eq!(report.figures.unapproved.value, 0);
    assert_eq!(report.figures.sessions.unapproved, 0);
    assert_eq!(draft(&report).unapproved_note(), None);
}

/// Every figure of a draft: its key and how many of its records are not
/// yet approved.
fn marks(drafted: &super::draft::Draft) -> Vec<(String, u64)> {
    drafted
        .sections
        .iter()
        .flat_map(|section| &section.paragraphs)
        .flat_map(|paragraph| &paragraph.pieces)
        .filter_map(|piece| match piece {
            super::draft::Piece::Figure {
                key, unapproved, ..
            } => Some((key.clone(), *unapproved)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_single_record_figures_and_the_kinds_read_whole_are_marked_too() {
    // A conference is read by its date; ratings, awards and recommendations
    // by reading all of a kind; each of them submitted, not approved.
    let mut records = Records::default();
    records.add(
        conference::KIND,
        json!({"name": "Hội nghị vùng", "conference_kind": "regional", "ordinal": 8, "role": "host",
               "starts_on": "2020-10-01", "review": "submitted"}),
    );
    records.add(
        party_rating::KIND,
        json!({"year": 2020, "rated": "organisation", "rating": "httnv", "review": "submitted"}),
    );
    records.add(
        party_rating::KIND,
        json!({"year": 2020, "rated": "member", "rating": "htxsnv", "review": "approved"}),
    );
    records.add(
        award::KIND,
        json!({"year": 2020, "name": "Cơ quan văn hóa", "review": "returned", "review_note": "Thiếu quyết định"}),
    );
    let report = records.report(2020, PeriodAsked::Year, "2021-01-05");
    let f = &report.figures;
    assert_eq!(f.conferences_hosted.unapproved, 1);
    assert_eq!(f.awards.unapproved, 1);
    assert_eq!(part(&f.party_member_ratings, "htxsnv").unapproved, 0);
    assert_eq!(f.unapproved.value, 3);
    let drafted = draft(&report);
    let marked = marks(&drafted);
    for key in ["conferences_hosted", "party_organisation_ratings", "awards"] {
        assert!(marked.contains(&(key.to_owned(), 1)), "{key}: {marked:?}");
    }
    assert!(
        marked.contains(&("party_member_ratings.htxsnv".to_owned(), 0)),
        "{marked:?}"
    );
}

/// The demo enters most of 2020 approved and the new year's records in
/// every state, so the report of 2020 says a few records still wait.
#[test]
fn the_demo_year_is_mostly_approved_and_says_what_waits() {
    use crate::records::review::{NOTE, State};
    let year = crate::demo::DemoYear::new();
    let mut by_year: std::collections::BTreeMap<(i32, State), usize> = Default::default();
    for record in &year.records {
        let spec = crate::kinds::REGISTRY.get(record.kind).unwrap();
        if spec.review.is_none() {
            assert!(!record.fields.contains_key("review"), "{}", record.kind);
            continue;
        }
        let state = State::of(&record.fields);
        let in_year = spec.year_of(&record.fields).unwrap_or(2020);
        *by_year.entry((in_year.min(2021), state)).or_default() += 1;
        assert_eq!(
            record.fields.contains_key(NOTE),
            state == State::Returned,
            "a returned record, and only one, carries its comment"
        );
    }
    let of = |year, state| by_year.get(&(year, state)).copied().unwrap_or(0);
    let all_2020: usize = State::ALL.into_iter().map(|state| of(2020, state)).sum();
    assert!(of(2020, State::Approved) * 10 > all_2020 * 9, "{by_year:?}");
    assert!(of(2020, State::Submitted) > 0, "{by_year:?}");
    for state in State::ALL {
        assert!(of(2021, state) > 0, "2021 has {state:?}: {by_year:?}");
    }
    let pool = Pool::new(year.iter());
    let span: Span = resolve(2020, PeriodAsked::Year, year.iter()).unwrap();
    let report = report(&pool, &span, day("2021-01-05"));
    let waiting = report.figures.unapproved.value as usize;
    assert!(
        waiting > 0 && waiting * 5 < all_2020,
        "{waiting} of {all_2020}"
    );
}

/// The browser gives records by id, the database by their last change: the
/// figures are the same, ids in the same order, whatever order they come in.
#[test]
fn the_figures_do_not_depend_on_the_order_records_come_in() {
    let year = crate::demo::DemoYear::new();
    let span: Span = resolve(2020, PeriodAsked::Year, year.iter()).unwrap();
    let forward = report(&Pool::new(year.iter()), &span, day("2021-01-05"));
    let mut reversed: Vec<_> = year.iter().collect();
    reversed.reverse();
    let backward = report(&Pool::new(reversed), &span, day("2021-01-05"));
    assert_eq!(
        serde_json::to_value(&forward).unwrap(),
        serde_json::to_value(&backward).unwrap()
    );
}

/// The demo year reproduces the reference figures of DOMAIN.md.
#[test]
fn the_demo_year_reports_the_reference_figures() {
    let year = crate::demo::DemoYear::new();
    let pool = Pool::new(year.iter());
    let span: Span = resolve(2020, PeriodAsked::Year, year.iter()).unwrap();
    let report = report(&pool, &span, day("2021-01-05"));
    let f = &report.figures;
    assert_eq!(value(&f.sessions_by_type, "regular"), 2);
    assert_eq!(value(&f.sc_meetings_by_type, "regular"), 10);
    assert_eq!(f.opinion_matters.value, 60);
    assert!(f.opinion_documents.value > 20 && f.opinion_documents.value < 60);
    assert_eq!(f.supervisions.value, 2);
    assert_eq!(f.visits.value, 113);
    assert_eq!(f.reception_matters.value, 25);
    assert_eq!(f.conferences_hosted.value, 1);
    let hosted = f.conference_list.iter().find(|c| c.hosted).unwrap();
    assert_eq!(hosted.ordinal, Some(8));
    assert_eq!(f.party_members.value, 35);
    assert_eq!(f.party_members_provincial_standing.value, 1);
    assert_eq!(f.party_members_provincial_committee.value, 3);
    assert_eq!(f.party_organisation_ratings[0].rating, "httnv");
    assert!(f.award_names.iter().any(|name| name == "Cơ quan văn hóa"));
    assert!(f.targets.value > 0);
    assert_eq!(
        f.targets.value,
        f.targets_met.value + f.targets_exceeded.value,
        "every target met or exceeded"
    );
    assert_eq!(report.previous, None, "the demo holds no 2019");

    let text = draft(&report).text();
    for expected in [
        "tổ chức thành công 02 kỳ họp thường lệ",
        "Tổ chức 10 phiên họp thường lệ",
        " với 60 nội dung UBND tỉnh trình",
        "Thực hiện 02 cuộc giám sát",
        "Tiếp 113 lượt công dân với 25 việc (khiếu nại ",
        "Tổ chức thành công Hội nghị Thường trực HĐND các tỉnh trung du và miền núi phía Bắc lần thứ 8, nhiệm kỳ 2016 - 2021.",
        "Đảng bộ có 35 đảng viên (trong đó 01 đồng chí là Ủy viên Ban Thường vụ Tỉnh ủy, 03 đồng chí là Ủy viên Ban Chấp hành Đảng bộ tỉnh)",
        "năm 2020 Đảng bộ được xếp loại hoàn thành tốt nhiệm vụ",
        "“Cơ quan văn hóa”",
        "Các chỉ tiêu phấn đấu năm 2020 đều đạt",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn every_figure_key_is_documented_in_reports_md() {
    let doc = include_str!("../../../docs/REPORTS.md");
    let figures = Records::default().year(2020);
    let json = serde_json::to_value(&figures).unwrap();
    for key in json.as_object().unwrap().keys() {
        assert!(
            doc.contains(&format!("| `{key}` |")),
            "docs/REPORTS.md does not document `{key}`"
        );
    }
}

#[test]
fn a_count_serialises_as_value_and_ids() {
    let id = RecordId::example(3);
    let count = Count {
        value: 1,
        ids: vec![id],
        unapproved: 1,
    };
    assert_eq!(
        serde_json::to_value(&count).unwrap(),
        json!({"value": 1, "ids": [id.to_string()], "unapproved": 1})
    );
}

#[test]
fn every_figure_is_found_by_its_key_with_the_ids_the_json_gives() {
    let year = crate::demo::DemoYear::new();
    let pool = Pool::new(year.iter());
    let span: Span = resolve(2020, PeriodAsked::Year, year.iter()).unwrap();
    let f = report(&pool, &span, day("2021-01-05")).figures;
    let json = serde_json::to_value(&f).unwrap();
    let ids = |value: &Value| -> Vec<RecordId> {
        serde_json::from_value(value["ids"].clone()).expect("ids")
    };
    let mut counts = 0;
    let mut breakdowns = 0;
    for (key, value) in json.as_object().unwrap() {
        if value.get("ids").is_some() {
            counts += 1;
            assert!(
                Figures::COUNT_KEYS.contains(&key.as_str()),
                "{key} has no accessor"
            );
            assert_eq!(f.ids(key), Some(ids(value)), "{key}");
        } else if value
            .as_array()
            .and_then(|items| items.first())
            .is_some_and(|item| item.get("key").is_some())
        {
            breakdowns += 1;
            assert!(
                Figures::PARTS_KEYS.contains(&key.as_str()),
                "{key} has no accessor"
            );
            for part in value.as_array().unwrap() {
                let code = part["key"].as_str().unwrap();
                assert_eq!(
                    f.ids(&format!("{key}:{code}")),
                    Some(ids(part)),
                    "{key}:{code}"
                );
            }
        }
    }
    assert_eq!(counts, Figures::COUNT_KEYS.len());
    assert_eq!(breakdowns, Figures::PARTS_KEYS.len());
    assert_eq!(f.ids("sessions_by_type:nothing"), None);
    assert_eq!(f.ids("no_such_figure"), None);
    assert_eq!(f.ids("overdue").map(|ids| ids.len()), Some(f.overdue.len()));
}

/// The demo year's report, laid out, with what was written for it.
fn demo_document(written: &super::document::Written) -> (Report, super::document::ReportDocument) {
    let year = crate::demo::DemoYear::new();
    let pool = Pool::new(year.iter());
    let span: Span = resolve(2020, PeriodAsked::Year, year.iter()).unwrap();
    let report = report(&pool, &span, day("2021-01-05"));
    let document = super::document::document(&report, Some("Văn phòng HĐND tỉnh Lào Cai"), written);
    (report, document)
}

fn written_2020() -> super::document::Written {
    super::document::Written {
        number: "12/BC-VP".into(),
        signed_on: Some(IsoDate::ymd(2021, 1, 5)),
        authority: "KT. Chánh Văn phòng".into(),
        signer_title: "Phó Chánh Văn phòng".into(),
        signer: "Nguyễn Văn An".into(),
        recipients: "Thường trực HĐND tỉnh\nLưu: VT, TH".into(),
        assessment: "Năm 2020, Văn phòng hoàn thành tốt nhiệm vụ.\nCòn một số hạn chế.".into(),
        ..Default::default()
    }
}

/// A file of an Office package, as text.
fn unzip(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8 XML");
    text
}

/// The text of an OOXML part: the contents of its text elements, joined.
fn xml_text(xml: &str, element: &str) -> String {
    let open = format!("<{element}");
    let close = format!("</{element}>");
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        // `<w:t>` or `<w:t xml:space="preserve">`, not `<w:tbl>`.
        if !(after.starts_with('>') || after.starts_with(' ')) {
            rest = after;
            continue;
        }
        let Some(body) = after.find('>') else { break };
        let Some(end) = after.find(&close) else { break };
        out.push_str(&after[body + 1..end]);
        out.push('\n');
        rest = &after[end + close.len()..];
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[test]
fn the_report_is_laid_out_as_decree_30_asks_with_what_was_written() {
    let (_, document) = demo_document(&written_2020());
    assert_eq!(document.issuer.above, "HĐND TỈNH LÀO CAI");
    assert_eq!(document.number, "Số: 12/BC-VP");
    assert_eq!(document.place_and_day, "Lào Cai, ngày 05 tháng 01 năm 2021");
    assert_eq!(
        document.title,
        "Kết quả công tác năm 2020, phương hướng, nhiệm vụ năm 2021"
    );
    assert_eq!(document.part_one, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020");
    assert_eq!(document.written[0].paragraphs.len(), 2);
    assert_eq!(
        document.written[1].heading,
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2021"
    );
    assert!(document.written[1].paragraphs.is_empty());
    assert_eq!(
        document.authority,
        ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    );
    assert_eq!(
        document.recipients,
        ["- Thường trực HĐND tỉnh;", "- Lưu: VT, TH."]
    );
    let text = document.text();
    assert!(
        text.starts_with("HĐND TỈNH LÀO CAI\nVĂN PHÒNG\nSố: 12/BC-VP\n"),
        "{text}"
    );
    assert!(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"));
    assert!(
        text.contains("Tiếp 113 lượt công dân với 25 việc"),
        "{text}"
    );

    // Nothing written yet: a number and a day left blank to fill in.
    let (_, blank) = demo_document(&Default::default());
    assert_eq!(blank.number, "Số:      /BC-VP");
    assert_eq!(
        blank.place_and_day,
        "Lào Cai, ngày      tháng      năm 2021"
    );
    assert_eq!(blank.authority, ["CHÁNH VĂN PHÒNG"]);
    assert_eq!(blank.recipients, ["- Lưu: VT."]);
}

#[test]
fn the_periodic_reports_have_their_own_titles() {
    let year = crate::demo::DemoYear::new();
    let pool = Pool::new(year.iter());
    for (asked, title, ahead) in [
        (
            PeriodAsked::Half(1),
            "Kết quả công tác 6 tháng đầu năm 2020, phương hướng, nhiệm vụ 6 tháng cuối năm 2020",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2020",
        ),
        (
            PeriodAsked::Month(3),
            "Kết quả công tác tháng 03 năm 2020",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        ),
    ] {
        let span = resolve(2020, asked, year.iter()).unwrap();
        let report = report(&pool, &span, day("2021-01-05"));
        let document = super::document::document(&report, None, &Default::default());
        assert_eq!(document.title, title);
        assert_eq!(document.written[1].heading, ahead);
        assert_eq!(document.issuer.above, "HĐND TỈNH");
    }
    // Per session: the figures between the session before and this one.
    let session = year
        .iter()
        .find(|(kind, _, _)| *kind == council_session::KIND)
        .map(|(_, id, _)| id)
        .unwrap();
    let span = resolve(2020, PeriodAsked::Session(session), year.iter()).unwrap();
    let report = report(&pool, &span, day("2021-01-05"));
    let document = super::document::document(&report, None, &Default::default());
    assert!(
        document
            .title
            .starts_with("Kết quả hoạt động của Thường trực HĐND giữa hai kỳ họp"),
        "{}",
        document.title
    );
}

#[test]
fn the_docx_read_back_carries_the_layout_and_the_figures() {
    let (_, document) = demo_document(&written_2020());
    let bytes = super::export::docx(&document).unwrap();
    let xml = unzip(&bytes, "word/document.xml");
    let text = xml_text(&xml, "w:t");
    for expected in [
        "HĐND TỈNH LÀO CAI",
        "VĂN PHÒNG",
        "Số: 12/BC-VP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lào Cai, ngày 05 tháng 01 năm 2021",
        "BÁO CÁO",
        "Kết quả công tác năm 2020, phương hướng, nhiệm vụ năm 2021",
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020",
        "tổ chức thành công 02 kỳ họp thường lệ",
        "Tổ chức 10 phiên họp thường lệ",
        " với 60 nội dung UBND tỉnh trình",
        "Tiếp 113 lượt công dân với 25 việc",
        "II. ĐÁNH GIÁ CHUNG",
        "Năm 2020, Văn phòng hoàn thành tốt nhiệm vụ.",
        "Nơi nhận:",
        "- Lưu: VT, TH.",
        "KT. CHÁNH VĂN PHÒNG",
        "Nguyễn Văn An",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // Every figure of part I, as the draft writes it, is in the file.
    for section in &document.draft.sections {
        for paragraph in &section.paragraphs {
            assert!(
                text.contains(&paragraph.text()),
                "missing {:?}",
                paragraph.text()
            );
        }
    }
    // A4 portrait, left margin 30 mm, Times New Roman 14 pt.
    assert!(
        xml.contains(r#"w:w="11906""#) && xml.contains(r#"w:h="16838""#),
        "A4"
    );
    assert!(xml.contains(r#"w:left="1701""#), "left margin 30 mm");
    let styles = unzip(&bytes, "word/styles.xml");
    assert!(styles.contains("Times New Roman"), "{styles}");
    assert!(styles.contains(r#"w:sz w:val="28""#), "14 pt");
}

#[test]
fn the_xlsx_read_back_carries_the_same_figures() {
    let (report, document) = demo_document(&Default::default());
    let bytes = super::export::xlsx(&report, &document.title).unwrap();
    let strings = xml_text(&unzip(&bytes, "xl/sharedStrings.xml"), "t");
    let strings: Vec<&str> = strings.lines().collect();
    let sheet = unzip(&bytes, "xl/worksheets/sheet1.xml");
    // Each row: its label (a shared string) and its number.
    let rows: Vec<(String, Option<u64>)> = sheet
        .split("<row ")
        .skip(1)
        .map(|row| {
            let label = row
                .split("<c ")
                .find(|cell| cell.starts_with(r#"r="A"#))
                .and_then(|cell| {
                    let index: usize = xml_text(cell, "v").trim().parse().ok()?;
                    strings.get(index).map(|s| s.to_string())
                })
                .unwrap_or_default();
            let value = row
                .split("<c ")
                .find(|cell| cell.starts_with(r#"r="B"#) && !cell.contains(r#"t="s""#))
                .and_then(|cell| xml_text(cell, "v").trim().parse().ok());
            (label, value)
        })
        .collect();
    let stats = super::export::statistics(&report);
    for stat in stats.iter().filter(|stat| !stat.heading) {
        assert!(
            rows.contains(&(stat.label.clone(), Some(stat.value))),
            "{} = {} not in the sheet: {rows:?}",
            stat.label,
            stat.value
        );
    }
    let visits = super::labels::figure_label(crate::i18n::Locale::vi, "visits").unwrap();
    assert!(rows.contains(&(visits.to_owned(), Some(113))), "{rows:?}");
    assert!(
        rows.contains(&(
            super::labels::figure_label(crate::i18n::Locale::vi, "opinion_matters")
                .unwrap()
                .to_owned(),
            Some(60)
        ))
    );
    // The months and the targets have their sheets.
    let workbook = unzip(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("Theo tháng") && workbook.contains("Chỉ tiêu"),
        "{workbook}"
    );
}
