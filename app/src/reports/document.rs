//! The report as the office signs it (Decree 30/2020/NĐ-CP layout,
//! ../shared/REPORT-LAYOUT.md): the issuing body and the national title, the
//! number, place and day, the title, part I drafted from the figures, parts
//! II–IV as written in the period's `work_report` record, the recipients and
//! the signature. One model for the screen, the print view, the .docx and
//! the command line's text, so they say the same.

use serde::Serialize;

use super::draft::{Draft, Paragraph, draft, period_name};
use super::figures::Report;
use super::period::Span;
use crate::calendar::IsoDate;
use crate::sync::model::{Fields, RecordId, field_value};

/// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
pub const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// "Độc lập - Tự do - Hạnh phúc".
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// "Nơi nhận:", over the recipients.
pub const RECIPIENTS_HEADING: &str = "Nơi nhận:";
/// The office's name when the server was given none.
pub const DEFAULT_OFFICE: &str = "Văn phòng HĐND tỉnh";

/// The top left of the first page: the body above the issuer, in capitals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issuer {
    /// "HĐND TỈNH LÀO CAI" (regular weight); empty when the name has no
    /// body above the issuer.
    pub above: String,
    /// "VĂN PHÒNG" (bold).
    pub name: String,
    /// The issuer's code in the number's symbol: "VP".
    pub code: String,
}

/// Splits the office's name ("Văn phòng HĐND tỉnh Lào Cai") into the body
/// above and the issuer.
pub fn issuer(office: &str) -> Issuer {
    let office = office.trim();
    let lower = office.to_lowercase();
    match lower.strip_prefix("văn phòng ") {
        Some(_) => Issuer {
            above: office
                .chars()
                .skip("văn phòng ".chars().count())
                .collect::<String>()
                .trim()
                .to_uppercase(),
            name: "VĂN PHÒNG".into(),
            code: "VP".into(),
        },
        None => Issuer {
            above: String::new(),
            name: office.to_uppercase(),
            code: office
                .split_whitespace()
                .filter_map(|word| word.chars().next())
                .flat_map(char::to_uppercase)
                .collect(),
        },
    }
}

/// The province the office's name ends with ("Lào Cai"), which the date
/// line names; `None` when the name has none.
pub fn province(office: &str) -> Option<String> {
    let lower = office.to_lowercase();
    let at = lower.rfind("tỉnh ")?;
    let name = office.get(at + "tỉnh ".len()..)?.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// "ngày 05 tháng 01 năm 2021": days below 10 and the months 1 and 2 with
/// a leading zero (Decree 30, appendix I).
pub fn decree_day(day: IsoDate) -> String {
    let month = if day.month() <= 2 {
        format!("{:02}", day.month())
    } else {
        day.month().to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", day.day(), day.year())
}

/// The `work_report` record of a period: its id (the same in every
/// browser and on the server), its `year` and `period` fields and its
/// session.
pub fn report_key(span: &Span) -> (RecordId, i32, String, Option<RecordId>) {
    let (code, session) = match span.session {
        Some(session) => ("session".to_owned(), Some(session)),
        None => (span.code.clone(), None),
    };
    let id = crate::kinds::work_report::id_for(span.year, &code, session);
    (id, span.year, code, session)
}

/// What people wrote for the report (its `work_report` record), each part
/// empty when nobody has written it yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Written {
    pub number: String,
    pub place: String,
    pub signed_on: Option<IsoDate>,
    pub authority: String,
    pub signer_title: String,
    pub signer: String,
    pub recipients: String,
    pub assessment: String,
    pub direction: String,
    pub recommendations: String,
}

impl Written {
    /// From a `work_report` record's fields.
    pub fn from_fields(fields: &Fields) -> Self {
        let text = |name: &str| {
            field_value(fields, name)
                .as_str()
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        Written {
            number: text("number"),
            place: text("place"),
            signed_on: IsoDate::parse(&text("signed_on")).ok(),
            authority: text("authority"),
            signer_title: text("signer_title"),
            signer: text("signer"),
            recipients: text("recipients"),
            assessment: text("assessment"),
            direction: text("direction"),
            recommendations: text("recommendations"),
        }
    }
}

/// A part of the body: its heading and paragraphs. Part I's paragraphs
/// carry their figures; the written parts are plain paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// "II. ĐÁNH GIÁ CHUNG".
    pub heading: String,
    /// The written text, one paragraph per line; empty when not written.
    pub paragraphs: Vec<String>,
    /// The record field it is written in (`assessment`, …).
    pub field: &'static str,
}

/// The whole report, laid out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportDocument {
    pub issuer: Issuer,
    /// "Số: 12/BC-VP", or "Số:      /BC-VP" before it has a number.
    pub number: String,
    /// "Lào Cai, ngày 05 tháng 01 năm 2021", or with the day left blank.
    pub place_and_day: String,
    /// "BÁO CÁO".
    pub kind: &'static str,
    pub title: String,
    /// "Văn phòng HĐND tỉnh báo cáo kết quả công tác năm 2020, … như sau:".
    pub opening: String,
    /// "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020".
    pub part_one: String,
    pub draft: Draft,
    /// Parts II, III and IV.
    pub written: Vec<Part>,
    /// "- Thường trực HĐND tỉnh;" … "- Lưu: VT."
    pub recipients: Vec<String>,
    /// "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG".
    pub authority: Vec<String>,
    pub signer: String,
}

