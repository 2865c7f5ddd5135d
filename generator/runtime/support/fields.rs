//! Reading a generated struct from a JSON object: `read_object`, the
//! entry its `deserialize` calls, and one loop for every struct
//! (`read_fields`) over the keys and a slot per field, with what is done
//! with keys the struct does not name.

use std::fmt;

/// Reads the keys of an object into its struct's slots: `fields` are the
/// keys, each with whether it must be there, and `slots` are where their
/// values go, in the same order. Other keys go to `other`. A required key
/// that is missing is the map's error, as any other is.
///
/// A key is looked up as it is read ([`Map::next_key`]), and looked for
/// first where the one before it was found, plus one: servers write an
/// object's keys in the schema's order, so a key is most often found at
/// the first comparison, however wide the struct. Which fields were read
/// is kept in a bit each (the first 64), so that requiring them costs no
/// call per field.
///
/// Then each of `rules` is checked: sets of keys of which one whole set
/// must be there, or that may not all be.
pub fn read_fields<'de, M: Map<'de>>(
    map: &mut M,
    fields: &[(&'static str, Need)],
    slots: &mut [&mut dyn Slot<'de, M>],
    other: &mut dyn OtherKeys<'de, M>,
    rules: &[KeyRule],
) {
    let mut expected = 0;
    let mut read = Read(0);
    // The keys of `rules` met that are not fields (a key that must be absent).
    let mut others_met: Vec<&'static str> = Vec::new();
    while let Some(found) = map.next_key(fields, expected) {
        match found {
            Found::Field(index) => {
                expected = index + 1;
                read.note(index);
                slots[index].read(map, fields[index].0);
            }
            Found::Other(key) => {
                if !rules.is_empty() {
                    others_met.extend(rules.iter().find_map(|rule| rule.names(&key)));
                }
                other.take(map, key)
            }
        }
    }
    if !read.all(fields.len()) {
        let missing = fields.iter().enumerate().find(|(index, (_, need))| {
            let required = match need {
                Need::Never => false,
                Need::Always => true,
                Need::Strictly => crate::support::is_strict(),
            };
            required && !read.filled(slots, *index)
        });
        if let Some((_, (key, _))) = missing {
            map.require(key, false);
        }
    }
    for rule in rules {
        let present = |key: &str| {
            others_met.contains(&key)
                || fields.iter().position(|(field, _)| *field == key).is_some_and(|index| read.filled(slots, index))
        };
        if let Some(problem) = rule.broken(present) {
            map.invalid(problem);
        }
    }
}

/// Which of a struct's first 64 fields [`read_fields`] has read a key of,
/// a bit each; a later field's slot says it itself. A key whose value
/// failed to read counts as read: its error is the map's first, and no
/// "missing field" can replace it.
struct Read(u64);

impl Read {
    #[inline(always)]
    fn note(&mut self, index: usize) {
        if index < 64 {
            self.0 |= 1 << index;
        }
    }

    /// Whether every one of `count` fields was read.
    #[inline(always)]
    fn all(&self, count: usize) -> bool {
        count <= 64 && self.0.count_ones() as usize == count
    }

    fn filled<'de, M>(&self, slots: &[&mut dyn Slot<'de, M>], index: usize) -> bool {
        if index < 64 {
            self.0 >> index & 1 == 1
        } else {
            slots[index].is_filled()
        }
    }
}

/// What [`Map::next_key`] found: the index of a field of the struct, or a
/// key it does not name.
pub enum Found<'de> {
    Field(usize),
    Other(Key<'de>),
}

/// The lookup of a key among a struct's fields, done on the key's text as
/// the deserializer gives it, borrowed: a key the struct names is never
/// made into a [`Key`].
struct Lookup<'f> {
    fields: &'f [(&'static str, Need)],
    /// Where the key is looked for first.
    expected: usize,
}

impl Lookup<'_> {
    #[inline(always)]
    fn find(&self, key: &str) -> Option<usize> {
        match self.fields.get(self.expected) {
            Some((field, _)) if same_key(field, key) => Some(self.expected),
            _ => search(self.fields, key),
        }
    }
}

/// A key not where it was expected, looked for among all the fields.
#[cold]
#[inline(never)]
fn search(fields: &[(&'static str, Need)], key: &str) -> Option<usize> {
    fields.iter().position(|(field, _)| same_key(field, key))
}

impl<'de> serde::de::DeserializeSeed<'de> for Lookup<'_> {
    type Value = Found<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Found<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Lookup<'_> {
    type Value = Found<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string")
    }

    #[inline]
    fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Found<'de>, E> {
        Ok(self.find(key).map_or(Found::Other(Key(std::borrow::Cow::Borrowed(key))), Found::Field))
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Found<'de>, E> {
        Ok(self.find(key).map_or_else(|| Found::Other(Key(std::borrow::Cow::Owned(key.to_owned()))), Found::Field))
    }

    fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Found<'de>, E> {
        Ok(self.find(&key).map_or(Found::Other(Key(std::borrow::Cow::Owned(key))), Found::Field))
    }
}

