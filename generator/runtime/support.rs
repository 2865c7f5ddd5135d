//! Run-time support shared by every generated API module: three-state
//! nullable fields, reading structs from objects, constraint checks
//! (lengths, patterns, ranges, e-mail addresses, URIs) and their errors,
//! and `oneOf` matching.

use std::fmt;

/// A body the generated code passes on undecoded (multipart): its media
/// type, with parameters such as the boundary, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawBody {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// `format: byte`: bytes that travel as base64 text (RFC 4648). Written
/// with the standard alphabet and padding; read in the standard or the
/// URL-safe alphabet, padded or not.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Base64(pub Vec<u8>);

const BASE64_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl Base64 {
    /// The bytes as base64 text.
    pub fn encode(&self) -> String {
        let mut text = String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, byte)| bits | u32::from(*byte) << (16 - 8 * i));
            for index in 0..4 {
                if index <= chunk.len() {
                    text.push(char::from(BASE64_ALPHABET[(bits >> (18 - 6 * index) & 63) as usize]));
                } else {
                    text.push('=');
                }
            }
        }
        text
    }

    /// Reads base64 text, or says why it is not.
    pub fn decode(text: &str) -> Result<Self, String> {
        let data = text.trim_end_matches('=');
        if text.len() - data.len() > 2 || data.len() % 4 == 1 {
            return Err(format!("{text:?} is not base64: wrong length or padding"));
        }
        let mut bytes = Vec::with_capacity(data.len() * 3 / 4);
        let (mut bits, mut count) = (0u32, 0);
        for byte in data.bytes() {
            let value = match byte {
                b'A'..=b'Z' => byte - b'A',
                b'a'..=b'z' => byte - b'a' + 26,
                b'0'..=b'9' => byte - b'0' + 52,
                b'+' | b'-' => 62,
                b'/' | b'_' => 63,
                _ => return Err(format!("{text:?} is not base64: {:?} is not in its alphabet", char::from(byte))),
            };
            bits = bits << 6 | u32::from(value);
            count += 6;
            if count >= 8 {
                count -= 8;
                bytes.push((bits >> count) as u8);
            }
        }
        // The bits after the last byte must be zero (RFC 4648, 3.5): else
        // two texts would read as the same bytes, and one would not come back.
        if bits & ((1 << count) - 1) != 0 {
            return Err(format!("{text:?} is not base64: its last character carries bits beyond the last byte"));
        }
        Ok(Self(bytes))
    }
}

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({} bytes)", self.0.len())
    }
}

impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl std::str::FromStr for Base64 {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::decode(text)
    }
}

impl serde::Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::decode(&String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// How a path or header parameter holds a list or an object (RFC 6570's
/// expansions, OpenAPI's `style`): `simple` (`a,b`), `label` (`.a,b`, or
/// `.a.b` exploded) and `matrix` (`;id=a,b`, or `;id=a;id=b` exploded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expansion {
    Simple,
    Label,
    Matrix,
}

/// A file in a multipart form: its name and media type when given, and its bytes.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

/// A field that may be absent, `null`, or a value, and serialises back to
/// exactly what it was read from, so a PATCH can clear a field (`null`)
/// without touching the fields it leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The key is not in the object.
    #[default]
    Absent,
    /// The key is present with `null`.
    Null,
    /// The key is present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// What a struct read for the key: nothing (`Absent`), `null` or a value.
    pub fn from_read(read: Option<Option<T>>) -> Self {
        match read {
            None => Nullable::Absent,
            Some(value) => value.into(),
        }
    }

    /// Whether the key is absent; used to skip it when serialising.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Absent stays `None`; null is `Some(None)`; a value is `Some(Some(value))`.
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Nullable::Absent => None,
            Nullable::Null => Some(None),
            Nullable::Value(value) => Some(Some(value)),
        }
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `Null`: a present key whose value is cleared.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            // `Absent` is skipped by the field's `skip_serializing_if`.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only called when the key is present; absence is the field's default.
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

