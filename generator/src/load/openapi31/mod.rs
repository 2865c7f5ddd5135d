//! OpenAPI 3.1 read as the 3.0 document it means, by rewriting the parsed
//! tree before the checks: `type: [T, "null"]` is `type: T` with
//! `nullable`, `const` a one-value `enum`, a numeric `exclusiveMinimum` a
//! `minimum` that excludes, several types a `oneOf`, `examples` its first `example`, `$ref` with
//! siblings an `allOf`, `$defs` components of their own, `contentEncoding:
//! base64` `format: byte`, boolean schemas `{}` and `{not: {}}`. A keyword
//! with no 3.0 meaning (a tuple's `prefixItems`, `if`, `patternProperties`,
//! webhooks) is a warning at its pointer.
//!
//! Why a rewrite and not a 3.1 parser: `openapiv3` reads 3.0 only, and the
//! crates that read 3.1 (`oas3`, `openapiv3_1`) would need a second
//! lowering over a second typed document, twice the code for one meaning.
//! Every 3.1 keyword with a 3.0 equivalent maps to it exactly (this is what
//! converters such as `openapi-down-convert` do), so one lowering serves
//! both, and [`crate::locate::Origins`] keeps every diagnostic at the spec's own pointer.

use super::converted::Converted;
use crate::diagnostic::WarningKind;
use crate::json_pointer::push_pointer;
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};

mod keywords;

/// The dialect OpenAPI 3.1 schemas have unless `jsonSchemaDialect` says otherwise.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// The HTTP methods of a path item.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// JSON Schema 2020-12 keywords with no 3.0 equivalent and no Rust type:
/// warned about where they appear; the types do not check them.
const UNCHECKED: &[&str] = &[
    "if",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
    "unevaluatedItems",
    "contains",
    "$dynamicRef",
];

/// Rewrites `tree`, an OpenAPI 3.1 document, into the 3.0 document it means.
pub(crate) fn convert(tree: &mut Value) -> Converted {
    let mut converter = Converter::default();
    let Value::Mapping(root) = tree else {
        return converter.found;
    };
    if let Some(Value::Mapping(webhooks)) = root.shift_remove("webhooks") {
        for name in webhooks.keys().filter_map(Value::as_str) {
            converter.warn(
                WarningKind::LeftOut,
                push_pointer("/webhooks", name),
                "webhooks are requests the API sends, not ones it serves: no route or client method is \
                 generated for them (the component schemas they use are)",
            );
        }
    }
    if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
        if dialect.as_str() != Some(OAS_DIALECT) {
            converter.warn(
                WarningKind::Conversion,
                "/jsonSchemaDialect",
                "schemas are read as OpenAPI 3.1's own dialect (JSON Schema 2020-12), not this one",
            );
        }
    }
    if !root.contains_key("paths") {
        // Optional in 3.1 (a document of webhooks or components only).
        root.insert("paths".into(), Value::Mapping(Mapping::new()));
    }
    for (key, value) in root.iter_mut() {
        match key.as_str() {
            Some("paths") => converter.each(value, "/paths", Converter::object),
            Some("components") => converter.object(value, "/components"),
            _ => {}
        }
    }
    converter.inline_path_items(root);
    converter.hoist_definitions(root);
    converter.found
}

#[derive(Default)]
struct Converter {
    found: Converted,
    /// `$defs` taken out of their schemas, converted: (pointer, name, schema).
    definitions: Vec<(String, String, Value)>,
}

impl Converter {
    fn warn(&mut self, kind: WarningKind, pointer: impl Into<String>, message: impl Into<String>) {
        self.found.warnings.push((kind, pointer.into(), message.into()));
    }

    fn record(&mut self, converted: String, original: &str) {
        self.found.origins.record(converted, original);
    }

