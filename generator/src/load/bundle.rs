//! `$ref`s to other files (`pet.yaml`, `common.yaml#/components/schemas/Id`)
//! are read and brought into the spec, as `redocly bundle` does: a schema is
//! copied into `#/components/schemas` under a name of its own (one per
//! target, so recursion and sharing survive), anything else (a path item, a
//! response, a parameter) is copied in place. References inside a copied
//! part are relative to the file it came from. A remote URL is an error: a
//! build does not fetch from the network.

use crate::json_pointer::{escape, push_pointer, unescape};
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How many copies in place may nest (a response file referring to a
/// response file...); deeper is taken as a cycle.
const INLINE_DEPTH: usize = 32;

/// What bundling found: the files it read, and errors at pointers of the spec.
#[derive(Default)]
pub(crate) struct Bundled {
    pub(crate) files: Vec<PathBuf>,
    pub(crate) errors: Vec<(String, String)>,
}

/// Brings every external reference of `tree` (the spec at `path`) into it.
pub(crate) fn bundle(path: &Path, tree: &mut Value) -> Bundled {
    // Most specs are one file: a walk that allocates nothing says so, and
    // the walk that tracks pointers is skipped.
    if !has_external_reference(tree) {
        return Bundled::default();
    }
    let mut bundler = Bundler {
        main: canonical(path),
        documents: BTreeMap::new(),
        names: BTreeMap::new(),
        taken: tree
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_mapping)
            .map(|schemas| schemas.keys().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default(),
        schemas: Vec::new(),
        found: Bundled::default(),
    };
    let main = bundler.main.clone();
    // A component that is only a reference to another file's schema gives
    // that schema its name.
    if let Some(schemas) = tree.get("components").and_then(|c| c.get("schemas")).and_then(Value::as_mapping) {
        for (name, schema) in schemas {
            let (Some(name), Some(reference)) = (name.as_str(), sole_reference(schema)) else {
                continue;
            };
            if let Some(key) = bundler.key(reference, &main) {
                bundler.names.entry(key).or_insert_with(|| name.to_owned());
            }
        }
    }
    bundler.resolve(tree, "", &main, 0);
    // A `components` that is not a mapping is the checks' error to report.
    if let Some(schemas) = components_schemas(tree).filter(|_| !bundler.schemas.is_empty()) {
        for (name, schema) in std::mem::take(&mut bundler.schemas) {
            schemas.insert(Value::String(name), schema);
        }
    }
    bundler.found.files = bundler.documents.into_keys().collect();
    bundler.found
}

/// Whether some `$ref` anywhere names something else than a fragment of
/// this document (`#/...`).
fn has_external_reference(node: &Value) -> bool {
    match node {
        Value::Mapping(mapping) => {
            let external = mapping.get("$ref").and_then(Value::as_str).is_some_and(|r| !r.starts_with('#'));
            external || mapping.values().any(has_external_reference)
        }
        Value::Sequence(items) => items.iter().any(has_external_reference),
        Value::Tagged(tagged) => has_external_reference(&tagged.value),
        _ => false,
    }
}

/// [`has_external_reference`], on the JSON of a spec read as JSON.
pub(crate) fn refers_elsewhere(node: &serde_json::Value) -> bool {
    match node {
        serde_json::Value::Object(object) => {
            let external = object.get("$ref").and_then(serde_json::Value::as_str).is_some_and(|r| !r.starts_with('#'));
            external || object.values().any(refers_elsewhere)
        }
        serde_json::Value::Array(items) => items.iter().any(refers_elsewhere),
        _ => false,
    }
}

struct Bundler {
    main: PathBuf,
    /// Every other file read, parsed (`None`: it could not be, reported once).
    documents: BTreeMap<PathBuf, Option<Value>>,
    /// The component name given to each (file, fragment) schema.
    names: BTreeMap<(PathBuf, String), String>,
    taken: BTreeSet<String>,
    /// Schemas to add to the components, in the order they were met.
    schemas: Vec<(String, Value)>,
    found: Bundled,
}

impl Bundler {
    /// Rewrites the references of `node` (at `pointer` in the spec, read from
    /// the file `base`) to point inside the spec.
    fn resolve(&mut self, node: &mut Value, pointer: &str, base: &Path, depth: usize) {
        match node {
            Value::Mapping(mapping) => {
                // Under `properties`, `$ref` can be a property's name.
                let under_properties = pointer.rsplit('/').next() == Some("properties");
                let reference = mapping.get("$ref").and_then(Value::as_str).filter(|_| !under_properties);
                if let Some(reference) = reference.map(str::to_owned) {
                    if let Some(replacement) = self.reference(&reference, pointer, base, depth) {
                        match replacement {
                            Replacement::Reference(local) => {
                                mapping.insert(Value::from("$ref"), Value::String(local));
                            }
                            Replacement::Copy(copy) => {
                                *node = copy;
                                return;
                            }
                        }
                    }
                }
                for (key, value) in mapping.iter_mut() {
                    let key = match key {
                        Value::String(key) => key.clone(),
                        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_owned(),
                    };
                    self.resolve(value, &push_pointer(pointer, &key), base, depth);
                }
            }
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.resolve(item, &format!("{pointer}/{index}"), base, depth);
                }
            }
            Value::Tagged(tagged) => self.resolve(&mut tagged.value, pointer, base, depth),
            _ => {}
        }
    }

    /// The file and fragment a reference read in `base` names, when it is
    /// another file on disk.
    fn key(&self, reference: &str, base: &Path) -> Option<(PathBuf, String)> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if (file.is_empty() && base == self.main) || is_remote(file) {
            return None;
        }
        let file = if file.is_empty() { base.to_path_buf() } else { canonical(&base.parent()?.join(file)) };
        (file != self.main).then(|| (file, fragment.to_owned()))
    }

    /// What a `$ref` at `pointer`, read in `base`, becomes; `None` to keep it.
    fn reference(&mut self, reference: &str, pointer: &str, base: &Path, depth: usize) -> Option<Replacement> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file.is_empty() && base == self.main {
            return None;
        }
        if is_remote(file) {
            self.error(
                pointer,
                format!(
                    "remote `$ref` {reference:?} is not fetched: a build does not use the network; \
                     save the file next to the spec and refer to it by a relative path"
                ),
            );
            return None;
        }
        let file = if file.is_empty() { base.to_path_buf() } else { canonical(&base.parent()?.join(file)) };
        if file == self.main {
            return Some(Replacement::Reference(format!("#{fragment}")));
        }
        let key = (file.clone(), fragment.to_owned());
        let component = pointer.strip_prefix("/components/schemas/").filter(|name| !name.contains('/'));
        if component.is_some_and(|name| self.names.get(&key).is_some_and(|named| escape(named) == name)) {
            // The component that names the schema: the schema itself stands there.
            let mut copy = self.target(&file, fragment, reference, pointer)?;
            self.resolve(&mut copy, pointer, &file, 0);
            return Some(Replacement::Copy(copy));
        }
        if is_schema_site(pointer) || pointer.starts_with("/components/schemas/") {
            let name = self.schema_name(&file, fragment, reference, pointer)?;
            return Some(Replacement::Reference(format!("#/components/schemas/{}", escape(&name))));
        }
        if depth >= INLINE_DEPTH {
            self.error(
                pointer,
                format!("`$ref` {reference:?}: references across files nest too deeply or form a cycle"),
            );
            return None;
        }
        let mut copy = self.target(&file, fragment, reference, pointer)?;
        self.resolve(&mut copy, pointer, &file, depth + 1);
        Some(Replacement::Copy(copy))
    }

    /// The component name of the schema at `fragment` of `file`, bundled on first use.
    fn schema_name(&mut self, file: &Path, fragment: &str, reference: &str, pointer: &str) -> Option<String> {
        let key = (file.to_path_buf(), fragment.to_owned());
        if let Some(name) = self.names.get(&key) {
            return Some(name.clone());
        }
        let mut copy = self.target(file, fragment, reference, pointer)?;
        let last = fragment.rsplit('/').next().filter(|s| !s.is_empty());
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("Schema");
        let base = last.map_or_else(|| stem.to_owned(), |s| unescape(s).into_owned());
        let name = crate::names::first_free(&base, |name| self.taken.contains(name));
        self.taken.insert(name.clone());
        // Named before its own references are followed, so a cycle meets the name.
        self.names.insert(key, name.clone());
        let at = format!("/components/schemas/{}", escape(&name));
        self.resolve(&mut copy, &at, file, 0);
        self.schemas.push((name.clone(), copy));
        Some(name)
    }

    /// A copy of what `fragment` points at in `file`.
    fn target(&mut self, file: &Path, fragment: &str, reference: &str, pointer: &str) -> Option<Value> {
        if !self.documents.contains_key(file) {
            let document = match read(file) {
                Ok(document) => Some(document),
                Err(message) => {
                    self.error(pointer, format!("`$ref` {reference:?}: cannot read the file: {message}"));
                    None
                }
            };
            self.documents.insert(file.to_path_buf(), document);
        }
        let document = self.documents.get(file)?.as_ref()?;
        match find(document, fragment) {
            Some(found) => Some(found.clone()),
            None => {
                self.error(pointer, format!("dangling `$ref` {reference:?}: nothing at #{fragment} in that file"));
                None
            }
        }
    }

    /// An error at the `$ref` of the mapping at `pointer`.
    fn error(&mut self, pointer: &str, message: String) {
        self.found.errors.push((push_pointer(pointer, "$ref"), message));
    }
}

