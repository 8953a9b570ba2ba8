//! Bulk create and batch: shapes, limits, and all-or-nothing.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    bulk_array_and_records_object,
    bulk_limits,
    bulk_is_all_or_nothing,
    batch_create_update_delete,
    batch_limits,
    batch_failure_rolls_back,
    anonymous_batch_is_refused,
    batch_operation_must_be_an_object,
    concurrent_writes_all_land,
);

async fn setup(s: &TestServer) {
    open_collection(
        s,
        "posts",
        json!([{"name": "title", "type": "text", "required": true},
            {"name": "n", "type": "integer"}, {"name": "code", "type": "text", "unique": true}]),
    )
    .await;
}

async fn bulk(s: &TestServer, body: Value) -> (u16, Value) {
    s.anon("POST", "/api/v1/posts/bulk", Some(body)).await
}

async fn batch(s: &TestServer, ops: Value) -> (u16, Value) {
    s.admin(
        "POST",
        "/api/v1/posts/batch",
        Some(json!({"operations": ops})),
    )
    .await
}

async fn bulk_array_and_records_object(s: &TestServer) {
    setup(s).await;
    let (st, b) = bulk(s, json!([{"title": "a", "n": 1}, {"title": "b", "n": 2}])).await;
    assert_eq!(st, 201, "{b}");
    assert_eq!(b["count"], 2);
    let items = b["items"].as_array().expect("items");
    assert_eq!(pluck(items, "title"), vec![json!("a"), json!("b")]);
    assert!(items
        .iter()
        .all(|r| is_uuid_v7(&r["id"]) && is_timestamp(&r["created_at"])));
    let (st, b) = bulk(s, json!({"records": [{"title": "c"}]})).await;
    assert_eq!(st, 201, "{b}");
    assert_eq!(b["count"], 1);
    assert_eq!(b["items"][0]["title"], "c");
    let (_, list) = s.anon("GET", "/api/v1/posts?sort=title", None).await;
    assert_eq!(names_of(&list, "title"), vec!["a", "b", "c"]);
}

async fn bulk_limits(s: &TestServer) {
    setup(s).await;
    let recs = |n: usize| -> Value {
        Value::Array(
            (0..n)
                .map(|i| json!({"title": format!("t{i}"), "n": i}))
                .collect(),
        )
    };
    let (st, b) = bulk(s, recs(501)).await;
    assert_envelope(st, &b, 400);
    assert_eq!(admin_total(s, "posts").await, 0);
    let (st, b) = bulk(s, json!({"records": recs(501)})).await;
    assert_envelope(st, &b, 400);
    assert_eq!(admin_total(s, "posts").await, 0);
    let (st, b) = bulk(s, recs(500)).await;
    assert_eq!(st, 201, "{}", b["error"]);
    assert_eq!(b["count"], 500);
    assert_eq!(b["items"].as_array().map(Vec::len), Some(500));
    assert_eq!(admin_total(s, "posts").await, 500);
    for body in [
        json!([]),
        json!({"records": []}),
        json!({"records": 5}),
        json!({"items": [{"title": "x"}]}),
        json!({"records": [{"title": "x"}], "extra": 1}),
        json!("x"),
        json!([1, 2]),
        json!([{"title": "x"}, "y"]),
    ] {
        let (st, b) = bulk(s, body.clone()).await;
        assert_eq!(st, 400, "{body}: {b}");
        assert_envelope(st, &b, 400);
    }
    let (st, b) = bulk(s, json!([{"title": "x"}, "y"])).await;
    assert_envelope(st, &b, 400);
    assert_eq!(data(&b).get("index"), Some(&json!(1)), "{b}");
    assert_eq!(admin_total(s, "posts").await, 500);
}

