//! Structure-aware fuzzing of the whole generator, on stable Rust: each
//! case is a seed spec (`spec/`, `tests/fixtures/`) with a few mutations a
//! sloppy or hostile spec could hold — a key dropped, duplicated, renamed
//! or given a value of another type, a `$ref` pointed elsewhere, odd strings
//! and numbers — written as JSON or YAML. Whatever comes out, the generator
//! must not panic; a refusal is diagnostics that each name the file; a
//! crate it generates is the same bytes when generated again.
//!
//! `cargo test` runs a bounded number of cases (`FUZZ_CASES`, default 3,000).
//! The long run is `.ci/fuzz MINUTES`: the same test, cases until the time
//! is up (`FUZZ_SECONDS`), and every `FUZZ_COMPILE_EVERY`-th crate that
//! generates is also compiled with `cargo check`. A case that breaks a rule
//! is written to `target/fuzz/failures/` to become a fixture.

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// SplitMix64: small, seedable, the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ODD_STRINGS: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "{id}",
    "~1~0/",
    "#/components/schemas/",
    "#/components/schemas/Missing",
    "../elsewhere.yaml#/x",
    "http://example.com/spec.json",
    "😀 Ünïcödé",
    "a\"quote'and\\backslash",
    "string",
    "object",
    "array",
    "integer",
    "^(unclosed",
    "date-time",
    "byte",
    "application/json",
    "multipart/form-data",
    "x-",
    "$ref",
    "null",
    "-1",
];

fn odd_number(rng: &mut Rng) -> Value {
    let choices = [
        serde_json::json!(0),
        serde_json::json!(-1),
        serde_json::json!(1.5),
        serde_json::json!(-0.0),
        serde_json::json!(1e308),
        serde_json::json!(u64::MAX),
        serde_json::json!(i64::MIN),
        serde_json::json!(2_147_483_648_i64),
    ];
    rng.pick(&choices).clone()
}

fn odd_value(rng: &mut Rng, sample: &Value) -> Value {
    match rng.below(7) {
        0 => Value::String((*rng.pick(ODD_STRINGS)).to_owned()),
        1 => odd_number(rng),
        2 => Value::Bool(rng.below(2) == 0),
        3 => Value::Null,
        4 => Value::Array(vec![sample.clone()]),
        5 => Value::Object(Map::from_iter([("type".to_owned(), Value::String((*rng.pick(ODD_STRINGS)).to_owned()))])),
        _ => sample.clone(),
    }
}

/// Pointers (as paths of steps) to every node of `value`.
fn nodes(value: &Value, path: &mut Vec<Step>, found: &mut Vec<Vec<Step>>) {
    found.push(path.clone());
    match value {
        Value::Object(map) => {
            for key in map.keys() {
                path.push(Step::Key(key.clone()));
                nodes(&map[key], path, found);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                nodes(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.as_object_mut()?.get_mut(key),
        Step::Index(index) => value.as_array_mut()?.get_mut(*index),
    })
}

fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push(target.clone());
            }
            map.values().for_each(|value| refs(value, found));
        }
        Value::Array(items) => items.iter().for_each(|value| refs(value, found)),
        _ => {}
    }
}

/// One mutation of `doc`; says which, for the failure report.
fn mutate(rng: &mut Rng, doc: &mut Value) -> String {
    let mut all = Vec::new();
    nodes(doc, &mut Vec::new(), &mut all);
    let mut targets = Vec::new();
    refs(doc, &mut targets);
    let path = rng.pick(&all).clone();
    let sample = at(doc, &path).cloned().unwrap_or(Value::Null);
    let elsewhere: &Vec<Step> = rng.pick(all.as_slice());
    let other = at(doc, elsewhere).cloned().unwrap_or(Value::Null);
    let kind = rng.below(7);
    let node = at(doc, &path).expect("a node found above");
    match (kind, node) {
        (0, Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(rng.below(map.len())).cloned().unwrap_or_default();
            map.remove(&key);
            format!("dropped {key:?} at {path:?}")
        }
        (1, Value::Object(map)) => {
            let key = if rng.below(2) == 0 {
                map.keys().next().cloned().unwrap_or_else(|| "type".to_owned())
            } else {
                (*rng.pick(ODD_STRINGS)).to_owned()
            };
            map.insert(key.clone(), other);
            format!("set {key:?} at {path:?} to a copy of another node")
        }
        (2, Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(rng.below(map.len())).cloned().unwrap_or_default();
            let value = map.remove(&key).unwrap_or(Value::Null);
            let renamed = format!("{key}{}", rng.pick(ODD_STRINGS));
            map.insert(renamed.clone(), value);
            format!("renamed {key:?} to {renamed:?} at {path:?}")
        }
        (3, Value::Array(items)) if !items.is_empty() => {
            let index = rng.below(items.len());
            let copy = items[index].clone();
            items.push(copy);
            format!("repeated item {index} at {path:?}")
        }
        (4, node) if !targets.is_empty() => {
            let target = rng.pick(&targets).clone();
            *node = Value::Object(Map::from_iter([("$ref".to_owned(), Value::String(target.clone()))]));
            format!("made {path:?} a $ref to {target:?}")
        }
        (5, Value::Object(map)) if map.contains_key("$ref") => {
            let target = if targets.is_empty() { String::new() } else { rng.pick(&targets).clone() };
            let target = format!("{target}{}", if rng.below(2) == 0 { "" } else { *rng.pick(ODD_STRINGS) });
            map.insert("$ref".to_owned(), Value::String(target.clone()));
            format!("pointed the $ref at {path:?} to {target:?}")
        }
        (_, node) => {
            *node = odd_value(rng, &sample);
            format!("replaced {path:?} with {node}")
        }
    }
}

