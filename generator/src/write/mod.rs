//! Output: modules to formatted files with an `@generated` header; write
//! only what changed, keep the user's parts of `Cargo.toml`, remove our own
//! stale files, or compare (`--check`).

mod kept;
mod render;

pub(crate) use render::{render_files, render_inline, render_test};

use std::io;
use std::path::{Path, PathBuf};

const MARKER: &str = "// @generated";

/// One file of the generated crate, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// What `write` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
}

/// A file of `out_dir` that differs from what the specs give.
#[derive(Debug)]
pub struct StaleFile {
    pub path: PathBuf,
    /// A unified diff from the file on disk to the expected contents.
    pub diff: String,
}

/// Writes the files that changed and removes stale files the generator wrote
/// before. Every file's contents are settled before the first write, so a
/// `Cargo.toml` the generator may not touch stops the run with nothing written.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<WriteReport> {
    let mut settled = Vec::with_capacity(files.len());
    for file in files {
        let on_disk = read_if_present(&out_dir.join(&file.path))?;
        let contents = final_contents(file, on_disk.as_deref()).map_err(io::Error::other)?;
        settled.push((file, on_disk, contents));
    }
    let mut report = WriteReport::default();
    for (file, on_disk, contents) in settled {
        if on_disk.as_deref() == Some(contents.as_str()) {
            report.unchanged.push(file.path.clone());
            continue;
        }
        let target = out_dir.join(&file.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut temporary = target.clone().into_os_string();
        temporary.push(".tmp");
        std::fs::write(&temporary, &contents)?;
        std::fs::rename(&temporary, &target)?;
        report.written.push(file.path.clone());
    }
    for stale in stale_generated_files(out_dir, files)? {
        std::fs::remove_file(out_dir.join(&stale))?;
        report.removed.push(stale);
    }
    Ok(report)
}

/// Compares `out_dir` with `files` without writing anything.
pub fn check(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<StaleFile>> {
    let mut stale = Vec::new();
    for file in files {
        let on_disk = read_if_present(&out_dir.join(&file.path))?;
        let expected = match final_contents(file, on_disk.as_deref()) {
            Ok(expected) => expected,
            Err(reason) => {
                stale.push(StaleFile { path: file.path.clone(), diff: format!("{reason}\n") });
                continue;
            }
        };
        let on_disk = on_disk.unwrap_or_default();
        if on_disk != expected {
            let diff = similar::TextDiff::from_lines(&on_disk, &expected)
                .unified_diff()
                .header(&format!("a/{}", file.path.display()), &format!("b/{}", file.path.display()))
                .to_string();
            stale.push(StaleFile { path: file.path.clone(), diff });
        }
    }
    for path in stale_generated_files(out_dir, files)? {
        stale.push(StaleFile {
            diff: format!("{} is generated but no spec produces it any more\n", path.display()),
            path,
        });
    }
    Ok(stale)
}

/// The package name in `out_dir/Cargo.toml`, if the generator wrote that file.
pub fn existing_crate_name(out_dir: &Path) -> io::Result<Option<String>> {
    Ok(read_if_present(&out_dir.join("Cargo.toml"))?.as_deref().and_then(kept::package_name))
}

/// What `file` must hold on disk, given what is there now.
fn final_contents(file: &GeneratedFile, on_disk: Option<&str>) -> Result<String, String> {
    if kept::has_kept_parts(&file.path) {
        kept::merge(&file.path, &file.contents, on_disk)
    } else {
        Ok(file.contents.clone())
    }
}

fn read_if_present(path: &Path) -> io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(io::Error::new(error.kind(), format!("{}: {error}", path.display()))),
    }
}

/// `.rs` files under `src/` and `tests/` that carry our marker but are not in `files`.
fn stale_generated_files(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![out_dir.join("src"), out_dir.join("tests")];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path.strip_prefix(out_dir).expect("under out_dir").to_path_buf();
            let ours = std::fs::read_to_string(&path).is_ok_and(|text| text.starts_with(MARKER));
            if ours && path.extension().is_some_and(|e| e == "rs") && !files.iter().any(|f| f.path == relative) {
                found.push(relative);
            }
        }
    }
    found.sort();
    Ok(found)
}
