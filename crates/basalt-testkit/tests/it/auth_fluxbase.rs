//! Fluxbase's `/api/v1/auth` routes: signup, signin, signout, refresh
//! (shared with BunBase), user GET and PATCH; tokens made by one product's
//! routes work on the other's.

use crate::auth_support::*;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(fluxbase_signup_signin_user_signout);

async fn fluxbase_signup_signin_user_signout(s: &TestServer) {
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/auth/signup",
            Some(json!({"email": "f@example.com", "password": PASSWORD, "data": {"name": "Flux"}})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_token_body(&b, "f@example.com");
    assert_eq!(b["user"]["name"], "Flux");
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/auth/signin",
            Some(json!({"email": "f@example.com", "password": PASSWORD})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_token_body(&b, "f@example.com");
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/signin",
            Some(json!({"email": "f@example.com", "password": "nope nope"})),
        )
        .await;
    assert_envelope(st, &e, 401);
    let token = access(&b);
    let (st, u) = bearer(s, "GET", "/api/v1/auth/user", &token, None).await;
    assert_eq!((st, &u["email"]), (200, &json!("f@example.com")), "{u}");
    // PATCH user: profile fields and the password; never roles or verified.
    let (st, u) = bearer(
        s,
        "PATCH",
        "/api/v1/auth/user",
        &token,
        Some(json!({"name": "Renamed"})),
    )
    .await;
    assert_eq!((st, &u["name"]), (200, &json!("Renamed")), "{u}");
    for body in [
        json!({"roles": ["admin"]}),
        json!({"verified": true}),
        json!({"email": "other@example.com"}),
        json!({"password": "short"}),
        json!({"unknown_field": 1}),
        json!({"name": 5}),
    ] {
        let (st, e) = bearer(s, "PATCH", "/api/v1/auth/user", &token, Some(body.clone())).await;
        assert_envelope(st, &e, 400);
    }
    let (_, u) = bearer(s, "GET", "/api/v1/auth/user", &token, None).await;
    assert_eq!(
        (&u["roles"], &u["verified"], &u["name"]),
        (&json!([]), &json!(false), &json!("Renamed"))
    );
    let (st, _) = bearer(
        s,
        "PATCH",
        "/api/v1/auth/user",
        &token,
        Some(json!({"password": "brand new password"})),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(login(s, "f@example.com", PASSWORD).await.0, 401);
    assert_eq!(login(s, "f@example.com", "brand new password").await.0, 200);
    // BunBase's /me and Fluxbase's /user read the same token; refresh takes
    // Fluxbase's body.
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &token, None).await;
    assert_eq!(st, 200);
    let (st, r) = s
        .anon(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({"refresh_token": refresh_of(&b)})),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    let (st, _) = bearer(s, "POST", "/api/v1/auth/signout", &token, None).await;
    assert_eq!(st, 204);
    let (st, e) = bearer(s, "GET", "/api/v1/auth/user", &token, None).await;
    assert_envelope(st, &e, 401);
    let (st, e) = s.anon("POST", "/api/v1/auth/signout", None).await;
    assert_envelope(st, &e, 401);
}
