//! Validation of record writes: every field type, required, unique,
//! min/max/pattern, select values, e-mail and URL formats, malformed bodies,
//! content types and the body size limit.

use crate::records_crud::{refused, setup};
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    wrong_types_are_refused,
    right_types_round_trip,
    required_and_unique,
    min_max_pattern_select_formats,
    malformed_bodies,
);

async fn wrong_types_are_refused(s: &TestServer) {
    setup(s).await;
    create_record(s, "posts", json!({"title": "existing"})).await;
    let cases = [
        ("title", json!(5)),
        ("title", json!(true)),
        ("title", json!(["a"])),
        ("title", json!({"a": 1})),
        ("views", json!("1")),
        ("views", json!(1.5)),
        ("views", json!(true)),
        ("score", json!("x")),
        ("score", json!(false)),
        ("published", json!("true")),
        ("published", json!(1)),
        ("due", json!("yesterday")),
        ("due", json!(5)),
        ("day", json!("2026-02-30")),
        ("day", json!("07/02/2026")),
        ("ref", json!("not-a-uuid")),
        ("ref", json!(12)),
        ("contact", json!(5)),
        ("site", json!(5)),
        ("status", json!(1)),
        ("author", json!(true)),
        ("author", json!({"id": "x"})),
        ("attachment", json!(5)),
        ("embedding", json!([1, 2])),
        ("embedding", json!(["a", "b", "c"])),
        ("embedding", json!("1,2,3")),
        ("embedding", json!([1, 2, 3, 4])),
        ("code", json!(7)),
    ];
    for (f, v) in cases {
        let mut body = json!({"title": "ok"});
        body[f] = v;
        refused(s, "POST", "/api/v1/posts", body, 400, &[f]).await;
    }
    // Several bad fields are all named.
    refused(
        s,
        "POST",
        "/api/v1/posts",
        json!({"title": 1, "views": "x", "ghost": true}),
        400,
        &["title", "views", "ghost"],
    )
    .await;
}

async fn right_types_round_trip(s: &TestServer) {
    setup(s).await;
    let author = create_record(s, "authors", json!({"name": "Ann"})).await;
    let body = json!({
        "title": "All", "body": "text", "views": 42, "score": 2.5, "published": true,
        "meta": {"tags": ["a", "b"], "n": 1, "nested": {"ok": true}},
        "due": "2026-02-07T23:00:00+01:00", "day": "2026-02-07",
        "ref": "0190a8e4-1b2c-7d3e-8f40-123456789abc", "contact": "ann@example.com",
        "site": "https://example.com/a?b=c", "status": "live", "author": author["id"],
        "attachment": "file.pdf", "embedding": [0.25, -1.5, 3], "code": "C1",
        "slug": "my-post", "rating": 4
    });
    let r = create_record(s, "posts", body.clone()).await;
    let id = r["id"].as_str().expect("id");
    let (_, got) = s.anon("GET", &format!("/api/v1/posts/{id}"), None).await;
    for rec in [&r, &got] {
        assert_eq!(rec["views"], json!(42), "integer stays an integer: {rec}");
        assert!(rec["views"].is_i64());
        assert_eq!(rec["score"].as_f64(), Some(2.5));
        assert_eq!(rec["published"], json!(true), "boolean stays a boolean");
        assert_eq!(rec["meta"], body["meta"], "json stays json");
        assert_eq!(rec["due"], "2026-02-07T22:00:00.000Z");
        assert_eq!(rec["day"], "2026-02-07");
        assert_eq!(rec["ref"], body["ref"]);
        assert_eq!(rec["contact"], "ann@example.com");
        assert_eq!(rec["site"], body["site"]);
        assert_eq!(rec["status"], "live");
        assert_eq!(rec["author"], author["id"]);
        let emb: Vec<f64> = rec["embedding"]
            .as_array()
            .unwrap_or_else(|| panic!("vector is a JSON array: {rec}"))
            .iter()
            .map(|x| x.as_f64().expect("number"))
            .collect();
        assert_eq!(emb, vec![0.25, -1.5, 3.0]);
    }
    // A JSON field takes any JSON value.
    for v in [json!([1, 2]), json!("str"), json!(3), json!(false)] {
        let (st, u) = s
            .anon(
                "PATCH",
                &format!("/api/v1/posts/{id}"),
                Some(json!({"meta": v})),
            )
            .await;
        assert_eq!(st, 200, "{u}");
        assert_eq!(u["meta"], v);
    }
    // Integers keep every digit.
    let (st, u) = s
        .anon(
            "PATCH",
            &format!("/api/v1/posts/{id}"),
            Some(json!({"views": 9007199254740993_i64})),
        )
        .await;
    assert_eq!((st, u["views"].clone()), (200, json!(9007199254740993_i64)));
    // An integer-valued float is accepted for an integer field.
    let (st, u) = s
        .anon(
            "PATCH",
            &format!("/api/v1/posts/{id}"),
            Some(json!({"views": 7.0})),
        )
        .await;
    assert_eq!((st, u["views"].clone()), (200, json!(7)));
}

