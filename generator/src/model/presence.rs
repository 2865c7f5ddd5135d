//! How a field is present on the wire: a leaf, named by the model's types
//! and by its paging.

use serde_json::Value;

/// How a field is present on the wire; decides its Rust type and serde attributes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Presence {
    /// Must be present, never null: `T`.
    Required,
    /// Must be present, may be null: `Option<T>`, always serialised.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, omitted when `None`.
    Optional,
    /// Absent, null or a value: `Nullable<T>`, three states that round-trip.
    OptionalNullable,
    /// Takes the spec's default when absent: `T`, always written. A
    /// `required` one must still be present where the reading is strict (a
    /// server's request); a client fills in the default an answer lacks.
    Defaulted { default: Value, required: bool },
}

impl Presence {
    /// Whether the key must be in the object (a server refuses it absent).
    pub(crate) fn is_required(&self) -> bool {
        matches!(self, Self::Required | Self::RequiredNullable | Self::Defaulted { required: true, .. })
    }
}
