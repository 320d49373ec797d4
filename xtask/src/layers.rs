//! `cargo xtask test`'s check of the code's shape: in each crate, a module
//! imports only from its own layer or those below it, and no two files
//! import each other, directly or around a circle.
//!
//! The layers are written once, in ARCHITECTURE.md between the markers
//! `<!-- layers:start -->` and `<!-- layers:end -->`: one line per layer,
//! lowest first, `- crate / layer: module, module, …`. A module there names
//! a file or folder of the crate's `src/` (`sync` is `src/sync.rs` or
//! `src/sync/` and all below it); the longest name that holds a file gives
//! its layer. Every file of a listed crate must fall in a layer.
//!
//! Imports are read from the source, not from the compiler: `crate::…` and
//! `super::…` paths anywhere in a file (in `use` items, braced groups and
//! inline paths), outside `#[cfg(test)]` modules — tests may reach any layer.
//! A `mod` declaration is not an import; a `pub use` of a child is (a parent
//! that re-exports its children while they import it is a circle).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::process::{Result, workspace_root};

const START: &str = "<!-- layers:start -->";
const END: &str = "<!-- layers:end -->";

/// One crate's layers, lowest first, each a list of module paths.
#[derive(Debug, Default, PartialEq)]
pub struct Layers {
    pub names: Vec<String>,
    pub modules: Vec<Vec<Vec<String>>>,
}

/// Reads the layers of every crate listed in `architecture`.
pub fn parse(architecture: &str) -> Result<BTreeMap<String, Layers>> {
    let start = architecture
        .find(START)
        .ok_or("ARCHITECTURE.md has no `<!-- layers:start -->` marker")?;
    let end = architecture[start..]
        .find(END)
        .map(|end| start + end)
        .ok_or("ARCHITECTURE.md has no `<!-- layers:end -->` marker")?;
    let mut crates: BTreeMap<String, Layers> = BTreeMap::new();
    for line in architecture[start + START.len()..end].lines() {
        let Some(line) = line.trim().strip_prefix("- ") else {
            continue;
        };
        let (head, modules) = line
            .split_once(':')
            .ok_or_else(|| format!("layer line without `:`: {line:?}"))?;
        let (krate, layer) = head
            .split_once('/')
            .ok_or_else(|| format!("layer line without `crate / layer`: {line:?}"))?;
        let modules: Vec<Vec<String>> = modules
            .split(',')
            .map(|module| module.trim().trim_matches('`'))
            .filter(|module| !module.is_empty())
            .map(|module| match module {
                "crate" => Vec::new(),
                module => module.split("::").map(str::to_owned).collect(),
            })
            .collect();
        let layers = crates.entry(krate.trim().to_owned()).or_default();
        layers.names.push(layer.trim().to_owned());
        layers.modules.push(modules);
    }
    if crates.is_empty() {
        return Err("ARCHITECTURE.md lists no layers between its markers".into());
    }
    Ok(crates)
}

impl Layers {
    /// The layer of a module: the longest listed module that holds it.
    fn of(&self, module: &[String]) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (layer, modules) in self.modules.iter().enumerate() {
            for listed in modules {
                // The crate root holds only itself.
                let holds = if listed.is_empty() {
                    module.is_empty()
                } else {
                    listed.len() <= module.len() && module[..listed.len()] == listed[..]
                };
                if holds && best.is_none_or(|(length, _)| listed.len() > length) {
                    best = Some((listed.len(), layer));
                }
            }
        }
        best.map(|(_, layer)| layer)
    }
}

/// The module path of a file under `src/` (`records/spec.rs` →
/// `records::spec`; `lib.rs`, `main.rs` → the crate root, empty).
pub fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.strip_suffix(".rs").unwrap_or(&last).to_owned();
        let is_root = parts.is_empty() && (stem == "lib" || stem == "main");
        if stem != "mod" && !is_root {
            parts.push(stem);
        }
    }
    parts
}

