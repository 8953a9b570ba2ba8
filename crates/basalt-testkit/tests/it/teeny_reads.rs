//! Teenybase reads: `select` and `list` by GET query parameters and POST
//! body (`where`, `order`/`sort`, `limit`, `offset`, `select`), `view/{id}`
//! with `select` and `where`, and bad input answered 4xx in the envelope.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    select_and_list_read_rows,
    order_forms,
    view_one_record,
    bad_reads_are_4xx,
);

/// A `posts` table with five records: p1..p5, views 1..5, odd ones published.
pub(crate) async fn seed_posts(s: &TestServer) -> Vec<Value> {
    open_collection(
        s,
        "posts",
        json!([{"name": "title", "type": "text"}, {"name": "views", "type": "integer"},
            {"name": "published", "type": "boolean", "default": false}]),
    )
    .await;
    let mut out = Vec::new();
    for i in 1..=5 {
        out.push(
            create_record(
                s,
                "posts",
                json!({"title": format!("p{i}"), "views": i, "published": i % 2 == 1}),
            )
            .await,
        );
    }
    out
}

pub(crate) fn titles(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|r| r["title"].as_str().unwrap_or("?").to_string())
        .collect()
}

async fn select_and_list_read_rows(s: &TestServer) {
    seed_posts(s).await;
    let w = enc("published == true & title != null");
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/v1/table/posts/select?where={w}&order=-views&limit=2&select=id,title"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(titles(&b), ["p5", "p3"]);
    let keys: Vec<&String> = b[0].as_object().expect("obj").keys().collect();
    assert_eq!(keys.len(), 2, "{b}");
    // POST body, array `select`, offset.
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/select",
            Some(json!({"where": "views >= 2 & (views < 4 | title == 'p5')",
                "order": "views", "offset": 1, "select": ["title"]})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(titles(&b), ["p3", "p5"]);
    assert_eq!(b[0], json!({"title": "p3"}));
    // list: items and the total before the window.
    let (st, b) = s
        .anon(
            "GET",
            "/api/v1/table/posts/list?limit=2&sort=%2Bviews",
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["total"], 5);
    assert_eq!(titles(&b["items"]), ["p1", "p2"]);
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/list",
            Some(json!({"where": "!(published == true)", "order": ["views DESC"]})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["total"], 2);
    assert_eq!(titles(&b["items"]), ["p4", "p2"]);
    // `~` is like; `=` is accepted as `==`.
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/posts/select",
            Some(json!({"where": "title ~ 'p%' & views = 3"})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(titles(&b), ["p3"]);
}

async fn order_forms(s: &TestServer) {
    seed_posts(s).await;
    for order in [
        json!("-views"),
        json!("views DESC"),
        json!("published DESC, -views"),
        json!(["-published", "views desc"]),
    ] {
        let (st, b) = s
            .anon(
                "POST",
                "/api/v1/table/posts/select",
                Some(json!({"order": order, "limit": 1})),
            )
            .await;
        assert_eq!(st, 200, "{order}: {b}");
        assert_eq!(titles(&b), ["p5"], "{order}");
    }
}

async fn view_one_record(s: &TestServer) {
    let posts = seed_posts(s).await;
    let id = posts[1]["id"].as_str().expect("id");
    let (st, b) = s
        .anon("GET", &format!("/api/v1/table/posts/view/{id}"), None)
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["title"], "p2");
    let (st, b) = s
        .anon(
            "GET",
            &format!(
                "/api/v1/table/posts/view/{id}?select=title&where={}",
                enc("views == 2")
            ),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b, json!({"title": "p2"}));
    // A `where` the record does not match, and an absent id: 404.
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/v1/table/posts/view/{id}?where={}", enc("views == 3")),
            None,
        )
        .await;
    assert_envelope(st, &b, 404);
    let (st, b) = s.anon("GET", "/api/v1/table/posts/view/nope", None).await;
    assert_envelope(st, &b, 404);
}

async fn bad_reads_are_4xx(s: &TestServer) {
    seed_posts(s).await;
    let before = all_records(s, "posts").await;
    let bad = [
        json!({"where": "views =="}),
        json!({"where": "views == 1 &"}),
        json!({"where": "nope == 1"}),
        json!({"where": "views == 1; DROP TABLE posts"}),
        json!({"where": "title == 'x' OR 1=1 --"}),
        json!({"where": 5}),
        json!({"order": "nope"}),
        json!({"order": "views sideways"}),
        json!({"select": "nope"}),
        json!({"limit": -1}),
        json!({"limit": "ten"}),
        json!({"distinct": true}),
        json!({"group": "title"}),
    ];
    for body in bad {
        for route in ["select", "list"] {
            let (st, b) = s
                .anon(
                    "POST",
                    &format!("/api/v1/table/posts/{route}"),
                    Some(body.clone()),
                )
                .await;
            assert_4xx(st, &b);
            assert_eq!(st, 400, "{route} {body}: {b}");
        }
    }
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/v1/table/posts/select?where={}", enc("(views == 1")),
            None,
        )
        .await;
    assert_envelope(st, &b, 400);
    assert!(
        b["message"].as_str().unwrap_or("").contains("position"),
        "{b}"
    );
    let (st, b) = s.anon("GET", "/api/v1/table/ghosts/select", None).await;
    assert_envelope(st, &b, 404);
    let (st, b) = s
        .anon("POST", "/api/v1/table/posts/select", Some(json!([1])))
        .await;
    assert_envelope(st, &b, 400);
    assert_eq!(all_records(s, "posts").await, before);
}
