//! AllYourBase's `/api/collections/{table}`: the list envelope, every filter
//! operator and form of AYB's reference, sort, paging, `fields`,
//! `skipTotal`, search, the record routes, and AYB's error format.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    list_envelope_and_paging,
    every_filter_form,
    sort_fields_and_skip_total,
    search_ranks_and_combines,
    record_routes,
    errors_carry_doc_url,
    rules_bind_on_collections,
);

/// `posts` with seven known records (lowercase titles: collations differ).
pub(crate) async fn seed_posts(s: &TestServer) {
    open_collection(
        s,
        "posts",
        json!([
            {"name": "title", "type": "text", "required": true},
            {"name": "body", "type": "text"},
            {"name": "status", "type": "text"},
            {"name": "category", "type": "text"},
            {"name": "age", "type": "integer"},
            {"name": "score", "type": "number"},
            {"name": "published", "type": "boolean"},
            {"name": "email", "type": "email", "unique": true}
        ]),
    )
    .await;
    for (title, body, status, category, age, score, published) in [
        (
            "alpha",
            "postgres database guide",
            "active",
            "tech",
            30,
            95.0,
            true,
        ),
        (
            "bravo",
            "mysql database notes",
            "pending",
            "tech",
            18,
            60.5,
            false,
        ),
        (
            "charlie",
            "cooking with john",
            "draft",
            "food",
            45,
            100.0,
            true,
        ),
        ("delta", "postgres tips", "active", "food", 22, 70.0, false),
        (
            "echo",
            "full text search in postgres",
            "review",
            "tech",
            60,
            88.0,
            true,
        ),
        ("foxtrot", "admin handbook", "active", "ops", 21, 12.5, true),
        (
            "golf",
            "john's admin notes",
            "draft",
            "ops",
            50,
            40.0,
            false,
        ),
    ] {
        create_record(
            s,
            "posts",
            json!({"title": title, "body": body, "status": status, "category": category,
                   "age": age, "score": score, "published": published}),
        )
        .await;
    }
}

/// Titles matching `filter`, sorted by title.
async fn titles(s: &TestServer, filter: &str) -> Vec<String> {
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/collections/posts?sort=title&filter={}", enc(filter)),
            None,
        )
        .await;
    assert_eq!(st, 200, "{filter}: {b}");
    names_of(&b, "title")
}

