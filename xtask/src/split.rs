//! wasm-split for release builds: cuts the lazily loaded routes (app's
//! `split` feature, `#[lazy_route]`) out of the linked front end into chunks
//! the browser fetches the first time such a route opens, then names every
//! file by its content.
//!
//! The order is cargo-leptos's: the module is linked with `--emit-relocs`
//! (.cargo/config.toml), split here, then wasm-bindgen runs on the main
//! module only (keeping the linker's exports the chunks import: memory, the
//! function table) and wasm-opt on the main module and on every chunk.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::process::Result;

/// The module the main wasm imports the chunk loaders from: the loader
/// script wasm-split writes. wasm-bindgen turns the import into a JS import
/// in the glue, where [`link`] replaces it with the loader's hashed name (the
/// import object keeps this name: the main wasm's imports carry it).
pub const LINK_NAME: &str = "./__wasm_split.js";

/// Where the loader imports `initSync` from: a placeholder for the glue's
/// hashed name, filled in by [`link`].
const MAIN_MODULE: &str = "./__hdnd_glue.js";

/// The split step's output.
pub struct Split {
    /// The main module, for wasm-bindgen.
    pub main: PathBuf,
    /// The loader script (`__wasm_split.js`), still naming the placeholders.
    pub loader: String,
    /// The chunk files (raw, before wasm-opt).
    pub chunks: Vec<PathBuf>,
}

/// Splits `wasm` into `work/split`.
pub fn split(wasm: &Path, work: &Path) -> Result<Split> {
    let dir = work.join("split");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let input = std::fs::read(wasm)?;
    let main = dir.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &dir;
    options.main_out_path = &main;
    options.link_name = LINK_NAME;
    options.main_module = MAIN_MODULE;
    let started = std::time::Instant::now();
    let result = wasm_split_cli_support::transform(options)
        .map_err(|error| format!("wasm-split: {error:#}"))?;
    let loader = std::fs::read_to_string(dir.join(LINK_NAME))?;
    println!(
        "xtask: wasm-split {:.1}s — {} chunks",
        started.elapsed().as_secs_f64(),
        result.split_modules.len()
    );
    Ok(Split {
        main,
        loader,
        chunks: result.split_modules,
    })
}

/// The split build's scripts and chunks under their final names.
#[derive(Debug)]
pub struct Linked {
    /// The glue, importing the loader by its hashed name.
    pub glue: Vec<u8>,
    pub glue_name: String,
    /// The loader and the chunks: (hashed name, bytes).
    pub files: Vec<(String, Vec<u8>)>,
}

