//! Requests without ceremony: for each operation's parameters and each
//! struct a request body carries (itself, and the structs inside it), a
//! `new` that takes the required fields and a setter per other field. Each
//! takes plain Rust values (`&str`, `String`, integers) through `Into`; a
//! constrained value is checked once, on the way in, so its setter returns
//! the checked type's error: `UsersListParams::new(5).page_size(10)?`.
//! Struct literals work as before. The methods are generic, so rustc
//! builds only those a program calls.

use super::module::{chunked, whole, Part, TYPES_PER_PART};
use super::tokens::{ident, rust_type};
use crate::model::{Api, ConstrainedBase, Operation, Presence, TypeDef, TypeKind, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// What a builder is made for: an operation's parameters, or a struct.
#[derive(Clone, Copy)]
enum Target<'a> {
    Params(&'a Operation),
    Struct(&'a TypeDef),
}

/// Whether the API has anything a request carries that has fields.
pub(super) fn needed(api: &Api) -> bool {
    !targets(api).is_empty()
}

pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let targets = targets(api);
    let mut parts = whole(|| {
        quote!(
            use super::types::*;
        )
    });
    parts.extend(chunked(&targets, TYPES_PER_PART, move |part| {
        part.iter().map(|target| builder(api, *target)).collect()
    }));
    parts
}

/// The operations with parameters of their own (not an alias of another's),
/// by type name, then the structs request bodies reach, by name.
fn targets(api: &Api) -> Vec<Target<'_>> {
    let mut operations: Vec<&Operation> =
        api.operations.iter().filter(|o| !o.parameters.is_empty() && o.same_params_as.is_none()).collect();
    operations.sort_by(|a, b| a.type_prefix.cmp(&b.type_prefix));
    let mut reached = BTreeSet::new();
    let mut pending: Vec<&TypeRef> = Vec::new();
    for operation in &api.operations {
        pending.extend(operation.body.as_ref().map(|body| &body.ty));
        pending.extend(operation.parameters.iter().map(|parameter| &parameter.ty));
    }
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(id) => {
                let id = api.types[*id].same_as.unwrap_or(*id);
                if !reached.insert(id) {
                    continue;
                }
                match &api.types[id].kind {
                    TypeKind::Struct(s) => {
                        pending.extend(s.fields.iter().map(|field| &field.ty));
                        pending.extend(s.additional.iter().map(|(_, ty)| ty));
                    }
                    TypeKind::OneOf(o) | TypeKind::AnyOf(o) => pending.extend(o.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(ty) => pending.push(ty),
                    TypeKind::Constrained(c) => {
                        if let ConstrainedBase::Array { items, .. } = &c.base {
                            pending.push(items);
                        }
                    }
                    TypeKind::Enum(_) | TypeKind::Form(_) | TypeKind::External(_) => {}
                }
            }
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::OrNull(inner) => pending.push(inner),
            _ => {}
        }
    }
    let mut structs: Vec<&TypeDef> = reached
        .into_iter()
        .map(|id| &api.types[id])
        .filter(|def| matches!(&def.kind, TypeKind::Struct(s) if !s.fields.is_empty()))
        .collect();
    structs.sort_by(|a, b| a.name.cmp(&b.name));
    operations.into_iter().map(Target::Params).chain(structs.into_iter().map(Target::Struct)).collect()
}

/// One field as a builder sees it.
struct Slot<'a> {
    name: Ident,
    ty: &'a TypeRef,
    presence: Presence,
    boxed: bool,
    /// For a defaulted struct field: the function that gives the default.
    default: Option<Ident>,
}

