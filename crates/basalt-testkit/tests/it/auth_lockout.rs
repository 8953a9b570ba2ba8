//! Lockout per account: after `lockout_max_attempts` failures the identity
//! is refused (429 with `Retry-After`) even with the right password, for
//! `lockout_duration_ms`; unknown identities lock the same way; other
//! accounts are untouched; a success resets the count; 0 turns it off.

use crate::auth_support::*;
use crate::support::*;
use basalt_testkit::TestServer;
use std::time::Duration;

both_engines!(lockout_per_account, lockout_can_be_turned_off);

async fn lockout_per_account(s: &TestServer) {
    set(
        s,
        json!({"lockout_max_attempts": 3, "lockout_duration_ms": 1500}),
    )
    .await;
    register(s, "lock@example.com").await;
    register(s, "free@example.com").await;
    // Two failures, then a success: the count starts again.
    for _ in 0..2 {
        assert_eq!(login(s, "lock@example.com", "wrong password").await.0, 401);
    }
    assert_eq!(login(s, "lock@example.com", PASSWORD).await.0, 200);
    for _ in 0..2 {
        assert_eq!(login(s, "lock@example.com", "wrong password").await.0, 401);
    }
    // The third failure in a row locks.
    let (st, e) = login(s, "lock@example.com", "wrong password").await;
    assert_envelope(st, &e, 401);
    let res = s
        .client
        .post(s.url("/api/v1/auth/login"))
        .json(&json!({"email": "lock@example.com", "password": PASSWORD}))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), 429);
    let retry: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=2).contains(&retry), "{retry}");
    let body: Value = res.json().await.expect("json");
    assert_envelope(429, &body, 429);
    // Per account, not per IP: another account signs in.
    assert_eq!(login(s, "free@example.com", PASSWORD).await.0, 200);
    // Case does not get around it.
    assert_eq!(login(s, "LOCK@example.com", PASSWORD).await.0, 429);
    // Unknown identities lock too: no difference to learn from.
    for _ in 0..3 {
        assert_eq!(login(s, "ghost@example.com", "wrong password").await.0, 401);
    }
    assert_eq!(login(s, "ghost@example.com", "wrong password").await.0, 429);
    // After the duration the right password works again.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let (st, b) = login(s, "lock@example.com", PASSWORD).await;
    assert_eq!(st, 200, "{b}");
}

async fn lockout_can_be_turned_off(s: &TestServer) {
    set(s, json!({"lockout_max_attempts": 0})).await;
    register(s, "nolock@example.com").await;
    for _ in 0..12 {
        assert_eq!(
            login(s, "nolock@example.com", "wrong password").await.0,
            401
        );
    }
    assert_eq!(login(s, "nolock@example.com", PASSWORD).await.0, 200);
}
