//! What the checks hand `repair`: the values they warned about, to leave
//! out of the document lowering reads, by JSON pointer.

use serde_json::Value;
use std::collections::BTreeSet;

/// Values to remove from the document, by JSON pointer, each already warned about.
#[derive(Debug, Default, Clone)]
pub(crate) struct Repairs {
    pub(crate) removals: Vec<String>,
    /// `$ref` values to rewrite: (pointer of the `$ref`, new reference).
    pub(crate) references: Vec<(String, String)>,
    /// Values to put in place of a reference: (pointer of the reference's object, value).
    pub(crate) replacements: Vec<(String, Value)>,
    /// Schemas to add under `#/components/schemas`: (name, schema).
    pub(crate) schemas: Vec<(String, Value)>,
    /// The component name each copied-in schema got, by the (decoded)
    /// reference to where it was: references inside copies follow too.
    pub(crate) hoisted: std::collections::BTreeMap<String, String>,
    /// Schemas with an `allOf` and object keywords beside it, by pointer:
    /// those keywords move into one more `allOf` member.
    pub(crate) all_of_siblings: Vec<String>,
}

/// The object keywords an `allOf` member takes over from beside the `allOf`.
pub(crate) const OBJECT_KEYWORDS: &[&str] =
    &["properties", "required", "additionalProperties", "minProperties", "maxProperties"];

impl Repairs {
    /// Whether there is nothing to change.
    pub(crate) fn is_empty(&self) -> bool {
        self.removals.is_empty()
            && self.references.is_empty()
            && self.replacements.is_empty()
            && self.schemas.is_empty()
            && self.all_of_siblings.is_empty()
    }

    /// The component schemas that hold every repair (their pointer
    /// segments, as escaped), when the repairs stay inside them: the rest
    /// of the document then reads the same repaired or not. `None` when a
    /// repair is elsewhere, or copies a schema in (which adds a component
    /// and moves references).
    pub(crate) fn schemas_touched(&self) -> Option<BTreeSet<&str>> {
        if !self.hoisted.is_empty() || !self.schemas.is_empty() {
            return None;
        }
        let pointers = (self.removals.iter())
            .chain(self.references.iter().map(|(pointer, _)| pointer))
            .chain(self.replacements.iter().map(|(pointer, _)| pointer))
            .chain(self.all_of_siblings.iter());
        let mut names = BTreeSet::new();
        for pointer in pointers {
            let inside = pointer.strip_prefix("/components/schemas/")?;
            names.insert(inside.split('/').next().filter(|name| !name.is_empty())?);
        }
        Some(names)
    }

    pub(super) fn remove(&mut self, pointer: String) {
        self.removals.push(pointer);
    }

    pub(super) fn replace(&mut self, pointer: String, value: Value) {
        self.replacements.push((pointer, value));
    }

    pub(super) fn rewrite_reference(&mut self, pointer: String, reference: String) {
        self.references.push((pointer, reference));
    }

    pub(super) fn add_schema(&mut self, target: &str, name: String, schema: Value) {
        self.hoisted.insert(target.to_owned(), name.clone());
        self.schemas.push((name, schema));
    }

    pub(super) fn move_into_all_of(&mut self, pointer: String) {
        self.all_of_siblings.push(pointer);
    }
}
