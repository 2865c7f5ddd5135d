//! Which way a schema travels (response or request), and whether that
//! changes its shape: readOnly/writeOnly fields anywhere inside make a
//! schema direction-sensitive. A PATCH body is a request like any other: it
//! is as partial as its schema says (drf-spectacular writes a `PatchedUser`
//! with no `required` list), never by a convention the spec does not state.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Direction {
    Response,
    Request,
}

impl Direction {
    /// drf-spectacular's names: `User` and `UserRequest` (`PatchedUser`,
    /// its own schema, gives `PatchedUserRequest`).
    pub(crate) fn decorate(self, base: &str, sensitive: bool) -> String {
        match (self, sensitive) {
            (Direction::Request, true) => format!("{base}Request"),
            _ => base.to_owned(),
        }
    }

    pub(crate) fn keeps(self, read_only: bool, write_only: bool) -> bool {
        match self {
            Direction::Response => !write_only,
            Direction::Request => !read_only,
        }
    }
}

/// A schema or a reference to one, whichever box it came in.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum SchemaRef<'a> {
    Reference(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// Looks up a component schema by `$ref`, following chains of references.
/// How many `$ref`s in a row a component may take to reach its schema.
pub(crate) const MAX_REF_HOPS: usize = 32;

/// Why a component that is nothing but `$ref`s reaches no schema: its
/// references form a cycle, or a chain longer than [`MAX_REF_HOPS`].
pub(crate) fn unreachable_reason(document: &OpenAPI, name: &str) -> String {
    let schemas = document.components.as_ref().map(|c| &c.schemas);
    let mut seen: Vec<String> = vec![name.to_owned()];
    let mut current = name.to_owned();
    for _ in 0..MAX_REF_HOPS {
        let Some(ReferenceOr::Reference { reference }) = schemas.and_then(|schemas| schemas.get(&current)) else {
            return "it refers to no schema it can be read from".to_owned();
        };
        let Some(next) = reference.strip_prefix("#/components/schemas/") else {
            return format!("its `$ref` {reference:?} is not a component schema");
        };
        let next = crate::json_pointer::unescape(next).into_owned();
        if let Some(start) = seen.iter().position(|seen| *seen == next) {
            let mut cycle = seen[start..].to_vec();
            cycle.push(next);
            return format!("its `$ref`s form a cycle with no schema in it: {}", cycle.join(" → "));
        }
        seen.push(next.clone());
        current = next;
    }
    format!("its chain of `$ref`s is longer than {MAX_REF_HOPS} (the limit) before it reaches a schema")
}

pub(crate) fn lookup<'a>(document: &'a OpenAPI, reference: &str) -> Option<&'a Schema> {
    let mut reference = reference.to_owned();
    for _ in 0..MAX_REF_HOPS {
        let name = crate::json_pointer::unescape(reference.strip_prefix("#/components/schemas/")?).into_owned();
        match document.components.as_ref()?.schemas.get(&name)? {
            ReferenceOr::Item(schema) => return Some(schema),
            ReferenceOr::Reference { reference: next } => reference = next.clone(),
        }
    }
    None
}

/// The schemas directly inside `schema`.
pub(crate) fn children(schema: &Schema) -> Vec<SchemaRef<'_>> {
    let mut found: Vec<SchemaRef<'_>> = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            found.extend(object.properties.values().map(SchemaRef::from));
            if let Some(openapiv3::AdditionalProperties::Schema(inner)) = &object.additional_properties {
                found.push(SchemaRef::from(inner.as_ref()));
            }
        }
        SchemaKind::Type(Type::Array(array)) => found.extend(array.items.as_ref().map(SchemaRef::from)),
        SchemaKind::Type(_) => {}
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AllOf { all_of: list }
        | SchemaKind::AnyOf { any_of: list } => {
            found.extend(list.iter().map(SchemaRef::from));
        }
        SchemaKind::Not { not } => found.push(SchemaRef::from(not.as_ref())),
        SchemaKind::Any(any) => {
            found.extend(any.properties.values().map(SchemaRef::from));
            found.extend(any.items.as_ref().map(SchemaRef::from));
            if let Some(openapiv3::AdditionalProperties::Schema(inner)) = &any.additional_properties {
                found.push(SchemaRef::from(inner.as_ref()));
            }
            for list in [&any.one_of, &any.all_of, &any.any_of] {
                found.extend(list.iter().map(SchemaRef::from));
            }
        }
    }
    found
}

/// Memoised direction facts, keyed by the schema itself: its address in
/// the document, which every `$ref` to it and every walk through it share
/// (keyed by JSON pointer, an inline schema met from a new place was walked
/// again: GitHub's generation took 9.53 G instructions then, 8.87 G now). The
/// lifetime keeps each schema alive, so no address is reused while the
/// memo is.
#[derive(Default)]
pub(crate) struct Analysis<'a> {
    sensitive: BTreeMap<*const Schema, bool>,
    schemas: std::marker::PhantomData<&'a Schema>,
}

impl<'a> Analysis<'a> {
    pub(crate) fn effective(&mut self, document: &'a OpenAPI, schema: &'a Schema, direction: Direction) -> Direction {
        match direction {
            Direction::Response => Direction::Response,
            Direction::Request if self.is_sensitive(document, schema) => Direction::Request,
            Direction::Request => Direction::Response,
        }
    }

    /// Whether a readOnly or writeOnly schema is anywhere inside.
    pub(crate) fn is_sensitive(&mut self, document: &'a OpenAPI, schema: &'a Schema) -> bool {
        let key: *const Schema = schema;
        if let Some(&known) = self.sensitive.get(&key) {
            return known;
        }
        // A cycle reaching this schema again adds nothing: assume false meanwhile.
        self.sensitive.insert(key, false);
        let found = children(schema).into_iter().any(|child| {
            let child = match child {
                SchemaRef::Reference(reference) => match lookup(document, reference) {
                    Some(target) => target,
                    None => return false,
                },
                SchemaRef::Item(inner) => inner,
            };
            child.schema_data.read_only || child.schema_data.write_only || self.is_sensitive(document, child)
        });
        self.sensitive.insert(key, found);
        found
    }
}
