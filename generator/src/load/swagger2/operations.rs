//! Operations: their parameters (the non-body ones with their `schema`
//! and `style`), their body (a `body` parameter, or the `formData` ones as
//! a form) and their responses.

use super::{
    copy_annotations, is_form, location, media_types, rewrite_reference, Converter, Parameter, METHODS, VALUE_KEYWORDS,
};
use crate::diagnostic::WarningKind;
use crate::json_pointer::{push_pointer, unescape};
use serde_yaml::{Mapping, Value};

impl<'a> Converter<'a> {
    pub(super) fn path_item(&mut self, item: &'a Mapping, at: &str) -> Mapping {
        let mut converted = Mapping::new();
        // Path-level body and form parameters go down into each operation.
        let shared = self.parameters(item.get("parameters"), at);
        let (shared_values, shared_bodies): (Vec<_>, Vec<_>) =
            shared.into_iter().partition(|parameter| !matches!(parameter.location, "body" | "formData"));
        if !shared_values.is_empty() {
            let list = self.parameter_list(&shared_values, at);
            converted.insert("parameters".into(), Value::Sequence(list));
        }
        for (key, value) in item {
            let Some(key_text) = key.as_str() else {
                continue;
            };
            if METHODS.contains(&key_text) {
                let operation_at = push_pointer(at, key_text);
                let operation = self.operation(value, &operation_at, &shared_bodies);
                converted.insert(key.clone(), Value::Mapping(operation));
            } else if key_text.starts_with("x-") {
                converted.insert(key.clone(), value.clone());
            }
        }
        converted
    }

    /// The parameters of a list, references to body and form parameters resolved.
    pub(super) fn parameters(&mut self, list: Option<&'a Value>, at: &str) -> Vec<Parameter<'a>> {
        let Some(Value::Sequence(items)) = list else {
            return Vec::new();
        };
        let list_at = push_pointer(at, "parameters");
        let mut found = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let item_at = format!("{list_at}/{index}");
            let referred = item
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/parameters/"))
                .map(|name| unescape(name).into_owned())
                .and_then(|name| Some((self.root.get("parameters")?.get(name.as_str())?, name)));
            match referred {
                Some((target, name)) if matches!(location(target), "body" | "formData") => found.push(Parameter {
                    value: target,
                    at: push_pointer("/parameters", &name),
                    location: location(target),
                }),
                _ => found.push(Parameter { value: item, at: item_at, location: location(item) }),
            }
        }
        found
    }

