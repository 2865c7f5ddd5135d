//! An OpenAPI (3.0, 3.1, Swagger 2.0) to Rust generator: types with the spec's exact semantics
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
mod ecma_regex;
mod emit;
mod load;
mod locate;
mod lower;
mod model;
mod write;

pub use build_script::build_script;
pub use crate_name::CrateName;
pub use diagnostic::{Diagnostic, Severity};
pub use write::{
    check as check_files, existing_crate_name, write as write_files, GeneratedFile, StaleFile, WriteReport,
};

use std::path::{Path, PathBuf};

/// The spec files of a directory (`*.yaml`, `*.yml`, `*.json`), sorted by name.
pub fn spec_files(spec_dir: &Path) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let entries = std::fs::read_dir(spec_dir).map_err(|error| {
        vec![Diagnostic::file_error(spec_dir, None, format!("cannot read the spec directory: {error}"))]
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "yaml" | "yml" | "json")))
        .collect();
    files.sort();
    Ok(files)
}

/// A generated crate, and what its types lose against the specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    /// Constructs of valid specs that got a looser Rust type, each located.
    pub warnings: Vec<Diagnostic>,
}

/// Generated code in one file, and what its types lose against the specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedInline {
    pub code: String,
    pub warnings: Vec<Diagnostic>,
}

/// Generates the files of a crate named `crate_name` from `specs`:
/// `Cargo.toml`, `src/lib.rs`, `src/support/` and one module per spec, named
/// after the file. `Cargo.toml` has parts the user owns; [`write_files`]
/// and [`check_files`] keep them. On error, the error list also holds the
/// warnings found so far.
pub fn generate(specs: &[PathBuf], crate_name: &CrateName) -> Result<Generated, Vec<Diagnostic>> {
    generate_with(specs, crate_name, &Options::default())
}

/// What [`generate_with`] writes beyond the crate itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Also write `tests/examples.rs`: every JSON example of the specs, read
    /// into its type and written back, so `cargo test` shows where the
    /// types (or the examples) are wrong.
    pub example_tests: bool,
}

/// [`generate`], with [`Options`].
pub fn generate_with(
    specs: &[PathBuf],
    crate_name: &CrateName,
    options: &Options,
) -> Result<Generated, Vec<Diagnostic>> {
    let lowered = lower_all(specs)?;
    let spec_dir = spec_dir_label(specs);
    let files = guarded(specs, || {
        let modules = emit::crate_modules(&lowered.apis, &spec_dir);
        let (rendered, usage) = write::render_files(&modules);
        let manifest = emit::manifest(&usage, &lowered.apis, crate_name.as_str(), &spec_dir);
        let mut files = vec![GeneratedFile { path: PathBuf::from("Cargo.toml"), contents: manifest }];
        files.extend(rendered);
        if options.example_tests {
            if let Some(items) = emit::examples_test(&lowered.apis, crate_name.as_str()) {
                files.push(write::render_test("tests/examples.rs", &spec_dir, items));
            }
        }
        files
    })?;
    Ok(Generated { files, warnings: lowered.warnings })
}

/// Generates the same code as one file to `include!`, e.g. from a `build.rs`
/// into `OUT_DIR`. It holds `pub mod support` and one module per spec, so
/// include it at the crate root. The including crate needs the dependencies
/// and the `server` and `client` features that [`generate`] writes into a
/// `Cargo.toml`.
pub fn generate_inline(specs: &[PathBuf]) -> Result<GeneratedInline, Vec<Diagnostic>> {
    generate_inline_watching(specs).map(|(generated, _)| generated)
}

/// [`generate_inline`], and the files it read.
pub(crate) fn generate_inline_watching(specs: &[PathBuf]) -> Result<(GeneratedInline, Vec<PathBuf>), Vec<Diagnostic>> {
    let lowered = lower_all(specs)?;
    let code = guarded(specs, || write::render_inline(&emit::crate_modules(&lowered.apis, &spec_dir_label(specs))))?;
    Ok((GeneratedInline { code, warnings: lowered.warnings }, lowered.read))
}

