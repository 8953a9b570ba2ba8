//! Creating collections: admin auth on every admin route, every field type
//! and option, and bad creates that must change nothing.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    admin_routes_need_the_token,
    create_with_every_field_type,
    bad_creates_change_nothing,
    array_bodies_are_refused,
    defaults_must_fit_their_type,
);

async fn admin_routes_need_the_token(s: &TestServer) {
    open_collection(s, "posts", json!([{"name": "title", "type": "text"}])).await;
    let rec = create_record(s, "posts", json!({"title": "keep"})).await;
    let id = rec["id"].as_str().expect("id").to_string();
    let settings_before = s.admin("GET", "/api/v1/admin/settings", None).await.1;
    let routes: Vec<(&str, String, Option<Value>)> = vec![
        ("GET", "/api/v1/admin/collections".into(), None),
        (
            "POST",
            "/api/v1/admin/collections".into(),
            Some(json!({"name": "intruder"})),
        ),
        ("GET", "/api/v1/admin/collections/posts".into(), None),
        (
            "PATCH",
            "/api/v1/admin/collections/posts".into(),
            Some(json!({"rules": {"list": null}})),
        ),
        ("DELETE", "/api/v1/admin/collections/posts".into(), None),
        ("GET", "/api/v1/admin/collections/posts/schema".into(), None),
        (
            "DELETE",
            "/api/v1/admin/collections/posts/schema/title".into(),
            None,
        ),
        (
            "PUT",
            "/api/v1/admin/collections/posts/rules".into(),
            Some(json!({"title": {"required": true}})),
        ),
        (
            "GET",
            "/api/v1/admin/collections/posts/indexes".into(),
            None,
        ),
        (
            "POST",
            "/api/v1/admin/collections/posts/indexes".into(),
            Some(json!({"column": "title"})),
        ),
        (
            "DELETE",
            "/api/v1/admin/collections/posts/indexes/title".into(),
            None,
        ),
        (
            "GET",
            "/api/v1/admin/collections/posts/records".into(),
            None,
        ),
        (
            "POST",
            "/api/v1/admin/collections/posts/records".into(),
            Some(json!({"title": "x"})),
        ),
        (
            "GET",
            format!("/api/v1/admin/collections/posts/records/{id}"),
            None,
        ),
        (
            "PATCH",
            format!("/api/v1/admin/collections/posts/records/{id}"),
            Some(json!({"title": "changed"})),
        ),
        (
            "DELETE",
            format!("/api/v1/admin/collections/posts/records/{id}"),
            None,
        ),
        (
            "POST",
            "/api/v1/admin/sql".into(),
            Some(json!({"sql": "DROP TABLE posts"})),
        ),
        ("GET", "/api/v1/admin/settings".into(), None),
        (
            "PATCH",
            "/api/v1/admin/settings".into(),
            Some(json!({"app_name": "pwned"})),
        ),
    ];
    let bad_headers: [&[(&str, &str)]; 4] = [
        &[],
        &[("authorization", "Bearer wrong-token")],
        &[("authorization", "Bearer test-admin-token-2")],
        &[("x-api-key", "bb_not_the_admin")],
    ];
    for (method, path, body) in &routes {
        for headers in bad_headers {
            let mut h: Vec<(&str, &str)> = headers.to_vec();
            h.push(("content-type", "application/json"));
            let bytes = body.as_ref().map(|b| b.to_string().into_bytes());
            let (st, b) = raw(s, method, path, &h, bytes).await;
            assert_eq!(st, 401, "{method} {path} {headers:?}: {b}");
            assert_envelope(st, &b, 401);
        }
    }
    // Nothing changed.
    assert_eq!(collection_names(s).await, vec!["posts".to_string()]);
    let recs = all_records(s, "posts").await;
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["title"], "keep");
    assert!(recs[0]["deleted_at"].is_null());
    let c = collection(s, "posts").await;
    assert_eq!(c["rules"]["list"], "true");
    assert!(!field(&c, "title").expect("title")["required"]
        .as_bool()
        .unwrap_or(false));
    assert_eq!(c["indexes"].as_array().map(Vec::len), Some(0));
    let settings_after = s.admin("GET", "/api/v1/admin/settings", None).await.1;
    assert_eq!(settings_before, settings_after);
}

