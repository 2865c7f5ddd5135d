//! Forms. Multipart: the form type (one field per part), the client's
//! `reqwest::multipart::Form` built from it, and the server's reading of
//! the parts back into it. URL-encoded: how each property travels, which
//! the client's writer and the server's reader are given.

use super::tokens::{ident, rust_type};
use crate::model::{Api, Form, FormField, FormStyle, PartKind, TypeKind, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The form a body type is, when it is one.
pub(super) fn form_of<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a Form> {
    match ty {
        TypeRef::Named(id) => match &api.types[*id].kind {
            TypeKind::Form(form) => Some(form),
            _ => None,
        },
        _ => None,
    }
}

/// The form's struct.
pub(super) fn form_def(api: &Api, name: &Ident, form: &Form, description: Option<&str>) -> TokenStream {
    let fields = form.parts.iter().map(|part| {
        let field = ident(&part.rust_name);
        let text = match &part.doc {
            Some(description) => format!(" `{}` part: {description}", part.wire_name),
            None => format!(" `{}` part.", part.wire_name),
        };
        let ty = match &part.kind {
            PartKind::File => quote!(crate::support::FilePart),
            PartKind::Files => quote!(Vec<crate::support::FilePart>),
            PartKind::Text(ty) | PartKind::Json(ty) => rust_type(api, ty),
            PartKind::Texts(item) => {
                let item = rust_type(api, item);
                quote!(Vec<#item>)
            }
        };
        let ty = match (&part.kind, part.required) {
            (PartKind::Files, _) | (_, true) => ty,
            (_, false) => quote!(Option<#ty>),
        };
        quote!(#[doc = #text] pub #field: #ty,)
    });
    let about = "A `multipart/form-data` body: each field is one part (a list of files, one part each).";
    let doc = super::doc::outer(Some(&match description {
        Some(description) => format!("{description}\n\n{about}"),
        None => about.to_owned(),
    }));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// Whether some multipart form of `api` has a file part: the run-time's
/// file parts (which may be streams) are then in the crate.
pub(super) fn has_files(api: &Api) -> bool {
    api.types.iter().any(|def| match &def.kind {
        TypeKind::Form(form) => form.parts.iter().any(|part| matches!(part.kind, PartKind::File | PartKind::Files)),
        _ => false,
    })
}

/// The client's request with `body` (a `&Form`) as its multipart body, or
/// why a part could not be encoded.
pub(super) fn encode(form: &Form) -> TokenStream {
    let invalid = quote!(|error| support::ClientError::InvalidRequest(error.to_string()));
    let steps = form.parts.iter().map(|part| {
        let field = ident(&part.rust_name);
        let wire = &part.wire_name;
        let add = match &part.kind {
            PartKind::File | PartKind::Files => quote!(form.part(#wire, value.to_multipart()?)),
            PartKind::Text(_) => quote!(form.text(#wire, value.to_string())),
            PartKind::Texts(_) => quote! {
                {
                    for item in value {
                        form = form.text(#wire, item.to_string());
                    }
                    form
                }
            },
            PartKind::Json(_) => quote! {
                form.part(#wire, reqwest::multipart::Part::text(serde_json::to_string(value).map_err(#invalid)?).mime_str("application/json").map_err(#invalid)?)
            },
        };
        match (&part.kind, part.required) {
            (PartKind::Files, _) => quote!(for value in &body.#field { form = #add; }),
            (_, true) => quote!({ let value = &body.#field; form = #add; }),
            (_, false) => quote!(if let Some(value) = &body.#field { form = #add; }),
        }
    });
    quote! {
        let mut form = reqwest::multipart::Form::new();
        #(#steps)*
        Ok(request.multipart(form))
    }
}

/// The server's reading of a multipart body into the form `name`, or the rejection.
pub(super) fn read(name: &TokenStream, form: &Form) -> TokenStream {
    let fields = form.parts.iter().map(|part| {
        let field = ident(&part.rust_name);
        let wire = &part.wire_name;
        let value = match (&part.kind, part.required) {
            (PartKind::File, true) => quote!(fields.file(#wire)?),
            (PartKind::File, false) => quote!(fields.optional_file(#wire)),
            (PartKind::Files, _) => quote!(fields.files(#wire)),
            (PartKind::Text(_), true) => quote!(fields.text(#wire)?),
            (PartKind::Text(_), false) => quote!(fields.optional_text(#wire)?),
            (PartKind::Texts(_), true) => quote!(fields.texts(#wire)?),
            (PartKind::Texts(_), false) => quote!(fields.optional_texts(#wire)?),
            (PartKind::Json(_), true) => quote!(fields.json(#wire)?),
            (PartKind::Json(_), false) => quote!(fields.optional_json(#wire)?),
        };
        quote!(#field: #value,)
    });
    quote! {
        {
            let (content_type, bytes) = support::raw(&parts.headers, &body, "multipart/form-data")?;
            let fields = support::FormFields::parse(&content_type, &bytes)?;
            #name { #(#fields)* }
        }
    }
}

/// The properties of a URL-encoded form body that do not travel as plain
/// pairs, as the run-time's `&[(&str, support::FormStyle)]`.
pub(super) fn urlencoded_styles(fields: &[FormField]) -> TokenStream {
    let fields = fields.iter().map(|field| {
        let name = &field.wire_name;
        let style = match &field.style {
            FormStyle::Joined(separator) => quote!(Joined(#separator)),
            FormStyle::Deep => quote!(Deep),
            FormStyle::Spread(keys) => quote!(Spread(&[#(#keys),*])),
        };
        quote!((#name, support::FormStyle::#style))
    });
    quote!(&[#(#fields),*])
}
