//! An OpenAPI (3.0, 3.1, Swagger 2.0) to Rust generator: types with the spec's exact semantics
//! (nullability, readOnly/writeOnly splits, constraints, `oneOf`), axum
//! servers and reqwest clients, as a crate of its own ([`generate`]) or one
//! file for a `build.rs` ([`build_script`], [`generate_inline`]).
//!
//! The pipeline, one module each, each importing only those before it and
//! small leaves (`json_pointer`, `names`, `locate`, `diagnostic`):
//! `load` → `check` → `repair` → `lower` (into `model`) → `emit` →
//! `render` → `write`. Errors are collected per stage and reported
//! together; nothing is written unless every spec is clean. The map is
//! `generator/ARCHITECTURE.md`.

mod build_script;
mod check;
mod crate_name;
mod diagnostic;
mod ecma_regex;
mod emit;
mod json_pointer;
mod load;
mod locate;
mod lower;
mod model;
mod names;
mod render;
mod repair;
mod settings;
mod write;

pub use build_script::build_script;
pub use crate_name::CrateName;
pub use diagnostic::{Concern, Diagnostic, Severity, WarningKind};
pub use emit::Feature;
pub use render::GeneratedFile;
pub use settings::{read_settings, Settings, SETTINGS_FILE};
pub use write::{check as check_files, existing_crate_name, write as write_files, StaleFile, WriteReport};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The spec files of a directory (`*.yaml`, `*.yml`, `*.json` but
/// [`SETTINGS_FILE`]), sorted by name.
pub fn spec_files(spec_dir: &Path) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let entries = std::fs::read_dir(spec_dir).map_err(|error| {
        vec![Diagnostic::file_error(spec_dir, None, format!("cannot read the spec directory: {error}"))]
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "yaml" | "yml" | "json")))
        .filter(|path| path.file_name().is_some_and(|name| name != SETTINGS_FILE))
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
    /// Also write `tests/contract.rs`, behind a `contract` feature: a test
    /// per operation that calls it through the client against the server
    /// at `CONTRACT_URL` (a validating mock, a test deployment).
    pub contract_tests: bool,
    /// Kinds of warnings left out of [`Generated::warnings`] (and of the
    /// warnings beside the errors): the user has judged them.
    pub allow: BTreeSet<WarningKind>,
    /// The parts not to emit (`--emit` lists the others): their code, their
    /// cargo feature and dependencies, and the warnings that concern only
    /// them (the server's answers, when the server is omitted). A part
    /// another needs is kept with it (the mock serves with the server).
    pub omit: BTreeSet<Feature>,
    /// The module of a spec, by its path as given, when it is not to be
    /// named after the file (`--spec NAME=FILE`).
    pub module_names: BTreeMap<PathBuf, String>,
}

impl Options {
    /// The diagnostics but the warnings of the allowed kinds and of omitted parts.
    fn reported(&self, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let omitted = self.omitted();
        diagnostics.retain(|diagnostic| {
            diagnostic.kind.is_none_or(|kind| {
                let server_omitted = kind.concern() == Concern::Server && omitted.contains(&Feature::Server);
                !self.allow.contains(&kind) && !server_omitted
            })
        });
        diagnostics
    }

    /// [`Options::omit`] but the features an emitted one requires; with
    /// `tracing` where there is neither a server nor a client to trace.
    fn omitted(&self) -> BTreeSet<Feature> {
        let required: BTreeSet<Feature> = Feature::ALL
            .into_iter()
            .filter(|feature| !self.omit.contains(feature))
            .flat_map(|feature| feature.requires().iter().copied())
            .collect();
        let mut omitted: BTreeSet<Feature> = self.omit.difference(&required).copied().collect();
        if omitted.contains(&Feature::Server) && omitted.contains(&Feature::Client) {
            omitted.insert(Feature::Tracing);
        }
        omitted
    }
}

