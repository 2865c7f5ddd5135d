//! Output: modules to formatted files with an `@generated` header; write
//! only what changed, remove our own stale files, or compare (`--check`).

use crate::emit::{child_declarations, Module};
use proc_macro2::TokenStream;
use std::io;
use std::path::{Path, PathBuf};

const MARKER: &str = "// @generated";

/// One file of the generated crate, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// What `write` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
}

/// A file of `out_dir` that differs from what the specs give.
#[derive(Debug)]
pub struct StaleFile {
    pub path: PathBuf,
    /// A unified diff from the file on disk to the expected contents.
    pub diff: String,
}

pub(crate) fn render_files(modules: &[Module]) -> Vec<GeneratedFile> {
    modules
        .iter()
        .map(|module| {
            let has_children =
                modules.iter().any(|m| m.path.len() == module.path.len() + 1 && m.path.starts_with(&module.path));
            let path = match (module.path.as_slice(), has_children) {
                ([], _) => PathBuf::from("src/lib.rs"),
                (path, true) => Path::new("src").join(path.join("/")).join("mod.rs"),
                (path, false) => Path::new("src").join(format!("{}.rs", path.join("/"))),
            };
            let children = child_declarations(modules, &module.path, false, |_| TokenStream::new());
            let items = &module.items;
            GeneratedFile { path, contents: format_file(&module.source, quote::quote!(#items #children)) }
        })
        .collect()
}

/// All modules nested into one file, for `include!` from a `build.rs`.
pub(crate) fn render_inline(modules: &[Module]) -> String {
    fn nested(modules: &[Module], module: &Module) -> TokenStream {
        let items = &module.items;
        let children = child_declarations(modules, &module.path, true, |child| nested(modules, child));
        quote::quote!(#items #children)
    }
    let root = modules.iter().find(|m| m.path.is_empty()).expect("a crate has a root module");
    // The root's inner attributes cannot follow `include!`; keep only its children.
    let children = child_declarations(modules, &root.path, true, |child| nested(modules, child));
    format_file("the specs given to generator::generate_inline", children)
}

fn format_file(source: &str, tokens: TokenStream) -> String {
    let file: syn::File = match syn::parse2(tokens) {
        Ok(file) => file,
        Err(error) => {
            panic!("internal error: the generator emitted invalid Rust for {source}: {error}")
        }
    };
    format!(
        "{MARKER} by `cargo run -p generator` from {source}.\n// Do not edit by hand: change the spec and regenerate.\n\n{}",
        separate_items(&prettyplease::unparse(&file))
    )
}

/// prettyplease puts items back to back; a blank line between them reads better.
fn separate_items(text: &str) -> String {
    const ITEM_STARTS: &[&str] =
        &["#[", "///", "pub ", "impl", "fn ", "mod ", "struct ", "enum ", "type ", "static ", "const ", "use "];
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(previous) = previous {
            let previous_indent = previous.len() - previous.trim_start().len();
            let previous_ends_item = previous.trim() == "}"
                || (previous.trim_end().ends_with(';') && !previous.trim_start().starts_with("//"));
            let starts_item = ITEM_STARTS.iter().any(|start| line.trim_start().starts_with(start));
            let is_use = |l: &str| {
                let l = l.trim_start();
                l.starts_with("use ") || l.starts_with("pub use ")
            };
            let top_level_use = is_use(previous) && is_use(line);
            if previous_ends_item
                && starts_item
                && indent == previous_indent
                && !top_level_use
                && !previous.trim().is_empty()
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// Writes the files that changed and removes stale files the generator wrote before.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    for file in files {
        let target = out_dir.join(&file.path);
        if std::fs::read_to_string(&target).ok().as_deref() == Some(file.contents.as_str()) {
            report.unchanged.push(file.path.clone());
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let temporary = target.with_extension("rs.tmp");
        std::fs::write(&temporary, &file.contents)?;
        std::fs::rename(&temporary, &target)?;
        report.written.push(file.path.clone());
    }
    for stale in stale_generated_files(out_dir, files)? {
        std::fs::remove_file(out_dir.join(&stale))?;
        report.removed.push(stale);
    }
    Ok(report)
}

/// Compares `out_dir` with `files` without writing anything.
pub fn check(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<StaleFile>> {
    let mut stale = Vec::new();
    for file in files {
        let on_disk = std::fs::read_to_string(out_dir.join(&file.path)).unwrap_or_default();
        if on_disk != file.contents {
            let diff = similar::TextDiff::from_lines(&on_disk, &file.contents)
                .unified_diff()
                .header(&format!("a/{}", file.path.display()), &format!("b/{}", file.path.display()))
                .to_string();
            stale.push(StaleFile { path: file.path.clone(), diff });
        }
    }
    for path in stale_generated_files(out_dir, files)? {
        stale.push(StaleFile {
            diff: format!("{} is generated but no spec produces it any more\n", path.display()),
            path,
        });
    }
    Ok(stale)
}

/// `.rs` files under `src/` that carry our marker but are not in `files`.
fn stale_generated_files(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![out_dir.join("src")];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path.strip_prefix(out_dir).expect("under out_dir").to_path_buf();
            let ours = std::fs::read_to_string(&path).is_ok_and(|text| text.starts_with(MARKER));
            if ours && path.extension().is_some_and(|e| e == "rs") && !files.iter().any(|f| f.path == relative) {
                found.push(relative);
            }
        }
    }
    found.sort();
    Ok(found)
}
