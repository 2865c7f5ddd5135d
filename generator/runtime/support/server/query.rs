//! The query string: each parameter by its style (`form`,
//! `spaceDelimited`, `pipeDelimited`, `deepObject`), and the expansions
//! shared with path and header parameters.

use super::parameters::parse_json;
use super::{Expansion, Rejection};
use axum::http::{StatusCode, Uri};
use std::fmt::Display;
use std::str::FromStr;

/// The query string as name/value pairs, percent-decoded.
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(uri: &Uri) -> Result<Self, Rejection> {
        axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map(|query| Self(query.0))
            .map_err(|error| Rejection::detail(StatusCode::BAD_REQUEST, format!("Malformed query string: {error}")))
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// An optional scalar; the last occurrence wins, as in Django.
    pub fn optional<T: FromStr>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T::Err: Display,
    {
        self.value(name).map(|raw| parse_field(name, raw)).transpose()
    }

    /// A required scalar.
    pub fn required<T: FromStr>(&self, name: &str) -> Result<T, Rejection>
    where
        T::Err: Display,
    {
        self.optional(name)?.ok_or_else(|| Rejection::field(name, "This query parameter is required."))
    }

    /// A parameter described by JSON `content`: its value is JSON text.
    pub fn json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Rejection> {
        self.value(name).map(|text| parse_json(name, text)).transpose()
    }

    /// An object parameter, from its properties' pairs: `key=value` for the
    /// `keys` it has (`style: form`, `explode: true`), or `name[key]=value`
    /// when `deep` (`deepObject`); `None` when no property is there.
    pub fn object<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        deep: bool,
        keys: &[&str],
    ) -> Result<Option<T>, Rejection> {
        let pairs: Vec<(&str, &str)> = self
            .0
            .iter()
            .filter_map(|(key, value)| {
                let key =
                    if deep { key.strip_prefix(name)?.strip_prefix('[')?.strip_suffix(']')? } else { key.as_str() };
                (deep || keys.contains(&key)).then_some((key, value.as_str()))
            })
            .collect();
        if pairs.is_empty() {
            return Ok(None);
        }
        object_from_pairs(name, &pairs).map(Some)
    }

    /// A list: the items of every `name=item` pair when `joined_by` is
    /// `None` (`style: form`, `explode: true`), else of the last pair's value
    /// split on it (`fields=id,email`); empty items are dropped.
    pub fn list<T: FromStr>(&self, name: &str, joined_by: Option<char>) -> Result<Option<Vec<T>>, Rejection>
    where
        T::Err: Display,
    {
        let items: Vec<&str> = match joined_by {
            None => self.0.iter().filter(|(key, _)| key == name).map(|(_, value)| value.as_str()).collect(),
            Some(separator) => match self.value(name) {
                Some(raw) => raw.split(separator).collect(),
                None => return Ok(None),
            },
        };
        if items.is_empty() {
            return Ok(None);
        }
        items
            .into_iter()
            .filter(|item| !item.is_empty())
            .map(|item| parse_field(name, item))
            .collect::<Result<_, _>>()
            .map(Some)
    }
}

pub(super) fn parse_field<T: FromStr>(name: &str, raw: &str) -> Result<T, Rejection>
where
    T::Err: Display,
{
    raw.parse().map_err(|error| Rejection::field(name, format!("Invalid value {raw:?}: {error}")))
}

/// An object from its properties' `key=value` text pairs, each property
/// read as its type.
pub(super) fn object_from_pairs<T: serde::de::DeserializeOwned>(
    name: &str,
    pairs: &impl serde::Serialize,
) -> Result<T, Rejection> {
    let encoded = serde_urlencoded::to_string(pairs).map_err(|error| Rejection::field(name, error.to_string()))?;
    serde_urlencoded::from_str(&encoded).map_err(|error| Rejection::field(name, error.to_string()))
}

/// Undoes `%XX` escapes; `None` for a bad escape or text that is not UTF-8.
pub(super) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The items of a styled value, still escaped: the delimiters of the
/// expansion split it before anything is decoded, so an item may hold an
/// escaped `,`. Matrix items carry `name=` unless they are an exploded
/// object's `key=value` pairs.
pub(super) fn expanded_items<'a>(
    text: &'a str,
    name: &str,
    expansion: Expansion,
    explode: bool,
    object: bool,
) -> Option<Vec<&'a str>> {
    let items: Vec<&str> = match expansion {
        Expansion::Simple => text.split(',').collect(),
        Expansion::Label => text.strip_prefix('.')?.split(if explode { '.' } else { ',' }).collect(),
        Expansion::Matrix if explode && object => text.strip_prefix(';')?.split(';').collect(),
        Expansion::Matrix if explode => text
            .strip_prefix(';')?
            .split(';')
            .map(|item| item.strip_prefix(name)?.strip_prefix('='))
            .collect::<Option<_>>()?,
        Expansion::Matrix => match text.strip_prefix(';')?.strip_prefix(name)? {
            "" => Vec::new(),
            rest => rest.strip_prefix('=')?.split(',').collect(),
        },
    };
    Some(items.into_iter().filter(|item| !item.is_empty()).collect())
}

/// An object's properties from its styled items: `key=value` each when
/// exploded, else keys and values in turn (`role,admin,name,Alex`).
pub(super) fn expanded_pairs(items: &[&str], explode: bool) -> Option<Vec<(String, String)>> {
    if explode {
        items
            .iter()
            .map(|item| {
                let (key, value) = item.split_once('=')?;
                Some((percent_decode(key)?, percent_decode(value)?))
            })
            .collect()
    } else if items.len() % 2 == 0 {
        items.chunks(2).map(|pair| Some((percent_decode(pair[0])?, percent_decode(pair[1])?))).collect()
    } else {
        None
    }
}
