//! `application/x-www-form-urlencoded` bodies: the pairs gathered into a
//! tree by their keys (`tags=a&tags=b`, `filter[since]=…`, `items[0][id]=…`,
//! a joined `ids=1,2`, an object's properties spread as pairs of their own)
//! and read into the operation's type, each value's text parsed as the
//! type asks for it.

use super::bodies::{raw, typed_with};
use super::{Refusal, Rejection};
use crate::support::FormStyle;
use axum::http::{HeaderMap, StatusCode};
use serde::de::{self, value::Error, IntoDeserializer, Unexpected, Visitor};
use std::collections::BTreeMap;

/// Brackets deeper than this in one key are refused.
const MAX_DEPTH: usize = 32;

/// Reads a form body into `T`: each property as `styles` says (plain
/// pairs for the others), brackets nesting objects and lists in any case.
/// Refused with a rejection of its own when it is not a form or its keys
/// contradict each other; as a [`Refusal::InvalidBody`] when `T` refuses it.
pub fn form<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    styles: &[(&str, FormStyle)],
) -> Result<T, Refusal> {
    let (_, bytes) = raw(headers, body, "application/x-www-form-urlencoded")?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).map_err(invalid_form)?;
    let tree = Node::Map(tree(pairs, styles).map_err(invalid_form)?);
    typed_with(&tree, || tree.to_json()).map_err(Refusal::InvalidBody)
}

/// An `application/x-www-form-urlencoded` body's error.
fn invalid_form(error: impl std::fmt::Display) -> Rejection {
    Rejection::detail(StatusCode::BAD_REQUEST, format!("Invalid form body: {error}"))
}

/// A value gathered from the pairs: a text, the texts of a repeated key (or
/// of `name[]`), or the keys under a name (`name[key]`, `name[0]`).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    List(Vec<Node>),
    Map(BTreeMap<String, Node>),
}

impl Node {
    /// The value as JSON, every text a string: what a refusal shows was sent.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Node::Text(text) => serde_json::Value::String(text.clone()),
            Node::List(items) => items.iter().map(Node::to_json).collect(),
            Node::Map(entries) => entries.iter().map(|(key, node)| (key.clone(), node.to_json())).collect(),
        }
    }
}

/// The pairs as a tree of names: each key's brackets are a path
/// (`a[b][]` is `a`, `b`, then a new item); a key of a spread object's
/// property is put under the object's name; a joined value is split.
/// Keys without brackets go first: a key with brackets that contradicts
/// them (`a=1&a[b]=2`) is then a name as it stands (`a[b]`, which an
/// object that allows other properties keeps, and one that does not
/// refuses by name).
fn tree(mut pairs: Vec<(String, String)>, styles: &[(&str, FormStyle)]) -> Result<BTreeMap<String, Node>, String> {
    pairs.sort_by_cached_key(|(key, _)| key_path(key).len() > 1);
    let mut root = BTreeMap::new();
    for (key, value) in pairs {
        let mut path = key_path(&key);
        let bracketed = path.len() > 1;
        let spread = styles.iter().find_map(|(name, style)| match style {
            FormStyle::Spread(keys) if keys.contains(&path[0]) => Some(*name),
            _ => None,
        });
        if let Some(name) = spread {
            path.insert(0, name);
        }
        let joined = match styles.iter().find(|(name, _)| *name == path[0]) {
            Some((_, FormStyle::Joined(separator))) if path.len() == 1 => Some(*separator),
            _ => None,
        };
        let value = match joined {
            Some(separator) => Node::List(
                value
                    .split(separator)
                    .filter(|item| !item.is_empty())
                    .map(|item| Node::Text(item.to_owned()))
                    .collect(),
            ),
            None => Node::Text(value),
        };
        // `insert` changes nothing where it fails; only a bracketed key
        // may be tried again, so only its value is kept for that.
        let inserted = match bracketed {
            true => match insert(&mut root, &path, value.clone()) {
                Err(_) => insert(&mut root, &[key.as_str()], value),
                inserted => inserted,
            },
            false => insert(&mut root, &path, value),
        };
        inserted.map_err(|error| format!("{error} (key {key:?})"))?;
    }
    Ok(root)
}

/// `a[b][]` as `["a", "b", ""]`; a key whose brackets do not close in
/// order (or nest deeper than [`MAX_DEPTH`]) is a name as it stands.
fn key_path(key: &str) -> Vec<&str> {
    let Some(open) = key.find('[').filter(|&open| open > 0 && key.ends_with(']')) else {
        return vec![key];
    };
    let mut path = vec![&key[..open]];
    let mut rest = &key[open..];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            return vec![key];
        };
        let segment = &inner[..close];
        if segment.contains('[') || path.len() > MAX_DEPTH {
            return vec![key];
        }
        path.push(segment);
        rest = &inner[close + 1..];
    }
    if rest.is_empty() {
        path
    } else {
        vec![key]
    }
}