async fn create_with_every_field_type(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "authors", "fields": [{"name": "name", "type": "text"}]}),
    )
    .await;
    let fields = json!([
        {"name": "title", "type": "text", "required": true, "min": 2, "max": 50, "pattern": "^[A-Za-z ]+$"},
        {"name": "code", "type": "text", "unique": true},
        {"name": "views", "type": "integer", "default": 0, "min": 0, "max": 1000},
        {"name": "score", "type": "number", "default": 1.5},
        {"name": "published", "type": "boolean", "default": false},
        {"name": "meta", "type": "json"},
        {"name": "due", "type": "datetime"},
        {"name": "day", "type": "date"},
        {"name": "ref", "type": "uuid"},
        {"name": "contact", "type": "email"},
        {"name": "site", "type": "url"},
        {"name": "status", "type": "select", "values": ["draft", "live"], "default": "draft"},
        {"name": "author", "type": "relation", "collection": "authors"},
        {"name": "attachment", "type": "file"},
        {"name": "embedding", "type": "vector", "dimensions": 3}
    ]);
    let rules = json!({"list": "true", "view": "published = true",
        "create": "auth.id != null", "update": "auth.id != null", "delete": null});
    let c = create_collection(
        s,
        json!({"name": "everything", "fields": fields, "rules": rules, "soft_delete": true}),
    )
    .await;
    assert_eq!(c["name"], "everything");
    for f in fields.as_array().expect("fields") {
        let name = f["name"].as_str().expect("name");
        let got = field(&c, name).unwrap_or_else(|| panic!("field {name} missing: {c}"));
        assert_eq!(got["type"], f["type"], "type of {name}");
        for opt in [
            "required",
            "unique",
            "default",
            "min",
            "max",
            "pattern",
            "values",
            "collection",
            "dimensions",
        ] {
            if let Some(v) = f.get(opt) {
                let same = match (v.as_f64(), got[opt].as_f64()) {
                    (Some(a), Some(b)) => a == b,
                    _ => &got[opt] == v,
                };
                assert!(same, "option {opt} of {name}: {} vs {v}", got[opt]);
            }
        }
    }
    for sys in ["id", "created_at", "updated_at", "deleted_at"] {
        assert!(field(&c, sys).is_some(), "system field {sys} in {c}");
    }
    assert_eq!(c["rules"], rules);
    assert!(collection_names(s)
        .await
        .contains(&"everything".to_string()));
    assert_eq!(collection(s, "everything").await["rules"], rules);
    // The table works: a record with every type round-trips.
    let author = create_record(s, "authors", json!({"name": "Ann"})).await;
    let rec = create_record(
        s,
        "everything",
        json!({"title": "Hello World", "code": "c1", "meta": {"a": [1, 2]},
            "due": "2026-02-07T23:00:00+01:00", "day": "2026-02-07",
            "ref": "0190A8E4-1B2C-7D3E-8F40-123456789ABC", "contact": "a@example.com",
            "site": "https://example.com/x", "author": author["id"], "attachment": "f.png",
            "embedding": [0.5, 1, -2]}),
    )
    .await;
    assert_eq!(rec["views"], 0);
    assert_eq!(rec["score"].as_f64(), Some(1.5));
    assert_eq!(rec["published"], false);
    assert_eq!(rec["status"], "draft");
    assert_eq!(rec["meta"], json!({"a": [1, 2]}));
    assert_eq!(rec["due"], "2026-02-07T22:00:00.000Z");
    assert_eq!(rec["day"], "2026-02-07");
    assert_eq!(rec["author"], author["id"]);
    let emb: Vec<f64> = rec["embedding"]
        .as_array()
        .unwrap_or_else(|| panic!("embedding is an array: {rec}"))
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect();
    assert_eq!(emb, vec![0.5, 1.0, -2.0]);
    // A relation to a record that does not exist is refused.
    let (st, b) = s
        .admin(
            "POST",
            "/api/v1/everything",
            Some(json!({"title": "Orphan", "author": "missing"})),
        )
        .await;
    assert_4xx(st, &b);
    assert_eq!(all_records(s, "everything").await.len(), 1);
}

