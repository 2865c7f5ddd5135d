//! The one-line `build.rs`: generate into `OUT_DIR`, and tell cargo what to
//! watch and what went wrong.

use std::io::{self, Write};
use std::path::Path;

/// The whole of a `build.rs` that generates the specs of `spec_dir` into
/// `$OUT_DIR/{file_name}`. It tells cargo to run the build script again when
/// a file in `spec_dir` (or a file a spec references) changes, and reports
/// spec errors as `cargo::error`, which fails the build, and warnings (a
/// looser type for a construct with no exact one) as `cargo::warning`.
///
/// ```no_run
/// // The body of `fn main` in build.rs:
/// generator::build_script("spec", "apis.rs");
/// ```
/// and in `src/lib.rs`: `include!(concat!(env!("OUT_DIR"), "/apis.rs"));`
pub fn build_script(spec_dir: impl AsRef<Path>, file_name: &str) {
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    run(spec_dir.as_ref(), Path::new(&out_dir), file_name, &mut io::stdout().lock())
        .expect("cargo reads a build script's standard output");
}

/// [`build_script`], writing its instructions for cargo to `cargo`.
fn run(spec_dir: &Path, out_dir: &Path, file_name: &str, cargo: &mut impl Write) -> io::Result<()> {
    // The directory itself, so that adding or removing a spec reruns too.
    writeln!(cargo, "cargo::rerun-if-changed={}", spec_dir.display())?;
    let generated = crate::read_settings(spec_dir).and_then(|settings| {
        let options = crate::Options { allow: settings.allow, ..crate::Options::default() };
        crate::spec_files(spec_dir).and_then(|specs| crate::generate_inline_watching(&specs, &options))
    });
    let (generated, read) = match generated {
        Ok(generated) => generated,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                report(cargo, diagnostic)?;
            }
            return Ok(());
        }
    };
    for warning in &generated.warnings {
        report(cargo, warning)?;
    }
    for file in read {
        writeln!(cargo, "cargo::rerun-if-changed={}", file.display())?;
    }
    let target = out_dir.join(file_name);
    if let Err(error) = std::fs::write(&target, generated.code) {
        writeln!(cargo, "cargo::error=cannot write {}: {error}", target.display())?;
    }
    Ok(())
}

/// `cargo::warning=[loose-type] spec/x.yaml:3:5: at #/...: ...`, on one line.
fn report(cargo: &mut impl Write, diagnostic: &crate::Diagnostic) -> io::Result<()> {
    let kind = diagnostic.kind.map(|kind| format!("[{kind}] ")).unwrap_or_default();
    let line = diagnostic.to_string().replace('\n', " ");
    writeln!(cargo, "cargo::{}={kind}{line}", diagnostic.severity.label())
}

#[cfg(test)]
mod tests {
    use super::run;
    use std::path::{Path, PathBuf};

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("generator-build-script-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("spec")).unwrap();
        dir
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests").join(name)
    }

    #[test]
    fn watches_the_directory_and_every_spec_and_writes_the_code() {
        let dir = scratch("clean");
        for name in ["one_of.yaml", "read_write.yaml"] {
            std::fs::copy(fixture("fixtures").join(name), dir.join("spec").join(name)).unwrap();
        }
        let mut cargo = Vec::new();
        run(&dir.join("spec"), &dir, "apis.rs", &mut cargo).unwrap();
        let spec = dir.join("spec");
        let expected = [
            format!("cargo::rerun-if-changed={}", spec.display()),
            format!("cargo::rerun-if-changed={}", spec.join("one_of.yaml").display()),
            format!("cargo::rerun-if-changed={}", spec.join("read_write.yaml").display()),
        ];
        assert_eq!(String::from_utf8(cargo).unwrap().lines().collect::<Vec<_>>(), expected);
        let code = std::fs::read_to_string(dir.join("apis.rs")).unwrap();
        assert!(code.contains("pub mod one_of {") && code.contains("pub mod read_write {"));
    }

    #[test]
    fn watches_the_other_files_a_spec_refers_to() {
        let dir = scratch("split");
        std::fs::copy(fixture("fixtures/split.yaml"), dir.join("spec/split.yaml")).unwrap();
        std::fs::create_dir_all(dir.join("spec/parts")).unwrap();
        for part in std::fs::read_dir(fixture("fixtures/parts")).unwrap() {
            let part = part.unwrap().path();
            std::fs::copy(&part, dir.join("spec/parts").join(part.file_name().unwrap())).unwrap();
        }
        let mut cargo = Vec::new();
        run(&dir.join("spec"), &dir, "apis.rs", &mut cargo).unwrap();
        let cargo = String::from_utf8(cargo).unwrap();
        for part in ["common.yaml", "owner.yaml", "pet.yaml", "pets-path.yaml", "responses.yaml"] {
            let watched = cargo.lines().any(|line| {
                line.starts_with("cargo::rerun-if-changed=") && line.ends_with(&format!("spec/parts/{part}"))
            });
            assert!(watched, "{part} is not watched:\n{cargo}");
        }
    }

    #[test]
    fn spec_errors_become_cargo_errors() {
        let dir = scratch("broken");
        std::fs::copy(fixture("broken/many_errors.yaml"), dir.join("spec/many.yaml")).unwrap();
        let mut cargo = Vec::new();
        run(&dir.join("spec"), &dir, "apis.rs", &mut cargo).unwrap();
        let cargo = String::from_utf8(cargo).unwrap();
        let findings: Vec<&str> = cargo.lines().skip(1).collect();
        assert!(findings.iter().all(|l| l.starts_with("cargo::error=") || l.starts_with("cargo::warning=")), "{cargo}");
        assert!(findings.iter().filter(|l| l.starts_with("cargo::error=")).count() > 1, "every error: {cargo}");
        assert!(
            cargo.contains("cargo::warning=[unchecked] ") && cargo.contains("is not checked"),
            "warnings too: {cargo}"
        );
        assert!(cargo.contains("many.yaml:18:21: at #/components/schemas/User/properties/age/type"), "{cargo}");
        assert!(!dir.join("apis.rs").exists());
    }

    #[test]
    fn the_kinds_generator_yaml_allows_are_not_reported() {
        let dir = scratch("allowed");
        std::fs::copy(fixture("warnings/wrong_default.yaml"), dir.join("spec/wrong_default.yaml")).unwrap();
        let warnings = |dir: &Path| {
            let mut cargo = Vec::new();
            run(&dir.join("spec"), dir, "apis.rs", &mut cargo).unwrap();
            String::from_utf8(cargo).unwrap().lines().filter(|l| l.starts_with("cargo::warning=")).count()
        };
        assert_eq!(warnings(&dir), 6);
        std::fs::write(dir.join("spec").join(crate::SETTINGS_FILE), "warnings: {allow: [default]}\n").unwrap();
        assert_eq!(warnings(&dir), 0);
        assert!(dir.join("apis.rs").exists());
    }
}
