//! Schemas to types: inline primitives and containers become `TypeRef`s;
//! objects, enums, `oneOf`s, constrained values and components become named types.

use super::alternatives::{alternatives, tag_variants};
use super::direction::{lookup, Direction, SchemaRef};
use super::object::{build_struct, collect_parts, is_annotation, is_object_like, is_object_member, ObjectPart};
use super::Lowerer;
use crate::diagnostic::WarningKind;
use crate::json_pointer::push_pointer;
use crate::model::{Bound, Constrained, ConstrainedBase, EnumVariant, StringCheck, StringEnum, TypeKind, TypeRef};
use crate::names;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerType, NumberType, ReferenceOr, Schema, SchemaKind, StringFormat,
    StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;
use std::collections::BTreeSet;

impl<'a> Lowerer<'a, '_> {
    /// The type of a schema or reference used at `pointer`.
    pub(crate) fn schema_ref_type(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
        base_name: &str,
        direction: Direction,
    ) -> TypeRef {
        match schema {
            SchemaRef::Item(schema) => self.schema_type(schema, pointer, base_name, direction),
            SchemaRef::Reference(reference) => {
                // The checks hoisted every other schema reference into the components.
                let Some(name) = reference.strip_prefix("#/components/schemas/") else {
                    self.diagnostics.error(pointer, format!("`$ref` {reference:?} names no schema"));
                    return TypeRef::Json;
                };
                let Some(target) = lookup(self.document, reference) else {
                    self.diagnostics.error(pointer, format!("dangling `$ref`: nothing at {reference:?}"));
                    return TypeRef::Json;
                };
                let name = names::type_name(&crate::json_pointer::unescape(name));
                self.schema_type(target, &reference[1..], &name, direction)
            }
        }
    }

    /// The type of a schema found at `pointer`.
    pub(crate) fn schema_type(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        base_name: &str,
        direction: Direction,
    ) -> TypeRef {
        let is_component = is_component_pointer(pointer);
        // A choice of one (a single member, or one next to `null`) is that member.
        if let (false, Some((key, index, member))) = (is_component, sole_member(schema)) {
            return self.schema_ref_type(
                SchemaRef::from(member),
                &format!("{pointer}/{key}/{index}"),
                base_name,
                direction,
            );
        }
        let ty = if is_component || needs_name(schema) {
            TypeRef::Named(self.reserve(schema, pointer, base_name, direction))
        } else {
            self.inline_type(schema, pointer, base_name, direction)
        };
        // `null` for a nullable schema is its field's `None`, not a value of the type.
        if let Some(example) = schema.schema_data.example.as_ref().filter(|e| !(e.is_null() && admits_null(schema))) {
            self.note_example(push_pointer(pointer, "example"), direction, &ty, example);
        }
        ty
    }

    /// Primitives and containers, which need no name of their own.
    fn inline_type(&mut self, schema: &'a Schema, pointer: &str, base_name: &str, direction: Direction) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string_type(string),
            SchemaKind::Type(Type::Integer(integer)) => integer_type(integer),
            SchemaKind::Type(Type::Number(number)) => number_type(number),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                TypeRef::List(Box::new(self.items_type(array.items.as_ref(), pointer, base_name, direction)))
            }
            SchemaKind::Type(Type::Object(object)) => TypeRef::Map(Box::new(self.map_value_type(
                object.additional_properties.as_ref(),
                pointer,
                base_name,
                direction,
            ))),
            SchemaKind::Any(any) if is_empty_any(any) => {
                if has_untyped_constraints(any) {
                    self.diagnostics.warning(
                        WarningKind::Unchecked,
                        pointer,
                        "bounds without a `type` are not checked: any JSON value is accepted",
                    );
                }
                TypeRef::Json
            }
            _ => {
                self.diagnostics.warning(WarningKind::LooseType, pointer, NO_RUST_TYPE);
                TypeRef::Json
            }
        }
    }

    fn items_type(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        pointer: &str,
        base_name: &str,
        direction: Direction,
    ) -> TypeRef {
        match items {
            Some(items) => {
                let ty = self.schema_ref_type(
                    SchemaRef::from(items),
                    &push_pointer(pointer, "items"),
                    &format!("{base_name}Item"),
                    direction,
                );
                self.or_null(SchemaRef::from(items), ty)
            }
            None => TypeRef::Json,
        }
    }

    fn map_value_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        base_name: &str,
        direction: Direction,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let ty = self.schema_ref_type(
                    SchemaRef::from(value.as_ref()),
                    &push_pointer(pointer, "additionalProperties"),
                    &format!("{base_name}Value"),
                    direction,
                );
                self.or_null(SchemaRef::from(value.as_ref()), ty)
            }
            _ => TypeRef::Json,
        }
    }

    /// `ty`, or `null` too when `schema` admits it and `ty` does not
    /// already (any JSON value does): where no field's presence can say so.
    pub(super) fn or_null(&self, schema: SchemaRef<'a>, ty: TypeRef) -> TypeRef {
        let schema = match schema {
            SchemaRef::Item(schema) => Some(schema),
            SchemaRef::Reference(reference) => lookup(self.document, reference),
        };
        match ty {
            TypeRef::Json | TypeRef::OrNull(_) => ty,
            ty if schema.is_some_and(admits_null) => TypeRef::OrNull(Box::new(ty)),
            ty => ty,
        }
    }
}

