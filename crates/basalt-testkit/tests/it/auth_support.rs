//! Helpers of the auth scenarios: sign up and sign in over HTTP, requests
//! with a bearer token or an API key, an SMTP sink wired into the settings,
//! TOTP codes from a secret, and the server's signing secret (to forge
//! tokens with).

#![allow(dead_code)]

use crate::support::*;
use basalt_testkit::{SmtpSink, TestServer};
use std::time::Duration;

pub const PASSWORD: &str = "correct horse battery";

/// Sends a request with chosen headers and an optional JSON body.
pub async fn send(
    s: &TestServer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> (u16, Value) {
    let mut h: Vec<(&str, &str)> = headers.to_vec();
    let bytes = body.map(|b| {
        h.push(("content-type", "application/json"));
        serde_json::to_vec(&b).expect("json")
    });
    raw(s, method, path, &h, bytes).await
}

/// A request with `Authorization: Bearer token`.
pub async fn bearer(
    s: &TestServer,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let auth = format!("Bearer {token}");
    send(s, method, path, &[("authorization", auth.as_str())], body).await
}

/// A request with `X-API-Key: key`.
pub async fn api_key(
    s: &TestServer,
    method: &str,
    path: &str,
    key: &str,
    body: Option<Value>,
) -> (u16, Value) {
    send(s, method, path, &[("x-api-key", key)], body).await
}

/// Registers through BunBase and returns the token body (asserts 201).
pub async fn register(s: &TestServer, email: &str) -> Value {
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/auth/register",
            Some(json!({"email": email, "password": PASSWORD, "name": "Test"})),
        )
        .await;
    assert_eq!(st, 201, "register {email}: {b}");
    b
}

/// Signs in through BunBase; returns status and body.
pub async fn login(s: &TestServer, email: &str, password: &str) -> (u16, Value) {
    s.anon(
        "POST",
        "/api/v1/auth/login",
        Some(json!({"email": email, "password": password})),
    )
    .await
}

/// The access token of a token body.
pub fn access(body: &Value) -> String {
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

/// The refresh token of a token body.
pub fn refresh_of(body: &Value) -> String {
    body["refresh_token"]
        .as_str()
        .expect("refresh_token")
        .to_string()
}

/// Registers `email` and returns (access token, user id).
pub async fn user(s: &TestServer, email: &str) -> (String, String) {
    let b = register(s, email).await;
    (
        access(&b),
        b["user"]["id"].as_str().expect("id").to_string(),
    )
}

/// Asserts DESIGN.md's token body.
#[track_caller]
pub fn assert_token_body(b: &Value, email: &str) {
    for k in ["access_token", "refresh_token", "token"] {
        assert!(b[k].as_str().is_some_and(|t| !t.is_empty()), "{k} in {b}");
    }
    assert_eq!(b["token"], b["access_token"], "{b}");
    assert_eq!(b["token_type"], "bearer", "{b}");
    assert_eq!(b["expires_in"], 3600, "{b}");
    assert_eq!(b["user"]["email"], email, "{b}");
    assert_eq!(b["record"], b["user"], "{b}");
    assert_no_secrets(b);
}

/// Asserts that no password hash or 2FA secret appears anywhere in `v`.
#[track_caller]
pub fn assert_no_secrets(v: &Value) {
    let text = v.to_string();
    for needle in [
        "password_hash",
        "totp_secret",
        "totp_enabled",
        "totp_last_step",
        "$argon2",
    ] {
        assert!(!text.contains(needle), "{needle} leaked in {text}");
    }
}

/// Starts an SMTP sink and points the server's e-mail settings at it.
pub async fn smtp(s: &TestServer) -> SmtpSink {
    let sink = SmtpSink::start().await;
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/settings",
            Some(json!({
                "email_provider": "smtp", "smtp_host": "127.0.0.1",
                "smtp_port": sink.port, "smtp_tls": "none",
                "email_from": "Basalt <no-reply@basalt.test>",
                "app_url": "http://app.test", "app_name": "Acme"
            })),
        )
        .await;
    assert_eq!(st, 200, "settings: {b}");
    sink
}

/// Waits for the `n`th (0-based) message to `to` and returns its token.
pub async fn mailed_token(sink: &SmtpSink, to: &str, n: usize) -> String {
    let mail = sink
        .wait_for(to, n, Duration::from_secs(15))
        .await
        .unwrap_or_else(|| panic!("no mail #{n} to {to}: {:?}", sink.messages()));
    mail.token()
        .unwrap_or_else(|| panic!("no token in {}", mail.data))
}

/// The current TOTP code for a base32 secret.
pub fn totp_code(secret: &str) -> String {
    totp_code_in(secret, 0)
}

/// The TOTP code `steps` 30-second steps from now (the server accepts one
/// step of skew, and each step only once).
pub fn totp_code_in(secret: &str, steps: u64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).expect("base32 secret");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    totp_rs::Builder::new()
        .with_secret(secret)
        .build()
        .expect("totp")
        .generate(now + 30 * steps)
        .to_string()
}

/// The server's JWT signing secret, read from its database.
pub async fn jwt_secret(s: &TestServer) -> String {
    let rows = s
        .core
        .engine
        .query(basalt_core::Sql::raw(
            "SELECT value FROM _basalt_meta WHERE key = 'jwt_secret'",
        ))
        .await
        .expect("read secret");
    rows.rows[0][0].as_str().expect("secret").to_string()
}

/// Sets settings as admin and asserts 200.
pub async fn set(s: &TestServer, settings: Value) {
    let (st, b) = s
        .admin("PATCH", "/api/v1/admin/settings", Some(settings))
        .await;
    assert_eq!(st, 200, "settings: {b}");
}
