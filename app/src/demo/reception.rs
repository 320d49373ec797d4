//! Citizen reception: 25 matters (12 complaints, 3 denunciations, 10
//! petitions) and 113 visits about them; letters.

use super::{By, DemoYear, Ids, citizen, day, text};
use crate::kinds::{letter, reception_matter, visit};

/// Adds the matters, each with its visits and every other one with a letter.
#[allow(clippy::too_many_lines)]
pub(super) fn add(entry: &mut DemoYear, ids: &Ids) {
    let fields = &ids.fields;
    let districts = &ids.districts;
    let mut visits_left = 113_u32;
    for index in 0..25_u32 {
        let matter_type = match index {
            0..12 => reception_matter::MatterType::Complaint,
            12..15 => reception_matter::MatterType::Denunciation,
            _ => reception_matter::MatterType::Petition,
        };
        let month = u8::try_from(index % 11).unwrap_or(0) + 1;
        let received_on = day(2020, month, 5);
        let matter = entry.add(
            By::Reception,
            &reception_matter::ReceptionMatter {
                subject: match matter_type {
                    reception_matter::MatterType::Complaint => format!(
                        "Khiếu nại về bồi thường, hỗ trợ khi thu hồi đất (hộ thứ {})",
                        index + 1
                    ),
                    reception_matter::MatterType::Denunciation => {
                        format!(
                            "Tố cáo cán bộ xã vi phạm trong quản lý đất đai (vụ {})",
                            index - 11
                        )
                    }
                    reception_matter::MatterType::Petition => format!(
                        "Kiến nghị về chế độ chính sách người có công (vụ {})",
                        index - 14
                    ),
                },
                matter_type,
                received_on,
                field: Some(fields[4]),
                unit: Some(districts[index as usize % districts.len()]),
                citizen_name: Some(citizen(index as usize)),
                citizen_id_number: Some(format!("0020800{:05}", 1_000 + index * 37)),
                citizen_address: Some(format!(
                    "Thôn {}, {}",
                    index % 9 + 1,
                    [
                        "phường Minh Khai",
                        "xã Phương Thiện",
                        "thị trấn Việt Quang",
                        "xã Đồng Văn",
                        "xã Mèo Vạc"
                    ][index as usize % 5]
                )),
                citizen_phone: None,
                handling: Some(if index % 4 == 0 {
                    reception_matter::Handling::Guided
                } else {
                    reception_matter::Handling::Forwarded
                }),
                forwarded_to: (index % 4 != 0).then(|| "UBND tỉnh".into()),
                result: Some("Đã hướng dẫn, chuyển đơn đến cơ quan có thẩm quyền.".into()),
                finished: index % 3 != 0,
            },
        );
        // 113 visits: every matter at least twice, the first twelve seven
        // times, the last the rest (five).
        let visits = if index == 24 {
            visits_left
        } else if index < 12 {
            7
        } else {
            2
        };
        visits_left -= visits;
        for visit_index in 0..visits {
            let group = index % 6 == 0 && visit_index == 0;
            entry.add(
                By::Reception,
                &visit::Visit {
                    matter,
                    visited_on: day(2020, month, 5 + u8::try_from(visit_index % 20).unwrap_or(0)),
                    visit_kind: if visit_index % 5 == 0 {
                        visit::VisitKind::Scheduled
                    } else {
                        visit::VisitKind::Regular
                    },
                    official: "Hoàng Thị Hoa".into(),
                    place: text("Trụ sở Tiếp công dân tỉnh"),
                    people: if group { 8 } else { 1 + visit_index % 2 },
                    group_visit: group,
                    notes: None,
                },
            );
        }
        if index % 2 == 0 {
            entry.add(
                By::Reception,
                &letter::Letter {
                    subject: format!(
                        "Đơn về nội dung đã trình bày tại buổi tiếp (vụ {})",
                        index + 1
                    ),
                    received_on,
                    channel: letter::LetterChannel::Post,
                    letter_type: Some(matter_type),
                    sender_name: Some(citizen(index as usize)),
                    sender_address: None,
                    eligible: true,
                    handling: Some(letter::LetterHandling::Forwarded),
                    forwarded_to: text("Thanh tra tỉnh"),
                    matter: Some(matter),
                },
            );
        }
    }
}
