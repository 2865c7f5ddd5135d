//! How a generated struct is written as a JSON object and read from one:
//! the `json_object!` macro, and the writer its `serialize` calls (the
//! reading is `fields.rs`).

use super::Nullable;

/// `Serialize` and `Deserialize` for a generated struct, from one line per
/// field: its presence, its name, and its key.
///
/// ```text
/// crate::support::json_object! {
///     Pet {
///         required name = "name",
///         optional tag = "tag",
///         nullable owner = "owner",
///         required born = "born" as date_time,
///         defaulted kind = "kind" or default_pet_kind,
///         expected size = "size" or default_pet_size,
///     }
///     other keys: refused
///     required keys: one of [["id"], ["owner", "repo"]]
///     absent keys: [["side"]]
/// }
/// ```
///
/// A `required` field must be present (it may still be `Option<T>` when
/// `null` is allowed); an `optional` one is `Option<T>` and never `null`;
/// a `nullable` one is a [`Nullable`]; a `defaulted` one takes its
/// function's value when absent, and an `expected` one too where it is
/// read leniently (a client's answer), being required (by a server). A
/// field `as date_time` or `as date` (a `chrono::DateTime<FixedOffset>`
/// or `chrono::NaiveDate`, or an `Option` or `Nullable` of one) is read
/// and written by `support::dates`, as chrono reads and writes it but
/// faster. Keys the struct does not name are
/// ignored, unless the last line says they are `refused`
/// (`additionalProperties: false`) or `kept in` a map field
/// (`additionalProperties: {schema}`). A `required keys:` line checks
/// a `oneOf` (`one of`) or `anyOf` (`any of`) of sets of keys, an
/// `absent keys:` line the sets of `not: {required: [...]}`
/// ([`KeyRule`](super::KeyRule)).
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
            $($presence:ident $field:ident = $key:literal $(or $default:path)? $(as $reader:ident)?),* $(,)?
        }
        $(other keys: $other:ident $(in $extra:ident)?)?
        $(required keys: $($rule:ident of [$([$($set:literal),*]),*]),*)?
        $(absent keys: [$([$($absent:literal),*]),*])?
    ) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, output: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut object = $crate::support::write_object(output);
                $(object.$presence($key, $crate::support::json_object!(@write self.$field $(, $reader)?));)*
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
                    &mut [$($crate::support::json_object!(@slot $field $($reader)?)),*],
                    &mut other,
                    &[
                        $($($crate::support::key_rule::$rule(&[$(&[$($set),*]),*]),)*)?
                        $($crate::support::key_rule::absent(&[$(&[$($absent),*]),*]),)?
                    ],
                );
                map.end()?;
                Ok(Self {
                    $($field: $crate::support::take::$presence($field $(, $default)?),)*
                    $($($extra: other,)?)?
                })
            }
        }
    };
    // What a field is written as: itself, or what its line's reader writes.
    (@write $value:expr) => { &$value };
    (@write $value:expr, $dates:ident) => { &$crate::support::dates::Written::written(&$value) };
    // The slot a field is read into: by its type's `Deserialize`, or by the
    // reader its line names.
    (@slot $field:ident) => { &mut $field };
    (@slot $field:ident $dates:ident) => { &mut $crate::support::dates::Field(&mut $field) };
    // What is done with other keys.
    (@other [$($key:literal),*]) => { $crate::support::IgnoredKeys };
    (@other refused [$($key:literal),*]) => { $crate::support::RefusedKeys(&[$($key),*]) };
    (@other kept [$($key:literal),*]) => { std::collections::BTreeMap::new() };
}
#[allow(unused_imports)]
pub(crate) use json_object;

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
    // Inlined, as the derive's `serialize_field` calls are: a call per
    // field costs more than the check of the first error it saves.
    #[inline]
    fn entry<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if let Ok(map) = &mut self.map {
            if let Err(error) = serde::ser::SerializeMap::serialize_entry(map, key, value) {
                self.map = Err(error);
            }
        }
    }

    /// A field that is always there (it may be `null` if it allows it).
    #[inline]
    pub fn required<T: serde::Serialize>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// A field with the spec's default: always written.
    #[inline]
    pub fn defaulted<T: serde::Serialize>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// A required field with the spec's default: always written.
    #[inline]
    pub fn expected<T: serde::Serialize>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// A field that may be absent and is never `null`.
    #[inline]
    pub fn optional<T: serde::Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(key, value);
        }
    }

    /// A field that may be absent, `null` or a value.
    #[inline]
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
