//! Emission: each API's model into Rust modules, built with `quote!` (a
//! [`Module`] of [`Part`]s each, see `module.rs`), and the run-time modules
//! copied in (`runtime.rs`). `render` formats them and writes the manifest;
//! `write` puts the files on disk, or `render` nests them into one file for
//! a `build.rs`. Shared helpers: `tokens.rs` (Rust names and types of the
//! model), `doc.rs` (doc comments); every other file is one artefact.

mod builders;
mod client;
mod constrained;
mod contract;
mod credentials;
mod defaults;
mod doc;
mod examples;
mod form;
mod json;
mod mock;
mod module;
mod operations;
mod pager;
mod runtime;
mod samples;
mod server;
mod server_operations;
mod tokens;
mod types;

pub(crate) use contract::test_file as contract_test;
pub(crate) use examples::test_file as examples_test;
pub use module::Feature;
pub(crate) use module::{child_declarations, Module};

use crate::model::Api;
use module::{whole, Declaration};
use quote::quote;
use std::collections::BTreeSet;

/// Every module of a crate holding `apis`, read from `spec_dir` (e.g.
/// `spec/`), but those of the features in `omitted`.
pub(crate) fn crate_modules<'a>(apis: &'a [Api], spec_dir: &str, omitted: &BTreeSet<Feature>) -> Vec<Module<'a>> {
    let mut modules = all_modules(apis, spec_dir, omitted);
    modules.retain(|module| module.feature.is_none_or(|feature| !omitted.contains(&feature)));
    modules
}

fn all_modules<'a>(apis: &'a [Api], spec_dir: &str, omitted: &BTreeSet<Feature>) -> Vec<Module<'a>> {
    let mut modules = vec![root_module(spec_dir, omitted)];
    let files = apis.iter().any(form::has_files);
    let needs = runtime::Needs {
        operations: apis.iter().any(|api| !api.operations.is_empty()),
        events: apis.iter().flat_map(|api| &api.operations).any(operations::streams),
        binary: apis.iter().flat_map(|api| &api.operations).any(operations::has_binary) || files,
        files,
        dates: apis.iter().any(json::has_date_field),
    };
    modules.extend(runtime::modules(needs));
    for api in apis {
        let doc = api_doc(api);
        // A spec with no schema, operation or security scheme has no types
        // (a glob import of nothing would be an unused import).
        let has_types = !api.types.is_empty() || !api.operations.is_empty() || !api.security_schemes.is_empty();
        modules.push(Module {
            path: vec![api.module.clone()],
            declaration: Declaration::Public,
            feature: None,
            parts: whole(move || {
                let doc = doc::inner(Some(&doc));
                let types = has_types.then(|| {
                    quote!(
                        pub use self::types::*;
                    )
                });
                quote! {
                    #doc
                    #types
                }
            }),
            source: api.source.clone(),
            text: None,
        });
        if has_types {
            modules.push(Module {
                path: vec![api.module.clone(), "types".to_owned()],
                declaration: Declaration::Private,
                feature: None,
                parts: types::parts(api),
                source: api.source.clone(),
                text: None,
            });
        }
        if json::needed(api) {
            modules.push(Module {
                path: vec![api.module.clone(), "json".to_owned()],
                declaration: Declaration::Private,
                feature: None,
                parts: json::parts(api),
                source: api.source.clone(),
                text: None,
            });
        }
        if builders::needed(api) {
            modules.push(Module {
                path: vec![api.module.clone(), "builders".to_owned()],
                declaration: Declaration::PrivateGated(Feature::Builders),
                feature: Some(Feature::Builders),
                parts: builders::parts(api),
                source: api.source.clone(),
                text: None,
            });
        }
        if !api.operations.is_empty() {
            modules.push(Module {
                path: vec![api.module.clone(), "server".to_owned()],
                declaration: Declaration::Gated(Feature::Server),
                feature: Some(Feature::Server),
                parts: server::parts(api),
                source: api.source.clone(),
                text: None,
            });
            modules.push(Module {
                path: vec![api.module.clone(), "client".to_owned()],
                declaration: Declaration::Gated(Feature::Client),
                feature: Some(Feature::Client),
                parts: client::parts(api),
                source: api.source.clone(),
                text: None,
            });
            modules.push(Module {
                path: vec![api.module.clone(), "mock".to_owned()],
                declaration: Declaration::Gated(Feature::Mock),
                feature: Some(Feature::Mock),
                parts: mock::parts(api),
                source: api.source.clone(),
                text: None,
            });
        }
    }
    modules
}

fn api_doc(api: &Api) -> String {
    match &api.description {
        Some(description) => format!("{}\n\n{}", api.title, description.trim_end()),
        None => api.title.clone(),
    }
}

fn root_module(spec_dir: &str, omitted: &BTreeSet<Feature>) -> Module<'static> {
    let doc = format!("Types for the APIs described in `{spec_dir}`, generated by `generator`.");
    // `support::responses!` implements the client's and the server's
    // traits under their features, which a crate generated without one
    // does not declare.
    let omitted: Vec<&str> = omitted
        .iter()
        .filter(|feature| matches!(feature, Feature::Server | Feature::Client))
        .map(|feature| feature.name())
        .collect();
    let note = (!omitted.is_empty())
        .then(|| format!(" Generated without the `{}` code: its feature is not declared.", omitted.join("` and `")));
    Module {
        path: Vec::new(),
        declaration: Declaration::Private,
        feature: None,
        parts: whole(move || {
            let doc = doc::inner(Some(&doc));
            let allow = note.as_ref().map(|note| quote!(#![doc = ""] #![doc = #note] #![allow(unexpected_cfgs)]));
            quote!(#doc #allow)
        }),
        source: spec_dir.to_owned(),
        text: None,
    }
}
