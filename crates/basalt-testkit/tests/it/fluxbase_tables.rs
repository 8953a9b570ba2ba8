//! Fluxbase's `/api/v1/tables/{table}` in PostgREST's dialect: reads with
//! `select`, `order`, `limit`/`offset`, `Range`, every filter operator in
//! both spellings, logic trees, counts and `Content-Range`, one-object
//! answers, and pluralised table names.

use crate::fluxbase_http::*;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    list_is_an_array_with_content_range,
    select_and_aliases,
    order_limit_offset_and_range,
    every_operator_in_both_spellings,
    negation_in_lists_and_is,
    logic_trees,
    counts_head_and_empty_ranges,
    one_object_or_406,
    pluralised_names,
    get_by_id,
);

async fn list_is_an_array_with_content_range(s: &TestServer) {
    seed_people(s).await;
    let a = get(s, "/api/v1/tables/people").await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body.as_array().map(Vec::len), Some(6));
    assert_eq!(a.header("content-range"), Some("0-5/*"));
    assert!(a.body[0]["id"].is_string());
    assert_eq!(
        sorted(a.names()),
        ["Ada", "Bob", "Dave", "Eve", "Frank", "carol"]
    );
    // `select=*` (postgrest-js always sends it) is every column.
    let star = get(s, "/api/v1/tables/people?select=*").await;
    assert_eq!(star.body, a.body);
}

async fn select_and_aliases(s: &TestServer) {
    seed_people(s).await;
    let a = get(
        s,
        "/api/v1/tables/people?select=name,age&order=age.asc&limit=2",
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.body,
        json!([{"name": "Dave", "age": 17}, {"name": "Bob", "age": 25}])
    );
    let a = get(
        s,
        "/api/v1/tables/people?select=who:name,%22age%22&age=eq.36",
    )
    .await;
    assert_eq!(a.body, json!([{"who": "Ada", "age": 36}]));
    // Nulls stripped on request.
    let a = flux(
        s,
        "GET",
        "/api/v1/tables/people?select=name,city&name=eq.Dave",
        &[("Accept", "application/vnd.pgrst.array+json;nulls=stripped")],
        None,
        false,
    )
    .await;
    assert_eq!(a.body, json!([{"name": "Dave"}]));
    for bad in [
        "nope",
        "name,nope",
        "author(*)",
        "name::text",
        "data->x",
        "name;drop table people",
        "*,a:name",
    ] {
        let a = get(s, &format!("/api/v1/tables/people?select={}", enc(bad))).await;
        assert_envelope(a.status, &a.body, 400);
    }
}

async fn order_limit_offset_and_range(s: &TestServer) {
    seed_people(s).await;
    let ages = |a: &Answer| -> Vec<i64> {
        a.body
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["age"].as_i64().unwrap_or(-1))
            .collect()
    };
    let a = get(s, "/api/v1/tables/people?order=age.desc").await;
    assert_eq!(ages(&a), [58, 41, 36, 33, 25, 17]);
    let a = get(s, "/api/v1/tables/people?order=age.desc&limit=2&offset=1").await;
    assert_eq!(ages(&a), [41, 36]);
    assert_eq!(a.header("content-range"), Some("1-2/*"));
    // Several columns; NULL placement.
    let a = get(
        s,
        "/api/v1/tables/people?order=city.asc.nullsfirst,age.desc&select=name,age,city",
    )
    .await;
    assert_eq!(a.names(), ["Dave", "Eve", "carol", "Ada", "Frank", "Bob"]);
    let a = get(s, "/api/v1/tables/people?order=city.desc,age.asc").await;
    // Descending puts NULLs first, as PostgreSQL does.
    assert_eq!(a.names()[0], "Dave");
    let a = get(s, "/api/v1/tables/people?order=city.desc.nullslast,age.asc").await;
    assert_eq!(a.names(), ["Bob", "Frank", "Ada", "carol", "Eve", "Dave"]);
    // The Range header pages as limit/offset do.
    let a = flux(
        s,
        "GET",
        "/api/v1/tables/people?order=age.asc",
        &[("Range", "1-3"), ("Range-Unit", "items")],
        None,
        false,
    )
    .await;
    assert_eq!(ages(&a), [25, 33, 36]);
    assert_eq!(a.header("content-range"), Some("1-3/*"));
    let a = flux(
        s,
        "GET",
        "/api/v1/tables/people?order=age.asc",
        &[("Range", "4-")],
        None,
        false,
    )
    .await;
    assert_eq!(ages(&a), [41, 58]);
    for (path, range) in [
        ("/api/v1/tables/people?limit=-1", None),
        ("/api/v1/tables/people?limit=x", None),
        ("/api/v1/tables/people?offset=1.5", None),
        ("/api/v1/tables/people?order=age.sideways", None),
        ("/api/v1/tables/people?order=nope.desc", None),
        ("/api/v1/tables/people?order=age;drop", None),
        ("/api/v1/tables/people", Some("9-1")),
        ("/api/v1/tables/people", Some("a-b")),
    ] {
        let headers: Vec<(&str, &str)> = range.map(|r| ("Range", r)).into_iter().collect();
        let a = flux(s, "GET", path, &headers, None, false).await;
        assert_envelope(a.status, &a.body, 400);
    }
}

