//! Checks each schema object: known `type`, parseable `pattern`, consistent
//! bounds, and `enum`/`default` values that satisfy their own schema.

use super::paths::METHODS;
use super::repairs::Repairs;
use crate::diagnostic::{Diagnostics, WarningKind};
use crate::json_pointer::push_pointer;
use serde_json::Value;

const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

pub(super) fn check_schemas(root: &Value, diagnostics: &mut Diagnostics, repairs: &mut Repairs) {
    let mut checker = Checker { root, diagnostics, repairs };
    for (pointer, schema) in schema_roots(root) {
        checker.schema(schema, &pointer);
    }
}

/// Every place the document holds a schema directly (not through another schema).
fn schema_roots(root: &Value) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    let components = root.get("components");
    for (name, schema) in entries(components.and_then(|c| c.get("schemas"))) {
        found.push((push_pointer("/components/schemas", name), schema));
    }
    for (name, parameter) in entries(components.and_then(|c| c.get("parameters"))) {
        parameter_schema(&push_pointer("/components/parameters", name), parameter, &mut found);
    }
    for (name, header) in entries(components.and_then(|c| c.get("headers"))) {
        parameter_schema(&push_pointer("/components/headers", name), header, &mut found);
    }
    for (name, response) in entries(components.and_then(|c| c.get("responses"))) {
        response_schemas(&push_pointer("/components/responses", name), response, &mut found);
    }
    for (name, body) in entries(components.and_then(|c| c.get("requestBodies"))) {
        content_schemas(&push_pointer("/components/requestBodies", name), body, &mut found);
    }
    for (path, item) in entries(root.get("paths")) {
        let item_pointer = push_pointer("/paths", path);
        parameter_list(&item_pointer, item, &mut found);
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let pointer = push_pointer(&item_pointer, method);
            parameter_list(&pointer, operation, &mut found);
            if let Some(body) = operation.get("requestBody") {
                content_schemas(&push_pointer(&pointer, "requestBody"), body, &mut found);
            }
            for (status, response) in entries(operation.get("responses")) {
                response_schemas(&push_pointer(&push_pointer(&pointer, "responses"), status), response, &mut found);
            }
        }
    }
    found
}

fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

fn parameter_list<'a>(pointer: &str, owner: &'a Value, found: &mut Vec<(String, &'a Value)>) {
    for (index, parameter) in owner.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
        parameter_schema(&format!("{pointer}/parameters/{index}"), parameter, found);
    }
}

fn parameter_schema<'a>(pointer: &str, parameter: &'a Value, found: &mut Vec<(String, &'a Value)>) {
    if let Some(schema) = parameter.get("schema") {
        found.push((push_pointer(pointer, "schema"), schema));
    }
}

fn response_schemas<'a>(pointer: &str, response: &'a Value, found: &mut Vec<(String, &'a Value)>) {
    content_schemas(pointer, response, found);
    for (name, header) in response.get("headers").and_then(Value::as_object).into_iter().flatten() {
        parameter_schema(&push_pointer(&push_pointer(pointer, "headers"), name), header, found);
    }
}

fn content_schemas<'a>(pointer: &str, owner: &'a Value, found: &mut Vec<(String, &'a Value)>) {
    for (media, content) in owner.get("content").and_then(Value::as_object).into_iter().flatten() {
        if let Some(schema) = content.get("schema") {
            found.push((format!("{}/schema", push_pointer(&push_pointer(pointer, "content"), media)), schema));
        }
    }
}

struct Checker<'a, 'd> {
    root: &'a Value,
    diagnostics: &'d mut Diagnostics,
    repairs: &'d mut Repairs,
}

impl Checker<'_, '_> {
    /// Sloppiness validators let through: a warning, and the value leaves the
    /// document that lowering reads.
    fn drop_value(&mut self, kind: WarningKind, pointer: String, message: String) {
        self.diagnostics.warning(kind, &pointer, message);
        self.repairs.remove(pointer);
    }

