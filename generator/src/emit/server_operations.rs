//! The `support::Operation` of each operation of an API's server: how its
//! request is read (credentials, parameters by their style, the body by its
//! media type) and handed to its `Api` method.

use super::operations::type_prefix;
use super::tokens::{ident, rust_type};
use crate::model::{Api, Expansion, Media, Operation, Parameter, ParameterLocation, Piece, Style, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The operation's type in `mod operation`: its types' prefix (`UsersRetrieve`).
pub(super) fn marker(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", type_prefix(operation))
}

pub(super) fn has_schemes(api: &Api) -> bool {
    !api.security_schemes.is_empty()
}

/// What a handler receives for credentials.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum CredentialShape {
    /// The operation says nothing: whatever the request carries, if anything.
    Any,
    /// Each alternative is one scheme: those credentials (`Option` when anonymous requests pass).
    One { required: bool },
    /// Some alternative needs several schemes: all of the alternative met.
    All { required: bool },
}

pub(super) fn credential_shape(operation: &Operation) -> CredentialShape {
    let required = operation.requires_credentials;
    if operation.security.is_empty() {
        CredentialShape::Any
    } else if operation.security.iter().all(|r| r.schemes.len() <= 1) {
        CredentialShape::One { required }
    } else {
        CredentialShape::All { required }
    }
}

