//! The run-time support module, a real Rust file (`generator/runtime/support.rs`)
//! compiled as part of every generated crate.

use super::Module;
use quote::quote;

const SOURCE: &str = include_str!("../../runtime/support.rs");

pub(super) fn module() -> Module {
    let file = syn::parse_file(SOURCE).expect("runtime/support.rs is valid Rust");
    Module {
        path: vec!["support".to_owned()],
        declaration: quote!(pub),
        items: quote!(#file),
        source: "generator/runtime/support.rs".to_owned(),
    }
}