/// `Serialize` and `Deserialize` for a generated struct, from one line per
/// field: its presence, its name, and its key.
///
/// ```text
/// crate::support::json_object! {
///     Pet {
///         required name = "name",
///         optional tag = "tag",
///         nullable owner = "owner",
///         defaulted kind = "kind" or default_pet_kind,
///     }
///     other keys: refused
/// }
/// ```
///
/// A `required` field must be present (it may still be `Option<T>` when
/// `null` is allowed); an `optional` one is `Option<T>` and never `null`;
/// a `nullable` one is a [`Nullable`]; a `defaulted` one takes its
/// function's value when absent. Keys the struct does not name are
/// ignored, unless the last line says they are `refused`
/// (`additionalProperties: false`) or `kept in` a map field
/// (`additionalProperties: {schema}`).
///
/// It is the work `serde`'s derive does, in a third of the code for rustc
/// to check: no visitor per struct, no reading of an object from an array,
/// no wrapper per field that refuses `null`, and one exit for all keys
/// (the writer and the map keep their first error; each `?` per field is a
/// branch with its own drops for rustc to build and check). Reading has no
/// loop or `match` per struct either: [`read_fields`] runs the one loop
/// for all of them, over the keys and a slot per field, and each presence
/// is a function in [`take`] and a flag in [`presence`], not a macro rule
/// to expand per field.
// A crate without structs does not use it.
#[allow(unused_macros)]
macro_rules! json_object {
    (
        $name:ident {
            $($presence:ident $field:ident = $key:literal $(or $default:path)?),* $(,)?
        }
        $(other keys: $other:ident $(in $extra:ident)?)?
    ) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, output: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut object = $crate::support::write_object(output);
                $(object.$presence($key, &self.$field);)*
                $($(object.extra(&self.$extra);)?)?
                object.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                $crate::support::read_object(input, stringify!($name))
            }
        }

        impl $crate::support::FromObject for $name {
            fn read<'de, M: $crate::support::Map<'de>>(mut map: M) -> Result<Self, M::Error> {
                $(let mut $field = None;)*
                let mut other = $crate::support::json_object!(@other $($other)? [$($key),*]);
                $crate::support::read_fields(
                    &mut map,
                    &[$(($key, $crate::support::presence::$presence)),*],
                    &mut [$(&mut $field),*],
                    &mut other,
                );
                map.end()?;
                Ok(Self {
                    $($field: $crate::support::take::$presence($field $(, $default)?),)*
                    $($($extra: other,)?)?
                })
            }
        }
    };
    // What is done with other keys.
    (@other [$($key:literal),*]) => { $crate::support::IgnoredKeys };
    (@other refused [$($key:literal),*]) => { $crate::support::RefusedKeys(&[$($key),*]) };
    (@other kept [$($key:literal),*]) => { std::collections::BTreeMap::new() };
}
#[allow(unused_imports)]
pub(crate) use json_object;

/// Reads the keys of an object into its struct's slots: `fields` are the
/// keys, each with whether it is required, and `slots` are where their
/// values go, in the same order. Other keys go to `other`. A required key
/// that is missing is the map's error, as any other is.
pub fn read_fields<'de, M: Map<'de>>(
    map: &mut M,
    fields: &[(&'static str, bool)],
    slots: &mut [&mut dyn Slot<'de, M>],
    other: &mut dyn OtherKeys<'de, M>,
) {
    while let Some(key) = map.next_key() {
        match fields.iter().position(|(field, _)| *field == &*key) {
            Some(index) => slots[index].read(map, fields[index].0),
            None => other.take(map, key),
        }
    }
    for (slot, (key, required)) in slots.iter().zip(fields) {
        if *required {
            map.require(key, slot.is_filled());
        }
    }
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

/// Whether a field of each presence of [`json_object!`] must be there.
#[allow(non_upper_case_globals)]
pub mod presence {
    pub const required: bool = true;
    pub const optional: bool = false;
    pub const nullable: bool = false;
    pub const defaulted: bool = false;
}

/// A field's value from its slot, by its presence in [`json_object!`].
pub mod take {
    use super::Nullable;

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
}

/// What a struct does with a key it does not name; see [`json_object!`].
pub trait OtherKeys<'de, M> {
    fn take(&mut self, map: &mut M, key: Key<'de>);
}

/// Other keys' values are passed over.
pub struct IgnoredKeys;

/// Other keys are an error, "unknown field `x`, expected one of ...".
pub struct RefusedKeys(pub &'static [&'static str]);

impl<'de, M: Map<'de>> OtherKeys<'de, M> for IgnoredKeys {
    fn take(&mut self, map: &mut M, _key: Key<'de>) {
        map.skip();
    }
}

impl<'de, M: Map<'de>> OtherKeys<'de, M> for RefusedKeys {
    fn take(&mut self, map: &mut M, key: Key<'de>) {
        map.deny(key, self.0);
    }
}

impl<'de, M: Map<'de>, T: serde::de::DeserializeOwned> OtherKeys<'de, M> for std::collections::BTreeMap<String, T> {
    fn take(&mut self, map: &mut M, key: Key<'de>) {
        map.extra(self, key);
    }
}

/// How a generated struct writes itself: its `Serialize` impl starts an
/// object here and gives each field with its key; an absent field
/// (`None` where `null` is not allowed, `Nullable::Absent`) writes no key.
/// The first error is kept and returned by [`ObjectWriter::end`], and the
/// fields after it are not written: the impl has one exit, not one per
/// field, which is most of what rustc spends on it.
pub fn write_object<S: serde::Serializer>(output: S) -> ObjectWriter<S> {
    ObjectWriter { map: serde::Serializer::serialize_map(output, None) }
}

/// The object a struct is being written as; see [`write_object`]. Its
/// methods are named after the presences of [`json_object!`].
pub struct ObjectWriter<S: serde::Serializer> {
    /// The map being written, or the first error.
    map: Result<S::SerializeMap, S::Error>,
}

