//! One schema's own 3.1 keywords, each rewritten into its 3.0 form (or
//! warned of), in an order where each rewrite sees what the ones before left.

use super::{Converter, UNCHECKED};
use crate::diagnostic::WarningKind;
use crate::json_pointer::push_pointer;
use serde_yaml::{Mapping, Value};

impl Converter {
    /// This schema's own keywords, in an order where each rewrite sees the
    /// keywords the ones before left.
    pub(super) fn keywords(&mut self, schema: &mut Mapping, pointer: &str) {
        // A comment and the dialect's URI say nothing of values.
        schema.shift_remove("$comment");
        schema.shift_remove("$schema");
        for key in ["$defs", "definitions"] {
            if let Some(Value::Mapping(definitions)) = schema.shift_remove(key) {
                let at = push_pointer(pointer, key);
                for (name, definition) in definitions {
                    if let Some(name) = name.as_str() {
                        self.definitions.push((push_pointer(&at, name), name.to_owned(), definition));
                    }
                }
            }
        }
        for key in UNCHECKED {
            if schema.contains_key(*key) {
                self.warn(
                    WarningKind::Unchecked,
                    push_pointer(pointer, key),
                    format!("`{key}` (JSON Schema 2020-12) has no Rust type: the generated type does not check it"),
                );
            }
        }
        self.exclusive_bounds(schema, pointer);
        self.content_encoding(schema, pointer);
        self.prefix_items(schema, pointer);
        self.unevaluated_properties(schema, pointer);
        if let Some(allowed) = schema.get("items").and_then(Value::as_bool) {
            // `items: true` is any item; `items: false` (with no
            // `prefixItems`, taken above) no item at all.
            schema.shift_remove("items");
            if !allowed {
                schema.insert("maxItems".into(), Value::from(0));
                self.record(push_pointer(pointer, "maxItems"), &push_pointer(pointer, "items"));
            }
        }
        self.types(schema, pointer);
        self.constant(schema, pointer);
        self.examples(schema, pointer);
        self.reference_siblings(schema, pointer);
    }

    /// `exclusiveMinimum: 0` is 3.0's `minimum: 0, exclusiveMinimum: true`,
    /// unless an inclusive bound beside it is tighter.
    fn exclusive_bounds(&mut self, schema: &mut Mapping, pointer: &str) {
        for (exclusive, bound, tighter) in [
            ("exclusiveMinimum", "minimum", f64::gt as fn(&f64, &f64) -> bool),
            ("exclusiveMaximum", "maximum", f64::lt),
        ] {
            let Some(limit) = schema.get(exclusive).filter(|v| v.is_number()).and_then(Value::as_f64) else {
                continue;
            };
            let value = schema.shift_remove(exclusive).expect("just read");
            let inclusive = schema.get(bound).and_then(Value::as_f64);
            if inclusive.is_some_and(|inclusive| tighter(&inclusive, &limit)) {
                continue;
            }
            schema.insert(bound.into(), value);
            schema.insert(exclusive.into(), Value::Bool(true));
            self.record(push_pointer(pointer, bound), &push_pointer(pointer, exclusive));
        }
    }

    /// `contentEncoding: base64` is 3.0's `format: byte`; binary content
    /// (`contentMediaType` of a non-text type, unencoded) is `format: binary`.
    fn content_encoding(&mut self, schema: &mut Mapping, pointer: &str) {
        let has_format = schema.contains_key("format");
        if let Some(encoding) = schema.shift_remove("contentEncoding") {
            let at = push_pointer(pointer, "contentEncoding");
            schema.shift_remove("contentMediaType");
            match encoding.as_str() {
                Some("base64") if !has_format => {
                    schema.insert("format".into(), "byte".into());
                    self.record(push_pointer(pointer, "format"), &at);
                }
                Some("base64") => {}
                _ => self.warn(WarningKind::RawText, at, "only base64 is decoded: the string is read as it is written"),
            }
            return;
        }
        let binary = schema.get("contentMediaType").and_then(Value::as_str).is_some_and(|media| !is_textual(media));
        if let Some(media) = schema.shift_remove("contentMediaType") {
            if binary && !has_format {
                let at = push_pointer(pointer, "contentMediaType");
                schema.insert("format".into(), "binary".into());
                self.record(push_pointer(pointer, "format"), &at);
            }
            drop(media);
        }
    }

