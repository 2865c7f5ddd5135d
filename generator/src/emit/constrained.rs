//! Checked types: a string, number, list or JSON value whose only ways in
//! (`new`, `TryFrom`, `FromStr`, `Deserialize`) check the spec's
//! constraints, with errors that name the field. Each is an alias of the
//! generic `support::Checked` over a rule of its own: the shared behaviour
//! is written once in `support`, a type costs its checks alone.

use super::tokens::rust_type;
use crate::model::{Api, Automaton, Constrained, ConstrainedBase, StringCheck};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, ToTokens};
use serde_json::Value;

/// A checked type: an alias of `support::Checked` over a rule, and the
/// rule's `check`. The rule's own unit struct goes into the `rules` module
/// (see [`rules_module`]), so the type keeps the name the spec gives it.
pub(super) fn constrained_def(api: &Api, name: &Ident, c: &Constrained, doc: &TokenStream) -> TokenStream {
    let subject = &c.subject;
    let option = |value: Option<u64>| match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    };
    let mut pattern_static = None;
    let (value_type, checks): (TokenStream, Vec<TokenStream>) = match &c.base {
        ConstrainedBase::String { min_length, max_length, pattern, format } => {
            let (min, max) = (option(*min_length), option(*max_length));
            let length_check = (min_length.is_some() || max_length.is_some())
                .then(|| quote!(crate::support::check_length(#subject, value, #min, #max)));
            pattern_static = pattern.as_ref().map(|pattern| {
                let automaton = pattern.automaton.as_deref().map(automaton_static);
                let pattern = &pattern.regex;
                quote! {
                    static PATTERN: std::sync::LazyLock<regex::Regex> =
                        std::sync::LazyLock::new(|| regex::Regex::new(#pattern).expect("the generator checked this pattern"));
                    #automaton
                }
            });
            let pattern_check = pattern.as_ref().map(|pattern| {
                // The message quotes the spec's pattern, however the regex reads it.
                let shown = if pattern.regex == pattern.source {
                    quote!(PATTERN.as_str())
                } else {
                    let source = &pattern.source;
                    quote!(#source)
                };
                let matched = match pattern.run {
                    // One class over the whole text: an ASCII text is scanned.
                    Some(run) => {
                        let ascii: TokenStream = format!("0x{:032x}", run.ascii).parse().expect("a literal");
                        let min = run.min as usize;
                        let max = match run.max {
                            Some(max) => {
                                let max = max as usize;
                                quote!(#max)
                            }
                            None => quote!(usize::MAX),
                        };
                        quote!(crate::support::class_run(value, #ascii, #min, #max).unwrap_or_else(|| PATTERN.is_match(value)))
                    }
                    // A sequence of classes: an ASCII text runs through its automaton.
                    None if pattern.automaton.is_some() => {
                        quote!(AUTOMATON.run(value).unwrap_or_else(|| PATTERN.is_match(value)))
                    }
                    None => quote!(PATTERN.is_match(value)),
                };
                quote!(crate::support::check_pattern(#subject, #matched, #shown))
            });
            let format_check = format.map(|format| match format {
                StringCheck::Email => quote!(crate::support::check_email(#subject, value)),
                StringCheck::Uri => quote!(crate::support::check_uri(#subject, value)),
                StringCheck::Uuid => {
                    quote!(crate::support::check_format(#subject, uuid::Uuid::parse_str(value).is_ok(), "uuid"))
                }
                StringCheck::DateTime => quote!(crate::support::check_format(
                    #subject,
                    chrono::DateTime::parse_from_rfc3339(value).is_ok(),
                    "date-time"
                )),
                // `YYYY-MM-DD` scanned; other text of ten characters as chrono reads it.
                StringCheck::Date => quote!(crate::support::check_format(
                    #subject,
                    crate::support::date_shape(value).unwrap_or_else(|| {
                        chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() && value.len() == 10
                    }),
                    "date"
                )),
                StringCheck::Byte => quote!(crate::support::check_format(
                    #subject,
                    crate::support::Base64::is_valid(value),
                    "byte"
                )),
            });
            (quote!(String), [length_check, pattern_check, format_check].into_iter().flatten().collect())
        }
        ConstrainedBase::Integer { wide, minimum, maximum, allowed } => {
            let literal =
                |value: i64| if *wide { Literal::i64_unsuffixed(value) } else { Literal::i32_unsuffixed(value as i32) };
            let bound = |bound: &Option<crate::model::Bound<i64>>| {
                bound.as_ref().map(|b| {
                    let (value, exclusive) = (literal(b.value), b.exclusive);
                    quote!((#value, #exclusive))
                })
            };
            let inner = if *wide { quote!(i64) } else { quote!(i32) };
            let literals = allowed.iter().map(|v| literal(*v));
            (inner, number_checks(subject, bound(minimum), bound(maximum), literals.collect()))
        }
        ConstrainedBase::Number { minimum, maximum, allowed } => {
            let bound = |bound: &Option<crate::model::Bound<f64>>| {
                bound.as_ref().map(|b| {
                    let (value, exclusive) = (Literal::f64_unsuffixed(b.value), b.exclusive);
                    quote!((#value, #exclusive))
                })
            };
            let literals = allowed.iter().map(|v| Literal::f64_unsuffixed(*v));
            (quote!(f64), number_checks(subject, bound(minimum), bound(maximum), literals.collect()))
        }
        ConstrainedBase::Value { allowed } => {
            let allowed = allowed.iter().map(json_tokens);
            (
                quote!(serde_json::Value),
                vec![
                    quote!(crate::support::check_allowed(#subject, value.clone(), &[#(serde_json::json!(#allowed)),*])),
                ],
            )
        }
        ConstrainedBase::Array { items, min_items, max_items } => {
            let item = rust_type(api, items);
            let (min, max) = (option(*min_items), option(*max_items));
            (quote!(Vec<#item>), vec![quote!(crate::support::check_items(#subject, value.len(), #min, #max))])
        }
    };
    let type_name = name.to_string();
    // The last check is the result; those before it stop at their error.
    let body = match checks.split_last() {
        Some((last, first)) => quote!(#(#first?;)* #last),
        None => quote!(Ok(())),
    };
    // A secret with no constraint checks nothing.
    let parameter = if checks.is_empty() { quote!(_value) } else { quote!(value) };
    let secret = c.secret.then(|| {
        quote!(
            const SECRET: bool = true;
        )
    });
    quote! {
        #doc
        pub type #name = crate::support::Checked<rules::#name>;

        impl crate::support::Rule for rules::#name {
            type Value = #value_type;
            const NAME: &'static str = #type_name;
            #secret

            fn check(#parameter: &Self::Value) -> Result<(), crate::support::ConstraintError> {
                #pattern_static
                #body
            }
        }
    }
}

/// `pub mod rules`: the unit struct behind each checked type, named after it.
pub(super) fn rules_module(names: &[Ident]) -> TokenStream {
    if names.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The rules behind the checked types of this API, one unit struct per
        /// type and named after it: `UserName = Checked<rules::UserName>`.
        pub mod rules {
            #(pub struct #names;)*
        }
    }
}

/// `check_range` for the bounds given (each `(limit, exclusive)`), `check_allowed` for an `enum`.
fn number_checks(
    subject: &str,
    min: Option<TokenStream>,
    max: Option<TokenStream>,
    allowed: Vec<Literal>,
) -> Vec<TokenStream> {
    let range_check = (min.is_some() || max.is_some()).then(|| {
        let optional = |bound: Option<TokenStream>| match bound {
            Some(bound) => quote!(Some(#bound)),
            None => quote!(None),
        };
        let (min, max) = (optional(min), optional(max));
        quote!(crate::support::check_range(#subject, *value, #min, #max))
    });
    let allowed_check =
        (!allowed.is_empty()).then(|| quote!(crate::support::check_allowed(#subject, *value, &[#(#allowed),*])));
    [range_check, allowed_check].into_iter().flatten().collect()
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

/// `static AUTOMATON`, the automaton a pattern runs on ASCII text.
fn automaton_static(automaton: &Automaton) -> TokenStream {
    let bytes = |bytes: &[u8]| -> Vec<proc_macro2::Literal> {
        bytes.iter().map(|&byte| proc_macro2::Literal::u8_unsuffixed(byte)).collect()
    };
    let (columns, table) = (bytes(&automaton.columns), bytes(&automaton.table));
    let width = proc_macro2::Literal::usize_unsuffixed(usize::from(automaton.width));
    let accepting: TokenStream = format!("0x{:x}", automaton.accepting).parse().expect("a literal");
    quote! {
        static AUTOMATON: crate::support::Automaton = crate::support::Automaton {
            columns: [#(#columns),*],
            width: #width,
            table: &[#(#table),*],
            accepting: #accepting,
        };
    }
}
