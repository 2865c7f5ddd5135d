//! The last stage, disk only: the rendered files written where they
//! changed, all or nothing and one run at a time, the user's parts of
//! `Cargo.toml` kept, our own stale files removed; or compared (`--check`).

mod kept;
mod lock;
mod path_error;
mod transaction;

use crate::render::{GeneratedFile, MARKER};
use path_error::with_path;
use std::io;
use std::path::{Path, PathBuf};

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
/// before, all or nothing: a failure at any step leaves `out_dir` as it was
/// (see `transaction.rs`). Every file's contents are settled before the
/// first write, so a `Cargo.toml` the generator may not touch stops the run
/// with nothing written. A second run on the same `out_dir` waits for the
/// first to finish.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<WriteReport> {
    write_with(out_dir, files, transaction::Transaction::new())
}

fn write_with(
    out_dir: &Path,
    files: &[GeneratedFile],
    mut transaction: transaction::Transaction,
) -> io::Result<WriteReport> {
    let _lock = lock::lock(out_dir, |lock| {
        eprintln!("waiting for another generator run on {} to finish (lock {})", out_dir.display(), lock.display());
    })?;
    let mut paths: Vec<&Path> = files.iter().map(|file| file.path.as_path()).collect();
    paths.sort();
    if let Some(pair) = paths.windows(2).find(|pair| pair[0] == pair[1]) {
        let message = format!("internal error of the generator: two generated files are {}", pair[0].display());
        return Err(io::Error::other(message));
    }
    let mut settled = Vec::with_capacity(files.len());
    for file in files {
        let on_disk = read_if_present(&out_dir.join(&file.path))?;
        let contents = final_contents(file, on_disk.as_deref()).map_err(io::Error::other)?;
        settled.push((file, on_disk, contents));
    }
    let (stale, leftovers) = scan(out_dir, files)?;
    // Temporary files of a run that died; no live run owns them (the lock).
    for leftover in leftovers {
        std::fs::remove_file(out_dir.join(leftover))?;
    }
    let mut report = WriteReport::default();
    let run = || {
        for (file, on_disk, contents) in settled {
            if on_disk.as_deref() == Some(contents.as_str()) {
                report.unchanged.push(file.path.clone());
            } else {
                transaction.stage(&out_dir.join(&file.path), &contents, on_disk)?;
                report.written.push(file.path.clone());
            }
        }
        let stale_paths: Vec<PathBuf> = stale.iter().map(|path| out_dir.join(path)).collect();
        transaction.commit(&stale_paths)?;
        report.removed = stale;
        Ok::<(), io::Error>(())
    };
    if let Err(error) = run() {
        let undo_errors = transaction.roll_back();
        if undo_errors.is_empty() {
            return Err(io::Error::new(error.kind(), format!("{error}; {} is as it was", out_dir.display())));
        }
        let undo: Vec<String> = undo_errors.iter().map(ToString::to_string).collect();
        return Err(io::Error::new(
            error.kind(),
            format!("{error}; putting back what was there also failed: {}", undo.join("; ")),
        ));
    }
    remove_emptied_dirs(out_dir, &report.removed);
    Ok(report)
}

/// The directories that removing `removed` left empty (a module, or a part
/// no longer emitted), up to `out_dir`. A directory that holds anything
/// else, the user's file included, stays; so does one that cannot be
/// removed: the run has done its work either way.
fn remove_emptied_dirs(out_dir: &Path, removed: &[PathBuf]) {
    let mut dirs: Vec<&Path> = removed.iter().flat_map(|path| path.ancestors().skip(1)).collect();
    dirs.retain(|dir| !dir.as_os_str().is_empty());
    // Deepest first, so that a parent is tried once its children are gone.
    dirs.sort_by_key(|dir| (std::cmp::Reverse(dir.components().count()), *dir));
    dirs.dedup();
    for dir in dirs {
        let _ = std::fs::remove_dir(out_dir.join(dir));
    }
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
    for path in scan(out_dir, files)?.0 {
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
        Err(error) => Err(with_path(error, path)),
    }
}

