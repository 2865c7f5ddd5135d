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
//! from ([`crate::locate::Origins`]), so a diagnostic names the 2.0 document's pointer and
//! line:column.

use super::converted::Converted;
use crate::diagnostic::WarningKind;
use crate::json_pointer::{push_pointer, unescape};
use serde_yaml::{Mapping, Value};

mod operations;
mod schema;

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

    fn warn(&mut self, kind: WarningKind, pointer: impl Into<String>, message: impl Into<String>) {
        self.found.warnings.push((kind, pointer.into(), message.into()));
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
                    WarningKind::LeftOut,
                    push_pointer(at, "type"),
                    format!("unknown security scheme type {other:?} (Swagger 2.0 has basic, apiKey, oauth2): left out"),
                );
                return None;
            }
        }
        copy_annotations(definition, &mut scheme, &["description"]);
        Some(Value::Mapping(scheme))
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
        let name = unescape(rest.split('/').next().unwrap_or_default()).into_owned();
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
