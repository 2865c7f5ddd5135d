//! Constrained newtypes: a string, number, list or JSON value whose only
//! ways in (`new`, `TryFrom`, `FromStr`, `Deserialize`) check the spec's
//! constraints, with errors that name the field.

use super::types::rust_type;
use crate::model::{Api, Constrained, ConstrainedBase, StringCheck};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, ToTokens};
use serde_json::Value;

pub(super) fn constrained_def(api: &Api, name: &Ident, c: &Constrained, doc: &TokenStream) -> TokenStream {
    let subject = &c.subject;
    let option = |value: Option<u64>| match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    };
    let debug = if c.secret {
        let text = format!("{name}(<redacted>)");
        quote!(f.write_str(#text))
    } else {
        let text = name.to_string();
        quote!(f.debug_tuple(#text).field(&self.0).finish())
    };
    let debug_impl = quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #debug
            }
        }
    };
    match &c.base {
        ConstrainedBase::String { min_length, max_length, pattern, format } => {
            let (min, max) = (option(*min_length), option(*max_length));
            let pattern_check = pattern.as_ref().map(|pattern| {
                quote! {
                    static PATTERN: std::sync::LazyLock<regex::Regex> =
                        std::sync::LazyLock::new(|| regex::Regex::new(#pattern).expect("the generator checked this pattern"));
                    crate::support::check_pattern(#subject, PATTERN.is_match(&value), PATTERN.as_str())?;
                }
            });
            let format_check = format.map(|format| match format {
                StringCheck::Email => quote!(crate::support::check_email(#subject, &value)?;),
                StringCheck::Uri => quote!(crate::support::check_uri(#subject, &value)?;),
            });
            // A secret is kept out of `Debug` (logs of whole structs); `Display`
            // is asked for by name, e.g. to send it as a parameter.
            let display = quote! {
                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(&self.0)
                    }
                }
            };
            let length_check = (min_length.is_some() || max_length.is_some())
                .then(|| quote!(crate::support::check_length(#subject, &value, #min, #max)?;));
            quote! {
                #doc
                #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
                #[serde(transparent)]
                pub struct #name(String);

                impl #name {
                    /// Checks the spec's constraints; the only way to build one.
                    pub fn new(value: impl Into<String>) -> Result<Self, crate::support::ConstraintError> {
                        let value = value.into();
                        #length_check
                        #pattern_check
                        #format_check
                        Ok(Self(value))
                    }

                    pub fn as_str(&self) -> &str {
                        &self.0
                    }

                    pub fn into_inner(self) -> String {
                        self.0
                    }
                }

                #debug_impl
                #display

                impl AsRef<str> for #name {
                    fn as_ref(&self) -> &str {
                        &self.0
                    }
                }

                impl std::str::FromStr for #name {
                    type Err = crate::support::ConstraintError;

                    fn from_str(value: &str) -> Result<Self, Self::Err> {
                        Self::new(value)
                    }
                }

                impl TryFrom<String> for #name {
                    type Error = crate::support::ConstraintError;

                    fn try_from(value: String) -> Result<Self, Self::Error> {
                        Self::new(value)
                    }
                }

                impl TryFrom<&str> for #name {
                    type Error = crate::support::ConstraintError;

                    fn try_from(value: &str) -> Result<Self, Self::Error> {
                        Self::new(value)
                    }
                }

                impl From<#name> for String {
                    fn from(value: #name) -> String {
                        value.0
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        Self::new(String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
                    }
                }
            }
        }
        ConstrainedBase::Integer { wide, minimum, maximum, allowed } => {
            let inner = if *wide { quote!(i64) } else { quote!(i32) };
            let bound = |bound: &Option<crate::model::Bound<i64>>| match bound {
                Some(b) => {
                    let value =
                        if *wide { Literal::i64_unsuffixed(b.value) } else { Literal::i32_unsuffixed(b.value as i32) };
                    let exclusive = b.exclusive;
                    quote!(Some((#value, #exclusive)))
                }
                None => quote!(None),
            };
            let (min, max) = (bound(minimum), bound(maximum));
            let literals = allowed.iter().map(|v| {
                if *wide {
                    Literal::i64_unsuffixed(*v)
                } else {
                    Literal::i32_unsuffixed(*v as i32)
                }
            });
            let allowed_check = (!allowed.is_empty())
                .then(|| quote!(crate::support::check_allowed(#subject, value, &[#(#literals),*])?;));
            number_newtype(
                name,
                doc,
                &inner,
                &quote!(Eq, Hash, Ord,),
                &quote!(crate::support::check_range(#subject, value, #min, #max)?; #allowed_check),
                &debug_impl,
            )
        }
        ConstrainedBase::Number { minimum, maximum, allowed } => {
            let bound = |bound: &Option<crate::model::Bound<f64>>| match bound {
                Some(b) => {
                    let value = Literal::f64_unsuffixed(b.value);
                    let exclusive = b.exclusive;
                    quote!(Some((#value, #exclusive)))
                }
                None => quote!(None),
            };
            let (min, max) = (bound(minimum), bound(maximum));
            let literals = allowed.iter().map(|v| Literal::f64_unsuffixed(*v));
            let allowed_check = (!allowed.is_empty())
                .then(|| quote!(crate::support::check_allowed(#subject, value, &[#(#literals),*])?;));
            number_newtype(
                name,
                doc,
                &quote!(f64),
                &TokenStream::new(),
                &quote!(crate::support::check_range(#subject, value, #min, #max)?; #allowed_check),
                &debug_impl,
            )
        }
        ConstrainedBase::Value { allowed } => {
            let allowed = allowed.iter().map(json_tokens);
            quote! {
                #doc
                #[derive(Clone, PartialEq, serde::Serialize)]
                #[serde(transparent)]
                pub struct #name(serde_json::Value);

                impl #name {
                    /// Checks the value is one the spec's `enum` lists; the only way to build one.
                    pub fn new(value: serde_json::Value) -> Result<Self, crate::support::ConstraintError> {
                        crate::support::check_allowed(#subject, value.clone(), &[#(serde_json::json!(#allowed)),*])?;
                        Ok(Self(value))
                    }

                    pub fn get(&self) -> &serde_json::Value {
                        &self.0
                    }

                    pub fn into_inner(self) -> serde_json::Value {
                        self.0
                    }
                }

                #debug_impl

                impl TryFrom<serde_json::Value> for #name {
                    type Error = crate::support::ConstraintError;

                    fn try_from(value: serde_json::Value) -> Result<Self, Self::Error> {
                        Self::new(value)
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        Self::new(serde_json::Value::deserialize(deserializer)?).map_err(serde::de::Error::custom)
                    }
                }
            }
        }
        ConstrainedBase::Array { items, min_items, max_items } => {
            let item = rust_type(api, items);
            let (min, max) = (option(*min_items), option(*max_items));
            quote! {
                #doc
                #[derive(Clone, PartialEq, serde::Serialize)]
                #[serde(transparent)]
                pub struct #name(Vec<#item>);

                impl #name {
                    /// Checks the spec's constraints; the only way to build one.
                    pub fn new(items: Vec<#item>) -> Result<Self, crate::support::ConstraintError> {
                        crate::support::check_items(#subject, items.len(), #min, #max)?;
                        Ok(Self(items))
                    }

                    pub fn as_slice(&self) -> &[#item] {
                        &self.0
                    }

                    pub fn into_inner(self) -> Vec<#item> {
                        self.0
                    }
                }

                #debug_impl

                impl TryFrom<Vec<#item>> for #name {
                    type Error = crate::support::ConstraintError;

                    fn try_from(items: Vec<#item>) -> Result<Self, Self::Error> {
                        Self::new(items)
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        Self::new(Vec::deserialize(deserializer)?).map_err(serde::de::Error::custom)
                    }
                }
            }
        }
    }
}

/// The input of `serde_json::json!` that builds `value`.
pub(super) fn json_tokens(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(null),
        Value::Bool(b) => quote!(#b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Literal::u64_unsuffixed(u).into_token_stream(),
            (None, Some(i), _) => Literal::i64_unsuffixed(i).into_token_stream(),
            (None, None, f) => Literal::f64_unsuffixed(f.unwrap_or_default()).into_token_stream(),
        },
        Value::String(s) => quote!(#s),
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(key, value)| {
                let value = json_tokens(value);
                quote!(#key: #value)
            });
            quote!({ #(#entries),* })
        }
    }
}

/// A checked integer or number newtype.
fn number_newtype(
    name: &Ident,
    doc: &TokenStream,
    inner: &TokenStream,
    extra_derives: &TokenStream,
    check: &TokenStream,
    debug_impl: &TokenStream,
) -> TokenStream {
    quote! {
        #doc
        #[derive(Clone, Copy, PartialEq, PartialOrd, #extra_derives serde::Serialize)]
        #[serde(transparent)]
        pub struct #name(#inner);

        impl #name {
            /// Checks the spec's constraints; the only way to build one.
            pub fn new(value: #inner) -> Result<Self, crate::support::ConstraintError> {
                #check
                Ok(Self(value))
            }

            pub fn get(self) -> #inner {
                self.0
            }
        }

        #debug_impl

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::str::FromStr for #name {
            type Err = crate::support::ParseError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                let parsed: #inner = value.parse().map_err(|_| crate::support::ParseError::NotANumber(value.to_owned()))?;
                Ok(Self::new(parsed)?)
            }
        }

        impl TryFrom<#inner> for #name {
            type Error = crate::support::ConstraintError;

            fn try_from(value: #inner) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<#name> for #inner {
            fn from(value: #name) -> #inner {
                value.0
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Self::new(#inner::deserialize(deserializer)?).map_err(serde::de::Error::custom)
            }
        }
    }
}
