//! What the generated types cost at run time: reading and writing JSON
//! with them against the same structs with `#[derive(Serialize,
//! Deserialize)]` that check nothing. Both seed APIs' `User` (10,000 in an
//! array, and one alone), a struct of many constrained fields (`Limits`)
//! and a `oneOf` (`Shape`). And one request through the generated axum
//! router (Bleemeo's `POST /v1/user/`: credentials, the body read and
//! checked, the 201's `User` written) against a hand-written axum handler
//! that reads the same body into a derived struct.
//!
//!   cargo bench -p tests --bench read_write                every case
//!   cargo bench -p tests --bench read_write -- bleemeo     the cases whose name holds `bleemeo`
//!   ROUNDS=41 cargo bench -p tests --bench read_write      rounds per case (default 21)
//!   SIDE=generated CALLS=20 target/release/deps/read_write-… WORD
//!                                                     one side alone, untimed (for callgrind)
//!
//! Each round times the two sides in turn, in alternating order, each for
//! about 20 ms; a case prints each side's median time and the median of the
//! rounds' ratios (generated ÷ derived). The sides alternate within a run
//! because this machine's speed drifts from minute to minute: a harness
//! that measures one side to the end before the other (criterion's, divan's)
//! would read the drift as a difference.

use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Users in an array.
const MANY: usize = 10_000;

fn main() {
    let filter: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with('-')).collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|word| name.contains(word.as_str()));
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|rounds| rounds.parse().ok()).unwrap_or(21);
    // For a profiler: one side alone, `CALLS` times, untimed.
    if let Ok(side) = std::env::var("SIDE") {
        let calls: u32 = std::env::var("CALLS").ok().and_then(|calls| calls.parse().ok()).unwrap_or(20);
        for mut case in cases(&wanted) {
            let run = if side == "derived" { &mut case.derived } else { &mut case.generated };
            for _ in 0..calls {
                run();
            }
        }
        return;
    }
    println!("{:<34} {:>12} {:>12} {:>8}", "case", "generated", "derived", "ratio");
    for case in cases(&wanted) {
        let (generated, derived, ratio) = measure(case.generated, case.derived, rounds);
        println!("{:<34} {:>12} {:>12} {:>7.3}×", case.name, shown(generated), shown(derived), ratio);
    }
}

/// One comparison: the generated type's side and the derived twin's, each
/// doing the same work once per call.
struct Case {
    name: String,
    generated: Box<dyn FnMut()>,
    derived: Box<dyn FnMut()>,
}

/// Medians of each side's time per call, and of the rounds' ratios.
fn measure(mut generated: Box<dyn FnMut()>, mut derived: Box<dyn FnMut()>, rounds: usize) -> (f64, f64, f64) {
    let calls = calls_for(&mut generated).min(calls_for(&mut derived));
    let mut times = (Vec::new(), Vec::new());
    let mut ratios = Vec::new();
    for round in 0..rounds {
        let (a, b) = if round % 2 == 0 {
            let a = time(&mut generated, calls);
            (a, time(&mut derived, calls))
        } else {
            let b = time(&mut derived, calls);
            (time(&mut generated, calls), b)
        };
        times.0.push(a);
        times.1.push(b);
        ratios.push(a / b);
    }
    (median(times.0), median(times.1), median(ratios))
}

/// How many calls take about 20 ms (after a warm-up call).
fn calls_for(side: &mut Box<dyn FnMut()>) -> u32 {
    side();
    let once = time(side, 1).max(1.0);
    ((Duration::from_millis(20).as_nanos() as f64 / once) as u32).max(1)
}

/// Nanoseconds per call, over `calls` calls.
fn time(side: &mut Box<dyn FnMut()>, calls: u32) -> f64 {
    let start = Instant::now();
    for _ in 0..calls {
        side();
    }
    start.elapsed().as_nanos() as f64 / f64::from(calls)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn shown(nanos: f64) -> String {
    match nanos {
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.2} µs", n / 1e3),
        n => format!("{n:.0} ns"),
    }
}

