//! `auth.*` in access rules comes from the caller on every record surface
//! (BunBase, AYB, Fluxbase): a record one user made under owner rules can
//! be read, changed and deleted by its owner only (404 for another user),
//! anonymous creates are 401, another user's refused writes 403, lists
//! filter silently; access tokens and API keys bind the same.

use crate::auth_support::*;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    owner_rules_bind_on_every_surface,
    rules_see_roles_and_verified
);

async fn owned_posts(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "posts",
               "fields": [{"name": "title", "type": "text"}, {"name": "author_id", "type": "text"}],
               "rules": {"list": "auth.id == author_id", "view": "auth.id == author_id",
                         "create": "auth.id != null && author_id == auth.id",
                         "update": "auth.id == author_id", "delete": "auth.id == author_id"}}),
    )
    .await;
}

/// One record surface: how to create, get, list, update and delete.
struct Surface {
    name: &'static str,
    create: fn() -> String,
    one: fn(&str) -> String,
    list: fn() -> String,
}

const SURFACES: [Surface; 3] = [
    Surface {
        name: "bunbase",
        create: || "/api/v1/posts".into(),
        one: |id| format!("/api/v1/posts/{id}"),
        list: || "/api/v1/posts".into(),
    },
    Surface {
        name: "ayb",
        create: || "/api/collections/posts".into(),
        one: |id| format!("/api/collections/posts/{id}"),
        list: || "/api/collections/posts".into(),
    },
    Surface {
        name: "fluxbase",
        create: || "/api/v1/tables/posts".into(),
        one: |id| format!("/api/v1/tables/posts/{id}"),
        list: || "/api/v1/tables/posts".into(),
    },
];

fn items(body: &Value) -> Vec<Value> {
    match body {
        Value::Array(a) => a.clone(),
        other => other["items"].as_array().cloned().unwrap_or_default(),
    }
}

fn route_missing(st: u16, b: &Value) -> bool {
    st == 404 && b["error"].as_str().is_some_and(|e| e.contains("route"))
}

