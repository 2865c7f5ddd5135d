//! Values built from the model's types for the mocks: JSON that the
//! generated type reads, constraints included (lengths, bounds, patterns,
//! formats, enums, discriminators). Two per type: the least one (required
//! fields only) and a full one (every field), since an ambiguous `oneOf`
//! may take only the latter as exactly one of its alternatives.

use crate::model::{Api, Bound, ConstrainedBase, Pattern, StringCheck, TypeKind, TypeRef};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{json, Map, Value};

/// How deep a sample nests before optional fields are left out.
const DEPTH: usize = 6;

/// How deep a sample nests at most: a type that requires itself (or
/// aliases itself) has no finite value; there it is cut with `null`.
const MAX_DEPTH: usize = 16;

/// The longest text built for a string: a `minLength` beyond it is not met.
const MAX_TEXT: usize = 4096;

/// `text` as a raw string literal (`r#"{"a":1}"#`), which reads as the JSON it holds.
pub(super) fn raw_literal(text: &str) -> proc_macro2::TokenStream {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let hashes = "#".repeat(hashes);
    format!("r{hashes}\"{text}\"{hashes}").parse().expect("a raw string literal is a token")
}

/// The least value of `ty`, and a full one.
pub(super) fn samples(api: &Api, ty: &TypeRef) -> [Value; 2] {
    [value(api, ty, false, 0, &mut { BUDGET }), value(api, ty, true, 0, &mut { BUDGET })]
}

/// How many optional fields a full sample sets at most: with every field
/// of every nested type, a wide spec's (GitHub's) would grow exponentially.
const BUDGET: usize = 100;

fn value(api: &Api, ty: &TypeRef, full: bool, depth: usize, budget: &mut usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match ty {
        TypeRef::String => json!("string"),
        TypeRef::Bool => json!(true),
        TypeRef::I32 | TypeRef::I64 => json!(0),
        TypeRef::F32 | TypeRef::F64 => json!(0.0),
        TypeRef::Uuid => json!("00000000-0000-4000-8000-000000000000"),
        TypeRef::Email => json!("user@example.com"),
        TypeRef::Uri => json!("https://example.com/"),
        TypeRef::Base64 => json!(""),
        TypeRef::DateTime => json!("2024-01-01T00:00:00Z"),
        TypeRef::Date => json!("2024-01-01"),
        TypeRef::Json => json!({}),
        TypeRef::Bytes | TypeRef::RawBody => json!([]),
        TypeRef::List(item) if full && depth < DEPTH => json!([value(api, item, full, depth + 1, budget)]),
        TypeRef::List(_) => json!([]),
        TypeRef::Map(_) => json!({}),
        TypeRef::OrNull(inner) => value(api, inner, full, depth, budget),
        TypeRef::Named(id) => {
            let def = &api.types[api.types[*id].same_as.unwrap_or(*id)];
            match &def.kind {
                TypeKind::Struct(s) => {
                    let mut object = Map::new();
                    // A `oneOf`/`anyOf` of required keys: the first set's
                    // keys are required, a `oneOf`'s other sets' left out.
                    let in_first = |key: &str| s.key_rules.iter().any(|rule| rule.sets[0].iter().any(|k| k == key));
                    let excluded = |key: &str| {
                        !in_first(key)
                            && s.key_rules
                                .iter()
                                .any(|rule| rule.exactly_one && rule.sets.iter().flatten().any(|k| k == key))
                    };
                    for field in &s.fields {
                        let wanted = match field.presence {
                            _ if field.presence.is_required() => true,
                            _ if excluded(&field.wire_name) => false,
                            _ if in_first(&field.wire_name) => true,
                            _ => {
                                let wanted = full && depth < DEPTH && *budget > 0;
                                *budget = budget.saturating_sub(usize::from(wanted));
                                wanted
                            }
                        };
                        if wanted {
                            object.insert(field.wire_name.clone(), value(api, &field.ty, full, depth + 1, budget));
                        }
                    }
                    // Keys that may not all be there (`not: {required}`):
                    // the last of a set that is not required is left out.
                    let is_required =
                        |key: &str| s.fields.iter().any(|field| field.wire_name == key && field.presence.is_required());
                    for set in &s.forbidden_keys {
                        if set.iter().all(|key| object.contains_key(key)) {
                            if let Some(key) = set.iter().rev().find(|key| !is_required(key)) {
                                object.remove(key);
                            }
                        }
                    }
                    Value::Object(object)
                }
                TypeKind::Enum(e) => e.variants.first().map_or(json!(""), |v| json!(v.wire_name)),
                TypeKind::OneOf(o) | TypeKind::AnyOf(o) => {
                    let Some(first) = o.variants.first() else { return Value::Null };
                    let mut sample = value(api, &first.ty, full, depth + 1, budget);
                    if let (Some(property), Some(tag), Some(object)) =
                        (&o.discriminator, first.tags.first(), sample.as_object_mut())
                    {
                        object.insert(property.clone(), json!(tag));
                    }
                    sample
                }
                TypeKind::Constrained(c) => constrained(api, &c.base, full, depth, budget),
                TypeKind::Alias(aliased) => value(api, aliased, full, depth + 1, budget),
                // The user's own type, or a form (never a response): no
                // value is known to read; the spec's example may.
                TypeKind::External(_) | TypeKind::Form(_) => Value::Null,
            }
        }
    }
}

