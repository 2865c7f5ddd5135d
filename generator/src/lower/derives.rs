//! Derives the user asks for (`x-rust-derive: [Hash, Eq, Ord, Default]` on
//! a schema), where they hold. A derive holds for a type when it holds for
//! every value inside: `Hash` on a struct needs `Hash` on each field's type,
//! so the structs and `oneOf` enums inside get it too; a number (`f64`) has
//! no `Eq`, `Hash` or `Ord`, and then the derive is left out with a warning
//! naming the field, never a crate that does not compile. `Default` needs a
//! value only for the required fields: optional ones are absent and
//! defaulted ones take the spec's default.

use crate::diagnostic::{Diagnostics, WarningKind};
use crate::json_pointer::push_pointer;
use crate::model::{ConstrainedBase, Derive, Presence, TypeDef, TypeId, TypeKind, TypeRef};
use openapiv3::Schema;
use std::collections::{BTreeMap, BTreeSet};

/// The extension that asks for derives.
const EXTENSION: &str = "x-rust-derive";

/// Derives asked for, by type: the extension's pointer and the traits.
pub(super) type Requests = BTreeMap<TypeId, (String, Vec<Derive>)>;

/// The derives a schema asks for; a value that is not a list of trait
/// names this generator can derive is an error at its pointer.
pub(super) fn requested(
    schema: &Schema,
    pointer: &str,
    diagnostics: &mut Diagnostics,
) -> Option<(String, Vec<Derive>)> {
    let value = schema.schema_data.extensions.get(EXTENSION)?;
    let at = push_pointer(pointer, EXTENSION);
    let names: Vec<&serde_json::Value> = match value {
        serde_json::Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    let mut derives = BTreeSet::new();
    for name in names {
        let Some(text) = name.as_str() else {
            diagnostics.error(at.clone(), format!("`{EXTENSION}` must be a list of trait names, e.g. `[Hash, Eq]`"));
            continue;
        };
        match Derive::ALL.into_iter().find(|derive| derive.name() == text.trim()) {
            Some(derive) => derives.extend(derive.with_prerequisites()),
            // Every generated type has these already.
            None if matches!(text.trim(), "Debug" | "Clone" | "PartialEq") => {}
            None => {
                let known: Vec<&str> = Derive::ALL.iter().map(|derive| derive.name()).collect();
                diagnostics.error(
                    at.clone(),
                    format!(
                        "`{EXTENSION}` names `{text}`, which is not one of {} (every type has `Debug`, `Clone` and `PartialEq`)",
                        known.join(", ")
                    ),
                );
            }
        }
    }
    Some((at, derives.into_iter().collect()))
}

/// Adds each requested derive to the type and to every type inside it that
/// must carry it too, or warns why it does not hold.
pub(super) fn settle(types: &mut [TypeDef], requests: &Requests, diagnostics: &mut Diagnostics) {
    let mut carried: BTreeMap<TypeId, BTreeSet<Derive>> = BTreeMap::new();
    for (&id, (pointer, derives)) in requests {
        let id = types[id].same_as.unwrap_or(id);
        if matches!(types[id].kind, TypeKind::External(_)) {
            diagnostics.warning(
                WarningKind::Derive,
                pointer.clone(),
                format!("`{EXTENSION}` is ignored: `{}` is the user's own type (`x-rust-type`)", types[id].name),
            );
            continue;
        }
        // Derives that fail for one reason are named in one warning.
        let mut refused: Vec<(String, Vec<&str>)> = Vec::new();
        for &derive in derives {
            let mut reached = BTreeSet::new();
            match holds(types, &TypeRef::Named(id), derive, &types[id].name, &mut reached) {
                Ok(()) => {
                    for carrier in reached {
                        carried.entry(carrier).or_default().insert(derive);
                    }
                }
                Err(reason) => match refused.iter_mut().find(|(known, _)| *known == reason) {
                    Some((_, names)) => names.push(derive.name()),
                    None => refused.push((reason, vec![derive.name()])),
                },
            }
        }
        for (reason, names) in refused {
            let names = names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
            diagnostics.warning(
                WarningKind::Derive,
                pointer.clone(),
                format!("{names} not derived for `{}`: {reason}", types[id].name),
            );
        }
    }
    for (id, derives) in carried {
        if matches!(types[id].kind, TypeKind::Struct(_) | TypeKind::OneOf(_) | TypeKind::AnyOf(_)) {
            types[id].derives = derives.into_iter().collect();
        }
    }
}

/// Whether `derive` holds for every value of `ty` (found at `place`), with
/// the named types that must carry it added to `reached`; else why not.
fn holds(
    types: &[TypeDef],
    ty: &TypeRef,
    derive: Derive,
    place: &str,
    reached: &mut BTreeSet<TypeId>,
) -> Result<(), String> {
    let lacking = |what: &str| Err(format!("`{place}` is {what}"));
    match ty {
        TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 => Ok(()),
        TypeRef::F32 | TypeRef::F64 => match derive {
            Derive::PartialOrd | Derive::Default => Ok(()),
            _ => lacking("a floating-point number (`NaN` is not equal to itself)"),
        },
        TypeRef::Uuid | TypeRef::Email | TypeRef::Uri | TypeRef::DateTime | TypeRef::Date => match derive {
            Derive::Default => lacking("a UUID, a date or checked text, with no empty value"),
            _ => Ok(()),
        },
        TypeRef::Base64 => Ok(()),
        TypeRef::Json => json_holds(derive, place),
        TypeRef::Bytes | TypeRef::RawBody => lacking("a body"),
        TypeRef::List(inner) | TypeRef::Map(inner) => match derive {
            Derive::Default => Ok(()),
            _ => holds(types, inner, derive, &format!("{place}[]"), reached),
        },
        TypeRef::OrNull(inner) => match derive {
            Derive::Default => Ok(()),
            _ => holds(types, inner, derive, place, reached),
        },
        TypeRef::Named(id) => {
            let id = types[*id].same_as.unwrap_or(*id);
            if !reached.insert(id) {
                // Met before: it holds unless something else fails.
                return Ok(());
            }
            let def = &types[id];
            let no_default = |what: &str| {
                let named = if place == def.name { String::new() } else { format!(" (`{}`)", def.name) };
                Err(format!("`{place}` is {what}{named}, with no default value"))
            };
            match &def.kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        let needed = derive != Derive::Default || field.presence == Presence::Required;
                        if needed {
                            holds(types, &field.ty, derive, &format!("{}.{}", def.name, field.wire_name), reached)?;
                        }
                    }
                    match &s.additional {
                        Some((field, ty)) if derive != Derive::Default => {
                            holds(types, ty, derive, &format!("{}.{field}[]", def.name), reached)
                        }
                        _ => Ok(()),
                    }
                }
                TypeKind::Enum(_) if derive == Derive::Default => no_default("an enum"),
                // String enums derive every trait but `Default` already.
                TypeKind::Enum(_) => Ok(()),
                TypeKind::OneOf(_) | TypeKind::AnyOf(_) if derive == Derive::Default => {
                    no_default("one of several alternatives")
                }
                TypeKind::OneOf(o) => {
                    for variant in &o.variants {
                        holds(types, &variant.ty, derive, &format!("{}::{}", def.name, variant.rust_name), reached)?;
                    }
                    match &o.other {
                        Some(other) => json_holds(derive, &format!("{}::{other}", def.name)),
                        None => Ok(()),
                    }
                }
                TypeKind::AnyOf(_) => json_holds(derive, &def.name),
                TypeKind::Constrained(_) if derive == Derive::Default => {
                    no_default("a checked value (its constraints may refuse an empty one)")
                }
                TypeKind::Constrained(c) => match &c.base {
                    ConstrainedBase::String { .. } | ConstrainedBase::Integer { .. } => Ok(()),
                    ConstrainedBase::Number { .. } => holds(types, &TypeRef::F64, derive, &def.name, reached),
                    ConstrainedBase::Array { items, .. } => {
                        holds(types, items, derive, &format!("{}[]", def.name), reached)
                    }
                    ConstrainedBase::Value { .. } => json_holds(derive, &def.name),
                },
                TypeKind::Alias(aliased) => holds(types, aliased, derive, &def.name, reached),
                TypeKind::Form(_) => Err(format!("`{}` is a multipart form", def.name)),
                // The user's own type: theirs to derive.
                TypeKind::External(_) => Ok(()),
            }
        }
    }
}

/// Any JSON value (`serde_json::Value`): `Eq` and a default (`null`), no
/// order; `Hash` only from serde_json 1.0.118, newer than the crate asks for.
fn json_holds(derive: Derive, place: &str) -> Result<(), String> {
    match derive {
        Derive::Eq | Derive::Default => Ok(()),
        Derive::Hash => Err(format!(
            "`{place}` is any JSON value (`serde_json::Value`), hashable only from serde_json 1.0.118, newer than the crate asks for"
        )),
        Derive::PartialOrd | Derive::Ord => Err(format!("`{place}` is any JSON value (`serde_json::Value`), which has no order")),
    }
}