    fn schema(&mut self, schema: &Value, pointer: &str) {
        let Some(object) = schema.as_object() else {
            self.diagnostics.error(pointer, "a schema must be a mapping");
            return;
        };
        if let Some(reference) = object.get("$ref") {
            // OpenAPI 3.0 ignores what is beside a `$ref`, but `nullable: true`
            // there (Twilio's specs, and many generated ones) says what the
            // wire carries: read it, so that `null` is not refused.
            let local = reference.as_str().filter(|reference| reference.starts_with("#/"));
            if let (Some(reference), Some(Value::Bool(true))) = (local, object.get("nullable")) {
                let mut wrapped = serde_json::json!({"allOf": [{"$ref": reference}], "nullable": true});
                if let Some(description) = object.get("description") {
                    wrapped["description"] = description.clone();
                }
                self.repairs.replace(pointer.to_owned(), wrapped);
            }
            return;
        }
        if let Some(ty) = object.get("type") {
            match ty.as_str() {
                Some(name) if TYPES.contains(&name) => {}
                Some(name) => self.diagnostics.error(
                    push_pointer(pointer, "type"),
                    format!("unknown type {name:?}; expected one of {}", TYPES.join(", ")),
                ),
                None => self.diagnostics.error(
                    push_pointer(pointer, "type"),
                    "`type` must be a type name (in OpenAPI 3.1, or a list of them)",
                ),
            }
        }
        if let Some(pattern) = object.get("pattern") {
            match pattern.as_str() {
                Some(text) => {
                    // OpenAPI's patterns are ECMA-262, a different dialect: what the
                    // regex crate cannot compile (look-around, `[[]`, `\p{XDigit}`) may
                    // well be valid there, so it is never a reason to refuse the spec.
                    // It is compiled, not only parsed, and as the generated code reads
                    // it (`crate::ecma_regex`), with the same limits (`.{1,2097152}` is
                    // too big for them).
                    if let Err(error) = regex::Regex::new(&crate::ecma_regex::to_rust(text)) {
                        let reason = match error {
                            regex::Error::CompiledTooBig(limit) => {
                                format!("compiled, it would exceed the regex crate's size limit of {limit} bytes")
                            }
                            error => first_line(&error.to_string()),
                        };
                        let message =
                            format!("pattern {text:?} is not checked: the regex crate cannot compile it ({reason})");
                        self.drop_value(WarningKind::Unchecked, push_pointer(pointer, "pattern"), message);
                    }
                }
                None => self.diagnostics.error(push_pointer(pointer, "pattern"), "`pattern` must be a string"),
            }
        }
        self.normalise(object, pointer);
        self.required_but_forbidden(object, pointer);
        self.bounds(object, pointer, "minLength", "maxLength");
        self.bounds(object, pointer, "minItems", "maxItems");
        self.bounds(object, pointer, "minimum", "maximum");
        self.integer_bounds(object, pointer);
        self.unchecked_keywords(object, pointer);
        if object.get("readOnly") == Some(&Value::Bool(true)) && object.get("writeOnly") == Some(&Value::Bool(true)) {
            self.diagnostics.error(pointer, "a schema cannot be both readOnly and writeOnly");
        }
        if let Some(values) = object.get("enum") {
            match values.as_array() {
                Some(values) if !values.is_empty() => {
                    for (index, value) in values.iter().enumerate() {
                        if let Some(problem) = self.mismatch(schema, value, 0, false) {
                            let message = format!("enum value {value} {problem}; the Rust type leaves it out");
                            self.drop_value(WarningKind::SpecMistake, format!("{pointer}/enum/{index}"), message);
                        }
                    }
                }
                // JSON Schema asks that the list SHOULD have a value, not
                // that it MUST: an empty one is valid and admits nothing.
                Some(_) => self.drop_value(
                    WarningKind::SpecMistake,
                    push_pointer(pointer, "enum"),
                    "`enum` lists no value, so no value is valid; the type takes any value of its `type` instead"
                        .to_owned(),
                ),
                None => self.diagnostics.error(push_pointer(pointer, "enum"), "`enum` must be a list"),
            }
        }
        if let Some(default) = object.get("default") {
            if let Some(problem) = self.mismatch(schema, default, 0, true) {
                let message = format!("default {default} {problem}; it is ignored");
                self.drop_value(WarningKind::Default, push_pointer(pointer, "default"), message);
            }
        }
        self.children(object, pointer);
    }

