//! Catalogues (the administrator's): the terms, the fields, the council's
//! committees, the province and its districts (with the 2025 merger), the
//! delegate groups and the deputies.

use super::{By, DemoYear, Ids, day, person, text};
use crate::kinds::{admin_unit, committee, delegate_group, deputy, field, term};

/// Adds the catalogues; returns the ids the later sections link to.
#[allow(clippy::too_many_lines)]
pub(super) fn add(entry: &mut DemoYear) -> Ids {
    let term_18 = entry.add(
        By::Admin,
        &term::Term {
            number: 18,
            starts_year: 2016,
            ends_year: 2021,
        },
    );
    let term_19 = entry.add(
        By::Admin,
        &term::Term {
            number: 19,
            starts_year: 2021,
            ends_year: 2026,
        },
    );
    let mut fields = Vec::new();
    for (name, code) in [
        ("Kinh tế - Kế hoạch", "KT"),
        ("Ngân sách - Tài chính", "NS"),
        ("Nông nghiệp và phát triển nông thôn", "NN"),
        ("Giao thông - Xây dựng", "GT"),
        ("Tài nguyên - Môi trường", "TN"),
        ("Giáo dục - Đào tạo", "GD"),
        ("Y tế", "YT"),
        ("Văn hóa - Xã hội", "VH"),
        ("Nội vụ - Tổ chức bộ máy", "NV"),
        ("Dân tộc - Tôn giáo", "DT"),
    ] {
        fields.push(entry.add(
            By::Admin,
            &field::Field {
                name: name.into(),
                code: text(code),
            },
        ));
    }
    let mut committees = Vec::new();
    for (name, short) in [
        ("Ban Kinh tế - Ngân sách", "Ban KT-NS"),
        ("Ban Văn hóa - Xã hội", "Ban VH-XH"),
        ("Ban Pháp chế", "Ban PC"),
        ("Ban Dân tộc", "Ban DT"),
    ] {
        committees.push(entry.add(
            By::Admin,
            &committee::Committee {
                name: name.into(),
                short_name: text(short),
                term: Some(term_18),
                active: true,
            },
        ));
    }
    let province = entry.add(
        By::Admin,
        &admin_unit::AdminUnit {
            code: "02".into(),
            name: "Tỉnh Hà Giang".into(),
            level: admin_unit::UnitLevel::Province,
            parent: None,
            valid_from: day(1991, 10, 1),
            valid_to: Some(day(2025, 6, 30)),
            merged_from: Vec::new(),
        },
    );
    let mut districts = Vec::new();
    for (code, name) in [
        ("024", "Thành phố Hà Giang"),
        ("026", "Huyện Đồng Văn"),
        ("027", "Huyện Mèo Vạc"),
        ("030", "Huyện Vị Xuyên"),
        ("034", "Huyện Bắc Quang"),
    ] {
        districts.push(entry.add(
            By::Admin,
            &admin_unit::AdminUnit {
                code: code.into(),
                name: name.into(),
                level: admin_unit::UnitLevel::District,
                parent: Some(province),
                valid_from: day(1991, 10, 1),
                valid_to: Some(day(2025, 6, 30)),
                merged_from: Vec::new(),
            },
        ));
    }
    // The 2025 merger: old records keep the province as it was.
    entry.add(
        By::Admin,
        &admin_unit::AdminUnit {
            code: "08".into(),
            name: "Tỉnh Tuyên Quang".into(),
            level: admin_unit::UnitLevel::Province,
            parent: None,
            valid_from: day(2025, 7, 1),
            valid_to: None,
            merged_from: vec![province],
        },
    );
    let mut groups = Vec::new();
    for (index, district) in districts.iter().enumerate() {
        let name = [
            "thành phố Hà Giang",
            "huyện Đồng Văn",
            "huyện Mèo Vạc",
            "huyện Vị Xuyên",
            "huyện Bắc Quang",
        ][index];
        groups.push(entry.add(
            By::Admin,
            &delegate_group::DelegateGroup {
                name: format!("Tổ đại biểu {name}"),
                unit: Some(*district),
                term: Some(term_18),
            },
        ));
    }
    let mut deputies = Vec::new();
    let posts = [
        "Chủ tịch HĐND tỉnh",
        "Phó Chủ tịch HĐND tỉnh",
        "Phó Chủ tịch HĐND tỉnh",
        "Trưởng Ban Kinh tế - Ngân sách",
        "Trưởng Ban Văn hóa - Xã hội",
        "Trưởng Ban Pháp chế",
        "Trưởng Ban Dân tộc",
    ];
    for index in 0..15 {
        let name = if index == 0 {
            "Thào Hồng Sơn".to_owned()
        } else {
            person(index + 40)
        };
        let committee = (3..7).contains(&index).then(|| committees[index - 3]);
        deputies.push(
            entry.add(
                By::Admin,
                &deputy::Deputy {
                    full_name: name,
                    term: term_18,
                    constituency: Some(format!("Đơn vị bầu cử số {}", index % 5 + 1)),
                    delegate_group: Some(groups[index % groups.len()]),
                    committees: committee
                        .into_iter()
                        .chain((index >= 7).then(|| committees[index % 4]))
                        .collect(),
                    position: posts.get(index).map(|post| (*post).to_owned()),
                    full_time: index < 7,
                    status: deputy::DeputyStatus::Active,
                },
            ),
        );
    }
    let chair = deputies[0];
    Ids {
        term_18,
        term_19,
        fields,
        committees,
        districts,
        deputies,
        chair,
        sessions: Vec::new(),
    }
}
