//! OpenAPI 3.1 and Swagger 2.0 are read as the 3.0 documents they mean:
//! `fixtures/openapi31.yaml` (every 3.1 construct with a 3.0 form) and
//! `fixtures/swagger2.yaml` (every 2.0 construct) generate the code that
//! their 3.0 translations (`*_as30.yaml`) do, and the types hold the
//! meaning of each keyword.

use serde_json::{json, Value};
use std::path::PathBuf;
use tests::openapi31::{Mood, Pet, PetKind};

/// The files generated from one fixture, without the lines that name it.
fn generated(stem: &str) -> Vec<(PathBuf, String)> {
    let spec = PathBuf::from(format!("fixtures/{stem}.yaml"));
    let crate_name = generator::CrateName::new("pets").unwrap();
    let generated = generator::generate(&[spec], &crate_name).unwrap_or_else(|errors| panic!("{errors:#?}"));
    assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);
    generated
        .files
        .into_iter()
        .map(|file| {
            let path = PathBuf::from(file.path.to_string_lossy().replace(stem, "api"));
            let contents: Vec<&str> = file.contents.lines().filter(|line| !line.starts_with("// @generated")).collect();
            (path, contents.join("\n").replace(stem, "api"))
        })
        .collect()
}

/// The two fixtures generate the same files, but for the names of their specs.
fn assert_same_code(stem: &str, translation: &str) {
    let (converted, written) = (generated(stem), generated(translation));
    assert_eq!(converted.len(), written.len());
    for ((path, code), (path_30, code_30)) in converted.iter().zip(&written) {
        assert_eq!(path, path_30);
        assert!(code == code_30, "{} differs:\n{}", path.display(), first_difference(code, code_30));
    }
}

#[test]
fn a_31_spec_generates_the_code_of_its_30_translation() {
    assert_same_code("openapi31", "openapi31_as30");
}

#[test]
fn a_swagger_2_spec_generates_the_code_of_its_30_translation() {
    assert_same_code("swagger2", "swagger2_as30");
}

fn first_difference(a: &str, b: &str) -> String {
    let line = a.lines().zip(b.lines()).position(|(a, b)| a != b).unwrap_or(0);
    format!("3.1: {:?}\n3.0: {:?}", a.lines().nth(line), b.lines().nth(line))
}

fn pet(extra: Value) -> Value {
    let mut pet = json!({"id": 1, "kind": "pet", "name": "Rex"});
    pet.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    pet
}

/// Whether the value is a `Pet`, read strictly (as a server reads a
/// request): the spec's meaning, exactly.
fn reads(value: Value) -> bool {
    tests::support::strictly(|| serde_json::from_value::<Pet>(value).is_ok())
}

#[test]
fn type_lists_const_and_exclusive_bounds_keep_their_31_meaning() {
    let full = pet(json!({"tag": null, "age": "two", "weight": 99.5, "score": 5, "photo": "UmV4",
        "owner": {"name": "Ann"}, "level": null, "extra": [1], "label": {"text": "a"}, "mood": "calm"}));
    let read: Pet = serde_json::from_value(full.clone()).unwrap();
    assert_eq!(read.kind, PetKind::Pet);
    assert_eq!(read.mood, Some(Mood::Calm));
    assert_eq!(serde_json::to_value(&read).unwrap(), full);

    // `type: [string, "null"]`, and `type: [integer, string]` with each type's own bounds.
    assert!(reads(pet(json!({"tag": "short"}))) && !reads(pet(json!({"tag": "far too long a tag"}))));
    assert!(reads(pet(json!({"age": 0}))) && !reads(pet(json!({"age": -1}))) && !reads(pet(json!({"age": true}))));
    assert!(!reads(pet(json!({"age": "twenty-one characters"}))));
    // `const`: another value is refused when read strictly (a server's
    // request); a client keeps it, as the enum's `Unknown`.
    let other_kind = json!({"id": 1, "kind": "cat", "name": "Rex"});
    assert!(!reads(other_kind.clone()) && serde_json::from_value::<Pet>(other_kind).is_ok());
    // `exclusiveMinimum: 0` beside `minimum: 5`: the tighter one holds.
    assert!(!reads(json!({"id": 0, "kind": "pet", "name": "Rex"})));
    assert!(!reads(pet(json!({"weight": 0}))) && !reads(pet(json!({"weight": 100}))));
    assert!(!reads(pet(json!({"score": 4}))));
    // `anyOf` with `{type: "null"}`, and `unevaluatedProperties: false` on a plain object.
    assert!(!reads(pet(json!({"owner": {"name": "Ann", "age": 3}}))));
    // `$defs`, hoisted, keep `additionalProperties: false`.
    assert!(!reads(pet(json!({"label": {"text": "a", "colour": "red"}}))));
    // `contentEncoding: base64`.
    assert!(!reads(pet(json!({"photo": "not base64!"}))));
    // `$ref` with a sibling `description`: the reference's type still checks.
    assert!(!reads(pet(json!({"mood": "grumpy"}))));
}

