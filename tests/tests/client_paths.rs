//! The client reads an answer with serde_json alone and finds the path of
//! an error from its line and column (`support::client::path_at`). These
//! compare that path with `serde_path_to_error`'s, which tracks it while
//! reading, on answers broken in every kind of place.

use std::collections::BTreeMap;
use tests::support::client::path_at;

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Page {
    id: i64,
    items: Vec<Item>,
    meta: Option<Meta>,
    #[serde(default)]
    tags: BTreeMap<String, i64>,
    #[serde(default)]
    grid: Vec<Vec<u8>>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Item {
    name: String,
    n: u8,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Meta {
    x: bool,
}

/// serde_path_to_error's path and serde_json's message for `json`, and the
/// path `path_at` finds from the message's line and column.
fn both(json: &str) -> (String, String, String) {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let error = match serde_path_to_error::deserialize::<_, Page>(&mut deserializer) {
        Ok(_) => panic!("{json} is a valid page"),
        Err(error) => error,
    };
    let found = path_at(json.as_bytes(), error.inner());
    (error.path().to_string(), found, error.inner().to_string())
}

#[test]
fn the_path_from_line_and_column_is_the_tracked_path() {
    let answers = [
        // Wrong type or value of a scalar, at the top, in an array, in a map.
        r#"{"id": "seven", "items": []}"#,
        r#"{"id": 1.5, "items": []}"#,
        r#"{"id": 1, "items": [{"name": "a", "n": 1}, {"name": "b", "n": 300}]}"#,
        r#"{"id": 1, "items": [{"n": 1, "name": ["x"]}]}"#,
        r#"{"id": 1, "items": [], "meta": {"x": "no"}}"#,
        r#"{"id": 1, "items": [], "tags": {"k": 1, "l": [1]}}"#,
        r#"{"id": 1, "items": [], "meta": null, "tags": {"a": null}}"#,
        // Keys with escapes, and an unknown key with one before the error.
        r#"{"id": 1, "items": [], "tags": {"a\"b": "x"}}"#,
        r#"{"x\u0041y": {"deep": [1, "]"]}, "id": true, "items": []}"#,
        // Arrays in arrays.
        r#"{"id": 1, "items": [], "grid": [[1, 2], [3, 400]]}"#,
        r#"{"id": 1, "items": [], "grid": [[], [], ["q"]]}"#,
        // A container where a scalar or a struct is expected, and the reverse.
        r#"{"id": {"deep": [1, 2]}, "items": []}"#,
        r#"{"id": 1, "items": {"a": 1}}"#,
        r#"{"id": 1, "items": [{"name": "a", "n": 1}, 7]}"#,
        r#"[1, 2]"#,
        // Missing fields: the error is at the object's closing brace.
        r#"{"id": 1}"#,
        r#"{"id": 1, "items": [{"name": "a", "n": 1}, {"name": "b"}]}"#,
        r#"{"id": 1, "items": [], "meta": {}}"#,
        // Over several lines.
        "{\n  \"id\": 1,\n  \"items\": [\n    {\"name\": \"a\", \"n\": 1},\n    {\"name\": 5, \"n\": 2}\n  ]\n}",
        "{\n  \"id\": 1,\n  \"items\": [\n  ],\n  \"meta\": {\n  }\n}\n",
        // Truncated.
        r#"{"id": 1, "items": [{"name": "a", "n": 1}"#,
        r#"{"id": 1, "items": [{"name": "a", "n": 1"#,
        r#"{"id": 1, "items": [], "grid": [[1, 2"#,
    ];
    for json in answers {
        let (tracked, found, message) = both(json);
        // Where a body ends before a key, serde_path_to_error adds `?` for
        // the key it never read; the client names the object.
        assert_eq!(found, tracked.strip_suffix(".?").unwrap_or(&tracked), "{json}: {message}");
    }
}
