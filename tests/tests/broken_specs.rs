//! Broken specs: each fails with every error named (file, JSON pointer,
//! line:column) and snapshotted; none panics or hangs.

use std::path::{Path, PathBuf};

fn report(name: &str) -> String {
    let path = ["yaml", "json"]
        .map(|extension| PathBuf::from(format!("broken/{name}.{extension}")))
        .into_iter()
        .find(|path| path.exists())
        .unwrap_or_else(|| panic!("no broken/{name}.yaml or .json"));
    match generator::generate(std::slice::from_ref(&path), &crate_name()) {
        Ok(_) => panic!("{} generated without error", path.display()),
        Err(found) => found.iter().map(|d| format!("{}: {d}", d.severity.label())).collect::<Vec<_>>().join("\n"),
    }
}

macro_rules! broken {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), report(stringify!($name)));
            }
        )*

        #[test]
        fn every_broken_spec_has_a_test() {
            let mut on_disk: Vec<String> = std::fs::read_dir("broken").unwrap()
                .map(|e| e.unwrap().path().file_stem().unwrap().to_str().unwrap().to_owned())
                .collect();
            on_disk.sort();
            let mut tested = vec![$(stringify!($name).to_owned()),*];
            tested.sort();
            assert_eq!(on_disk, tested);
        }
    };
}

broken!(
    alias_bomb,
    bad_rust_derive,
    bad_rust_type,
    bad_type,
    bad_type_json,
    dangling_ref,
    deep_nesting,
    deep_nesting_json,
    duplicate_key_json,
    duplicate_operation_id,
    external_ref,
    json_syntax,
    many_errors,
    openapi31_errors,
    swagger2_errors,
    syntax_error,
    undeclared_path_parameter,
    unsupported_version,
);

#[test]
fn every_error_has_a_pointer_and_line() {
    for name in
        ["bad_type", "dangling_ref", "many_errors", "openapi31_errors", "swagger2_errors", "undeclared_path_parameter"]
    {
        let errors =
            generator::generate(&[Path::new("broken").join(format!("{name}.yaml"))], &crate_name()).unwrap_err();
        for error in errors {
            assert!(error.pointer.starts_with('/'), "{error}");
            assert!(error.line_column.is_some(), "{error}");
        }
    }
}

#[test]
fn errors_of_several_specs_are_reported_together() {
    let specs = [Path::new("broken/bad_type.yaml").to_path_buf(), Path::new("broken/dangling_ref.yaml").to_path_buf()];
    let errors = generator::generate(&specs, &crate_name()).unwrap_err();
    let files: Vec<_> = errors.iter().map(|e| e.file.display().to_string()).collect();
    assert_eq!(files, ["broken/bad_type.yaml", "broken/dangling_ref.yaml"]);
}

fn crate_name() -> generator::CrateName {
    generator::CrateName::new("user-apis").unwrap()
}