fn is_component_pointer(pointer: &str) -> bool {
    pointer.strip_prefix("/components/schemas/").is_some_and(|rest| !rest.contains('/'))
}

pub(super) fn is_empty_any(any: &AnySchema) -> bool {
    any.typ.is_none()
        && is_unstructured(any)
        && any.required.is_empty()
        && any.enumeration.is_empty()
        && any.pattern.is_none()
        && any.format.is_none()
}

/// Bounds that JSON Schema applies to whichever type the value has.
pub(super) fn has_untyped_constraints(any: &AnySchema) -> bool {
    any.minimum.is_some()
        || any.maximum.is_some()
        || any.min_length.is_some()
        || any.max_length.is_some()
        || any.min_items.is_some()
        || any.max_items.is_some()
}

/// `type: object` and a `oneOf` of object schemas, nothing else: the
/// `type` says no more than each member does.
fn is_object_choice(lowerer: &Lowerer<'_, '_>, any: &AnySchema) -> bool {
    any.typ.as_deref() == Some("object")
        && any.properties.is_empty()
        && any.required.is_empty()
        && any.additional_properties.is_none()
        && any.not.is_none()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && !any.one_of.is_empty()
        && any.one_of.iter().all(|member| super::object::is_object_member(lowerer, SchemaRef::from(member)))
}

/// Whether the schema becomes a named type even when written inline.
fn needs_name(schema: &Schema) -> bool {
    if rust_type_extension(schema).is_some() {
        return true;
    }
    let secret = is_secret(schema);
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            // A format alone is support's `Email` or `Uri`; with other
            // constraints, the checked type checks it too.
            secret
                || !s.enumeration.is_empty()
                || s.min_length.is_some()
                || s.max_length.is_some()
                || s.pattern.is_some()
        }
        SchemaKind::Type(Type::Integer(i)) => i.minimum.is_some() || i.maximum.is_some() || !i.enumeration.is_empty(),
        SchemaKind::Type(Type::Number(n)) => n.minimum.is_some() || n.maximum.is_some() || !n.enumeration.is_empty(),
        SchemaKind::Type(Type::Boolean(b)) => boolean_enum(b).is_some(),
        SchemaKind::Type(Type::Array(a)) => a.min_items.is_some() || a.max_items.is_some(),
        SchemaKind::Type(Type::Object(o)) => {
            !o.properties.is_empty() || matches!(o.additional_properties, Some(AdditionalProperties::Any(false)))
        }
        SchemaKind::Any(any) => !is_empty_any(any),
        SchemaKind::OneOf { .. } | SchemaKind::AllOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => true,
    }
}

