//! The `generator` command: write a crate from a directory of specs, or with
//! `--check` verify that it is fresh. Exit 0 when done or fresh, 1 for a spec
//! error, stale output or an I/O error, 2 for a usage error.

use clap::Parser;
use generator::{Concern, CrateName, Diagnostic, Feature, Severity, WarningKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generation allocates and frees a token per word of output on two or more
/// threads at once; mimalloc does that in two thirds of glibc's time, and
/// reuses what the loading phase freed, where glibc gives each thread an
/// arena of its own (GitHub's spec: 2.0 s and 313 MB with glibc, 1.4 s and
/// 277 MB with mimalloc).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLE: &str = "\
Example, from nothing to a built crate:
  mkdir my-specs && cp petstore.yaml my-specs/
  generator --spec-dir my-specs --out-dir my-api --crate-name my-api
  cargo build --manifest-path my-api/Cargo.toml

The crate has the features `server` (axum), `client` (reqwest) and `builders`,
all on by default; `--no-default-features` builds the types alone. In my-api/Cargo.toml,
[package] and everything after the `# ---- end of generated part` line are
yours: later runs keep them. Files under src/ that start with `// @generated`
are the generator's.

Without --spec-dir and --out-dir, the command reads spec/ and writes
generated/ of the project it runs in: the workspace whose `generator` package
`cargo run` started, or else the current directory.";

/// Generates a Rust crate (types, axum servers, reqwest clients) from the
/// OpenAPI 3.0 and 3.1 (and Swagger 2.0) specs in a directory.
#[derive(Parser)]
#[command(version, about, after_help = EXAMPLE)]
struct Cli {
    /// Write nothing; exit 1 and show a diff when the output is stale.
    #[arg(long)]
    check: bool,
    /// Directory of the specs (`*.yaml`, `*.yml`, `*.json`); one module each. [default: spec/]
    #[arg(long, conflicts_with = "spec")]
    spec_dir: Option<PathBuf>,
    /// A spec file to generate from, instead of every file of a directory
    /// (repeat it for several; the files they refer to are read too). Its
    /// module is named after the file, or NAME with `NAME=FILE`.
    #[arg(long, short = 'i', value_name = "[NAME=]FILE", value_parser = named_spec)]
    spec: Vec<(Option<String>, PathBuf)>,
    /// Root of the generated crate. [default: generated/]
    #[arg(long)]
    out_dir: Option<PathBuf>,
    /// Fail (exit 1, nothing written) when a construct of a spec got a looser
    /// Rust type than it describes, instead of warning.
    #[arg(long)]
    deny_warnings: bool,
    /// Also write tests/contract.rs: a test per operation that calls it
    /// through the client against the server at CONTRACT_URL (run with
    /// `cargo test --features contract --test contract -- --ignored`).
    #[arg(long)]
    contract_tests: bool,
    /// Also write tests/examples.rs: `cargo test` then reads every JSON example of the specs into its type and back.
    #[arg(long)]
    example_tests: bool,
    /// How warnings are printed: `summary` prints each one when there are a
    /// few, else each kind's count and first place; `all` prints every one.
    #[arg(long, value_enum, default_value_t = WarningsShown::Summary)]
    warnings: WarningsShown,
    /// The same as `--warnings all`.
    #[arg(long, hide = true)]
    all_warnings: bool,
    /// Leave out the warnings of a kind you have judged (the name in
    /// `warning[NAME]`); repeat it for several. `warnings: {allow: [NAME]}`
    /// in the spec directory's generator.yaml does the same for every run.
    #[arg(long, value_name = "KIND")]
    allow: Vec<WarningKind>,
    /// The parts to emit, beside the types: `types`, `server`, `client`,
    /// `builders`, `mock` (e.g. `--emit client,builders`). The others get no
    /// code, no cargo feature, no dependency and no warning. [default: all]
    #[arg(long, value_name = "PARTS", value_delimiter = ',', value_parser = part)]
    emit: Vec<Option<Feature>>,
    /// Package name of the generated crate. [default: the name already in OUT_DIR/Cargo.toml, else the out dir's name]
    #[arg(long)]
    crate_name: Option<CrateName>,
}

/// `--spec`'s `NAME=FILE` or `FILE`: a name has no path separator.
fn named_spec(value: &str) -> Result<(Option<String>, PathBuf), String> {
    match value.split_once('=') {
        Some((name, file)) if !name.contains(['/', '\\']) => {
            let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !plain || file.is_empty() {
                return Err(format!("{name:?} is not a module name (a letter, then letters, digits or `_`)"));
            }
            Ok((Some(name.to_owned()), PathBuf::from(file)))
        }
        _ => Ok((None, PathBuf::from(value))),
    }
}

/// A part `--emit` names: the types (always emitted), or a feature's code.
fn part(name: &str) -> Result<Option<Feature>, String> {
    match name {
        "types" => Ok(None),
        name => name.parse().map(Some),
    }
}

/// How warnings are printed.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum WarningsShown {
    Summary,
    All,
}

