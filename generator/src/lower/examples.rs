//! Examples against their types: an `example` the generated type would
//! refuse contradicts its schema (or the generator is wrong), so it is a
//! warning at generation time, before any example test runs. The rules are
//! the generated code's own: what its deserialisers and checks accept.

use crate::diagnostic::{Diagnostics, WarningKind};
use crate::model::{ConstrainedBase, Example, OneOf, Presence, StringCheck, Struct, TypeDef, TypeKind, TypeRef};
use serde_json::Value;
use std::collections::BTreeMap;

/// The generated crates' own checks, so an example is judged by the code
/// that will read it.
#[allow(dead_code)]
#[path = "../../runtime/support/base64.rs"]
mod base64;
#[allow(dead_code)]
#[path = "../../runtime/support/constraints.rs"]
mod constraints;

/// What `base64.rs` asks: examples are judged as a server reads them,
/// strictly (bits after a base64 text's last byte refused, say).
fn is_strict() -> bool {
    true
}

/// How deep a value is followed; deeper parts are taken as fitting.
const DEPTH: usize = 64;

pub(super) fn check_examples(types: &[TypeDef], examples: &[Example], diagnostics: &mut Diagnostics) {
    let mut matcher = Matcher { types, patterns: BTreeMap::new() };
    for example in examples {
        if let Err(reason) = matcher.fits(&example.ty, &example.value, "", 0) {
            diagnostics.warning(
                WarningKind::Example,
                &example.pointer,
                format!("the example does not fit its schema: {reason}; its example test will fail"),
            );
        }
    }
}

/// Why the generated type `ty` would refuse `value`, if it would.
pub(super) fn refusal(types: &[TypeDef], ty: &TypeRef, value: &Value) -> Option<String> {
    let reason = Matcher { types, patterns: BTreeMap::new() }.fits(ty, value, "", 0).err()?;
    // The messages name the whole value "the example".
    Some(match reason.strip_prefix("the example") {
        Some(rest) => format!("the value{rest}"),
        None => reason,
    })
}

struct Matcher<'t> {
    types: &'t [TypeDef],
    /// Compiled patterns, `None` for those the `regex` crate cannot compile (not checked).
    patterns: BTreeMap<String, Option<regex::Regex>>,
}

