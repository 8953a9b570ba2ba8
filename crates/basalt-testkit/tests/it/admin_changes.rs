//! Changing collections: case-sensitive names, PATCH (rules, new fields,
//! soft delete), DELETE, and names that are SQL keywords.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    names_are_case_sensitive,
    patch_rules_then_they_bind,
    patch_adds_a_usable_field,
    soft_delete_can_be_switched_on,
    delete_drops_the_collection,
    dropping_a_relation_target_keeps_others_usable,
    sql_keywords_as_names,
);

async fn names_are_case_sensitive(s: &TestServer) {
    open_collection(s, "Product", json!([{"name": "name", "type": "text"}])).await;
    create_record(s, "Product", json!({"name": "lamp"})).await;
    let (st, b) = s.anon("GET", "/api/v1/Product", None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(names_of(&b, "name"), vec!["lamp"]);
    let (st, b) = s.anon("GET", "/api/v1/product", None).await;
    assert_envelope(st, &b, 404);
    assert_eq!(b["error"], "collection not found: product");
    let (st, b) = s
        .admin(
            "POST",
            "/api/v1/admin/collections",
            Some(json!({"name": "product"})),
        )
        .await;
    assert!(st == 409 || st == 400, "{st} {b}");
    assert_envelope(st, &b, st);
    assert_eq!(collection_names(s).await, vec!["Product".to_string()]);
}

async fn patch_rules_then_they_bind(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "posts", "fields": [{"name": "title", "type": "text"}, {"name": "published", "type": "boolean"}]}),
    )
    .await;
    create_record(s, "posts", json!({"title": "a", "published": true})).await;
    create_record(s, "posts", json!({"title": "b", "published": false})).await;
    let (st, b) = s.anon("GET", "/api/v1/posts", None).await;
    assert_envelope(st, &b, 401);
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/collections/posts",
            Some(json!({"rules": {"list": "true"}})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["rules"]["list"], "true");
    let (st, b) = s.anon("GET", "/api/v1/posts?sort=title", None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(names_of(&b, "title"), vec!["a", "b"]);
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/collections/posts",
            Some(json!({"rules": {"list": "published = true", "create": "true"}})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let (st, b) = s.anon("GET", "/api/v1/posts", None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(names_of(&b, "title"), vec!["a"]);
    let (st, b) = s
        .anon("POST", "/api/v1/posts", Some(json!({"title": "c"})))
        .await;
    assert_eq!(st, 201, "{b}");
    // Bad changes answer 400 and leave the rules as they were.
    let rules_before = collection(s, "posts").await["rules"].clone();
    for body in [
        json!({"rules": {"list": "published ="}}),
        json!({"rules": {"list": "nope = 1"}}),
        json!({"rules": {"approve": "true"}}),
        json!({"rules": {"list": 3}}),
        json!({"colour": "red"}),
        json!({"fields": [{"name": "title", "type": "text"}]}),
    ] {
        let (st, b) = s
            .admin(
                "PATCH",
                "/api/v1/admin/collections/posts",
                Some(body.clone()),
            )
            .await;
        assert_envelope(st, &b, 400);
    }
    assert_eq!(collection(s, "posts").await["rules"], rules_before);
    // Back to admin only.
    let (st, _) = s
        .admin(
            "PATCH",
            "/api/v1/admin/collections/posts",
            Some(json!({"rules": {"list": null}})),
        )
        .await;
    assert_eq!(st, 200);
    let (st, b) = s.anon("GET", "/api/v1/posts", None).await;
    assert_envelope(st, &b, 401);
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/collections/nope",
            Some(json!({"rules": {}})),
        )
        .await;
    assert_envelope(st, &b, 404);
}

async fn patch_adds_a_usable_field(s: &TestServer) {
    open_collection(s, "posts", json!([{"name": "title", "type": "text"}])).await;
    create_record(s, "posts", json!({"title": "old"})).await;
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/collections/posts",
            Some(
                json!({"fields": [{"name": "views", "type": "integer", "default": 0},
                {"name": "summary", "type": "text"}]}),
            ),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(field(&b, "views").expect("views")["type"], "integer");
    let rec = create_record(
        s,
        "posts",
        json!({"title": "new", "views": 7, "summary": "zebra crossing"}),
    )
    .await;
    assert_eq!(rec["views"], 7);
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/v1/posts?filter={}", enc("views > 5")),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(names_of(&b, "title"), vec!["new"]);
    let (st, b) = s.anon("GET", "/api/v1/posts?search=zebra", None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(names_of(&b, "title"), vec!["new"]);
    let (st, b) = s.anon("GET", "/api/v1/posts?search=old", None).await;
    assert_eq!(names_of(&b, "title"), vec!["old"], "{st}");
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/posts",
            Some(json!({"title": "x", "views": "many"})),
        )
        .await;
    assert_envelope(st, &b, 400);
    assert!(data(&b).contains_key("views"), "{b}");
    assert_eq!(all_records(s, "posts").await.len(), 2);
}

async fn delete_drops_the_collection(s: &TestServer) {
    open_collection(s, "posts", json!([{"name": "title", "type": "text"}])).await;
    let rec = create_record(s, "posts", json!({"title": "a"})).await;
    let (st, b) = s
        .admin("DELETE", "/api/v1/admin/collections/posts", None)
        .await;
    assert_eq!(st, 204, "{b}");
    assert!(collection_names(s).await.is_empty());
    let id = rec["id"].as_str().expect("id");
    for (method, path) in [
        ("GET", "/api/v1/posts".to_string()),
        ("GET", format!("/api/v1/posts/{id}")),
        ("GET", "/api/v1/posts/count".to_string()),
        ("GET", "/api/v1/admin/collections/posts".to_string()),
        ("GET", "/api/v1/admin/collections/posts/schema".to_string()),
        ("GET", "/api/v1/admin/collections/posts/records".to_string()),
        ("DELETE", "/api/v1/admin/collections/posts".to_string()),
    ] {
        let (st, b) = s.admin(method, &path, None).await;
        assert_envelope(st, &b, 404);
    }
    let (st, b) = s.anon("GET", "/api/v1/posts", None).await;
    assert_envelope(st, &b, 404);
    assert_eq!(b["error"], "collection not found: posts");
    // The name is free again, and the new collection starts empty.
    open_collection(s, "posts", json!([{"name": "body", "type": "text"}])).await;
    let (st, b) = s.anon("GET", "/api/v1/posts", None).await;
    assert_eq!(st, 200);
    assert_eq!(b["totalItems"], 0);
}

async fn soft_delete_can_be_switched_on(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "logs", "fields": [{"name": "msg", "type": "text"}],
            "rules": open_rules(), "soft_delete": false}),
    )
    .await;
    let c = collection(s, "logs").await;
    assert_eq!(c["soft_delete"], false);
    assert!(field(&c, "deleted_at").is_none(), "{c}");
    let a = create_record(s, "logs", json!({"msg": "a"})).await;
    assert!(a.get("deleted_at").is_none(), "{a}");
    let (st, _) = s
        .anon(
            "DELETE",
            &format!("/api/v1/logs/{}", a["id"].as_str().expect("id")),
            None,
        )
        .await;
    assert_eq!(st, 204);
    assert!(all_records(s, "logs").await.is_empty(), "hard delete");
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/collections/logs",
            Some(json!({"soft_delete": true})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["soft_delete"], true);
    assert!(field(&b, "deleted_at").is_some(), "{b}");
    let r = create_record(s, "logs", json!({"msg": "b"})).await;
    let id = r["id"].as_str().expect("id");
    let (st, _) = s.anon("DELETE", &format!("/api/v1/logs/{id}"), None).await;
    assert_eq!(st, 204);
    let all = all_records(s, "logs").await;
    assert_eq!(all.len(), 1, "soft delete keeps the row");
    assert!(is_timestamp(&all[0]["deleted_at"]), "{all:?}");
    let (_, list) = s.anon("GET", "/api/v1/logs", None).await;
    assert_eq!(list["totalItems"], 0);
}

