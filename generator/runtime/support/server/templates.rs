//! Which path template a request's path is, where templates that differ
//! within a segment share a route (`/v1/{name}` and `/v1/{name}:import`):
//! the most specific that matches, as a router prefers literal text.

use super::query::percent_decode;
use super::Piece;

/// The templates (each with its method) that own `path`: of those it
/// matches, the most specific (the most literal text).
pub(super) fn owners<'t>(path: &str, templates: &'t [(&'t str, &'t str)]) -> Vec<&'t (&'t str, &'t str)> {
    let matching: Vec<_> = templates.iter().filter(|(_, template)| path_matches(template, path)).collect();
    let most = matching.iter().map(|(_, template)| specificity(template)).max().unwrap_or(0);
    matching.into_iter().filter(|(_, template)| specificity(template) == most).collect()
}

/// The methods of the templates that own `path`, sorted, `HEAD` with `GET`:
/// an `Allow` header's value (empty when no template matches).
pub(super) fn allowed(path: &str, templates: &[(&str, &str)]) -> String {
    let mut methods: Vec<&str> = Vec::new();
    for (method, _) in owners(path, templates) {
        methods.push(method);
        if *method == "GET" {
            methods.push("HEAD");
        }
    }
    methods.sort_unstable();
    methods.dedup();
    methods.join(", ")
}

/// How much literal text a template holds.
fn specificity(template: &str) -> usize {
    let mut literal = 0;
    let mut inside = false;
    for c in template.chars() {
        match c {
            '{' => inside = true,
            '}' => inside = false,
            _ if !inside => literal += 1,
            _ => {}
        }
    }
    literal
}

/// Whether `path` is one of `template`'s, segment by segment, each
/// segment percent-decoded (`0%3Aimport` is `0:import`).
fn path_matches(template: &str, path: &str) -> bool {
    template.split('/').count() == path.split('/').count()
        && template.split('/').zip(path.split('/')).all(|(template, segment)| match percent_decode(segment) {
            Some(segment) => segment_matches(template, &segment),
            None => false,
        })
}

/// Whether a path segment matches a template's (`{name}:import`).
fn segment_matches(template: &str, segment: &str) -> bool {
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Literal(&rest[..open]));
        }
        let close = rest[open..].find('}').map_or(rest.len(), |close| open + close);
        pieces.push(Piece::Parameter(&rest[open + 1..close]));
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    cut(segment, &pieces).is_some()
}

/// The texts of a segment's parameters, cut along a template's `pieces`:
/// each literal where the template puts it, a parameter the text up to the
/// next literal (at least one character, of any width). `None` when the
/// segment is not the template's. The router and the handler's
/// [`path_piece`](super::path_piece) cut alike.
pub(super) fn cut<'s>(segment: &'s str, pieces: &[Piece<'_>]) -> Option<Vec<&'s str>> {
    let mut values = Vec::new();
    let mut rest = segment;
    for (index, piece) in pieces.iter().enumerate() {
        match *piece {
            Piece::Literal(literal) => rest = rest.strip_prefix(literal)?,
            Piece::Parameter(_) => {
                let end = match pieces.get(index + 1) {
                    Some(Piece::Literal(next)) => {
                        let first = rest.chars().next().map_or(0, char::len_utf8);
                        rest.get(first..).and_then(|tail| tail.find(next)).map(|i| i + first)?
                    }
                    _ => rest.len(),
                };
                if end == 0 {
                    return None;
                }
                values.push(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    rest.is_empty().then_some(values)
}
