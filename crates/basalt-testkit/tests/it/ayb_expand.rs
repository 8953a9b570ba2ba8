//! AYB's `expand`: many-to-one relations as an object, one-to-many as an
//! array, named as AYB names them (`author_id` → `expand.author`), on list
//! and get, several at once, one level of nesting, `fields` alongside, the
//! related collection's rules, and hostile names refused with 400.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    many_to_one_is_an_object,
    one_to_many_is_an_array,
    several_and_nested,
    fields_with_expand,
    related_rules_apply,
    bad_expand_is_400,
);

/// authors (ann, ben), categories (news, tips), posts p1..p3; ids by name.
async fn seed(s: &TestServer) -> std::collections::HashMap<String, String> {
    let mut ids = std::collections::HashMap::new();
    open_collection(s, "authors", json!([{"name": "name", "type": "text"}])).await;
    open_collection(s, "categories", json!([{"name": "name", "type": "text"}])).await;
    open_collection(
        s,
        "posts",
        json!([
            {"name": "title", "type": "text"},
            {"name": "author_id", "type": "relation", "collection": "authors"},
            {"name": "category_id", "type": "relation", "collection": "categories"}
        ]),
    )
    .await;
    for name in ["ann", "ben"] {
        let r = create_record(s, "authors", json!({"name": name})).await;
        ids.insert(name.to_string(), r["id"].as_str().expect("id").to_string());
    }
    for name in ["news", "tips"] {
        let r = create_record(s, "categories", json!({"name": name})).await;
        ids.insert(name.to_string(), r["id"].as_str().expect("id").to_string());
    }
    for (title, author, category) in [
        ("p1", Some("ann"), Some("news")),
        ("p2", Some("ann"), Some("tips")),
        ("p3", Some("ben"), None),
        ("p4", None, None),
    ] {
        let r = create_record(
            s,
            "posts",
            json!({"title": title,
                   "author_id": author.map(|a| ids[a].clone()),
                   "category_id": category.map(|c| ids[c].clone())}),
        )
        .await;
        ids.insert(title.to_string(), r["id"].as_str().expect("id").to_string());
    }
    ids
}

fn by_title<'a>(b: &'a Value, title: &str) -> &'a Value {
    b["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("no {title} in {b}"))
}

async fn many_to_one_is_an_object(s: &TestServer) {
    let ids = seed(s).await;
    let (st, b) = s
        .anon("GET", "/api/collections/posts?expand=author", None)
        .await;
    assert_eq!(st, 200, "{b}");
    let p1 = by_title(&b, "p1");
    assert_eq!(p1["author_id"], ids["ann"].as_str());
    assert_eq!(p1["expand"]["author"]["name"], "ann");
    assert_eq!(p1["expand"]["author"]["id"], ids["ann"].as_str());
    assert_eq!(by_title(&b, "p3")["expand"]["author"]["name"], "ben");
    // No related record: no expand entry.
    assert!(by_title(&b, "p4").get("expand").is_none());
    assert_eq!(b["totalItems"], 4);
    // The column name works too, and get expands as list does.
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/collections/posts/{}?expand=author_id", ids["p2"]),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["expand"]["author"]["name"], "ann");
}

