//! Every JSON example of the specs, read into the Rust type of its schema or
//! body and written back. The result must be the example again, except that
//! keys the type does not know are dropped, a default may fill an absent key,
//! numbers compare by value, date-times by instant notation (`Z` is
//! `+00:00`, zero fractions may go) and UUIDs without regard to case.

/// One example: where the spec has it, its JSON text, and its check.
pub struct Example {
    pub at: &'static str,
    pub json: &'static str,
    pub check: fn(&str) -> Result<(), String>,
}

/// Reads `json` as a `T`, writes it back, and compares.
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<(), String> {
    let original: serde_json::Value = serde_json::from_str(json).map_err(|error| format!("not JSON: {error}"))?;
    let parsed: T = serde_json::from_value(original.clone()).map_err(|error| format!("does not parse: {error}"))?;
    // Through text, as on the wire (an `f32` is written in its own shortest form).
    let text = serde_json::to_string(&parsed).map_err(|error| format!("does not serialise: {error}"))?;
    let back: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("wrote invalid JSON: {error}"))?;
    same("", &original, &back)
}

fn same(at: &str, original: &serde_json::Value, back: &serde_json::Value) -> Result<(), String> {
    use serde_json::Value;
    let equal = match (original, back) {
        (Value::Object(original), Value::Object(back)) => {
            for (key, value) in back {
                match original.get(key) {
                    Some(before) => same(&format!("{at}/{key}"), before, value)?,
                    None if value.is_null() => return Err(format!("{at}/{key}: null added")),
                    None => {}
                }
            }
            true
        }
        (Value::Array(original), Value::Array(back)) => {
            if original.len() != back.len() {
                return Err(format!("{at}: {} items became {}", original.len(), back.len()));
            }
            for (index, (before, after)) in original.iter().zip(back).enumerate() {
                same(&format!("{at}/{index}"), before, after)?;
            }
            true
        }
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        (Value::String(a), Value::String(b)) => {
            a == b || instant(a).is_some_and(|a| Some(a) == instant(b)) || (is_uuid(a) && a.eq_ignore_ascii_case(b))
        }
        (a, b) => a == b,
    };
    if equal {
        Ok(())
    } else {
        Err(format!("{at}: {original} came back as {back}"))
    }
}

/// A date-time's notation made canonical (`Z` as `+00:00`, no trailing
/// zeros in the fraction), or `None` for text that is not one.
fn instant(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    let (date, time) = text.split_at(10);
    let mut time = time[1..].to_owned();
    if let Some(stripped) = time.strip_suffix(['Z', 'z']) {
        time = format!("{stripped}+00:00");
    }
    if let Some(dot) = time.find('.') {
        let digits = time[dot + 1..].chars().take_while(char::is_ascii_digit).count();
        let fraction = time[dot + 1..dot + 1 + digits].trim_end_matches('0').to_owned();
        let replacement = if fraction.is_empty() { String::new() } else { format!(".{fraction}") };
        time.replace_range(dot..dot + 1 + digits, &replacement);
    }
    Some(format!("{date}T{time}"))
}

/// `8-4-4-4-12` hexadecimal digits.
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text
            .bytes()
            .enumerate()
            .all(|(i, b)| if [8, 13, 18, 23].contains(&i) { b == b'-' } else { b.is_ascii_hexdigit() })
}

/// Checks every example; prints the count and each failure, then fails if any did.
pub fn check_all(api: &str, examples: &[Example]) {
    let failures: Vec<String> = examples
        .iter()
        .filter_map(|example| (example.check)(example.json).err().map(|error| format!("{}: {error}", example.at)))
        .collect();
    println!("examples of {api}: {} checked, {} failed", examples.len(), failures.len());
    for failure in &failures {
        println!("example failed: {failure}");
    }
    assert!(failures.is_empty(), "{} of {} examples of {api} do not round-trip", failures.len(), examples.len());
}
