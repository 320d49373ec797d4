//! Builds the site the server embeds: the frontend crate compiled for wasm32,
//! wasm-bindgen run as a library (pinned to the exact `wasm-bindgen` version),
//! wasm-opt, content-hashed file names, the shell, and brotli/gzip copies.
//! Also the `dev` loop, which rebuilds and restarts on change.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant, SystemTime};

use sha2::{Digest, Sha256};

use crate::process::{Result, cargo, run_checked, target_dir, workspace_root};
use crate::setup::{WASM_TARGET, wasm_opt_path};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Size profile, wasm-opt, compressed copies: what ships.
    Release,
    /// Quick builds for `cargo xtask dev`.
    Dev,
}

/// Where the site is written; the server embeds this folder.
pub fn site_dir() -> PathBuf {
    workspace_root().join("target").join("site")
}

/// Makes sure the folder the server embeds exists, so the server compiles
/// (e.g. for clippy) even before a site was ever built.
pub fn ensure_site_dir() -> Result<()> {
    std::fs::create_dir_all(site_dir())?;
    Ok(())
}

pub fn build(profile: Profile) -> Result<()> {
    let started = Instant::now();
    let cargo_profile = match profile {
        Profile::Release => "wasm-release",
        Profile::Dev => "dev",
    };
    let profile_dir = if cargo_profile == "dev" {
        "debug"
    } else {
        cargo_profile
    };
    let wasm = target_dir()
        .join(WASM_TARGET)
        .join(profile_dir)
        .join("frontend.wasm");
    if !wasm.is_file() {
        println!(
            "xtask: building the front end (WebAssembly, {cargo_profile}) for the first time: about 5 minutes on 2 cores; later builds take seconds to a minute"
        );
    }
    // Release builds load the kinds' pages lazily: the `split` feature
    // compiles the lazy routes, which only load after the split step below.
    let split = profile == Profile::Release;
    let mut build_args = vec![
        "build",
        "--package",
        "frontend",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        cargo_profile,
    ];
    if split {
        build_args.extend(["--features", "split"]);
    }
    if crate::process::linting() {
        // The first-load floor of `cargo xtask bench` is linted with the
        // front end it is compared to (its one dependency, Leptos, is the
        // front end's, with the same features).
        build_args.extend(["--package", "minimal-leptos"]);
    }
    cargo(&build_args)?;

    let work = workspace_root()
        .join("target")
        .join("xtask")
        .join(profile_dir);
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let (
        Bound {
            wasm: wasm_bytes,
            js: js_bytes,
            dir: bindgen_dir,
        },
        js_name,
    ) = if split {
        split_and_bind(&wasm, &work, &mut files)?
    } else {
        let bound = bind(&wasm, "hdnd", &work, profile, false)?;
        let js_name = hashed("hdnd", ".js", &bound.js);
        (bound, js_name)
    };
    let css_bytes = std::fs::read(workspace_root().join("style").join("main.css"))?;
    let icon_bytes = std::fs::read(workspace_root().join("style").join("icon.svg"))?;

    let wasm_name = hashed("hdnd", "_bg.wasm", &wasm_bytes);
    let css_name = hashed("style", ".css", &css_bytes);
    let icon_name = hashed("icon", ".svg", &icon_bytes);
    let boot_bytes = fill(
        include_str!("../boot.js"),
        &[("js", &js_name), ("wasm", &wasm_name)],
    )?
    .into_bytes();
    let boot_name = hashed("boot", ".js", &boot_bytes);

    // The build id names this exact set of files; the server reports it so a
    // client can tell it runs an older build than the server.
    let mut build_hash = Sha256::new();
    for name in [&wasm_name, &js_name, &css_name, &icon_name, &boot_name] {
        build_hash.update(name.as_bytes());
    }
    let build_id = hex(&build_hash.finalize()[..6]);
    let shell = fill(
        include_str!("../shell.html"),
        &[
            ("build_id", &build_id),
            ("icon", &icon_name),
            ("css", &css_name),
            ("js", &js_name),
            ("wasm", &wasm_name),
            ("boot", &boot_name),
        ],
    )?;

    let wasm_size = wasm_bytes.len();
    files.insert(format!("assets/{wasm_name}"), wasm_bytes);
    files.insert(format!("assets/{js_name}"), js_bytes);
    files.insert(format!("assets/{css_name}"), css_bytes);
    files.insert(format!("assets/{icon_name}"), icon_bytes);
    files.insert(format!("assets/{boot_name}"), boot_bytes);
    files.insert("index.html".to_owned(), shell.into_bytes());
    files.insert(
        "manifest.webmanifest".to_owned(),
        fill(
            include_str!("../manifest.webmanifest"),
            &[("icon", &icon_name)],
        )?
        .into_bytes(),
    );
    // The service worker caches this build's files (not itself, not the
    // build facts): their names are in its text, so each build has its own.
    let cached: Vec<String> = files
        .keys()
        .filter(|name| name.starts_with("assets/"))
        .map(|name| format!("/{name}"))
        .chain(std::iter::once("/manifest.webmanifest".to_owned()))
        .collect();
    let service_worker = fill(
        include_str!("../sw.js"),
        &[
            ("build_id", &build_id),
            ("files", &serde_json::to_string(&cached)?),
        ],
    )?;
    files.insert("sw.js".to_owned(), service_worker.into_bytes());
    let manifest = serde_json::json!({
        "build_id": build_id,
        "files": files.keys().collect::<Vec<_>>(),
    });
    files.insert(
        "build.json".to_owned(),
        serde_json::to_vec_pretty(&manifest)?,
    );

    // Every byte of the site is decided above; now only what differs from
    // the site on disk is written (assets first, the files that name them
    // last, each through a temporary file and a rename) and what is no
    // longer part of it removed. Unchanged files keep their time stamps, so
    // cargo does not rebuild the server that embeds them, and their
    // compressed copies are reused rather than made again.
    let site = site_dir();
    let snippets = bindgen_dir.join("snippets");
    if snippets.is_dir() {
        collect_dir(&snippets, "assets/snippets", &mut files)?;
    }
    let mut wanted: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (name, bytes) in files {
        if profile == Profile::Release && is_compressible(&name) {
            let unchanged = std::fs::read(site.join(&name)).is_ok_and(|old| old == bytes);
            for (suffix, compress) in [
                (".br", brotli as fn(&[u8]) -> Result<Vec<u8>>),
                (".gz", gzip),
            ] {
                let copy = format!("{name}{suffix}");
                let compressed = match std::fs::read(site.join(&copy)) {
                    Ok(old) if unchanged => old,
                    _ => compress(&bytes)?,
                };
                wanted.insert(copy, compressed);
            }
        }
        wanted.insert(name, bytes);
    }
    let written = sync_dir(&site, &wanted)?;
    let brotli_size = std::fs::metadata(site.join(format!("assets/{wasm_name}.br")))
        .map(|meta| format!(", {:.0} KB brotli", meta.len() as f64 / 1000.0))
        .unwrap_or_default();
    println!(
        "xtask: site {build_id} in {} — wasm {:.0} KB{brotli_size} — {} — {:.1}s",
        site.display(),
        wasm_size as f64 / 1000.0,
        if written == 0 {
            "unchanged".to_owned()
        } else {
            format!("{written} files written or removed")
        },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A release front end split (see `split.rs`): the main module through
/// wasm-bindgen and wasm-opt, each chunk through wasm-opt, every file named.
/// The loader and the chunks go into `files`; returns the main module with
/// its glue (importing the loader by its name) and the glue's name.
fn split_and_bind(
    wasm: &Path,
    work: &Path,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(Bound, String)> {
    let crate::split::Split {
        main,
        loader,
        chunks,
    } = crate::split::split(wasm, work)?;
    let cache = work.join("chunks");
    std::fs::create_dir_all(&cache)?;
    // The main module and the chunks go through wasm-opt side by side, one
    // wasm-opt per core: most chunks are small, so a run is mostly
    // wasm-opt's start, and one after the other they took minutes.
    let (bound, optimised) = std::thread::scope(|scope| {
        let main = scope.spawn(|| {
            bind(&main, "hdnd", work, Profile::Release, true).map_err(|error| error.to_string())
        });
        let optimised = optimise_chunks(&chunks, &cache);
        let bound = main
            .join()
            .map_err(|_| "the main module's build stopped")?
            .map_err(|error| -> Box<dyn std::error::Error> { error.into() });
        Ok::<_, Box<dyn std::error::Error>>((bound?, optimised?))
    })?;
    let kept: Vec<PathBuf> = optimised
        .iter()
        .map(|(_, _, cached)| cached.clone())
        .collect();
    prune(&cache, &kept)?;
    let optimised: Vec<(String, Vec<u8>)> = optimised
        .into_iter()
        .map(|(stem, bytes, _)| (stem, bytes))
        .collect();
    let linked = crate::split::link(&loader, &bound.js, &bound.wasm, &optimised, hashed)?;
    let chunk_bytes: usize = optimised.iter().map(|(_, bytes)| bytes.len()).sum();
    println!(
        "xtask: lazily loaded: {} files, {:.0} KB of wasm",
        linked.files.len(),
        chunk_bytes as f64 / 1000.0
    );
    for (name, bytes) in linked.files {
        files.insert(format!("assets/{name}"), bytes);
    }
    Ok((
        Bound {
            js: linked.glue,
            ..bound
        },
        linked.glue_name,
    ))
}

/// A wasm module through wasm-bindgen (and, for releases, wasm-opt).
pub struct Bound {
    pub wasm: Vec<u8>,
    pub js: Vec<u8>,
    /// wasm-bindgen's output folder (snippets live there).
    pub dir: PathBuf,
}

/// Runs wasm-bindgen on `wasm` (naming the output `name`) and, for a
/// release, wasm-opt, in `work`. wasm-bindgen and wasm-opt take a minute on
/// a 2-core machine: their output is kept with the hash of what made it,
/// and made again only when the compiled module (or the tools) changed.
///
/// `split`: `wasm` is the main module of a split build; the linker's exports
/// the chunks import (memory, the function table) are kept.
pub fn bind(wasm: &Path, name: &str, work: &Path, profile: Profile, split: bool) -> Result<Bound> {
    let bindgen_dir = work.join("bindgen");
    let optimised = work.join(format!("{name}_bg.opt.wasm"));
    let bound = bindgen_dir.join(format!("{name}_bg.wasm"));
    let js = bindgen_dir.join(format!("{name}.js"));
    let stamp_file = work.join("input.sha256");
    let stamp = input_stamp(wasm, profile, split)?;
    let cached = std::fs::read_to_string(&stamp_file).is_ok_and(|old| old == stamp)
        && js.is_file()
        && (profile == Profile::Dev || optimised.is_file());
    if cached {
        println!(
            "xtask: {} unchanged since the last build: wasm-bindgen and wasm-opt skipped",
            wasm.display()
        );
    } else {
        let _ = std::fs::remove_file(&stamp_file);
        if bindgen_dir.exists() {
            std::fs::remove_dir_all(&bindgen_dir)?;
        }
        std::fs::create_dir_all(&bindgen_dir)?;
        let bindgen_started = Instant::now();
        // Every wasm build is linked with relocations for the split step
        // (.cargo/config.toml); a module that is not split drops them here,
        // or they ship (a minimal app: 24 KB of code, 138 KB of them).
        let input = if split {
            std::fs::read(wasm)?
        } else {
            without_link_sections(&std::fs::read(wasm)?)?
        };
        wasm_bindgen_cli_support::Bindgen::new()
            .input_bytes(name, input)
            .out_name(name)
            .web(true)?
            .typescript(false)
            .omit_default_module_path(true)
            .keep_lld_exports(split)
            .debug(profile == Profile::Dev)
            .generate(&bindgen_dir)
            .map_err(|error| format!("wasm-bindgen: {error:#}"))?;
        println!(
            "xtask: wasm-bindgen {:.1}s",
            bindgen_started.elapsed().as_secs_f64()
        );
        if profile == Profile::Release {
            let opt_started = Instant::now();
            println!("xtask: wasm-opt -Oz (about a minute on 2 cores)");
            run_checked(
                Command::new(wasm_opt_path())
                    .arg(&bound)
                    .args(WASM_OPT_FLAGS)
                    .args(keep_names().then_some("--debuginfo"))
                    .arg("-o")
                    .arg(&optimised),
            )?;
            println!(
                "xtask: wasm-opt {:.1}s",
                opt_started.elapsed().as_secs_f64()
            );
        }
        std::fs::write(&stamp_file, &stamp)?;
    }
    Ok(Bound {
        wasm: std::fs::read(if profile == Profile::Release {
            &optimised
        } else {
            &bound
        })?,
        js: std::fs::read(&js)?,
        dir: bindgen_dir,
    })
}

/// The flags wasm-opt runs with (part of the cache key).
const WASM_OPT_FLAGS: [&str; 7] = [
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// `HDND_WASM_NAMES=1`: keep the functions' names in the release module
/// (larger; for CPU profiles that name WebAssembly functions, e.g. with
/// `HDND_BENCH_PROFILE` in tests/bench/browser.mjs).
fn keep_names() -> bool {
    std::env::var_os("HDND_WASM_NAMES").is_some_and(|value| value == "1")
}

/// What the bindgen and wasm-opt outputs depend on: the compiled front end,
/// the profile, this program (which links wasm-bindgen and names wasm-opt's
/// flags) and the installed binaryen package.
fn input_stamp(wasm: &Path, profile: Profile, split: bool) -> Result<String> {
    let mut hash = Sha256::new();
    hash.update(std::fs::read(wasm)?);
    hash.update(match profile {
        Profile::Release => b"release".as_slice(),
        Profile::Dev => b"dev".as_slice(),
    });
    hash.update(if split { b"split".as_slice() } else { b"" });
    hash.update(if keep_names() {
        b"names".as_slice()
    } else {
        b""
    });
    hash.update(std::fs::read(std::env::current_exe()?)?);
    let binaryen = crate::setup::tests_dir()
        .join("node_modules")
        .join("binaryen")
        .join("package.json");
    hash.update(std::fs::read(binaryen).unwrap_or_default());
    Ok(hex(&hash.finalize()))
}

/// `wasm` without the linker's `linking` and `reloc.*` custom sections.
fn without_link_sections(wasm: &[u8]) -> Result<Vec<u8>> {
    fn leb(bytes: &[u8], at: &mut usize) -> Result<usize> {
        let mut value = 0usize;
        for shift in (0..35).step_by(7) {
            let byte = *bytes.get(*at).ok_or("wasm: truncated LEB128")?;
            *at += 1;
            value |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("wasm: LEB128 too long".into())
    }
    if wasm.get(..4) != Some(b"\0asm".as_slice()) || wasm.len() < 8 {
        return Err("not a WebAssembly module".into());
    }
    let mut output = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at)?;
        let end = at.checked_add(size).filter(|end| *end <= wasm.len());
        let end = end.ok_or("wasm: a section runs past the end")?;
        let dropped = id == 0 && {
            let mut name_at = at;
            let length = leb(wasm, &mut name_at)?;
            let name = wasm.get(name_at..name_at + length).unwrap_or_default();
            name == b"linking" || name.starts_with(b"reloc.")
        };
        if !dropped {
            output.extend_from_slice(&wasm[start..end]);
        }
        at = end;
    }
    Ok(output)
}

/// Every chunk through wasm-opt's passes, each kept in `cache` under the
/// hash of what made it (the chunk, the flags, names or not, the installed
/// binaryen): (name, bytes, cache file) in the chunks' order. The chunks not
/// yet in the cache go through `wasm-opt-chunks.mjs`, one process per core
/// with a share of them: wasm-opt itself, once per chunk, spends most of
/// its time starting.
fn optimise_chunks(chunks: &[PathBuf], cache: &Path) -> Result<Vec<(String, Vec<u8>, PathBuf)>> {
    let mut planned = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        let stem = chunk
            .file_stem()
            .and_then(|stem| stem.to_str())
            .ok_or("wasm-split wrote a chunk without a name")?
            .to_owned();
        planned.push((stem, chunk, chunk_cache_file(chunk, cache)?));
    }
    let missing: Vec<(&PathBuf, &PathBuf)> = planned
        .iter()
        .filter(|(_, _, cached)| !cached.is_file())
        .map(|(_, chunk, cached)| (*chunk, cached))
        .collect();
    if !missing.is_empty() {
        let started = Instant::now();
        let workers = std::thread::available_parallelism().map_or(1, |cores| cores.get());
        let share = missing.len().div_ceil(workers);
        std::thread::scope(|scope| {
            let runs: Vec<_> = missing
                .chunks(share)
                .enumerate()
                .map(|(worker, part)| scope.spawn(move || optimise_part(part, cache, worker)))
                .collect();
            runs.into_iter().try_for_each(|run| {
                run.join()
                    .map_err(|_| "a wasm-opt worker stopped".to_owned())?
            })
        })?;
        println!(
            "xtask: wasm-opt of {} chunks {:.1}s",
            missing.len(),
            started.elapsed().as_secs_f64()
        );
        // The script must give wasm-opt's own bytes: one chunk is checked
        // against the command line on every build that optimised any.
        let (chunk, cached) = missing[0];
        let check = cache.join("wasm-opt-check.xtask-new");
        run_checked(
            Command::new(wasm_opt_path())
                .arg(chunk)
                .args(WASM_OPT_FLAGS)
                .args(keep_names().then_some("--debuginfo"))
                .arg("-o")
                .arg(&check),
        )?;
        let same = std::fs::read(&check)? == std::fs::read(cached)?;
        std::fs::remove_file(&check)?;
        if !same {
            let _ = std::fs::remove_file(cached);
            return Err(format!(
                "wasm-opt-chunks.mjs and wasm-opt disagree on {}",
                chunk.display()
            )
            .into());
        }
    }
    planned
        .into_iter()
        .map(|(stem, _, cached)| Ok((stem, std::fs::read(&cached)?, cached)))
        .collect()
}

/// Where the optimised `chunk` is kept in `cache`.
fn chunk_cache_file(chunk: &Path, cache: &Path) -> Result<PathBuf> {
    let mut hash = Sha256::new();
    hash.update(std::fs::read(chunk)?);
    hash.update(WASM_OPT_FLAGS.join(" "));
    hash.update(if keep_names() {
        b"names".as_slice()
    } else {
        b""
    });
    hash.update(std::fs::read(binaryen_dir().join("package.json")).unwrap_or_default());
    Ok(cache.join(format!("{}.wasm", hex(&hash.finalize()[..16]))))
}

/// One process of `wasm-opt-chunks.mjs` over `part` ((chunk, cache file)),
/// written through temporary files so a stopped build leaves no half file
/// in the cache.
fn optimise_part(
    part: &[(&PathBuf, &PathBuf)],
    cache: &Path,
    worker: usize,
) -> std::result::Result<(), String> {
    let temporary = |index: usize| cache.join(format!("wasm-opt-{worker}-{index}.xtask-new"));
    let pairs: Vec<(String, String)> = part
        .iter()
        .enumerate()
        .map(|(index, (chunk, _))| {
            (
                chunk.to_string_lossy().into_owned(),
                temporary(index).to_string_lossy().into_owned(),
            )
        })
        .collect();
    let script = workspace_root().join("xtask").join("wasm-opt-chunks.mjs");
    let mut child = Command::new("node")
        .arg(&script)
        .arg(binaryen_dir().join("index.js"))
        .arg(serde_json::to_string(&WASM_OPT_FLAGS).map_err(|error| error.to_string())?)
        .arg(if keep_names() { "names" } else { "" })
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start node for {}: {error}", script.display()))?;
    let input = serde_json::to_vec(&pairs).map_err(|error| error.to_string())?;
    child
        .stdin
        .take()
        .ok_or("no stdin for wasm-opt-chunks")?
        .write_all(&input)
        .map_err(|error| error.to_string())?;
    let status = child.wait().map_err(|error| error.to_string())?;
    if !status.success() {
        return Err(format!("wasm-opt-chunks.mjs failed ({status})"));
    }
    for (index, (_, cached)) in part.iter().enumerate() {
        std::fs::rename(temporary(index), cached).map_err(|error| error.to_string())?;
    }
    Ok(())
}

/// The binaryen package installed in `tests/` (its wasm-opt and its API).
fn binaryen_dir() -> PathBuf {
    crate::setup::tests_dir()
        .join("node_modules")
        .join("binaryen")
}

/// Removes the files in `dir` that are not in `kept`.
fn prune(dir: &Path, kept: &[PathBuf]) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if !kept.contains(&path) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Makes `dir` hold exactly `wanted` (relative names → bytes), touching
/// only what differs. Returns how many files were written or removed.
fn sync_dir(dir: &Path, wanted: &BTreeMap<String, Vec<u8>>) -> Result<usize> {
    let mut changed = 0;
    // Files that name others (the shell, the service worker, the build
    // facts) go last, so they never point at something not yet written.
    let last = |name: &str| !name.starts_with("assets/");
    for pass in [false, true] {
        for (name, bytes) in wanted.iter().filter(|(name, _)| last(name) == pass) {
            let path = dir.join(name);
            if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
                continue;
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            // The whole name plus a suffix: `x.js.br` and `x.js.gz` must
            // not share a temporary file.
            let mut temporary = path.clone().into_os_string();
            temporary.push(".xtask-new");
            let temporary = PathBuf::from(temporary);
            std::fs::write(&temporary, bytes)?;
            std::fs::rename(&temporary, &path)?;
            changed += 1;
        }
    }
    let mut present = Vec::new();
    list_files(dir, dir, &mut present)?;
    for name in present {
        if !wanted.contains_key(&name) {
            std::fs::remove_file(dir.join(&name))?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Every file under `dir`, as names relative to `root` with `/`.
fn list_files(root: &Path, dir: &Path, found: &mut Vec<String>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            list_files(root, &path, found)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<String> = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push(parts.join("/"));
        }
    }
    Ok(())
}

/// The files under `dir`, added to `files` under `prefix`.
fn collect_dir(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type()?.is_dir() {
            collect_dir(&entry.path(), &name, files)?;
        } else {
            files.insert(name, std::fs::read(entry.path())?);
        }
    }
    Ok(())
}

fn hashed(stem: &str, suffix: &str, bytes: &[u8]) -> String {
    format!("{stem}-{}{suffix}", hex(&Sha256::digest(bytes)[..5]))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Replaces `{{name}}` placeholders; a placeholder left over is a bug in the
/// template, so it fails loudly at build time rather than in a browser.
fn fill(template: &str, values: &[(&str, &str)]) -> Result<String> {
    let mut text = template.to_owned();
    for (name, value) in values {
        text = text.replace(&format!("{{{{{name}}}}}"), value);
    }
    match text.find("{{") {
        Some(at) => Err(format!("unfilled placeholder in template at byte {at}").into()),
        None => Ok(text),
    }
}

fn is_compressible(name: &str) -> bool {
    [
        ".html",
        ".js",
        ".wasm",
        ".css",
        ".svg",
        ".json",
        ".webmanifest",
    ]
    .iter()
    .any(|extension| name.ends_with(extension))
}

pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut output = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut output, &params)?;
    Ok(output)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// Folders whose changes trigger a rebuild in `cargo xtask dev`.
const WATCHED: [&str; 5] = ["app", "frontend", "server", "style", "locales"];

/// Debug site and server, served and rebuilt on change. A failed rebuild keeps
/// the running server and waits for the next change.
pub fn dev(serve_args: &[String]) -> Result<()> {
    crate::setup::for_build()?;
    let mut server: Option<Child> = None;
    let mut last_seen = latest_change();
    loop {
        match build(Profile::Dev)
            .and_then(|()| cargo(&["build", "--package", "server", "--bin", "hdnd"]))
        {
            Ok(()) => {
                if let Some(mut old) = server.take() {
                    // Ignoring the outcome: the process may already have exited.
                    let _ = old.kill();
                    let _ = old.wait();
                }
                let mut command = Command::new(target_dir().join("debug").join("hdnd"));
                command.current_dir(workspace_root()).arg("serve");
                if serve_args.is_empty() {
                    command.args(["--addr", "127.0.0.1:3000", "--data-dir", "./data"]);
                } else {
                    command.args(serve_args);
                }
                server = Some(command.spawn()?);
                println!("xtask: dev server running; watching {WATCHED:?} for changes");
            }
            Err(error) => eprintln!("xtask: build failed: {error}; waiting for a change"),
        }
        loop {
            std::thread::sleep(Duration::from_millis(700));
            let now = latest_change();
            if now > last_seen {
                last_seen = now;
                break;
            }
        }
    }
}

/// The newest modification time among the watched source files.
fn latest_change() -> SystemTime {
    fn walk(path: &Path, newest: &mut SystemTime) {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, newest);
            } else if let Ok(modified) = entry.metadata().and_then(|meta| meta.modified()) {
                *newest = (*newest).max(modified);
            }
        }
    }
    let mut newest = SystemTime::UNIX_EPOCH;
    for folder in WATCHED {
        walk(&workspace_root().join(folder), &mut newest);
    }
    newest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_change_with_content() {
        let a = hashed("hdnd", ".js", b"one");
        let b = hashed("hdnd", ".js", b"two");
        assert!(a.starts_with("hdnd-") && a.ends_with(".js"));
        assert_ne!(a, b);
        assert_eq!(a, hashed("hdnd", ".js", b"one"));
    }

    #[test]
    fn templates_are_filled_completely() {
        let shell = fill(
            include_str!("../shell.html"),
            &[
                ("build_id", "b"),
                ("icon", "i.svg"),
                ("css", "c.css"),
                ("js", "j.js"),
                ("wasm", "w.wasm"),
                ("boot", "boot.js"),
            ],
        )
        .unwrap();
        assert!(shell.contains("src=\"/assets/boot.js\""));
        assert!(shell.contains("<html lang=\"vi\">"));
        // The shell boots from a module file: nothing inline for the CSP.
        assert!(!shell.contains("<script>"));
    }

    #[test]
    fn only_changed_files_are_written_and_stale_ones_removed() {
        let dir = std::env::temp_dir().join(format!("xtask-sync-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut wanted = BTreeMap::new();
        wanted.insert("index.html".to_owned(), b"shell".to_vec());
        wanted.insert("assets/a.js".to_owned(), b"one".to_vec());
        wanted.insert("assets/old.js".to_owned(), b"old".to_vec());
        assert_eq!(sync_dir(&dir, &wanted).unwrap(), 3);
        let stamp = |name: &str| {
            std::fs::metadata(dir.join(name))
                .unwrap()
                .modified()
                .unwrap()
        };
        let before = stamp("assets/a.js");
        // Nothing changed: nothing written.
        assert_eq!(sync_dir(&dir, &wanted).unwrap(), 0);
        std::thread::sleep(std::time::Duration::from_millis(20));
        wanted.remove("assets/old.js");
        wanted.insert("index.html".to_owned(), b"new shell".to_vec());
        assert_eq!(sync_dir(&dir, &wanted).unwrap(), 2);
        assert_eq!(std::fs::read(dir.join("index.html")).unwrap(), b"new shell");
        assert!(!dir.join("assets/old.js").exists());
        assert_eq!(
            stamp("assets/a.js"),
            before,
            "an unchanged file was rewritten"
        );
        let mut left = Vec::new();
        list_files(&dir, &dir, &mut left).unwrap();
        left.sort();
        assert_eq!(left, ["assets/a.js", "index.html"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_linkers_sections_are_dropped_and_the_rest_kept() {
        let custom = |name: &str, payload: &[u8]| {
            let mut body = vec![name.len() as u8];
            body.extend_from_slice(name.as_bytes());
            body.extend_from_slice(payload);
            let mut section = vec![0, body.len() as u8];
            section.extend(body);
            section
        };
        let header = b"\0asm\x01\0\0\0".to_vec();
        let types = vec![1, 4, 1, 0x60, 0, 0];
        let mut module = header.clone();
        module.extend(&types);
        module.extend(custom("linking", &[2, 0]));
        module.extend(custom("reloc.CODE", &[1, 2, 3]));
        module.extend(custom("name", &[9]));
        let mut expected = header;
        expected.extend(&types);
        expected.extend(custom("name", &[9]));
        assert_eq!(without_link_sections(&module).unwrap(), expected);
        assert!(without_link_sections(b"\0asm\x01\0\0\0\0\x09").is_err());
        assert!(without_link_sections(b"not wasm").is_err());
    }

    #[test]
    fn a_missing_value_is_an_error() {
        assert!(fill("<p>{{js}} {{wasm}}</p>", &[("js", "a.js")]).is_err());
    }
}
