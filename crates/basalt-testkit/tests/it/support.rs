//! Shared helpers of the integration tests: the `both_engines!` macro, the
//! error-envelope assertion, and small HTTP shortcuts over [`TestServer`].

#![allow(dead_code)]

use basalt_testkit::TestServer;
pub use serde_json::{json, Value};

/// The admin token every test server uses.
pub const ADMIN_TOKEN: &str = "test-admin-token";

/// Turns `async fn name(s: &TestServer)` scenarios into one test per engine,
/// each on its own fresh server: `name::sqlite` and `name::postgres`.
macro_rules! both_engines {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let s = basalt_testkit::TestServer::start(basalt_testkit::EngineKind::Sqlite).await;
                    super::$name(&s).await;
                    s.stop().await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let s = basalt_testkit::TestServer::start(basalt_testkit::EngineKind::Postgres).await;
                    super::$name(&s).await;
                    s.stop().await;
                }
            }
        )*
    };
}

/// Asserts an error answer: the status, and the envelope
/// `{"error", "code", "message", "data"}` with `code` = status and `data` an
/// object.
#[track_caller]
pub fn assert_envelope(status: u16, body: &Value, expected: u16) {
    assert_eq!(status, expected, "status (body: {body})");
    assert_envelope_shape(status, body);
}

/// Asserts a 4xx answer in the envelope, whatever the exact status.
#[track_caller]
pub fn assert_4xx(status: u16, body: &Value) {
    assert!(
        (400..500).contains(&status),
        "expected a 4xx, got {status}: {body}"
    );
    assert_envelope_shape(status, body);
}

#[track_caller]
fn assert_envelope_shape(status: u16, body: &Value) {
    let o = body
        .as_object()
        .unwrap_or_else(|| panic!("error body is not a JSON object: {body}"));
    let error = o.get("error").and_then(Value::as_str);
    assert!(
        error.is_some_and(|e| !e.is_empty()),
        "'error' must be a non-empty string: {body}"
    );
    assert_eq!(
        o.get("code").and_then(Value::as_u64),
        Some(u64::from(status)),
        "'code' must equal the status: {body}"
    );
    assert!(
        o.get("message").and_then(Value::as_str).is_some(),
        "'message' must be a string: {body}"
    );
    assert!(
        o.get("data").is_some_and(Value::is_object),
        "'data' must be an object: {body}"
    );
}

/// `data` of an error envelope.
pub fn data(body: &Value) -> &serde_json::Map<String, Value> {
    body["data"].as_object().expect("data object")
}

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Sends a request with raw bytes and chosen headers; returns the status and
/// the body parsed as JSON (`Null` when it is not JSON).
pub async fn raw(
    s: &TestServer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = s.client.request(method, s.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(b) = body {
        req = req.body(b);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Creates a collection as admin and asserts 201.
pub async fn create_collection(s: &TestServer, body: Value) -> Value {
    let (st, b) = s
        .admin("POST", "/api/v1/admin/collections", Some(body.clone()))
        .await;
    assert_eq!(st, 201, "create collection {body}: {b}");
    b
}

/// Rules that let anyone do anything.
pub fn open_rules() -> Value {
    json!({"list": "true", "view": "true", "create": "true", "update": "true", "delete": "true"})
}

/// Creates a collection whose five rules are `"true"`.
pub async fn open_collection(s: &TestServer, name: &str, fields: Value) -> Value {
    create_collection(
        s,
        json!({"name": name, "fields": fields, "rules": open_rules()}),
    )
    .await
}

/// Creates a record as admin through the record route and asserts 201.
pub async fn create_record(s: &TestServer, coll: &str, body: Value) -> Value {
    let (st, b) = s
        .admin("POST", &format!("/api/v1/{coll}"), Some(body.clone()))
        .await;
    assert_eq!(st, 201, "create in {coll} {body}: {b}");
    b
}

/// Every record of a collection as the admin sees it (soft-deleted ones
/// included), ordered by primary key. At most 500.
pub async fn all_records(s: &TestServer, coll: &str) -> Vec<Value> {
    let (st, b) = s
        .admin(
            "GET",
            &format!("/api/v1/admin/collections/{coll}/records?perPage=500"),
            None,
        )
        .await;
    assert_eq!(st, 200, "admin list {coll}: {b}");
    b["items"].as_array().expect("items").clone()
}

/// The total number of records of a collection as the admin sees it.
pub async fn admin_total(s: &TestServer, coll: &str) -> i64 {
    let (st, b) = s
        .admin(
            "GET",
            &format!("/api/v1/admin/collections/{coll}/records?perPage=1"),
            None,
        )
        .await;
    assert_eq!(st, 200, "admin list {coll}: {b}");
    b["totalItems"].as_i64().expect("totalItems")
}

/// The admin view of every collection, as listed.
pub async fn all_collections(s: &TestServer) -> Vec<Value> {
    let (st, b) = s.admin("GET", "/api/v1/admin/collections", None).await;
    assert_eq!(st, 200, "list collections: {b}");
    b["items"].as_array().expect("items").clone()
}

/// The names of every collection but the built-in `users` one (made at
/// start on every server).
pub async fn collection_names(s: &TestServer) -> Vec<String> {
    all_collections(s)
        .await
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_string())
        .filter(|n| n != "users")
        .collect()
}

/// One collection as the admin sees it.
pub async fn collection(s: &TestServer, name: &str) -> Value {
    let (st, b) = s
        .admin("GET", &format!("/api/v1/admin/collections/{name}"), None)
        .await;
    assert_eq!(st, 200, "get collection {name}: {b}");
    b
}

/// The field named `name` of a collection JSON.
pub fn field<'a>(coll: &'a Value, name: &str) -> Option<&'a Value> {
    coll["fields"]
        .as_array()?
        .iter()
        .find(|f| f["name"] == name)
}

/// True for `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub fn is_timestamp(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let b = s.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            23 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// True for a lowercase-hex UUID string of version 7.
pub fn is_uuid_v7(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
        && b[14] == b'7'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b' | b'A' | b'B')
}

/// The values of `key` in a list of records.
pub fn pluck(items: &[Value], key: &str) -> Vec<Value> {
    items.iter().map(|r| r[key].clone()).collect()
}

/// The string values of `key` in a list answer's `items`.
pub fn names_of(body: &Value, key: &str) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {body}"))
        .iter()
        .map(|r| r[key].as_str().unwrap_or("").to_string())
        .collect()
}
