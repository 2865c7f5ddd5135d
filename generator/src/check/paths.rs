//! Path templates against declared path parameters; operationIds unique.

use crate::diagnostic::{Diagnostics, WarningKind};
use crate::json_pointer::push_pointer;
use serde_json::Value;
use std::collections::BTreeMap;

pub(crate) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub(super) fn check_paths(root: &Value, diagnostics: &mut Diagnostics, repairs: &mut super::repairs::Repairs) {
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return;
    };
    let mut operation_ids: BTreeMap<&str, String> = BTreeMap::new();
    // `x-` keys are extensions, not paths.
    for (path, item) in paths.iter().filter(|(path, _)| !path.starts_with("x-")) {
        let item_pointer = push_pointer("/paths", path);
        if !path.starts_with('/') {
            diagnostics.error(&item_pointer, format!("path {path:?} must start with `/`"));
        }
        if template_names(path).is_none() {
            diagnostics.error(&item_pointer, format!("path {path:?} has an unbalanced or empty `{{...}}`"));
            continue;
        }
        // A template in the query part (`/search?query={query}`, as some
        // specs write their query parameters) names a query parameter.
        let (routed, in_query) = match path.find(['?', '#']) {
            Some(at) => (&path[..at], template_names(&path[at..]).unwrap_or_default()),
            None => (path.as_str(), Vec::new()),
        };
        let template = template_names(routed).unwrap_or_default();
        let shared = declared_parameters(root, item.get("parameters"), "path");
        let shared_query = declared_parameters(root, item.get("parameters"), "query");
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let pointer = push_pointer(&item_pointer, method);
            if operation.get("callbacks").is_some() {
                let at = push_pointer(&pointer, "callbacks");
                diagnostics.warning(
                    WarningKind::LeftOut,
                    &at,
                    "callbacks are not generated: no server or client code calls them back",
                );
                repairs.remove(at);
            }
            let mut declared = shared.clone();
            let own_list = push_pointer(&pointer, "parameters");
            for (name, at) in declared_parameters(root, operation.get("parameters"), "path") {
                declared.insert(name, at);
            }
            let located = |name: &str| {
                parameter_pointer(root, operation.get("parameters"), &own_list, name).or_else(|| {
                    parameter_pointer(root, item.get("parameters"), &push_pointer(&item_pointer, "parameters"), name)
                })
            };
            let mut query = shared_query.clone();
            query.extend(declared_parameters(root, operation.get("parameters"), "query"));
            for name in &in_query {
                if !query.contains_key(name.as_str()) && !declared.contains_key(name.as_str()) {
                    diagnostics.warning(
                        WarningKind::SpecMistake,
                        &pointer,
                        format!(
                            "`{{{name}}}` in the template's query is not declared as a parameter: it is a required string query parameter"
                        ),
                    );
                }
            }
            for name in &template {
                if !declared.contains_key(name.as_str()) {
                    diagnostics.error(
                        &pointer,
                        format!("path template parameter `{{{name}}}` is not declared as a path parameter"),
                    );
                }
            }
            for (name, required) in &declared {
                // Declared `in: path`, written into the template's query
                // (`/rides?page={page}`): the value travels in the query.
                if !template.iter().any(|t| t == name) && in_query.iter().any(|t| t == name) {
                    if let Some(at) = located(name) {
                        diagnostics.warning(
                            WarningKind::SpecMistake,
                            &at,
                            format!("path parameter `{name}` stands in the template's query ({path:?}): it is read as a query parameter"),
                        );
                        repairs.replace(push_pointer(&at, "in"), Value::String("query".to_owned()));
                        continue;
                    }
                }
                if !template.iter().any(|t| t == name) {
                    diagnostics
                        .error(&pointer, format!("path parameter `{name}` does not appear in the path {path:?}"));
                } else if !required {
                    diagnostics.error(&pointer, format!("path parameter `{name}` must be `required: true`"));
                }
            }
            if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                let id_pointer = push_pointer(&pointer, "operationId");
                if let Some(first) = operation_ids.get(id) {
                    diagnostics.error(&id_pointer, format!("duplicate operationId {id:?}, first used at #{first}"));
                } else {
                    operation_ids.insert(id, id_pointer);
                }
            }
        }
    }
}

/// The `{names}` of a path template, or `None` when the braces are malformed.
pub(crate) fn template_names(path: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return None;
        }
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return None;
        }
        names.push(name.to_owned());
        rest = &after[close + 1..];
    }
    Some(names)
}

/// Where the path parameter `name` of a `parameters` list (at `list_at`)
/// is written: in the list, or the component its `$ref` names.
fn parameter_pointer(root: &Value, list: Option<&Value>, list_at: &str, name: &str) -> Option<String> {
    for (index, parameter) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
        let (at, parameter) = match parameter.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let decoded = crate::json_pointer::percent_decode(reference);
                let target = crate::json_pointer::resolve(root, &decoded)?;
                (decoded.trim_start_matches('#').to_owned(), target)
            }
            None => (push_pointer(list_at, &index.to_string()), parameter),
        };
        let named = parameter.get("name").and_then(Value::as_str) == Some(name);
        if named && parameter.get("in").and_then(Value::as_str) == Some("path") {
            return Some(at);
        }
    }
    None
}

/// The parameters of a place (`path`, `query`) in a `parameters` list,
/// following local refs: name → required.
fn declared_parameters<'a>(root: &'a Value, list: Option<&'a Value>, place: &str) -> BTreeMap<&'a str, bool> {
    let mut declared = BTreeMap::new();
    for parameter in list.and_then(Value::as_array).into_iter().flatten() {
        let parameter = match parameter.get("$ref").and_then(Value::as_str) {
            // A URI fragment may be percent-encoded (`~1%7Bid%7D`).
            Some(reference) => {
                match crate::json_pointer::resolve(root, &crate::json_pointer::percent_decode(reference)) {
                    Some(target) => target,
                    None => continue,
                }
            }
            None => parameter,
        };
        if parameter.get("in").and_then(Value::as_str) == Some(place) {
            if let Some(name) = parameter.get("name").and_then(Value::as_str) {
                declared.insert(name, parameter.get("required").and_then(Value::as_bool) == Some(true));
            }
        }
    }
    declared
}