async fn required_and_unique(s: &TestServer) {
    setup(s).await;
    refused(
        s,
        "POST",
        "/api/v1/posts",
        json!({"body": "no title"}),
        400,
        &["title"],
    )
    .await;
    refused(
        s,
        "POST",
        "/api/v1/posts",
        json!({"title": null}),
        400,
        &["title"],
    )
    .await;
    refused(s, "POST", "/api/v1/posts", json!({}), 400, &["title"]).await;
    create_record(s, "posts", json!({"title": "a", "code": "U1"})).await;
    refused(
        s,
        "POST",
        "/api/v1/posts",
        json!({"title": "b", "code": "U1"}),
        409,
        &["code"],
    )
    .await;
    let b = create_record(s, "posts", json!({"title": "b", "code": "U2"})).await;
    let path = format!("/api/v1/posts/{}", b["id"].as_str().expect("id"));
    refused(s, "PATCH", &path, json!({"code": "U1"}), 409, &["code"]).await;
    // Null is not a duplicate.
    create_record(s, "posts", json!({"title": "c"})).await;
    create_record(s, "posts", json!({"title": "d"})).await;
    assert_eq!(all_records(s, "posts").await.len(), 4);
}

async fn min_max_pattern_select_formats(s: &TestServer) {
    setup(s).await;
    let cases = [
        ("slug", json!("a")),
        ("slug", json!("abcdefghijk")),
        ("slug", json!("Bad Slug")),
        ("rating", json!(0)),
        ("rating", json!(6)),
        ("status", json!("other")),
        ("status", json!("LIVE")),
        ("contact", json!("not-an-email")),
        ("contact", json!("a@b")),
        ("contact", json!("a b@c.com")),
        ("contact", json!("@example.com")),
        ("site", json!("notaurl")),
        ("site", json!("ftp://example.com")),
        ("site", json!("http://")),
    ];
    for (f, v) in cases {
        let mut body = json!({"title": "ok"});
        body[f] = v;
        refused(s, "POST", "/api/v1/posts", body, 400, &[f]).await;
    }
    for (f, v) in [
        ("slug", json!("ab")),
        ("slug", json!("abcdefghij")),
        ("rating", json!(1)),
        ("rating", json!(5)),
        ("status", json!("draft")),
        ("contact", json!("x.y+z@sub.example.org")),
        ("site", json!("http://localhost:8090/path")),
    ] {
        let mut body = json!({"title": "ok"});
        body[f] = v.clone();
        let r = create_record(s, "posts", body).await;
        assert_eq!(r[f], v);
    }
}

async fn malformed_bodies(s: &TestServer) {
    setup(s).await;
    create_record(s, "posts", json!({"title": "existing"})).await;
    let before = all_records(s, "posts").await;
    let json_ct = [("content-type", "application/json")];
    type Case<'a> = (&'a [(&'a str, &'a str)], Vec<u8>, u16);
    let cases: Vec<Case> = vec![
        (&json_ct, b"{\"title\": ".to_vec(), 400),
        (&json_ct, b"not json".to_vec(), 400),
        (&json_ct, b"{\"title\": \"a\",}".to_vec(), 400),
        (&json_ct, b"".to_vec(), 400),
        (&json_ct, b"[{\"title\": \"a\"}]".to_vec(), 400),
        (&json_ct, b"\"title\"".to_vec(), 400),
        (&json_ct, b"null".to_vec(), 400),
        (&json_ct, b"42".to_vec(), 400),
        (
            &[("content-type", "text/plain")],
            b"{\"title\": \"a\"}".to_vec(),
            415,
        ),
        (
            &[("content-type", "application/x-www-form-urlencoded")],
            b"title=a".to_vec(),
            415,
        ),
        (
            &[("content-type", "multipart/form-data; boundary=x")],
            b"--x--".to_vec(),
            415,
        ),
    ];
    for (headers, body, status) in cases {
        for path in ["/api/v1/posts", "/api/v1/admin/collections/posts/records"] {
            let mut h = headers.to_vec();
            h.push(("authorization", "Bearer test-admin-token"));
            let (st, b) = raw(s, "POST", path, &h, Some(body.clone())).await;
            assert_eq!(
                st,
                status,
                "{path} {headers:?} {}: {b}",
                String::from_utf8_lossy(&body)
            );
            assert_envelope(st, &b, status);
        }
    }
    // JSON with parameters or in another case is still JSON.
    for ct in [
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/merge-patch+json",
    ] {
        let body = json!({"title": format!("ct {ct}")})
            .to_string()
            .into_bytes();
        let (st, b) = raw(
            s,
            "POST",
            "/api/v1/posts",
            &[("content-type", ct)],
            Some(body),
        )
        .await;
        assert_eq!(st, 201, "{ct}: {b}");
        let id = b["id"].as_str().expect("id").to_string();
        let (st, _) = s
            .admin(
                "DELETE",
                &format!("/api/v1/admin/collections/posts/records/{id}"),
                None,
            )
            .await;
        assert_eq!(st, 204);
    }
    // Over the 64 KiB limit: 413.
    let big = json!({"title": "x".repeat(70 * 1024)})
        .to_string()
        .into_bytes();
    let (st, b) = raw(s, "POST", "/api/v1/posts", &json_ct, Some(big.clone())).await;
    assert_envelope(st, &b, 413);
    let id = before[0]["id"].as_str().expect("id");
    let (st, b) = raw(
        s,
        "PATCH",
        &format!("/api/v1/posts/{id}"),
        &json_ct,
        Some(big),
    )
    .await;
    assert_envelope(st, &b, 413);
    // Just under the limit is fine.
    let ok = json!({"title": "y".repeat(60 * 1024)})
        .to_string()
        .into_bytes();
    let (st, b) = raw(s, "POST", "/api/v1/posts", &json_ct, Some(ok)).await;
    assert_eq!(st, 201, "{}", b["error"]);
    let after = all_records(s, "posts").await;
    assert_eq!(after.len(), 2);
    assert_eq!(
        after.iter().find(|r| r["id"] == before[0]["id"]),
        Some(&before[0])
    );
}
