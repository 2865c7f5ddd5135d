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

pub(crate) use json::Duplicate;

/// The first key some object of JSON `text` gives twice, with both places.
pub(crate) fn first_duplicate_key(text: &str) -> Option<Duplicate> {
    json::first_duplicate_key(text)
}

/// The 1-based line and column of one pointer's node.
pub(crate) fn line_column(text: &str, pointer: &str) -> Option<(usize, usize)> {
    line_columns(text, &[pointer]).pop().flatten()
}