async fn one_to_many_is_an_array(s: &TestServer) {
    let ids = seed(s).await;
    let (st, b) = s
        .anon(
            "GET",
            "/api/collections/authors?expand=posts&sort=name",
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let items = b["items"].as_array().expect("items");
    let titles = |a: &Value| -> Vec<String> {
        let mut t: Vec<String> = a["expand"]["posts"]
            .as_array()
            .expect("array")
            .iter()
            .map(|p| p["title"].as_str().unwrap_or("").to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(items[0]["name"], "ann");
    assert_eq!(titles(&items[0]), ["p1", "p2"]);
    assert_eq!(titles(&items[1]), ["p3"]);
    let (_, b) = s
        .anon(
            "GET",
            &format!("/api/collections/categories/{}?expand=posts", ids["tips"]),
            None,
        )
        .await;
    assert_eq!(b["expand"]["posts"][0]["title"], "p2");
    assert_eq!(b["expand"]["posts"].as_array().map(Vec::len), Some(1));
}

async fn several_and_nested(s: &TestServer) {
    seed(s).await;
    let (st, b) = s
        .anon("GET", "/api/collections/posts?expand=author,category", None)
        .await;
    assert_eq!(st, 200, "{b}");
    let p1 = by_title(&b, "p1");
    assert_eq!(p1["expand"]["author"]["name"], "ann");
    assert_eq!(p1["expand"]["category"]["name"], "news");
    let p3 = by_title(&b, "p3");
    assert_eq!(p3["expand"]["author"]["name"], "ben");
    assert!(p3["expand"].get("category").is_none());
    // One level of nesting: each author's posts with their categories.
    let (st, b) = s
        .anon(
            "GET",
            "/api/collections/authors?expand=posts.category&sort=name",
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let ann_posts = b["items"][0]["expand"]["posts"].as_array().expect("posts");
    let cats: Vec<&str> = {
        let mut c: Vec<&str> = ann_posts
            .iter()
            .map(|p| p["expand"]["category"]["name"].as_str().unwrap_or(""))
            .collect();
        c.sort();
        c
    };
    assert_eq!(cats, ["news", "tips"]);
    // Many records: one query per relation still nests every one right.
    for i in 0..60 {
        let (st, _) = s
            .anon(
                "POST",
                "/api/collections/authors",
                Some(json!({"name": format!("a{i:02}")})),
            )
            .await;
        assert_eq!(st, 201);
    }
    let (_, authors) = s
        .anon(
            "GET",
            "/api/collections/authors?perPage=100&filter=name~'a%25'",
            None,
        )
        .await;
    for a in authors["items"].as_array().expect("items").iter().take(60) {
        s.anon(
            "POST",
            "/api/collections/posts",
            Some(json!({"title": format!("by {}", a["name"].as_str().unwrap_or("")), "author_id": a["id"]})),
        )
        .await;
    }
    let (_, b) = s
        .anon(
            "GET",
            "/api/collections/posts?expand=author&perPage=200",
            None,
        )
        .await;
    for p in b["items"].as_array().expect("items") {
        if let Some(name) = p["title"].as_str().and_then(|t| t.strip_prefix("by ")) {
            assert_eq!(p["expand"]["author"]["name"], name, "{p}");
        }
    }
}

async fn fields_with_expand(s: &TestServer) {
    seed(s).await;
    let (st, b) = s
        .anon(
            "GET",
            "/api/collections/posts?fields=title&expand=author&sort=title",
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let p1 = &b["items"][0];
    let mut keys: Vec<&String> = p1.as_object().expect("record").keys().collect();
    keys.sort();
    assert_eq!(keys, ["expand", "title"]);
    assert_eq!(p1["expand"]["author"]["name"], "ann");
}

async fn related_rules_apply(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "owners", "fields": [{"name": "name", "type": "text"}]}),
    )
    .await;
    open_collection(
        s,
        "pets",
        json!([{"name": "name", "type": "text"},
               {"name": "owner_id", "type": "relation", "collection": "owners"}]),
    )
    .await;
    let o = create_record(s, "owners", json!({"name": "secret owner"})).await;
    create_record(s, "pets", json!({"name": "rex", "owner_id": o["id"]})).await;
    // Owners are admin only: anonymous callers get the pet without it.
    let (st, b) = s
        .anon("GET", "/api/collections/pets?expand=owner", None)
        .await;
    assert_eq!(st, 200, "{b}");
    assert!(b["items"][0].get("expand").is_none(), "{b}");
    let (_, b) = s
        .admin("GET", "/api/collections/pets?expand=owner", None)
        .await;
    assert_eq!(b["items"][0]["expand"]["owner"]["name"], "secret owner");
    // An expression view rule filters the related records.
    create_collection(
        s,
        json!({"name": "tags", "fields": [{"name": "label", "type": "text"},
               {"name": "shown", "type": "boolean"},
               {"name": "pet_id", "type": "relation", "collection": "pets"}],
               "rules": {"list": "true", "view": "shown = true"}}),
    )
    .await;
    let pets = all_records(s, "pets").await;
    for (label, shown) in [("good", true), ("hidden", false)] {
        create_record(
            s,
            "tags",
            json!({"label": label, "shown": shown, "pet_id": pets[0]["id"]}),
        )
        .await;
    }
    let (_, b) = s
        .anon("GET", "/api/collections/pets?expand=tags", None)
        .await;
    let tags = b["items"][0]["expand"]["tags"].as_array().expect("tags");
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0]["label"], "good");
}

async fn bad_expand_is_400(s: &TestServer) {
    let ids = seed(s).await;
    let before = all_records(s, "posts").await;
    for bad in [
        "nope",
        "author,nope",
        "title",
        "author.nope",
        "a.b.c",
        "author;DROP TABLE posts",
        "author' OR '1'='1",
        "(select 1)",
        "author--",
        "1author",
        &["author"; 11]
            .iter()
            .enumerate()
            .map(|(i, a)| format!("{a}{i}"))
            .collect::<Vec<_>>()
            .join(","),
    ] {
        for path in [
            format!("/api/collections/posts?expand={}", enc(bad)),
            format!("/api/collections/posts/{}?expand={}", ids["p1"], enc(bad)),
        ] {
            let (st, b) = s.anon("GET", &path, None).await;
            assert_envelope(st, &b, 400);
            assert!(b["doc_url"].is_string());
        }
    }
    assert_eq!(all_records(s, "posts").await, before);
    // Empty entries are ignored.
    let (st, _) = s
        .anon("GET", "/api/collections/posts?expand=,author,", None)
        .await;
    assert_eq!(st, 200);
}
