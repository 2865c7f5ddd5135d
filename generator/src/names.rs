//! Rust names for spec names: heck's casing, keywords escaped, anything that
//! is not an identifier sanitised (serde keeps the wire name).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords usable as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing `_`.
const PLAIN_KEYWORDS: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the generated code uses unqualified; a schema may not shadow them.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Clone",
    "Debug",
    "Default",
    "Deserialize",
    "Display",
    "Eq",
    "Err",
    "FromStr",
    "Hash",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Serialize",
    "Some",
    "String",
    "ToString",
    "TryFrom",
    "Vec",
];

/// `snake_case` identifier for a field or parameter; `r#` is added when printed.
pub(crate) fn field_name(wire: &str) -> String {
    // A sign means something (`+1`, `-1` are GitHub's reactions): keep it as a word.
    let worded = match wire.chars().next() {
        Some('+') => format!("plus_{}", &wire[1..]),
        Some('-') => format!("minus_{}", &wire[1..]),
        _ => wire.to_owned(),
    };
    let snake = ascii_only(&worded.to_snake_case(), '_');
    // Letters outside ASCII become `_`, and a run of them one (`Ventilação`
    // is `ventila_o`): rustc's snake case has no double underscore.
    let mut collapsed = String::with_capacity(snake.len());
    for c in snake.chars() {
        if !(c == '_' && collapsed.ends_with('_')) {
            collapsed.push(c);
        }
    }
    let snake = collapsed.trim_matches('_').to_owned();
    let snake = if snake.is_empty() { "field".to_owned() } else { snake };
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) { format!("field_{snake}") } else { snake };
    if PLAIN_KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// `snake_case` module name for a spec file's stem: a keyword gets a
/// trailing `_` (`match.json` → `match_`), as paths read better without `r#`,
/// and so does `support`, the crate's run-time module (`support.json`, as
/// AWS and Azure name their support APIs, would overwrite it).
pub(crate) fn module_name(stem: &str) -> String {
    let name = field_name(stem);
    if RAW_KEYWORDS.contains(&name.as_str()) || name == "support" {
        format!("{name}_")
    } else {
        name
    }
}

/// `UpperCamelCase` identifier for a type or variant.
pub(crate) fn type_name(spec_name: &str) -> String {
    let camel = ascii_only(&spec_name.to_upper_camel_case(), '_').replace('_', "");
    let camel = if camel.is_empty() { "Value".to_owned() } else { camel };
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) { format!("V{camel}") } else { camel };
    if PLAIN_KEYWORDS.contains(&camel.as_str()) {
        format!("{camel}_")
    } else {
        camel
    }
}

/// Whether the identifier needs `r#` to be printed.
pub(crate) fn is_raw_keyword(ident: &str) -> bool {
    RAW_KEYWORDS.contains(&ident)
}

/// Keeps ASCII letters, digits and `_`; anything else becomes `replacement`.
fn ascii_only(name: &str, replacement: char) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { replacement }).collect()
}

/// Removes the longest common prefix that ends at a word boundary, when every
/// name keeps a valid identifier: `TeamUserCreate`, `TeamUserAssociate` →
/// `Create`, `Associate`.
pub(crate) fn strip_common_prefix(names: &[String]) -> Vec<String> {
    if names.len() < 2 {
        return names.to_vec();
    }
    let first = &names[0];
    let mut cut = 0;
    for (index, c) in first.char_indices().skip(1) {
        let boundary = c.is_ascii_uppercase();
        if !names.iter().all(|n| n.get(..index) == Some(&first[..index])) {
            break;
        }
        if boundary {
            cut = index;
        }
    }
    let stripped: Vec<String> = names.iter().map(|n| n[cut..].to_owned()).collect();
    let valid = stripped.iter().all(|n| n.starts_with(|c: char| c.is_ascii_uppercase()));
    if cut == 0 || !valid {
        names.to_vec()
    } else {
        stripped
    }
}

/// `base`, else `base2`, `base3`...: the first name `taken` does not hold.
/// Whether two names have the same letters and digits, case aside:
/// `Body_upload_photo` and `BodyUploadPhoto`, `Adopter` and `adopter`.
pub(crate) fn same_words(a: &str, b: &str) -> bool {
    let letters = |text: &str| -> Vec<char> {
        text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
    };
    letters(a) == letters(b)
}

pub(crate) fn first_free(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut name = base.to_owned();
    let mut counter = 1;
    while taken(&name) {
        counter += 1;
        name = format!("{base}{counter}");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_snake_case_and_escaped() {
        assert_eq!(field_name("firstName"), "first_name");
        assert_eq!(field_name("type"), "type");
        assert!(is_raw_keyword("type"));
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("$ref"), "ref");
        assert_eq!(field_name("@odata.type"), "odata_type");
        assert_eq!(field_name("2fa"), "field_2fa");
        assert_eq!((field_name("+1"), field_name("-1")), ("plus_1".to_owned(), "minus_1".to_owned()));
        assert_eq!(
            (module_name("MATCH"), module_name("self"), module_name("awx"), module_name("Support")),
            ("match_".to_owned(), "self_".to_owned(), "awx".to_owned(), "support_".to_owned())
        );
        assert_eq!(field_name("é"), "field");
        // vtex.com: no double underscore where letters outside ASCII stood.
        assert_eq!(field_name("Ar e Ventilação"), "ar_e_ventila_o");
    }

    #[test]
    fn types_are_upper_camel_case() {
        assert_eq!(type_name("team-user_action"), "TeamUserAction");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("+1"), "V1");
    }

    #[test]
    fn common_prefix_stops_at_word_boundary() {
        let names = ["TeamUserCreate", "TeamUserAssociate"].map(String::from);
        assert_eq!(strip_common_prefix(&names), ["Create", "Associate"]);
        let names = ["ErrorDetail", "FieldErrors"].map(String::from);
        assert_eq!(strip_common_prefix(&names), names);
        let names = ["UserA", "UserAb"].map(String::from);
        assert_eq!(strip_common_prefix(&names), ["A", "Ab"]);
    }
}
