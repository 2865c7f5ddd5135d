//! Validation of the raw document, before lowering: the things `openapiv3`
//! accepts silently (`type: strng`, dangling `$ref`s, undeclared path
//! parameters, duplicate operationIds, bad regexes) are errors. Sloppiness
//! that validators let through (an enum value or default of the wrong type,
//! a pattern only JavaScript can run) is a warning, and the value is removed
//! from the document lowering reads: a [`Repairs`] list.

mod paths;
mod refs;
mod schema;

pub(crate) use refs::is_schema_site;

use crate::diagnostic::Diagnostics;
use serde_json::Value;
use serde_yaml::Value as YamlValue;
use std::collections::BTreeSet;

/// Runs every check; findings go to `diagnostics`, values to leave out of
/// the document to the returned list.
pub(crate) fn check(raw: &Value, diagnostics: &mut Diagnostics) -> Repairs {
    let mut repairs = Repairs::default();
    refs::check_refs(raw, diagnostics, &mut repairs);
    paths::check_paths(raw, diagnostics, &mut repairs);
    schema::check_schemas(raw, diagnostics, &mut repairs);
    repairs
}

/// Values to remove from the document, by JSON pointer, each already warned about.
#[derive(Debug, Default, Clone)]
pub(crate) struct Repairs {
    removals: Vec<String>,
    /// `$ref` values to rewrite: (pointer of the `$ref`, new reference).
    references: Vec<(String, String)>,
    /// Values to put in place of a reference: (pointer of the reference's object, value).
    replacements: Vec<(String, Value)>,
    /// Schemas to add under `#/components/schemas`: (name, schema).
    schemas: Vec<(String, Value)>,
    /// The component name each copied-in schema got, by the (decoded)
    /// reference to where it was: references inside copies follow too.
    hoisted: std::collections::BTreeMap<String, String>,
    /// Schemas with an `allOf` and object keywords beside it, by pointer:
    /// those keywords move into one more `allOf` member.
    all_of_siblings: Vec<String>,
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

    fn remove(&mut self, pointer: String) {
        self.removals.push(pointer);
    }

    fn replace(&mut self, pointer: String, value: Value) {
        self.replacements.push((pointer, value));
    }

    fn rewrite_reference(&mut self, pointer: String, reference: String) {
        self.references.push((pointer, reference));
    }

    fn add_schema(&mut self, target: &str, name: String, schema: Value) {
        self.hoisted.insert(target.to_owned(), name.clone());
        self.schemas.push((name, schema));
    }

    fn move_into_all_of(&mut self, pointer: String) {
        self.all_of_siblings.push(pointer);
    }

    /// Removes the values from the document as parsed (whose mappings keep
    /// the spec's order). A list emptied by it (every `enum` value of the
    /// wrong type) goes too: no enum is left to check.
    pub(crate) fn apply(mut self, tree: &mut YamlValue) {
        for (pointer, value) in &self.replacements {
            if let (Some(slot), Ok(value)) = (yaml_pointer_mut(tree, pointer), serde_yaml::to_value(value)) {
                *slot = value;
            }
        }
        for (pointer, reference) in &self.references {
            if let Some(value) = yaml_pointer_mut(tree, pointer) {
                *value = YamlValue::String(reference.clone());
            }
        }
        if !self.schemas.is_empty() {
            let schemas = mapping_entry(mapping_entry(tree, "components"), "schemas");
            if let YamlValue::Mapping(schemas) = schemas {
                for (name, schema) in &self.schemas {
                    if let Ok(schema) = serde_yaml::to_value(schema) {
                        schemas.insert(YamlValue::String(name.clone()), schema);
                    }
                }
            }
        }
        // Later list items first, so earlier indices stay valid.
        self.removals.sort_by(|a, b| compare_pointers(b, a));
        self.removals.dedup();
        for pointer in &self.removals {
            let Some((parent, key)) = pointer.rsplit_once('/') else {
                continue;
            };
            let emptied = match yaml_pointer_mut(tree, parent) {
                Some(YamlValue::Mapping(mapping)) => {
                    let key = unescape(key);
                    mapping.retain(|k, _| !key_is(k, &key));
                    false
                }
                Some(YamlValue::Sequence(items)) => {
                    if let Ok(index) = key.parse::<usize>() {
                        if index < items.len() {
                            items.remove(index);
                        }
                    }
                    items.is_empty()
                }
                _ => false,
            };
            if let (true, Some((grandparent, list))) = (emptied, parent.rsplit_once('/')) {
                if let Some(YamlValue::Mapping(mapping)) = yaml_pointer_mut(tree, grandparent) {
                    let list = unescape(list);
                    mapping.retain(|k, _| !key_is(k, &list));
                }
            }
        }
        // Last, with every other repair made; the deepest first, so the
        // pointers of those still to move hold.
        self.all_of_siblings.sort_by(|a, b| compare_pointers(b, a));
        // Where moved keywords were and are now, for the references into them.
        let mut moved: Vec<(String, String)> = Vec::new();
        for pointer in &self.all_of_siblings {
            let Some(YamlValue::Mapping(schema)) = yaml_pointer_mut(tree, pointer) else {
                continue;
            };
            let Some(index) = schema.get("allOf").and_then(YamlValue::as_sequence).map(Vec::len) else {
                continue;
            };
            let mut member = serde_yaml::Mapping::new();
            member.insert(YamlValue::from("type"), YamlValue::from("object"));
            for key in OBJECT_KEYWORDS {
                if let Some(value) = schema.remove(*key) {
                    member.insert(YamlValue::from(*key), value);
                    moved.push((format!("{pointer}/{key}"), format!("{pointer}/allOf/{index}/{key}")));
                }
            }
            if schema.get("type").and_then(YamlValue::as_str) == Some("object") {
                schema.remove("type");
            }
            if let Some(YamlValue::Sequence(members)) = schema.get_mut("allOf") {
                members.push(YamlValue::Mapping(member));
            }
        }
        if !moved.is_empty() || !self.hoisted.is_empty() {
            follow_moves(tree, &self.hoisted, &moved);
        }
    }
}