/// Names the chunks by their content and writes those names into the
/// loader; names the loader; points the glue at the loader and the loader at
/// the glue.
///
/// The glue and the loader import each other, so neither name can hash the
/// other's final text. The loader's name hashes everything both final texts
/// are made from (its own text with the placeholder, the glue as
/// wasm-bindgen wrote it, the main module): whenever either file changes,
/// both names change, so a browser cache never pairs a new file with an old
/// one. Every placeholder must be found, or the build fails here rather than
/// in a browser.
pub fn link(
    loader: &str,
    glue: &[u8],
    main_wasm: &[u8],
    chunks: &[(String, Vec<u8>)],
    hashed: fn(&str, &str, &[u8]) -> String,
) -> Result<Linked> {
    let mut loader = loader.to_owned();
    let mut files = Vec::new();
    for (stem, bytes) in chunks {
        let reference = format!("\"./{stem}.wasm\"");
        if !loader.contains(&reference) {
            return Err(format!("wasm-split: the loader does not name the chunk {stem}").into());
        }
        let name = hashed(stem, ".wasm", bytes);
        loader = loader.replace(&reference, &format!("\"./{name}\""));
        files.push((name, bytes.clone()));
    }
    let mut identity = Sha256::new();
    identity.update(loader.as_bytes());
    identity.update(glue);
    identity.update(main_wasm);
    let loader_name = hashed("split", ".js", &identity.finalize());

    // Only the JS imports change: the import object keeps the module name
    // the main wasm's imports carry.
    let glue = String::from_utf8(glue.to_vec()).map_err(|_| "the glue is not UTF-8")?;
    let import = format!("from \"{LINK_NAME}\"");
    if !glue.contains(&import) {
        return Err(format!("wasm-split: the glue does not import {LINK_NAME}").into());
    }
    let glue = glue.replace(&import, &format!("from \"./{loader_name}\""));
    let glue_name = hashed("hdnd", ".js", glue.as_bytes());
    if loader.matches(MAIN_MODULE).count() != 1 {
        return Err(format!("wasm-split: the loader does not import {MAIN_MODULE} once").into());
    }
    let loader = loader.replace(MAIN_MODULE, &format!("./{glue_name}"));
    files.push((loader_name, loader.into_bytes()));
    Ok(Linked {
        glue: glue.into_bytes(),
        glue_name,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashed(stem: &str, suffix: &str, bytes: &[u8]) -> String {
        format!(
            "{stem}-{}{suffix}",
            &format!("{:x}", Sha256::digest(bytes))[..6]
        )
    }

    const LOADER: &str = "import { initSync } from \"./__hdnd_glue.js\";\nconst a = fetch(new URL(\"./chunk_1.wasm\", import.meta.url));\nconst b = fetch(new URL(\"./split_list.wasm\", import.meta.url));\n";
    const GLUE: &str = "import * as import1 from \"./__wasm_split.js\"\nimport * as import2 from \"./__wasm_split.js\"\nconst imports = { \"./__wasm_split.js\": import1 };\n";

    fn chunks() -> Vec<(String, Vec<u8>)> {
        vec![
            ("chunk_1".to_owned(), b"one".to_vec()),
            ("split_list".to_owned(), b"two".to_vec()),
        ]
    }

    #[test]
    fn every_file_is_named_by_content_and_the_two_scripts_name_each_other() {
        let linked = link(LOADER, GLUE.as_bytes(), b"main", &chunks(), hashed).unwrap();
        let names: Vec<&str> = linked.files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names.len(), 3);
        assert!(names[0].starts_with("chunk_1-") && names[0].ends_with(".wasm"));
        assert!(names[1].starts_with("split_list-"));
        let loader_name = names[2];
        assert!(loader_name.starts_with("split-") && loader_name.ends_with(".js"));
        let loader = String::from_utf8(linked.files[2].1.clone()).unwrap();
        assert!(loader.contains(&format!("new URL(\"./{}\"", names[0])));
        assert!(loader.contains(&format!("new URL(\"./{}\"", names[1])));
        assert!(loader.contains(&format!("from \"./{}\"", linked.glue_name)));
        let glue = String::from_utf8(linked.glue.clone()).unwrap();
        assert_eq!(
            glue.matches(&format!("from \"./{loader_name}\"")).count(),
            2
        );
        // The import object keeps the name the main wasm imports.
        assert!(glue.contains("{ \"./__wasm_split.js\": import1 }"));
        assert!(!glue.contains("from \"./__wasm_split.js\"") && !loader.contains("__hdnd_glue"));
        assert_eq!(linked.glue_name, hashed("hdnd", ".js", glue.as_bytes()));
    }

    #[test]
    fn a_change_in_any_part_renames_both_scripts() {
        let base = link(LOADER, GLUE.as_bytes(), b"main", &chunks(), hashed).unwrap();
        let loader_name = |linked: &Linked| linked.files.last().unwrap().0.clone();
        let mut other_chunk = chunks();
        other_chunk[0].1 = b"changed".to_vec();
        for changed in [
            link(LOADER, GLUE.as_bytes(), b"main 2", &chunks(), hashed).unwrap(),
            link(
                LOADER,
                b"// 2\nimport * as a from \"./__wasm_split.js\";",
                b"main",
                &chunks(),
                hashed,
            )
            .unwrap(),
            link(LOADER, GLUE.as_bytes(), b"main", &other_chunk, hashed).unwrap(),
        ] {
            assert_ne!(loader_name(&changed), loader_name(&base));
            assert_ne!(changed.glue_name, base.glue_name);
        }
    }

    #[test]
    fn a_missing_reference_fails_the_build() {
        assert!(link(LOADER, b"no import", b"main", &chunks(), hashed).is_err());
        let mut unknown = chunks();
        unknown.push(("chunk_9".to_owned(), b"x".to_vec()));
        assert!(link(LOADER, GLUE.as_bytes(), b"main", &unknown, hashed).is_err());
        assert!(link("no main import", GLUE.as_bytes(), b"main", &[], hashed).is_err());
    }
}
