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

/// What a warning is about. `--allow NAME` and `warnings: {allow: [NAME]}`
/// in the spec directory's `generator.yaml` silence a kind by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    LooseType,
    Redefined,
    Unchecked,
    Default,
    MediaType,
    RawText,
    LeftOut,
    Derive,
    Conversion,
    SpecMistake,
    Example,
    UndocumentedStatus,
    UnreadMedia,
}

/// Who a warning matters to: everyone who uses the types, or only the
/// users of the generated server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Concern {
    Types,
    Server,
}

impl WarningKind {
    /// Every kind, in the order of `Ord` and of a summary: what the types
    /// lose first, the spec's own mistakes next, the server's answers last.
    pub const ALL: [WarningKind; 13] = [
        WarningKind::LooseType,
        WarningKind::Redefined,
        WarningKind::Unchecked,
        WarningKind::Default,
        WarningKind::MediaType,
        WarningKind::RawText,
        WarningKind::LeftOut,
        WarningKind::Derive,
        WarningKind::Conversion,
        WarningKind::SpecMistake,
        WarningKind::Example,
        WarningKind::UndocumentedStatus,
        WarningKind::UnreadMedia,
    ];

    /// The name `--allow` takes.
    pub fn name(self) -> &'static str {
        match self {
            WarningKind::LooseType => "loose-type",
            WarningKind::Redefined => "redefined",
            WarningKind::Unchecked => "unchecked",
            WarningKind::Default => "default",
            WarningKind::MediaType => "media-type",
            WarningKind::RawText => "raw-text",
            WarningKind::LeftOut => "left-out",
            WarningKind::SpecMistake => "spec-mistake",
            WarningKind::Example => "example",
            WarningKind::Conversion => "conversion",
            WarningKind::Derive => "derive",
            WarningKind::UndocumentedStatus => "undocumented-status",
            WarningKind::UnreadMedia => "unread-media",
        }
    }

    /// What the warnings of this kind say, in a line.
    pub fn about(self) -> &'static str {
        match self {
            WarningKind::LooseType => "a schema with no exact Rust type got a looser one",
            WarningKind::Redefined => "a property the members of an `allOf` define differently: one definition is used",
            WarningKind::Unchecked => "a constraint the generated code does not check",
            WarningKind::Default => "a default that is not applied",
            WarningKind::MediaType => "a body read or written in another form than its media type",
            WarningKind::RawText => "a parameter, header or credential passed as its raw text",
            WarningKind::LeftOut => "a part of the spec that is not generated",
            WarningKind::SpecMistake => "a value that contradicts its own schema, left out",
            WarningKind::Example => "an example that does not fit its schema",
            WarningKind::Conversion => "an OpenAPI 3.1 or Swagger 2.0 construct read as the nearest OpenAPI 3.0 one",
            WarningKind::Derive => "an `x-rust-derive` trait that cannot hold",
            WarningKind::UndocumentedStatus => {
                "a status the generated server answers on its own that the operation does not document"
            }
            WarningKind::UnreadMedia => "a request media type the generated server does not read",
        }
    }

    pub fn concern(self) -> Concern {
        match self {
            WarningKind::UndocumentedStatus | WarningKind::UnreadMedia => Concern::Server,
            _ => Concern::Types,
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for WarningKind {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        WarningKind::ALL.into_iter().find(|kind| kind.name() == name).ok_or_else(|| {
            let names: Vec<&str> = WarningKind::ALL.iter().map(|kind| kind.name()).collect();
            format!("unknown kind of warning {name:?}; the kinds are {}", names.join(", "))
        })
    }
}

/// One finding in one spec, located by JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What a warning is about; `None` for an error.
    pub kind: Option<WarningKind>,
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
            kind: None,
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
        self.push(Severity::Error, None, pointer.into(), message.into());
    }

    /// A valid construct with no exact Rust type: say what the looser type loses.
    pub(crate) fn warning(&mut self, kind: WarningKind, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, Some(kind), pointer.into(), message.into());
    }

    fn push(&mut self, severity: Severity, kind: Option<WarningKind>, pointer: String, message: String) {
        let file = self.file.clone();
        self.found.push(Diagnostic { severity, kind, file, pointer, line_column: None, message });
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
