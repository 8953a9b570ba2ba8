//! Admin schema routes: schema view, drop column, field validation rules
//! (`PUT …/rules`), indexes, and runtime settings.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    schema_and_drop_column,
    dropping_a_rule_column_keeps_the_collection_usable,
    field_rules_apply_to_writes,
    field_rules_can_be_lifted,
    indexes_list_create_drop,
    settings_read_and_change,
);

async fn schema_and_drop_column(s: &TestServer) {
    open_collection(
        s,
        "posts",
        json!([{"name": "title", "type": "text"}, {"name": "body", "type": "text"},
            {"name": "n", "type": "integer", "unique": true}]),
    )
    .await;
    let rec = create_record(
        s,
        "posts",
        json!({"title": "t", "body": "secret body", "n": 1}),
    )
    .await;
    let (st, schema) = s
        .admin("GET", "/api/v1/admin/collections/posts/schema", None)
        .await;
    assert_eq!(st, 200, "{schema}");
    assert_eq!(schema["name"], "posts");
    let cols: Vec<&str> = schema["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["name"].as_str().unwrap_or(""))
        .collect();
    for c in [
        "id",
        "created_at",
        "updated_at",
        "deleted_at",
        "title",
        "body",
        "n",
    ] {
        assert!(cols.contains(&c), "{c} in {cols:?}");
    }
    let (st, b) = s
        .admin(
            "DELETE",
            "/api/v1/admin/collections/posts/schema/body",
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let c = collection(s, "posts").await;
    assert!(field(&c, "body").is_none(), "{c}");
    let id = rec["id"].as_str().expect("id");
    let (st, got) = s.admin("GET", &format!("/api/v1/posts/{id}"), None).await;
    assert_eq!(st, 200);
    assert!(got.get("body").is_none(), "{got}");
    assert_eq!(got["title"], "t");
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/posts",
            Some(json!({"title": "x", "body": "y"})),
        )
        .await;
    assert_envelope(st, &b, 400);
    assert!(data(&b).contains_key("body"), "{b}");
    // Full-text search still works over the remaining text field.
    create_record(s, "posts", json!({"title": "searchable words"})).await;
    let (st, b) = s.anon("GET", "/api/v1/posts?search=searchable", None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(names_of(&b, "title"), vec!["searchable words"]);
    let (st, b) = s.anon("GET", "/api/v1/posts?search=secret", None).await;
    assert_eq!((st, b["totalItems"].clone()), (200, json!(0)), "{b}");
    // A column with a unique index can be dropped too.
    let (st, b) = s
        .admin("DELETE", "/api/v1/admin/collections/posts/schema/n", None)
        .await;
    assert_eq!(st, 200, "{b}");
    // System columns stay.
    for col in ["id", "created_at", "updated_at", "deleted_at"] {
        let (st, b) = s
            .admin(
                "DELETE",
                &format!("/api/v1/admin/collections/posts/schema/{col}"),
                None,
            )
            .await;
        assert_envelope(st, &b, 400);
    }
    let (st, b) = s
        .admin(
            "DELETE",
            "/api/v1/admin/collections/posts/schema/ghost",
            None,
        )
        .await;
    assert_4xx(st, &b);
    let c = collection(s, "posts").await;
    for col in ["id", "created_at", "updated_at", "deleted_at", "title"] {
        assert!(field(&c, col).is_some(), "{col} kept");
    }
    let recs = all_records(s, "posts").await;
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["id"], rec["id"]);
    assert_eq!(recs[0]["created_at"], rec["created_at"]);
    let (st, b) = s
        .admin("GET", "/api/v1/admin/collections/ghost/schema", None)
        .await;
    assert_envelope(st, &b, 404);
}

/// Dropping a column that a rule names must not leave the collection
/// unreadable: either the drop is refused, or reads keep working.
async fn dropping_a_rule_column_keeps_the_collection_usable(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "posts", "fields": [{"name": "title", "type": "text"},
            {"name": "published", "type": "boolean"}],
            "rules": {"list": "published = true", "view": "published = true", "create": "true"}}),
    )
    .await;
    create_record(s, "posts", json!({"title": "a", "published": true})).await;
    let (st, b) = s
        .admin(
            "DELETE",
            "/api/v1/admin/collections/posts/schema/published",
            None,
        )
        .await;
    if st != 200 {
        assert_envelope(st, &b, 400);
        let c = collection(s, "posts").await;
        assert!(
            field(&c, "published").is_some(),
            "refused drop kept the column"
        );
    }
    let (st, b) = s.anon("GET", "/api/v1/posts", None).await;
    assert_eq!(
        st, 200,
        "anonymous list after dropping a rule's column: {b}"
    );
    let (st, b) = s
        .anon("POST", "/api/v1/posts", Some(json!({"title": "b"})))
        .await;
    assert_eq!(
        st, 201,
        "anonymous create after dropping a rule's column: {b}"
    );
}

