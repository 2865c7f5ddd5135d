//! The axum server of one API: a `Credentials` enum, an `Api` trait with
//! one method per operation, `router()`, a `support::Operation` per
//! operation (how its request is read and which method it calls; the
//! handler is `support::handle`). The response enums' `IntoResponse` is
//! written by their `support::responses!` table, with the types. Every
//! input is parsed by `support::server` before the trait method runs.

use super::operations::type_prefix;
use super::types::{ident, rust_type};
use super::{doc, Part};
use crate::model::{
    Api, Expansion, KeyLocation, Media, Operation, Parameter, ParameterLocation, Piece, SchemeKind, Status, Style,
    TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let head: Part = Box::new(move || {
        let doc = doc::inner(Some(&format!(
            "The axum server of {}: implement `Api`, then serve `router(api)`.\n\nRequests are parsed and checked before a trait method runs; rejections are 4xx with a JSON body.",
            api.title
        )));
        let mut head = quote! {
            #doc
            use super::types::*;
            use crate::support::server as support;
        };
        // Moved in, not interpolated: `quote!` would copy every token once more.
        head.extend([credentials(api), api_trait(api), router(api), markers_and_refusals(api)]);
        head
    });
    let operations: Vec<&Operation> = api.operations.iter().collect();
    let mut parts = vec![head];
    parts.extend(super::chunked(&operations, super::OPERATIONS_PER_PART, move |part| {
        part.iter().map(|operation| operation_impl(api, operation)).collect()
    }));
    parts
}

/// A type per operation, for its `support::Operation`; and `Refusals`: how
/// the `Api` words a refusal of a request.
fn markers_and_refusals(api: &Api) -> TokenStream {
    if api.operations.is_empty() {
        return TokenStream::new();
    }
    let unauthenticated = if has_schemes(api) {
        quote!(api.unauthenticated(operation))
    } else {
        quote!(support::Rejection::unauthenticated())
    };
    let markers = api.operations.iter().map(marker);
    quote! {
        /// One type per operation: the handler of each is `support::handle`
        /// with the operation's `support::Operation`, routed by
        /// `support::Route`.
        mod operation {
            #(pub(super) struct #markers;)*
        }

        /// Requests refused before their operation runs, answered as the `Api` words them.
        struct Refusals;

        impl<A: Api> support::Refuse<A> for Refusals {
            fn refuse(api: &A, operation: &'static str, refusal: support::Refusal) -> support::Rejection {
                match refusal {
                    support::Refusal::Rejected(rejection) => rejection,
                    support::Refusal::InvalidBody(error) => api.invalid_body(operation, error),
                    support::Refusal::Unauthenticated => #unauthenticated,
                }
            }
        }
    }
}

/// The operation's type in `mod operation`: its types' prefix (`UsersRetrieve`).
fn marker(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", type_prefix(operation))
}

fn has_schemes(api: &Api) -> bool {
    !api.security_schemes.is_empty()
}

