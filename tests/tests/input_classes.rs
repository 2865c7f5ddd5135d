//! Every class of valid input loads, every invalid one is refused with its
//! place: the bytes are written here, so line ends and encodings are
//! exactly what the test says (a committed file could be rewritten by git).

use std::path::PathBuf;

const HEAD_YAML: &str = "openapi: 3.0.3\ninfo: {title: Classes, version: \"1\"}\npaths: {}\n";

fn spec_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("generator-inputs-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn crate_name() -> generator::CrateName {
    generator::CrateName::new("classes").unwrap()
}

/// The generated types module of a spec that must load.
fn types_of(name: &str, bytes: &[u8]) -> String {
    let path = spec_file(name, bytes);
    let generated = generator::generate(std::slice::from_ref(&path), &crate_name())
        .unwrap_or_else(|errors| panic!("{name} is refused: {errors:#?}"));
    let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
    let types = generated.files.iter().find(|f| f.path.ends_with(format!("{stem}/types.rs"))).expect("types.rs");
    types.contents.clone()
}

/// The one error of a spec that must be refused, as printed.
fn refusal(name: &str, bytes: &[u8]) -> String {
    let path = spec_file(name, bytes);
    let errors = generator::generate(std::slice::from_ref(&path), &crate_name()).expect_err(name);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors[0].to_string();
    let prefix = format!("{}:", path.display());
    error.strip_prefix(&prefix).unwrap_or_else(|| panic!("{error} does not name {prefix}")).trim_start().to_owned()
}

#[test]
fn crlf_line_ends_load_in_both_formats() {
    let yaml = format!(
        "{HEAD_YAML}components:\n  schemas:\n    Name:\n      type: string\n      description: Ends in CRLF.\n"
    )
    .replace('\n', "\r\n");
    assert!(types_of("crlf.yaml", yaml.as_bytes()).contains("/// Ends in CRLF.\npub type Name = String;"));
    let json = "{\r\n\"openapi\": \"3.0.3\",\r\n\"info\": {\"title\": \"t\", \"version\": \"1\"},\r\n\"paths\": {},\r\n\
                \"components\": {\"schemas\": {\"Name\": {\"type\": \"string\", \"description\": \"Also CRLF.\"}}}\r\n}\r\n";
    assert!(types_of("crlf.json", json.as_bytes()).contains("/// Also CRLF.\npub type Name = String;"));
}

#[test]
fn yaml_anchors_aliases_merge_keys_multi_line_strings_and_tags_load() {
    let yaml = format!(
        "{HEAD_YAML}components:
  schemas:
    Base: &base
      type: object
      properties:
        id: {{type: integer}}
    Copy: *base
    Extended:
      <<: *base
      description: >
        Folded
        into one line.
    Literal:
      type: string
      description: |
        Kept
        as two lines.
    Tagged:
      type: !!str string
      description: !custom A tag that means nothing special.
    Plain:
      type: string
      description: a plain scalar
        over two lines
"
    );
    let types = types_of("yaml_features.yaml", yaml.as_bytes());
    assert!(types.contains("pub struct Base {"), "{types}");
    assert!(types.contains("pub type Copy = Base;"), "{types}");
    assert!(types.contains("/// Folded into one line.\npub type Extended = Base;"), "{types}");
    assert!(types.contains("/// Kept\n/// as two lines.\npub type Literal = String;"), "{types}");
    assert!(types.contains("/// A tag that means nothing special.\npub type Tagged = String;"), "{types}");
    assert!(types.contains("/// a plain scalar over two lines\npub type Plain = String;"), "{types}");
}

#[test]
fn a_key_given_twice_is_refused_at_both_places() {
    let yaml = format!("{HEAD_YAML}components:\n  schemas:\n    A: {{type: string}}\n    B:\n      type: string\n    B: {{type: integer}}\n");
    assert_eq!(
        refusal("twice.yaml", yaml.as_bytes()),
        "9:5: at #(document): the key \"B\" is given twice in components.schemas: here and at 7:5"
    );
    let json = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {},\n \
                \"components\": {\"schemas\": {\"A\": {}, \"A\": {}}}}";
    assert_eq!(
        refusal("twice.json", json.as_bytes()),
        "2:38: at #(document): the key \"A\" is given twice in #/components/schemas: here and at 2:29"
    );
}

#[test]
fn a_root_that_is_not_a_mapping_is_refused() {
    for (name, text) in
        [("list.yaml", "- openapi: 3.0.3\n"), ("list.json", "[{\"openapi\": \"3.0.3\"}]"), ("text.yaml", "openapi\n")]
    {
        assert_eq!(refusal(name, text.as_bytes()), "1:1: at #(document): the document is not a mapping", "{name}");
    }
}

#[test]
fn unknown_openapi_versions_are_refused_at_the_version() {
    for version in ["2.0", "3.2.0", "4.0.0", "3"] {
        let text = format!("openapi: \"{version}\"\ninfo: {{title: t, version: \"1\"}}\npaths: {{}}\n");
        let refusal = refusal("version.yaml", text.as_bytes());
        assert!(refusal.starts_with("1:10: at #/openapi: unsupported `openapi` version"), "{version}: {refusal}");
    }
}

#[test]
fn a_file_that_is_not_utf8_is_refused_at_its_first_bad_byte() {
    let mut bytes = HEAD_YAML.as_bytes().to_vec();
    bytes.extend_from_slice(b"x-note: caf\xe9\n");
    assert_eq!(
        refusal("latin1.yaml", &bytes),
        "4:12: at #(document): the file is not UTF-8 (what RFC 8259 asks of JSON; YAML in UTF-16 is not read either)"
    );
}

#[test]
fn flow_nesting_past_the_limit_is_refused_before_the_parser_reads_it() {
    // 50,000 deep: the parser alone takes seconds before its own limit
    // stops it (its time grows with the square of the depth).
    let depth = 50_000;
    let yaml = format!("{HEAD_YAML}x-deep: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    assert_eq!(
        refusal("flow.yaml", yaml.as_bytes()),
        "4:137: at #(document): nested deeper than 128 levels (the parser's limit)"
    );
    // The same brackets as text are text.
    let text = format!("{HEAD_YAML}x-notes: |\n  {}\n", "[".repeat(depth));
    assert!(generator::generate(&[spec_file("text.yaml", text.as_bytes())], &crate_name()).is_ok());
}
