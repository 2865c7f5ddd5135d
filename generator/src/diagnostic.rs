//! Errors found in a spec: where (file, JSON pointer, line:column) and what.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one spec, located by JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// RFC 6901 pointer into the document, `""` for the whole document.
    pub pointer: String,
    /// 1-based line and column of the node the pointer names, when known.
    pub line_column: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        let pointer = if self.pointer.is_empty() { "(document)" } else { &self.pointer };
        write!(f, ": at #{pointer}: {}", self.message)
    }
}

/// Problems collected during one phase; a phase reports all of them at once.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    file: PathBuf,
    found: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn new(file: &Path) -> Self {
        Self { file: file.to_path_buf(), found: Vec::new() }
    }

    pub(crate) fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.found.push(Diagnostic {
            file: self.file.clone(),
            pointer: pointer.into(),
            line_column: None,
            message: message.into(),
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// Ends the phase: the errors, with line:column looked up in `text`, or `Ok(())`.
    pub(crate) fn finish(self, text: &str) -> Result<(), Vec<Diagnostic>> {
        if self.found.is_empty() {
            return Ok(());
        }
        let mut found = self.found;
        for diagnostic in &mut found {
            diagnostic.line_column = crate::locate::line_column(text, &diagnostic.pointer);
        }
        found.sort_by(|a, b| (a.line_column, &a.pointer, &a.message).cmp(&(b.line_column, &b.pointer, &b.message)));
        found.dedup();
        Err(found)
    }
}

/// Appends one segment to a JSON pointer, escaping `~` and `/`.
pub(crate) fn push_pointer(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", segment.replace('~', "~0").replace('/', "~1"))
}
