//! Every `$ref` must be local and point at something. Two valid forms are
//! repaired for lowering: a percent-encoded pointer (`~1%7Bid%7D`, as URI
//! fragments allow) is decoded, and a schema reference to anything but a
//! component (a schema inside an operation, or a property inside another
//! component) gets that schema copied into the components under a name of
//! its own.

use super::repairs::Repairs;
use crate::diagnostic::Diagnostics;
use crate::json_pointer::{escape, percent_decode, push_segment};
use crate::load::is_schema_site;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn check_refs(root: &Value, diagnostics: &mut Diagnostics, repairs: &mut Repairs) {
    let mut hoisted = Hoisted::new(root);
    let mut walker = Walker { root, diagnostics, repairs, hoisted: &mut hoisted, pointer: String::new() };
    walker.walk(root, None);
}

/// Walks the document with one pointer, grown and cut back as it goes:
/// no allocation per node.
struct Walker<'a> {
    root: &'a Value,
    diagnostics: &'a mut Diagnostics,
    repairs: &'a mut Repairs,
    hoisted: &'a mut Hoisted,
    pointer: String,
}

impl Walker<'_> {
    /// `key` is the node's own key in its parent object, if it has one.
    fn walk(&mut self, node: &Value, key: Option<&str>) {
        match node {
            Value::Object(object) => {
                // Under `properties`, `$ref` can be a property's name, not a reference.
                let is_reference = key != Some("properties");
                let names = key.is_some_and(is_map_of_names);
                for (child_key, value) in object {
                    // An extension is the vendor's: whatever it holds, `$ref`
                    // included, is not the generator's to check.
                    if child_key.starts_with("x-") && !names {
                        continue;
                    }
                    let length = self.pointer.len();
                    push_segment(&mut self.pointer, child_key);
                    if child_key == "$ref" && is_reference {
                        check_one(self.root, value, &self.pointer, self.diagnostics, self.repairs, self.hoisted);
                    } else {
                        self.walk(value, Some(child_key));
                    }
                    self.pointer.truncate(length);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let length = self.pointer.len();
                    push_segment(&mut self.pointer, &index.to_string());
                    self.walk(item, None);
                    self.pointer.truncate(length);
                }
            }
            _ => {}
        }
    }
}

/// Whether the keys of an object under `key` are names the spec gives
/// (properties, components), where `x-foo` is a name, not an extension.
fn is_map_of_names(key: &str) -> bool {
    matches!(
        key,
        "properties"
            | "patternProperties"
            | "dependentSchemas"
            | "$defs"
            | "definitions"
            | "schemas"
            | "parameters"
            | "responses"
            | "requestBodies"
            | "headers"
            | "examples"
            | "links"
            | "callbacks"
            | "securitySchemes"
            | "pathItems"
    )
}

fn check_one(
    root: &Value,
    reference: &Value,
    pointer: &str,
    diagnostics: &mut Diagnostics,
    repairs: &mut Repairs,
    hoisted: &mut Hoisted,
) {
    let Some(text) = reference.as_str() else {
        diagnostics.error(pointer, "`$ref` must be a string");
        return;
    };
    if !text.starts_with("#/") {
        diagnostics.error(
            pointer,
            format!("unsupported `$ref` {text:?}: only references inside the same file (`#/...`) are supported"),
        );
        return;
    }
    let decoded = percent_decode(text);
    let Some(target) = crate::json_pointer::resolve(root, &decoded) else {
        diagnostics.error(pointer, format!("dangling `$ref`: nothing at {text:?}"));
        return;
    };
    let site = pointer.strip_suffix("/$ref").unwrap_or(pointer);
    // Lowering reads named components: a schema anywhere else (inside an
    // operation, or inside another component) is copied in under a name.
    let is_component = decoded.strip_prefix("#/components/schemas/").is_some_and(|name| !name.contains('/'));
    if !is_component && is_schema_site(site) {
        let name = hoisted.name_for(&decoded, target, repairs);
        repairs.rewrite_reference(pointer.to_owned(), format!("#/components/schemas/{}", escape(&name)));
    } else if !decoded.starts_with("#/components/") && !site.starts_with("/components/") {
        // A response, parameter or body that refers to another operation's:
        // lowering reads components, so the part itself stands in its place,
        // with the parts it refers to that way in theirs.
        let mut copy = target.clone();
        inline_local_parts(root, &mut copy, site, 0);
        repairs.replace(site.to_owned(), copy);
    } else if decoded != text {
        repairs.rewrite_reference(pointer.to_owned(), decoded);
    }
}

