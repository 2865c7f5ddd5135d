//! Finds the line and column of JSON pointers in a spec's text, for
//! diagnostics. JSON text is scanned once for all pointers; YAML text once
//! too, by its lines (`yaml_index.rs`), and parsed again only for a pointer
//! into a shape that scan leaves to the parser.

mod json;
mod origins;
mod yaml;
mod yaml_index;

/// The 1-based line and column of each pointer's node, in order.
pub(crate) fn line_columns(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    if let Some(found) = json::line_columns(text, pointers) {
        return found;
    }
    let index = yaml_index::YamlIndex::build(text);
    pointers.iter().map(|pointer| index.get(pointer).or_else(|| yaml::line_column(text, pointer))).collect()
}

/// [`line_columns`], or, for a pointer to nothing in the text (a part a
/// converted document or a repair made), where its nearest enclosing node is.
pub(crate) fn line_columns_or_enclosing(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    let mut found = line_columns(text, pointers);
    let missing: Vec<usize> = (0..pointers.len()).filter(|&index| found[index].is_none()).collect();
    if missing.is_empty() {
        return found;
    }
    let enclosing: Vec<Vec<&str>> = missing.iter().map(|&index| ancestors(pointers[index]).collect()).collect();
    let all: Vec<&str> = enclosing.iter().flatten().copied().collect();
    let mut located = line_columns(text, &all).into_iter();
    for (index, candidates) in missing.into_iter().zip(&enclosing) {
        let places: Vec<Option<(usize, usize)>> = located.by_ref().take(candidates.len()).collect();
        found[index] = places.into_iter().flatten().next();
    }
    found
}

/// The pointers that enclose `pointer`, nearest first, down to the document's.
fn ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    let mut rest = pointer;
    std::iter::from_fn(move || {
        let (parent, _) = rest.rsplit_once('/')?;
        rest = parent;
        (!parent.is_empty()).then_some(parent)
    })
}

pub(crate) use json::Duplicate;
pub(crate) use origins::Origins;

/// The first key some object of JSON `text` gives twice, with both places.
pub(crate) fn first_duplicate_key(text: &str) -> Option<Duplicate> {
    json::first_duplicate_key(text)
}

/// Where each pointer's value starts in JSON `text`, as a byte offset;
/// `None` for text that is not JSON.
pub(crate) fn json_offsets(text: &str, pointers: &[&str]) -> Option<Vec<Option<usize>>> {
    json::offsets(text, pointers)
}

/// The 1-based line and column (in characters) of a byte offset of `text`.
pub(crate) fn offset_line_column(text: &str, offset: usize) -> (usize, usize) {
    json::to_line_columns(text, &[Some(offset)])[0].expect("an offset given is found")
}

/// The 1-based line and column of one pointer's node.
pub(crate) fn line_column(text: &str, pointer: &str) -> Option<(usize, usize)> {
    line_columns(text, &[pointer]).pop().flatten()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every node's pointer in a YAML document (keys as text).
    fn pointers(node: &serde_yaml::Value, at: String, found: &mut Vec<String>) {
        match node {
            serde_yaml::Value::Mapping(mapping) => {
                for (key, value) in mapping {
                    let key = match key {
                        serde_yaml::Value::String(text) => text.clone(),
                        other => serde_yaml::to_string(other).unwrap().trim().to_owned(),
                    };
                    pointers(value, crate::json_pointer::push_pointer(&at, &key), found);
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (index, item) in items.iter().enumerate() {
                    pointers(item, format!("{at}/{index}"), found);
                }
            }
            _ => {}
        }
        found.push(at);
    }

    /// The nodes of `text` the index leaves to the parser, and how many it
    /// found; panics where the index and the parser place a node differently.
    fn compare_with_parser(text: &str, name: &str) -> (Vec<String>, usize) {
        let document: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        let mut all = Vec::new();
        pointers(&document, String::new(), &mut all);
        let index = super::yaml_index::YamlIndex::build(text);
        let (mut missing, mut found) = (Vec::new(), 0);
        for pointer in all.into_iter().filter(|p| !p.is_empty()) {
            match index.get(&pointer) {
                Some(place) => {
                    found += 1;
                    assert_eq!(Some(place), super::yaml::line_column(text, &pointer), "{name}#{pointer}");
                }
                None => missing.push(pointer),
            }
        }
        (missing, found)
    }

    #[test]
    fn the_yaml_index_follows_what_it_can_and_leaves_the_rest() {
        let text = "\
openapi: 3.0.3
# a comment
info: {title: \"T: t\", version: '1'}
grid:
  - - 1
    - [2, 3]
  - - {a: 4}
note: \"one quoted line
  that goes on: here\"
after: |
  block: text
  - not an item
'200':
  description: >-
    folded
base: &base
  x: 1
derived:
  <<: *base
  y: 2
below:
  on the next line
empty:
odd:
  ? complex key
  : value
  plain: 1
last: {deep: {er: [1, {est: true}]}}
";
        let (mut missing, found) = compare_with_parser(text, "inline");
        missing.sort();
        // Left to the parser: what the anchor and the merge hold, the empty
        // value, and the mapping with a complex key.
        let expected = ["/base", "/base/x", "/derived/<<", "/derived/<</x", "/empty", "/odd/complex key", "/odd/plain"];
        assert_eq!(missing, expected);
        assert_eq!(found, 27);
        let index = super::yaml_index::YamlIndex::build(text);
        assert_eq!(index.get("/grid/0/1/1"), Some((6, 11)));
        assert_eq!(index.get("/last/deep/er/1/est"), Some((28, 29)));
        assert_eq!(index.get("/after"), Some((10, 8)));
    }

    /// The one-pass YAML index places every node it finds where the parser
    /// does, on every YAML spec of the repository, and finds most of them.
    #[test]
    fn the_yaml_index_agrees_with_the_parser() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let mut files: Vec<_> = ["spec", "tests/fixtures", "tests/warnings", "tests/broken"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap().map(|entry| entry.unwrap().path()))
            .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        let (mut found, mut total) = (0, 0);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            if serde_yaml::from_str::<serde_yaml::Value>(&text).is_err() {
                continue;
            }
            let (missing, in_file) = compare_with_parser(&text, &file.display().to_string());
            found += in_file;
            total += in_file + missing.len();
        }
        assert!(found * 10 >= total * 9, "the index found {found} of {total} nodes");
    }
}
