//! JSON pointers (RFC 6901), as every stage writes and reads them: built a
//! segment at a time, escaped (`~0` is `~`, `~1` is `/`) and unescaped, and
//! percent-decoded when they come from a URI fragment (`#/paths/~1a%7Bid%7D`).

use std::borrow::Cow;

/// `pointer` with one segment appended, escaped.
pub(crate) fn push_pointer(pointer: &str, segment: &str) -> String {
    let mut extended = String::with_capacity(pointer.len() + 1 + segment.len());
    extended.push_str(pointer);
    push_segment(&mut extended, segment);
    extended
}

/// Appends `/segment` to `pointer`, escaped.
pub(crate) fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if !segment.contains(['~', '/']) {
        pointer.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// A key as a pointer segment (`a/b` is `a~1b`).
pub(crate) fn escape(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1").into()
    } else {
        key.into()
    }
}

/// A pointer segment as the key it names (`a~1b` is `a/b`).
pub(crate) fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~").into()
    } else {
        segment.into()
    }
}

/// `%7B` → `{`: a JSON pointer in a URI fragment may be percent-encoded.
/// Text that does not decode to UTF-8 is left as it is.
pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |i: usize| bytes.get(i).and_then(|b| (*b as char).to_digit(16));
        match (bytes[index], hex(index + 1), hex(index + 2)) {
            (b'%', Some(high), Some(low)) => {
                decoded.push((high * 16 + low) as u8);
                index += 3;
            }
            (byte, _, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_owned())
}

/// Follows a local `$ref` (`#/components/schemas/User`) in the raw document.
pub(crate) fn resolve<'a>(root: &'a serde_json::Value, reference: &str) -> Option<&'a serde_json::Value> {
    root.pointer(reference.strip_prefix('#')?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_escaped_and_unescaped() {
        assert_eq!(push_pointer("/paths", "/users/{id}"), "/paths/~1users~1{id}");
        assert_eq!(push_pointer("", "a~b"), "/a~0b");
        assert_eq!(escape("~/"), "~0~1");
        assert_eq!(unescape("~01"), "~1", "`~0` is unescaped last");
        assert_eq!(unescape(&escape("a/~b")), "a/~b");
    }

    #[test]
    fn percent_encoded_pointers_are_decoded() {
        assert_eq!(percent_decode("#/paths/~1a~1%7Bid%7D/get"), "#/paths/~1a~1{id}/get");
        assert_eq!(percent_decode("#/a%2"), "#/a%2");
    }
}