    /// A tuple has no type in the model: the items are any JSON value, and
    /// a closed tuple (`items: false`) at most as many.
    fn prefix_items(&mut self, schema: &mut Mapping, pointer: &str) {
        let Some(prefix) = schema.shift_remove("prefixItems") else {
            return;
        };
        let items = schema.shift_remove("items");
        if let (Some(Value::Bool(false)), Value::Sequence(prefix), false) =
            (&items, &prefix, schema.contains_key("maxItems"))
        {
            schema.insert("maxItems".into(), Value::from(prefix.len()));
            self.record(push_pointer(pointer, "maxItems"), &push_pointer(pointer, "items"));
        }
        self.warn(
            WarningKind::LooseType,
            push_pointer(pointer, "prefixItems"),
            "`prefixItems` (a tuple) has no Rust type here: the array's items are any JSON value",
        );
    }

    /// `unevaluatedProperties` on a schema with no parts to evaluate them is
    /// `additionalProperties`; beside `allOf`/`anyOf`/`oneOf`/`$ref` it has no 3.0 form.
    fn unevaluated_properties(&mut self, schema: &mut Mapping, pointer: &str) {
        let Some(value) = schema.shift_remove("unevaluatedProperties") else {
            return;
        };
        let at = push_pointer(pointer, "unevaluatedProperties");
        let composed = ["allOf", "anyOf", "oneOf", "$ref"].iter().any(|key| schema.contains_key(*key));
        if composed || schema.contains_key("additionalProperties") {
            self.warn(
                WarningKind::Unchecked,
                at,
                "`unevaluatedProperties` beside `allOf`, `anyOf`, `oneOf` or `$ref` has no Rust type: \
                 properties the parts do not name are not refused",
            );
            return;
        }
        let value = match value {
            Value::Bool(allowed) => Value::Bool(allowed),
            mut schema_value => {
                self.schema(&mut schema_value, &at);
                schema_value
            }
        };
        schema.insert("additionalProperties".into(), value);
        self.record(push_pointer(pointer, "additionalProperties"), &at);
    }

    /// `type: [T, "null"]` is `type: T, nullable: true`; `type: "null"` the
    /// one value `null`; several types a `oneOf` of one schema per type,
    /// each with the keywords that apply to it.
    fn types(&mut self, schema: &mut Mapping, pointer: &str) {
        let names: Vec<String> = match schema.get("type") {
            Some(Value::String(name)) if name == "null" => vec![name.clone()],
            Some(Value::Sequence(items)) if items.iter().all(Value::is_string) => {
                items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
            }
            // One type (3.0 already), or a shape the checks report.
            _ => return,
        };
        let type_at = push_pointer(pointer, "type");
        let nullable = names.iter().any(|name| name == "null");
        let mut kinds: Vec<&str> = Vec::new();
        for name in names.iter().map(String::as_str).filter(|name| *name != "null") {
            if !kinds.contains(&name) {
                kinds.push(name);
            }
        }
        if kinds.contains(&"number") {
            // Every integer is a number.
            kinds.retain(|kind| *kind != "integer");
        }
        let set_nullable = |converter: &mut Self, schema: &mut Mapping| {
            if nullable {
                schema.insert("nullable".into(), Value::Bool(true));
                converter.record(push_pointer(pointer, "nullable"), &type_at);
            }
        };
        match kinds.as_slice() {
            [] => {
                schema.shift_remove("type");
                if !schema.contains_key("enum") && !schema.contains_key("const") {
                    schema.insert("enum".into(), Value::Sequence(vec![Value::Null]));
                    self.record(push_pointer(pointer, "enum"), &type_at);
                }
            }
            [kind] => {
                schema.insert("type".into(), Value::from(*kind));
                set_nullable(self, schema);
            }
            _ => {
                schema.shift_remove("type");
                let mut members = Vec::new();
                for kind in &kinds {
                    let mut member = Mapping::new();
                    member.insert("type".into(), Value::from(*kind));
                    for key in keywords_of(kind) {
                        if let Some(value) = schema.shift_remove(*key) {
                            member.insert(Value::from(*key), value);
                        }
                    }
                    members.push(Value::Mapping(member));
                }
                let (list_at, start) = self.append_choice(schema, pointer, members);
                for index in 0..kinds.len() {
                    self.record(format!("{list_at}/{}", start + index), pointer);
                }
                set_nullable(self, schema);
            }
        }
    }

