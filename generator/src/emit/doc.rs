//! Doc comments from spec descriptions.

use proc_macro2::TokenStream;
use quote::quote;

/// `///` lines for an item.
pub(crate) fn outer(text: Option<&str>) -> TokenStream {
    lines(text).map(|line| quote!(#[doc = #line])).collect()
}

/// The empty `///` line between a spec's description and what follows
/// it; nothing when there is no description.
pub(crate) fn paragraph_break(doc: &TokenStream) -> TokenStream {
    if doc.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[doc = ""])
    }
}

/// `//!` lines for a module.
pub(crate) fn inner(text: Option<&str>) -> TokenStream {
    lines(text).map(|line| quote!(#![doc = #line])).collect()
}

fn lines(text: Option<&str>) -> impl Iterator<Item = String> {
    // A bare carriage return is not allowed in a doc comment: every line end becomes `\n`.
    let text = text.map(|text| text.trim_end().replace("\r\n", "\n").replace('\r', "\n"));
    let lines: Vec<String> = text.iter().flat_map(|text| text.lines().map(str::to_owned)).collect();
    lines.into_iter().map(|line| {
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
