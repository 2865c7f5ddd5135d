//! One semantic per fixture spec, exercised through the code `build.rs`
//! generated from `tests/fixtures/`.

use serde_json::json;
use tests::support::Nullable;

#[test]
fn four_presence_rules() {
    use tests::nullability::Thing;
    let full: Thing = serde_json::from_value(
        json!({"required": "a", "required_nullable": null, "optional": "b", "optional_nullable": null}),
    )
    .unwrap();
    assert_eq!(full.required_nullable, None);
    assert_eq!(full.optional_nullable, Nullable::Null);
    assert_eq!(
        serde_json::to_value(&full).unwrap(),
        json!({"required": "a", "required_nullable": null, "optional": "b", "optional_nullable": null})
    );

    let minimal: Thing = serde_json::from_value(json!({"required": "a", "required_nullable": "x"})).unwrap();
    assert_eq!(minimal.optional, None);
    assert_eq!(minimal.optional_nullable, Nullable::Absent);
    assert_eq!(serde_json::to_value(&minimal).unwrap(), json!({"required": "a", "required_nullable": "x"}));

    let missing = serde_json::from_value::<Thing>(json!({"required": "a"})).unwrap_err().to_string();
    assert!(missing.contains("missing field `required_nullable`"), "{missing}");
    assert!(serde_json::from_value::<Thing>(json!({"required": null, "required_nullable": null})).is_err());
    assert!(
        serde_json::from_value::<Thing>(json!({"required": "a", "required_nullable": null, "optional": null})).is_err()
    );
}

