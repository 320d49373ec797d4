//! The build program (`cargo xtask …`): sets up the machine, builds the
//! WebAssembly front end into a versioned site, builds the `hdnd` server that
//! embeds it, and runs every kind of test. Plain cargo plus this program; no
//! global tools beyond the wasm target, the npm packages in `tests/` and, for
//! the browser tests, Debian's Chromium.

mod bench;
mod setup;
mod site;
mod split;
mod testing;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

pub type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

const USAGE: &str = "\
usage: cargo xtask <command> [-- args for hdnd serve]

commands:
  run     set up, build the release binary and serve on http://127.0.0.1:3000 (data in ./data)
  test    set up and run every check and test; ends with `N passed, N failed`
  dist    build the single release binary at target/release/hdnd
  dev     build a debug site and server, serve, rebuild and restart on change
  site    build only the release site into target/site
  simulate [RUNS]  the sync simulation's long form: RUNS (1,000) random runs of
          3 replicas × 200 operations over a bad network
  bench   measure the write path, pulls, first sync, offline open and first load
          beside their floors; writes docs/PERFORMANCE.md (`-- --quick`: small sizes)
  setup   install what the build and tests need (wasm target, npm packages, Chromium)";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.skip_while(|arg| arg == "--").collect();
    let outcome = match command.as_str() {
        "run" => run(&rest),
        "test" => testing::test_all(),
        "dist" => dist().map(|_| ()),
        "dev" => site::dev(&rest),
        "bench" => bench::bench(&rest),
        "simulate" => simulate(&rest),
        "site" => setup::for_build().and_then(|()| site::build(site::Profile::Release)),
        "setup" => setup::for_build().and_then(|()| setup::for_tests()),
        "" | "help" | "-h" | "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("xtask: unknown command {other:?}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Set up, build the release binary, and serve it in the foreground (by
/// default the demo office in ./data).
fn run(serve_args: &[String]) -> Result<()> {
    let binary = dist()?;
    let root = workspace_root();
    let mut command = Command::new(&binary);
    command.current_dir(&root).arg("serve");
    if serve_args.is_empty() {
        // A newcomer's first look: the demo office on an empty ./data (a
        // database with records is served as it is).
        command.args(["--addr", "127.0.0.1:3000", "--data-dir", "./data", "--demo"]);
    } else {
        command.args(serve_args);
    }
    println!("xtask: serving with {}", binary.display());
    let status = command.status()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("hdnd exited with {status}").into())
    }
}

/// The long form of the sync simulation (`server/tests/sync_simulation.rs`;
/// the test run has 64 shorter runs).
fn simulate(args: &[String]) -> Result<()> {
    let runs = match args {
        [] => 1_000,
        [runs] => runs
            .parse::<u32>()
            .map_err(|_| format!("simulate: {runs:?} is not a number of runs"))?,
        _ => return Err("usage: cargo xtask simulate [RUNS]".into()),
    };
    site::ensure_site_dir()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run_checked(
        Command::new(cargo)
            .current_dir(workspace_root())
            .args([
                "test",
                "--package",
                "server",
                "--test",
                "sync_simulation",
                "--",
                "--nocapture",
            ])
            .env("HDND_SIM_CASES", runs.to_string())
            .env("HDND_SIM_OPS", "200"),
    )
}

/// Build the site, then the release server that embeds it; returns the path of
/// `target/release/hdnd` in the workspace (copied there when CARGO_TARGET_DIR
/// points elsewhere).
fn dist() -> Result<PathBuf> {
    setup::for_build()?;
    let started = std::time::Instant::now();
    site::build(site::Profile::Release)?;
    let built = target_dir().join("release").join("hdnd");
    if !built.is_file() {
        println!(
            "xtask: building the server (release) for the first time: about 8 minutes on 2 cores; later builds take seconds to a minute"
        );
    }
    cargo(&["build", "--release", "--package", "server", "--bin", "hdnd"])?;
    let wanted = workspace_root().join("target").join("release").join("hdnd");
    if built != wanted {
        // Through a new file and a rename: the old binary may be running.
        std::fs::create_dir_all(wanted.parent().ok_or("bad target path")?)?;
        let fresh = wanted.with_extension("new");
        std::fs::copy(&built, &fresh)?;
        std::fs::rename(&fresh, &wanted)?;
    }
    let size = std::fs::metadata(&wanted)?.len();
    println!(
        "xtask: {} ({:.1} MB) — built in {:.0} s",
        wanted.display(),
        size as f64 / 1_000_000.0,
        started.elapsed().as_secs_f64()
    );
    Ok(wanted)
}

/// The workspace root (the parent of this crate). `cargo run` tells the
/// running program where its manifest is; the path built in is only the
/// fallback, since a binary cargo reuses from a shared target directory may
/// have been built in another (since deleted) clone.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Cargo's target directory (honours CARGO_TARGET_DIR, as cargo does).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("target"),
    }
}

/// Runs cargo in the workspace root and fails on a non-zero exit.
pub fn cargo(args: &[&str]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.current_dir(workspace_root()).args(args);
    run_checked(&mut command)
}

/// Runs a command, echoing it, and turns a non-zero exit into an error.
pub fn run_checked(command: &mut Command) -> Result<()> {
    println!("xtask: $ {}", describe(command));
    let status = command.status().map_err(|error| {
        format!(
            "cannot start {}: {error}",
            command.get_program().to_string_lossy()
        )
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)).into())
    }
}

pub fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
