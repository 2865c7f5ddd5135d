//! A spec directory outside any workspace becomes a crate that `cargo build`
//! compiles with no hand edits, with both features and with none, offline
//! against the workspace's lock file; `--check` passes right after. With
//! `--example-tests`, its `cargo test` reads every JSON example of the
//! specs into its type and back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Outside the workspace, which would otherwise claim the crate as a member.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("generator-own-crate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn succeed(command: &mut Command) -> Output {
    let output = run(command);
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Copies the files of `from` into `to`, subdirectories (parts of specs) included.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, target).unwrap();
        }
    }
}

fn run(command: &mut Command) -> Output {
    command.output().unwrap()
}

/// The generator, from `specs` into `out`.
fn generator(specs: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_generator"));
    command.arg("--spec-dir").arg(specs).arg("--out-dir").arg(out);
    command
}

fn cargo_command(out: &Path, args: &[&str]) -> Command {
    // Its own target dir: the one of the running `cargo test` is locked.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("own-crate-target");
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .args(args)
        .arg("--offline")
        .arg("--manifest-path")
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS");
    command
}

fn cargo(out: &Path, args: &[&str]) -> Output {
    succeed(&mut cargo_command(out, args))
}

/// `cargo test --test examples -- --nocapture` of the crate at `out`.
fn example_tests(out: &Path) -> Output {
    run(cargo_command(out, &["test", "--no-default-features", "--test", "examples"])
        .args(["--", "--nocapture"])
        .env("RUST_BACKTRACE", "0"))
}

#[test]
fn a_spec_directory_becomes_a_crate_that_builds_alone() {
    let root = scratch("fixtures");
    let (specs, out) = (root.join("my-specs"), root.join("my-api"));
    std::fs::create_dir_all(&specs).unwrap();
    // The exact fixtures and the lossy ones: every construct, every dependency.
    for dir in ["tests/fixtures", "tests/warnings"] {
        copy_tree(&workspace().join(dir), &specs);
    }
    // Lossy specs warn; that is expected here.
    let with_example_tests = || {
        let mut command = generator(&specs, &out);
        command.arg("--example-tests");
        command
    };
    succeed(with_example_tests().args(["--crate-name", "my-api"]));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\nname = \"my-api\"\n"), "{manifest}");
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();

    for features in [&[][..], &["--no-default-features"][..]] {
        let build = cargo(&out, &[&["build", "--all-targets"][..], features].concat());
        let stderr = String::from_utf8_lossy(&build.stderr);
        assert!(!stderr.contains("warning"), "{features:?}: the generated crate warns:\n{stderr}");
    }
    let tree = cargo(&out, &["tree", "--no-default-features", "-e", "normal", "--prefix", "none"]);
    let tree = String::from_utf8_lossy(&tree.stdout);
    for http in ["axum ", "hyper ", "reqwest ", "rustls ", "tokio "] {
        assert!(!tree.lines().any(|line| line.starts_with(http)), "types-only build pulls {http}:\n{tree}");
    }

    // Every example of the exact fixtures reads into its type and back; each
    // one the generator warned about fails.
    let examples = example_tests(&out);
    let stdout = String::from_utf8_lossy(&examples.stdout);
    assert!(stdout.contains("examples of examples: 10 checked, 0 failed"), "{stdout}");
    assert!(stdout.contains("examples of bad_examples: 10 checked, 9 failed"), "{stdout}");
    assert_eq!(stdout.matches("example failed: ").count(), 9, "{stdout}");
    assert!(!examples.status.success());

    succeed(with_example_tests().arg("--check"));
}

#[test]
fn a_crate_of_some_parts_builds_without_a_warning_and_pulls_only_their_stack() {
    let root = scratch("parts");
    let specs = root.join("specs");
    copy_tree(&workspace().join("tests/fixtures"), &specs);
    for (parts, absent) in [("client,builders", ["axum "]), ("server,mock", ["reqwest "])] {
        let out = root.join(parts.replace(',', "-"));
        succeed(generator(&specs, &out).args(["--crate-name", "parts", "--emit", parts]));
        std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
        for features in [&[][..], &["--all-features"][..]] {
            let build = cargo(&out, &[&["build"][..], features].concat());
            let stderr = String::from_utf8_lossy(&build.stderr);
            assert!(!stderr.contains("warning"), "{parts} {features:?}: the generated crate warns:\n{stderr}");
        }
        let tree = cargo(&out, &["tree", "--all-features", "-e", "normal", "--prefix", "none"]);
        let tree = String::from_utf8_lossy(&tree.stdout);
        for absent in absent {
            assert!(!tree.lines().any(|line| line.starts_with(absent)), "{parts} pulls {absent}:\n{tree}");
        }
    }
}

