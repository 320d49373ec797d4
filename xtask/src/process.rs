//! Where things are and how commands run: the lowest layer of the build
//! program, imported by every other module and importing none of them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

pub type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

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

/// Whether the builds of this run lint the workspace's crates as they
/// compile them (`lint_while_building`).
static LINTING: AtomicBool = AtomicBool::new(false);

/// From now on, every cargo build of this run compiles the workspace's own
/// crates through clippy-driver, as `cargo clippy` does for `cargo check`
/// (RUSTC_WORKSPACE_WRAPPER), with every warning an error. The code is the
/// same; clippy's lints run while it compiles, so the test build and the
/// release front end are linted without compiling every dependency once
/// more only to check it. Dependencies are not wrapped and not rebuilt.
pub fn lint_while_building() {
    LINTING.store(true, Ordering::Relaxed);
}

/// Whether this run lints while building.
pub fn linting() -> bool {
    LINTING.load(Ordering::Relaxed)
}

/// A cargo command in the workspace root, linting when asked
/// (`lint_while_building`).
pub fn cargo_command() -> Result<Command> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(&cargo);
    command.current_dir(workspace_root());
    if linting() {
        // Beside the toolchain's cargo, as rustup installs clippy.
        let driver = Path::new(&cargo).with_file_name("clippy-driver");
        let driver = if driver.is_file() {
            driver
        } else {
            PathBuf::from("clippy-driver")
        };
        command
            .env("RUSTC_WORKSPACE_WRAPPER", driver)
            // How cargo-clippy hands its arguments (`-- -D warnings`) to
            // clippy-driver.
            .env(
                "CLIPPY_ARGS",
                "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__",
            );
    }
    Ok(command)
}

/// Runs cargo in the workspace root and fails on a non-zero exit.
pub fn cargo(args: &[&str]) -> Result<()> {
    let mut command = cargo_command()?;
    command.args(args);
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
