//! `auto_create_collections`: an admin write to a missing collection makes
//! it with inferred types; off, or for anonymous callers, nothing is made.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    admin_write_creates_the_collection,
    admin_bulk_creates_the_collection,
    setting_off_refuses,
    anonymous_write_creates_nothing,
    bad_names_create_nothing,
);

async fn admin_write_creates_the_collection(s: &TestServer) {
    let body = json!({"name": "w", "count": 3, "price": 1.5, "on": true,
        "meta": {"a": 1}, "tags": [1, 2]});
    let (st, r) = s.admin("POST", "/api/v1/widgets", Some(body.clone())).await;
    assert_eq!(st, 201, "{r}");
    assert!(is_uuid_v7(&r["id"]), "{r}");
    assert!(is_timestamp(&r["created_at"]), "{r}");
    for (k, v) in body.as_object().expect("obj") {
        assert_eq!(&r[k], v, "{k} in {r}");
    }
    assert_eq!(collection_names(s).await, vec!["widgets".to_string()]);
    let c = collection(s, "widgets").await;
    for (name, ty) in [
        ("name", "text"),
        ("count", "integer"),
        ("price", "number"),
        ("on", "boolean"),
        ("meta", "json"),
        ("tags", "json"),
    ] {
        let f = field(&c, name).unwrap_or_else(|| panic!("field {name}: {c}"));
        assert_eq!(f["type"], ty, "type of {name}");
    }
    let id = r["id"].as_str().expect("id");
    let (st, got) = s
        .admin(
            "GET",
            &format!("/api/v1/admin/collections/widgets/records/{id}"),
            None,
        )
        .await;
    assert_eq!((st, &got), (200, &r));
    // The types now bind: a later write of the wrong type is refused.
    let (st, b) = s
        .admin("POST", "/api/v1/widgets", Some(json!({"count": "three"})))
        .await;
    assert_envelope(st, &b, 400);
    assert!(data(&b).contains_key("count"), "{b}");
    let (st, b) = s
        .admin(
            "POST",
            "/api/v1/widgets",
            Some(json!({"name": "w2", "brand_new": 1})),
        )
        .await;
    assert_envelope(st, &b, 400);
    assert_eq!(all_records(s, "widgets").await.len(), 1);
    // Its text fields are searchable.
    let (st, b) = s.admin("GET", "/api/v1/widgets?search=w", None).await;
    assert_eq!((st, b["totalItems"].clone()), (200, json!(1)), "{b}");
    // The new collection is admin only.
    let (st, b) = s.anon("GET", "/api/v1/widgets", None).await;
    assert_envelope(st, &b, 401);
}

async fn admin_bulk_creates_the_collection(s: &TestServer) {
    let (st, b) = s
        .admin(
            "POST",
            "/api/v1/gadgets/bulk",
            Some(json!([{"label": "a", "n": 1}, {"label": "b", "n": 2.5}])),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    assert_eq!(b["count"], 2);
    let c = collection(s, "gadgets").await;
    assert_eq!(field(&c, "label").expect("label")["type"], "text");
    assert_eq!(field(&c, "n").expect("n")["type"], "number");
    assert_eq!(all_records(s, "gadgets").await.len(), 2);
}

async fn setting_off_refuses(s: &TestServer) {
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/settings",
            Some(json!({"auto_create_collections": false})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["auto_create_collections"], false);
    for (path, body) in [
        ("/api/v1/things", json!({"name": "x"})),
        ("/api/v1/things/bulk", json!([{"name": "x"}])),
        (
            "/api/v1/things/batch",
            json!({"operations": [{"method": "create", "body": {"name": "x"}}]}),
        ),
        (
            "/api/v1/admin/collections/things/records",
            json!({"name": "x"}),
        ),
    ] {
        let (st, b) = s.admin("POST", path, Some(body)).await;
        assert_eq!(st, 404, "{path}: {b}");
        assert_envelope(st, &b, 404);
        assert_eq!(b["error"], "collection not found: things");
    }
    assert!(collection_names(s).await.is_empty());
    // Back on: the same write creates it.
    let (st, _) = s
        .admin(
            "PATCH",
            "/api/v1/admin/settings",
            Some(json!({"auto_create_collections": true})),
        )
        .await;
    assert_eq!(st, 200);
    let (st, b) = s
        .admin("POST", "/api/v1/things", Some(json!({"name": "x"})))
        .await;
    assert_eq!(st, 201, "{b}");
    assert_eq!(collection_names(s).await, vec!["things".to_string()]);
}

async fn anonymous_write_creates_nothing(s: &TestServer) {
    for (path, body) in [
        ("/api/v1/ghosts", json!({"name": "x"})),
        ("/api/v1/ghosts/bulk", json!([{"name": "x"}])),
        (
            "/api/v1/ghosts/batch",
            json!({"operations": [{"method": "create", "body": {"name": "x"}}]}),
        ),
    ] {
        let (st, b) = s.anon("POST", path, Some(body)).await;
        assert_4xx(st, &b);
    }
    let (st, b) = raw(
        s,
        "POST",
        "/api/v1/ghosts",
        &[
            ("content-type", "application/json"),
            ("authorization", "Bearer forged"),
        ],
        Some(b"{\"name\": \"x\"}".to_vec()),
    )
    .await;
    assert_envelope(st, &b, 401);
    assert!(collection_names(s).await.is_empty());
    let (st, b) = s.admin("GET", "/api/v1/ghosts", None).await;
    assert_envelope(st, &b, 404);
}

async fn bad_names_create_nothing(s: &TestServer) {
    for (path, body) in [
        ("/api/v1/2x", json!({"a": 1})),
        ("/api/v1/auth", json!({"a": 1})),
        ("/api/v1/tables", json!({"a": 1})),
        ("/api/v1/a%3Bdrop", json!({"a": 1})),
        ("/api/v1/a%20b", json!({"a": 1})),
        ("/api/v1/_basalt_x", json!({"a": 1})),
        ("/api/v1/fine", json!({"bad name": 1})),
        ("/api/v1/fine", json!({"a;drop": 1})),
        ("/api/v1/fine", json!([{"a": 1}])),
        ("/api/v1/fine", json!("text")),
    ] {
        let (st, b) = s.admin("POST", path, Some(body.clone())).await;
        if path == "/api/v1/fine" || path == "/api/v1/2x" {
            assert_eq!(st, 400, "{path} {body}: {b}");
        }
        assert_4xx(st, &b);
    }
    assert!(collection_names(s).await.is_empty());
}
