//! Reads a spec file (YAML, or JSON with a JSON parser) into a raw JSON tree, which the checks
//! walk (and repair), and then, from that tree, `openapiv3`'s typed
//! document, which lowering reads. The text is parsed once. YAML merge keys
//! are applied, and parts of other files the spec refers to are bundled in.

mod bundle;

use crate::diagnostic::Diagnostic;
use serde_json::Value;
use std::path::Path;

/// One parsed spec.
pub(crate) struct LoadedSpec {
    /// `spec/awx.yaml`: how generated files name their source.
    pub(crate) display_name: String,
    /// Module name: the file stem.
    pub(crate) stem: String,
    pub(crate) text: String,
    /// The document as parsed: mappings keep the spec's order.
    pub(crate) tree: serde_yaml::Value,
    /// The same as JSON, for the checks (object keys sorted).
    pub(crate) raw: Value,
    /// Other files the spec refers to, read and bundled in.
    pub(crate) external_files: Vec<std::path::PathBuf>,
}

/// Whether a file is read as YAML (merge keys apply) rather than JSON.
pub(crate) fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

pub(crate) fn load(path: &Path) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let fail = |line_column, message: String| vec![Diagnostic::file_error(path, line_column, message)];
    let text = std::fs::read_to_string(path).map_err(|error| fail(None, format!("cannot read the file: {error}")))?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
    // A `.json` file is read by a JSON parser: several times faster than the
    // YAML one on large specs, and exact where YAML 1.1 is not (integers
    // beyond 64 bits, escapes). It still builds the order-keeping YAML tree
    // the rest of loading works on. The YAML parser bounds nesting depth and
    // alias expansion; serde_json bounds nesting to 128 levels.
    let mut yaml: serde_yaml::Value = if is_yaml(path) {
        serde_yaml::from_str(&text).map_err(|error| yaml_error(path, &error))?
    } else {
        let json = text.strip_prefix('\u{feff}').unwrap_or(&text);
        serde::Deserialize::deserialize(&mut serde_json::Deserializer::from_str(json)).map_err(|error: serde_json::Error| {
            let message = error.to_string();
            let message = message.split(" at line ").next().unwrap_or_default().to_owned();
            fail(Some((error.line(), error.column())), message)
        })?
    };
    if !yaml.is_mapping() {
        return Err(fail(Some((1, 1)), "the document is not a mapping".to_owned()));
    }
    if is_yaml(path) {
        yaml.apply_merge().map_err(|error| fail(None, format!("YAML merge key (`<<`): {error}")))?;
    }
    if text.contains('!') {
        untag(&mut yaml);
    }
    let bundled = bundle::bundle(path, &mut yaml);
    if !bundled.errors.is_empty() {
        return Err(bundled
            .errors
            .into_iter()
            .map(|(pointer, message)| Diagnostic {
                line_column: crate::locate::line_column(&text, &pointer),
                pointer,
                ..Diagnostic::file_error(path, None, message)
            })
            .collect());
    }
    let raw = to_json(&yaml).map_err(|message| fail(None, message))?;
    let version = raw.get("openapi").and_then(Value::as_str).unwrap_or_default();
    if !version.starts_with("3.0.") {
        let message = format!("unsupported `openapi` version {version:?}: this generator reads OpenAPI 3.0.x");
        let mut diagnostic = fail(None, message);
        diagnostic[0].pointer = "/openapi".to_owned();
        diagnostic[0].line_column = crate::locate::line_column(&text, "/openapi");
        return Err(diagnostic);
    }
    Ok(LoadedSpec {
        display_name: path.display().to_string(),
        stem,
        text,
        tree: yaml,
        raw,
        external_files: bundled.files,
    })
}

/// `openapiv3`'s view of the (checked and repaired) tree. A shape it
/// cannot read is an error at the pointer where reading stopped: only then
/// is the tree read again with the path tracked, which costs a third more.
pub(crate) fn document(
    path: &Path,
    text: &str,
    tree: serde_yaml::Value,
) -> Result<openapiv3::OpenAPI, Vec<Diagnostic>> {
    if let Ok(document) = serde::Deserialize::deserialize(&tree) {
        return Ok(document);
    }
    serde_path_to_error::deserialize(tree).map_err(|error| {
        let mut pointer = String::new();
        for segment in error.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Map { key } => pointer = crate::diagnostic::push_pointer(&pointer, key),
                Segment::Seq { index } => pointer = format!("{pointer}/{index}"),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        let line_column = crate::locate::line_column(text, &pointer);
        let message = error.inner().to_string();
        vec![Diagnostic { pointer, ..Diagnostic::file_error(path, line_column, message) }]
    })
}

fn yaml_error(path: &Path, error: &serde_yaml::Error) -> Vec<Diagnostic> {
    let line_column = error.location().map(|l| (l.line(), l.column()));
    // The parser's message ends with its own " at line L column C"; we report the location apart.
    let mut message = error.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    vec![Diagnostic::file_error(path, line_column, message)]
}

/// Drops YAML tags (`!Ref`, `!!str`): they say nothing OpenAPI reads.
fn untag(node: &mut serde_yaml::Value) {
    use serde_yaml::Value as Y;
    match node {
        Y::Tagged(tagged) => {
            let value = std::mem::take(&mut tagged.value);
            *node = value;
            untag(node);
        }
        Y::Sequence(items) => items.iter_mut().for_each(untag),
        Y::Mapping(mapping) => mapping.values_mut().for_each(untag),
        _ => {}
    }
}

/// Converts YAML to JSON: keys become strings (`200:` is the integer 200 in YAML).
fn to_json(yaml: &serde_yaml::Value) -> Result<Value, String> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => serde_json::to_value(n).map_err(|e| format!("unsupported number {n}: {e}"))?,
        Y::String(s) => Value::String(s.clone()),
        Y::Sequence(items) => Value::Array(items.iter().map(to_json).collect::<Result<_, _>>()?),
        Y::Mapping(mapping) => {
            let mut object = serde_json::Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Y::String(s) => s.clone(),
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => return Err(format!("unsupported mapping key {other:?}: keys must be scalars")),
                };
                object.insert(key, to_json(value)?);
            }
            Value::Object(object)
        }
        // A tag (`!Ref`, `!!str`) says nothing OpenAPI reads: the value stands.
        Y::Tagged(tagged) => to_json(&tagged.value)?,
    })
}