#[test]
fn structs_are_read_key_by_key_as_serde_derive_would() {
    use tests::nullability::Thing;
    let text = r#"{"required": "a", "unknown": [1, {"x": null}], "required_nullable": "b"}"#;
    let thing: Thing = serde_json::from_str(text).unwrap();
    assert_eq!((thing.required.as_str(), thing.required_nullable.as_deref()), ("a", Some("b")));
    // An escaped key is not borrowed from the input, nor is one from a reader.
    let escaped = r#"{"requ\u0069red": "a", "required_nullable": null}"#;
    assert_eq!(serde_json::from_str::<Thing>(escaped).unwrap().required, "a");
    assert_eq!(serde_json::from_reader::<_, Thing>(text.as_bytes()).unwrap(), thing);

    let duplicate = r#"{"required": "a", "required": "b", "required_nullable": null}"#;
    let error = serde_json::from_str::<Thing>(duplicate).unwrap_err().to_string();
    assert!(error.starts_with("duplicate field `required`"), "{error}");
    // serde's derive would read an object from an array of its values.
    let error = serde_json::from_str::<Thing>(r#"["a", null]"#).unwrap_err().to_string();
    assert!(error.starts_with("invalid type: sequence, expected struct Thing"), "{error}");
    let error = serde_json::from_str::<Thing>(r#"{"required": 1, "required_nullable": null}"#).unwrap_err();
    assert_eq!((error.line(), error.column()), (1, 14), "{error}");
    // Paths into nested values still reach the key that failed.
    let mut reader = serde_json::Deserializer::from_str(r#"{"required": "a", "required_nullable": 5}"#);
    let error = serde_path_to_error::deserialize::<_, Thing>(&mut reader).unwrap_err();
    assert_eq!(error.path().to_string(), "required_nullable");
    // The first error ends the reading: a wrong value before a missing key
    // is what is reported, with its path, and the rest is not read.
    let mut reader = serde_json::Deserializer::from_str(r#"{"required_nullable": 5, "required": "a", "x": [}"#);
    let error = serde_path_to_error::deserialize::<_, Thing>(&mut reader).unwrap_err();
    assert_eq!(error.path().to_string(), "required_nullable");
    assert!(error.inner().to_string().starts_with("invalid type: integer `5`"), "{error}");
    let error = serde_json::from_str::<Thing>(r#"{"optional": 1}"#).unwrap_err().to_string();
    assert!(error.starts_with("invalid type: integer `1`"), "{error}");
}

#[test]
fn structs_are_written_key_by_key_and_the_first_error_ends_them() {
    use tests::nullability::Thing;
    let thing: Thing = serde_json::from_str(r#"{"required": "a", "required_nullable": null}"#).unwrap();
    assert_eq!(serde_json::to_value(&thing).unwrap(), json!({"required": "a", "required_nullable": null}));
    // An output that takes three writes, then fails every one: the failure
    // comes back, and no key is tried after it.
    for allowed in [0, 3] {
        let mut output = Failing { allowed, tried: 0 };
        let error = serde_json::to_writer(&mut output, &thing).unwrap_err();
        assert!(error.is_io(), "{error}");
        assert_eq!(output.tried, allowed + 1, "writes tried after the first failure");
    }
}

/// An `io::Write` that takes `allowed` writes, then fails, counting tries.
struct Failing {
    allowed: usize,
    tried: usize,
}

impl std::io::Write for Failing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.tried += 1;
        if self.tried > self.allowed {
            return Err(std::io::Error::other("disk full"));
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn read_only_and_write_only_split_one_schema_three_ways() {
    use tests::read_write::{Account, AccountRequest, Owner, OwnerRequest, PatchedAccountRequest, Plain};
    let response: Account =
        serde_json::from_value(json!({"id": 1, "name": "n", "owner": {"id": 2, "login": "l"}})).unwrap();
    assert_eq!(response.tags, Vec::<String>::new(), "default []");
    assert_eq!(response.owner, Owner { id: 2, login: "l".to_owned() });
    let request: AccountRequest =
        serde_json::from_value(json!({"name": "n", "secret": "s", "owner": {"login": "l"}})).unwrap();
    assert_eq!(request.owner, OwnerRequest { login: "l".to_owned() });
    assert!(!format!("{request:?}").contains("\"s\""), "writeOnly values are redacted");
    assert!(
        serde_json::from_value::<AccountRequest>(json!({"name": "n", "owner": {"login": "l"}})).is_err(),
        "secret is required in requests"
    );
    // `PatchedAccount`, written out in the spec with no `required` list.
    let patch: PatchedAccountRequest = serde_json::from_value(json!({"secret": "s"})).unwrap();
    assert_eq!((patch.name, patch.owner), (None, None));
    assert!(!format!("{:?}", patch.secret).contains("\"s\""), "still writeOnly, still redacted");
    let _one_type_both_ways: Plain = Plain { note: None };
}

#[test]
fn one_of_requires_exactly_one_match() {
    use tests::one_of::{Loose, Shape};
    assert!(matches!(serde_json::from_value::<Shape>(json!({"radius": 1.5})).unwrap(), Shape::Circle(_)));
    assert!(matches!(serde_json::from_value::<Shape>(json!({"side": 2})).unwrap(), Shape::Square(_)));
    let both = serde_json::from_value::<Shape>(json!({"radius": 1, "side": 2})).unwrap_err().to_string();
    assert!(both.contains("no alternative of Shape matches") && both.contains("key `side` must be absent"), "{both}");
    assert!(both.contains("key `radius` must be absent"), "`not` with `properties: {{radius: {{}}}}` too: {both}");
    assert!(matches!(serde_json::from_value::<Loose>(json!([1, 2])).unwrap(), Loose::List(_)));
    assert!(matches!(serde_json::from_value::<Loose>(json!("s")).unwrap(), Loose::String(_)));
    assert!(matches!(serde_json::from_value::<Loose>(json!({"a": "x"})).unwrap(), Loose::Object(_)));
    let ambiguous = serde_json::from_value::<Loose>(json!({"a": "x", "b": "y"})).unwrap_err().to_string();
    assert!(ambiguous.contains("must match exactly one alternative, but matches Object and Object3"), "{ambiguous}");
}

#[test]
fn keys_that_may_not_all_be_present_are_refused_strictly_wherever_the_struct_stands() {
    use serde_json::from_value;
    use tests::one_of::{Contact, ContactOrName, Drawing};
    use tests::support::strictly;
    // Outside a `oneOf`: a client keeps a newer server's answer, a server refuses it.
    let with_side = json!({"circle": {"radius": 1.5, "side": 2}});
    assert_eq!(from_value::<Drawing>(with_side.clone()).unwrap().circle.unwrap().radius, 1.5);
    let refused = strictly(|| from_value::<Drawing>(with_side)).unwrap_err().to_string();
    assert_eq!(refused, "the field `side` may not be present");
    assert!(strictly(|| from_value::<Drawing>(json!({"circle": {"radius": 1}}))).is_ok());
    // `not: {required: [email, phone]}`: one of them is fine, both are not.
    assert!(strictly(|| from_value::<Contact>(json!({"email": "a@b.c"}))).is_ok());
    assert!(strictly(|| from_value::<Contact>(json!({"phone": "1"}))).is_ok());
    let both = json!({"email": "a@b.c", "phone": "1"});
    assert!(from_value::<Contact>(both.clone()).is_ok());
    let refused = strictly(|| from_value::<Contact>(both.clone())).unwrap_err().to_string();
    assert_eq!(refused, "the fields `email`, `phone` may not all be present");
    // As an alternative, the whole set is what is refused, leniently too.
    assert!(matches!(from_value::<ContactOrName>(json!({"email": "a@b.c"})).unwrap(), ContactOrName::Contact(_)));
    let neither = from_value::<ContactOrName>(both).unwrap_err().to_string();
    assert!(neither.contains("Contact: keys `email`, `phone` may not all be present"), "{neither}");
}

#[test]
fn keywords_and_odd_names_keep_their_wire_names() {
    use tests::keywords::{Kind, Self_};
    let value = json!({"type": "t", "self": "s", "$ref": "r", "2fa": true, "foo-bar": 1, "@odata.id": "o", "fn": "f"});
    let parsed: Self_ = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(parsed.r#type.as_deref(), Some("t"));
    assert_eq!(parsed.self_.as_deref(), Some("s"));
    assert_eq!(parsed.field_2fa, Some(true));
    assert_eq!(parsed.foo_bar, Some(1));
    assert_eq!(parsed.r#fn.as_deref(), Some("f"));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
    assert_eq!(Kind::ALL.iter().map(Kind::as_str).collect::<Vec<_>>(), ["a-b", "", "2x", "self", "Match"]);
    assert_eq!(serde_json::to_value(Kind::Empty).unwrap(), json!(""));
    assert_eq!("2x".parse::<Kind>().unwrap(), Kind::V2x);
    assert_eq!("self".parse::<Kind>().unwrap(), Kind::Self_);
    // A value the spec does not list is kept, and refused when read strictly.
    assert_eq!("nope".parse::<Kind>().unwrap(), Kind::Unknown("nope".to_owned()));
    assert_eq!(Kind::Unknown("nope".to_owned()).as_str(), "nope");
    assert!(tests::support::strictly(|| "nope".parse::<Kind>()).is_err());
}

#[test]
fn recursive_types_are_boxed_and_parse() {
    use tests::recursion::{Node, Ping};
    let tree: Node =
        serde_json::from_value(json!({"name": "leaf", "parent": {"name": "root"}, "children": [{"name": "kid"}]}))
            .unwrap();
    assert_eq!(tree.parent.as_ref().unwrap().name, "root");
    assert_eq!(tree.children.as_ref().unwrap()[0].name, "kid");
    let ping: Ping = serde_json::from_value(json!({"pong": {"ping": {}}})).unwrap();
    assert!(ping.pong.unwrap().ping.is_some());
}

#[test]
fn defaults_take_the_spec_values() {
    use tests::defaults::{Settings, SettingsLevel};
    let settings: Settings = serde_json::from_value(json!({})).unwrap();
    assert_eq!(settings.name, "anonymous");
    assert_eq!(settings.retries, 3);
    assert_eq!(settings.ratio, 0.5);
    assert!(settings.enabled);
    assert_eq!(settings.level, SettingsLevel::High);
    assert_eq!(settings.code.as_str(), "abc");
    assert_eq!(settings.limit.get(), 5);
    assert_eq!(settings.note, Nullable::Absent, "a null default is no default");
    let set: Settings = serde_json::from_value(json!({"retries": 0, "level": "low"})).unwrap();
    assert_eq!((set.retries, set.level), (0, SettingsLevel::Low));
}

#[test]
fn a_required_key_with_a_default_is_filled_in_by_a_client_and_refused_absent_by_a_server() {
    use serde_json::from_value;
    use tests::defaults::{Component, ComponentKind};
    use tests::support::strictly;
    let read: Component = from_value(json!({"name": "n", "tags": []})).unwrap();
    assert_eq!((&read.kind, read.name.as_str()), (&ComponentKind::Web, "n"));
    let refused = strictly(|| from_value::<Component>(json!({"name": "n", "tags": []}))).unwrap_err();
    assert_eq!(refused.to_string(), "missing field `kind`");
    assert!(strictly(|| from_value::<Component>(json!({"kind": "other", "name": "n", "tags": []}))).is_ok());
    // A default the code cannot build (a list of items) leaves the key required everywhere.
    let refused = from_value::<Component>(json!({"kind": "web", "name": "n"})).unwrap_err();
    assert_eq!(refused.to_string(), "missing field `tags`");
    // The default is written, as any value.
    assert_eq!(serde_json::to_value(&read).unwrap(), json!({"kind": "web", "tags": [], "name": "n"}));
}

#[test]
fn constraints_hold_at_each_limit() {
    use tests::constraints::{Limits, LimitsCode, LimitsPercent, LimitsPositive, LimitsTags, LimitsWord};
    assert!(LimitsCode::new("AB").is_ok() && LimitsCode::new("ABCD").is_ok());
    assert!(LimitsCode::new("A").is_err() && LimitsCode::new("ABCDE").is_err() && LimitsCode::new("ab").is_err());
    assert!(LimitsWord::new("héllo_wörld").is_ok() && LimitsWord::new("a-b").is_err());
    assert!(LimitsPercent::new(0).is_ok() && LimitsPercent::new(100).is_ok());
    assert_eq!(
        LimitsPercent::new(101).unwrap_err().to_string(),
        "Limits.percent: must be at most 100 (maximum), got 101"
    );
    assert_eq!(LimitsPercent::new(-1).unwrap_err().to_string(), "Limits.percent: must be at least 0 (minimum), got -1");
    assert!(LimitsPositive::new(0.5).is_ok());
    assert_eq!(
        LimitsPositive::new(0.0).unwrap_err().to_string(),
        "Limits.positive: must be greater than 0 (exclusiveMinimum), got 0"
    );
    assert!(LimitsPositive::new(1.0).is_err());
    assert!(LimitsTags::new(vec!["a".into()]).is_ok() && LimitsTags::new(vec!["a".into(); 3]).is_ok());
    assert_eq!(
        LimitsTags::new(vec![]).unwrap_err().to_string(),
        "Limits.tags: must have at least 1 items (minItems), got 0"
    );
    assert!(LimitsTags::new(vec!["a".into(); 4]).is_err());
    assert!(
        "42".parse::<LimitsPercent>().is_ok()
            && "x".parse::<LimitsPercent>().is_err()
            && "420".parse::<LimitsPercent>().is_err()
    );

    let ok = json!({"code": "AB", "contact": "a@b.io", "homepage": "https://x.io/", "day": "2024-02-29", "token": "t"});
    let limits: Limits = serde_json::from_value(ok.clone()).unwrap();
    assert!(!format!("{limits:?}").contains("\"t\""), "format: password is redacted");
    assert_eq!(serde_json::to_value(&limits).unwrap(), ok);
    // `additionalProperties: false`: another key is refused when read
    // strictly (a server's request), passed over otherwise (a newer server's answer).
    let extra = json!({"code": "AB", "extra": 1});
    let unknown = tests::support::strictly(|| serde_json::from_value::<Limits>(extra.clone())).unwrap_err().to_string();
    assert!(unknown.contains("unknown field `extra`"), "additionalProperties: false: {unknown}");
    assert_eq!(serde_json::to_value(serde_json::from_value::<Limits>(extra).unwrap()).unwrap(), json!({"code": "AB"}));
    let long_contact = serde_json::from_value::<Limits>(json!({"code": "AB", "contact": "aaaaaaaaaaaaaaaa@b.io"}))
        .unwrap_err()
        .to_string();
    assert!(long_contact.contains("Limits.contact: must be at most 20"), "{long_contact}");
    assert!(serde_json::from_value::<Limits>(json!({"code": "AB", "day": "2023-02-29"})).is_err());
    // A format beside other constraints: the checked text must be of the format too.
    let formats = json!({"code": "AB", "consent": "ea9c43aa-7f5a-4bf3-a0be-e1caa24737ba", "since": "2024-01-01T10:00:00Z",
        "until": "2024-12-31", "digest": "AAAA"});
    assert_eq!(serde_json::to_value(serde_json::from_value::<Limits>(formats.clone()).unwrap()).unwrap(), formats);
    for (key, bad) in [("consent", "string"), ("since", "yesterday"), ("until", "2024-13-01"), ("digest", "*!")] {
        let mut wrong = formats.clone();
        wrong[key] = json!(bad);
        let error = serde_json::from_value::<Limits>(wrong).unwrap_err().to_string();
        assert!(error.contains(&format!("Limits.{key}: must be text of format ")), "{key}: {error}");
    }
    let bad = serde_json::from_value::<Limits>(json!({"code": "toolong"})).unwrap_err().to_string();
    assert!(bad.contains("Limits.code"), "{bad}");
}

#[test]
fn oauth2_openid_and_api_keys_in_query_and_cookie_are_credentials() {
    use tests::security::server::credentials_of;
    use tests::security::Credentials;
    let parts = |request: axum::http::request::Builder| request.body(()).unwrap().into_parts().0;
    let get = || axum::http::Request::get("/items/");

    // OAuth2 comes first in the spec's order; its access token is a bearer token.
    let bearer = parts(get().header("Authorization", "Bearer t0k"));
    assert_eq!(credentials_of(&bearer), Some(Credentials::Oauth { token: "t0k".to_owned() }));
    let query = parts(axum::http::Request::get("/items/?page=2&api_key=k%201"));
    assert_eq!(credentials_of(&query), Some(Credentials::QueryKey { value: "k 1".to_owned() }));
    let cookie = parts(get().header("Cookie", "theme=dark; session=s3"));
    assert_eq!(credentials_of(&cookie), Some(Credentials::CookieKey { value: "s3".to_owned() }));
    assert_eq!(credentials_of(&parts(get().header("Cookie", "sessions=no"))), None);
    assert_eq!(credentials_of(&parts(get())), None);
    // Never shown.
    assert_eq!(format!("{:?}", Credentials::CookieKey { value: "s3".to_owned() }), "CookieKey(<redacted>)");
}

#[test]
fn lossy_constructs_accept_what_the_spec_allows() {
    use tests::sloppy::{Mixed, Sloppy, SloppyKind, SloppyVariants};
    // Values of the wrong type are left out of an enum; the rest still check.
    assert_eq!(serde_json::from_value::<SloppyKind>(json!("b")).unwrap(), SloppyKind::B);
    assert!(serde_json::from_value::<SloppyKind>(json!(969)).is_err());
    // Values that give one Rust name are told apart, and keep their wire names; a repeated value is one.
    assert_eq!(
        SloppyVariants::ALL,
        [SloppyVariants::AB, SloppyVariants::AB2, SloppyVariants::AB3],
        "in the spec's order"
    );
    assert_eq!(serde_json::to_value(SloppyVariants::AB2).unwrap(), json!("a_b"));
    assert_eq!(serde_json::from_value::<SloppyVariants>(json!("A B")).unwrap(), SloppyVariants::AB3);
    // What cannot be checked is not checked, and round-trips.
    let value = json!({
        "kind": "a", "unchecked": "admin", "level": 2, "ratio": 1.5, "anything": [1],
        "bounded": "x", "tags": ["c"], "wrapped": "abcd", "single": "ab", "variants": "a-b"
    });
    let sloppy: Sloppy = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&sloppy).unwrap(), value);
    // Enums of numbers hold their values.
    let level = serde_json::from_value::<Sloppy>(json!({"level": 7})).unwrap_err().to_string();
    assert!(level.contains("Sloppy.level: must be one of 1, 2, 3 (enum), got 7"), "{level}");
    assert!(serde_json::from_value::<Sloppy>(json!({"ratio": 0.25})).is_err());
    // A default that cannot be built is not applied: the field is an `Option`.
    assert_eq!(serde_json::from_value::<Sloppy>(json!({})).unwrap().tags, None);
    // A collapsed `allOf` of one member keeps that member's checks.
    assert!(serde_json::from_value::<Sloppy>(json!({"wrapped": "abcde"})).is_err());
    // The object part of an `allOf` with a non-object member.
    let mixed: Mixed = serde_json::from_value(json!({"name": "n"})).unwrap();
    assert_eq!(mixed.name.as_deref(), Some("n"));
}

#[test]
fn colliding_and_shadowing_names_are_told_apart_and_keep_their_wire_names() {
    use tests::names::{BroadcastTxOperationResponse, BroadcastTxResponse, Reactions, Result2, UserName, UserName2};
    let wire = json!({"+1": 3, "-1": 1, "foo-bar": "dash", "foo_bar": "underscore", "type": "t"});
    let reactions: Reactions = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!((reactions.plus_1, reactions.minus_1), (3, 1));
    assert_eq!((reactions.foo_bar.as_deref(), reactions.foo_bar_2.as_deref()), (Some("dash"), Some("underscore")));
    assert_eq!(serde_json::to_value(&reactions).unwrap(), wire);

    // `UserName` (spelled so in the spec) keeps its name; `user-name` sorts after it.
    let _: UserName = serde_json::from_value(json!({"b": "x"})).unwrap();
    let _: UserName2 = serde_json::from_value(json!({"a": "x"})).unwrap();
    // A schema named like the operation's response enum keeps its name; the enum moves aside.
    let answer = BroadcastTxOperationResponse::Ok(BroadcastTxResponse { id: Some("1".to_owned()) });
    assert_eq!(answer.status(), 200);
    // Parameters and headers that give one field name get `_2`.
    let params = tests::names::GetUserParams { max_results: Some(1), max_results_2: Some(2) };
    assert_eq!((params.max_results, params.max_results_2), (Some(1), Some(2)));
    let answer = tests::names::GetUserResponse::NoContent { body_2: Some("header".to_owned()) };
    assert_eq!(answer.status(), 204);
    // `Result` would shadow std's; the schema is `Result2` and the code still compiles.
    assert_eq!(serde_json::from_value::<Result2>(json!({"ok": true})).unwrap().ok, Some(true));
}

#[test]
fn a_schema_referred_to_inside_an_operation_becomes_a_named_type() {
    use tests::references::{OrderListResponse, OrdersIdGet200};
    let order: OrdersIdGet200 = serde_json::from_value(json!({"id": 7})).unwrap();
    assert_eq!(order.id, 7);
    assert!(serde_json::from_value::<OrdersIdGet200>(json!({})).is_err(), "its `required` holds");
    let list = OrderListResponse::Ok(vec![order]);
    assert_eq!(list.status(), 200);
    // Inside the copy, a reference to another operation's schema is followed too.
    let with_customer: OrdersIdGet200 = serde_json::from_value(json!({"id": 1, "customer": {"name": "c"}})).unwrap();
    assert_eq!(with_customer.customer.and_then(|c| c.name).as_deref(), Some("c"));
}

#[test]
fn a_response_referred_to_in_another_operation_stands_in_its_place() {
    use tests::references::{OrderRetrieveResponse, OrderRetrieveResponse404};
    let missing = OrderRetrieveResponse::NotFound(OrderRetrieveResponse404 { detail: "gone".into() });
    assert_eq!(missing.status(), 404);
    assert!(serde_json::from_value::<OrderRetrieveResponse404>(json!({})).is_err(), "its `required` holds");
}

#[test]
fn any_of_keeps_the_value_and_reads_it_as_each_alternative() {
    use tests::any_of::{Cat, Dog, Either, Pet};
    // Both alternatives match: nothing either one describes is lost.
    let both = json!({"meow": true, "bark": false, "name": "Chimera"});
    let pet: Pet = serde_json::from_value(both.clone()).unwrap();
    assert_eq!(pet.as_cat(), Some(Cat { meow: true }));
    assert_eq!(pet.as_dog(), Some(Dog { bark: false }));
    assert_eq!(serde_json::to_value(&pet).unwrap(), both);

    let cat: Pet = serde_json::from_value(json!({"meow": false})).unwrap();
    assert_eq!((cat.as_cat().is_some(), cat.as_dog().is_some()), (true, false));
    assert_eq!(Pet::from(Dog { bark: true }).json(), &json!({"bark": true}));

    let neither = serde_json::from_value::<Pet>(json!({"moo": true})).unwrap_err().to_string();
    assert!(
        neither
            .starts_with("Pet matches none of its alternatives: Cat: missing field `meow`; Dog: missing field `bark`"),
        "{neither}"
    );

    let text: Either = serde_json::from_value(json!("x")).unwrap();
    let number: Either = serde_json::from_value(json!(3)).unwrap();
    assert_eq!((text.as_string(), number.as_integer()), (Some("x".to_owned()), Some(3)));
    assert!(serde_json::from_value::<Either>(json!(true)).is_err());
}

#[test]
fn additional_properties_next_to_properties_are_a_typed_map_of_the_other_keys() {
    use tests::additional::Counts;
    let wire = json!({"name": "fruit", "apples": 3, "pears": 0});
    let counts: Counts = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(counts.name, "fruit");
    assert_eq!(
        counts.additional_properties.into_iter().collect::<Vec<_>>(),
        [("apples".to_owned(), 3), ("pears".to_owned(), 0)]
    );
    assert_eq!(serde_json::to_value(serde_json::from_value::<Counts>(wire.clone()).unwrap()).unwrap(), wire);
    assert!(serde_json::from_value::<Counts>(json!({"name": "x", "apples": "many"})).is_err(), "values are typed");
}

#[test]
fn an_object_with_no_properties_and_no_others_holds_no_key() {
    use tests::additional::Nothing;
    assert_eq!(serde_json::from_value::<Nothing>(json!({})).unwrap(), Nothing {});
    assert_eq!(serde_json::to_value(Nothing {}).unwrap(), json!({}));
    let error =
        tests::support::strictly(|| serde_json::from_value::<Nothing>(json!({"a": 1}))).unwrap_err().to_string();
    assert!(error.starts_with("unknown field `a`, there are no fields"), "{error}");
    assert_eq!(serde_json::from_value::<Nothing>(json!({"a": 1})).unwrap(), Nothing {});
}

#[test]
fn a_discriminator_picks_the_alternative_in_both_directions() {
    use tests::discriminator::{Circle, Shape, Square};
    // Mapped (`round`) and implicit (the schema's name, `Square`).
    let round = json!({"kind": "round", "radius": 1.5});
    assert_eq!(
        serde_json::from_value::<Shape>(round.clone()).unwrap(),
        Shape::Circle(Circle { kind: "round".to_owned(), radius: 1.5 })
    );
    let square: Shape = serde_json::from_value(json!({"kind": "Square", "side": 2.0})).unwrap();
    assert!(matches!(square, Shape::Square(Square { side, .. }) if side == 2.0));
    assert_eq!(serde_json::to_value(serde_json::from_value::<Shape>(round.clone()).unwrap()).unwrap(), round);
    // Keys of both: without a discriminator that would match twice; the tag decides.
    let both = json!({"kind": "round", "radius": 1.0, "side": 1.0});
    assert!(matches!(serde_json::from_value::<Shape>(both).unwrap(), Shape::Circle(_)));
    // A tag the spec does not map: kept as it came, and written back so;
    // refused when read strictly.
    let blob = json!({"kind": "blob", "size": 3});
    let kept = serde_json::from_value::<Shape>(blob.clone()).unwrap();
    assert_eq!(kept, Shape::Unknown(blob.clone()));
    assert_eq!(serde_json::to_value(&kept).unwrap(), blob);
    let unknown = tests::support::strictly(|| serde_json::from_value::<Shape>(blob)).unwrap_err().to_string();
    assert!(unknown.contains("`kind` is \"blob\", expected one of round, Square"), "{unknown}");
    let untagged = serde_json::from_value::<Shape>(json!({"radius": 1.0})).unwrap_err().to_string();
    assert!(untagged.contains("nor is the key `kind` there to pick one"), "{untagged}");
    // The chosen alternative must still match.
    assert!(serde_json::from_value::<Shape>(json!({"kind": "Square", "radius": 1.0})).is_err());
}

#[test]
fn without_the_discriminator_key_the_alternative_that_keeps_most_is_taken() {
    use tests::discriminator::{Account, PrivateAccount, PublicAccount};
    let private: Account = serde_json::from_value(json!({"login": "a", "email": "a@example.com"})).unwrap();
    assert_eq!(
        private,
        Account::PrivateAccount(PrivateAccount { view: None, login: "a".into(), email: "a@example.com".into() })
    );
    let public: Account = serde_json::from_value(json!({"login": "b"})).unwrap();
    assert_eq!(public, Account::PublicAccount(PublicAccount { view: None, login: "b".into() }));
    // With the key, it decides, even where the other alternative would keep more.
    let tagged: Account =
        serde_json::from_value(json!({"view": "public", "login": "c", "email": "c@example.com"})).unwrap();
    assert!(matches!(tagged, Account::PublicAccount(_)), "{tagged:?}");
}

#[test]
fn an_all_of_of_a_reference_and_a_description_is_the_referenced_type() {
    use tests::references::Monitor;
    let monitor: Monitor = serde_json::from_value(json!({"arn": "arn:aws:ce::1"})).unwrap();
    assert_eq!(monitor.arn.as_str(), "arn:aws:ce::1");
    let long = json!({"arn": "arn:aws:ce::123456789012"});
    assert!(serde_json::from_value::<Monitor>(long).unwrap_err().to_string().contains("maxLength"));
}

#[test]
fn enums_of_every_type_admit_exactly_their_values() {
    use tests::enums::{MaybeOwner, Owner, Settings, SettingsAnything, SettingsMode};
    let full = json!({
        "confirmed": true, "switch": false, "mode": "slow", "level": 2, "ratio": 1.5, "anything": "one",
        "colour": null, "owner": {"name": "a"}, "backup": null, "main": {"name": "b"}
    });
    let settings: Settings = serde_json::from_value(full.clone()).unwrap();
    assert_eq!(settings.mode, SettingsMode::Slow);
    assert_eq!(settings.level.map(|l| l.get()), Some(2));
    assert_eq!(settings.anything.as_ref().map(SettingsAnything::value), Some(&json!("one")));
    assert_eq!(settings.owner, Nullable::Value(Owner { name: "a".into() }));
    assert_eq!(settings.backup, Nullable::Null);
    assert_eq!(settings.main, Some(Owner { name: "b".into() }));
    assert_eq!(serde_json::to_value(&settings).unwrap(), full);

    // `null` where the enum lists it; every listed value of mixed types.
    let minimal = json!({"confirmed": true, "mode": "fast", "level": null, "ratio": 0.5, "anything": null});
    let settings: Settings = serde_json::from_value(minimal.clone()).unwrap();
    assert_eq!((settings.level, settings.anything), (None, None));
    for value in [json!(1), json!("one"), json!(true)] {
        assert_eq!(SettingsAnything::new(value.clone()).unwrap().into_inner(), value);
    }

    let with = |key: &str, value: serde_json::Value| {
        let mut body = minimal.clone();
        body[key] = value;
        serde_json::from_value::<Settings>(body).map(|_| ()).map_err(|e| e.to_string())
    };
    let refused = with("confirmed", json!(false)).unwrap_err();
    assert!(refused.contains("Settings.confirmed: must be one of true (enum), got false"), "{refused}");
    for (key, value) in [
        ("mode", json!("medium")),
        ("level", json!(4)),
        ("ratio", json!(1.0)),
        ("anything", json!(2)),
        ("anything", json!(false)),
        ("colour", json!("blue")),
        ("owner", json!({})),
        ("backup", json!("x")),
    ] {
        assert!(tests::support::strictly(|| with(key, value.clone())).is_err(), "{key}: {value} is refused");
    }
    assert!(with("switch", json!(true)).is_ok());
    // Leniently (a client's reading), a string enum keeps a value the spec does
    // not list; values of other types stay refused.
    assert!(with("mode", json!("medium")).is_ok() && with("level", json!(4)).is_err());

    // A component that is a reference or `null` is the reference's type.
    let owner: MaybeOwner = Owner { name: "c".into() };
    assert_eq!(serde_json::to_value(owner).unwrap(), json!({"name": "c"}));
}

#[test]
fn a_one_of_whose_alternatives_cannot_be_told_apart_takes_the_match_that_keeps_most() {
    use tests::overlap::{BareContact, Contact, Cursor, EmailContact, Paging, Quantity, Restart, When};
    let date: When = serde_json::from_value(json!("2026-11-25")).unwrap();
    assert!(matches!(date, When::Date(_)), "{date:?}");
    let text: When = serde_json::from_value(json!("tomorrow")).unwrap();
    assert_eq!(text, When::String("tomorrow".into()));
    assert!(matches!(serde_json::from_value::<Quantity>(json!(3)).unwrap(), Quantity::Integer(3)));
    assert!(matches!(serde_json::from_value::<Quantity>(json!(2.5)).unwrap(), Quantity::Number(_)));

    let full = json!({"name": "a", "email": "a@example.com"});
    let contact: Contact = serde_json::from_value(full.clone()).unwrap();
    assert_eq!(contact, Contact::EmailContact(EmailContact { name: "a".into(), email: "a@example.com".into() }));
    assert_eq!(serde_json::to_value(&contact).unwrap(), full);
    let bare: Contact = serde_json::from_value(json!({"name": "b"})).unwrap();
    assert_eq!(bare, Contact::BareContact(BareContact { name: "b".into() }));
    let neither = serde_json::from_value::<Contact>(json!({"email": "x"})).unwrap_err().to_string();
    assert!(neither.starts_with("no alternative of Contact matches (EmailContact: missing field `name`"), "{neither}");

    // Both accept every object; the one that knows the keys wins, the first among equals.
    let restart: Paging = serde_json::from_value(json!({"limit": 100, "start": "now"})).unwrap();
    assert_eq!(restart, Paging::Restart(Restart { limit: Some(100), start: Some("now".into()) }));
    let cursor: Paging = serde_json::from_value(json!({"cursor": "abc"})).unwrap();
    assert_eq!(cursor, Paging::Cursor(Cursor { cursor: Some("abc".into()) }));
    assert_eq!(serde_json::from_value::<Paging>(json!({})).unwrap(), Paging::Cursor(Cursor { cursor: None }));
}

#[test]
fn parts_of_other_files_and_yaml_merge_keys_are_bundled_in() {
    use tests::split::{Note, Owner, Pet, Tag};
    let pet = json!({
        "name": "Rex",
        "owner": {"name": "Ann", "since": 2001},
        "tags": [{"label": "good"}],
        "parent": {"name": "Max"}
    });
    let parsed: Pet = serde_json::from_value(pet.clone()).unwrap();
    assert_eq!(parsed.owner.as_ref().map(|o: &Owner| o.name.as_str()), Some("Ann"));
    assert_eq!(parsed.parent.as_ref().map(|p| p.name.as_str()), Some("Max"));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), pet);
    // Constraints from the other files hold: `minimum` from owner.yaml, `minLength` from common.yaml.
    assert!(serde_json::from_value::<Pet>(json!({"name": "a", "owner": {"name": "b", "since": 1800}})).is_err());
    assert!(serde_json::from_value::<Tag>(json!({"label": ""})).is_err());
    // `required` came in through `<<: *timestamps`.
    assert!(serde_json::from_value::<Note>(json!({"text": "t"})).is_err());
    let note: Note = serde_json::from_value(json!({"created": "2026-11-25T10:00:00Z", "text": "t"})).unwrap();
    assert_eq!(note.text.as_deref(), Some("t"));
}

#[test]
fn base64_bytes_unknown_formats_and_binary_in_json() {
    use tests::formats::Blob;
    use tests::support::Base64;
    let blob: Blob = serde_json::from_value(json!({"data": "aGVsbG8=", "colour": "teal", "raw": "\u{1}"})).unwrap();
    assert_eq!(blob.data, Base64(b"hello".to_vec()));
    assert_eq!(blob.colour.as_deref(), Some("teal"));
    assert_eq!(serde_json::to_value(&blob).unwrap(), json!({"data": "aGVsbG8=", "colour": "teal", "raw": "\u{1}"}));
    // Unpadded and URL-safe text reads too; it is written back standard and padded.
    let unpadded: Blob = serde_json::from_value(json!({"data": "-_8"})).unwrap();
    assert_eq!(unpadded.data.0, [0xfb, 0xff]);
    assert_eq!(serde_json::to_value(&unpadded).unwrap(), json!({"data": "+/8="}));
    for bytes in [&b""[..], b"a", b"ab", b"abc", b"abcd", &[0, 255, 128, 7, 9]] {
        let encoded = Base64(bytes.to_vec()).encode();
        assert_eq!(Base64::decode(&encoded).unwrap().0, bytes, "{encoded}");
    }
    for bad in ["a", "ab*c", "abc===", "abcde"] {
        assert!(serde_json::from_value::<Blob>(json!({ "data": bad })).is_err(), "{bad}");
    }
    // "abcd123=" has bits after its last byte (mux.com's example): a client
    // drops them, as most decoders do (it comes back as "abcd120="); a
    // server refuses them (RFC 4648, 3.5).
    for (stray, canonical) in [("abcd123=", "abcd120="), ("QR==", "QQ==")] {
        let read: Blob = serde_json::from_value(json!({ "data": stray })).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), json!({ "data": canonical }));
        let refused = tests::support::strictly(|| serde_json::from_value::<Blob>(json!({ "data": stray })));
        let refused = refused.unwrap_err().to_string();
        assert!(refused.contains("its last character carries bits beyond the last byte"), "{refused}");
    }
    assert_eq!(format!("{:?}", blob.data), "Base64(5 bytes)");
}

#[test]
fn keywords_of_other_types_constrain_nothing_and_all_of_siblings_join_the_struct() {
    use tests::siblings::{Anything, Code, Count, Tagged};
    let tagged: Tagged = serde_json::from_value(json!({"id": 1, "tag": "abc"})).unwrap();
    assert_eq!((tagged.id, tagged.tag.as_str()), (1, "abc"));
    assert!(serde_json::from_value::<Tagged>(json!({"id": 1})).is_err(), "`required` beside the allOf holds");
    let long = serde_json::from_value::<Tagged>(json!({"id": 1, "tag": "abcd"})).unwrap_err().to_string();
    assert!(long.contains("Tagged.tag: must be at most 3 characters long"), "{long}");
    // `minimum` and `uniqueItems` say nothing about a string; `maxLength` does.
    assert!(serde_json::from_value::<Code>(json!("ab")).is_ok());
    assert!(serde_json::from_value::<Code>(json!("abcde")).is_err());
    // `minLength` says nothing about an integer; `maximum` does.
    assert!(serde_json::from_value::<Count>(json!(0)).is_ok());
    assert!(serde_json::from_value::<Count>(json!(11)).is_err());
    let anything: Anything = serde_json::from_value(json!([1, {"a": null}])).unwrap();
    assert_eq!(anything, json!([1, {"a": null}]));
}

#[test]
fn an_all_of_beside_type_object_is_the_struct_of_its_members() {
    use tests::siblings::Page;
    let page: Page = serde_json::from_value(json!({"id": 2, "next": "n"})).unwrap();
    assert_eq!((page.id, page.next.as_deref()), (2, Some("n")));
    assert!(serde_json::from_value::<Page>(json!({"next": "n"})).is_err());
}

#[test]
fn a_reference_into_a_part_beside_an_all_of_follows_it() {
    use tests::siblings::Label;
    let label: Label = serde_json::from_value(json!("abc")).unwrap();
    assert_eq!(label.as_str(), "abc");
    assert!(serde_json::from_value::<Label>(json!("abcd")).is_err(), "maxLength: 3 of Tagged.tag holds");
}

#[test]
fn identical_shapes_are_one_type_under_every_name() {
    use std::any::TypeId;
    use tests::repeats::{Gist, GistOwner, Repository, RepositoryOwner, RepositoryPermission, Team, TeamOwner};
    // Team repeats Repository, recursion included: one type, both names.
    assert_eq!(TypeId::of::<Team>(), TypeId::of::<Repository>());
    assert_eq!(TypeId::of::<TeamOwner>(), TypeId::of::<RepositoryOwner>());
    // A documented property is a difference: Gist's owner stays its own type.
    assert_ne!(TypeId::of::<GistOwner>(), TypeId::of::<RepositoryOwner>());
    // The other enum, with one more value, is not merged.
    assert_ne!(TypeId::of::<tests::repeats::Access>(), TypeId::of::<RepositoryPermission>());
    let value = json!({"permission": "write", "owner": {"login": "octo"}, "parent": {"permission": "read", "owner": {"login": "cat", "site": "https://example.com"}}});
    let team: Team = serde_json::from_value(value.clone()).unwrap();
    let repository: Repository = team;
    assert_eq!(serde_json::to_value(&repository).unwrap(), value);
    let gist: Gist = serde_json::from_value(json!({"owner": {"login": "octo"}})).unwrap();
    assert_eq!(gist.owner.login, "octo");
    let admin = json!({"permission": "admin", "owner": {"login": "x"}});
    assert!(tests::support::strictly(|| serde_json::from_value::<Team>(admin)).is_err());
    let labeled = tests::repeats::Unlabeled { label: Some("bug".to_owned()) };
    let event = tests::repeats::Event::from(labeled);
    assert_eq!(event.json(), &json!({"label": "bug"}));
}

#[test]
fn x_rust_type_puts_the_users_own_type_in_place() {
    use std::collections::BTreeMap;
    use tests::own_types::{Instant, Tally, Visit};
    let value = json!({"at": "2024-05-01T12:00:00Z", "counts": {"apples": 3}, "level": 7});
    let visit: Visit = serde_json::from_value(value.clone()).unwrap();
    // The generated names are the user's types, not wrappers of them.
    let at: chrono::DateTime<chrono::Utc> = visit.at;
    let counts: BTreeMap<String, u32> = visit.counts.clone();
    let level: Option<u8> = visit.level;
    let _: (Instant, Tally) = (at, counts.clone());
    assert_eq!(at.to_rfc3339(), "2024-05-01T12:00:00+00:00");
    assert_eq!((counts["apples"], level), (3, Some(7)));
    assert_eq!(serde_json::to_value(&visit).unwrap(), value);
    // The user's type reads as it reads: `u8` refuses 300.
    let error = serde_json::from_value::<Visit>(json!({"at": "2024-05-01T12:00:00Z", "counts": {}, "level": 300}));
    assert!(error.unwrap_err().to_string().contains("300"));
}

#[test]
// A `HashSet` is what `Hash` is asked for; nothing here iterates it.
#[allow(clippy::disallowed_types)]
fn x_rust_derive_adds_the_traits_asked_for_and_what_they_need_inside() {
    use std::collections::{BTreeSet, HashSet};
    use tests::own_types::{Color, Filter, Page, Person, Reading, Robot, Tag, TagOrigin, TagScope};
    fn ordered_key<T: std::hash::Hash + Eq + Ord>() {}
    // `Ord` brings `Eq` and `PartialOrd`; the structs and the `oneOf` inside get them too.
    ordered_key::<Tag>();
    ordered_key::<TagScope>();
    ordered_key::<TagOrigin>();
    ordered_key::<Person>();
    ordered_key::<Robot>();
    fn eq<T: Eq>() {}
    eq::<Filter>();
    eq::<Page>();
    let tag = |value: serde_json::Value| serde_json::from_value::<Tag>(value).unwrap();
    let red = tag(json!({"name": "bug", "color": "red", "origin": {"login": "octo"}}));
    let green = tag(
        json!({"name": "bug", "color": "green", "scope": {"project": 7, "labels": ["x"], "since": "2024-05-01T12:00:00Z"}}),
    );
    let unknown = tag(json!({"name": "bug", "color": "purple"}));
    let named = tag(json!({"name": "alpha", "origin": {"serial": 4}}));
    let set: HashSet<Tag> = [red.clone(), green.clone(), red.clone(), unknown.clone()].into_iter().collect();
    assert_eq!(set.len(), 3);
    // Fields compare in order: the name first, then the colour (variants in the spec's order).
    let sorted: Vec<Tag> =
        BTreeSet::from([unknown.clone(), green.clone(), named.clone(), red.clone()]).into_iter().collect();
    assert_eq!(sorted, [named, red, green, unknown]);
    assert!(Color::Red < Color::Green);
    // `Default`: optional fields absent, the spec's default taken, required ones empty.
    let filter = Filter::default();
    assert_eq!((filter.terms.len(), filter.limit, filter.after, &filter.tag), (0, 20, None, &None));
    assert_eq!(serde_json::to_value(&filter).unwrap(), json!({"terms": [], "limit": 20}));
    let narrowed = Filter { terms: vec!["rust".into()], ..Filter::default() };
    assert_eq!(serde_json::to_value(&narrowed).unwrap(), json!({"terms": ["rust"], "limit": 20}));
    // Numbers order, though they have no `Eq`.
    assert!(Reading { value: Some(1.5) } < Reading { value: Some(2.0) });
}

#[test]
fn an_object_type_beside_a_one_of_of_objects_is_the_one_of() {
    use tests::choices::{AlertUpdate, AlertUpdateState, DeleteRequest};
    let digests: DeleteRequest = serde_json::from_value(serde_json::json!({"subject_digests": ["sha256:1"]})).unwrap();
    assert!(matches!(digests, DeleteRequest::Object(_)), "{digests:?}");
    let ids: DeleteRequest = serde_json::from_value(serde_json::json!({"attestation_ids": [7]})).unwrap();
    assert!(matches!(ids, DeleteRequest::Object1(_)), "{ids:?}");
    let neither = serde_json::from_value::<DeleteRequest>(serde_json::json!({})).unwrap_err().to_string();
    assert!(neither.starts_with("no alternative of DeleteRequest matches"), "{neither}");
    // An `anyOf` of required keys: the struct of the properties.
    let update: AlertUpdate = serde_json::from_value(serde_json::json!({"state": "open"})).unwrap();
    assert_eq!(update, AlertUpdate { state: Some(AlertUpdateState::Open), assignees: None });
}

#[test]
fn a_one_of_or_any_of_of_required_keys_is_checked_as_the_struct_is_read() {
    use serde_json::{from_value, json};
    use tests::choices::{AlertUpdate, IssueReference};
    use tests::support::strictly;
    let by_id: IssueReference = from_value(json!({"id": 7, "note": "x"})).unwrap();
    assert_eq!((by_id.id, by_id.owner.as_deref()), (Some(7), None));
    let by_name: IssueReference = from_value(json!({"owner": "o", "repo": "r", "number": 1})).unwrap();
    assert_eq!((by_name.id, by_name.number), (None, Some(1)));
    // A set not whole is no set: the message names every set.
    let partial = from_value::<IssueReference>(json!({"owner": "o", "repo": "r"})).unwrap_err().to_string();
    assert_eq!(partial, "missing fields: one of these is required: `id`; `owner`, `repo`, `number`");
    // Both sets of a `oneOf`: a server refuses it; a client keeps a newer server's answer.
    let both = json!({"id": 7, "owner": "o", "repo": "r", "number": 1});
    assert!(from_value::<IssueReference>(both.clone()).is_ok());
    let refused = strictly(|| from_value::<IssueReference>(both)).unwrap_err().to_string();
    assert_eq!(refused, "the fields of only one of these may be present: `id`; `owner`, `repo`, `number`");
    // An `anyOf`: at least one set, and both are fine, strictly too.
    let none = from_value::<AlertUpdate>(json!({})).unwrap_err().to_string();
    assert_eq!(none, "missing fields: at least one of these is required: `state`; `assignees`");
    assert!(strictly(|| from_value::<AlertUpdate>(json!({"state": "open", "assignees": []}))).is_ok());
    // The first error stands: a missing set after a wrong value is not what is said.
    let wrong = from_value::<IssueReference>(json!({"id": "seven"})).unwrap_err().to_string();
    assert!(wrong.starts_with("invalid type: string \"seven\", expected i64"), "{wrong}");
}
