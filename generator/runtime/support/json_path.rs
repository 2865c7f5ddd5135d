//! Where in a JSON text serde_json's error is: the path of the value it
//! is about, found from its line and column, so that a body is read by
//! serde_json alone (no path-tracking deserializer, which would compile
//! every type's reader a second time). The client's `InvalidBody` and the
//! server's refusals name their field with it.

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
    let mut line_start = 0;
    for _ in 1..error.line() {
        match json[line_start..].iter().position(|&byte| byte == b'\n') {
            Some(newline) => line_start += newline + 1,
            None => break,
        }
    }
    let target = if error.is_eof() { json.len() } else { (line_start + error.column()).saturating_sub(1) };
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
