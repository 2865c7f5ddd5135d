//! The reqwest client of one API: `Client` with builder-style setters for
//! credentials, default headers, timeout and retry, one method per
//! operation returning the shared response enums, a pager for paginated
//! lists and a `_sparse` method for operations with a sparse fieldset.

use super::doc;
use super::module::{chunked, Part, METHODS_PER_IMPL};
use super::operations::type_prefix;
use super::tokens::{ident, rust_type};
use crate::model::{
    Api, Expansion, KeyLocation, Media, Operation, ParameterLocation, Piece, SchemeKind, Status, Style, TypeRef,
};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn parts(api: &Api) -> Vec<Part<'_>> {
    let head: Part = Box::new(move || {
        let doc = doc::inner(Some(&format!(
            "The reqwest client of {}: `Client::new(base_url)`, then one method per operation.",
            api.title
        )));
        let client = client_struct(api);
        quote! {
            #doc
            use super::types::*;
            use crate::support::client as support;

            #client
        }
    });
    let operations: Vec<&Operation> = api.operations.iter().collect();
    let mut parts = vec![head];
    // A large API's methods come in several `impl Client` blocks, a part each.
    parts.extend(chunked(&operations, METHODS_PER_IMPL, move |part| {
        // Moved in, not interpolated: `quote!` would copy every token once more
        // (a group is interpolated as a handle to its tokens).
        let methods: TokenStream = part.iter().map(|operation| methods(api, operation)).collect();
        let methods = proc_macro2::Group::new(proc_macro2::Delimiter::Brace, methods);
        quote!(impl Client #methods)
    }));
    parts
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
            let mut request = self.connection.prepare(request)?;
            for credentials in self.credentials.iter().filter(|held| schemes.contains(&held.scheme())) {
                request = match credentials {
                    #(#apply_arms)*
                };
            }
        }
    } else {
        quote!(let request = self.connection.prepare(request)?;)
    };
    // Only an API with a stream of events has them to reconnect.
    let reconnect = api.operations.iter().any(super::operations::streams).then(|| {
        quote! {
            /// Asks again, up to `max_reconnects` times in a row, for a stream
            /// of server-sent events whose connection drops: the same request,
            /// with the last event's id as `Last-Event-ID`, after the wait the
            /// stream's `retry:` gave (3 s without one). Off by default.
            pub fn reconnect_events(mut self, max_reconnects: u32) -> Self {
                self.connection.set_reconnects(max_reconnects);
                self
            }
        }
    });
    // Where the spec documents redirects (GitHub's `302` of a download, with
    // its `Location`), they are answers of their own, not followed.
    let redirects = api
        .operations
        .iter()
        .flat_map(|operation| &operation.responses)
        .any(|response| matches!(response.status, Status::Code(300..=399) | Status::Range(3)));
    let (http, new_doc) = if redirects {
        (
            quote!(reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?),
            quote! {
                ///
                /// Redirects are not followed: the spec documents them, and each is
                /// its operation's answer (with its `Location`).
            },
        )
    } else {
        (quote!(reqwest::Client::new()), TokenStream::new())
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
            #new_doc
            pub fn new(base_url: &str) -> Result<Self, support::ClientError> {
                Self::with_http_client(#http, base_url)
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

            /// Refuses answers with values the spec does not list: an enum's
            /// value, a discriminator's, a key of an object that allows no
            /// other. By default they are kept (an enum's `Unknown`) or
            /// passed over, so this client survives a newer server.
            pub fn strict(mut self) -> Self {
                self.connection.set_strict(true);
                self
            }

            /// Sends a call again as `retry` says: by default (`Retry::new(n)`)
            /// up to `n` times, on connection failures, timeouts, 408, 429,
            /// 502, 503 and 504, for idempotent methods, after the answer's
            /// `Retry-After` or an exponential back-off with jitter.
            pub fn retry(mut self, retry: support::Retry) -> Self {
                self.connection.set_retry(retry);
                self
            }

            /// Retries a 429 answer up to `max_retries` times, after the
            /// `Retry-After` it gives, when that is at most `max_wait` (else
            /// after a back-off).
            pub fn retry_on_429(self, max_retries: u32, max_wait: std::time::Duration) -> Self {
                let only_429 = support::Retry { max_wait, any_method: true, only_429: true, ..support::Retry::new(max_retries) };
                self.retry(only_429)
            }

            /// Runs `hook` on each request before it is sent, and again on
            /// each retry: it may change the request (sign it, add a header)
            /// or stop it with an error, which the call fails with
            /// (`ClientError::Hook`). `call.operation` is the method's name.
            pub fn on_request(
                mut self,
                hook: impl Fn(&support::Call, &mut reqwest::Request) -> Result<(), support::HookError> + Send + Sync + 'static,
            ) -> Self {
                self.connection.on_request(hook);
                self
            }

            /// Runs `hook` on what came of each attempt, retries included:
            /// the answer's status and headers, or the failure to get one,
            /// and the time it took (for metrics and logs).
            pub fn on_answer(mut self, hook: impl Fn(&support::Call, &support::Sent<'_>) + Send + Sync + 'static) -> Self {
                self.connection.on_answer(hook);
                self
            }

            #reconnect
            #finish_doc
            fn finish(&self, request: support::Request<'_>, #schemes_parameter) -> Result<reqwest::Request, support::ClientError> {
                #apply_credentials
                self.connection.finish(request)
            }
        }
    }
}

/// The statuses whose answers are binary, as a function of the status
/// (`|status| matches!(status, 200 | 206)`): those answers are left
/// unread, for their `Binary` to stream. An exact code is its own even
/// within a binary range, as a range within a binary default.
fn binary_statuses(operation: &Operation) -> TokenStream {
    let pattern = super::operations::status_pattern;
    let (binary, other): (Vec<_>, Vec<_>) =
        operation.responses.iter().partition(|response| response.body.as_ref() == Some(&TypeRef::Bytes));
    let rank = super::operations::status_rank;
    let binary_widest = binary.iter().map(|response| rank(response.status)).max().unwrap_or(0);
    let yes: Vec<TokenStream> = binary.iter().map(|response| pattern(response.status)).collect();
    // The other answers more specific than the widest binary one are theirs.
    let no: Vec<TokenStream> = other
        .iter()
        .filter(|response| rank(response.status) < binary_widest)
        .map(|response| pattern(response.status))
        .collect();
    match (binary_widest, no.is_empty()) {
        (2, true) => quote!(|_| true),
        (2, false) => quote!(|status| !matches!(status, #(#no)|*)),
        (_, true) => quote!(|status| matches!(status, #(#yes)|*)),
        (_, false) => quote!(|status| matches!(status, #(#yes)|*) && !matches!(status, #(#no)|*)),
    }
}

fn request_builder_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}_request", operation.method_name)
}

/// The operation's method, and its pager or sparse variant. An operation
/// with either has its request built by a private method of its own,
/// which they share.
fn methods(api: &Api, operation: &Operation) -> TokenStream {
    let name = ident(&operation.method_name);
    let response = format_ident!("{}Response", type_prefix(operation));
    let mut arguments = Vec::new();
    let mut passed = Vec::new();
    if !operation.parameters.is_empty() {
        let params = format_ident!("{}Params", type_prefix(operation));
        arguments.push(quote!(params: &#params));
        passed.push(quote!(params));
    }
    if let Some(body) = &operation.body {
        // Text is borrowed as a slice, `&str`; a binary body is taken
        // whole (it may be a stream): anything that becomes one, if required.
        let ty = match &body.ty {
            TypeRef::String => quote!(str),
            // `None` is `null`, or no body when it is optional.
            TypeRef::OrNull(inner) => rust_type(api, inner),
            other => rust_type(api, other),
        };
        let optional = !body.required || body.admits_null();
        arguments.push(match (optional, &body.ty) {
            (false, TypeRef::Bytes) => quote!(body: impl Into<#ty>),
            (true, TypeRef::Bytes) => quote!(body: Option<#ty>),
            (true, _) => quote!(body: Option<&#ty>),
            (false, _) => quote!(body: &#ty),
        });
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
    let finish = finish_call(api, operation, quote!(request));
    // An operation that answers events or binary bodies leaves them to be streamed.
    let (call, streamed) = if super::operations::streams(operation) {
        (format_ident!("call_events"), None)
    } else if super::operations::answers_binary(operation) {
        (format_ident!("call_streamed"), Some(binary_statuses(operation)))
    } else {
        (format_ident!("call"), None)
    };
    let streamed = streamed.map(|statuses| quote!(, #statuses));
    let id = &operation.method_name;
    let sparse = operation.parameters.iter().find(|p| p.sparse_fieldset);
    if sparse.is_none() && operation.paging.is_none() {
        return quote! {
            #method_doc
            pub fn #name(&self, #(#arguments),*) -> impl support::Pending<#response> + '_ {
                let request = #request;
                self.connection.#call(#id, #finish #streamed)
            }
        };
    }
    let builder = request_builder_name(operation);
    let built = quote!(self.#builder(#(#passed),*));
    let mut items = quote! {
        #method_doc
        pub fn #name(&self, #(#arguments),*) -> impl support::Pending<#response> + '_ {
            self.connection.#call(#id, #built #streamed)
        }

        fn #builder(&self, #(#arguments),*) -> Result<reqwest::Request, support::ClientError> {
            let request = #request;
            #finish
        }
    };
    if let Some(sparse) = sparse {
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
                let answer = self.connection.send(#id, #built?).await?;
                if sparse && (200..300).contains(&answer.status) {
                    return support::body(&answer).map(support::Sparse::Fields);
                }
                <#response as support::Decode>::decode(&answer).map(support::Sparse::Other)
            }
        });
    }
    if let Some(paging) = &operation.paging {
        let follow = |link: TokenStream| finish_call(api, operation, quote!(support::Request::follow(#link)));
        items.extend(super::pager::pager(api, operation, paging, (&arguments, &built), &builder, follow));
    }
    items
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

/// The operation's `support::Request`: its path, then a call per query
/// parameter, header, cookie and body.
fn build_request(api: &Api, operation: &Operation) -> TokenStream {
    let start = match plain_template(api, operation) {
        // `support::Request::get(..)`: one constructor per method of OpenAPI.
        Some((template, fields)) => {
            let constructor = format_ident!("{}", operation.method);
            quote!(support::Request::#constructor(#template, &[#(&params.#fields),*]))
        }
        None => {
            let method = format_ident!("{}", operation.method.to_uppercase());
            let path = styled_path(api, operation);
            quote!(support::Request::with_path(support::Method::#method, #path))
        }
    };
    let value = |parameter: &crate::model::Parameter| {
        let field = ident(&parameter.rust_name);
        if parameter.required {
            quote!(Some(&params.#field))
        } else {
            quote!(params.#field.as_ref())
        }
    };
    let mut steps = Vec::new();
    // Constants first: AWS's `Action` and `Version` lead its queries.
    let constants = |location| operation.constants.iter().filter(move |c| c.location == location);
    for constant in constants(ParameterLocation::Query) {
        let (wire, value) = (&constant.wire_name, &constant.value);
        steps.push(quote!(.query(#wire, Some(&#value))));
    }
    for parameter in operation.parameters.iter().filter(|p| p.location == ParameterLocation::Query) {
        let wire = &parameter.wire_name;
        let value = value(parameter);
        steps.push(if super::operations::object_parameter(api, parameter).is_some() {
            let deep = parameter.style == Style::Deep;
            quote!(.query_object(#wire, #value, #deep))
        } else {
            match (&parameter.ty, parameter.style) {
                (_, Style::Json) => quote!(.query_json(#wire, #value)),
                (TypeRef::List(_), Style::Repeated | Style::Deep) => quote!(.query_items(#wire, #value, None)),
                (TypeRef::List(_), Style::Joined(separator)) => quote!(.query_items(#wire, #value, Some(#separator))),
                _ => quote!(.query(#wire, #value)),
            }
        });
    }
    if let Some(accept) = &operation.accept {
        steps.push(quote!(.accept(#accept)));
    }
    for constant in constants(ParameterLocation::Header) {
        let (wire, value) = (&constant.wire_name, &constant.value);
        steps.push(quote!(.header(#wire, Some(&#value))));
    }
    for constant in constants(ParameterLocation::Cookie) {
        let (wire, value) = (&constant.wire_name, &constant.value);
        steps.push(quote!(.cookie(#wire, Some(&#value))));
    }
    for parameter in operation.parameters.iter().filter(|p| p.location == ParameterLocation::Header) {
        let wire = &parameter.wire_name;
        let value = value(parameter);
        steps.push(if parameter.style == Style::Json {
            quote!(.header_json(#wire, #value))
        } else if let (Some(_), Style::Expanded { explode, .. }) =
            (super::operations::object_parameter(api, parameter), parameter.style)
        {
            quote!(.header_object(#wire, #value, #explode))
        } else if matches!(parameter.ty, TypeRef::List(_)) {
            // A list header is its items joined by commas (`style: simple`).
            quote!(.header_items(#wire, #value))
        } else {
            quote!(.header(#wire, #value))
        });
    }
    for parameter in operation.parameters.iter().filter(|p| p.location == ParameterLocation::Cookie) {
        let wire = &parameter.wire_name;
        let value = value(parameter);
        steps.push(quote!(.cookie(#wire, #value)));
    }
    if let Some(body) = &operation.body {
        let given = match (body.required, body.admits_null()) {
            // `Some(&None)` is sent as `null`.
            (true, true) => quote!(Some(&body)),
            (true, false) => quote!(Some(body)),
            (false, _) => quote!(body),
        };
        steps.push(match &body.media {
            Media::Json(media) => quote!(.json(#media, #given)),
            Media::Form(fields) => {
                let styles = super::form::urlencoded_styles(fields);
                quote!(.form(#given, #styles))
            }
            // (Events are answers only: a request's `text/event-stream` is text.)
            Media::Text(media) | Media::Events(media) if body.ty == TypeRef::String => quote!(.text(#media, #given)),
            Media::Text(media) | Media::Events(media) => quote!(.text_value(#media, #given)),
            Media::Bytes(media) => {
                let media = crate::model::sent_content_type(media);
                let given = if body.required && !body.admits_null() { quote!(Some(body.into())) } else { quote!(body) };
                quote!(.binary(#media, #given))
            }
            Media::Multipart => match super::form::form_of(api, &body.ty) {
                Some(form) => {
                    let encode = super::form::encode(form);
                    quote!(.body_with(#given, |request, body| { #encode }))
                }
                None => quote!(.raw(#given)),
            },
        });
    }
    quote!(#start #(#steps)*)
}

/// The escaped path of an operation whose parameters are not all plain
/// segments: `Ok([..].concat())`, its literal text and each parameter in
/// its style; an object parameter's properties are read first, and may
/// fail.
fn styled_path(api: &Api, operation: &Operation) -> TokenStream {
    let mut parts = Vec::new();
    let mut objects = Vec::new();
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
                    let argument = path_argument(api, operation, name, pieces.len() == 1, &mut objects);
                    parts.push(quote!(&#argument));
                }
            }
        }
    }
    // The template's own query, which `support::url` sends as one.
    if let Some(query) = &operation.query_literal {
        literal.push('?');
        literal.push_str(query);
    }
    if !literal.is_empty() {
        parts.push(quote!(#literal));
    }
    let path = match parts.as_slice() {
        // Only literal text (with a brace in it, or the template would do).
        [only] => quote!(#only.to_owned()),
        _ => quote!([#(#parts),*].concat()),
    };
    let Some(((last_pairs, last_field), outer)) = objects.split_last() else {
        return quote!(Ok(#path));
    };
    let mut path = quote!(support::object_pairs(&params.#last_field).map(|#last_pairs| #path));
    for (pairs, field) in outer.iter().rev() {
        path = quote!(support::object_pairs(&params.#field).and_then(|#pairs| #path));
    }
    path
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
                    if path_style(api, operation, name, pieces.len() == 1).is_some() {
                        return None;
                    }
                    template.push_str(&format!("{{{name}}}"));
                    fields.push(path_field(operation, name));
                }
            }
        }
    }
    if let Some(query) = &operation.query_literal {
        if query.contains(['{', '}']) {
            return None;
        }
        template.push('?');
        template.push_str(query);
    }
    Some((template, fields))
}

/// The `params` field of the path parameter `name`.
fn path_field(operation: &Operation, name: &str) -> proc_macro2::Ident {
    let parameter = operation.parameters.iter().find(|p| p.wire_name == name && p.location == ParameterLocation::Path);
    ident(&parameter.map_or_else(|| crate::names::field_name(name), |p| p.rust_name.clone()))
}

/// A path parameter's escaped text: the plain segment, or its style's
/// expansion when it has a segment of its own. An object parameter's
/// properties are a variable, read first: its name and field go to `objects`.
fn path_argument(
    api: &Api,
    operation: &Operation,
    name: &str,
    whole_segment: bool,
    objects: &mut Vec<(proc_macro2::Ident, proc_macro2::Ident)>,
) -> TokenStream {
    let field = path_field(operation, name);
    let Some(style) = path_style(api, operation, name, whole_segment) else {
        return quote!(support::segment(&params.#field));
    };
    let expansion = super::operations::expansion_tokens(style.expansion);
    let explode = style.explode;
    match style.shape {
        PathShape::List => quote!(support::styled_list(#name, #expansion, #explode, &params.#field)),
        PathShape::Object => {
            let pairs = format_ident!("{}_pairs", field.to_string().trim_start_matches("r#"));
            let argument = quote!(support::styled_object(#name, #expansion, #explode, &#pairs));
            objects.push((pairs, field));
            argument
        }
        PathShape::Scalar => quote!(support::styled_scalar(#name, #expansion, &params.#field)),
    }
}

/// How a path parameter with a segment of its own is expanded.
struct PathStyle {
    expansion: Expansion,
    explode: bool,
    shape: PathShape,
}

enum PathShape {
    Scalar,
    List,
    Object,
}

/// A path parameter's style (label, matrix, exploded, a list or an
/// object), or `None` for a plain segment.
fn path_style(api: &Api, operation: &Operation, name: &str, whole_segment: bool) -> Option<PathStyle> {
    let parameter = operation.parameters.iter().find(|p| p.wire_name == name && p.location == ParameterLocation::Path);
    let parameter = parameter.filter(|_| whole_segment)?;
    let Style::Expanded { expansion, explode } = parameter.style else {
        return None;
    };
    let shape = if matches!(parameter.ty, TypeRef::List(_)) {
        PathShape::List
    } else if super::operations::object_parameter(api, parameter).is_some() {
        PathShape::Object
    } else if expansion == Expansion::Simple {
        return None;
    } else {
        PathShape::Scalar
    };
    Some(PathStyle { expansion, explode, shape })
}
