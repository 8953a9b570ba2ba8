//! Forged and expired access tokens are 401 on every route that reads the
//! caller: `alg: none`, HS512 with the right secret, a tampered payload, a
//! wrong secret, a past `exp`, a token of a revoked session or of a deleted
//! user. A correctly signed token with live claims works.

use crate::auth_support::*;
use crate::support::*;
use basalt_testkit::TestServer;
use base64::Engine as _;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};

both_engines!(
    forged_and_expired_tokens_are_refused,
    tokens_die_with_their_session_and_user
);

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64");
    serde_json::from_slice(&bytes).expect("claims")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

/// Every way of asking "who am I" that must refuse a bad token.
async fn refused_everywhere(s: &TestServer, token: &str, what: &str) {
    for (method, path) in [
        ("GET", "/api/v1/auth/me"),
        ("GET", "/api/v1/auth/user"),
        ("GET", "/api/v1/posts"),
        ("GET", "/api/collections/posts"),
        ("GET", "/api/v1/tables/posts"),
    ] {
        let (st, b) = bearer(s, method, path, token, None).await;
        assert_eq!(st, 401, "{what}: {method} {path}: {b}");
        assert_envelope(st, &b, 401);
    }
}

async fn forged_and_expired_tokens_are_refused(s: &TestServer) {
    open_collection(s, "posts", json!([{"name": "title", "type": "text"}])).await;
    let b = register(s, "victim@example.com").await;
    let good = access(&b);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &good, None).await;
    assert_eq!(st, 200);
    let claims = claims_of(&good);
    assert_eq!(claims["typ"], "access");
    let secret = jwt_secret(s).await;
    let key = EncodingKey::from_secret(secret.as_bytes());
    // A token we sign ourselves with the real secret and live claims works:
    // the forgeries below fail for their flaw alone.
    let ours = encode(&Header::new(Algorithm::HS256), &claims, &key).expect("sign");
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &ours, None).await;
    assert_eq!(st, 200);

    let parts: Vec<&str> = good.split('.').collect();
    let none_header = b64(br#"{"alg":"none","typ":"JWT"}"#);
    refused_everywhere(s, &format!("{none_header}.{}.", parts[1]), "alg none").await;
    refused_everywhere(
        s,
        &format!("{none_header}.{}.{}", parts[1], parts[2]),
        "alg none, old signature",
    )
    .await;
    let hs512 = encode(&Header::new(Algorithm::HS512), &claims, &key).expect("sign");
    refused_everywhere(s, &hs512, "HS512").await;
    let mut tampered = claims.clone();
    tampered["sub"] = json!("someone-else");
    let tampered_payload = b64(tampered.to_string().as_bytes());
    refused_everywhere(
        s,
        &format!("{}.{tampered_payload}.{}", parts[0], parts[2]),
        "tampered",
    )
    .await;
    let wrong = encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(b"not-the-secret"),
    )
    .expect("sign");
    refused_everywhere(s, &wrong, "wrong secret").await;
    let mut expired = claims.clone();
    expired["iat"] = json!(now() - 7200);
    expired["exp"] = json!(now() - 3600);
    let expired = encode(&Header::new(Algorithm::HS256), &expired, &key).expect("sign");
    refused_everywhere(s, &expired, "expired").await;
    let mut no_exp = claims.clone();
    no_exp.as_object_mut().expect("object").remove("exp");
    let no_exp = encode(&Header::new(Algorithm::HS256), &no_exp, &key).expect("sign");
    refused_everywhere(s, &no_exp, "no exp").await;
    let mut other_session = claims.clone();
    other_session["sid"] = json!("0193-made-up-session");
    let other_session = encode(&Header::new(Algorithm::HS256), &other_session, &key).expect("sign");
    refused_everywhere(s, &other_session, "unknown session").await;
    refused_everywhere(s, "a.b.c", "garbage").await;
    refused_everywhere(s, &format!("{good}x"), "extra byte").await;
    // The real token still works after all that.
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &good, None).await;
    assert_eq!(st, 200);
    // An Authorization header that is not a bearer token is 401 too.
    let (st, b) = send(
        s,
        "GET",
        "/api/v1/posts",
        &[("authorization", "Basic abc")],
        None,
    )
    .await;
    assert_envelope(st, &b, 401);
}

async fn tokens_die_with_their_session_and_user(s: &TestServer) {
    open_collection(s, "posts", json!([{"name": "title", "type": "text"}])).await;
    let b = register(s, "gone@example.com").await;
    let token = access(&b);
    let (st, _) = bearer(s, "GET", "/api/v1/posts", &token, None).await;
    assert_eq!(st, 200);
    let (st, _) = bearer(s, "POST", "/api/v1/auth/logout", &token, None).await;
    assert_eq!(st, 204);
    refused_everywhere(s, &token, "revoked session").await;
    let (_, b2) = login(s, "gone@example.com", PASSWORD).await;
    let t2 = access(&b2);
    let id = b2["user"]["id"].as_str().expect("id");
    let (st, _) = s
        .admin("DELETE", &format!("/api/v1/admin/users/{id}"), None)
        .await;
    assert_eq!(st, 204);
    refused_everywhere(s, &t2, "deleted user").await;
}

/// Several nodes over one PostgreSQL database share the signing secret (the
/// first node's) and the sessions: a token from one node works on the
/// other, and a logout on one is seen by the other at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_work_on_every_node() {
    let a = TestServer::start(basalt_testkit::EngineKind::Postgres).await;
    let b = a.second_node().await;
    assert_eq!(jwt_secret(&a).await, jwt_secret(&b).await);
    let body = register(&a, "nodes@example.com").await;
    let token = access(&body);
    let (st, me) = bearer(&b, "GET", "/api/v1/auth/me", &token, None).await;
    assert_eq!(st, 200, "{me}");
    let (st, r) = b
        .anon(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({"refresh_token": refresh_of(&body)})),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    let (st, _) = bearer(&b, "POST", "/api/v1/auth/logout", &access(&r), None).await;
    assert_eq!(st, 204);
    let (st, _) = bearer(&a, "GET", "/api/v1/auth/me", &access(&r), None).await;
    assert_eq!(st, 401);
    b.stop().await;
    a.stop().await;
}
