//! Section I of the report ("Kết quả thực hiện"), drafted in Vietnamese
//! sentences from the figures, in the office's own phrasing
//! (../shared/REPORT-LAYOUT.md): numbers as the office writes them ("02",
//! "1.234", "92,5%"), a sentence left out where its figure is zero, a
//! comparison with the same stretch of the year before where it holds
//! records. The document is Vietnamese whatever the interface's language,
//! as the office signs it; each figure carries its key and the records
//! behind it, so a screen can link it to them.

use serde::Serialize;

use crate::sync::model::RecordId;

use super::figures::{Count, Figures, Part, Report};
use super::office::office_count;
use super::period::Span;

/// A piece of a paragraph: words, or a figure that links to its records.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Piece {
    Text {
        text: String,
    },
    Figure {
        text: String,
        /// The figure's key (docs/REPORTS.md); a part's is `key.part`.
        key: String,
        ids: Vec<RecordId>,
        /// How many of `ids` are not yet approved.
        #[serde(default, skip_serializing_if = "is_zero")]
        unapproved: u64,
    },
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

impl Piece {
    pub fn text(&self) -> &str {
        match self {
            Piece::Text { text } | Piece::Figure { text, .. } => text,
        }
    }
}

/// One paragraph of the draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Paragraph {
    pub pieces: Vec<Piece>,
}

impl Paragraph {
    fn words(&mut self, text: &str) -> &mut Self {
        match self.pieces.last_mut() {
            Some(Piece::Text { text: last }) => last.push_str(text),
            _ => self.pieces.push(Piece::Text {
                text: text.to_owned(),
            }),
        }
        self
    }

    /// "02 kỳ họp thường lệ", linked to its records.
    fn figure(&mut self, count: &Count, unit: &str, key: &str) -> &mut Self {
        let text = if unit.is_empty() {
            office_count(count.value)
        } else {
            format!("{} {unit}", office_count(count.value))
        };
        self.pieces.push(Piece::Figure {
            text,
            key: key.to_owned(),
            ids: count.ids.clone(),
            unapproved: count.unapproved,
        });
        self
    }

    fn part(&mut self, part: &Part, unit: &str, key: &str) -> &mut Self {
        let count = Count {
            value: part.value,
            ids: part.ids.clone(),
            unapproved: part.unapproved,
        };
        self.figure(&count, unit, &format!("{key}.{}", part.key))
    }

    /// The paragraph as plain text.
    pub fn text(&self) -> String {
        self.pieces.iter().map(Piece::text).collect()
    }
}

/// A numbered section of part I.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub number: usize,
    pub title: &'static str,
    pub paragraphs: Vec<Paragraph>,
}

/// Part I as drafted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    /// "Kết quả công tác năm 2020, phương hướng, nhiệm vụ năm 2021".
    pub title: String,
    /// "năm 2020", "6 tháng đầu năm 2020", …
    pub period: String,
    pub sections: Vec<Section>,
    /// How many records behind the figures are not yet approved.
    pub unapproved: u64,
}

impl Draft {
    /// The sentence that says how many records the figures rest on are not
    /// yet approved, if any: "Số liệu có 12 hồ sơ chưa được duyệt."
    pub fn unapproved_note(&self) -> Option<String> {
        (self.unapproved > 0).then(|| {
            format!(
                "Lưu ý: số liệu trên dựa trên {} hồ sơ chưa được duyệt.",
                office_count(self.unapproved)
            )
        })
    }