/// writeOnly values and passwords are kept out of `Debug`.
fn is_secret(schema: &Schema) -> bool {
    let password = matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(StringType {
            format: VariantOrUnknownOrEmpty::Item(StringFormat::Password),
            ..
        }))
    );
    password || schema.schema_data.write_only
}

fn string_type(string: &StringType) -> TypeRef {
    match &string.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => TypeRef::Uuid,
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => TypeRef::Base64,
        _ => match string_check(string) {
            Some(StringCheck::Email) => TypeRef::Email,
            Some(StringCheck::Uri) => TypeRef::Uri,
            Some(StringCheck::Uuid) => TypeRef::Uuid,
            Some(StringCheck::DateTime) => TypeRef::DateTime,
            Some(StringCheck::Date) => TypeRef::Date,
            Some(StringCheck::Byte) => TypeRef::Base64,
            None => TypeRef::String,
        },
    }
}

fn string_check(string: &StringType) -> Option<StringCheck> {
    match &string.format {
        VariantOrUnknownOrEmpty::Unknown(format) if format == "email" => Some(StringCheck::Email),
        VariantOrUnknownOrEmpty::Unknown(format) if matches!(format.as_str(), "uri" | "url") => Some(StringCheck::Uri),
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => Some(StringCheck::Uuid),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some(StringCheck::DateTime),
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some(StringCheck::Date),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some(StringCheck::Byte),
        _ => None,
    }
}

fn integer_type(integer: &IntegerType) -> TypeRef {
    match &integer.format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
        _ => TypeRef::I64,
    }
}

fn number_type(number: &NumberType) -> TypeRef {
    match &number.format {
        VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
        _ => TypeRef::F64,
    }
}

/// The extension naming the user's own Rust type for a schema.
const RUST_TYPE: &str = "x-rust-type";

/// The value of a schema's `x-rust-type`, if it has one.
fn rust_type_extension(schema: &Schema) -> Option<&serde_json::Value> {
    schema.schema_data.extensions.get(RUST_TYPE)
}

/// The user's type named by `x-rust-type`: a Rust type path, checked here
/// so that a typo is an error at its pointer, not a compile error in the
/// generated crate.
fn external_kind(lowerer: &mut Lowerer<'_, '_>, path: &serde_json::Value, pointer: &str) -> TypeKind {
    let at = push_pointer(pointer, RUST_TYPE);
    let Some(text) = path.as_str() else {
        lowerer.diagnostics.error(at, "`x-rust-type` must be a string: a Rust type, e.g. `my_crate::Money`");
        return TypeKind::Alias(TypeRef::Json);
    };
    match syn::parse_str::<syn::Type>(text) {
        Ok(_) => TypeKind::External(text.trim().to_owned()),
        Err(error) => {
            lowerer.diagnostics.error(at, format!("`x-rust-type` {text:?} is not a Rust type: {error}"));
            TypeKind::Alias(TypeRef::Json)
        }
    }
}

