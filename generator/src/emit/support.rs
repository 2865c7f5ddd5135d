//! The run-time support modules, real Rust files under `generator/runtime/`
//! copied into every generated crate.

use super::{whole, Declaration, Feature, Module, Part};
use proc_macro2::TokenStream;

const SUPPORT: &str = include_str!("../../runtime/support.rs");
const SERVER: &str = include_str!("../../runtime/server.rs");
const CLIENT: &str = include_str!("../../runtime/client.rs");

/// `support`, and its feature-gated children when some API has operations
/// to serve or call.
pub(super) fn modules(with_operations: bool) -> Vec<Module<'static>> {
    // Lexed, not parsed: written as it is, the tokens only tell which
    // crates the code names (or nest it into one file for a `build.rs`).
    fn parse(source: &'static str, name: &'static str) -> Vec<Part<'static>> {
        whole(move || {
            source.parse::<TokenStream>().unwrap_or_else(|error| panic!("runtime/{name} is not valid Rust: {error}"))
        })
    }
    let mut modules = vec![Module {
        path: vec!["support".to_owned()],
        declaration: Declaration::Public,
        feature: None,
        parts: parse(SUPPORT, "support.rs"),
        text: Some(SUPPORT),
        source: "generator/runtime/support.rs".to_owned(),
    }];
    if with_operations {
        modules.push(Module {
            path: vec!["support".to_owned(), "server".to_owned()],
            declaration: Declaration::Gated(Feature::Server),
            feature: Some(Feature::Server),
            parts: parse(SERVER, "server.rs"),
            text: Some(SERVER),
            source: "generator/runtime/server.rs".to_owned(),
        });
        modules.push(Module {
            path: vec!["support".to_owned(), "client".to_owned()],
            declaration: Declaration::Gated(Feature::Client),
            feature: Some(Feature::Client),
            parts: parse(CLIENT, "client.rs"),
            text: Some(CLIENT),
            source: "generator/runtime/client.rs".to_owned(),
        });
    }
    modules
}
