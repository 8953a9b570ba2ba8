//! Hidden columns (the password hash, the TOTP secret and flag) never
//! leave the server: not in any record route, admin list, `me`, batch,
//! bulk, expand or schema answer; filtering, sorting, selecting or writing
//! them is a 400 on every surface.

use crate::auth_support::*;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    hidden_columns_never_leave,
    hidden_columns_cannot_be_queried_or_written
);

async fn hidden_columns_never_leave(s: &TestServer) {
    let (token, id) = user(s, "h@example.com").await;
    let (_, setup) = bearer(s, "POST", "/api/v1/auth/2fa/setup", &token, None).await;
    let secret = setup["secret"].as_str().expect("secret").to_string();
    // Open the users collection to everyone, to be sure rules are not what
    // hides the columns.
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/collections/users",
            Some(json!({"rules": {"list": "true", "view": "true", "update": "id = auth.id"}})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_no_secrets(&b);
    create_collection(
        s,
        json!({"name": "notes", "fields": [{"name": "owner", "type": "relation", "collection": "users"}],
               "rules": open_rules()}),
    )
    .await;
    let note = create_record(s, "notes", json!({"owner": id})).await;
    let nid = note["id"].as_str().expect("id");
    let paths = [
        "/api/v1/users".to_string(),
        format!("/api/v1/users/{id}"),
        "/api/v1/admin/users".to_string(),
        "/api/v1/admin/collections/users/records".to_string(),
        format!("/api/v1/admin/collections/users/records/{id}"),
        "/api/v1/auth/me".to_string(),
        "/api/v1/auth/user".to_string(),
        "/api/collections/users".to_string(),
        format!("/api/collections/users/{id}"),
        format!("/api/collections/notes/{nid}?expand=owner"),
        "/api/v1/tables/users".to_string(),
        format!("/api/v1/tables/users/{id}"),
        "/api/schema".to_string(),
    ];
    for p in &paths {
        for who in [Some(token.as_str()), Some(ADMIN_TOKEN)] {
            let (st, b) = bearer(s, "GET", p, who.unwrap_or(""), None).await;
            if st == 404 && b["error"].as_str().is_some_and(|e| e.contains("route")) {
                continue; // a surface not built yet
            }
            assert!(st < 500, "{p}: {st} {b}");
            assert_no_secrets(&b);
            assert!(!b.to_string().contains(&secret), "{p}: {b}");
        }
    }
    // Writes answer records without them too.
    let (st, b) = bearer(
        s,
        "PATCH",
        &format!("/api/v1/users/{id}"),
        &token,
        Some(json!({"name": "New"})),
    )
    .await;
    assert_eq!(st, 200, "{b}");
    assert_no_secrets(&b);
    let (st, b) = bearer(
        s,
        "PATCH",
        "/api/v1/auth/user",
        &token,
        Some(json!({"name": "Newer"})),
    )
    .await;
    assert_eq!(st, 200, "{b}");
    assert_no_secrets(&b);
    let (st, b) = s
        .admin(
            "POST",
            "/api/v1/users/batch",
            Some(json!({"operations": [{"method": "update", "id": id, "body": {"name": "B"}}]})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_no_secrets(&b);
    let (st, b) = s
        .admin(
            "POST",
            "/api/v1/users/bulk",
            Some(json!([{"email": "bulk@example.com"}])),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    assert_no_secrets(&b);
    let (st, b) = s
        .admin("GET", "/api/v1/admin/collections/users/schema", None)
        .await;
    assert_eq!(st, 200, "{b}");
    assert!(!b.to_string().contains("$argon2"));
}

async fn hidden_columns_cannot_be_queried_or_written(s: &TestServer) {
    let (token, id) = user(s, "q@example.com").await;
    for col in [
        "password_hash",
        "totp_secret",
        "totp_enabled",
        "totp_last_step",
    ] {
        let bad_reads = [
            format!("/api/v1/users?filter={}", enc(&format!("{col} != null"))),
            format!("/api/v1/users?filter={}", enc(&format!("{col} ~ 'argon'"))),
            format!("/api/v1/users?sort={col}"),
            format!("/api/v1/users?fields=id,{col}"),
            format!("/api/v1/users/{id}?fields={col}"),
            format!(
                "/api/v1/users/count?filter={}",
                enc(&format!("{col} != null"))
            ),
            format!("/api/v1/users/aggregate?fn=count&field={col}"),
            format!(
                "/api/v1/admin/users?filter={}",
                enc(&format!("{col} != null"))
            ),
            format!("/api/v1/admin/collections/users/records?sort=-{col}"),
            format!(
                "/api/collections/users?filter={}",
                enc(&format!("{col} != null"))
            ),
            format!("/api/collections/users?sort={col}"),
            format!("/api/collections/users?fields={col}"),
            format!("/api/v1/tables/users?{col}=not.is.null"),
            format!("/api/v1/tables/users?select={col}"),
            format!("/api/v1/tables/users?order={col}.desc"),
        ];
        for p in &bad_reads {
            let (st, b) = s.admin("GET", p, None).await;
            if st == 404 && b["error"].as_str().is_some_and(|e| e.contains("route")) {
                continue;
            }
            assert_envelope(st, &b, 400);
            assert!(!b.to_string().contains("$argon2"), "{p}: {b}");
        }
        let value = match col {
            "totp_enabled" => json!(true),
            "totp_last_step" => json!(5),
            _ => json!("x"),
        };
        let writes = [
            (
                "PATCH",
                format!("/api/v1/users/{id}"),
                json!({ col: value }),
            ),
            (
                "PATCH",
                format!("/api/v1/admin/collections/users/records/{id}"),
                json!({ col: value }),
            ),
            (
                "POST",
                "/api/v1/users".to_string(),
                json!({"email": "n@example.com", col: value}),
            ),
            (
                "PATCH",
                format!("/api/collections/users/{id}"),
                json!({ col: value }),
            ),
            (
                "PATCH",
                format!("/api/v1/tables/users/{id}"),
                json!({ col: value }),
            ),
            (
                "PATCH",
                "/api/v1/auth/user".to_string(),
                json!({ col: value }),
            ),
        ];
        for (m, p, body) in &writes {
            let (st, b) = if p.contains("/auth/") {
                bearer(s, m, p, &token, Some(body.clone())).await
            } else {
                s.admin(m, p, Some(body.clone())).await
            };
            if st == 404 && b["error"].as_str().is_some_and(|e| e.contains("route")) {
                continue;
            }
            assert_envelope(st, &b, 400);
        }
    }
    // The password still works: nothing was overwritten.
    assert_eq!(login(s, "q@example.com", PASSWORD).await.0, 200);
    // Rules cannot name them either.
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/collections/users",
            Some(json!({"rules": {"list": "password_hash != null"}})),
        )
        .await;
    assert_envelope(st, &b, 400);
    // Nor can an admin add a field over them or drop them.
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/collections/users",
            Some(json!({"fields": [{"name": "password_hash", "type": "text"}]})),
        )
        .await;
    assert_envelope(st, &b, 400);
    let (st, b) = s
        .admin(
            "DELETE",
            "/api/v1/admin/collections/users/schema/password_hash",
            None,
        )
        .await;
    assert_4xx(st, &b);
    assert_eq!(login(s, "q@example.com", PASSWORD).await.0, 200);
}