    /// Part I as plain text: its title, then each section and paragraph.
    pub fn text(&self) -> String {
        let mut out = format!(
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ {}\n",
            self.period.to_uppercase()
        );
        for section in &self.sections {
            out.push_str(&format!("{}. {}\n", section.number, section.title));
            for paragraph in &section.paragraphs {
                out.push_str(&paragraph.text());
                out.push('\n');
            }
        }
        out
    }
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// "năm 2020", "6 tháng đầu năm 2020", "quý I năm 2020", "tháng 01 năm
/// 2020", "giữa hai kỳ họp" — as the period is named in the title.
pub fn period_name(span: &Span) -> String {
    let year = span.year;
    let code = span.code.as_str();
    if span.session.is_some() {
        return format!(
            "từ ngày {} đến ngày {}",
            span.from.display(),
            span.to.display()
        );
    }
    match code.as_bytes() {
        [b'h', b'1'] => format!("6 tháng đầu năm {year}"),
        [b'h', b'2'] => format!("6 tháng cuối năm {year}"),
        [b'q', n] => format!(
            "quý {} năm {year}",
            ROMAN
                .get(usize::from(n.saturating_sub(b'1')))
                .unwrap_or(&"")
        ),
        [b'm', ..] => format!("tháng {:02} năm {year}", span.from.month()),
        _ => format!("năm {year}"),
    }
}

/// The report's title under "BÁO CÁO".
pub fn title(span: &Span) -> String {
    let year = span.year;
    match span.code.as_str() {
        "year" => format!(
            "Kết quả công tác năm {year}, phương hướng, nhiệm vụ năm {}",
            year + 1
        ),
        "h1" => format!(
            "Kết quả công tác 6 tháng đầu năm {year}, phương hướng, nhiệm vụ 6 tháng cuối năm {year}"
        ),
        "h2" => format!(
            "Kết quả công tác 6 tháng cuối năm {year}, phương hướng, nhiệm vụ 6 tháng đầu năm {}",
            year + 1
        ),
        _ if span.session.is_some() => format!(
            "Kết quả hoạt động của Thường trực HĐND giữa hai kỳ họp ({})",
            period_name(span)
        ),
        _ => format!("Kết quả công tác {}", period_name(span)),
    }
}

/// The comparison with the year before: ", tăng 05 lượt so với năm 2019".
fn compare(now: u64, before: Option<u64>, unit: &str, previous: Option<&Span>) -> Option<String> {
    let before = before.filter(|value| *value > 0)?;
    let previous = previous?;
    let against = if previous.code == "year" {
        format!("năm {}", previous.year)
    } else {
        format!("cùng kỳ năm {}", previous.year)
    };
    Some(match now.cmp(&before) {
        std::cmp::Ordering::Greater => {
            format!(
                ", tăng {} {unit} so với {against}",
                office_count(now - before)
            )
        }
        std::cmp::Ordering::Less => {
            format!(
                ", giảm {} {unit} so với {against}",
                office_count(before - now)
            )
        }
        std::cmp::Ordering::Equal => format!(", bằng {against}"),
    })
}

fn part<'a>(parts: &'a [Part], key: &str) -> Option<&'a Part> {
    parts.iter().find(|p| p.key == key && p.value > 0)
}

/// Joins the non-zero parts as "label 05 unit, label 03 unit".
fn parts_list(
    paragraph: &mut Paragraph,
    parts: &[Part],
    labels: &[(&str, &str)],
    unit: &str,
    key: &str,
) -> bool {
    let mut first = true;
    for (code, label) in labels {
        let Some(found) = part(parts, code) else {
            continue;
        };
        if !first {
            paragraph.words(", ");
        }
        first = false;
        if !label.is_empty() {
            paragraph.words(label).words(" ");
        }
        paragraph.part(found, unit, key);
    }
    !first
}

