//! Which crates the emitted code uses, found by reading the emitted tokens
//! rather than guessed from the model, so the manifest cannot drift from the
//! code: a crate is a dependency exactly when some path starts with its name.

use crate::emit::Feature;
use proc_macro2::{Spacing, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};

/// A crate generated code may use, and how the manifest asks for it.
pub(super) struct Catalogued {
    pub(super) name: &'static str,
    /// The package's name on crates.io, where it is not `name`
    /// (`futures-core`, named `futures_core` in code).
    pub(super) package: Option<&'static str>,
    pub(super) version: &'static str,
    pub(super) default_features: bool,
    /// Features needed whenever the crate is used at all.
    pub(super) features: &'static [&'static str],
    /// `(module, feature)`: a path through `name::module` needs `feature`.
    pub(super) module_features: &'static [(&'static str, &'static str)],
}

/// Every crate the emitted code may name, by name. Versions match the
/// workspace's lock file, so the repository's own crate and a user's build alike.
pub(super) const CATALOGUE: &[Catalogued] = &[
    Catalogued {
        name: "axum",
        package: None,
        version: "0.8",
        default_features: false,
        features: &["http1", "json", "query", "tokio"],
        module_features: &[],
    },
    Catalogued {
        name: "bytes",
        package: None,
        version: "1",
        default_features: true,
        features: &[],
        module_features: &[],
    },
    Catalogued {
        name: "chrono",
        package: None,
        version: "0.4",
        default_features: false,
        features: &["std", "serde"],
        module_features: &[],
    },
    Catalogued {
        name: "futures_core",
        package: Some("futures-core"),
        version: "0.3",
        default_features: false,
        features: &["std"],
        module_features: &[],
    },
    Catalogued {
        name: "futures_util",
        package: Some("futures-util"),
        version: "0.3",
        default_features: false,
        features: &[],
        module_features: &[],
    },
    Catalogued {
        name: "http_body",
        package: Some("http-body"),
        version: "1",
        default_features: true,
        features: &[],
        module_features: &[],
    },
    Catalogued {
        name: "http_body_util",
        package: Some("http-body-util"),
        version: "0.1",
        default_features: true,
        features: &[],
        module_features: &[],
    },
    Catalogued {
        name: "regex",
        package: None,
        version: "1",
        default_features: true,
        features: &[],
        module_features: &[],
    },
    Catalogued {
        name: "reqwest",
        package: None,
        version: "0.12",
        default_features: false,
        features: &["rustls-tls-webpki-roots"],
        module_features: &[("multipart", "multipart")],
    },
    Catalogued {
        name: "serde",
        package: None,
        version: "1",
        default_features: true,
        features: &["derive"],
        module_features: &[],
    },
    Catalogued {
        name: "serde_json",
        package: None,
        version: "1",
        default_features: true,
        features: &[],
        module_features: &[],
    },
    Catalogued {
        name: "serde_urlencoded",
        package: None,
        version: "0.7",
        default_features: true,
        features: &[],
        module_features: &[],
    },
    Catalogued {
        name: "serde_path_to_error",
        package: None,
        version: "0.1",
        default_features: true,
        features: &[],
        module_features: &[],
    },
    Catalogued {
        name: "sse_stream",
        package: Some("sse-stream"),
        version: "0.3",
        default_features: false,
        features: &[],
        module_features: &[],
    },
    Catalogued {
        name: "sync_wrapper",
        package: None,
        version: "1",
        default_features: false,
        features: &[],
        module_features: &[],
    },
    Catalogued {
        name: "tokio",
        package: None,
        version: "1",
        default_features: true,
        features: &[],
        module_features: &[("net", "net"), ("sync", "sync"), ("time", "time")],
    },
    Catalogued {
        name: "tracing",
        package: None,
        version: "0.1",
        default_features: false,
        features: &["std"],
        module_features: &[],
    },
    Catalogued {
        name: "uuid",
        package: None,
        version: "1",
        default_features: true,
        features: &["serde"],
        module_features: &[],
    },
];

/// Where a crate is used: `None` is code that every build compiles.
pub(crate) type Usage = BTreeMap<&'static str, BTreeMap<Option<Feature>, BTreeSet<&'static str>>>;

/// Adds to `usage` the catalogued crates `tokens` name, with the features
/// each use needs, under `feature`: the cargo feature of their module.
pub(crate) fn crates_used(feature: Option<Feature>, tokens: TokenStream, usage: &mut Usage) {
    scan(tokens, &mut |krate, next| {
        let features = usage.entry(krate.name).or_default().entry(feature).or_default();
        features.extend(krate.features.iter().copied());
        if let Some((_, feature)) = krate.module_features.iter().find(|(module, _)| Some(*module) == next) {
            features.insert(feature);
        }
    });
}

/// Calls `found` for every path `krate::next…` whose first segment is a
/// catalogued crate; a segment after `::` or `.` is not a crate.
fn scan(tokens: TokenStream, found: &mut impl FnMut(&'static Catalogued, Option<&str>)) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => scan(group.stream(), found),
            TokenTree::Ident(ident) => {
                let is_path_separator = |first: Option<&TokenTree>, second: Option<&TokenTree>| {
                    matches!((first, second), (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                        if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
                };
                let before = |back: usize| index.checked_sub(back).map(|i| &tokens[i]);
                let after_path = is_path_separator(before(2), before(1))
                    || matches!(before(1), Some(TokenTree::Punct(p)) if p.as_char() == '.');
                let starts_path = is_path_separator(tokens.get(index + 1), tokens.get(index + 2));
                if after_path || !starts_path {
                    continue;
                }
                // Compared in place: most paths start with `crate`, `std`, `support`.
                if let Some(krate) = CATALOGUE.iter().find(|krate| ident == krate.name) {
                    let next = match tokens.get(index + 3) {
                        Some(TokenTree::Ident(next)) => Some(next.to_string()),
                        _ => None,
                    };
                    found(krate, next.as_deref());
                }
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn finds_crate_paths_and_the_features_their_modules_need() {
        let mut usage = Usage::new();
        crates_used(
            None,
            quote!(
                #[derive(serde::Serialize)]
                struct A {
                    id: uuid::Uuid,
                    at: self::chrono::X,
                }
            ),
            &mut usage,
        );
        crates_used(
            Some(Feature::Client),
            quote!(async fn f() { tokio::time::sleep(d).await; x.regex::y(); }),
            &mut usage,
        );
        assert_eq!(usage.keys().copied().collect::<Vec<_>>(), ["serde", "tokio", "uuid"]);
        assert_eq!(usage["serde"][&None], BTreeSet::from(["derive"]));
        assert_eq!(usage["tokio"][&Some(Feature::Client)], BTreeSet::from(["time"]));
        assert!(!usage["uuid"].contains_key(&Some(Feature::Client)));
    }
}
