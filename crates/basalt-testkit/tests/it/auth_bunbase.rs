//! BunBase's `/api/v1/auth` session routes end to end: register, login,
//! me, refresh (rotation and reuse), logout, logout-all, delete account,
//! `registration_open`, `single_session_mode`, API keys and 2FA with real
//! TOTP codes.

use crate::auth_support::*;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    register_login_me_and_the_token_body,
    bad_registrations_change_nothing,
    refresh_rotates_and_reuse_revokes_the_session,
    logout_and_logout_all_revoke_sessions,
    delete_account_removes_the_user,
    registration_can_be_closed,
    single_session_mode_keeps_one_session,
    api_keys_act_as_their_user,
    two_factor_with_real_codes,
);

async fn register_login_me_and_the_token_body(s: &TestServer) {
    let b = register(s, "Ada@Example.com").await;
    assert_token_body(&b, "ada@example.com");
    assert_eq!(b["user"]["verified"], false);
    assert_eq!(b["user"]["roles"], json!([]));
    assert_eq!(b["user"]["name"], "Test");
    let (st, b) = login(s, "ada@example.com", PASSWORD).await;
    assert_eq!(st, 200, "{b}");
    assert_token_body(&b, "ada@example.com");
    // The identity is case-insensitive.
    let (st, _) = login(s, "ADA@example.COM", PASSWORD).await;
    assert_eq!(st, 200);
    let token = access(&b);
    let (st, me) = bearer(s, "GET", "/api/v1/auth/me", &token, None).await;
    assert_eq!(st, 200, "{me}");
    assert_eq!(me["email"], "ada@example.com");
    assert_eq!(me["id"], b["user"]["id"]);
    assert_no_secrets(&me);
    // No credential, a bad one, the admin token: 401 on /me.
    let (st, e) = s.anon("GET", "/api/v1/auth/me", None).await;
    assert_envelope(st, &e, 401);
    let (st, e) = bearer(s, "GET", "/api/v1/auth/me", "nonsense", None).await;
    assert_envelope(st, &e, 401);
    let (st, e) = bearer(s, "GET", "/api/v1/auth/me", ADMIN_TOKEN, None).await;
    assert_envelope(st, &e, 401);
    // Wrong password and unknown address: the same answer.
    let (st1, e1) = login(s, "ada@example.com", "wrong password!").await;
    let (st2, e2) = login(s, "nobody@example.com", "wrong password!").await;
    assert_envelope(st1, &e1, 401);
    assert_eq!((st1, &e1), (st2, &e2));
}

async fn bad_registrations_change_nothing(s: &TestServer) {
    register(s, "taken@example.com").await;
    for body in [
        json!({"email": "taken@example.com", "password": PASSWORD}),
        json!({"email": "TAKEN@example.com", "password": PASSWORD}),
    ] {
        let (st, b) = s.anon("POST", "/api/v1/auth/register", Some(body)).await;
        assert_envelope(st, &b, 409);
    }
    for body in [
        json!({"email": "a@example.com"}),
        json!({"email": "a@example.com", "password": "short"}),
        json!({"email": "not-an-email", "password": PASSWORD}),
        json!({"password": PASSWORD}),
        json!({"email": "a@example.com", "password": 12345678}),
        json!({"email": "a@example.com", "password": PASSWORD, "roles": ["admin"]}),
        json!({"email": "a@example.com", "password": PASSWORD, "verified": true}),
        json!({"email": "a@example.com", "password": PASSWORD, "password_hash": "x"}),
        json!({"email": "a@example.com", "password": PASSWORD, "passwordConfirm": "other"}),
        json!({"email": "a@example.com", "password": PASSWORD, "nope": 1}),
        json!(["a"]),
    ] {
        let (st, b) = s
            .anon("POST", "/api/v1/auth/register", Some(body.clone()))
            .await;
        assert_envelope(st, &b, 400);
        assert!(!b.to_string().contains("$argon2"), "{b}");
    }
    assert_eq!(admin_total(s, "users").await, 1);
}