async fn bad_creates_change_nothing(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "posts", "fields": [{"name": "title", "type": "text"}]}),
    )
    .await;
    let before = all_collections(s).await;
    let t = |extra: Value| {
        let mut f = json!({"name": "f", "type": "text"});
        for (k, v) in extra.as_object().expect("object") {
            f[k] = v.clone();
        }
        json!({"name": "fresh", "fields": [f]})
    };
    let cases: Vec<(Value, &[u16])> = vec![
        (json!({"name": "2x"}), &[400]),
        (json!({"name": "a b"}), &[400]),
        (json!({"name": "a;drop"}), &[400]),
        (json!({"name": "x\"y"}), &[400]),
        (json!({"name": ""}), &[400]),
        (json!({"name": "auth"}), &[400]),
        (json!({"name": "admin"}), &[400]),
        (json!({"name": "tables"}), &[400]),
        (json!({"name": "storage"}), &[400]),
        (json!({"name": "Admin"}), &[400]),
        (json!({"name": "posts"}), &[409, 400]),
        (json!({"name": "Posts"}), &[409, 400]),
        (json!({"name": "POSTS"}), &[409, 400]),
        (json!({"fields": []}), &[400]),
        (json!({"name": "x".repeat(64)}), &[400]),
        (json!({"name": "_basalt_meta"}), &[400]),
        (json!({"name": "sqlite_master"}), &[400]),
        (json!({"name": "posts__fts"}), &[400]),
        (
            json!({"name": "fresh", "fields": [{"name": "a", "type": "text"}, {"name": "a", "type": "integer"}]}),
            &[400],
        ),
        (
            json!({"name": "fresh", "fields": [{"name": "a", "type": "text"}, {"name": "A", "type": "text"}]}),
            &[400],
        ),
        (
            json!({"name": "fresh", "fields": [{"name": "a b", "type": "text"}]}),
            &[400],
        ),
        (
            json!({"name": "fresh", "fields": [{"name": "id", "type": "text"}]}),
            &[400],
        ),
        (
            json!({"name": "fresh", "fields": [{"name": "created_at", "type": "text"}]}),
            &[400],
        ),
        (json!({"name": "fresh", "fields": [{"name": "a"}]}), &[400]),
        (t(json!({"type": "money"})), &[400]),
        (t(json!({"type": "select"})), &[400]),
        (t(json!({"type": "select", "values": []})), &[400]),
        (t(json!({"type": "relation"})), &[400]),
        (
            t(json!({"type": "relation", "collection": "nowhere"})),
            &[400],
        ),
        (t(json!({"type": "vector"})), &[400]),
        (t(json!({"type": "vector", "dimensions": 0})), &[400]),
        (t(json!({"pattern": "("})), &[400]),
        (t(json!({"pattern": "[a-"})), &[400]),
        (t(json!({"type": "integer", "default": "zero"})), &[400]),
        (t(json!({"type": "integer", "default": 1.5})), &[400]),
        (t(json!({"type": "boolean", "default": "yes"})), &[400]),
        (t(json!({"type": "number", "default": "1"})), &[400]),
        (t(json!({"default": 5})), &[400]),
        (t(json!({"min": 10, "max": 1})), &[400]),
        (t(json!({"colour": "red"})), &[400]),
        (
            json!({"name": "fresh", "fields": [], "colour": "red"}),
            &[400],
        ),
        (json!({"name": "fresh", "soft_delete": "yes"}), &[400]),
        (
            json!({"name": "fresh", "rules": {"list": "title = "}}),
            &[400],
        ),
        (json!({"name": "fresh", "rules": {"list": "((("}}), &[400]),
        (
            json!({"name": "fresh", "rules": {"list": "title = 'x'; DROP TABLE posts"}}),
            &[400],
        ),
        (
            json!({"name": "fresh", "fields": [{"name": "title", "type": "text"}], "rules": {"view": "nope = 1"}}),
            &[400],
        ),
        (
            json!({"name": "fresh", "rules": {"list": "true", "approve": "true"}}),
            &[400],
        ),
        (json!({"name": "fresh", "rules": {"list": 5}}), &[400]),
    ];
    for (body, allowed) in &cases {
        let (st, b) = s
            .admin("POST", "/api/v1/admin/collections", Some(body.clone()))
            .await;
        assert!(
            allowed.contains(&st),
            "{body}: expected one of {allowed:?}, got {st}: {b}"
        );
        assert_envelope(st, &b, st);
    }
    assert_eq!(all_collections(s).await, before);
    for name in ["fresh", "Posts", "POSTS", "auth"] {
        let (st, b) = s.admin("GET", &format!("/api/v1/{name}"), None).await;
        assert_envelope(st, &b, 404);
    }
}