impl Matcher<'_> {
    /// Why `value` (at `at` inside the example) is not a `ty`.
    fn fits(&mut self, ty: &TypeRef, value: &Value, at: &str, depth: usize) -> Result<(), String> {
        if depth > DEPTH {
            return Ok(());
        }
        let mismatch = |expected: &str| Err(format!("{} is {}, expected {expected}", place(at), describe(value)));
        match ty {
            TypeRef::Json | TypeRef::Bytes | TypeRef::RawBody => Ok(()),
            TypeRef::String if value.is_string() => Ok(()),
            TypeRef::String => mismatch("a string"),
            TypeRef::Bool if value.is_boolean() => Ok(()),
            TypeRef::Bool => mismatch("a boolean"),
            TypeRef::I32 if value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) => Ok(()),
            TypeRef::I32 => mismatch("a 32-bit integer"),
            TypeRef::I64 if value.is_i64() => Ok(()),
            TypeRef::I64 => mismatch("an integer"),
            // `format: float` holds fewer digits than JSON can carry: the
            // shortest text of the nearest f32 (what serde writes) must read back as the number.
            TypeRef::F32 if value.as_f64().is_some_and(|n| (n as f32).to_string().parse::<f64>().ok() != Some(n)) => {
                Err(format!(
                    "{} is {}, which `format: float` (f32) holds only as {}",
                    place(at),
                    describe(value),
                    value.as_f64().unwrap_or_default() as f32
                ))
            }
            TypeRef::F32 | TypeRef::F64 if value.is_number() => Ok(()),
            TypeRef::F32 | TypeRef::F64 => mismatch("a number"),
            TypeRef::Uuid if value.as_str().is_some_and(is_uuid) => Ok(()),
            TypeRef::Uuid => mismatch("a UUID"),
            TypeRef::Email if value.as_str().is_some_and(constraints::is_email) => Ok(()),
            TypeRef::Email => mismatch("an e-mail address"),
            TypeRef::Uri if value.as_str().is_some_and(constraints::is_uri) => Ok(()),
            TypeRef::Uri => mismatch("an absolute URI"),
            TypeRef::Base64 if value.as_str().is_some_and(base64::Base64::is_valid) => Ok(()),
            TypeRef::Base64 => mismatch("base64 text"),
            TypeRef::DateTime if value.as_str().is_some_and(is_date_time) => Ok(()),
            TypeRef::DateTime => mismatch("an RFC 3339 date-time"),
            TypeRef::Date if value.as_str().is_some_and(|s| s.len() == 10 && is_date(s)) => Ok(()),
            TypeRef::Date => mismatch("a date (YYYY-MM-DD)"),
            TypeRef::List(item) => match value.as_array() {
                Some(items) => self.items(item, items, at, depth),
                None => mismatch("an array"),
            },
            TypeRef::Map(entry) => match value.as_object() {
                Some(object) => object
                    .iter()
                    .try_for_each(|(key, value)| self.fits(entry, value, &format!("{at}/{key}"), depth + 1)),
                None => mismatch("an object"),
            },
            TypeRef::OrNull(_) if value.is_null() => Ok(()),
            TypeRef::OrNull(inner) => self.fits(inner, value, at, depth),
            TypeRef::Named(id) => self.named(&self.types[*id], value, at, depth),
        }
    }

    fn items(&mut self, item: &TypeRef, items: &[Value], at: &str, depth: usize) -> Result<(), String> {
        items
            .iter()
            .enumerate()
            .try_for_each(|(index, value)| self.fits(item, value, &format!("{at}/{index}"), depth + 1))
    }

    fn named(&mut self, def: &TypeDef, value: &Value, at: &str, depth: usize) -> Result<(), String> {
        let mismatch = |expected: &str| Err(format!("{} is {}, expected {expected}", place(at), describe(value)));
        match &def.kind {
            TypeKind::Alias(inner) => self.fits(inner, value, at, depth),
            // The user's own type: what it reads is its business.
            TypeKind::External(_) => Ok(()),
            TypeKind::Struct(s) => match value.as_object() {
                Some(object) => self.object(s, object, at, depth),
                None => mismatch(&format!("an object ({})", def.name)),
            },
            TypeKind::Enum(e) => match value.as_str() {
                Some(s) if e.variants.iter().any(|v| v.wire_name == s) => Ok(()),
                _ => mismatch(&format!("one of the values of {}", def.name)),
            },
            TypeKind::OneOf(o) => self.one_of(o, &def.name, value, at, depth),
            TypeKind::AnyOf(a) => {
                let mut reasons = Vec::new();
                for variant in &a.variants {
                    match self.fits(&variant.ty, value, at, depth + 1) {
                        Ok(()) => return Ok(()),
                        Err(reason) => reasons.push(reason),
                    }
                }
                Err(format!("{} matches no alternative of {} ({})", place(at), def.name, reasons.join("; ")))
            }
            TypeKind::Constrained(c) => self.constrained(&c.base, &c.subject, value, at, depth),
            // Examples are of JSON bodies; a form is none.
            TypeKind::Form(_) => Ok(()),
        }
    }

    fn object(
        &mut self,
        s: &Struct,
        object: &serde_json::Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Result<(), String> {
        for field in &s.fields {
            let inside = format!("{at}/{}", field.wire_name);
            match (object.get(&field.wire_name), &field.presence) {
                (None, presence) if presence.is_required() => {
                    return Err(format!("{} lacks the required key {:?}", place(at), field.wire_name));
                }
                (None, _) => {}
                (Some(Value::Null), Presence::RequiredNullable | Presence::OptionalNullable) => {}
                (Some(value), _) => self.fits(&field.ty, value, &inside, depth + 1)?,
            }
        }
        if let Some(keys) = s.forbidden_keys.iter().find(|set| set.iter().all(|key| object.contains_key(key))) {
            return Err(match keys.as_slice() {
                [key] => format!("{} has the key {key:?}, which must be absent", place(at)),
                _ => format!("{} has all of the keys {keys:?}, which may not all be present", place(at)),
            });
        }
        for rule in &s.key_rules {
            let whole = rule.sets.iter().filter(|set| set.iter().all(|key| object.contains_key(key))).count();
            let sets: Vec<String> = rule.sets.iter().map(|set| format!("{set:?}")).collect();
            if whole == 0 {
                return Err(format!("{} holds none of the sets of keys {}", place(at), sets.join(", ")));
            }
            if whole > 1 && rule.exactly_one {
                return Err(format!("{} holds more than one of the sets of keys {}", place(at), sets.join(", ")));
            }
        }
        let unknown = object.iter().filter(|(key, _)| !s.fields.iter().any(|f| &f.wire_name == *key));
        for (key, value) in unknown {
            match &s.additional {
                Some((_, ty)) => self.fits(ty, value, &format!("{at}/{key}"), depth + 1)?,
                None if s.deny_unknown_fields => {
                    return Err(format!("{} has the key {key:?}, which the schema does not allow", place(at)));
                }
                None => {}
            }
        }
        Ok(())
    }

    fn one_of(&mut self, o: &OneOf, name: &str, value: &Value, at: &str, depth: usize) -> Result<(), String> {
        // Without the discriminator's key, every alternative is weighed (see `one_of_tagged`).
        let tag = o.discriminator.as_ref().and_then(|property| value.get(property));
        let candidates: Vec<_> = match tag {
            Some(tag) => {
                o.variants.iter().filter(|v| v.tags.iter().any(|t| Some(t.as_str()) == tag.as_str())).collect()
            }
            None => o.variants.iter().collect(),
        };
        if candidates.is_empty() {
            let tag = tag.map(ToString::to_string).unwrap_or_default();
            return Err(format!("{} has a discriminator value {tag} that picks no alternative of {name}", place(at)));
        }
        let mut matched = Vec::new();
        let mut reasons = Vec::new();
        for variant in candidates {
            let object_expected =
                matches!(&variant.ty, TypeRef::Named(id) if matches!(self.types[*id].kind, TypeKind::Struct(_)));
            if object_expected && !value.is_object() {
                reasons.push(format!("{}: not an object", variant.rust_name));
                continue;
            }
            match self.fits(&variant.ty, value, at, depth + 1) {
                Ok(()) => matched.push(variant.rust_name.as_str()),
                Err(reason) => reasons.push(format!("{}: {reason}", variant.rust_name)),
            }
        }
        match matched.len() {
            0 => Err(format!("{} matches no alternative of {name} ({})", place(at), reasons.join("; "))),
            1 => Ok(()),
            _ if o.closest_match || o.discriminator.is_some() => Ok(()),
            _ => Err(format!("{} matches more than one alternative of {name}: {}", place(at), matched.join(", "))),
        }
    }

    fn constrained(
        &mut self,
        base: &ConstrainedBase,
        subject: &str,
        value: &Value,
        at: &str,
        depth: usize,
    ) -> Result<(), String> {
        let broken = |what: String| Err(format!("{} breaks a constraint of {subject}: {what}", place(at)));
        match base {
            ConstrainedBase::String { min_length, max_length, pattern, format } => {
                let Some(text) = value.as_str() else {
                    return self.fits(&TypeRef::String, value, at, depth);
                };
                let length = text.chars().count() as u64;
                if min_length.is_some_and(|min| length < min) || max_length.is_some_and(|max| length > max) {
                    return broken(format!("its length {length} is out of bounds"));
                }
                match format {
                    Some(StringCheck::Email) if !constraints::is_email(text) => {
                        return broken(format!("{text:?} is not an e-mail address"))
                    }
                    Some(StringCheck::Uri) if !constraints::is_uri(text) => {
                        return broken(format!("{text:?} is not an absolute URI"))
                    }
                    Some(StringCheck::Uuid) if !is_uuid(text) => return broken(format!("{text:?} is not a UUID")),
                    Some(StringCheck::DateTime) if !is_date_time(text) => {
                        return broken(format!("{text:?} is not an RFC 3339 date-time"))
                    }
                    Some(StringCheck::Date) if !(text.len() == 10 && is_date(text)) => {
                        return broken(format!("{text:?} is not a date (YYYY-MM-DD)"))
                    }
                    Some(StringCheck::Byte) if !base64::Base64::is_valid(text) => {
                        return broken(format!("{text:?} is not base64 text"))
                    }
                    _ => {}
                }
                if let Some(pattern) = pattern {
                    let compiled = self
                        .patterns
                        .entry(pattern.regex.clone())
                        .or_insert_with(|| regex::Regex::new(&pattern.regex).ok());
                    if compiled.as_ref().is_some_and(|re| !re.is_match(text)) {
                        return broken(format!("{text:?} does not match {:?}", pattern.source));
                    }
                }
                Ok(())
            }
            ConstrainedBase::Integer { wide, minimum, maximum, allowed } => {
                self.fits(if *wide { &TypeRef::I64 } else { &TypeRef::I32 }, value, at, depth)?;
                let n = value.as_i64().unwrap_or_default();
                let below = minimum.is_some_and(|b| n < b.value || (b.exclusive && n == b.value));
                let above = maximum.is_some_and(|b| n > b.value || (b.exclusive && n == b.value));
                if below || above || (!allowed.is_empty() && !allowed.contains(&n)) {
                    return broken(format!("{n} is out of range or not allowed"));
                }
                Ok(())
            }
            ConstrainedBase::Number { minimum, maximum, allowed } => {
                self.fits(&TypeRef::F64, value, at, depth)?;
                let n = value.as_f64().unwrap_or_default();
                let below = minimum.is_some_and(|b| n < b.value || (b.exclusive && n == b.value));
                let above = maximum.is_some_and(|b| n > b.value || (b.exclusive && n == b.value));
                if below || above || (!allowed.is_empty() && !allowed.contains(&n)) {
                    return broken(format!("{n} is out of range or not allowed"));
                }
                Ok(())
            }
            ConstrainedBase::Array { items, min_items, max_items } => {
                let Some(list) = value.as_array() else {
                    return Err(format!("{} is {}, expected an array", place(at), describe(value)));
                };
                let count = list.len() as u64;
                if min_items.is_some_and(|min| count < min) || max_items.is_some_and(|max| count > max) {
                    return broken(format!("{count} items is out of bounds"));
                }
                self.items(items, list, at, depth)
            }
            ConstrainedBase::Value { allowed } if allowed.contains(value) => Ok(()),
            ConstrainedBase::Value { .. } => broken(format!("{value} is not one of the enum values")),
        }
    }
}

