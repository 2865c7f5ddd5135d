//! The `Credentials` enum of an API, one variant per security scheme,
//! shared by its server (which parses them) and client (which sends them).

use super::doc;
use super::tokens::ident;
use crate::model::{Api, KeyLocation, SchemeKind};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn items(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() {
        return TokenStream::new();
    }
    let mut variants = Vec::new();
    let mut debug_arms = Vec::new();
    let mut scheme_arms = Vec::new();
    for scheme in &api.security_schemes {
        let variant = ident(&scheme.rust_name);
        let label = format!("{}(<redacted>)", scheme.rust_name);
        let text = match &scheme.doc {
            Some(description) => format!("`{}`: {description}", scheme.name),
            None => format!("`{}`", scheme.name),
        };
        let scheme_doc = doc::outer(Some(&text));
        let fields = match &scheme.kind {
            SchemeKind::Basic => quote!({ username: String, password: String }),
            SchemeKind::Bearer => quote!({ token: String }),
            SchemeKind::ApiKey { location, name } => {
                let field_doc = match location {
                    KeyLocation::Header => format!(" The whole `{name}` header value."),
                    KeyLocation::Query => format!(" The `{name}` query parameter."),
                    KeyLocation::Cookie => format!(" The `{name}` cookie."),
                };
                quote!({ #[doc = #field_doc] value: String })
            }
        };
        variants.push(quote!(#scheme_doc #variant #fields,));
        debug_arms.push(quote!(Self::#variant { .. } => f.write_str(#label),));
        let name = &scheme.name;
        scheme_arms.push(quote!(Self::#variant { .. } => #name,));
    }
    quote! {
        /// Credentials, by security scheme. A server hands them to its handler,
        /// which decides whether they are valid; a client sends them. `Debug`
        /// never shows them.
        #[derive(Clone, PartialEq, Eq)]
        pub enum Credentials {
            #(#variants)*
        }

        impl Credentials {
            /// The security scheme they are for, by its name in the spec.
            pub fn scheme(&self) -> &'static str {
                match self {
                    #(#scheme_arms)*
                }
            }
        }

        impl std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#debug_arms)*
                }
            }
        }
    }
}
