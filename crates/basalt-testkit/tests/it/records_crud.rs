//! Single-record routes: create, get, partial update, soft delete, restore,
//! admin hard delete, and deletes on a collection without soft delete.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    create_and_get,
    client_given_id,
    partial_update,
    soft_delete_and_restore,
    admin_hard_delete,
);

/// `authors` and `posts` with every type and option; rules open.
pub(crate) async fn setup(s: &TestServer) {
    open_collection(s, "authors", json!([{"name": "name", "type": "text"}])).await;
    open_collection(
        s,
        "posts",
        json!([
            {"name": "title", "type": "text", "required": true},
            {"name": "body", "type": "text"},
            {"name": "views", "type": "integer", "default": 0},
            {"name": "score", "type": "number"},
            {"name": "published", "type": "boolean", "default": false},
            {"name": "meta", "type": "json"},
            {"name": "due", "type": "datetime"},
            {"name": "day", "type": "date"},
            {"name": "ref", "type": "uuid"},
            {"name": "contact", "type": "email"},
            {"name": "site", "type": "url"},
            {"name": "status", "type": "select", "values": ["draft", "live"]},
            {"name": "author", "type": "relation", "collection": "authors"},
            {"name": "attachment", "type": "file"},
            {"name": "embedding", "type": "vector", "dimensions": 3},
            {"name": "code", "type": "text", "unique": true},
            {"name": "slug", "type": "text", "min": 2, "max": 10, "pattern": "^[a-z0-9-]+$"},
            {"name": "rating", "type": "integer", "min": 1, "max": 5}
        ]),
    )
    .await;
}

/// Posts the body anonymously and expects a 4xx envelope with `status`, the
/// named fields in `data`, and no change to the stored records.
pub(crate) async fn refused(
    s: &TestServer,
    method: &str,
    path: &str,
    body: Value,
    status: u16,
    fields: &[&str],
) {
    let before = all_records(s, "posts").await;
    let (st, b) = s.anon(method, path, Some(body.clone())).await;
    assert_eq!(st, status, "{method} {path} {body}: {b}");
    assert_envelope(st, &b, status);
    for f in fields {
        assert!(data(&b).contains_key(*f), "{body}: '{f}' in data: {b}");
    }
    assert_eq!(all_records(s, "posts").await, before, "{body} changed data");
}

async fn create_and_get(s: &TestServer) {
    setup(s).await;
    let (st, r) = s
        .anon("POST", "/api/v1/posts", Some(json!({"title": "Hello"})))
        .await;
    assert_eq!(st, 201, "{r}");
    assert!(is_uuid_v7(&r["id"]), "UUIDv7 id: {r}");
    assert!(is_timestamp(&r["created_at"]), "{r}");
    assert!(is_timestamp(&r["updated_at"]), "{r}");
    assert!(r["deleted_at"].is_null(), "{r}");
    assert_eq!(r["title"], "Hello");
    assert_eq!(r["views"], 0);
    assert_eq!(r["published"], false);
    assert!(r["body"].is_null());
    let id = r["id"].as_str().expect("id");
    let (st, got) = s.anon("GET", &format!("/api/v1/posts/{id}"), None).await;
    assert_eq!(st, 200);
    assert_eq!(got, r);
    let (st, got) = s
        .anon("GET", &format!("/api/v1/posts/{id}?fields=id,title"), None)
        .await;
    assert_eq!((st, got), (200, json!({"id": id, "title": "Hello"})));
    let (st, b) = s
        .anon("GET", &format!("/api/v1/posts/{id}?fields=ghost"), None)
        .await;
    assert_envelope(st, &b, 400);
    let r2 = create_record(s, "posts", json!({"title": "Second"})).await;
    assert!(is_uuid_v7(&r2["id"]), "{r2}");
    assert_ne!(r2["id"], r["id"]);
    let (st, b) = s.anon("GET", "/api/v1/posts/no-such-id", None).await;
    assert_envelope(st, &b, 404);
    assert_eq!(all_records(s, "posts").await.len(), 2);
}

