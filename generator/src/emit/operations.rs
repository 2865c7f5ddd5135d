//! Per operation: a parameters struct and a response enum with one variant
//! per documented status, and the enum's `support::responses!` table (its
//! status, decoding and `IntoResponse`). They sit with the types because
//! the server and the client share them.

use super::doc;
use super::tokens::{ident, rust_type};
use crate::model::{Api, Media, Operation, ParameterLocation, Status, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn items(api: &Api) -> TokenStream {
    let mut operations: Vec<&Operation> = api.operations.iter().collect();
    operations.sort_by(|a, b| a.id.cmp(&b.id));
    operations
        .into_iter()
        .map(|operation| [parameters(api, operation), responses(api, operation)].into_iter().collect::<TokenStream>())
        .collect()
}

/// The struct a parameter is, when it is an object (its properties travel as pairs).
pub(super) fn object_parameter<'a>(
    api: &'a Api,
    parameter: &crate::model::Parameter,
) -> Option<&'a crate::model::Struct> {
    match &parameter.ty {
        _ if parameter.style == crate::model::Style::Json => None,
        crate::model::TypeRef::Named(id) => match &api.types[*id].kind {
            crate::model::TypeKind::Struct(object) => Some(object),
            _ => None,
        },
        _ => None,
    }
}

/// `support::Expansion::…`: the server's and the client's support name the same enum.
pub(super) fn expansion_tokens(expansion: crate::model::Expansion) -> TokenStream {
    match expansion {
        crate::model::Expansion::Simple => quote!(support::Expansion::Simple),
        crate::model::Expansion::Label => quote!(support::Expansion::Label),
        crate::model::Expansion::Matrix => quote!(support::Expansion::Matrix),
    }
}

/// The operation's name as a type prefix: `teams_users_create` → `TeamsUsersCreate`.
pub(crate) fn type_prefix(operation: &Operation) -> String {
    operation.type_prefix.clone()
}

/// "<what> of `id`, `METHOD /path`.", then the summary, and the description
/// and body type where `described_at` (the type that carries them) is
/// `None`; otherwise one line, with the summary and where the rest is.
/// A spec's operation descriptions run to many paragraphs (GitHub's: 11,000
/// lines), so each is written once, on the parameters where there are any.
fn operation_doc(api: &Api, operation: &Operation, what: &str, described_at: Option<&str>) -> String {
    let head = format!("{what} of `{}`, `{} {}`", operation.id, operation.method.to_uppercase(), operation.path);
    if let Some(params) = described_at {
        // One line: the summary, and where the rest is.
        let mut text = match operation.summary.as_deref().map(str::trim_end) {
            Some(summary) if summary.ends_with(['.', '!', '?']) => format!("{head}: {summary}"),
            Some(summary) => format!("{head}: {summary}."),
            None => format!("{head}."),
        };
        if operation.description.is_some() || operation.body.is_some() {
            text.push_str(&format!(" The operation's description is on `{params}`."));
        }
        return text;
    }
    let mut text = format!("{head}.");
    if let Some(summary) = &operation.summary {
        text.push_str("\n\n");
        text.push_str(summary.trim_end());
    }
    if let Some(description) = &operation.description {
        text.push_str("\n\n");
        text.push_str(description.trim_end());
    }
    if let Some(body) = &operation.body {
        let name = rust_type(api, &body.ty).to_string().replace(' ', "");
        let required = if body.required { "" } else { " (optional)" };
        text.push_str(&format!("\n\nRequest body: `{name}`{required}."));
    }
    text
}

/// An operation's type that another operation's identical one stands for.
fn alias(doc: &TokenStream, name: &proc_macro2::Ident, same: &proc_macro2::Ident) -> TokenStream {
    quote! {
        #doc
        pub type #name = #same;
    }
}