/// Runs emission, which trusts the model: a panic there is a bug of the
/// generator, reported as an error naming the specs instead of a crash.
fn guarded<T>(specs: &[PathBuf], emit: impl FnOnce() -> T) -> Result<T, Vec<Diagnostic>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(emit)).map_err(|payload| {
        let cause = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("unknown cause");
        let file = specs.first().map_or_else(PathBuf::new, Clone::clone);
        let message = format!("internal error of the generator, please report it with the spec: {cause}");
        vec![Diagnostic::file_error(&file, None, message)]
    })
}

/// How output names the directory of `specs`: `spec/`.
fn spec_dir_label(specs: &[PathBuf]) -> String {
    let dir = specs.first().and_then(|spec| spec.parent()).and_then(|dir| dir.file_name());
    match dir {
        Some(dir) => format!("{}/", dir.to_string_lossy()),
        None => "the given specs".to_owned(),
    }
}

/// The model of every spec, with what was read and found on the way.
struct Lowered {
    apis: Vec<model::Api>,
    /// Every file read: the specs and the files their `$ref`s name.
    read: Vec<PathBuf>,
    warnings: Vec<Diagnostic>,
}

/// Loads, checks and lowers every spec, collecting every spec's findings.
fn lower_all(specs: &[PathBuf]) -> Result<Lowered, Vec<Diagnostic>> {
    let mut apis = Vec::new();
    let mut found = Vec::new();
    let mut read = specs.to_vec();
    let mut failed = false;
    for path in specs {
        match lower_one(path, &mut found, &mut read) {
            Some(api) => apis.push(api),
            None => failed = true,
        }
    }
    let mut modules: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for api in &apis {
        if let Some(first) = modules.insert(&api.module, &api.source) {
            failed = true;
            found.push(Diagnostic::file_error(
                Path::new(&api.source),
                None,
                format!("module name `{}` is also taken by {first}; rename one of the files", api.module),
            ));
        }
    }
    found.sort_by(|a, b| {
        (a.severity, &a.file, a.line_column, &a.pointer, &a.message).cmp(&(
            b.severity,
            &b.file,
            b.line_column,
            &b.pointer,
            &b.message,
        ))
    });
    if failed {
        Err(found)
    } else {
        read.sort();
        read.dedup();
        Ok(Lowered { apis, read, warnings: found })
    }
}

