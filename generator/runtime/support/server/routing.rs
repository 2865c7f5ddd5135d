//! The router: each operation a route, each request read into the
//! operation's input and handed to the `Api` (`Operation`), or refused.

use super::templates::{allowed, owners};
use super::{answer, incoming, method_not_allowed, sparse_fieldset, BodyError, HandlerError, Rejection, Takes};
use axum::body::Bytes;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use std::future::Future;

/// An operation of an API, as [`handle`] runs it for an `Api` of type `A`:
/// the generated `server` module implements it once per operation.
pub trait Operation<A: Send + Sync + 'static>: 'static {
    /// The `Api` method's name, as `invalid_body` and `unauthenticated` are told it.
    const ID: &'static str;
    /// Whether the operation takes a body, and how: only then is it read.
    const BODY: Takes = Takes::Nothing;
    /// The `Api` method's response.
    type Answer: IntoResponse;

    /// Reads the `Api` method's arguments from the request's head and body
    /// (empty without [`Self::BODY`]), then calls the method with them.
    fn start(api: &A, parts: Parts, body: Bytes) -> Result<BoxCall<'_, Self::Answer>, Refusal>;

    /// The fields to keep of a successful JSON answer, where the operation
    /// takes a sparse fieldset (`?fields=`).
    fn sparse_fieldset(parts: &Parts) -> Option<Vec<String>> {
        let _ = parts;
        None
    }
}

/// The future of an `Api` method: its response, or a failure the spec does
/// not document (answered 500). It must be `Send`, as the server runs on a
/// multi-threaded runtime; an `async fn x(..) -> Result<XResponse,
/// HandlerError>` in the impl is one.
pub trait Call<T>: Future<Output = Result<T, HandlerError>> + Send {}

impl<T, F: Future<Output = Result<T, HandlerError>> + Send> Call<T> for F {}

/// A [`Call`] boxed, as [`Operation::start`] returns it. One type for all
/// operations: an `impl Call` there would be a type of its own per
/// operation, which rustc checks one by one (boxing them took about a
/// tenth off a check of GitHub's server). The box costs one allocation per
/// request.
pub type BoxCall<'a, T> = std::pin::Pin<Box<dyn Future<Output = Result<T, HandlerError>> + Send + 'a>>;

use axum::routing::MethodFilter;

/// A path being routed: [`route`], then a method per operation
/// (`.get::<O>()`, `.post::<O>()`, …), then [`Route::end`] gives the router
/// back with the path added. Each operation's refusals are worded by `R`.
pub struct Route<A, R> {
    router: axum::Router<std::sync::Arc<A>>,
    path: &'static str,
    methods: axum::routing::MethodRouter<std::sync::Arc<A>>,
    allow: Allow,
    /// Operations that share their method with others of the route, told
    /// apart by template or [`Condition`]s: routed together by [`Route::end`].
    selected: Vec<Choice<A>>,
    refusals: std::marker::PhantomData<fn() -> R>,
}

/// An operation among others of its route and method: its method, its
/// template, what else tells it apart, and its handler.
struct Choice<A> {
    method: &'static str,
    template: &'static str,
    conditions: &'static [Condition],
    dispatch: Dispatch<A>,
}

/// [`handle`] of one operation, as a function a dispatcher chooses among.
type Dispatch<A> = fn(
    axum::extract::State<std::sync::Arc<A>>,
    axum::extract::Request,
) -> std::pin::Pin<Box<dyn Future<Output = Response> + Send>>;

/// A part of the request that tells an operation apart from others of
/// its path and method, as its template says: AWS's
/// `/#X-Amz-Target=Service.Operation` (a header), S3's `/{Bucket}#cors` and
/// `/{Bucket}?acl` (a query key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// The header is there, with this value when one is given.
    Header(&'static str, Option<&'static str>),
    /// The query has the key, with this value when one is given.
    Query(&'static str, Option<&'static str>),
}

impl Condition {
    fn holds(&self, request: &axum::extract::Request, query: &[(String, String)]) -> bool {
        match *self {
            Condition::Header(name, value) => request
                .headers()
                .get_all(name)
                .iter()
                .any(|given| value.is_none_or(|value| given.as_bytes() == value.as_bytes())),
            Condition::Query(name, value) => {
                query.iter().any(|(key, given)| key == name && value.is_none_or(|value| given == value))
            }
        }
    }
}

