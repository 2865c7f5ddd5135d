//! Which list operations page, and how: the shapes real APIs use, each
//! recognised only where it is unambiguous, from the `GET` operation's 200
//! answer (its type and headers) and its query parameters; or as the spec
//! declares it with `x-pagination` (Fern's `x-fern-pagination` is read
//! alike).

use crate::diagnostic::{Diagnostics, WarningKind};
use crate::model::{
    ConstrainedBase, Items, NextPage, Operation, Paging, Parameter, ParameterLocation, Presence, Status, Struct,
    TypeDef, TypeKind, TypeRef,
};
use serde_json::Value;

/// The extensions that declare an operation's paging.
const EXTENSIONS: [&str; 2] = ["x-pagination", "x-fern-pagination"];

/// Sets each operation's `paging`: as declared, else as found.
pub(super) fn find(
    document: &openapiv3::OpenAPI,
    types: &[TypeDef],
    operations: &mut [Operation],
    diagnostics: &mut Diagnostics,
) {
    for operation in operations {
        let declared = extension(document, &operation.pointer).and_then(|(name, value)| {
            let at = crate::json_pointer::push_pointer(&operation.pointer, name);
            let paging = declared(types, operation, value);
            if let Err(why) = &paging {
                let message =
                    format!("this paging is not followed ({why}); the shapes the client knows are looked for instead");
                diagnostics.warning(WarningKind::SpecMistake, at, message);
            }
            paging.ok()
        });
        operation.paging = declared.or_else(|| paging(types, operation));
    }
}

/// The paging extension of the operation at `pointer`, and its name.
fn extension<'a>(document: &'a openapiv3::OpenAPI, pointer: &str) -> Option<(&'static str, &'a Value)> {
    let (path, method) = pointer.strip_prefix("/paths/")?.rsplit_once('/')?;
    let item = document.paths.paths.get(crate::json_pointer::unescape(path).as_ref())?.as_item()?;
    let operation = item.iter().find(|(name, _)| *name == method)?.1;
    EXTENSIONS.iter().find_map(|name| Some((*name, operation.extensions.get(*name)?)))
}

/// The paging an extension declares, Fern's way: `results:
/// $response.<list field>` (or `$response`, a list), and one of `cursor:
/// $request.<query parameter>` with `next_cursor: $response.<field>`,
/// `offset: $request.<query parameter>` (with `limit:` likewise, if
/// any), `next_url: $response.<field>`, or `link_header: true`.
fn declared(types: &[TypeDef], operation: &Operation, value: &Value) -> Result<Paging, String> {
    let text = |key: &str| value.get(key).and_then(Value::as_str);
    let field_of = |key: &str| -> Result<Option<&str>, String> {
        match text(key) {
            None => Ok(None),
            Some(path) => match path.strip_prefix("$response") {
                Some("") => Ok(Some("")),
                Some(rest) => rest
                    .strip_prefix('.')
                    .filter(|name| !name.contains('.'))
                    .map(Some)
                    .ok_or_else(|| format!("`{key}: {path}` is not a field of the answer's body itself")),
                None => Err(format!("`{key}: {path}` does not start with `$response`")),
            },
        }
    };
    let parameter_of = |key: &str| -> Result<Option<&Parameter>, String> {
        let Some(path) = text(key) else { return Ok(None) };
        let name = path.strip_prefix("$request.").ok_or_else(|| format!("`{key}: {path}` is not `$request.<name>`"))?;
        let parameter = operation.parameters.iter().find(|p| p.wire_name == name && is_optional_query(p));
        parameter.map(Some).ok_or_else(|| format!("`{key}`: the operation has no optional query parameter `{name}`"))
    };
    let ok = operation.responses.iter().find(|response| response.status == Status::Code(200));
    let body = ok.and_then(|ok| ok.body.as_ref()).ok_or("the operation has no 200 answer with a body")?;
    let page = match body {
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Struct(page) => Some(page),
            _ => None,
        },
        _ => None,
    };
    let field = |name: &str| page.and_then(|page| page.fields.iter().find(|field| field.wire_name == name));
    let items = match field_of("results")? {
        Some("") | None if matches!(body, TypeRef::List(_)) => Items::Body,
        Some(name) => match field(name) {
            Some(field) if matches!(field.ty, TypeRef::List(_)) => {
                Items::Field(field.rust_name.clone(), field.presence.clone())
            }
            _ => return Err(format!("`results`: the answer has no list `{name}`")),
        },
        None => return Err("`results` is missing".to_owned()),
    };
    if let (Some(cursor), Some(next)) = (parameter_of("cursor")?, field_of("next_cursor")?) {
        let next = field(next).filter(|field| is_string(types, &field.ty) && is_string(types, &cursor.ty));
        let next = next.ok_or("`next_cursor` and `cursor` must be strings")?;
        let (field, presence, parameter) = (next.rust_name.clone(), next.presence.clone(), cursor.rust_name.clone());
        return Ok(Paging { next: NextPage::Token { field, presence, parameter }, items });
    }
    if let Some(offset) = parameter_of("offset")? {
        let limit = parameter_of("limit")?;
        let integers = is_integer(types, &offset.ty) && limit.is_none_or(|limit| is_integer(types, &limit.ty));
        integers.then_some(()).ok_or("`offset` and `limit` must be integers")?;
        let (offset, limit) = (offset.rust_name.clone(), limit.map(|limit| limit.rust_name.clone()));
        return Ok(Paging { next: NextPage::Offset { offset, limit }, items });
    }
    if let Some(next) = field_of("next_url")? {
        let next = field(next).filter(|field| matches!(field.ty, TypeRef::String | TypeRef::Uri));
        let next = next.ok_or("`next_url` must be a string field")?;
        return Ok(Paging { next: NextPage::LinkField(next.rust_name.clone(), next.presence.clone()), items });
    }
    if value.get("link_header").and_then(Value::as_bool) == Some(true) {
        return Ok(Paging { next: NextPage::LinkHeader, items });
    }
    Err("it names none of `cursor` with `next_cursor`, `offset`, `next_url`, `link_header`".to_owned())
}

