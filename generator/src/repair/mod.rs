//! The stage after the checks: `openapiv3`'s typed document of a spec,
//! with the values the checks warned about left out ([`Repairs`]). It takes
//! the cheapest route that gives the same document:
//! - the document read beside the checks from a JSON spec's text, when
//!   there is nothing to repair;
//! - that document with the few schemas that hold every repair read again,
//!   repaired ([`in_place`]), when the repairs stay inside them;
//! - else the spec's order-keeping tree, repaired ([`tree`]), then read.

mod in_place;
mod tree;

use crate::check::Repairs;
use crate::diagnostic::Diagnostic;
use crate::json_pointer::push_pointer;
use crate::load::LoadedSpec;
use crate::locate::Origins;
use std::path::Path;

/// The spec's typed document, repaired; an error where `openapiv3` cannot
/// read the (checked) tree.
pub(crate) fn document(spec: &mut LoadedSpec, repairs: Repairs) -> Result<openapiv3::OpenAPI, Vec<Diagnostic>> {
    // (No repair at all is none outside the schemas, too.)
    let in_place = repairs.schemas_touched().is_some();
    let unrepaired = match spec.reading.take() {
        Some(reading) if in_place => reading.document(),
        _ => None,
    };
    let document = match unrepaired {
        Some(document) if repairs.is_empty() => Some(document),
        Some(document) => in_place::repaired_in_place(spec, &repairs, document),
        None => None,
    };
    match document {
        Some(document) => Ok(document),
        None => from_tree(spec, repairs),
    }
}

/// The document through the order-keeping tree, repaired.
fn from_tree(spec: &mut LoadedSpec, repairs: Repairs) -> Result<openapiv3::OpenAPI, Vec<Diagnostic>> {
    let mut tree = spec.tree()?;
    tree::apply(repairs, &mut tree);
    typed(&spec.path, &spec.text, &spec.origins, tree)
}

/// `openapiv3`'s view of the repaired tree. A shape it
/// cannot read is an error at the pointer where reading stopped: only then
/// is the tree read again with the path tracked, which costs a third more.
fn typed(
    path: &Path,
    text: &str,
    origins: &Origins,
    tree: serde_yaml::Value,
) -> Result<openapiv3::OpenAPI, Vec<Diagnostic>> {
    if let Ok(document) = serde::Deserialize::deserialize(&tree) {
        return Ok(document);
    }
    serde_path_to_error::deserialize(tree).map_err(|error| {
        let mut pointer = String::new();
        for segment in error.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Map { key } => pointer = push_pointer(&pointer, key),
                Segment::Seq { index } => pointer = format!("{pointer}/{index}"),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        let pointer = origins.original(&pointer).into_owned();
        let line_column = crate::locate::line_column(text, &pointer);
        let message = error.inner().to_string();
        vec![Diagnostic { pointer, ..Diagnostic::file_error(path, line_column, message) }]
    })
}

#[cfg(test)]
mod tests {
    use super::{from_tree, in_place};
    use crate::{check, diagnostic::Diagnostics, load};

    /// `minItems` on a string and keywords beside an `allOf`: repairs
    /// inside two component schemas, and a schema they leave be.
    const REPAIRED_INSIDE_SCHEMAS: &str = r##"{
      "openapi": "3.0.3",
      "info": {"title": "t", "version": "1"},
      "paths": {},
      "components": {"schemas": {
        "Zone": {"type": "object", "properties": {
          "tags": {"type": "array", "items": {"type": "string", "minItems": 1}},
          "owner": {"$ref": "#/components/schemas/Owner"}}},
        "Owner": {"allOf": [{"$ref": "#/components/schemas/Base"}],
          "properties": {"name": {"type": "string"}}, "required": ["name"]},
        "Base": {"type": "object", "properties": {"id": {"type": "integer"}}}
      }}
    }"##;

    #[test]
    fn repairs_made_in_place_read_as_the_whole_repaired_tree_does() {
        let dir = std::env::temp_dir().join(format!("generator-in-place-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("spec.json");
        std::fs::write(&path, REPAIRED_INSIDE_SCHEMAS).unwrap();
        let mut diagnostics = Diagnostics::new(&path);
        let mut spec = load::load(&path, &mut diagnostics).unwrap_or_else(|_| panic!("the spec loads"));
        let repairs = check::check(spec.raw.take(), &mut diagnostics);
        assert_eq!(repairs.schemas_touched().unwrap().into_iter().collect::<Vec<_>>(), ["Owner", "Zone"]);
        let reading = spec.reading.take().expect("read from the text");
        let unrepaired = reading.document().expect("openapiv3 reads it unrepaired");
        let in_place = in_place::repaired_in_place(&spec, &repairs, unrepaired.clone()).expect("made in place");
        assert_ne!(in_place, unrepaired, "the repairs change the document");
        let whole = from_tree(&mut spec, repairs).unwrap_or_else(|_| panic!("the tree repairs"));
        assert_eq!(in_place, whole);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
