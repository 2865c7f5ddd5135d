//! Doc comments from spec descriptions.

use proc_macro2::TokenStream;
use quote::quote;

/// `///` lines for an item.
pub(crate) fn outer(text: Option<&str>) -> TokenStream {
    lines(text).map(|line| quote!(#[doc = #line])).collect()
}

/// `//!` lines for a module.
pub(crate) fn inner(text: Option<&str>) -> TokenStream {
    lines(text).map(|line| quote!(#![doc = #line])).collect()
}

fn lines(text: Option<&str>) -> impl Iterator<Item = String> + '_ {
    text.map(str::trim_end).into_iter().flat_map(str::lines).map(|line| {
        let line = escape_brackets(line.trim_end());
        if line.is_empty() {
            line
        } else {
            format!(" {line}")
        }
    })
}

/// Square brackets in prose would become (broken) intra-doc links; inside
/// `code spans` they are literal already.
fn escape_brackets(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        match c {
            '`' => in_code = !in_code,
            '[' | ']' if !in_code => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
    out
}
