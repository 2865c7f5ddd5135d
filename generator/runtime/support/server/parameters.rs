//! Path, header and cookie parameters, and the credentials of a request.

use super::query::{expanded_items, expanded_pairs, object_from_pairs, parse_field, percent_decode};
use super::{Expansion, Rejection};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, Uri};
use std::fmt::Display;
use std::str::FromStr;

/// A path that names no resource: a path parameter of the wrong type too.
pub(super) fn no_resource() -> Rejection {
    Rejection::detail(StatusCode::NOT_FOUND, "Not found.")
}

/// The path segment at `index` as it came, still escaped (the router
/// matched it; nested routers see the path below their prefix).
fn raw_segment(uri: &Uri, index: usize) -> Result<&str, Rejection> {
    uri.path().split('/').nth(index + 1).ok_or_else(no_resource)
}

/// A scalar path parameter in `label` (`.5`) or `matrix` (`;id=5`) style.
pub fn path_scalar<T: FromStr>(uri: &Uri, index: usize, name: &str, expansion: Expansion) -> Result<T, Rejection> {
    let raw = raw_segment(uri, index)?;
    let value = match expansion {
        Expansion::Simple => Some(raw),
        Expansion::Label => raw.strip_prefix('.'),
        Expansion::Matrix => raw.strip_prefix(';').and_then(|rest| rest.strip_prefix(name)?.strip_prefix('=')),
    };
    value.and_then(percent_decode).and_then(|text| text.parse().ok()).ok_or_else(no_resource)
}

/// A list path parameter in its style; an item of the wrong type matches no resource.
pub fn path_list<T: FromStr>(
    uri: &Uri,
    index: usize,
    name: &str,
    expansion: Expansion,
    explode: bool,
) -> Result<Vec<T>, Rejection> {
    let items = expanded_items(raw_segment(uri, index)?, name, expansion, explode, false).ok_or_else(no_resource)?;
    items
        .into_iter()
        .map(|item| percent_decode(item).and_then(|text| text.parse().ok()).ok_or_else(no_resource))
        .collect()
}

/// An object path parameter in its style (`role,admin`, `role=admin`, `;role=admin`...).
pub fn path_object<T: serde::de::DeserializeOwned>(
    uri: &Uri,
    index: usize,
    name: &str,
    expansion: Expansion,
    explode: bool,
) -> Result<T, Rejection> {
    let items = expanded_items(raw_segment(uri, index)?, name, expansion, explode, true).ok_or_else(no_resource)?;
    let pairs = expanded_pairs(&items, explode).ok_or_else(no_resource)?;
    object_from_pairs(name, &pairs).map_err(|_| no_resource())
}

/// An object header (`style: simple`): `role,admin,name,Alex`, or
/// `role=admin,name=Alex` exploded.
pub fn header_object<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
    explode: bool,
) -> Result<Option<T>, Rejection> {
    let Some(text) = header::<String>(headers, name)? else {
        return Ok(None);
    };
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|item| !item.is_empty()).collect();
    let pairs = expanded_pairs(&items, explode)
        .ok_or_else(|| Rejection::field(name, format!("Invalid value {text:?}: not the properties of an object")))?;
    object_from_pairs(name, &pairs).map(Some)
}

/// The segments the route matched for its parameters, raw (still escaped);
/// segments that do not read match no resource: 404.
///
/// axum's extractor is async in name only: it reads what the router left
/// in the request's extensions, so one poll has its answer. Taking it here
/// rather than awaiting it in every handler spares each handler's state
/// machine a state (rustc: 4 M instructions less per handler, 3.6 % of
/// checking Linode's server, counted with `.ci/rustc-cost`). A future
/// that did wait would find no parameters: 404, which the path tests see.
pub fn path_params(parts: &mut Parts) -> Result<axum::extract::RawPathParams, Rejection> {
    use axum::extract::FromRequestParts as _;
    use std::future::Future as _;
    use std::task::{Context, Poll, Waker};
    let extracting = std::pin::pin!(axum::extract::RawPathParams::from_request_parts(parts, &()));
    match extracting.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(params)) => Ok(params),
        Poll::Ready(Err(_)) | Poll::Pending => Err(no_resource()),
    }
}