fn constrained(api: &Api, base: &ConstrainedBase, full: bool, depth: usize, budget: &mut usize) -> Value {
    match base {
        ConstrainedBase::String { min_length, max_length, pattern, format } => {
            json!(string(*min_length, *max_length, pattern.as_ref(), *format))
        }
        ConstrainedBase::Integer { minimum, maximum, allowed, .. } => match allowed.first() {
            Some(first) => json!(first),
            None => json!(integer(*minimum, *maximum)),
        },
        ConstrainedBase::Number { minimum, maximum, allowed } => match allowed.first() {
            Some(first) => json!(first),
            None => json!(number(*minimum, *maximum)),
        },
        ConstrainedBase::Array { items, min_items, .. } => {
            let count = min_items.unwrap_or(0).max(u64::from(full && depth < DEPTH)).min(16);
            let item = value(api, items, full, depth + 1, budget);
            Value::Array(vec![item; count as usize])
        }
        ConstrainedBase::Value { allowed } => allowed.first().cloned().unwrap_or(Value::Null),
    }
}

fn integer(minimum: Option<Bound<i64>>, maximum: Option<Bound<i64>>) -> i64 {
    let low = minimum.map(|b| if b.exclusive { b.value.saturating_add(1) } else { b.value });
    let high = maximum.map(|b| if b.exclusive { b.value.saturating_sub(1) } else { b.value });
    match (low, high) {
        (Some(low), _) => low,
        (None, Some(high)) => high.min(0),
        (None, None) => 0,
    }
}

fn number(minimum: Option<Bound<f64>>, maximum: Option<Bound<f64>>) -> f64 {
    match (minimum, maximum) {
        (Some(low), Some(high)) if low.exclusive || high.exclusive => (low.value + high.value) / 2.0,
        (Some(low), _) if low.exclusive => low.value + 1.0,
        (Some(low), _) => low.value,
        (None, Some(high)) if high.exclusive => high.value.min(1.0) - 1.0,
        (None, Some(high)) => high.value.min(0.0),
        (None, None) => 0.0,
    }
}

