//! The types of one API: structs, enums, `oneOf` enums, constrained
//! newtypes (in `constrained.rs`) and aliases, in name order.

use super::doc;
use super::module::{chunked, Part, TYPES_PER_PART};
use super::tokens::{ident, rust_type};
use crate::model::{Api, Derive, Field, OneOf, Presence, StringEnum, Struct, TypeDef, TypeKind, TypeRef};
use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let mut order: Vec<&TypeDef> = api.types.iter().collect();
    order.sort_by(|a, b| a.name.cmp(&b.name));
    let rules: Vec<&str> = order
        .iter()
        .filter(|def| def.same_as.is_none() && matches!(def.kind, TypeKind::Constrained(_)))
        .map(|def| def.name.as_str())
        .collect();
    // The items are moved into the part, not interpolated: `quote!` would
    // copy every token of them once more.
    let mut parts = chunked(&order, TYPES_PER_PART, move |part| part.iter().map(|def| type_def(api, def)).collect());
    parts.push(Box::new(move || {
        let rules: Vec<Ident> = rules.iter().map(|name| ident(name)).collect();
        [super::credentials::items(api), super::operations::items(api), super::constrained::rules_module(&rules)]
            .into_iter()
            .collect()
    }));
    parts
}

/// `ty` with each named type replaced by the one it is an alias of, if any
/// (a merged shape, or a `type` alias such as `= serde_json::Value`): what
/// tells two Rust types apart.
fn canonical(api: &Api, ty: &TypeRef) -> TypeRef {
    canonical_within(api, ty, ALIAS_DEPTH)
}

/// Aliases followed at most this deep (a recursive one ends there).
const ALIAS_DEPTH: usize = 16;

