//! insta snapshots of every generated file: the crate from `spec/`, and the
//! module of each fixture spec in `tests/fixtures/`.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the workspace").to_path_buf()
}

fn snapshot_name(prefix: &str, path: &Path) -> String {
    format!("{prefix}__{}", path.display()).replace(['/', '\\'], "__")
}

#[test]
fn specs_generate_the_snapshotted_crate() {
    let specs = generator::spec_files(&workspace().join("spec")).unwrap();
    let files = generator::generate(&specs, &crate_name()).unwrap_or_else(|errors| panic!("{errors:#?}")).files;
    let paths: Vec<_> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "src/lib.rs",
            "src/support/mod.rs",
            "src/support/base64.rs",
            "src/support/builder.rs",
            "src/support/checked.rs",
            "src/support/constraints.rs",
            "src/support/fields.rs",
            "src/support/json_path.rs",
            "src/support/nullable.rs",
            "src/support/object.rs",
            "src/support/one_of.rs",
            "src/support/responses.rs",
            "src/support/strict.rs",
            "src/support/string_enum.rs",
            "src/support/wire.rs",
            "src/support/server/mod.rs",
            "src/support/server/answers.rs",
            "src/support/server/bodies.rs",
            "src/support/server/form.rs",
            "src/support/server/parameters.rs",
            "src/support/server/query.rs",
            "src/support/server/rejection.rs",
            "src/support/server/routing.rs",
            "src/support/server/templates.rs",
            "src/support/server/urlencoded.rs",
            "src/support/client/mod.rs",
            "src/support/client/answer.rs",
            "src/support/client/connection.rs",
            "src/support/client/encoding.rs",
            "src/support/client/error.rs",
            "src/support/client/hooks.rs",
            "src/support/client/pages.rs",
            "src/support/client/request.rs",
            "src/support/client/retry.rs",
            "src/support/client/urlencoded.rs",
            "src/support/mock.rs",
            "src/support/trace.rs",
            "src/support/dates.rs",
            "src/awx/mod.rs",
            "src/awx/types.rs",
            "src/awx/json.rs",
            "src/awx/builders.rs",
            "src/awx/server.rs",
            "src/awx/client.rs",
            "src/awx/mock.rs",
            "src/bleemeo/mod.rs",
            "src/bleemeo/types.rs",
            "src/bleemeo/json.rs",
            "src/bleemeo/builders.rs",
            "src/bleemeo/server.rs",
            "src/bleemeo/client.rs",
            "src/bleemeo/mock.rs",
        ]
    );
    for file in files {
        insta::assert_snapshot!(snapshot_name("spec", &file.path), file.contents);
    }
}

#[test]
fn fixtures_generate_the_snapshotted_modules() {
    let fixtures = generator::spec_files(Path::new("fixtures")).unwrap();
    assert!(fixtures.len() >= 7, "fixtures missing: {fixtures:?}");
    for spec in fixtures {
        let stem = spec.file_stem().unwrap().to_str().unwrap().to_owned();
        let files = generator::generate(&[spec], &crate_name()).unwrap_or_else(|errors| panic!("{errors:#?}")).files;
        // A spec without types has its module file alone.
        let types = files
            .iter()
            .find(|f| f.path == Path::new("src").join(&stem).join("types.rs"))
            .or_else(|| files.iter().find(|f| f.path == Path::new("src").join(format!("{stem}.rs"))))
            .expect("a types module, or the module alone");
        insta::assert_snapshot!(format!("fixture__{stem}"), types.contents);
        // How its structs are read, when it has any.
        if let Some(reader) = files.iter().find(|f| f.path == Path::new("src").join(&stem).join("json.rs")) {
            insta::assert_snapshot!(format!("fixture__{stem}__json"), reader.contents);
        }
    }
}

fn crate_name() -> generator::CrateName {
    generator::CrateName::new("user-apis").unwrap()
}

#[test]
fn example_tests_are_a_snapshotted_file_only_when_asked_for() {
    let spec = PathBuf::from("fixtures/examples.yaml");
    let options = generator::Options { example_tests: true, ..Default::default() };
    let files = generator::generate_with(std::slice::from_ref(&spec), &crate_name(), &options).unwrap().files;
    let test = files.iter().find(|f| f.path == Path::new("tests/examples.rs")).expect("tests/examples.rs");
    insta::assert_snapshot!("fixture__examples__tests__examples.rs", test.contents);
    let plain = generator::generate(&[spec], &crate_name()).unwrap().files;
    assert!(plain.iter().all(|f| !f.path.starts_with("tests")));
}
