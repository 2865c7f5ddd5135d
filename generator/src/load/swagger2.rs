//! Swagger 2.0 read as the OpenAPI 3.0 document converting it gives (what
//! `swagger2openapi` and the 3.0 specification's own migration notes do):
//! `definitions`, `parameters`, `responses` and `securityDefinitions` become
//! components; a `body` parameter a `requestBody` in each media type of
//! `consumes`, `formData` parameters one form body (multipart when a file
//! is among them); a response's `schema` content in each type of
//! `produces`; `host`/`basePath`/`schemes` the servers; a parameter's or
//! header's own type keywords its `schema`, `collectionFormat` its `style`;
//! `x-nullable` is `nullable`, `type: file` a binary string.
//!
//! The 3.0 document is built anew, and every part records where it came
//! from ([`super::Origins`]), so a diagnostic names the 2.0 document's pointer and
//! line:column.

use super::origins::Converted;
use crate::diagnostic::push_pointer;
use serde_yaml::{Mapping, Value};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Keywords of a non-body parameter, a header or an `items` object that
/// describe its value: 3.0 has them in a `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// The 3.0 document a Swagger 2.0 `tree` means.
pub(crate) fn convert(tree: &Value) -> (Value, Converted) {
    let empty = Mapping::new();
    let root = tree.as_mapping().unwrap_or(&empty);
    let mut converter = Converter {
        root,
        found: Converted::default(),
        consumes: media_types(root.get("consumes")),
        produces: media_types(root.get("produces")),
    };
    let document = converter.document();
    (Value::Mapping(document), converter.found)
}

struct Converter<'a> {
    root: &'a Mapping,
    found: Converted,
    /// The document's `consumes` and `produces`, for operations without their own.
    consumes: Vec<String>,
    produces: Vec<String>,
}

/// A parameter of an operation, resolved when it is a reference to a body
/// or form parameter (which become a body, not a parameter).
struct Parameter<'a> {
    value: &'a Value,
    /// Where it is in the 2.0 document.
    at: String,
    location: &'a str,
}

