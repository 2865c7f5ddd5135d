//! The generated `Cargo.toml` asks for exactly the crates the emitted code
//! names: no `regex` without a `pattern`, no `uuid` without `format: uuid`,
//! and the HTTP stack only behind the `server` and `client` features.

use std::path::Path;

fn manifest(specs: &[&str]) -> String {
    let specs: Vec<_> = specs.iter().map(|spec| Path::new(env!("CARGO_MANIFEST_DIR")).join(spec)).collect();
    let files = generator::generate(&specs, &generator::CrateName::new("probe").unwrap()).unwrap().files;
    files.into_iter().find(|file| file.path == Path::new("Cargo.toml")).expect("a manifest").contents
}

/// The names of the `[dependencies]` entries.
fn dependencies(manifest: &str) -> Vec<String> {
    let table = manifest.split("\n[dependencies]\n").nth(1).expect("a [dependencies] table");
    table
        .lines()
        .take_while(|line| !line.starts_with('#'))
        .map(|line| line.split(' ').next().unwrap().to_owned())
        .collect()
}

#[test]
fn a_spec_without_patterns_dates_or_uuids_needs_none_of_their_crates() {
    let manifest = manifest(&["fixtures/read_write.yaml"]);
    assert_eq!(
        dependencies(&manifest),
        [
            "axum",
            "futures_core",
            "http_body_util",
            "reqwest",
            "serde",
            "serde_json",
            "serde_urlencoded",
            "serde_path_to_error",
            "tokio",
            "tracing"
        ],
        "{manifest}"
    );
}

#[test]
fn patterns_dates_and_checked_uuids_bring_regex_chrono_and_uuid() {
    let manifest = manifest(&["fixtures/constraints.yaml"]);
    // No operations: the features exist but switch nothing on. A checked
    // `String` of `format: uuid` parses with the uuid crate.
    assert_eq!(dependencies(&manifest), ["chrono", "regex", "serde", "serde_json", "uuid"], "{manifest}");
    assert!(manifest.contains("\nserver = []\n") && manifest.contains("\nclient = []\n"), "{manifest}");
}

#[test]
fn uuids_bring_uuid_and_the_http_stack_stays_optional() {
    let manifest = manifest(&["../spec/bleemeo.yaml"]);
    assert!(dependencies(&manifest).contains(&"uuid".to_owned()), "{manifest}");
    for http in ["axum", "reqwest", "tokio", "serde_path_to_error"] {
        let line = manifest.lines().find(|line| line.starts_with(&format!("{http} = "))).unwrap();
        assert!(line.contains("optional = true"), "{line}");
    }
    assert!(manifest.contains("\ndefault = [\"server\", \"client\", \"builders\"]\n"), "{manifest}");
    assert!(manifest.contains("\nbuilders = []\n"), "the builders need no crate: {manifest}");
}

#[test]
fn binary_bodies_bring_bytes_and_streams_and_the_http_side_only_behind_its_feature() {
    let manifest = manifest(&["fixtures/objects.yaml"]);
    let table = manifest.split("\n[dependencies]\n").nth(1).unwrap();
    let line = |name: &str| table.lines().find(|line| line.starts_with(&format!("{name} = "))).unwrap_or_default();
    // `support::binary::Binary` is in the types: a buffer and a stream, no HTTP.
    for types in ["bytes", "futures_core"] {
        assert!(!line(types).is_empty() && !line(types).contains("optional"), "{types}: {manifest}");
    }
    for http in ["http_body", "http_body_util", "sync_wrapper"] {
        assert!(line(http).contains("optional = true"), "{http}: {manifest}");
    }
    let feature = |name: &str| manifest.lines().find(|line| line.starts_with(&format!("{name} = ["))).unwrap();
    assert!(feature("client").contains("\"dep:http_body\"") && feature("client").contains("\"dep:sync_wrapper\""));
    assert!(feature("server").contains("\"dep:http_body_util\""), "{manifest}");
}

#[test]
fn tracing_is_an_optional_feature_off_by_default_and_absent_without_operations() {
    let types_only = manifest(&["fixtures/constraints.yaml"]);
    let manifest = manifest(&["../spec/bleemeo.yaml"]);
    let line = manifest.lines().find(|line| line.starts_with("tracing = {")).expect("a tracing dependency");
    assert!(line.contains("optional = true") && line.contains("default-features = false"), "{line}");
    assert!(manifest.contains("\ntracing = [\"dep:tracing\"]\n"), "{manifest}");
    assert!(manifest.contains("\ndefault = [\"server\", \"client\", \"builders\"]\n"), "off by default: {manifest}");
    assert!(!dependencies(&types_only).contains(&"tracing".to_owned()), "{types_only}");
}