/// What the direction part looks ahead to: "NĂM 2021", "6 THÁNG CUỐI NĂM
/// 2020", "THỜI GIAN TỚI".
fn ahead(span: &Span) -> String {
    match span.code.as_str() {
        "year" => format!("năm {}", span.year + 1),
        "h1" => format!("6 tháng cuối năm {}", span.year),
        "h2" => format!("6 tháng đầu năm {}", span.year + 1),
        _ => "thời gian tới".to_owned(),
    }
}

/// One line per recipient: "- X;", the last "- X.".
fn recipients(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(|line| {
            line.trim()
                .trim_start_matches(['-', '+', '•'])
                .trim()
                .trim_end_matches([';', '.', ','])
                .trim()
        })
        .filter(|line| !line.is_empty())
        .collect();
    let lines = if lines.is_empty() {
        vec!["Lưu: VT"]
    } else {
        lines
    };
    let last = lines.len() - 1;
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| format!("- {line}{}", if index == last { "." } else { ";" }))
        .collect()
}

fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The report of `report`'s period, for the office `office`, with what was
/// written for it.
pub fn document(report: &Report, office: Option<&str>, written: &Written) -> ReportDocument {
    let office = office
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or(DEFAULT_OFFICE);
    let issuer = issuer(office);
    let span = &report.period;
    let draft = draft(report);
    let number = if written.number.is_empty() {
        format!("Số:      /BC-{}", issuer.code)
    } else {
        format!("Số: {}", written.number)
    };
    let place = if written.place.is_empty() {
        province(office).unwrap_or_else(|| "…".to_owned())
    } else {
        written.place.clone()
    };
    let day = match written.signed_on {
        Some(day) => decree_day(day),
        None => {
            let year = if span.code == "year" {
                span.year + 1
            } else {
                span.year
            };
            format!("ngày      tháng      năm {year}")
        }
    };
    let mut title = draft.title.clone();
    if let Some(first) = title.get(..1) {
        title = format!("{}{}", first.to_lowercase(), &title[1..]);
    }
    let opening =
        format!("Thực hiện chức năng, nhiệm vụ được giao, {office} báo cáo {title} như sau:");
    let written_parts = vec![
        Part {
            heading: "II. ĐÁNH GIÁ CHUNG".into(),
            paragraphs: paragraphs(&written.assessment),
            field: "assessment",
        },
        Part {
            heading: format!("III. PHƯƠNG HƯỚNG, NHIỆM VỤ {}", ahead(span).to_uppercase()),
            paragraphs: paragraphs(&written.direction),
            field: "direction",
        },
        Part {
            heading: "IV. KIẾN NGHỊ, ĐỀ XUẤT".into(),
            paragraphs: paragraphs(&written.recommendations),
            field: "recommendations",
        },
    ];
    let mut authority: Vec<String> = [&written.authority, &written.signer_title]
        .into_iter()
        .filter(|line| !line.is_empty())
        .map(|line| line.to_uppercase())
        .collect();
    if authority.is_empty() {
        authority.push("CHÁNH VĂN PHÒNG".into());
    }
    ReportDocument {
        issuer,
        number,
        place_and_day: format!("{place}, {day}"),
        kind: "BÁO CÁO",
        title: draft.title.clone(),
        opening,
        part_one: format!(
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ {}",
            period_name(span).to_uppercase()
        ),
        draft,
        written: written_parts,
        recipients: recipients(&written.recipients),
        authority,
        signer: written.signer.clone(),
    }
}

