//! The first stage: a spec file read (YAML by the YAML parser, JSON by a
//! JSON parser) into the JSON tree the checks walk, with YAML merge keys
//! applied, the parts of other files it refers to bundled in, and an
//! OpenAPI 3.1 or Swagger 2.0 spec converted into the 3.0 document it means
//! (where each moved part came from kept in a `locate::Origins`). For a
//! plain JSON spec, `openapiv3`'s document is read from the text on a
//! second thread while the checks run ([`Reading`]); `repair` takes it, or
//! the order-keeping tree ([`LoadedSpec::tree`]), from here.

mod bundle;
mod converted;
mod json;
mod openapi31;
mod swagger2;
mod yaml;

pub(crate) use bundle::{is_schema_site, is_yaml};
use converted::Converted;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::locate::Origins;
use serde_json::Value;
use std::path::Path;

/// One parsed spec.
pub(crate) struct LoadedSpec {
    /// The file, as given.
    pub(crate) path: std::path::PathBuf,
    /// `spec/awx.yaml`: how generated files name their source.
    pub(crate) display_name: String,
    /// Module name: the file stem.
    pub(crate) stem: String,
    /// Shared with the thread that reads the document beside the checks.
    pub(crate) text: std::sync::Arc<String>,
    /// The document as parsed, mappings in the spec's order; `None` for a
    /// JSON spec until [`tree`] reads it (after the checks).
    pub(crate) tree: Option<serde_yaml::Value>,
    /// The same as JSON, for the checks (object keys sorted).
    pub(crate) raw: Value,
    /// `openapiv3`'s document being read from a plain JSON spec's text
    /// beside the checks; `None` for a YAML, bundled or converted spec.
    pub(crate) reading: Option<Reading>,
    /// Other files the spec refers to, read and bundled in.
    pub(crate) external_files: Vec<std::path::PathBuf>,
    /// For a spec read as another version's document (OpenAPI 3.1): where
    /// the parts the conversion moved stand in the spec.
    pub(crate) origins: Origins,
}

const MEGABYTE: u64 = 1024 * 1024;

/// The largest spec file read, 64 MB unless `GENERATOR_MAX_SPEC_MB` says
/// otherwise: the largest real spec seen, Microsoft Graph's beta, is 47 MB;
/// memory grows about twenty-fold from the text, so this bounds a run to a
/// gigabyte or two.
fn max_spec_bytes() -> u64 {
    std::env::var("GENERATOR_MAX_SPEC_MB").ok().and_then(|mb| mb.trim().parse::<u64>().ok()).unwrap_or(64) * MEGABYTE
}

/// The parsers' words for their limits, said with the limit.
fn explain_limit(message: String) -> String {
    match message.as_str() {
        "recursion limit exceeded" => yaml::too_deep_message(),
        "repetition limit exceeded" => {
            "YAML aliases expand to more than 100 times the document's own events (the limit; an alias bomb?)"
                .to_owned()
        }
        _ => message,
    }
}