async fn refresh_rotates_and_reuse_revokes_the_session(s: &TestServer) {
    let b = register(s, "r@example.com").await;
    let first = refresh_of(&b);
    let (st, r1) = s
        .anon(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({"refresh_token": first})),
        )
        .await;
    assert_eq!(st, 200, "{r1}");
    assert_token_body(&r1, "r@example.com");
    let second = refresh_of(&r1);
    assert_ne!(first, second);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&r1), None).await;
    assert_eq!(st, 200);
    // The spent token again: refused, and the whole session goes.
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({"refresh_token": first})),
        )
        .await;
    assert_envelope(st, &e, 401);
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({"refresh_token": second})),
        )
        .await;
    assert_envelope(st, &e, 401);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&r1), None).await;
    assert_eq!(st, 401);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&b), None).await;
    assert_eq!(st, 401);
    // Another session of the same user is untouched.
    let (_, other) = login(s, "r@example.com", PASSWORD).await;
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&other), None).await;
    assert_eq!(st, 200);
    for body in [
        json!({"refresh_token": "rt_unknown"}),
        json!({"refresh_token": ""}),
        json!({}),
    ] {
        let (st, e) = s.anon("POST", "/api/v1/auth/refresh", Some(body)).await;
        assert_4xx(st, &e);
    }
    // An expired access token in the header does not stop a refresh.
    let (st, r) = bearer(
        s,
        "POST",
        "/api/v1/auth/refresh",
        "expired.jwt.token",
        Some(json!({"refresh_token": refresh_of(&other)})),
    )
    .await;
    assert_eq!(st, 200, "{r}");
}

async fn logout_and_logout_all_revoke_sessions(s: &TestServer) {
    let a = register(s, "l@example.com").await;
    let (_, b) = login(s, "l@example.com", PASSWORD).await;
    let (_, c) = login(s, "l@example.com", PASSWORD).await;
    let (st, _) = bearer(s, "POST", "/api/v1/auth/logout", &access(&a), None).await;
    assert_eq!(st, 204);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&a), None).await;
    assert_eq!(st, 401);
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({"refresh_token": refresh_of(&a)})),
        )
        .await;
    assert_envelope(st, &e, 401);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&b), None).await;
    assert_eq!(st, 200);
    let (st, r) = bearer(s, "POST", "/api/v1/auth/logout-all", &access(&b), None).await;
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["revoked"], 2, "{r}");
    for t in [&b, &c] {
        let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(t), None).await;
        assert_eq!(st, 401);
    }
    let (st, e) = s.anon("POST", "/api/v1/auth/logout", None).await;
    assert_envelope(st, &e, 401);
}

async fn delete_account_removes_the_user(s: &TestServer) {
    let b = register(s, "d@example.com").await;
    let token = access(&b);
    let (st, _) = bearer(s, "DELETE", "/api/v1/auth/me", &token, None).await;
    assert_eq!(st, 204);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &token, None).await;
    assert_eq!(st, 401);
    let (st, _) = login(s, "d@example.com", PASSWORD).await;
    assert_eq!(st, 401);
    assert_eq!(admin_total(s, "users").await, 0);
    // The address can be registered again.
    register(s, "d@example.com").await;
}

async fn registration_can_be_closed(s: &TestServer) {
    set(s, json!({"registration_open": false})).await;
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/register",
            Some(json!({"email": "c@example.com", "password": PASSWORD})),
        )
        .await;
    assert_envelope(st, &e, 403);
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/signup",
            Some(json!({"email": "c@example.com", "password": PASSWORD})),
        )
        .await;
    assert_envelope(st, &e, 403);
    assert_eq!(admin_total(s, "users").await, 0);
    set(s, json!({"registration_open": true})).await;
    register(s, "c@example.com").await;
}

