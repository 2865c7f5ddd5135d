//! What a spec gets wrong (errors: nothing is generated) or what its Rust
//! types lose (warnings: a looser type was generated): where (file, JSON
//! pointer, line:column) and what.

use std::fmt;
use std::path::{Path, PathBuf};

/// Whether generation can go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec is broken; nothing is written.
    Error,
    /// The spec is valid but some of it has no exact Rust type: a looser,
    /// faithful one was generated, and the message says what was lost.
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding in one spec, located by JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub severity: Severity,
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

impl Diagnostic {
    /// An error about the file as a whole (or a directory).
    pub(crate) fn file_error(file: &Path, line_column: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_path_buf(),
            pointer: String::new(),
            line_column,
            message: message.into(),
        }
    }
}

/// Findings collected during one phase; a phase reports all of them at once.
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
        self.push(Severity::Error, pointer.into(), message.into());
    }

    /// A valid construct with no exact Rust type: say what the looser type loses.
    pub(crate) fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, pointer.into(), message.into());
    }

    fn push(&mut self, severity: Severity, pointer: String, message: String) {
        self.found.push(Diagnostic { severity, file: self.file.clone(), pointer, line_column: None, message });
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.found.iter().any(|d| d.severity == Severity::Error)
    }

    /// Ends the phase, with pointers of a converted document taken back to
    /// the spec's (`origins`) and line:column looked up in `text`: the
    /// warnings when there is no error, else everything found, errors first.
    pub(crate) fn finish(
        self,
        text: &str,
        origins: &crate::locate::Origins,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let failed = self.has_errors();
        let mut found = self.found;
        if found.is_empty() {
            return Ok(found);
        }
        for diagnostic in &mut found {
            if let std::borrow::Cow::Owned(original) = origins.original(&diagnostic.pointer) {
                diagnostic.pointer = original;
            }
        }
        let pointers: Vec<&str> = found.iter().map(|d| d.pointer.as_str()).collect();
        let located = crate::locate::line_columns_or_enclosing(text, &pointers);
        for (diagnostic, line_column) in found.iter_mut().zip(located) {
            diagnostic.line_column = line_column;
        }
        found.sort_by(|a, b| {
            (a.severity, a.line_column, &a.pointer, &a.message).cmp(&(
                b.severity,
                b.line_column,
                &b.pointer,
                &b.message,
            ))
        });
        found.dedup();
        if failed {
            Err(found)
        } else {
            Ok(found)
        }
    }
}
