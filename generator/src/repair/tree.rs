//! Repairs made to the order-keeping tree of a spec: the checks' list
//! ([`Repairs`]) applied, values removed or replaced, schemas copied into
//! the components, object keywords beside an `allOf` moved into it, and
//! every `$ref` into a moved part followed.

use crate::check::{Repairs, OBJECT_KEYWORDS};
use crate::json_pointer::{escape, percent_decode, unescape};
use serde_yaml::Value as YamlValue;

/// Removes the values from the document as parsed (whose mappings keep
/// the spec's order). A list emptied by it (every `enum` value of the
/// wrong type) goes too: no enum is left to check.
pub(crate) fn apply(mut repairs: Repairs, tree: &mut YamlValue) {
    for (pointer, value) in &repairs.replacements {
        if let (Some(slot), Ok(value)) = (yaml_pointer_mut(tree, pointer), serde_yaml::to_value(value)) {
            *slot = value;
        }
    }
    for (pointer, reference) in &repairs.references {
        if let Some(value) = yaml_pointer_mut(tree, pointer) {
            *value = YamlValue::String(reference.clone());
        }
    }
    if !repairs.schemas.is_empty() {
        let schemas = mapping_entry(mapping_entry(tree, "components"), "schemas");
        if let YamlValue::Mapping(schemas) = schemas {
            for (name, schema) in &repairs.schemas {
                if let Ok(schema) = serde_yaml::to_value(schema) {
                    schemas.insert(YamlValue::String(name.clone()), schema);
                }
            }
        }
    }
    // Later list items first, so earlier indices stay valid.
    repairs.removals.sort_by(|a, b| compare_pointers(b, a));
    repairs.removals.dedup();
    for pointer in &repairs.removals {
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
    repairs.all_of_siblings.sort_by(|a, b| compare_pointers(b, a));
    // Where moved keywords were and are now, for the references into them.
    let mut moved: Vec<(String, String)> = Vec::new();
    for pointer in &repairs.all_of_siblings {
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
    if !moved.is_empty() || !repairs.hoisted.is_empty() {
        follow_moves(tree, &repairs.hoisted, &moved);
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
                        if let Some(name) = hoisted.get(&percent_decode(reference)) {
                            *reference = format!("#/components/schemas/{}", escape(name));
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