fn builder(api: &Api, target: Target) -> TokenStream {
    // A struct may derive `Default` already (`x-rust-derive`).
    let mut has_default = false;
    let (name, slots, additional) = match target {
        Target::Params(operation) => {
            let slots = operation.parameters.iter().map(|parameter| Slot {
                name: ident(&parameter.rust_name),
                ty: &parameter.ty,
                presence: if parameter.required { Presence::Required } else { Presence::Optional },
                boxed: false,
                default: None,
            });
            (format_ident!("{}Params", operation.type_prefix), slots.collect::<Vec<_>>(), None)
        }
        Target::Struct(def) => {
            let TypeKind::Struct(s) = &def.kind else { unreachable!("targets are structs") };
            has_default = def.derives.contains(&crate::model::Derive::Default);
            let slots = s.fields.iter().map(|field| Slot {
                name: ident(&field.rust_name),
                ty: &field.ty,
                presence: field.presence.clone(),
                boxed: field.boxed,
                default: matches!(field.presence, Presence::Defaulted { .. })
                    .then(|| super::defaults::function_name(def, field)),
            });
            (ident(&def.name), slots.collect(), s.additional.as_ref().map(|(name, _)| ident(name)))
        }
    };
    if let Some(compact) = compact(api, &name, &slots, additional.is_some(), has_default) {
        return compact;
    }
    let mut arguments = Vec::new();
    let mut values = Vec::new();
    let mut fallible = false;
    let mut setters = Vec::new();
    for slot in &slots {
        let field = &slot.name;
        let (argument, converted, checked) = conversion(api, slot.ty, slot.boxed, field);
        match &slot.presence {
            Presence::Required => {
                arguments.push(quote!(#field: #argument));
                values.push(quote!(#field: #converted,));
                fallible |= checked;
            }
            Presence::RequiredNullable => {
                let ty = field_type(api, slot);
                arguments.push(quote!(#field: Option<#ty>));
                values.push(quote!(#field,));
            }
            Presence::Optional => values.push(quote!(#field: None,)),
            Presence::OptionalNullable => values.push(quote!(#field: crate::support::Nullable::Absent,)),
            Presence::Defaulted { .. } => {
                let default = slot.default.as_ref().expect("a defaulted field has a default function");
                values.push(quote!(#field: super::json::#default(),));
            }
        }
        let stored = match &slot.presence {
            Presence::Required | Presence::Defaulted { .. } => converted,
            Presence::Optional => quote!(Some(#converted)),
            Presence::OptionalNullable => quote!(crate::support::Nullable::Value(#converted)),
            Presence::RequiredNullable => continue,
        };
        if matches!(slot.presence, Presence::Required) {
            continue;
        }
        let method = if field == "new" { format_ident!("set_new") } else { field.clone() };
        let doc = format!(" Sets [`Self::{}`].", field.to_string().trim_start_matches("r#"));
        setters.push(if checked {
            quote! {
                #[doc = #doc]
                pub fn #method(mut self, #field: #argument) -> Result<Self, crate::support::ConstraintError> {
                    self.#field = #stored;
                    Ok(self)
                }
            }
        } else {
            quote! {
                #[doc = #doc]
                pub fn #method(mut self, #field: #argument) -> Self {
                    self.#field = #stored;
                    self
                }
            }
        });
    }
    if let Some(additional) = additional {
        values.push(quote!(#additional: std::collections::BTreeMap::new(),));
    }
    let built = quote!(Self { #(#values)* });
    let (output, body) = if fallible {
        (quote!(Result<Self, crate::support::ConstraintError>), quote!(Ok(#built)))
    } else {
        (quote!(Self), built)
    };
    // Seven is where clippy finds a function's arguments too many; here
    // they are the spec's required fields, as many as it has.
    let many = (arguments.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let default = (arguments.is_empty() && !fallible && !has_default).then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            /// With the required fields; the others are absent (or take
            /// the spec's default) until set.
            #many
            pub fn new(#(#arguments),*) -> #output {
                #body
            }

            #(#setters)*
        }

        #default
    }
}

/// The methods through `support::builder!`, one line a field: every type
/// but those with a map of other keys, a field named `new`, a required
/// nullable or a boxed checked field; those are written out.
fn compact(api: &Api, name: &Ident, slots: &[Slot], additional: bool, has_default: bool) -> Option<TokenStream> {
    if additional || slots.iter().any(|slot| slot.name == "new") {
        return None;
    }
    // Each required field with the path that converts it, if it is checked.
    let mut arguments = Vec::new();
    let mut plain = Vec::new();
    let mut checked = Vec::new();
    for slot in slots {
        let field = &slot.name;
        let base = checked_base(api, slot.ty);
        if base.is_some() && slot.boxed {
            return None;
        }
        let (init, wrap) = match &slot.presence {
            Presence::Required => {
                arguments.push(match base {
                    Some(base) => {
                        let rule = rust_type(api, slot.ty);
                        (quote!(#field: #base), Some(quote!(#rule::new)))
                    }
                    None => {
                        let ty = field_type(api, slot);
                        (quote!(#field: #ty), None)
                    }
                });
                continue;
            }
            Presence::RequiredNullable => return None,
            Presence::Optional => (quote!(None), quote!(Some)),
            Presence::OptionalNullable => {
                (quote!(crate::support::Nullable::Absent), quote!(crate::support::Nullable::Value))
            }
            Presence::Defaulted { .. } => {
                let default = slot.default.as_ref().expect("a defaulted field has a default function");
                (quote!(super::json::#default()), quote!(std::convert::identity))
            }
        };
        match base {
            Some(base) => {
                let rule = rust_type(api, slot.ty);
                checked.push(quote!(#field: #base => #rule = #init => #wrap,));
            }
            None => {
                let ty = field_type(api, slot);
                plain.push(quote!(#field: #ty = #init => #wrap,));
            }
        }
    }
    let fallible = arguments.iter().any(|(_, convert)| convert.is_some());
    let head = if fallible {
        let arguments = arguments.into_iter().map(|(argument, convert)| {
            let convert = convert.unwrap_or_else(|| quote!(crate::support::converted));
            quote!(#argument => #convert)
        });
        quote!(#name(#(#arguments),*)?)
    } else {
        let default = (arguments.is_empty() && !has_default).then(|| quote!(+ Default));
        let arguments = arguments.into_iter().map(|(argument, _)| argument);
        quote!(#name(#(#arguments),*) #default)
    };
    let checked = (!checked.is_empty()).then(|| quote!(checked { #(#checked)* }));
    Some(quote! {
        crate::support::builder! {
            #head {
                #(#plain)*
            }
            #checked
        }
    })
}

/// The Rust type of a slot's value, boxed where the field is.
fn field_type(api: &Api, slot: &Slot) -> TokenStream {
    let ty = rust_type(api, slot.ty);
    if slot.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// How a value of `ty` is taken: the argument's type, the expression that
/// turns the argument `value` into the field's value, and whether that
/// checks a constraint (and so can fail).
fn conversion(api: &Api, ty: &TypeRef, boxed: bool, value: &Ident) -> (TokenStream, TokenStream, bool) {
    let rust = rust_type(api, ty);
    let (argument, converted, checked) = match checked_base(api, ty) {
        Some(base) => (quote!(impl Into<#base>), quote!(#rust::new(#value)?), true),
        None => (quote!(impl Into<#rust>), quote!(#value.into()), false),
    };
    let converted = if boxed { quote!(Box::new(#converted)) } else { converted };
    (argument, converted, checked)
}

/// The plain type a checked type is made from (`String` for a checked
/// string), when `ty` is one.
fn checked_base(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    match ty {
        TypeRef::Email | TypeRef::Uri => Some(quote!(String)),
        TypeRef::Named(id) => {
            let def = &api.types[api.types[*id].same_as.unwrap_or(*id)];
            let TypeKind::Constrained(constrained) = &def.kind else { return None };
            Some(match &constrained.base {
                ConstrainedBase::String { .. } => quote!(String),
                ConstrainedBase::Integer { wide: true, .. } => quote!(i64),
                ConstrainedBase::Integer { wide: false, .. } => quote!(i32),
                ConstrainedBase::Number { .. } => quote!(f64),
                ConstrainedBase::Array { items, .. } => {
                    let items = rust_type(api, items);
                    quote!(Vec<#items>)
                }
                ConstrainedBase::Value { .. } => quote!(serde_json::Value),
            })
        }
        _ => None,
    }
}
