//! `hdnd-bench-figures`: how long a year's figures take natively (the code
//! the command line and the browser share, `app::reports`), over the demo
//! year alone and over 50,000 and 100,000 records, against a floor measured
//! side by side: one pass over the same records reading one field of each.
//!
//! The records are the demo year copied with fresh ids until there are as
//! many as asked, every copy dated in 2020: the worst case, every record in
//! the period. Each figure is the median of `--runs` runs (default 15).
//!
//! ```sh
//! cargo run --release -p hdnd-bench --bin hdnd-bench-figures -- [--runs N] [--out FILE]
//! ```

use std::hint::black_box;
use std::time::Instant;

use app::calendar::IsoDate;
use app::demo::DemoYear;
use app::reports::{PeriodAsked, Pool, report, resolve};
use app::sync::model::{Fields, RecordId, RecordKind, field_value};
use serde_json::json;

type Result<T> = std::result::Result<T, String>;

fn main() {
    match run() {
        Ok(()) => {}
        Err(error) => {
            eprintln!("hdnd-bench-figures: {error}");
            std::process::exit(2);
        }
    }
}

fn run() -> Result<()> {
    let (runs, out) = parse_args()?;
    let demo = DemoYear::new();
    let base: Vec<(RecordKind, RecordId, Fields)> = demo
        .iter()
        .map(|(kind, id, fields)| (kind, id, fields.clone()))
        .collect();
    let as_of = IsoDate::parse("2021-01-05").map_err(|error| format!("{error:?}"))?;
    let mut rows = Vec::new();
    println!("records   figures (median, min–max)   floor (median)   ratio");
    for size in [base.len(), 50_000, 100_000] {
        let records = grown(&base, size);
        let mut figures_ms = Vec::with_capacity(runs);
        let mut floor_ms = Vec::with_capacity(runs);
        let mut visits = 0;
        for _ in 0..runs {
            // Side by side, alternating, so both see the same machine.
            let started = Instant::now();
            let counted = floor(&records);
            floor_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            black_box(counted);

            let started = Instant::now();
            let pool = Pool::new(
                records
                    .iter()
                    .map(|(kind, id, fields)| (*kind, *id, fields)),
            );
            let span = resolve(
                2020,
                PeriodAsked::Year,
                records.iter().map(|(k, i, f)| (*k, *i, f)),
            )
            .map_err(|error| format!("{error:?}"))?;
            let report = report(&pool, &span, as_of);
            figures_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            visits = report.figures.visits.value;
            black_box(report);
        }
        let figures = summary(&mut figures_ms);
        let floor = summary(&mut floor_ms);
        let ratio = figures.0 / floor.0.max(f64::EPSILON);
        println!(
            "{size:>7}   {:>8.2} ms ({:.2}–{:.2})     {:>8.3} ms     {ratio:>6.1}×",
            figures.0, figures.1, figures.2, floor.0
        );
        rows.push(json!({
            "records": size,
            "visits_counted": visits,
            "figures_ms": {"median": figures.0, "min": figures.1, "max": figures.2},
            "floor_ms": {"median": floor.0, "min": floor.1, "max": floor.2},
            "ratio_to_floor": ratio,
        }));
    }
    let report = json!({
        "what": "a year's figures (Pool::new + resolve + report), natively, release build",
        "runs": runs,
        "sizes": rows,
    });
    if let Some(out) = out {
        let text = serde_json::to_vec_pretty(&report).map_err(|error| error.to_string())?;
        std::fs::write(&out, text).map_err(|error| format!("{out}: {error}"))?;
        println!("written {out}");
    }
    Ok(())
}

/// The demo year, copied with fresh ids until there are `size` records.
fn grown(
    base: &[(RecordKind, RecordId, Fields)],
    size: usize,
) -> Vec<(RecordKind, RecordId, Fields)> {
    let mut records: Vec<_> = base.to_vec();
    let mut copy = base.iter().cycle();
    while records.len() < size {
        let Some((kind, _, fields)) = copy.next() else {
            break;
        };
        records.push((*kind, RecordId::new(), fields.clone()));
    }
    records
}

/// The least any year's figures must do: look at every record once and
/// read the date that puts it in the period.
fn floor(records: &[(RecordKind, RecordId, Fields)]) -> usize {
    const DATES: [&str; 7] = [
        "starts_on",
        "held_on",
        "received_on",
        "visited_on",
        "adopted_on",
        "done_on",
        "year",
    ];
    records
        .iter()
        .filter(|(_, _, fields)| {
            DATES
                .iter()
                .map(|name| field_value(fields, name))
                .find(|value| !value.is_null())
                .is_some_and(|value| match value {
                    serde_json::Value::String(text) => text.starts_with("2020"),
                    other => other.as_i64() == Some(2020),
                })
        })
        .count()
}

/// Median, min, max of `values` (sorted in place).
fn summary(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let median = values.get(values.len() / 2).copied().unwrap_or(0.0);
    let min = values.first().copied().unwrap_or(0.0);
    let max = values.last().copied().unwrap_or(0.0);
    (median, min, max)
}

fn parse_args() -> Result<(usize, Option<String>)> {
    let mut runs = 15;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|value| value.parse().ok())
                    .filter(|runs| (1..=1000).contains(runs))
                    .ok_or("--runs takes a number from 1 to 1000")?;
            }
            "--out" => out = Some(args.next().ok_or("--out takes a file")?),
            other => return Err(format!("unknown argument {other:?} (--runs N, --out FILE)")),
        }
    }
    Ok((runs, out))
}
