//! The Rust spelling of the model's names and types, shared by every
//! emitter: a leaf.

use crate::model::{Api, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The Rust identifier for a field or variant name from the model.
pub(crate) fn ident(name: &str) -> Ident {
    if crate::names::is_raw_keyword(name) {
        format_ident!("r#{}", name)
    } else {
        format_ident!("{}", name)
    }
}

/// The Rust type for a `TypeRef`.
pub(crate) fn rust_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&api.types[*id].name);
            quote!(#name)
        }
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Email => quote!(crate::support::Email),
        TypeRef::Uri => quote!(crate::support::Uri),
        TypeRef::Base64 => quote!(crate::support::Base64),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(crate::support::binary::Binary),
        TypeRef::RawBody => quote!(crate::support::RawBody),
        TypeRef::List(item) => {
            let item = rust_type(api, item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(api, value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::OrNull(inner) => {
            let inner = rust_type(api, inner);
            quote!(Option<#inner>)
        }
    }
}
