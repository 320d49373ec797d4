//! The demo office's reference year — 2020 in a provincial People's Council
//! office, term XVIII (2016–2021), as DOMAIN.md describes it — and the
//! beginning of 2021, as records of every kind: data, made here so that the
//! server (`hdnd demo`, which pushes them through the store like any edit)
//! and the reports' tests load the same year. Its year-end report reads:
//! 2 regular sessions, 10 regular Standing Committee meetings, 60 matters
//! submitted by the People's Committee (in fewer documents), 2 supervisions,
//! 113 citizen visits about 25 matters, the 8th regional conference hosted,
//! 35 Party members, every target met or exceeded, the "Cơ quan văn hóa"
//! award.

use crate::calendar::IsoDate;
use crate::kinds::{
    admin_unit, award, committee, conference, council_session, delegate_group, deputy, document,
    field, letter, opinion_matter, party_member, party_rating, plan_target, reception_matter,
    recommendation, resolution, sc_meeting, supervision, task, term, visit, voter_contact,
    voter_petition,
};
use crate::records::body::Body;
use crate::records::review::{self, State};
use crate::sync::model::{Fields, RecordId, RecordKind};
use serde_json::Value;

/// Who enters a record: the demo account of that role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The administrator: the catalogues.
    Admin = 0,
    /// `lanhdao`, the office leader.
    Leader = 1,
    /// `chuyenvien`, staff.
    Staff = 2,
    /// `tiepdan`, reception staff.
    Reception = 3,
}

/// One record of the demo, as its author enters it.
#[derive(Debug, Clone)]
pub struct DemoRecord {
    pub by: By,
    pub kind: RecordKind,
    pub id: RecordId,
    pub fields: Fields,
}

/// The demo's records in the order they are made: a record links only to
/// records made before it.
#[derive(Debug, Default)]
pub struct DemoYear {
    pub records: Vec<DemoRecord>,
}

impl DemoYear {
    /// The whole demo: 2020 and the beginning of 2021.
    pub fn new() -> Self {
        let mut year = DemoYear::default();
        year_2020(&mut year);
        year.review_states();
        year
    }

    /// Gives every record of a reviewed kind the state an office would have
    /// it in at the start of 2021: most of 2020 approved, every twelfth of
    /// a kind still waiting for review; the new year's records spread over
    /// submitted, returned (with the reviewer's comment), draft and
    /// approved. A record's year is the one its list filters by; a kind
    /// without one (Party members) counts as 2020's.
    fn review_states(&mut self) {
        let mut seen: Vec<(RecordKind, usize)> = Vec::new();
        let mut next_year = 0;
        for record in &mut self.records {
            let Some(spec) = crate::kinds::REGISTRY.get(record.kind) else {
                continue;
            };
            if spec.review.is_none() {
                continue;
            }
            let index = match seen.iter_mut().find(|(kind, _)| *kind == record.kind) {
                Some((_, count)) => {
                    *count += 1;
                    *count - 1
                }
                None => {
                    seen.push((record.kind, 1));
                    0
                }
            };
            let year = spec.year_of(&record.fields).unwrap_or(2020);
            // The new year's few records take the states in turn, whatever
            // their kind.
            let index = if year > 2020 {
                next_year += 1;
                next_year - 1
            } else {
                index
            };
            let state = demo_state(year, index);
            record
                .fields
                .insert(review::FIELD.to_owned(), state.value());
            if state == State::Returned {
                record.fields.insert(
                    review::NOTE.to_owned(),
                    Value::String(RETURN_NOTE.to_owned()),
                );
            }
        }
    }

    /// Adds a record of `B`'s kind; returns its id for links.
    pub fn add<B: Body>(&mut self, by: By, body: &B) -> RecordId {
        let id = RecordId::new();
        self.records.push(DemoRecord {
            by,
            kind: B::SPEC.kind,
            id,
            fields: body.to_fields(),
        });
        id
    }

    /// (kind, id, fields) of every record, as the reports read records.
    pub fn iter(&self) -> impl Iterator<Item = (RecordKind, RecordId, &Fields)> {
        self.records
            .iter()
            .map(|record| (record.kind, record.id, &record.fields))
    }
}

/// What the leader writes when returning a demo record.
pub const RETURN_NOTE: &str =
    "Đề nghị bổ sung văn bản kèm theo và kiểm tra lại ngày tháng trước khi trình lại.";

/// The review state of the `index`-th demo record of a kind, of `year`.
fn demo_state(year: i32, index: usize) -> State {
    if year <= 2020 {
        if index % 12 == 11 {
            State::Submitted
        } else {
            State::Approved
        }
    } else {
        [
            State::Submitted,
            State::Returned,
            State::Draft,
            State::Approved,
        ][index % 4]
    }
}

