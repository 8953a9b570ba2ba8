//! Teenybase's per-table auth routes on an auth collection an admin made
//! (`"auth": true`, with a `username`): sign-up, login-password by e-mail
//! or username, refresh-token, change-password, logout, and the reset and
//! verification e-mails through the SMTP sink.

use crate::auth_support::*;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(teenybase_sessions, teenybase_mail_flows);

const T: &str = "/api/v1/table/members/auth";

pub async fn members(s: &TestServer) {
    let c = create_collection(
        s,
        json!({"name": "members", "auth": true,
               "fields": [{"name": "username", "type": "text", "unique": true}],
               "rules": {"list": "id = auth.id", "view": "id = auth.id"}}),
    )
    .await;
    assert_eq!(c["type"], "auth", "{c}");
    assert_no_secrets(&c);
    for f in ["email", "verified", "roles", "username"] {
        assert!(field(&c, f).is_some(), "{f} in {c}");
    }
}

async fn teenybase_sessions(s: &TestServer) {
    members(s).await;
    let (st, b) = s
        .anon(
            "POST",
            &format!("{T}/sign-up"),
            Some(json!({"username": "testuser", "email": "Test@Example.com",
                        "password": PASSWORD, "name": "Test User"})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_token_body(&b, "test@example.com");
    assert_eq!(b["record"]["username"], "testuser");
    // Login by e-mail and by username; same answer for bad identities.
    for identity in ["test@example.com", "testuser"] {
        let (st, b) = s
            .anon(
                "POST",
                &format!("{T}/login-password"),
                Some(json!({"identity": identity, "password": PASSWORD})),
            )
            .await;
        assert_eq!(st, 200, "{identity}: {b}");
        assert_token_body(&b, "test@example.com");
    }
    let bad1 = s
        .anon(
            "POST",
            &format!("{T}/login-password"),
            Some(json!({"identity": "testuser", "password": "wrong pass"})),
        )
        .await;
    let bad2 = s
        .anon(
            "POST",
            &format!("{T}/login-password"),
            Some(json!({"identity": "nobody", "password": "wrong pass"})),
        )
        .await;
    assert_envelope(bad1.0, &bad1.1, 401);
    assert_eq!(bad1, bad2);
    // Lockout counts per account, whether named by e-mail or username
    // (`bad1` above was the first failure).
    set(
        s,
        json!({"lockout_max_attempts": 3, "lockout_duration_ms": 60000}),
    )
    .await;
    for identity in ["testuser", "test@example.com"] {
        let (st, _) = s
            .anon(
                "POST",
                &format!("{T}/login-password"),
                Some(json!({"identity": identity, "password": "wrong pass"})),
            )
            .await;
        assert_eq!(st, 401);
    }
    let (st, e) = s
        .anon(
            "POST",
            &format!("{T}/login-password"),
            Some(json!({"identity": "testuser", "password": PASSWORD})),
        )
        .await;
    assert_envelope(st, &e, 429);
    set(s, json!({"lockout_max_attempts": 0})).await;
    // Members are not users: BunBase's login does not know them.
    assert_eq!(login(s, "test@example.com", PASSWORD).await.0, 401);
    // Another surface's refresh route does not take a member's token, and
    // leaves it unspent.
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({"refresh_token": refresh_of(&b)})),
        )
        .await;
    assert_envelope(st, &e, 401);
    // Refresh, with the (maybe expired) token in the header.
    let (st, r) = bearer(
        s,
        "POST",
        &format!("{T}/refresh-token"),
        &access(&b),
        Some(json!({"refresh_token": refresh_of(&b)})),
    )
    .await;
    assert_eq!(st, 200, "{r}");
    let token = access(&r);
    // The member's token works on record routes, as the member.
    let (st, me) = bearer(s, "GET", "/api/v1/members", &token, None).await;
    assert_eq!((st, &me["totalItems"]), (200, &json!(1)), "{me}");
    assert_no_secrets(&me);
    // change-password: the current one must match.
    let (st, e) = bearer(
        s,
        "POST",
        &format!("{T}/change-password"),
        &token,
        Some(json!({"password": "a new password", "passwordCurrent": "not it at all"})),
    )
    .await;
    assert_envelope(st, &e, 400);
    let (_, other) = s
        .anon(
            "POST",
            &format!("{T}/login-password"),
            Some(json!({"identity": "testuser", "password": PASSWORD})),
        )
        .await;
    let (st, r) = bearer(
        s,
        "POST",
        &format!("{T}/change-password"),
        &token,
        Some(json!({"password": "a new password", "passwordCurrent": PASSWORD})),
    )
    .await;
    assert_eq!(st, 200, "{r}");
    // Other sessions are revoked, this one stays.
    let (st, _) = bearer(s, "GET", "/api/v1/members", &access(&other), None).await;
    assert_eq!(st, 401);
    let (st, _) = bearer(s, "GET", "/api/v1/members", &token, None).await;
    assert_eq!(st, 200);
    let (st, _) = s
        .anon(
            "POST",
            &format!("{T}/login-password"),
            Some(json!({"identity": "testuser", "password": "a new password"})),
        )
        .await;
    assert_eq!(st, 200);
    // A users token cannot act on members' auth routes.
    let (utoken, _) = user(s, "u@example.com").await;
    let (st, e) = bearer(s, "POST", &format!("{T}/logout"), &utoken, None).await;
    assert_envelope(st, &e, 403);
    // Logout.
    let (st, _) = bearer(s, "POST", &format!("{T}/logout"), &token, None).await;
    assert_eq!(st, 200);
    let (st, _) = bearer(s, "GET", "/api/v1/members", &token, None).await;
    assert_eq!(st, 401);
    // Tables that are not auth collections have no auth routes.
    open_collection(s, "plain", json!([{"name": "t", "type": "text"}])).await;
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/table/plain/auth/sign-up",
            Some(json!({"email": "a@b.co", "password": PASSWORD})),
        )
        .await;
    assert_envelope(st, &e, 404);
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/table/nope/auth/login-password",
            Some(json!({"identity": "a", "password": "b"})),
        )
        .await;
    assert_envelope(st, &e, 404);
}

