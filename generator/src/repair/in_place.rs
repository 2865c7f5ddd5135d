//! Repairs that stay inside some component schemas, made to the document
//! read from a JSON spec's text before them: only those schemas are read
//! again, repaired, rather than the whole document through a tree
//! (GitHub's description needs eight repairs in four of its 1,000 schemas).

use crate::check::Repairs;
use crate::json_pointer::unescape;
use crate::load::LoadedSpec;
use serde_yaml::{Mapping, Value as YamlValue};

/// `document`, read from a JSON spec's text before its repairs, with
/// `repairs` made; `None` when a repair is outside the component schemas
/// (or copies one in), or a repaired schema does not read, and the whole
/// tree is to be repaired instead.
pub(crate) fn repaired_in_place(
    spec: &LoadedSpec,
    repairs: &Repairs,
    mut document: openapiv3::OpenAPI,
) -> Option<openapiv3::OpenAPI> {
    let touched = repairs.schemas_touched()?;
    let names: Vec<String> = touched.iter().map(|segment| unescape(segment).into_owned()).collect();
    let pointers: Vec<String> = touched.iter().map(|segment| format!("/components/schemas/{segment}")).collect();
    let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
    let offsets = crate::locate::json_offsets(&spec.text, &pointers)?;
    // The parser reads the one value at the offset and stops.
    let originals: Vec<YamlValue> = offsets
        .into_iter()
        .map(|offset| {
            let mut reader = serde_json::Deserializer::from_str(&spec.text[offset?..]);
            serde::Deserialize::deserialize(&mut reader).ok()
        })
        .collect::<Option<_>>()?;
    // The schemas where they stand in the document, so the repairs'
    // pointers hold.
    let schemas: Mapping = names.iter().cloned().map(YamlValue::String).zip(originals).collect();
    let mut tree = YamlValue::Mapping(Mapping::from_iter([(
        YamlValue::from("components"),
        YamlValue::Mapping(Mapping::from_iter([(YamlValue::from("schemas"), YamlValue::Mapping(schemas))])),
    )]));
    super::tree::apply(repairs.clone(), &mut tree);
    let repaired = tree.get("components")?.get("schemas")?;
    let schemas = &mut document.components.as_mut()?.schemas;
    for name in &names {
        match repaired.get(name.as_str()) {
            Some(schema) => *schemas.get_mut(name)? = serde::Deserialize::deserialize(schema).ok()?,
            None => {
                schemas.shift_remove(name)?;
            }
        }
    }
    Some(document)
}
