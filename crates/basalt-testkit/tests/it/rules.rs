//! Access rules: `null` is admin only, `"true"` is anyone, expressions
//! filter lists and hide records, `request.body.*` and `auth.*` bind, and
//! the admin bypasses every rule.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    null_rules_are_admin_only,
    true_rules_let_anyone_in,
    expression_rules_filter_and_hide,
    create_rule_reads_the_body,
    create_rule_checks_the_stored_record,
    auth_rules_refuse_anonymous_callers,
    admin_bypasses_every_rule,
);

fn fields() -> Value {
    json!([{"name": "title", "type": "text"}, {"name": "published", "type": "boolean", "default": false},
        {"name": "n", "type": "integer"}])
}

/// Every anonymous route on record `id` of `coll`, with its body.
fn anon_routes(coll: &str, id: &str) -> Vec<(&'static str, String, Option<Value>)> {
    vec![
        ("GET", format!("/api/v1/{coll}"), None),
        ("GET", format!("/api/v1/{coll}/{id}"), None),
        ("GET", format!("/api/v1/{coll}/count"), None),
        ("GET", format!("/api/v1/{coll}/aggregate?fn=count"), None),
        (
            "POST",
            format!("/api/v1/{coll}"),
            Some(json!({"title": "anon"})),
        ),
        (
            "POST",
            format!("/api/v1/{coll}/bulk"),
            Some(json!([{"title": "anon"}])),
        ),
        (
            "PATCH",
            format!("/api/v1/{coll}/{id}"),
            Some(json!({"title": "anon"})),
        ),
        ("DELETE", format!("/api/v1/{coll}/{id}"), None),
        ("POST", format!("/api/v1/{coll}/{id}/restore"), None),
    ]
}

async fn null_rules_are_admin_only(s: &TestServer) {
    create_collection(s, json!({"name": "secrets", "fields": fields()})).await;
    let r = create_record(s, "secrets", json!({"title": "hidden"})).await;
    let before = all_records(s, "secrets").await;
    let id = r["id"].as_str().expect("id");
    for (method, path, body) in anon_routes("secrets", id) {
        let (st, b) = s.anon(method, &path, body).await;
        assert_eq!(st, 401, "{method} {path}: {b}");
        assert_envelope(st, &b, 401);
    }
    // Explicit nulls are admin only as well.
    create_collection(
        s,
        json!({"name": "vault", "fields": fields(), "rules":
            {"list": null, "view": null, "create": null, "update": null, "delete": null}}),
    )
    .await;
    let v = create_record(s, "vault", json!({"title": "v"})).await;
    for (method, path, body) in anon_routes("vault", v["id"].as_str().expect("id")) {
        let (st, b) = s.anon(method, &path, body).await;
        assert_eq!(st, 401, "{method} {path}: {b}");
        assert_envelope(st, &b, 401);
    }
    assert_eq!(all_records(s, "secrets").await, before);
    assert_eq!(all_records(s, "vault").await.len(), 1);
}

async fn true_rules_let_anyone_in(s: &TestServer) {
    open_collection(s, "open", fields()).await;
    let (st, r) = s
        .anon("POST", "/api/v1/open", Some(json!({"title": "x"})))
        .await;
    assert_eq!(st, 201, "{r}");
    let id = r["id"].as_str().expect("id");
    let (st, _) = s.anon("GET", "/api/v1/open", None).await;
    assert_eq!(st, 200);
    let (st, _) = s.anon("GET", &format!("/api/v1/open/{id}"), None).await;
    assert_eq!(st, 200);
    let (st, u) = s
        .anon(
            "PATCH",
            &format!("/api/v1/open/{id}"),
            Some(json!({"title": "y"})),
        )
        .await;
    assert_eq!((st, u["title"].clone()), (200, json!("y")));
    let (st, _) = s.anon("DELETE", &format!("/api/v1/open/{id}"), None).await;
    assert_eq!(st, 204);
    // "" means anyone too.
    create_collection(
        s,
        json!({"name": "blank", "fields": fields(), "rules": {"list": "", "create": ""}}),
    )
    .await;
    let (st, b) = s
        .anon("POST", "/api/v1/blank", Some(json!({"title": "x"})))
        .await;
    assert_eq!(st, 201, "{b}");
    let (st, b) = s.anon("GET", "/api/v1/blank", None).await;
    assert_eq!((st, b["totalItems"].clone()), (200, json!(1)));
}

