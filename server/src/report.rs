//! `hdnd report`: the figures of a period (`--format json`, as
//! docs/REPORTS.md documents them) or part I of its report drafted from them
//! (`--format text`), from the records in the database — the same functions
//! the browser runs over its replica (`app::reports`).

use std::io::Write;

use app::auth::model::Role;
use app::calendar::IsoDate;
use app::reports::{Pool, report, resolve};
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

/// The report as asked for, as text.
pub fn render(
    args: &ReportArgs,
    records: &[Document],
    as_of: IsoDate,
) -> Result<String, ReportError> {
    let all = || {
        records
            .iter()
            .map(|record| (record.kind, record.id, &record.fields))
    };
    let span = resolve(args.year, args.period, all())?;
    let pool = Pool::new(all());
    let report = report(&pool, &span, as_of);
    Ok(match args.format {
        ReportFormat::Json => {
            let mut text = serde_json::to_string_pretty(&report)?;
            text.push('\n');
            text
        }
        ReportFormat::Text => {
            let draft = app::reports::draft::draft(&report);
            format!("BÁO CÁO\n{}\n\n{}", draft.title, draft.text())
        }
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
    let text = render(args, &records, as_of)?;
    match &args.out {
        Some(path) => std::fs::write(path, text)
            .map_err(|error| ReportError::Write(path.display().to_string(), error)),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|error| ReportError::Write("the standard output".into(), error)),
    }
}
