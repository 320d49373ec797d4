//! The Party committee: 35 members (one on the provincial Standing
//! Committee, three on the provincial Executive Committee) and 2020's
//! ratings; the organisation rated "hoàn thành tốt nhiệm vụ". Then the
//! office's award of the year and its year-end task.

use super::{By, DemoYear, day, person, text};
use crate::kinds::{award, party_member, party_rating, task};

/// Adds the members, the ratings, the award and the year-end task.
pub(super) fn add(entry: &mut DemoYear) {
    for index in 0..35_usize {
        let member = entry.add(
            By::Staff,
            &party_member::PartyMember {
                full_name: if index == 0 {
                    "Thào Hồng Sơn".into()
                } else {
                    person(index + 3)
                },
                joined_on: Some(day(1985 + i32::try_from(index % 30).unwrap_or(0), 5, 19)),
                posts: match index {
                    0 => text("Ủy viên Ban Thường vụ Tỉnh ủy"),
                    1 => text("Bí thư Đảng ủy cơ quan"),
                    2 => text("Phó Bí thư Đảng ủy cơ quan"),
                    _ => None,
                },
                provincial_standing: index == 0,
                provincial_committee: index < 3,
                active: true,
            },
        );
        entry.add(
            By::Staff,
            &party_rating::PartyRating {
                year: 2020,
                rated: party_rating::Rated::Member,
                member: Some(member),
                organisation: None,
                rating: match index % 7 {
                    0 => party_rating::Rating::Htxsnv,
                    6 => party_rating::Rating::Htnv,
                    _ => party_rating::Rating::Httnv,
                },
                decision: None,
            },
        );
    }
    entry.add(
        By::Staff,
        &party_rating::PartyRating {
            year: 2020,
            rated: party_rating::Rated::Organisation,
            member: None,
            organisation: text("Đảng bộ Văn phòng HĐND tỉnh"),
            rating: party_rating::Rating::Httnv,
            decision: text("125/QĐ-ĐUK"),
        },
    );
    entry.add(
        By::Leader,
        &award::Award {
            name: "Cơ quan văn hóa".into(),
            year: 2020,
            recipient: "Văn phòng HĐND tỉnh".into(),
            decision: text("2345/QĐ-UBND"),
            decided_on: Some(day(2020, 12, 28)),
            issuer: text("UBND tỉnh"),
        },
    );
    entry.add(
        By::Leader,
        &task::Task {
            title: "Tổng kết hoạt động HĐND tỉnh nhiệm kỳ 2016-2021".into(),
            owner: "Văn phòng HĐND tỉnh".into(),
            deadline: Some(day(2020, 12, 31)),
            legal_basis: text("Kế hoạch số 12/KH-HĐND"),
            status: task::TaskStatus::Done,
            done_on: Some(day(2020, 12, 22)),
            notes: None,
        },
    );
}