async fn field_rules_apply_to_writes(s: &TestServer) {
    open_collection(
        s,
        "posts",
        json!([{"name": "title", "type": "text"}, {"name": "n", "type": "integer"},
            {"name": "code", "type": "text"}, {"name": "tag", "type": "text"}]),
    )
    .await;
    let put = |body: Value| async move {
        s.admin("PUT", "/api/v1/admin/collections/posts/rules", Some(body))
            .await
    };
    let (st, b) = put(
        json!({"title": {"min": 3, "max": 8, "pattern": "^[a-z]+$", "required": true},
        "n": {"min": 1, "max": 5}, "code": {"unique": true}}),
    )
    .await;
    assert_eq!(st, 200, "{b}");
    let bad = [
        (json!({"n": 2}), "title"),
        (json!({"title": null}), "title"),
        (json!({"title": "ab"}), "title"),
        (json!({"title": "abcdefghi"}), "title"),
        (json!({"title": "Abcd"}), "title"),
        (json!({"title": "abcd", "n": 0}), "n"),
        (json!({"title": "abcd", "n": 6}), "n"),
    ];
    for (body, f) in &bad {
        let (st, b) = s.anon("POST", "/api/v1/posts", Some(body.clone())).await;
        assert_envelope(st, &b, 400);
        assert!(data(&b).contains_key(*f), "{body}: {b}");
    }
    assert!(all_records(s, "posts").await.is_empty());
    let ok = create_record(s, "posts", json!({"title": "abc", "n": 5, "code": "X"})).await;
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/posts",
            Some(json!({"title": "abcd", "code": "X"})),
        )
        .await;
    assert_envelope(st, &b, 409);
    assert!(data(&b).contains_key("code"), "{b}");
    // Updates obey the rules too.
    let id = ok["id"].as_str().expect("id");
    let (st, b) = s
        .anon(
            "PATCH",
            &format!("/api/v1/posts/{id}"),
            Some(json!({"title": "UP"})),
        )
        .await;
    assert_envelope(st, &b, 400);
    assert_eq!(all_records(s, "posts").await[0]["title"], "abc");
    // Unique on duplicated data is a 409 and leaves the field as it was.
    create_record(s, "posts", json!({"title": "abcd", "tag": "dup"})).await;
    create_record(s, "posts", json!({"title": "abcde", "tag": "dup"})).await;
    let (st, b) = put(json!({"tag": {"unique": true}})).await;
    assert_envelope(st, &b, 409);
    let c = collection(s, "posts").await;
    assert!(!field(&c, "tag").expect("tag")["unique"]
        .as_bool()
        .unwrap_or(false));
    create_record(s, "posts", json!({"title": "abcdef", "tag": "dup"})).await;
    // Bad rule bodies.
    let before = collection(s, "posts").await;
    for body in [
        json!({"ghost": {"min": 1}}),
        json!({"title": {"pattern": "("}}),
        json!({"title": {"min": 5, "max": 1}}),
        json!({"title": {"colour": "red"}}),
        json!({"title": {"min": "one"}}),
        json!({"id": {"required": true}}),
        json!({"created_at": {"unique": true}}),
        json!([1]),
    ] {
        let (st, b) = put(body.clone()).await;
        assert_envelope(st, &b, 400);
    }
    assert_eq!(collection(s, "posts").await, before);
    let (st, b) = s
        .admin(
            "PUT",
            "/api/v1/admin/collections/ghost/rules",
            Some(json!({"title": {"min": 1}})),
        )
        .await;
    assert_envelope(st, &b, 404);
}