async fn owner_rules_bind_on_every_surface(s: &TestServer) {
    owned_posts(s).await;
    let (alice, alice_id) = user(s, "alice@example.com").await;
    let (bob, bob_id) = user(s, "bob@example.com").await;
    let (_, made) = bearer(
        s,
        "POST",
        "/api/v1/auth/api-keys",
        &bob,
        Some(json!({"name": "k"})),
    )
    .await;
    let bob_key = made["key"].as_str().expect("key").to_string();
    for surface in SURFACES {
        let n = surface.name;
        let body = json!({"title": format!("{n} post"), "author_id": alice_id});
        // Anonymous create: 401; Bob creating as Alice: 403.
        let (st, e) = s
            .anon("POST", &(surface.create)(), Some(body.clone()))
            .await;
        if route_missing(st, &e) {
            continue;
        }
        assert_envelope(st, &e, 401);
        let (st, e) = bearer(s, "POST", &(surface.create)(), &bob, Some(body.clone())).await;
        assert_envelope(st, &e, 403);
        let (st, e) = api_key(s, "POST", &(surface.create)(), &bob_key, Some(body.clone())).await;
        assert_envelope(st, &e, 403);
        // Alice creates her own.
        let (st, rec) = bearer(s, "POST", &(surface.create)(), &alice, Some(body.clone())).await;
        assert_eq!(st, 201, "{n}: {rec}");
        let rec = if rec.is_array() { rec[0].clone() } else { rec };
        let id = rec["id"].as_str().expect("id").to_string();
        let before = all_records(s, "posts").await;
        // Bob: not in his list; 404 on read, update, delete.
        let (st, l) = bearer(s, "GET", &(surface.list)(), &bob, None).await;
        assert_eq!(st, 200, "{n}: {l}");
        assert!(
            items(&l).iter().all(|r| r["author_id"] == bob_id),
            "{n}: {l}"
        );
        for (m, body) in [
            ("GET", None),
            ("PATCH", Some(json!({"title": "mine now"}))),
            ("DELETE", None),
        ] {
            for who in ["token", "key"] {
                let (st, e) = if who == "token" {
                    bearer(s, m, &(surface.one)(&id), &bob, body.clone()).await
                } else {
                    api_key(s, m, &(surface.one)(&id), &bob_key, body.clone()).await
                };
                assert_envelope(st, &e, 404);
            }
            let (st, e) = s.anon(m, &(surface.one)(&id), body.clone()).await;
            assert_4xx(st, &e);
        }
        assert_eq!(
            all_records(s, "posts").await,
            before,
            "{n}: refused writes changed data"
        );
        // Alice: sees, changes, deletes her record.
        let (st, l) = bearer(s, "GET", &(surface.list)(), &alice, None).await;
        assert_eq!(st, 200);
        assert!(items(&l).iter().any(|r| r["id"] == id.as_str()), "{n}: {l}");
        let (st, r) = bearer(s, "GET", &(surface.one)(&id), &alice, None).await;
        assert_eq!(st, 200, "{n}: {r}");
        let (st, r) = bearer(
            s,
            "PATCH",
            &(surface.one)(&id),
            &alice,
            Some(json!({"title": "edited"})),
        )
        .await;
        assert_eq!(st, 200, "{n}: {r}");
        // Alice cannot give her record away: the update rule checks the row
        // as it is, the create rule does not apply, but the result must
        // still be hers to see.
        let (st, _) = bearer(s, "DELETE", &(surface.one)(&id), &alice, None).await;
        assert!(st == 200 || st == 204, "{n}: delete {st}");
        let (st, _) = bearer(s, "GET", &(surface.one)(&id), &alice, None).await;
        assert_eq!(st, 404, "{n}");
    }
    // BunBase batch and bulk bind too.
    let (_, rec) = bearer(
        s,
        "POST",
        "/api/v1/posts",
        &alice,
        Some(json!({"title": "batch target", "author_id": alice_id})),
    )
    .await;
    let id = rec["id"].as_str().expect("id");
    let before = all_records(s, "posts").await;
    let (st, e) = bearer(
        s,
        "POST",
        "/api/v1/posts/batch",
        &bob,
        Some(json!({"operations": [{"method": "update", "id": id, "body": {"title": "x"}}]})),
    )
    .await;
    assert_envelope(st, &e, 404);
    let (st, e) = bearer(
        s,
        "POST",
        "/api/v1/posts/bulk",
        &bob,
        Some(json!([{"title": "as alice", "author_id": alice_id}])),
    )
    .await;
    assert_envelope(st, &e, 403);
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/posts/bulk",
            Some(json!([{"title": "anon", "author_id": "x"}])),
        )
        .await;
    assert_envelope(st, &e, 401);
    assert_eq!(all_records(s, "posts").await, before);
    // Count and aggregate see only the caller's rows.
    let (_, c) = bearer(s, "GET", "/api/v1/posts/count", &bob, None).await;
    assert_eq!(c["count"], 0, "{c}");
    let (_, c) = bearer(s, "GET", "/api/v1/posts/count", &alice, None).await;
    assert_eq!(c["count"], 1, "{c}");
}

async fn rules_see_roles_and_verified(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "board", "fields": [{"name": "t", "type": "text"}],
               "rules": {"list": "auth.verified = true", "view": "auth.verified = true",
                         "create": "auth.email ~ '@corp.example'"}}),
    )
    .await;
    create_record(s, "board", json!({"t": "hello"})).await;
    let (outsider, _) = user(s, "x@example.com").await;
    let (insider, _) = user(s, "y@corp.example").await;
    let (_, l) = bearer(s, "GET", "/api/v1/board", &insider, None).await;
    assert_eq!(l["totalItems"], 0, "unverified: {l}");
    let (st, e) = bearer(
        s,
        "POST",
        "/api/v1/board",
        &outsider,
        Some(json!({"t": "x"})),
    )
    .await;
    assert_envelope(st, &e, 403);
    let (st, r) = bearer(
        s,
        "POST",
        "/api/v1/board",
        &insider,
        Some(json!({"t": "y"})),
    )
    .await;
    assert_eq!(st, 201, "{r}");
    // The admin token passes every rule.
    let (_, l) = s.admin("GET", "/api/v1/board", None).await;
    assert_eq!(l["totalItems"], 2);
}