/// Part I of the report, from its figures.
pub fn draft(report: &Report) -> Draft {
    let f = &report.figures;
    let before = report.previous.as_ref().map(|p| &p.figures);
    let previous_span = report.previous.as_ref().map(|p| &p.period);
    let was = |pick: fn(&Figures) -> u64| before.map(pick);
    let mut sections: Vec<(&'static str, Vec<Paragraph>)> = Vec::new();

    // 1. Sessions.
    let mut paragraphs = Vec::new();
    if f.sessions.value > 0 {
        let mut p = Paragraph::default();
        p.words(
            "Phối hợp với UBND tỉnh, Ủy ban MTTQ Việt Nam tỉnh và các cơ quan tư pháp tổ chức thành công ",
        );
        let mut first = true;
        for (code, unit) in [
            ("regular", "kỳ họp thường lệ"),
            ("thematic", "kỳ họp chuyên đề"),
            ("extraordinary", "kỳ họp bất thường"),
        ] {
            if let Some(found) = part(&f.sessions_by_type, code) {
                if !first {
                    p.words(", ");
                }
                first = false;
                p.part(found, unit, "sessions_by_type");
            }
        }
        if f.resolutions.value > 0 {
            p.words("; HĐND tỉnh đã thông qua ").figure(
                &f.resolutions,
                "nghị quyết",
                "resolutions",
            );
            if f.resolutions_normative.value > 0 {
                p.words(" (trong đó ")
                    .figure(
                        &f.resolutions_normative,
                        "nghị quyết",
                        "resolutions_normative",
                    )
                    .words(" quy phạm pháp luật)");
            }
        }
        p.words(".");
        paragraphs.push(p);
    }
    sections.push(("Công tác tổ chức kỳ họp", paragraphs));

    // 2. The Standing Committee's meetings and the matters it gave opinions on.
    let mut paragraphs = Vec::new();
    if f.sc_meetings.value > 0 || f.opinion_matters.value > 0 {
        let mut p = Paragraph::default();
        let mut first = true;
        for (code, unit) in [
            ("regular", "phiên họp thường lệ"),
            ("extraordinary", "phiên họp bất thường"),
        ] {
            if let Some(found) = part(&f.sc_meetings_by_type, code) {
                p.words(if first { "Tổ chức " } else { ", " });
                first = false;
                p.part(found, unit, "sc_meetings_by_type");
            }
        }
        if !first {
            p.words(" để thảo luận, cho ý kiến về các nội dung thuộc thẩm quyền");
            if let Some(text) = compare(
                f.sc_meetings.value,
                was(|b| b.sc_meetings.value),
                "phiên họp",
                previous_span,
            ) {
                p.words(&text);
            }
        }
        if f.opinion_matters.value > 0 {
            p.words(if first {
                "Cho ý kiến "
            } else {
                "; cho ý kiến "
            });
            let documents = f.opinion_documents.value;
            if documents > 0 && documents != f.opinion_matters.value {
                p.words("đối với ")
                    .figure(&f.opinion_documents, "văn bản", "opinion_documents")
                    .words(" với ")
                    .figure(&f.opinion_matters, "nội dung", "opinion_matters")
                    .words(" UBND tỉnh trình");
            } else {
                p.words("về ").figure(
                    &f.opinion_matters,
                    "nội dung UBND tỉnh trình",
                    "opinion_matters",
                );
            }
            let fields: Vec<&Part> = f
                .opinion_matters_by_field
                .iter()
                .filter(|part| part.label.is_some() && part.value > 0)
                .collect();
            if !fields.is_empty() {
                p.words(" (trong đó");
                for (index, found) in fields.iter().enumerate() {
                    p.words(if index == 0 { " lĩnh vực " } else { ", " });
                    let label = found.label.as_deref().unwrap_or_default().to_lowercase();
                    p.words(&label)
                        .words(" ")
                        .part(found, "", "opinion_matters_by_field");
                }
                p.words(")");
            }
            if let Some(text) = compare(
                f.opinion_matters.value,
                was(|b| b.opinion_matters.value),
                "nội dung",
                previous_span,
            ) {
                p.words(&text);
            }
        }
        p.words(".");
        paragraphs.push(p);
        let mut results = Paragraph::default();
        results.words("Kết quả: ");
        if parts_list(
            &mut results,
            &f.opinion_matters_by_result,
            &[
                ("agreed", "đồng ý"),
                ("agreed_with_conditions", "đồng ý có điều kiện"),
                ("not_agreed", "không đồng ý"),
                ("referred_to_session", "trình kỳ họp HĐND xem xét"),
            ],
            "nội dung",
            "opinion_matters_by_result",
        ) {
            results.words(".");
            paragraphs.push(results);
        }
    }
    sections.push(("Hoạt động của Thường trực HĐND", paragraphs));

    // 3. Supervision.
    let mut paragraphs = Vec::new();
    if f.supervisions.value > 0 {
        let mut p = Paragraph::default();
        p.words("Thực hiện ")
            .figure(&f.supervisions, "cuộc giám sát", "supervisions");
        let bodies: Vec<&Part> = f
            .supervisions_by_body
            .iter()
            .filter(|part| part.value > 0 && part.key != "none")
            .collect();
        let body_name = |code: &str| match code {
            "council" => "HĐND tỉnh",
            "standing_committee" => "Thường trực HĐND",
            "committee" => "các Ban HĐND",
            _ => "các Tổ đại biểu",
        };
        if let [only] = bodies.as_slice() {
            p.words(" của ").words(body_name(&only.key));
        } else if bodies.len() > 1 {
            p.words(" (");
            for (index, found) in bodies.iter().enumerate() {
                if index > 0 {
                    p.words(", ");
                }
                p.words(body_name(&found.key)).words(" ").part(
                    found,
                    "cuộc",
                    "supervisions_by_body",
                );
            }
            p.words(")");
        }
        if let Some(text) = compare(
            f.supervisions.value,
            was(|b| b.supervisions.value),
            "cuộc",
            previous_span,
        ) {
            p.words(&text);
        }
        if f.recommendations.value > 0 {
            p.words("; qua giám sát đã đưa ra ").figure(
                &f.recommendations,
                "kiến nghị",
                "recommendations",
            );
            if let Some(done) = part(&f.recommendations_by_status, "done") {
                p.words(", đến nay đã thực hiện xong ").part(
                    done,
                    "kiến nghị",
                    "recommendations_by_status",
                );
            }
            if let Some(going) = part(&f.recommendations_by_status, "in_progress") {
                p.words(", đang thực hiện ")
                    .part(going, "kiến nghị", "recommendations_by_status");
            }
            if f.recommendations_overdue.value > 0 {
                p.words("; ")
                    .figure(
                        &f.recommendations_overdue,
                        "kiến nghị",
                        "recommendations_overdue",
                    )
                    .words(" đã quá hạn nhưng chưa thực hiện xong");
            }
        }
        p.words(".");
        paragraphs.push(p);
    }
    sections.push(("Hoạt động giám sát", paragraphs));

    // 4. Voters.
    let mut paragraphs = Vec::new();
    if f.voter_contacts.value > 0 || f.petitions_collected.value > 0 {
        let mut p = Paragraph::default();
        if f.voter_contacts.value > 0 {
            p.words("Tổ chức ")
                .figure(&f.voter_contacts, "cuộc tiếp xúc cử tri", "voter_contacts");
            let mut timing = Paragraph::default();
            if parts_list(
                &mut timing,
                &f.voter_contacts_by_timing,
                &[
                    ("before_session", "trước kỳ họp"),
                    ("after_session", "sau kỳ họp"),
                    ("thematic", "chuyên đề"),
                ],
                "",
                "voter_contacts_by_timing",
            ) {
                p.words(" (");
                p.pieces.extend(timing.pieces);
                p.words(")");
            }
        }
        if f.petitions_collected.value > 0 {
            p.words(if f.voter_contacts.value > 0 {
                "; tổng hợp "
            } else {
                "Tổng hợp "
            })
            .figure(
                &f.petitions_collected,
                "ý kiến, kiến nghị của cử tri",
                "petitions_collected",
            );
            if let Some(text) = compare(
                f.petitions_collected.value,
                was(|b| b.petitions_collected.value),
                "ý kiến, kiến nghị",
                previous_span,
            ) {
                p.words(&text);
            }
            if f.petitions_forwarded.value > 0 {
                p.words(", chuyển ")
                    .figure(
                        &f.petitions_forwarded,
                        "ý kiến, kiến nghị",
                        "petitions_forwarded",
                    )
                    .words(" đến các cơ quan có thẩm quyền");
            }
            if f.petitions_settled.value > 0 {
                p.words("; đến nay đã giải quyết xong ").figure(
                    &f.petitions_settled,
                    "ý kiến, kiến nghị",
                    "petitions_settled",
                );
                let [petitions, _] = super::follow_up::settlement_rates(f);
                if let Some(share) = petitions.percent() {
                    p.words(&format!(" (đạt {share})"));
                }
            }
        }
        p.words(".");
        paragraphs.push(p);
    }
    sections.push((
        "Công tác tiếp xúc cử tri, tổng hợp ý kiến, kiến nghị của cử tri",
        paragraphs,
    ));

    // 5. Citizen reception and letters.
    let mut paragraphs = Vec::new();
    if f.visits.value > 0 || f.letters.value > 0 {
        let mut p = Paragraph::default();
        if f.visits.value > 0 {
            p.words("Tiếp ")
                .figure(&f.visits, "lượt công dân", "visits");
            if f.reception_matters.value > 0 {
                p.words(" với ")
                    .figure(&f.reception_matters, "việc", "reception_matters");
                let mut types = Paragraph::default();
                if parts_list(
                    &mut types,
                    &f.reception_matters_by_type,
                    &[
                        ("complaint", "khiếu nại"),
                        ("denunciation", "tố cáo"),
                        ("petition", "kiến nghị, phản ánh"),
                    ],
                    "việc",
                    "reception_matters_by_type",
                ) {
                    p.words(" (");
                    p.pieces.extend(types.pieces);
                    p.words(")");
                }
            }
            if let Some(text) = compare(
                f.visits.value,
                was(|b| b.visits.value),
                "lượt",
                previous_span,
            ) {
                p.words(&text);
            }
            if f.citizens_received.value > f.visits.value {
                p.words("; tổng số ")
                    .figure(&f.citizens_received, "người", "citizens_received");
                if f.group_visits.value > 0 {
                    p.words(", trong đó ").figure(
                        &f.group_visits,
                        "đoàn đông người",
                        "group_visits",
                    );
                }
            }
        }
        if f.letters.value > 0 {
            p.words(if f.visits.value > 0 {
                "; tiếp nhận "
            } else {
                "Tiếp nhận "
            })
            .figure(&f.letters, "đơn thư", "letters");
            let mut handling = Paragraph::default();
            let mut first = true;
            for (code, before, after) in [
                ("forwarded", "chuyển", " đến cơ quan có thẩm quyền"),
                ("guided", "hướng dẫn", ""),
                ("answered", "trả lời", ""),
                ("filed", "lưu", " theo quy định"),
            ] {
                if let Some(found) = part(&f.letters_by_handling, code) {
                    handling
                        .words(if first { "" } else { ", " })
                        .words(before)
                        .words(" ");
                    handling
                        .part(found, "đơn", "letters_by_handling")
                        .words(after);
                    first = false;
                }
            }
            if !first {
                p.words(", ");
                p.pieces.extend(handling.pieces);
            }
        }
        p.words(".");
        paragraphs.push(p);
    }
    sections.push(("Công tác tiếp công dân, xử lý đơn thư", paragraphs));

    // 6. Conferences.
    let mut paragraphs = Vec::new();
    for conference in f.conference_list.iter().filter(|c| c.hosted) {
        let mut p = Paragraph::default();
        p.words("Tổ chức thành công ");
        let mut name = conference.name.clone();
        if let Some(ordinal) = conference.ordinal {
            name.push_str(&format!(" lần thứ {ordinal}"));
        }
        if let Some(term) = &conference.term {
            name.push_str(&format!(", nhiệm kỳ {term}"));
        }
        p.pieces.push(Piece::Figure {
            text: name,
            key: "conferences_hosted".to_owned(),
            ids: vec![conference.id],
            unapproved: unapproved(f, conference.id),
        });
        p.words(".");
        paragraphs.push(p);
    }
    let attended = f.conferences.value - f.conferences_hosted.value;
    if attended > 0 {
        let ids: Vec<RecordId> = f
            .conference_list
            .iter()
            .filter(|c| !c.hosted)
            .map(|c| c.id)
            .collect();
        let mut p = Paragraph::default();
        p.words("Tham dự ")
            .figure(
                &Count {
                    value: attended,
                    ids,
                    unapproved: f
                        .conferences
                        .unapproved
                        .saturating_sub(f.conferences_hosted.unapproved),
                },
                "hội nghị",
                "conferences_attended",
            )
            .words(" do các cơ quan Trung ương và địa phương tổ chức.");
        paragraphs.push(p);
    }
    sections.push(("Công tác hội nghị", paragraphs));

    // 7. Targets.
    let mut paragraphs = Vec::new();
    if f.targets.value > 0 {
        let year = report.period.year;
        let mut p = Paragraph::default();
        let all_made = f.targets_not_met.value == 0 && f.targets_unknown.value == 0;
        if all_made {
            p.words(&format!("Các chỉ tiêu phấn đấu năm {year} đều đạt "));
            p.words(if f.targets_exceeded.value > 0 {
                "và vượt kế hoạch đề ra ("
            } else {
                "kế hoạch đề ra ("
            });
            let mut first = true;
            for (count, word, key) in [
                (&f.targets_met, "đạt", "targets_met"),
                (&f.targets_exceeded, "vượt", "targets_exceeded"),
            ] {
                if count.value > 0 {
                    p.words(if first { "" } else { ", " })
                        .figure(count, "chỉ tiêu", key)
                        .words(" ")
                        .words(word);
                    first = false;
                }
            }
            p.words(").");
        } else {
            p.words(&format!("Năm {year} có "))
                .figure(&f.targets, "chỉ tiêu", "targets")
                .words(": ");
            let mut first = true;
            for (count, word, key) in [
                (&f.targets_met, "đạt", "targets_met"),
                (&f.targets_exceeded, "vượt", "targets_exceeded"),
                (&f.targets_not_met, "chưa đạt", "targets_not_met"),
                (&f.targets_unknown, "chưa đánh giá", "targets_unknown"),
            ] {
                if count.value > 0 {
                    p.words(if first { "" } else { ", " })
                        .words(word)
                        .words(" ")
                        .figure(count, "chỉ tiêu", key);
                    first = false;
                }
            }
            let missed: Vec<&str> = f
                .target_list
                .iter()
                .filter(|t| t.result.as_deref() == Some("not_met"))
                .map(|t| t.text.as_str())
                .collect();
            if !missed.is_empty() {
                p.words(&format!(" (chưa đạt: {})", missed.join("; ")));
            }
            p.words(".");
        }
        paragraphs.push(p);
    }
    sections.push(("Thực hiện các chỉ tiêu kế hoạch", paragraphs));

    // 8. Party and emulation.
    let mut paragraphs = Vec::new();
    let year = report.period.year;
    let mut p = Paragraph::default();
    if f.party_members.value > 0 {
        p.words("Đảng bộ có ")
            .figure(&f.party_members, "đảng viên", "party_members");
        let standing = f.party_members_provincial_standing.value > 0;
        let committee = f.party_members_provincial_committee.value > 0;
        if standing || committee {
            p.words(" (trong đó ");
            if standing {
                p.figure(
                    &f.party_members_provincial_standing,
                    "đồng chí",
                    "party_members_provincial_standing",
                )
                .words(" là Ủy viên Ban Thường vụ Tỉnh ủy");
            }
            if committee {
                p.words(if standing { ", " } else { "" })
                    .figure(
                        &f.party_members_provincial_committee,
                        "đồng chí",
                        "party_members_provincial_committee",
                    )
                    .words(" là Ủy viên Ban Chấp hành Đảng bộ tỉnh");
            }
            p.words(")");
        }
    }
    if let Some(rating) = f.party_organisation_ratings.first() {
        p.words(if p.pieces.is_empty() { "" } else { "; " });
        p.words(&format!("năm {year} Đảng bộ được xếp loại "));
        p.pieces.push(Piece::Figure {
            text: rating_name(&rating.rating).to_owned(),
            key: "party_organisation_ratings".to_owned(),
            ids: vec![rating.id],
            unapproved: unapproved(f, rating.id),
        });
    }
    let mut members = Paragraph::default();
    if parts_list(
        &mut members,
        &f.party_member_ratings,
        &[
            ("htxsnv", rating_name("htxsnv")),
            ("httnv", rating_name("httnv")),
            ("htnv", rating_name("htnv")),
            ("khtnv", rating_name("khtnv")),
        ],
        "đảng viên",
        "party_member_ratings",
    ) {
        p.words(if p.pieces.is_empty() {
            "Đảng viên xếp loại "
        } else {
            "; đảng viên xếp loại "
        });
        p.pieces.extend(members.pieces);
    }
    if f.awards.value > 0 {
        p.words(if p.pieces.is_empty() { "" } else { "; " });
        p.words(&format!("năm {year} Cơ quan đạt danh hiệu "));
        let names: Vec<String> = f.award_names.iter().map(|n| format!("“{n}”")).collect();
        p.pieces.push(Piece::Figure {
            text: names.join(", "),
            key: "awards".to_owned(),
            ids: f.awards.ids.clone(),
            unapproved: f.awards.unapproved,
        });
    }
    if !p.pieces.is_empty() {
        p.words(".");
        capitalise(&mut p);
        paragraphs.push(p);
    }
    sections.push(("Công tác xây dựng Đảng, thi đua, khen thưởng", paragraphs));

    let sections = sections
        .into_iter()
        .filter(|(_, paragraphs)| !paragraphs.is_empty())
        .enumerate()
        .map(|(index, (title, paragraphs))| Section {
            number: index + 1,
            title,
            paragraphs,
        })
        .collect();
    Draft {
        title: title(&report.period),
        period: period_name(&report.period),
        sections,
        unapproved: f.unapproved.value,
    }
}

/// 1 when the record behind a figure of its own (a conference, a rating)
/// is not yet approved; the counts and parts come marked from the figures.
fn unapproved(f: &Figures, id: RecordId) -> u64 {
    // `figures` keeps them sorted by id as a number.
    u64::from(
        f.unapproved
            .ids
            .binary_search_by_key(&id.as_u128(), |id| id.as_u128())
            .is_ok(),
    )
}

/// A rating as the office writes it in a sentence.
fn rating_name(code: &str) -> &'static str {
    match code {
        "htxsnv" => "hoàn thành xuất sắc nhiệm vụ",
        "httnv" => "hoàn thành tốt nhiệm vụ",
        "htnv" => "hoàn thành nhiệm vụ",
        _ => "không hoàn thành nhiệm vụ",
    }
}

/// The paragraph's first letter in capitals.
fn capitalise(paragraph: &mut Paragraph) {
    if let Some(Piece::Text { text }) = paragraph.pieces.first_mut() {
        let mut chars = text.chars();
        if let Some(first) = chars.next() {
            *text = first.to_uppercase().chain(chars).collect();
        }
    }
}
