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

/// A check that fails after its value is read (a checked string or
/// integer, a list's bounds) sits, in serde_json's error, at the end of
/// the object or list around it; where the value was the last there,
/// `error_path` reads the body again with one more member and finds the
/// value's own path, as `serde_path_to_error` tracks it. Other errors keep
/// `path_at`'s.
#[test]
fn a_check_that_fails_after_its_value_is_read_is_placed_at_the_value() {
    use tests::constraints::Limits;
    use tests::support::{error_path, read_error};
    fn check<T: serde::de::DeserializeOwned>(json: &str) {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let tracked = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(_) => panic!("{json} reads"),
            Err(error) => error.path().to_string(),
        };
        let error = match T::deserialize(&mut serde_json::Deserializer::from_str(json)) {
            Ok(_) => panic!("{json} reads"),
            Err(error) => error,
        };
        let found = error_path(json.as_bytes(), &error, read_error::<T>);
        assert_eq!(found, tracked, "{json}: {error}");
    }
    let lists = [
        r#"[{"code": "AB"}, {"code": "ab"}]"#,
        r#"[{"code": "ab", "word": "w"}]"#,
        r#"[{"code": "AB", "tags": []}]"#,
        r#"[{"code": "AB", "tags": ["a", "b", "c", "d"]} ]"#,
        "[\n  {\"code\": \"AB\",\n   \"percent\": 101\n  }\n]\n",
        r#"[{"code": "AB"}, {"word": "w"}]"#,
        r#"[{"code": "AB", "percent": "x"}]"#,
    ];
    for json in lists {
        check::<Vec<Limits>>(json);
    }
    for json in [
        r#"{"k": {"code": "AB", "contact": "nope"}}"#,
        r#"{"k": {"contact": "nope", "code": "AB"}, "l": {"code": "A"}}"#,
    ] {
        check::<std::collections::BTreeMap<String, Limits>>(json);
    }
}
