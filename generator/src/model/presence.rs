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
    /// May be absent; then takes the spec's default: `T`.
    Defaulted(Value),
}