const fn day(year: i32, month: u8, day: u8) -> IsoDate {
    IsoDate::ymd(year, month, day)
}

/// Vietnamese full names for the demo, made from common parts.
fn person(index: usize) -> String {
    const FAMILY: [&str; 10] = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Nông", "Thào", "Lò",
    ];
    const MIDDLE: [&str; 7] = ["Văn", "Thị", "Minh", "Đức", "Thu", "Hồng", "Quang"];
    const GIVEN: [&str; 13] = [
        "An", "Bình", "Chiến", "Dung", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long",
        "Mai", "Tuấn",
    ];
    format!(
        "{} {} {}",
        FAMILY[index % FAMILY.len()],
        MIDDLE[(index / 3) % MIDDLE.len()],
        GIVEN[(index * 7 + 3) % GIVEN.len()]
    )
}

/// Names for the citizens the office receives and who write to it: from
/// family names none of the office's people, deputies or Party members
/// carry (`person`), so a citizen is never mistaken for an official.
fn citizen(index: usize) -> String {
    const FAMILY: [&str; 11] = [
        "Bùi", "Đặng", "Ngô", "Dương", "Lý", "Đinh", "Triệu", "Lục", "Sùng", "Giàng", "Ma",
    ];
    const MIDDLE: [&str; 5] = ["Thị", "Văn", "Ngọc", "Xuân", "Kim"];
    const GIVEN: [&str; 11] = [
        "Phúc", "Thắng", "Nga", "Yến", "Sơn", "Thảo", "Vinh", "Xuyến", "Hùng", "Nhung", "Tùng",
    ];
    format!(
        "{} {} {}",
        FAMILY[index % FAMILY.len()],
        MIDDLE[(index / 2) % MIDDLE.len()],
        GIVEN[(index * 5 + 1) % GIVEN.len()]
    )
}

fn text(value: &str) -> Option<String> {
    Some(value.to_owned())
}

/// The reference year, 2020, with the beginning of 2021.
#[allow(clippy::too_many_lines)]
fn year_2020(entry: &mut DemoYear) {
    // Catalogues (the administrator's).
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

    // Council sessions and their resolutions.
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

    // Ten regular Standing Committee meetings, then the matters the
    // People's Committee submitted: 60 matters in 36 documents.
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

    // Two supervisions of how voters' petitions were settled, with their
    // recommendations.
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

    // Voter contacts before the year-end session and what voters asked.
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

    // Citizen reception: 25 matters (12 complaints, 3 denunciations, 10
    // petitions) and 113 visits about them; letters.
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

    // Conferences: the 8th of the northern midland and mountain provinces,
    // hosted; one attended.
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

    // The year's targets, all met or exceeded: three counted from the
    // records above (their actual is what the records give), three entered.
    for (text_value, unit, planned, measure) in [
        (
            "Tổ chức kỳ họp thường lệ của HĐND tỉnh",
            "kỳ họp",
            2.0,
            "regular_sessions",
        ),
        (
            "Phiên họp thường lệ của Thường trực HĐND",
            "phiên",
            10.0,
            "regular_sc_meetings",
        ),
        (
            "Cuộc giám sát của Thường trực HĐND",
            "cuộc",
            2.0,
            "sc_supervisions",
        ),
    ] {
        entry.add(
            By::Staff,
            &plan_target::PlanTarget {
                year: 2020,
                text: text_value.into(),
                unit: text(unit),
                planned,
                source: plan_target::TargetSource::Computed,
                measure: Some(measure.into()),
                actual: None,
                result: None,
            },
        );
    }
    for (text_value, unit, planned, actual) in [
        ("Tiếp công dân định kỳ hằng tháng", "buổi", 12.0, 12.0),
        ("Tỷ lệ kiến nghị cử tri được trả lời", "%", 95.0, 100.0),
        ("Văn bản tham mưu ban hành đúng hạn", "%", 100.0, 100.0),
    ] {
        entry.add(
            By::Staff,
            &plan_target::PlanTarget {
                year: 2020,
                text: text_value.into(),
                unit: text(unit),
                planned,
                source: plan_target::TargetSource::Entered,
                measure: None,
                actual: Some(actual),
                result: Some(if actual > planned {
                    plan_target::TargetResult::Exceeded
                } else {
                    plan_target::TargetResult::Met
                }),
            },
        );
    }

    // The Party committee: 35 members (one on the provincial Standing
    // Committee, three on the provincial Executive Committee) and 2020's
    // ratings; the organisation rated "hoàn thành tốt nhiệm vụ".
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

    // The beginning of 2021: the main task is preparing the elections.
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