    /// Adds `members` as this schema's `oneOf` (JSON types are disjoint, so
    /// one matches, never two), or, when it has a choice already, as one
    /// more `allOf` member that is that `oneOf`: where they went and the
    /// index of the first.
    fn append_choice(&mut self, schema: &mut Mapping, pointer: &str, members: Vec<Value>) -> (String, usize) {
        if !schema.contains_key("anyOf") && !schema.contains_key("oneOf") {
            schema.insert("oneOf".into(), Value::Sequence(members));
            return (push_pointer(pointer, "oneOf"), 0);
        }
        let mut choice = Mapping::new();
        choice.insert("oneOf".into(), Value::Sequence(members));
        let index = push_member(schema, "allOf", Value::Mapping(choice));
        let at = format!("{pointer}/allOf/{index}");
        self.record(at.clone(), pointer);
        (format!("{at}/oneOf"), 0)
    }

    /// `const: v` is `enum: [v]`, typed by `v` when the schema has no `type`.
    fn constant(&mut self, schema: &mut Mapping, pointer: &str) {
        let Some(value) = schema.shift_remove("const") else {
            return;
        };
        let at = push_pointer(pointer, "const");
        if !schema.contains_key("type") {
            if let Some(kind) = type_of(&value) {
                schema.insert("type".into(), kind.into());
                self.record(push_pointer(pointer, "type"), &at);
            }
        }
        schema.insert("enum".into(), Value::Sequence(vec![value]));
        self.record(push_pointer(pointer, "enum"), &at);
        self.record(format!("{pointer}/enum/0"), &at);
    }

    /// A schema's `examples` list is 3.0's `example`: the first of them.
    fn examples(&mut self, schema: &mut Mapping, pointer: &str) {
        if !schema.get("examples").is_some_and(Value::is_sequence) {
            return;
        }
        let Some(Value::Sequence(examples)) = schema.shift_remove("examples") else {
            return;
        };
        if let (false, Some(first)) = (schema.contains_key("example"), examples.into_iter().next()) {
            schema.insert("example".into(), first);
            self.record(push_pointer(pointer, "example"), &format!("{pointer}/examples/0"));
        }
    }

    /// `$ref` with keywords beside it (which 3.1 applies, and 3.0 ignores)
    /// is an `allOf` of the reference and those keywords.
    fn reference_siblings(&mut self, schema: &mut Mapping, pointer: &str) {
        if schema.len() < 2 || !schema.get("$ref").is_some_and(Value::is_string) {
            return;
        }
        let reference = schema.shift_remove("$ref").expect("just read");
        let mut member = Mapping::new();
        member.insert("$ref".into(), reference);
        let index = push_member(schema, "allOf", Value::Mapping(member));
        self.record(format!("{pointer}/allOf/{index}"), pointer);
    }
}

/// Appends `member` to the list under `key` (made if missing): its index.
fn push_member(schema: &mut Mapping, key: &str, member: Value) -> usize {
    match schema.get_mut(key) {
        Some(Value::Sequence(members)) => {
            members.push(member);
            members.len() - 1
        }
        _ => {
            schema.insert(key.into(), Value::Sequence(vec![member]));
            0
        }
    }
}

/// The keywords that constrain values of one JSON type only.
fn keywords_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "string" => &["format", "minLength", "maxLength", "pattern"],
        "integer" | "number" => &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
        _ => &[],
    }
}

/// The `type` of a scalar `const` (none for `null`, a list or an object:
/// the one value says it all).
fn type_of(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_f64() => Some("number"),
        Value::Number(_) => Some("integer"),
        _ => None,
    }
}

/// Media types whose content a string holds as text: JSON, XML, `text/*`.
fn is_textual(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    media.starts_with("text/") || media.contains("json") || media.contains("xml")
}