/// Points each `$ref` still naming a copied-in schema's old place (one
/// inside a copy, which was made before the references in it were
/// repaired) at the copy, and each into a moved part at where it is now;
/// the moves in the order they were made, so a part moved twice is followed
/// twice.
fn follow_moves(
    node: &mut YamlValue,
    hoisted: &std::collections::BTreeMap<String, String>,
    moved: &[(String, String)],
) {
    match node {
        YamlValue::Mapping(mapping) => {
            for (key, value) in mapping.iter_mut() {
                match value {
                    YamlValue::String(reference) if key.as_str() == Some("$ref") && reference.starts_with("#/") => {
                        if let Some(name) = hoisted.get(&refs::percent_decode(reference)) {
                            *reference = format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"));
                        }
                        for (from, to) in moved {
                            let target = &reference[1..];
                            if target == from
                                || target.strip_prefix(from.as_str()).is_some_and(|rest| rest.starts_with('/'))
                            {
                                *reference = format!("#{to}{}", &target[from.len()..]);
                            }
                        }
                    }
                    other => follow_moves(other, hoisted, moved),
                }
            }
        }
        YamlValue::Sequence(items) => items.iter_mut().for_each(|item| follow_moves(item, hoisted, moved)),
        _ => {}
    }
}

/// The value under `key` of a mapping, created empty when missing.
fn mapping_entry<'a>(node: &'a mut YamlValue, key: &str) -> &'a mut YamlValue {
    if !matches!(node, YamlValue::Mapping(_)) {
        *node = YamlValue::Mapping(serde_yaml::Mapping::new());
    }
    let YamlValue::Mapping(mapping) = node else { unreachable!("made a mapping above") };
    mapping.entry(YamlValue::String(key.to_owned())).or_insert_with(|| YamlValue::Mapping(serde_yaml::Mapping::new()))
}

/// Whether a mapping key is the (escaped) pointer segment `segment`; keys
/// read as numbers or booleans (`200:`) match their text.
/// A pointer segment as the key it names (`~1` is `/`, `~0` is `~`).
pub(crate) fn unescape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~").into()
    } else {
        segment.into()
    }
}

/// Whether a YAML key is the (unescaped) `key`: YAML keys may be numbers
/// or booleans (`200:`), which JSON pointers write as text.
fn key_is(key: &YamlValue, name: &str) -> bool {
    match key {
        YamlValue::String(text) => text == name,
        YamlValue::Number(number) => number.to_string() == name,
        YamlValue::Bool(flag) => flag.to_string() == name,
        _ => false,
    }
}

/// The entry of `mapping` under `name`: a hashed lookup for a text key (a
/// linear scan would make repairing a large spec quadratic), a scan only
/// for the rare key that is a number or a boolean.
fn entry_mut<'a>(mapping: &'a mut serde_yaml::Mapping, name: &str) -> Option<&'a mut YamlValue> {
    if mapping.contains_key(name) {
        return mapping.get_mut(name);
    }
    mapping.iter_mut().find(|(key, _)| !key.is_string() && key_is(key, name)).map(|(_, value)| value)
}

fn yaml_pointer_mut<'a>(tree: &'a mut YamlValue, pointer: &str) -> Option<&'a mut YamlValue> {
    let mut current = tree;
    for segment in pointer.split('/').skip(1) {
        current = match current {
            YamlValue::Mapping(mapping) => entry_mut(mapping, &unescape(segment))?,
            YamlValue::Sequence(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Orders pointers segment by segment, list indices as numbers.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |segment: &str| (segment.parse::<u64>().ok(), segment.to_owned());
    a.split('/').map(key).cmp(b.split('/').map(key))
}

/// Follows a local `$ref` (`#/components/schemas/User`) in the raw document.
pub(crate) fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    root.pointer(reference.strip_prefix('#')?)
}
