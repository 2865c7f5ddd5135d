//! `generator.yaml` beside the specs: what the user has decided about them
//! (the kinds of warnings judged and silenced), read before any spec.

use crate::diagnostic::{Diagnostic, WarningKind};
use std::collections::BTreeSet;
use std::path::Path;

/// The settings file's name in a spec directory; it is never taken for a spec.
pub const SETTINGS_FILE: &str = "generator.yaml";

/// What `generator.yaml` says; the default when there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Kinds of warnings left unreported (`warnings: {allow: [...]}`).
    pub allow: BTreeSet<WarningKind>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    warnings: Warnings,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Warnings {
    #[serde(default)]
    allow: Vec<Kind>,
}

struct Kind(WarningKind);

impl<'de> serde::Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map(Kind).map_err(serde::de::Error::custom)
    }
}

/// The settings of `spec_dir`: its `generator.yaml`, or the defaults when it
/// has none. A file that does not read is an error at its line:column.
pub fn read_settings(spec_dir: &Path) -> Result<Settings, Vec<Diagnostic>> {
    let path = spec_dir.join(SETTINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(error) => return Err(vec![Diagnostic::file_error(&path, None, format!("cannot read: {error}"))]),
    };
    if text.lines().all(|line| line.trim().is_empty() || line.trim_start().starts_with('#')) {
        return Ok(Settings::default());
    }
    let file: File = serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(&text)).map_err(|error| {
        let pointer: String = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .fold(String::new(), |pointer, segment| crate::json_pointer::push_pointer(&pointer, &segment));
        // serde_yaml places a value's own error at the node before it.
        let line_column = crate::locate::line_column(&text, &pointer)
            .or_else(|| error.inner().location().map(|at| (at.line(), at.column())));
        // serde_yaml puts the path before its message and the place after
        // it; the diagnostic says both its own way.
        let message = error.inner().to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        let message = match message.split_once(": ") {
            Some((path, rest)) if !path.contains(' ') => rest,
            _ => message,
        };
        let message = message.to_owned();
        vec![Diagnostic { pointer, ..Diagnostic::file_error(&path, line_column, message) }]
    })?;
    Ok(Settings { allow: file.warnings.allow.into_iter().map(|kind| kind.0).collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Settings, Vec<Diagnostic>> {
        let dir = std::env::temp_dir().join(format!("generator-settings-{}-{}", std::process::id(), text.len()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(SETTINGS_FILE), text).unwrap();
        let settings = read_settings(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        settings
    }

    #[test]
    fn allowed_kinds_are_read_by_name() {
        let settings = read("# judged\nwarnings:\n  allow: [undocumented-status, example]\n").unwrap();
        assert_eq!(settings.allow, BTreeSet::from([WarningKind::UndocumentedStatus, WarningKind::Example]));
        assert_eq!(read("# nothing decided yet\n").unwrap(), Settings::default());
        assert_eq!(read_settings(Path::new("/no/such/dir")).unwrap(), Settings::default());
    }

    #[test]
    fn a_wrong_name_or_key_is_an_error_at_its_place() {
        let errors = read("warnings:\n  allow:\n    - example\n    - undocumented-statuses\n").unwrap_err();
        assert_eq!(errors[0].pointer, "/warnings/allow/1");
        assert_eq!(errors[0].line_column, Some((4, 7)));
        assert!(
            errors[0]
                .message
                .starts_with("unknown kind of warning \"undocumented-statuses\"; the kinds are loose-type, "),
            "{}",
            errors[0].message
        );
        let errors = read("warning:\n  allow: [example]\n").unwrap_err();
        assert!(errors[0].message.starts_with("unknown field `warning`, expected `warnings`"), "{}", errors[0].message);
        assert_eq!((errors[0].pointer.as_str(), errors[0].line_column), ("/warning", Some((2, 3))));
    }
}
