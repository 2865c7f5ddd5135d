//! Building a request: the URL, the query by each parameter's style,
//! headers, cookies, credentials and the body.

use super::encoding::percent_encode;
use super::{form_text, object_pairs, path, styled_object, ClientError, Expansion, FormStyle, Method};
use std::fmt;

/// The URL of `path` (escaped already) under `base`, with `query`: each
/// parameter's values percent-encoded, then one pair per value when it is
/// not `joined_by` anything (`style: form, explode: true`: `id=1&id=2`),
/// else one pair of the values joined (`fields=id,email`, `ids=1%202` for
/// `spaceDelimited`). A `?` in the path is its template's own query
/// (`/{Bucket}?acl`; a value's `?` is escaped), sent first.
pub fn url(
    base: &reqwest::Url,
    path: &str,
    query: &[(String, Vec<String>, Option<char>)],
) -> Result<reqwest::Url, ClientError> {
    if base.cannot_be_a_base() {
        return Err(ClientError::InvalidUrl(format!("{base} cannot be a base URL")));
    }
    let (path, own_query) = match path.split_once('?') {
        Some((path, own)) => (path, Some(own)),
        None => (path, None),
    };
    let mut url = base.clone();
    url.set_path(&format!("{}{path}", base.path().trim_end_matches('/')));
    if !query.is_empty() || own_query.is_some() {
        let mut pairs: Vec<String> = own_query.map(str::to_owned).into_iter().collect();
        for (name, values, joined_by) in query {
            let name = percent_encode(name);
            let values = values.iter().map(|value| percent_encode(value));
            match joined_by {
                // A comma may stand in a query as it is; other separators are encoded.
                Some(',') => pairs.push(format!("{name}={}", values.collect::<Vec<_>>().join(","))),
                Some(separator) => {
                    let separator = percent_encode(&separator.to_string());
                    pairs.push(format!("{name}={}", values.collect::<Vec<_>>().join(&separator)));
                }
                None => pairs.extend(values.map(|value| format!("{name}={value}"))),
            }
        }
        url.set_query(Some(&pairs.join("&")));
    }
    Ok(url)
}

/// An operation's request as its method puts it together: the method and
/// path, then a call per query parameter, header, cookie and body, each
/// taking the value as the operation's parameters hold it (`None` adds
/// nothing). What cannot be encoded (a body that does not serialise, a
/// list where an object was expected) is kept, and is the error of the
/// call that sends it, so that a method is one chain and the work per
/// operation is data for [`Connection::prepare`], compiled once.
#[must_use = "a request does nothing until its client sends it"]
pub struct Request<'a> {
    pub(super) method: Method,
    pub(super) target: Result<Target, ClientError>,
    pub(super) query: Query,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) cookies: Vec<String>,
    pub(super) body: Option<Body<'a>>,
    /// The first failure after the path.
    pub(super) error: Option<ClientError>,
}

/// Where a request goes: a path under the base URL, escaped already, or a
/// link the server gave, resolved against it.
pub(super) enum Target {
    Path(String),
    Link(String),
}

pub(super) enum Body<'a> {
    Encoded {
        media: String,
        bytes: Vec<u8>,
    },
    /// A body reqwest encodes itself (a multipart form).
    Step(BodyStep<'a>),
}