/// Reading the text `make` gives as `G` and as `D`, and writing what each
/// read: the cases of the two that are `wanted` (made only then).
fn read_and_write<G, D>(cases: &mut Vec<Case>, wanted: &dyn Fn(&str) -> bool, name: &str, make: impl Fn() -> String)
where
    G: serde::de::DeserializeOwned + Serialize + 'static,
    D: serde::de::DeserializeOwned + Serialize + 'static,
{
    let (read, write) = (format!("{name} read"), format!("{name} write"));
    if !wanted(&read) && !wanted(&write) {
        return;
    }
    let text = make();
    let generated: G = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{name}: generated: {error}"));
    let derived: D = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{name}: derived: {error}"));
    assert_eq!(
        serde_json::to_value(&generated).unwrap(),
        serde_json::to_value(&derived).unwrap(),
        "{name}: both sides read the same values"
    );
    if wanted(&read) {
        let (read_g, read_d) = (text.clone(), text);
        cases.push(Case {
            name: read,
            generated: Box::new(move || {
                black_box(serde_json::from_str::<G>(black_box(&read_g)).unwrap());
            }),
            derived: Box::new(move || {
                black_box(serde_json::from_str::<D>(black_box(&read_d)).unwrap());
            }),
        });
    }
    if wanted(&write) {
        cases.push(Case {
            name: write,
            generated: Box::new(move || {
                black_box(serde_json::to_vec(black_box(&generated)).unwrap());
            }),
            derived: Box::new(move || {
                black_box(serde_json::to_vec(black_box(&derived)).unwrap());
            }),
        });
    }
}

/// `[one, one, ...]`, `n` of `one(i)`.
fn array(n: usize, one: fn(usize) -> String) -> String {
    format!("[{}]", (0..n).map(one).collect::<Vec<_>>().join(","))
}

fn cases(wanted: &dyn Fn(&str) -> bool) -> Vec<Case> {
    let mut cases = Vec::new();
    let all = &mut cases;
    read_and_write::<Vec<user_apis::bleemeo::User>, Vec<bleemeo::User>>(all, wanted, "bleemeo User ×10,000", || {
        array(MANY, bleemeo::user)
    });
    read_and_write::<user_apis::bleemeo::User, bleemeo::User>(all, wanted, "bleemeo User", || bleemeo::user(7));
    read_and_write::<Vec<user_apis::awx::User>, Vec<awx::User>>(all, wanted, "awx User ×10,000", || {
        array(MANY, awx::user)
    });
    read_and_write::<user_apis::awx::User, awx::User>(all, wanted, "awx User", || awx::user(7));
    read_and_write::<Vec<tests::constraints::Limits>, Vec<limits::Limits>>(
        all,
        wanted,
        "constraints Limits ×10,000",
        || array(MANY, limits::limits),
    );
    read_and_write::<Vec<tests::one_of::Shape>, Vec<shape::Shape>>(all, wanted, "oneOf Shape ×10,000", || {
        array(MANY, shape::shape)
    });
    if wanted("bleemeo POST /v1/user/ router") {
        cases.push(router::case());
    }
    cases
}

/// One request through a router, in process (`tower::ServiceExt::oneshot`).
mod router {
    use super::{bleemeo, Case};
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;
    use user_apis::bleemeo::server::{router, Api};
    use user_apis::bleemeo::{Credentials, User, UserCreateParams, UserCreateResponse, UserRequest};
    use user_apis::support::server::HandlerError;

    /// Answers a create with the same user, as the hand-written handler does.
    struct Created(User);

    impl Api for Created {
        async fn user_create(
            &self,
            _params: UserCreateParams,
            body: UserRequest,
            _credentials: Credentials,
        ) -> Result<UserCreateResponse, HandlerError> {
            std::hint::black_box(body);
            Ok(UserCreateResponse::Created(self.0.clone()))
        }
    }

    const BODY: &str = r#"{"email":"ada@example.com","first_name":"Ada","last_name":"Lovelace","notification_web_critical":true,"notification_web_ok":false,"notification_web_warning":true,"profile_picture":"https://cdn.example.com/ada.png","default_profile_picture":false,"timezone":"Europe/Paris","toggle_newsletter":false,"toggle_weekly":null}"#;

