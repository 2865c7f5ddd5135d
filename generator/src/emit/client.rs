//! The reqwest client of one API: `Client` with builder-style setters for
//! credentials, default headers, timeout and retry, one method per
//! operation returning the shared response enums, a pager for paginated
//! lists and a `_sparse` method for operations with a sparse fieldset.

use super::doc;
use super::operations::{type_prefix, variant_name, VariantShape};
use super::types::{ident, rust_type};
use crate::model::{
    Api, Expansion, KeyLocation, Media, Operation, ParameterLocation, Piece, SchemeKind, Status, Style, TypeKind,
    TypeRef,
};
use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

pub(super) fn module(api: &Api, sink: &mut dyn FnMut(TokenStream)) {
    let doc = doc::inner(Some(&format!(
        "The reqwest client of {}: `Client::new(base_url)`, then one method per operation.",
        api.title
    )));
    let client = client_struct(api);
    sink(quote! {
        #doc
        use super::types::*;
        use crate::support::client as support;

        #client
    });
    // A large API's methods come in several `impl Client` blocks, a part each.
    for part in api.operations.chunks(super::OPERATIONS_PER_PART) {
        // Moved in, not interpolated: `quote!` would copy every token once more
        // (a group is interpolated as a handle to its tokens).
        let methods: TokenStream = part.iter().map(|operation| methods(api, operation)).collect();
        let methods = proc_macro2::Group::new(proc_macro2::Delimiter::Brace, methods);
        sink(quote!(impl Client #methods));
    }
    for part in api.operations.chunks(super::OPERATIONS_PER_PART) {
        let owners = part.iter().filter(|operation| operation.same_responses_as.is_none());
        sink(owners.map(decoder).collect());
    }
}

fn client_struct(api: &Api) -> TokenStream {
    let has_schemes = !api.security_schemes.is_empty();
    let credentials_field = has_schemes.then(|| quote!(credentials: Vec<Credentials>,));
    let credentials_init = has_schemes.then(|| quote!(credentials: Vec::new()));
    let setters = api.security_schemes.iter().map(|scheme| {
        let variant = ident(&scheme.rust_name);
        let setter = format_ident!("{}", scheme.rust_name.to_snake_case());
        let text = format!("Sends `{}` credentials with every request.", scheme.name);
        let setter_doc = doc::outer(Some(&text));
        match &scheme.kind {
            SchemeKind::Basic => quote! {
                #setter_doc
                pub fn #setter(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self.with_credentials(Credentials::#variant { username: username.into(), password: password.into() })
                }
            },
            SchemeKind::Bearer => quote! {
                #setter_doc
                pub fn #setter(self, token: impl Into<String>) -> Self {
                    self.with_credentials(Credentials::#variant { token: token.into() })
                }
            },
            SchemeKind::ApiKey { location, name } => {
                let text = match location {
                    KeyLocation::Header => format!("Sends `{name}: <value>` with every request (the whole header value, e.g. `JWT <token>`)."),
                    KeyLocation::Query => format!("Sends the query parameter `{name}=<value>` with every request."),
                    KeyLocation::Cookie => format!("Sends the cookie `{name}=<value>` with every request."),
                };
                let setter_doc = doc::outer(Some(&text));
                quote! {
                    #setter_doc
                    pub fn #setter(self, value: impl Into<String>) -> Self {
                        self.with_credentials(Credentials::#variant { value: value.into() })
                    }
                }
            }
        }
    });
    let apply_arms = api.security_schemes.iter().map(|scheme| {
        let variant = ident(&scheme.rust_name);
        match &scheme.kind {
            SchemeKind::Basic => quote!(Credentials::#variant { username, password } => request.basic_auth(username, Some(password)),),
            SchemeKind::Bearer => quote!(Credentials::#variant { token } => request.bearer_auth(token),),
            SchemeKind::ApiKey { location: KeyLocation::Header, name } => quote!(Credentials::#variant { value } => request.header(#name, value),),
            SchemeKind::ApiKey { location: KeyLocation::Query, name } => quote!(Credentials::#variant { value } => request.query(&[(#name, value)]),),
            SchemeKind::ApiKey { location: KeyLocation::Cookie, name } => quote!(Credentials::#variant { value } => request.header(reqwest::header::COOKIE, format!("{}={value}", #name)),),
        }
    });
    let with_credentials = has_schemes.then(|| {
        quote! {
            /// Sends these credentials with each request whose operation lists
            /// their scheme (or names none); they replace earlier ones of the
            /// same scheme.
            pub fn with_credentials(mut self, credentials: Credentials) -> Self {
                self.credentials.retain(|held| held.scheme() != credentials.scheme());
                self.credentials.push(credentials);
                self
            }

            #(#setters)*
        }
    });
    let (finish_doc, schemes_parameter) = if has_schemes {
        (
            doc::outer(Some("Adds the credentials of `schemes`, then the connection's defaults, and builds.")),
            quote!(schemes: &[&str]),
        )
    } else {
        (doc::outer(Some("Adds the connection's defaults and builds.")), TokenStream::new())
    };
    let apply_credentials = if has_schemes {
        quote! {
            let mut request = request;
            for credentials in self.credentials.iter().filter(|held| schemes.contains(&held.scheme())) {
                request = match credentials {
                    #(#apply_arms)*
                };
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        /// A client of the API at one base URL. Cheap to clone; clones share
        /// the connection pool. `Debug` shows no credentials.
        #[derive(Clone, Debug)]
        pub struct Client {
            connection: support::Connection,
            #credentials_field
        }

        impl Client {
            /// A client with a new connection pool; `base_url` is the server's URL,
            /// e.g. `https://api.example.com` (a path prefix is kept).
            pub fn new(base_url: &str) -> Result<Self, support::ClientError> {
                Self::with_http_client(reqwest::Client::new(), base_url)
            }

            /// A client that sends through an existing `reqwest::Client`.
            pub fn with_http_client(http: reqwest::Client, base_url: &str) -> Result<Self, support::ClientError> {
                Ok(Self { connection: support::Connection::new(http, base_url)?, #credentials_init })
            }

            #with_credentials

            /// Sends this header with every request, unless an operation's own
            /// header parameter sets it.
            pub fn default_header(mut self, name: &str, value: &str) -> Result<Self, support::ClientError> {
                self.connection.set_default_header(name, value)?;
                Ok(self)
            }

            /// Gives up on a request (connect to last byte) after `timeout`.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.connection.set_timeout(timeout);
                self
            }

            /// Retries a 429 answer up to `max_retries` times, after the
            /// `Retry-After` seconds it gives, when that is at most `max_wait`.
            pub fn retry_on_429(mut self, max_retries: u32, max_wait: std::time::Duration) -> Self {
                self.connection.set_retry(support::Retry { max_retries, max_wait });
                self
            }

            #finish_doc
            fn finish(&self, request: reqwest::RequestBuilder, #schemes_parameter) -> Result<reqwest::Request, support::ClientError> {
                #apply_credentials
                self.connection.finish(request)
            }
        }
    }
}

fn request_builder_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}_request", operation.method_name)
}

/// The operation's method, its request builder, and pager or sparse variants.
fn methods(api: &Api, operation: &Operation) -> TokenStream {
    let name = ident(&operation.method_name);
    let builder = request_builder_name(operation);
    let response = format_ident!("{}Response", type_prefix(operation));
    let mut arguments = Vec::new();
    let mut passed = Vec::new();
    if !operation.parameters.is_empty() {
        let params = format_ident!("{}Params", type_prefix(operation));
        arguments.push(quote!(params: &#params));
        passed.push(quote!(params));
    }
    if let Some(body) = &operation.body {
        // Text and bytes are borrowed as slices: `&str`, `&[u8]`.
        let ty = match &body.ty {
            TypeRef::String => quote!(str),
            TypeRef::Bytes => quote!([u8]),
            other => rust_type(api, other),
        };
        arguments.push(if body.required { quote!(body: &#ty) } else { quote!(body: Option<&#ty>) });
        passed.push(quote!(body));
    }
    let text = format!(
        "`{} {}`{}",
        operation.method.to_uppercase(),
        operation.path,
        operation.summary.as_deref().map(|s| format!(": {s}")).unwrap_or_default()
    );
    let method_doc = doc::outer(Some(&text));
    let request = build_request(api, operation);
    let mut items = quote! {
        #method_doc
        pub fn #name(&self, #(#arguments),*) -> impl support::Pending<#response> + '_ {
            self.connection.call(self.#builder(#(#passed),*))
        }

        fn #builder(&self, #(#arguments),*) -> Result<reqwest::Request, support::ClientError> {
            #request
        }
    };
    if let Some(sparse) = operation.parameters.iter().find(|p| p.sparse_fieldset) {
        let sparse_name = format_ident!("{}_sparse", operation.method_name);
        let field = ident(&sparse.rust_name);
        let text = format!(
            "Like [`Client::{}`], for a request that sets `{}`: a 2xx answer then holds only the named fields, so it is returned as JSON (`Sparse::Fields`); other answers, and those to an empty list of names (every field), are typed (`Sparse::Other`).",
            operation.id, sparse.wire_name
        );
        let sparse_doc = doc::outer(Some(&text));
        items.extend(quote! {
            #sparse_doc
            pub async fn #sparse_name(&self, #(#arguments),*) -> Result<support::Sparse<#response>, support::ClientError> {
                let sparse = crate::support::fieldset(params.#field.as_deref()).is_some();
                let answer = self.connection.send(self.#builder(#(#passed),*)?).await?;
                if sparse && (200..300).contains(&answer.status) {
                    return support::body(&answer).map(support::Sparse::Fields);
                }
                <#response as support::Decode>::decode(&answer).map(support::Sparse::Other)
            }
        });
    }
    if let Some(next) = page_next_field(api, operation) {
        let pages_name = format_ident!("{}_pages", operation.method_name);
        let ok = format_ident!("{}", variant_name(Status::Code(200)));
        let text = format!(
            "Walks the pages of [`Client::{}`], following `next`. Each `next_page().await` gives one answer; the walk ends after a page without `next` or any answer that is not a page.",
            operation.id
        );
        let pages_doc = doc::outer(Some(&text));
        let next = ident(&next);
        let follow = finish_call(api, operation, quote!(self.connection.follow(link)?));
        items.extend(quote! {
            #pages_doc
            pub fn #pages_name(&self, #(#arguments),*) -> support::Pages<'_, #response> {
                let first = self.#builder(#(#passed),*);
                support::Pages::new(
                    first,
                    |link| #follow,
                    |request| Box::pin(self.connection.send(request)),
                    |response| match response {
                        #response::#ok(page) => page.#next.as_value().map(ToString::to_string),
                        _ => None,
                    },
                )
            }
        });
    }
    items
}

/// The `next` field of the operation's 200 body, when it is a page: a struct
/// with a list `results` and a nullable `next` link.
fn page_next_field(api: &Api, operation: &Operation) -> Option<String> {
    if operation.method != "get" {
        return None;
    }
    let ok = operation.responses.iter().find(|r| r.status == Status::Code(200))?;
    let TypeRef::Named(id) = ok.body.as_ref()? else { return None };
    let TypeKind::Struct(page) = &api.types[*id].kind else { return None };
    let has_results = page.fields.iter().any(|f| f.wire_name == "results" && matches!(f.ty, TypeRef::List(_)));
    let next =
        page.fields.iter().find(|f| f.wire_name == "next" && f.presence == crate::model::Presence::OptionalNullable)?;
    has_results.then(|| next.rust_name.clone())
}

/// `self.finish(request, &["basicAuth"])`: the credentials an operation's
/// request carries are those of the schemes it lists, or of every scheme
/// when it lists none.
fn finish_call(api: &Api, operation: &Operation, request: TokenStream) -> TokenStream {
    if api.security_schemes.is_empty() {
        return quote!(self.finish(#request));
    }
    let mut names: Vec<&str> = Vec::new();
    for (name, _) in operation.security.iter().flat_map(|r| &r.schemes) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    if operation.security.is_empty() {
        names = api.security_schemes.iter().map(|s| s.name.as_str()).collect();
    }
    quote!(self.finish(#request, &[#(#names),*]))
}

fn build_request(api: &Api, operation: &Operation) -> TokenStream {
    // The path: its literal text, and each parameter escaped (in its style) into its place.
    let mut parts = Vec::new();
    let mut literal = String::new();
    for pieces in &operation.segments {
        literal.push('/');
        for piece in pieces {
            match piece {
                Piece::Literal(text) => literal.push_str(text),
                Piece::Parameter(name) => {
                    if !literal.is_empty() {
                        parts.push(quote!(#literal));
                        literal.clear();
                    }
                    let argument = path_argument(api, operation, name, pieces.len() == 1);
                    parts.push(quote!(&#argument));
                }
            }
        }
    }
    if !literal.is_empty() {
        parts.push(quote!(#literal));
    }
    // Bound first, so that the request's line stays short enough for the
    // formatter to keep it on one.
    let (path_declaration, path) = match (parts.as_slice(), plain_template(api, operation)) {
        ([], _) => (quote!(let path = "/";), quote!(path)),
        // Every path starts with `/`, so a path of one part is its text.
        ([only], _) => (quote!(let path = #only;), quote!(path)),
        (_, Some((template, fields))) => {
            (quote!(let path = support::path(#template, &[#(&params.#fields),*]);), quote!(&path))
        }
        _ => (quote!(let path = [#(#parts),*].concat();), quote!(&path)),
    };
    let query = operation.parameters.iter().filter(|p| p.location == ParameterLocation::Query).map(|parameter| {
        let field = ident(&parameter.rust_name);
        let wire = &parameter.wire_name;
        let value = if parameter.required { quote!(Some(&params.#field)) } else { quote!(params.#field.as_ref()) };
        if super::operations::object_parameter(api, parameter).is_some() {
            let deep = parameter.style == Style::Deep;
            return quote!(query.object(#wire, #value, #deep)?;);
        }
        match (&parameter.ty, parameter.style) {
            (_, Style::Json) => quote!(query.json(#wire, #value)?;),
            (TypeRef::List(_), Style::Repeated | Style::Deep) => quote!(query.items(#wire, #value, None);),
            (TypeRef::List(_), Style::Joined(separator)) => quote!(query.items(#wire, #value, Some(#separator));),
            _ => quote!(query.text(#wire, #value);),
        }
    });
    let headers = operation.parameters.iter().filter(|p| p.location == ParameterLocation::Header).map(|parameter| {
        let field = ident(&parameter.rust_name);
        let wire = &parameter.wire_name;
        // A list header is its items joined by commas (`style: simple`).
        let text = if parameter.style == Style::Json {
            quote!(support::json_text(value)?)
        } else if let (Some(_), Style::Expanded { explode, .. }) =
            (super::operations::object_parameter(api, parameter), parameter.style)
        {
            quote!(support::styled_object(#wire, support::Expansion::Simple, #explode, &support::object_pairs(value)?))
        } else if matches!(parameter.ty, TypeRef::List(_)) {
            quote!(value.iter().map(ToString::to_string).collect::<Vec<_>>().join(","))
        } else {
            quote!(value.to_string())
        };
        if parameter.required {
            quote!({ let value = &params.#field; request.header(#wire, #text) })
        } else {
            quote!(match &params.#field { Some(value) => request.header(#wire, #text), None => request })
        }
    });
    let cookie_parameters: Vec<_> =
        operation.parameters.iter().filter(|p| p.location == ParameterLocation::Cookie).collect();
    let cookies = (!cookie_parameters.is_empty()).then(|| {
        let pushes = cookie_parameters.iter().map(|parameter| {
            let field = ident(&parameter.rust_name);
            let wire = &parameter.wire_name;
            if parameter.required {
                quote!(cookies.push(format!("{}={}", #wire, params.#field));)
            } else {
                quote!(if let Some(value) = &params.#field { cookies.push(format!("{}={value}", #wire)); })
            }
        });
        quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#pushes)*
            let request = if cookies.is_empty() { request } else { request.header(reqwest::header::COOKIE, cookies.join("; ")) };
        }
    });
    let method = format_ident!("{}", operation.method.to_uppercase());
    let body = operation.body.as_ref().map(|body| {
        let encode = match &body.media {
            Media::Json(media) => quote!(support::json_body(request, #media, body)?),
            Media::Form => quote!(request.form(body)),
            Media::Text(media) => quote!(request.header(reqwest::header::CONTENT_TYPE, #media).body(body.to_owned())),
            Media::Bytes(media) => {
                let media = crate::model::sent_content_type(media);
                quote!(request.header(reqwest::header::CONTENT_TYPE, #media).body(body.to_vec()))
            }
            Media::Multipart => match super::form::form_of(api, &body.ty) {
                Some(form) => super::form::encode(form),
                None => quote!(request
                    .header(reqwest::header::CONTENT_TYPE, body.content_type.as_str())
                    .body(body.bytes.clone())),
            },
        };
        match (body.required, &body.media) {
            (true, Media::Json(_)) => quote!(let request = #encode;),
            (true, _) => quote!(let request = { #encode };),
            (false, Media::Json(_)) => quote!(let request = match body { Some(body) => #encode, None => request };),
            (false, _) => quote!(let request = match body { Some(body) => { #encode } None => request };),
        }
    });
    let has_query = operation.parameters.iter().any(|p| p.location == ParameterLocation::Query);
    let query_declaration = if has_query {
        quote!(let mut query = support::Query::default(); #(#query)*)
    } else {
        quote!(let query = support::Query::default();)
    };
    let accept =
        operation.accept.as_ref().map(|accept| quote!(let request = request.header(reqwest::header::ACCEPT, #accept);));
    let finish = finish_call(api, operation, quote!(request));
    quote! {
        #query_declaration
        #path_declaration
        let request = self.connection.request(support::Method::#method, #path, &query)?;
        #accept
        #(let request = #headers;)*
        #cookies
        #body
        #finish
    }
}

/// The path as its template (`/orgs/{org}/repos`) and the fields that fill
/// it in order, when every parameter in it is a plain segment (no style
/// to apply) and no literal text holds a brace.
fn plain_template(api: &Api, operation: &Operation) -> Option<(String, Vec<proc_macro2::Ident>)> {
    let mut template = String::new();
    let mut fields = Vec::new();
    for pieces in &operation.segments {
        template.push('/');
        for piece in pieces {
            match piece {
                Piece::Literal(text) if text.contains(['{', '}']) => return None,
                Piece::Literal(text) => template.push_str(text),
                Piece::Parameter(name) => {
                    if styled_path_argument(api, operation, name, pieces.len() == 1).is_some() {
                        return None;
                    }
                    template.push_str(&format!("{{{name}}}"));
                    fields.push(path_field(operation, name));
                }
            }
        }
    }
    Some((template, fields))
}

/// The `params` field of the path parameter `name`.
fn path_field(operation: &Operation, name: &str) -> proc_macro2::Ident {
    let parameter = operation.parameters.iter().find(|p| p.wire_name == name && p.location == ParameterLocation::Path);
    ident(&parameter.map_or_else(|| crate::model::names::field_name(name), |p| p.rust_name.clone()))
}

/// A path parameter's escaped text: the plain segment, or its style's
/// expansion when it has a segment of its own.
fn path_argument(api: &Api, operation: &Operation, name: &str, whole_segment: bool) -> TokenStream {
    styled_path_argument(api, operation, name, whole_segment).unwrap_or_else(|| {
        let field = path_field(operation, name);
        quote!(support::segment(&params.#field))
    })
}

/// A path parameter's text in its style (label, matrix, exploded, a list
/// or an object), or `None` for a plain segment.
fn styled_path_argument(api: &Api, operation: &Operation, name: &str, whole_segment: bool) -> Option<TokenStream> {
    let parameter = operation.parameters.iter().find(|p| p.wire_name == name && p.location == ParameterLocation::Path);
    let field = path_field(operation, name);
    let parameter = parameter.filter(|_| whole_segment)?;
    let Style::Expanded { expansion, explode } = parameter.style else {
        return None;
    };
    let list = matches!(parameter.ty, TypeRef::List(_));
    let object = super::operations::object_parameter(api, parameter).is_some();
    if !list && !object && expansion == Expansion::Simple {
        return None;
    }
    let expansion = super::operations::expansion_tokens(expansion);
    Some(if list {
        quote!(support::styled_list(#name, #expansion, #explode, &params.#field))
    } else if object {
        quote!(support::styled_object(#name, #expansion, #explode, &support::object_pairs(&params.#field)?))
    } else {
        quote!(support::styled_scalar(#name, #expansion, &params.#field))
    })
}

/// `support::Decode` for the operation's response enum: by status, the
/// variant and what it holds. One per enum: operations whose enums are one
/// (aliases) share it.
fn decoder(operation: &Operation) -> TokenStream {
    let response = format_ident!("{}Response", type_prefix(operation));
    let mut arms = Vec::new();
    let mut range_arms = Vec::new();
    let mut fallback = quote!(_ => return Err(answer.undocumented()),);
    for documented in &operation.responses {
        let variant = format_ident!("{}", variant_name(documented.status));
        let headers: Vec<TokenStream> = documented
            .headers
            .iter()
            .map(|header| {
                let field = ident(&header.rust_name);
                let wire = header.wire_name.to_ascii_lowercase();
                // The variant's field says the type.
                if header.required {
                    quote!(#field: support::required_header(answer, #wire)?,)
                } else {
                    quote!(#field: support::optional_header(answer, #wire)?,)
                }
            })
            .collect();
        let decode = match &documented.media {
            Media::Json(_) | Media::Form => quote!(support::body(answer)?),
            Media::Text(_) => quote!(support::text(answer)?),
            Media::Bytes(_) => quote!(answer.body.clone()),
            Media::Multipart => quote!(support::raw(answer)),
        };
        let body_field = documented.body.is_some().then(|| quote!(body: #decode,));
        let value = match super::operations::variant_shape(documented) {
            VariantShape::Unit => quote!(Self::#variant),
            VariantShape::Tuple => quote!(Self::#variant(#decode)),
            VariantShape::Struct => {
                let status_field = documented.status.is_open().then(|| quote!(status,));
                quote!(Self::#variant { #status_field #body_field #(#headers)* })
            }
        };
        match documented.status {
            Status::Code(status) => {
                let status = Literal::u16_unsuffixed(status);
                arms.push(quote!(#status => #value,));
            }
            // After every exact status: `2XX` documents the 2xx no code names.
            Status::Range(class) => {
                let (low, high) = (Literal::u16_unsuffixed(class * 100), Literal::u16_unsuffixed(class * 100 + 99));
                range_arms.push(quote!(status @ #low..=#high => #value,));
            }
            Status::Default => fallback = quote!(status => #value,),
        }
    }
    if operation.responses.is_empty() {
        return quote! {
            impl support::Decode for #response {
                fn decode(answer: &support::Answer) -> Result<Self, support::ClientError> {
                    Err(answer.undocumented())
                }
            }
        };
    }
    quote! {
        impl support::Decode for #response {
            fn decode(answer: &support::Answer) -> Result<Self, support::ClientError> {
                let response = match answer.status {
                    #(#arms)*
                    #(#range_arms)*
                    #fallback
                };
                Ok(response)
            }
        }
    }
}