impl<S: serde::Serializer> ObjectWriter<S> {
    fn entry<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if let Ok(map) = &mut self.map {
            if let Err(error) = serde::ser::SerializeMap::serialize_entry(map, key, value) {
                self.map = Err(error);
            }
        }
    }

    /// A field that is always there (it may be `null` if it allows it).
    pub fn required<T: serde::Serialize>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// A field with the spec's default: always written.
    pub fn defaulted<T: serde::Serialize>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// A field that may be absent and is never `null`.
    pub fn optional<T: serde::Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(key, value);
        }
    }

    /// A field that may be absent, `null` or a value.
    pub fn nullable<T: serde::Serialize>(&mut self, key: &'static str, value: &Nullable<T>) {
        if !value.is_absent() {
            self.entry(key, value);
        }
    }

    /// The keys `additionalProperties` kept, after the properties.
    pub fn extra<T: serde::Serialize>(&mut self, extra: &std::collections::BTreeMap<String, T>) {
        for (key, value) in extra {
            self.entry(key, value);
        }
    }

    /// The object written, or the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.map.and_then(serde::ser::SerializeMap::end)
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

/// `value` as JSON text, as `serde_json::to_vec` writes it. Written out
/// here so that a type costs one function per serializer (its `serialize`)
/// rather than copies of `to_vec` and `to_writer` as well; the server's
/// answers and the client's request bodies both come through here, so a
/// type both send is compiled for one serializer.
pub fn json_bytes<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = Vec::with_capacity(128);
    value.serialize(&mut serde_json::Serializer::new(&mut bytes))?;
    Ok(bytes)
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

    /// The next key, borrowed from the input where it can be; `None` at
    /// the end of the object or after an error.
    fn next_key(&mut self) -> Option<Key<'de>>;

    /// Reads the value of `key` into its slot; a second `key` is an error.
    fn value<T: serde::Deserialize<'de>>(&mut self, slot: &mut Option<T>, key: &'static str);

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

    fn next_key(&mut self) -> Option<Key<'de>> {
        if self.error.is_some() {
            return None;
        }
        match self.access.next_key() {
            Ok(key) => key,
            Err(error) => {
                self.error = Some(error);
                None
            }
        }
    }

    fn value<T: serde::Deserialize<'de>>(&mut self, slot: &mut Option<T>, key: &'static str) {
        if slot.is_some() {
            kept(&mut self.error, Err(serde::de::Error::duplicate_field(key)));
            return;
        }
        match self.access.next_value() {
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

/// A value broke a constraint of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintError {
    subject: &'static str,
    violation: Violation,
}

/// The constraint that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    MinLength {
        limit: u64,
        actual: u64,
    },
    MaxLength {
        limit: u64,
        actual: u64,
    },
    Pattern {
        pattern: String,
    },
    Minimum {
        limit: String,
        exclusive: bool,
        actual: String,
    },
    Maximum {
        limit: String,
        exclusive: bool,
        actual: String,
    },
    MinItems {
        limit: u64,
        actual: u64,
    },
    MaxItems {
        limit: u64,
        actual: u64,
    },
    Email,
    Uri,
    /// Not one of the `enum` values (listed).
    NotAllowed {
        allowed: String,
        actual: String,
    },
}

impl ConstraintError {
    pub fn new(subject: &'static str, violation: Violation) -> Self {
        Self { subject, violation }
    }

    /// What the constraint belongs to, e.g. `User.username`.
    pub fn subject(&self) -> &'static str {
        self.subject
    }

    pub fn violation(&self) -> &Violation {
        &self.violation
    }
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.subject)?;
        match &self.violation {
            Violation::MinLength { limit, actual } => {
                write!(f, "must be at least {limit} characters long (minLength), got {actual}")
            }
            Violation::MaxLength { limit, actual } => {
                write!(f, "must be at most {limit} characters long (maxLength), got {actual}")
            }
            Violation::Pattern { pattern } => write!(f, "must match the pattern {pattern:?}"),
            Violation::Minimum { limit, exclusive: false, actual } => {
                write!(f, "must be at least {limit} (minimum), got {actual}")
            }
            Violation::Minimum { limit, exclusive: true, actual } => {
                write!(f, "must be greater than {limit} (exclusiveMinimum), got {actual}")
            }
            Violation::Maximum { limit, exclusive: false, actual } => {
                write!(f, "must be at most {limit} (maximum), got {actual}")
            }
            Violation::Maximum { limit, exclusive: true, actual } => {
                write!(f, "must be less than {limit} (exclusiveMaximum), got {actual}")
            }
            Violation::MinItems { limit, actual } => {
                write!(f, "must have at least {limit} items (minItems), got {actual}")
            }
            Violation::MaxItems { limit, actual } => {
                write!(f, "must have at most {limit} items (maxItems), got {actual}")
            }
            Violation::Email => f.write_str("must be an e-mail address (format: email)"),
            Violation::Uri => f.write_str("must be an absolute URI (format: uri)"),
            Violation::NotAllowed { allowed, actual } => write!(f, "must be one of {allowed} (enum), got {actual}"),
        }
    }
}

