//! `cargo run -p generator`: regenerate the `generated` crate from `spec/`,
//! or with `--check` verify that it is fresh.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// Generates Rust types from the OpenAPI specs in a directory.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Write nothing; exit 1 and show a diff when the output is stale.
    #[arg(long)]
    check: bool,
    /// Directory of the specs (`*.yaml`, `*.yml`, `*.json`).
    #[arg(long, default_value_os_t = workspace_dir().join("spec"))]
    spec_dir: PathBuf,
    /// Root of the generated crate.
    #[arg(long, default_value_os_t = workspace_dir().join("generated"))]
    out_dir: PathBuf,
}

fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ is inside the workspace").to_path_buf()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let files = match generator::spec_files(&cli.spec_dir).and_then(|specs| generator::generate(&specs)) {
        Ok(files) => files,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("error: {diagnostic}");
            }
            eprintln!("{} error(s); nothing was written", diagnostics.len());
            return ExitCode::FAILURE;
        }
    };
    if cli.check {
        return match generator::check_files(&cli.out_dir, &files) {
            Ok(stale) if stale.is_empty() => ExitCode::SUCCESS,
            Ok(stale) => {
                for file in &stale {
                    eprintln!("stale: {}\n{}", file.path.display(), file.diff);
                }
                eprintln!("{} is stale: run `cargo run -p generator` and commit the result", cli.out_dir.display());
                ExitCode::FAILURE
            }
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", cli.out_dir.display());
                ExitCode::FAILURE
            }
        };
    }
    match generator::write_files(&cli.out_dir, &files) {
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
            eprintln!("error: cannot write {}: {error}", cli.out_dir.display());
            ExitCode::FAILURE
        }
    }
}