#[test]
fn contract_tests_pass_against_a_server_that_keeps_the_contract_and_fail_against_one_that_does_not() {
    let root = scratch("contract");
    let out = root.join("apis");
    succeed(generator(&workspace().join("spec"), &out).args(["--crate-name", "apis", "--contract-tests"]));
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    // The server: the crate's own mock of one API, on a port it prints.
    std::fs::create_dir_all(out.join("examples")).unwrap();
    std::fs::write(
        out.join("examples/mock.rs"),
        r#"#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("{}", listener.local_addr().unwrap());
    let router = match std::env::args().nth(1).as_deref() {
        Some("awx") => apis::awx::server::router(apis::awx::mock::Mock),
        _ => apis::bleemeo::server::router(apis::bleemeo::mock::Mock),
    };
    axum::serve(listener, router).await.unwrap();
}
"#,
    )
    .unwrap();
    let mut manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    manifest.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"net\", \"rt\"] }\naxum = { version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"] }\n");
    std::fs::write(out.join("Cargo.toml"), manifest).unwrap();
    cargo(&out, &["build", "--features", "mock", "--example", "mock"]);
    let tests = cargo(&out, &["test", "--features", "contract", "--test", "contract", "--no-run"]);
    assert!(!String::from_utf8_lossy(&tests.stderr).contains("warning"), "{}", String::from_utf8_lossy(&tests.stderr));

    let contract = |server: &str, api: &str| {
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("own-crate-target");
        let mut mock = Command::new(target.join("debug/examples/mock"))
            .arg(server)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut address = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(mock.stdout.as_mut().unwrap()), &mut address).unwrap();
        let output = run(cargo_command(&out, &["test", "--features", "contract", "--test", "contract"])
            .args(["--", "--ignored", "--test-threads", "1", &format!("{api}::")])
            .env("CONTRACT_URL", format!("http://{}", address.trim())));
        mock.kill().unwrap();
        mock.wait().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    // Bleemeo's five operations against Bleemeo's mock: each request is
    // one it reads, each answer one the client reads.
    let kept = contract("bleemeo", "bleemeo");
    assert!(kept.contains("test result: ok. 5 passed; 0 failed"), "{kept}");
    // Against AWX's, every one of them is refused.
    let broken = contract("awx", "bleemeo");
    assert!(broken.contains("0 passed; 5 failed"), "{broken}");
    assert!(broken.contains("undocumented status 404") || broken.contains("404"), "{broken}");
}

#[test]
fn an_example_that_contradicts_its_schema_fails_the_example_tests_and_is_named() {
    let root = scratch("bad-example");
    let (specs, out) = (root.join("specs"), root.join("shop"));
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::write(
        specs.join("shop.yaml"),
        r##"openapi: 3.0.3
info: {title: Shop, version: "1"}
paths: {}
components:
  schemas:
    Item:
      type: object
      required: [name, price]
      properties:
        name: {type: string, example: Pen}
        price: {type: integer, example: "12 EUR"}
      example: {name: Pen, price: 12}
"##,
    )
    .unwrap();
    succeed(generator(&specs, &out).arg("--example-tests"));
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let examples = example_tests(&out);
    let stdout = String::from_utf8_lossy(&examples.stdout);
    // A crate without string enums does not warn of the support it leaves unused.
    let stderr = String::from_utf8_lossy(&examples.stderr);
    assert!(!stderr.contains("warning"), "the generated crate warns:\n{stderr}");
    assert!(!examples.status.success(), "{stdout}");
    assert!(stdout.contains("examples of shop: 3 checked, 1 failed"), "{stdout}");
    assert!(
        stdout.contains(
            "example failed: specs/shop.yaml#/components/schemas/Item/properties/price/example: does not parse: invalid type: string \"12 EUR\", expected i64"
        ),
        "{stdout}"
    );
}