async fn expression_rules_filter_and_hide(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "posts", "fields": fields(), "rules": {
            "list": "published = true", "view": "published == true",
            "create": "true", "update": "published = true && n < 10", "delete": "published = true"}}),
    )
    .await;
    let p = create_record(
        s,
        "posts",
        json!({"title": "public", "published": true, "n": 1}),
    )
    .await;
    let h = create_record(
        s,
        "posts",
        json!({"title": "hidden", "published": false, "n": 1}),
    )
    .await;
    let big = create_record(
        s,
        "posts",
        json!({"title": "big", "published": true, "n": 50}),
    )
    .await;
    let before = all_records(s, "posts").await;
    let (st, b) = s.anon("GET", "/api/v1/posts?sort=title", None).await;
    assert_eq!(st, 200);
    assert_eq!(names_of(&b, "title"), vec!["big", "public"]);
    assert_eq!(b["totalItems"], 2);
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/v1/posts?filter={}", enc("published = false")),
            None,
        )
        .await;
    assert_eq!((st, b["totalItems"].clone()), (200, json!(0)));
    let (_, c) = s.anon("GET", "/api/v1/posts/count", None).await;
    assert_eq!(c, json!({"count": 2}));
    let (_, agg) = s
        .anon("GET", "/api/v1/posts/aggregate?fn=sum&field=n", None)
        .await;
    assert_eq!(agg["value"].as_f64(), Some(51.0), "{agg}");
    let id = |r: &Value| r["id"].as_str().expect("id").to_string();
    let (st, b) = s
        .anon("GET", &format!("/api/v1/posts/{}", id(&p)), None)
        .await;
    assert_eq!((st, b["title"].clone()), (200, json!("public")));
    let (st, b) = s
        .anon("GET", &format!("/api/v1/posts/{}", id(&h)), None)
        .await;
    assert_envelope(st, &b, 404);
    // Hidden from update and delete: 404, unchanged.
    for (method, path, body) in [
        (
            "PATCH",
            format!("/api/v1/posts/{}", id(&h)),
            Some(json!({"title": "x"})),
        ),
        (
            "PATCH",
            format!("/api/v1/posts/{}", id(&big)),
            Some(json!({"title": "x"})),
        ),
        ("DELETE", format!("/api/v1/posts/{}", id(&h)), None),
    ] {
        let (st, b) = s.anon(method, &path, body).await;
        assert_eq!(st, 404, "{method} {path}: {b}");
        assert_envelope(st, &b, 404);
    }
    assert_eq!(all_records(s, "posts").await, before);
    let (st, u) = s
        .anon(
            "PATCH",
            &format!("/api/v1/posts/{}", id(&p)),
            Some(json!({"n": 2})),
        )
        .await;
    assert_eq!((st, u["n"].clone()), (200, json!(2)));
    let (st, _) = s
        .anon("DELETE", &format!("/api/v1/posts/{}", id(&p)), None)
        .await;
    assert_eq!(st, 204);
}

async fn create_rule_reads_the_body(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "posts", "fields": fields(), "rules": {"list": "true",
            "create": "request.body.title != 'forbidden'", "update": "@request.body.n != 13"}}),
    )
    .await;
    let (st, b) = s
        .anon("POST", "/api/v1/posts", Some(json!({"title": "forbidden"})))
        .await;
    assert_envelope(st, &b, 401);
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/posts/bulk",
            Some(json!([{"title": "fine"}, {"title": "forbidden"}])),
        )
        .await;
    assert_envelope(st, &b, 401);
    assert!(all_records(s, "posts").await.is_empty());
    let (st, ok) = s
        .anon("POST", "/api/v1/posts", Some(json!({"title": "allowed"})))
        .await;
    assert_eq!(st, 201, "{ok}");
    assert_eq!(ok["title"], "allowed");
    let recs = all_records(s, "posts").await;
    assert_eq!(pluck(&recs, "title"), vec![json!("allowed")]);
    // The update rule reads the body too; a refused update is a 404.
    let path = format!("/api/v1/posts/{}", ok["id"].as_str().expect("id"));
    let (st, b) = s.anon("PATCH", &path, Some(json!({"n": 13}))).await;
    assert_envelope(st, &b, 404);
    assert_eq!(all_records(s, "posts").await, recs);
    let (st, b) = s.anon("PATCH", &path, Some(json!({"n": 12}))).await;
    assert_eq!((st, b["n"].clone()), (200, json!(12)));
}

