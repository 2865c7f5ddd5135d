//! The statuses the generated server answers on its own, before a handler
//! runs, and a warning for each operation whose spec documents none of
//! some of them: a client reading the spec would not expect that answer.
//!
//! Left out on purpose: 405, which answers a method no operation has (so no
//! operation could document it), and 500, which answers a handler's own
//! `Err` rather than anything the request did.

use crate::diagnostic::{Diagnostics, WarningKind};
use crate::model::{Body, Media, Operation, ParameterLocation, Status, TypeRef};

/// A status the server may answer before the handler runs, and why.
struct Own {
    status: u16,
    why: &'static str,
}

/// Warns, at each operation's pointer, of the statuses it may answer on its
/// own that neither an exact code, a range (`4XX`) nor `default` documents.
pub(crate) fn check_documented(operations: &[Operation], diagnostics: &mut Diagnostics) {
    for operation in operations {
        let missing: Vec<Own> =
            own_statuses(operation).into_iter().filter(|own| !documents(operation, own.status)).collect();
        if missing.is_empty() {
            continue;
        }
        let mut listed: Vec<String> = missing.iter().map(|own| format!("{} ({})", own.status, own.why)).collect();
        let last = listed.pop().expect("missing is not empty");
        let listed = if listed.is_empty() { last } else { format!("{} and {last}", listed.join(", ")) };
        let add = if missing.len() == 1 { "it" } else { "them" };
        diagnostics.warning(WarningKind::UndocumentedStatus,
            operation.pointer.clone(),
            format!(
                "undocumented status: the generated server answers {listed} before the handler runs, and the operation documents no such response; add {add} (or a `4XX` or `default` response)"
            ),
        );
    }
}

fn documents(operation: &Operation, status: u16) -> bool {
    operation.responses.iter().any(|response| match response.status {
        Status::Code(code) => code == status,
        Status::Range(class) => class == status / 100,
        Status::Default => true,
    })
}

fn own_statuses(operation: &Operation) -> Vec<Own> {
    let mut own = Vec::new();
    let parameter_fails = operation.parameters.iter().any(|p| match p.location {
        ParameterLocation::Path => false,
        // A header value that is not visible ASCII is refused, whatever its type.
        ParameterLocation::Header => true,
        ParameterLocation::Query | ParameterLocation::Cookie => p.required || !reads_any_text(&p.ty),
    });
    if parameter_fails || !operation.constants.is_empty() {
        own.push(Own { status: 400, why: "a query parameter, header or cookie that is missing or does not read" });
    } else if operation.body.as_ref().is_some_and(body_fails) {
        own.push(Own { status: 400, why: "a body that is missing or does not read" });
    }
    if operation.requires_credentials {
        own.push(Own { status: 401, why: "a request without the credentials the operation requires" });
    }
    if operation.parameters.iter().any(|p| p.location == ParameterLocation::Path && !reads_any_text(&p.ty)) {
        own.push(Own { status: 404, why: "a path parameter that does not read, as a path to no resource" });
    }
    if let Some(body) = &operation.body {
        own.push(Own { status: 413, why: "a body over the server's size limit" });
        if !accepts_any_media(body) {
            own.push(Own { status: 415, why: "a body of an undeclared media type" });
        }
    }
    own
}

/// Whether a parameter of this type takes any text: a string, or a list of strings.
fn reads_any_text(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String => true,
        TypeRef::List(item) => matches!(item.as_ref(), TypeRef::String),
        _ => false,
    }
}

/// Whether a body can be refused with a 400: one that must be sent, or one
/// that is decoded (JSON, a form, UTF-8 text, multipart parts; not bytes,
/// nor a multipart body kept whole).
fn body_fails(body: &Body) -> bool {
    body.required || !(matches!(body.media, Media::Bytes(_)) || body.ty == TypeRef::RawBody)
}

/// Whether the body's media type is `*/*`, which any `Content-Type` matches.
fn accepts_any_media(body: &Body) -> bool {
    std::iter::once(&body.media)
        .chain(&body.also)
        .any(|media| matches!(media, Media::Bytes(declared) if declared == "*/*"))
}