async fn bulk_is_all_or_nothing(s: &TestServer) {
    setup(s).await;
    create_record(s, "posts", json!({"title": "seed", "code": "U"})).await;
    let before = all_records(s, "posts").await;
    let cases = [
        (
            json!([{"title": "ok1"}, {"title": "ok2"}, {"title": 5}]),
            400,
            2,
        ),
        (json!([{"title": "ok1"}, {"n": 1}]), 400, 1),
        (
            json!([{"title": "ok1"}, {"title": "x", "ghost": true}]),
            400,
            1,
        ),
        (
            json!([{"title": "ok1"}, {"title": "x", "code": "U"}]),
            409,
            1,
        ),
        (
            json!([{"title": "x", "code": "D"}, {"title": "y", "code": "D"}]),
            409,
            1,
        ),
        (
            json!({"records": [{"title": "ok"}, {"title": "bad", "n": "two"}]}),
            400,
            1,
        ),
        (
            json!([{"title": "ok"}, {"id": before[0]["id"], "title": "dup id"}]),
            409,
            1,
        ),
    ];
    for (body, status, index) in cases {
        let (st, b) = bulk(s, body.clone()).await;
        assert_eq!(st, status, "{body}: {b}");
        assert_envelope(st, &b, status);
        assert_eq!(data(&b).get("index"), Some(&json!(index)), "{body}: {b}");
        assert_eq!(
            all_records(s, "posts").await,
            before,
            "{body} wrote something"
        );
    }
}

async fn batch_create_update_delete(s: &TestServer) {
    setup(s).await;
    let a = create_record(s, "posts", json!({"title": "a", "n": 1})).await;
    let b = create_record(s, "posts", json!({"title": "b"})).await;
    let (st, out) = batch(
        s,
        json!([
            {"method": "create", "body": {"title": "c", "n": 3}},
            {"method": "update", "id": a["id"], "body": {"n": 10}},
            {"method": "delete", "id": b["id"]}
        ]),
    )
    .await;
    assert_eq!(st, 200, "{out}");
    let out = out.as_array().expect("array");
    assert_eq!(out.len(), 3);
    assert_eq!(
        (&out[0]["index"], &out[0]["status"]),
        (&json!(0), &json!(201))
    );
    assert_eq!(out[0]["body"]["title"], "c");
    assert!(is_uuid_v7(&out[0]["body"]["id"]));
    assert_eq!(
        (&out[1]["index"], &out[1]["status"]),
        (&json!(1), &json!(200))
    );
    assert_eq!(out[1]["body"]["n"], 10);
    assert_eq!(out[1]["body"]["title"], "a");
    assert_eq!(
        (&out[2]["index"], &out[2]["status"]),
        (&json!(2), &json!(204))
    );
    let (_, list) = s.anon("GET", "/api/v1/posts?sort=title", None).await;
    assert_eq!(names_of(&list, "title"), vec!["a", "c"]);
    assert_eq!(list["items"][0]["n"], 10);
    let all = all_records(s, "posts").await;
    let dead = all
        .iter()
        .find(|r| r["id"] == b["id"])
        .expect("b kept for admin");
    assert!(is_timestamp(&dead["deleted_at"]), "{dead}");
    // Operations see the writes before them.
    let (st, out) = batch(
        s,
        json!([
            {"method": "create", "body": {"id": "fresh", "title": "f"}},
            {"method": "update", "id": "fresh", "body": {"title": "f2"}}
        ]),
    )
    .await;
    assert_eq!(st, 200, "{out}");
    let (_, got) = s.anon("GET", "/api/v1/posts/fresh", None).await;
    assert_eq!(got["title"], "f2");
}

async fn batch_limits(s: &TestServer) {
    setup(s).await;
    let ops = |n: usize| -> Value {
        Value::Array(
            (0..n)
                .map(|i| json!({"method": "create", "body": {"title": format!("t{i}")}}))
                .collect(),
        )
    };
    let (st, b) = batch(s, ops(101)).await;
    assert_envelope(st, &b, 400);
    assert_eq!(admin_total(s, "posts").await, 0);
    let (st, b) = batch(s, ops(100)).await;
    assert_eq!(st, 200, "{}", b["error"]);
    assert_eq!(b.as_array().map(Vec::len), Some(100));
    assert_eq!(admin_total(s, "posts").await, 100);
    for body in [
        json!({"operations": []}),
        json!({"operations": 5}),
        json!({}),
        json!([{"method": "create", "body": {"title": "x"}}]),
        json!({"operations": [{"method": "create", "body": {"title": "x"}, "colour": 1}]}),
        json!({"operations": [{"method": "create", "body": [{"title": "x"}]}]}),
    ] {
        let (st, b) = s
            .admin("POST", "/api/v1/posts/batch", Some(body.clone()))
            .await;
        assert_eq!(st, 400, "{body}: {b}");
        assert_envelope(st, &b, 400);
    }
    assert_eq!(admin_total(s, "posts").await, 100);
}