/// Reads the spec at `path`: an unreadable or unparsable file is an
/// error; what a conversion finds with no 3.0 form goes to `diagnostics`
/// as warnings.
pub(crate) fn load(path: &Path, diagnostics: &mut Diagnostics) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let fail = |line_column, message: String| vec![Diagnostic::file_error(path, line_column, message)];
    let limit = max_spec_bytes();
    let size = std::fs::metadata(path).map_err(|error| fail(None, format!("cannot read the file: {error}")))?.len();
    if size > limit {
        return Err(fail(
            None,
            format!(
                "the file is {:.1} MB, over the limit of {} MB for one spec (set GENERATOR_MAX_SPEC_MB to raise it)",
                size as f64 / MEGABYTE as f64,
                limit / MEGABYTE
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|error| fail(None, format!("cannot read the file: {error}")))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        fail(
            Some(crate::locate::offset_line_column(valid, valid.len())),
            "the file is not UTF-8 (what RFC 8259 asks of JSON; YAML in UTF-16 is not read either)".to_owned(),
        )
    })?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
    let (tree, raw, external_files) = if is_yaml(path) {
        // The YAML parser bounds nesting depth (128) and alias expansion
        // (100 times the document's events), so hostile input fails
        // instead of hanging; flow nesting is measured first, as the parser
        // takes time quadratic in it before it fails.
        if let Some(offset) = yaml::too_deep(&text) {
            return Err(fail(Some(crate::locate::offset_line_column(&text, offset)), yaml::too_deep_message()));
        }
        let mut yaml = yaml::parse(&text).map_err(|error| yaml_error(path, &text, &error))?;
        if !yaml.is_mapping() {
            return Err(fail(Some((1, 1)), "the document is not a mapping".to_owned()));
        }
        yaml.apply_merge().map_err(|error| fail(None, format!("YAML merge key (`<<`): {error}")))?;
        if text.contains('!') {
            untag(&mut yaml);
        }
        bundled(path, &text, yaml)?
    } else {
        // A `.json` file is read by a JSON parser: several times faster than
        // the YAML one on large specs, and exact where YAML 1.1 is not
        // (integers beyond 64 bits, escapes); it bounds nesting to 128 levels.
        // It is parsed straight into the JSON the checks walk; once they
        // pass, openapiv3 reads the text itself ([`direct_document`]), or,
        // when there is something to repair, the order-keeping tree built
        // from it ([`tree`]); so a broken spec is reported in about the time
        // one parse takes. A spec that refers to other files is bundled
        // through the tree at once.
        let raw = json::parse(without_bom(&text)).map_err(|error| json_error(path, &text, &error))?;
        if !raw.is_object() {
            return Err(fail(Some((1, 1)), "the document is not a mapping".to_owned()));
        }
        if bundle::refers_elsewhere(&raw) {
            bundled(path, &text, json_tree(path, &text)?)?
        } else {
            (None, raw, Vec::new())
        }
    };
    let swagger = raw.get("swagger").and_then(Value::as_str).filter(|version| *version == "2.0");
    let (tree, raw, converted) = match raw.get("openapi").and_then(Value::as_str).unwrap_or_default() {
        "" if swagger.is_some() => {
            let tree = match tree {
                Some(tree) => tree,
                None => json_tree(path, &text)?,
            };
            let (tree, converted) = swagger2::convert(&tree);
            let raw = to_json(&tree).map_err(|message| fail(None, message))?;
            (Some(tree), raw, converted)
        }
        version if version.starts_with("3.0.") => (tree, raw, Converted::default()),
        version if version.starts_with("3.1.") => {
            let mut tree = match tree {
                Some(tree) => tree,
                None => json_tree(path, &text)?,
            };
            let converted = openapi31::convert(&mut tree);
            let raw = to_json(&tree).map_err(|message| fail(None, message))?;
            (Some(tree), raw, converted)
        }
        "" if raw.get("openapi").is_none() && raw.get("swagger").is_none() => {
            return Err(fail(
                Some((1, 1)),
                "this is not an OpenAPI document: it has no `openapi` (3.x) or `swagger` (2.0) key; to generate from some files of a directory, name them with --spec".to_owned(),
            ));
        }
        version => {
            let (pointer, key, version) = match raw.get("swagger") {
                Some(swagger) if version.is_empty() => ("/swagger", "swagger", swagger.to_string()),
                _ => ("/openapi", "openapi", format!("{version:?}")),
            };
            let message = format!(
                "unsupported `{key}` version {version}: this generator reads OpenAPI 3.0.x and 3.1.x, and Swagger 2.0"
            );
            let mut diagnostic = fail(None, message);
            diagnostic[0].pointer = pointer.to_owned();
            diagnostic[0].line_column = crate::locate::line_column(&text, pointer);
            return Err(diagnostic);
        }
    };
    for (kind, pointer, message) in converted.warnings {
        diagnostics.warning(kind, pointer, message);
    }
    let text = std::sync::Arc::new(text);
    // A JSON spec is read straight from its text, on a second thread while
    // the checks run: most need no repair, and the rest mostly a few inside
    // some schemas, made in place; other repairs take the tree.
    let reading = tree.is_none().then(|| Reading::start(&text));
    Ok(LoadedSpec {
        path: path.to_path_buf(),
        display_name: display_name(path),
        stem,
        text,
        tree,
        raw,
        reading,
        external_files,
        origins: converted.origins,
    })
}