/// The body of a named type.
pub(super) fn named_kind<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    schema: &'a Schema,
    pointer: &str,
    base_name: &str,
    name: &str,
    direction: Direction,
) -> TypeKind {
    if let Some(path) = rust_type_extension(schema) {
        return external_kind(lowerer, path, pointer);
    }
    let subject = subject_name(pointer, name);
    let secret = is_secret(schema);
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            string_enum(string.enumeration.iter().flatten().map(String::as_str))
        }
        SchemaKind::Type(Type::Boolean(boolean)) if boolean_enum(boolean).is_some() => {
            TypeKind::Constrained(Constrained {
                base: ConstrainedBase::Value { allowed: boolean_enum(boolean).into_iter().collect() },
                subject,
                secret,
            })
        }
        SchemaKind::Any(any) if is_enum_only(any) => value_enum(any, subject, secret),
        SchemaKind::Type(Type::String(string)) if needs_name(schema) => TypeKind::Constrained(Constrained {
            base: ConstrainedBase::String {
                min_length: string.min_length.map(|n| n as u64),
                max_length: string.max_length.map(|n| n as u64),
                pattern: string.pattern.as_deref().map(super::pattern::pattern),
                format: string_check(string),
            },
            subject,
            secret,
        }),
        SchemaKind::Type(Type::Integer(integer)) if needs_name(schema) => {
            let bound = |value: Option<i64>, exclusive| value.map(|value| Bound { value, exclusive });
            TypeKind::Constrained(Constrained {
                base: ConstrainedBase::Integer {
                    wide: integer_type(integer) == TypeRef::I64,
                    minimum: bound(integer.minimum, integer.exclusive_minimum),
                    maximum: bound(integer.maximum, integer.exclusive_maximum),
                    allowed: integer.enumeration.iter().flatten().copied().collect(),
                },
                subject,
                secret: false,
            })
        }
        SchemaKind::Type(Type::Number(number)) if needs_name(schema) => {
            let bound = |value: Option<f64>, exclusive| value.map(|value| Bound { value, exclusive });
            TypeKind::Constrained(Constrained {
                base: ConstrainedBase::Number {
                    minimum: bound(number.minimum, number.exclusive_minimum),
                    maximum: bound(number.maximum, number.exclusive_maximum),
                    allowed: number.enumeration.iter().flatten().copied().collect(),
                },
                subject,
                secret: false,
            })
        }
        SchemaKind::Type(Type::Array(array)) if needs_name(schema) => TypeKind::Constrained(Constrained {
            base: ConstrainedBase::Array {
                items: lowerer.items_type(array.items.as_ref(), pointer, base_name, direction),
                min_items: array.min_items.map(|n| n as u64),
                max_items: array.max_items.map(|n| n as u64),
            },
            subject,
            secret: false,
        }),
        SchemaKind::Type(Type::Object(object)) if needs_name(schema) => {
            let members = vec![ObjectPart::from_object(object, pointer)];
            TypeKind::Struct(build_struct(lowerer, members, pointer, base_name, direction))
        }
        SchemaKind::Any(any) if is_object_like(any) => match ObjectPart::from_any(lowerer.diagnostics, any, pointer) {
            Some(part) => TypeKind::Struct(build_struct(lowerer, vec![part], pointer, base_name, direction)),
            None => TypeKind::Alias(TypeRef::Json),
        },
        // `type: object` beside a `oneOf` of objects (GitHub's "either
        // `subject_digests` or `attestation_ids`"): the `oneOf`, each member an object.
        SchemaKind::Any(any) if is_object_choice(lowerer, any) => {
            TypeKind::OneOf(alternatives(lowerer, &any.one_of, "oneOf", pointer, base_name, direction))
        }
        // No object member (`allOf: [{$ref: Arn}, {description: ...}]`, as AWS
        // writes a documented reference): the first member that says anything.
        SchemaKind::AllOf { all_of } if !all_of.iter().any(|m| is_object_member(lowerer, SchemaRef::from(m))) => {
            let mut said = all_of.iter().enumerate().filter(|(_, m)| !is_annotation(m));
            let Some((index, first)) = said.next() else {
                return TypeKind::Alias(TypeRef::Json);
            };
            if said.next().is_some() {
                lowerer.diagnostics.warning(
                    WarningKind::LooseType,
                    pointer,
                    "an `allOf` of schemas that are not objects has the first one's type; the others are not checked",
                );
            }
            TypeKind::Alias(lowerer.schema_ref_type(
                SchemaRef::from(first),
                &format!("{pointer}/allOf/{index}"),
                base_name,
                direction,
            ))
        }
        SchemaKind::AllOf { all_of } => {
            let mut parts = Vec::new();
            for (index, member) in all_of.iter().enumerate() {
                collect_parts(lowerer, SchemaRef::from(member), &format!("{pointer}/allOf/{index}"), &mut parts, 0);
            }
            TypeKind::Struct(build_struct(lowerer, parts, pointer, base_name, direction))
        }
        // A choice of one is no choice: the member's own type.
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members }
            if members.iter().all(is_null_member) =>
        {
            TypeKind::Alias(TypeRef::Json)
        }
        _ if sole_member(schema).is_some() => {
            let (key, index, member) = sole_member(schema).expect("checked by the guard");
            TypeKind::Alias(lowerer.schema_ref_type(
                SchemaRef::from(member),
                &format!("{pointer}/{key}/{index}"),
                base_name,
                direction,
            ))
        }
        SchemaKind::OneOf { one_of } => {
            let mut one_of_type = alternatives(lowerer, one_of, "oneOf", pointer, base_name, direction);
            if let Some(discriminator) = &schema.schema_data.discriminator {
                tag_variants(&mut one_of_type, one_of, discriminator);
            }
            TypeKind::OneOf(one_of_type)
        }
        SchemaKind::AnyOf { any_of } => {
            TypeKind::AnyOf(alternatives(lowerer, any_of, "anyOf", pointer, base_name, direction))
        }
        SchemaKind::Not { .. } => {
            lowerer.diagnostics.warning(
                WarningKind::LooseType,
                pointer,
                "`not` on its own has no Rust type: any JSON value is accepted",
            );
            TypeKind::Alias(TypeRef::Json)
        }
        // `{}` is any JSON value, exactly.
        SchemaKind::Any(any) if is_empty_any(any) => {
            TypeKind::Alias(lowerer.inline_type(schema, pointer, base_name, direction))
        }
        SchemaKind::Any(_) => {
            lowerer.diagnostics.warning(WarningKind::LooseType, pointer, NO_RUST_TYPE);
            TypeKind::Alias(TypeRef::Json)
        }
        // A component that is a primitive or container: a named alias.
        SchemaKind::Type(_) => TypeKind::Alias(lowerer.inline_type(schema, pointer, base_name, direction)),
    }
}