enum Replacement {
    /// The reference, rewritten to point inside the spec.
    Reference(String),
    /// The target itself, in place of the reference.
    Copy(Value),
}

fn is_remote(file: &str) -> bool {
    file.contains("://") || file.starts_with("//")
}

/// The target of a mapping that is only `{$ref: ...}`.
fn sole_reference(node: &Value) -> Option<&str> {
    let mapping = node.as_mapping()?;
    (mapping.len() == 1).then(|| mapping.get("$ref")?.as_str()).flatten()
}

fn read(file: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(file).map_err(|error| error.to_string())?;
    if super::yaml::too_deep(&text).is_some() {
        return Err(super::yaml::too_deep_message());
    }
    let mut document: Value = super::yaml::parse(&text).map_err(|error| error.to_string())?;
    if is_yaml(file) {
        document.apply_merge().map_err(|error| error.to_string())?;
    }
    Ok(document)
}

/// The node at a JSON pointer (`/a/b`, or empty for the whole document).
fn find<'v>(document: &'v Value, fragment: &str) -> Option<&'v Value> {
    let fragment = fragment.strip_prefix('/').map_or(fragment, |rest| rest);
    if fragment.is_empty() {
        return Some(document);
    }
    fragment.split('/').try_fold(document, |node, segment| {
        let segment = crate::json_pointer::unescape(segment);
        match node {
            Value::Sequence(items) => segment.parse::<usize>().ok().and_then(|index| items.get(index)),
            Value::Mapping(mapping) => mapping.get(segment.as_ref()).or_else(|| {
                // A numeric key (`200:`) is a number in YAML.
                mapping.iter().find(|(key, _)| key.as_u64().is_some_and(|n| n.to_string() == segment)).map(|(_, v)| v)
            }),
            _ => None,
        }
    })
}

/// Whether a file is read as YAML (merge keys apply) rather than JSON.
pub(crate) fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Whether the object at `site` stands where a schema does.
pub(crate) fn is_schema_site(site: &str) -> bool {
    let mut segments = site.rsplit('/');
    let last = segments.next().unwrap_or_default();
    let parent = segments.next().unwrap_or_default();
    matches!(last, "schema" | "items" | "additionalProperties" | "not")
        || matches!(parent, "properties" | "allOf" | "oneOf" | "anyOf" | "schemas")
}

/// `#/components/schemas` of the spec, made if missing.
fn components_schemas(tree: &mut Value) -> Option<&mut Mapping> {
    let components = tree.as_mapping_mut()?.entry(Value::from("components")).or_insert_with(|| Mapping::new().into());
    let schemas = components.as_mapping_mut()?.entry(Value::from("schemas")).or_insert_with(|| Mapping::new().into());
    schemas.as_mapping_mut()
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