impl std::error::Error for ConstraintError {}

/// The names a sparse fieldset (`x-sparse-fieldset`) asks for: `None`
/// when it is absent or names nothing (`?fields=`), which asks for every
/// field, as DRF's dynamic-fields mixins read it.
pub fn fieldset(fields: Option<&[String]>) -> Option<&[String]> {
    fields.filter(|names| names.iter().any(|name| !name.is_empty()))
}

/// Checks a length in characters (not bytes) against `minLength`/`maxLength`.
pub fn check_length(
    subject: &'static str,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), ConstraintError> {
    let actual = value.chars().count() as u64;
    if let Some(limit) = min.filter(|&limit| actual < limit) {
        return Err(ConstraintError::new(subject, Violation::MinLength { limit, actual }));
    }
    if let Some(limit) = max.filter(|&limit| actual > limit) {
        return Err(ConstraintError::new(subject, Violation::MaxLength { limit, actual }));
    }
    Ok(())
}

/// A number against the values of an `enum` of numbers.
pub fn check_allowed<N: PartialEq + fmt::Display>(
    subject: &'static str,
    value: N,
    allowed: &[N],
) -> Result<(), ConstraintError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let listed: Vec<String> = allowed.iter().map(ToString::to_string).collect();
    Err(ConstraintError::new(subject, Violation::NotAllowed { allowed: listed.join(", "), actual: value.to_string() }))
}

/// The outcome of matching a value against a `pattern`. The caller compiles
/// the regex once and matches; support itself needs no regex engine, so a
/// crate without patterns does not depend on one.
pub fn check_pattern(subject: &'static str, matched: bool, pattern: &str) -> Result<(), ConstraintError> {
    if matched {
        Ok(())
    } else {
        Err(ConstraintError::new(subject, Violation::Pattern { pattern: pattern.to_owned() }))
    }
}

/// Checks a number against `minimum`/`maximum` (each possibly exclusive).
pub fn check_range<N: PartialOrd + fmt::Display>(
    subject: &'static str,
    value: N,
    minimum: Option<(N, bool)>,
    maximum: Option<(N, bool)>,
) -> Result<(), ConstraintError> {
    if let Some((limit, exclusive)) = minimum {
        if value < limit || (exclusive && value == limit) {
            let (limit, actual) = (limit.to_string(), value.to_string());
            return Err(ConstraintError::new(subject, Violation::Minimum { limit, exclusive, actual }));
        }
    }
    if let Some((limit, exclusive)) = maximum {
        if value > limit || (exclusive && value == limit) {
            let (limit, actual) = (limit.to_string(), value.to_string());
            return Err(ConstraintError::new(subject, Violation::Maximum { limit, exclusive, actual }));
        }
    }
    Ok(())
}

/// Checks a list length against `minItems`/`maxItems`.
pub fn check_items(
    subject: &'static str,
    actual: usize,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), ConstraintError> {
    let actual = actual as u64;
    if let Some(limit) = min.filter(|&limit| actual < limit) {
        return Err(ConstraintError::new(subject, Violation::MinItems { limit, actual }));
    }
    if let Some(limit) = max.filter(|&limit| actual > limit) {
        return Err(ConstraintError::new(subject, Violation::MaxItems { limit, actual }));
    }
    Ok(())
}

/// Checks `format: email`: one `@`, a non-empty local part of at most 64
/// characters without spaces, and a domain of dot-separated labels.
pub fn check_email(subject: &'static str, value: &str) -> Result<(), ConstraintError> {
    if is_email(value) {
        Ok(())
    } else {
        Err(ConstraintError::new(subject, Violation::Email))
    }
}

/// Whether `value` passes [`check_email`].
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\,;:\"".contains(c));
    let domain_ok = domain.chars().count() <= 253
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

/// Checks `format: uri`: an absolute URI (RFC 3986): a scheme, `:`, and only
/// characters a URI may hold (percent-escapes well formed).
pub fn check_uri(subject: &'static str, value: &str) -> Result<(), ConstraintError> {
    if is_uri(value) {
        Ok(())
    } else {
        Err(ConstraintError::new(subject, Violation::Uri))
    }
}

/// Whether `value` passes [`check_uri`].
pub fn is_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else { return false };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let bytes = rest.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(index + 1) && hex(index + 2)) {
                return false;
            }
            index += 3;
            continue;
        }
        if !(byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&byte)) {
            return false;
        }
        index += 1;
    }
    scheme_ok && !rest.is_empty()
}

/// A string that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariant {
    type_name: &'static str,
    value: String,
}