/// `User.username` for the schema at `/components/schemas/User/properties/username`.
fn subject_name(pointer: &str, name: &str) -> String {
    let Some(rest) = pointer.strip_prefix("/components/schemas/") else {
        return name.to_owned();
    };
    let mut segments = rest.split('/');
    let mut subject = crate::json_pointer::unescape(segments.next().unwrap_or(name)).into_owned();
    let mut previous = "";
    for segment in segments {
        if previous == "properties" {
            subject.push('.');
            subject.push_str(&crate::json_pointer::unescape(segment));
        } else if segment == "items" {
            subject.push_str("[]");
        }
        previous = segment;
    }
    subject
}

/// What a schema with keywords that make no single Rust type gets.
const NO_RUST_TYPE: &str = "this combination of keywords has no Rust type: any JSON value is accepted";

/// The one member of a `oneOf`/`anyOf`/`allOf` that says what the value is,
/// with its keyword and index: the only member, or the only one beside `null`.
pub(super) fn sole_member(schema: &Schema) -> Option<(&'static str, usize, &ReferenceOr<Schema>)> {
    let (key, members) = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => ("oneOf", one_of),
        SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => ("allOf", all_of),
        _ => return None,
    };
    let mut kept = members.iter().enumerate().filter(|(_, member)| !is_null_member(member));
    let (index, member) = kept.next()?;
    kept.next().is_none().then_some((key, index, member))
}

/// An alternative that admits only `null`: `{nullable: true}` alone, or `enum: [null]`.
pub(super) fn is_null_member(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let only_null = |values: &[Value]| !values.is_empty() && values.iter().all(Value::is_null);
    match &schema.schema_kind {
        SchemaKind::Any(any) if is_empty_any(any) => schema.schema_data.nullable,
        SchemaKind::Any(any) => only_null(&any.enumeration) && any.properties.is_empty(),
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty() && s.enumeration.iter().all(Option::is_none),
        SchemaKind::Type(Type::Integer(i)) => !i.enumeration.is_empty() && i.enumeration.iter().all(Option::is_none),
        SchemaKind::Type(Type::Number(n)) => !n.enumeration.is_empty() && n.enumeration.iter().all(Option::is_none),
        SchemaKind::Type(Type::Boolean(b)) => !b.enumeration.is_empty() && b.enumeration.iter().all(Option::is_none),
        _ => false,
    }
}