/// Where the default directories are, and why.
struct Project {
    root: PathBuf,
    reason: &'static str,
}

/// Resolved at run time, never baked in at build time: a binary that cargo
/// built in another checkout (shared target dir) serves the one it runs in.
fn project() -> Project {
    let started_by_cargo = std::env::var("CARGO_PKG_NAME").is_ok_and(|name| name == env!("CARGO_PKG_NAME"));
    if let (true, Some(manifest_dir)) = (started_by_cargo, std::env::var_os("CARGO_MANIFEST_DIR")) {
        if let Some(root) = Path::new(&manifest_dir).parent() {
            return Project { root: root.to_path_buf(), reason: "the workspace of the `generator` that cargo ran" };
        }
    }
    Project { root: std::env::current_dir().unwrap_or_default(), reason: "the current directory" }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let project = project();
    let (spec_dir, out_dir) = (
        cli.spec_dir.clone().unwrap_or_else(|| project.root.join("spec")),
        cli.out_dir.clone().unwrap_or_else(|| project.root.join("generated")),
    );
    let defaults_note = || {
        if (cli.spec_dir.is_none() && cli.spec.is_empty()) || cli.out_dir.is_none() {
            eprintln!(
                "note: a default directory was used: spec/ or generated/ under {} ({}); --spec-dir and --out-dir choose others",
                project.root.display(),
                project.reason
            );
        }
    };
    let crate_name = match crate_name(cli.crate_name.clone(), &out_dir) {
        Ok(name) => name,
        Err((code, error)) => {
            eprintln!("error: {error}");
            return ExitCode::from(code);
        }
    };
    // The settings beside the specs: --spec-dir's, or the first --spec's directory's.
    let settings_dir = match cli.spec.first() {
        Some((_, spec)) => spec.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => spec_dir.clone(),
    };
    let settings = generator::read_settings(&settings_dir);
    let named: Vec<PathBuf> = cli.spec.iter().map(|(_, file)| file.clone()).collect();
    let module_names: BTreeMap<PathBuf, String> =
        cli.spec.iter().filter_map(|(name, file)| Some((file.clone(), name.clone()?))).collect();
    let specs = if named.is_empty() { generator::spec_files(&spec_dir) } else { Ok(named) };
    let generated = settings.and_then(|settings| {
        let mut allow = settings.allow;
        allow.extend(cli.allow.iter().copied());
        let omit = match cli.emit.as_slice() {
            [] => BTreeSet::new(),
            emitted => Feature::PARTS.into_iter().filter(|feature| !emitted.contains(&Some(*feature))).collect(),
        };
        let options = generator::Options {
            example_tests: cli.example_tests,
            contract_tests: cli.contract_tests,
            allow,
            omit,
            module_names,
        };
        specs.and_then(|specs| generator::generate_with(&specs, &crate_name, &options))
    });
    let shown = if cli.all_warnings { WarningsShown::All } else { cli.warnings };
    let settings_file = settings_dir.join(generator::SETTINGS_FILE);
    let report = |diagnostics: &[Diagnostic]| report(diagnostics, shown, &settings_file);
    let files = match generated {
        Ok(generated) if cli.deny_warnings && !generated.warnings.is_empty() => {
            report(&generated.warnings);
            eprintln!("{} warning(s) denied by --deny-warnings; nothing was written", generated.warnings.len());
            return ExitCode::FAILURE;
        }
        Ok(generated) => {
            report(&generated.warnings);
            generated.files
        }
        Err(diagnostics) => {
            report(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            eprintln!("{errors} error(s); nothing was written");
            defaults_note();
            return ExitCode::FAILURE;
        }
    };
    if cli.check {
        return match generator::check_files(&out_dir, &files) {
            Ok(stale) if stale.is_empty() => ExitCode::SUCCESS,
            Ok(stale) => {
                for file in &stale {
                    eprintln!("stale: {}\n{}", file.path.display(), file.diff);
                }
                eprintln!(
                    "{} is stale: run `cargo run -p generator` (or this command without --check) and commit the result",
                    out_dir.display()
                );
                ExitCode::FAILURE
            }
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", out_dir.display());
                defaults_note();
                ExitCode::FAILURE
            }
        };
    }
    match generator::write_files(&out_dir, &files) {
        Ok(report) => {
            for path in &report.written {
                println!("wrote {}", path.display());
            }
            for path in &report.removed {
                println!("removed {}", path.display());
            }
            println!("{} file(s) written, {} unchanged", report.written.len(), report.unchanged.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", out_dir.display());
            defaults_note();
            ExitCode::FAILURE
        }
    }
}

/// Prints the diagnostics: every error, and every warning when there are
/// a few or `shown` is `All`. Otherwise a summary, a kind at a time (what the
/// types lose first, the server's answers apart and last): its count, what
/// it is and its first place, so that the one warning about a lost type is
/// not drowned by a hundred undocumented statuses.
fn report(diagnostics: &[Diagnostic], shown: WarningsShown, settings_file: &Path) {
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diagnostics.iter().partition(|diagnostic| diagnostic.severity == Severity::Error);
    for error in errors {
        eprintln!("error: {error}");
    }
    if shown == WarningsShown::All || warnings.len() <= LISTED_UP_TO {
        for warning in warnings {
            eprintln!("warning{}: {warning}", kind_label(warning.kind));
        }
        return;
    }
    let mut by_kind: BTreeMap<Option<WarningKind>, Vec<&Diagnostic>> = BTreeMap::new();
    for warning in &warnings {
        by_kind.entry(warning.kind).or_default().push(warning);
    }
    for (kind, found) in &by_kind {
        let label = kind_label(*kind);
        match found.as_slice() {
            [only] => eprintln!("warning{label}: {only}"),
            [first, ..] => {
                let about = kind.map_or("", WarningKind::about);
                let server = if kind.is_some_and(|kind| kind.concern() == Concern::Server) {
                    ", about the generated server's answers"
                } else {
                    ""
                };
                eprintln!("warning{label}: {} warnings{server}: {about}; the first:\n  {first}", found.len());
            }
            [] => {}
        }
    }
    eprintln!(
        "note: {} warnings of {} kinds, a kind at a time; `--warnings all` prints every one, and `--allow KIND` \
         (or `warnings: {{allow: [KIND]}}` in {}) leaves a kind out",
        warnings.len(),
        by_kind.len(),
        settings_file.display()
    );
}

/// Up to this many warnings are all printed, without a summary.
const LISTED_UP_TO: usize = 10;

/// `[loose-type]`: the name `--allow` takes.
fn kind_label(kind: Option<WarningKind>) -> String {
    kind.map(|kind| format!("[{kind}]")).unwrap_or_default()
}

/// `--crate-name`, else the name the crate already has, else the out dir's;
/// or the exit code (1 for I/O, 2 for usage) and why.
fn crate_name(given: Option<CrateName>, out_dir: &Path) -> Result<CrateName, (u8, String)> {
    if let Some(name) = given {
        return Ok(name);
    }
    let existing = generator::existing_crate_name(out_dir).map_err(|error| (1, format!("cannot read: {error}")))?;
    let named = match existing {
        Some(name) => CrateName::new(&name).map_err(|error| {
            format!("{error} (read from {}); pass --crate-name", out_dir.join("Cargo.toml").display())
        }),
        None => CrateName::from_out_dir(out_dir).map_err(|error| format!("{error}; pass --crate-name")),
    };
    named.map_err(|error| (2, error))
}
