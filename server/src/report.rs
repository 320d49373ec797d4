//! `hdnd report`: the figures of a period (`--format json`, as
//! docs/REPORTS.md documents them), its report drafted from them with what
//! was written in the period's `work_report` record (`--format text`, or
//! `docx` in the Decree 30 layout), or its statistics tables (`xlsx`), from
//! the records in the database — the same functions the browser runs over
//! its replica (`app::reports`).

use std::io::{IsTerminal, Write};

use app::auth::model::Role;
use app::calendar::IsoDate;
use app::reports::document::{Written, document, report_key};
use app::reports::export;
use app::reports::{Pool, Span, report, resolve};
use app::sync::model::Document;

use crate::cli::{ReportArgs, ReportFormat};
use crate::store::{DATABASE_FILE, Store, StoreError};

/// Why no report was written; one line each.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("no database at {0} (run `hdnd serve` or `hdnd demo` with this --data-dir first)")]
    NoDatabase(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Period(#[from] app::reports::PeriodError),
    #[error("cannot write {0}: {1}")]
    Write(String, std::io::Error),
    #[error("cannot write the figures as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Export(#[from] app::reports::export::ExportError),
    #[error("a .{0} file is not shown on a terminal: give --out FILE")]
    Terminal(&'static str),
}

/// Every record that exists, as an office leader reads them (all kinds).
pub fn live_records(store: &Store) -> Result<Vec<Document>, StoreError> {
    let mut records = Vec::new();
    let mut since = 0;
    loop {
        let page = store.pull(Role::OfficeLeader, since, 1_000)?;
        records.extend(page.records.into_iter().filter(|record| !record.deleted));
        since = page.cursor;
        if !page.more {
            return Ok(records);
        }
    }
}

/// The period's `work_report` record, as written (empty when none).
fn written(records: &[Document], span: &Span) -> Written {
    let (id, ..) = report_key(span);
    records
        .iter()
        .find(|record| record.id == id && record.kind == app::kinds::work_report::KIND)
        .map(|record| Written::from_fields(&record.fields))
        .unwrap_or_default()
}

/// The report as asked for, as bytes.
pub fn render(
    args: &ReportArgs,
    records: &[Document],
    as_of: IsoDate,
) -> Result<Vec<u8>, ReportError> {
    let all = || {
        records
            .iter()
            .map(|record| (record.kind, record.id, &record.fields))
    };
    let span = resolve(args.year, args.period, all())?;
    let pool = Pool::new(all());
    let report = report(&pool, &span, as_of);
    let laid_out = || {
        document(
            &report,
            args.office_name.as_deref(),
            &written(records, &span),
        )
    };
    Ok(match args.format {
        ReportFormat::Json => {
            let mut text = serde_json::to_string_pretty(&report)?;
            text.push('\n');
            text.into_bytes()
        }
        ReportFormat::Text => {
            // The report as signed, then — apart, since it is not part of
            // the document — how many of its records wait for review.
            let laid_out = laid_out();
            let mut text = laid_out.text();
            if let Some(note) = laid_out.draft.unapproved_note() {
                text.push('\n');
                text.push_str(&note);
                text.push('\n');
            }
            text.into_bytes()
        }
        ReportFormat::Docx => export::docx(&laid_out())?,
        ReportFormat::Xlsx => export::xlsx(&report, &laid_out().title)?,
    })
}

/// `hdnd report …`.
pub fn run(args: &ReportArgs) -> Result<(), ReportError> {
    let database = args.data_dir.join(DATABASE_FILE);
    if !database.is_file() {
        return Err(ReportError::NoDatabase(database.display().to_string()));
    }
    let store = Store::open(&args.data_dir, &app::kinds::REGISTRY)?;
    let records = live_records(&store)?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| IsoDate::from_unix_ms_in_vietnam(crate::store::now_ms()));
    let binary = match args.format {
        ReportFormat::Docx => Some("docx"),
        ReportFormat::Xlsx => Some("xlsx"),
        ReportFormat::Text | ReportFormat::Json => None,
    };
    if let (None, Some(extension)) = (&args.out, binary)
        && std::io::stdout().is_terminal()
    {
        return Err(ReportError::Terminal(extension));
    }
    let bytes = render(args, &records, as_of)?;
    match &args.out {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|error| ReportError::Write(path.display().to_string(), error)),
        None => std::io::stdout()
            .lock()
            .write_all(&bytes)
            .map_err(|error| ReportError::Write("the standard output".into(), error)),
    }
}
