//! Object schemas to structs: the parts an object (or each `allOf` member)
//! brings, merged into one struct's fields, each with its presence rule.

use super::direction::{lookup, Direction, SchemaRef};
use super::schema::{admits_null, has_untyped_constraints, is_empty_any};
use super::{schema_doc, Lowerer};
use crate::diagnostic::{Diagnostics, WarningKind};
use crate::json_pointer::push_pointer;
use crate::model::{Field, KeyRule, Presence, Struct, TypeRef};
use crate::names;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;
use std::collections::BTreeSet;

pub(super) fn is_object_like(any: &AnySchema) -> bool {
    matches!(any.typ.as_deref(), None | Some("object"))
        && (!any.properties.is_empty()
            || !any.required.is_empty()
            || any.not.is_some()
            || any.additional_properties.is_some())
        && any.one_of.iter().chain(&any.any_of).all(is_required_only)
        && any.all_of.is_empty()
        && any.items.is_none()
}

/// A `oneOf` or `anyOf` member that only names keys the object must hold
/// (`anyOf: [{required: [state]}, {required: [assignees]}]`, GitHub's "one
/// of these at least"): the object's struct holds them, and checks the
/// choice as it is read ([`KeyRule`]).
pub(super) fn is_required_only(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => {
                !any.required.is_empty()
                    && any.typ.is_none()
                    && any.properties.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.all_of.is_empty()
                    && any.not.is_none()
                    && any.additional_properties.is_none()
                    && any.items.is_none()
                    && any.enumeration.is_empty()
            }
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// One object schema's share of a struct (one `allOf` member, or the whole).
pub(super) struct ObjectPart<'a> {
    pointer: String,
    properties: Vec<(&'a str, SchemaRef<'a>)>,
    required: Vec<String>,
    deny_unknown_fields: bool,
    forbidden_keys: Vec<Vec<String>>,
    /// `oneOf`/`anyOf` of required keys: each with its pointer, whether
    /// it is a `oneOf`, and its sets.
    key_rules: Vec<(String, bool, Vec<Vec<String>>)>,
    /// `additionalProperties: {schema}`: the type of the other keys' values.
    additional: Option<SchemaRef<'a>>,
}

/// The schema of `additionalProperties`, when it is one.
fn additional_schema(additional: Option<&AdditionalProperties>) -> Option<SchemaRef<'_>> {
    match additional {
        Some(AdditionalProperties::Schema(schema)) => Some(SchemaRef::from(schema.as_ref())),
        _ => None,
    }
}

impl<'a> ObjectPart<'a> {
    pub(super) fn from_object(object: &'a openapiv3::ObjectType, pointer: &str) -> Self {
        Self {
            pointer: pointer.to_owned(),
            properties: object.properties.iter().map(|(k, v)| (k.as_str(), SchemaRef::from(v))).collect(),
            required: object.required.clone(),
            deny_unknown_fields: matches!(object.additional_properties, Some(AdditionalProperties::Any(false))),
            forbidden_keys: Vec::new(),
            key_rules: Vec::new(),
            additional: additional_schema(object.additional_properties.as_ref()),
        }
    }

    pub(super) fn from_any(diagnostics: &mut Diagnostics, any: &'a AnySchema, pointer: &str) -> Option<Self> {
        let mut forbidden_keys = Vec::new();
        if let Some(not) = &any.not {
            let forbidden = match not.as_ref() {
                ReferenceOr::Item(inner) => match &inner.schema_kind {
                    SchemaKind::Any(inner)
                        if !inner.required.is_empty() && admit_anything(&inner.properties) && inner.not.is_none() =>
                    {
                        Some(inner.required.clone())
                    }
                    SchemaKind::Type(Type::Object(inner))
                        if !inner.required.is_empty() && admit_anything(&inner.properties) =>
                    {
                        Some(inner.required.clone())
                    }
                    _ => None,
                },
                ReferenceOr::Reference { .. } => None,
            };
            match forbidden {
                Some(keys) => forbidden_keys = vec![keys],
                None => diagnostics.warning(
                    WarningKind::Unchecked,
                    push_pointer(pointer, "not"),
                    "only `not: {required: [...]}` (keys that must be absent) is checked; this `not` is not",
                ),
            }
        }
        let key_rules = [("oneOf", &any.one_of), ("anyOf", &any.any_of)]
            .into_iter()
            .filter(|(_, members)| !members.is_empty())
            .map(|(key, members)| {
                (push_pointer(pointer, key), key == "oneOf", members.iter().map(required_keys).collect())
            })
            .collect();
        Some(Self {
            pointer: pointer.to_owned(),
            properties: any.properties.iter().map(|(k, v)| (k.as_str(), SchemaRef::from(v))).collect(),
            required: any.required.clone(),
            deny_unknown_fields: matches!(any.additional_properties, Some(AdditionalProperties::Any(false))),
            forbidden_keys,
            key_rules,
            additional: additional_schema(any.additional_properties.as_ref()),
        })
    }
}