async fn every_operator_in_both_spellings(s: &TestServer) {
    seed_people(s).await;
    let cases: &[(&str, &str, &[&str])] = &[
        ("city", "eq.Paris", &["Bob", "Frank"]),
        ("city", "neq.Paris", &["Ada", "Eve", "carol"]),
        ("age", "gt.36", &["Eve", "carol"]),
        ("age", "gte.36", &["Ada", "Eve", "carol"]),
        ("age", "lt.25", &["Dave"]),
        ("age", "lte.25", &["Bob", "Dave"]),
        ("score", "gt.3.25", &["Eve", "Frank"]),
        ("active", "eq.false", &["Frank", "carol"]),
        // like is case-sensitive, ilike is not; `*` stands for `%`.
        ("name", "like.C*", &[]),
        ("name", "like.c*", &["carol"]),
        ("name", "ilike.C*", &["carol"]),
        ("name", "like.%25a%25", &["Ada", "Dave", "Frank", "carol"]),
        ("name", "like._ve", &["Eve"]),
        ("name", "ilike.*A*", &["Ada", "Dave", "Frank", "carol"]),
        ("city", "in.(London,Berlin)", &["Ada", "Eve", "carol"]),
        ("age", "in.(17,58)", &["Dave", "Eve"]),
        ("city", "is.null", &["Dave"]),
        ("active", "is.true", &["Ada", "Bob", "Dave", "Eve"]),
    ];
    for (col, expr, expected) in cases {
        let native = get(s, &format!("/api/v1/tables/people?{col}={expr}")).await;
        assert_eq!(native.status, 200, "{col}={expr}: {}", native.text);
        assert_eq!(sorted(native.names()), *expected, "{col}={expr}");
        let (op, value) = expr.split_once('.').expect("op.value");
        let docs = get(s, &format!("/api/v1/tables/people?{col}.{op}={value}")).await;
        assert_eq!(docs.status, 200, "{col}.{op}={value}: {}", docs.text);
        assert_eq!(sorted(docs.names()), *expected, "{col}.{op}={value}");
    }
    // The whole expression in the key, as Fluxbase's docs write it.
    let a = get(s, "/api/v1/tables/people?city.is.null").await;
    assert_eq!(a.names(), ["Dave"]);
    // Several filters are ANDed.
    let a = get(
        s,
        "/api/v1/tables/people?age=gte.25&age=lte.36&city=eq.Paris",
    )
    .await;
    assert_eq!(sorted(a.names()), ["Bob", "Frank"]);
    // Quantified forms.
    let a = get(s, "/api/v1/tables/people?name=like(any).{A*,E*}").await;
    assert_eq!(sorted(a.names()), ["Ada", "Eve"]);
}

async fn negation_in_lists_and_is(s: &TestServer) {
    seed_people(s).await;
    let cases: &[(&str, &[&str])] = &[
        ("city=not.eq.Paris", &["Ada", "Eve", "carol"]),
        ("city.not.eq=Paris", &["Ada", "Eve", "carol"]),
        ("city=not.in.(Paris,London)", &["Eve"]),
        ("city=not.is.null", &["Ada", "Bob", "Eve", "Frank", "carol"]),
        ("city=is.not.null", &["Ada", "Bob", "Eve", "Frank", "carol"]),
        ("city.is=not.null", &["Ada", "Bob", "Eve", "Frank", "carol"]),
        ("active=not.is.true", &["Frank", "carol"]),
        ("name=not.ilike.*a*", &["Bob", "Eve"]),
        ("city=isdistinct.Paris", &["Ada", "Dave", "Eve", "carol"]),
        // Quoted list values may hold commas and parentheses.
        ("city=in.(%22Par,is%22,Paris)", &["Bob", "Frank"]),
        ("city=in.()", &[]),
    ];
    for (q, expected) in cases {
        let a = get(s, &format!("/api/v1/tables/people?{q}")).await;
        assert_eq!(a.status, 200, "{q}: {}", a.text);
        assert_eq!(sorted(a.names()), *expected, "{q}");
    }
}