    fn children(&mut self, object: &serde_json::Map<String, Value>, pointer: &str) {
        if let Some(properties) = object.get("properties") {
            match properties.as_object() {
                Some(properties) => {
                    for (name, property) in properties {
                        self.schema(property, &push_pointer(&push_pointer(pointer, "properties"), name));
                    }
                }
                None => self.diagnostics.error(push_pointer(pointer, "properties"), "`properties` must be a mapping"),
            }
        }
        if let Some(required) = object.get("required") {
            if !required.as_array().is_some_and(|names| names.iter().all(Value::is_string)) {
                self.diagnostics
                    .error(push_pointer(pointer, "required"), "`required` must be a list of property names");
            }
        }
        for key in ["items", "not"] {
            if let Some(child) = object.get(key) {
                self.schema(child, &push_pointer(pointer, key));
            }
        }
        if let Some(additional) = object.get("additionalProperties") {
            if !additional.is_boolean() {
                self.schema(additional, &push_pointer(pointer, "additionalProperties"));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            let Some(list) = object.get(key) else {
                continue;
            };
            match list.as_array() {
                Some(items) if !items.is_empty() => {
                    for (index, item) in items.iter().enumerate() {
                        self.schema(item, &format!("{pointer}/{key}/{index}"));
                    }
                }
                _ => self
                    .diagnostics
                    .error(push_pointer(pointer, key), format!("`{key}` must be a non-empty list of schemas")),
            }
        }
    }

    /// Keywords of another type than the schema's `type` constrain nothing
    /// (each applies to values of its own type): they leave the document
    /// lowering reads, without a warning, so the schema reads as its type
    /// (`type: string` with `uniqueItems`, `type: integer` with `minLength`).
    /// And an `allOf` with object keywords beside it means the same as one
    /// more `allOf` member holding them.
    fn normalise(&mut self, object: &serde_json::Map<String, Value>, pointer: &str) {
        if let Some(ty) = object.get("type").and_then(Value::as_str).filter(|ty| TYPES.contains(ty)) {
            for key in object.keys() {
                if keyword_types(key).is_some_and(|types| !types.contains(&ty)) {
                    self.repairs.remove(push_pointer(pointer, key));
                }
            }
        }
        let typed_object = object.get("type").is_some_and(|ty| ty == "object");
        let beside = typed_object || super::repairs::OBJECT_KEYWORDS.iter().any(|k| object.contains_key(*k));
        if object.get("type").is_none_or(|ty| ty == "object")
            && object.get("allOf").is_some_and(Value::is_array)
            && beside
        {
            self.repairs.move_into_all_of(pointer.to_owned());
        }
    }

    /// A `required` key that `additionalProperties: false` forbids (not
    /// among the `properties`, and no `allOf`, `anyOf` or `oneOf` beside to
    /// name it): no object is valid, which is valid JSON Schema. A warning,
    /// and the key is not required.
    fn required_but_forbidden(&mut self, object: &serde_json::Map<String, Value>, pointer: &str) {
        let closed = object.get("additionalProperties") == Some(&Value::Bool(false));
        let composed = ["allOf", "anyOf", "oneOf", "patternProperties"].iter().any(|key| object.contains_key(*key));
        let Some(required) = object.get("required").and_then(Value::as_array).filter(|_| closed && !composed) else {
            return;
        };
        let properties = object.get("properties").and_then(Value::as_object);
        for (index, key) in required.iter().enumerate() {
            let Some(name) = key.as_str() else { continue };
            if properties.is_some_and(|properties| properties.contains_key(name)) {
                continue;
            }
            let message = format!(
                "required key {name:?} is not among the properties, and `additionalProperties: false` forbids it: \
                 no object is valid; the key is not required"
            );
            self.drop_value(WarningKind::SpecMistake, format!("{pointer}/required/{index}"), message);
        }
    }

    /// An integer schema's bound that no 64-bit integer can state
    /// (`minimum: -9223372036854776000`, written as JSON numbers round) bounds
    /// nothing an `i64` can hold: left out, with a warning. One written as
    /// a whole float (`9.0`) is that integer.
    fn integer_bounds(&mut self, object: &serde_json::Map<String, Value>, pointer: &str) {
        if object.get("type").and_then(Value::as_str) != Some("integer") {
            return;
        }
        for key in ["minimum", "maximum"] {
            let Some(bound) = object.get(key).filter(|bound| bound.is_number()) else {
                continue;
            };
            if bound.is_i64() {
                continue;
            }
            let beyond = bound.as_f64().is_some_and(|value| value.abs() >= 9.2e18);
            if let Some(whole) = bound.as_f64().filter(|value| !beyond && value.fract() == 0.0) {
                // `9.0` is the integer 9 in JSON Schema (Pydantic writes bounds so).
                self.repairs.replace(push_pointer(pointer, key), Value::from(whole as i64));
                continue;
            }
            let what = if beyond { "is beyond 64-bit integers" } else { "is not an integer" };
            if beyond || bound.is_f64() {
                let message = format!("`{key}` {bound} {what}: an `i64` is not checked against it");
                self.drop_value(WarningKind::Unchecked, push_pointer(pointer, key), message);
            }
        }
    }

    /// Keywords the generated code does not check, where they apply to the
    /// schema's type (or it has none): the type is looser than the schema,
    /// with a warning, not silently (GitHub's `client_payload` with
    /// `maxProperties: 10`).
    fn unchecked_keywords(&mut self, object: &serde_json::Map<String, Value>, pointer: &str) {
        let ty = object.get("type").and_then(Value::as_str);
        for key in UNCHECKED {
            let Some(value) = object.get(*key) else {
                continue;
            };
            let applies = keyword_types(key).is_some_and(|types| ty.is_none_or(|ty| types.contains(&ty)));
            // `uniqueItems: false` and `minProperties: 0` ask nothing.
            if !applies || matches!(value, Value::Bool(false)) || value.as_u64() == Some(0) {
                continue;
            }
            self.diagnostics.warning(
                WarningKind::Unchecked,
                push_pointer(pointer, key),
                format!("`{key}: {value}` is not checked: the generated type accepts what it forbids"),
            );
        }
    }

    fn bounds(&mut self, object: &serde_json::Map<String, Value>, pointer: &str, low: &str, high: &str) {
        for key in [low, high] {
            if object.get(key).is_some_and(|v| !v.is_number()) {
                self.diagnostics.error(push_pointer(pointer, key), format!("`{key}` must be a number"));
            }
        }
        let number = |key| object.get(key).and_then(Value::as_f64);
        if let (Some(min), Some(max)) = (number(low), number(high)) {
            // Valid JSON Schema that no value meets, as `enum: []`: the
            // type takes what the rest of the schema allows.
            if min > max {
                let message = format!(
                    "`{low}` {min} is greater than `{high}` {max}, so no value is valid; neither bound is checked"
                );
                self.diagnostics.warning(WarningKind::SpecMistake, pointer, message);
                self.repairs.remove(push_pointer(pointer, low));
                self.repairs.remove(push_pointer(pointer, high));
            }
        }
    }

    /// Why `value` does not satisfy `schema`, or `None` when it does. Follows
    /// local references a bounded number of times.
    fn mismatch(&self, schema: &Value, value: &Value, depth: usize, check_enum: bool) -> Option<String> {
        if depth > 16 {
            return None;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let target = crate::json_pointer::resolve(self.root, reference)?;
            return self.mismatch(target, value, depth + 1, check_enum);
        }
        // Without a `type`, nothing excludes `null` (`enum: [null]` as a `oneOf`'s null alternative).
        if value.is_null() {
            return (schema.get("nullable") != Some(&Value::Bool(true)) && schema.get("type").is_some())
                .then(|| "is null but the schema is not nullable".to_owned());
        }
        if check_enum {
            if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                if !values.contains(value) {
                    return Some("is not one of the enum values".to_owned());
                }
            }
        }
        let expected = schema.get("type").and_then(Value::as_str)?;
        let fits = match expected {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => return None,
        };
        if !fits {
            return Some(format!("is not of type {expected}"));
        }
        let limit = |key| schema.get(key).and_then(Value::as_f64);
        if let Some(text) = value.as_str() {
            let length = text.chars().count() as f64;
            if limit("minLength").is_some_and(|min| length < min) {
                return Some("is shorter than minLength".to_owned());
            }
            if limit("maxLength").is_some_and(|max| length > max) {
                return Some("is longer than maxLength".to_owned());
            }
            if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
                // Only reached for a default or enum value next to a pattern: rare.
                if regex::Regex::new(pattern).is_ok_and(|re| !re.is_match(text)) {
                    return Some(format!("does not match the pattern {pattern:?}"));
                }
            }
            if schema.get("format").and_then(Value::as_str) == Some("email") && !text.contains('@') {
                return Some("is not an e-mail address (format: email)".to_owned());
            }
        }
        if let Some(number) = value.as_f64() {
            if limit("minimum").is_some_and(|min| number < min) {
                return Some("is below the minimum".to_owned());
            }
            if limit("maximum").is_some_and(|max| number > max) {
                return Some("is above the maximum".to_owned());
            }
        }
        None
    }
}

/// The keywords the generated code does not check.
const UNCHECKED: &[&str] = &["multipleOf", "uniqueItems", "minProperties", "maxProperties"];

/// The types a type-specific keyword applies to.
fn keyword_types(keyword: &str) -> Option<&'static [&'static str]> {
    Some(match keyword {
        "minLength" | "maxLength" | "pattern" => &["string"],
        "format" => &["string", "number", "integer"],
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => &["number", "integer"],
        "items" | "minItems" | "maxItems" | "uniqueItems" => &["array"],
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => &["object"],
        _ => return None,
    })
}

fn first_line(text: &str) -> String {
    let line = text.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(text).trim();
    line.strip_prefix("error: ").unwrap_or(line).to_owned()
}
