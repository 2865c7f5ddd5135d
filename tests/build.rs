//! Generates the fixture specs' code into `OUT_DIR` with the generator's
//! one-line build-script helper, the way a downstream `build.rs` would.

fn main() {
    generator::build_script("fixtures", "fixtures.rs");
}
