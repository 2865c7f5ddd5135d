//! Fields that take the spec's `default` when their key is absent: one
//! function each, in the `deserialize` module, that builds the value.

use super::tokens::{ident, rust_type};
use crate::model::{Api, Constrained, ConstrainedBase, Field, TypeDef, TypeKind, TypeRef};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

/// The function that gives `field` of `owner` the spec's default.
pub(super) fn function_name(owner: &TypeDef, field: &Field) -> Ident {
    format_ident!("default_{}_{}", heck::ToSnakeCase::to_snake_case(owner.name.as_str()), field.rust_name)
}

/// That function, documented with the spec's value.
pub(super) fn function(api: &Api, owner: &TypeDef, field: &Field, value: &Value) -> TokenStream {
    let function = function_name(owner, field);
    let mut ty = rust_type(api, &field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let expression = expression(api, &field.ty, value);
    let expression = if field.boxed { quote!(Box::new(#expression)) } else { expression };
    let doc = format!(" The spec's default for `{}.{}`: `{value}`.", owner.name, field.wire_name);
    quote! {
        #[doc = #doc]
        pub(super) fn #function() -> #ty {
            #expression
        }
    }
}

/// An expression building a default the checker has already validated.
fn expression(api: &Api, ty: &TypeRef, value: &Value) -> TokenStream {
    match (ty, value) {
        (TypeRef::String, Value::String(s)) => quote!(String::from(#s)),
        (TypeRef::Email | TypeRef::Uri, Value::String(s)) => {
            let ty = rust_type(api, ty);
            quote!(#ty::new(#s).expect("the generator checked this default"))
        }
        (TypeRef::Bool, Value::Bool(b)) => quote!(#b),
        (TypeRef::I32, Value::Number(n)) => number_literal(n, "i32"),
        (TypeRef::I64, Value::Number(n)) => number_literal(n, "i64"),
        (TypeRef::F32, Value::Number(n)) => number_literal(n, "f32"),
        (TypeRef::F64, Value::Number(n)) => number_literal(n, "f64"),
        (TypeRef::List(_), Value::Array(_)) => quote!(Vec::new()),
        (TypeRef::Map(_), Value::Object(_)) => quote!(std::collections::BTreeMap::new()),
        (TypeRef::Named(id), value) => {
            let name = ident(&api.types[*id].name);
            match (&api.types[*id].kind, value) {
                (TypeKind::Enum(e), Value::String(s)) => {
                    let variant = e.variants.iter().find(|v| &v.wire_name == s).map(|v| ident(&v.rust_name));
                    quote!(#name::#variant)
                }
                (TypeKind::Constrained(Constrained { base: ConstrainedBase::Value { .. }, .. }), value) => {
                    let value = super::constrained::json_tokens(value);
                    quote!(#name::new(serde_json::json!(#value)).expect("the generator checked this default"))
                }
                (TypeKind::Constrained(c), Value::String(s)) if matches!(c.base, ConstrainedBase::String { .. }) => {
                    quote!(#name::new(#s).expect("the generator checked this default"))
                }
                (TypeKind::Constrained(c), Value::Number(n)) => {
                    let suffix = match c.base {
                        ConstrainedBase::Integer { wide: true, .. } => "i64",
                        ConstrainedBase::Integer { wide: false, .. } => "i32",
                        _ => "f64",
                    };
                    let literal = number_literal(n, suffix);
                    quote!(#name::new(#literal).expect("the generator checked this default"))
                }
                _ => unreachable!("check_defaults admits only these defaults"),
            }
        }
        _ => unreachable!("check_defaults admits only these defaults"),
    }
}

fn number_literal(number: &serde_json::Number, suffix: &str) -> TokenStream {
    let literal = match suffix {
        "i32" => Literal::i32_unsuffixed(number.as_i64().unwrap_or_default() as i32),
        "i64" => Literal::i64_unsuffixed(number.as_i64().unwrap_or_default()),
        "f32" => Literal::f32_unsuffixed(number.as_f64().unwrap_or_default() as f32),
        _ => Literal::f64_unsuffixed(number.as_f64().unwrap_or_default()),
    };
    quote!(#literal)
}
