//! The `json` module of an API: how each struct is written as a JSON
//! object and read from one, as one `support::json_object!` per struct (a
//! line per field: its presence and key), and the functions that give the
//! spec's defaults. The macro replaces serde's derives, which write three
//! times the code for rustc to check (GitHub's crate spent 63 of its 89
//! seconds in the derived `Deserialize`) and need a wrapper per field to
//! refuse `null`; its expansion has one exit for all keys (the runtime's
//! docs say why). Apart from `types.rs`, so the types read without them,
//! plain data, and each file is formatted on its own.

use super::defaults;
use super::module::{chunked, whole, Part, TYPES_PER_PART};
use super::tokens::ident;
use crate::model::{Api, Field, Presence, Struct, TypeDef, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether some struct of the API has a field read `as date_time` or `as
/// date`, so the crate needs `support::dates`.
pub(super) fn has_date_field(api: &Api) -> bool {
    api.types.iter().filter(|def| def.same_as.is_none()).any(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|field| dates_reader(field).is_some()),
        _ => false,
    })
}

/// `as date_time` or `as date` for an unboxed field of that format:
/// `support::dates` reads and writes it as chrono does, faster.
fn dates_reader(field: &Field) -> Option<TokenStream> {
    match field.ty {
        _ if field.boxed => None,
        TypeRef::DateTime => Some(quote!(as date_time)),
        TypeRef::Date => Some(quote!(as date)),
        _ => None,
    }
}

/// Whether the API has a struct to read, so needs the module.
pub(super) fn needed(api: &Api) -> bool {
    api.types.iter().any(|def| def.same_as.is_none() && matches!(def.kind, TypeKind::Struct(_)))
}

pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let mut order: Vec<&TypeDef> = api.types.iter().filter(|def| def.same_as.is_none()).collect();
    order.sort_by(|a, b| a.name.cmp(&b.name));
    let mut parts = whole(|| {
        quote!(
            use super::types::*;
        )
    });
    parts.extend(chunked(&order, TYPES_PER_PART, move |part| {
        let mut items = TokenStream::new();
        for def in part {
            if let TypeKind::Struct(s) = &def.kind {
                items.extend(object(def, s));
                for field in &s.fields {
                    if let Presence::Defaulted { default: value, .. } = &field.presence {
                        items.extend(defaults::function(api, def, field, value));
                    }
                }
            }
        }
        items
    }));
    parts
}

/// `Serialize` and `Deserialize` through `support::json_object!`: a line
/// per field with its presence and key, then what other keys do, unless
/// they are ignored (the default), and the `oneOf`/`anyOf` of required
/// keys to check.
fn object(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let key = &field.wire_name;
        let reader = dates_reader(field);
        match &field.presence {
            Presence::Required | Presence::RequiredNullable => quote!(required #field_name = #key #reader),
            Presence::Optional => quote!(optional #field_name = #key #reader),
            Presence::OptionalNullable => quote!(nullable #field_name = #key #reader),
            Presence::Defaulted { required, .. } => {
                let function = defaults::function_name(def, field);
                if *required {
                    quote!(expected #field_name = #key or #function #reader)
                } else {
                    quote!(defaulted #field_name = #key or #function #reader)
                }
            }
        }
    });
    let other_keys = match &s.additional {
        Some((field, _)) => {
            let field = ident(field);
            quote!(other keys: kept in #field)
        }
        None if s.deny_unknown_fields => quote!(other keys: refused),
        None => TokenStream::new(),
    };
    let key_rules = if s.key_rules.is_empty() {
        TokenStream::new()
    } else {
        let rules = s.key_rules.iter().map(|rule| {
            let kind = if rule.exactly_one { quote!(one) } else { quote!(any) };
            let sets = rule.sets.iter().map(|set| quote!([#(#set),*]));
            quote!(#kind of [#(#sets),*])
        });
        quote!(required keys: #(#rules),*)
    };
    let absent_keys = if s.forbidden_keys.is_empty() {
        TokenStream::new()
    } else {
        let sets = s.forbidden_keys.iter().map(|set| quote!([#(#set),*]));
        quote!(absent keys: [#(#sets),*])
    };
    quote! {
        crate::support::json_object! {
            #name {
                #(#fields,)*
            }
            #other_keys
            #key_rules
            #absent_keys
        }
    }
}