fn canonical_within(api: &Api, ty: &TypeRef, depth: usize) -> TypeRef {
    match ty {
        TypeRef::Named(id) => {
            let id = api.types[*id].same_as.unwrap_or(*id);
            match &api.types[id].kind {
                TypeKind::Alias(aliased) if depth > 0 => canonical_within(api, aliased, depth - 1),
                _ => TypeRef::Named(id),
            }
        }
        TypeRef::List(inner) => TypeRef::List(Box::new(canonical_within(api, inner, depth))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(canonical_within(api, inner, depth))),
        TypeRef::OrNull(inner) => TypeRef::OrNull(Box::new(canonical_within(api, inner, depth))),
        other => other.clone(),
    }
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let doc = doc::outer(def.doc.as_deref());
    let name = ident(&def.name);
    if let Some(same) = def.same_as {
        let same = ident(&api.types[same].name);
        return quote! {
            #doc
            pub type #name = #same;
        };
    }
    match &def.kind {
        TypeKind::Struct(s) => struct_def(api, def, s, &doc),
        TypeKind::Enum(e) => enum_def(&name, e, &doc),
        TypeKind::OneOf(o) => one_of_def(api, def, o, &doc),
        TypeKind::AnyOf(a) => any_of_def(api, def, a, &doc),
        TypeKind::Constrained(c) => super::constrained::constrained_def(api, &name, c, &doc),
        TypeKind::Form(form) => super::form::form_def(api, &name, form, def.doc.as_deref()),
        TypeKind::Alias(ty) => {
            let ty = rust_type(api, ty);
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
        TypeKind::External(path) => {
            // Checked to be a Rust type when the spec was lowered.
            let ty: TokenStream = path.parse().expect("`x-rust-type` was checked to be a Rust type");
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
    }
}

fn struct_def(api: &Api, def: &TypeDef, s: &Struct, doc: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let mut fields: Vec<TokenStream> = s.fields.iter().map(|field| field_def(api, field)).collect();
    if let Some((field, ty)) = &s.additional {
        let field = ident(field);
        let ty = rust_type(api, ty);
        fields.push(quote! {
            /// The keys other than the properties above (`additionalProperties`).
            pub #field: std::collections::BTreeMap<String, #ty>,
        });
    }
    // A derived `Default` would give a defaulted field its type's default,
    // not the spec's.
    let defaulted = s.fields.iter().any(|field| matches!(field.presence, Presence::Defaulted { .. }));
    let wants_default = def.derives.contains(&Derive::Default);
    let mut derives = extra_derives(def);
    if wants_default && !defaulted {
        derives.push(ident("Default"));
    }
    let default = (wants_default && defaulted).then(|| {
        let values = s.fields.iter().map(|field| {
            let field_name = ident(&field.rust_name);
            match field.presence {
                Presence::Defaulted { .. } => {
                    let function = super::defaults::function_name(def, field);
                    quote!(#field_name: super::json::#function(),)
                }
                _ => quote!(#field_name: Default::default(),),
            }
        });
        let additional = s.additional.as_ref().map(|(field, _)| {
            let field = ident(field);
            quote!(#field: Default::default(),)
        });
        quote! {
            /// Optional fields absent, defaulted ones the spec's default.
            impl Default for #name {
                fn default() -> Self {
                    Self { #(#values)* #additional }
                }
            }
        }
    });
    // `Serialize` and `Deserialize` are implemented in the `json` module.
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq #(, #derives)*)]
        pub struct #name {
            #(#fields)*
        }

        #default
    }
}

/// The derives asked of a type (`x-rust-derive`) beyond `Debug`, `Clone`
/// and `PartialEq`, but `Default`, which a struct may have to write out.
fn extra_derives(def: &TypeDef) -> Vec<Ident> {
    def.derives.iter().filter(|derive| **derive != Derive::Default).map(|derive| ident(derive.name())).collect()
}

fn field_def(api: &Api, field: &Field) -> TokenStream {
    let doc = doc::outer(field.doc.as_deref());
    let name = ident(&field.rust_name);
    let mut inner = rust_type(api, &field.ty);
    if field.boxed {
        inner = quote!(Box<#inner>);
    }
    let ty = match &field.presence {
        Presence::Required | Presence::Defaulted { .. } => inner,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#inner>),
        Presence::OptionalNullable => quote!(crate::support::Nullable<#inner>),
    };
    quote! {
        #doc
        pub #name: #ty,
    }
}

fn enum_def(name: &Ident, e: &StringEnum, doc: &TokenStream) -> TokenStream {
    let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire_name.as_str()).collect();
    let other = ident(&e.other);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants,)*
            /// A value the spec does not list, as it came: a newer server's.
            /// A server refuses it in a request.
            #other(String),
        }

        crate::support::string_enum! {
            #name {
                #(#variants = #wires,)*
            }
            other values: #other
        }
    }
}

