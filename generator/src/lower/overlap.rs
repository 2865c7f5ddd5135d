//! `oneOf`s whose alternatives cannot be told apart: where one alternative
//! accepts every value another does, "exactly one matches" fails on every
//! value of the narrower one, which is surely not what the spec means. Such a
//! `oneOf` takes the first alternative that matches, with a warning.

use crate::diagnostic::Diagnostics;
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
                &def.origin,
                format!(
                    "`oneOf` alternative {} accepts every value alternative {} does, so exactly one can never match; \
                     the first alternative that matches is taken",
                    variants[wide].rust_name, variants[narrow].rust_name
                ),
            );
            settled.push(id);
        }
    }
    for id in settled {
        if let TypeKind::OneOf(one_of) = &mut types[id].kind {
            one_of.first_match = true;
        }
    }
}

/// Whether every JSON value `narrow` accepts is accepted by `wide` too. Errs
/// towards "no": only clear cases count.
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
        (TypeRef::List(wide), TypeRef::List(narrow)) | (TypeRef::Map(wide), TypeRef::Map(narrow)) => {
            accepts_all(types, wide, narrow, depth + 1)
        }
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

/// A struct accepts every value of another when it requires nothing more,
/// lets the other's extra keys through, and types each shared key as widely.
fn struct_accepts_all(types: &[TypeDef], wide: &Struct, narrow: &Struct, depth: usize) -> bool {
    if wide.deny_unknown_fields || wide.additional.is_some() {
        return false;
    }
    wide.fields.iter().all(|field| {
        let other = narrow.fields.iter().find(|f| f.wire_name == field.wire_name);
        let required =
            matches!(field.presence, crate::model::Presence::Required | crate::model::Presence::RequiredNullable);
        match other {
            Some(other) => {
                let narrow_required = matches!(
                    other.presence,
                    crate::model::Presence::Required | crate::model::Presence::RequiredNullable
                );
                (!required || narrow_required) && accepts_all(types, &field.ty, &other.ty, depth + 1)
            }
            // A key only `wide` knows: the narrow one's values may lack it,
            // or carry it as anything (an unknown key).
            None => !required && !narrow.deny_unknown_fields && field.ty == TypeRef::Json,
        }
    }) && wide.forbidden_keys.iter().all(|key| !narrow.fields.iter().any(|f| &f.wire_name == key))
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
        TypeRef::String | TypeRef::Uuid | TypeRef::Date | TypeRef::DateTime => true,
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
