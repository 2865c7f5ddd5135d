//! Types of the same shape are written once: a real spec repeats inline
//! schemas (GitHub inlines the same `enum: [read, write]` 773 times and the
//! same user object hundreds of times), and every copy costs the crate's
//! users compile time. Each class of identical types is emitted as the
//! type whose name sorts first; the others stay, with their own names and
//! docs, as aliases of it (`pub type IssueUser = PullRequestUser;`), so no
//! name the spec gives is lost and adding a schema renames nothing.
//!
//! "Identical" is everything emitted but the type-level doc and the name:
//! fields with their names, docs and presence, variants, constraints (their
//! error subjects too), boxing, and the types referred to, up to the same
//! equivalence. It is found as a finite automaton is minimised (Moore's
//! partition refinement): all types start in one class, and each round
//! splits classes whose members differ in shape or in the classes of what
//! they refer to, until no class splits. Each type's shape is written out
//! once; a round compares numbers.

use crate::model::{FormPart, Operation, Parameter, PartKind, Response, TypeDef, TypeId, TypeKind, TypeRef};
use std::collections::BTreeMap;

pub(super) fn merge_identical(types: &mut [TypeDef]) {
    let count = types.len();
    let shapes: Vec<Shape> = shapes(types);
    let mut class: Vec<usize> = vec![0; count];
    let mut classes = 1;
    loop {
        let mut keys: BTreeMap<(usize, usize, Vec<usize>), usize> = BTreeMap::new();
        let mut next = Vec::with_capacity(count);
        for (id, shape) in shapes.iter().enumerate() {
            let key = (class[id], shape.template, shape.references.iter().map(|target| class[*target]).collect());
            let fresh = keys.len();
            next.push(*keys.entry(key).or_insert(fresh));
        }
        class = next;
        if keys.len() == classes {
            break;
        }
        classes = keys.len();
    }
    // The member whose name sorts first stands for its class.
    let mut representative: BTreeMap<usize, TypeId> = BTreeMap::new();
    for (id, def) in types.iter().enumerate() {
        let entry = representative.entry(class[id]).or_insert(id);
        if def.name < types[*entry].name {
            *entry = id;
        }
    }
    for id in 0..count {
        let chosen = representative[&class[id]];
        if chosen != id {
            types[id].same_as = Some(chosen);
        }
    }
}

/// A type's shape: everything emitted but its doc, name and the types it
/// refers to (its template, numbered), and those types, in a fixed order.
/// Two types are identical when their templates are and the types they
/// refer to are, position by position.
struct Shape {
    template: usize,
    references: Vec<TypeId>,
}

fn shapes(types: &mut [TypeDef]) -> Vec<Shape> {
    let mut templates: BTreeMap<String, usize> = BTreeMap::new();
    let mut shapes = Vec::with_capacity(types.len());
    for (id, def) in types.iter_mut().enumerate() {
        // Aliases already are one line each and keep a class of their own.
        let (template, references) = if matches!(def.kind, TypeKind::Alias(_)) {
            (format!("alias {id}"), Vec::new())
        } else {
            let mut references = Vec::new();
            for_each_reference(&mut def.kind, &mut |target| {
                references.push(*target);
                *target = 0;
            });
            let template = format!("{:?}", def.kind);
            let mut originals = references.iter();
            for_each_reference(&mut def.kind, &mut |target| {
                *target = *originals.next().expect("the same references, visited in the same order");
            });
            (template, references)
        };
        let fresh = templates.len();
        shapes.push(Shape { template: *templates.entry(template).or_insert(fresh), references });
    }
    shapes
}