/// Whether two keys are the same, compared inline: most keys are short,
/// and a call to `memcmp` per key cost more than the comparison itself.
#[inline(always)]
fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // The first and the last word of the key, overlapping where it is shorter than two.
    match n {
        8..=16 => {
            let word = |key: &[u8], at: usize| u64::from_ne_bytes(key[at..at + 8].try_into().expect("8 bytes"));
            word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8)
        }
        4..=7 => {
            let word = |key: &[u8], at: usize| u32::from_ne_bytes(key[at..at + 4].try_into().expect("4 bytes"));
            word(a, 0) == word(b, 0) && word(a, n - 4) == word(b, n - 4)
        }
        0..=3 => a.iter().zip(b).all(|(x, y)| x == y),
        _ => a == b,
    }
}

/// Sets of keys an object is checked against as it is read:
/// - a `oneOf` or `anyOf` of required keys (GitHub's "either `id` or
///   `owner`, `repo` and `number`"): the object must hold every key of one
///   set, and of a `oneOf` not of a second one too;
/// - `not: {required: [...]}`, a set each: the keys of a set may not all be
///   there.
///
/// A second set of a `oneOf` and a set that may not be there are refused
/// only when read [`strictly`](crate::support::strictly), as a server reads
/// a request: a client keeps a newer server's answer that has them.
pub struct KeyRule {
    kind: Kind,
    sets: &'static [&'static [&'static str]],
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    One,
    Any,
    Absent,
}

/// The [`KeyRule`]s of [`json_object!`]'s `required keys:` and `absent
/// keys:` lines.
pub mod key_rule {
    use super::{KeyRule, Kind};