/// How deep copies in place may nest before a chain of references is taken for a cycle.
const INLINE_DEPTH: usize = 32;

/// Puts in place, inside a copied part (at `site`), each reference to a
/// part outside the components that is not a schema (a header of another
/// operation's response); schemas are repaired after, by where they were.
fn inline_local_parts(root: &Value, node: &mut Value, site: &str, depth: usize) {
    let Value::Object(object) = node else {
        if let Value::Array(items) = node {
            for (index, item) in items.iter_mut().enumerate() {
                inline_local_parts(root, item, &format!("{site}/{index}"), depth);
            }
        }
        return;
    };
    let reference = object.get("$ref").and_then(Value::as_str).map(percent_decode);
    if let Some(reference) = reference.filter(|r| !r.starts_with("#/components/") && !is_schema_site(site)) {
        if let (Some(target), true) = (crate::json_pointer::resolve(root, &reference), depth < INLINE_DEPTH) {
            *node = target.clone();
            inline_local_parts(root, node, site, depth + 1);
        }
        return;
    }
    for (key, value) in object.iter_mut() {
        if key != "$ref" {
            let mut at = site.to_owned();
            push_segment(&mut at, key);
            inline_local_parts(root, value, &at, depth);
        }
    }
}

/// Schemas copied into the components, one name each, the same for every
/// reference to one target.
struct Hoisted {
    taken: BTreeSet<String>,
    by_target: BTreeMap<String, String>,
}

impl Hoisted {
    fn new(root: &Value) -> Self {
        let existing = root.pointer("/components/schemas").and_then(Value::as_object);
        Self {
            taken: existing.into_iter().flatten().map(|(name, _)| name.clone()).collect(),
            by_target: BTreeMap::new(),
        }
    }

    /// `#/paths/~1orders/get/responses/404/content/application~1json/schema` → `OrdersGet404`.
    fn name_for(&mut self, target: &str, schema: &Value, repairs: &mut Repairs) -> String {
        if let Some(name) = self.by_target.get(target) {
            return name.clone();
        }
        let words: Vec<String> = target
            .trim_start_matches("#/")
            .split('/')
            .map(|segment| crate::json_pointer::unescape(segment).into_owned())
            .filter(|segment| {
                let is_media_type = segment.contains('/') && !segment.starts_with('/');
                let is_structure = matches!(
                    segment.as_str(),
                    "paths" | "components" | "schemas" | "content" | "schema" | "responses" | "properties" | "items"
                );
                !is_media_type && !is_structure
            })
            .collect();
        let base = crate::names::type_name(&words.join(" "));
        let base = if base.is_empty() { "Schema".to_owned() } else { base };
        let name = crate::names::first_free(&base, |name| self.taken.contains(name));
        self.taken.insert(name.clone());
        self.by_target.insert(target.to_owned(), name.clone());
        repairs.add_schema(target, name.clone(), schema.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_outside_the_components_are_copied_in_under_a_name() {
        let root = serde_json::json!({
            "components": {"schemas": {"OrdersGet404": {}}},
            "paths": {"/orders": {"get": {"responses": {"404": {"content": {"application/json": {"schema": {"type": "object"}}}}}}}}
        });
        let mut repairs = Repairs::default();
        let mut hoisted = Hoisted::new(&root);
        let target = "#/paths/~1orders/get/responses/404/content/application~1json/schema";
        let name = hoisted.name_for(target, &serde_json::json!({"type": "object"}), &mut repairs);
        assert_eq!(name, "OrdersGet4042", "the existing component keeps its name");
        assert_eq!(hoisted.name_for(target, &serde_json::json!({}), &mut repairs), name, "one name per target");
    }
}