fn paging(types: &[TypeDef], operation: &Operation) -> Option<Paging> {
    if operation.method != "get" {
        return None;
    }
    let ok = operation.responses.iter().find(|response| response.status == Status::Code(200))?;
    let link_header = ok.headers.iter().any(|header| header.wire_name.eq_ignore_ascii_case("link"));
    let page = match ok.body.as_ref()? {
        TypeRef::List(_) => None,
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Struct(page) => Some(page),
            _ => return None,
        },
        _ => return None,
    };
    let Some(page) = page else {
        // A list: GitHub's `Link`, else an offset.
        let next = match link_header {
            true => Some(NextPage::LinkHeader),
            false => operation
                .body
                .as_ref()
                .is_none_or(|body| body.ty != TypeRef::Bytes)
                .then(|| offset(types, operation))
                .flatten(),
        };
        return next.map(|next| Paging { next, items: Items::Body });
    };
    let items = items_field(page)?;
    let next = link_field(page).or_else(|| link_header.then_some(NextPage::LinkHeader));
    // The shapes that ask again with other parameters send the same body
    // again, if any (Stripe's `GET`s declare an empty form): not a
    // binary one, which may be a stream.
    let asks_again = operation.body.as_ref().is_none_or(|body| body.ty != TypeRef::Bytes);
    let next = next
        .or_else(|| asks_again.then(|| token(types, page, operation)).flatten())
        .or_else(|| asks_again.then(|| has_more(types, page, items, operation)).flatten())
        .or_else(|| asks_again.then(|| offset(types, operation)).flatten())?;
    Some(Paging { next, items: Items::Field(items.rust_name.clone(), items.presence.clone()) })
}

/// The list a page holds: its one list field, or among several the one
/// named as APIs name them.
fn items_field(page: &Struct) -> Option<&crate::model::Field> {
    let lists: Vec<_> = page.fields.iter().filter(|field| matches!(field.ty, TypeRef::List(_))).collect();
    match lists[..] {
        [only] => Some(only),
        _ => ["results", "data", "items", "entries", "records", "values"]
            .iter()
            .find_map(|name| lists.iter().copied().find(|field| field.wire_name == *name)),
    }
}

