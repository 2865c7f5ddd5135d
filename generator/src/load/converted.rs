//! What converting an OpenAPI 3.1 or Swagger 2.0 spec into the 3.0
//! document it means hands on.

use crate::diagnostic::WarningKind;
use crate::locate::Origins;

/// What converting a spec to the 3.0 document it means found: warnings
/// (what has no 3.0 form) and where the parts it moved came from.
#[derive(Debug, Default)]
pub(crate) struct Converted {
    /// (kind, pointer, message), at pointers of either document: [`Origins`] maps them.
    pub(crate) warnings: Vec<(WarningKind, String, String)>,
    pub(crate) origins: Origins,
}
