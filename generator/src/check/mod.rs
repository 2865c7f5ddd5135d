//! Validation of the raw document, before lowering: the things `openapiv3`
//! accepts silently (`type: strng`, dangling `$ref`s, undeclared path
//! parameters, duplicate operationIds, bad regexes, defaults of the wrong type).

mod paths;
mod refs;
mod schema;

use crate::diagnostic::Diagnostics;
use serde_json::Value;

/// Runs every check; all errors go to `diagnostics`.
pub(crate) fn check(raw: &Value, diagnostics: &mut Diagnostics) {
    refs::check_refs(raw, diagnostics);
    paths::check_paths(raw, diagnostics);
    schema::check_schemas(raw, diagnostics);
}

/// Follows a local `$ref` (`#/components/schemas/User`) in the raw document.
pub(crate) fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    root.pointer(reference.strip_prefix('#')?)
}