fn seeds() -> Vec<(String, Value)> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let mut seeds = Vec::new();
    for dir in [workspace.join("spec"), workspace.join("tests/fixtures")] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|path| path.is_file()) {
            let text = std::fs::read_to_string(&path).unwrap();
            let value: Option<Value> = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml") => serde_yaml::from_str(&text).ok(),
                Some("json") => serde_json::from_str(&text).ok(),
                _ => None,
            };
            // A spec that refers to another file needs it beside it; such
            // seeds are left out (their own test covers them).
            if let Some(value) = value.filter(|value| !value.to_string().contains(".yaml#")) {
                seeds.push((path.file_stem().unwrap().to_string_lossy().into_owned(), value));
            }
        }
    }
    seeds
}

struct Budget {
    cases: usize,
    until: Option<Instant>,
    compile_every: usize,
}

impl Budget {
    fn from_env() -> Self {
        let number = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        Budget {
            cases: number("FUZZ_CASES").map_or(3000, |n| n as usize),
            until: number("FUZZ_SECONDS").map(|s| Instant::now() + Duration::from_secs(s)),
            compile_every: number("FUZZ_COMPILE_EVERY").map_or(0, |n| n as usize),
        }
    }

    fn more(&self, done: usize) -> bool {
        match self.until {
            Some(until) => Instant::now() < until,
            None => done < self.cases,
        }
    }
}

#[test]
fn mutated_specs_never_panic_and_fail_only_with_located_diagnostics() {
    let budget = Budget::from_env();
    let seeds = seeds();
    assert!(seeds.len() >= 10, "seeds missing: {}", seeds.len());
    // Its own directory: two runs at once (`cargo test` beside `.ci/fuzz`)
    // must not remove each other's cases.
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let failures_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz/failures");
    let crate_name = generator::CrateName::new("fuzzed").unwrap();
    let (mut generated, mut refused, mut compiled) = (0, 0, 0);
    let mut failures: Vec<String> = Vec::new();
    let mut case = 0;
    while budget.more(case) {
        let mut rng = Rng(case as u64);
        let (stem, seed) = rng.pick(&seeds);
        let mut doc = seed.clone();
        let mutations: Vec<String> = (0..1 + rng.below(4)).map(|_| mutate(&mut rng, &mut doc)).collect();
        let dir = root.join(format!("case{case}"));
        std::fs::create_dir_all(&dir).unwrap();
        // Alternate the two parsers; JSON text is YAML too.
        let extension = if case % 2 == 0 { "json" } else { "yaml" };
        let path = dir.join(format!("{stem}.{extension}"));
        let text = if extension == "json" {
            serde_json::to_string_pretty(&doc).unwrap()
        } else {
            serde_yaml::to_string(&doc).unwrap()
        };
        std::fs::write(&path, &text).unwrap();

        let outcome = std::panic::catch_unwind(|| generator::generate(std::slice::from_ref(&path), &crate_name));
        let broken = match outcome {
            Err(_) => Some("the generator panicked".to_owned()),
            Ok(Err(diagnostics)) => {
                refused += 1;
                if std::env::var_os("FUZZ_VERBOSE").is_some() {
                    println!("refused: {}", diagnostics[0].message);
                }
                diagnostics
                    .iter()
                    .find(|d| d.file.as_os_str().is_empty() || d.message.contains("internal error"))
                    .map(|d| format!("a diagnostic without a file, or an internal error: {d}"))
            }
            Ok(Ok(first)) => {
                generated += 1;
                let mut broken = match generator::generate(std::slice::from_ref(&path), &crate_name) {
                    Ok(again) if again.files == first.files => None,
                    Ok(_) => Some("a second run generated other bytes".to_owned()),
                    Err(errors) => Some(format!("a second run was refused: {errors:?}")),
                };
                if broken.is_none() && budget.compile_every > 0 && generated % budget.compile_every == 0 {
                    compiled += 1;
                    broken = compile(&dir.join("crate"), &first.files).err();
                }
                broken
            }
        };
        if let Some(reason) = broken {
            std::fs::create_dir_all(&failures_dir).unwrap();
            let kept = failures_dir.join(format!("case{case}-{stem}.{extension}"));
            std::fs::write(&kept, &text).unwrap();
            failures.push(format!("case {case} ({}): {reason}; mutations: {mutations:?}", kept.display()));
        }
        let _ = std::fs::remove_dir_all(&dir);
        case += 1;
    }
    let _ = std::fs::remove_dir_all(&root);
    println!(
        "{case} cases: {generated} generated, {refused} refused, {compiled} compiled, {} broke a rule",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(generated > 0 && refused > 0, "the mutations should both keep specs valid and break them");
}

/// `cargo check` of a generated crate, in a target dir shared by the run.
fn compile(dir: &Path, files: &[generator::GeneratedFile]) -> Result<(), String> {
    generator::write_files(dir, files).map_err(|error| error.to_string())?;
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let mut manifest = std::fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| e.to_string())?;
    manifest.push_str("\n[workspace]\n");
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let output = std::process::Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline", "--all-features", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", workspace.join("target/fuzz/check-target"))
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("the crate does not compile: {}", String::from_utf8_lossy(&output.stderr)))
    }
}
