//! Teenybase writes: `insert` (object, batch array in one transaction,
//! `returning`), `update` (`where` required, `setValues`), `edit/{id}` (bare
//! fields, `returning` query parameter) and `delete` (`where` required);
//! bad input answers 4xx in the envelope and leaves the data as it was.

use crate::support::*;
use crate::teeny_reads::{seed_posts, titles};
use basalt_testkit::TestServer;

both_engines!(
    insert_one_and_many,
    insert_refusals_write_nothing,
    update_by_where,
    edit_by_id,
    delete_by_where,
    injection_leaves_data_untouched,
);

async fn insert_one_and_many(s: &TestServer) {
    seed_posts(s).await;
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/insert",
            Some(json!({"values": {"title": "Hello", "views": 9}, "returning": "*"})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b[0]["title"], "Hello");
    assert!(b[0]["id"].is_string(), "{b}");
    // Without `returning`: an empty answer.
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/insert",
            Some(json!({"values": {"title": "Quiet"}})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b, json!([]));
    // A batch, with a field list.
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/insert",
            Some(json!({"values": [{"title": "A"}, {"title": "B"}], "returning": ["title"]})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b, json!([{"title": "A"}, {"title": "B"}]));
    assert_eq!(admin_total(s, "posts").await, 9);
}

async fn insert_refusals_write_nothing(s: &TestServer) {
    seed_posts(s).await;
    let before = all_records(s, "posts").await;
    let cases = [
        (json!({"title": "x"}), "values"),
        (json!({"values": 5}), "values"),
        (json!({"values": [{"title": "ok"}, {"views": "NaN"}]}), ""),
        (json!({"values": [{"title": "ok"}, {"nope": 1}]}), ""),
        (json!({"values": {"title": "x"}, "returning": "nope"}), ""),
        (json!({"values": {"title": "x"}, "or": "IGNORE"}), "or"),
        (json!({"values": []}), ""),
    ];
    for (body, field) in cases {
        let (st, b) = s
            .anon("POST", "/api/v1/table/posts/insert", Some(body.clone()))
            .await;
        assert_envelope(st, &b, 400);
        if !field.is_empty() {
            assert_eq!(b["data"]["field"], field, "{body}: {b}");
            assert!(b["message"].as_str().unwrap_or("").contains(field), "{b}");
        }
    }
    let (st, b) = raw(
        s,
        "POST",
        "/api/v1/table/posts/insert",
        &[("Content-Type", "application/json")],
        Some(b"{not json".to_vec()),
    )
    .await;
    assert_envelope(st, &b, 400);
    assert_eq!(all_records(s, "posts").await, before);
}

async fn update_by_where(s: &TestServer) {
    seed_posts(s).await;
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/update",
            Some(
                json!({"where": "views <= 2", "setValues": {"published": true},
                "returning": "*"}),
            ),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let mut t = titles(&b);
    t.sort();
    assert_eq!(t, ["p1", "p2"]);
    assert!(b
        .as_array()
        .expect("rows")
        .iter()
        .all(|r| r["published"] == true));
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/update",
            Some(json!({"where": "title == 'p5'", "setValues": {"views": 50}})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b, json!([]));
    let (_, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/select",
            Some(json!({"where": "views == 50"})),
        )
        .await;
    assert_eq!(titles(&b), ["p5"]);
    // Refusals change nothing.
    let before = all_records(s, "posts").await;
    for (body, field) in [
        (json!({"setValues": {"views": 0}}), "where"),
        (json!({"where": "", "setValues": {"views": 0}}), "where"),
        (json!({"where": "views > 0"}), "setValues"),
        (
            json!({"where": "views > 0", "set": {"views": "views + 1"}}),
            "set",
        ),
        (
            json!({"where": "views > 0", "setValues": {"views": "many"}}),
            "",
        ),
        (json!({"where": "views >", "setValues": {"views": 0}}), ""),
        (json!({"where": "views > 0", "setValues": {"nope": 0}}), ""),
    ] {
        let (st, b) = s
            .anon("POST", "/api/v1/table/posts/update", Some(body.clone()))
            .await;
        assert_envelope(st, &b, 400);
        if !field.is_empty() {
            assert_eq!(b["data"]["field"], field, "{body}: {b}");
        }
    }
    assert_eq!(all_records(s, "posts").await, before);
}

