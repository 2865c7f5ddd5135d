//! `oneOf`s whose alternatives cannot be told apart: where one alternative's
//! least value (a string, an object with only its required keys) is also a
//! value of another, "exactly one matches" fails on ordinary values, which
//! is surely not what the spec means (`oneOf: [{properties: {a}},
//! {properties: {b}}]` rejects `{}` and `{"a": 1}` alike). Such a `oneOf`
//! takes the match that keeps the most keys, with a warning.

use crate::diagnostic::{Diagnostics, WarningKind};
use crate::model::{ConstrainedBase, Struct, TypeDef, TypeKind, TypeRef};

/// How far `accepts_all` follows nested types before it answers "no".
const DEPTH: usize = 6;

pub(super) fn settle_one_ofs(types: &mut [TypeDef], diagnostics: &mut Diagnostics) {
    let mut settled = Vec::new();
    for (id, def) in types.iter().enumerate() {
        let TypeKind::OneOf(one_of) = &def.kind else {
            continue;
        };
        if one_of.discriminator.is_some() {
            continue;
        }
        let variants = &one_of.variants;
        let overlap = (0..variants.len())
            .flat_map(|wide| (0..variants.len()).map(move |narrow| (wide, narrow)))
            .find(|&(wide, narrow)| wide != narrow && accepts_all(types, &variants[wide].ty, &variants[narrow].ty, 0));
        if let Some((wide, narrow)) = overlap {
            diagnostics.warning(
                WarningKind::LooseType,
                &def.origin,
                format!(
                    "`oneOf` alternatives {narrow} and {wide} cannot be told apart: the least {narrow} (for an object, \
                     its required keys alone) is also a {wide}; of the alternatives that match, the one that keeps \
                     the most keys is taken",
                    narrow = variants[narrow].rust_name,
                    wide = variants[wide].rust_name
                ),
            );
            settled.push(id);
        }
    }
    for id in settled {
        if let TypeKind::OneOf(one_of) = &mut types[id].kind {
            one_of.closest_match = true;
        }
    }
}

/// Whether `narrow`'s least values are accepted by `wide` too (for scalars
/// and containers: every value). Errs towards "no": only clear cases count.
fn accepts_all(types: &[TypeDef], wide: &TypeRef, narrow: &TypeRef, depth: usize) -> bool {
    if depth > DEPTH {
        return false;
    }
    if wide == narrow {
        return true;
    }
    let wide = unalias(types, wide);
    let narrow = unalias(types, narrow);
    match (wide, narrow) {
        (TypeRef::Json, _) => true,
        (TypeRef::String, narrow) => is_string(types, narrow),
        (TypeRef::F32 | TypeRef::F64, narrow) => is_integer(types, narrow),
        (TypeRef::I64, TypeRef::I32) => true,
        (TypeRef::List(wide), TypeRef::List(narrow))
        | (TypeRef::Map(wide), TypeRef::Map(narrow))
        | (TypeRef::OrNull(wide), TypeRef::OrNull(narrow)) => accepts_all(types, wide, narrow, depth + 1),
        // `null` or a value takes every value the other takes.
        (TypeRef::OrNull(wide), narrow) => accepts_all(types, wide, narrow, depth + 1),
        (TypeRef::Map(value), TypeRef::Named(id)) => {
            matches!(&types[*id].kind, TypeKind::Struct(_)) && accepts_all(types, value, &TypeRef::Json, depth + 1)
        }
        (TypeRef::Named(wide), TypeRef::Named(narrow)) => match (&types[*wide].kind, &types[*narrow].kind) {
            (TypeKind::Struct(wide), TypeKind::Struct(narrow)) => struct_accepts_all(types, wide, narrow, depth),
            _ => false,
        },
        _ => false,
    }
}

/// A struct accepts the other's least value (its required keys alone) when
/// it requires no key the other does not, lets the other's keys through, and
/// types each key both require as widely.
fn struct_accepts_all(types: &[TypeDef], wide: &Struct, narrow: &Struct, depth: usize) -> bool {
    let is_required = |field: &crate::model::Field| field.presence.is_required();
    let narrow_required = || narrow.fields.iter().filter(|f| is_required(f));
    let wide_requires_more = wide.fields.iter().filter(|f| is_required(f)).any(|field| {
        !narrow_required()
            .any(|other| other.wire_name == field.wire_name && accepts_all(types, &field.ty, &other.ty, depth + 1))
    });
    let forbidden =
        wide.forbidden_keys.iter().any(|set| set.iter().all(|key| narrow_required().any(|f| f.wire_name == *key)));
    let refused = forbidden
        || narrow_required().any(|other| match wide.fields.iter().find(|f| f.wire_name == other.wire_name) {
            Some(field) => !accepts_all(types, &field.ty, &other.ty, depth + 1),
            None => wide.deny_unknown_fields || wide.additional.is_some(),
        });
    !wide_requires_more && !refused
}

fn unalias<'t>(types: &'t [TypeDef], mut ty: &'t TypeRef) -> &'t TypeRef {
    for _ in 0..DEPTH {
        match ty {
            TypeRef::Named(id) => match &types[*id].kind {
                TypeKind::Alias(inner) => ty = inner,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

fn is_string(types: &[TypeDef], ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Uuid
        | TypeRef::Email
        | TypeRef::Uri
        | TypeRef::Base64
        | TypeRef::Date
        | TypeRef::DateTime => true,
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Enum(_) => true,
            TypeKind::Constrained(c) => matches!(c.base, ConstrainedBase::String { .. }),
            _ => false,
        },
        _ => false,
    }
}

fn is_integer(types: &[TypeDef], ty: &TypeRef) -> bool {
    match ty {
        TypeRef::I32 | TypeRef::I64 => true,
        TypeRef::Named(id) => {
            matches!(&types[*id].kind, TypeKind::Constrained(c) if matches!(c.base, ConstrainedBase::Integer { .. }))
        }
        _ => false,
    }
}
