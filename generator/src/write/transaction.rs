//! All or nothing: every changed file is first written beside its target
//! under a temporary name of its own, then renamed into place, and stale
//! files are removed last. What each step replaced is kept in memory, so a
//! failure at any step puts every file back as it was: the out dir is
//! either as before or fully updated (short of the machine stopping
//! half-way through the renames).

use super::path_error::with_path;
use std::io;
use std::path::{Path, PathBuf};

/// What a finished step changed, to undo it.
struct Done {
    target: PathBuf,
    /// The contents it replaced; `None` if the file is new.
    before: Option<String>,
}

pub(super) struct Transaction {
    /// Temporary files written and not yet renamed, with their targets and
    /// what the targets held.
    staged: Vec<(PathBuf, PathBuf, Option<String>)>,
    /// Directories this run created, outermost first.
    created_dirs: Vec<PathBuf>,
    done: Vec<Done>,
    /// Tests make the step with this number fail (counting writes, renames
    /// and removals from 0).
    #[cfg(test)]
    pub(super) fail_at: Option<usize>,
    steps: usize,
}

impl Transaction {
    pub(super) fn new() -> Self {
        Transaction {
            staged: Vec::new(),
            created_dirs: Vec::new(),
            done: Vec::new(),
            #[cfg(test)]
            fail_at: None,
            steps: 0,
        }
    }

    /// Writes `contents` under a temporary name beside `target`.
    pub(super) fn stage(&mut self, target: &Path, contents: &str, before: Option<String>) -> io::Result<()> {
        if let Some(parent) = target.parent() {
            self.create_dirs(parent)?;
        }
        let temporary = temporary_name(target);
        self.step(&temporary)?;
        // Recorded first: a write that fails half-way leaves a file to remove.
        self.staged.push((temporary.clone(), target.to_path_buf(), before));
        std::fs::write(&temporary, contents).map_err(|error| with_path(error, &temporary))
    }

    /// Renames every staged file into place, then removes `stale` files.
    pub(super) fn commit(&mut self, stale: &[PathBuf]) -> io::Result<()> {
        let mut staged = std::mem::take(&mut self.staged).into_iter();
        while let Some((temporary, target, before)) = staged.next() {
            if let Err(error) = self.step(&target).and_then(|()| std::fs::rename(&temporary, &target)) {
                let _ = std::fs::remove_file(&temporary);
                // What is left to rename, roll_back removes.
                self.staged.extend(staged);
                return Err(with_path(error, &target));
            }
            self.done.push(Done { target, before });
        }
        for target in stale {
            let before = std::fs::read_to_string(target).map_err(|error| with_path(error, target))?;
            self.step(target).and_then(|()| std::fs::remove_file(target)).map_err(|error| with_path(error, target))?;
            self.done.push(Done { target: target.clone(), before: Some(before) });
        }
        Ok(())
    }

    /// Undoes every step, latest first. Returns the errors of steps that
    /// could not be undone (each names its file); none in practice, as each
    /// undo writes where this run has just written.
    pub(super) fn roll_back(&mut self) -> Vec<io::Error> {
        let mut errors = Vec::new();
        for (temporary, _, _) in self.staged.drain(..) {
            let _ = std::fs::remove_file(temporary);
        }
        for done in self.done.drain(..).rev() {
            let undone = match &done.before {
                Some(before) => {
                    let temporary = temporary_name(&done.target);
                    std::fs::write(&temporary, before).and_then(|()| std::fs::rename(&temporary, &done.target))
                }
                None => std::fs::remove_file(&done.target),
            };
            if let Err(error) = undone {
                errors.push(with_path(error, &done.target));
            }
        }
        for dir in self.created_dirs.drain(..).rev() {
            let _ = std::fs::remove_dir(dir);
        }
        errors
    }

    fn create_dirs(&mut self, dir: &Path) -> io::Result<()> {
        let mut missing = Vec::new();
        let mut current = Some(dir);
        while let Some(dir) = current.filter(|dir| !dir.as_os_str().is_empty() && !dir.exists()) {
            missing.push(dir.to_path_buf());
            current = dir.parent();
        }
        for dir in missing.into_iter().rev() {
            self.step(&dir)?;
            std::fs::create_dir(&dir).map_err(|error| with_path(error, &dir))?;
            self.created_dirs.push(dir);
        }
        Ok(())
    }

    /// Counts a step; under test, fails the one asked for.
    fn step(&mut self, path: &Path) -> io::Result<()> {
        let number = self.steps;
        self.steps += 1;
        #[cfg(test)]
        if self.fail_at == Some(number) {
            return Err(io::Error::other(format!("injected failure at step {number} ({})", path.display())));
        }
        let _ = (number, path);
        Ok(())
    }
}

/// `dir/.name.generator-PID.tmp`: hidden, and this process's own, so a run
/// that died cannot collide with this one (the lock keeps two live runs
/// apart); `sweep_leftovers` removes what a dead run left.
fn temporary_name(target: &Path) -> PathBuf {
    let name = target.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}{TEMPORARY_INFIX}{}.tmp", std::process::id()))
}

const TEMPORARY_INFIX: &str = ".generator-";

/// Whether `name` is a temporary file of some run of the generator.
pub(super) fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp") && name.contains(TEMPORARY_INFIX)
}