async fn logic_trees(s: &TestServer) {
    seed_people(s).await;
    let cases: &[(&str, &[&str])] = &[
        ("or=(age.lt.18,city.eq.Berlin)", &["Dave", "Eve"]),
        (
            "or=(name.eq.Bob,and(age.gt.30,city.eq.Paris))",
            &["Bob", "Frank"],
        ),
        (
            "and=(age.gt.20,or(city.eq.Paris,city.eq.Berlin))",
            &["Bob", "Eve", "Frank"],
        ),
        (
            "not.or=(city.eq.Paris,city.is.null)",
            &["Ada", "Eve", "carol"],
        ),
        (
            "or=(city.in.(Berlin,%22Lon,don%22),age.eq.17)",
            &["Dave", "Eve"],
        ),
        (
            "or=(name.eq.%22Ada%22,name.not.ilike.*a*)",
            &["Ada", "Bob", "Eve"],
        ),
        (
            "age=gt.20&or=(city.eq.London,active.is.false)",
            &["Ada", "Frank", "carol"],
        ),
    ];
    for (q, expected) in cases {
        let a = get(s, &format!("/api/v1/tables/people?{q}")).await;
        assert_eq!(a.status, 200, "{q}: {}", a.text);
        assert_eq!(sorted(a.names()), *expected, "{q}");
    }
}

async fn counts_head_and_empty_ranges(s: &TestServer) {
    seed_people(s).await;
    let a = flux(
        s,
        "GET",
        "/api/v1/tables/people?age=gt.20&order=age.asc&limit=2",
        &[("Prefer", "count=exact")],
        None,
        false,
    )
    .await;
    assert_eq!(a.header("content-range"), Some("0-1/5"));
    assert_eq!(a.body.as_array().map(Vec::len), Some(2));
    let a = flux(s, "HEAD", "/api/v1/tables/people?limit=3", &[], None, false).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-range"), Some("0-2/6"));
    assert!(a.text.is_empty());
    let a = flux(
        s,
        "GET",
        "/api/v1/tables/people?name=eq.nobody",
        &[("Prefer", "count=exact")],
        None,
        false,
    )
    .await;
    assert_eq!(a.body, json!([]));
    assert_eq!(a.header("content-range"), Some("*/0"));
    let a = get(s, "/api/v1/tables/people?name=eq.nobody").await;
    assert_eq!(a.header("content-range"), Some("*/*"));
}

async fn one_object_or_406(s: &TestServer) {
    seed_people(s).await;
    let object = [("Accept", "application/vnd.pgrst.object+json")];
    let a = flux(
        s,
        "GET",
        "/api/v1/tables/people?name=eq.Eve&select=name,age",
        &object,
        None,
        false,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body, json!({"name": "Eve", "age": 58}));
    for q in ["city=eq.Paris", "name=eq.nobody"] {
        let a = flux(
            s,
            "GET",
            &format!("/api/v1/tables/people?{q}"),
            &object,
            None,
            false,
        )
        .await;
        assert_envelope(a.status, &a.body, 406);
    }
}

async fn pluralised_names(s: &TestServer) {
    open_collection(s, "post", json!([{"name": "title", "type": "text"}])).await;
    open_collection(s, "category", json!([{"name": "name", "type": "text"}])).await;
    let a = flux(
        s,
        "POST",
        "/api/v1/tables/posts",
        &[],
        Some(json!({"title": "hello"})),
        false,
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);
    for path in ["/api/v1/tables/posts", "/api/v1/tables/post"] {
        let a = get(s, path).await;
        assert_eq!(a.status, 200, "{path}: {}", a.text);
        assert_eq!(a.body[0]["title"], "hello", "{path}");
    }
    let a = get(s, "/api/v1/tables/categories").await;
    assert_eq!(a.status, 200, "{}", a.text);
    // An exact name always wins.
    open_collection(s, "posts", json!([{"name": "title", "type": "text"}])).await;
    let a = get(s, "/api/v1/tables/posts").await;
    assert_eq!(a.body, json!([]));
    let a = get(s, "/api/v1/tables/nothings").await;
    assert_envelope(a.status, &a.body, 404);
    assert!(a.body["error"].as_str().unwrap_or("").contains("nothings"));
}

async fn get_by_id(s: &TestServer) {
    seed_people(s).await;
    let all = get(s, "/api/v1/tables/people?name=eq.Ada").await;
    let id = all.body[0]["id"].as_str().expect("id").to_string();
    let a = get(s, &format!("/api/v1/tables/people/{id}")).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["name"], "Ada");
    let a = get(
        s,
        &format!("/api/v1/tables/people/{id}?select=name,years:age"),
    )
    .await;
    assert_eq!(a.body, json!({"name": "Ada", "years": 36}));
    let a = get(s, "/api/v1/tables/people/nope").await;
    assert_envelope(a.status, &a.body, 404);
    let a = get(s, &format!("/api/v1/tables/people/{id}?select=nope")).await;
    assert_envelope(a.status, &a.body, 400);
}