/// Under `src/` and `tests/`: the `.rs` files that carry our marker but are
/// not in `files` (stale), and the temporary files of earlier runs.
fn scan(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut stale = Vec::new();
    let mut leftovers = Vec::new();
    let mut pending = vec![out_dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            let relative = path.strip_prefix(out_dir).expect("under out_dir").to_path_buf();
            if entry.file_type()?.is_dir() {
                // The crate root's own files, and what is under src/ and tests/.
                if relative.starts_with("src") || relative.starts_with("tests") {
                    pending.push(path);
                }
                continue;
            }
            if entry.file_name().to_str().is_some_and(transaction::is_temporary) {
                leftovers.push(relative);
                continue;
            }
            if dir == out_dir {
                continue;
            }
            let ours = std::fs::read_to_string(&path).is_ok_and(|text| text.starts_with(MARKER));
            if ours && path.extension().is_some_and(|e| e == "rs") && !files.iter().any(|f| f.path == relative) {
                stale.push(relative);
            }
        }
    }
    stale.sort();
    leftovers.sort();
    Ok((stale, leftovers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every file and directory under `dir`, with its bytes.
    fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
        let mut tree = BTreeMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(current) = pending.pop() {
            for entry in std::fs::read_dir(&current).unwrap() {
                let path = entry.unwrap().path();
                let relative = path.strip_prefix(dir).unwrap().to_path_buf();
                if path.is_dir() {
                    tree.insert(relative, None);
                    pending.push(path);
                } else {
                    tree.insert(relative, Some(std::fs::read(&path).unwrap()));
                }
            }
        }
        tree
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: PathBuf::from(path), contents: format!("{MARKER} test\n{contents}") }
    }

    /// An out dir from an earlier run: one file that stays, one that
    /// changes, one no longer generated, and a user's file.
    fn earlier_run(dir: &Path) {
        std::fs::create_dir_all(dir.join("src/old")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), file("", "same").contents).unwrap();
        std::fs::write(dir.join("src/old/mod.rs"), file("", "before").contents).unwrap();
        std::fs::write(dir.join("src/old/gone.rs"), file("", "stale").contents).unwrap();
        std::fs::write(dir.join("src/mine.rs"), "// the user's\n").unwrap();
    }

    fn this_run() -> Vec<GeneratedFile> {
        vec![
            file("src/lib.rs", "same"),
            file("src/old/mod.rs", "after"),
            file("src/new/deep/mod.rs", "new"),
            file("src/new/types.rs", "new too"),
        ]
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_out_dir_as_it_was() {
        let root = std::env::temp_dir().join(format!("generator-write-{}", std::process::id()));
        let mut failures = 0;
        for step in 0.. {
            let dir = root.join(step.to_string());
            earlier_run(&dir);
            let before = tree(&dir);
            let mut transaction = transaction::Transaction::new();
            transaction.fail_at = Some(step);
            match write_with(&dir, &this_run(), transaction) {
                Err(error) => {
                    failures += 1;
                    assert!(error.to_string().contains("injected failure"), "{error}");
                    assert_eq!(tree(&dir), before, "step {step} failed and left a change");
                }
                Ok(report) => {
                    // Every step has been made to fail; this run got past them all.
                    assert_eq!(report.removed, [PathBuf::from("src/old/gone.rs")]);
                    let after = tree(&dir);
                    assert_eq!(
                        after.get(Path::new("src/old/mod.rs")),
                        Some(&Some(file("", "after").contents.into_bytes()))
                    );
                    assert_eq!(after.get(Path::new("src/mine.rs")), Some(&Some(b"// the user's\n".to_vec())));
                    assert!(!after.contains_key(Path::new("src/old/gone.rs")));
                    assert!(after.contains_key(Path::new("src/new/deep/mod.rs")));
                    assert!(after.keys().all(|path| !path.to_string_lossy().ends_with(".tmp")), "{after:?}");
                    break;
                }
            }
        }
        // Two directories to make, three files to write and rename, one to remove.
        assert_eq!(failures, 9);
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn two_files_at_one_path_are_refused_before_anything_is_written() {
        let dir = std::env::temp_dir().join(format!("generator-twice-{}", std::process::id()));
        let error = write(&dir, &[file("src/lib.rs", "a"), file("src/lib.rs", "b")]).unwrap_err();
        assert!(error.to_string().contains("two generated files are src/lib.rs"), "{error}");
        assert!(!dir.join("src").exists());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn directories_emptied_of_our_files_go_and_those_holding_the_users_stay() {
        let dir = std::env::temp_dir().join(format!("generator-write-emptied-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, contents) in
            [("src/gone/part/a.rs", "a"), ("src/gone/b.rs", "b"), ("src/kept/c.rs", "c"), ("src/lib.rs", "lib")]
        {
            std::fs::create_dir_all(dir.join(path).parent().unwrap()).unwrap();
            std::fs::write(dir.join(path), file("", contents).contents).unwrap();
        }
        std::fs::write(dir.join("src/kept/mine.rs"), "// the user's\n").unwrap();
        let report = write(&dir, &[file("src/lib.rs", "lib")]).unwrap();
        assert_eq!(report.removed.len(), 3);
        let after: Vec<PathBuf> = tree(&dir).into_keys().collect();
        let expected = ["src", "src/kept", "src/kept/mine.rs", "src/lib.rs"].map(PathBuf::from);
        assert_eq!(after, expected);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn temporary_files_of_a_dead_run_are_removed() {
        let dir = std::env::temp_dir().join(format!("generator-leftovers-{}", std::process::id()));
        earlier_run(&dir);
        std::fs::write(dir.join("src/old/.mod.rs.generator-1.tmp"), "half").unwrap();
        write(&dir, &this_run()).unwrap();
        assert!(!dir.join("src/old/.mod.rs.generator-1.tmp").exists());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
