//! Voter contacts before the year-end session and what voters asked.

use super::{By, DemoYear, Ids, day, text};
use crate::kinds::{voter_contact, voter_petition};

/// Adds a contact in every district and its petitions.
pub(super) fn add(entry: &mut DemoYear, ids: &Ids) {
    let fields = &ids.fields;
    let districts = &ids.districts;
    let deputies = &ids.deputies;
    let session_ids = &ids.sessions;
    for (index, district) in districts.iter().enumerate() {
        let contact = entry.add(
            By::Staff,
            &voter_contact::VoterContact {
                timing: voter_contact::ContactTiming::BeforeSession,
                session: Some(session_ids[2]),
                held_on: day(2020, 11, 16 + u8::try_from(index).unwrap_or(0)),
                place: format!(
                    "Hội trường UBND {}",
                    [
                        "thành phố",
                        "huyện Đồng Văn",
                        "huyện Mèo Vạc",
                        "huyện Vị Xuyên",
                        "huyện Bắc Quang"
                    ][index]
                ),
                unit: Some(*district),
                deputies: vec![deputies[index], deputies[index + 5]],
                voters: Some(90 + 15 * u32::try_from(index).unwrap_or(0)),
                notes: None,
            },
        );
        for petition in 0..4 {
            let status = [
                voter_petition::PetitionStatus::Settled,
                voter_petition::PetitionStatus::Answered,
                voter_petition::PetitionStatus::InProgress,
                voter_petition::PetitionStatus::Forwarded,
            ][petition];
            let answered = !matches!(
                status,
                voter_petition::PetitionStatus::InProgress
                    | voter_petition::PetitionStatus::Forwarded
            );
            entry.add(
                By::Staff,
                &voter_petition::VoterPetition {
                    content: [
                        "Đề nghị nâng cấp tuyến đường liên xã đã xuống cấp.",
                        "Đề nghị hỗ trợ giống cây trồng cho hộ nghèo.",
                        "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất.",
                        "Đề nghị bổ sung giáo viên cho điểm trường vùng cao.",
                    ][petition]
                        .into(),
                    petition_type: voter_petition::PetitionType::Recommendation,
                    received_on: day(2020, 11, 16 + u8::try_from(index).unwrap_or(0)),
                    contact: Some(contact),
                    field: Some(fields[(petition * 2 + 2) % fields.len()]),
                    area: Some(*district),
                    forwarded_to: text("UBND tỉnh"),
                    forwarded_on: Some(day(2020, 11, 30)),
                    answer: answered.then(|| "UBND tỉnh đã trả lời bằng văn bản.".into()),
                    status,
                },
            );
        }
    }
}
