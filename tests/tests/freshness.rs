//! `generated/` must be exactly what the generator makes of `spec/`, and
//! making it must give the same bytes every time.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the workspace").to_path_buf()
}

#[test]
fn generated_crate_is_fresh() {
    let specs = generator::spec_files(&workspace().join("spec")).unwrap();
    let files = generator::generate(&specs, &crate_name()).unwrap_or_else(|errors| panic!("{errors:#?}")).files;
    let stale = generator::check_files(&workspace().join("generated"), &files).unwrap();
    let diffs: Vec<String> = stale.iter().map(|s| s.diff.clone()).collect();
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo run -p generator` and commit the result.\n{}",
        diffs.join("\n")
    );
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let specs = generator::spec_files(&workspace().join("spec")).unwrap();
    let first = generator::generate(&specs, &crate_name()).unwrap();
    let second = generator::generate(&specs, &crate_name()).unwrap();
    assert_eq!(first, second);
    let fixtures = generator::spec_files(Path::new("fixtures")).unwrap();
    assert_eq!(generator::generate_inline(&fixtures).unwrap(), generator::generate_inline(&fixtures).unwrap());
}

/// The same schemas declared in another order give the same types module:
/// output is ordered by name, not by insertion.
#[test]
fn output_order_does_not_depend_on_declaration_order() {
    let types = |stem: &str| {
        let files =
            generator::generate(&[PathBuf::from(format!("determinism/{stem}.yaml"))], &crate_name()).unwrap().files;
        let file = files.into_iter().find(|f| f.path == Path::new("src").join(stem).join("types.rs")).unwrap();
        // The header names the source file; the rest must match byte for byte.
        file.contents.split_once("\n\n").unwrap().1.to_owned()
    };
    assert_eq!(types("forward"), types("backward"));
}

fn crate_name() -> generator::CrateName {
    generator::CrateName::new("user-apis").unwrap()
}
