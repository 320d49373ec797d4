//! The report as files the office finishes and files: an editable .docx
//! in the Decree 30 layout (docx-rs) and the statistics tables as .xlsx
//! (rust_xlsxwriter). Pure functions to bytes, run in the browser (in the
//! Báo cáo page's lazily loaded chunk) and by `hdnd report` alike. Both are
//! in Vietnamese, as the office signs them.

use docx_rs::{
    AlignmentType, BreakType, Docx, Header, LineSpacing, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::document::{MOTTO, NATIONAL_TITLE, RECIPIENTS_HEADING, ReportDocument};
use super::draft::Paragraph as Drafted;
use super::figures::{Figures, Report};
use super::labels::{GROUPS, Line, figure_label, part_label};
use crate::i18n::Locale;
use crate::kinds::REGISTRY;

/// Why a file could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the .docx: {0}")]
    Docx(String),
    #[error("cannot write the .xlsx: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("cannot write the figures as JSON: {0}")]
    Json(String),
}

// Sizes in half-points and lengths in twentieths of a point (twips).
const BODY: usize = 28; // 14 pt
const SMALL: usize = 26; // 13 pt
const RECIPIENTS: usize = 22; // 11 pt
const MM: f64 = 56.693; // twips per millimetre

fn mm(millimetres: f64) -> i32 {
    (millimetres * MM).round() as i32
}

fn times() -> RunFonts {
    RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman")
}

fn run(text: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size).fonts(times())
}

fn centred(run: Run) -> Paragraph {
    Paragraph::new().add_run(run).align(AlignmentType::Center)
}

/// A body paragraph: justified, first line indented 1.27 cm, 6 pt after.
fn body(runs: Vec<Run>) -> Paragraph {
    runs.into_iter()
        .fold(Paragraph::new(), Paragraph::add_run)
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(mm(12.7))),
            None,
            None,
        )
        .line_spacing(LineSpacing::new().after(120).line(312))
}

fn heading(text: &str) -> Paragraph {
    body(vec![run(text, BODY).bold()]).keep_next(true)
}

fn cell(paragraphs: Vec<Paragraph>, width_mm: f64) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new(), TableCell::add_paragraph)
        .width(mm(width_mm) as usize, WidthType::Dxa)
}

/// A line under a heading: a short run of underscores would move with the
/// text, so an underlined run of spaces, centred.
fn short_line(width: usize) -> Paragraph {
    centred(run(&"\u{00a0}".repeat(width), SMALL).underline("single"))
}

fn drafted(paragraph: &Drafted) -> Paragraph {
    body(vec![run(&paragraph.text(), BODY)])
}

