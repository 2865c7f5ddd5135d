//! The shape of emitted output: a crate is a list of [`Module`]s, each
//! built in [`Part`]s on demand, declared by its parent, perhaps behind a
//! cargo [`Feature`]. `render` formats them; nothing here knows the model.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// One module of the generated crate. Its items are built on demand, when
/// its file is formatted, so no file's tokens outlive its text.
pub(crate) struct Module<'a> {
    /// Path from the crate root: `["awx", "types"]`; empty for the root.
    pub(crate) path: Vec<String>,
    /// How its parent declares it.
    pub(crate) declaration: Declaration,
    /// The cargo feature that compiles it (its own or a parent's), if any.
    pub(crate) feature: Option<Feature>,
    /// Builders of its inner attributes and items, a part each: a part's
    /// tokens are built just before it is formatted and dropped after
    /// (GitHub's types are 130,000 lines), and the parts of every module
    /// are shared out among the threads that format them.
    pub(crate) parts: Vec<Part<'a>>,
    /// The file's text as written by hand (the run-time modules): copied
    /// as it is, comments and layout kept, rather than formatted from
    /// `parts`, which stay for nesting it into one file.
    pub(crate) text: Option<&'static str>,
    /// The spec it comes from, named in the `@generated` header.
    pub(crate) source: String,
}

/// A builder of one part of a module's items; `Sync`, so parts are
/// formatted on several threads at once.
pub(crate) type Part<'a> = Box<dyn Fn() -> TokenStream + Sync + 'a>;

/// The items of a module built in one part.
pub(crate) fn whole<'a>(build: impl Fn() -> TokenStream + Sync + 'a) -> Vec<Part<'a>> {
    vec![Box::new(build)]
}

/// A part per `size` of `items`, each built by `build` from its share.
pub(super) fn chunked<'a, T: Copy + Sync + 'a>(
    items: &[T],
    size: usize,
    build: impl Fn(&[T]) -> TokenStream + Copy + Sync + 'a,
) -> Vec<Part<'a>> {
    items
        .chunks(size)
        .map(|chunk| {
            let chunk = chunk.to_vec();
            Box::new(move || build(&chunk)) as Part<'a>
        })
        .collect()
}

/// How many types make one part of a large module: small enough that two
/// threads share a large spec's modules evenly.
pub(super) const TYPES_PER_PART: usize = 200;

/// How many operations make one part of a server module.
pub(super) const OPERATIONS_PER_PART: usize = 100;

/// How many operations' methods make one `impl Client` block (and part) of
/// a client module.
pub(super) const METHODS_PER_IMPL: usize = 200;

/// The visibility and attributes of a module's `mod` declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Declaration {
    Private,
    Public,
    /// `#[cfg(feature = "...")] pub`.
    Gated(Feature),
    /// `#[cfg(feature = "...")]`, private.
    PrivateGated(Feature),
}

impl Declaration {
    fn tokens(self) -> TokenStream {
        match self {
            Declaration::Private => TokenStream::new(),
            Declaration::Public => quote!(pub),
            Declaration::Gated(feature) => {
                let name = feature.name();
                quote!(#[cfg(feature = #name)] pub)
            }
            Declaration::PrivateGated(feature) => {
                let name = feature.name();
                quote!(#[cfg(feature = #name)])
            }
        }
    }
}

/// The optional parts of a generated crate, one cargo feature each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    Server,
    Client,
    Builders,
    Mock,
    Tracing,
}

impl Feature {
    pub const ALL: [Feature; 5] =
        [Feature::Server, Feature::Client, Feature::Builders, Feature::Mock, Feature::Tracing];

    /// The parts `--emit` chooses among: the others come with them.
    pub const PARTS: [Feature; 4] = [Feature::Server, Feature::Client, Feature::Builders, Feature::Mock];

    /// The cargo feature's name, which `--emit` takes.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Server => "server",
            Feature::Client => "client",
            Feature::Builders => "builders",
            Feature::Mock => "mock",
            Feature::Tracing => "tracing",
        }
    }

    /// The features this one turns on too.
    pub fn requires(self) -> &'static [Feature] {
        match self {
            Feature::Mock => &[Feature::Server],
            Feature::Server | Feature::Client | Feature::Builders | Feature::Tracing => &[],
        }
    }

    /// What the feature gives, for the manifest's comment.
    pub(crate) fn doc(self) -> &'static str {
        match self {
            Feature::Server => "An axum server per API: `<api>::server::{Api, router}`.",
            Feature::Client => "A reqwest client (rustls: no system library) per API: `<api>::client::Client`.",
            Feature::Builders => "`new` and a setter per field for each request's parameters and body structs.",
            Feature::Mock => "A mock server per API, answering the spec's examples: `<api>::mock::{Mock, serve}`.",
            Feature::Tracing => "`tracing` spans of each call and each handled request, named by the operation's id.",
        }
    }
}

impl std::str::FromStr for Feature {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Feature::PARTS.into_iter().find(|feature| feature.name() == name).ok_or_else(|| {
            let names: Vec<&str> = Feature::PARTS.iter().map(|feature| feature.name()).collect();
            format!("unknown part {name:?}; the parts are types (always emitted), {}", names.join(", "))
        })
    }
}

/// The children declared in `parent`'s file.
pub(crate) fn child_declarations(
    modules: &[Module],
    parent: &[String],
    inline: bool,
    render: impl Fn(&Module) -> TokenStream,
) -> TokenStream {
    let mut declarations = TokenStream::new();
    for child in modules.iter().filter(|m| m.path.len() == parent.len() + 1 && m.path.starts_with(parent)) {
        let name = format_ident!("{}", child.path.last().expect("a child has a name"));
        let declaration = child.declaration.tokens();
        if inline {
            let body = render(child);
            declarations.extend(quote!(#declaration mod #name { #body }));
        } else {
            // The files are formatted by prettyplease; `cargo fmt` must leave them be.
            declarations.extend(quote!(#[rustfmt::skip] #declaration mod #name;));
        }
    }
    declarations
}