    fn request() -> Request<Body> {
        Request::post("/v1/user/")
            .header("content-type", "application/json")
            .header("authorization", "Bearer token")
            .body(Body::from(BODY))
            .unwrap()
    }

    /// Sends a request through `app` and reads the answer whole: its status and length.
    fn call(runtime: &tokio::runtime::Runtime, app: &axum::Router) -> (u16, usize) {
        runtime.block_on(async {
            let response = app.clone().oneshot(request()).await.unwrap();
            let status = response.status().as_u16();
            (status, axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().len())
        })
    }

    pub(super) fn case() -> Case {
        let text = bleemeo::user(7);
        let generated = router(Created(serde_json::from_str(&text).unwrap()));
        let user: bleemeo::User = serde_json::from_str(&text).unwrap();
        let user = std::sync::Arc::new(user);
        let by_hand = axum::Router::new().route(
            "/v1/user/",
            axum::routing::post(move |body: axum::Json<bleemeo::UserRequest>| {
                let user = user.clone();
                async move {
                    let _ = std::hint::black_box(body);
                    (axum::http::StatusCode::CREATED, axum::Json(user.as_ref().clone()))
                }
            }),
        );
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let (answered, by_hand_answered) = (call(&runtime, &generated), call(&runtime, &by_hand));
        assert_eq!(answered, by_hand_answered, "both answer 201 with the same user");
        let runtime = std::rc::Rc::new(runtime);
        let shared = runtime.clone();
        Case {
            name: "bleemeo POST /v1/user/ router".to_owned(),
            generated: Box::new(move || {
                std::hint::black_box(call(&runtime, &generated));
            }),
            derived: Box::new(move || {
                std::hint::black_box(call(&shared, &by_hand));
            }),
        }
    }
}

/// Bleemeo's `User`, derived: what the spec says, nothing checked.
mod bleemeo {
    use super::{Deserialize, Serialize};
    use chrono::{DateTime, FixedOffset};
    use uuid::Uuid;

    #[derive(Clone, Serialize, Deserialize)]
    pub struct User {
        id: Uuid,
        account: Option<Uuid>,
        accounts: Vec<Uuid>,
        activated_at: Option<DateTime<FixedOffset>>,
        can_leave_account: bool,
        created_at: DateTime<FixedOffset>,
        created_by: Option<Uuid>,
        date_joined: Option<DateTime<FixedOffset>>,
        email: String,
        failed_login_count: Option<i32>,
        first_name: Option<String>,
        has_two_factor_auth: Option<bool>,
        is_admin: bool,
        is_manager: bool,
        last_access: Option<DateTime<FixedOffset>>,
        last_login: Option<DateTime<FixedOffset>>,
        last_name: Option<String>,
        mobile_notification_enable: bool,
        modified_at: Option<DateTime<FixedOffset>>,
        notification_web_critical: Option<bool>,
        notification_web_ok: Option<bool>,
        notification_web_warning: Option<bool>,
        password_last_change: Option<DateTime<FixedOffset>>,
        profile_picture: Option<String>,
        default_profile_picture: Option<bool>,
        timezone: Option<String>,
        toggle_newsletter: Option<bool>,
        toggle_weekly: Option<bool>,
        user: Option<Uuid>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct UserRequest {
        email: String,
        first_name: Option<String>,
        last_name: Option<String>,
        notification_web_critical: Option<bool>,
        notification_web_ok: Option<bool>,
        notification_web_warning: Option<bool>,
        profile_picture: Option<String>,
        default_profile_picture: Option<bool>,
        timezone: Option<String>,
        toggle_newsletter: Option<bool>,
        toggle_weekly: Option<bool>,
    }