/// The report as a .docx: A4, Decree 30 margins (top and bottom 20 mm,
/// left 30 mm, right 15 mm), Times New Roman 14 pt, the page number centred
/// at the top from page 2.
pub fn docx(document: &ReportDocument) -> Result<Vec<u8>, ExportError> {
    // The top of the first page: the issuer and the number on the left,
    // the national title, the motto and the day on the right.
    let mut left = Vec::new();
    if !document.issuer.above.is_empty() {
        left.push(centred(run(&document.issuer.above, SMALL)));
    }
    left.push(centred(run(&document.issuer.name, SMALL).bold()));
    left.push(short_line(12));
    left.push(centred(run(&document.number, SMALL)));
    let right = vec![
        centred(run(NATIONAL_TITLE, 24).bold()),
        centred(run(MOTTO, BODY).bold()),
        short_line(28),
        centred(run(&document.place_and_day, BODY).italic()),
    ];
    let top = Table::without_borders(vec![TableRow::new(vec![
        cell(left, 65.0),
        cell(right, 100.0),
    ])])
    .set_grid(vec![mm(65.0) as usize, mm(100.0) as usize]);

    let mut docx = Docx::new()
        .page_size(11_906, 16_838)
        .page_margin(
            PageMargin::new()
                .top(mm(20.0))
                .bottom(mm(20.0))
                .left(mm(30.0))
                .right(mm(15.0))
                .header(mm(10.0))
                .footer(mm(10.0)),
        )
        .default_fonts(times())
        .default_size(BODY)
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .add_page_num(PageNum::new())
                    .align(AlignmentType::Center),
            ),
        )
        .first_header(Header::new())
        .add_table(top)
        .add_paragraph(Paragraph::new())
        .add_paragraph(centred(run(document.kind, BODY).bold()))
        .add_paragraph(centred(run(&document.title, BODY).bold()))
        .add_paragraph(short_line(20))
        .add_paragraph(body(vec![run(&document.opening, BODY)]))
        .add_paragraph(heading(&document.part_one));
    for section in &document.draft.sections {
        docx = docx.add_paragraph(heading(&format!("{}. {}", section.number, section.title)));
        for paragraph in &section.paragraphs {
            docx = docx.add_paragraph(drafted(paragraph));
        }
    }
    for part in &document.written {
        docx = docx.add_paragraph(heading(&part.heading));
        if part.paragraphs.is_empty() {
            // A place to write it in Word.
            docx = docx.add_paragraph(body(vec![run("", BODY)]));
        }
        for paragraph in &part.paragraphs {
            docx = docx.add_paragraph(body(vec![run(paragraph, BODY)]));
        }
    }
    // The bottom: the recipients on the left, the signature on the right.
    let mut recipients =
        vec![Paragraph::new().add_run(run(RECIPIENTS_HEADING, 24).bold().italic())];
    recipients.extend(
        document
            .recipients
            .iter()
            .map(|line| Paragraph::new().add_run(run(line, RECIPIENTS))),
    );
    let mut signature: Vec<Paragraph> = document
        .authority
        .iter()
        .map(|line| centred(run(line, BODY).bold()))
        .collect();
    signature.push(centred(
        run("", BODY)
            .add_break(BreakType::TextWrapping)
            .add_break(BreakType::TextWrapping)
            .add_break(BreakType::TextWrapping),
    ));
    signature.push(centred(run(&document.signer, BODY).bold()));
    let bottom = Table::without_borders(vec![TableRow::new(vec![
        cell(recipients, 85.0),
        cell(signature, 80.0),
    ])])
    .set_grid(vec![mm(85.0) as usize, mm(80.0) as usize]);
    docx = docx.add_paragraph(Paragraph::new()).add_table(bottom);

    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|error| ExportError::Docx(error.to_string()))?;
    Ok(bytes.into_inner())
}

/// One row of the statistics: a label, this period's count and the same
/// stretch of the year before (when it holds records).
#[derive(Debug, Clone, PartialEq)]
pub struct StatRow {
    pub label: String,
    pub value: u64,
    pub before: Option<u64>,
    /// A part of the line above ("of which").
    pub indented: bool,
    /// A group's heading, with no numbers.
    pub heading: bool,
}

/// The statistics tables: every figure of the Overview's groups, with its
/// parts, in part I's order.
pub fn statistics(report: &Report) -> Vec<StatRow> {
    let locale = Locale::vi;
    let before = report.previous.as_ref().map(|previous| &previous.figures);
    let count = |figures: &Figures, key: &str| figures.count(key).map_or(0, |count| count.value);
    let mut rows = Vec::new();
    for (group, lines) in GROUPS {
        rows.push(StatRow {
            label: figure_label(locale, group).unwrap_or(group).to_owned(),
            value: 0,
            before: None,
            indented: false,
            heading: true,
        });
        for line in *lines {
            match *line {
                Line::Count { key, sub, .. } => rows.push(StatRow {
                    label: figure_label(locale, key).unwrap_or(key).to_owned(),
                    value: count(&report.figures, key),
                    before: before.map(|figures| count(figures, key)),
                    indented: sub,
                    heading: false,
                }),
                Line::Parts { key, kind, field } => {
                    let parts = report.figures.parts(key).unwrap_or_default();
                    let label = figure_label(locale, key).unwrap_or(key);
                    for part in parts.iter().filter(|part| part.value > 0) {
                        let was = before.and_then(|figures| figures.parts(key)).map(|parts| {
                            parts
                                .iter()
                                .find(|other| other.key == part.key)
                                .map_or(0, |other| other.value)
                        });
                        rows.push(StatRow {
                            label: format!(
                                "{label}: {}",
                                part_label(locale, &REGISTRY, kind, field, part)
                            ),
                            value: part.value,
                            before: was,
                            indented: true,
                            heading: false,
                        });
                    }
                }
            }
        }
    }
    rows
}

