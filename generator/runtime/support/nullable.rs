//! Three-state fields: absent, `null`, or a value.

/// A field that may be absent, `null`, or a value, and serialises back to
/// exactly what it was read from, so a PATCH can clear a field (`null`)
/// without touching the fields it leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
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
