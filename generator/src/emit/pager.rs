//! A list operation's pager: `<op>_pages`, a `support::Pages` that asks
//! for each page after the last as the spec's paging says (`model::Paging`),
//! and yields pages or items.

use super::doc;
use super::operations::{type_prefix, variant_name, variant_shape, VariantShape};
use super::tokens::{ident, rust_type};
use crate::model::{Api, Items, NextPage, Operation, Paging, Presence, Status, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `<op>_pages(&params)`: `arguments` are the operation method's, `built`
/// its request built, `builder` the method that builds it from the
/// parameters, `follow` the request of a link.
pub(super) fn pager(
    api: &Api,
    operation: &Operation,
    paging: &Paging,
    (arguments, built): (&[TokenStream], &TokenStream),
    builder: &proc_macro2::Ident,
    follow: impl Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    let Some(item) = item_type(api, operation, paging) else { return TokenStream::new() };
    let response = format_ident!("{}Response", type_prefix(operation));
    let pages_name = format_ident!("{}_pages", operation.method_name);
    let id = &operation.method_name;
    let how = match &paging.next {
        NextPage::LinkField(..) => "following each page's `next` link",
        NextPage::LinkHeader => "following each answer's `Link: <…>; rel=\"next\"`",
        NextPage::Token { .. } => "sending back each page's token",
        NextPage::HasMore { .. } => "after each page's last item while it has more",
        NextPage::Offset { .. } => "moving the offset past each page's items",
    };
    let text = format!(
        "Walks the pages of `Client::{}`, {how}: `next_page().await` gives each answer, `next_item().await` each item across pages. The walk ends after a page that names no next one, or any answer that is not a page.",
        operation.method_name
    );
    let pages_doc = doc::outer(Some(&text));
    let page = page_pattern(operation, &response);
    // A page is the only documented answer of some operations.
    let other = (operation.responses.len() > 1).then(|| quote!(_ => None,));
    let other_back = (operation.responses.len() > 1).then(|| quote!(other => Err(other),));
    let (items_owned, items_slice) = items(paging);
    // What asks again: the parameters changed, the same body if any.
    let (keep, again) = match &operation.body {
        None => (quote!(let mut params = params.clone();), quote!(self.#builder(&params))),
        Some(body) if body.required && !body.admits_null() => {
            (quote!(let (mut params, body) = (params.clone(), body.clone());), quote!(self.#builder(&params, &body)))
        }
        Some(_) => (
            quote!(let (mut params, body) = (params.clone(), body.cloned());),
            quote!(self.#builder(&params, body.as_ref())),
        ),
    };
    let (state, next) = match &paging.next {
        NextPage::LinkField(field, presence) => {
            let field = ident(field);
            // A `String` or a `support::Uri`: its text.
            let link = match presence {
                Presence::OptionalNullable => quote!(page.#field.as_value()),
                Presence::Optional | Presence::RequiredNullable => quote!(page.#field.as_ref()),
                Presence::Required | Presence::Defaulted { .. } => quote!(Some(&page.#field)),
            };
            let follow = follow(quote!(&link));
            let next = quote!(#link.map(ToString::to_string).filter(|link| !link.is_empty()).map(|link| #follow));
            (TokenStream::new(), quote!(|response, _| match response { #page => #next, #other }))
        }
        NextPage::LinkHeader => {
            let follow = follow(quote!(&link));
            let page = page_pattern_ignored(operation, &response);
            (
                TokenStream::new(),
                quote!(|response, headers| match response { #page => support::next_link(headers).map(|link| #follow), #other }),
            )
        }
        NextPage::Token { field, presence, parameter } => {
            let (field, parameter) = (ident(field), ident(parameter));
            let token = match presence {
                Presence::Required | Presence::Defaulted { .. } => quote!(Some(&page.#field)),
                Presence::Optional | Presence::RequiredNullable => quote!(page.#field.as_ref()),
                Presence::OptionalNullable => quote!(page.#field.as_value()),
            };
            (
                keep.clone(),
                quote!(move |response, _| match response {
                    #page => {
                        params.#parameter = Some(support::next_token(#token)?);
                        Some(#again)
                    }
                    #other
                }),
            )
        }
        NextPage::HasMore { flag, parameter, id } => {
            let (flag, parameter, id) = (ident(flag), ident(parameter), ident(id));
            (
                keep.clone(),
                quote!(move |response, _| match response {
                    #page if page.#flag => {
                        params.#parameter = Some(support::next_token(Some(&#items_slice.last()?.#id))?);
                        Some(#again)
                    }
                    _ => None,
                }),
            )
        }
        NextPage::Offset { offset, limit } => {
            let offset = ident(offset);
            let limit = match limit {
                Some(limit) => {
                    let limit = ident(limit);
                    quote!(params.#limit.as_ref())
                }
                None => quote!(None::<&i64>),
            };
            (
                keep.clone(),
                quote!(move |response, _| match response {
                    #page => {
                        let read = #items_slice.len();
                        support::next_offset(&mut params.#offset, #limit, read).then(|| #again)
                    }
                    #other
                }),
            )
        }
    };
    quote! {
        #pages_doc
        pub fn #pages_name(&self, #(#arguments),*) -> support::Pages<'_, #response, #item> {
            let first = #built;
            #state
            support::Pages::new(
                #id,
                first,
                &self.connection,
                #next,
                |response| match response {
                    #page => Ok(#items_owned),
                    #other_back
                },
            )
        }
    }
}

/// The pattern of the 200 answer, its body bound to `page`.
fn page_pattern(operation: &Operation, response: &proc_macro2::Ident) -> TokenStream {
    let ok = format_ident!("{}", variant_name(Status::Code(200)));
    match operation.responses.iter().find(|r| r.status == Status::Code(200)).map(variant_shape) {
        Some(VariantShape::Struct) => quote!(#response::#ok { body: page, .. }),
        _ => quote!(#response::#ok(page)),
    }
}

/// The pattern of the 200 answer, whatever it holds.
fn page_pattern_ignored(operation: &Operation, response: &proc_macro2::Ident) -> TokenStream {
    let ok = format_ident!("{}", variant_name(Status::Code(200)));
    match operation.responses.iter().find(|r| r.status == Status::Code(200)).map(variant_shape) {
        Some(VariantShape::Struct) => quote!(#response::#ok { .. }),
        _ => quote!(#response::#ok(..)),
    }
}

/// A page's items, owned (a `Vec`) and borrowed (a slice), from `page`.
fn items(paging: &Paging) -> (TokenStream, TokenStream) {
    let Items::Field(field, presence) = &paging.items else { return (quote!(page), quote!(page)) };
    let field = ident(field);
    match presence {
        Presence::Required | Presence::Defaulted { .. } => (quote!(page.#field), quote!(page.#field)),
        Presence::Optional | Presence::RequiredNullable => {
            (quote!(page.#field.unwrap_or_default()), quote!(page.#field.as_deref().unwrap_or_default()))
        }
        Presence::OptionalNullable => (
            quote!(page.#field.into_option().flatten().unwrap_or_default()),
            quote!(page.#field.as_value().map(Vec::as_slice).unwrap_or_default()),
        ),
    }
}

/// The Rust type of a page's items.
fn item_type(api: &Api, operation: &Operation, paging: &Paging) -> Option<TokenStream> {
    let ok = operation.responses.iter().find(|response| response.status == Status::Code(200))?;
    let list = match (&paging.items, ok.body.as_ref()?) {
        (Items::Body, list) => list,
        (Items::Field(field, _), TypeRef::Named(id)) => {
            let TypeKind::Struct(page) = &api.types[*id].kind else { return None };
            &page.fields.iter().find(|f| f.rust_name == *field)?.ty
        }
        _ => return None,
    };
    let TypeRef::List(item) = list else { return None };
    Some(rust_type(api, item))
}