impl UnknownVariant {
    pub fn new(type_name: &'static str, value: &str) -> Self {
        Self { type_name, value: value.to_owned() }
    }
}

impl fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a value of {}", self.value, self.type_name)
    }
}

impl std::error::Error for UnknownVariant {}

/// How a response body travels, named in [`responses!`]: JSON (or a form)
/// of the variant's type, text, bytes as they are, or a multipart body
/// passed on undecoded.
pub mod media {
    pub struct Json;
    pub struct Text;
    pub struct Bytes;
    pub struct Multipart;
}

/// A response enum's `status()`, the client's `Decode` and the server's
/// `IntoResponse`, each under its feature, from one line per variant:
/// its status, the body's [`media`] kind and type in parentheses, and
/// headers in braces.
///
/// ```text
/// crate::support::responses! {
///     UsersCreateResponse {
///         NoContent = 204,
///         Ok = 200 (Json "application/json"),
///         Created = 201 (Json "application/json") { location: required "location" },
///         Status4XX = (400..=499) (Json "application/json") {},
///         Other = _ (Text "text/plain") {},
///     }
/// }
/// ```
///
/// A variant with a range or `_` (any other status) holds its `status`;
/// those come after the exact codes, and `_` last. Without `_`, an answer
/// of another status is the client's `ClientError::UndocumentedStatus`.
// A crate without operations does not use it.
#[allow(unused_macros)]
macro_rules! responses {
    ($name:ident {}) => {
        impl $name {
            /// The HTTP status code of this response.
            pub fn status(&self) -> u16 {
                match *self {}
            }
        }

        #[cfg(feature = "client")]
        impl $crate::support::client::Decode for $name {
            fn decode(answer: &$crate::support::client::Answer) -> Result<Self, $crate::support::client::ClientError> {
                Err(answer.undocumented())
            }
        }

        #[cfg(feature = "server")]
        impl $crate::support::server::IntoResponse for $name {
            fn into_response(self) -> $crate::support::server::Response {
                match self {}
            }
        }
    };
    ($name:ident { $($entries:tt)* }) => {
        // `answer` is made here and handed down, so that every step's
        // arms name the one the impl declares.
        $crate::support::responses!(@munch $name answer [] [] [] [_ => return Err(answer.undocumented()),] $($entries)*);
    };
    // One variant at a time, into the arms of `status`, `decode` and
    // `into_response` (a macro cannot stand where an arm goes).
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = $code:literal, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant => $code,]
            [$($de)* $code => Self::$variant,]
            [$($re)* Self::$variant => $crate::support::server::respond_head($code, &[]),]
            [$($fb)*] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = $code:literal ($kind:ident $media:literal), $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant(..) => $code,]
            [$($de)* $code => Self::$variant($crate::support::responses!(@read $answer $kind)),]
            [$($re)* Self::$variant(body) => $crate::support::responses!(@write $code $kind $media body []),]
            [$($fb)*] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = $code:literal ($kind:ident $media:literal)
        { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { .. } => $code,]
            [$($de)* $code => Self::$variant {
                body: $crate::support::responses!(@read $answer $kind),
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { body, $($field),* } =>
                $crate::support::responses!(@write $code $kind $media body [$($field $presence $wire)*]),]
            [$($fb)*] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = $code:literal { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { .. } => $code,]
            [$($de)* $code => Self::$variant {
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { $($field),* } =>
                $crate::support::responses!(@head $code [$($field $presence $wire)*]),]
            [$($fb)*] $($rest)*);
    };
    // Any other status (`_`), the decoder's last arm in place of the
    // fallback, or a range `(400..=499)`: the variant holds the status.
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = _ ($kind:ident $media:literal)
        { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { status, .. } => *status,]
            [$($de)* status => Self::$variant {
                status,
                body: $crate::support::responses!(@read $answer $kind),
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { status, body, $($field),* } =>
                $crate::support::responses!(@write status $kind $media body [$($field $presence $wire)*]),]
            [] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = _ { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { status, .. } => *status,]
            [$($de)* status => Self::$variant {
                status,
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { status, $($field),* } =>
                $crate::support::responses!(@head status [$($field $presence $wire)*]),]
            [] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = ($($range:tt)*) ($kind:ident $media:literal)
        { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { status, .. } => *status,]
            [$($de)* status @ $($range)* => Self::$variant {
                status,
                body: $crate::support::responses!(@read $answer $kind),
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { status, body, $($field),* } =>
                $crate::support::responses!(@write status $kind $media body [$($field $presence $wire)*]),]
            [$($fb)*] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]
        $variant:ident = ($($range:tt)*) { $($field:ident: $presence:ident $wire:literal),* $(,)? }, $($rest:tt)*) => {
        $crate::support::responses!(@munch $name $answer
            [$($st)* Self::$variant { status, .. } => *status,]
            [$($de)* status @ $($range)* => Self::$variant {
                status,
                $($field: $crate::support::responses!(@header $presence $answer $wire),)*
            },]
            [$($re)* Self::$variant { status, $($field),* } =>
                $crate::support::responses!(@head status [$($field $presence $wire)*]),]
            [$($fb)*] $($rest)*);
    };
    (@munch $name:ident $answer:ident [$($st:tt)*] [$($de:tt)*] [$($re:tt)*] [$($fb:tt)*]) => {
        impl $name {
            /// The HTTP status code of this response.
            pub fn status(&self) -> u16 {
                match self {
                    $($st)*
                }
            }
        }

        #[cfg(feature = "client")]
        impl $crate::support::client::Decode for $name {
            fn decode($answer: &$crate::support::client::Answer) -> Result<Self, $crate::support::client::ClientError> {
                let response = match $answer.status {
                    $($de)*
                    $($fb)*
                };
                Ok(response)
            }
        }

        #[cfg(feature = "server")]
        impl $crate::support::server::IntoResponse for $name {
            fn into_response(self) -> $crate::support::server::Response {
                match self {
                    $($re)*
                }
            }
        }
    };
    (@read $answer:ident $kind:ident) => {
        <$crate::support::media::$kind as $crate::support::client::ReadBody<_>>::read($answer)?
    };
    (@write $status:tt $kind:ident $media:literal $body:ident [$($field:ident $presence:ident $wire:literal)*]) => {
        <$crate::support::media::$kind as $crate::support::server::WriteBody<_>>::respond(
            $status,
            $media,
            $body,
            &[$(($wire, $crate::support::responses!(@text $presence $field))),*],
        )
    };
    (@head $status:tt [$($field:ident $presence:ident $wire:literal)*]) => {
        $crate::support::server::respond_head($status, &[$(($wire, $crate::support::responses!(@text $presence $field))),*])
    };
    (@header required $answer:ident $wire:literal) => { $crate::support::client::required_header($answer, $wire)? };
    (@header optional $answer:ident $wire:literal) => { $crate::support::client::optional_header($answer, $wire)? };
    (@text required $field:ident) => { Some($field.to_string()) };
    (@text optional $field:ident) => { $field.as_ref().map(|value| value.to_string()) };
}
#[allow(unused_imports)]
pub(crate) use responses;

