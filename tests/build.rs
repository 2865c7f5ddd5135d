//! Generates the code of the fixture specs (`fixtures/`, exact) and of the
//! lossy ones (`warnings/`, valid specs with constructs that get a looser
//! type) into `OUT_DIR`, so that compiling this crate proves it compiles.
//! The lossy specs' warnings are expected, and snapshotted by
//! `tests/warnings.rs`; only errors are reported here. A downstream
//! `build.rs` needs just `generator::build_script("spec", "apis.rs")`.

use std::path::Path;

fn main() {
    let mut specs = Vec::new();
    for dir in ["fixtures", "warnings"] {
        println!("cargo::rerun-if-changed={dir}");
        specs.extend(generator::spec_files(Path::new(dir)).expect("the spec directories are readable"));
    }
    match generator::generate_inline(&specs) {
        Ok(generated) => {
            let out = Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("fixtures.rs");
            std::fs::write(out, generated.code).expect("OUT_DIR is writable");
        }
        Err(diagnostics) => {
            for diagnostic in diagnostics {
                println!("cargo::{}={diagnostic}", diagnostic.severity.label());
            }
        }
    }
}