/// The statistics as an .xlsx: "Số liệu" (every figure and the year
/// before), "Theo tháng" (the months) and "Chỉ tiêu" (the targets).
pub fn xlsx(report: &Report, title: &str) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let heading = Format::new()
        .set_bold()
        .set_background_color(rust_xlsxwriter::Color::RGB(0xE8_EE_F4));
    let indented = Format::new().set_indent(1);
    let number = Format::new()
        .set_num_format("#,##0")
        .set_align(FormatAlign::Right);
    let percent = Format::new().set_num_format("0.0%");

    let sheet = workbook.add_worksheet().set_name("Số liệu")?;
    sheet.set_column_width(0, 70)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 14)?;
    sheet.write_string_with_format(0, 0, title, &bold)?;
    let previous = report
        .previous
        .as_ref()
        .map(|previous| super::draft::period_name(&previous.period));
    sheet.write_string_with_format(2, 0, "Chỉ tiêu thống kê", &heading)?;
    sheet.write_string_with_format(2, 1, super::draft::period_name(&report.period), &heading)?;
    if let Some(previous) = &previous {
        sheet.write_string_with_format(2, 2, previous, &heading)?;
    }
    for (row, stat) in (3..).zip(statistics(report)) {
        if stat.heading {
            sheet.write_string_with_format(row, 0, &stat.label, &bold)?;
        } else {
            if stat.indented {
                sheet.write_string_with_format(row, 0, &stat.label, &indented)?;
            } else {
                sheet.write_string(row, 0, &stat.label)?;
            }
            sheet.write_number_with_format(row, 1, stat.value as f64, &number)?;
            if let (Some(before), Some(_)) = (stat.before, &previous) {
                sheet.write_number_with_format(row, 2, before as f64, &number)?;
            }
        }
    }

    let months = workbook.add_worksheet().set_name("Theo tháng")?;
    let columns = [
        "Tháng",
        "Kỳ họp",
        "Phiên họp Thường trực",
        "Nội dung cho ý kiến",
        "Ý kiến, kiến nghị cử tri",
        "Lượt tiếp công dân",
        "Đơn thư",
    ];
    for (column, name) in columns.iter().enumerate() {
        months.write_string_with_format(0, column as u16, *name, &heading)?;
        months.set_column_width(column as u16, if column == 0 { 10 } else { 16 })?;
    }
    for (index, month) in report.figures.by_month.iter().enumerate() {
        let row = index as u32 + 1;
        // "2020-03" → "03/2020", as the office writes a month.
        let shown = match month.month.split_once('-') {
            Some((year, month)) => format!("{month}/{year}"),
            None => month.month.clone(),
        };
        months.write_string(row, 0, &shown)?;
        for (column, value) in [
            month.sessions,
            month.sc_meetings,
            month.opinion_matters,
            month.petitions_collected,
            month.visits,
            month.letters,
        ]
        .into_iter()
        .enumerate()
        {
            months.write_number_with_format(row, column as u16 + 1, value as f64, &number)?;
        }
    }

    let targets = workbook.add_worksheet().set_name("Chỉ tiêu")?;
    for (column, name) in ["Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ", "Kết quả"]
        .iter()
        .enumerate()
    {
        targets.write_string_with_format(0, column as u16, *name, &heading)?;
    }
    targets.set_column_width(0, 70)?;
    targets.set_column_width(4, 16)?;
    for (index, target) in report.figures.target_list.iter().enumerate() {
        let row = index as u32 + 1;
        targets.write_string(row, 0, &target.text)?;
        targets.write_number(row, 1, target.planned)?;
        if let Some(actual) = target.actual {
            targets.write_number(row, 2, actual)?;
            if target.planned > 0.0 {
                targets.write_number_with_format(row, 3, actual / target.planned, &percent)?;
            }
        }
        let result = match target.result.as_deref() {
            Some("exceeded") => "Vượt",
            Some("met") => "Đạt",
            Some("not_met") => "Không đạt",
            _ => "Chưa đánh giá",
        };
        targets.write_string(row, 4, result)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// A file name for the report of a period: "bao-cao-2020-year.docx".
pub fn file_name(report: &Report, extension: &str) -> String {
    let code = report.period.code.replace(':', "-");
    format!("bao-cao-{}-{code}.{extension}", report.period.year)
}