/// Starts routing `path`, whose methods are `allow`: any other method is
/// answered 405 with an `Allow` header (one fallback for every path, not a
/// closure each). The router's state is named, not inferred: rustc would
/// otherwise carry every route's obligations unsolved until it is known
/// (5 % of checking Linode's server).
pub fn route<A: Send + Sync + 'static, R: Refuse<A> + 'static>(
    router: axum::Router<std::sync::Arc<A>>,
    path: &'static str,
    allow: impl Into<Allow>,
) -> Route<A, R> {
    let allow = allow.into();
    let methods =
        match allow {
            Allow::Fixed(allow) => axum::routing::MethodRouter::new()
                .fallback(move |method: axum::http::Method| async move { method_not_allowed(&method, allow) }),
            Allow::Matching(templates) => axum::routing::MethodRouter::new().fallback(
                move |method: axum::http::Method, uri: axum::http::Uri| async move {
                    elsewhere(&method, uri.path(), templates)
                },
            ),
        };
    Route { router, path, methods, allow, selected: Vec::new(), refusals: std::marker::PhantomData }
}

/// The answer to a request that no operation of a shared route owns (by
/// template, method and selector): 405 with the methods of the templates
/// that own its path, or 404 when none does.
fn elsewhere(method: &axum::http::Method, path: &str, templates: &[(&str, &str)]) -> Response {
    match allowed(path, templates) {
        allow if allow.is_empty() => super::not_found(),
        allow => method_not_allowed(method, &allow),
    }
}

/// The answer to a request whose path and method are those of operations
/// told apart by a header or the query, none of whose conditions hold:
/// 400, naming what the request lacks (each header or query key once).
fn unmatched(unmet: &[&Condition]) -> Response {
    let mut needs: Vec<String> = Vec::new();
    for condition in unmet {
        let need = match condition {
            Condition::Header(name, None) => format!("the header `{name}`"),
            Condition::Header(name, Some(_)) => format!("the header `{name}` with an operation's value"),
            Condition::Query(name, None) => format!("the query key `{name}`"),
            Condition::Query(name, Some(_)) => format!("the query key `{name}` with an operation's value"),
        };
        if !needs.contains(&need) {
            needs.push(need);
        }
    }
    let message = format!("No operation of this path and method matches the request: it needs {}.", needs.join(" or "));
    Rejection::detail(axum::http::StatusCode::BAD_REQUEST, message).into_response()
}

/// The methods of a route, for the `Allow` header of a 405.
#[derive(Debug, Clone, Copy)]
pub enum Allow {
    /// `"GET, HEAD, POST"`: every template of the route is one.
    Fixed(&'static str),
    /// Each method with its template (`("POST", "/v1/{name}:import")`),
    /// where templates that differ within a segment share the route: the
    /// methods allowed are those of the templates the path matches.
    Matching(&'static [(&'static str, &'static str)]),
}

impl From<&'static str> for Allow {
    fn from(allow: &'static str) -> Self {
        Allow::Fixed(allow)
    }
}

impl<const N: usize> From<&'static [(&'static str, &'static str); N]> for Allow {
    fn from(templates: &'static [(&'static str, &'static str); N]) -> Self {
        Allow::Matching(templates)
    }
}

impl<A: Send + Sync + 'static, R: Refuse<A> + 'static> Route<A, R> {
    /// Routes `filter` to the operation `O`: `.on(filter, handle::<A, R, O>)`.
    /// That the handler's future is `Send` is then proven here once, for
    /// any operation, not for each route (Linode's server: 4 % of rustc's work).
    /// (A route of one template: a shared one's operations go through
    /// [`Route::when`], so that no other operation pays for its check.)
    fn on<O: Operation<A>>(self, filter: MethodFilter) -> Self {
        Self { methods: self.methods.on(filter, entry::<A, R, O>), ..self }
    }