/// A string of the constraints: the format's sample, or text the pattern
/// matches (its repetitions stretched until the length fits), else `a`s.
fn string(min: Option<u64>, max: Option<u64>, pattern: Option<&Pattern>, format: Option<StringCheck>) -> String {
    let (min, max) = (min.unwrap_or(0) as usize, max.map_or(usize::MAX, |max| max as usize));
    let fits = |text: &str| (min..=max).contains(&text.chars().count());
    let base = match format {
        Some(StringCheck::Email) => "user@example.com",
        Some(StringCheck::Uri) => "https://example.com/",
        Some(StringCheck::Uuid) => "00000000-0000-4000-8000-000000000000",
        Some(StringCheck::DateTime) => "2024-01-01T00:00:00Z",
        Some(StringCheck::Date) => "2024-01-01",
        Some(StringCheck::Byte) => "AAAA",
        None => "string",
    };
    if let Some(pattern) = pattern {
        let checker = regex::Regex::new(&pattern.regex).ok();
        let hir = regex_syntax::Parser::new().parse(&pattern.regex).ok();
        if let (Some(checker), Some(hir)) = (checker, hir) {
            // Text over nothing: an empty path segment is no segment.
            let mut empty = None;
            for stretch in [0, 1, min, min.saturating_mul(2)] {
                let mut text = String::new();
                if matched(&hir, stretch, &mut text) && checker.is_match(&text) && fits(&text) {
                    if !text.is_empty() {
                        return text;
                    }
                    empty = Some(text);
                }
            }
            if let Some(empty) = empty {
                return empty;
            }
        }
    }
    if fits(base) {
        return base.to_owned();
    }
    "a".repeat(min.clamp(1, MAX_TEXT).min(max))
}

/// Appends text `hir` matches, each open repetition taken `stretch` more
/// times than its least; `false` where it cannot (a class with no
/// printable character).
fn matched(hir: &Hir, stretch: usize, text: &mut String) -> bool {
    if text.len() > MAX_TEXT {
        return false;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(literal) => {
                text.push_str(literal);
                true
            }
            Err(_) => false,
        },
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            let preferred = ['a', 'A', '0']
                .into_iter()
                .find(|c| ranges.iter().any(|range| (range.start()..=range.end()).contains(c)));
            let printable = preferred
                .or_else(|| ranges.iter().find_map(|range| (range.start()..=range.end()).find(|c| !c.is_control())));
            printable.map(|c| text.push(c)).is_some()
        }
        HirKind::Class(Class::Bytes(class)) => {
            let printable = class
                .ranges()
                .iter()
                .find_map(|range| (range.start()..=range.end()).find(|b| b.is_ascii_graphic()).map(char::from));
            printable.map(|c| text.push(c)).is_some()
        }
        HirKind::Repetition(repetition) => {
            let most = repetition.max.map_or(usize::MAX, |max| max as usize);
            let times = (repetition.min as usize).saturating_add(stretch).min(most).min(64);
            (0..times).all(|_| matched(&repetition.sub, stretch, text))
        }
        HirKind::Capture(capture) => matched(&capture.sub, stretch, text),
        HirKind::Concat(parts) => parts.iter().all(|part| matched(part, stretch, text)),
        HirKind::Alternation(choices) => choices.first().is_some_and(|first| matched(first, stretch, text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(regex: &str) -> Pattern {
        Pattern { source: regex.to_owned(), regex: regex.to_owned(), run: None, automaton: None }
    }

    #[test]
    fn strings_meet_their_pattern_and_length() {
        let cases = [
            ("^[A-Z]{3}$", None, None, "AAA"),
            ("^[a-z]+$", Some(4), None, "aaaaa"),
            (r"^\d{4}-\d{2}$", None, None, "0000-00"),
            ("^(foo|bar)-[0-9]+$", None, Some(5), "foo-0"),
            (r"^[\w.@+-]+$", None, None, "a"),
        ];
        for (regex, min, max, expected) in cases {
            assert_eq!(string(min, max, Some(&pattern(regex)), None), expected, "{regex}");
        }
        assert_eq!(string(Some(2), Some(3), None, None), "aa");
        assert_eq!(string(None, None, None, Some(StringCheck::Email)), "user@example.com");
    }

    #[test]
    fn numbers_sit_inside_their_bounds() {
        fn bound<T>(value: T, exclusive: bool) -> Option<Bound<T>> {
            Some(Bound { value, exclusive })
        }
        assert_eq!(integer(bound(5, true), bound(9, false)), 6);
        assert_eq!(integer(None, bound(-3, false)), -3);
        assert_eq!(number(bound(0.0, true), bound(1.0, true)), 0.5);
        assert_eq!(number(bound(2.5, false), None), 2.5);
    }
}
