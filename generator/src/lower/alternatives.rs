//! The alternatives of a `oneOf` or `anyOf`: a variant each, named after
//! its reference or shape, and the discriminator values that select it.

use super::direction::{Direction, SchemaRef};
use super::schema::is_null_member;
use super::Lowerer;
use crate::model::{OneOf, OneOfVariant, TypeRef};
use crate::names;
use openapiv3::{ReferenceOr, Schema};

/// The alternatives of a `oneOf` or `anyOf` (`key`), named after their
/// references or shapes.
pub(super) fn alternatives<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    members: &'a [ReferenceOr<Schema>],
    key: &str,
    pointer: &str,
    base_name: &str,
    direction: Direction,
) -> OneOf {
    let mut types = Vec::new();
    let mut names_found = Vec::new();
    // A `null` alternative is the field's `Option`, not a variant.
    for (index, member) in members.iter().enumerate().filter(|(_, m)| !is_null_member(m)) {
        let member_pointer = format!("{pointer}/{key}/{index}");
        let ty = lowerer.schema_ref_type(
            SchemaRef::from(member),
            &member_pointer,
            &format!("{base_name}Variant{index}"),
            direction,
        );
        let name = match member {
            ReferenceOr::Reference { reference } => names::type_name(reference.rsplit('/').next().unwrap_or("Variant")),
            ReferenceOr::Item(_) => kind_name(&ty).to_owned(),
        };
        names_found.push(name);
        types.push(ty);
    }
    let mut rust_names = names::strip_common_prefix(&names_found);
    for index in 0..rust_names.len() {
        if rust_names[..index].contains(&rust_names[index]) {
            rust_names[index] = format!("{}{index}", rust_names[index]);
        }
    }
    let variants = rust_names
        .into_iter()
        .zip(types)
        .map(|(rust_name, ty)| OneOfVariant { rust_name, tags: Vec::new(), ty, boxed: false })
        .collect();
    OneOf { variants, discriminator: None, other: None, closest_match: false }
}

/// The discriminator values of each alternative: the `mapping` entries that
/// name its reference (or its schema's name), else the schema's name itself.
pub(super) fn tag_variants(
    one_of: &mut OneOf,
    members: &[ReferenceOr<Schema>],
    discriminator: &openapiv3::Discriminator,
) {
    for (variant, member) in one_of.variants.iter_mut().zip(members.iter().filter(|m| !is_null_member(m))) {
        let ReferenceOr::Reference { reference } = member else {
            continue;
        };
        let schema_name = reference.rsplit('/').next().unwrap_or(reference);
        let mapped: Vec<String> = discriminator
            .mapping
            .iter()
            .filter(|(_, target)| *target == reference || target.as_str() == schema_name)
            .map(|(tag, _)| tag.clone())
            .collect();
        variant.tags =
            if mapped.is_empty() { vec![crate::json_pointer::unescape(schema_name).into_owned()] } else { mapped };
    }
    one_of.discriminator = Some(discriminator.property_name.clone());
    one_of.other = Some(super::schema::other_variant(one_of.variants.iter().map(|v| v.rust_name.as_str())));
}

/// A variant name for an inline `oneOf` alternative, from its shape.
fn kind_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Named(_) => "Object",
        TypeRef::String => "String",
        TypeRef::Bool => "Bool",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::Uuid => "Uuid",
        TypeRef::Email => "Email",
        TypeRef::Uri => "Uri",
        TypeRef::Base64 => "Bytes",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Json => "Value",
        TypeRef::Bytes => "Bytes",
        TypeRef::RawBody => "Body",
        TypeRef::List(_) => "List",
        TypeRef::Map(_) => "Map",
        TypeRef::OrNull(inner) => kind_name(inner),
    }
}
