//! The stage between emit and write: emitted modules to formatted files
//! (an `@generated` header, prettyplease, the run-time macros laid out by
//! hand in `layout.rs`, a blank line between items), or all of them nested
//! into one file for a `build.rs`; and the crates the tokens name
//! (`dependencies.rs`) to the crate's `Cargo.toml` (`manifest.rs`).

mod dependencies;
mod layout;
mod manifest;

pub(crate) use manifest::{Manifest, GENERATED_BEGIN, GENERATED_END};

use crate::emit::{child_declarations, Module};
use crate::model::Api;
use dependencies::{crates_used, Usage};
use proc_macro2::TokenStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What every file the generator owns starts with.
pub(crate) const MARKER: &str = "// @generated";

/// One file of the generated crate, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// The files of a crate named `crate_name` holding `apis`: its
/// `Cargo.toml`, asking for exactly the crates the code names, then each
/// module's file.
pub(crate) fn crate_files(
    modules: &[Module],
    apis: &[Api],
    crate_name: &str,
    spec_dir: &str,
    options: &Manifest,
) -> Vec<GeneratedFile> {
    let (rendered, usage) = render_files(modules);
    let manifest = manifest::manifest(&usage, apis, crate_name, spec_dir, options);
    let mut files = vec![GeneratedFile { path: PathBuf::from("Cargo.toml"), contents: manifest }];
    files.extend(rendered);
    files
}

/// Each module as its file, and the crates their code names. The parts
/// of every module are the work: taken in order by as many threads as the
/// machine has cores (formatting is most of a large spec's time), a
/// part's tokens built just before it is formatted and dropped after, so
/// only one part's tokens per thread are alive at a time. Each part's text
/// comes back to its place, and a file is its parts' texts in order, so
/// the output does not depend on which thread did what.
fn render_files(modules: &[Module]) -> (Vec<GeneratedFile>, Usage) {
    let work: Vec<(&Module, usize)> =
        modules.iter().flat_map(|module| (0..module.parts.len()).map(move |part| (module, part))).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, work.len().max(1));
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        let mut usage = Usage::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(module, part)) = work.get(index) else { return (done, usage) };
            done.push((index, render_part(module, part, &mut usage)));
        }
    };
    let mut texts: Vec<(usize, String)> = Vec::with_capacity(work.len());
    let mut usage = Usage::new();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut finished = vec![worker()];
        for worker in workers {
            finished.push(worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        for (done, used) in finished {
            texts.extend(done);
            merge_usage(&mut usage, used);
        }
    });
    texts.sort_unstable_by_key(|(index, _)| *index);
    let mut texts = texts.into_iter().map(|(_, text)| text);
    let files = modules
        .iter()
        .map(|module| {
            let unspaced: String = texts.by_ref().take(module.parts.len()).collect();
            file(modules, module, unspaced)
        })
        .collect();
    (files, usage)
}

/// Adds `more` to `usage`: a union, so the same whatever the order.
fn merge_usage(usage: &mut Usage, more: Usage) {
    for (krate, by_feature) in more {
        let entry = usage.entry(krate).or_default();
        for (feature, names) in by_feature {
            entry.entry(feature).or_default().extend(names);
        }
    }
}

/// One part of a module formatted (prettyplease puts items back to back,
/// so the parts' texts join into the text of the whole), noting the crates
/// it names; nothing for a module copied as written.
fn render_part(module: &Module, part: usize, usage: &mut Usage) -> String {
    let tokens = (module.parts[part])();
    crates_used(module.feature, tokens.clone(), usage);
    match module.text {
        Some(_) => String::new(),
        None => unparse(&module.source, tokens),
    }
}

/// A module's file, from its parts' text.
fn file(modules: &[Module], module: &Module, unspaced: String) -> GeneratedFile {
    let has_children =
        modules.iter().any(|m| m.path.len() == module.path.len() + 1 && m.path.starts_with(&module.path));
    let path = match (module.path.as_slice(), has_children) {
        ([], _) => PathBuf::from("src/lib.rs"),
        (path, true) => Path::new("src").join(path.join("/")).join("mod.rs"),
        (path, false) => Path::new("src").join(format!("{}.rs", path.join("/"))),
    };
    let children = child_declarations(modules, &module.path, false, |_| TokenStream::new());
    if let Some(text) = module.text {
        let mut contents = header(&module.source);
        contents.push_str(text);
        if !children.is_empty() {
            contents.push('\n');
            contents.push_str(&format_tokens(&module.source, children));
        }
        return GeneratedFile { path, contents };
    }
    let mut unspaced = unspaced;
    if !children.is_empty() {
        unspaced.push_str(&unparse(&module.source, children));
    }
    GeneratedFile { path, contents: header(&module.source) + &separate_items(&unspaced) }
}

