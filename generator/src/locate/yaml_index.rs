//! The line and column of many JSON pointers in block-style YAML, in one
//! pass over its lines: an indentation stack that knows mappings, sequences
//! and where each value starts, as the YAML parser marks it. What it does not
//! follow (anchors, tags, keys it cannot read, a flow collection over several
//! lines, a value left empty) it leaves out, and the caller asks the parser,
//! one pointer at a time; a flow collection on one line is parsed alone.
//! `locate::tests` compares it with the parser on every node of the specs.

use crate::json_pointer::push_pointer;
use std::collections::BTreeMap;

/// Where nodes start, by pointer, for the part of a YAML text the scan follows.
pub(super) struct YamlIndex<'t> {
    /// 1-based line and column of each node found.
    places: BTreeMap<String, (usize, usize)>,
    /// Flow collections (`{type: string}`) that open and close on one line:
    /// their text, line and column, to be parsed alone.
    flows: BTreeMap<String, (&'t str, usize, usize)>,
}

enum Frame {
    Map { indent: usize, pointer: String },
    Sequence { indent: usize, pointer: String, next: usize },
}

impl Frame {
    fn indent(&self) -> usize {
        match self {
            Frame::Map { indent, .. } | Frame::Sequence { indent, .. } => *indent,
        }
    }
}

/// One line being read: its text (without the line end) and 1-based number.
#[derive(Clone, Copy)]
struct Line<'t> {
    text: &'t str,
    number: usize,
}

impl Line<'_> {
    /// The 1-based column, in characters, where `part` (a slice of the line) starts.
    fn column(&self, part: &str) -> usize {
        let offset = part.as_ptr() as usize - self.text.as_ptr() as usize;
        self.text[..offset].chars().count() + 1
    }
}

/// The scan's state between lines.
struct Scan<'t> {
    index: YamlIndex<'t>,
    /// Open mappings and sequences, outermost first.
    stack: Vec<Frame>,
    /// A key or item whose value starts on a later line: (pointer, its indent).
    pending: Option<(String, usize)>,
    /// Lines deeper than this continue a scalar (or a block scalar, or a
    /// flow collection) that started above.
    skip_deeper_than: Option<usize>,
    /// A quoted scalar that goes on past its line: its quote.
    open_quote: Option<char>,
}

impl<'t> YamlIndex<'t> {
    pub(super) fn build(text: &'t str) -> Self {
        let mut scan = Scan {
            index: YamlIndex { places: BTreeMap::new(), flows: BTreeMap::new() },
            // The document's own mapping, at the left margin.
            stack: vec![Frame::Map { indent: 0, pointer: String::new() }],
            pending: None,
            skip_deeper_than: None,
            open_quote: None,
        };
        if !text.starts_with('\u{feff}') {
            for (number, raw) in text.split('\n').enumerate() {
                let line = Line { text: raw.strip_suffix('\r').unwrap_or(raw), number: number + 1 };
                if !scan.line(line) && !scan.skip_container(line) {
                    break;
                }
            }
        }
        scan.index
    }
}

impl<'t> Scan<'t> {
    /// After a line of a shape this scan does not follow: the container it is
    /// in is left to the parser (its lines skipped, its frames closed), and
    /// the scan goes on after it; `false` when that container is the document.
    fn skip_container(&mut self, line: Line<'t>) -> bool {
        let indent = line.text.len() - line.text.trim_start_matches(' ').len();
        if indent == 0 {
            return false;
        }
        self.stack.retain(|frame| frame.indent() < indent);
        self.pending = None;
        self.skip_deeper_than = Some(indent - 1);
        true
    }