impl ReportDocument {
    /// The report as plain text, top to bottom (`hdnd report --format
    /// text`).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut line = |text: &str| {
            out.push_str(text);
            out.push('\n');
        };
        if !self.issuer.above.is_empty() {
            line(&self.issuer.above);
        }
        line(&self.issuer.name);
        line(&self.number);
        line("");
        line(NATIONAL_TITLE);
        line(MOTTO);
        line(&self.place_and_day);
        line("");
        line(self.kind);
        line(&self.title);
        line("");
        line(&self.opening);
        line(&self.part_one);
        for section in &self.draft.sections {
            line(&format!("{}. {}", section.number, section.title));
            for paragraph in &section.paragraphs {
                line(&Paragraph::text(paragraph));
            }
        }
        for part in &self.written {
            line(&part.heading);
            for paragraph in &part.paragraphs {
                line(paragraph);
            }
        }
        line("");
        line(RECIPIENTS_HEADING);
        for recipient in &self.recipients {
            line(recipient);
        }
        line("");
        for authority in &self.authority {
            line(authority);
        }
        if !self.signer.is_empty() {
            line(&self.signer);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_office_name_gives_the_body_above_the_issuer_and_the_province() {
        let found = issuer("Văn phòng HĐND tỉnh Lào Cai");
        assert_eq!(found.above, "HĐND TỈNH LÀO CAI");
        assert_eq!(found.name, "VĂN PHÒNG");
        assert_eq!(found.code, "VP");
        assert_eq!(
            province("Văn phòng HĐND tỉnh Lào Cai").as_deref(),
            Some("Lào Cai")
        );
        assert_eq!(province(DEFAULT_OFFICE), None);
        let other = issuer("Đoàn ĐBQH và HĐND tỉnh");
        assert_eq!(other.above, "");
        assert_eq!(other.name, "ĐOÀN ĐBQH VÀ HĐND TỈNH");
    }

    #[test]
    fn the_day_is_written_with_leading_zeros_where_the_decree_asks() {
        assert_eq!(
            decree_day(IsoDate::ymd(2021, 1, 5)),
            "ngày 05 tháng 01 năm 2021"
        );
        assert_eq!(
            decree_day(IsoDate::ymd(2020, 2, 9)),
            "ngày 09 tháng 02 năm 2020"
        );
        assert_eq!(
            decree_day(IsoDate::ymd(2020, 3, 15)),
            "ngày 15 tháng 3 năm 2020"
        );
        assert_eq!(
            decree_day(IsoDate::ymd(2020, 12, 1)),
            "ngày 01 tháng 12 năm 2020"
        );
    }

    #[test]
    fn recipients_are_one_per_line_the_last_ending_with_a_full_stop() {
        assert_eq!(
            recipients("Thường trực HĐND tỉnh\n- Lãnh đạo Văn phòng;\n\nLưu: VT, TH."),
            vec![
                "- Thường trực HĐND tỉnh;",
                "- Lãnh đạo Văn phòng;",
                "- Lưu: VT, TH."
            ]
        );
        assert_eq!(recipients("  "), vec!["- Lưu: VT."]);
    }
}