    /// Non-body parameters as a 3.0 list at `at/parameters`.
    pub(super) fn parameter_list(&mut self, parameters: &[Parameter<'_>], at: &str) -> Vec<Value> {
        let mut list = Vec::new();
        for parameter in parameters {
            let converted_at = format!("{at}/parameters/{}", list.len());
            list.push(self.parameter(parameter.value, &converted_at, &parameter.at));
        }
        list
    }

    /// A non-body parameter (or a reference to one).
    pub(super) fn parameter(&mut self, parameter: &Value, at: &str, original: &str) -> Value {
        self.record(at, original);
        if let Some(reference) = self.reference_object(parameter) {
            return reference;
        }
        let Some(fields) = parameter.as_mapping() else {
            return parameter.clone();
        };
        let mut converted = Mapping::new();
        for (key, value) in fields {
            let Some(key_text) = key.as_str() else {
                continue;
            };
            if !VALUE_KEYWORDS.contains(&key_text) && key_text != "collectionFormat" {
                converted.insert(key.clone(), value.clone());
            }
        }
        let location = location(parameter);
        if location != "query" {
            converted.shift_remove("allowEmptyValue");
        }
        let schema_at = push_pointer(at, "schema");
        let schema = self.value_schema(fields, &schema_at, original);
        converted.insert("schema".into(), schema);
        self.record(schema_at, original);
        if fields.get("type").and_then(Value::as_str) == Some("array") {
            let format = fields.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            let style = match (format, location) {
                ("multi", _) => Some(("form", true)),
                ("csv", "query") => Some(("form", false)),
                ("csv", _) => Some(("simple", false)),
                ("ssv", "query") => Some(("spaceDelimited", false)),
                ("pipes", "query") => Some(("pipeDelimited", false)),
                _ => None,
            };
            match style {
                Some((style, explode)) => {
                    converted.insert("style".into(), style.into());
                    converted.insert("explode".into(), explode.into());
                    self.record(push_pointer(at, "style"), push_pointer(original, "collectionFormat"));
                    self.record(push_pointer(at, "explode"), push_pointer(original, "collectionFormat"));
                }
                None => {
                    // No 3.0 style splits on tabs (or `ssv`/`pipes` outside a query):
                    // the value is one string, for the handler to split.
                    self.warn(
                        WarningKind::RawText,
                        push_pointer(original, "collectionFormat"),
                        format!(
                            "`collectionFormat: {format}` in a {location} parameter has no OpenAPI 3.0 style: \
                             the value is read as one string"
                        ),
                    );
                    let mut text = Mapping::new();
                    text.insert("type".into(), "string".into());
                    converted.insert("schema".into(), Value::Mapping(text));
                }
            }
        }
        Value::Mapping(converted)
    }

    /// The schema a parameter's, header's or `items` object's own keywords
    /// describe (at `at` in the 3.0 document, `original` in the 2.0 one).
    pub(super) fn value_schema(&mut self, fields: &Mapping, at: &str, original: &str) -> Value {
        let mut schema = Mapping::new();
        for key in VALUE_KEYWORDS {
            let Some(value) = fields.get(*key) else {
                continue;
            };
            if *key == "items" {
                let items_at = push_pointer(at, "items");
                let items_original = push_pointer(original, "items");
                let items = match value.as_mapping() {
                    Some(items) => {
                        if items.get("collectionFormat").and_then(Value::as_str).is_some_and(|f| f != "csv") {
                            self.warn(
                                WarningKind::Conversion,
                                push_pointer(&items_original, "collectionFormat"),
                                "a nested `collectionFormat` other than csv has no OpenAPI 3.0 style: \
                                 the inner lists are read as csv",
                            );
                        }
                        self.value_schema(items, &items_at, &items_original)
                    }
                    None => value.clone(),
                };
                schema.insert("items".into(), items);
                self.record(items_at, items_original);
            } else {
                schema.insert(Value::from(*key), value.clone());
            }
        }
        self.schema_keywords(&mut schema, at);
        Value::Mapping(schema)
    }

    pub(super) fn operation(&mut self, operation: &'a Value, at: &str, shared_bodies: &[Parameter<'a>]) -> Mapping {
        let mut converted = Mapping::new();
        let Some(fields) = operation.as_mapping() else {
            return converted;
        };
        let consumes = fields.get("consumes").map_or_else(|| self.consumes.clone(), |c| media_types(Some(c)));
        let produces = fields.get("produces").map_or_else(|| self.produces.clone(), |p| media_types(Some(p)));
        for key in ["tags", "summary", "description", "externalDocs", "operationId"] {
            if let Some(value) = fields.get(key) {
                converted.insert(key.into(), value.clone());
            }
        }
        let mut parameters = self.parameters(fields.get("parameters"), at);
        parameters.extend(shared_bodies.iter().map(|p| Parameter {
            value: p.value,
            at: p.at.clone(),
            location: p.location,
        }));
        let (values, bodies): (Vec<_>, Vec<_>) =
            parameters.into_iter().partition(|parameter| !matches!(parameter.location, "body" | "formData"));
        if !values.is_empty() {
            let list = self.parameter_list(&values, at);
            converted.insert("parameters".into(), Value::Sequence(list));
        }
        if let Some(body) = self.request_body(&bodies, &push_pointer(at, "requestBody"), &consumes) {
            converted.insert("requestBody".into(), body);
        }
        if let Some(Value::Mapping(responses)) = fields.get("responses") {
            let mut converted_responses = Mapping::new();
            for (status, response) in responses {
                let status_text = match status {
                    Value::Number(number) => number.to_string(),
                    other => other.as_str().unwrap_or_default().to_owned(),
                };
                let response_at = push_pointer(&push_pointer(at, "responses"), &status_text);
                converted_responses.insert(status.clone(), self.response(response, &response_at, &produces));
            }
            converted.insert("responses".into(), Value::Mapping(converted_responses));
        }
        for key in ["deprecated", "security"] {
            if let Some(value) = fields.get(key) {
                converted.insert(key.into(), value.clone());
            }
        }
        for (key, value) in fields {
            if key.as_str().is_some_and(|key| key.starts_with("x-")) {
                converted.insert(key.clone(), value.clone());
            }
        }
        converted
    }

