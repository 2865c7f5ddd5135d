//! The mock of one API (`<api>::mock`, the `mock` feature): an `Api`
//! whose every operation answers its first documented success (else its
//! first response) with the spec's example, or with a value built from the
//! schema (`samples.rs`) when there is none or it does not read; `serve`
//! starts it on an address.

use super::doc;
use super::module::Part;
use super::operations::{type_prefix, variant_name, variant_shape, VariantShape};
use super::server_operations::{arguments, has_schemes, method_name};
use super::tokens::ident;
use crate::model::{Api, Media, Operation, Response, Status, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let head: Part = Box::new(move || {
        let doc = doc::inner(Some(&format!(
            "A mock of {}: every operation answers its first documented success with the spec's example, or with a value built from its schema. `serve(\"127.0.0.1:4010\")` starts it; `super::server::router(Mock)` is its router.",
            api.title
        )));
        quote! {
            #doc
            use super::server::*;
            use super::types::*;
            use crate::support::mock as support;

            /// Answers every operation as its spec documents it; see the module.
            #[derive(Debug, Clone, Copy, Default)]
            pub struct Mock;

            /// Serves the mock on `address` (`"127.0.0.1:4010"`) until the process ends.
            pub async fn serve(address: &str) -> std::io::Result<()> {
                support::serve(address, router(Mock)).await
            }
        }
    });
    // One `impl` block: a trait is implemented once, so it is one part.
    let methods: Part = Box::new(move || {
        let methods = api.operations.iter().map(|operation| method(api, operation));
        let (rejected, error_bodies) = rejected(api);
        let unauthenticated = has_schemes(api).then(|| {
            quote! {
                fn unauthenticated(&self, _: &'static str) -> crate::support::server::Rejection {
                    crate::support::server::Rejection::unauthenticated()
                }
            }
        });
        quote! {
            impl Api for Mock {
                #(#methods)*
                #unauthenticated
                #rejected
            }

            #(#error_bodies)*
        }
    });
    vec![head, methods]
}