    pub fn get<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::GET)
    }

    pub fn put<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::PUT)
    }

    pub fn post<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::POST)
    }

    pub fn delete<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::DELETE)
    }

    pub fn options<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::OPTIONS)
    }

    pub fn head<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::HEAD)
    }

    pub fn patch<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::PATCH)
    }

    pub fn trace<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::TRACE)
    }

    /// Routes the operation `O` of `method` and `template` among others of
    /// the method: where the path is the template's (the most specific that
    /// matches) and its `conditions` hold (of those that do, the one with
    /// the most).
    pub fn when<O: Operation<A>>(
        mut self,
        method: &'static str,
        template: &'static str,
        conditions: &'static [Condition],
    ) -> Self {
        fn dispatch<A: Send + Sync + 'static, R: Refuse<A>, O: Operation<A>>(
            state: axum::extract::State<std::sync::Arc<A>>,
            request: axum::extract::Request,
        ) -> std::pin::Pin<Box<dyn Future<Output = Response> + Send>> {
            Box::pin(async move { entry::<A, R, O>(state, request).await.into_response() })
        }
        self.selected.push(Choice { method, template, conditions, dispatch: dispatch::<A, R, O> });
        self
    }

    /// The router, with the path and its methods added.
    pub fn end(mut self) -> axum::Router<std::sync::Arc<A>> {
        let mut selected = std::mem::take(&mut self.selected);
        let templates = match self.allow {
            Allow::Matching(templates) => templates,
            Allow::Fixed(_) => &[],
        };
        while let Some(method) = selected.first().map(|choice| choice.method) {
            let (choices, rest): (Vec<_>, Vec<_>) = selected.into_iter().partition(|choice| choice.method == method);
            selected = rest;
            let choices = std::sync::Arc::new(choices);
            let filter = match method {
                "GET" => MethodFilter::GET,
                "PUT" => MethodFilter::PUT,
                "POST" => MethodFilter::POST,
                "DELETE" => MethodFilter::DELETE,
                "OPTIONS" => MethodFilter::OPTIONS,
                "HEAD" => MethodFilter::HEAD,
                "PATCH" => MethodFilter::PATCH,
                _ => MethodFilter::TRACE,
            };
            self.methods = self.methods.on(
                filter,
                move |state: axum::extract::State<std::sync::Arc<A>>, request: axum::extract::Request| {
                    let path = request.uri().path().to_owned();
                    // Of the operations whose template owns the path and whose
                    // conditions hold, the one with the most conditions.
                    let owning = owners(&path, templates);
                    let query: Vec<(String, String)> =
                        serde_urlencoded::from_str(request.uri().query().unwrap_or_default()).unwrap_or_default();
                    let mut chosen: Option<&Choice<A>> = None;
                    let mut unmet: Vec<&Condition> = Vec::new();
                    for choice in choices.iter() {
                        let owns =
                            templates.is_empty() || owning.iter().any(|(m, t)| *m == method && *t == choice.template);
                        if !owns {
                            continue;
                        }
                        match choice.conditions.iter().find(|condition| !condition.holds(&request, &query)) {
                            Some(condition) => unmet.push(condition),
                            None if chosen.is_none_or(|best| choice.conditions.len() > best.conditions.len()) => {
                                chosen = Some(choice)
                            }
                            None => {}
                        }
                    }
                    let answer = match chosen {
                        Some(choice) => Ok(choice.dispatch),
                        None if !unmet.is_empty() => Err(unmatched(&unmet)),
                        None if templates.is_empty() => Err(super::not_found()),
                        None => Err(elsewhere(request.method(), &path, templates)),
                    };
                    async move {
                        match answer {
                            Ok(dispatch) => dispatch(state, request).await,
                            Err(refused) => refused,
                        }
                    }
                },
            );
        }
        self.router.route(self.path, self.methods)
    }
}

/// How an API's `Api` words a [`Refusal`]: the generated `server` module
/// implements it once.
pub trait Refuse<A> {
    fn refuse(api: &A, operation: &'static str, refusal: Refusal) -> Rejection;
}

/// The handler of every operation `O`: reads the request (its body only
/// where the operation takes one) [strictly](crate::support::strictly), so
/// a value the spec does not list is refused, refuses it as `R` words it
/// for the `Api`, or calls the `Api` method and answers with its response.
pub async fn handle<A: Send + Sync + 'static, R: Refuse<A>, O: Operation<A>>(
    axum::extract::State(api): axum::extract::State<std::sync::Arc<A>>,
    request: axum::extract::Request,
) -> Result<Response, Rejection> {
    let (parts, body) =
        incoming(request, O::BODY).await.map_err(|rejection| R::refuse(&api, O::ID, Refusal::Rejected(rejection)))?;
    let fields = O::sparse_fieldset(&parts);
    let call =
        crate::support::strictly(|| O::start(&api, parts, body)).map_err(|refusal| R::refuse(&api, O::ID, refusal))?;
    let response = answer(call.await);
    Ok(sparse_fieldset(response, fields.as_deref()).await)
}

/// [`handle`] in a `tracing` span named by the operation's id, which
/// records the status answered: what the router runs with the `tracing`
/// feature (without it, `handle` itself, so that no operation pays for it).
#[cfg(feature = "tracing")]
pub async fn traced<A: Send + Sync + 'static, R: Refuse<A>, O: Operation<A>>(
    state: axum::extract::State<std::sync::Arc<A>>,
    request: axum::extract::Request,
) -> Result<Response, Rejection> {
    use crate::support::trace;
    let span = trace::request(O::ID, request.method().as_str(), request.uri().path());
    let result = trace::instrument(span.clone(), handle::<A, R, O>(state, request)).await;
    let status = match &result {
        Ok(response) => response.status(),
        Err(rejection) => rejection.status,
    };
    trace::handled(&span, status.as_u16());
    result
}

#[cfg(not(feature = "tracing"))]
use self::handle as entry;
#[cfg(feature = "tracing")]
use self::traced as entry;

/// Why a request is refused before its operation runs: a rejection of its
/// own, or one the `Api` words (`invalid_body`, `unauthenticated`).
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    Rejected(Rejection),
    /// A body the operation's type refuses, or a required body not sent.
    InvalidBody(BodyError),
    /// No credentials, where the operation requires them.
    Unauthenticated,
}

impl From<Rejection> for Refusal {
    fn from(rejection: Rejection) -> Self {
        Refusal::Rejected(rejection)
    }
}