/// Puts `value` at `path` under `map`: a second value at a name makes a
/// list of them; `""` is a new item of a list. Where the path contradicts
/// what is there, it fails before changing anything.
fn insert(map: &mut BTreeMap<String, Node>, path: &[&str], value: Node) -> Result<(), String> {
    let (name, rest) = path.split_first().expect("a key has a name");
    match map.get_mut(*name) {
        None => {
            map.insert((*name).to_owned(), build(rest, value)?);
            Ok(())
        }
        Some(node) => add(node, rest, value),
    }
}

/// A new node holding `value` at `path`.
fn build(path: &[&str], value: Node) -> Result<Node, String> {
    match path.split_first() {
        None => Ok(value),
        Some((&"", rest)) => Ok(Node::List(vec![build(rest, value)?])),
        Some(_) => {
            let mut map = BTreeMap::new();
            insert(&mut map, path, value)?;
            Ok(Node::Map(map))
        }
    }
}

/// Adds `value` at `path` under an existing `node`.
fn add(node: &mut Node, path: &[&str], value: Node) -> Result<(), String> {
    match (node, path.split_first()) {
        (Node::List(items), None) => {
            match value {
                Node::List(more) => items.extend(more),
                value => items.push(value),
            }
            Ok(())
        }
        (node @ Node::Text(_), None) => {
            let first = std::mem::replace(node, Node::List(Vec::new()));
            *node = Node::List(vec![first]);
            add(node, path, value)
        }
        (Node::List(items), Some((&"", rest))) => {
            items.push(build(rest, value)?);
            Ok(())
        }
        (Node::Map(map), Some(_)) => insert(map, path, value),
        _ => Err("a value and keys under it were both sent".to_owned()),
    }
}

/// `deserialize_…` methods for integers: the text parsed as the type.
macro_rules! parsed {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let text = self.text(&visitor)?;
            match text.parse::<$ty>() {
                Ok(number) => visitor.$visit(number),
                Err(_) => Err(de::Error::invalid_value(Unexpected::Str(text), &visitor)),
            }
        })*
    };
}

/// Reads a form's value as any type: texts parse as the numbers and
/// booleans asked for; a list where one value is asked for gives its last
/// (the last of a repeated key wins, as in Django); a map keyed `0`, `1`…
/// is a list in that order.
impl<'de> de::Deserializer<'de> for &Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Text(text) => visitor.visit_str(text),
            Node::List(items) => visitor.visit_seq(de::value::SeqDeserializer::new(items.iter())),
            Node::Map(entries) => visitor.visit_map(entries_of(entries)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.text(&visitor)?;
        match text {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(de::Error::invalid_value(Unexpected::Str(text), &visitor)),
        }
    }

    parsed! {
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.text(&visitor)?;
        // JSON's numbers: no `NaN` nor `inf`.
        match text.parse::<f64>() {
            Ok(number) if number.is_finite() => visitor.visit_f64(number),
            _ => Err(de::Error::invalid_value(Unexpected::Str(text), &visitor)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.text(&visitor)?;
        visitor.visit_str(text)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_byte_buf(visitor)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.text(&visitor)?;
        visitor.visit_bytes(text.as_bytes())
    }

    /// A value that was sent is there: absence is the reader's to see.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.text(&visitor)? {
            "" => visitor.visit_unit(),
            text => Err(de::Error::invalid_value(Unexpected::Str(text), &visitor)),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            text @ Node::Text(_) => visitor.visit_seq(de::value::SeqDeserializer::new(std::iter::once(text))),
            Node::List(items) => visitor.visit_seq(de::value::SeqDeserializer::new(items.iter())),
            Node::Map(entries) => {
                let mut indexed = Vec::with_capacity(entries.len());
                for (key, node) in entries {
                    match key.parse::<usize>() {
                        Ok(index) => indexed.push((index, node)),
                        Err(_) => return Err(de::Error::invalid_type(Unexpected::Map, &visitor)),
                    }
                }
                indexed.sort_by_key(|(index, _)| *index);
                visitor.visit_seq(de::value::SeqDeserializer::new(indexed.into_iter().map(|(_, node)| node)))
            }
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Map(entries) => visitor.visit_map(entries_of(entries)),
            Node::Text(text) => Err(de::Error::invalid_type(Unexpected::Str(text), &visitor)),
            Node::List(_) => Err(de::Error::invalid_type(Unexpected::Seq, &visitor)),
        }
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let text = self.text(&visitor)?;
        visitor.visit_enum(text.into_deserializer())
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

impl Node {
    /// The one text a single value is read from: a list's last item.
    fn text(&self, expected: &dyn de::Expected) -> Result<&str, Error> {
        match self {
            Node::Text(text) => Ok(text),
            Node::List(items) => match items.last() {
                Some(last) => last.text(expected),
                None => Err(de::Error::invalid_length(0, expected)),
            },
            Node::Map(_) => Err(de::Error::invalid_type(Unexpected::Map, expected)),
        }
    }
}

/// A map's entries as serde reads them: keys as text, values as nodes.
fn entries_of<'de>(
    entries: &BTreeMap<String, Node>,
) -> de::value::MapDeserializer<'de, impl Iterator<Item = (&str, &Node)>, Error> {
    de::value::MapDeserializer::new(entries.iter().map(|(key, node)| (key.as_str(), node)))
}

impl<'de, 'a> IntoDeserializer<'de, Error> for &'a Node {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}
