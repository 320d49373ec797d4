//! `cargo xtask test`: formatting, the layers, unit and integration tests,
//! then the browser tests against the release binary; clippy lints both
//! targets while they are compiled (`process::lint_while_building`). Every
//! step runs even when an earlier one failed, so one run shows everything; the
//! last line is `N passed, N failed` over all of them.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::process::{Result, describe, workspace_root};
use crate::setup::{self, CHROMIUM, tests_dir};
use crate::site;

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, outcome: Result<()>) {
        match outcome {
            Ok(()) => self.passed += 1,
            Err(error) => {
                self.failed += 1;
                self.failures.push(format!("{name}: {error}"));
            }
        }
    }
}

pub fn test_all() -> Result<()> {
    let mut tally = Tally::default();
    // A failed setup is counted and reported like any other failure, so the
    // summary line is always the last line.
    let setup = setup::for_build()
        .and_then(|()| setup::for_tests())
        .and_then(|()| site::ensure_site_dir());
    if let Err(error) = setup {
        tally.check("setup", Err(error));
        return finish(tally);
    }

    tally.check(
        "cargo fmt --check",
        crate::process::cargo(&["fmt", "--all", "--check"]),
    );
    tally.check("layers", crate::layers::check());
    // Clippy runs while the tests and the release are compiled, never as a
    // build of its own: a lint is a failed build.
    crate::process::lint_while_building();
    tally.check(
        "clippy and the test build (native: every target)",
        crate::process::cargo(&[
            "test",
            "--no-run",
            "--all-targets",
            "--package",
            "server",
            "--package",
            "app",
            "--package",
            "xtask",
            "--package",
            "hdnd-bench",
        ]),
    );
    cargo_tests(&mut tally);

    // The release as shipped (the kinds' pages as lazy routes), linted as it
    // is compiled for wasm32 and for the server.
    match crate::dist::dist() {
        Ok(binary) => browser_tests(&mut tally, &binary),
        Err(error) => tally.check("clippy and the release build", Err(error)),
    }

    finish(tally)
}

fn finish(tally: Tally) -> Result<()> {
    println!();
    for failure in &tally.failures {
        println!("FAILED {failure}");
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 {
        Ok(())
    } else {
        std::process::exit(1);
    }
}

/// Unit and integration tests of the native crates; the counts come from the
/// `test result:` lines libtest prints per test binary.
fn cargo_tests(tally: &mut Tally) {
    let mut command = match crate::process::cargo_command() {
        Ok(command) => command,
        Err(error) => return tally.check("cargo test", Err(error)),
    };
    command
        // The packages of the test build above, so features unify the same
        // way and nothing is compiled again.
        .args([
            "test",
            "--package",
            "server",
            "--package",
            "app",
            "--package",
            "xtask",
            "--package",
            "hdnd-bench",
            "--no-fail-fast",
        ])
        .stdout(Stdio::piped());
    println!("xtask: $ {}", describe(&command));
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(error) => return tally.check("cargo test", Err(error.into())),
    };
    let (mut passed, mut failed, mut binaries) = (0, 0, 0);
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(|line| line.ok()) {
            println!("{line}");
            if let Some(counts) = parse_libtest_result(&line) {
                passed += counts.0;
                failed += counts.1;
                binaries += 1;
            }
            if let Some(name) = line
                .strip_prefix("test ")
                .and_then(|rest| rest.strip_suffix(" ... FAILED"))
            {
                tally.failures.push(format!("cargo test: {name}"));
            }
        }
    }
    let status = child.wait();
    tally.passed += passed;
    tally.failed += failed;
    // A build failure prints no result line: count it, or it would go unseen.
    if status
        .as_ref()
        .map(|status| !status.success())
        .unwrap_or(true)
        && failed == 0
    {
        tally.check(
            "cargo test",
            Err(format!("cargo test failed after {binaries} test binaries").into()),
        );
    }
}

/// `test result: ok. 12 passed; 0 failed; …` → (12, 0).
fn parse_libtest_result(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    // Each `;`-separated part ends in "<number> <word>".
    let number_before = |word: &str| -> Option<u64> {
        rest.split(';').find_map(|part| {
            let mut words = part.split_whitespace().rev();
            let found = words.next()? == word;
            found.then(|| words.next()?.parse().ok()).flatten()
        })
    };
    Some((number_before("passed")?, number_before("failed")?))
}

