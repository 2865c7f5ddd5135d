//! The line and column of many JSON pointers in JSON text, in one pass: a
//! scanner that tracks the pointer of the value it is at. Linear in the
//! text, whatever the number of pointers.

use std::collections::BTreeMap;
use std::ops::Bound;

/// `None` when the text is not JSON (YAML that is not JSON, or broken).
pub(super) fn line_columns(text: &str, pointers: &[&str]) -> Option<Vec<Option<(usize, usize)>>> {
    offsets(text, pointers).map(|offsets| to_line_columns(text, &offsets))
}

/// The byte offset where each pointer's value starts; `None` when the text
/// is not JSON. Containers off the way to every pointer are passed over.
pub(super) fn offsets(text: &str, pointers: &[&str]) -> Option<Vec<Option<usize>>> {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !start.starts_with(['{', '[']) {
        return None;
    }
    let mut wanted: BTreeMap<&str, Option<usize>> = pointers.iter().map(|p| (*p, None)).collect();
    let mut scanner = Scanner { text: text.as_bytes(), at: 0, pointer: String::new(), duplicate: None };
    scanner.value(&mut wanted, 0)?;
    Some(pointers.iter().map(|pointer| wanted[pointer]).collect())
}

/// Byte offsets to 1-based lines and columns (in characters), in one pass:
/// the characters of a line are counted on from the last offset on it, so
/// a spec written on one line (Microsoft Graph's 47 MB) is not counted
/// from its start for each offset.
pub(super) fn to_line_columns(text: &str, offsets: &[Option<usize>]) -> Vec<Option<(usize, usize)>> {
    let mut order: Vec<(usize, usize)> =
        offsets.iter().enumerate().filter_map(|(index, offset)| offset.map(|offset| (offset, index))).collect();
    order.sort_unstable();
    let mut found = vec![None; offsets.len()];
    let (mut line, mut line_start, mut scanned) = (1, 0, 0);
    // The characters of the line before `counted`.
    let (mut counted, mut chars) = (0, 0);
    for (offset, index) in order {
        for newline in memchr_all(b'\n', &text.as_bytes()[scanned..offset]) {
            line += 1;
            line_start = scanned + newline + 1;
        }
        scanned = offset;
        if counted < line_start {
            (counted, chars) = (line_start, 0);
        }
        chars += text[counted..offset].chars().count();
        counted = offset;
        found[index] = Some((line, chars + 1));
    }
    found
}

fn memchr_all(byte: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    haystack.iter().enumerate().filter(move |(_, b)| **b == byte).map(|(index, _)| index)
}

/// Walks JSON bytes keeping the pointer of the value it is at. Strings are
/// skipped to their closing quote in one search; only keys are decoded,
/// and only when they hold an escape.
struct Scanner<'a> {
    text: &'a [u8],
    at: usize,
    /// The pointer of the value being scanned.
    pointer: String,
    /// When looking for a key given twice: the first found, if any.
    duplicate: Option<Option<Duplicate>>,
}

/// A key given twice in one object.
pub(crate) struct Duplicate {
    /// The object's pointer.
    pub(crate) object: String,
    pub(crate) key: String,
    pub(crate) first: (usize, usize),
    pub(crate) second: (usize, usize),
}

/// The first key that some object of `text` gives twice (JSON only).
pub(super) fn first_duplicate_key(text: &str) -> Option<Duplicate> {
    let mut scanner = Scanner { text: text.as_bytes(), at: 0, pointer: String::new(), duplicate: Some(None) };
    // A scan that stops at the duplicate fails on purpose; what it found is kept.
    let _ = scanner.value(&mut BTreeMap::new(), 0);
    let mut found = scanner.duplicate.flatten()?;
    let places = to_line_columns(text, &[Some(found.first.0), Some(found.second.0)]);
    found.first = places[0]?;
    found.second = places[1]?;
    Some(found)
}

