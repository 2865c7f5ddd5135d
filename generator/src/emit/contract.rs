//! The optional `tests/contract.rs` of a generated crate: a test per
//! operation that calls it through the generated client against the server
//! at `CONTRACT_URL`, with the least request its spec allows
//! (`generator/runtime/contract.rs` runs them).

use super::samples::{raw_literal, samples};
use super::tokens::{ident, rust_type};
use crate::model::{Api, KeyLocation, Media, Operation, SchemeKind, Status, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

const RUNTIME: &str = include_str!("../../runtime/contract.rs");

/// The test file's items, or `None` when no spec has an operation.
pub(crate) fn test_file(apis: &[Api], crate_name: &str) -> Option<TokenStream> {
    let krate = format_ident!("{}", crate_name.replace('-', "_"));
    let mut items = TokenStream::new();
    for api in apis.iter().filter(|api| !api.operations.is_empty()) {
        let module = format_ident!("{}", api.module);
        let credentials = api.security_schemes.iter().map(|scheme| {
            let variant = ident(&scheme.rust_name);
            let fields = match &scheme.kind {
                SchemeKind::Basic => quote!({ username: "contract".to_owned(), password: "contract".to_owned() }),
                SchemeKind::Bearer => quote!({ token: "contract-token".to_owned() }),
                SchemeKind::ApiKey { location: KeyLocation::Header, name }
                    if name.eq_ignore_ascii_case("authorization") =>
                {
                    quote!({ value: "Bearer contract-token".to_owned() })
                }
                SchemeKind::ApiKey { .. } => quote!({ value: "contract-key".to_owned() }),
            };
            quote!(.with_credentials(::#krate::#module::Credentials::#variant #fields))
        });
        let tests: Vec<(TokenStream, bool)> =
            api.operations.iter().filter_map(|operation| test(api, operation)).collect();
        if tests.is_empty() {
            continue;
        }
        let read = tests.iter().any(|(_, reads)| *reads).then(|| quote!(read,));
        let tests = tests.into_iter().map(|(test, _)| test);
        items.extend(quote! {
            mod #module {
                use super::{answered, #read run};
                #[allow(unused_imports)]
                use ::#krate::#module::*;

                /// The client, with credentials of every scheme the spec defines.
                fn client() -> Result<::#krate::#module::client::Client, Box<dyn std::error::Error>> {
                    Ok(::#krate::#module::client::Client::new(&super::base_url()?)? #(#credentials)*)
                }

                #(#tests)*
            }
        });
    }
    if items.is_empty() {
        return None;
    }
    // Lexed, not parsed: the file is parsed once, when it is formatted.
    let runtime: TokenStream =
        RUNTIME.parse().unwrap_or_else(|error| panic!("runtime/contract.rs is not valid Rust: {error}"));
    Some(quote! {
        #![cfg(feature = "contract")]
        #runtime
        // Types name `crate::support::…`; here that path goes through this import.
        #[allow(unused_imports)]
        use ::#krate::support;
        #items
    })
}

/// The test of one operation and whether it reads values from JSON, or
/// `None` when its request cannot be built from JSON (a multipart body).
fn test(api: &Api, operation: &Operation) -> Option<(TokenStream, bool)> {
    let name = format_ident!("{}", operation.method_name);
    let method = format_ident!("{}", operation.method_name);
    let mut steps = Vec::new();
    let mut arguments = Vec::new();
    if !operation.parameters.is_empty() {
        let params = format_ident!("{}Params", operation.type_prefix);
        let fields = operation.parameters.iter().map(|parameter| {
            let field = ident(&parameter.rust_name);
            if parameter.required {
                // An empty list is no value on the wire: a required one gets an item.
                let [least, full] = samples(api, &parameter.ty);
                let value = if least == serde_json::json!([]) { full } else { least };
                let json = raw_literal(&value.to_string());
                quote!(#field: read(#json)?,)
            } else {
                quote!(#field: None,)
            }
        });
        steps.push(quote!(let params = #params { #(#fields)* };));
        arguments.push(quote!(&params));
    }
    if let Some(body) = &operation.body {
        let (ty, value) = match (&body.media, &body.ty) {
            (Media::Multipart, _) | (_, TypeRef::RawBody) => return None,
            (_, TypeRef::Bytes) => (quote!(&[u8]), quote!(b"contract")),
            (_, ty) => {
                let inner = match ty {
                    TypeRef::OrNull(inner) => inner.as_ref(),
                    ty => ty,
                };
                // Every field the sample can set: more of the type on the wire.
                // A body with no exact type (any JSON value) says nothing the
                // sample could follow: the spec's own example of it, if any.
                let [_, full] = samples(api, inner);
                let content = format!("{}/requestBody/content/", operation.pointer);
                let example = api.examples.iter().find(|example| example.pointer.starts_with(&content));
                let json = match (inner, example) {
                    (TypeRef::Json, Some(example)) => raw_literal(&example.value.to_string()),
                    _ => raw_literal(&full.to_string()),
                };
                let ty = rust_type(api, inner);
                (quote!(#ty), quote!(read(#json)?))
            }
        };
        steps.push(quote!(let body: #ty = #value;));
        // As `client.rs` takes it: `Option<&T>` when optional or nullable;
        // a binary body by value (`impl Into<Binary>`, or an `Option<Binary>`).
        let required = body.required && !body.admits_null();
        arguments.push(match (required, &body.ty) {
            (true, TypeRef::Bytes) => quote!(body),
            (false, TypeRef::Bytes) => quote!(Some(body.into())),
            (true, _) => quote!(&body),
            (false, _) => quote!(Some(&body)),
        });
    }
    let success_documented = operation
        .responses
        .iter()
        .any(|response| matches!(response.status, Status::Code(100..=399) | Status::Range(1..=3) | Status::Default));
    let reason = format!("calls {} {} at CONTRACT_URL", operation.method.to_uppercase(), operation.path);
    let reads = operation.parameters.iter().any(|parameter| parameter.required)
        || operation.body.as_ref().is_some_and(|body| body.ty != TypeRef::Bytes);
    let test = quote! {
        #[test]
        #[ignore = #reason]
        fn #name() {
            run(async {
                let client = client()?;
                #(#steps)*
                let answer = client.#method(#(#arguments),*).await?;
                answered(answer.status(), #success_documented)
            });
        }
    };
    Some((test, reads))
}