/// What puts a body on a request as it is sent.
pub type BodyStep<'a> =
    Box<dyn FnOnce(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, ClientError> + Send + 'a>;

// Small methods are `#[inline]`: compiled where they are used, so a crate
// pays only for the ones its operations call.
impl<'a> Request<'a> {
    /// A request to the path `template` (`/orgs/{org}/repos`) with each
    /// `{…}` replaced, in order, by the next of `values` as one escaped
    /// path segment.
    #[inline]
    pub fn new(method: Method, template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::with_path(method, Ok(path(template, values)))
    }

    /// A `GET` request; see [`Request::new`].
    #[inline]
    pub fn get(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::GET, template, values)
    }

    /// A `PUT` request; see [`Request::new`].
    #[inline]
    pub fn put(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::PUT, template, values)
    }

    /// A `POST` request; see [`Request::new`].
    #[inline]
    pub fn post(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::POST, template, values)
    }

    /// A `DELETE` request; see [`Request::new`].
    #[inline]
    pub fn delete(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::DELETE, template, values)
    }

    /// A `OPTIONS` request; see [`Request::new`].
    #[inline]
    pub fn options(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::OPTIONS, template, values)
    }

    /// A `HEAD` request; see [`Request::new`].
    #[inline]
    pub fn head(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::HEAD, template, values)
    }

    /// A `PATCH` request; see [`Request::new`].
    #[inline]
    pub fn patch(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::PATCH, template, values)
    }

    /// A `TRACE` request; see [`Request::new`].
    #[inline]
    pub fn trace(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::TRACE, template, values)
    }

    /// A request to `path`, escaped already (see [`segment`] and the
    /// `styled_` functions), or the reason it could not be written.
    #[inline]
    pub fn with_path(method: Method, path: Result<String, ClientError>) -> Self {
        Self {
            method,
            target: path.map(Target::Path),
            query: Query::default(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            error: None,
        }
    }

    /// A GET of a link the server gave (e.g. a page's `next`), resolved
    /// against the base URL.
    #[inline]
    pub fn follow(link: &str) -> Self {
        Self { target: Ok(Target::Link(link.to_owned())), ..Self::with_path(Method::GET, Ok(String::new())) }
    }

    // Each generic method below only turns its value into text (or bytes)
    // and hands it to a method that is compiled once: what is generic is
    // compiled once per type it is called with.

    /// `name=value` in the query.
    pub fn query<T: fmt::Display>(self, name: &str, value: Option<&T>) -> Self {
        self.query_pair(name, value.map(|value| vec![value.to_string()]), None)
    }

    /// A list in the query: `name=a&name=b` (`joined_by: None`), or `name=a,b`.
    pub fn query_items<T: fmt::Display>(self, name: &str, values: Option<&Vec<T>>, joined_by: Option<char>) -> Self {
        self.query_pair(name, values.map(|values| texts(values)), joined_by)
    }

    /// A query parameter described by JSON `content`: `name=<its JSON text>`.
    pub fn query_json<T: serde::Serialize>(mut self, name: &str, value: Option<&T>) -> Self {
        let text = self.check(value.map(json_text));
        self.query_pair(name, text.map(|text| vec![text]), None)
    }

    /// An object in the query: a pair per key, `key=value` (`style: form`),
    /// or `name[key]=value` (`deep`: `style: deepObject`).
    pub fn query_object<T: serde::Serialize>(mut self, name: &str, value: Option<&T>, deep: bool) -> Self {
        for (key, text) in self.check(value.map(object_pairs)).unwrap_or_default() {
            let key = if deep { format!("{name}[{key}]") } else { key };
            self.query.pairs.push((key, vec![text], None));
        }
        self
    }

    #[inline]
    fn query_pair(mut self, name: &str, values: Option<Vec<String>>, joined_by: Option<char>) -> Self {
        if let Some(values) = values {
            self.query.pairs.push((name.to_owned(), values, joined_by));
        }
        self
    }

    /// The media types the operation answers with, as `Accept`.
    #[inline]
    pub fn accept(self, media: &'static str) -> Self {
        self.header_text("accept", Some(media.to_owned()))
    }

    /// A header parameter.
    pub fn header<T: fmt::Display>(self, name: &'static str, value: Option<&T>) -> Self {
        self.header_text(name, value.map(ToString::to_string))
    }

    /// A list header parameter: its items joined by commas (`style: simple`).
    pub fn header_items<T: fmt::Display>(self, name: &'static str, values: Option<&Vec<T>>) -> Self {
        self.header_text(name, values.map(|values| texts(values).join(",")))
    }

    /// A header parameter described by JSON `content`: its JSON text.
    pub fn header_json<T: serde::Serialize>(mut self, name: &'static str, value: Option<&T>) -> Self {
        let text = self.check(value.map(json_text));
        self.header_text(name, text)
    }

    /// An object header parameter (`style: simple`): `role,admin,name,Alex`,
    /// or `role=admin,name=Alex` exploded.
    pub fn header_object<T: serde::Serialize>(mut self, name: &'static str, value: Option<&T>, explode: bool) -> Self {
        let pairs = self.check(value.map(object_pairs));
        self.header_text(name, pairs.map(|pairs| styled_object(name, Expansion::Simple, explode, &pairs)))
    }

    #[inline]
    fn header_text(mut self, name: &'static str, text: Option<String>) -> Self {
        if let Some(text) = text {
            self.headers.push((name, text));
        }
        self
    }

    /// A cookie parameter: `name=value` in the `Cookie` header.
    pub fn cookie<T: fmt::Display>(mut self, name: &str, value: Option<&T>) -> Self {
        if let Some(value) = value {
            self.cookies.push(format!("{name}={value}"));
        }
        self
    }

    /// A JSON body, with its media type.
    pub fn json<T: serde::Serialize + ?Sized>(self, media: &str, body: Option<&T>) -> Self {
        self.encoded(media, body.map(|body| crate::support::json_bytes(body).map_err(invalid_request)))
    }

    /// An `application/x-www-form-urlencoded` body, each property as
    /// `styles` says (see [`form_text`]).
    pub fn form<T: serde::Serialize>(self, body: Option<&T>, styles: &[(&str, FormStyle)]) -> Self {
        let encoded = body.map(|body| form_text(body, styles).map(String::into_bytes));
        self.encoded("application/x-www-form-urlencoded", encoded)
    }

    /// A body encoded already, or why it could not be.
    #[inline]
    fn encoded(mut self, media: &str, encoded: Option<Result<Vec<u8>, ClientError>>) -> Self {
        if let Some(bytes) = self.check(encoded) {
            self.body = Some(Body::Encoded { media: media.to_owned(), bytes });
        }
        self
    }

    /// The value, or `None` with the error kept (the first one).
    fn check<T>(&mut self, result: Option<Result<T, ClientError>>) -> Option<T> {
        match result? {
            Ok(value) => Some(value),
            Err(error) => {
                self.error.get_or_insert(error);
                None
            }
        }
    }

    /// A text body, with its media type.
    #[inline]
    pub fn text(self, media: &str, body: Option<&str>) -> Self {
        self.bytes(media, body.map(str::as_bytes))
    }

    /// A text body of a scalar type (a checked string, a number, an
    /// enum), as its text, with its media type.
    pub fn text_value<T: fmt::Display + ?Sized>(self, media: &str, body: Option<&T>) -> Self {
        self.text(media, body.map(ToString::to_string).as_deref())
    }

    /// A body sent as it is, with its media type.
    #[inline]
    pub fn bytes(mut self, media: &str, body: Option<&[u8]>) -> Self {
        if let Some(body) = body {
            self.body = Some(Body::Encoded { media: media.to_owned(), bytes: body.to_vec() });
        }
        self
    }

    /// A multipart body that came undecoded: sent as it is.
    #[inline]
    pub fn raw(self, body: Option<&crate::support::RawBody>) -> Self {
        match body {
            Some(body) => self.bytes(&body.content_type, Some(&body.bytes)),
            None => self,
        }
    }

    /// A body put on the request by `step` when it is sent (a stream).
    pub fn body_step(mut self, step: BodyStep<'a>) -> Self {
        self.body = Some(Body::Step(step));
        self
    }

    /// A body reqwest encodes itself (a multipart form): `encode` puts it on
    /// the request when it is sent.
    pub fn body_with<B: ?Sized + Sync>(
        mut self,
        body: Option<&'a B>,
        encode: impl FnOnce(reqwest::RequestBuilder, &'a B) -> Result<reqwest::RequestBuilder, ClientError> + Send + 'a,
    ) -> Self {
        if let Some(body) = body {
            self.body = Some(Body::Step(Box::new(move |request| encode(request, body))));
        }
        self
    }
}

/// The query of a request, a parameter at a time in the order the
/// operation lists them.
#[derive(Debug, Default)]
pub(super) struct Query {
    /// Each parameter's name, its values, and what joins them (`None`: a
    /// pair per value).
    pub(super) pairs: Vec<(String, Vec<String>, Option<char>)>,
}

/// Each item's text.
fn texts<T: fmt::Display>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

pub(super) fn invalid_request(error: impl fmt::Display) -> ClientError {
    ClientError::InvalidRequest(error.to_string())
}

/// A parameter described by JSON `content`: its JSON text.
fn json_text<T: serde::Serialize>(value: &T) -> Result<String, ClientError> {
    serde_json::to_string(value).map_err(invalid_request)
}
