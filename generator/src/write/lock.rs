//! One run at a time per out dir: an exclusive OS file lock, which the
//! system releases when the process ends, however it ends, so a crashed run
//! never leaves a stale lock. The lock file lives in the system's temporary
//! directory, named after the out dir's canonical path, so the out dir (a
//! committed crate, often) gains no file.

use super::path_error::with_path;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Holds the lock until dropped.
pub(crate) struct OutDirLock {
    _file: File,
}

/// Takes the out dir's lock, waiting for another run to finish; `waiting`
/// is called once if it has to wait (the CLI says so on stderr).
pub(crate) fn lock(out_dir: &Path, waiting: impl FnOnce(&Path)) -> io::Result<OutDirLock> {
    let path = lock_path(out_dir)?;
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|error| with_path(error, &path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting(&path);
            file.lock()?;
        }
        Err(std::fs::TryLockError::Error(error)) => return Err(with_path(error, &path)),
    }
    Ok(OutDirLock { _file: file })
}

fn lock_path(out_dir: &Path) -> io::Result<PathBuf> {
    // An out dir yet to be made is named by its absolute path.
    let canonical = out_dir.canonicalize().or_else(|_| std::path::absolute(out_dir))?;
    // FNV-1a of the path's bytes: stable across runs and machines.
    let hash = canonical
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
    Ok(std::env::temp_dir().join(format!("generator-{hash:016x}.lock")))
}