/// `the example` or `/a/0/b` inside it.
fn place(at: &str) -> String {
    if at.is_empty() {
        "the example".to_owned()
    } else {
        format!("{at:?}")
    }
}

fn describe(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    let plain = bytes.len() == 32 && bytes.iter().all(u8::is_ascii_hexdigit);
    let hyphenated = bytes.len() == 36
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| if [8, 13, 18, 23].contains(&i) { *b == b'-' } else { b.is_ascii_hexdigit() });
    plain || hyphenated
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[..10].iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
}

/// RFC 3339: a date, `T`, a time, an offset (`Z` or `±hh:mm`).
fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !is_date(text) || bytes.len() < 20 || !matches!(bytes[10], b'T' | b't' | b' ') {
        return false;
    }
    let time = &text[11..];
    let offset_at = time.rfind(['Z', 'z', '+', '-']).unwrap_or(0);
    let (clock, offset) = time.split_at(offset_at);
    let clock_ok = clock.len() >= 8
        && clock.as_bytes()[2] == b':'
        && clock.as_bytes()[5] == b':'
        && clock.bytes().enumerate().all(|(i, b)| i == 2 || i == 5 || (i == 8 && b == b'.') || b.is_ascii_digit());
    let offset_ok = matches!(offset, "Z" | "z")
        || (offset.len() == 6 && offset.as_bytes()[3] == b':' && offset[1..3].bytes().all(|b| b.is_ascii_digit()));
    clock_ok && offset_ok
}