async fn field_rules_can_be_lifted(s: &TestServer) {
    open_collection(
        s,
        "posts",
        json!([{"name": "title", "type": "text"}, {"name": "code", "type": "text"}]),
    )
    .await;
    let path = "/api/v1/admin/collections/posts/rules";
    let (st, b) = s
        .admin(
            "PUT",
            path,
            Some(
                json!({"title": {"min": 3, "max": 8, "pattern": "^[a-z]+$", "required": true},
                "code": {"unique": true}}),
            ),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    create_record(s, "posts", json!({"title": "abc", "code": "X"})).await;
    let (st, b) = s
        .admin(
            "PUT",
            path,
            Some(
                json!({"title": {"required": false, "min": null, "max": null, "pattern": null},
                "code": {"unique": false}}),
            ),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let t = field(&b, "title").expect("title");
    assert!(
        t["min"].is_null() && t["max"].is_null() && t["pattern"].is_null(),
        "PUT rules with null min/max/pattern must clear them: {t}"
    );
    // No length, pattern, required or unique check any more.
    create_record(s, "posts", json!({"title": "X Y Z and more", "code": "X"})).await;
    create_record(s, "posts", json!({"code": "Y"})).await;
    create_record(s, "posts", json!({"title": "a"})).await;
    assert_eq!(all_records(s, "posts").await.len(), 4);
}

async fn indexes_list_create_drop(s: &TestServer) {
    open_collection(
        s,
        "posts",
        json!([{"name": "title", "type": "text"}, {"name": "a", "type": "text"}, {"name": "b", "type": "integer"}]),
    )
    .await;
    let base = "/api/v1/admin/collections/posts/indexes";
    let list = || async {
        let (st, b) = s.admin("GET", base, None).await;
        assert_eq!(st, 200, "{b}");
        b["items"].as_array().expect("items").clone()
    };
    assert!(list().await.is_empty());
    let (st, b) = s
        .admin("POST", base, Some(json!({"column": "title"})))
        .await;
    assert_eq!(st, 201, "{b}");
    assert_eq!(b["columns"], json!(["title"]));
    assert_eq!(b["unique"], false);
    let (st, b) = s
        .admin(
            "POST",
            base,
            Some(json!({"columns": ["a", "b"], "unique": true})),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    let items = list().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items
        .iter()
        .any(|i| i["columns"] == json!(["title"]) && i["unique"] == false));
    assert!(items
        .iter()
        .any(|i| i["columns"] == json!(["a", "b"]) && i["unique"] == true));
    // The unique pair is enforced.
    create_record(s, "posts", json!({"a": "x", "b": 1})).await;
    create_record(s, "posts", json!({"a": "x", "b": 2})).await;
    let (st, b) = s
        .anon("POST", "/api/v1/posts", Some(json!({"a": "x", "b": 1})))
        .await;
    assert_envelope(st, &b, 409);
    assert_eq!(all_records(s, "posts").await.len(), 2);
    // Bad index requests change nothing.
    for body in [
        json!({"column": "ghost"}),
        json!({"columns": ["a", "ghost"]}),
        json!({}),
        json!({"columns": []}),
        json!({"column": "a", "colour": "red"}),
        json!({"column": "title;DROP TABLE posts"}),
    ] {
        let (st, b) = s.admin("POST", base, Some(body.clone())).await;
        assert_envelope(st, &b, 400);
    }
    let (st, b) = s
        .admin("POST", base, Some(json!({"column": "title"})))
        .await;
    assert_envelope(st, &b, 409);
    assert_eq!(list().await.len(), 2);
    let (st, b) = s.admin("DELETE", &format!("{base}/title"), None).await;
    assert_eq!(st, 204, "{b}");
    let items = list().await;
    assert_eq!(items.len(), 1);
    assert!(items[0]["columns"] == json!(["a", "b"]));
    let (st, b) = s.admin("DELETE", &format!("{base}/title"), None).await;
    assert_envelope(st, &b, 404);
    let (st, b) = s.admin("DELETE", &format!("{base}/ghost"), None).await;
    assert_envelope(st, &b, 404);
    let (st, b) = s
        .admin("GET", "/api/v1/admin/collections/ghost/indexes", None)
        .await;
    assert_envelope(st, &b, 404);
    assert_eq!(list().await.len(), 1);
    // The unique index a field option made can be dropped by its column.
    open_collection(
        s,
        "tags",
        json!([{"name": "code", "type": "text", "unique": true}]),
    )
    .await;
    let (_, b) = s
        .admin("GET", "/api/v1/admin/collections/tags/indexes", None)
        .await;
    assert!(
        b["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["columns"] == json!(["code"]) && i["unique"] == true),
        "{b}"
    );
    create_record(s, "tags", json!({"code": "A"})).await;
    let (st, b) = s
        .anon("POST", "/api/v1/tags", Some(json!({"code": "A"})))
        .await;
    assert_envelope(st, &b, 409);
    let (st, b) = s
        .admin(
            "DELETE",
            "/api/v1/admin/collections/tags/indexes/code",
            None,
        )
        .await;
    assert_eq!(st, 204, "{b}");
    create_record(s, "tags", json!({"code": "A"})).await;
    let c = collection(s, "tags").await;
    assert!(
        !field(&c, "code").expect("code")["unique"]
            .as_bool()
            .unwrap_or(false),
        "{c}"
    );
}

async fn settings_read_and_change(s: &TestServer) {
    let (st, b) = s.admin("GET", "/api/v1/admin/settings", None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["auto_create_collections"], true);
    assert_eq!(b["maintenance_mode"], false);
    assert!(b.get("app_name").is_some(), "{b}");
    let (st, b) = s
        .admin(
            "PATCH",
            "/api/v1/admin/settings",
            Some(json!({"app_name": "Demo", "lockout_max_attempts": 3})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["app_name"], "Demo");
    let (_, now) = s.admin("GET", "/api/v1/admin/settings", None).await;
    assert_eq!(now["app_name"], "Demo");
    assert_eq!(now["lockout_max_attempts"], 3);
    for body in [
        json!({"no_such_setting": 1}),
        json!({"app_name": "Other", "no_such_setting": 1}),
        json!({"auto_create_collections": "yes"}),
        json!({"lockout_max_attempts": "3"}),
        json!({"app_name": 5}),
        json!({"maintenance_mode": null}),
        json!(["app_name"]),
    ] {
        let (st, b) = s
            .admin("PATCH", "/api/v1/admin/settings", Some(body.clone()))
            .await;
        assert_envelope(st, &b, 400);
    }
    let (_, after) = s.admin("GET", "/api/v1/admin/settings", None).await;
    assert_eq!(after, now);
}
