//! A few hundred generated bodies per operation, valid and invalid, sent to
//! the reference server: never a 5xx, and every answer has a documented
//! status whose schema its body matches. The generator is a fixed-seed
//! xorshift, so a failure reproduces.

mod common;
#[path = "../examples/reference/mod.rs"]
mod reference;

use common::{basic_admin, start, Request};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

const CASES_PER_OPERATION: usize = 300;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    fn value(&mut self, depth: usize) -> Value {
        match self.below(if depth > 2 { 7 } else { 9 }) {
            0 => Value::Null,
            1 => json!(self.below(2) == 0),
            2 => json!(self.next() as i64 % 1000 - 500),
            3 => json!(0),
            4 => json!(self
                .pick(&["", "a", "x@y.io", "a b", "é", "$encrypted$", "Europe/Paris", "https://x.io/p.png"])
                .to_owned()),
            5 => json!("é".repeat(self.below(300))),
            6 => json!(1.5),
            7 => Value::Array((0..self.below(3)).map(|_| self.value(depth + 1)).collect()),
            _ => Value::Object((0..self.below(3)).map(|i| (format!("k{i}"), self.value(depth + 1))).collect()),
        }
    }

    /// A valid body, then up to three mutations (drop a key, or set one to a
    /// random value), and now and then a random value instead of an object.
    fn body(&mut self, valid: &[Value], keys: &[&str]) -> Value {
        let mut body = self.pick(valid);
        for _ in 0..self.below(4) {
            let object = body.as_object_mut().unwrap();
            match self.below(2) {
                0 if !object.is_empty() => {
                    let key = object.keys().nth(self.below(object.len())).unwrap().clone();
                    object.remove(&key);
                }
                _ => {
                    let key = self.pick(keys).to_owned();
                    let value = self.value(0);
                    body.as_object_mut().unwrap().insert(key, value);
                }
            }
        }
        if self.below(20) == 0 {
            return self.value(0);
        }
        body
    }
}

/// Whether a body matches the schema documented for its status.
type Schema = fn(&Value) -> Result<(), String>;

/// Checks one reply against the operation's documented answers.
fn check(reply: &common::Reply, documented: &[(u16, Schema)], sent: &Value) {
    assert!(reply.status < 500, "{sent} → {} {:?}", reply.status, String::from_utf8_lossy(&reply.body));
    let Some((_, matches)) = documented.iter().find(|(status, _)| *status == reply.status) else {
        panic!("{sent} → undocumented status {}", reply.status);
    };
    let body = if reply.body.is_empty() { Value::Null } else { reply.json() };
    if let Err(error) = matches(&body) {
        panic!("{sent} → {} with a body that breaks its schema ({error}): {body}", reply.status);
    }
}

fn parses<T: DeserializeOwned>(body: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(body.clone()).map(|_| ()).map_err(|e| e.to_string())
}

fn empty(body: &Value) -> Result<(), String> {
    if body.is_null() {
        Ok(())
    } else {
        Err("expected no body".into())
    }
}

#[tokio::test]
async fn awx_team_users_post() {
    use user_apis::awx::{ErrorDetail, TeamUserError, User};
    let server = start(reference::app()).await;
    let mut rng = Rng(0x5eed_a3c5);
    let valid = [
        json!({"username": "user", "password": "pw", "email": "u@x.io", "first_name": "U"}),
        json!({"id": 1}),
        json!({"id": 1, "disassociate": true}),
    ];
    let keys = [
        "id",
        "disassociate",
        "username",
        "password",
        "email",
        "first_name",
        "last_name",
        "is_superuser",
        "is_system_auditor",
    ];
    let documented: [(u16, Schema); 4] =
        [(201, parses::<User>), (204, empty), (400, parses::<TeamUserError>), (404, parses::<ErrorDetail>)];
    for case in 0..CASES_PER_OPERATION {
        let mut body = rng.body(&valid, &keys);
        if let Some(username) = body.get_mut("username").filter(|v| v.as_str() == Some("user")) {
            *username = json!(format!("user{case}"));
        }
        let reply = server.call("POST", "/api/v2/teams/1/users/", Some(basic_admin()), Some(body.clone())).await;
        check(&reply, &documented, &body);
    }
}