async fn create_rule_checks_the_stored_record(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "posts", "fields": fields(), "rules": {"list": "true",
            "create": "published = false && n <= 3"}}),
    )
    .await;
    for body in [
        json!({"title": "x", "published": true, "n": 1}),
        json!({"title": "x", "n": 4}),
    ] {
        let (st, b) = s.anon("POST", "/api/v1/posts", Some(body.clone())).await;
        assert_eq!(st, 401, "{body}: {b}");
        assert_envelope(st, &b, 401);
    }
    assert!(all_records(s, "posts").await.is_empty());
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/posts",
            Some(json!({"title": "ok", "n": 3})),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    assert_eq!(all_records(s, "posts").await.len(), 1);
}

async fn auth_rules_refuse_anonymous_callers(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "notes", "fields": fields(), "rules": {"list": "auth.id != null",
            "view": "auth.id != null", "create": "auth.id != null", "update": "auth.uid != null",
            "delete": "auth.id != null"}}),
    )
    .await;
    let r = create_record(s, "notes", json!({"title": "mine"})).await;
    let before = all_records(s, "notes").await;
    let id = r["id"].as_str().expect("id");
    let (st, b) = s
        .anon("POST", "/api/v1/notes", Some(json!({"title": "anon"})))
        .await;
    assert_envelope(st, &b, 401);
    // A list filters silently; view, update and delete answer 404.
    let (st, b) = s.anon("GET", "/api/v1/notes", None).await;
    assert_eq!((st, b["totalItems"].clone()), (200, json!(0)), "{b}");
    let (_, c) = s.anon("GET", "/api/v1/notes/count", None).await;
    assert_eq!(c, json!({"count": 0}));
    for (method, body) in [
        ("GET", None),
        ("PATCH", Some(json!({"title": "x"}))),
        ("DELETE", None),
    ] {
        let (st, b) = s.anon(method, &format!("/api/v1/notes/{id}"), body).await;
        assert_eq!(st, 404, "{method}: {b}");
        assert_envelope(st, &b, 404);
    }
    assert_eq!(all_records(s, "notes").await, before);
}

async fn admin_bypasses_every_rule(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "locked", "fields": fields(), "rules": {"list": "published = true",
            "view": "published = true", "create": "request.body.title != 'forbidden'",
            "update": "auth.id != null", "delete": null}}),
    )
    .await;
    let h = create_record(
        s,
        "locked",
        json!({"title": "forbidden", "published": false}),
    )
    .await;
    let id = h["id"].as_str().expect("id");
    let (st, b) = s.admin("GET", "/api/v1/locked", None).await;
    assert_eq!((st, b["totalItems"].clone()), (200, json!(1)));
    let (st, b) = s.admin("GET", &format!("/api/v1/locked/{id}"), None).await;
    assert_eq!((st, b["title"].clone()), (200, json!("forbidden")));
    let (_, c) = s.admin("GET", "/api/v1/locked/count", None).await;
    assert_eq!(c, json!({"count": 1}));
    let (st, b) = s
        .admin(
            "PATCH",
            &format!("/api/v1/locked/{id}"),
            Some(json!({"n": 5})),
        )
        .await;
    assert_eq!((st, b["n"].clone()), (200, json!(5)));
    let (st, b) = s
        .admin(
            "POST",
            "/api/v1/locked/bulk",
            Some(json!([{"title": "forbidden"}])),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    let (st, b) = s
        .admin("DELETE", &format!("/api/v1/locked/{id}"), None)
        .await;
    assert_eq!(st, 204, "{b}");
    let (st, b) = s
        .admin("POST", &format!("/api/v1/locked/{id}/restore"), None)
        .await;
    assert_eq!(st, 200, "{b}");
    // X-API-Key carries the admin token as well.
    let (st, b) = raw(
        s,
        "GET",
        "/api/v1/locked",
        &[("x-api-key", "test-admin-token")],
        None,
    )
    .await;
    assert_eq!((st, b["totalItems"].clone()), (200, json!(2)));
}
