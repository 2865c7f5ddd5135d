//! A `pattern` of the spec (ECMA-262's dialect, as JSON Schema says) as a
//! regex of the `regex` crate, where the two read the same text differently.
//!
//! Today: `\s` and `\S`. ECMA-262's white space is a fixed list (with
//! U+FEFF, without U+0085, NEL); the `regex` crate's is Unicode's
//! White_Space, the other way round, so `[^@\s]` would refuse a NEL that
//! every ECMA-262 validator accepts. Both are written out as ECMA-262's
//! class (nested classes are valid inside a class too). `\d` and `\w` stay
//! Unicode-aware in the `regex` crate, wider than ECMA-262's ASCII classes.

/// ECMA-262's `WhiteSpace` and `LineTerminator` code points, as class items.
const ECMA_WHITE_SPACE: &str =
    r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// The `regex` crate's reading of the ECMA-262 pattern `source`.
pub(crate) fn to_rust(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('s') => out.push_str(&format!("[{ECMA_WHITE_SPACE}]")),
            Some('S') => out.push_str(&format!("[^{ECMA_WHITE_SPACE}]")),
            Some(escaped) => {
                out.push('\\');
                out.push(escaped);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_rust;

    #[test]
    fn white_space_is_ecma_262_s_in_and_out_of_classes() {
        let email = regex::Regex::new(&to_rust(r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")).unwrap();
        // U+0085 (NEL) is white space to Unicode, not to ECMA-262.
        assert!(email.is_match("a\u{85}b@c.d"));
        assert!(!regex::Regex::new(r"^[^@\s]+$").unwrap().is_match("a\u{85}b"), "the regex crate's own \\s");
        assert!(!email.is_match("a b@c.d") && !email.is_match("a\u{feff}b@c.d") && !email.is_match("a\u{a0}@c.d"));
        let word = regex::Regex::new(&to_rust(r"^\S+$")).unwrap();
        assert!(word.is_match("a\u{85}b") && !word.is_match("a\u{2028}b"));
    }

    #[test]
    fn a_class_keeps_its_other_items_around_the_white_space() {
        let class = regex::Regex::new(&to_rust(r"^[\s-x]+$")).unwrap();
        assert!(class.is_match(" -x\t") && !class.is_match("y"));
        let negated = regex::Regex::new(&to_rust(r"^[^\S]+$")).unwrap();
        assert!(negated.is_match(" \u{feff}") && !negated.is_match("a"));
    }

    #[test]
    fn other_escapes_are_left_as_they_are() {
        assert_eq!(to_rust(r"^\\s\d\.\w+$"), r"^\\s\d\.\w+$");
        assert_eq!(to_rust(r"a\"), r"a\");
    }
}
