//! BunBase's admin user and session routes: list users (no secrets),
//! delete one, set roles (which rules then see), impersonate (a 15-minute
//! token); list sessions, revoke one, purge the dead ones. All need the
//! admin token.

use crate::auth_support::*;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    admin_manages_users,
    admin_manages_sessions,
    admin_routes_need_the_admin
);

async fn admin_manages_users(s: &TestServer) {
    let (token, id) = user(s, "u1@example.com").await;
    user(s, "u2@example.com").await;
    let (st, list) = s.admin("GET", "/api/v1/admin/users?sort=email", None).await;
    assert_eq!(st, 200, "{list}");
    assert_eq!(list["totalItems"], 2);
    assert_eq!(
        names_of(&list, "email"),
        ["u1@example.com", "u2@example.com"]
    );
    assert_no_secrets(&list);
    // Roles: replaced, validated, seen by rules at once.
    create_collection(
        s,
        json!({"name": "staff_only", "fields": [{"name": "t", "type": "text"}],
               "rules": {"list": "auth.roles ~ 'staff'", "create": "auth.roles ~ 'staff'"}}),
    )
    .await;
    create_record(s, "staff_only", json!({"t": "secret"})).await;
    let (_, l) = bearer(s, "GET", "/api/v1/staff_only", &token, None).await;
    assert_eq!(l["totalItems"], 0, "{l}");
    let (st, u) = s
        .admin(
            "PATCH",
            &format!("/api/v1/admin/users/{id}/roles"),
            Some(json!({"roles": ["staff"]})),
        )
        .await;
    assert_eq!((st, &u["roles"]), (200, &json!(["staff"])), "{u}");
    assert_no_secrets(&u);
    let (_, l) = bearer(s, "GET", "/api/v1/staff_only", &token, None).await;
    assert_eq!(l["totalItems"], 1, "{l}");
    for bad in [
        json!({"roles": "staff"}),
        json!({"roles": [1]}),
        json!({}),
        json!({"roles": [], "x": 1}),
    ] {
        let (st, e) = s
            .admin(
                "PATCH",
                &format!("/api/v1/admin/users/{id}/roles"),
                Some(bad),
            )
            .await;
        assert_envelope(st, &e, 400);
    }
    let (st, e) = s
        .admin(
            "PATCH",
            "/api/v1/admin/users/nope/roles",
            Some(json!({"roles": []})),
        )
        .await;
    assert_envelope(st, &e, 404);
    // Impersonation: a 15-minute token acting as the user, no refresh token.
    let (st, imp) = s
        .admin(
            "POST",
            &format!("/api/v1/admin/users/{id}/impersonate"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{imp}");
    assert_eq!(imp["expires_in"], 900);
    assert!(imp["refresh_token"].is_null());
    assert_eq!(imp["token"], imp["access_token"]);
    let (st, me) = bearer(s, "GET", "/api/v1/auth/me", &access(&imp), None).await;
    assert_eq!((st, &me["id"]), (200, &json!(id)), "{me}");
    let (st, e) = s
        .admin("POST", "/api/v1/admin/users/nope/impersonate", None)
        .await;
    assert_envelope(st, &e, 404);
    // Delete: gone, with its sessions.
    let (st, _) = s
        .admin("DELETE", &format!("/api/v1/admin/users/{id}"), None)
        .await;
    assert_eq!(st, 204);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &token, None).await;
    assert_eq!(st, 401);
    let (st, e) = s
        .admin("DELETE", &format!("/api/v1/admin/users/{id}"), None)
        .await;
    assert_envelope(st, &e, 404);
    assert_eq!(admin_total(s, "users").await, 1);
}

async fn admin_manages_sessions(s: &TestServer) {
    let a = register(s, "s1@example.com").await;
    let (_, b) = login(s, "s1@example.com", PASSWORD).await;
    let (st, list) = s.admin("GET", "/api/v1/admin/sessions", None).await;
    assert_eq!(st, 200, "{list}");
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{list}");
    assert!(items
        .iter()
        .all(|i| i["active"] == true && i["user_id"] == a["user"]["id"]));
    assert!(!list.to_string().contains(&refresh_of(&a)));
    // Revoke the session of token `a`.
    let claims_sid = {
        use base64::Engine as _;
        let payload = access(&a).split('.').nth(1).expect("payload").to_string();
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .expect("b64");
        serde_json::from_slice::<Value>(&bytes).expect("claims")["sid"]
            .as_str()
            .expect("sid")
            .to_string()
    };
    let (st, _) = s
        .admin(
            "DELETE",
            &format!("/api/v1/admin/sessions/{claims_sid}"),
            None,
        )
        .await;
    assert_eq!(st, 204);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&a), None).await;
    assert_eq!(st, 401);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&b), None).await;
    assert_eq!(st, 200);
    let (st, e) = s.admin("DELETE", "/api/v1/admin/sessions/nope", None).await;
    assert_envelope(st, &e, 404);
    // Purge removes the revoked one, keeps the live one.
    let (st, p) = s.admin("POST", "/api/v1/admin/sessions/purge", None).await;
    assert_eq!((st, &p["deleted"]), (200, &json!(1)), "{p}");
    let (_, list) = s.admin("GET", "/api/v1/admin/sessions", None).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&b), None).await;
    assert_eq!(st, 200);
}

async fn admin_routes_need_the_admin(s: &TestServer) {
    let (token, id) = user(s, "plain@example.com").await;
    let routes = [
        ("GET", "/api/v1/admin/users".to_string(), None),
        ("DELETE", format!("/api/v1/admin/users/{id}"), None),
        (
            "PATCH",
            format!("/api/v1/admin/users/{id}/roles"),
            Some(json!({"roles": ["admin"]})),
        ),
        (
            "POST",
            format!("/api/v1/admin/users/{id}/impersonate"),
            None,
        ),
        ("GET", "/api/v1/admin/sessions".to_string(), None),
        ("DELETE", "/api/v1/admin/sessions/x".to_string(), None),
        ("POST", "/api/v1/admin/sessions/purge".to_string(), None),
    ];
    for (m, p, body) in routes {
        let (st, e) = s.anon(m, &p, body.clone()).await;
        assert_envelope(st, &e, 401);
        let (st, e) = bearer(s, m, &p, &token, body).await;
        assert_envelope(st, &e, 401);
    }
    let (_, me) = bearer(s, "GET", "/api/v1/auth/me", &token, None).await;
    assert_eq!(me["roles"], json!([]));
}
