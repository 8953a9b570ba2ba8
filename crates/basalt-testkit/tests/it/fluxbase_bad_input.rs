//! Hostile input on the Fluxbase surface: injection strings in filter
//! values, column names, `order`, `select`, `columns` and `Range`, and
//! malformed filters, each answered with 400 or a normal answer — never a
//! 500 — and none changing stored data. Rules bind as on BunBase.

use crate::fluxbase_http::*;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    injection_strings_are_inert,
    malformed_filters_are_400,
    rules_bind_on_tables,
);

/// Strings that would change a query if spliced into SQL text.
pub const INJECTIONS: &[&str] = &[
    "x' OR '1'='1",
    "x'; DROP TABLE people; --",
    "\"; DROP TABLE people; --",
    "1; DELETE FROM people",
    "1) OR (1=1",
    "name\" FROM people; --",
    "') UNION SELECT * FROM sqlite_master --",
    "%' OR 1=1 --",
    "\\'; DROP TABLE people; --",
    "*/ DROP TABLE people /*",
    "🙂' OR ''='",
];

async fn injection_strings_are_inert(s: &TestServer) {
    seed_people(s).await;
    let before = snapshot(s, "people").await;
    for inj in INJECTIONS {
        let e = enc(inj);
        let paths = [
            format!("/api/v1/tables/people?name=eq.{e}"),
            format!("/api/v1/tables/people?name.eq={e}"),
            format!("/api/v1/tables/people?name=like.{e}"),
            format!("/api/v1/tables/people?name=ilike.{e}"),
            format!("/api/v1/tables/people?name=in.({e},x)"),
            format!("/api/v1/tables/people?name=in.(%22{e}%22)"),
            format!("/api/v1/tables/people?or=(name.eq.{e},age.gt.100)"),
            format!("/api/v1/tables/people?age=eq.{e}"),
            format!("/api/v1/tables/people?{e}=eq.1"),
            format!("/api/v1/tables/people?order={e}"),
            format!("/api/v1/tables/people?order=age.{e}"),
            format!("/api/v1/tables/people?select={e}"),
            format!("/api/v1/tables/people?select=name,{e}"),
            format!("/api/v1/tables/people?select={e}:name"),
            format!("/api/v1/tables/{e}"),
            format!("/api/v1/tables/people/{e}"),
        ];
        for path in &paths {
            let a = get(s, path).await;
            assert!(
                a.status == 200 || (400..500).contains(&a.status),
                "{path}: {} {}",
                a.status,
                a.text
            );
            if a.status == 200 {
                // Only a literal match could come back: nobody has these names.
                let empty = a.body == json!([]) || a.body.is_object();
                assert!(empty, "{path}: {}", a.text);
            } else {
                assert_4xx(a.status, &a.body);
            }
        }
        // Writes with hostile filters, select and columns.
        for (method, path, body) in [
            (
                "PATCH",
                format!("/api/v1/tables/people?name=eq.{e}"),
                Some(json!({"age": 1})),
            ),
            ("DELETE", format!("/api/v1/tables/people?name=eq.{e}"), None),
            (
                "PATCH",
                format!("/api/v1/tables/people?{e}=eq.1"),
                Some(json!({"age": 1})),
            ),
            ("DELETE", format!("/api/v1/tables/people?or=({e})"), None),
            (
                "POST",
                format!("/api/v1/tables/people?columns={e}"),
                Some(json!([{"name": "n"}])),
            ),
            (
                "POST",
                format!("/api/v1/tables/people?select={e}"),
                Some(json!({"name": "n"})),
            ),
            (
                "PATCH",
                format!("/api/v1/tables/people?age=eq.1&select={e}"),
                Some(json!({"age": 2})),
            ),
        ] {
            let a = flux(s, method, &path, &[], body, false).await;
            assert!(
                a.status == 200 || (400..500).contains(&a.status),
                "{method} {path}: {} {}",
                a.status,
                a.text
            );
            if a.status == 200 {
                assert_eq!(a.body, json!([]), "{method} {path}");
            }
        }
        if inj.is_ascii() {
            let a = flux(
                s,
                "GET",
                "/api/v1/tables/people",
                &[("Range", inj)],
                None,
                false,
            )
            .await;
            assert_envelope(a.status, &a.body, 400);
        }
        // A hostile value stored and read back verbatim.
        let a = flux(
            s,
            "POST",
            "/api/v1/tables/people",
            &[("Prefer", "return=representation")],
            Some(json!({"name": inj})),
            true,
        )
        .await;
        assert_eq!(a.status, 201, "{}", a.text);
        let a = get(s, &format!("/api/v1/tables/people?name=eq.{e}&select=name")).await;
        assert_eq!(a.body, json!([{"name": inj}]), "{inj}");
        let a = flux(
            s,
            "DELETE",
            &format!("/api/v1/tables/people?name=eq.{e}"),
            &[],
            None,
            true,
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.text);
    }
    let after: Vec<Value> = snapshot(s, "people")
        .await
        .into_iter()
        .filter(|r| r["deleted_at"].is_null())
        .collect();
    assert_eq!(after, before);
}