/// Deeper than any parser that read the document first allows.
const MAX_DEPTH: usize = 1024;

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn skip_whitespace(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.at += 1,
                // A byte order mark, U+FEFF.
                Some(0xef) if self.text[self.at..].starts_with("\u{feff}".as_bytes()) => self.at += 3,
                _ => break,
            }
        }
    }

    fn expect(&mut self, wanted: u8) -> Option<()> {
        self.skip_whitespace();
        (self.next()? == wanted).then_some(())
    }

    fn value(&mut self, wanted: &mut BTreeMap<&str, Option<usize>>, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_whitespace();
        if let Some(slot) = wanted.get_mut(self.pointer.as_str()) {
            *slot = Some(self.at);
        }
        let opens = matches!(self.peek()?, b'{' | b'[');
        if opens && self.duplicate.is_none() && !self.wanted_below(wanted) {
            return self.skip_container();
        }
        match self.peek()? {
            b'{' => {
                self.at += 1;
                self.skip_whitespace();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Some(());
                }
                // Only when looking for a key given twice: each key and where.
                let mut keys: BTreeMap<String, usize> = BTreeMap::new();
                loop {
                    self.expect(b'"')?;
                    let key_at = self.at - 1;
                    let length = self.pointer.len();
                    let text = self.text;
                    let raw = &text[self.string()?];
                    let key = if raw.contains(&b'\\') {
                        std::borrow::Cow::Owned(unescape(raw)?)
                    } else {
                        std::borrow::Cow::Borrowed(std::str::from_utf8(raw).ok()?)
                    };
                    crate::json_pointer::push_segment(&mut self.pointer, &key);
                    if let Some(duplicate) = &mut self.duplicate {
                        if let Some(first) = keys.insert(key.clone().into_owned(), key_at) {
                            *duplicate = Some(Duplicate {
                                object: self.pointer[..length].to_owned(),
                                key: key.into_owned(),
                                first: (first, 0),
                                second: (key_at, 0),
                            });
                            return None;
                        }
                    }
                    self.expect(b':')?;
                    self.value(wanted, depth + 1)?;
                    self.pointer.truncate(length);
                    self.skip_whitespace();
                    match self.next()? {
                        b',' => continue,
                        b'}' => return Some(()),
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.at += 1;
                self.skip_whitespace();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Some(());
                }
                let mut index = 0usize;
                loop {
                    let length = self.pointer.len();
                    self.pointer.push('/');
                    self.pointer.push_str(&index.to_string());
                    self.value(wanted, depth + 1)?;
                    self.pointer.truncate(length);
                    index += 1;
                    self.skip_whitespace();
                    match self.next()? {
                        b',' => continue,
                        b']' => return Some(()),
                        _ => return None,
                    }
                }
            }
            b'"' => {
                self.at += 1;
                self.string().map(drop)
            }
            _ => {
                // A number, `true`, `false` or `null`: up to the next delimiter.
                while let Some(byte) = self.peek() {
                    if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                        break;
                    }
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    /// Whether a wanted pointer lies inside the value at `pointer`: those
    /// start with `pointer/` and so sort together from there.
    fn wanted_below(&mut self, wanted: &BTreeMap<&str, Option<usize>>) -> bool {
        self.pointer.push('/');
        let prefix = self.pointer.as_str();
        let below = wanted.range::<str, _>((Bound::Included(prefix), Bound::Unbounded)).next();
        let found = below.is_some_and(|(pointer, _)| pointer.starts_with(prefix));
        self.pointer.pop();
        found
    }

    /// Passes over an object or array nothing is wanted in: only brackets
    /// and strings are looked at, no pointer is built.
    fn skip_container(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            let offset =
                self.text.get(self.at..)?.iter().position(|b| matches!(b, b'{' | b'[' | b'}' | b']' | b'"'))?;
            self.at += offset + 1;
            match self.text[self.at - 1] {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => depth += 1,
                _ => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
            }
        }
    }

    /// Where the rest of a string whose opening quote was read lies, as
    /// written (escapes and all); the closing quote is passed.
    fn string(&mut self) -> Option<std::ops::Range<usize>> {
        let start = self.at;
        loop {
            let offset = self.text.get(self.at..)?.iter().position(|b| matches!(b, b'"' | b'\\'))?;
            self.at += offset;
            if self.text[self.at] == b'"' {
                self.at += 1;
                return Some(start..self.at - 1);
            }
            // A backslash and the character it escapes.
            self.at += 2;
        }
    }
}

/// A string's text with its escapes decoded (`\n`, `\u00e9`, surrogate pairs).
fn unescape(raw: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(raw).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    let hex4 = |chars: &mut std::str::Chars| -> Option<u32> {
        let mut value = 0;
        for _ in 0..4 {
            value = value * 16 + chars.next()?.to_digit(16)?;
        }
        Some(value)
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' => {
                let unit = hex4(&mut chars)?;
                if (0xd800..0xdc00).contains(&unit) {
                    // A surrogate pair: `\ud83d\udc4d`.
                    (chars.next()? == '\\' && chars.next()? == 'u').then_some(())?;
                    let low = hex4(&mut chars)?;
                    let code = 0x10000 + ((unit - 0xd800) << 10) + (low.checked_sub(0xdc00)?);
                    out.push(char::from_u32(code)?);
                } else {
                    out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::line_columns;

    #[test]
    fn finds_every_pointer_in_one_pass_as_the_yaml_parser_does() {
        let text = "{\n  \"a\": {\"b/c\": [1, {\"d\": true}]},\n  \"e\\u00e9\": \"x\",\n  \"~\": null\n}\n";
        let pointers = ["", "/a", "/a/b~1c", "/a/b~1c/1/d", "/eé", "/~0", "/missing"];
        let found = line_columns(text, &pointers).unwrap();
        let by_yaml: Vec<_> = pointers.iter().map(|p| super::super::yaml::line_column(text, p)).collect();
        assert_eq!(found, by_yaml);
        assert_eq!(found[3], Some((2, 26)));
        assert_eq!(found[6], None);
    }

    #[test]
    fn columns_on_one_long_line_are_counted_on_from_the_last() {
        // Several pointers on one line with characters wider than a byte
        // between them, then a second line.
        let text = "{\"é\": {\"ü\": 1, \"ß\": [1, {\"x\": \"ñ中\"}]}, \"y\": \"日本\",\n\"z\": {\"w\": 3}}";
        let pointers = ["/y", "/é/ß/1/x", "/é", "/z/w", "/é/ü", "/z"];
        let found = line_columns(text, &pointers).unwrap();
        let by_yaml: Vec<_> = pointers.iter().map(|p| super::super::yaml::line_column(text, p)).collect();
        assert_eq!(found, by_yaml);
        assert_eq!(found[0], Some((1, 45)));
        assert_eq!(found[3], Some((2, 12)));
    }

    #[test]
    fn skipped_containers_are_passed_over_whole() {
        // Nothing is wanted inside `/a` or `/c`: they are skipped, strings
        // with brackets and escaped quotes included, and `/d` is still found.
        let text = "{\"a\": {\"x\": [\"}]\\\"{\", {}]}, \"a!\": 1, \"c\": [[1], {\"y\": \"]\"}],\n \"d\": {\"e\": 2}}";
        let pointers = ["/a", "/a!", "/d/e"];
        let found = line_columns(text, &pointers).unwrap();
        let by_yaml: Vec<_> = pointers.iter().map(|p| super::super::yaml::line_column(text, p)).collect();
        assert_eq!(found, by_yaml);
        assert_eq!(found[2], Some((2, 13)));
        // A skipped container that never closes is broken text.
        assert_eq!(line_columns("{\"a\": [1, [2], \"d\": 1", &["/d"]), None);
    }

    #[test]
    fn broken_text_is_no_match_not_a_panic() {
        for text in ["{\"a\": \"x\\", "{\"a\\", "[\"\\u12", "{\"a\": [1, 2"] {
            assert_eq!(line_columns(text, &["/a"]), None, "{text}");
        }
    }

    #[test]
    fn yaml_is_not_scanned_as_json() {
        assert_eq!(line_columns("a: 1\n", &["/a"]), None);
        assert_eq!(line_columns("{a: 1}\n", &["/a"]), None);
    }
}