/// `ALL`, `as_str`, `Display`, `FromStr`, `Serialize` and `Deserialize`
/// for a string enum, from a line per variant with its wire text: each
/// value is its wire text, nothing else.
///
/// ```text
/// crate::support::string_enum! {
///     Kind {
///         Dog = "dog",
///         Cat = "cat",
///     }
/// }
/// ```
// A crate without string enums does not use it.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: [Self; [$($wire),*].len()] = [$(Self::$variant),*];

            /// The wire text of each value of `ALL`, in its order.
            const WIRE: [&'static str; [$($wire),*].len()] = [$($wire),*];

            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::support::UnknownVariant;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match $crate::support::variant_index(&Self::WIRE, value) {
                    Some(index) => Ok(Self::ALL[index]),
                    None => Err($crate::support::UnknownVariant::new(stringify!($name), value)),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, output: S) -> Result<S::Ok, S::Error> {
                output.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                match $crate::support::read_variant(input, &Self::WIRE) {
                    Ok(index) => Ok(Self::ALL[index]),
                    Err(error) => Err(error),
                }
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// Where `value` is in a string enum's wire texts. Not generic over the
/// enum, so it is compiled once however many enums there are; the enum's
/// own code only indexes its `ALL` with the answer.
pub fn variant_index(wire: &[&'static str], value: &str) -> Option<usize> {
    wire.iter().position(|text| *text == value)
}

/// Reads a string enum's value, as its index in the enum's wire texts; an
/// unknown value is refused as serde's derive words it: "unknown variant
/// `x`, expected one of `a`, `b`". Generic over the deserializer only.
pub fn read_variant<'de, D: serde::Deserializer<'de>>(input: D, wire: &[&'static str]) -> Result<usize, D::Error> {
    let value: Key<'de> = serde::Deserialize::deserialize(input)?;
    match variant_index(wire, &value) {
        Some(index) => Ok(index),
        None => Err(serde::de::Error::custom(unknown_variant(&value, wire))),
    }
}

/// "unknown variant `x`, expected one of `a`, `b`".
fn unknown_variant(value: &str, wire: &[&'static str]) -> String {
    let names: Vec<String> = wire.iter().map(|text| format!("`{text}`")).collect();
    format!("unknown variant `{value}`, expected one of {}", names.join(", "))
}

/// One alternative of a `oneOf`: its name, whether it is an object schema,
/// the keys it requires to be absent, and how to read it.
pub struct Alternative<T> {
    pub name: &'static str,
    pub forbidden_keys: &'static [&'static str],
    /// The values of the discriminator property that select it.
    pub tags: &'static [&'static str],
    pub parse: fn(&serde_json::Value) -> Result<T, serde_json::Error>,
}

/// `oneOf` with a `discriminator`: the value of `property` picks the
/// alternative, which must then match. A discriminator is a hint
/// (OpenAPI 3.0): without the property, the alternatives that match are
/// weighed as by [`closest_of`].
pub fn one_of_tagged<T: serde::Serialize>(
    type_name: &str,
    value: &serde_json::Value,
    property: &str,
    alternatives: &[Alternative<T>],
) -> Result<T, String> {
    let Some(tag) = value.get(property) else {
        return closest_of(type_name, value, alternatives)
            .map_err(|error| format!("{error}; nor is the key `{property}` there to pick one"));
    };
    let chosen = tag.as_str().and_then(|tag| alternatives.iter().find(|a| a.tags.contains(&tag)));
    let Some(alternative) = chosen else {
        let known: Vec<&str> = alternatives.iter().flat_map(|a| a.tags.iter().copied()).collect();
        return Err(format!("{type_name}: `{property}` is {tag}, expected one of {}", known.join(", ")));
    };
    one_of(type_name, value, std::slice::from_ref(alternative))
}

/// `oneOf`: the value must match exactly one alternative. The error says
/// why each alternative failed, or which ones matched together.
pub fn one_of<T>(type_name: &str, value: &serde_json::Value, alternatives: &[Alternative<T>]) -> Result<T, String> {
    let mut matched: Vec<(&'static str, T)> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for alternative in alternatives {
        match alternative.try_parse(value) {
            Ok(parsed) => matched.push((alternative.name, parsed)),
            Err(error) => failures.push(error),
        }
    }
    match matched.len() {
        1 => Ok(matched.pop().expect("one match").1),
        0 => Err(format!("no alternative of {type_name} matches ({})", failures.join("; "))),
        _ => {
            let names: Vec<&str> = matched.iter().map(|(name, _)| *name).collect();
            Err(format!("{type_name} must match exactly one alternative, but matches {}", names.join(" and ")))
        }
    }
}

/// A `oneOf` whose alternatives cannot be told apart (some value of one is
/// always a value of another): of the alternatives that match, the one that
/// keeps the most of the value's keys, the first among equals.
pub fn closest_of<T: serde::Serialize>(
    type_name: &str,
    value: &serde_json::Value,
    alternatives: &[Alternative<T>],
) -> Result<T, String> {
    let mut best: Option<(usize, T)> = None;
    let mut failures: Vec<String> = Vec::new();
    for alternative in alternatives {
        match alternative.try_parse(value) {
            Ok(parsed) => {
                let kept = kept_keys(value, &parsed);
                match &best {
                    Some((most, _)) if *most >= kept => {}
                    _ => best = Some((kept, parsed)),
                }
            }
            Err(error) => failures.push(error),
        }
    }
    match best {
        Some((_, parsed)) => Ok(parsed),
        None => Err(format!("no alternative of {type_name} matches ({})", failures.join("; "))),
    }
}

/// How many keys of `value` survive in `parsed` written back.
fn kept_keys<T: serde::Serialize>(value: &serde_json::Value, parsed: &T) -> usize {
    match (value, serde_json::to_value(parsed)) {
        (serde_json::Value::Object(keys), Ok(serde_json::Value::Object(back))) => {
            keys.keys().filter(|key| back.contains_key(*key)).count()
        }
        _ => 0,
    }
}

impl<T> Alternative<T> {
    /// The value as this alternative, or why it is not one (prefixed with its name).
    fn try_parse(&self, value: &serde_json::Value) -> Result<T, String> {
        if let Some(key) = self.forbidden_keys.iter().find(|key| value.get(**key).is_some()) {
            return Err(format!("{}: key `{key}` must be absent", self.name));
        }
        (self.parse)(value).map_err(|error| format!("{}: {error}", self.name))
    }
}

/// Text that does not parse as a constrained number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not a number of the right kind at all.
    NotANumber(String),
    /// A number that breaks a constraint.
    Constraint(ConstraintError),
}

impl From<ConstraintError> for ParseError {
    fn from(error: ConstraintError) -> Self {
        ParseError::Constraint(error)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::NotANumber(text) => write!(f, "{text:?} is not a number of the expected kind"),
            ParseError::Constraint(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ParseError {}

/// The constraints of one checked type: what a [`Checked`] value must meet.
/// The generator writes one per constrained schema (in the API's `rules`
/// module); `Email` and `Uri` are support's own.
pub trait Rule: 'static {
    /// The value checked: `String`, `i64`, `f64`, a `Vec`, JSON...
    type Value;
    /// The checked type's name, shown by `Debug`.
    const NAME: &'static str;
    /// Whether `Debug` hides the value (`writeOnly`, `format: password`).
    const SECRET: bool = false;

    fn check(value: &Self::Value) -> Result<(), ConstraintError>;
}

/// A value that met its [`Rule`]: the only ways in (`new`, `TryFrom`,
/// `FromStr`, `Deserialize`) check it, so holding one proves the spec's
/// constraints. On the wire it is the bare value.
pub struct Checked<R: Rule>(R::Value, std::marker::PhantomData<fn() -> R>);

impl<R: Rule> Checked<R> {
    /// Checks the rule; the only way to build one.
    pub fn new(value: impl Into<R::Value>) -> Result<Self, ConstraintError> {
        let value = value.into();
        R::check(&value)?;
        Ok(Self(value, std::marker::PhantomData))
    }

    /// The value.
    pub fn value(&self) -> &R::Value {
        &self.0
    }

    pub fn into_inner(self) -> R::Value {
        self.0
    }
}

impl<R: Rule> Checked<R>
where
    R::Value: Copy,
{
    pub fn get(self) -> R::Value {
        self.0
    }
}

impl<R: Rule<Value = String>> Checked<R> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<T: 'static, R: Rule<Value = Vec<T>>> Checked<R> {
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }
}

impl<R: Rule> Clone for Checked<R>
where
    R::Value: Clone,
{
    fn clone(&self) -> Self {
        Self(self.0.clone(), std::marker::PhantomData)
    }
}

impl<R: Rule> Copy for Checked<R> where R::Value: Copy {}

impl<R: Rule> PartialEq for Checked<R>
where
    R::Value: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<R: Rule> Eq for Checked<R> where R::Value: Eq {}

impl<R: Rule> PartialOrd for Checked<R>
where
    R::Value: PartialOrd,
{
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.0.partial_cmp(&other.0)
    }
}

impl<R: Rule> Ord for Checked<R>
where
    R::Value: Ord,
{
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

impl<R: Rule> std::hash::Hash for Checked<R>
where
    R::Value: std::hash::Hash,
{
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

/// `Name(value)`, or `Name(<redacted>)` for a secret.
impl<R: Rule> fmt::Debug for Checked<R>
where
    R::Value: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if R::SECRET {
            write!(f, "{}(<redacted>)", R::NAME)
        } else {
            f.debug_tuple(R::NAME).field(&self.0).finish()
        }
    }
}

/// The value itself, secrets too: `Display` is asked for by name, e.g. to
/// send it as a parameter.
impl<R: Rule> fmt::Display for Checked<R>
where
    R::Value: fmt::Display,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<R: Rule<Value = String>> AsRef<str> for Checked<R> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<R: Rule> std::str::FromStr for Checked<R>
where
    R::Value: std::str::FromStr,
{
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let value: R::Value = text.parse().map_err(|_| ParseError::NotANumber(text.to_owned()))?;
        Ok(Self::new(value)?)
    }
}

