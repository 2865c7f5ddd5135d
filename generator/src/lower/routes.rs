//! Routes and parameters as a server tells them apart: an operation's path
//! as axum's route, operations no router can tell apart, and parameters
//! loosened to text where their type does not travel as text.

use crate::diagnostic::WarningKind;
use crate::model::{Expansion, Operation, ParameterLocation, Piece, Style, TypeRef};

/// `/critics/{p1}`: parameters by position; literal braces doubled for axum.
pub(super) fn route(segments: &[Vec<crate::model::Piece>]) -> String {
    use crate::model::Piece;
    let mut route = String::new();
    for (index, pieces) in segments.iter().enumerate() {
        route.push('/');
        match pieces.as_slice() {
            [Piece::Literal(text)] => route.push_str(&text.replace('{', "{{").replace('}', "}}")),
            _ => route.push_str(&format!("{{p{index}}}")),
        }
    }
    route
}

/// Operations a server cannot tell apart (one method, one template but for
/// its parameters' names, and no [selector](crate::model::Condition) that
/// differs: `GET /a/{id}` and `GET /a/{name}`; not `GET /v1/{name}` and
/// `GET /v1/{name}:getConfig`): the first stands, the others are left out
/// with a warning.
pub(super) fn drop_unroutable(operations: &mut Vec<Operation>, diagnostics: &mut crate::diagnostic::Diagnostics) {
    // The template's shape: its literal text, each parameter `{}`.
    let shape = |operation: &Operation| -> String {
        let mut shape = String::new();
        for pieces in &operation.segments {
            shape.push('/');
            for piece in pieces {
                match piece {
                    Piece::Literal(text) => shape.push_str(text),
                    Piece::Parameter(_) => shape.push_str("{}"),
                }
            }
        }
        shape
    };
    type Key = (String, String, String, Vec<crate::model::Condition>);
    let mut seen: std::collections::BTreeMap<Key, String> = std::collections::BTreeMap::new();
    operations.retain(|operation| {
        let key = (operation.method.clone(), operation.route.clone(), shape(operation), operation.selector.clone());
        match seen.get(&key) {
            Some(first) => {
                diagnostics.warning(
                    WarningKind::LeftOut,
                    &operation.pointer,
                    format!(
                        "{} {} cannot be told apart from {first} by its path: left out",
                        operation.method.to_uppercase(),
                        operation.path
                    ),
                );
                false
            }
            None => {
                seen.insert(key, format!("{} {}", operation.method.to_uppercase(), operation.path));
                true
            }
        }
    });
}

/// `/critics/{kind}.json` → `[[critics], [{kind}, .json]]`.
pub(super) fn segments(path: &str) -> Vec<Vec<crate::model::Piece>> {
    use crate::model::Piece;
    path.trim_start_matches('/')
        .split('/')
        .map(|segment| {
            let mut pieces = Vec::new();
            let mut rest = segment;
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}').map(|i| open + i) else { break };
                if open > 0 {
                    pieces.push(Piece::Literal(rest[..open].to_owned()));
                }
                pieces.push(Piece::Parameter(rest[open + 1..close].to_owned()));
                rest = &rest[close + 1..];
            }
            if !rest.is_empty() || pieces.is_empty() {
                pieces.push(Piece::Literal(rest.to_owned()));
            }
            pieces
        })
        .collect()
}