/// Playwright (npm, in tests/) driving Debian's Chromium against the release
/// binary; the counts come from Playwright's JSON report. When the binary,
/// the tests and Chromium are exactly those of this clone's last passing run,
/// that run's count stands and nothing is run again (`HDND_RERUN=1` runs
/// them anyway); a fresh clone always runs them.
fn browser_tests(tally: &mut Tally, binary: &std::path::Path) {
    let playwright = workspace_root().join("target").join("playwright");
    let passed_file = playwright.join("passed");
    let inputs = match browser_inputs(binary) {
        Ok(inputs) => inputs,
        Err(error) => return tally.check("browser tests (inputs)", Err(error)),
    };
    if std::env::var_os("HDND_RERUN").is_none()
        && let Some(passed) = passed_before(&passed_file, &inputs)
    {
        println!(
            "xtask: browser tests: {passed} passed in the last run, with the same binary, tests and Chromium; not run again (HDND_RERUN=1 runs them)"
        );
        tally.passed += passed;
        return;
    }
    let _ = std::fs::remove_file(&passed_file);
    let report = playwright.join("report.json");
    let _ = std::fs::remove_file(&report);
    // The binary runs alone from an empty folder, as it would be deployed.
    let alone = playwright.join("deployed");
    let binary = match copy_alone(binary, &alone) {
        Ok(copied) => copied,
        Err(error) => return tally.check("browser tests (copy binary)", Err(error)),
    };
    let mut command = Command::new("npx");
    command
        .current_dir(tests_dir())
        .args(["playwright", "test"])
        .env("HDND_BIN", &binary)
        .env("HDND_E2E_DATA", alone.join("data"))
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report);
    println!("xtask: $ {}", describe(&command));
    let status = command.status();
    let counts = std::fs::read(&report)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|json| {
            let stats = json.get("stats")?;
            let count = |key: &str| stats.get(key).and_then(|v| v.as_u64()).unwrap_or(0);
            Some((count("expected") + count("flaky"), count("unexpected")))
        });
    match (status, counts) {
        (Ok(status), Some((passed, failed))) => {
            tally.passed += passed;
            tally.failed += failed;
            if failed > 0 {
                tally.failures.push(format!(
                    "browser tests: {failed} failed (see target/playwright/results)"
                ));
            }
            if !status.success() && failed == 0 {
                tally.check("browser tests", Err(format!("playwright {status}").into()));
            } else if status.success() && failed == 0 {
                // Losing this note only means running them again next time.
                let _ = std::fs::write(&passed_file, format!("{inputs} {passed}\n"));
            }
        }
        (Ok(status), None) => tally.check(
            "browser tests",
            Err(format!("playwright {status}, no report").into()),
        ),
        (Err(error), _) => tally.check("browser tests", Err(error.into())),
    }
}

/// A digest of everything the browser tests' outcome depends on: the binary
/// (which embeds the site), every file of the tests, their configuration and
/// packages, and the Chromium that runs them.
fn browser_inputs(binary: &std::path::Path) -> Result<String> {
    let mut hash = Sha256::new();
    hash.update(std::fs::read(binary)?);
    let tests = tests_dir();
    let mut files = vec![
        tests.join("playwright.config.ts"),
        tests.join("package-lock.json"),
    ];
    let mut e2e: Vec<_> = std::fs::read_dir(tests.join("e2e"))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<std::io::Result<_>>()?;
    e2e.sort();
    files.extend(e2e);
    for file in files {
        hash.update(file.to_string_lossy().as_bytes());
        hash.update(std::fs::read(&file)?);
    }
    let version = Command::new(CHROMIUM).arg("--version").output()?;
    hash.update(&version.stdout);
    Ok(hash
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

/// The count of the last passing run, if it ran with these inputs.
fn passed_before(file: &std::path::Path, inputs: &str) -> Option<u64> {
    let text = std::fs::read_to_string(file).ok()?;
    let (digest, count) = text.trim().split_once(' ')?;
    (digest == inputs).then(|| count.parse().ok()).flatten()
}

/// Copies the binary into a fresh, otherwise empty folder.
fn copy_alone(binary: &std::path::Path, folder: &std::path::Path) -> Result<std::path::PathBuf> {
    if folder.exists() {
        std::fs::remove_dir_all(folder)?;
    }
    std::fs::create_dir_all(folder)?;
    let copy = folder.join("hdnd");
    std::fs::copy(binary, &copy)?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::{parse_libtest_result, passed_before};

    #[test]
    fn a_passing_run_stands_only_for_the_same_inputs() {
        let dir = std::env::temp_dir().join(format!("xtask-passed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("passed");
        assert_eq!(passed_before(&file, "abc"), None, "no earlier run");
        std::fs::write(&file, "abc 68\n").unwrap();
        assert_eq!(passed_before(&file, "abc"), Some(68));
        assert_eq!(passed_before(&file, "abd"), None, "another binary or test");
        std::fs::write(&file, "abc many\n").unwrap();
        assert_eq!(passed_before(&file, "abc"), None, "a damaged note");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reads_libtest_summary_lines() {
        assert_eq!(
            parse_libtest_result(
                "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"
            ),
            Some((12, 0))
        );
        assert_eq!(
            parse_libtest_result("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some((3, 2))
        );
        assert_eq!(parse_libtest_result("running 3 tests"), None);
    }
}