impl<'a> Converter<'a> {
    fn record(&mut self, converted: impl Into<String>, original: impl Into<String>) {
        self.found.origins.record(converted, original);
    }

    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.found.warnings.push((pointer.into(), message.into()));
    }

    fn document(&mut self) -> Mapping {
        let root = self.root;
        let mut document = Mapping::new();
        document.insert("openapi".into(), "3.0.3".into());
        self.record("/openapi", "/swagger");
        for key in ["info"] {
            if let Some(value) = root.get(key) {
                document.insert(key.into(), value.clone());
            }
        }
        if let Some(servers) = self.servers() {
            document.insert("servers".into(), servers);
        }
        for key in ["security", "tags", "externalDocs"] {
            if let Some(value) = root.get(key) {
                document.insert(key.into(), value.clone());
            }
        }
        let mut paths = Mapping::new();
        if let Some(Value::Mapping(items)) = root.get("paths") {
            for (path, item) in items {
                let Some(path_text) = path.as_str() else {
                    continue;
                };
                let at = push_pointer("/paths", path_text);
                let converted = match item {
                    Value::Mapping(item) if !path_text.starts_with("x-") && !item.contains_key("$ref") => {
                        Value::Mapping(self.path_item(item, &at))
                    }
                    other => other.clone(),
                };
                paths.insert(path.clone(), converted);
            }
        }
        document.insert("paths".into(), Value::Mapping(paths));
        let components = self.components();
        if !components.is_empty() {
            document.insert("components".into(), Value::Mapping(components));
        }
        for (key, value) in root {
            if key.as_str().is_some_and(|key| key.starts_with("x-")) {
                document.insert(key.clone(), value.clone());
            }
        }
        document
    }

    /// `schemes`, `host` and `basePath` as server URLs: one per scheme, or
    /// the relative `basePath` when there is no host.
    fn servers(&mut self) -> Option<Value> {
        let host = self.root.get("host").and_then(Value::as_str);
        let base_path = self.root.get("basePath").and_then(Value::as_str).unwrap_or("");
        let base_path = base_path.trim_end_matches('/');
        let urls: Vec<String> = match host {
            Some(host) => {
                let schemes: Vec<&str> = match self.root.get("schemes") {
                    Some(Value::Sequence(schemes)) => schemes.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                // With no `schemes`, the one the spec was read with: `https` is the safe guess.
                let schemes = if schemes.is_empty() { vec!["https"] } else { schemes };
                schemes.iter().map(|scheme| format!("{scheme}://{host}{base_path}")).collect()
            }
            None if base_path.is_empty() => return None,
            None => vec![base_path.to_owned()],
        };
        let origin = if host.is_some() { "/host" } else { "/basePath" };
        let mut servers = Vec::new();
        for (index, url) in urls.into_iter().enumerate() {
            let mut server = Mapping::new();
            server.insert("url".into(), url.into());
            servers.push(Value::Mapping(server));
            self.record(format!("/servers/{index}"), origin);
        }
        Some(Value::Sequence(servers))
    }

    fn components(&mut self) -> Mapping {
        let root = self.root;
        let mut components = Mapping::new();
        if let Some(Value::Mapping(definitions)) = root.get("definitions") {
            let mut schemas = Mapping::new();
            for (name, schema) in definitions {
                let Some(name_text) = name.as_str() else {
                    continue;
                };
                let at = push_pointer("/components/schemas", name_text);
                schemas.insert(name.clone(), self.schema(schema, &at));
            }
            components.insert("schemas".into(), Value::Mapping(schemas));
            self.record("/components/schemas", "/definitions");
        }
        if let Some(Value::Mapping(responses)) = root.get("responses") {
            let mut converted = Mapping::new();
            for (name, response) in responses {
                let Some(name_text) = name.as_str() else {
                    continue;
                };
                let at = push_pointer("/components/responses", name_text);
                let produces = self.produces.clone();
                converted.insert(name.clone(), self.response(response, &at, &produces));
            }
            components.insert("responses".into(), Value::Mapping(converted));
            self.record("/components/responses", "/responses");
        }
        if let Some(Value::Mapping(parameters)) = root.get("parameters") {
            // Body and form parameters are not parameters in 3.0: each
            // operation that refers to one gets it in its body.
            let mut converted = Mapping::new();
            for (name, parameter) in parameters {
                let Some(name_text) = name.as_str() else {
                    continue;
                };
                if matches!(location(parameter), "body" | "formData") {
                    continue;
                }
                let at = push_pointer("/components/parameters", name_text);
                let original = push_pointer("/parameters", name_text);
                converted.insert(name.clone(), self.parameter(parameter, &at, &original));
            }
            if !converted.is_empty() {
                components.insert("parameters".into(), Value::Mapping(converted));
            }
        }
        if let Some(Value::Mapping(definitions)) = root.get("securityDefinitions") {
            let mut schemes = Mapping::new();
            for (name, definition) in definitions {
                let Some(name_text) = name.as_str() else {
                    continue;
                };
                let at = push_pointer("/securityDefinitions", name_text);
                if let Some(scheme) = self.security_scheme(definition, &at) {
                    schemes.insert(name.clone(), scheme);
                }
            }
            components.insert("securitySchemes".into(), Value::Mapping(schemes));
            self.record("/components/securitySchemes", "/securityDefinitions");
        }
        components
    }

    /// `basic`, `apiKey` and `oauth2` (whose flows 3.0 renames).
    fn security_scheme(&mut self, definition: &Value, at: &str) -> Option<Value> {
        let mut scheme = Mapping::new();
        let kind = definition.get("type").and_then(Value::as_str).unwrap_or_default();
        match kind {
            "basic" => {
                scheme.insert("type".into(), "http".into());
                scheme.insert("scheme".into(), "basic".into());
            }
            "apiKey" => {
                scheme.insert("type".into(), "apiKey".into());
                for key in ["name", "in"] {
                    if let Some(value) = definition.get(key) {
                        scheme.insert(key.into(), value.clone());
                    }
                }
            }
            "oauth2" => {
                let flow = match definition.get("flow").and_then(Value::as_str).unwrap_or_default() {
                    "implicit" => "implicit",
                    "password" => "password",
                    "application" => "clientCredentials",
                    _ => "authorizationCode",
                };
                let mut settings = Mapping::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(value) = definition.get(key) {
                        settings.insert(key.into(), value.clone());
                    }
                }
                let scopes = definition.get("scopes").cloned().unwrap_or_else(|| Value::Mapping(Mapping::new()));
                settings.insert("scopes".into(), scopes);
                let mut flows = Mapping::new();
                flows.insert(flow.into(), Value::Mapping(settings));
                scheme.insert("type".into(), "oauth2".into());
                scheme.insert("flows".into(), Value::Mapping(flows));
            }
            other => {
                self.warn(
                    push_pointer(at, "type"),
                    format!("unknown security scheme type {other:?} (Swagger 2.0 has basic, apiKey, oauth2): left out"),
                );
                return None;
            }
        }
        copy_annotations(definition, &mut scheme, &["description"]);
        Some(Value::Mapping(scheme))
    }

    fn path_item(&mut self, item: &'a Mapping, at: &str) -> Mapping {
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
    fn parameters(&mut self, list: Option<&'a Value>, at: &str) -> Vec<Parameter<'a>> {
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
                .map(unescape)
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
    fn parameter_list(&mut self, parameters: &[Parameter<'_>], at: &str) -> Vec<Value> {
        let mut list = Vec::new();
        for parameter in parameters {
            let converted_at = format!("{at}/parameters/{}", list.len());
            list.push(self.parameter(parameter.value, &converted_at, &parameter.at));
        }
        list
    }

    /// A non-body parameter (or a reference to one).
    fn parameter(&mut self, parameter: &Value, at: &str, original: &str) -> Value {
        self.record(at, original);
        if let Some(reference) = parameter.get("$ref").and_then(Value::as_str) {
            let mut converted = Mapping::new();
            converted.insert("$ref".into(), rewrite_reference(self.root, reference).into());
            return Value::Mapping(converted);
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
    fn value_schema(&mut self, fields: &Mapping, at: &str, original: &str) -> Value {
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

    fn operation(&mut self, operation: &'a Value, at: &str, shared_bodies: &[Parameter<'a>]) -> Mapping {
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
    fn request_body(&mut self, bodies: &[Parameter<'_>], at: &str, consumes: &[String]) -> Option<Value> {
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
                    // 3.0 forms repeat an array's key by default; csv is one comma-separated value.
                    let mut style = Mapping::new();
                    style.insert("style".into(), "form".into());
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
    fn response(&mut self, response: &Value, at: &str, produces: &[String]) -> Value {
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            let mut converted = Mapping::new();
            converted.insert("$ref".into(), rewrite_reference(self.root, reference).into());
            return Value::Mapping(converted);
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

    /// A schema (Swagger 2.0's is 3.0's but for references, `x-nullable`,
    /// `type: file` and a discriminator that is only a property name).
    fn schema(&mut self, schema: &Value, at: &str) -> Value {
        let Some(fields) = schema.as_mapping() else {
            return schema.clone();
        };
        let mut converted = Mapping::new();
        for (key, value) in fields {
            let Some(key_text) = key.as_str() else {
                converted.insert(key.clone(), value.clone());
                continue;
            };
            let value_at = push_pointer(at, key_text);
            let value = match key_text {
                "$ref" => value.as_str().map_or_else(|| value.clone(), |r| rewrite_reference(self.root, r).into()),
                "properties" => self.schema_map(value, &value_at),
                "items" | "additionalProperties" if value.is_mapping() => self.schema(value, &value_at),
                "allOf" => match value {
                    Value::Sequence(members) => Value::Sequence(
                        members
                            .iter()
                            .enumerate()
                            .map(|(index, member)| self.schema(member, &format!("{value_at}/{index}")))
                            .collect(),
                    ),
                    other => other.clone(),
                },
                _ => value.clone(),
            };
            converted.insert(key.clone(), value);
        }
        self.schema_keywords(&mut converted, at);
        Value::Mapping(converted)
    }

    fn schema_map(&mut self, map: &Value, at: &str) -> Value {
        let Some(entries) = map.as_mapping() else {
            return map.clone();
        };
        let mut converted = Mapping::new();
        for (name, schema) in entries {
            let name_text = name.as_str().map(str::to_owned).unwrap_or_default();
            converted.insert(name.clone(), self.schema(schema, &push_pointer(at, &name_text)));
        }
        Value::Mapping(converted)
    }

    /// The keywords whose 3.0 form differs, rewritten in place.
    fn schema_keywords(&mut self, schema: &mut Mapping, at: &str) {
        for key in ["x-nullable", "x-isnullable"] {
            if let Some(nullable) = schema.shift_remove(key) {
                if nullable.as_bool() == Some(true) {
                    schema.insert("nullable".into(), true.into());
                    self.record(push_pointer(at, "nullable"), push_pointer(at, key));
                }
            }
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), "string".into());
            schema.insert("format".into(), "binary".into());
            self.record(push_pointer(at, "format"), push_pointer(at, "type"));
        }
        if let Some(Value::String(property)) = schema.get("discriminator").cloned().as_ref() {
            let mut discriminator = Mapping::new();
            discriminator.insert("propertyName".into(), property.as_str().into());
            schema.insert("discriminator".into(), Value::Mapping(discriminator));
            let at = push_pointer(at, "discriminator");
            self.record(push_pointer(&at, "propertyName"), at);
        }
    }
}

/// `#/definitions/X` is `#/components/schemas/X`, and so on, when there is
/// an `X` there: a dangling reference keeps its text, for the checks to
/// report as the spec wrote it.
fn rewrite_reference(root: &Mapping, reference: &str) -> String {
    for (section, to) in [
        ("definitions", "#/components/schemas/"),
        ("parameters", "#/components/parameters/"),
        ("responses", "#/components/responses/"),
    ] {
        let Some(rest) =
            reference.strip_prefix("#/").and_then(|r| r.strip_prefix(section)).and_then(|r| r.strip_prefix('/'))
        else {
            continue;
        };
        let name = unescape(rest.split('/').next().unwrap_or_default());
        if root.get(section).and_then(|entries| entries.get(name.as_str())).is_some() {
            return format!("{to}{rest}");
        }
    }
    reference.to_owned()
}

fn location(parameter: &Value) -> &str {
    parameter.get("in").and_then(Value::as_str).unwrap_or_default()
}

fn media_types(list: Option<&Value>) -> Vec<String> {
    match list {
        Some(Value::Sequence(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

fn is_form(media_type: &str) -> bool {
    media_type.starts_with("multipart/form-data") || media_type.starts_with("application/x-www-form-urlencoded")
}

fn copy_annotations(from: &Value, to: &mut Mapping, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert(Value::from(*key), value.clone());
        }
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
