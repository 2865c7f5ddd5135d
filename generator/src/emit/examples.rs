//! The optional `tests/examples.rs` of a generated crate: each spec's JSON
//! examples, read into their Rust types and written back
//! (`generator/runtime/examples.rs` says what counts as the same).

use super::tokens::rust_type;
use crate::model::{Api, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

const RUNTIME: &str = include_str!("../../runtime/examples.rs");

/// The test file's items, or `None` when no spec has an example.
pub(crate) fn test_file(apis: &[Api], crate_name: &str) -> Option<TokenStream> {
    let krate = format_ident!("{}", crate_name.replace('-', "_"));
    let mut items = TokenStream::new();
    for api in apis.iter().filter(|api| !api.examples.is_empty()) {
        let module = format_ident!("{}", api.module);
        let entries = api.examples.iter().map(|example| {
            let at = format!("{}#{}", api.source, example.pointer);
            let json = Literal::string(&example.value.to_string());
            let ty = rust_type(api, &example.ty);
            quote!(super::Example { at: #at, json: #json, check: super::round_trip::<#ty> },)
        });
        let glob = api.examples.iter().any(|e| names_a_type(&e.ty)).then(|| quote!(use #krate::#module::*;));
        let name = api.module.as_str();
        items.extend(quote! {
            mod #module {
                #glob

                pub(super) static EXAMPLES: &[super::Example] = &[#(#entries)*];
            }

            /// Strictly, as a server reads: an enum value or a key that the
            /// schema does not list contradicts it.
            #[test]
            fn #module() {
                ::#krate::support::strictly(|| check_all(#name, #module::EXAMPLES));
            }
        });
    }
    if items.is_empty() {
        return None;
    }
    // Types name `crate::support::…`; here that path goes through this import.
    let support = apis
        .iter()
        .flat_map(|api| &api.examples)
        .any(|example| names_support(&example.ty))
        .then(|| quote!(use #krate::support;));
    // Lexed, not parsed: the file is parsed once, when it is formatted.
    let runtime: TokenStream =
        RUNTIME.parse().unwrap_or_else(|error| panic!("runtime/examples.rs is not valid Rust: {error}"));
    Some(quote!(#runtime #support #items))
}

fn names_support(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Base64 | TypeRef::Email | TypeRef::Uri | TypeRef::RawBody => true,
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::OrNull(inner) => names_support(inner),
        _ => false,
    }
}

fn names_a_type(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::OrNull(inner) => names_a_type(inner),
        _ => false,
    }
}
