//! The beginning of 2021: the main task is preparing the elections.

use super::{By, DemoYear, Ids, day, text};
use crate::kinds::{conference, council_session, plan_target, sc_meeting, task};

/// Adds the first records of 2021.
pub(super) fn add(entry: &mut DemoYear, ids: &Ids) {
    let chair = ids.chair;
    let term_19 = ids.term_19;
    for (title, deadline, status) in [
        (
            "Thành lập Ủy ban bầu cử tỉnh",
            day(2021, 1, 15),
            task::TaskStatus::Done,
        ),
        (
            "Hiệp thương giới thiệu người ứng cử đại biểu HĐND tỉnh",
            day(2021, 3, 20),
            task::TaskStatus::InProgress,
        ),
        (
            "Tổ chức bầu cử đại biểu Quốc hội và HĐND các cấp",
            day(2021, 5, 23),
            task::TaskStatus::NotStarted,
        ),
    ] {
        entry.add(
            By::Leader,
            &task::Task {
                title: title.into(),
                owner: "Văn phòng HĐND tỉnh".into(),
                deadline: Some(deadline),
                legal_basis: text("Luật Bầu cử đại biểu Quốc hội và đại biểu HĐND 2015"),
                status,
                done_on: (status == task::TaskStatus::Done).then_some(deadline),
                notes: None,
            },
        );
    }
    for (number, held_on) in [(51, day(2021, 1, 19)), (52, day(2021, 2, 23))] {
        entry.add(
            By::Staff,
            &sc_meeting::ScMeeting {
                number,
                meeting_type: sc_meeting::MeetingType::Regular,
                held_on,
                chair: Some(chair),
                items: Some("Triển khai công tác bầu cử".into()),
                conclusion: None,
                conclusion_number: None,
            },
        );
    }
    entry.add(
        By::Staff,
        &plan_target::PlanTarget {
            year: 2021,
            text: "Phiên họp thường lệ của Thường trực HĐND".into(),
            unit: text("phiên"),
            planned: 10.0,
            source: plan_target::TargetSource::Computed,
            measure: Some("regular_sc_meetings".into()),
            actual: None,
            result: None,
        },
    );
    entry.add(
        By::Staff,
        &council_session::CouncilSession {
            term: 19,
            number: 1,
            session_type: council_session::SessionType::Regular,
            starts_on: day(2021, 6, 28),
            ends_on: day(2021, 6, 30),
            place: "Hội trường Trung tâm Hội nghị tỉnh".into(),
            agenda: Some("Bầu các chức danh của HĐND, UBND tỉnh khóa XIX".into()),
        },
    );
    entry.add(
        By::Staff,
        &conference::Conference {
            name: "Hội nghị triển khai nhiệm vụ HĐND tỉnh khóa XIX".into(),
            conference_kind: conference::ConferenceKind::Provincial,
            ordinal: None,
            role: conference::ConferenceRole::Host,
            starts_on: day(2021, 7, 15),
            ends_on: None,
            place: text("Thành phố Hà Giang"),
            term: Some(term_19),
        },
    );
}