    /// `oneOf`: exactly one set.
    pub const fn one(sets: &'static [&'static [&'static str]]) -> KeyRule {
        KeyRule { kind: Kind::One, sets }
    }

    /// `anyOf`: at least one set.
    pub const fn any(sets: &'static [&'static [&'static str]]) -> KeyRule {
        KeyRule { kind: Kind::Any, sets }
    }

    /// `not: {required: [...]}`: no set whole.
    pub const fn absent(sets: &'static [&'static [&'static str]]) -> KeyRule {
        KeyRule { kind: Kind::Absent, sets }
    }
}

impl KeyRule {
    /// What is wrong with the object whose keys `read` says were read.
    fn broken(&self, read: impl Fn(&str) -> bool) -> Option<String> {
        let mut whole = self.sets.iter().filter(|set| set.iter().all(|key| read(key)));
        match self.kind {
            Kind::Absent => {
                let set = whole.next().filter(|_| crate::support::is_strict())?;
                Some(match set {
                    [key] => format!("the field `{key}` may not be present"),
                    _ => format!("the fields {} may not all be present", listed(set)),
                })
            }
            kind => match whole.count() {
                0 => {
                    let which = if kind == Kind::One { "one" } else { "at least one" };
                    Some(format!("missing fields: {which} of these is required: {}", self.listed()))
                }
                1 => None,
                _ if kind == Kind::One && crate::support::is_strict() => {
                    Some(format!("the fields of only one of these may be present: {}", self.listed()))
                }
                _ => None,
            },
        }
    }

    /// The rule's own name for `key`, if it names it.
    fn names(&self, key: &str) -> Option<&'static str> {
        self.sets.iter().flat_map(|set| set.iter()).find(|name| **name == key).copied()
    }

    /// "`id`; `owner`, `repo`, `number`".
    fn listed(&self) -> String {
        let sets: Vec<String> = self.sets.iter().map(|set| listed(set)).collect();
        sets.join("; ")
    }
}

/// "`owner`, `repo`, `number`" (a `oneOf`'s errors say it too).
pub(super) fn listed(keys: &[&str]) -> String {
    keys.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ")
}

/// Where a field's value goes while its struct is read: an `Option` of the
/// field's type, filled by [`read_fields`] through this trait so that its
/// loop is compiled once per map rather than once per struct.
pub trait Slot<'de, M> {
    /// Reads the value of `key` into the slot.
    fn read(&mut self, map: &mut M, key: &'static str);

    /// Whether a value was read.
    fn is_filled(&self) -> bool;
}

impl<'de, M: Map<'de>, T: serde::Deserialize<'de>> Slot<'de, M> for Option<T> {
    fn read(&mut self, map: &mut M, key: &'static str) {
        map.value(self, key);
    }

    fn is_filled(&self) -> bool {
        self.is_some()
    }
}

/// Whether a field's key must be in the object [`read_fields`] reads.
#[derive(Clone, Copy)]
pub enum Need {
    /// It may be absent.
    Never,
    /// It must be there.
    Always,
    /// It must be there when read [`strictly`](crate::support::strictly),
    /// as a server reads a request; a client fills in the default.
    Strictly,
}

/// Whether a field of each presence of [`json_object!`] must be there.
#[allow(non_upper_case_globals)]
pub mod presence {
    use super::Need;

    pub const required: Need = Need::Always;
    pub const optional: Need = Need::Never;
    pub const nullable: Need = Need::Never;
    pub const defaulted: Need = Need::Never;
    pub const expected: Need = Need::Strictly;
}

/// A field's value from its slot, by its presence in [`json_object!`].
pub mod take {
    use crate::support::Nullable;

    /// The value [`read_fields`](super::read_fields) has checked is there.
    #[inline]
    pub fn required<T>(slot: Option<T>) -> T {
        match slot {
            Some(value) => value,
            None => unreachable!("a required key is checked before it is taken"),
        }
    }

    /// The value, or `None` when the key was absent.
    #[inline]
    pub fn optional<T>(slot: Option<T>) -> Option<T> {
        slot
    }

    /// Absent, `null` or a value.
    #[inline]
    pub fn nullable<T>(slot: Option<Option<T>>) -> Nullable<T> {
        Nullable::from_read(slot)
    }

    /// The value, or the spec's default when the key was absent.
    #[inline]
    pub fn defaulted<T>(slot: Option<T>, default: fn() -> T) -> T {
        slot.unwrap_or_else(default)
    }

    /// The value, or the spec's default when the key was absent from what
    /// a client read (a server has refused the object without it).
    #[inline]
    pub fn expected<T>(slot: Option<T>, default: fn() -> T) -> T {
        slot.unwrap_or_else(default)
    }
}

/// What a struct does with a key it does not name; see [`json_object!`].
pub trait OtherKeys<'de, M> {
    fn take(&mut self, map: &mut M, key: Key<'de>);
}

/// Other keys' values are passed over.
pub struct IgnoredKeys;

/// Other keys (`additionalProperties: false`) are an error, "unknown field
/// `x`, expected one of ...", when read [`strictly`](crate::support::strictly),
/// as a server reads a request; otherwise passed over, as a client reads a
/// newer server's answer.
pub struct RefusedKeys(pub &'static [&'static str]);

impl<'de, M: Map<'de>> OtherKeys<'de, M> for IgnoredKeys {
    fn take(&mut self, map: &mut M, _key: Key<'de>) {
        map.skip();
    }
}

impl<'de, M: Map<'de>> OtherKeys<'de, M> for RefusedKeys {
    fn take(&mut self, map: &mut M, key: Key<'de>) {
        if crate::support::is_strict() {
            map.deny(key, self.0);
        } else {
            map.skip();
        }
    }
}

impl<'de, M: Map<'de>, T: serde::de::DeserializeOwned> OtherKeys<'de, M> for std::collections::BTreeMap<String, T> {
    fn take(&mut self, map: &mut M, key: Key<'de>) {
        map.extra(self, key);
    }
}

/// How a generated struct reads itself from an object, key by key: the
/// `read` that [`json_object!`] writes. The `Deserialize` impl hands the
/// map to [`read_object`], which calls this; the struct keeps one slot
/// per field, has [`read_fields`] fill them, and takes each field from its
/// slot by its presence ([`take`]).
pub trait FromObject: Sized {
    fn read<'de, M: Map<'de>>(map: M) -> Result<Self, M::Error>;
}

/// Reads a [`FromObject`] struct; `name` is for "expected struct X".
pub fn read_object<'de, D: serde::Deserializer<'de>, T: FromObject>(
    deserializer: D,
    name: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor { name, read: std::marker::PhantomData })
}

struct ObjectVisitor<T> {
    name: &'static str,
    read: std::marker::PhantomData<fn() -> T>,
}

impl<'de, T: FromObject> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        expecting_struct(self.name, formatter)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(Object { access: map, error: None })
    }
}

/// "struct X", out of `ObjectVisitor`'s generic code.
fn expecting_struct(name: &str, formatter: &mut fmt::Formatter) -> fmt::Result {
    write!(formatter, "struct {name}")
}

