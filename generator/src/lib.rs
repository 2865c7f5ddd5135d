//! An OpenAPI 3.0 to Rust generator: types with the spec's exact semantics
//! (nullability, readOnly/writeOnly splits, constraints, `oneOf`).
//!
//! The pipeline, one module each: `load` → `check` → `lower` (into
//! `model`) → `emit` → `write`. Errors are collected per phase and reported
//! together; nothing is written unless every spec is clean.

mod check;
mod diagnostic;
mod emit;
mod load;
mod locate;
mod lower;
mod model;
mod write;

pub use diagnostic::Diagnostic;
pub use write::{check as check_files, write as write_files, GeneratedFile, StaleFile, WriteReport};

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

/// Generates the files of a crate from `specs`: `src/lib.rs`, `src/support.rs`
/// and one module per spec, named after the file.
pub fn generate(specs: &[PathBuf]) -> Result<Vec<GeneratedFile>, Vec<Diagnostic>> {
    let modules = emit::crate_modules(&lower_all(specs)?);
    Ok(write::render_files(&modules))
}

/// Generates the same code as one file to `include!`, e.g. from a `build.rs`
/// into `OUT_DIR`. It holds `pub mod support` and one module per spec, so
/// include it at the crate root.
pub fn generate_inline(specs: &[PathBuf]) -> Result<String, Vec<Diagnostic>> {
    let modules = emit::crate_modules(&lower_all(specs)?);
    Ok(write::render_inline(&modules))
}

/// Loads, checks and lowers every spec, collecting every spec's errors.
fn lower_all(specs: &[PathBuf]) -> Result<Vec<model::Api>, Vec<Diagnostic>> {
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
        Ok(apis)
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