/// How a spec is named in output: its directory and file name (`spec/awx.yaml`),
/// the same on every machine.
fn display_name(path: &Path) -> String {
    let parts: Vec<_> = path.components().rev().take(2).collect();
    parts.iter().rev().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// One spec's model, or `None` after an error; every finding goes to
/// `found`, every other file it reads to `read`.
fn lower_one(path: &Path, found: &mut Vec<Diagnostic>, read: &mut Vec<PathBuf>) -> Option<model::Api> {
    let mut spec = match load::load(path) {
        Ok(spec) => {
            read.extend(spec.external_files.iter().cloned());
            spec
        }
        Err(errors) => {
            found.extend(errors);
            return None;
        }
    };
    spec.display_name = display_name(path);
    // One collector for the checks and lowering, so the text is scanned
    // for line:column once.
    let mut diagnostics = diagnostic::Diagnostics::new(path);
    for (pointer, message) in std::mem::take(&mut spec.conversion_warnings) {
        diagnostics.warning(pointer, message);
    }
    // A JSON spec is read straight from its text, on a second thread while
    // the checks run: most need no repair, and the rest mostly a few inside
    // some schemas, made in place; other repairs take the tree.
    let unrepaired = load::unrepaired_document(&spec);
    let repairs = check::check(&spec.raw, &mut diagnostics);
    // Nothing reads the checks' tree again: freeing it (GitHub's is a
    // tenth of the run's instructions) is left to a thread of its own,
    // while this one reads the document and lowers it.
    // (Should the system refuse a thread, the tree is freed here.)
    let raw = std::mem::take(&mut spec.raw);
    let _ = std::thread::Builder::new().spawn(move || drop(raw));
    // Lowering trusts what the checks establish, so it runs only on clean
    // documents; the reading beside the checks is not waited for.
    if diagnostics.has_errors() {
        found.extend(diagnostics.finish(&spec.text, &spec.origins).unwrap_or_else(|all| all));
        return None;
    }
    // (No repair at all is none outside the schemas, too.)
    let in_place = repairs.schemas_touched().is_some();
    let unrepaired = match unrepaired {
        Some(reading) if in_place => reading.document(),
        _ => None,
    };
    let document = match unrepaired {
        Some(document) if repairs.is_empty() => Some(document),
        Some(document) => load::repaired_in_place(&spec, &repairs, document),
        None => None,
    };
    let document = match document {
        Some(document) => document,
        None => match document_from_tree(path, &mut spec, repairs) {
            Ok(document) => document,
            Err(errors) => {
                found.extend(diagnostics.finish(&spec.text, &spec.origins).unwrap_or_else(|all| all));
                found.extend(errors);
                return None;
            }
        },
    };
    let api = lower::lower(&spec, &document, &mut diagnostics);
    match diagnostics.finish(&spec.text, &spec.origins) {
        Ok(warnings) => {
            found.extend(warnings);
            Some(api.expect("lowering without errors yields an API"))
        }
        Err(all) => {
            found.extend(all);
            None
        }
    }
}

/// The document through the order-keeping tree, repaired.
fn document_from_tree(
    path: &Path,
    spec: &mut load::LoadedSpec,
    repairs: check::Repairs,
) -> Result<openapiv3::OpenAPI, Vec<Diagnostic>> {
    let mut tree = load::tree(path, spec)?;
    repairs.apply(&mut tree);
    load::document(path, &spec.text, &spec.origins, tree)
}

#[cfg(test)]
mod tests {
    use super::{check, diagnostic, document_from_tree, load};
    use std::path::PathBuf;

    /// `minItems` on a string and keywords beside an `allOf`: repairs
    /// inside two component schemas, and a schema they leave be.
    const REPAIRED_INSIDE_SCHEMAS: &str = r##"{
      "openapi": "3.0.3",
      "info": {"title": "t", "version": "1"},
      "paths": {},
      "components": {"schemas": {
        "Zone": {"type": "object", "properties": {
          "tags": {"type": "array", "items": {"type": "string", "minItems": 1}},
          "owner": {"$ref": "#/components/schemas/Owner"}}},
        "Owner": {"allOf": [{"$ref": "#/components/schemas/Base"}],
          "properties": {"name": {"type": "string"}}, "required": ["name"]},
        "Base": {"type": "object", "properties": {"id": {"type": "integer"}}}
      }}
    }"##;

    #[test]
    fn repairs_made_in_place_read_as_the_whole_repaired_tree_does() {
        let dir = std::env::temp_dir().join(format!("generator-in-place-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("spec.json");
        std::fs::write(&path, REPAIRED_INSIDE_SCHEMAS).unwrap();
        let mut spec = load::load(&path).unwrap_or_else(|_| panic!("the spec loads"));
        let repairs = check::check(&spec.raw, &mut diagnostic::Diagnostics::new(&path));
        assert_eq!(repairs.schemas_touched().unwrap().into_iter().collect::<Vec<_>>(), ["Owner", "Zone"]);
        let reading = load::unrepaired_document(&spec).expect("read from the text");
        let unrepaired = reading.document().expect("openapiv3 reads it unrepaired");
        let in_place = load::repaired_in_place(&spec, &repairs, unrepaired.clone()).expect("made in place");
        assert_ne!(in_place, unrepaired, "the repairs change the document");
        let whole = document_from_tree(&path, &mut spec, repairs).unwrap_or_else(|_| panic!("the tree repairs"));
        assert_eq!(in_place, whole);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_panic_in_emission_is_an_internal_error_not_a_crash() {
        let specs = [PathBuf::from("spec/x.yaml")];
        let errors = super::guarded(&specs, || -> () { panic!("invalid identifier `1a`") }).unwrap_err();
        assert_eq!(errors[0].file, specs[0]);
        assert!(errors[0].message.ends_with("please report it with the spec: invalid identifier `1a`"));
        assert_eq!(super::guarded(&specs, || 7).unwrap(), 7);
    }
}