fn parameters(api: &Api, operation: &Operation) -> TokenStream {
    if operation.parameters.is_empty() {
        return TokenStream::new();
    }
    let name = format_ident!("{}Params", type_prefix(operation));
    let doc = doc::outer(Some(&operation_doc(api, operation, "Parameters", None)));
    if let Some(same) = operation.same_params_as {
        return alias(&doc, &name, &format_ident!("{}Params", type_prefix(&api.operations[same])));
    }
    let fields = operation.parameters.iter().map(|parameter| {
        let field = ident(&parameter.rust_name);
        let ty = rust_type(api, &parameter.ty);
        let ty = if parameter.required { ty } else { quote!(Option<#ty>) };
        let place = match parameter.location {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        };
        let wire = format!("`{}` ({place} parameter)", parameter.wire_name);
        let text = match &parameter.doc {
            Some(description) => format!("{wire}: {description}"),
            None => wire,
        };
        let doc = doc::outer(Some(&text));
        quote! {
            #doc
            pub #field: #ty,
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn responses(api: &Api, operation: &Operation) -> TokenStream {
    let name = format_ident!("{}Response", type_prefix(operation));
    let params = format!("{}Params", type_prefix(operation));
    let described_at = (!operation.parameters.is_empty()).then_some(params.as_str());
    let doc = doc::outer(Some(&operation_doc(api, operation, "Responses", described_at)));
    if let Some(same) = operation.same_responses_as {
        return alias(&doc, &name, &format_ident!("{}Response", type_prefix(&api.operations[same])));
    }
    let mut variants = Vec::new();
    for response in &operation.responses {
        let variant = format_ident!("{}", variant_name(response.status));
        let description = match response.status {
            Status::Code(status) => format!("{status}: {}", response.description.trim_end()),
            Status::Range(class) => format!("{class}XX: {}", response.description.trim_end()),
            Status::Default => format!("Any other status: {}", response.description.trim_end()),
        };
        let variant_doc = doc::outer(Some(&description));
        let body = response.body.as_ref().map(|ty| match response.media {
            Media::Events(_) => {
                let data = rust_type(api, ty);
                quote!(crate::support::events::Events<#data>)
            }
            _ => rust_type(api, ty),
        });
        let mut fields: Vec<TokenStream> = Vec::new();
        if response.status.is_open() {
            fields.push(quote!(status: u16,));
        }
        if let Some(body) = &body {
            fields.push(quote!(body: #body,));
        }
        for header in &response.headers {
            let field = ident(&header.rust_name);
            let ty = rust_type(api, &header.ty);
            let ty = if header.required { ty } else { quote!(Option<#ty>) };
            let text = format!(
                "The `{}` header{}",
                header.wire_name,
                header.doc.as_deref().map(|d| format!(": {d}")).unwrap_or_default()
            );
            let header_doc = doc::outer(Some(&text));
            fields.push(quote!(#header_doc #field: #ty,));
        }
        let shape = match variant_shape(response) {
            VariantShape::Unit => TokenStream::new(),
            VariantShape::Tuple => quote!((#body)),
            VariantShape::Struct => quote!({ #(#fields)* }),
        };
        variants.push(quote!(#variant_doc #variant #shape,));
    }
    let table = wire_table(operation);
    // Events and binary bodies may be streams, read once: neither cloned nor compared.
    let derives = match streams(operation) || answers_binary(operation) {
        true => quote!(#[derive(Debug)]),
        false => quote!(#[derive(Debug, Clone, PartialEq)]),
    };
    quote! {
        #doc
        // A response is built once and moved once: boxing the large variants buys nothing.
        #[allow(clippy::large_enum_variant)]
        #derives
        pub enum #name {
            #(#variants)*
        }

        crate::support::responses! {
            #name {
                #(#table)*
            }
        }
    }
}

/// The lines of `support::responses!`: a variant per response with its
/// status, its body's media kind and type, and its headers; exact codes
/// first, then ranges, then any other status (`_`).
fn wire_table(operation: &Operation) -> Vec<TokenStream> {
    let mut ordered: Vec<&crate::model::Response> = operation.responses.iter().collect();
    ordered.sort_by_key(|response| status_rank(response.status));
    ordered
        .into_iter()
        .map(|response| {
            let variant = format_ident!("{}", variant_name(response.status));
            let status = status_pattern(response.status);
            let body = response.body.as_ref().map(|_| {
                let (kind, media) = match &response.media {
                    // A form answer is written as JSON, as it always was.
                    Media::Json(media) => ("Json", media.as_str()),
                    Media::Form(_) => ("Json", "application/json"),
                    Media::Text(media) => ("Text", media.as_str()),
                    Media::Bytes(media) => ("Bytes", crate::model::sent_content_type(media)),
                    Media::Multipart => ("Multipart", "multipart/form-data"),
                    Media::Events(media) if response.body.as_ref() == Some(&crate::model::TypeRef::String) => {
                        ("EventsText", media.as_str())
                    }
                    Media::Events(media) => ("Events", media.as_str()),
                };
                let kind = format_ident!("{kind}");
                quote!((#kind #media))
            });
            let headers = (variant_shape(response) == VariantShape::Struct).then(|| {
                let headers = response.headers.iter().map(|header| {
                    let field = ident(&header.rust_name);
                    let presence = if header.required { format_ident!("required") } else { format_ident!("optional") };
                    let wire = header.wire_name.to_ascii_lowercase();
                    quote!(#field: #presence #wire)
                });
                quote!({ #(#headers),* })
            });
            quote!(#variant = #status #body #headers,)
        })
        .collect()
}

/// Whether some answer of the operation is server-sent events: its
/// response enum holds a stream, and its client method streams it.
pub(super) fn streams(operation: &Operation) -> bool {
    operation.responses.iter().any(|response| matches!(response.media, Media::Events(_)) && response.body.is_some())
}

/// How widely a response's status matches: an exact code, then a class,
/// then any other status; the narrower takes an answer first.
pub(super) fn status_rank(status: Status) -> u8 {
    match status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    }
}

/// The statuses of a response as a pattern of `u16`: `200`, `(400..=499)`, `_`.
pub(super) fn status_pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        Status::Range(class) => {
            let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
            quote!((#low..=#high))
        }
        Status::Default => quote!(_),
    }
}

/// Whether some answer of the operation is binary: its response enum
/// holds a `Binary`, which its client method leaves unread to stream.
pub(super) fn answers_binary(operation: &Operation) -> bool {
    operation.responses.iter().any(|response| response.body.as_ref() == Some(&TypeRef::Bytes))
}

/// Whether the operation takes or answers a binary body.
pub(super) fn has_binary(operation: &Operation) -> bool {
    answers_binary(operation) || operation.body.as_ref().is_some_and(|body| body.ty == TypeRef::Bytes)
}

/// How a response variant holds its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum VariantShape {
    /// No body, no headers: `NoContent`.
    Unit,
    /// Only a body: `Ok(User)`.
    Tuple,
    /// Headers, or a `default` status: `Created { body, location }`, `Other { status, body }`.
    Struct,
}

pub(super) fn variant_shape(response: &crate::model::Response) -> VariantShape {
    match (response.status, &response.body, response.headers.is_empty()) {
        (Status::Code(_), None, true) => VariantShape::Unit,
        (Status::Code(_), Some(_), true) => VariantShape::Tuple,
        _ => VariantShape::Struct,
    }
}

/// `Created` for 201: the reason phrase, so matches read like HTTP;
/// `Status4XX` for a range, `Other` for `default`.
pub(super) fn variant_name(status: Status) -> String {
    let status = match status {
        Status::Code(status) => status,
        Status::Range(class) => return format!("Status{class}XX"),
        Status::Default => return "Other".to_owned(),
    };
    let phrase = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        204 => "NoContent",
        301 => "MovedPermanently",
        302 => "Found",
        304 => "NotModified",
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        other => return format!("Status{other}"),
    };
    phrase.to_owned()
}
