//! The line and column of many JSON pointers in block-style YAML, in one
//! pass over its lines: an indentation stack that knows mappings, sequences
//! and where each value starts, as the YAML parser marks it. What it does not
//! follow (anchors, tags, keys it cannot read, a flow collection over several
//! lines, a value left empty) it leaves out, and the caller asks the parser,
//! one pointer at a time; a flow collection on one line is parsed alone.
//! `locate::tests` compares it with the parser on every node of the specs.

use crate::diagnostic::push_pointer;
use std::collections::BTreeMap;

/// Where nodes start, by pointer, for the part of a YAML text the scan follows.
pub(super) struct YamlIndex<'t> {
    /// 1-based line and column of each node found.
    places: BTreeMap<String, (usize, usize)>,
    /// Flow collections (`{type: string}`) that open and close on one line:
    /// their text, line and column, to be parsed alone.
    flows: BTreeMap<String, (&'t str, usize, usize)>,
    /// A quoted scalar that goes on past its line: its quote.
    open_quote: Option<char>,
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

impl<'t> YamlIndex<'t> {
    pub(super) fn build(text: &'t str) -> Self {
        let mut index = YamlIndex { places: BTreeMap::new(), flows: BTreeMap::new(), open_quote: None };
        if text.starts_with('\u{feff}') {
            return index;
        }
        // The document's own mapping, at the left margin.
        let mut stack: Vec<Frame> = vec![Frame::Map { indent: 0, pointer: String::new() }];
        // A key or item whose value starts on a later line: (pointer, its indent).
        let mut pending: Option<(String, usize)> = None;
        // Lines deeper than this continue a scalar (or a block scalar, or a
        // flow collection) that started above.
        let mut skip_deeper_than: Option<usize> = None;
        for (number, raw) in text.split('\n').enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if let Some(quote) = index.open_quote {
                // Inside a quoted scalar, whatever the indent: skip to its end.
                if closing_quote(line, quote).is_some() {
                    index.open_quote = None;
                }
                continue;
            }
            let content = line.trim_start_matches(' ');
            let indent = line.len() - content.len();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if let Some(limit) = skip_deeper_than {
                if indent > limit {
                    continue;
                }
                skip_deeper_than = None;
            }
            if indent == 0 && (content.starts_with("---") || content.starts_with("...") || content.starts_with('%')) {
                if index.places.is_empty() && !content.starts_with("...") {
                    continue;
                }
                break;
            }
            if content.starts_with('\t') {
                break;
            }
            let is_item = content == "-" || content.starts_with("- ");
            while let Some(top) = stack.last() {
                let leave = top.indent() > indent
                    || matches!(top, Frame::Sequence { indent: at, .. } if *at == indent && !is_item);
                if !leave {
                    break;
                }
                stack.pop();
            }
            let line_number = number + 1;
            if let Some((pointer, parent)) = pending.take() {
                let opens = indent > parent || (indent == parent && is_item);
                if opens && !is_item && split_key(content).is_none() {
                    // A scalar (or flow collection) on the lines below its key.
                    index.value(pointer, line, content, line_number, &mut skip_deeper_than, parent);
                    continue;
                }
                if opens {
                    index.places.insert(pointer.clone(), (line_number, indent + 1));
                    stack.push(if is_item {
                        Frame::Sequence { indent, pointer, next: 0 }
                    } else {
                        Frame::Map { indent, pointer }
                    });
                }
            }
            let ok = if is_item {
                index.item(&mut stack, &mut pending, &mut skip_deeper_than, line, content, indent, line_number)
            } else {
                index.entry(&mut stack, &mut pending, &mut skip_deeper_than, line, content, indent, line_number)
            };
            if !ok {
                // A shape this scan does not follow: what it found so far holds.
                break;
            }
        }
        index
    }

    #[allow(clippy::too_many_arguments)]
    fn item(
        &mut self,
        stack: &mut Vec<Frame>,
        pending: &mut Option<(String, usize)>,
        skip: &mut Option<usize>,
        line: &'t str,
        content: &'t str,
        indent: usize,
        line_number: usize,
    ) -> bool {
        let Some(Frame::Sequence { indent: at, pointer, next }) = stack.last_mut() else {
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
            *pending = Some((item, indent));
            return true;
        }
        if rest.starts_with("- ") || rest == "-" {
            return false;
        }
        if split_key(rest).is_some() {
            self.places.insert(item.clone(), (line_number, column(line, rest)));
            stack.push(Frame::Map { indent: rest_indent, pointer: item });
            return self.entry(stack, pending, skip, line, rest, rest_indent, line_number);
        }
        self.value(item, line, rest, line_number, skip, indent);
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn entry(
        &mut self,
        stack: &mut [Frame],
        pending: &mut Option<(String, usize)>,
        skip: &mut Option<usize>,
        line: &'t str,
        content: &'t str,
        indent: usize,
        line_number: usize,
    ) -> bool {
        let Some((key, value_offset)) = split_key(content) else {
            return false;
        };
        let pointer = match stack.last() {
            Some(Frame::Map { indent: at, pointer }) if *at == indent => push_pointer(pointer, &key),
            _ => return false,
        };
        let value = content[value_offset..].trim_start_matches(' ');
        if value.is_empty() || value.starts_with('#') {
            *pending = Some((pointer, indent));
            return true;
        }
        self.value(pointer, line, value, line_number, skip, indent);
        true
    }

    /// A value that starts at `value` (a part of `line`); the lines below
    /// it deeper than `owner` (its key's or dash's indent) continue it.
    fn value(
        &mut self,
        pointer: String,
        line: &'t str,
        value: &'t str,
        line_number: usize,
        skip: &mut Option<usize>,
        owner: usize,
    ) {
        *skip = Some(owner);
        if value.starts_with(['&', '!', '*']) {
            // An anchor, tag or alias: the parser marks it otherwise.
            return;
        }
        if let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) {
            if closing_quote(&value[1..], quote).is_none() {
                self.open_quote = Some(quote);
            }
        }
        let place = (line_number, column(line, value));
        self.places.insert(pointer.clone(), place);
        if value.starts_with(['{', '[']) {
            self.flows.insert(pointer, (value, place.0, place.1));
        }
    }

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

/// The 1-based column, in characters, where `part` (a slice of `line`) starts.
fn column(line: &str, part: &str) -> usize {
    let offset = part.as_ptr() as usize - line.as_ptr() as usize;
    line[..offset].chars().count() + 1
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