/// The keys a member of [`is_required_only`] requires.
fn required_keys(member: &ReferenceOr<Schema>) -> Vec<String> {
    match member {
        ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) => any.required.clone(),
        _ => Vec::new(),
    }
}

/// The parts' `oneOf`/`anyOf` of required keys, where every key is one of
/// the struct's fields; the others (a key the struct does not hold, as
/// one this direction drops) are a warning.
fn key_rules(diagnostics: &mut Diagnostics, parts: &[ObjectPart<'_>], fields: &[Field]) -> Vec<KeyRule> {
    let mut rules = Vec::new();
    for (pointer, exactly_one, sets) in parts.iter().flat_map(|part| &part.key_rules) {
        let missing = sets.iter().flatten().find(|key| !fields.iter().any(|field| &field.wire_name == *key));
        match missing {
            None => rules.push(KeyRule { exactly_one: *exactly_one, sets: sets.clone() }),
            Some(key) => {
                let sets: Vec<String> = sets
                    .iter()
                    .map(|set| set.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(" and "))
                    .collect();
                diagnostics.warning(
                    WarningKind::Unchecked,
                    pointer,
                    format!(
                        "{} of required keys ({}) is not checked: `{key}` is not a property of the object here",
                        if *exactly_one { "a `oneOf`" } else { "an `anyOf`" },
                        sets.join(" or "),
                    ),
                );
            }
        }
    }
    rules
}

/// An inline member with no keyword that constrains: `{description: ...}`.
pub(super) fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(schema) if constrains_nothing(schema))
}

/// Whether a schema admits every value: `{}`, or one with only annotations.
fn constrains_nothing(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if is_empty_any(any) && !has_untyped_constraints(any))
}

/// Whether `properties` constrain nothing (each is `{}`), as in
/// `not: {required: [k], properties: {k: {}}}`, which linters ask for.
fn admit_anything(properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>) -> bool {
    properties.values().all(|property| matches!(property, ReferenceOr::Item(schema) if constrains_nothing(schema)))
}

/// Whether an `allOf` member contributes properties (an object, or an `allOf` of them).
pub(super) fn is_object_member(lowerer: &Lowerer<'_, '_>, member: SchemaRef<'_>) -> bool {
    let schema = match member {
        SchemaRef::Item(schema) => schema,
        SchemaRef::Reference(reference) => match lookup(lowerer.document, reference) {
            Some(schema) => schema,
            None => return true,
        },
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => is_object_like(any),
        _ => false,
    }
}

/// Flattens an `allOf` member (following references and nested `allOf`s) into object parts.
pub(super) fn collect_parts<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    member: SchemaRef<'a>,
    pointer: &str,
    parts: &mut Vec<ObjectPart<'a>>,
    depth: usize,
) {
    if depth > 32 {
        lowerer.diagnostics.error(pointer, "`allOf` nests too deeply or refers to itself");
        return;
    }
    let (at, schema) = match member {
        SchemaRef::Item(schema) => (pointer.to_owned(), schema),
        SchemaRef::Reference(reference) => match lookup(lowerer.document, reference) {
            Some(schema) => (reference[1..].to_owned(), schema),
            None => {
                lowerer.diagnostics.error(pointer, format!("dangling `$ref`: nothing at {reference:?}"));
                return;
            }
        },
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => parts.push(ObjectPart::from_object(object, &at)),
        SchemaKind::Any(any) if is_object_like(any) => {
            if let Some(part) = ObjectPart::from_any(lowerer.diagnostics, any, &at) {
                parts.push(part);
            }
        }
        SchemaKind::AllOf { all_of } => {
            for (index, inner) in all_of.iter().enumerate() {
                collect_parts(lowerer, SchemaRef::from(inner), &format!("{at}/allOf/{index}"), parts, depth + 1);
            }
        }
        // A description or title alone adds nothing to the struct.
        SchemaKind::Any(any) if is_empty_any(any) && !has_untyped_constraints(any) => {}
        _ => lowerer.diagnostics.warning(
            WarningKind::LooseType,
            pointer,
            "an `allOf` member that is not an object schema is left out of the struct the other members make",
        ),
    }
}

