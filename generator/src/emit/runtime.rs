//! The run-time modules: real Rust files under `generator/runtime/support/`,
//! copied into every generated crate as its `support` module, file for file.

use super::module::{whole, Declaration, Feature, Module, Part};
use proc_macro2::TokenStream;

/// One file of the run-time: where it stands under `generator/runtime/`
/// (and, but for `mod.rs`, under the generated crate's `src/`), and its text.
struct Source {
    path: &'static str,
    text: &'static str,
}

macro_rules! sources {
    ($($path:literal),* $(,)?) => {
        &[$(Source { path: $path, text: include_str!(concat!("../../runtime/", $path)) }),*]
    };
}

/// `support` and its parts, shared by every API module.
const SUPPORT: &[Source] = sources![
    "support/mod.rs",
    "support/base64.rs",
    "support/builder.rs",
    "support/checked.rs",
    "support/constraints.rs",
    "support/fields.rs",
    "support/json_path.rs",
    "support/nullable.rs",
    "support/object.rs",
    "support/one_of.rs",
    "support/responses.rs",
    "support/strict.rs",
    "support/string_enum.rs",
    "support/wire.rs",
];

/// `support::server`, for the `server` feature.
const SERVER: &[Source] = sources![
    "support/server/mod.rs",
    "support/server/answers.rs",
    "support/server/bodies.rs",
    "support/server/form.rs",
    "support/server/parameters.rs",
    "support/server/query.rs",
    "support/server/rejection.rs",
    "support/server/routing.rs",
    "support/server/templates.rs",
    "support/server/urlencoded.rs",
];

/// `support::client`, for the `client` feature.
const CLIENT: &[Source] = sources![
    "support/client/mod.rs",
    "support/client/answer.rs",
    "support/client/connection.rs",
    "support/client/encoding.rs",
    "support/client/error.rs",
    "support/client/hooks.rs",
    "support/client/pages.rs",
    "support/client/request.rs",
    "support/client/retry.rs",
    "support/client/urlencoded.rs",
];

/// `support::mock`, for the `mock` feature.
const MOCK: &[Source] = sources!["support/mock.rs"];

/// `support::trace`, for the `tracing` feature: the spans the client and
/// the server open (each names it only under that feature).
const TRACE: &[Source] = sources!["support/trace.rs"];

/// Server-sent events, where some operation answers them: `support::events`
/// and how each side sends and reads them.
const EVENTS: &[Source] = sources!["support/events.rs"];
const SERVER_EVENTS: &[Source] = sources!["support/server/events.rs"];
const CLIENT_EVENTS: &[Source] = sources!["support/client/events.rs"];

/// Binary bodies, where some operation takes or answers one:
/// `support::binary::Binary` and how each side streams it.
const BINARY: &[Source] = sources!["support/binary.rs"];
const SERVER_BINARY: &[Source] = sources!["support/server/binary.rs"];
const CLIENT_BINARY: &[Source] = sources!["support/client/binary.rs"];
/// Date and date-time fields read and written faster, where some struct has one.
const DATES: &[Source] = sources!["support/dates.rs"];
/// How the client sends a multipart form's file parts, where some form has one.
const CLIENT_FILES: &[Source] = sources!["support/client/files.rs"];

/// Which optional parts of the run-time a crate needs.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Needs {
    /// Some API has operations to serve or call.
    pub(super) operations: bool,
    /// Some operation answers server-sent events.
    pub(super) events: bool,
    /// Some operation takes or answers a binary body, or some form has a
    /// file part (which may be a stream).
    pub(super) binary: bool,
    /// Some multipart form has a file part.
    pub(super) files: bool,
    /// Some struct has a date or date-time field (`support::dates`).
    pub(super) dates: bool,
}

/// `support`, and its feature-gated children when some API has operations
/// to serve or call; the support of server-sent events and binary bodies
/// where an operation has them.
pub(super) fn modules(needs: Needs) -> Vec<Module<'static>> {
    let mut modules = Vec::new();
    add(&mut modules, SUPPORT, Declaration::Public, None);
    if needs.operations {
        add(&mut modules, SERVER, Declaration::Gated(Feature::Server), Some(Feature::Server));
        add(&mut modules, CLIENT, Declaration::Gated(Feature::Client), Some(Feature::Client));
        add(&mut modules, MOCK, Declaration::Gated(Feature::Mock), Some(Feature::Mock));
        add(&mut modules, TRACE, Declaration::Gated(Feature::Tracing), Some(Feature::Tracing));
    }
    if needs.events {
        add(&mut modules, EVENTS, Declaration::Public, None);
        add(&mut modules, SERVER_EVENTS, Declaration::Private, Some(Feature::Server));
        add(&mut modules, CLIENT_EVENTS, Declaration::Private, Some(Feature::Client));
    }
    if needs.binary {
        add(&mut modules, BINARY, Declaration::Public, None);
        add(&mut modules, SERVER_BINARY, Declaration::Public, Some(Feature::Server));
        add(&mut modules, CLIENT_BINARY, Declaration::Private, Some(Feature::Client));
    }
    if needs.files {
        add(&mut modules, CLIENT_FILES, Declaration::Private, Some(Feature::Client));
    }
    if needs.dates {
        add(&mut modules, DATES, Declaration::Public, None);
    }
    modules
}

/// The module of `sources`' `mod.rs`, declared as `declaration`, and a
/// private module for each of its other files; all compiled under `feature`.
fn add(
    modules: &mut Vec<Module<'static>>,
    sources: &'static [Source],
    declaration: Declaration,
    feature: Option<Feature>,
) {
    for (index, source) in sources.iter().enumerate() {
        let path = source.path.strip_suffix(".rs").expect("a run-time file is Rust");
        let path: Vec<String> = path.split('/').filter(|&segment| segment != "mod").map(str::to_owned).collect();
        modules.push(Module {
            path,
            declaration: if index == 0 { declaration } else { Declaration::Private },
            feature,
            parts: parse(source),
            text: Some(source.text),
            source: format!("generator/runtime/{}", source.path),
        });
    }
}

/// Lexed, not parsed: written as it is, the tokens only tell which crates
/// the code names (or nest it into one file for a `build.rs`).
fn parse(source: &'static Source) -> Vec<Part<'static>> {
    whole(move || {
        source
            .text
            .parse::<TokenStream>()
            .unwrap_or_else(|error| panic!("runtime/{} is not valid Rust: {error}", source.path))
    })
}
