//! Defaults the emitted code cannot build for their field's type are not
//! applied: an optional field becomes an `Option` instead, with a warning;
//! a required one is plainly required.

use crate::diagnostic::{Diagnostics, WarningKind};
use crate::model::{Constrained, ConstrainedBase, Presence, TypeDef, TypeKind, TypeRef};
use serde_json::Value;

/// A default the emitted code cannot build for its field's type (a non-empty
/// list, an object) is not applied: an optional field becomes an `Option`,
/// with a warning, a required one plainly required.
pub(super) fn check_defaults(types: &mut [TypeDef], diagnostics: &mut Diagnostics) {
    let mut unsupported = Vec::new();
    for (index, def) in types.iter().enumerate() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for (field_index, field) in s.fields.iter().enumerate() {
            let Presence::Defaulted { default: value, required } = &field.presence else {
                continue;
            };
            let problem = if !default_is_buildable(types, &field.ty, value) {
                Some("only scalars, `[]` and `{}` are".to_owned())
            } else {
                // The emitted default goes through the type's checks: one
                // they refuse would fail every read that lacks the field.
                super::examples::refusal(types, &field.ty, value).map(|reason| format!("its type refuses it: {reason}"))
            };
            // A required field's default only fills in what a client's
            // answer lacks: without it, the field is required, and no less exact.
            if let Some(problem) = problem.as_ref().filter(|_| !required) {
                let pointer =
                    format!("{}/properties/{}/default", def.origin, crate::json_pointer::escape(&field.wire_name));
                diagnostics.warning(
                    WarningKind::Default,
                    pointer,
                    format!("default {value} is not applied: {problem}; the field is an `Option`"),
                );
                unsupported.push((index, field_index, Presence::Optional));
            } else if problem.is_some() {
                unsupported.push((index, field_index, Presence::Required));
            }
        }
    }
    for (index, field_index, presence) in unsupported {
        if let TypeKind::Struct(s) = &mut types[index].kind {
            s.fields[field_index].presence = presence;
        }
    }
}

fn default_is_buildable(types: &[TypeDef], ty: &TypeRef, value: &Value) -> bool {
    match (ty, value) {
        (TypeRef::String | TypeRef::Email | TypeRef::Uri, Value::String(_)) | (TypeRef::Bool, Value::Bool(_)) => true,
        (TypeRef::I32 | TypeRef::I64, Value::Number(n)) => n.is_i64(),
        (TypeRef::F32 | TypeRef::F64, Value::Number(_)) => true,
        (TypeRef::List(_), Value::Array(items)) => items.is_empty(),
        (TypeRef::Map(_), Value::Object(entries)) => entries.is_empty(),
        (TypeRef::Named(id), value) => match (&types[*id].kind, value) {
            (TypeKind::Enum(e), Value::String(s)) => e.variants.iter().any(|v| &v.wire_name == s),
            (TypeKind::Constrained(c), Value::String(_)) if matches!(c.base, ConstrainedBase::String { .. }) => true,
            (TypeKind::Constrained(Constrained { base: ConstrainedBase::Value { allowed }, .. }), value) => {
                allowed.contains(value)
            }
            (TypeKind::Constrained(c), Value::Number(n)) => {
                matches!(c.base, ConstrainedBase::Number { .. })
                    || (matches!(c.base, ConstrainedBase::Integer { .. }) && n.is_i64())
            }
            _ => false,
        },
        _ => false,
    }
}