/// A path parameter; a value of the wrong type matches no resource: 404.
pub fn path<T: FromStr>(params: &axum::extract::RawPathParams, name: &str) -> Result<T, Rejection> {
    params.iter().find(|(key, _)| *key == name).and_then(|(_, value)| value.parse().ok()).ok_or_else(no_resource)
}

/// A part of a path segment that holds more than one parameter, or text
/// around one: `{id}.json` is `[Parameter("id"), Literal(".json")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'t> {
    Literal(&'t str),
    Parameter(&'t str),
}

/// The parameter `name` from the path segment `segment` (routed as a whole),
/// cut along `pieces` as [`cut`](super::templates::cut) does. A segment
/// that is not the template's, or a value that does not read, is 404.
pub fn path_piece<T: FromStr>(
    params: &axum::extract::RawPathParams,
    segment: &str,
    pieces: &[Piece<'_>],
    name: &str,
) -> Result<T, Rejection> {
    let text = params.iter().find(|(key, _)| *key == segment).map(|(_, value)| value).ok_or_else(no_resource)?;
    let values = super::templates::cut(text, pieces).ok_or_else(no_resource)?;
    let mut parameters = pieces.iter().filter_map(|piece| match piece {
        Piece::Parameter(parameter) => Some(*parameter),
        Piece::Literal(_) => None,
    });
    let index = parameters.position(|parameter| parameter == name).ok_or_else(no_resource)?;
    values[index].parse().map_err(|_| no_resource())
}

/// An optional header parameter.
pub fn header<T: FromStr>(headers: &HeaderMap, name: &str) -> Result<Option<T>, Rejection>
where
    T::Err: Display,
{
    match headers.get(name) {
        None => Ok(None),
        Some(value) => {
            let text = value.to_str().map_err(|_| Rejection::field(name, "Header value is not visible ASCII."))?;
            parse_field(name, text).map(Some)
        }
    }
}

/// A parameter the spec allows one value of: it must be there, with that
/// value (`given` is what the request holds; `missing` says it is absent).
pub fn constant(name: &str, given: Option<String>, value: &str, missing: &str) -> Result<(), Rejection> {
    match given {
        Some(given) if given == value => Ok(()),
        Some(given) => Err(Rejection::field(name, format!("{given:?} is not {value:?}, the one value allowed."))),
        None => Err(Rejection::field(name, missing)),
    }
}

/// A header described by JSON `content`: its value is JSON text.
pub fn header_json<T: serde::de::DeserializeOwned>(headers: &HeaderMap, name: &str) -> Result<Option<T>, Rejection> {
    header::<String>(headers, name)?.map(|text| parse_json(name, &text)).transpose()
}

pub(super) fn parse_json<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, Rejection> {
    serde_json::from_str(text).map_err(|error| Rejection::field(name, format!("Invalid JSON value: {error}")))
}

/// A header that is a comma-separated list (`style: simple`).
pub fn header_list<T: FromStr>(headers: &HeaderMap, name: &str) -> Result<Option<Vec<T>>, Rejection>
where
    T::Err: Display,
{
    let Some(text) = header::<String>(headers, name)? else {
        return Ok(None);
    };
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| parse_field(name, item))
        .collect::<Result<_, _>>()
        .map(Some)
}

/// A cookie parameter, parsed.
pub fn cookie_param<T: FromStr>(headers: &HeaderMap, name: &str) -> Result<Option<T>, Rejection>
where
    T::Err: Display,
{
    cookie(headers, name).map(|text| parse_field(name, &text)).transpose()
}

/// The `Authorization` header split into scheme and rest: `("Basic", "dXNlcjpwYXNz")`.
pub fn authorization(headers: &HeaderMap) -> Option<(&str, &str)> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.trim().split_once(' ')?;
    Some((scheme, rest.trim()))
}

/// A query parameter's value, for an API key sent in the query; the last
/// occurrence wins, as for parameters.
pub fn query_value(uri: &Uri, name: &str) -> Option<String> {
    let query = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri).ok()?;
    query.0.into_iter().rev().find(|(key, _)| key == name).map(|(_, value)| value)
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Decodes HTTP Basic credentials: `user:password` in base64.
pub fn basic(encoded: &str) -> Option<(String, String)> {
    let bytes = crate::support::Base64::decode(encoded).ok()?.0;
    let text = String::from_utf8(bytes).ok()?;
    let (username, password) = text.split_once(':')?;
    Some((username.to_owned(), password.to_owned()))
}
