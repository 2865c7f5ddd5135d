//! The `json` module of an API: how each struct is written as a JSON
//! object and read from one. `Serialize` writes a key per field through
//! `support::write_object`, leaving out the absent ones.
//! `support::deserialize_object!` implements `Deserialize` by handing the
//! map to `support::read_object`, and a `FromObject` impl keeps one slot
//! and one match arm per key, then says how each field may be missing; the
//! functions that give the spec's defaults live here too. They replace
//! serde's derives, which write three times the code for rustc to check
//! (GitHub's crate spent 63 of its 89 seconds in the derived
//! `Deserialize`) and need a wrapper per field to refuse `null`. Neither
//! impl has an exit per field: the writer and the map keep their first
//! error and give it at `end`, and the required keys are checked at once
//! (each `?` is a branch with its own drops for rustc to build and check:
//! GitHub's types took 2.6 GB to check with one per field, 1.8 GB without).
//! Apart from `types.rs`, so the types read without them, plain data, and
//! each file is formatted on its own.

use super::defaults;
use super::types::ident;
use crate::model::names::first_free;
use crate::model::{Api, Field, Presence, Struct, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Whether the API has a struct to read, so needs the module.
pub(super) fn needed(api: &Api) -> bool {
    api.types.iter().any(|def| def.same_as.is_none() && matches!(def.kind, TypeKind::Struct(_)))
}

pub(super) fn module(api: &Api, sink: &mut dyn FnMut(TokenStream)) {
    let mut order: Vec<&TypeDef> = api.types.iter().filter(|def| def.same_as.is_none()).collect();
    order.sort_by(|a, b| a.name.cmp(&b.name));
    sink(quote!(
        use super::types::*;
    ));
    for part in order.chunks(super::TYPES_PER_PART) {
        let mut items = TokenStream::new();
        for def in part {
            if let TypeKind::Struct(s) = &def.kind {
                items.extend(writer(def, s));
                items.extend(reader(def, s));
                for field in &s.fields {
                    if let Presence::Defaulted(value) = &field.presence {
                        items.extend(defaults::function(api, def, field, value));
                    }
                }
            }
        }
        sink(items);
    }
}

/// `Serialize`: a key per field, in the struct's order.
fn writer(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let method = match field.presence {
            Presence::Optional => quote!(optional),
            Presence::OptionalNullable => quote!(nullable),
            Presence::Required | Presence::RequiredNullable | Presence::Defaulted(_) => quote!(field),
        };
        quote!(object.#method(#wire, &self.#field_name);)
    });
    let extra = s.additional.as_ref().map(|(field, _)| {
        let field = ident(field);
        quote!(object.extra(&self.#field);)
    });
    if s.fields.is_empty() && extra.is_none() {
        return quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, output: S) -> Result<S::Ok, S::Error> {
                    crate::support::write_object(output).end()
                }
            }
        };
    }
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, output: S) -> Result<S::Ok, S::Error> {
                let mut object = crate::support::write_object(output);
                #(#fields)*
                #extra
                object.end()
            }
        }
    }
}

fn reader(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    // The reader's own variables, named apart from the fields' slots.
    let taken = |candidate: &str| {
        s.fields.iter().any(|field| field.rust_name == candidate)
            || s.additional.as_ref().is_some_and(|(field, _)| field == candidate)
    };
    let map = format_ident!("{}", first_free("map", taken));
    let key = format_ident!("{}", first_free("key", taken));

    let slots = s.fields.iter().map(|field| {
        let slot = ident(&field.rust_name);
        quote!(let mut #slot = None;)
    });
    let arms: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|field| {
            let slot = ident(&field.rust_name);
            let wire = &field.wire_name;
            quote!(#wire => #map.value(&mut #slot, #wire),)
        })
        .collect();
    let extra = s.additional.as_ref().map(|(field, _)| ident(field));
    let extra_slot = extra.as_ref().map(|extra| quote!(let mut #extra = std::collections::BTreeMap::new();));
    let other = if let Some(extra) = &extra {
        quote!(#map.extra(&mut #extra, #key))
    } else if s.deny_unknown_fields {
        let known = s.fields.iter().map(|field| &field.wire_name);
        quote!(#map.deny(#key, &[#(#known),*]))
    } else {
        quote!(#map.skip())
    };
    let read_keys = if arms.is_empty() && extra.is_none() && !s.deny_unknown_fields {
        quote! {
            while #map.next_key().is_some() {
                #other;
            }
        }
    } else if arms.is_empty() {
        quote! {
            while let Some(#key) = #map.next_key() {
                #other;
            }
        }
    } else {
        quote! {
            while let Some(#key) = #map.next_key() {
                match &*#key {
                    #(#arms)*
                    _ => #other,
                }
            }
        }
    };
    // The required keys are checked at once by `end`, then taken out of
    // their slots: one exit for them all, not one per key (rustc spent a
    // fifth of a large crate's type check on those exits).
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|field| matches!(field.presence, Presence::Required | Presence::RequiredNullable))
        .collect();
    let checks = required.iter().map(|field| {
        let slot = ident(&field.rust_name);
        let wire = &field.wire_name;
        quote!((#wire, #slot.is_some()))
    });
    let take_required = required.iter().map(|field| {
        let slot = ident(&field.rust_name);
        quote!(let Some(#slot) = #slot else { unreachable!() };)
    });
    let finished = s.fields.iter().map(|field| {
        let slot = ident(&field.rust_name);
        match &field.presence {
            Presence::Required | Presence::RequiredNullable | Presence::Optional => quote!(#slot),
            Presence::OptionalNullable => quote!(#slot: crate::support::Nullable::from_read(#slot)),
            Presence::Defaulted(_) => {
                let function = defaults::function_name(def, field);
                quote!(#slot: #slot.unwrap_or_else(#function))
            }
        }
    });
    let finished = finished.chain(extra.iter().map(|extra| quote!(#extra)));
    quote! {
        crate::support::deserialize_object!(#name);

        impl crate::support::FromObject for #name {
            fn read<'de, M: crate::support::Map<'de>>(mut #map: M) -> Result<Self, M::Error> {
                #(#slots)*
                #extra_slot
                #read_keys
                #map.end(&[#(#checks),*])?;
                #(#take_required)*
                Ok(Self { #(#finished),* })
            }
        }
    }
}
