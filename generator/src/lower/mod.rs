//! Lowering: `openapiv3`'s document into the model. Every named type is
//! reserved (id and name) when first referenced and converted later from a
//! worklist, so recursive schemas resolve. One schema can give two types,
//! after its use: `User` (responses: no writeOnly fields) and `UserRequest`
//! (request bodies: no readOnly fields), as drf-spectacular names them.

mod alternatives;
mod automaton;
mod content;
mod cycles;
mod dedupe;
mod defaults;
mod derives;
mod direction;
mod examples;
mod form;
mod namespace;
mod object;
mod operation;
mod overlap;
mod paging;
mod pattern;
mod routes;
mod schema;
mod statuses;

use crate::diagnostic::{Diagnostics, WarningKind};
use crate::load::LoadedSpec;
use crate::model::{Api, TypeDef, TypeId, TypeRef};
use crate::names;
use direction::Direction;
use openapiv3::{OpenAPI, Schema};
use std::collections::BTreeMap;

pub(crate) fn lower(spec: &LoadedSpec, document: &OpenAPI, diagnostics: &mut Diagnostics) -> Option<Api> {
    let mut lowerer = Lowerer::new(document, &spec.text, diagnostics);
    let security_schemes = operation::lower_security_schemes(&mut lowerer);
    let operations = operation::lower_operations(&mut lowerer);
    lowerer.drain();
    // Components nothing uses are still emitted, as their response type.
    for name in document.components.iter().flat_map(|c| c.schemas.keys()) {
        if !lowerer.is_reserved(name) {
            if lowerer.component(name, Direction::Response).is_none() {
                let pointer = format!("/components/schemas/{}", crate::json_pointer::escape(name));
                let reason = direction::unreachable_reason(document, name);
                lowerer.diagnostics.warning(
                    WarningKind::LeftOut,
                    pointer,
                    format!("this component is left out: {reason}"),
                );
            }
            lowerer.drain();
        }
    }
    let Lowerer { types, diagnostics, examples, derive_requests, .. } = lowerer;
    let mut types: Vec<TypeDef> = types.into_iter().map(|t| t.expect("every reserved type is lowered")).collect();
    let mut operations = operations;
    routes::loosen_parameters(&types, &mut operations, diagnostics);
    routes::drop_unroutable(&mut operations, diagnostics);
    statuses::check_documented(&operations, diagnostics);
    namespace::assign(&mut types, &mut operations);
    defaults::check_defaults(&mut types, diagnostics);
    overlap::settle_one_ofs(&mut types, diagnostics);
    let examples: Vec<crate::model::Example> =
        examples.into_iter().map(|(pointer, (_, ty, value))| crate::model::Example { pointer, ty, value }).collect();
    examples::check_examples(&types, &examples, diagnostics);
    // The example tests name the spec's own pointers (a 3.1 `examples/0`, not `example`).
    let examples = examples
        .into_iter()
        .map(|example| crate::model::Example {
            pointer: spec.origins.original(&example.pointer).into_owned(),
            ..example
        })
        .collect();
    cycles::box_cycles(&mut types);
    dedupe::merge_identical(&mut types);
    dedupe::merge_identical_operation_types(&types, &mut operations);
    derives::settle(&mut types, &derive_requests, diagnostics);
    paging::find(document, &types, &mut operations, diagnostics);
    if diagnostics.has_errors() {
        return None;
    }
    let info = &document.info;
    Some(Api {
        module: names::module_name(&spec.stem),
        source: spec.display_name.clone(),
        title: info.title.clone(),
        description: info.description.clone(),
        types,
        operations,
        security_schemes,
        examples,
    })
}

/// The lowering state: the type arena and the queue of reserved, unconverted types.
pub(crate) struct Lowerer<'a, 'd> {
    pub(crate) document: &'a OpenAPI,
    /// The spec's text, for what `openapiv3` reads with a default filled
    /// in: whether an `encoding` writes its `explode`.
    pub(crate) text: &'a str,
    pub(crate) diagnostics: &'d mut Diagnostics,
    /// `None` while reserved and not yet converted.
    types: Vec<Option<TypeDef>>,
    by_key: BTreeMap<(String, Direction), TypeId>,
    pending: Vec<Pending<'a>>,
    direction: direction::Analysis<'a>,
    /// Examples by pointer, with the direction of the type they were met with.
    examples: BTreeMap<String, (Direction, TypeRef, serde_json::Value)>,
    /// `x-rust-derive`, by the type whose schema has it.
    derive_requests: derives::Requests,
}