    /// Reads one line; `false` when the scan cannot go on.
    fn line(&mut self, line: Line<'t>) -> bool {
        if let Some(quote) = self.open_quote {
            // Inside a quoted scalar, whatever the indent: skip to its end.
            if closing_quote(line.text, quote).is_some() {
                self.open_quote = None;
            }
            return true;
        }
        let content = line.text.trim_start_matches(' ');
        let indent = line.text.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            return true;
        }
        if let Some(limit) = self.skip_deeper_than {
            if indent > limit {
                return true;
            }
            self.skip_deeper_than = None;
        }
        if indent == 0 && (content.starts_with("---") || content.starts_with("...") || content.starts_with('%')) {
            // A directive or document start before the document; anything after it ends the scan.
            return self.index.places.is_empty() && !content.starts_with("...");
        }
        if content.starts_with('\t') {
            return false;
        }
        let is_item = content == "-" || content.starts_with("- ");
        while let Some(top) = self.stack.last() {
            let leave =
                top.indent() > indent || matches!(top, Frame::Sequence { indent: at, .. } if *at == indent && !is_item);
            if !leave {
                break;
            }
            self.stack.pop();
        }
        if let Some((pointer, parent)) = self.pending.take() {
            let opens = indent > parent || (indent == parent && is_item);
            if opens && !is_item && split_key(content).is_none() {
                // A scalar (or flow collection) on the lines below its key.
                self.value(pointer, line, content, parent);
                return true;
            }
            if opens {
                self.index.places.insert(pointer.clone(), (line.number, indent + 1));
                self.stack.push(if is_item {
                    Frame::Sequence { indent, pointer, next: 0 }
                } else {
                    Frame::Map { indent, pointer }
                });
            }
        }
        if is_item {
            self.item(line, content, indent)
        } else {
            self.entry(line, content, indent)
        }
    }

    /// `- value`, `- key: value` or `-` with the value below.
    fn item(&mut self, line: Line<'t>, content: &'t str, indent: usize) -> bool {
        let Some(Frame::Sequence { indent: at, pointer, next }) = self.stack.last_mut() else {
            return false;
        };
        if *at != indent {
            return false;
        }
        let item = format!("{pointer}/{next}");
        *next += 1;
        let rest = content[1..].trim_start_matches(' ');
        let rest_indent = indent + (content.len() - rest.len());
        if rest.is_empty() || rest.starts_with('#') {
            self.pending = Some((item, indent));
            return true;
        }
        if rest.starts_with("- ") || rest == "-" {
            // `- - x`: the item is a sequence whose first item is on this line.
            self.index.places.insert(item.clone(), (line.number, line.column(rest)));
            self.stack.push(Frame::Sequence { indent: rest_indent, pointer: item, next: 0 });
            return self.item(line, rest, rest_indent);
        }
        if split_key(rest).is_some() {
            self.index.places.insert(item.clone(), (line.number, line.column(rest)));
            self.stack.push(Frame::Map { indent: rest_indent, pointer: item });
            return self.entry(line, rest, rest_indent);
        }
        self.value(item, line, rest, indent);
        true
    }

    /// `key: value`, or `key:` with the value below.
    fn entry(&mut self, line: Line<'t>, content: &'t str, indent: usize) -> bool {
        let Some((key, value_offset)) = split_key(content) else {
            return false;
        };
        let pointer = match self.stack.last() {
            Some(Frame::Map { indent: at, pointer }) if *at == indent => push_pointer(pointer, &key),
            _ => return false,
        };
        let value = content[value_offset..].trim_start_matches(' ');
        if value.is_empty() || value.starts_with('#') {
            self.pending = Some((pointer, indent));
            return true;
        }
        self.value(pointer, line, value, indent);
        true
    }

    /// A value that starts at `value` (a part of `line`); the lines below
    /// it deeper than `owner` (its key's or dash's indent) continue it.
    fn value(&mut self, pointer: String, line: Line<'t>, value: &'t str, owner: usize) {
        self.skip_deeper_than = Some(owner);
        if value.starts_with(['&', '!', '*']) {
            // An anchor, tag or alias: the parser marks it otherwise.
            return;
        }
        if let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) {
            if closing_quote(&value[1..], quote).is_none() {
                self.open_quote = Some(quote);
            }
        }
        let place = (line.number, line.column(value));
        self.index.places.insert(pointer.clone(), place);
        if value.starts_with(['{', '[']) {
            self.index.flows.insert(pointer, (value, place.0, place.1));
        }
    }
}

impl YamlIndex<'_> {
    /// Where `pointer`'s node starts, if the scan (or a parse of the one-line
    /// flow collection around it) found it.
    pub(super) fn get(&self, pointer: &str) -> Option<(usize, usize)> {
        if let Some(place) = self.places.get(pointer) {
            return Some(*place);
        }
        let mut end = pointer.len();
        while let Some(cut) = pointer[..end].rfind('/') {
            end = cut;
            if let Some((flow, line, column)) = self.flows.get(&pointer[..end]) {
                let (inner_line, inner_column) = super::yaml::line_column(flow, &pointer[end..])?;
                return (inner_line == 1).then_some((*line, column + inner_column - 1));
            }
        }
        None
    }
}

/// Where a quoted scalar's closing quote is in `text` (which starts inside
/// it): `\"` escapes a double quote, `''` a single one.
fn closing_quote(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if chars.peek().is_some_and(|(_, next)| *next == '\'') => {
                chars.next();
            }
            (_, c) if c == quote => return Some(at),
            _ => {}
        }
    }
    None
}

/// `key: value` → the key's text and where the value part starts; `None`
/// for what is not a simple key (`? `, a key with escapes, a flow key).
fn split_key(content: &str) -> Option<(String, usize)> {
    let (key, after) = if let Some(rest) = content.strip_prefix('"') {
        let close = rest.find('"')?;
        if rest[..close].contains('\\') {
            return None;
        }
        (rest[..close].to_owned(), close + 2)
    } else if let Some(rest) = content.strip_prefix('\'') {
        let close = rest.find('\'')?;
        if rest[close + 1..].starts_with('\'') {
            return None;
        }
        (rest[..close].to_owned(), close + 2)
    } else {
        if content.starts_with(['?', '{', '[', '&', '!', '*', '|', '>', '@', '`', '%', '#']) {
            return None;
        }
        let colon = content.match_indices(':').find(|(at, _)| {
            let next = content[at + 1..].chars().next();
            next.is_none() || next == Some(' ')
        })?;
        let key = content[..colon.0].trim_end_matches(' ');
        if key.contains(" #") || key.is_empty() {
            return None;
        }
        (key.to_owned(), colon.0)
    };
    let rest = &content[after..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    let rest = &rest[spaces..];
    let colon = rest.strip_prefix(':')?;
    if !(colon.is_empty() || colon.starts_with(' ')) {
        return None;
    }
    Some((key, after + spaces + 1))
}
