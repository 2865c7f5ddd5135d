//! `string_enum!`: string enums read and written as their wire text.

use super::Key;
use std::fmt;

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

/// `ALL`, `as_str`, `Display`, `FromStr`, `Serialize` and `Deserialize`
/// for a string enum, from a line per variant with its wire text, and the
/// variant that holds any other text: each value is its wire text, nothing
/// else. Another text is kept in that variant, unless it is read
/// [`strictly`](crate::support::strictly) (a server's request), where it is
/// refused as serde's derive words it.
///
/// ```text
/// crate::support::string_enum! {
///     Kind {
///         Dog = "dog",
///         Cat = "cat",
///     }
///     other values: Unknown
/// }
/// ```
// A crate without string enums does not use it.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? } other values: $other:ident) => {
        impl $name {
            /// Every value the spec lists, in its order.
            pub const ALL: [Self; [$($wire),*].len()] = [$(Self::$variant),*];

            /// The wire text of each value of `ALL`, in its order.
            const WIRE: [&'static str; [$($wire),*].len()] = [$($wire),*];

            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(text) => text,
                }
            }

            /// The value the text is, or `Unknown` where the spec does not
            /// list it (an error when read strictly).
            fn from_variant(variant: $crate::support::Variant) -> Self {
                match variant {
                    $crate::support::Variant::Known(index) => Self::ALL[index].clone(),
                    $crate::support::Variant::Other(text) => Self::$other(text),
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
                $crate::support::variant_of(&Self::WIRE, value)
                    .map(Self::from_variant)
                    .ok_or_else(|| $crate::support::UnknownVariant::new(stringify!($name), value))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, output: S) -> Result<S::Ok, S::Error> {
                output.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                $crate::support::read_variant(input, &Self::WIRE).map(Self::from_variant)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// What a string enum's text is: the index of a value the spec lists, or
/// another text, kept.
pub enum Variant {
    Known(usize),
    Other(String),
}

/// Where `value` is in a string enum's wire texts. Not generic over the
/// enum, so it is compiled once however many enums there are; the enum's
/// own code only indexes its `ALL` with the answer.
pub fn variant_index(wire: &[&'static str], value: &str) -> Option<usize> {
    wire.iter().position(|text| *text == value)
}

/// What `value` is among a string enum's wire texts: `None` for another
/// text read [`strictly`](crate::support::strictly).
pub fn variant_of(wire: &[&'static str], value: &str) -> Option<Variant> {
    match variant_index(wire, value) {
        Some(index) => Some(Variant::Known(index)),
        None if crate::support::is_strict() => None,
        None => Some(Variant::Other(value.to_owned())),
    }
}

/// Reads a string enum's value. Another text is kept, or, read strictly,
/// refused as serde's derive words it: "unknown variant `x`, expected one
/// of `a`, `b`". Generic over the deserializer only.
pub fn read_variant<'de, D: serde::Deserializer<'de>>(input: D, wire: &[&'static str]) -> Result<Variant, D::Error> {
    let value: Key<'de> = serde::Deserialize::deserialize(input)?;
    variant_of(wire, &value).ok_or_else(|| serde::de::Error::custom(unknown_variant(&value, wire)))
}

/// "unknown variant `x`, expected one of `a`, `b`".
fn unknown_variant(value: &str, wire: &[&'static str]) -> String {
    let names: Vec<String> = wire.iter().map(|text| format!("`{text}`")).collect();
    format!("unknown variant `{value}`, expected one of {}", names.join(", "))
}