async fn teenybase_mail_flows(s: &TestServer) {
    members(s).await;
    let sink = smtp(s).await;
    let (st, b) = s
        .anon(
            "POST",
            &format!("{T}/sign-up"),
            Some(
                json!({"username": "mailer", "email": "mailer@example.com", "password": PASSWORD}),
            ),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let verify = mailed_token(&sink, "mailer@example.com", 0).await;
    let (st, r) = s
        .anon(
            "POST",
            &format!("{T}/confirm-verification"),
            Some(json!({"token": verify})),
        )
        .await;
    assert_eq!((st, &r["record"]["verified"]), (200, &json!(true)), "{r}");
    // Requests answer the same for unknown addresses.
    for path in ["request-password-reset", "request-verification"] {
        let known = s
            .anon(
                "POST",
                &format!("{T}/{path}"),
                Some(json!({"email": "mailer@example.com"})),
            )
            .await;
        let unknown = s
            .anon(
                "POST",
                &format!("{T}/{path}"),
                Some(json!({"email": "ghost@example.com"})),
            )
            .await;
        assert_eq!(known.0, 200, "{path}: {}", known.1);
        assert_eq!(known, unknown, "{path}");
    }
    let reset = mailed_token(&sink, "mailer@example.com", 1).await;
    let (st, e) = s
        .anon(
            "POST",
            &format!("{T}/confirm-password-reset"),
            Some(json!({"token": reset, "password": "tiny"})),
        )
        .await;
    assert_envelope(st, &e, 400);
    let (st, r) = s
        .anon(
            "POST",
            &format!("{T}/confirm-password-reset"),
            Some(json!({"token": reset, "password": "reset password"})),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    let (st, _) = s
        .anon(
            "POST",
            &format!("{T}/login-password"),
            Some(json!({"identity": "mailer", "password": "reset password"})),
        )
        .await;
    assert_eq!(st, 200);
    let (st, _) = bearer(s, "GET", "/api/v1/members", &access(&b), None).await;
    assert_eq!(st, 401, "a reset revokes old sessions");
}