async fn batch_failure_rolls_back(s: &TestServer) {
    setup(s).await;
    let a = create_record(s, "posts", json!({"title": "a", "code": "U"})).await;
    let before = all_records(s, "posts").await;
    let cases = [
        (
            json!([{"method": "create", "body": {"title": "c"}},
                {"method": "update", "id": "missing", "body": {"title": "x"}}]),
            404,
            1,
        ),
        (
            json!([{"method": "update", "id": a["id"], "body": {"title": "a2"}},
                {"method": "create", "body": {"title": 5}}]),
            400,
            1,
        ),
        (
            json!([{"method": "create", "body": {"title": "c"}},
                {"method": "delete", "id": "missing"}]),
            404,
            1,
        ),
        (
            json!([{"method": "create", "body": {"title": "c"}}, {"method": "explode"}]),
            400,
            1,
        ),
        (json!([{"method": "update", "id": a["id"]}]), 400, 0),
        (json!([{"method": "delete"}]), 400, 0),
        (
            json!([{"method": "create", "body": {"title": "c", "code": "V"}},
                {"method": "create", "body": {"title": "d", "code": "V"}}]),
            409,
            1,
        ),
        (
            json!([{"method": "delete", "id": a["id"]},
                {"method": "update", "id": a["id"], "body": {"title": "zombie"}}]),
            404,
            1,
        ),
        (
            json!([{"method": "update", "id": a["id"], "body": {"title": "a3"}},
                {"method": "create", "body": {"title": "e"}},
                {"method": "create", "body": {"title": "f", "ghost": 1}}]),
            400,
            2,
        ),
    ];
    for (ops, status, index) in cases {
        let (st, b) = batch(s, ops.clone()).await;
        assert_eq!(st, status, "{ops}: {b}");
        assert_envelope(st, &b, status);
        assert_eq!(data(&b).get("index"), Some(&json!(index)), "{ops}: {b}");
        assert_eq!(
            all_records(s, "posts").await,
            before,
            "{ops} was not rolled back"
        );
    }
}

async fn anonymous_batch_is_refused(s: &TestServer) {
    setup(s).await;
    let a = create_record(s, "posts", json!({"title": "a"})).await;
    let before = all_records(s, "posts").await;
    let body = json!({"operations": [
        {"method": "create", "body": {"title": "anon"}},
        {"method": "update", "id": a["id"], "body": {"title": "hacked"}},
        {"method": "delete", "id": a["id"]}
    ]});
    let (st, b) = s
        .anon("POST", "/api/v1/posts/batch", Some(body.clone()))
        .await;
    assert_envelope(st, &b, 401);
    let (st, b) = raw(
        s,
        "POST",
        "/api/v1/posts/batch",
        &[
            ("content-type", "application/json"),
            ("authorization", "Bearer forged"),
        ],
        Some(body.to_string().into_bytes()),
    )
    .await;
    assert_envelope(st, &b, 401);
    assert_eq!(all_records(s, "posts").await, before);
}

async fn batch_operation_must_be_an_object(s: &TestServer) {
    setup(s).await;
    let (st, b) = batch(s, json!([["create", null, {"title": "x"}]])).await;
    assert_eq!(st, 400, "an operation written as an array: {b}");
    assert_envelope(st, &b, 400);
    assert_eq!(admin_total(s, "posts").await, 0);
}

/// Many writers at once: every write lands (one writer, a busy timeout),
/// including racing first writes that auto-create the same collection.
async fn concurrent_writes_all_land(s: &TestServer) {
    setup(s).await;
    let post = |path: &str, body: Value| {
        let req = s
            .client
            .post(s.url(path))
            .bearer_auth(ADMIN_TOKEN)
            .json(&body);
        tokio::spawn(async move { req.send().await.map(|r| r.status().as_u16()) })
    };
    let mut tasks = Vec::new();
    for i in 0..40 {
        tasks.push(post(
            "/api/v1/posts",
            json!({"title": format!("p{i}"), "n": i}),
        ));
        tasks.push(post("/api/v1/racing", json!({"n": i, "label": "x"})));
        tasks.push(post(
            "/api/v1/posts/bulk",
            json!([{"title": format!("b{i}a")}, {"title": format!("b{i}b")}]),
        ));
    }
    for t in tasks {
        let st = t.await.expect("task").expect("request");
        assert_eq!(st, 201);
    }
    assert_eq!(admin_total(s, "posts").await, 120);
    assert_eq!(admin_total(s, "racing").await, 40);
    assert_eq!(
        collection_names(s).await,
        vec!["posts".to_string(), "racing".to_string()]
    );
}