/// Calls `visit` on every type a kind refers to, in a fixed order.
fn for_each_reference(kind: &mut TypeKind, visit: &mut impl FnMut(&mut TypeId)) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|field| in_type(&mut field.ty, visit));
            if let Some((_, ty)) = &mut s.additional {
                in_type(ty, visit);
            }
        }
        TypeKind::OneOf(o) | TypeKind::AnyOf(o) => o.variants.iter_mut().for_each(|v| in_type(&mut v.ty, visit)),
        TypeKind::Constrained(c) => {
            if let crate::model::ConstrainedBase::Array { items, .. } = &mut c.base {
                in_type(items, visit);
            }
        }
        TypeKind::Alias(ty) => in_type(ty, visit),
        TypeKind::Form(form) => form.parts.iter_mut().for_each(|part: &mut FormPart| match &mut part.kind {
            PartKind::Text(ty) | PartKind::Texts(ty) | PartKind::Json(ty) => in_type(ty, visit),
            PartKind::File | PartKind::Files => {}
        }),
        TypeKind::Enum(_) | TypeKind::External(_) => {}
    }
}

fn in_type(ty: &mut TypeRef, visit: &mut impl FnMut(&mut TypeId)) {
    match ty {
        TypeRef::Named(id) => visit(id),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::OrNull(inner) => in_type(inner, visit),
        _ => {}
    }
}

/// Operations with the same parameters (names, types, places, docs) share
/// one parameters struct, and those with the same responses one response
/// enum: GitHub's 1,186 parameter structs are 419 shapes (`{owner, repo}`
/// alone is 138), its 1,229 response enums 777. Each class is emitted as
/// the operation's type whose name sorts first; the others are aliases of
/// it with their own docs, as for schema types.
pub(super) fn merge_identical_operation_types(types: &[TypeDef], operations: &mut [Operation]) {
    let params: Vec<Option<String>> = operations
        .iter()
        .map(|operation| (!operation.parameters.is_empty()).then(|| parameters_key(types, &operation.parameters)))
        .collect();
    let responses: Vec<Option<String>> =
        operations.iter().map(|operation| Some(responses_key(types, &operation.responses))).collect();
    let params_of = representatives(operations, &params);
    let responses_of = representatives(operations, &responses);
    for (index, operation) in operations.iter_mut().enumerate() {
        operation.same_params_as = params_of[index].filter(|chosen| *chosen != index);
        operation.same_responses_as = responses_of[index].filter(|chosen| *chosen != index);
    }
}

/// For each operation with a key, the operation whose type name sorts
/// first among those with the same key.
fn representatives(operations: &[Operation], keys: &[Option<String>]) -> Vec<Option<usize>> {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            let entry = first.entry(key.as_str()).or_insert(index);
            if operations[index].type_prefix < operations[*entry].type_prefix {
                *entry = index;
            }
        }
    }
    keys.iter().map(|key| key.as_ref().map(|key| first[key.as_str()])).collect()
}

/// Everything a parameters struct is emitted from, but the pointers.
fn parameters_key(types: &[TypeDef], parameters: &[Parameter]) -> String {
    let fields: Vec<_> = parameters
        .iter()
        .map(|p| {
            let ty = canonical(types, &p.ty);
            (&p.wire_name, &p.rust_name, p.location, p.required, ty, &p.doc, p.sparse_fieldset, p.style)
        })
        .collect();
    format!("{fields:?}")
}

/// Everything a response enum, its decoder and its responder are emitted
/// from, but the pointers.
fn responses_key(types: &[TypeDef], responses: &[Response]) -> String {
    let variants: Vec<_> = responses
        .iter()
        .map(|r| {
            let headers: Vec<_> = r
                .headers
                .iter()
                .map(|h| (&h.wire_name, &h.rust_name, h.required, canonical(types, &h.ty), &h.doc))
                .collect();
            (r.status, &r.description, r.body.as_ref().map(|ty| canonical(types, ty)), &r.media, headers)
        })
        .collect();
    format!("{variants:?}")
}

/// The type with each named type replaced by the one it is emitted as.
fn canonical(types: &[TypeDef], ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Named(id) => TypeRef::Named(types[*id].same_as.unwrap_or(*id)),
        TypeRef::List(inner) => TypeRef::List(Box::new(canonical(types, inner))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(canonical(types, inner))),
        TypeRef::OrNull(inner) => TypeRef::OrNull(Box::new(canonical(types, inner))),
        other => other.clone(),
    }
}