/// How a spec is named in output: its directory and file name (`spec/awx.yaml`),
/// the same on every machine.
fn display_name(path: &Path) -> String {
    let parts: Vec<_> = path.components().rev().take(2).collect();
    parts.iter().rev().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// What a parsed tree becomes once the files it refers to are bundled in:
/// the tree, its JSON for the checks, and the files read.
type Parts = (Option<serde_yaml::Value>, Value, Vec<std::path::PathBuf>);

fn bundled(path: &Path, text: &str, mut yaml: serde_yaml::Value) -> Result<Parts, Vec<Diagnostic>> {
    let bundled = bundle::bundle(path, &mut yaml);
    if !bundled.errors.is_empty() {
        return Err(bundled
            .errors
            .into_iter()
            .map(|(pointer, message)| Diagnostic {
                line_column: crate::locate::line_column(text, &pointer),
                pointer,
                ..Diagnostic::file_error(path, None, message)
            })
            .collect());
    }
    let raw = to_json(&yaml).map_err(|message| vec![Diagnostic::file_error(path, None, message)])?;
    Ok((Some(yaml), raw, bundled.files))
}

impl LoadedSpec {
    /// The order-keeping tree openapiv3 reads: the one bundling made, or,
    /// for a JSON spec with repairs to apply, the text parsed again into it
    /// (keys keep their order there).
    pub(crate) fn tree(&mut self) -> Result<serde_yaml::Value, Vec<Diagnostic>> {
        match self.tree.take() {
            Some(tree) => Ok(tree),
            None => json_tree(&self.path, &self.text),
        }
    }
}

fn json_tree(path: &Path, text: &str) -> Result<serde_yaml::Value, Vec<Diagnostic>> {
    serde::Deserialize::deserialize(&mut serde_json::Deserializer::from_str(without_bom(text)))
        .map_err(|error: serde_json::Error| json_error(path, text, &error))
}

fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn json_error(path: &Path, text: &str, error: &serde_json::Error) -> Vec<Diagnostic> {
    // The parser's message ends with its own " at line L column C"; we report the location apart.
    let message = error.to_string();
    let message = message.split(" at line ").next().unwrap_or_default().to_owned();
    if message.starts_with("duplicate entry with key") {
        if let Some(duplicate) = crate::locate::first_duplicate_key(text) {
            let (line, column) = duplicate.first;
            let message = format!(
                "the key {:?} is given twice in #{}: here and at {line}:{column}",
                duplicate.key, duplicate.object
            );
            return vec![Diagnostic::file_error(path, Some(duplicate.second), message)];
        }
    }
    vec![Diagnostic::file_error(path, Some((error.line(), error.column())), explain_limit(message))]
}

/// Where a YAML mapping gives `key` first and a second time, from where the
/// parser says the mapping starts: the lines at its indent that start with
/// the key (block style; `None` for flow mappings).
fn yaml_key_twice(text: &str, (line, column): (usize, usize), key: &str) -> Option<[(usize, usize); 2]> {
    let indent = column.checked_sub(1)?;
    let starts = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")];
    let mut first = None;
    for (index, text_line) in text.lines().enumerate().skip(line - 1) {
        let trimmed = text_line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let this_indent = text_line.len() - trimmed.len();
        if this_indent < indent && index + 1 > line {
            return None;
        }
        if this_indent == indent && starts.iter().any(|start| trimmed.starts_with(start.as_str())) {
            match first {
                Some(first) => return Some([first, (index + 1, column)]),
                None => first = Some((index + 1, column)),
            }
        }
    }
    None
}

/// `openapiv3`'s document read straight from a JSON spec's text as it
/// stands, before any repair: the document when the checks find nothing
/// to repair, and most of it when they repair only inside some schemas
/// (`repair` makes those in place). It is read on a thread of its own while
/// the checks run; a caller the checks refuse drops the reading rather than
/// wait.
pub(crate) enum Reading {
    Aside(std::thread::JoinHandle<Option<openapiv3::OpenAPI>>),
    /// Without a thread (the system refused one), it is read when asked for.
    Later(std::sync::Arc<String>),
}

impl Reading {
    fn start(text: &std::sync::Arc<String>) -> Reading {
        let shared = std::sync::Arc::clone(text);
        let aside = std::thread::Builder::new().spawn(move || json::document(without_bom(&shared)));
        aside.map_or_else(|_| Reading::Later(std::sync::Arc::clone(text)), Reading::Aside)
    }

    /// The document, or `None` when openapiv3 cannot read the text (the
    /// tree then says why).
    pub(crate) fn document(self) -> Option<openapiv3::OpenAPI> {
        match self {
            Reading::Aside(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Reading::Later(text) => json::document(without_bom(&text)),
        }
    }
}

fn yaml_error(path: &Path, text: &str, error: &serde_yaml::Error) -> Vec<Diagnostic> {
    let line_column = error.location().map(|l| (l.line(), l.column()));
    // The parser's message ends with its own " at line L column C"; we report the location apart.
    let mut message = error.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    // `a.b: duplicate entry with key "x"`: say where both are.
    if let (Some((place, key)), Some(start)) = (message.split_once(": duplicate entry with key "), line_column) {
        let key: String = serde_json::from_str(key).unwrap_or_else(|_| key.trim_matches('"').to_owned());
        if let Some([first, second]) = yaml_key_twice(text, start, &key) {
            let message = format!("the key {key:?} is given twice in {place}: here and at {}:{}", first.0, first.1);
            return vec![Diagnostic::file_error(path, Some(second), message)];
        }
    }
    vec![Diagnostic::file_error(path, line_column, explain_limit(message))]
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