fn method(api: &Api, operation: &Operation) -> TokenStream {
    let name = method_name(operation);
    let declared = arguments(api, operation).into_iter().map(|(_, ty)| quote!(_: #ty));
    let response_type = format_ident!("{}Response", type_prefix(operation));
    let answer = match chosen(operation) {
        Some(response) => answer(api, operation, response, &response_type),
        None => {
            let id = &operation.method_name;
            quote!(crate::support::server::not_implemented(#id))
        }
    };
    quote! {
        fn #name(&self, #(#declared),*) -> impl crate::support::server::Call<#response_type> {
            #answer
        }
    }
}

/// The response a mock answers: the least documented success (`2XX` and
/// `default` as 200), else the first response; none whose body the mock
/// cannot build (a multipart answer).
fn chosen(operation: &Operation) -> Option<&Response> {
    let rank = |response: &&Response| match response.status {
        Status::Code(code) if (200..300).contains(&code) => (0, code),
        Status::Range(2) => (1, 200),
        Status::Default => (2, 200),
        Status::Code(code) => (3, code),
        Status::Range(class) => (3, class * 100),
    };
    operation.responses.iter().filter(|response| response.body != Some(TypeRef::RawBody)).min_by_key(rank)
}

fn answer(api: &Api, operation: &Operation, response: &Response, response_type: &proc_macro2::Ident) -> TokenStream {
    let variant = format_ident!("{}", variant_name(response.status));
    let subject = format!("{} {}", operation.method_name, status_key(response.status));
    let body = response.body.as_ref().map(|ty| {
        let candidates =
            candidates(api, operation, response, ty).into_iter().map(|text| super::samples::raw_literal(&text));
        if *ty == TypeRef::Bytes {
            // The example's text, if it is one; else no bytes.
            return quote! {
                crate::support::binary::Binary::from(support::sample::<String>(#subject, &[#(#candidates,)* "\"\""])?)
            };
        }
        let sample = quote!(support::sample(#subject, &[#(#candidates),*])?);
        match response.media {
            // One event, of the sample's data.
            Media::Events(_) => {
                quote!(crate::support::events::Events::from(vec![crate::support::events::Event::new(#sample)]))
            }
            _ => sample,
        }
    });
    let built = match variant_shape(response) {
        VariantShape::Unit => quote!(#response_type::#variant),
        VariantShape::Tuple => quote!(#response_type::#variant(#body)),
        VariantShape::Struct => {
            let status = response.status.is_open().then(|| {
                let code = match response.status {
                    Status::Range(class) => class * 100,
                    _ => 200,
                };
                quote!(status: #code,)
            });
            let body = body.map(|body| quote!(body: #body,));
            let headers = response.headers.iter().map(|header| {
                let field = ident(&header.rust_name);
                if header.required {
                    let subject = format!("{subject} {}", header.wire_name);
                    let [least, _] = super::samples::samples(api, &header.ty);
                    let least = super::samples::raw_literal(&least.to_string());
                    quote!(#field: support::sample(#subject, &[#least])?,)
                } else {
                    quote!(#field: None,)
                }
            });
            quote!(#response_type::#variant { #status #body #(#headers)* })
        }
    };
    quote!(support::answer(|| Ok(#built)))
}

/// The JSON texts a body may be read from, in order: the examples of the
/// response's media type (and its schema), those of the body's named
/// type, then the least and the full value built from the type.
fn candidates(api: &Api, operation: &Operation, response: &Response, ty: &TypeRef) -> Vec<String> {
    let mut candidates = Vec::new();
    let content = format!("{}/responses/{}/content/", operation.pointer, status_key(response.status));
    // A named type's own examples: `#/components/schemas/User/example`.
    let named = match ty {
        TypeRef::Named(id) => {
            let origin = &api.types[*id].origin;
            Some([format!("{origin}/example"), format!("{origin}/examples/")])
        }
        _ => None,
    };
    let of_response = |pointer: &str| pointer.starts_with(&content);
    let of_type =
        |pointer: &str| named.as_ref().is_some_and(|[one, many]| pointer == one || pointer.starts_with(many.as_str()));
    // The response's own examples first, then its type's: at most four.
    for wanted in [&of_response as &dyn Fn(&str) -> bool, &of_type] {
        for example in api.examples.iter().filter(|example| wanted(&example.pointer)) {
            let text = example.value.to_string();
            if candidates.len() < 4 && !candidates.contains(&text) {
                candidates.push(text);
            }
        }
    }
    for built in super::samples::samples(api, ty) {
        let built = built.to_string();
        if !candidates.contains(&built) {
            candidates.push(built);
        }
    }
    candidates
}

/// `Api::rejected`: each refusal answered with the body its operation
/// documents for its status (an error code, a class, `default`), if any;
/// and a function per distinct body it builds.
fn rejected(api: &Api) -> (TokenStream, Vec<TokenStream>) {
    let mut bodies: Vec<(String, TokenStream)> = Vec::new();
    let mut arms = Vec::new();
    for operation in &api.operations {
        let mut documented: Vec<(u8, u16, u16, &Response)> = operation
            .responses
            .iter()
            .filter(|response| {
                response.body.is_some() && matches!(response.media, Media::Json(_) | Media::Text(_) | Media::Bytes(_))
            })
            .filter_map(|response| match response.status {
                Status::Code(code) if code >= 400 => Some((0, code, code, response)),
                Status::Range(class) if class >= 4 => Some((1, class * 100, class * 100 + 99, response)),
                Status::Default => Some((2, 400, 599, response)),
                _ => None,
            })
            .collect();
        if documented.is_empty() {
            continue;
        }
        documented.sort_by_key(|(rank, low, ..)| (*rank, *low));
        let entries = documented.iter().map(|(_, low, high, response)| {
            let (low, high) = (proc_macro2::Literal::u16_unsuffixed(*low), proc_macro2::Literal::u16_unsuffixed(*high));
            // A text error is the server's message as text; a wildcard's, `text/plain`.
            let text = match &response.media {
                Media::Text(media) => Some(media.as_str()),
                Media::Bytes(media) if media.contains('*') => Some("text/plain"),
                Media::Bytes(media) => Some(media.as_str()),
                _ => None,
            };
            let (own, call) = match text {
                Some(media) => (quote!(_), quote!(support::ErrorBody::Text(#media))),
                None => {
                    let ty = response.body.as_ref().expect("filtered on a body");
                    let rust = super::tokens::rust_type(api, ty);
                    let candidates: Vec<TokenStream> = candidates(api, operation, response, ty)
                        .into_iter()
                        .map(|text| super::samples::raw_literal(&text))
                        .collect();
                    let media = match response.media.declared() {
                        pattern if pattern.contains('*') => "application/json",
                        media => media,
                    };
                    (
                        quote!(own),
                        quote!(support::ErrorBody::Json(#media, support::json::<#rust>(own, &[#(#candidates),*]))),
                    )
                }
            };
            let key = call.to_string();
            let index = match bodies.iter().position(|(known, _)| *known == key) {
                Some(index) => index,
                None => {
                    let function = format_ident!("error_body_{}", bodies.len());
                    bodies.push((
                        key,
                        quote! {
                            fn #function(#own: &serde_json::Value) -> support::ErrorBody {
                                #call
                            }
                        },
                    ));
                    bodies.len() - 1
                }
            };
            let function = format_ident!("error_body_{index}");
            quote!((#low, #high, #function))
        });
        let id = &operation.method_name;
        arms.push(quote!(#id => &[#(#entries),*],));
    }
    if arms.is_empty() {
        return (TokenStream::new(), Vec::new());
    }
    let rejected = quote! {
        fn rejected(&self, operation: &'static str, rejection: crate::support::server::Rejection) -> crate::support::server::Rejection {
            let documented: &[support::Documented] = match operation {
                #(#arms)*
                _ => &[],
            };
            support::documented(rejection, documented)
        }
    };
    (rejected, bodies.into_iter().map(|(_, function)| function).collect())
}

/// The key of a response in the spec: `200`, `2XX`, `default`.
fn status_key(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(class) => format!("{class}XX"),
        Status::Default => "default".to_owned(),
    }
}