/// Parameters and headers travel as text: scalars, lists of scalars, and
/// objects whose properties are scalars, in their style. A type that does
/// not (a nested object, a `oneOf`, a list of lists, a styled value that
/// shares its path segment with other text) becomes the raw `String`, with
/// a warning. Runs once every type is lowered.
pub(super) fn loosen_parameters(
    types: &[crate::model::TypeDef],
    operations: &mut [Operation],
    diagnostics: &mut crate::diagnostic::Diagnostics,
) {
    for operation in operations.iter_mut() {
        let segments = &operation.segments;
        for parameter in operation.parameters.iter_mut() {
            // A styled path value is read from its own segment.
            let whole_segment = parameter.location != ParameterLocation::Path
                || segments.iter().any(|pieces| pieces == &[Piece::Parameter(parameter.wire_name.clone())]);
            let plain =
                !matches!(parameter.style, Style::Expanded { expansion: Expansion::Label | Expansion::Matrix, .. });
            let fits = match (&parameter.ty, parameter.location, parameter.style) {
                (_, _, Style::Json) => true,
                (TypeRef::List(item), ParameterLocation::Query | ParameterLocation::Header, _) => is_text(types, item),
                (TypeRef::List(item), ParameterLocation::Path, _) => whole_segment && is_text(types, item),
                (TypeRef::Named(id), ParameterLocation::Query, Style::Repeated | Style::Deep)
                | (TypeRef::Named(id), ParameterLocation::Path | ParameterLocation::Header, _)
                    if matches!(types[*id].kind, crate::model::TypeKind::Struct(_)) =>
                {
                    whole_segment && is_flat_struct(types, &types[*id].kind)
                }
                (ty, _, _) => (plain || whole_segment) && is_text(types, ty),
            };
            if !fits {
                diagnostics.warning(WarningKind::RawText,
                    &parameter.pointer,
                    "a parameter of this type is passed as its raw text: it is not a scalar, a list of scalars or an object of scalars in its own path segment, so its `style` is not applied",
                );
                parameter.ty = TypeRef::String;
                parameter.style = Style::Expanded { expansion: Expansion::Simple, explode: false };
                parameter.sparse_fieldset = false;
            }
        }
    }
    let headers =
        operations.iter_mut().flat_map(|operation| operation.responses.iter_mut()).flat_map(|r| r.headers.iter_mut());
    for header in headers {
        if !is_text(types, &header.ty) {
            diagnostics.warning(
                WarningKind::RawText,
                &header.pointer,
                "a header of this type is its raw text: lists and objects are not decoded",
            );
            header.ty = TypeRef::String;
        }
    }
}

/// An object whose properties are all text: it travels as one pair per property.
fn is_flat_struct(types: &[crate::model::TypeDef], kind: &crate::model::TypeKind) -> bool {
    match kind {
        crate::model::TypeKind::Struct(s) => {
            s.additional.is_none() && !s.fields.is_empty() && s.fields.iter().all(|f| !f.boxed && is_text(types, &f.ty))
        }
        _ => false,
    }
}

/// Whether a type parses from text and prints back (`FromStr` and `Display`).
fn is_text(types: &[crate::model::TypeDef], ty: &TypeRef) -> bool {
    use crate::model::{ConstrainedBase, TypeKind};
    match ty {
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Uuid
        | TypeRef::Email
        | TypeRef::Uri
        | TypeRef::Base64
        | TypeRef::DateTime
        | TypeRef::Date => true,
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Enum(_) => true,
            // An `enum` of numbers and booleans (`[true, false, 0, 1]`) reads
            // from its JSON text, which is its text.
            TypeKind::Constrained(c) => match &c.base {
                ConstrainedBase::Array { .. } => false,
                ConstrainedBase::Value { allowed } => {
                    !allowed.is_empty() && allowed.iter().all(|v| v.is_number() || v.is_boolean())
                }
                _ => true,
            },
            TypeKind::Alias(inner) => is_text(types, inner),
            // The user's type may not read from text: the parameter is loosened.
            TypeKind::Struct(_)
            | TypeKind::OneOf(_)
            | TypeKind::AnyOf(_)
            | TypeKind::Form(_)
            | TypeKind::External(_) => false,
        },
        TypeRef::Json | TypeRef::Bytes | TypeRef::RawBody | TypeRef::List(_) | TypeRef::Map(_) | TypeRef::OrNull(_) => {
            false
        }
    }
}
