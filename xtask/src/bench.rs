//! `cargo xtask bench`: the write path, pulls, the first sync, the offline
//! open and the first load, each beside its floor measured in the same run
//! (raw SQLite on the same disk, PouchDB in the same Chromium, a minimal
//! Leptos app built the same way). Not part of `cargo xtask test`: it takes
//! minutes and its figures depend on the machine.
//!
//! Prints as it goes and puts the tables between the markers of
//! `docs/PERFORMANCE.md` (the text around them is kept); `--quick` runs
//! small sizes and writes only `target/bench/PERFORMANCE.md`.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::process::{Result, cargo, run_checked, target_dir, workspace_root};
use crate::setup::{self, CHROMIUM, WASM_TARGET, tests_dir};
use crate::site::{self, Profile};

const START: &str = "<!-- bench:start -->";
const END: &str = "<!-- bench:end -->";

struct Sizes {
    /// Records of the pull and first-sync measurements.
    records: u64,
    /// The larger replica opened offline.
    more: u64,
    /// Records stored at the end of the growth run.
    growth: u64,
    rounds: u64,
}

pub fn bench(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|arg| arg == "--quick");
    if let Some(other) = args.iter().find(|arg| *arg != "--quick") {
        return Err(format!("bench: unknown argument {other:?} (only --quick)").into());
    }
    let sizes = if quick {
        Sizes {
            records: 2_000,
            more: 4_000,
            growth: 10_000,
            rounds: 1,
        }
    } else {
        Sizes {
            records: 10_000,
            more: 20_000,
            growth: 100_000,
            rounds: 3,
        }
    };
    setup::for_build()?;
    setup::for_tests()?;
    setup::for_bench()?;
    let binary = crate::dist::dist()?;
    let out = workspace_root().join("target").join("bench");
    std::fs::create_dir_all(&out)?;

    cargo(&["build", "--release", "--package", "hdnd-bench"])?;
    let server_json = out.join("server.json");
    run_checked(
        Command::new(target_dir().join("release").join("hdnd-bench"))
            .arg("--hdnd")
            .arg(&binary)
            .arg("--work")
            .arg(out.join("work"))
            .arg("--out")
            .arg(&server_json)
            .args(["--rounds", &sizes.rounds.to_string()])
            .args(["--growth", &sizes.growth.to_string()])
            .args(["--pull", &sizes.records.to_string()]),
    )?;

    let browser_json = out.join("browser.json");
    run_checked(
        Command::new("node")
            .current_dir(tests_dir())
            .arg("bench/browser.mjs")
            .arg(&binary)
            .arg(&browser_json)
            .arg(sizes.records.to_string())
            .arg(sizes.more.to_string())
            .arg(sizes.rounds.to_string())
            .env("CHROMIUM_PATH", CHROMIUM),
    )?;

    let first_load = first_load(&out)?;
    let server: Value = serde_json::from_slice(&std::fs::read(&server_json)?)?;
    let browser: Value = serde_json::from_slice(&std::fs::read(&browser_json)?)?;
    let tables = report(&server, &browser, &first_load, quick);
    println!("\n{tables}");
    std::fs::write(out.join("PERFORMANCE.md"), &tables)?;
    if quick {
        println!("xtask: --quick: figures in target/bench/PERFORMANCE.md only");
    } else {
        let document = workspace_root().join("docs").join("PERFORMANCE.md");
        let text = std::fs::read_to_string(&document).unwrap_or_default();
        std::fs::write(&document, replace_between_markers(&text, &tables)?)?;
        println!("xtask: figures written to {}", document.display());
    }
    Ok(())
}