/// `&[&["basicAuth"], &[]]`: the alternatives by scheme name, for `meet`.
pub(super) fn requirement_list(operation: &Operation) -> TokenStream {
    let requirements = operation.security.iter().map(|requirement| {
        let names = requirement.schemes.iter().map(|(name, _)| name);
        quote!(&[#(#names),*])
    });
    quote!(&[#(#requirements),*])
}

pub(super) fn method_name(operation: &Operation) -> proc_macro2::Ident {
    ident(&operation.method_name)
}

/// The operation as `support::handle` runs it: how its arguments are read
/// from the request, then given to the `Api` method. One generic
/// `async fn` for every operation, not one each: rustc builds and checks
/// an `async fn`'s states once, where it did so per operation (Linode's
/// server: 24.7 G instructions of checking with a handler each, 21.6 G so).
pub(super) fn operation_impl(api: &Api, operation: &Operation) -> TokenStream {
    let method = method_name(operation);
    let id = &operation.method_name;
    let mut steps = Vec::new();
    if has_schemes(api) {
        let requirements = requirement_list(operation);
        steps.push(match credential_shape(operation) {
            CredentialShape::Any => quote!(let credentials = credentials_of(&parts);),
            CredentialShape::One { required: true } => quote! {
                let Some(credentials) = meet(&parts, #requirements).and_then(|found| found.into_iter().next()) else {
                    return Err(support::Refusal::Unauthenticated);
                };
            },
            CredentialShape::One { required: false } => {
                quote!(let credentials = meet(&parts, #requirements).and_then(|found| found.into_iter().next());)
            }
            CredentialShape::All { required: true } => quote! {
                let Some(credentials) = meet(&parts, #requirements) else {
                    return Err(support::Refusal::Unauthenticated);
                };
            },
            CredentialShape::All { required: false } => {
                quote!(let credentials = meet(&parts, #requirements).unwrap_or_default();)
            }
        });
    }
    if reads_path_params(api, operation) {
        steps.push(quote!(let path = support::path_params(&mut parts)?;));
    }
    let in_query = |location| location == ParameterLocation::Query;
    if operation.parameters.iter().any(|p| in_query(p.location))
        || operation.constants.iter().any(|c| in_query(c.location))
    {
        steps.push(quote!(let query = support::Query::parse(&parts.uri)?;));
    }
    // Constants first: of AWS's operations of one path, the target read
    // first is the one that tells what the rest of the request should be.
    for constant in &operation.constants {
        let (wire, value) = (&constant.wire_name, &constant.value);
        let (given, missing) = match constant.location {
            ParameterLocation::Query => (quote!(query.optional(#wire)?), "This query parameter is required."),
            ParameterLocation::Header => (quote!(support::header(&parts.headers, #wire)?), "This header is required."),
            _ => (quote!(support::cookie_param(&parts.headers, #wire)?), "This cookie is required."),
        };
        steps.push(quote!(support::constant(#wire, #given, #value, #missing)?;));
    }
    if !operation.parameters.is_empty() {
        let params = format_ident!("{}Params", type_prefix(operation));
        let fields = operation.parameters.iter().map(|parameter| {
            let field = ident(&parameter.rust_name);
            let wire = &parameter.wire_name;
            let list = matches!(parameter.ty, TypeRef::List(_));
            let joined_by = match parameter.style {
                Style::Repeated | Style::Deep | Style::Json | Style::Expanded { .. } => quote!(None),
                Style::Joined(separator) => quote!(Some(#separator)),
            };
            if parameter.style == Style::Json {
                let (read, what) = match parameter.location {
                    ParameterLocation::Header => (quote!(support::header_json(&parts.headers, #wire)?), "header"),
                    _ => (quote!(query.json(#wire)?), "query parameter"),
                };
                let message = format!("This {what} is required.");
                let value = if parameter.required {
                    quote!(#read.ok_or_else(|| support::Rejection::field(#wire, #message))?)
                } else {
                    read
                };
                return quote!(#field: #value,);
            }
            if let Some(value) = styled_parameter(api, operation, parameter) {
                return quote!(#field: #value,);
            }
            if let (ParameterLocation::Query, Some(object)) = (parameter.location, super::operations::object_parameter(api, parameter)) {
                let deep = parameter.style == Style::Deep;
                let keys = object.fields.iter().map(|f| &f.wire_name);
                let read = quote!(query.object(#wire, #deep, &[#(#keys),*])?);
                let value = if parameter.required {
                    quote!(#read.ok_or_else(|| support::Rejection::field(#wire, "This query parameter is required."))?)
                } else {
                    read
                };
                return quote!(#field: #value,);
            }
            let value = match (parameter.location, parameter.required, list) {
                (ParameterLocation::Path, _, _) => path_parameter(operation, wire),
                (ParameterLocation::Query, false, false) => quote!(query.optional(#wire)?),
                (ParameterLocation::Query, true, false) => quote!(query.required(#wire)?),
                (ParameterLocation::Query, false, true) => quote!(query.list(#wire, #joined_by)?),
                (ParameterLocation::Query, true, true) => {
                    quote!(query.list(#wire, #joined_by)?.ok_or_else(|| support::Rejection::field(#wire, "This query parameter is required."))?)
                }
                (ParameterLocation::Header, false, true) => quote!(support::header_list(&parts.headers, #wire)?),
                (ParameterLocation::Header, true, true) => {
                    quote!(support::header_list(&parts.headers, #wire)?.ok_or_else(|| support::Rejection::field(#wire, "This header is required."))?)
                }
                (ParameterLocation::Header, false, _) => quote!(support::header(&parts.headers, #wire)?),
                (ParameterLocation::Header, true, _) => {
                    quote!(support::header(&parts.headers, #wire)?.ok_or_else(|| support::Rejection::field(#wire, "This header is required."))?)
                }
                (ParameterLocation::Cookie, false, _) => quote!(support::cookie_param(&parts.headers, #wire)?),
                (ParameterLocation::Cookie, true, _) => {
                    quote!(support::cookie_param(&parts.headers, #wire)?.ok_or_else(|| support::Rejection::field(#wire, "This cookie is required."))?)
                }
            };
            quote!(#field: #value,)
        });
        steps.push(quote!(let params = #params { #(#fields)* };));
    }
    if let Some(body) = &operation.body {
        let mut read = read_body(api, &body.ty, &body.media);
        // Other declared media types first, each by its `Content-Type`; the
        // chosen one last, which refuses any other type with a 415.
        for other in body.also.iter().rev() {
            let declared = other.declared();
            let alternative = read_body(api, &body.ty, other);
            read = quote!(if support::content_type_is(&parts.headers, #declared) { #alternative } else { #read });
        }
        // No body at all (no `Content-Type`, no length) is no body, not one of the wrong type.
        steps.push(if body.required {
            let missing = match &body.media {
                Media::Json(_) if expects_object(api, &body.ty, 0) => {
                    let rust = rust_type(api, &body.ty);
                    quote!(support::missing_object::<#rust>)
                }
                _ => quote!(support::BodyError::missing),
            };
            quote! {
                support::require_body(&parts.headers, #missing)?;
                let body = #read;
            }
        } else if body.ty == TypeRef::Bytes {
            // Not read yet: absent by its head.
            quote!(let body = if support::body_absent(&parts.headers) { None } else { Some(#read) };)
        } else if body.admits_null() {
            // Absent (or empty, whatever its `Content-Type`) or `null`: `None` either way.
            quote!(let body = if body.is_empty() { None } else { #read };)
        } else {
            quote!(let body = if body.is_empty() { None } else { Some(#read) };)
        });
    }
    let names: Vec<_> = arguments(api, operation).into_iter().map(|(name, _)| name).collect();
    // The fieldset is read from the head on its own, before `start` takes
    // the request: the handler keeps only these fields of a 2xx answer.
    let sparse_fieldset = operation.parameters.iter().find(|p| p.sparse_fieldset).map(|p| {
        let wire = &p.wire_name;
        let joined_by = match p.style {
            Style::Joined(separator) => quote!(Some(#separator)),
            _ => quote!(None),
        };
        quote! {
            fn sparse_fieldset(parts: &support::Parts) -> Option<Vec<String>> {
                support::Query::parse(&parts.uri).ok()?.list(#wire, #joined_by).ok()?
            }
        }
    });
    // A binary body is taken out of the head, as a stream.
    let streams_body = operation.body.as_ref().is_some_and(|body| body.ty == TypeRef::Bytes);
    let parts =
        match (reads_path_params(api, operation) || streams_body, names.is_empty() && operation.constants.is_empty()) {
            (true, _) => quote!(mut parts),
            (false, false) => quote!(parts),
            (false, true) => quote!(_parts),
        };
    let has_body = operation.body.is_some();
    let body = if has_body && !streams_body { quote!(body) } else { quote!(_body) };
    // `BODY` is `Takes::Nothing` unless said.
    let body_flag = match (has_body, streams_body) {
        (true, false) => quote! { const BODY: support::Takes = support::Takes::Whole; },
        (true, true) => quote! { const BODY: support::Takes = support::Takes::Stream; },
        (false, _) => TokenStream::new(),
    };
    let marker = marker(operation);
    let response = format_ident!("{}Response", type_prefix(operation));
    quote! {
        impl<A: Api> support::Operation<A> for operation::#marker {
            const ID: &'static str = #id;
            #body_flag
            type Answer = #response;

            fn start(api: &A, #parts: support::Parts, #body: support::Bytes) -> Result<support::BoxCall<'_, Self::Answer>, support::Refusal> {
                #(#steps)*
                Ok(Box::pin(api.#method(#(#names),*)))
            }

            #sparse_fieldset
        }
    }
}

/// A path parameter from its segment: the whole segment (`{pN}`), or its
/// piece of a segment with text around it (`{id}.json`).
/// Whether the handler extracts axum's `RawPathParams` (which needs the
/// request head mutably): styled path values are read from the URI's own segments.
fn reads_path_params(api: &Api, operation: &Operation) -> bool {
    operation
        .parameters
        .iter()
        .any(|p| p.location == ParameterLocation::Path && styled_parameter(api, operation, p).is_none())
}

/// The expression reading a path parameter whose style is not the plain
/// segment (a list, an object, a label or matrix scalar), or an object
/// header; `None` for every other parameter.
fn styled_parameter(api: &Api, operation: &Operation, parameter: &Parameter) -> Option<TokenStream> {
    let Style::Expanded { expansion, explode } = parameter.style else {
        return None;
    };
    let wire = &parameter.wire_name;
    let object = super::operations::object_parameter(api, parameter).is_some();
    if parameter.location == ParameterLocation::Header {
        if !object {
            return None;
        }
        let read = quote!(support::header_object(&parts.headers, #wire, #explode)?);
        return Some(if parameter.required {
            quote!(#read.ok_or_else(|| support::Rejection::field(#wire, "This header is required."))?)
        } else {
            read
        });
    }
    if parameter.location != ParameterLocation::Path {
        return None;
    }
    let list = matches!(parameter.ty, TypeRef::List(_));
    if !list && !object && expansion == Expansion::Simple {
        return None;
    }
    let index = operation.segments.iter().position(|pieces| pieces == &[Piece::Parameter(wire.clone())])?;
    let expansion = super::operations::expansion_tokens(expansion);
    Some(if list {
        quote!(support::path_list(&parts.uri, #index, #wire, #expansion, #explode)?)
    } else if object {
        quote!(support::path_object(&parts.uri, #index, #wire, #expansion, #explode)?)
    } else {
        quote!(support::path_scalar(&parts.uri, #index, #wire, #expansion)?)
    })
}

fn path_parameter(operation: &Operation, wire: &str) -> TokenStream {
    let found =
        operation.segments.iter().enumerate().find(|(_, pieces)| pieces.contains(&Piece::Parameter(wire.to_owned())));
    let Some((index, pieces)) = found else {
        return quote!(support::path(&path, #wire)?);
    };
    let segment = format!("p{index}");
    if pieces.len() == 1 {
        return quote!(support::path(&path, #segment)?);
    }
    let pieces = pieces.iter().map(|piece| match piece {
        Piece::Literal(text) => quote!(support::Piece::Literal(#text)),
        Piece::Parameter(name) => quote!(support::Piece::Parameter(#name)),
    });
    quote!(support::path_piece(&path, #segment, &[#(#pieces),*], #wire)?)
}

/// The expression that reads a request body of type `ty` sent as `media`
/// from its bytes (`body`), or returns the refusal.
fn read_body(api: &Api, ty: &TypeRef, media: &Media) -> TokenStream {
    let rust = rust_type(api, ty);
    match media {
        Media::Json(media) => {
            // A body whose schema is an object refuses other JSON as DRF does.
            let object = expects_object(api, ty, 0);
            quote!(support::json(&parts.headers, &body, #media, #object)?)
        }
        Media::Form(fields) => {
            let styles = super::form::urlencoded_styles(fields);
            quote!(support::form(&parts.headers, &body, #styles)?)
        }
        // (Events are answers only: a request's `text/event-stream` is text.)
        Media::Text(media) | Media::Events(media) if *ty == TypeRef::String => {
            quote!(support::text(&parts.headers, &body, #media)?)
        }
        Media::Text(media) | Media::Events(media) => quote!(support::text_value(&parts.headers, &body, #media)?),
        Media::Bytes(media) => quote!(support::binary::request_body(&mut parts, #media)?),
        Media::Multipart => match super::form::form_of(api, ty) {
            Some(form) => super::form::read(&rust, form),
            None => quote! {
                {
                    let (content_type, bytes) = support::raw(&parts.headers, &body, "multipart/*")?;
                    crate::support::RawBody { content_type, bytes }
                }
            },
        },
    }
}

/// Whether every value of `ty` is a JSON object (a struct, a map, a choice of those).
fn expects_object(api: &Api, ty: &TypeRef, depth: usize) -> bool {
    use crate::model::TypeKind;
    match ty {
        TypeRef::Map(_) => true,
        TypeRef::Named(id) if depth < 16 => match &api.types[*id].kind {
            TypeKind::Struct(_) => true,
            TypeKind::Alias(inner) => expects_object(api, inner, depth + 1),
            TypeKind::OneOf(choice) | TypeKind::AnyOf(choice) => {
                choice.variants.iter().all(|v| expects_object(api, &v.ty, depth + 1))
            }
            // The user's own type says itself what it reads.
            TypeKind::Enum(_) | TypeKind::Constrained(_) | TypeKind::Form(_) | TypeKind::External(_) => false,
        },
        _ => false,
    }
}

/// What an operation's `Api` method takes, in order: its name and type.
pub(super) fn arguments(api: &Api, operation: &Operation) -> Vec<(proc_macro2::Ident, TokenStream)> {
    let mut arguments = Vec::new();
    if !operation.parameters.is_empty() {
        let params = format_ident!("{}Params", type_prefix(operation));
        arguments.push((format_ident!("params"), quote!(#params)));
    }
    if let Some(body) = &operation.body {
        let ty = rust_type(api, &body.ty);
        let whole = body.required || body.admits_null();
        arguments.push((format_ident!("body"), if whole { ty } else { quote!(Option<#ty>) }));
    }
    if has_schemes(api) {
        arguments.push((
            format_ident!("credentials"),
            match credential_shape(operation) {
                CredentialShape::One { required: true } => quote!(Credentials),
                CredentialShape::Any | CredentialShape::One { required: false } => quote!(Option<Credentials>),
                CredentialShape::All { .. } => quote!(Vec<Credentials>),
            },
        ));
    }
    arguments
}