/// Django REST Framework: a nullable `next` link beside `results`.
fn link_field(page: &Struct) -> Option<NextPage> {
    page.fields.iter().any(|field| field.wire_name == "results").then_some(())?;
    let next = page.fields.iter().find(|field| {
        field.wire_name == "next"
            && matches!(field.ty, TypeRef::String | TypeRef::Uri)
            && matches!(field.presence, Presence::OptionalNullable | Presence::RequiredNullable)
    })?;
    Some(NextPage::LinkField(next.rust_name.clone(), next.presence.clone()))
}

/// A string field `next…` (`next_cursor`, `nextPageToken`, `nextToken`)
/// and an optional string query parameter of the rest of its name
/// (`cursor`, `pageToken`) or of its own (`nextToken`, AWS).
fn token(types: &[TypeDef], page: &Struct, operation: &Operation) -> Option<NextPage> {
    page.fields.iter().find_map(|field| {
        if !is_string(types, &field.ty) || matches!(field.presence, Presence::Defaulted { .. }) {
            return None;
        }
        let name = normalized(&field.wire_name);
        let rest = name.strip_prefix("next")?;
        let parameter = operation.parameters.iter().find(|parameter| {
            is_optional_query(parameter)
                && is_string(types, &parameter.ty)
                && [rest, name.as_str()].contains(&normalized(&parameter.wire_name).as_str())
        })?;
        (!rest.is_empty()).then_some(())?;
        Some(NextPage::Token {
            field: field.rust_name.clone(),
            presence: field.presence.clone(),
            parameter: parameter.rust_name.clone(),
        })
    })
}

/// Stripe: `has_more`, items with a string `id`, and `starting_after`.
fn has_more(types: &[TypeDef], page: &Struct, items: &crate::model::Field, operation: &Operation) -> Option<NextPage> {
    let flag = page.fields.iter().find(|field| {
        field.wire_name == "has_more" && field.ty == TypeRef::Bool && field.presence == Presence::Required
    })?;
    let TypeRef::List(item) = &items.ty else { return None };
    let TypeRef::Named(item) = item.as_ref() else { return None };
    let TypeKind::Struct(item) = &types[*item].kind else { return None };
    let id = item
        .fields
        .iter()
        .find(|field| field.wire_name == "id" && is_string(types, &field.ty) && field.presence == Presence::Required)?;
    let parameter = operation.parameters.iter().find(|parameter| {
        is_optional_query(parameter) && parameter.wire_name == "starting_after" && is_string(types, &parameter.ty)
    })?;
    Some(NextPage::HasMore {
        flag: flag.rust_name.clone(),
        parameter: parameter.rust_name.clone(),
        id: id.rust_name.clone(),
    })
}

/// An optional integer query parameter `offset`, and the limit beside it if any.
fn offset(types: &[TypeDef], operation: &Operation) -> Option<NextPage> {
    let integer = |parameter: &&Parameter| is_optional_query(parameter) && is_integer(types, &parameter.ty);
    let offset = operation.parameters.iter().filter(integer).find(|parameter| parameter.wire_name == "offset")?;
    let limit = operation.parameters.iter().filter(integer).find(|parameter| {
        ["limit", "page_size", "pageSize", "per_page", "perPage", "max_results", "maxResults"]
            .contains(&parameter.wire_name.as_str())
    });
    Some(NextPage::Offset { offset: offset.rust_name.clone(), limit: limit.map(|limit| limit.rust_name.clone()) })
}

/// A string, plain or checked (`maxLength: 5000`, as Stripe's ids).
fn is_string(types: &[TypeDef], ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String => true,
        TypeRef::Named(id) => matches!(
            &types[*id].kind,
            TypeKind::Constrained(constrained) if matches!(constrained.base, ConstrainedBase::String { .. })
        ),
        _ => false,
    }
}

fn is_optional_query(parameter: &Parameter) -> bool {
    parameter.location == ParameterLocation::Query && !parameter.required
}

/// An integer, plain or checked (`minimum: 0`).
fn is_integer(types: &[TypeDef], ty: &TypeRef) -> bool {
    match ty {
        TypeRef::I32 | TypeRef::I64 => true,
        TypeRef::Named(id) => matches!(
            &types[*id].kind,
            TypeKind::Constrained(constrained) if matches!(constrained.base, ConstrainedBase::Integer { .. })
        ),
        _ => false,
    }
}

/// A name compared across styles: `page_token`, `pageToken`, `PageToken` are one.
fn normalized(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}