/// A reserved type waiting for conversion.
struct Pending<'a> {
    id: TypeId,
    schema: &'a Schema,
    pointer: String,
    /// Name before the direction is applied: `User`, `UserUsername`.
    base_name: String,
    direction: Direction,
}

impl<'a, 'd> Lowerer<'a, 'd> {
    fn new(document: &'a OpenAPI, text: &'a str, diagnostics: &'d mut Diagnostics) -> Self {
        Self {
            document,
            text,
            diagnostics,
            types: Vec::new(),
            by_key: BTreeMap::new(),
            pending: Vec::new(),
            direction: direction::Analysis::default(),
            examples: BTreeMap::new(),
            derive_requests: derives::Requests::new(),
        }
    }

    /// The type of component schema `name` in `direction`, reserved if new.
    pub(crate) fn component(&mut self, name: &str, direction: Direction) -> Option<TypeRef> {
        let pointer = format!("/components/schemas/{}", crate::json_pointer::escape(name));
        let schema = direction::lookup(self.document, &format!("#{pointer}"))?;
        Some(self.schema_type(schema, &pointer, &names::type_name(name), direction))
    }

    /// Whether component schema `name` has a type in some direction already.
    fn is_reserved(&self, name: &str) -> bool {
        let pointer = format!("/components/schemas/{}", crate::json_pointer::escape(name));
        self.by_key.range((pointer.clone(), Direction::Response)..=(pointer, Direction::Request)).next().is_some()
    }

    /// Adds a type built whole (a multipart form), with no schema of its own to convert.
    pub(crate) fn add_type(&mut self, def: TypeDef) -> TypeId {
        self.types.push(Some(def));
        self.types.len() - 1
    }

    /// Reserves (or finds) the named type for a schema, direction and base name.
    pub(crate) fn reserve(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        base_name: &str,
        direction: Direction,
    ) -> TypeId {
        let direction = self.direction.effective(self.document, schema, direction);
        let key = (pointer.to_owned(), direction);
        if let Some(&id) = self.by_key.get(&key) {
            return id;
        }
        let id = self.types.len();
        self.types.push(None);
        self.by_key.insert(key, id);
        self.pending.push(Pending {
            id,
            schema,
            pointer: pointer.to_owned(),
            base_name: base_name.to_owned(),
            direction,
        });
        id
    }

    /// Converts reserved types until none is left.
    fn drain(&mut self) {
        while let Some(pending) = self.pending.pop() {
            let sensitive = self.direction.is_sensitive(self.document, pending.schema);
            let name = pending.direction.decorate(&pending.base_name, sensitive);
            let kind = schema::named_kind(
                self,
                pending.schema,
                &pending.pointer,
                &pending.base_name,
                &name,
                pending.direction,
            );
            let doc = schema_doc(pending.schema, &pending.pointer);
            if let Some(request) = derives::requested(pending.schema, &pending.pointer, self.diagnostics) {
                self.derive_requests.insert(pending.id, request);
            }
            self.types[pending.id] =
                Some(TypeDef { name, doc, origin: pending.pointer, kind, same_as: None, derives: Vec::new() });
        }
    }

    /// Records an example at `pointer` of type `ty`. A schema met in several
    /// directions keeps its response type, the one with every readable field.
    pub(crate) fn note_example(
        &mut self,
        pointer: String,
        direction: Direction,
        ty: &TypeRef,
        value: &serde_json::Value,
    ) {
        match self.examples.get(&pointer) {
            Some((Direction::Response, ..)) => {}
            Some(_) if direction != Direction::Response => {}
            _ => {
                self.examples.insert(pointer, (direction, ty.clone(), value.clone()));
            }
        }
    }
}

/// A schema's title and description, as a doc comment; a title that only
/// restates `own_name` (the last segment of `pointer`: the component's or
/// property's key; FastAPI titles every one of them so) is left out.
pub(crate) fn schema_doc(schema: &Schema, pointer: &str) -> Option<String> {
    let data = &schema.schema_data;
    let own_name = crate::json_pointer::unescape(pointer.rsplit('/').next().unwrap_or_default()).into_owned();
    let title = data.title.as_ref().filter(|title| !names::same_words(title, &own_name));
    match (title, &data.description) {
        (Some(title), Some(description)) => Some(format!("{title}\n\n{description}")),
        (Some(text), None) | (None, Some(text)) => Some(text.clone()),
        (None, None) => None,
    }
}
