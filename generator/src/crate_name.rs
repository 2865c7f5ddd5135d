//! The generated crate's package name: checked once, so every later step
//! can write it into `Cargo.toml` as it is.

use heck::ToKebabCase;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// A valid cargo package name: ASCII letters, digits, `-` and `_`, starting
/// with a letter, and not a Rust keyword once `-` becomes `_`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateName(String);

impl CrateName {
    pub fn new(name: &str) -> Result<Self, String> {
        let valid_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let starts_with_letter = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if !valid_chars || !starts_with_letter || name.len() > 64 {
            return Err(format!(
                "`{name}` is not a crate name: use ASCII letters, digits, `-` and `_`, start with a letter, at most 64 characters"
            ));
        }
        if syn::parse_str::<syn::Ident>(&name.replace('-', "_")).is_err() {
            return Err(format!("`{name}` is not a crate name: it is a Rust keyword"));
        }
        Ok(Self(name.to_owned()))
    }

    /// The name of a crate written to `out_dir`: its last component in
    /// kebab case (`generated/` → `generated`, `MyApi/` → `my-api`).
    pub fn from_out_dir(out_dir: &Path) -> Result<Self, String> {
        let absolute = std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf());
        let last = absolute.file_name().map(|name| name.to_string_lossy().to_kebab_case()).unwrap_or_default();
        Self::new(&last).map_err(|error| format!("{error} (taken from the out dir {})", out_dir.display()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CrateName {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Self::new(name)
    }
}

impl fmt::Display for CrateName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::CrateName;
    use std::path::Path;

    #[test]
    fn names_are_checked() {
        assert!(CrateName::new("user-apis").is_ok());
        assert!(CrateName::new("my_api2").is_ok());
        for bad in ["", "2fa", "-x", "a b", "ümlaut", "fn", "self"] {
            assert!(CrateName::new(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn out_dir_names_become_kebab_case() {
        assert_eq!(CrateName::from_out_dir(Path::new("/tmp/MyApi")).unwrap().as_str(), "my-api");
        assert_eq!(CrateName::from_out_dir(Path::new("generated/")).unwrap().as_str(), "generated");
        assert!(CrateName::from_out_dir(Path::new("/tmp/123")).unwrap_err().contains("taken from the out dir"));
    }
}
