//! The error envelope on routes nobody answers, wrong methods, unknown
//! collections and bad credentials.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    unknown_routes_are_404,
    wrong_methods_are_405,
    unknown_collections_are_404,
    bad_credentials_are_401,
);

async fn unknown_routes_are_404(s: &TestServer) {
    for path in [
        "/nope",
        "/api/v2/posts",
        "/api/v1/a/b/c/d",
        "/api/v1/admin/collections/x/y/z",
    ] {
        for method in ["GET", "POST", "DELETE"] {
            let (st, b) = s.admin(method, path, None).await;
            assert_eq!(st, 404, "{method} {path}: {b}");
            assert_envelope(st, &b, 404);
        }
    }
    let (st, b) = s.anon("GET", "/definitely/not/here", None).await;
    assert_envelope(st, &b, 404);
    assert!(
        b["error"]
            .as_str()
            .unwrap_or("")
            .contains("/definitely/not/here"),
        "{b}"
    );
}

async fn wrong_methods_are_405(s: &TestServer) {
    open_collection(s, "posts", json!([{"name": "title", "type": "text"}])).await;
    for (method, path) in [
        ("PUT", "/api/v1/posts"),
        ("DELETE", "/api/v1/posts"),
        ("PUT", "/api/v1/posts/some-id"),
        ("POST", "/api/v1/posts/some-id"),
        ("DELETE", "/api/v1/admin/collections"),
        ("PUT", "/api/v1/admin/collections/posts"),
        ("GET", "/api/v1/admin/collections/posts/rules"),
        ("GET", "/api/v1/admin/sql"),
        ("DELETE", "/api/v1/admin/settings"),
        ("POST", "/health"),
        ("GET", "/api/v1/posts/bulk"),
        ("GET", "/api/v1/posts/batch"),
        ("POST", "/api/v1/posts/count"),
        ("GET", "/api/v1/posts/x/restore"),
    ] {
        let (st, b) = s.admin(method, path, None).await;
        assert_eq!(st, 405, "{method} {path}: {b}");
        assert_envelope(st, &b, 405);
    }
    // Nothing was touched.
    assert_eq!(collection_names(s).await, vec!["posts".to_string()]);
}

async fn unknown_collections_are_404(s: &TestServer) {
    for (method, path, body) in [
        ("GET", "/api/v1/x", None),
        ("GET", "/api/v1/x/some-id", None),
        ("PATCH", "/api/v1/x/some-id", Some(json!({"a": 1}))),
        ("DELETE", "/api/v1/x/some-id", None),
        ("POST", "/api/v1/x/some-id/restore", None),
        ("GET", "/api/v1/x/count", None),
        ("GET", "/api/v1/x/aggregate?fn=count", None),
    ] {
        for admin in [false, true] {
            let (st, b) = s.call(method, path, body.clone(), admin).await;
            assert_eq!(st, 404, "{method} {path} admin={admin}: {b}");
            assert_envelope(st, &b, 404);
            assert_eq!(b["error"], "collection not found: x", "{method} {path}");
            assert_eq!(b["message"], "collection not found: x");
            assert_eq!(b["data"], json!({}));
        }
    }
    for (method, path) in [
        ("GET", "/api/v1/admin/collections/x"),
        ("PATCH", "/api/v1/admin/collections/x"),
        ("DELETE", "/api/v1/admin/collections/x"),
        ("GET", "/api/v1/admin/collections/x/schema"),
        ("GET", "/api/v1/admin/collections/x/indexes"),
        ("GET", "/api/v1/admin/collections/x/records"),
        ("GET", "/api/v1/admin/collections/x/records/1"),
        ("DELETE", "/api/v1/admin/collections/x/records/1"),
    ] {
        let body = (method == "PATCH").then(|| json!({"rules": {"list": "true"}}));
        let (st, b) = s.admin(method, path, body).await;
        assert_eq!(st, 404, "{method} {path}: {b}");
        assert_envelope(st, &b, 404);
        assert_eq!(b["error"], "collection not found: x");
    }
    assert!(collection_names(s).await.is_empty());
    // Collection names that carry SQL are just unknown names.
    open_collection(s, "posts", json!([{"name": "title", "type": "text"}])).await;
    create_record(s, "posts", json!({"title": "a"})).await;
    for name in [
        "posts\"; DROP TABLE posts; --",
        "posts; DROP TABLE posts",
        "posts'",
        "sqlite_master",
        "_basalt_settings",
    ] {
        let path = format!("/api/v1/{}", enc(name));
        for admin in [false, true] {
            let (st, b) = s.call("GET", &path, None, admin).await;
            assert_envelope(st, &b, 404);
        }
    }
    assert_eq!(all_records(s, "posts").await.len(), 1);
}

async fn bad_credentials_are_401(s: &TestServer) {
    open_collection(s, "posts", json!([{"name": "title", "type": "text"}])).await;
    create_record(s, "posts", json!({"title": "a"})).await;
    let forged_jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.\
        eyJzdWIiOiJhZG1pbiIsInJvbGVzIjpbImFkbWluIl19.\
        c2lnbmF0dXJlLWZvcmdlZA";
    let bearer_jwt = format!("Bearer {forged_jwt}");
    let headers: Vec<Vec<(&str, &str)>> = vec![
        vec![("authorization", "Bearer forged")],
        vec![("authorization", bearer_jwt.as_str())],
        vec![("authorization", "Bearer TEST-ADMIN-TOKEN")],
        vec![("authorization", "Bearer test-admin-toke")],
        vec![("x-api-key", "bb_forged_key")],
    ];
    for h in &headers {
        for (method, path, body) in [
            ("GET", "/api/v1/posts", None),
            ("POST", "/api/v1/posts", Some(json!({"title": "forged"}))),
            ("GET", "/api/v1/admin/collections", None),
        ] {
            let mut hh = h.clone();
            hh.push(("content-type", "application/json"));
            let bytes = body.map(|b: Value| b.to_string().into_bytes());
            let (st, b) = raw(s, method, path, &hh, bytes).await;
            assert_eq!(st, 401, "{method} {path} {h:?}: {b}");
            assert_envelope(st, &b, 401);
        }
    }
    let recs = all_records(s, "posts").await;
    assert_eq!(pluck(&recs, "title"), vec![json!("a")]);
}