async fn malformed_filters_are_400(s: &TestServer) {
    seed_people(s).await;
    let before = snapshot(s, "people").await;
    for q in [
        "age=18",
        "age=eq",
        "age=between.1.2",
        "age=in.1,2",
        "age=in.(1,2",
        "age=is.maybe",
        "age=fts.x",
        "or=age.eq.1",
        "or=()",
        "or=(age.eq.1",
        "or=(age)",
        "and=(age.eq.1))",
        "not.or=x",
        "age.=1",
        "a-b=eq.1",
        "age=eq.notanumber",
        "score=gt.high",
        "active=eq.perhaps",
        "age=eq(any).{}",
        "limit=-5",
        "offset=x",
    ] {
        let a = get(s, &format!("/api/v1/tables/people?{q}")).await;
        assert_envelope(a.status, &a.body, 400);
        let a = flux(
            s,
            "PATCH",
            &format!("/api/v1/tables/people?{q}"),
            &[],
            Some(json!({"age": 1})),
            false,
        )
        .await;
        assert_envelope(a.status, &a.body, 400);
        let a = flux(
            s,
            "DELETE",
            &format!("/api/v1/tables/people?{q}"),
            &[],
            None,
            false,
        )
        .await;
        assert_envelope(a.status, &a.body, 400);
    }
    let deep = format!("or=({}age.eq.1{})", "and(".repeat(50), ")".repeat(50));
    let a = get(s, &format!("/api/v1/tables/people?{deep}")).await;
    assert_envelope(a.status, &a.body, 400);
    for (body, ct) in [
        ("{", "application/json"),
        ("x", "text/plain"),
        ("", "application/json"),
    ] {
        let a = raw(
            s,
            "POST",
            "/api/v1/tables/people",
            &[("Content-Type", ct)],
            Some(body.as_bytes().to_vec()),
        )
        .await;
        assert_4xx(a.0, &a.1);
    }
    assert_eq!(snapshot(s, "people").await, before);
}

async fn rules_bind_on_tables(s: &TestServer) {
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
    let before = snapshot(s, "notes").await;
    // The list rule filters silently; the view rule hides (404).
    let a = get(s, "/api/v1/tables/notes").await;
    assert_eq!(a.body.as_array().map(Vec::len), Some(1));
    assert_eq!(a.body[0]["title"], "public");
    let a = get(s, "/api/v1/tables/notes?title=eq.draft").await;
    assert_eq!(a.body, json!([]));
    let a = flux(s, "HEAD", "/api/v1/tables/notes", &[], None, false).await;
    assert_eq!(a.header("content-range"), Some("0-0/1"));
    let a = get(s, &format!("/api/v1/tables/notes/{hid}")).await;
    assert_envelope(a.status, &a.body, 404);
    // null rules: 401 for anonymous callers, whatever the route.
    for (method, path, body) in [
        (
            "POST",
            "/api/v1/tables/notes".to_string(),
            Some(json!({"title": "x"})),
        ),
        (
            "POST",
            "/api/v1/tables/notes".to_string(),
            Some(json!([{"title": "x"}])),
        ),
        (
            "DELETE",
            "/api/v1/tables/notes?title=eq.public".to_string(),
            None,
        ),
        ("DELETE", format!("/api/v1/tables/notes/{hid}"), None),
    ] {
        let a = flux(s, method, &path, &[], body, false).await;
        assert_envelope(a.status, &a.body, 401);
    }
    // The update rule narrows bulk updates and hides records by id.
    let a = flux(
        s,
        "PATCH",
        "/api/v1/tables/notes?title=eq.draft",
        &[("Prefer", "return=representation")],
        Some(json!({"title": "changed"})),
        false,
    )
    .await;
    assert_eq!(a.body, json!([]));
    for method in ["PATCH", "PUT"] {
        let a = flux(
            s,
            method,
            &format!("/api/v1/tables/notes/{hid}"),
            &[],
            Some(json!({"title": "changed"})),
            false,
        )
        .await;
        assert_envelope(a.status, &a.body, 404);
    }
    assert_eq!(snapshot(s, "notes").await, before);
    // The admin bypasses every rule.
    let a = flux(s, "GET", "/api/v1/tables/notes", &[], None, true).await;
    assert_eq!(a.body.as_array().map(Vec::len), Some(2));
    let a = flux(
        s,
        "DELETE",
        "/api/v1/tables/notes?title=eq.draft",
        &[],
        None,
        true,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
}
