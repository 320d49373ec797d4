//! The one release binary: the site, then the server that embeds it.

use std::path::PathBuf;

use crate::process::{Result, cargo, target_dir, workspace_root};
use crate::{setup, site};

/// Build the site, then the release server that embeds it; returns the path of
/// `target/release/hdnd` in the workspace (copied there when CARGO_TARGET_DIR
/// points elsewhere).
pub fn dist() -> Result<PathBuf> {
    setup::for_build()?;
    let started = std::time::Instant::now();
    site::build(site::Profile::Release)?;
    let built = target_dir().join("release").join("hdnd");
    if !built.is_file() {
        println!(
            "xtask: building the server (release) for the first time: about 5 minutes on 2 cores; later builds take seconds to a minute"
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