async fn client_given_id(s: &TestServer) {
    setup(s).await;
    let (st, r) = s
        .anon(
            "POST",
            "/api/v1/posts",
            Some(json!({"id": "my-id", "title": "first"})),
        )
        .await;
    assert_eq!(st, 201, "{r}");
    assert_eq!(r["id"], "my-id");
    refused(
        s,
        "POST",
        "/api/v1/posts",
        json!({"id": "my-id", "title": "second"}),
        409,
        &[],
    )
    .await;
    for bad in [json!(5), json!(""), json!({"a": 1})] {
        refused(
            s,
            "POST",
            "/api/v1/posts",
            json!({"id": bad, "title": "x"}),
            400,
            &["id"],
        )
        .await;
    }
    let recs = all_records(s, "posts").await;
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["title"], "first");
    let (st, got) = s.anon("GET", "/api/v1/posts/my-id", None).await;
    assert_eq!((st, got["title"].clone()), (200, json!("first")));
}

async fn partial_update(s: &TestServer) {
    setup(s).await;
    let r = create_record(s, "posts", json!({"title": "t", "body": "b", "views": 1})).await;
    let id = r["id"].as_str().expect("id").to_string();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let (st, u) = s
        .anon(
            "PATCH",
            &format!("/api/v1/posts/{id}"),
            Some(json!({"views": 2})),
        )
        .await;
    assert_eq!(st, 200, "{u}");
    assert_eq!(u["views"], 2);
    assert_eq!(u["title"], "t");
    assert_eq!(u["body"], "b");
    assert_eq!(u["id"], r["id"]);
    assert_eq!(u["created_at"], r["created_at"]);
    assert!(is_timestamp(&u["updated_at"]));
    assert!(
        u["updated_at"].as_str() > r["updated_at"].as_str(),
        "updated_at moves: {} -> {}",
        r["updated_at"],
        u["updated_at"]
    );
    let (_, got) = s.anon("GET", &format!("/api/v1/posts/{id}"), None).await;
    assert_eq!(got, u);
    // Setting a field to null, then bad updates.
    let (st, u2) = s
        .anon(
            "PATCH",
            &format!("/api/v1/posts/{id}"),
            Some(json!({"body": null})),
        )
        .await;
    assert_eq!(st, 200, "{u2}");
    assert!(u2["body"].is_null());
    let path = format!("/api/v1/posts/{id}");
    refused(s, "PATCH", &path, json!({"ghost": 1}), 400, &["ghost"]).await;
    refused(s, "PATCH", &path, json!({"views": "x"}), 400, &["views"]).await;
    refused(s, "PATCH", &path, json!({"title": null}), 400, &["title"]).await;
    refused(s, "PATCH", &path, json!([{"views": 3}]), 400, &[]).await;
    refused(
        s,
        "PATCH",
        "/api/v1/posts/missing",
        json!({"views": 3}),
        404,
        &[],
    )
    .await;
    // System fields cannot be moved by a client.
    let (st, b) = s
        .anon(
            "PATCH",
            &path,
            Some(json!({"views": 9, "created_at": "2000-01-01T00:00:00.000Z"})),
        )
        .await;
    if st == 200 {
        assert_eq!(b["created_at"], r["created_at"], "{b}");
    } else {
        assert_envelope(st, &b, 400);
    }
    let (_, got) = s.anon("GET", &path, None).await;
    assert_eq!(got["created_at"], r["created_at"]);
    assert_eq!(got["id"], r["id"]);
}