/// An integration test of the generated crate, at `path` (e.g. `tests/examples.rs`).
pub(crate) fn render_test(path: &str, source: &str, items: TokenStream) -> GeneratedFile {
    GeneratedFile { path: PathBuf::from(path), contents: format_file(source, items) }
}

/// All modules nested into one file, for `include!` from a `build.rs`.
pub(crate) fn render_inline(modules: &[Module]) -> String {
    fn nested(modules: &[Module], module: &Module) -> TokenStream {
        let mut items = TokenStream::new();
        items.extend(module.parts.iter().map(|part| part()));
        let children = child_declarations(modules, &module.path, true, |child| nested(modules, child));
        quote::quote!(#items #children)
    }
    let root = modules.iter().find(|m| m.path.is_empty()).expect("a crate has a root module");
    // The root's inner attributes cannot follow `include!`; keep only its children.
    let children = child_declarations(modules, &root.path, true, |child| nested(modules, child));
    format_file("the specs given to generator::generate_inline", children)
}

fn format_file(source: &str, tokens: TokenStream) -> String {
    header(source) + &format_tokens(source, tokens)
}

fn header(source: &str) -> String {
    format!("{MARKER} by `generator` from {source}.\n// Do not edit by hand: change the spec and regenerate.\n\n")
}

/// The tokens as formatted Rust.
fn format_tokens(source: &str, tokens: TokenStream) -> String {
    separate_items(&unparse(source, tokens))
}

/// The tokens as prettyplease prints them: items back to back.
fn unparse(source: &str, tokens: TokenStream) -> String {
    let file: syn::File = match syn::parse2(tokens) {
        Ok(file) => file,
        Err(error) => {
            panic!("internal error: the generator emitted invalid Rust for {source}: {error}")
        }
    };
    layout::unparse_file(file)
}

/// prettyplease puts items back to back; a blank line between them reads better.
fn separate_items(text: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "#[",
        "///",
        "pub ",
        "impl",
        "fn ",
        "async fn ",
        "mod ",
        "struct ",
        "enum ",
        "type ",
        "static ",
        "const ",
        "use ",
    ];
    const ONE_LINERS: &[&str] = &["pub struct ", "pub type ", "type ", "const "];
    let is_use = |trimmed: &str| trimmed.starts_with("use ") || trimmed.starts_with("pub use ");
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // The previous line, trimmed, and its indent.
    let mut previous: Option<(&str, usize)> = None;
    // Whether the previous line is a one-line declaration with a doc
    // comment: the list starts after it, so its doc reads as its own.
    let mut previous_documented = false;
    let mut documented = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some((previous, previous_indent)) = previous {
            let previous_ends_item =
                previous.trim_end() == "}" || (previous.trim_end().ends_with(';') && !previous.starts_with("//"));
            // A macro in item position, such as `crate::support::json_object! {`.
            let item_macro = indent == 0 && trimmed.starts_with("crate::");
            let starts_item = item_macro || ITEM_STARTS.iter().any(|start| trimmed.starts_with(start));
            let top_level_use = is_use(previous) && is_use(trimmed);
            // A run of one-line declarations is a list: unit structs of
            // `rules`, undocumented aliases, or an impl's associated type
            // and constant.
            let one_liner =
                |line: &str| line.trim_end().ends_with(';') && ONE_LINERS.iter().any(|start| line.starts_with(start));
            let listed = one_liner(previous) && one_liner(trimmed) && !previous_documented;
            if previous_ends_item
                && starts_item
                && indent == previous_indent
                && !top_level_use
                && !listed
                && !previous.is_empty()
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous_documented = documented && trimmed.ends_with(';');
        documented = trimmed.starts_with("///");
        previous = Some((trimmed, indent));
    }
    out
}