/// `TryFrom` and `From` for each kind of value a rule checks (one generic
/// pair would overlap `core`'s blanket `TryFrom`).
macro_rules! checked_conversions {
    ($($value:ty),*) => {$(
        impl<R: Rule<Value = $value>> TryFrom<$value> for Checked<R> {
            type Error = ConstraintError;

            fn try_from(value: $value) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl<R: Rule<Value = $value>> From<Checked<R>> for $value {
            fn from(value: Checked<R>) -> $value {
                value.0
            }
        }
    )*};
}

checked_conversions!(String, i32, i64, f64, serde_json::Value);

impl<'a, R: Rule<Value = String>> TryFrom<&'a str> for Checked<R> {
    type Error = ConstraintError;

    fn try_from(value: &'a str) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<T: 'static, R: Rule<Value = Vec<T>>> TryFrom<Vec<T>> for Checked<R> {
    type Error = ConstraintError;

    fn try_from(items: Vec<T>) -> Result<Self, Self::Error> {
        Self::new(items)
    }
}

impl<T: 'static, R: Rule<Value = Vec<T>>> From<Checked<R>> for Vec<T> {
    fn from(value: Checked<R>) -> Vec<T> {
        value.0
    }
}

impl<R: Rule> serde::Serialize for Checked<R>
where
    R::Value: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, R: Rule> serde::Deserialize<'de> for Checked<R>
where
    R::Value: serde::Deserialize<'de>,
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::new(R::Value::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// `format: email` on its own: an e-mail address (see [`check_email`]).
pub type Email = Checked<EmailAddress>;

/// The rule of [`Email`].
pub struct EmailAddress;

impl Rule for EmailAddress {
    type Value = String;
    const NAME: &'static str = "Email";

    fn check(value: &Self::Value) -> Result<(), ConstraintError> {
        check_email(Self::NAME, value)
    }
}

/// `format: uri` on its own: an absolute URI (see [`check_uri`]).
pub type Uri = Checked<AbsoluteUri>;

/// The rule of [`Uri`].
pub struct AbsoluteUri;

impl Rule for AbsoluteUri {
    type Value = String;
    const NAME: &'static str = "Uri";

    fn check(value: &Self::Value) -> Result<(), ConstraintError> {
        check_uri(Self::NAME, value)
    }
}