#[tokio::test]
async fn awx_user_patch() {
    use user_apis::awx::{ErrorDetail, User, ValidationError};
    let server = start(reference::app()).await;
    let mut rng = Rng(0xa11c_e5ed);
    let valid = [json!({"first_name": "A"}), json!({"email": "a@b.io", "is_superuser": true}), json!({})];
    let keys = ["username", "password", "email", "first_name", "last_name", "is_superuser", "id", "url"];
    let documented: [(u16, Schema); 3] =
        [(200, parses::<User>), (400, parses::<ValidationError>), (404, parses::<ErrorDetail>)];
    for _ in 0..CASES_PER_OPERATION {
        let body = rng.body(&valid, &keys);
        let reply = server.call("PATCH", "/api/v2/users/1/", Some(basic_admin()), Some(body.clone())).await;
        check(&reply, &documented, &body);
    }
}

#[tokio::test]
async fn bleemeo_invite_and_patch() {
    use user_apis::bleemeo::{ErrorDetail, User, ValidationError};
    let server = start(reference::app()).await;
    let mut rng = Rng(0xb1ee_0e0e);
    let valid = [
        json!({"email": "a@b.io"}),
        json!({"email": "c@d.io", "timezone": "UTC", "toggle_weekly": null, "profile_picture": "https://x.io/p.png"}),
    ];
    let keys =
        ["email", "first_name", "timezone", "toggle_weekly", "profile_picture", "toggle_newsletter", "id", "is_admin"];
    let create: [(u16, Schema); 2] = [(201, parses::<User>), (400, parses::<ValidationError>)];
    let patch: [(u16, Schema); 3] =
        [(200, parses::<User>), (400, parses::<ValidationError>), (404, parses::<ErrorDetail>)];
    let first =
        server.call("POST", "/v1/user/", Some("JWT demo-token"), Some(json!({"email": "first@b.io"}))).await.json();
    let url = format!("/v1/user/{}/", first["id"].as_str().unwrap());
    for case in 0..CASES_PER_OPERATION {
        let mut body = rng.body(&valid, &keys);
        if let Some(email) =
            body.get_mut("email").filter(|v| v.as_str().is_some_and(|e| e.ends_with("b.io") || e.ends_with("d.io")))
        {
            *email = json!(format!("user{case}@b.io"));
        }
        let reply = server.call("POST", "/v1/user/", Some("JWT demo-token"), Some(body.clone())).await;
        check(&reply, &create, &body);
        let reply = server.call("PATCH", &url, Some("JWT demo-token"), Some(body.clone())).await;
        check(&reply, &patch, &body);
    }
}

#[tokio::test]
async fn raw_bytes_and_media_types_never_reach_5xx() {
    let server = start(reference::app()).await;
    let mut rng = Rng(0xdead_beef);
    let targets = ["/api/v2/teams/1/users/", "/v1/user/", "/api/v2/users/1/"];
    let methods = ["POST", "PATCH", "GET", "PUT", "DELETE"];
    let media = ["application/json", "text/plain", "application/json; charset=latin1", ""];
    for _ in 0..CASES_PER_OPERATION {
        let length = rng.below(64);
        let body: Vec<u8> = (0..length).map(|_| rng.pick(b"{}[]\":,0123456789abc \xff\\nul")).collect();
        let mut headers = vec![(
            "Authorization",
            rng.pick(&[basic_admin(), "JWT demo-token", "Bearer demo-token", "Basic !!!"]).to_string(),
        )];
        let content_type = rng.pick(&media);
        if !content_type.is_empty() {
            headers.push(("Content-Type", content_type.to_owned()));
        }
        let (method, target) = (rng.pick(&methods), rng.pick(&targets));
        let request = Request { method, target, headers, body: body.clone() };
        let reply = server.send(request).await;
        assert!(reply.status < 500, "{:?} → {}", String::from_utf8_lossy(&body), reply.status);
        assert!(reply.body.is_empty() || serde_json::from_slice::<Value>(&reply.body).is_ok(), "every body is JSON");
    }
}