pub(super) fn build_struct<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    parts: Vec<ObjectPart<'a>>,
    pointer: &str,
    base_name: &str,
    direction: Direction,
) -> Struct {
    // `required` on a property this direction drops (readOnly in a request) does not
    // carry over to a property of the same name from another `allOf` member.
    let mut required: BTreeSet<&str> = BTreeSet::new();
    for part in &parts {
        for name in &part.required {
            let dropped = part
                .properties
                .iter()
                .find(|(wire, _)| wire == name)
                .and_then(|&(_, p)| property_data(lowerer, p))
                .is_some_and(|d| !direction.keeps(d.read_only, d.write_only));
            if !dropped {
                required.insert(name);
            }
        }
    }
    let mut fields: Vec<Field> = Vec::new();
    let mut field_origins: Vec<String> = Vec::new();
    let mut field_schemas: Vec<SchemaRef<'a>> = Vec::new();
    for part in &parts {
        for &(wire, property) in &part.properties {
            let property_pointer = push_pointer(&push_pointer(&part.pointer, "properties"), wire);
            let Some(data) = property_data(lowerer, property) else {
                continue;
            };
            if !direction.keeps(data.read_only, data.write_only) {
                continue;
            }
            if let Some(index) = fields.iter().position(|f| f.wire_name == wire) {
                // `allOf` members that repeat a property: the first definition
                // stands; a different one is a warning, as it is not checked.
                if field_schemas[index] != property {
                    lowerer.diagnostics.warning(
                        WarningKind::Redefined,
                        &property_pointer,
                        format!(
                            "property {wire:?} is defined again, differently; the definition at #{} is the one used",
                            field_origins[index]
                        ),
                    );
                }
                continue;
            }
            // Names that give one field (`a-b`, `a_b`) are told apart by a number.
            let base = names::field_name(wire);
            let mut rust_name = base.clone();
            let mut counter = 1;
            while fields.iter().any(|f| f.rust_name == rust_name) {
                counter += 1;
                rust_name = format!("{base}_{counter}");
            }
            let nullable = property_schema(lowerer, property).is_some_and(admits_null);
            let presence = presence(required.contains(wire), nullable, data.default.clone());
            let ty = lowerer.schema_ref_type(
                property,
                &property_pointer,
                &format!("{base_name}{}", names::type_name(wire)),
                direction,
            );
            let doc = match property {
                SchemaRef::Item(schema) if !matches!(ty, TypeRef::Named(_)) => schema_doc(schema, &property_pointer),
                SchemaRef::Item(schema) => schema.schema_data.description.clone(),
                SchemaRef::Reference(_) => None,
            };
            fields.push(Field { wire_name: wire.to_owned(), rust_name, doc, ty, presence, boxed: false });
            field_origins.push(property_pointer);
            field_schemas.push(property);
        }
    }
    let _ = pointer;
    // The other keys, typed by the first member that says what they are.
    let additional =
        parts.iter().find_map(|part| part.additional.map(|schema| (part, schema))).map(|(part, schema)| {
            let ty = lowerer.schema_ref_type(
                schema,
                &push_pointer(&part.pointer, "additionalProperties"),
                &format!("{base_name}Value"),
                direction,
            );
            let mut name = "additional_properties".to_owned();
            let mut counter = 1;
            while fields.iter().any(|f| f.rust_name == name) {
                counter += 1;
                name = format!("additional_properties_{counter}");
            }
            (name, ty)
        });
    Struct {
        key_rules: key_rules(lowerer.diagnostics, &parts, &fields),
        fields,
        deny_unknown_fields: parts.iter().any(|p| p.deny_unknown_fields),
        forbidden_keys: parts.iter().flat_map(|p| p.forbidden_keys.iter().cloned()).collect(),
        additional,
    }
}

fn property_data<'a>(lowerer: &Lowerer<'a, '_>, property: SchemaRef<'a>) -> Option<&'a openapiv3::SchemaData> {
    property_schema(lowerer, property).map(|s| &s.schema_data)
}

fn property_schema<'a>(lowerer: &Lowerer<'a, '_>, property: SchemaRef<'a>) -> Option<&'a Schema> {
    match property {
        SchemaRef::Item(schema) => Some(schema),
        SchemaRef::Reference(reference) => lookup(lowerer.document, reference),
    }
}

fn presence(required: bool, nullable: bool, default: Option<Value>) -> Presence {
    match (required, nullable, default) {
        (true, true, _) => Presence::RequiredNullable,
        // A server refuses a request without it; a client fills in what an
        // answer lacks (Azure's required `Application_Type` with `default: web`).
        (true, false, Some(default)) if !default.is_null() => Presence::Defaulted { default, required: true },
        (true, false, _) => Presence::Required,
        // A nullable field keeps `null` apart from absent: its default is not
        // filled in (GitHub's `start_side: {nullable: true, default: RIGHT}` is `null` on the wire).
        (false, false, Some(default)) if !default.is_null() => Presence::Defaulted { default, required: false },
        (false, true, _) => Presence::OptionalNullable,
        (false, false, _) => Presence::Optional,
    }
}