/// Whether a schema admits `null`: `nullable`, a `null` alternative, or `null` in an untyped `enum`.
pub(super) fn admits_null(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                members.iter().any(is_null_member)
            }
            SchemaKind::Any(any) => any.enumeration.contains(&Value::Null),
            _ => false,
        }
}

/// The one value a boolean `enum` allows, when it allows only one.
fn boolean_enum(boolean: &openapiv3::BooleanType) -> Option<Value> {
    let values: BTreeSet<bool> = boolean.enumeration.iter().flatten().copied().collect();
    (values.len() == 1).then(|| Value::Bool(values.into_iter().next().expect("one value")))
}

/// An `enum` with nothing else that shapes the value (no `type`, or types mixed).
fn is_enum_only(any: &AnySchema) -> bool {
    !any.enumeration.is_empty() && is_unstructured(any)
}

/// No keyword that builds structure: properties, items, or subschemas.
fn is_unstructured(any: &AnySchema) -> bool {
    any.properties.is_empty()
        && any.items.is_none()
        && any.additional_properties.is_none()
        && any.not.is_none()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
}

/// An untyped `enum`: of strings, a string enum; of integers, a checked
/// integer; anything else, a checked JSON value. `null` goes to the field's
/// `Option` (see [`admits_null`]).
fn value_enum(any: &AnySchema, subject: String, secret: bool) -> TypeKind {
    let values: Vec<&Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
    let typed_as = |ty: &str| any.typ.as_deref().is_none_or(|t| t == ty);
    if typed_as("string") && values.iter().all(|v| v.is_string()) && !values.is_empty() {
        return string_enum(values.iter().filter_map(|v| v.as_str()));
    }
    if typed_as("integer") && values.iter().all(|v| v.is_i64()) && !values.is_empty() {
        return TypeKind::Constrained(Constrained {
            base: ConstrainedBase::Integer {
                wide: true,
                minimum: None,
                maximum: None,
                allowed: values.iter().filter_map(|v| v.as_i64()).collect(),
            },
            subject,
            secret: false,
        });
    }
    TypeKind::Constrained(Constrained {
        base: ConstrainedBase::Value { allowed: values.into_iter().cloned().collect() },
        subject,
        secret,
    })
}

/// Values that give one variant name (`a-b` and `a_b`) are told apart by a
/// number, in the spec's order, so adding a value renames nothing before it.
fn string_enum<'v>(values: impl IntoIterator<Item = &'v str>) -> TypeKind {
    let mut variants: Vec<EnumVariant> = Vec::new();
    for wire in values {
        // A value listed twice is one variant.
        if variants.iter().any(|v| v.wire_name == wire) {
            continue;
        }
        let base = if wire.is_empty() { "Empty".to_owned() } else { names::type_name(wire) };
        let wire = wire.to_owned();
        let mut rust_name = base.clone();
        let mut counter = 1;
        while variants.iter().any(|v| v.rust_name == rust_name) {
            counter += 1;
            rust_name = format!("{base}{counter}");
        }
        variants.push(EnumVariant { wire_name: wire, rust_name });
    }
    let other = other_variant(variants.iter().map(|v| v.rust_name.as_str()));
    TypeKind::Enum(StringEnum { variants, other })
}

/// The name of the variant that keeps values the spec does not list:
/// `Unknown`, or `Unknown2`... where a listed value has that name.
pub(super) fn other_variant<'n>(names: impl Iterator<Item = &'n str> + Clone) -> String {
    names::first_free("Unknown", |name| names.clone().any(|taken| taken == name))
}