/// Collections and fields named like SQL keywords work everywhere.
/// Dropping a collection that another one relates to must not break the
/// other one: either the drop is refused, or the other keeps working.
async fn dropping_a_relation_target_keeps_others_usable(s: &TestServer) {
    open_collection(s, "authors", json!([{"name": "name", "type": "text"}])).await;
    open_collection(
        s,
        "books",
        json!([{"name": "title", "type": "text"},
            {"name": "author", "type": "relation", "collection": "authors"}]),
    )
    .await;
    let a = create_record(s, "authors", json!({"name": "Ann"})).await;
    create_record(s, "books", json!({"title": "one", "author": a["id"]})).await;
    let (st, b) = s
        .admin("DELETE", "/api/v1/admin/collections/authors", None)
        .await;
    if st != 204 {
        assert_4xx(st, &b);
        assert!(collection_names(s).await.contains(&"authors".to_string()));
    }
    let (st, b) = s.anon("GET", "/api/v1/books", None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(names_of(&b, "title"), vec!["one"]);
    let (st, b) = s
        .anon("POST", "/api/v1/books", Some(json!({"title": "two"})))
        .await;
    assert_eq!(
        st, 201,
        "create in books after dropping authors (status {st}): {b}"
    );
}

async fn sql_keywords_as_names(s: &TestServer) {
    open_collection(
        s,
        "order",
        json!([{"name": "select", "type": "text"}, {"name": "from", "type": "text"},
            {"name": "group", "type": "integer"}, {"name": "where", "type": "boolean"}]),
    )
    .await;
    for (sel, from, group, whr) in [
        ("alpha", "x", 1, true),
        ("beta", "y", 2, true),
        ("gamma", "x", 3, false),
    ] {
        create_record(
            s,
            "order",
            json!({"select": sel, "from": from, "group": group, "where": whr}),
        )
        .await;
    }
    let get = |q: String| async move {
        let (st, b) = s.anon("GET", &format!("/api/v1/order{q}"), None).await;
        assert_eq!(st, 200, "{q}: {b}");
        b
    };
    let b = get(format!(
        "?sort=-group&filter={}",
        enc("group > 1 || where = true")
    ))
    .await;
    assert_eq!(names_of(&b, "select"), vec!["gamma", "beta", "alpha"]);
    let b = get(format!(
        "?filter={}&fields=select,from",
        enc("where = true && from = 'x'")
    ))
    .await;
    assert_eq!(b["items"], json!([{"select": "alpha", "from": "x"}]));
    let b = get("?search=beta".into()).await;
    assert_eq!(names_of(&b, "select"), vec!["beta"]);
    assert_eq!(
        get("/count?filter=where%3Dtrue".into()).await,
        json!({"count": 2})
    );
    let b = get("/aggregate?fn=sum&field=group&group_by=from".into()).await;
    assert_eq!(b["groups"].as_array().map(Vec::len), Some(2), "{b}");
    let (st, b) = s
        .admin(
            "POST",
            "/api/v1/admin/collections/order/indexes",
            Some(json!({"column": "from"})),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    let (st, b) = s
        .admin(
            "DELETE",
            "/api/v1/admin/collections/order/schema/from",
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let r = create_record(s, "order", json!({"select": "delta", "group": 4})).await;
    let id = r["id"].as_str().expect("id");
    let (st, b) = s
        .anon(
            "PATCH",
            &format!("/api/v1/order/{id}"),
            Some(json!({"where": true})),
        )
        .await;
    assert_eq!((st, b["where"].clone()), (200, json!(true)));
    let b = get("?search=delta".into()).await;
    assert_eq!(names_of(&b, "select"), vec!["delta"]);
    let (st, _) = s
        .admin("DELETE", "/api/v1/admin/collections/order", None)
        .await;
    assert_eq!(st, 204);
    assert!(collection_names(s).await.is_empty());
}
