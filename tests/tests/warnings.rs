//! Valid specs with constructs that have no exact Rust type: they generate
//! (the crate compiles them, see `build.rs`), each loss is a warning with
//! file, pointer and line:column, snapshotted; `--deny-warnings` refuses them.

use std::path::PathBuf;

fn warnings(name: &str) -> String {
    let path = ["yaml", "json"]
        .map(|extension| PathBuf::from(format!("warnings/{name}.{extension}")))
        .into_iter()
        .find(|path| path.exists())
        .unwrap_or_else(|| panic!("no warnings/{name}.yaml or .json"));
    let generated = generator::generate(std::slice::from_ref(&path), &generator::CrateName::new("lossy").unwrap())
        .unwrap_or_else(|errors| panic!("{} is refused: {errors:#?}", path.display()));
    assert!(!generated.warnings.is_empty(), "{} generated without a warning", path.display());
    for warning in &generated.warnings {
        assert_eq!(warning.severity, generator::Severity::Warning);
        assert!(warning.pointer.starts_with('/') && warning.line_column.is_some(), "{warning}");
    }
    let kind = |warning: &generator::Diagnostic| warning.kind.expect("a warning has a kind");
    generated.warnings.iter().map(|warning| format!("[{}] {warning}", kind(warning))).collect::<Vec<_>>().join("\n")
}

macro_rules! lossy {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), warnings(stringify!($name)));
            }
        )*

        #[test]
        fn every_lossy_spec_has_a_test() {
            // Subdirectories hold parts the specs refer to.
            let mut on_disk: Vec<String> = std::fs::read_dir("warnings").unwrap()
                .map(|e| e.unwrap().path())
                .filter(|path| path.is_file())
                .map(|path| path.file_stem().unwrap().to_str().unwrap().to_owned())
                .collect();
            on_disk.sort();
            let mut tested = vec![$(stringify!($name).to_owned()),*];
            tested.sort();
            assert_eq!(on_disk, tested);
        }
    };
}

lossy!(
    bad_examples,
    choices,
    derives,
    invalid_regex,
    json_numbers,
    lossy_31,
    lossy_swagger,
    media,
    overlap,
    paging,
    query_templates,
    ref_chain,
    sloppy,
    statuses,
    wrong_default,
    yaml_numbers
);