/// `credentials_of`: the first scheme, in the spec's order, that the
/// request satisfies.
fn credentials(api: &Api) -> TokenStream {
    if !has_schemes(api) {
        return TokenStream::new();
    }
    let names: Vec<&str> = api.security_schemes.iter().map(|scheme| scheme.name.as_str()).collect();
    let mut http_words: Vec<&str> = Vec::new();
    for scheme in &api.security_schemes {
        match scheme.kind {
            SchemeKind::Basic => http_words.extend(["Basic", "basic"]),
            SchemeKind::Bearer => http_words.extend(["Bearer", "bearer"]),
            SchemeKind::ApiKey { .. } => {}
        }
    }
    http_words.sort_unstable();
    http_words.dedup();
    let arms = api.security_schemes.iter().map(|scheme| {
        let variant = ident(&scheme.rust_name);
        let scheme_name = &scheme.name;
        match &scheme.kind {
            SchemeKind::Basic => quote! {
                #scheme_name => match support::authorization(&request.headers) {
                    Some(("Basic" | "basic", encoded)) => support::basic(encoded)
                        .map(|(username, password)| Credentials::#variant { username, password }),
                    _ => None,
                },
            },
            SchemeKind::Bearer => quote! {
                #scheme_name => match support::authorization(&request.headers) {
                    Some(("Bearer" | "bearer", token)) => Some(Credentials::#variant { token: token.to_owned() }),
                    _ => None,
                },
            },
            SchemeKind::ApiKey { location, name } => {
                let value = match location {
                    // A key in `Authorization` leaves the values of the API's
                    // `Basic`/`Bearer` schemes to them.
                    KeyLocation::Header if name.eq_ignore_ascii_case("authorization") && !http_words.is_empty() => {
                        quote! {
                            match support::authorization(&request.headers) {
                                Some((#(#http_words)|*, _)) => None,
                                _ => request.headers.get(#name).and_then(|v| v.to_str().ok()).map(str::to_owned),
                            }
                        }
                    }
                    KeyLocation::Header => {
                        quote!(request.headers.get(#name).and_then(|v| v.to_str().ok()).map(str::to_owned))
                    }
                    KeyLocation::Query => quote!(support::query_value(&request.uri, #name)),
                    KeyLocation::Cookie => quote!(support::cookie(&request.headers, #name)),
                };
                quote!(#scheme_name => #value.map(|value| Credentials::#variant { value }),)
            }
        }
    });
    let security_arms = api.operations.iter().filter(|o| !o.security.is_empty()).map(|operation| {
        // The method's name: unique, where two operation ids can give one snake case.
        let id = &operation.method_name;
        let requirements = operation.security.iter().map(|requirement| {
            let schemes = requirement.schemes.iter().map(|(name, scopes)| quote!((#name, &[#(#scopes),*])));
            quote!(&[#(#schemes),*])
        });
        quote!(#id => &[#(#requirements),*],)
    });
    quote! {
        /// The credentials a request carries for the security scheme `scheme`
        /// (its name in the spec), if any.
        pub fn credential(request: &axum::http::request::Parts, scheme: &str) -> Option<Credentials> {
            match scheme {
                #(#arms)*
                _ => None,
            }
        }

        /// The credentials of a request: the first security scheme, in the
        /// spec's order, that it satisfies.
        pub fn credentials_of(request: &axum::http::request::Parts) -> Option<Credentials> {
            [#(#names),*].into_iter().find_map(|scheme| credential(request, scheme))
        }

        /// The credentials of the first alternative of `requirements` (each the
        /// schemes it needs all of) that the request meets; an empty
        /// alternative lets a request without credentials through, but only
        /// once no other is met.
        pub fn meet(request: &axum::http::request::Parts, requirements: &[&[&str]]) -> Option<Vec<Credentials>> {
            let met = requirements
                .iter()
                .filter(|schemes| !schemes.is_empty())
                .find_map(|schemes| schemes.iter().map(|scheme| credential(request, scheme)).collect());
            met.or_else(|| requirements.iter().any(|schemes| schemes.is_empty()).then(Vec::new))
        }

        /// An operation's security, by its `Api` method's name (the operation
        /// id in snake case, numbered when two ids give one): its alternatives, each the
        /// schemes (by name) it needs all of, with the scopes each needs. The
        /// server checks that credentials are present; the handler checks that
        /// they are valid and carry the scopes.
        pub fn security(operation: &str) -> &'static [&'static [(&'static str, &'static [&'static str])]] {
            match operation {
                #(#security_arms)*
                _ => &[],
            }
        }
    }
}

/// `` `oauth` (scopes `read`), or `openId` and `key`, or none ``.
fn security_text(operation: &Operation) -> String {
    let alternatives: Vec<String> = operation
        .security
        .iter()
        .map(|requirement| {
            if requirement.schemes.is_empty() {
                return "none".to_owned();
            }
            let schemes: Vec<String> = requirement
                .schemes
                .iter()
                .map(|(name, scopes)| match scopes.as_slice() {
                    [] => format!("`{name}`"),
                    scopes => format!(
                        "`{name}` (scopes {})",
                        scopes.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                    ),
                })
                .collect();
            schemes.join(" and ")
        })
        .collect();
    alternatives.join(", or ")
}

/// What a handler receives for credentials.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CredentialShape {
    /// The operation says nothing: whatever the request carries, if anything.
    Any,
    /// Each alternative is one scheme: those credentials (`Option` when anonymous requests pass).
    One { required: bool },
    /// Some alternative needs several schemes: all of the alternative met.
    All { required: bool },
}

fn credential_shape(operation: &Operation) -> CredentialShape {
    let required = operation.requires_credentials;
    if operation.security.is_empty() {
        CredentialShape::Any
    } else if operation.security.iter().all(|r| r.schemes.len() <= 1) {
        CredentialShape::One { required }
    } else {
        CredentialShape::All { required }
    }
}

/// `&[&["basicAuth"], &[]]`: the alternatives by scheme name, for `meet`.
fn requirement_list(operation: &Operation) -> TokenStream {
    let requirements = operation.security.iter().map(|requirement| {
        let names = requirement.schemes.iter().map(|(name, _)| name);
        quote!(&[#(#names),*])
    });
    quote!(&[#(#requirements),*])
}

fn method_name(operation: &Operation) -> proc_macro2::Ident {
    ident(&operation.method_name)
}

fn api_trait(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|operation| {
        let name = method_name(operation);
        let response = format_ident!("{}Response", type_prefix(operation));
        let arguments = trait_arguments(api, operation);
        let mut text = format!(
            "`{} {}`{}",
            operation.method.to_uppercase(),
            operation.path,
            operation.summary.as_deref().map(|s| format!(": {s}")).unwrap_or_default()
        );
        if !operation.security.is_empty() {
            text.push_str(&format!("\n\nSecurity: {}.", security_text(operation)));
        }
        let method_doc = doc::outer(Some(&text));
        quote! {
            #method_doc
            fn #name(&self, #(#arguments),*) -> impl support::Call<#response>;
        }
    });
    let headers_needed = api
        .operations
        .iter()
        .flat_map(|o| &o.responses)
        .any(|r| r.status == Status::Code(401) && r.headers.iter().any(|h| h.required));
    let unauthenticated = if headers_needed {
        quote! {
            /// Answers a request without credentials to an operation that requires
            /// them. The spec's 401 carries required headers, so this has no default.
            fn unauthenticated(&self, operation: &'static str) -> support::Rejection;
        }
    } else {
        quote! {
            /// Answers a request without credentials to an operation that requires them.
            fn unauthenticated(&self, operation: &'static str) -> support::Rejection {
                let _ = operation;
                support::Rejection::unauthenticated()
            }
        }
    };
    let unauthenticated = has_schemes(api).then_some(unauthenticated);
    quote! {
        /// One method per operation. Futures must be `Send`: the server runs on a
        /// multi-threaded runtime.
        pub trait Api: Send + Sync + 'static {
            #(#methods)*

            #unauthenticated

            /// Answers a body that the operation's type refuses, or a required body
            /// that was not sent (read as `{}` where the schema is an object). By
            /// default DRF's field map, e.g. `{"email": ["This field is required."]}`.
            fn invalid_body(&self, operation: &'static str, error: support::BodyError) -> support::Rejection {
                let _ = operation;
                error.into()
            }
        }
    }
}

/// What an operation's `Api` method takes, in order: its name and type.
fn arguments(api: &Api, operation: &Operation) -> Vec<(proc_macro2::Ident, TokenStream)> {
    let mut arguments = Vec::new();
    if !operation.parameters.is_empty() {
        let params = format_ident!("{}Params", type_prefix(operation));
        arguments.push((format_ident!("params"), quote!(#params)));
    }
    if let Some(body) = &operation.body {
        let ty = rust_type(api, &body.ty);
        arguments.push((format_ident!("body"), if body.required { ty } else { quote!(Option<#ty>) }));
    }
    if has_schemes(api) {
        arguments.push((
            format_ident!("credentials"),
            match credential_shape(operation) {
                CredentialShape::One { required: true } => quote!(Credentials),
                CredentialShape::Any | CredentialShape::One { required: false } => quote!(Option<Credentials>),
                CredentialShape::All { .. } => quote!(Vec<Credentials>),
            },
        ));
    }
    arguments
}

fn trait_arguments(api: &Api, operation: &Operation) -> Vec<TokenStream> {
    arguments(api, operation).into_iter().map(|(name, ty)| quote!(#name: #ty)).collect()
}

fn router(api: &Api) -> TokenStream {
    let mut by_path: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        by_path.entry(&operation.route).or_default().push(operation);
    }
    let routes = by_path.iter().map(|(path, operations)| {
        let mut allow: Vec<String> = operations.iter().map(|o| o.method.to_uppercase()).collect();
        if allow.iter().any(|m| m == "GET") {
            allow.push("HEAD".to_owned());
        }
        allow.sort();
        let allow = allow.join(", ");
        // `support::Route`'s `get`, `post`, ...: one per method of OpenAPI.
        let methods = operations.iter().map(|operation| {
            let method = format_ident!("{}", operation.method.to_lowercase());
            let marker = marker(operation);
            quote!(.#method::<operation::#marker>())
        });
        quote! {
            let router = route(router, #path, #allow) #(#methods)* .end();
        }
    });
    // This API's refusals, named once rather than in every route.
    let route = (!api.operations.is_empty()).then(|| {
        quote! {
            /// Starts routing one path of this API: `support::route` with its `Refusals`.
            fn route<A: Api>(router: axum::Router<std::sync::Arc<A>>, path: &'static str, allow: &'static str) -> support::Route<A, Refusals> {
                support::route(router, path, allow)
            }
        }
    });
    quote! {
        /// Every operation of the spec, routed by its exact path and method;
        /// unknown paths get a JSON 404, undocumented methods 405 with `Allow`.
        pub fn router<A: Api>(api: A) -> axum::Router {
            routes(api).fallback(|| async { support::not_found() })
        }

        /// The same routes without the 404 fallback, to merge with other routers
        /// (axum refuses to merge two routers that both have a fallback).
        pub fn routes<A: Api>(api: A) -> axum::Router {
            // One statement per path, not one chain of calls: rustc's stack
            // is deep enough for a chain of a few thousand at most.
            let router: axum::Router<std::sync::Arc<A>> = axum::Router::new();
            #(#routes)*
            router.with_state(std::sync::Arc::new(api))
        }

        #route
    }
}

/// The operation as `support::handle` runs it: how its arguments are read
/// from the request, then given to the `Api` method. One generic
/// `async fn` for every operation, not one each: rustc builds and checks
/// an `async fn`'s states once, where it did so per operation (Linode's
/// server: 24.7 G instructions of checking with a handler each, 21.6 G so).
fn operation_impl(api: &Api, operation: &Operation) -> TokenStream {
    let method = method_name(operation);
    let id = &operation.id;
    let mut steps = Vec::new();
    if has_schemes(api) {
        let requirements = requirement_list(operation);
        steps.push(match credential_shape(operation) {
            CredentialShape::Any => quote!(let credentials = credentials_of(&parts);),
            CredentialShape::One { required: true } => quote! {
                let Some(credentials) = meet(&parts, #requirements).and_then(|found| found.into_iter().next()) else {
                    return Err(support::Refusal::Unauthenticated);
                };
            },
            CredentialShape::One { required: false } => {
                quote!(let credentials = meet(&parts, #requirements).and_then(|found| found.into_iter().next());)
            }
            CredentialShape::All { required: true } => quote! {
                let Some(credentials) = meet(&parts, #requirements) else {
                    return Err(support::Refusal::Unauthenticated);
                };
            },
            CredentialShape::All { required: false } => {
                quote!(let credentials = meet(&parts, #requirements).unwrap_or_default();)
            }
        });
    }
    if !operation.parameters.is_empty() {
        let params = format_ident!("{}Params", type_prefix(operation));
        let uses_path = reads_path_params(api, operation);
        let uses_query = operation.parameters.iter().any(|p| p.location == ParameterLocation::Query);
        if uses_path {
            steps.push(quote!(let path = support::path_params(&mut parts)?;));
        }
        if uses_query {
            steps.push(quote!(let query = support::Query::parse(&parts.uri)?;));
        }
        let fields = operation.parameters.iter().map(|parameter| {
            let field = ident(&parameter.rust_name);
            let wire = &parameter.wire_name;
            let list = matches!(parameter.ty, TypeRef::List(_));
            let joined_by = match parameter.style {
                Style::Repeated | Style::Deep | Style::Json | Style::Expanded { .. } => quote!(None),
                Style::Joined(separator) => quote!(Some(#separator)),
            };
            if parameter.style == Style::Json {
                let (read, what) = match parameter.location {
                    ParameterLocation::Header => (quote!(support::header_json(&parts.headers, #wire)?), "header"),
                    _ => (quote!(query.json(#wire)?), "query parameter"),
                };
                let message = format!("This {what} is required.");
                let value = if parameter.required {
                    quote!(#read.ok_or_else(|| support::Rejection::field(#wire, #message))?)
                } else {
                    read
                };
                return quote!(#field: #value,);
            }
            if let Some(value) = styled_parameter(api, operation, parameter) {
                return quote!(#field: #value,);
            }
            if let (ParameterLocation::Query, Some(object)) = (parameter.location, super::operations::object_parameter(api, parameter)) {
                let deep = parameter.style == Style::Deep;
                let keys = object.fields.iter().map(|f| &f.wire_name);
                let read = quote!(query.object(#wire, #deep, &[#(#keys),*])?);
                let value = if parameter.required {
                    quote!(#read.ok_or_else(|| support::Rejection::field(#wire, "This query parameter is required."))?)
                } else {
                    read
                };
                return quote!(#field: #value,);
            }
            let value = match (parameter.location, parameter.required, list) {
                (ParameterLocation::Path, _, _) => path_parameter(operation, wire),
                (ParameterLocation::Query, false, false) => quote!(query.optional(#wire)?),
                (ParameterLocation::Query, true, false) => quote!(query.required(#wire)?),
                (ParameterLocation::Query, false, true) => quote!(query.list(#wire, #joined_by)?),
                (ParameterLocation::Query, true, true) => {
                    quote!(query.list(#wire, #joined_by)?.ok_or_else(|| support::Rejection::field(#wire, "This query parameter is required."))?)
                }
                (ParameterLocation::Header, false, true) => quote!(support::header_list(&parts.headers, #wire)?),
                (ParameterLocation::Header, true, true) => {
                    quote!(support::header_list(&parts.headers, #wire)?.ok_or_else(|| support::Rejection::field(#wire, "This header is required."))?)
                }
                (ParameterLocation::Header, false, _) => quote!(support::header(&parts.headers, #wire)?),
                (ParameterLocation::Header, true, _) => {
                    quote!(support::header(&parts.headers, #wire)?.ok_or_else(|| support::Rejection::field(#wire, "This header is required."))?)
                }
                (ParameterLocation::Cookie, false, _) => quote!(support::cookie_param(&parts.headers, #wire)?),
                (ParameterLocation::Cookie, true, _) => {
                    quote!(support::cookie_param(&parts.headers, #wire)?.ok_or_else(|| support::Rejection::field(#wire, "This cookie is required."))?)
                }
            };
            quote!(#field: #value,)
        });
        steps.push(quote!(let params = #params { #(#fields)* };));
    }
    if let Some(body) = &operation.body {
        let mut read = read_body(api, &body.ty, &body.media);
        // Other declared media types first, each by its `Content-Type`; the
        // chosen one last, which refuses any other type with a 415.
        for other in body.also.iter().rev() {
            let declared = other.declared();
            let alternative = read_body(api, &body.ty, other);
            read = quote!(if support::content_type_is(&parts.headers, #declared) { #alternative } else { #read });
        }
        // No body at all (no `Content-Type`, no length) is no body, not one of the wrong type.
        steps.push(if body.required {
            let missing = match &body.media {
                Media::Json(_) if expects_object(api, &body.ty, 0) => {
                    let rust = rust_type(api, &body.ty);
                    quote!(support::missing_object::<#rust>)
                }
                _ => quote!(support::BodyError::missing),
            };
            quote! {
                support::require_body(&parts.headers, #missing)?;
                let body = #read;
            }
        } else {
            quote!(let body = if support::body_absent(&parts.headers) { None } else { Some(#read) };)
        });
    }
    let names: Vec<_> = arguments(api, operation).into_iter().map(|(name, _)| name).collect();
    // The fieldset is read from the head on its own, before `start` takes
    // the request: the handler keeps only these fields of a 2xx answer.
    let sparse_fieldset = operation.parameters.iter().find(|p| p.sparse_fieldset).map(|p| {
        let wire = &p.wire_name;
        let joined_by = match p.style {
            Style::Joined(separator) => quote!(Some(#separator)),
            _ => quote!(None),
        };
        quote! {
            fn sparse_fieldset(parts: &support::Parts) -> Option<Vec<String>> {
                support::Query::parse(&parts.uri).ok()?.list(#wire, #joined_by).ok()?
            }
        }
    });
    let parts = match (reads_path_params(api, operation), names.is_empty()) {
        (true, _) => quote!(mut parts),
        (false, false) => quote!(parts),
        (false, true) => quote!(_parts),
    };
    let has_body = operation.body.is_some();
    let body = if has_body { quote!(body) } else { quote!(_body) };
    // `BODY` is `false` unless said.
    let body_flag = if has_body {
        quote! { const BODY: bool = true; }
    } else {
        TokenStream::new()
    };
    let marker = marker(operation);
    let response = format_ident!("{}Response", type_prefix(operation));
    quote! {
        impl<A: Api> support::Operation<A> for operation::#marker {
            const ID: &'static str = #id;
            #body_flag
            type Answer = #response;

            fn start(api: &A, #parts: support::Parts, #body: support::Bytes) -> Result<support::BoxCall<'_, Self::Answer>, support::Refusal> {
                #(#steps)*
                Ok(Box::pin(api.#method(#(#names),*)))
            }

            #sparse_fieldset
        }
    }
}

/// A path parameter from its segment: the whole segment (`{pN}`), or its
/// piece of a segment with text around it (`{id}.json`).
/// Whether the handler extracts axum's `RawPathParams` (which needs the
/// request head mutably): styled path values are read from the URI's own segments.
fn reads_path_params(api: &Api, operation: &Operation) -> bool {
    operation
        .parameters
        .iter()
        .any(|p| p.location == ParameterLocation::Path && styled_parameter(api, operation, p).is_none())
}

/// The expression reading a path parameter whose style is not the plain
/// segment (a list, an object, a label or matrix scalar), or an object
/// header; `None` for every other parameter.
fn styled_parameter(api: &Api, operation: &Operation, parameter: &Parameter) -> Option<TokenStream> {
    let Style::Expanded { expansion, explode } = parameter.style else {
        return None;
    };
    let wire = &parameter.wire_name;
    let object = super::operations::object_parameter(api, parameter).is_some();
    if parameter.location == ParameterLocation::Header {
        if !object {
            return None;
        }
        let read = quote!(support::header_object(&parts.headers, #wire, #explode)?);
        return Some(if parameter.required {
            quote!(#read.ok_or_else(|| support::Rejection::field(#wire, "This header is required."))?)
        } else {
            read
        });
    }
    if parameter.location != ParameterLocation::Path {
        return None;
    }
    let list = matches!(parameter.ty, TypeRef::List(_));
    if !list && !object && expansion == Expansion::Simple {
        return None;
    }
    let index = operation.segments.iter().position(|pieces| pieces == &[Piece::Parameter(wire.clone())])?;
    let expansion = super::operations::expansion_tokens(expansion);
    Some(if list {
        quote!(support::path_list(&parts.uri, #index, #wire, #expansion, #explode)?)
    } else if object {
        quote!(support::path_object(&parts.uri, #index, #wire, #expansion, #explode)?)
    } else {
        quote!(support::path_scalar(&parts.uri, #index, #wire, #expansion)?)
    })
}

fn path_parameter(operation: &Operation, wire: &str) -> TokenStream {
    let found =
        operation.segments.iter().enumerate().find(|(_, pieces)| pieces.contains(&Piece::Parameter(wire.to_owned())));
    let Some((index, pieces)) = found else {
        return quote!(support::path(&path, #wire)?);
    };
    let segment = format!("p{index}");
    if pieces.len() == 1 {
        return quote!(support::path(&path, #segment)?);
    }
    let pieces = pieces.iter().map(|piece| match piece {
        Piece::Literal(text) => quote!(support::Piece::Literal(#text)),
        Piece::Parameter(name) => quote!(support::Piece::Parameter(#name)),
    });
    quote!(support::path_piece(&path, #segment, &[#(#pieces),*], #wire)?)
}

/// The expression that reads a request body of type `ty` sent as `media`
/// from its bytes (`body`), or returns the refusal.
fn read_body(api: &Api, ty: &TypeRef, media: &Media) -> TokenStream {
    let rust = rust_type(api, ty);
    match media {
        Media::Json(media) => {
            // A body whose schema is an object refuses other JSON as DRF does.
            let object = expects_object(api, ty, 0);
            quote!(support::json(&parts.headers, &body, #media, #object)?)
        }
        Media::Form => quote! {
            serde_urlencoded::from_bytes(&support::raw(&parts.headers, &body, "application/x-www-form-urlencoded")?.1)
                .map_err(support::invalid_form)?
        },
        Media::Text(media) => quote!(support::text(&parts.headers, &body, #media)?),
        Media::Bytes(media) => quote!(support::raw(&parts.headers, &body, #media)?.1),
        Media::Multipart => match super::form::form_of(api, ty) {
            Some(form) => super::form::read(&rust, form),
            None => quote! {
                {
                    let (content_type, bytes) = support::raw(&parts.headers, &body, "multipart/*")?;
                    crate::support::RawBody { content_type, bytes }
                }
            },
        },
    }
}

/// Whether every value of `ty` is a JSON object (a struct, a map, a choice of those).
fn expects_object(api: &Api, ty: &TypeRef, depth: usize) -> bool {
    use crate::model::TypeKind;
    match ty {
        TypeRef::Map(_) => true,
        TypeRef::Named(id) if depth < 16 => match &api.types[*id].kind {
            TypeKind::Struct(_) => true,
            TypeKind::Alias(inner) => expects_object(api, inner, depth + 1),
            TypeKind::OneOf(choice) | TypeKind::AnyOf(choice) => {
                choice.variants.iter().all(|v| expects_object(api, &v.ty, depth + 1))
            }
            TypeKind::Enum(_) | TypeKind::Constrained(_) | TypeKind::Form(_) => false,
        },
        _ => false,
    }
}
