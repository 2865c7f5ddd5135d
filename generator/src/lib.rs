//! An OpenAPI 3.0 to Rust generator: types with the spec's exact semantics
//! (nullability, readOnly/writeOnly splits, constraints, `oneOf`), axum
//! servers and reqwest clients, as a crate of its own ([`generate`]) or one
//! file for a `build.rs` ([`build_script`], [`generate_inline`]).
//!
//! The pipeline, one module each: `load` → `check` → `lower` (into
//! `model`) → `emit` → `write`. Errors are collected per phase and reported
//! together; nothing is written unless every spec is clean.

mod build_script;
mod check;
mod crate_name;
mod diagnostic;
mod emit;
mod load;
mod locate;
mod lower;
mod model;
mod write;

pub use build_script::build_script;
pub use crate_name::CrateName;
pub use diagnostic::Diagnostic;
pub use write::{
    check as check_files, existing_crate_name, write as write_files, GeneratedFile, StaleFile, WriteReport,
};

use std::path::{Path, PathBuf};

/// The spec files of a directory (`*.yaml`, `*.yml`, `*.json`), sorted by name.
pub fn spec_files(spec_dir: &Path) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let entries = std::fs::read_dir(spec_dir).map_err(|error| {
        vec![Diagnostic {
            file: spec_dir.to_path_buf(),
            pointer: String::new(),
            line_column: None,
            message: format!("cannot read the spec directory: {error}"),
        }]
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "yaml" | "yml" | "json")))
        .collect();
    files.sort();
    Ok(files)
}

/// Generates the files of a crate named `crate_name` from `specs`:
/// `Cargo.toml`, `src/lib.rs`, `src/support/` and one module per spec, named
/// after the file. `Cargo.toml` has parts the user owns; [`write_files`]
/// and [`check_files`] keep them.
pub fn generate(specs: &[PathBuf], crate_name: &CrateName) -> Result<Vec<GeneratedFile>, Vec<Diagnostic>> {
    let (apis, _) = lower_all(specs)?;
    let spec_dir = spec_dir_label(specs);
    let modules = emit::crate_modules(&apis, &spec_dir);
    let manifest = emit::manifest(&modules, &apis, crate_name.as_str(), &spec_dir);
    let mut files = vec![GeneratedFile { path: PathBuf::from("Cargo.toml"), contents: manifest }];
    files.extend(write::render_files(&modules));
    Ok(files)
}

/// Generates the same code as one file to `include!`, e.g. from a `build.rs`
/// into `OUT_DIR`. It holds `pub mod support` and one module per spec, so
/// include it at the crate root. The including crate needs the dependencies
/// and the `server` and `client` features that [`generate`] writes into a
/// `Cargo.toml`.
pub fn generate_inline(specs: &[PathBuf]) -> Result<String, Vec<Diagnostic>> {
    generate_inline_watching(specs).map(|(code, _)| code)
}

/// [`generate_inline`], and the files it read.
pub(crate) fn generate_inline_watching(specs: &[PathBuf]) -> Result<(String, Vec<PathBuf>), Vec<Diagnostic>> {
    let (apis, read) = lower_all(specs)?;
    let modules = emit::crate_modules(&apis, &spec_dir_label(specs));
    Ok((write::render_inline(&modules), read))
}

/// How output names the directory of `specs`: `spec/`.
fn spec_dir_label(specs: &[PathBuf]) -> String {
    let dir = specs.first().and_then(|spec| spec.parent()).and_then(|dir| dir.file_name());
    match dir {
        Some(dir) => format!("{}/", dir.to_string_lossy()),
        None => "the given specs".to_owned(),
    }
}

/// Loads, checks and lowers every spec, collecting every spec's errors.
/// Also returns every file read: a spec reads no file but its own while
/// external `$ref`s are refused.
fn lower_all(specs: &[PathBuf]) -> Result<(Vec<model::Api>, Vec<PathBuf>), Vec<Diagnostic>> {
    let mut apis = Vec::new();
    let mut errors = Vec::new();
    for path in specs {
        match lower_one(path) {
            Ok(api) => apis.push(api),
            Err(found) => errors.extend(found),
        }
    }
    let mut modules: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for api in &apis {
        if let Some(first) = modules.insert(&api.module, &api.source) {
            errors.push(Diagnostic {
                file: PathBuf::from(&api.source),
                pointer: String::new(),
                line_column: None,
                message: format!("module name `{}` is also taken by {first}; rename one of the files", api.module),
            });
        }
    }
    if errors.is_empty() {
        Ok((apis, specs.to_vec()))
    } else {
        Err(errors)
    }
}

/// How a spec is named in output: its directory and file name (`spec/awx.yaml`),
/// the same on every machine.
fn display_name(path: &Path) -> String {
    let parts: Vec<_> = path.components().rev().take(2).collect();
    parts.iter().rev().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn lower_one(path: &Path) -> Result<model::Api, Vec<Diagnostic>> {
    let mut spec = load::load(path)?;
    spec.display_name = display_name(path);
    let mut diagnostics = diagnostic::Diagnostics::new(path);
    check::check(&spec.raw, &mut diagnostics);
    // Lowering trusts what the checks establish, so it runs only on clean documents.
    let checked = std::mem::replace(&mut diagnostics, diagnostic::Diagnostics::new(path));
    checked.finish(&spec.text)?;
    let api = lower::lower(&spec, &mut diagnostics);
    diagnostics.finish(&spec.text)?;
    Ok(api.expect("lowering without errors yields an API"))
}
