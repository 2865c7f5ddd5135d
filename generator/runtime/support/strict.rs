//! How strictly values are read. A server refuses what its spec does not
//! list; a client keeps what a newer server adds. So reading is lenient
//! unless the reader asks otherwise: a string enum keeps a value it does
//! not know (its `Unknown` variant), a `oneOf` with a discriminator keeps a
//! value whose tag it does not know, and an object closed by
//! `additionalProperties: false` ignores keys it does not name. Inside
//! [`strictly`] each of them is an error instead, as the generated server
//! reads every request (and a client asked to be strict, every answer).

use std::cell::Cell;

thread_local! {
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read` with values the spec does not list refused. Reading is
/// synchronous, so the setting holds exactly for what `read` does on this
/// thread; it is put back as it was afterwards, even on a panic.
pub fn strictly<T>(read: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT.with(|strict| strict.set(self.0));
        }
    }
    let _restore = Restore(STRICT.with(|strict| strict.replace(true)));
    read()
}

/// Whether values the spec does not list are refused here and now.
pub fn is_strict() -> bool {
    STRICT.with(Cell::get)
}