    /// The `i`th user, every field given, as the API lists them.
    pub fn user(i: usize) -> String {
        let id = |n: usize| format!("\"{:08x}-0000-4000-8000-{:012x}\"", i, n);
        format!(
            r#"{{"id":{},"account":{},"accounts":[{}],"activated_at":"2025-03-01T10:00:00Z","can_leave_account":true,"created_at":"2025-03-01T09:59:12.123456Z","created_by":null,"date_joined":"2025-03-01T10:00:00+01:00","email":"user{i}@example.com","failed_login_count":0,"first_name":"Ada","has_two_factor_auth":false,"is_admin":false,"is_manager":true,"last_access":"2026-11-30T08:00:00Z","last_login":"2026-11-30T07:59:59Z","last_name":"Lovelace","mobile_notification_enable":true,"modified_at":null,"notification_web_critical":true,"notification_web_ok":false,"notification_web_warning":true,"password_last_change":"2026-01-01T00:00:00Z","profile_picture":"https://cdn.example.com/avatars/{i}.png","default_profile_picture":false,"timezone":"Europe/Paris","toggle_newsletter":false,"toggle_weekly":true,"user":{}}}"#,
            id(1),
            id(2),
            id(2),
            id(3)
        )
    }
}

/// AWX's `User`, derived: what the spec says, nothing checked.
mod awx {
    use super::{Deserialize, Serialize};
    use chrono::{DateTime, FixedOffset};
    use std::collections::BTreeMap;

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        User,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum ExternalAccount {
        Ldap,
        Social,
        Enterprise,
    }

    #[derive(Serialize, Deserialize)]
    struct Auth {
        provider: String,
        uid: String,
    }

    #[derive(Serialize, Deserialize)]
    pub struct User {
        id: i64,
        r#type: Kind,
        url: String,
        related: BTreeMap<String, String>,
        summary_fields: BTreeMap<String, serde_json::Value>,
        created: DateTime<FixedOffset>,
        modified: Option<DateTime<FixedOffset>>,
        username: String,
        first_name: String,
        last_name: String,
        email: String,
        is_superuser: bool,
        is_system_auditor: bool,
        ldap_dn: String,
        last_login: Option<DateTime<FixedOffset>>,
        external_account: Option<ExternalAccount>,
        auth: Option<Vec<Auth>>,
    }

    /// The `i`th user, as AWX lists them.
    pub fn user(i: usize) -> String {
        format!(
            r#"{{"id":{i},"type":"user","url":"/api/v2/users/{i}/","related":{{"teams":"/api/v2/users/{i}/teams/","roles":"/api/v2/users/{i}/roles/"}},"summary_fields":{{"user_capabilities":{{"edit":true,"delete":false}}}},"created":"2025-03-01T09:59:12.123456Z","modified":"2026-11-30T08:00:00Z","username":"user{i}","first_name":"Ada","last_name":"Lovelace","email":"user{i}@example.com","is_superuser":false,"is_system_auditor":false,"ldap_dn":"","last_login":null,"external_account":"ldap","auth":[{{"provider":"github","uid":"{i}"}}]}}"#
        )
    }
}

/// `Limits` of the constraints fixture, derived: its fields, nothing checked.
mod limits {
    use super::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    pub struct Limits {
        code: String,
        word: Option<String>,
        percent: Option<i64>,
        positive: Option<f64>,
        tags: Option<Vec<String>>,
        contact: Option<String>,
        homepage: Option<String>,
        day: Option<chrono::NaiveDate>,
        token: Option<String>,
        consent: Option<uuid::Uuid>,
        since: Option<chrono::DateTime<chrono::FixedOffset>>,
        until: Option<chrono::NaiveDate>,
        digest: Option<String>,
    }

    pub fn limits(i: usize) -> String {
        format!(
            r#"{{"code":"AB","word":"word{i}","percent":{},"positive":0.5,"tags":["a","b"],"contact":"a{}@b.io","homepage":"https://example.com/{i}","day":"2026-12-07","token":"secret","consent":"00000000-0000-4000-8000-{:012x}","since":"2026-12-07T08:00:00Z","until":"2026-12-31","digest":"AAEC"}}"#,
            i % 101,
            i % 1000,
            i
        )
    }
}

/// `Shape` of the oneOf fixture, derived: the untagged enum serde offers.
mod shape {
    use super::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    pub enum Shape {
        Circle { radius: f64 },
        Square { side: f64 },
    }

    pub fn shape(i: usize) -> String {
        match i % 2 {
            0 => format!(r#"{{"radius":{}.5}}"#, i),
            _ => format!(r#"{{"side":{}.25}}"#, i),
        }
    }
}
