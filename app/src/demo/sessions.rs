//! Council sessions and their resolutions.

use super::{By, DemoYear, Ids, day};
use crate::kinds::{council_session, resolution};

/// Adds the sessions of 2020 and their resolutions; keeps the sessions'
/// ids in `ids`.
pub(super) fn add(entry: &mut DemoYear, ids: &mut Ids) {
    let fields = &ids.fields;
    let committees = &ids.committees;
    let sessions = [
        (
            12,
            council_session::SessionType::Regular,
            day(2020, 7, 14),
            day(2020, 7, 16),
            "Kỳ họp giữa năm: đánh giá 6 tháng đầu năm 2020",
        ),
        (
            13,
            council_session::SessionType::Thematic,
            day(2020, 9, 10),
            day(2020, 9, 10),
            "Quyết định chủ trương đầu tư một số dự án",
        ),
        (
            14,
            council_session::SessionType::Regular,
            day(2020, 12, 9),
            day(2020, 12, 11),
            "Kỳ họp cuối năm: kế hoạch phát triển kinh tế - xã hội năm 2021",
        ),
    ];
    let mut session_ids = Vec::new();
    for (number, session_type, starts_on, ends_on, agenda) in sessions {
        session_ids.push(entry.add(
            By::Staff,
            &council_session::CouncilSession {
                term: 18,
                number,
                session_type,
                starts_on,
                ends_on,
                place: "Hội trường Trung tâm Hội nghị tỉnh".into(),
                agenda: Some(format!(
                    "{agenda}\nBáo cáo của Thường trực HĐND\nTrả lời chất vấn"
                )),
            },
        ));
    }
    let subjects = [
        "Quy định mức chi công tác phí, chi hội nghị",
        "Kế hoạch đầu tư công năm 2021",
        "Dự toán ngân sách địa phương năm 2021",
        "Phân bổ ngân sách cấp tỉnh năm 2021",
        "Giá đất giai đoạn 2020-2024",
        "Chính sách hỗ trợ phát triển chè Shan tuyết",
        "Biên chế công chức năm 2021",
        "Mức thu học phí năm học 2020-2021",
        "Giá dịch vụ khám bệnh, chữa bệnh",
        "Danh mục công trình thu hồi đất năm 2021",
    ];
    for (index, subject) in subjects.iter().enumerate() {
        let normative = index % 3 == 0;
        let (session, adopted_on) = if index < 4 {
            (session_ids[0], day(2020, 7, 16))
        } else if index < 6 {
            (session_ids[1], day(2020, 9, 10))
        } else {
            (session_ids[2], day(2020, 12, 11))
        };
        let number = index + 1;
        entry.add(
            By::Staff,
            &resolution::Resolution {
                number: if normative {
                    format!("{number:02}/2020/NQ-HĐND")
                } else {
                    format!("{}/NQ-HĐND", number + 20)
                },
                subject: (*subject).into(),
                adopted_on,
                normative,
                session: Some(session),
                field: Some(fields[index % fields.len()]),
                committee: Some(committees[index % committees.len()]),
                follow_up: None,
            },
        );
    }
    ids.sessions = session_ids;
}