/// A JSON array is not an object, even where serde could read one as a
/// struct: every admin body that takes an object refuses it.
async fn array_bodies_are_refused(s: &TestServer) {
    open_collection(s, "posts", json!([{"name": "title", "type": "text"}])).await;
    let before = all_collections(s).await;
    let coll = "/api/v1/admin/collections";
    let cases = [
        ("POST", coll, json!(["fresh1"])),
        ("POST", coll, json!(["fresh2", [], {}, true, false])),
        (
            "POST",
            coll,
            json!({"name": "fresh3", "fields": [["a", "text"]]}),
        ),
        (
            "PATCH",
            "/api/v1/admin/collections/posts",
            json!([{"list": "true"}]),
        ),
        (
            "PATCH",
            "/api/v1/admin/collections/posts",
            json!({"fields": [["extra", "integer"]]}),
        ),
        (
            "POST",
            "/api/v1/admin/collections/posts/indexes",
            json!(["title"]),
        ),
        (
            "PUT",
            "/api/v1/admin/collections/posts/rules",
            json!({"title": [3, 8]}),
        ),
    ];
    let mut accepted = Vec::new();
    for (method, path, body) in cases {
        let (st, b) = s.admin(method, path, Some(body.clone())).await;
        if st == 400 {
            assert_envelope(st, &b, 400);
        } else {
            accepted.push(format!("{method} {path} {body} -> {st}"));
        }
    }
    assert!(
        accepted.is_empty(),
        "array bodies not refused: {accepted:#?}"
    );
    assert_eq!(all_collections(s).await, before);
}

/// A default must be a value of its field's type, not only a JSON string.
async fn defaults_must_fit_their_type(s: &TestServer) {
    let cases = [
        json!({"type": "select", "values": ["a", "b"], "default": "z"}),
        json!({"type": "datetime", "default": "yesterday"}),
        json!({"type": "date", "default": "2026-13-45"}),
        json!({"type": "uuid", "default": "not-a-uuid"}),
        json!({"type": "email", "default": "not-an-email"}),
        json!({"type": "url", "default": "not a url"}),
        json!({"type": "vector", "dimensions": 2, "default": "x"}),
        json!({"type": "vector", "dimensions": 2, "default": [1, 2, 3]}),
    ];
    let mut accepted = Vec::new();
    for (i, mut f) in cases.into_iter().enumerate() {
        f["name"] = json!("f");
        let body = json!({"name": format!("c{i}"), "fields": [f]});
        let (st, b) = s
            .admin("POST", "/api/v1/admin/collections", Some(body.clone()))
            .await;
        if st == 400 {
            assert_envelope(st, &b, 400);
        } else {
            accepted.push(format!("{f} -> {st}"));
        }
    }
    assert!(accepted.is_empty(), "bad defaults accepted: {accepted:#?}");
    assert!(collection_names(s).await.is_empty());
}
