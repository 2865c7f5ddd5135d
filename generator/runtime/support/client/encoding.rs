//! Parameter values as text on the wire: path segments, RFC 6570
//! expansions of lists and objects, percent-encoding.

use super::request::invalid_request;
use super::{ClientError, Expansion};
use std::fmt;

/// An object parameter's properties as `(key, text)` pairs: strings as
/// they are, numbers and booleans printed, absent and `null` ones left out.
pub fn object_pairs<T: serde::Serialize>(value: &T) -> Result<Vec<(String, String)>, ClientError> {
    let value = serde_json::to_value(value).map_err(invalid_request)?;
    let serde_json::Value::Object(properties) = value else {
        return Err(ClientError::InvalidRequest("an object parameter did not serialise to an object".to_owned()));
    };
    Ok(properties
        .into_iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(key, value)| match value {
            serde_json::Value::String(text) => (key, text),
            other => (key, other.to_string()),
        })
        .collect())
}

/// A path parameter's text as one escaped path segment.
pub fn segment(value: &impl fmt::Display) -> String {
    percent_encode(&value.to_string())
}

/// The path of a `template` (`/orgs/{org}/repos`) with each `{…}` replaced,
/// in order, by the next of `values` as one escaped path segment.
pub fn path(template: &str, values: &[&dyn fmt::Display]) -> String {
    let mut path = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        if let Some(value) = values.next() {
            path.push_str(&percent_encode(&value.to_string()));
        }
        rest = rest[open..].find('}').map_or("", |close| &rest[open + close + 1..]);
    }
    path.push_str(rest);
    path
}

/// A scalar path parameter in its style: `5`, `.5` (label), `;id=5` (matrix).
pub fn styled_scalar(name: &str, expansion: Expansion, value: &impl fmt::Display) -> String {
    let value = segment(value);
    match expansion {
        Expansion::Simple => value,
        Expansion::Label => format!(".{value}"),
        Expansion::Matrix => format!(";{}={value}", percent_encode(name)),
    }
}

/// A list path parameter in its style: `a,b`; `.a,b` or `.a.b`; `;id=a,b` or `;id=a;id=b`.
pub fn styled_list<T: fmt::Display>(name: &str, expansion: Expansion, explode: bool, items: &[T]) -> String {
    let items: Vec<String> = items.iter().map(segment).collect();
    let name = percent_encode(name);
    match (expansion, explode) {
        (Expansion::Simple, _) => items.join(","),
        (Expansion::Label, false) => format!(".{}", items.join(",")),
        (Expansion::Label, true) => items.iter().map(|item| format!(".{item}")).collect(),
        (Expansion::Matrix, false) if items.is_empty() => format!(";{name}"),
        (Expansion::Matrix, false) => format!(";{name}={}", items.join(",")),
        (Expansion::Matrix, true) => items.iter().map(|item| format!(";{name}={item}")).collect(),
    }
}

/// An object path or header parameter in its style, from [`object_pairs`]:
/// `role,admin,name,Alex`, or `role=admin,name=Alex` exploded; label and
/// matrix prefix it as they do lists (`;role=admin;name=Alex` exploded).
pub fn styled_object(name: &str, expansion: Expansion, explode: bool, pairs: &[(String, String)]) -> String {
    let pairs = pairs.iter().map(|(key, value)| (percent_encode(key), percent_encode(value)));
    let items: Vec<String> = if explode {
        pairs.map(|(key, value)| format!("{key}={value}")).collect()
    } else {
        pairs.flat_map(|(key, value)| [key, value]).collect()
    };
    match (expansion, explode) {
        (Expansion::Simple, _) => items.join(","),
        (Expansion::Label, false) => format!(".{}", items.join(",")),
        (Expansion::Label, true) => items.iter().map(|item| format!(".{item}")).collect(),
        (Expansion::Matrix, false) => format!(";{}={}", percent_encode(name), items.join(",")),
        (Expansion::Matrix, true) => items.iter().map(|item| format!(";{item}")).collect(),
    }
}

/// Percent-encodes all but RFC 3986's unreserved characters.
pub(super) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