/// The object a [`FromObject`] struct is read from, as its `read` sees it:
/// any `serde` map. Errors say what serde's derive says: "missing field
/// `x`", "duplicate field `x`", "unknown field `x`, expected one of ...".
/// The first error ends the reading of keys ([`Map::next_key`] gives no
/// more) and is returned by [`Map::end`]: `read` has one exit for all its
/// keys rather than one per key, which is most of what rustc spends on it.
pub trait Map<'de> {
    type Error: serde::de::Error;

    /// The next key: the index of the field of `fields` it names (looked
    /// for first at `expected`), or the key itself, borrowed from the input
    /// where it can be; `None` at the end of the object or after an error.
    fn next_key(&mut self, fields: &[(&'static str, Need)], expected: usize) -> Option<Found<'de>>;

    /// Reads the value of `key` into its slot; a second `key` is an error.
    fn value<T: serde::Deserialize<'de>>(&mut self, slot: &mut Option<T>, key: &'static str) {
        self.value_seed(slot, std::marker::PhantomData, key);
    }

    /// Reads the value of `key` into its slot through `seed`, as
    /// [`Map::value`] does through `T`'s `Deserialize`.
    fn value_seed<S: serde::de::DeserializeSeed<'de>>(
        &mut self,
        slot: &mut Option<S::Value>,
        seed: S,
        key: &'static str,
    );

    /// Passes over the value of a key the struct does not know.
    fn skip(&mut self);

    /// Refuses a key the struct does not know (`additionalProperties: false`).
    fn deny(&mut self, key: Key<'de>, known: &'static [&'static str]);

    /// Keeps a key the struct does not know, with its value
    /// (`additionalProperties: {schema}`).
    fn extra<T: serde::Deserialize<'de>>(&mut self, extra: &mut std::collections::BTreeMap<String, T>, key: Key<'de>);

    /// Says whether a required key was read: if not, "missing field" is
    /// the error, unless there is one already.
    fn require(&mut self, key: &'static str, read: bool);

    /// Says the object as a whole is wrong: `message` is the error,
    /// unless there is one already.
    fn invalid(&mut self, message: String);

    /// The first error met while reading the keys or requiring them.
    fn end(&mut self) -> Result<(), Self::Error>;
}

/// A serde map being read into a struct, and the first error it gave.
struct Object<A, E> {
    access: A,
    error: Option<E>,
}

/// Keeps the first error of `result`.
fn kept<E>(error: &mut Option<E>, result: Result<(), E>) {
    if let Err(failure) = result {
        error.get_or_insert(failure);
    }
}

impl<'de, A: serde::de::MapAccess<'de>> Map<'de> for Object<A, A::Error> {
    type Error = A::Error;

    fn next_key(&mut self, fields: &[(&'static str, Need)], expected: usize) -> Option<Found<'de>> {
        if self.error.is_some() {
            return None;
        }
        match self.access.next_key_seed(Lookup { fields, expected }) {
            Ok(key) => key,
            Err(error) => {
                self.error = Some(error);
                None
            }
        }
    }

    fn value_seed<S: serde::de::DeserializeSeed<'de>>(
        &mut self,
        slot: &mut Option<S::Value>,
        seed: S,
        key: &'static str,
    ) {
        if slot.is_some() {
            kept(&mut self.error, Err(serde::de::Error::duplicate_field(key)));
            return;
        }
        match self.access.next_value_seed(seed) {
            Ok(value) => *slot = Some(value),
            Err(error) => kept(&mut self.error, Err(error)),
        }
    }

    fn skip(&mut self) {
        let result = self.access.next_value::<serde::de::IgnoredAny>().map(drop);
        kept(&mut self.error, result);
    }

    fn deny(&mut self, key: Key<'de>, known: &'static [&'static str]) {
        kept(&mut self.error, Err(serde::de::Error::unknown_field(&key, known)));
    }

    fn extra<T: serde::Deserialize<'de>>(&mut self, extra: &mut std::collections::BTreeMap<String, T>, key: Key<'de>) {
        match self.access.next_value() {
            Ok(value) => {
                extra.insert(key.0.into_owned(), value);
            }
            Err(error) => kept(&mut self.error, Err(error)),
        }
    }

    fn require(&mut self, key: &'static str, read: bool) {
        if !read {
            kept(&mut self.error, Err(serde::de::Error::missing_field(key)));
        }
    }

    fn invalid(&mut self, message: String) {
        kept(&mut self.error, Err(serde::de::Error::custom(message)));
    }

    fn end(&mut self) -> Result<(), A::Error> {
        self.error.take().map_or(Ok(()), Err)
    }
}

/// A key of an object, or a string enum's value, borrowed from the input
/// where it can be.
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl std::ops::Deref for Key<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }

            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}