/// [`generate`], with [`Options`].
pub fn generate_with(
    specs: &[PathBuf],
    crate_name: &CrateName,
    options: &Options,
) -> Result<Generated, Vec<Diagnostic>> {
    let lowered = lower_all(specs, options).map_err(|found| options.reported(found))?;
    let spec_dir = spec_dir_label(specs);
    let files = guarded(specs, || {
        let omitted = options.omitted();
        let modules = emit::crate_modules(&lowered.apis, &spec_dir, &omitted);
        // Contract tests call the client.
        let contract = options.contract_tests.then(|| emit::contract_test(&lowered.apis, crate_name.as_str()));
        let contract = contract.flatten().filter(|_| !omitted.contains(&Feature::Client));
        let manifest = render::Manifest { omitted: &omitted, contract_feature: contract.is_some() };
        let mut files = render::crate_files(&modules, &lowered.apis, crate_name.as_str(), &spec_dir, &manifest);
        if let Some(items) = contract {
            files.push(render::render_test("tests/contract.rs", &spec_dir, items));
        }
        if options.example_tests {
            if let Some(items) = emit::examples_test(&lowered.apis, crate_name.as_str()) {
                files.push(render::render_test("tests/examples.rs", &spec_dir, items));
            }
        }
        files
    })?;
    Ok(Generated { files, warnings: options.reported(lowered.warnings) })
}

/// Generates the same code as one file to `include!`, e.g. from a `build.rs`
/// into `OUT_DIR`. It holds `pub mod support` and one module per spec, so
/// include it at the crate root. The including crate needs the dependencies
/// and the `server` and `client` features that [`generate`] writes into a
/// `Cargo.toml`.
pub fn generate_inline(specs: &[PathBuf]) -> Result<GeneratedInline, Vec<Diagnostic>> {
    generate_inline_watching(specs, &Options::default()).map(|(generated, _)| generated)
}

/// [`generate_inline`] with the warnings `options` allow left out, and the
/// files it read.
pub(crate) fn generate_inline_watching(
    specs: &[PathBuf],
    options: &Options,
) -> Result<(GeneratedInline, Vec<PathBuf>), Vec<Diagnostic>> {
    let lowered = lower_all(specs, options).map_err(|found| options.reported(found))?;
    let code = guarded(specs, || {
        render::render_inline(&emit::crate_modules(&lowered.apis, &spec_dir_label(specs), &BTreeSet::new()))
    })?;
    Ok((GeneratedInline { code, warnings: options.reported(lowered.warnings) }, lowered.read))
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
fn lower_all(specs: &[PathBuf], options: &Options) -> Result<Lowered, Vec<Diagnostic>> {
    let mut apis = Vec::new();
    let mut found = Vec::new();
    let mut read = specs.to_vec();
    let mut failed = false;
    for path in specs {
        match lower_one(path, options.module_names.get(path), &mut found, &mut read) {
            Some(api) => apis.push(api),
            None => failed = true,
        }
    }
    let mut modules: BTreeMap<&str, &str> = BTreeMap::new();
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

/// One spec's model, or `None` after an error; its module is `name`, else
/// named after the file; every finding goes to `found`, every other file it
/// reads to `read`. The stages, in order.
fn lower_one(
    path: &Path,
    name: Option<&String>,
    found: &mut Vec<Diagnostic>,
    read: &mut Vec<PathBuf>,
) -> Option<model::Api> {
    // One collector for every stage, so the text is scanned for
    // line:column once.
    let mut diagnostics = diagnostic::Diagnostics::new(path);
    let mut spec = load::load(path, &mut diagnostics).map_err(|errors| found.extend(errors)).ok()?;
    read.extend(spec.external_files.iter().cloned());
    if let Some(name) = name {
        spec.stem.clone_from(name);
    }
    let repairs = check::check(spec.raw.take(), &mut diagnostics);
    // Lowering trusts what the checks establish: it runs only on clean
    // documents (a reading beside the checks is not waited for).
    if diagnostics.has_errors() {
        found.extend(diagnostics.finish(&spec.text, &spec.origins).unwrap_or_else(|all| all));
        return None;
    }
    let document = match repair::document(&mut spec, repairs) {
        Ok(document) => document,
        Err(errors) => {
            found.extend(diagnostics.finish(&spec.text, &spec.origins).unwrap_or_else(|all| all));
            found.extend(errors);
            return None;
        }
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn a_panic_in_emission_is_an_internal_error_not_a_crash() {
        let specs = [PathBuf::from("spec/x.yaml")];
        let errors = super::guarded(&specs, || -> () { panic!("invalid identifier `1a`") }).unwrap_err();
        assert_eq!(errors[0].file, specs[0]);
        assert!(errors[0].message.ends_with("please report it with the spec: invalid identifier `1a`"));
        assert_eq!(super::guarded(&specs, || 7).unwrap(), 7);
    }
}