/// The site's first visit (the shell and everything it loads, and the
/// service worker) against a minimal Leptos app, brotli-compressed as
/// served.
fn first_load(out: &Path) -> Result<Value> {
    let site = site::site_dir();
    let facts: Value = serde_json::from_slice(&std::fs::read(site.join("build.json"))?)?;
    let mut ours = 0u64;
    let mut ours_raw = 0u64;
    let mut files = 0;
    for name in facts["files"].as_array().into_iter().flatten() {
        let Some(name) = name.as_str() else { continue };
        if name == "build.json" {
            continue;
        }
        let raw = std::fs::metadata(site.join(name))?.len();
        let compressed = std::fs::metadata(site.join(format!("{name}.br")))
            .map(|meta| meta.len())
            .unwrap_or(raw);
        ours += compressed;
        ours_raw += raw;
        files += 1;
    }

    cargo(&[
        "build",
        "--package",
        "minimal-leptos",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        "wasm-release",
    ])?;
    let wasm = target_dir()
        .join(WASM_TARGET)
        .join("wasm-release")
        .join("minimal_leptos.wasm");
    let bound = site::bind(
        &wasm,
        "minimal",
        &out.join("minimal"),
        Profile::Release,
        false,
    )?;
    let shell = b"<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Minimal</title><script type=\"module\">import init from '/minimal.js'; init('/minimal_bg.wasm');</script></head><body></body></html>";
    let minimal = site::brotli(&bound.wasm)?.len() as u64
        + site::brotli(&bound.js)?.len() as u64
        + site::brotli(shell)?.len() as u64;
    let minimal_raw = (bound.wasm.len() + bound.js.len() + shell.len()) as u64;
    let wasm_br = |bytes: &[u8]| site::brotli(bytes).map(|b| b.len() as u64);
    let ours_wasm = facts["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|name| name.ends_with("_bg.wasm"))
        .map(|name| site.join(name))
        .ok_or("no wasm in build.json")?;
    let ours_wasm_br = wasm_br(&std::fs::read(&ours_wasm)?)?;
    // The lazily loaded chunks (the kinds' pages): not needed to start, but
    // fetched by the service worker with the rest.
    let mut chunks = 0u64;
    let mut chunk_files = 0;
    for name in facts["files"].as_array().into_iter().flatten() {
        let Some(name) = name.as_str() else { continue };
        if name.ends_with(".wasm") && !name.ends_with("_bg.wasm") {
            chunks += std::fs::metadata(site.join(format!("{name}.br")))?.len();
            chunk_files += 1;
        }
    }
    println!(
        "first load (brotli): the app {:.0} KB in {files} files, a minimal Leptos app {:.0} KB",
        ours as f64 / 1000.0,
        minimal as f64 / 1000.0
    );
    Ok(json!({
        "ours_brotli": ours,
        "ours_raw": ours_raw,
        "ours_files": files,
        "ours_wasm_brotli": ours_wasm_br,
        "ours_chunks_brotli": chunks,
        "ours_chunk_files": chunk_files,
        "minimal_brotli": minimal,
        "minimal_raw": minimal_raw,
        "minimal_wasm_brotli": wasm_br(&bound.wasm)?,
    }))
}

fn replace_between_markers(text: &str, tables: &str) -> Result<String> {
    match (text.find(START), text.find(END)) {
        (Some(start), Some(end)) if start < end => Ok(format!(
            "{}{START}\n{tables}\n{END}{}",
            &text[..start],
            &text[end + END.len()..]
        )),
        _ => Err(format!("docs/PERFORMANCE.md needs the markers {START} and {END}").into()),
    }
}

fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

/// 12345.6 → "12,346".
fn thousands(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let digits = format!("{:.0}", value.abs());
    let mut grouped = String::new();
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if value < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

/// The Markdown tables of one run.
fn report(server: &Value, browser: &Value, first_load: &Value, quick: bool) -> String {
    let machine = &server["machine"];
    let write = &server["write"];
    let growth = &server["growth"];
    let storage = &growth["storage"];
    let pull = &server["pull"];
    let mut text = String::new();
    let mut line = |row: String| {
        text.push_str(&row);
        text.push('\n');
    };
    line(format!(
        "Run of `cargo xtask bench`{}: {} × {} cores, {} GiB, Linux {}, disk {}, SQLite {}, Chromium {}; medians of {} rounds (fresh databases and browser profiles) unless said.",
        if quick { " --quick (small sizes)" } else { "" },
        machine["cpu"].as_str().unwrap_or("?"),
        machine["cores"],
        machine["memory_gib"],
        machine["kernel"].as_str().unwrap_or("?"),
        machine["disk"].as_str().unwrap_or("?"),
        machine["sqlite"].as_str().unwrap_or("?"),
        browser["chromium"].as_str().unwrap_or("?"),
        write["rounds"],
    ));
    line(String::new());
    line("### Durable push, against raw SQLite on the same disk".to_owned());
    line(String::new());
    line(
        "| What | hdnd | Floor (raw SQLite, WAL, synchronous=FULL) | Share | Target | |".to_owned(),
    );
    line("|---|---|---|---|---|---|".to_owned());
    let raw_single = number(&write["raw_single_per_s"]);
    let raw_tx = number(&write["raw_transaction_per_s"]);
    let single = number(&write["push_single_per_s"]);
    let eight = number(&write["push_8_clients_per_s"]);
    let batch = number(&write["push_batch_100_per_s"]);
    line(format!(
        "| 1 mutation per request, one client | {}/s | {}/s single-row commits | {:.0}% | ≥ 50% | {} |",
        thousands(single),
        thousands(raw_single),
        100.0 * single / raw_single,
        verdict(single >= 0.5 * raw_single)
    ));
    line(format!(
        "| 1 mutation per request, 8 clients at once | {}/s | {}/s single-row commits | {:.0}% | ≥ 100% | {} |",
        thousands(eight),
        thousands(raw_single),
        100.0 * eight / raw_single,
        verdict(eight >= raw_single)
    ));
    line(format!(
        "| 100 mutations per request | {}/s | {}/s rows in one transaction | {:.0}% | ≥ 30% | {} |",
        thousands(batch),
        thousands(raw_tx),
        100.0 * batch / raw_tx,
        verdict(batch >= 0.3 * raw_tx)
    ));
    line(String::new());
    line(format!(
        "Each mutation creates a council session of {} bytes of JSON on average; the floor stores the same JSON as one row.",
        thousands(number(&write["mutation_bytes"]))
    ));
    let empty = number(&write["push_empty_per_s"]);
    if empty.is_finite() && empty > 0.0 {
        // A push costs at least its request plus a commit: the best one
        // client could do if the write itself cost no more than the floor's.
        let ceiling = 1.0 / (1.0 / empty + 1.0 / raw_single);
        line(String::new());
        line(format!(
            "The request alone — an empty push, signed in, nothing written — runs {}/s one after another ({:.2} ms each; the floor's whole commit takes {:.2} ms). A push that cost its request plus exactly the floor's commit would reach {}/s, {:.0}% of the floor{}",
            thousands(empty),
            1000.0 / empty,
            1000.0 / raw_single,
            thousands(ceiling),
            100.0 * ceiling / raw_single,
            if ceiling < 0.5 * raw_single {
                ": in this run the one-client target was out of reach over HTTP whatever the write cost."
            } else {
                "."
            }
        ));
    }
    line(String::new());
    line("### As records accumulate".to_owned());
    line(String::new());
    line("| Records already stored | Push, 100 per request | Raw one-transaction rate beside it | Share | Push, 1 per request |".to_owned());
    line("|---|---|---|---|---|".to_owned());
    for point in growth["points"].as_array().into_iter().flatten() {
        let batch = number(&point["push_batch_100_per_s"]);
        let floor = number(&point["raw_transaction_per_s"]);
        line(format!(
            "| {} | {}/s | {}/s | {:.0}% | {}/s |",
            thousands(number(&point["records"])),
            thousands(batch),
            thousands(floor),
            100.0 * batch / floor,
            thousands(number(&point["push_single_per_s"])),
        ));
    }
    let flat = number(&growth["batch_at_end_over_start"]);
    let flat_share = number(&growth["batch_share_at_end_over_start"]);
    line(String::new());
    line(format!(
        "At the end the batch rate is {:.0}% of the rate on an empty database (target: within 20%: {}); as a share of the floor measured beside each point, {:.0}% of the share at 0.",
        100.0 * flat,
        verdict(flat >= 0.8),
        100.0 * flat_share
    ));
    line(String::new());
    line("### Bytes stored".to_owned());
    line(String::new());
    let over_mutation = number(&storage["over_mutation"]);
    line(format!(
        "{} bytes per mutation after {} mutations ({:.0} MB, database file after a clean stop): {:.2}× the mutation's {} bytes of JSON (target ≤ 2.5×: {}), {:.2}× the {:.0} bytes of the record body it creates.",
        thousands(number(&storage["bytes_per_mutation"])),
        thousands(number(&storage["mutations"])),
        number(&storage["file_bytes"]) / 1e6,
        over_mutation,
        thousands(number(&storage["mutation_bytes"])),
        verdict(over_mutation <= 2.5),
        number(&storage["over_body"]),
        number(&storage["body_bytes"]),
    ));
    line(String::new());
    line("| Table or index | Bytes per mutation |".to_owned());
    line("|---|---|".to_owned());
    if let Some(parts) = storage["per_mutation_by_part"].as_object() {
        let mut parts: Vec<(&String, f64)> = parts
            .iter()
            .map(|(name, bytes)| (name, number(bytes)))
            .collect();
        parts.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (name, bytes) in parts.into_iter().filter(|(_, bytes)| *bytes >= 1.0) {
            line(format!("| `{name}` | {bytes:.0} |"));
        }
    }
    line(String::new());
    line("### Pull".to_owned());
    line(String::new());
    line(format!(
        "{} records by one client: {:.2} s. 32 clients pulling them all at once: {:.1} s in all, pages of 1,000 records p50 {:.0} ms, p99 {:.0} ms ({} pages).",
        thousands(number(&pull["records"])),
        number(&pull["alone_s"]),
        number(&pull["concurrent_total_s"]),
        number(&pull["page_p50_ms"]),
        number(&pull["page_p99_ms"]),
        pull["pages"],
    ));
    line(String::new());
    line("### In the browser, against PouchDB in the same Chromium".to_owned());
    line(String::new());
    let records = number(&browser["records"]);
    let more = number(&browser["more_records"]);
    let sync = &browser["first_sync_ms"];
    let open = &browser["open_offline_ms"];
    let hdnd_sync = number(&sync["hdnd"]);
    let pouch_sync = number(&sync["pouchdb"]);
    line("| What | hdnd | PouchDB | Target | |".to_owned());
    line("|---|---|---|---|---|".to_owned());
    line(format!(
        "| First sync of {} records into a fresh profile | {} ms | {} ms ({:.1}× hdnd's time) | ≤ 2 s and ≥ 4× faster than PouchDB | {} |",
        thousands(records),
        thousands(hdnd_sync),
        thousands(pouch_sync),
        pouch_sync / hdnd_sync,
        verdict(hdnd_sync <= 2_000.0 && pouch_sync >= 4.0 * hdnd_sync)
    ));
    line(format!(
        "| First sync of {} records | {} ms | {} ms | | |",
        thousands(more),
        thousands(number(&browser["first_sync_more_ms"]["hdnd"])),
        thousands(number(&browser["first_sync_more_ms"]["pouchdb"])),
    ));
    line(format!(
        "| Open offline with {} records until the list shows them (median of 5) | {} ms | {} ms | | |",
        thousands(records),
        thousands(number(&open["hdnd"])),
        thousands(number(&open["pouchdb"])),
    ));
    let open_more = number(&open["hdnd_more"]);
    line(format!(
        "| Open offline with {} records (median of 5) | {} ms | {} ms | ≤ 600 ms | {} |",
        thousands(more),
        thousands(open_more),
        thousands(number(&open["pouchdb_more"])),
        verdict(open_more <= 600.0)
    ));
    let edits = number(&browser["offline_edits_pushed_ms"]);
    line(format!(
        "| {} edits made offline, pushed when the network returns | {} ms | | ≤ 1 s | {} |",
        thousands(number(&browser["edits"])),
        thousands(edits),
        verdict(edits <= 1_000.0)
    ));
    line(String::new());
    line("PouchDB's offline open is the time to open its database and read every document (`allDocs` with the documents) after the page loaded; hdnd's runs from the reload until the list shows all records, app start included.".to_owned());
    // The list: each action beside the same list in plain JavaScript.
    let list = &browser["list_ms"];
    let floor = &browser["list_floor_ms"];
    if list.is_object() {
        const ACTIONS: [(&str, &str); 7] = [
            ("open", "open the list"),
            ("filter_year", "filter by year"),
            ("search", "search typed without diacritics"),
            ("search_first", "the same, first search right after opening"),
            (
                "search_marks",
                "search with diacritics matching every record",
            ),
            ("sort", "sort by a text column"),
            ("show_more", "100 more rows"),
        ];
        line(String::new());
        line(format!(
            "| The list of {} records (medians of 5, from the action to the next frame) | hdnd | The same list in plain JavaScript, same browser | hdnd ÷ plain | Target |",
            thousands(records)
        ));
        line("|---|---:|---:|---:|---|".to_owned());
        for (key, name) in ACTIONS {
            let ours = number(&list[key]);
            let plain = number(&floor[key]);
            let (plain, ratio) = if plain > 0.0 {
                (
                    format!("{} ms", thousands(plain)),
                    format!("{:.1}", ours / plain),
                )
            } else {
                (String::new(), String::new())
            };
            line(format!(
                "| {name} | {} ms | {plain} | {ratio} | ≤ 100 ms {} |",
                thousands(ours),
                verdict(ours <= 100.0)
            ));
        }
    }
    // Where hdnd's time went, from the app's performance marks.
    let phases = |value: &Value, names: &[(&str, &str)]| -> String {
        names
            .iter()
            .filter_map(|(key, label)| {
                let ms = value[*key].as_f64()?;
                Some(format!("{label} {}", thousands(ms)))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let first_sync = phases(
        &sync["hdnd_phases"],
        &[
            (
                "signing_in",
                "signing in (the click to the replica's start)",
            ),
            (
                "until_first_pull",
                "opening the empty replica until the first pull",
            ),
            ("pulling", "pulling and writing the pages"),
            ("until_seen", "until the list and the bar show it"),
        ],
    );
    let open_phases = phases(
        &open["hdnd_more_phases"],
        &[
            ("app_started", "the app started"),
            ("chunks_read", "the replica opened and its chunks read"),
            ("chunks_parsed", "parsed"),
            ("rest_of_load", "the rest read"),
            ("until_seen", "until the list shows them"),
        ],
    );
    let edit_phases = phases(
        &browser["offline_edits_phases_ms"],
        &[
            ("waiting_for_server", "waiting for the pushes' answers"),
            ("writing_answers", "writing the answers"),
            ("pulling_back", "pulling the changes back"),
        ],
    );
    if !first_sync.is_empty() || !open_phases.is_empty() || !edit_phases.is_empty() {
        line(String::new());
        line(
            "Where hdnd's time goes (ms, medians, from the app's `performance` marks):".to_owned(),
        );
        line(String::new());
        line(format!(
            "- first sync of {}: {first_sync};",
            thousands(records)
        ));
        line(format!(
            "- open offline with {}: {open_phases};",
            thousands(more)
        ));
        line(format!(
            "- {} offline edits: {edit_phases}.",
            thousands(number(&browser["edits"]))
        ));
    }
    line(String::new());
    line("### Memory and first load".to_owned());
    line(String::new());
    let rss = &growth["rss_kib"];
    let idle = number(&rss["idle"]) / 1024.0;
    line(format!(
        "Server resident memory: idle {idle:.1} MB (target ≤ 30 MB: {}), after the growth run {:.1} MB, peak {:.1} MB; after 32 clients pulled {} records each {:.1} MB (peak {:.1} MB).",
        verdict(idle <= 30.0),
        number(&rss["after"]) / 1024.0,
        number(&rss["peak"]) / 1024.0,
        thousands(number(&pull["records"])),
        number(&pull["rss_kib_after"]) / 1024.0,
        number(&pull["rss_kib_peak"]) / 1024.0,
    ));
    line(String::new());
    line(format!(
        "First visit, brotli as served, everything the service worker keeps: {:.0} KB in {} files. The wasm the app starts with: {:.0} KB; the kinds' pages, loaded when a list or record first opens: {:.0} KB more in {} chunks. A minimal Leptos 0.8 app (one component) built with the same profile, wasm-bindgen and wasm-opt: {:.0} KB (wasm {:.0} KB) — the whole first visit is {:.1}× the floor.",
        number(&first_load["ours_brotli"]) / 1000.0,
        first_load["ours_files"],
        number(&first_load["ours_wasm_brotli"]) / 1000.0,
        number(&first_load["ours_chunks_brotli"]) / 1000.0,
        first_load["ours_chunk_files"],
        number(&first_load["minimal_brotli"]) / 1000.0,
        number(&first_load["minimal_wasm_brotli"]) / 1000.0,
        number(&first_load["ours_brotli"]) / number(&first_load["minimal_brotli"]),
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_go_between_the_markers_and_the_rest_stays() {
        let text = format!("# Title\nintro\n{START}\nold\n{END}\nanalysis\n");
        let replaced = replace_between_markers(&text, "new").unwrap();
        assert_eq!(
            replaced,
            format!("# Title\nintro\n{START}\nnew\n{END}\nanalysis\n")
        );
        assert!(replace_between_markers("no markers", "new").is_err());
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(thousands(1234567.4), "1,234,567");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(f64::NAN), "–");
    }
}
