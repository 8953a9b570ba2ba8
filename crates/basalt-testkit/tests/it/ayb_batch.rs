//! AYB batches: up to 1000 operations in one transaction, the answer
//! exactly as documented (`index`, `status`, `body`), and any failure
//! rolling every operation back with the failing index in `data`.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    documented_shape,
    a_thousand_operations,
    failures_roll_everything_back,
    bad_batches_are_400,
);

async fn setup(s: &TestServer) {
    open_collection(
        s,
        "posts",
        json!([{"name": "title", "type": "text", "required": true},
               {"name": "published", "type": "boolean", "default": false},
               {"name": "n", "type": "integer"}]),
    )
    .await;
}

fn ops(list: Value) -> Option<Value> {
    Some(json!({ "operations": list }))
}

async fn documented_shape(s: &TestServer) {
    setup(s).await;
    let existing = create_record(s, "posts", json!({"title": "Existing"})).await;
    let gone = create_record(s, "posts", json!({"title": "Gone"})).await;
    let (st, b) = s
        .anon(
            "POST",
            "/api/collections/posts/batch",
            ops(json!([
                {"method": "create", "body": {"title": "Post A", "published": true}},
                {"method": "create", "body": {"title": "Post B", "published": false}},
                {"method": "update", "id": existing["id"], "body": {"published": true}},
                {"method": "delete", "id": gone["id"]}
            ])),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let out = b.as_array().expect("array");
    assert_eq!(out.len(), 4);
    for (i, (status, title)) in [(201, "Post A"), (201, "Post B"), (200, "Existing")]
        .iter()
        .enumerate()
    {
        assert_eq!(out[i]["index"], i, "{b}");
        assert_eq!(out[i]["status"], *status, "{b}");
        assert_eq!(out[i]["body"]["title"], *title, "{b}");
    }
    assert_eq!(out[2]["body"]["published"], true);
    assert_eq!(out[3], json!({"index": 3, "status": 204}));
    let (_, list) = s
        .anon("GET", "/api/collections/posts?sort=title", None)
        .await;
    assert_eq!(names_of(&list, "title"), ["Existing", "Post A", "Post B"]);
}

async fn a_thousand_operations(s: &TestServer) {
    setup(s).await;
    let many: Vec<Value> = (0..1000)
        .map(|i| json!({"method": "create", "body": {"title": "t", "n": i}}))
        .collect();
    let (st, b) = s
        .anon("POST", "/api/collections/posts/batch", ops(json!(many)))
        .await;
    assert_eq!(st, 200, "{b}");
    let out = b.as_array().expect("array");
    assert_eq!(out.len(), 1000);
    assert_eq!(out[999]["index"], 999);
    assert_eq!(out[999]["body"]["n"], 999);
    assert_eq!(admin_total(s, "posts").await, 1000);
    // 1001 operations: refused, nothing written.
    let too_many: Vec<Value> = (0..1001)
        .map(|_| json!({"method": "create", "body": {"title": "x"}}))
        .collect();
    let (st, b) = s
        .anon("POST", "/api/collections/posts/batch", ops(json!(too_many)))
        .await;
    assert_envelope(st, &b, 400);
    assert!(b["message"].as_str().unwrap_or("").contains("1000"), "{b}");
    assert_eq!(admin_total(s, "posts").await, 1000);
}

async fn failures_roll_everything_back(s: &TestServer) {
    setup(s).await;
    let keep = create_record(s, "posts", json!({"title": "keep"})).await;
    let before = all_records(s, "posts").await;
    let cases = [
        // Invalid body at index 2.
        (
            json!([
                {"method": "create", "body": {"title": "a"}},
                {"method": "update", "id": keep["id"], "body": {"title": "changed"}},
                {"method": "create", "body": {"n": 1}}
            ]),
            400,
            2,
        ),
        // Missing record at index 1.
        (
            json!([
                {"method": "delete", "id": keep["id"]},
                {"method": "update", "id": "missing", "body": {"title": "x"}}
            ]),
            404,
            1,
        ),
        // Unknown method at index 1.
        (
            json!([
                {"method": "create", "body": {"title": "a"}},
                {"method": "upsert", "body": {"title": "b"}}
            ]),
            400,
            1,
        ),
        // Unknown field at index 0.
        (
            json!([{"method": "create", "body": {"title": "a", "nope": 1}}]),
            400,
            0,
        ),
        // Missing id at index 1.
        (
            json!([
                {"method": "create", "body": {"title": "a"}},
                {"method": "delete"}
            ]),
            400,
            1,
        ),
    ];
    for (list, status, index) in cases {
        let (st, b) = s
            .anon("POST", "/api/collections/posts/batch", ops(list.clone()))
            .await;
        assert_envelope(st, &b, status);
        assert_eq!(b["data"]["index"], index, "{list}: {b}");
        assert!(b["doc_url"].is_string());
        assert_eq!(all_records(s, "posts").await, before, "{list}");
    }
}

async fn bad_batches_are_400(s: &TestServer) {
    setup(s).await;
    for body in [
        json!({}),
        json!({"operations": []}),
        json!({"operations": "x"}),
        json!({"operations": [5]}),
        json!({"operations": [{"method": "create", "body": {"title": "a"}, "extra": 1}]}),
        json!([{"method": "create"}]),
    ] {
        let (st, b) = s
            .anon("POST", "/api/collections/posts/batch", Some(body.clone()))
            .await;
        assert_envelope(st, &b, 400);
    }
    let (st, b) = s
        .anon(
            "POST",
            "/api/collections/nope/batch",
            ops(json!([{"method": "create", "body": {"title": "a"}}])),
        )
        .await;
    assert_envelope(st, &b, 404);
    assert_eq!(admin_total(s, "posts").await, 0);
}
