//! Idempotent machine setup: each step checks first and does nothing when what
//! it installs is already there, so `cargo xtask run` and `cargo xtask test`
//! stay quick on a prepared machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{Result, run_checked, workspace_root};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// What building the site needs: the wasm target and wasm-opt (npm binaryen).
pub fn for_build() -> Result<()> {
    rust_components()?;
    wasm_target()?;
    node()?;
    npm_packages()
}

/// rustfmt and clippy, which a minimal rustup profile leaves out.
fn rust_components() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["component", "list", "--installed"])
        .output()
        .map_err(|error| format!("cannot run rustup ({error}); install Rust with rustup"))?;
    let listed = String::from_utf8_lossy(&installed.stdout);
    let missing: Vec<&str> = ["rustfmt", "clippy"]
        .into_iter()
        .filter(|name| !listed.lines().any(|line| line.starts_with(name)))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    run_checked(
        Command::new("rustup")
            .args(["component", "add"])
            .args(&missing),
    )
}

/// Node.js 20 or newer runs wasm-opt (npm binaryen) and Playwright.
fn node() -> Result<()> {
    const HINT: &str = "install Node.js 20 or newer (with npm), e.g. from nodejs.org or NodeSource";
    let output = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|_| format!("node is missing; {HINT}"))?;
    let version = String::from_utf8_lossy(&output.stdout);
    let major = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse::<u32>().ok());
    match major {
        Some(major) if major >= 20 => Ok(()),
        _ => Err(format!("node {} is too old; {HINT}", version.trim()).into()),
    }
}

/// What the browser tests need on top: Debian's Chromium.
pub fn for_tests() -> Result<()> {
    chromium()
}

fn wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|error| format!("cannot run rustup ({error}); install Rust with rustup"))?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|line| line.trim() == WASM_TARGET)
    {
        return Ok(());
    }
    run_checked(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The folder with the npm manifest and lockfile (Playwright, binaryen).
pub fn tests_dir() -> PathBuf {
    workspace_root().join("tests")
}

/// The npm packages in `tests/` (Playwright, binaryen).
fn npm_packages() -> Result<()> {
    npm_ci(&tests_dir(), &wasm_opt_path())
}

/// Where the bench's npm packages are (PouchDB, express-pouchdb, esbuild).
pub fn packages_dir() -> PathBuf {
    tests_dir().join("bench")
}

/// The npm packages of `cargo xtask bench` (PouchDB, express-pouchdb,
/// esbuild), in `tests/bench`.
pub fn for_bench() -> Result<()> {
    let dir = packages_dir();
    npm_ci(
        &dir,
        &dir.join("node_modules")
            .join("esbuild")
            .join("package.json"),
    )
}

/// `npm ci` in `dir` when its node_modules is missing, older than the
/// lockfile, or lacks `needed`.
fn npm_ci(dir: &Path, needed: &Path) -> Result<()> {
    let lock = dir.join("package-lock.json");
    let installed_marker = dir.join("node_modules").join(".package-lock.json");
    if is_newer_or_equal(&installed_marker, &lock) && needed.is_file() {
        return Ok(());
    }
    run_checked(Command::new("npm").current_dir(dir).args([
        "ci",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
    ]))
}

fn is_newer_or_equal(candidate: &Path, reference: &Path) -> bool {
    let modified = |path: &Path| {
        std::fs::metadata(path)
            .and_then(|meta| meta.modified())
            .ok()
    };
    match (modified(candidate), modified(reference)) {
        (Some(candidate), Some(reference)) => candidate >= reference,
        _ => false,
    }
}

/// wasm-opt from the npm `binaryen` package (never Debian's: its wasm-opt 108
/// produces wasm that Chromium rejects).
pub fn wasm_opt_path() -> PathBuf {
    tests_dir()
        .join("node_modules")
        .join(".bin")
        .join("wasm-opt")
}

fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).is_file() {
        return Ok(());
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0");
    if !is_root {
        return Err(format!(
            "{CHROMIUM} is missing; install it with \
             `sudo apt-get install -y --no-install-recommends chromium`"
        )
        .into());
    }
    run_checked(Command::new("apt-get").arg("update").arg("-qq"))?;
    run_checked(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "chromium",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}
