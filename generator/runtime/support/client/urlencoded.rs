//! `application/x-www-form-urlencoded` bodies: the body's properties as
//! pairs, in the order the type writes them, each as its encoding says: a
//! list's items a pair each (`tags=a&tags=b`) or joined (`ids=1,2`); an
//! object's properties spread as pairs of their own, or bracketed
//! (`filter[since]=…`, `items[0][id]=…`).

use super::request::invalid_request;
use super::ClientError;
use crate::support::FormStyle;
use std::fmt;

/// The body as form text, each property as `styles` says (plain pairs for
/// the others; an object whose properties are not listed, bracketed).
pub fn form_text<T: serde::Serialize + ?Sized>(body: &T, styles: &[(&str, FormStyle)]) -> Result<String, ClientError> {
    // Through JSON text, which keeps the order the type writes its fields in.
    let json = serde_json::to_vec(body).map_err(invalid_request)?;
    let Ok(Tree::Map(properties)) = serde_json::from_slice(&json) else {
        return Err(ClientError::InvalidRequest("a form body did not serialise to an object".to_owned()));
    };
    let mut pairs = Vec::new();
    for (name, value) in properties {
        let style = styles.iter().find(|(key, _)| *key == name).map(|(_, style)| style);
        match (style, value) {
            (Some(FormStyle::Joined(separator)), Tree::List(items)) => {
                pairs.push((name.clone(), joined(&name, items, *separator)?));
            }
            (Some(FormStyle::Joined(separator)), Tree::Map(entries)) => {
                let items = entries.into_iter().filter(|(_, value)| !matches!(value, Tree::Null));
                let items = items.flat_map(|(key, value)| [Tree::Text(key), value]).collect();
                pairs.push((name.clone(), joined(&name, items, *separator)?));
            }
            (Some(FormStyle::Spread(_)), Tree::Map(entries)) => {
                for (key, value) in entries {
                    repeated(&mut pairs, key, value);
                }
            }
            (Some(FormStyle::Deep), value) => bracketed(&mut pairs, name, value),
            (_, value) => repeated(&mut pairs, name, value),
        }
    }
    // A space as `%20`, not `+`: the same to a form reader, and no
    // reserved character to one that splits a value before it decodes it
    // (a literal `+` is `%2B` already).
    let text = serde_urlencoded::to_string(&pairs).map_err(invalid_request)?;
    Ok(text.replace('+', "%20"))
}

/// Scalars as one value, joined by `separator`; `null`s left out. A list
/// or an object among them has no text there.
fn joined(name: &str, items: Vec<Tree>, separator: char) -> Result<String, ClientError> {
    let mut texts = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Tree::Null => {}
            Tree::Text(text) => texts.push(text),
            Tree::List(_) | Tree::Map(_) => {
                let message = format!(
                    "form field `{name}` joins its items into one value: a list or object among them cannot be"
                );
                return Err(ClientError::InvalidRequest(message));
            }
        }
    }
    Ok(texts.join(&separator.to_string()))
}

/// `name=value`; a list's items a pair each; an object bracketed.
fn repeated(pairs: &mut Vec<(String, String)>, name: String, value: Tree) {
    match value {
        Tree::List(items) if items.iter().all(Tree::is_scalar) => {
            pairs.extend(items.into_iter().filter_map(Tree::into_text).map(|item| (name.clone(), item)));
        }
        value @ (Tree::List(_) | Tree::Map(_)) => bracketed(pairs, name, value),
        scalar => pairs.extend(scalar.into_text().map(|text| (name, text))),
    }
}

/// `name[key]=value` for an object's properties and `name[]=item` for a
/// list's items; deeper values bracketed in turn, a list's by index
/// (`items[0][id]=…`).
fn bracketed(pairs: &mut Vec<(String, String)>, name: String, value: Tree) {
    match value {
        Tree::List(items) if items.iter().all(Tree::is_scalar) => {
            pairs.extend(items.into_iter().filter_map(Tree::into_text).map(|item| (format!("{name}[]"), item)));
        }
        Tree::List(items) => {
            for (index, item) in items.into_iter().enumerate() {
                bracketed(pairs, format!("{name}[{index}]"), item);
            }
        }
        Tree::Map(entries) => {
            for (key, value) in entries {
                bracketed(pairs, format!("{name}[{key}]"), value);
            }
        }
        scalar => pairs.extend(scalar.into_text().map(|text| (name, text))),
    }
}

/// A JSON value with its objects' keys in the order they were written:
/// numbers and booleans as their JSON text.
enum Tree {
    Null,
    Text(String),
    List(Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

impl Tree {
    fn is_scalar(&self) -> bool {
        matches!(self, Tree::Null | Tree::Text(_))
    }

    /// A scalar's text; `None` for `null` (left out) and for lists and
    /// objects, which no one value holds.
    fn into_text(self) -> Option<String> {
        match self {
            Tree::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Tree {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> serde::de::Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_bool<E>(self, value: bool) -> Result<Tree, E> {
        Ok(Tree::Text(value.to_string()))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Tree, E> {
        Ok(Tree::Text(value.to_string()))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Tree, E> {
        Ok(Tree::Text(value.to_string()))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Tree, E> {
        Ok(Tree::Text(serde_json::Number::from_f64(value).map_or_else(|| value.to_string(), |n| n.to_string())))
    }
    fn visit_str<E>(self, value: &str) -> Result<Tree, E> {
        Ok(Tree::Text(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<Tree, E> {
        Ok(Tree::Text(value))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Tree::Map(entries))
    }
}
