//! Generates the fixture specs' code into `OUT_DIR` with the generator's
//! library call, the way a downstream `build.rs` would use it.

use std::path::PathBuf;

fn main() {
    let fixtures = PathBuf::from("fixtures");
    println!("cargo::rerun-if-changed={}", fixtures.display());
    let specs = generator::spec_files(&fixtures).expect("tests/fixtures is readable");
    let code = match generator::generate_inline(&specs) {
        Ok(code) => code,
        Err(diagnostics) => {
            for diagnostic in diagnostics {
                println!("cargo::error={diagnostic}");
            }
            return;
        }
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("fixtures.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
