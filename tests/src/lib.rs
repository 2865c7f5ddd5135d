//! The fixture specs of `tests/fixtures/`, generated at build time by
//! `build.rs`: compiling this crate proves their output compiles, and the
//! behaviour tests in `tests/` use its types.

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
