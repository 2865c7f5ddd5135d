//! Validation of the raw document, before lowering: the things `openapiv3`
//! accepts silently (`type: strng`, dangling `$ref`s, undeclared path
//! parameters, duplicate operationIds, bad regexes) are errors. Sloppiness
//! that validators let through (an enum value or default of the wrong type,
//! a pattern only JavaScript can run) is a warning, and the value is to be
//! left out of the document lowering reads: the checks hand `repair` a
//! [`Repairs`] list, and change nothing themselves.

mod paths;
mod refs;
mod repairs;
mod schema;

pub(crate) use repairs::{Repairs, OBJECT_KEYWORDS};

use crate::diagnostic::Diagnostics;
use serde_json::Value;

/// Runs every check on the spec's JSON tree; findings go to `diagnostics`,
/// values to leave out of the document to the returned list. Nothing reads
/// the tree after the checks: freeing it (GitHub's is a tenth of a run's
/// instructions) is left to a thread of its own, while the caller goes on
/// (should the system refuse a thread, it is freed here).
pub(crate) fn check(raw: Value, diagnostics: &mut Diagnostics) -> Repairs {
    let mut repairs = Repairs::default();
    refs::check_refs(&raw, diagnostics, &mut repairs);
    paths::check_paths(&raw, diagnostics, &mut repairs);
    schema::check_schemas(&raw, diagnostics, &mut repairs);
    let _ = std::thread::Builder::new().spawn(move || drop(raw));
    repairs
}
