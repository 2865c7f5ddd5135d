//! Where in a JSON text serde_json's error is: the path of the value it
//! is about, found from its line and column, so that a body is read by
//! serde_json alone (no path-tracking deserializer, which would compile
//! every type's reader a second time). The client's `InvalidBody` and the
//! server's refusals name their field with it ([`error_path`]).

/// The path of the value that serde_json's `error` in reading `json` is
/// about, written as `serde_path_to_error` writes one: `items[3].name`, `.`
/// for the top. The error's line and column are of the last character
/// read; an error at an object's or array's closing bracket (a missing
/// field) is about that object or array, and one at the end of the text (a
/// truncated body) about the innermost object or array still open.
pub fn path_at(json: &[u8], error: &serde_json::Error) -> String {
    /// An open object and the key whose value is being read, or an open
    /// array and the index of the value being read.
    enum Open {
        Object(Option<String>),
        Array(Option<usize>),
    }
    let target = offset(json, error);
    let mut open: Vec<Open> = Vec::new();
    // A value starts: in an array, it is the value of the current index.
    let value_starts = |open: &mut Vec<Open>| {
        if let Some(Open::Array(index @ None)) = open.last_mut() {
            *index = Some(0);
        }
    };
    let mut at = 0;
    while at < target && at < json.len() {
        match json[at] {
            byte @ (b'{' | b'[') => {
                value_starts(&mut open);
                open.push(if byte == b'{' { Open::Object(None) } else { Open::Array(None) });
            }
            b'}' | b']' => {
                open.pop();
            }
            b',' => match open.last_mut() {
                Some(Open::Object(key)) => *key = None,
                Some(Open::Array(index)) => *index = Some(index.map_or(1, |index| index + 1)),
                None => {}
            },
            b'"' => {
                let begin = at;
                at += 1;
                while at < target && at < json.len() && json[at] != b'"' {
                    at += if json[at] == b'\\' { 2 } else { 1 };
                }
                if let Some(Open::Object(key @ None)) = open.last_mut() {
                    let quoted = &json[begin..(at + 1).min(json.len())];
                    let text = serde_json::from_slice(quoted);
                    *key = Some(text.unwrap_or_else(|_| String::from_utf8_lossy(&quoted[1..]).into_owned()));
                } else {
                    value_starts(&mut open);
                }
            }
            b' ' | b'\t' | b'\n' | b'\r' | b':' => {}
            _ => value_starts(&mut open),
        }
        at += 1;
    }
    if matches!(json.get(target), Some(b'}' | b']') | None) {
        match open.last_mut() {
            Some(Open::Object(key)) => *key = None,
            Some(Open::Array(index)) => *index = None,
            None => {}
        }
    }
    let mut path = String::new();
    for value in &open {
        match value {
            Open::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Array(Some(index)) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            Open::Object(None) | Open::Array(None) => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The index in `json` of the last character serde_json read before its
/// `error` (the text's length for an error at its end).
fn offset(json: &[u8], error: &serde_json::Error) -> usize {
    if error.is_eof() {
        return json.len();
    }
    let mut line_start = 0;
    for _ in 1..error.line() {
        match json[line_start..].iter().position(|&byte| byte == b'\n') {
            Some(newline) => line_start += newline + 1,
            None => break,
        }
    }
    (line_start + error.column()).saturating_sub(1)
}

/// The path of the value `error` is about, as [`path_at`] finds it, and
/// exact where serde_json cannot place an error itself: one found after a
/// value was read (a checked string, a string enum's value, a `oneOf`)
/// sits at the end of the object or array around that value, which
/// `path_at` reads as about the object or array when the value was its
/// last. There `json` is read again ([`read_error`]) with one more member
/// before that end: the same error then sits right after its value. Only
/// an error pays for it.
pub fn error_path(
    json: &[u8],
    error: &serde_json::Error,
    read_again: fn(&[u8]) -> Option<serde_json::Error>,
) -> String {
    let path = path_at(json, error);
    if error.line() == 0 || error.is_eof() {
        return path;
    }
    let end = offset(json, error);
    let member: &[u8] = match json.get(end) {
        Some(b'}') => b",\"\":null",
        Some(b']') => b",null",
        _ => return path,
    };
    // An empty object or array has no last value.
    let before = json[..end].iter().rposition(|byte| !byte.is_ascii_whitespace());
    if before.is_none_or(|before| matches!(json[before], b'{' | b'[')) {
        return path;
    }
    let mut patched = Vec::with_capacity(json.len() + member.len());
    patched.extend_from_slice(&json[..end]);
    patched.extend_from_slice(member);
    patched.extend_from_slice(&json[end..]);
    match read_again(&patched) {
        Some(again) if message(&again) == message(error) => path_at(&patched, &again),
        _ => path,
    }
}

/// The error of reading `T` from `json`, if any: the `read_again` of
/// [`error_path`].
pub fn read_error<T: serde::de::DeserializeOwned>(json: &[u8]) -> Option<serde_json::Error> {
    T::deserialize(&mut serde_json::Deserializer::from_slice(json)).err()
}

/// serde_json's message without its " at line 1 column 9".
pub fn message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(message) => message.to_owned(),
        None => message,
    }
}
