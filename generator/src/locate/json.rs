//! The line and column of many JSON pointers in JSON text, in one pass: a
//! scanner that tracks the pointer of the value it is at. Linear in the
//! text, whatever the number of pointers.

use std::collections::BTreeMap;

/// `None` when the text is not JSON (YAML that is not JSON, or broken).
pub(super) fn line_columns(text: &str, pointers: &[&str]) -> Option<Vec<Option<(usize, usize)>>> {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !start.starts_with(['{', '[']) {
        return None;
    }
    let mut wanted: BTreeMap<&str, Option<(usize, usize)>> = pointers.iter().map(|p| (*p, None)).collect();
    let mut scanner = Scanner { chars: text.chars().peekable(), line: 1, column: 1, pointer: String::new() };
    scanner.value(&mut wanted, 0)?;
    Some(pointers.iter().map(|pointer| wanted[pointer]).collect())
}

struct Scanner<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
    column: usize,
    /// The pointer of the value being scanned.
    pointer: String,
}

/// Deeper than any parser that read the document first allows.
const MAX_DEPTH: usize = 1024;

impl Scanner<'_> {
    fn next(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_whitespace(&mut self) {
        while let Some(c) = self.chars.peek() {
            if !matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{feff}') {
                break;
            }
            self.next();
        }
    }

    fn expect(&mut self, wanted: char) -> Option<()> {
        self.skip_whitespace();
        (self.next()? == wanted).then_some(())
    }

    fn value(&mut self, wanted: &mut BTreeMap<&str, Option<(usize, usize)>>, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_whitespace();
        if let Some(slot) = wanted.get_mut(self.pointer.as_str()) {
            *slot = Some((self.line, self.column));
        }
        match *self.chars.peek()? {
            '{' => {
                self.next();
                self.skip_whitespace();
                if self.chars.peek() == Some(&'}') {
                    self.next();
                    return Some(());
                }
                loop {
                    self.expect('"')?;
                    let key = self.string()?;
                    self.expect(':')?;
                    let length = self.pointer.len();
                    self.pointer.push('/');
                    self.pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    self.value(wanted, depth + 1)?;
                    self.pointer.truncate(length);
                    self.skip_whitespace();
                    match self.next()? {
                        ',' => continue,
                        '}' => return Some(()),
                        _ => return None,
                    }
                }
            }
            '[' => {
                self.next();
                self.skip_whitespace();
                if self.chars.peek() == Some(&']') {
                    self.next();
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
                        ',' => continue,
                        ']' => return Some(()),
                        _ => return None,
                    }
                }
            }
            '"' => {
                self.next();
                self.string().map(drop)
            }
            _ => {
                // A number, `true`, `false` or `null`: up to the next delimiter.
                while let Some(c) = self.chars.peek() {
                    if matches!(c, ',' | '}' | ']' | ' ' | '\t' | '\r' | '\n') {
                        break;
                    }
                    self.next();
                }
                Some(())
            }
        }
    }

    /// The rest of a string whose opening quote was read, unescaped.
    fn string(&mut self) -> Option<String> {
        let mut text = String::new();
        loop {
            match self.next()? {
                '"' => return Some(text),
                '\\' => match self.next()? {
                    'n' => text.push('\n'),
                    't' => text.push('\t'),
                    'r' => text.push('\r'),
                    'b' => text.push('\u{8}'),
                    'f' => text.push('\u{c}'),
                    'u' => {
                        let unit = self.hex4()?;
                        if (0xd800..0xdc00).contains(&unit) {
                            // A surrogate pair: `\ud83d\udc4d`.
                            (self.next()? == '\\' && self.next()? == 'u').then_some(())?;
                            let low = self.hex4()?;
                            let code = 0x10000 + ((unit - 0xd800) << 10) + (low.checked_sub(0xdc00)?);
                            text.push(char::from_u32(code)?);
                        } else {
                            text.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                        }
                    }
                    other => text.push(other),
                },
                c => text.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut value = 0;
        for _ in 0..4 {
            value = value * 16 + self.next()?.to_digit(16)?;
        }
        Some(value)
    }
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
    fn yaml_is_not_scanned_as_json() {
        assert_eq!(line_columns("a: 1\n", &["/a"]), None);
        assert_eq!(line_columns("{a: 1}\n", &["/a"]), None);
    }
}
