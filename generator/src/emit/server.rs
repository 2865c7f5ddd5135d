//! The axum server of one API: `credentials_of`, an `Api` trait with one
//! method per operation, and `router()`; the `support::Operation` of each
//! operation (how its request is read and which method it calls; the
//! handler is `support::handle`) is `server_operations.rs`. The response
//! enums' `IntoResponse` is written by their `support::responses!` table,
//! with the types. Every input is parsed by `support::server` before the
//! trait method runs.

use super::doc;
use super::module::{chunked, Part, OPERATIONS_PER_PART};
use super::operations::type_prefix;
use super::server_operations::{arguments, has_schemes, marker, method_name, operation_impl};
use super::tokens::ident;
use crate::model::{Api, Condition, KeyLocation, Operation, SchemeKind, Status};
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
    parts.extend(chunked(&operations, OPERATIONS_PER_PART, move |part| {
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
                let rejection = match refusal {
                    support::Refusal::Rejected(rejection) => rejection,
                    support::Refusal::InvalidBody(error) => api.invalid_body(operation, error),
                    support::Refusal::Unauthenticated => #unauthenticated,
                };
                api.rejected(operation, rejection)
            }
        }
    }
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

fn api_trait(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|operation| {
        let name = method_name(operation);
        let method_name = name.to_string();
        let response = format_ident!("{}Response", type_prefix(operation));
        let declared = trait_arguments(api, operation);
        let mut text = format!(
            "`{} {}`{}",
            operation.method.to_uppercase(),
            operation.path,
            operation.summary.as_deref().map(|s| format!(": {s}")).unwrap_or_default()
        );
        if !operation.security.is_empty() {
            text.push_str(&format!("\n\nSecurity: {}.", security_text(operation)));
        }
        text.push_str("\n\nBy default, answers 501 Not Implemented.");
        let method_doc = doc::outer(Some(&text));
        let names: Vec<_> = arguments(api, operation).into_iter().map(|(name, _)| name).collect();
        let unused = match names.as_slice() {
            [] => None,
            [name] => Some(quote!(let _ = #name;)),
            names => Some(quote!(let _ = (#(#names),*);)),
        };
        quote! {
            #method_doc
            fn #name(&self, #(#declared),*) -> impl support::Call<#response> {
                #unused
                support::not_implemented(#method_name)
            }
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

            /// Every refusal of a request to `operation` (its `operationId`), last:
            /// where to answer them in the spec's own error shape. By default as
            /// they are.
            fn rejected(&self, operation: &'static str, rejection: support::Rejection) -> support::Rejection {
                let _ = operation;
                rejection
            }
        }
    }
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
        // Templates that differ within a segment share the route: a 405
        // names the methods of those the request's path matches.
        let template = |operation: &&Operation| operation.path.split(['#', '?']).next().unwrap_or_default().to_owned();
        let first = template(&operations[0]);
        let allow = if operations.iter().all(|operation| template(operation) == first) {
            quote!(#allow)
        } else {
            let templates = operations.iter().map(|operation| {
                let method = operation.method.to_uppercase();
                let template = template(operation);
                quote!((#method, #template))
            });
            quote!(&[#(#templates),*])
        };
        // `support::Route`'s `get`, `post`, ...: one per method of OpenAPI;
        // `when` on a route of several templates, or for operations of a
        // method that conditions tell apart.
        let shared = !operations.iter().all(|operation| template(operation) == first);
        let methods = operations.iter().map(|operation| {
            let marker = marker(operation);
            let selected = shared || operations.iter().filter(|o| o.method == operation.method).count() > 1;
            if selected {
                let method = operation.method.to_uppercase();
                let conditions = operation.selector.iter().map(|condition| {
                    let (kind, name, value) = match condition {
                        Condition::Header { name, value } => (format_ident!("Header"), name, value),
                        Condition::Query { name, value } => (format_ident!("Query"), name, value),
                    };
                    let value = match value {
                        Some(value) => quote!(Some(#value)),
                        None => quote!(None),
                    };
                    quote!(support::Condition::#kind(#name, #value))
                });
                let template = template(operation);
                quote!(.when::<operation::#marker>(#method, #template, &[#(#conditions),*]))
            } else {
                let method = format_ident!("{}", operation.method.to_lowercase());
                quote!(.#method::<operation::#marker>())
            }
        });
        quote! {
            let router = route(router, #path, #allow) #(#methods)* .end();
        }
    });
    // This API's refusals, named once rather than in every route.
    let route = (!api.operations.is_empty()).then(|| {
        quote! {
            /// Starts routing one path of this API: `support::route` with its `Refusals`.
            fn route<A: Api>(router: axum::Router<std::sync::Arc<A>>, path: &'static str, allow: impl Into<support::Allow>) -> support::Route<A, Refusals> {
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