/// The code of a file outside its `#[cfg(test)]` modules (rustfmt's layout:
/// the module's closing brace alone on a line at its own indentation).
pub fn without_tests(source: &str) -> String {
    let mut kept = String::with_capacity(source.len());
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            let indent = &line[..line.len() - line.trim_start().len()];
            let mut following = lines.clone();
            if let Some(next) = following.next()
                && next.trim_start().starts_with("mod ")
                && next.trim_end().ends_with('{')
            {
                let closing = format!("{indent}}}");
                for inner in following.by_ref() {
                    if inner.trim_end() == closing {
                        break;
                    }
                }
                lines = following;
                continue;
            }
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// The paths a file's code names from its crate, resolved against the
/// file's module: `crate::a::b`, `super::a`, and each path of a braced group
/// (`crate::{a, b::{c, d}}`). Comments and string literals are skipped.
pub fn imported_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let code = strip_comments_and_strings(code);
    let inline = inline_modules(&code);
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &code[at..];
        let starts_word = at == 0 || !is_ident_byte(bytes[at - 1]) && bytes[at - 1] != b':';
        let prefix = ["crate::", "super::"]
            .into_iter()
            .find(|prefix| rest.starts_with(prefix));
        match prefix {
            Some(prefix) if starts_word => {
                let base: Vec<String> = if prefix == "crate::" {
                    Vec::new()
                } else {
                    // `super` of `a/b.rs` and of `a/b/mod.rs` (module a::b)
                    // is `a`, and inside an inline `mod c { … }` there it is
                    // `a::b`; a further `super` climbs on.
                    let mut here = module.to_vec();
                    here.extend(
                        inline
                            .iter()
                            .filter(|(from, to, _)| (*from..*to).contains(&at))
                            .map(|(_, _, name)| name.clone()),
                    );
                    here.pop();
                    here
                };
                let (paths, used) = read_tree(&rest[prefix.len()..], base);
                for mut path in paths {
                    resolve_supers(&mut path);
                    found.push(path);
                }
                at += prefix.len() + used.max(1);
            }
            _ => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// The inline modules of a file (`mod name {` … its closing brace alone on
/// a line at the same indentation, as rustfmt writes it), outermost first:
/// the byte range of each body and its name.
fn inline_modules(code: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut offset = 0;
    let lines: Vec<&str> = code.split('\n').collect();
    let mut starts = Vec::with_capacity(lines.len());
    for line in &lines {
        starts.push(offset);
        offset += line.len() + 1;
    }
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let declaration = trimmed
            .strip_prefix("pub(crate) ")
            .or_else(|| trimmed.strip_prefix("pub(super) "))
            .or_else(|| trimmed.strip_prefix("pub "))
            .unwrap_or(trimmed);
        let Some(name) = declaration
            .strip_prefix("mod ")
            .and_then(|rest| rest.trim_end().strip_suffix('{'))
        else {
            continue;
        };
        let closing = format!("{indent}}}");
        let end = lines[index + 1..]
            .iter()
            .position(|inner| inner.trim_end() == closing)
            .map_or(code.len(), |found| starts[index + 1 + found]);
        found.push((starts[index], end, name.trim().to_owned()));
    }
    found
}

/// `a::super::b` → `b` (a `super` after the first).
fn resolve_supers(path: &mut Vec<String>) {
    let mut resolved: Vec<String> = Vec::with_capacity(path.len());
    for part in path.drain(..) {
        if part == "super" {
            resolved.pop();
        } else if part != "self" {
            resolved.push(part);
        }
    }
    *path = resolved;
}

/// Reads a path tree after `crate::` (identifiers joined by `::`, possibly
/// ending in a braced group of trees); returns its paths, each prefixed with
/// `base`, and the bytes read.
fn read_tree(text: &str, base: Vec<String>) -> (Vec<Vec<String>>, usize) {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut path = base;
    loop {
        if bytes.get(at) == Some(&b'{') {
            let mut paths = Vec::new();
            at += 1;
            loop {
                while bytes
                    .get(at)
                    .is_some_and(|byte| byte.is_ascii_whitespace() || *byte == b',')
                {
                    at += 1;
                }
                match bytes.get(at) {
                    None => return (paths, at),
                    Some(b'}') => return (paths, at + 1),
                    Some(_) => {
                        let (inner, used) = read_tree(&text[at..], path.clone());
                        paths.extend(inner);
                        at += used.max(1);
                    }
                }
            }
        }
        let length = text[at..]
            .bytes()
            .take_while(|byte| is_ident_byte(*byte))
            .count();
        if length == 0 {
            return (vec![path], at);
        }
        path.push(text[at..at + length].to_owned());
        at += length;
        if text[at..].starts_with("::") {
            at += 2;
        } else {
            return (vec![path], at);
        }
    }
}

fn is_ident_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Blanks out comments, string literals and char literals (keeping the byte
/// positions), so a path written in prose or in a string is not an import.
fn strip_comments_and_strings(code: &str) -> String {
    let bytes = code.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest.starts_with(b"//") {
            while at < bytes.len() && bytes[at] != b'\n' {
                out.push(b' ');
                at += 1;
            }
        } else if rest.starts_with(b"/*") {
            let mut depth = 0;
            while at < bytes.len() {
                if bytes[at..].starts_with(b"/*") {
                    depth += 1;
                    out.extend_from_slice(b"  ");
                    at += 2;
                } else if bytes[at..].starts_with(b"*/") {
                    depth -= 1;
                    out.extend_from_slice(b"  ");
                    at += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(if bytes[at] == b'\n' { b'\n' } else { b' ' });
                    at += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(rest) {
            // r"…", r#"…"#, br"…"
            let open = rest.iter().position(|byte| *byte == b'"').unwrap_or(0) + 1;
            let mut closing = vec![b'"'];
            closing.extend(std::iter::repeat_n(b'#', hashes));
            out.extend(std::iter::repeat_n(b' ', open));
            at += open;
            while at < bytes.len() && !bytes[at..].starts_with(&closing) {
                out.push(if bytes[at] == b'\n' { b'\n' } else { b' ' });
                at += 1;
            }
            let end = closing.len().min(bytes.len() - at);
            out.extend(std::iter::repeat_n(b' ', end));
            at += end;
        } else if bytes[at] == b'"' {
            out.push(b' ');
            at += 1;
            while at < bytes.len() && bytes[at] != b'"' {
                let step = if bytes[at] == b'\\' { 2 } else { 1 };
                for _ in 0..step.min(bytes.len() - at) {
                    out.push(if bytes[at] == b'\n' { b'\n' } else { b' ' });
                    at += 1;
                }
            }
            if at < bytes.len() {
                out.push(b' ');
                at += 1;
            }
        } else if bytes[at] == b'\'' && char_literal_length(rest).is_some() {
            let length = char_literal_length(rest).unwrap_or(1);
            out.extend(std::iter::repeat_n(b' ', length));
            at += length;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces; multi-byte characters
    // outside literals are copied whole.
    String::from_utf8(out).unwrap_or_default()
}

/// The number of `#` of a raw string starting here (`r"`, `r#"`, `br"`).
fn raw_string_start(rest: &[u8]) -> Option<usize> {
    let after_r = match rest {
        [b'r', tail @ ..] => tail,
        [b'b', b'r', tail @ ..] => tail,
        _ => return None,
    };
    let hashes = after_r.iter().take_while(|byte| **byte == b'#').count();
    (after_r.get(hashes) == Some(&b'"')).then_some(hashes)
}

/// The length of a char literal starting here (`'a'`, `'\n'`, `'é'`), or
/// `None` for a lifetime.
fn char_literal_length(rest: &[u8]) -> Option<usize> {
    if rest.get(1) == Some(&b'\\') {
        let close = rest.iter().skip(2).position(|byte| *byte == b'\'')?;
        return Some(close + 3);
    }
    let text = std::str::from_utf8(rest).ok().or_else(|| {
        // A cut inside a multi-byte char: read as far as is valid.
        let valid = std::str::from_utf8(rest).err()?.valid_up_to();
        std::str::from_utf8(&rest[..valid]).ok()
    })?;
    let mut chars = text.chars().skip(1);
    let first = chars.next()?;
    (chars.next() == Some('\'')).then_some(1 + first.len_utf8() + 1)
}

/// One crate's files: their module path and the modules they import.
struct Crate {
    files: BTreeMap<Vec<String>, (PathBuf, BTreeSet<Vec<String>>)>,
}

fn read_crate(src: &Path) -> Result<Crate> {
    let mut files = BTreeMap::new();
    let mut tests = BTreeSet::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                // A binary beside a library is a crate of its own, importing
                // the library by name.
                if path.parent() == Some(src)
                    && path.ends_with("main.rs")
                    && src.join("lib.rs").is_file()
                {
                    continue;
                }
                let relative = path.strip_prefix(src)?.to_path_buf();
                let module = module_of(&relative);
                let source = std::fs::read_to_string(&path)?;
                for child in test_children(&source) {
                    let mut test = module.clone();
                    test.push(child);
                    tests.insert(test);
                }
                let imports = imported_paths(&without_tests(&source), &module)
                    .into_iter()
                    .collect();
                files.insert(module, (relative, imports));
            }
        }
    }
    // A file declared `#[cfg(test)] mod tests;` is test code throughout.
    files.retain(|module, _| !tests.contains(module));
    Ok(Crate { files })
}

/// The child modules a file declares as tests only (`#[cfg(test)]` then
/// `mod name;`), whose files are test code.
pub fn test_children(source: &str) -> Vec<String> {
    let mut children = Vec::new();
    let mut lines = source.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        if line == "#[cfg(test)]"
            && let Some(next) = lines.peek()
            && let Some(name) = next
                .strip_prefix("pub mod ")
                .or_else(|| next.strip_prefix("mod "))
                .and_then(|rest| rest.strip_suffix(';'))
        {
            children.push(name.trim().to_owned());
        }
    }
    children
}

impl Crate {
    /// The file an imported path lands in: its longest prefix that is a file.
    fn file_of(&self, path: &[String]) -> Option<&Vec<String>> {
        (0..=path.len()).rev().find_map(|length| {
            self.files
                .get_key_value(&path[..length])
                .map(|(key, _)| key)
        })
    }

    /// Each file's imports as files, without itself.
    fn edges(&self) -> BTreeMap<&Vec<String>, BTreeSet<&Vec<String>>> {
        self.files
            .iter()
            .map(|(module, (_, imports))| {
                let targets = imports
                    .iter()
                    .filter_map(|path| self.file_of(path))
                    .filter(|target| *target != module)
                    .collect();
                (module, targets)
            })
            .collect()
    }
}

fn shown(module: &[String]) -> String {
    if module.is_empty() {
        "(crate root)".to_owned()
    } else {
        module.join("::")
    }
}

/// Every problem with one crate's shape: files in no layer, imports of a
/// higher layer, and circles of files.
fn problems_of(krate: &str, layers: &Layers, code: &Crate) -> Vec<String> {
    let mut problems = Vec::new();
    let edges = code.edges();
    for (module, (path, _)) in &code.files {
        if layers.of(module).is_none() {
            problems.push(format!("{krate}/src/{}: in no layer", path.display()));
        }
    }
    for (from, targets) in &edges {
        let Some(from_layer) = layers.of(from) else {
            continue;
        };
        for to in targets {
            if let Some(to_layer) = layers.of(to)
                && to_layer > from_layer
            {
                problems.push(format!(
                    "{krate}: {} ({}) imports {} ({}), a higher layer",
                    shown(from),
                    layers.names[from_layer],
                    shown(to),
                    layers.names[to_layer],
                ));
            }
        }
    }
    for circle in circles(&edges) {
        let names: Vec<String> = circle.iter().map(|module| shown(module)).collect();
        problems.push(format!("{krate}: import circle: {}", names.join(" → ")));
    }
    problems
}

/// The strongly connected groups of more than one file (Tarjan's
/// algorithm), each as its files in order.
fn circles<'a>(
    edges: &BTreeMap<&'a Vec<String>, BTreeSet<&'a Vec<String>>>,
) -> Vec<Vec<&'a Vec<String>>> {
    struct Walk<'a, 'e> {
        edges: &'e BTreeMap<&'a Vec<String>, BTreeSet<&'a Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        found: Vec<Vec<&'a Vec<String>>>,
    }
    impl<'a> Walk<'a, '_> {
        fn visit(&mut self, node: &'a Vec<String>) {
            let number = self.index.len();
            self.index.insert(node, number);
            self.low.insert(node, number);
            self.stack.push(node);
            self.on_stack.insert(node);
            let targets: Vec<&'a Vec<String>> = self
                .edges
                .get(node)
                .map(|targets| targets.iter().copied().collect())
                .unwrap_or_default();
            for target in targets {
                if !self.index.contains_key(target) {
                    self.visit(target);
                    let low = self.low[node].min(self.low[target]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(target) {
                    let low = self.low[node].min(self.index[target]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut group = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.on_stack.remove(member);
                    group.push(member);
                    if member == node {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !walk.index.contains_key(node) {
            walk.visit(node);
        }
    }
    walk.found
}

/// The check `cargo xtask test` runs: every crate ARCHITECTURE.md lists.
pub fn check() -> Result<()> {
    let root = workspace_root();
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md"))?;
    let crates = parse(&architecture)?;
    let mut problems = Vec::new();
    for (krate, layers) in &crates {
        let src = root.join(krate).join("src");
        if !src.is_dir() {
            problems.push(format!(
                "ARCHITECTURE.md lists {krate:?}, which has no src/"
            ));
            continue;
        }
        problems.extend(problems_of(krate, layers, &read_crate(&src)?));
    }
    if problems.is_empty() {
        let files: usize = crates.len();
        println!("xtask: layers of {files} crates: no import upward, no circle");
        Ok(())
    } else {
        for problem in &problems {
            eprintln!("xtask: {problem}");
        }
        Err(format!("{} problems with the layers (listed above)", problems.len()).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> Vec<String> {
        if text.is_empty() {
            Vec::new()
        } else {
            text.split("::").map(str::to_owned).collect()
        }
    }

    #[test]
    fn files_map_to_modules() {
        assert_eq!(module_of(Path::new("lib.rs")), path(""));
        assert_eq!(module_of(Path::new("main.rs")), path(""));
        assert_eq!(
            module_of(Path::new("records/spec.rs")),
            path("records::spec")
        );
        assert_eq!(module_of(Path::new("sync/mod.rs")), path("sync"));
        assert_eq!(module_of(Path::new("store.rs")), path("store"));
    }

    #[test]
    fn imports_are_read_from_use_items_groups_and_inline_paths() {
        let code = r#"
use crate::sync::model::{Fields, RecordId};
use crate::{kinds::REGISTRY, records::{spec::Registry, check}};
use super::db::{Store, StoreError};
fn f() { crate::ui::mark("x"); let _ = super::super::text::fold(); }
"#;
        let found = imported_paths(code, &path("store::records"));
        for expected in [
            "sync::model::Fields",
            "sync::model::RecordId",
            "kinds::REGISTRY",
            "records::spec::Registry",
            "records::check",
            "store::db::Store",
            "store::db::StoreError",
            "ui::mark",
            "text::fold",
        ] {
            assert!(found.contains(&path(expected)), "{expected} in {found:?}");
        }
        assert_eq!(found.len(), 9, "{found:?}");
    }

    #[test]
    fn super_in_an_inline_module_is_the_file_itself() {
        let code = "use super::client::State;\n\nmod engine {\n    use super::Replica;\n    use super::super::model::Id;\n}\n";
        let found = imported_paths(code, &path("sync::replica"));
        assert_eq!(
            found,
            vec![
                path("sync::client::State"),
                path("sync::replica::Replica"),
                path("sync::model::Id")
            ]
        );
    }

    #[test]
    fn paths_in_comments_strings_and_tests_are_not_imports() {
        let code = r##"
// uses crate::shell::pages
/* crate::shell::App */
const A: &str = "crate::shell::x";
const B: &str = r#"crate::shell::y"#;
const C: char = '"';
fn f<'a>(x: &'a str) -> &'a str { x }
use crate::text::nfc;

#[cfg(test)]
mod tests {
    use crate::shell::App;
}
"##;
        let code = without_tests(code);
        let found = imported_paths(&code, &path("records::spec"));
        assert_eq!(found, vec![path("text::nfc")]);
    }

    #[test]
    fn test_modules_in_files_of_their_own_are_known() {
        let source =
            "pub mod api;\n#[cfg(test)]\nmod tests;\n#[cfg(feature = \"ssr\")]\npub mod server;\n";
        assert_eq!(test_children(source), vec!["tests".to_owned()]);
    }

    #[test]
    fn an_upward_import_and_a_circle_are_problems() {
        let layers = parse(
            "<!-- layers:start -->\n- app / schema: text, records::spec\n- app / pages: records, shell\n<!-- layers:end -->",
        )
        .unwrap();
        let layers = &layers["app"];
        let file = |name: &str, imports: &[&str]| {
            (
                path(name),
                (
                    PathBuf::from(format!("{}.rs", name.replace("::", "/"))),
                    imports.iter().map(|import| path(import)).collect(),
                ),
            )
        };
        let good = Crate {
            files: [
                file("text", &[]),
                file("records::spec", &["text::fold"]),
                file(
                    "records::pages",
                    &["records::spec::KindSpec", "shell::icons"],
                ),
                file("shell", &["records::pages::ListPage"]),
                file("shell::icons", &[]),
            ]
            .into_iter()
            .collect(),
        };
        assert_eq!(problems_of("app", layers, &good), Vec::<String>::new());
        let bad = Crate {
            files: [
                file("text", &["records::spec::KindSpec"]),
                file(
                    "records::spec",
                    &["text::fold", "records::pages::WidgetContext"],
                ),
                file("records::pages", &["records::spec::KindSpec"]),
                file("other", &[]),
            ]
            .into_iter()
            .collect(),
        };
        let problems = problems_of("app", layers, &bad);
        assert!(
            problems.contains(&"app/src/other.rs: in no layer".to_owned()),
            "{problems:?}"
        );
        assert!(
            problems.contains(
                &"app: records::spec (schema) imports records::pages (pages), a higher layer"
                    .to_owned()
            ),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|problem| problem.starts_with("app: import circle: ")
                    && problem.contains("records::pages")
                    && problem.contains("text")),
            "{problems:?}"
        );
    }
}
