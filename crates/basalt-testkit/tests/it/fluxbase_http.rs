//! A request helper for the Fluxbase tests, which need response headers
//! (`Content-Range`) and raw bodies (empty for `return=minimal`).

use crate::support::*;
use basalt_testkit::TestServer;

/// One answer: status, headers, the body as text and as JSON (`Null` when
/// empty or not JSON).
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Answer {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `name` of every record of an array body, in order.
    pub fn names(&self) -> Vec<String> {
        self.body
            .as_array()
            .unwrap_or_else(|| panic!("not an array: {}", self.text))
            .iter()
            .map(|r| r["name"].as_str().unwrap_or("").to_string())
            .collect()
    }
}

/// Sends `method path` with `headers` and an optional JSON body; `admin`
/// adds the admin token.
pub async fn flux(
    s: &TestServer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
    admin: bool,
) -> Answer {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = s.client.request(method, s.url(path));
    if admin {
        req = req.bearer_auth(ADMIN_TOKEN);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        text,
        body,
    }
}

/// Anonymous GET.
pub async fn get(s: &TestServer, path: &str) -> Answer {
    flux(s, "GET", path, &[], None, false).await
}

/// The `people` collection (every rule `"true"`) with six rows:
/// Ada 36 London, Bob 25 Paris, carol 41 London, Dave 17 (no city),
/// Eve 58 Berlin, Frank 33 Paris; `active` true for Ada, Bob, Dave, Eve.
pub async fn seed_people(s: &TestServer) {
    open_collection(
        s,
        "people",
        json!([
            {"name": "name", "type": "text", "required": true},
            {"name": "age", "type": "integer"},
            {"name": "city", "type": "text"},
            {"name": "active", "type": "boolean"},
            {"name": "score", "type": "number"}
        ]),
    )
    .await;
    for (name, age, city, active, score) in [
        ("Ada", 36, Some("London"), true, 1.5),
        ("Bob", 25, Some("Paris"), true, 2.0),
        ("carol", 41, Some("London"), false, 2.5),
        ("Dave", 17, None, true, 3.0),
        ("Eve", 58, Some("Berlin"), true, 3.5),
        ("Frank", 33, Some("Paris"), false, 4.0),
    ] {
        create_record(
            s,
            "people",
            json!({"name": name, "age": age, "city": city, "active": active, "score": score}),
        )
        .await;
    }
}

/// Every row of `people` as the admin sees it (soft-deleted ones included),
/// to compare before and after a refused request.
pub async fn snapshot(s: &TestServer, coll: &str) -> Vec<Value> {
    all_records(s, coll).await
}

/// The names a list answer holds, sorted (collations differ by engine).
pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}