/// FastAPI's 3.1 output (`fixtures/shelter.json`, from
/// `fixtures/fastapi/shelter.py` by `.ci/fastapi-fixture`) is read with
/// Pydantic's meaning: `Optional` is a three-state field, `Literal` a
/// one-value enum, a discriminated `Union` picked by its tag, `gt`/`lt`
/// exclusive, `ge=0` written `0.0` an integer bound.
#[test]
fn fastapi_output_reads_as_pydantic_means() {
    use tests::shelter::{Adoption, AdoptionIn, AdoptionInPet, Size};
    use tests::support::Nullable;

    let spec = PathBuf::from("fixtures/shelter.json");
    let generated = generator::generate(&[spec], &generator::CrateName::new("shelter").unwrap()).unwrap();
    for warning in &generated.warnings {
        // FastAPI documents 422 for what the generated server answers 400.
        assert!(warning.message.starts_with("undocumented status"), "{warning}");
    }

    let body: AdoptionIn = serde_json::from_value(json!({"pet": {"kind": "dog", "name": "Rex"}, "fee": 12.5})).unwrap();
    let AdoptionInPet::Dog(dog) = &body.pet else { panic!("{body:?}") };
    assert_eq!((&dog.size, dog.good_boy), (&Size::Small, Nullable::Absent));
    assert_eq!(body.adopter, Nullable::Absent);
    let cat = |lives: i64| json!({"pet": {"kind": "cat", "name": "Tom", "lives": lives}, "fee": 1, "adopter": null});
    let read: AdoptionIn = serde_json::from_value(cat(9)).unwrap();
    assert_eq!(read.adopter, Nullable::Null);
    assert!(serde_json::from_value::<AdoptionIn>(cat(10)).is_err());
    assert!(serde_json::from_value::<AdoptionIn>(cat(-1)).is_err());
    for fee in [0.0, 1000.0] {
        assert!(
            serde_json::from_value::<AdoptionIn>(json!({"pet": {"kind": "cat", "name": "Tom"}, "fee": fee})).is_err()
        );
    }
    let wrong_tag = json!({"pet": {"kind": "bird", "name": "Tweety"}, "fee": 1});
    assert!(tests::support::strictly(|| serde_json::from_value::<AdoptionIn>(wrong_tag.clone())).is_err());
    let kept = serde_json::from_value::<AdoptionIn>(wrong_tag.clone()).unwrap();
    assert_eq!(kept.pet, AdoptionInPet::Unknown(wrong_tag["pet"].clone()));

    let adoption = json!({"id": "8a1f2a8e-3b7e-4d0c-9d7e-0f6f1c2b3a4d", "pet": {"kind": "cat", "name": "Tom", "lives": 3},
        "adopter": "Ann", "fee": 20.0, "at": "2024-05-01T12:00:00Z", "tags": ["calm"], "notes": null});
    let read: Adoption = serde_json::from_value(adoption.clone()).unwrap();
    assert_eq!(read.notes, Nullable::Null);
    assert_eq!(serde_json::to_value(&read).unwrap(), adoption);
}