    /// The body of an operation: its `body` parameter in each media type
    /// it consumes, or its `formData` parameters as one form.
    pub(super) fn request_body(&mut self, bodies: &[Parameter<'_>], at: &str, consumes: &[String]) -> Option<Value> {
        let mut body = Mapping::new();
        let mut content = Mapping::new();
        if let Some(parameter) = bodies.iter().find(|p| p.location == "body") {
            self.record(at, parameter.at.clone());
            copy_annotations(parameter.value, &mut body, &["description", "required"]);
            let media = if consumes.is_empty() { vec!["application/json".to_owned()] } else { consumes.to_vec() };
            let schema_original = push_pointer(&parameter.at, "schema");
            self.record(push_pointer(at, "content"), parameter.at.clone());
            for media_type in media.iter().filter(|m| !is_form(m)) {
                let media_at = push_pointer(&push_pointer(at, "content"), media_type);
                self.record(media_at.clone(), parameter.at.clone());
                let schema_at = push_pointer(&media_at, "schema");
                let schema = parameter.value.get("schema").map(|s| self.schema(s, &schema_at)).unwrap_or_default();
                self.record(schema_at, schema_original.clone());
                let mut entry = Mapping::new();
                entry.insert("schema".into(), schema);
                content.insert(media_type.as_str().into(), Value::Mapping(entry));
            }
        } else {
            let fields: Vec<&Parameter<'_>> = bodies.iter().filter(|p| p.location == "formData").collect();
            if fields.is_empty() {
                return None;
            }
            let has_file = fields.iter().any(|p| p.value.get("type").and_then(Value::as_str) == Some("file"));
            let multipart = has_file || consumes.iter().any(|m| m.starts_with("multipart/form-data"));
            let media_type = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
            let schema_at = push_pointer(&push_pointer(&push_pointer(at, "content"), media_type), "schema");
            let mut properties = Mapping::new();
            let mut required = Vec::new();
            let mut encoding = Mapping::new();
            for field in &fields {
                let Some(name) = field.value.get("name").and_then(Value::as_str) else {
                    continue;
                };
                let Some(keywords) = field.value.as_mapping() else {
                    continue;
                };
                let property_at = push_pointer(&push_pointer(&schema_at, "properties"), name);
                let mut property = self.value_schema(keywords, &property_at, &field.at);
                if let (Value::Mapping(property), Some(description)) = (&mut property, field.value.get("description")) {
                    property.insert("description".into(), description.clone());
                }
                self.record(property_at, field.at.clone());
                properties.insert(name.into(), property);
                if field.value.get("required").and_then(Value::as_bool) == Some(true) {
                    required.push(Value::from(name));
                }
                let collection = field.value.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
                if field.value.get("type").and_then(Value::as_str) == Some("array") && collection != "multi" {
                    // 3.0 forms repeat an array's key by default; the others are one
                    // value, joined by commas (also `tsv`, which 3.0 has no style for).
                    let joined = match collection {
                        "ssv" => "spaceDelimited",
                        "pipes" => "pipeDelimited",
                        _ => "form",
                    };
                    let mut style = Mapping::new();
                    style.insert("style".into(), joined.into());
                    style.insert("explode".into(), false.into());
                    encoding.insert(name.into(), Value::Mapping(style));
                }
            }
            self.record(at, fields[0].at.clone());
            self.record(push_pointer(at, "content"), fields[0].at.clone());
            self.record(push_pointer(&push_pointer(at, "content"), media_type), fields[0].at.clone());
            self.record(schema_at.clone(), fields[0].at.clone());
            let mut schema = Mapping::new();
            schema.insert("type".into(), "object".into());
            if !required.is_empty() {
                schema.insert("required".into(), Value::Sequence(required.clone()));
            }
            schema.insert("properties".into(), Value::Mapping(properties));
            let mut entry = Mapping::new();
            entry.insert("schema".into(), Value::Mapping(schema));
            if !encoding.is_empty() {
                entry.insert("encoding".into(), Value::Mapping(encoding));
            }
            content.insert(media_type.into(), Value::Mapping(entry));
            if !required.is_empty() {
                body.insert("required".into(), true.into());
            }
        }
        body.insert("content".into(), Value::Mapping(content));
        Some(Value::Mapping(body))
    }

    /// A response: its `schema` as content in each media type produced,
    /// its headers' keywords as their schemas, `examples` by media type.
    pub(super) fn response(&mut self, response: &Value, at: &str, produces: &[String]) -> Value {
        if let Some(reference) = self.reference_object(response) {
            return reference;
        }
        let Some(fields) = response.as_mapping() else {
            return response.clone();
        };
        let mut converted = Mapping::new();
        converted.insert("description".into(), fields.get("description").cloned().unwrap_or_else(|| "".into()));
        if let Some(Value::Mapping(headers)) = fields.get("headers") {
            let mut converted_headers = Mapping::new();
            for (name, header) in headers {
                let (Some(name_text), Some(header_fields)) = (name.as_str(), header.as_mapping()) else {
                    continue;
                };
                let header_at = push_pointer(&push_pointer(at, "headers"), name_text);
                let original = header_at.clone();
                let mut converted_header = Mapping::new();
                copy_annotations(header, &mut converted_header, &["description"]);
                let schema_at = push_pointer(&header_at, "schema");
                converted_header.insert("schema".into(), self.value_schema(header_fields, &schema_at, &original));
                self.record(schema_at, original);
                converted_headers.insert(name.clone(), Value::Mapping(converted_header));
            }
            converted.insert("headers".into(), Value::Mapping(converted_headers));
        }
        if let Some(schema) = fields.get("schema") {
            let media = if produces.is_empty() { vec!["application/json".to_owned()] } else { produces.to_vec() };
            let mut content = Mapping::new();
            self.record(push_pointer(at, "content"), push_pointer(at, "schema"));
            for media_type in &media {
                let media_at = push_pointer(&push_pointer(at, "content"), media_type);
                self.record(media_at.clone(), push_pointer(at, "schema"));
                let schema_at = push_pointer(&media_at, "schema");
                let mut entry = Mapping::new();
                entry.insert("schema".into(), self.schema(schema, &schema_at));
                self.record(schema_at, push_pointer(at, "schema"));
                if let Some(example) = fields.get("examples").and_then(|e| e.get(media_type.as_str())) {
                    entry.insert("example".into(), example.clone());
                    self.record(
                        push_pointer(&media_at, "example"),
                        push_pointer(&push_pointer(at, "examples"), media_type),
                    );
                }
                content.insert(media_type.as_str().into(), Value::Mapping(entry));
            }
            converted.insert("content".into(), Value::Mapping(content));
        }
        for (key, value) in fields {
            if key.as_str().is_some_and(|key| key.starts_with("x-")) {
                converted.insert(key.clone(), value.clone());
            }
        }
        Value::Mapping(converted)
    }

    /// A `{$ref}` object, its reference pointed at the 3.0 components.
    fn reference_object(&self, node: &Value) -> Option<Value> {
        let reference = node.get("$ref").and_then(Value::as_str)?;
        let mut converted = Mapping::new();
        converted.insert("$ref".into(), rewrite_reference(self.root, reference).into());
        Some(Value::Mapping(converted))
    }
}