async fn edit_by_id(s: &TestServer) {
    let posts = seed_posts(s).await;
    let id = posts[0]["id"].as_str().expect("id");
    let (st, b) = s
        .anon(
            "POST",
            &format!("/api/v1/table/posts/edit/{id}"),
            Some(json!({"title": "Updated"})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b, json!({"id": id}));
    let (st, b) = s
        .anon(
            "POST",
            &format!("/api/v1/table/posts/edit/{id}?returning=*"),
            Some(json!({"views": 11})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["title"], "Updated");
    assert_eq!(b["views"], 11);
    let before = all_records(s, "posts").await;
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/edit/nope",
            Some(json!({"title": "x"})),
        )
        .await;
    assert_envelope(st, &b, 404);
    for (path, body) in [
        (
            format!("/api/v1/table/posts/edit/{id}"),
            json!({"views": "x"}),
        ),
        (format!("/api/v1/table/posts/edit/{id}"), json!({"nope": 1})),
        (format!("/api/v1/table/posts/edit/{id}"), json!([1])),
        (
            format!("/api/v1/table/posts/edit/{id}?returning=nope"),
            json!({"views": 1}),
        ),
        (
            format!("/api/v1/table/posts/edit/{id}?or=INSERT"),
            json!({"views": 1}),
        ),
    ] {
        let (st, b) = s.anon("POST", &path, Some(body.clone())).await;
        assert_envelope(st, &b, 400);
    }
    assert_eq!(all_records(s, "posts").await, before);
}

async fn delete_by_where(s: &TestServer) {
    seed_posts(s).await;
    let before = all_records(s, "posts").await;
    for body in [
        json!({}),
        json!({"where": "  "}),
        json!({"where": "views >"}),
        json!({"where": "true"}),
    ] {
        let (st, b) = s
            .anon("POST", "/api/v1/table/posts/delete", Some(body.clone()))
            .await;
        assert_envelope(st, &b, 400);
    }
    assert_eq!(all_records(s, "posts").await, before);
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/delete",
            Some(json!({"where": "published == false", "returning": "title"})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let mut t = titles(&b);
    t.sort();
    assert_eq!(t, ["p2", "p4"]);
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/delete",
            Some(json!({"where": "views == 1"})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b, json!([]));
    let (_, b) = s.anon("GET", "/api/v1/table/posts/list", None).await;
    assert_eq!(b["total"], 2);
}

async fn injection_leaves_data_untouched(s: &TestServer) {
    seed_posts(s).await;
    let before = all_records(s, "posts").await;
    let hostile = [
        "title == 'x'; DROP TABLE posts; --",
        "title == '' OR 1=1 --'",
        "title == 'x') OR (1 == 1",
        "1 == 1 UNION SELECT * FROM users",
        "views == 1 /* */",
        "title == \"\\\"; DELETE FROM posts; --\"",
        "title ~ '%' ; DELETE FROM posts",
        "(((((((((",
    ];
    for w in hostile {
        for (route, extra) in [
            ("select", json!({})),
            ("update", json!({"setValues": {"views": 0}})),
            ("delete", json!({})),
        ] {
            let mut body = extra.clone();
            body["where"] = json!(w);
            let (st, b) = s
                .anon("POST", &format!("/api/v1/table/posts/{route}"), Some(body))
                .await;
            // Either refused, or a literal that matches nothing.
            if st == 200 {
                assert_eq!(b, json!([]), "{route} {w}");
            } else {
                assert_envelope(st, &b, 400);
            }
        }
    }
    assert_eq!(all_records(s, "posts").await, before);
}
