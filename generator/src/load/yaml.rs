//! YAML read into the parser's own tree, with what its tree refuses kept:
//! an integer beyond 64 bits (`maximum: 18446744073709552000`, as real
//! specs write `u64::MAX` rounded) becomes the nearest float, as the JSON
//! reader makes it. And nesting is measured before the parser runs: its
//! depth limit (128) fails only after time quadratic in the depth.

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};
use std::fmt;

/// The parser's nesting limit, which `flow_depth` checks first.
pub(crate) const MAX_DEPTH: usize = 128;

/// What a document nested past the limit is told.
pub(crate) fn too_deep_message() -> String {
    format!("nested deeper than {MAX_DEPTH} levels (the parser's limit)")
}

/// The YAML document of `text` as a tree.
pub(crate) fn parse(text: &str) -> Result<Value, serde_yaml::Error> {
    Tree::deserialize(serde_yaml::Deserializer::from_str(text)).map(|tree| tree.0)
}

/// A tree as `serde_yaml::Value` reads it, but for integers beyond 64 bits.
struct Tree(Value);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(value as f64)))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(value as f64)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Tree::deserialize(deserializer).map(|tree| tree.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut sequence = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(Tree(item)) = items.next_element()? {
            sequence.push(item);
        }
        Ok(Value::Sequence(sequence))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(Tree(key)) = entries.next_key()? {
            if mapping.contains_key(&key) {
                return Err(de::Error::custom(duplicate(&key)));
            }
            let Tree(value) = entries.next_value()?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents) = data.variant::<String>()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let Tree(value) = contents.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value })))
    }
}

/// The parser's own words for a key given twice.
fn duplicate(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".to_owned(),
        Value::Bool(boolean) => format!("duplicate entry with key `{boolean}`"),
        Value::Number(number) => format!("duplicate entry with key {number}"),
        Value::String(string) => format!("duplicate entry with key {string:?}"),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => "duplicate entry in YAML map".to_owned(),
    }
}

/// Where flow collections (`[...]`, `{...}`) first nest deeper than
/// `MAX_DEPTH`, as a byte offset into `text`, if they do. A bracket counts
/// where YAML reads it as one: anywhere inside a flow collection but in a
/// quoted string or a comment, and in block context only where a value
/// begins (after `key: `, `- ` or indentation), not inside plain text or a
/// block scalar (`|`, `>`).
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Inside a block scalar: lines indented deeper than this are its text.
    let mut block_scalar: Option<usize> = None;
    while at < bytes.len() {
        // Block context, at the start of a line.
        let line_end = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |end| at + end);
        let line = &text[at..line_end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line[indent..].trim_end();
        if let Some(parent) = block_scalar {
            if content.is_empty() || indent > parent {
                at = line_end + 1;
                continue;
            }
            block_scalar = None;
        }
        match value_start(content) {
            Some(offset) if matches!(content.as_bytes()[offset], b'[' | b'{') => {
                // The flow collection runs on from here, maybe over lines.
                at += indent + offset;
                if let Some(deep) = flow(bytes, &mut at) {
                    return Some(deep);
                }
                continue;
            }
            Some(_) => block_scalar = Some(indent),
            None => {}
        }
        at = line_end + 1;
    }
    None
}

/// Scans a flow collection from its opening bracket at `at` to its close
/// (or the text's end), leaving `at` after it; the offset where it nests
/// too deep, if it does.
fn flow(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut after_space = true;
    while *at < bytes.len() {
        let byte = bytes[*at];
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(*at);
                }
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    *at += 1;
                    // The rest of the line is block context's again.
                    let rest = bytes[*at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |end| *at + end);
                    *at = rest + 1;
                    return None;
                }
            }
            b'"' | b'\'' => *at = string_end(bytes, *at),
            b'#' if after_space => {
                *at = bytes[*at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |end| *at + end);
                continue;
            }
            _ => {}
        }
        after_space = matches!(byte, b' ' | b'\t' | b'\n' | b'\r');
        *at += 1;
    }
    None
}

/// The offset of the closing quote of the string opened at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if quote == b'"' => at += 1,
            // `''` is a quote inside a single-quoted string.
            b'\'' if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 1,
            byte if byte == quote => return at,
            _ => {}
        }
        at += 1;
    }
    at
}

/// Where the value of a block line begins: after `- ` items and a
/// `key: `, or at its start; `None` for a comment or a line of text.
fn value_start(content: &str) -> Option<usize> {
    let mut offset = 0;
    let bytes = content.as_bytes();
    loop {
        let rest = &content[offset..];
        if rest.starts_with("- ") || rest == "-" {
            offset += 1;
            offset += content[offset..].len() - content[offset..].trim_start().len();
            continue;
        }
        if rest.is_empty() || rest.starts_with('#') {
            return None;
        }
        if matches!(bytes[offset], b'[' | b'{' | b'|' | b'>') {
            return Some(offset);
        }
        // `key: value`: the key is plain or quoted text before `: `.
        let key_end = if matches!(bytes[offset], b'"' | b'\'') { string_end(bytes, offset) + 1 } else { offset };
        let colon = content[key_end..].find(": ").map(|colon| key_end + colon)?;
        offset = colon + 2;
        offset += content[offset..].len() - content[offset..].trim_start().len();
        if offset >= content.len() {
            return None;
        }
        if matches!(bytes[offset], b'[' | b'{' | b'|' | b'>') {
            return Some(offset);
        }
        return None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_become_floats() {
        let tree = parse("minimum: -9223372036854776000\nmaximum: 18446744073709552000\nsmall: 7\n").unwrap();
        assert_eq!(tree["minimum"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(tree["maximum"].as_f64(), Some(18446744073709552000.0));
        assert_eq!(tree["small"].as_u64(), Some(7));
    }

    #[test]
    fn tags_and_duplicate_keys_read_as_the_parser_reads_them() {
        let tree = parse("a: !thing {b: 1}\n").unwrap();
        assert!(matches!(&tree["a"], Value::Tagged(tagged) if tagged.tag == Tag::new("thing")));
        let error = parse("a: 1\na: 2\n").unwrap_err().to_string();
        assert!(error.starts_with("duplicate entry with key \"a\""), "{error}");
    }

    #[test]
    fn flow_nesting_is_measured_where_yaml_reads_brackets() {
        let deep = format!("a: {}{}\n", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(too_deep(&deep), Some(3 + MAX_DEPTH));
        let shallow = format!("a: {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&shallow), None);
        // Brackets in plain text, quoted strings, comments and block scalars are text.
        let text = "[".repeat(MAX_DEPTH + 1);
        for document in [
            format!("a: see {text}\n"),
            format!("a: ['{text}', \"{text}\"]\n"),
            format!("a: [1] # {text}\n"),
            format!("a: |\n  {text}\n  more\nb: 1\n"),
            format!("- >\n    {text}\n"),
        ] {
            assert_eq!(too_deep(&document), None, "{document}");
        }
        // A flow collection over several lines, in a list item.
        let spread = format!("- {}\n{}\n", "[\n".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(too_deep(&spread).is_some());
    }
}
