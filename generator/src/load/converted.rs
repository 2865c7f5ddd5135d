//! What converting an OpenAPI 3.1 or Swagger 2.0 spec into the 3.0
//! document it means hands on.

use crate::locate::Origins;

/// What converting a spec to the 3.0 document it means found: warnings
/// (what has no 3.0 form) and where the parts it moved came from.
#[derive(Debug, Default)]
pub(crate) struct Converted {
    /// (pointer, message), at pointers of either document: [`Origins`] maps them.
    pub(crate) warnings: Vec<(String, String)>,
    pub(crate) origins: Origins,
}
