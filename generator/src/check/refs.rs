//! Every `$ref` must be local and point at something.

use crate::diagnostic::{push_pointer, Diagnostics};
use serde_json::Value;

pub(super) fn check_refs(root: &Value, diagnostics: &mut Diagnostics) {
    walk(root, root, "", diagnostics);
}

fn walk(root: &Value, node: &Value, pointer: &str, diagnostics: &mut Diagnostics) {
    match node {
        Value::Object(object) => {
            // Under `properties`, `$ref` can be a property's name, not a reference.
            let is_reference = pointer.rsplit('/').next() != Some("properties");
            for (key, value) in object {
                let here = push_pointer(pointer, key);
                if key == "$ref" && is_reference {
                    check_one(root, value, &here, diagnostics);
                } else {
                    walk(root, value, &here, diagnostics);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(root, item, &push_pointer(pointer, &index.to_string()), diagnostics);
            }
        }
        _ => {}
    }
}

fn check_one(root: &Value, reference: &Value, pointer: &str, diagnostics: &mut Diagnostics) {
    let Some(text) = reference.as_str() else {
        diagnostics.error(pointer, "`$ref` must be a string");
        return;
    };
    if !text.starts_with("#/") {
        diagnostics.error(
            pointer,
            format!("unsupported `$ref` {text:?}: only references inside the same file (`#/...`) are supported"),
        );
    } else if super::resolve(root, text).is_none() {
        diagnostics.error(pointer, format!("dangling `$ref`: nothing at {text:?}"));
    }
}