async fn list_envelope_and_paging(s: &TestServer) {
    seed_posts(s).await;
    let (st, b) = s.anon("GET", "/api/collections/posts", None).await;
    assert_eq!(st, 200);
    let mut keys: Vec<&String> = b.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["items", "page", "perPage", "totalItems", "totalPages"]
    );
    assert_eq!(b["page"], 1);
    assert_eq!(b["perPage"], 20);
    assert_eq!(b["totalItems"], 7);
    assert_eq!(b["totalPages"], 1);
    let (_, b) = s
        .anon(
            "GET",
            "/api/collections/posts?page=2&perPage=3&sort=title",
            None,
        )
        .await;
    assert_eq!(names_of(&b, "title"), ["delta", "echo", "foxtrot"]);
    assert_eq!(
        (b["page"].as_u64(), b["perPage"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(b["totalPages"], 3);
    let (st, b) = s
        .anon("GET", "/api/collections/posts?perPage=500", None)
        .await;
    assert_eq!(st, 200);
    assert_eq!(b["perPage"], 500);
    for q in ["perPage=501", "perPage=0", "page=0", "page=-1", "perPage=x"] {
        let (st, b) = s
            .anon("GET", &format!("/api/collections/posts?{q}"), None)
            .await;
        assert_envelope(st, &b, 400);
    }
}

async fn every_filter_form(s: &TestServer) {
    seed_posts(s).await;
    let cases: &[(&str, &[&str])] = &[
        ("status='active'", &["alpha", "delta", "foxtrot"]),
        ("age>21", &["alpha", "charlie", "delta", "echo", "golf"]),
        ("score<=60.5", &["bravo", "foxtrot", "golf"]),
        ("age>=45", &["charlie", "echo", "golf"]),
        ("age<21", &["bravo"]),
        ("status='active' AND category='tech'", &["alpha"]),
        ("status='active' && category='tech'", &["alpha"]),
        (
            "status='draft' OR status='review'",
            &["charlie", "echo", "golf"],
        ),
        (
            "status='draft' || status='review'",
            &["charlie", "echo", "golf"],
        ),
        (
            "email=null",
            &[
                "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
            ],
        ),
        ("email!=null", &[]),
        ("body~'%john%'", &["charlie", "golf"]),
        ("body~'postgres'", &["alpha", "delta", "echo"]),
        (
            "body!~'%admin%'",
            &["alpha", "bravo", "charlie", "delta", "echo"],
        ),
        (
            "status!='draft'",
            &["alpha", "bravo", "delta", "echo", "foxtrot"],
        ),
        (
            "status IN ('active','pending','review')",
            &["alpha", "bravo", "delta", "echo", "foxtrot"],
        ),
        (
            "status NOT IN ('active')",
            &["bravo", "charlie", "echo", "golf"],
        ),
        (
            "(status='active' OR status='pending') AND category='tech'",
            &["alpha", "bravo"],
        ),
        ("published=true", &["alpha", "charlie", "echo", "foxtrot"]),
        ("published=false && age>20", &["delta", "golf"]),
        (
            "age>21 AND score<=100",
            &["alpha", "charlie", "delta", "echo", "golf"],
        ),
        ("score=12.5", &["foxtrot"]),
        ("title=\"golf\"", &["golf"]),
        (
            "NOT (category='tech')",
            &["charlie", "delta", "foxtrot", "golf"],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(titles(s, filter).await, *expected, "{filter}");
    }
    let before = all_records(s, "posts").await;
    for bad in [
        "status=",
        "status='x",
        "nope=1",
        "age>>1",
        "status IN ()",
        "(status='a'",
        "age > null",
        "auth.id = 'x'",
        "status='a'; DROP TABLE posts",
    ] {
        let (st, b) = s
            .anon(
                "GET",
                &format!("/api/collections/posts?filter={}", enc(bad)),
                None,
            )
            .await;
        assert_envelope(st, &b, 400);
    }
    assert_eq!(all_records(s, "posts").await, before);
}

async fn sort_fields_and_skip_total(s: &TestServer) {
    seed_posts(s).await;
    let (_, b) = s
        .anon("GET", "/api/collections/posts?sort=-age&perPage=3", None)
        .await;
    assert_eq!(names_of(&b, "title"), ["echo", "golf", "charlie"]);
    let (_, b) = s
        .anon("GET", "/api/collections/posts?sort=category,-score", None)
        .await;
    assert_eq!(
        names_of(&b, "title"),
        ["charlie", "delta", "golf", "foxtrot", "alpha", "echo", "bravo"]
    );
    let (_, b) = s
        .anon(
            "GET",
            "/api/collections/posts?sort=+title&fields=id,title&perPage=1",
            None,
        )
        .await;
    let first = b["items"][0].as_object().expect("record");
    let mut keys: Vec<&String> = first.keys().collect();
    keys.sort();
    assert_eq!(keys, ["id", "title"]);
    let (_, b) = s
        .anon(
            "GET",
            "/api/collections/posts?skipTotal=true&perPage=2",
            None,
        )
        .await;
    assert_eq!(b["totalItems"], -1);
    assert_eq!(b["totalPages"], -1);
    assert_eq!(b["items"].as_array().map(Vec::len), Some(2));
    for q in [
        "sort=nope",
        "sort=title;drop",
        "fields=nope",
        "fields=id,(select 1)",
    ] {
        let (st, b) = s
            .anon("GET", &format!("/api/collections/posts?{q}"), None)
            .await;
        assert_envelope(st, &b, 400);
    }
}

async fn search_ranks_and_combines(s: &TestServer) {
    seed_posts(s).await;
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/collections/posts?search={}", enc("postgres")),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let mut found = names_of(&b, "title");
    found.sort();
    assert_eq!(found, ["alpha", "delta", "echo"]);
    let (_, b) = s
        .anon(
            "GET",
            &format!(
                "/api/collections/posts?search={}&filter={}&perPage=10",
                enc("postgres"),
                enc("status='active'")
            ),
            None,
        )
        .await;
    let mut found = names_of(&b, "title");
    found.sort();
    assert_eq!(found, ["alpha", "delta"]);
    assert_eq!(b["totalItems"], 2);
    for (q, expected) in [
        ("postgres database", vec!["alpha"]),
        ("\"full text search\"", vec!["echo"]),
        ("postgres -tips", vec!["alpha", "echo"]),
    ] {
        let (_, b) = s
            .anon(
                "GET",
                &format!("/api/collections/posts?search={}", enc(q)),
                None,
            )
            .await;
        let mut found = names_of(&b, "title");
        found.sort();
        assert_eq!(found, expected, "{q}");
    }
}

async fn record_routes(s: &TestServer) {
    seed_posts(s).await;
    let (st, created) = s
        .anon(
            "POST",
            "/api/collections/posts",
            Some(json!({"title": "hotel", "body": "Content", "published": false})),
        )
        .await;
    assert_eq!(st, 201, "{created}");
    let id = created["id"].as_str().expect("id").to_string();
    assert!(is_timestamp(&created["created_at"]));
    let (st, b) = s
        .anon("GET", &format!("/api/collections/posts/{id}"), None)
        .await;
    assert_eq!(st, 200);
    assert_eq!(b, created);
    let (_, b) = s
        .anon(
            "GET",
            &format!("/api/collections/posts/{id}?fields=title,published"),
            None,
        )
        .await;
    assert_eq!(b, json!({"title": "hotel", "published": false}));
    let (st, b) = s
        .anon(
            "PATCH",
            &format!("/api/collections/posts/{id}"),
            Some(json!({"published": true})),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(b["published"], true);
    assert_eq!(b["title"], "hotel");
    assert_eq!(b["body"], "Content");
    let (st, b) = s
        .anon("DELETE", &format!("/api/collections/posts/{id}"), None)
        .await;
    assert_eq!(st, 204, "{b}");
    let (st, b) = s
        .anon("GET", &format!("/api/collections/posts/{id}"), None)
        .await;
    assert_envelope(st, &b, 404);
}

async fn errors_carry_doc_url(s: &TestServer) {
    seed_posts(s).await;
    let doc = |b: &Value| {
        b["doc_url"]
            .as_str()
            .unwrap_or("")
            .starts_with("https://allyourbase.io/")
    };
    let (st, b) = s.anon("GET", "/api/collections/nonexistent", None).await;
    assert_envelope(st, &b, 404);
    assert_eq!(b["message"], "collection not found: nonexistent");
    assert!(doc(&b), "{b}");
    let (st, b) = raw(
        s,
        "POST",
        "/api/collections/posts",
        &[("Content-Type", "application/json")],
        Some(b"{".to_vec()),
    )
    .await;
    assert_envelope(st, &b, 400);
    assert!(doc(&b), "{b}");
    // A unique violation is 409 with per-field detail.
    let (st, _) = s
        .anon(
            "POST",
            "/api/collections/posts",
            Some(json!({"title": "u", "email": "a@b.co"})),
        )
        .await;
    assert_eq!(st, 201);
    let (st, b) = s
        .anon(
            "POST",
            "/api/collections/posts",
            Some(json!({"title": "v", "email": "a@b.co"})),
        )
        .await;
    assert_envelope(st, &b, 409);
    assert!(data(&b).contains_key("email"), "{b}");
    assert!(doc(&b), "{b}");
    // Success answers carry no doc_url.
    let (_, b) = s
        .anon("GET", "/api/collections/posts?perPage=1", None)
        .await;
    assert!(b.get("doc_url").is_none());
}

async fn rules_bind_on_collections(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "notes", "fields": [
            {"name": "title", "type": "text"},
            {"name": "published", "type": "boolean", "default": false}],
          "rules": {"list": "published = true", "view": "published = true",
                    "create": null, "update": "published = true", "delete": null}}),
    )
    .await;
    create_record(s, "notes", json!({"title": "public", "published": true})).await;
    let hidden = create_record(s, "notes", json!({"title": "draft"})).await;
    let hid = hidden["id"].as_str().expect("id");
    let before = all_records(s, "notes").await;
    let (_, b) = s.anon("GET", "/api/collections/notes", None).await;
    assert_eq!(names_of(&b, "title"), ["public"]);
    assert_eq!(b["totalItems"], 1);
    for (method, body) in [("GET", None), ("PATCH", Some(json!({"title": "x"})))] {
        let (st, b) = s
            .anon(method, &format!("/api/collections/notes/{hid}"), body)
            .await;
        assert_envelope(st, &b, 404);
    }
    let (st, b) = s
        .anon(
            "POST",
            "/api/collections/notes",
            Some(json!({"title": "x"})),
        )
        .await;
    assert_envelope(st, &b, 401);
    let (st, b) = s
        .anon("DELETE", &format!("/api/collections/notes/{hid}"), None)
        .await;
    assert_envelope(st, &b, 401);
    let (st, b) = s
        .anon(
            "POST",
            "/api/collections/notes/batch",
            Some(json!({"operations": [{"method": "create", "body": {"title": "x"}}]})),
        )
        .await;
    assert_envelope(st, &b, 401);
    assert_eq!(all_records(s, "notes").await, before);
    let (_, b) = s.admin("GET", "/api/collections/notes", None).await;
    assert_eq!(b["totalItems"], 2);
}
