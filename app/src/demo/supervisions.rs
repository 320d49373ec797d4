//! Two supervisions of how voters' petitions were settled, with their
//! recommendations.

use super::{By, DemoYear, day};
use crate::kinds::{recommendation, supervision};

/// Adds the supervisions and their recommendations.
pub(super) fn add(entry: &mut DemoYear) {
    for (index, (topic, starts_on, ends_on)) in [
        (
            "Kết quả giải quyết ý kiến, kiến nghị của cử tri gửi đến kỳ họp thứ 10 và 11",
            day(2020, 5, 11),
            day(2020, 6, 5),
        ),
        (
            "Việc giải quyết kiến nghị của cử tri về đất đai, giao thông nông thôn",
            day(2020, 9, 21),
            day(2020, 10, 16),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let supervision = entry.add(
            By::Staff,
            &supervision::Supervision {
                topic: topic.into(),
                body: supervision::SupervisionBody::StandingCommittee,
                committee: None,
                delegate_group: None,
                form: supervision::SupervisionForm::Thematic,
                subjects: Some("UBND tỉnh\nSở Tài nguyên và Môi trường\nSở Giao thông vận tải".into()),
                starts_on,
                ends_on: Some(ends_on),
                findings: Some(
                    "Phần lớn ý kiến, kiến nghị đã được xem xét, trả lời; một số kiến nghị về đất đai còn chậm."
                        .into(),
                ),
                report_number: Some(format!("{}/BC-HĐND", 45 + index * 40)),
            },
        );
        for (number, (addressee, status)) in [
            ("UBND tỉnh", recommendation::RecommendationStatus::Done),
            (
                "Sở Tài nguyên và Môi trường",
                recommendation::RecommendationStatus::Done,
            ),
            (
                "Sở Giao thông vận tải",
                recommendation::RecommendationStatus::InProgress,
            ),
            (
                "UBND huyện Vị Xuyên",
                recommendation::RecommendationStatus::NotDone,
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let done = status == recommendation::RecommendationStatus::Done;
            entry.add(
                By::Staff,
                &recommendation::Recommendation {
                    supervision,
                    content: format!(
                        "Đẩy nhanh việc giải quyết các kiến nghị còn tồn đọng (nội dung {}).",
                        number + 1
                    ),
                    addressee: addressee.into(),
                    deadline: Some(day(2020, 12, 31)),
                    status,
                    response: done.then(|| "Đã chỉ đạo giải quyết và báo cáo bằng văn bản.".into()),
                    done_on: done.then_some(day(2020, 12, 15)),
                },
            );
        }
    }
}
