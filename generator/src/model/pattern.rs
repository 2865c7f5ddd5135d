//! A string `pattern` as the model holds it: the regex, and the scans that
//! decide an ASCII text without running it.

/// A string `pattern`: the spec's text, for messages, and the `regex`
/// crate's reading of it, which checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    pub(crate) source: String,
    pub(crate) regex: String,
    /// One class over the whole text: scanned where the text is ASCII.
    pub(crate) run: Option<ClassRun>,
    /// Else, a small automaton that reads an ASCII text in one pass.
    pub(crate) automaton: Option<Box<Automaton>>,
}

/// A regex that is one class repeated over the whole text, `^[\w.@+-]+$`
/// or `^[A-Z]{2}$`: which ASCII characters the class holds (bit `c` of
/// `ascii`), and how many characters the text has at least and at most.
/// Such a pattern is checked by a scan where the text is ASCII; the regex
/// decides the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClassRun {
    pub(crate) ascii: u128,
    pub(crate) min: u32,
    pub(crate) max: Option<u32>,
}

/// A pattern of anchored alternatives, each a sequence of classes and
/// literals repeated `?`, `*`, `+` or a few times (`^$|^[^@\s]+@[^@\s]+\.[^@\s]+$`),
/// as a deterministic automaton over ASCII text: one table look-up per
/// character. State 0 refuses for good, state 1 is the start; a text
/// with a character beyond ASCII goes to the regex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Automaton {
    /// The column of each ASCII character in a state's row.
    pub(crate) columns: [u8; 128],
    /// How many columns a row has.
    pub(crate) width: u8,
    /// The next state, a row per state and a column per class of characters.
    pub(crate) table: Vec<u8>,
    /// Bit `s`: whether the text may end in state `s`.
    pub(crate) accepting: u64,
}