async fn soft_delete_and_restore(s: &TestServer) {
    setup(s).await;
    let keep = create_record(s, "posts", json!({"title": "keep"})).await;
    let r = create_record(s, "posts", json!({"title": "gone"})).await;
    let id = r["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/posts/{id}");
    let (st, b) = s.anon("DELETE", &path, None).await;
    assert_eq!(st, 204, "{b}");
    let (st, b) = s.anon("GET", &path, None).await;
    assert_envelope(st, &b, 404);
    let (_, list) = s.anon("GET", "/api/v1/posts", None).await;
    assert_eq!(names_of(&list, "title"), vec!["keep"]);
    assert_eq!(list["totalItems"], 1);
    let (_, c) = s.anon("GET", "/api/v1/posts/count", None).await;
    assert_eq!(c, json!({"count": 1}));
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/v1/posts?filter={}", enc("deleted_at != null")),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["totalItems"], 0, "soft-deleted rows stay hidden: {b}");
    // The admin still sees it, with deleted_at set.
    let all = all_records(s, "posts").await;
    let dead = all
        .iter()
        .find(|x| x["id"] == r["id"])
        .expect("in admin list");
    assert!(is_timestamp(&dead["deleted_at"]), "{dead}");
    let (st, b) = s
        .admin(
            "GET",
            &format!("/api/v1/admin/collections/posts/records/{id}"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert!(is_timestamp(&b["deleted_at"]));
    // Deleting, updating again: 404.
    let (st, b) = s.anon("DELETE", &path, None).await;
    assert_envelope(st, &b, 404);
    refused(s, "PATCH", &path, json!({"title": "x"}), 404, &[]).await;
    // Restore: not for anonymous callers.
    let (st, b) = s.anon("POST", &format!("{path}/restore"), None).await;
    assert_envelope(st, &b, 401);
    let (st, back) = s.admin("POST", &format!("{path}/restore"), None).await;
    assert_eq!(st, 200, "{back}");
    assert!(back["deleted_at"].is_null(), "{back}");
    assert_eq!(back["title"], "gone");
    let (st, got) = s.anon("GET", &path, None).await;
    assert_eq!(st, 200);
    assert_eq!(got["title"], "gone");
    let (_, list) = s.anon("GET", "/api/v1/posts?sort=title", None).await;
    assert_eq!(names_of(&list, "title"), vec!["gone", "keep"]);
    // Restoring a live or missing record: 404, nothing changes.
    let before = all_records(s, "posts").await;
    for p in [
        format!("{path}/restore"),
        format!("/api/v1/posts/{}/restore", keep["id"].as_str().expect("id")),
        "/api/v1/posts/missing/restore".to_string(),
    ] {
        let (st, b) = s.admin("POST", &p, None).await;
        assert_envelope(st, &b, 404);
    }
    assert_eq!(all_records(s, "posts").await, before);
}

async fn admin_hard_delete(s: &TestServer) {
    setup(s).await;
    let a = create_record(s, "posts", json!({"title": "a"})).await;
    let b = create_record(s, "posts", json!({"title": "b"})).await;
    let (aid, bid) = (a["id"].as_str().expect("id"), b["id"].as_str().expect("id"));
    let admin_path = |id: &str| format!("/api/v1/admin/collections/posts/records/{id}");
    let (st, _) = s.admin("DELETE", &admin_path(aid), None).await;
    assert_eq!(st, 204);
    let ids: Vec<Value> = pluck(&all_records(s, "posts").await, "id");
    assert_eq!(ids, vec![b["id"].clone()]);
    let (st, body) = s.admin("GET", &admin_path(aid), None).await;
    assert_envelope(st, &body, 404);
    let (st, body) = s
        .admin("POST", &format!("/api/v1/posts/{aid}/restore"), None)
        .await;
    assert_envelope(st, &body, 404);
    // A soft-deleted record can be purged too.
    let (st, _) = s
        .anon("DELETE", &format!("/api/v1/posts/{bid}"), None)
        .await;
    assert_eq!(st, 204);
    let (st, _) = s.admin("DELETE", &admin_path(bid), None).await;
    assert_eq!(st, 204);
    assert!(all_records(s, "posts").await.is_empty());
    let (st, body) = s.admin("DELETE", &admin_path(bid), None).await;
    assert_envelope(st, &body, 404);
}
