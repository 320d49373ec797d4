//! Ten regular Standing Committee meetings, then the matters the People's
//! Committee submitted: 60 matters in 36 documents.

use super::{By, DemoYear, Ids, day};
use crate::kinds::{document, opinion_matter, sc_meeting};

/// Adds the meetings, the People's Committee's documents and their matters.
pub(super) fn add(entry: &mut DemoYear, ids: &Ids) {
    let chair = ids.chair;
    let fields = &ids.fields;
    let committees = &ids.committees;
    let mut meetings = Vec::new();
    for index in 0..10_u8 {
        let month = index + 2;
        let held_on = day(2020, month, 20);
        meetings.push((
            entry.add(
                By::Staff,
                &sc_meeting::ScMeeting {
                    number: 41 + u32::from(index),
                    meeting_type: sc_meeting::MeetingType::Regular,
                    held_on,
                    chair: Some(chair),
                    items: Some(
                        "Đánh giá kết quả công tác tháng\nCho ý kiến các nội dung UBND tỉnh trình"
                            .into(),
                    ),
                    conclusion: Some(
                        "Thống nhất các nội dung trình; giao các Ban theo dõi việc thực hiện."
                            .into(),
                    ),
                    conclusion_number: Some(format!("{}/TB-HĐND", 120 + u32::from(index) * 9)),
                },
            ),
            held_on,
        ));
    }
    let topics = [
        "Điều chỉnh kế hoạch vốn đầu tư công",
        "Phương án sử dụng nguồn tăng thu ngân sách",
        "Bổ sung danh mục dự án thu hồi đất",
        "Hỗ trợ hộ nghèo bị ảnh hưởng dịch COVID-19",
        "Điều chỉnh giá dịch vụ thu gom rác thải",
        "Phân bổ kinh phí sự nghiệp giáo dục",
        "Chuyển mục đích sử dụng rừng",
        "Đặt tên đường tại thành phố Hà Giang",
        "Sắp xếp đơn vị hành chính cấp xã",
        "Kế hoạch tổ chức kỳ thi tốt nghiệp",
        "Mua sắm trang thiết bị y tế phòng dịch",
        "Quy hoạch mạng lưới trường học",
    ];
    let mut document_index = 0_u32;
    let mut matter_count = 0;
    'meetings: for (meeting_index, (meeting, held_on)) in meetings.iter().enumerate() {
        // Six matters before each meeting, in three or four documents.
        let documents_here = if meeting_index % 3 == 0 { 4 } else { 3 };
        let month = u8::try_from(meeting_index).unwrap_or(0) + 2;
        let mut documents = Vec::new();
        for _ in 0..documents_here {
            document_index += 1;
            documents.push(entry.add(
                By::Staff,
                &document::Document {
                    number: format!("{}/TTr-UBND", 100 + document_index * 7),
                    doc_type: document::DocType::Submission,
                    subject: format!(
                        "Xin ý kiến Thường trực HĐND tỉnh về {}",
                        topics[document_index as usize % topics.len()].to_lowercase()
                    ),
                    issued_on: day(2020, month, 10),
                    issuer: "UBND tỉnh".into(),
                    signer: Some("Nguyễn Văn Sơn".into()),
                },
            ));
        }
        for index in 0..6 {
            if matter_count == 60 {
                break 'meetings;
            }
            let topic = topics[(meeting_index * 6 + index) % topics.len()];
            let result = match (meeting_index + index) % 10 {
                0 => opinion_matter::MatterResult::AgreedWithConditions,
                7 => opinion_matter::MatterResult::ReferredToSession,
                _ => opinion_matter::MatterResult::Agreed,
            };
            entry.add(
                By::Staff,
                &opinion_matter::OpinionMatter {
                    content: format!("{topic} (đợt {})", meeting_index + 1),
                    document: documents[index % documents.len()],
                    received_on: day(2020, month, 11),
                    field: Some(fields[(meeting_index + index) % fields.len()]),
                    committee: Some(committees[index % committees.len()]),
                    meeting: Some(*meeting),
                    reply: None,
                    replied_on: Some(*held_on),
                    result: Some(result),
                },
            );
            matter_count += 1;
        }
    }
}
