//! I/O errors that name their file.

use std::io;
use std::path::Path;

/// `error`, saying which file it is about.
pub(super) fn with_path(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}
