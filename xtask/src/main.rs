//! The build program (`cargo xtask …`): sets up the machine, builds the
//! WebAssembly front end into a versioned site, builds the `hdnd` server that
//! embeds it, and runs every kind of test. Plain cargo plus this program; no
//! global tools beyond the wasm target, the npm packages in `tests/` and, for
//! the browser tests, Debian's Chromium.

//!
//! The modules, lowest first; each imports only those above it in this list:
//! `process` (paths, running commands), `setup`, `split`, `site`, `dist`,
//! `layers`, then `bench` and `testing` (ARCHITECTURE.md lists them, and
//! `layers` checks it).

mod bench;
mod dist;
mod layers;
mod process;
mod setup;
mod site;
mod split;
mod testing;

use std::process::{Command, ExitCode};

use dist::dist;
use process::{Result, run_checked, workspace_root};

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
  setup   install what the build and tests need (wasm target, npm packages, Chromium)
  layers  check that each crate's modules import only from their layer and below,
          and never around a circle (the layers are listed in ARCHITECTURE.md)";

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
        "layers" => layers::check(),
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
