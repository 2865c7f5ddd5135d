//! Form bodies. `multipart/form-data`: an object schema becomes a form type
//! with one typed part per property. Files (`format: binary`) are parts with
//! a name, a media type and bytes; scalars are text parts, and lists of them
//! a text part an item; objects and other lists are JSON parts, as OpenAPI's
//! default `contentType` for them says.
//! `application/x-www-form-urlencoded`: the schema's own type, and how each
//! property travels (its `encoding`'s `style` and `explode`).

use super::direction::{lookup, Direction, SchemaRef};
use super::{schema_doc, Lowerer};
use crate::json_pointer::push_pointer;
use crate::model::{Form, FormField, FormPart, FormStyle, PartKind, TypeDef, TypeKind, TypeRef};
use crate::names;
use openapiv3::{
    AdditionalProperties, MediaType, QueryStyle, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

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
                );
                let scalar_items = resolved
                    .and_then(array_items)
                    .and_then(|items| resolve(lowerer, items, &pointer))
                    .is_some_and(|(_, items)| is_scalar(items));
                match ty {
                    ty if resolved.is_some_and(is_scalar) => PartKind::Text(ty),
                    // A list of scalars without checks of its own: a part an item.
                    TypeRef::List(item) if scalar_items => PartKind::Texts(*item),
                    ty => PartKind::Json(ty),
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

/// The properties of an `application/x-www-form-urlencoded` body (the
/// media type object at `at`) that do not travel as `name=value` pairs, a
/// list's items each a pair: those whose `encoding` joins the items into one
/// value or brackets them (`deepObject`), and objects, whose properties
/// are pairs of their own when known (OpenAPI's default, `form` exploded)
/// and bracketed otherwise.
pub(super) fn urlencoded_fields<'a>(lowerer: &Lowerer<'a, '_>, media_type: &'a MediaType, at: &str) -> Vec<FormField> {
    let properties =
        media_type.schema.as_ref().and_then(|schema| resolve(lowerer, SchemaRef::from(schema), at)).and_then(
            |(_, schema)| match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => Some(&object.properties),
                SchemaKind::Any(any) => Some(&any.properties),
                _ => None,
            },
        );
    let mut names: Vec<&str> = properties.into_iter().flat_map(|p| p.keys().map(String::as_str)).collect();
    for name in media_type.encoding.keys() {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    let mut fields = Vec::new();
    for name in names {
        let encoding = media_type.encoding.get(name);
        // `openapiv3` reads an absent `explode` as `false`; `form`'s default
        // is `true`. Only the text tells them apart (a converted Swagger 2.0
        // spec's `collectionFormat` is not in it, and is `false`).
        let explode = match encoding {
            None => true,
            Some(encoding) if encoding.explode || !matches!(encoding.style, None | Some(QueryStyle::Form)) => {
                encoding.explode
            }
            Some(_) => {
                let written = push_pointer(&push_pointer(&push_pointer(at, "encoding"), name), "explode");
                crate::locate::line_column(lowerer.text, &written).is_none()
                    && crate::locate::line_column(lowerer.text, &push_pointer(at, "encoding")).is_some()
            }
        };
        let style = match encoding.and_then(|e| e.style.as_ref()) {
            Some(QueryStyle::DeepObject) => Some(FormStyle::Deep),
            Some(QueryStyle::SpaceDelimited) if !explode => Some(FormStyle::Joined(' ')),
            Some(QueryStyle::PipeDelimited) if !explode => Some(FormStyle::Joined('|')),
            None | Some(QueryStyle::Form) if !explode => Some(FormStyle::Joined(',')),
            _ => {
                let property = properties.and_then(|p| p.get(name));
                let object =
                    property.and_then(|p| resolve(lowerer, SchemaRef::from(p), at)).and_then(|(_, s)| {
                        match &s.schema_kind {
                            SchemaKind::Type(Type::Object(object)) => Some(&object.properties),
                            SchemaKind::Any(any) if any.typ.as_deref() == Some("object") => Some(&any.properties),
                            _ => None,
                        }
                    });
                match object {
                    // A key that is also the body's own property stays the body's.
                    Some(keys) if !keys.is_empty() => Some(FormStyle::Spread(
                        keys.keys().filter(|key| properties.is_none_or(|p| !p.contains_key(*key))).cloned().collect(),
                    )),
                    Some(_) => Some(FormStyle::Deep),
                    None => None,
                }
            }
        };
        if let Some(style) = style {
            fields.push(FormField { wire_name: name.to_owned(), style });
        }
    }
    fields
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
