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