fn one_of_def(api: &Api, def: &TypeDef, o: &OneOf, doc: &TokenStream) -> TokenStream {
    let name = &ident(&def.name);
    let derives = extra_derives(def);
    let type_name = name.to_string();
    let mut variants = Vec::new();
    let mut alternatives = Vec::new();
    for variant in &o.variants {
        let variant_name = ident(&variant.rust_name);
        let mut ty = rust_type(api, &variant.ty);
        let mut wrap = quote!(Self::#variant_name);
        if variant.boxed {
            ty = quote!(Box<#ty>);
            wrap = quote!(|value| Self::#variant_name(Box::new(value)));
        }
        // A struct refuses an array itself; some refuse keys too.
        let forbidden: Vec<TokenStream> = match &variant.ty {
            TypeRef::Named(id) => match &api.types[*id].kind {
                TypeKind::Struct(s) => s.forbidden_keys.iter().map(|set| quote!(&[#(#set),*])).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let label = &variant.rust_name;
        let tags = &variant.tags;
        variants.push(quote!(#variant_name(#ty),));
        alternatives.push(quote! {
            crate::support::Alternative {
                name: #label,
                forbidden_keys: &[#(#forbidden),*],
                tags: &[#(#tags),*],
                parse: |value| serde::Deserialize::deserialize(value).map(#wrap),
            },
        });
    }
    if let Some(other) = &o.other {
        let other = ident(other);
        variants.push(quote! {
            /// A value whose discriminator the spec does not map, as it came:
            /// a newer server's. A server refuses it in a request.
            #other(serde_json::Value),
        });
    }
    let (choose, rule) = match (&o.discriminator, &o.other) {
        (Some(property), Some(other)) => {
            let other = ident(other);
            (
                quote!(crate::support::one_of_tagged(#type_name, value, #property, &[#(#alternatives)*], Self::#other)),
                format!(" The `{property}` key picks the alternative (`oneOf` with a discriminator)."),
            )
        }
        (Some(_), None) => unreachable!("lowering names the variant of unmapped values of a discriminator"),
        (None, _) if o.closest_match => (
            quote!(crate::support::closest_of(#type_name, &value, &[#(#alternatives)*])),
            " Of the alternatives that match, the one that keeps the most keys is taken: the spec's cannot be told apart (`oneOf`)."
                .to_owned(),
        ),
        (None, _) => (
            quote!(crate::support::one_of(#type_name, &value, &[#(#alternatives)*])),
            " Exactly one alternative matches a valid value (`oneOf`).".to_owned(),
        ),
    };
    let gap = doc::paragraph_break(doc);
    quote! {
        #doc
        #gap
        #[doc = #rule]
        #[derive(Debug, Clone, PartialEq, #(#derives,)* serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #choose.map_err(serde::de::Error::custom)
            }
        }
    }
}

/// `anyOf`: several alternatives may match one value, and reading it as
/// one would drop what only another describes, so the type keeps the JSON
/// value as it came, checked on the way in; `as_<alternative>()` reads it
/// as each alternative, `From` builds it from one.
fn any_of_def(api: &Api, def: &TypeDef, a: &OneOf, doc: &TokenStream) -> TokenStream {
    let name = &ident(&def.name);
    let derives = extra_derives(def);
    let type_name = name.to_string();
    let mut readers = Vec::new();
    let mut checks = Vec::new();
    let mut froms = Vec::new();
    let mut seen_types: Vec<String> = Vec::new();
    for variant in &a.variants {
        let ty = rust_type(api, &variant.ty);
        let label = &variant.rust_name;
        let reader = format_ident!("as_{}", variant.rust_name.to_snake_case());
        let reader_doc = format!(" The value read as `{label}`, if it is one.");
        readers.push(quote! {
            #[doc = #reader_doc]
            pub fn #reader(&self) -> Option<#ty> {
                serde_json::from_value(self.0.clone()).ok()
            }
        });
        checks.push(quote! {
            match serde_json::from_value::<#ty>(value.clone()) {
                Ok(_) => return Ok(Self(value)),
                Err(error) => reasons.push(format!("{}: {error}", #label)),
            }
        });
        // One `From` per Rust type: two alternatives may share one, under
        // one name or two (an alias of a type of the same shape).
        let key = format!("{:?}", canonical(api, &variant.ty));
        if !seen_types.contains(&key) {
            seen_types.push(key);
            froms.push(quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self(serde_json::to_value(value).expect("generated types serialise to JSON"))
                    }
                }
            });
        }
    }
    let gap = doc::paragraph_break(doc);
    quote! {
        #doc
        #gap
        /// At least one alternative matches a valid value (`anyOf`). The value
        /// is kept as it came, so nothing only one alternative describes is lost.
        #[derive(Debug, Clone, PartialEq, #(#derives,)* serde::Serialize)]
        #[serde(transparent)]
        pub struct #name(serde_json::Value);

        impl #name {
            #(#readers)*

            /// The JSON value.
            pub fn json(&self) -> &serde_json::Value {
                &self.0
            }

            pub fn into_json(self) -> serde_json::Value {
                self.0
            }
        }

        #(#froms)*

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let mut reasons: Vec<String> = Vec::new();
                #(#checks)*
                Err(serde::de::Error::custom(format!("{} matches none of its alternatives: {}", #type_name, reasons.join("; "))))
            }
        }
    }
}
