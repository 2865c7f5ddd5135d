//! `multipart/form-data` bodies: an object schema becomes a form type with
//! one typed part per property. Files (`format: binary`) are parts with a
//! name, a media type and bytes; scalars are text parts; objects and lists
//! are JSON parts, as OpenAPI's default `contentType` for them says.

use super::direction::{lookup, Direction, SchemaRef};
use super::schema::Site;
use super::{schema_doc, Lowerer};
use crate::json_pointer::push_pointer;
use crate::model::{Form, FormPart, PartKind, TypeDef, TypeKind, TypeRef};
use crate::names;
use openapiv3::{AdditionalProperties, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// The form type of the multipart body whose schema is at `at`, or `None`
/// when the schema is not an object with properties.
pub(super) fn multipart_form<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    schema: SchemaRef<'a>,
    at: &str,
    base_name: &str,
    direction: Direction,
) -> Option<TypeRef> {
    let (origin, schema) = resolve(lowerer, schema, at)?;
    let (properties, required) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => (&object.properties, &object.required),
        SchemaKind::Any(any) if matches!(any.typ.as_deref(), None | Some("object")) => (&any.properties, &any.required),
        _ => return None,
    };
    if properties.is_empty() || matches!(extra(schema), Some(AdditionalProperties::Schema(_))) {
        return None;
    }
    let mut parts = Vec::new();
    for (wire_name, property) in properties {
        let pointer = push_pointer(&push_pointer(&origin, "properties"), wire_name);
        let resolved = resolve(lowerer, SchemaRef::from(property), &pointer).map(|(_, s)| s);
        let kind = match resolved {
            Some(s) if is_binary(s) => PartKind::File,
            Some(s)
                if array_items(s)
                    .and_then(|items| resolve(lowerer, items, &pointer))
                    .is_some_and(|(_, i)| is_binary(i)) =>
            {
                PartKind::Files
            }
            _ => {
                let ty = lowerer.schema_ref_type(
                    SchemaRef::from(property),
                    &pointer,
                    &format!("{base_name}{}", names::type_name(wire_name)),
                    direction,
                    Site::Other,
                );
                if resolved.is_some_and(is_scalar) {
                    PartKind::Text(ty)
                } else {
                    PartKind::Json(ty)
                }
            }
        };
        parts.push(FormPart {
            wire_name: wire_name.clone(),
            rust_name: names::field_name(wire_name),
            doc: resolved.and_then(|schema| schema_doc(schema, wire_name)),
            required: required.contains(wire_name),
            kind,
        });
    }
    // Names that give one field (`a-b`, `a_b`) are told apart by a number.
    for index in 1..parts.len() {
        let base = parts[index].rust_name.clone();
        let mut counter = 1;
        while parts[..index].iter().any(|p| p.rust_name == parts[index].rust_name) {
            counter += 1;
            parts[index].rust_name = format!("{base}_{counter}");
        }
    }
    let def = TypeDef {
        name: base_name.to_owned(),
        doc: schema_doc(schema, &origin),
        origin,
        kind: TypeKind::Form(Form { parts }),
        same_as: None,
        derives: Vec::new(),
    };
    Some(TypeRef::Named(lowerer.add_type(def)))
}

fn resolve<'a>(lowerer: &Lowerer<'a, '_>, schema: SchemaRef<'a>, at: &str) -> Option<(String, &'a Schema)> {
    match schema {
        SchemaRef::Item(schema) => Some((at.to_owned(), schema)),
        SchemaRef::Reference(reference) => lookup(lowerer.document, reference).map(|s| (reference[1..].to_owned(), s)),
    }
}

fn extra(schema: &Schema) -> Option<&AdditionalProperties> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object.additional_properties.as_ref(),
        SchemaKind::Any(any) => any.additional_properties.as_ref(),
        _ => None,
    }
}

fn is_binary(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s)) if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}

fn array_items(schema: &Schema) -> Option<SchemaRef<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => array.items.as_ref().map(SchemaRef::from),
        _ => None,
    }
}

/// A value a text part holds: a string, number or boolean (an `enum` of them too).
fn is_scalar(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Boolean(boolean)) => boolean.enumeration.iter().flatten().count() != 1,
        SchemaKind::Type(Type::String(_) | Type::Integer(_) | Type::Number(_)) => true,
        _ => false,
    }
}
