//! Finds the line and column of JSON pointers in a spec's text, for
//! diagnostics. JSON text (what large specs are) is scanned once for all
//! pointers; YAML text is searched once per pointer.

mod json;
mod yaml;

/// The 1-based line and column of each pointer's node, in order.
pub(crate) fn line_columns(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    if let Some(found) = json::line_columns(text, pointers) {
        return found;
    }
    pointers.iter().map(|pointer| yaml::line_column(text, pointer)).collect()
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

/// The first key some object of JSON `text` gives twice, with both places.
pub(crate) fn first_duplicate_key(text: &str) -> Option<Duplicate> {
    json::first_duplicate_key(text)
}

/// The 1-based line and column of one pointer's node.
pub(crate) fn line_column(text: &str, pointer: &str) -> Option<(usize, usize)> {
    line_columns(text, &[pointer]).pop().flatten()
}