async fn single_session_mode_keeps_one_session(s: &TestServer) {
    set(s, json!({"single_session_mode": true})).await;
    let a = register(s, "one@example.com").await;
    let (_, b) = login(s, "one@example.com", PASSWORD).await;
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&a), None).await;
    assert_eq!(st, 401, "the older session is revoked");
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&b), None).await;
    assert_eq!(st, 200);
    let (st, _) = s
        .anon(
            "POST",
            "/api/v1/auth/refresh",
            Some(json!({"refresh_token": refresh_of(&a)})),
        )
        .await;
    assert_eq!(st, 401);
}

async fn api_keys_act_as_their_user(s: &TestServer) {
    let (token, id) = user(s, "k@example.com").await;
    let (st, made) = bearer(
        s,
        "POST",
        "/api/v1/auth/api-keys",
        &token,
        Some(json!({"name": "ci"})),
    )
    .await;
    assert_eq!(st, 201, "{made}");
    let key = made["key"].as_str().expect("key").to_string();
    assert!(key.starts_with("bb_") && key.len() > 30, "{key}");
    assert_eq!(made["name"], "ci");
    // As X-API-Key and as a bearer token, the key is its user.
    let (st, me) = api_key(s, "GET", "/api/v1/auth/me", &key, None).await;
    assert_eq!((st, me["id"].as_str()), (200, Some(id.as_str())), "{me}");
    let (st, me) = bearer(s, "GET", "/api/v1/auth/me", &key, None).await;
    assert_eq!(st, 200, "{me}");
    // Listed without the secret.
    let (st, list) = bearer(s, "GET", "/api/v1/auth/api-keys", &token, None).await;
    assert_eq!(st, 200, "{list}");
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert!(!list.to_string().contains(&key), "secret listed: {list}");
    assert!(items[0]["prefix"]
        .as_str()
        .is_some_and(|p| key.starts_with(p)));
    let key_id = items[0]["id"].as_str().expect("id").to_string();
    // Another user can neither see nor revoke it.
    let (other, _) = user(s, "k2@example.com").await;
    let (_, l2) = bearer(s, "GET", "/api/v1/auth/api-keys", &other, None).await;
    assert_eq!(l2["items"], json!([]));
    let (st, e) = bearer(
        s,
        "DELETE",
        &format!("/api/v1/auth/api-keys/{key_id}"),
        &other,
        None,
    )
    .await;
    assert_envelope(st, &e, 404);
    // Revoked: refused at once.
    let (st, _) = bearer(
        s,
        "DELETE",
        &format!("/api/v1/auth/api-keys/{key_id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(st, 204);
    let (st, e) = api_key(s, "GET", "/api/v1/auth/me", &key, None).await;
    assert_envelope(st, &e, 401);
    let (st, e) = api_key(
        s,
        "GET",
        "/api/v1/auth/me",
        "bb_forged_key_value_0000000000",
        None,
    )
    .await;
    assert_envelope(st, &e, 401);
    // Anonymous callers cannot make keys; bad bodies are 400.
    let (st, e) = s
        .anon("POST", "/api/v1/auth/api-keys", Some(json!({})))
        .await;
    assert_envelope(st, &e, 401);
    let (st, e) = bearer(
        s,
        "POST",
        "/api/v1/auth/api-keys",
        &token,
        Some(json!({"name": 5})),
    )
    .await;
    assert_envelope(st, &e, 400);
    let (st, e) = bearer(
        s,
        "POST",
        "/api/v1/auth/api-keys",
        &token,
        Some(json!({"expires_in": -1})),
    )
    .await;
    assert_envelope(st, &e, 400);
    // A key without a body gets a default name.
    let (st, k) = bearer(s, "POST", "/api/v1/auth/api-keys", &token, None).await;
    assert_eq!(st, 201, "{k}");
}

async fn two_factor_with_real_codes(s: &TestServer) {
    let (token, _) = user(s, "tfa@example.com").await;
    let (st, e) = bearer(
        s,
        "POST",
        "/api/v1/auth/2fa/enable",
        &token,
        Some(json!({"code": "123456"})),
    )
    .await;
    assert_envelope(st, &e, 400);
    let (st, setup) = bearer(s, "POST", "/api/v1/auth/2fa/setup", &token, None).await;
    assert_eq!(st, 200, "{setup}");
    let secret = setup["secret"].as_str().expect("secret").to_string();
    let uri = setup["otpauth_url"].as_str().expect("uri");
    assert!(
        uri.starts_with("otpauth://totp/") && uri.contains(&secret),
        "{uri}"
    );
    // Until enabled, login gives tokens; a wrong code does not enable.
    let (st, b) = login(s, "tfa@example.com", PASSWORD).await;
    assert_eq!((st, b["totp_required"].is_null()), (200, true), "{b}");
    let (st, e) = bearer(
        s,
        "POST",
        "/api/v1/auth/2fa/enable",
        &token,
        Some(json!({"code": "000000"})),
    )
    .await;
    assert_envelope(st, &e, 400);
    let enable_code = totp_code(&secret);
    let (st, r) = bearer(
        s,
        "POST",
        "/api/v1/auth/2fa/enable",
        &token,
        Some(json!({"code": enable_code})),
    )
    .await;
    assert_eq!(st, 200, "{r}");
    // The secret never shows up in the user.
    let (_, me) = bearer(s, "GET", "/api/v1/auth/me", &token, None).await;
    assert_no_secrets(&me);
    assert!(!me.to_string().contains(&secret));
    // Login now answers a challenge, not tokens.
    let (st, b) = login(s, "tfa@example.com", PASSWORD).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["totp_required"], true, "{b}");
    assert!(b["access_token"].is_null(), "{b}");
    let challenge = b["challenge"].as_str().expect("challenge").to_string();
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/2fa/verify",
            Some(json!({"challenge": challenge, "code": "000000"})),
        )
        .await;
    assert_envelope(st, &e, 400);
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/2fa/verify",
            Some(json!({"challenge": "2fa_bogus", "code": totp_code(&secret)})),
        )
        .await;
    assert_envelope(st, &e, 401);
    // The code used to enable 2FA cannot sign in again (single use); the
    // next step's code can.
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/2fa/verify",
            Some(json!({"challenge": challenge, "code": enable_code})),
        )
        .await;
    assert_envelope(st, &e, 400);
    let next = totp_code_in(&secret, 1);
    let (st, t) = s
        .anon(
            "POST",
            "/api/v1/auth/2fa/verify",
            Some(json!({"challenge": challenge, "code": next})),
        )
        .await;
    assert_eq!(st, 200, "{t}");
    assert_token_body(&t, "tfa@example.com");
    // A challenge works once.
    let (st, _) = s
        .anon(
            "POST",
            "/api/v1/auth/2fa/verify",
            Some(json!({"challenge": challenge, "code": totp_code(&secret)})),
        )
        .await;
    assert_eq!(st, 401);
    // Fluxbase's signin sees the same 2FA.
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/auth/signin",
            Some(json!({"email": "tfa@example.com", "password": PASSWORD})),
        )
        .await;
    assert_eq!((st, &b["totp_required"]), (200, &json!(true)), "{b}");
    // Replaying the accepted code on a new challenge fails.
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/2fa/verify",
            Some(json!({"challenge": b["challenge"], "code": next})),
        )
        .await;
    assert_envelope(st, &e, 400);
    // Disable needs a valid code.
    let (st, e) = bearer(
        s,
        "DELETE",
        "/api/v1/auth/2fa/disable",
        &token,
        Some(json!({"code": "000000"})),
    )
    .await;
    assert_envelope(st, &e, 400);
    let (st, r) = bearer(
        s,
        "DELETE",
        "/api/v1/auth/2fa/disable",
        &token,
        Some(json!({"code": totp_code(&secret)})),
    )
    .await;
    assert_eq!(st, 200, "{r}");
    let (st, b) = login(s, "tfa@example.com", PASSWORD).await;
    assert_eq!(st, 200);
    assert_token_body(&b, "tfa@example.com");
}