    /// Visits each value of a mapping (keys are names) or a list.
    fn each(&mut self, node: &mut Value, pointer: &str, visit: fn(&mut Self, &mut Value, &str)) {
        match node {
            Value::Mapping(mapping) => {
                for (key, value) in mapping.iter_mut() {
                    if let Some(key) = key.as_str() {
                        visit(self, value, &push_pointer(pointer, key));
                    }
                }
            }
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    visit(self, item, &format!("{pointer}/{index}"));
                }
            }
            _ => {}
        }
    }

    /// An OpenAPI object (components, path item, operation, parameter,
    /// response, media type...): follows the keys that lead to schemas.
    fn object(&mut self, node: &mut Value, pointer: &str) {
        let Value::Mapping(mapping) = node else {
            return;
        };
        for (key, value) in mapping.iter_mut() {
            let Some(key) = key.as_str() else {
                continue;
            };
            let at = push_pointer(pointer, key);
            match key {
                "schema" => self.schema(value, &at),
                "schemas" => self.each(value, &at, Self::schema),
                "pathItems" | "responses" | "parameters" | "headers" | "content" | "requestBodies" | "encoding" => {
                    self.each(value, &at, Self::object)
                }
                "callbacks" => self.each(value, &at, |converter, callback, at| {
                    converter.each(callback, at, Self::object);
                }),
                "securitySchemes" => self.security_schemes(value, &at),
                "requestBody" => self.object(value, &at),
                method if METHODS.contains(&method) => self.object(value, &at),
                _ => {}
            }
        }
    }

    /// `mutualTLS` (3.1) has no 3.0 form: the TLS layer, not a request, carries it.
    fn security_schemes(&mut self, node: &mut Value, pointer: &str) {
        let Value::Mapping(schemes) = node else {
            return;
        };
        let mut dropped = Vec::new();
        schemes.retain(|name, scheme| {
            let mutual = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
            if mutual {
                dropped.push(push_pointer(pointer, name.as_str().unwrap_or_default()));
            }
            !mutual
        });
        for at in dropped {
            self.warn(
                WarningKind::LeftOut,
                at,
                "`mutualTLS` is set up on the TLS connection (reqwest's `Identity`, the server's TLS \
                 acceptor), which the generated code leaves to you; requirements naming it are ignored",
            );
        }
    }

    /// A schema: its subschemas first (at the spec's pointers), then its own keywords.
    fn schema(&mut self, node: &mut Value, pointer: &str) {
        match node {
            Value::Bool(true) => *node = Value::Mapping(Mapping::new()),
            Value::Bool(false) => {
                let mut never = Mapping::new();
                never.insert("not".into(), Value::Mapping(Mapping::new()));
                *node = Value::Mapping(never);
                self.record(push_pointer(pointer, "not"), pointer);
            }
            Value::Mapping(schema) => {
                self.subschemas(schema, pointer);
                self.keywords(schema, pointer);
            }
            // Not a schema: the checks say so.
            _ => {}
        }
    }

    fn subschemas(&mut self, schema: &mut Mapping, pointer: &str) {
        for (key, value) in schema.iter_mut() {
            let Some(key) = key.as_str() else {
                continue;
            };
            let at = push_pointer(pointer, key);
            match key {
                "properties" | "patternProperties" | "dependentSchemas" | "$defs" | "definitions" => {
                    self.each(value, &at, Self::schema)
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => self.each(value, &at, Self::schema),
                // `true`/`false` mean something of their own here (3.0 too, for
                // `additionalProperties`), read below.
                "items" | "additionalProperties" | "unevaluatedProperties" | "unevaluatedItems" if value.is_bool() => {}
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "if"
                | "then"
                | "else"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "contentSchema" => self.schema(value, &at),
                _ => {}
            }
        }
    }

    /// A path item that is a `$ref` to `#/components/pathItems/X` becomes
    /// that path item (3.0 has no `pathItems` to refer to).
    fn inline_path_items(&mut self, root: &mut Mapping) {
        let items: Mapping = match root.get("components").and_then(|c| c.get("pathItems")) {
            Some(Value::Mapping(items)) => items.clone(),
            _ => return,
        };
        let Some(Value::Mapping(paths)) = root.get_mut("paths") else {
            return;
        };
        for (path, item) in paths.iter_mut() {
            let (Some(path), Value::Mapping(fields)) = (path.as_str(), &mut *item) else {
                continue;
            };
            let Some(name) = fields
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/components/pathItems/"))
                .map(|name| crate::json_pointer::unescape(name).into_owned())
            else {
                continue;
            };
            let Some(Value::Mapping(target)) = items.get(name.as_str()) else {
                continue;
            };
            let mut merged = target.clone();
            for (key, value) in fields.iter() {
                if key.as_str() != Some("$ref") {
                    merged.insert(key.clone(), value.clone());
                }
            }
            *item = Value::Mapping(merged);
            self.record(push_pointer("/paths", path), &push_pointer("/components/pathItems", &name));
        }
    }

    /// Every `$defs` entry becomes a component schema of its own (named
    /// after its key, made unique), and references to it follow.
    fn hoist_definitions(&mut self, root: &mut Mapping) {
        if self.definitions.is_empty() {
            return;
        }
        let components = root.entry("components".into()).or_insert_with(|| Value::Mapping(Mapping::new()));
        let Value::Mapping(components) = components else {
            return;
        };
        let schemas = components.entry("schemas".into()).or_insert_with(|| Value::Mapping(Mapping::new()));
        let Value::Mapping(schemas) = schemas else {
            return;
        };
        let mut taken: BTreeSet<String> = schemas.keys().filter_map(Value::as_str).map(str::to_owned).collect();
        let mut targets: BTreeMap<String, String> = BTreeMap::new();
        for (pointer, name, schema) in std::mem::take(&mut self.definitions) {
            let name = crate::names::first_free(&name, |name| taken.contains(name));
            taken.insert(name.clone());
            let new_pointer = push_pointer("/components/schemas", &name);
            self.found.origins.record(new_pointer.clone(), pointer.clone());
            targets.insert(format!("#{pointer}"), format!("#{new_pointer}"));
            schemas.insert(Value::String(name), schema);
        }
        for value in root.values_mut() {
            follow_references(value, &targets);
        }
    }
}

/// Points every `$ref` into a hoisted definition (or a part of one) at its new place.
fn follow_references(node: &mut Value, targets: &BTreeMap<String, String>) {
    match node {
        Value::Mapping(mapping) => {
            for (key, value) in mapping.iter_mut() {
                match value {
                    Value::String(reference) if key.as_str() == Some("$ref") => {
                        if let Some(moved) = moved_reference(reference, targets) {
                            *reference = moved;
                        }
                    }
                    other => follow_references(other, targets),
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|item| follow_references(item, targets)),
        _ => {}
    }
}

/// The reference's new text when it, or a whole-segment prefix of it, moved.
fn moved_reference(reference: &str, targets: &BTreeMap<String, String>) -> Option<String> {
    let mut end = reference.len();
    loop {
        let prefix = &reference[..end];
        if let Some(target) = targets.get(prefix) {
            return Some(format!("{target}{}", &reference[end..]));
        }
        end = prefix.rfind('/')?;
    }
}
