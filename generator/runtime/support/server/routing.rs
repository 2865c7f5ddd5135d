//! The router: each operation a route, each request read into the
//! operation's input and handed to the `Api` (`Operation`), or refused.

use super::{answer, incoming, method_not_allowed, sparse_fieldset, BodyError, HandlerError, Rejection};
use axum::body::Bytes;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use std::future::Future;

/// An operation of an API, as [`handle`] runs it for an `Api` of type `A`:
/// the generated `server` module implements it once per operation.
pub trait Operation<A: Send + Sync + 'static>: 'static {
    /// The `Api` method's name, as `invalid_body` and `unauthenticated` are told it.
    const ID: &'static str;
    /// Whether the operation takes a body: only then is it read.
    const BODY: bool = false;
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
    refusals: std::marker::PhantomData<fn() -> R>,
}

/// Starts routing `path`, whose methods are `allow`: any other method is
/// answered 405 with `Allow: allow` (one fallback for every path, not a
/// closure each). The router's state is named, not inferred: rustc would
/// otherwise carry every route's obligations unsolved until it is known
/// (5 % of checking Linode's server).
pub fn route<A: Send + Sync + 'static, R: Refuse<A> + 'static>(
    router: axum::Router<std::sync::Arc<A>>,
    path: &'static str,
    allow: &'static str,
) -> Route<A, R> {
    let methods = axum::routing::MethodRouter::new()
        .fallback(move |method: axum::http::Method| async move { method_not_allowed(&method, allow) });
    Route { router, path, methods, refusals: std::marker::PhantomData }
}

impl<A: Send + Sync + 'static, R: Refuse<A> + 'static> Route<A, R> {
    /// Routes `filter` to the operation `O`: `.on(filter, handle::<A, R, O>)`.
    /// That the handler's future is `Send` is then proven here once, for
    /// any operation, not for each route (Linode's server: 4 % of rustc's work).
    fn on<O: Operation<A>>(self, filter: MethodFilter) -> Self {
        Self { methods: self.methods.on(filter, handle::<A, R, O>), ..self }
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

    /// The router, with the path and its methods added.
    pub fn end(self) -> axum::Router<std::sync::Arc<A>> {
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
