//! `POST /api/v1/admin/sql`: tables made by SQL are served by the record
//! routes with their own primary key type; bad SQL changes nothing.

use crate::support::*;
use basalt_testkit::{EngineKind, TestServer};

both_engines!(
    integer_pk_table_is_served,
    admin_record_routes_on_sql_table,
    select_returns_rows,
    bad_sql_changes_nothing,
    empty_or_malformed_sql_body,
    text_pk_table_is_served,
    untyped_tables_are_served,
);

async fn sql(s: &TestServer, text: &str) -> Value {
    let (st, b) = s
        .admin("POST", "/api/v1/admin/sql", Some(json!({"sql": text})))
        .await;
    assert_eq!(st, 200, "{text}: {b}");
    assert!(b["rows"].is_array(), "{b}");
    assert!(b["rows_affected"].is_u64(), "{b}");
    b
}

async fn open_rules_on(s: &TestServer, name: &str) {
    let (st, b) = s
        .admin(
            "PATCH",
            &format!("/api/v1/admin/collections/{name}"),
            Some(json!({"rules": open_rules()})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
}

/// An integer-keyed table with a generated key, in each engine's own SQL.
fn items(s: &TestServer) -> &'static str {
    match s.engine {
        EngineKind::Sqlite => {
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER DEFAULT 0)"
        }
        EngineKind::Postgres => {
            "CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT NOT NULL, qty INTEGER DEFAULT 0)"
        }
    }
}

async fn integer_pk_table_is_served(s: &TestServer) {
    let b = sql(s, items(s)).await;
    assert_eq!(b["rows"], json!([]));
    let c = collection(s, "items").await;
    assert_eq!(c["primary_key"], "id");
    assert_eq!(field(&c, "qty").expect("qty")["type"], "integer");
    // Admin only until the rules are opened.
    let (st, b) = s.anon("GET", "/api/v1/items", None).await;
    assert_envelope(st, &b, 401);
    open_rules_on(s, "items").await;
    let (st, a) = s
        .anon(
            "POST",
            "/api/v1/items",
            Some(json!({"name": "a", "qty": 2})),
        )
        .await;
    assert_eq!(st, 201, "{a}");
    assert!(a["id"].is_i64(), "integer id: {a}");
    assert_eq!(a["name"], "a");
    assert_eq!(a["qty"], 2);
    let (st, bb) = s
        .anon("POST", "/api/v1/items", Some(json!({"name": "b"})))
        .await;
    assert_eq!(st, 201, "{bb}");
    assert_eq!(bb["qty"], 0, "column default applies: {bb}");
    let (aid, bid) = (
        a["id"].as_i64().expect("id"),
        bb["id"].as_i64().expect("id"),
    );
    assert_ne!(aid, bid);
    let (st, got) = s.anon("GET", &format!("/api/v1/items/{aid}"), None).await;
    assert_eq!(st, 200, "{got}");
    assert_eq!(got, a);
    let (st, list) = s.anon("GET", "/api/v1/items?sort=id", None).await;
    assert_eq!(st, 200);
    assert_eq!(names_of(&list, "name"), vec!["a", "b"]);
    assert_eq!(list["totalItems"], 2);
    let (st, up) = s
        .anon(
            "PATCH",
            &format!("/api/v1/items/{aid}"),
            Some(json!({"qty": 5})),
        )
        .await;
    assert_eq!(st, 200, "{up}");
    assert_eq!(up["qty"], 5);
    assert_eq!(up["name"], "a");
    let (st, f) = s
        .anon(
            "GET",
            &format!("/api/v1/items?filter={}", enc("qty >= 5")),
            None,
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(names_of(&f, "name"), vec!["a"]);
    let (st, c) = s.anon("GET", "/api/v1/items/count", None).await;
    assert_eq!((st, c), (200, json!({"count": 2})));
    let (st, f) = s.anon("GET", "/api/v1/items?search=b", None).await;
    assert_eq!(st, 200, "{f}");
    assert_eq!(names_of(&f, "name"), vec!["b"]);
    // A client-chosen integer id, then the same id again.
    let (st, ten) = s
        .anon(
            "POST",
            "/api/v1/items",
            Some(json!({"id": 10, "name": "ten"})),
        )
        .await;
    assert_eq!(st, 201, "{ten}");
    assert_eq!(ten["id"], 10);
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/items",
            Some(json!({"id": 10, "name": "again"})),
        )
        .await;
    assert_envelope(st, &b, 409);
    // Bad input.
    for body in [
        json!({"qty": 1}),
        json!({"name": null}),
        json!({"name": 5}),
        json!({"name": "x", "qty": "many"}),
        json!({"name": "x", "ghost": 1}),
    ] {
        let (st, b) = s.anon("POST", "/api/v1/items", Some(body.clone())).await;
        assert_envelope(st, &b, 400);
    }
    for path in [
        "/api/v1/items/abc",
        "/api/v1/items/999",
        "/api/v1/items/1.5",
    ] {
        let (st, b) = s.anon("GET", path, None).await;
        assert_envelope(st, &b, 404);
    }
    let (st, b) = s
        .anon("DELETE", &format!("/api/v1/items/{bid}"), None)
        .await;
    assert_eq!(st, 204, "{b}");
    let (st, b) = s.anon("GET", &format!("/api/v1/items/{bid}"), None).await;
    assert_envelope(st, &b, 404);
    let rows = sql(s, "SELECT id, name, qty FROM items ORDER BY id").await;
    assert_eq!(
        rows["rows"],
        json!([{"id": aid, "name": "a", "qty": 5}, {"id": 10, "name": "ten", "qty": 0}])
    );
}

async fn admin_record_routes_on_sql_table(s: &TestServer) {
    sql(s, items(s)).await;
    let base = "/api/v1/admin/collections/items/records";
    let (st, c) = s
        .admin("POST", base, Some(json!({"name": "c", "qty": 3})))
        .await;
    assert_eq!(st, 201, "{c}");
    let id = c["id"].as_i64().expect("integer id");
    let (st, got) = s.admin("GET", &format!("{base}/{id}"), None).await;
    assert_eq!((st, &got), (200, &c));
    let (st, up) = s
        .admin(
            "PATCH",
            &format!("{base}/{id}"),
            Some(json!({"name": "c2"})),
        )
        .await;
    assert_eq!(st, 200, "{up}");
    assert_eq!(up["name"], "c2");
    assert_eq!(up["qty"], 3);
    let (st, list) = s.admin("GET", base, None).await;
    assert_eq!(st, 200);
    assert_eq!(names_of(&list, "name"), vec!["c2"]);
    let (st, b) = s.admin("DELETE", &format!("{base}/{id}"), None).await;
    assert_eq!(st, 204, "{b}");
    let (st, b) = s.admin("GET", &format!("{base}/{id}"), None).await;
    assert_envelope(st, &b, 404);
    let (st, b) = s.admin("DELETE", &format!("{base}/{id}"), None).await;
    assert_envelope(st, &b, 404);
    assert!(all_records(s, "items").await.is_empty());
}

async fn select_returns_rows(s: &TestServer) {
    sql(s, items(s)).await;
    let ins = sql(
        s,
        "INSERT INTO items (name, qty) VALUES ('p', 1), ('q', 2), ('r', 3)",
    )
    .await;
    assert_eq!(ins["rows_affected"], 3);
    let sel = sql(
        s,
        "SELECT name, qty FROM items WHERE qty >= 2 ORDER BY name",
    )
    .await;
    assert_eq!(
        sel["rows"],
        json!([{"name": "q", "qty": 2}, {"name": "r", "qty": 3}])
    );
    let agg = sql(s, "SELECT count(*) AS n, sum(qty) AS total FROM items").await;
    assert_eq!(agg["rows"], json!([{"n": 3, "total": 6}]));
    // Rows written by SQL are served by the record routes.
    let (st, list) = s.admin("GET", "/api/v1/items?sort=-qty", None).await;
    assert_eq!(st, 200);
    assert_eq!(names_of(&list, "name"), vec!["r", "q", "p"]);
}

async fn bad_sql_changes_nothing(s: &TestServer) {
    sql(s, items(s)).await;
    sql(s, "INSERT INTO items (name, qty) VALUES ('keep', 1)").await;
    let names_before = collection_names(s).await;
    let rows_before = all_records(s, "items").await;
    for text in [
        "CREATE TABLE (",
        "SELEC 1",
        "INSERT INTO missing VALUES (1)",
        "SELECT nope FROM items",
        "CREATE TABLE t1 (id INTEGER PRIMARY KEY); INSERT INTO t1 VALUES (1); CREATE TABLE (",
        "INSERT INTO items (name) VALUES ('z'); INSERT INTO items (ghost) VALUES (1)",
        "UPDATE items SET qty = 99; SELECT * FROM nowhere",
        "DELETE FROM items; DROP TABLE nowhere",
        "DROP TABLE items; SELEC 1",
    ] {
        let (st, b) = s
            .admin("POST", "/api/v1/admin/sql", Some(json!({"sql": text})))
            .await;
        assert_eq!(st, 400, "{text}: {b}");
        assert_envelope(st, &b, 400);
    }
    // Constraint failures are client errors too.
    for text in [
        "INSERT INTO items (name) VALUES (NULL)",
        "UPDATE items SET name = NULL",
    ] {
        let (st, b) = s
            .admin("POST", "/api/v1/admin/sql", Some(json!({"sql": text})))
            .await;
        assert_4xx(st, &b);
    }
    assert_eq!(collection_names(s).await, names_before);
    assert_eq!(all_records(s, "items").await, rows_before);
    let (st, b) = s.admin("GET", "/api/v1/t1", None).await;
    assert_envelope(st, &b, 404);
}

async fn empty_or_malformed_sql_body(s: &TestServer) {
    sql(s, items(s)).await;
    for body in [
        json!({"sql": ""}),
        json!({"sql": "   \n"}),
        json!({}),
        json!({"sql": null}),
        json!({"sql": 5}),
        json!({"query": "SELECT 1"}),
        json!({"sql": "SELECT 1", "extra": true}),
        json!(["SELECT 1"]),
        json!("SELECT 1"),
    ] {
        let (st, b) = s
            .admin("POST", "/api/v1/admin/sql", Some(body.clone()))
            .await;
        assert_eq!(st, 400, "{body}: {b}");
        assert_envelope(st, &b, 400);
    }
    assert_eq!(collection_names(s).await, vec!["items".to_string()]);
}

async fn text_pk_table_is_served(s: &TestServer) {
    sql(s, "CREATE TABLE codes (code TEXT PRIMARY KEY, label TEXT)").await;
    let c = collection(s, "codes").await;
    assert_eq!(c["primary_key"], "code");
    open_rules_on(s, "codes").await;
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/codes",
            Some(json!({"code": "abc", "label": "x"})),
        )
        .await;
    assert_eq!(st, 201, "{b}");
    assert_eq!(b, json!({"code": "abc", "label": "x"}));
    let (st, b) = s.anon("GET", "/api/v1/codes/abc", None).await;
    assert_eq!((st, b), (200, json!({"code": "abc", "label": "x"})));
    let (st, b) = s
        .anon("PATCH", "/api/v1/codes/abc", Some(json!({"label": "y"})))
        .await;
    assert_eq!((st, b), (200, json!({"code": "abc", "label": "y"})));
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/codes",
            Some(json!({"code": "abc", "label": "dup"})),
        )
        .await;
    assert_envelope(st, &b, 409);
    let (st, b) = s.anon("GET", "/api/v1/codes", None).await;
    assert_eq!(st, 200);
    assert_eq!(b["items"], json!([{"code": "abc", "label": "y"}]));
    let (st, _) = s.anon("DELETE", "/api/v1/codes/abc", None).await;
    assert_eq!(st, 204);
    let (st, b) = s.anon("GET", "/api/v1/codes/abc", None).await;
    assert_envelope(st, &b, 404);
}

async fn untyped_tables_are_served(s: &TestServer) {
    // SQLite allows columns without a type; PostgreSQL needs one.
    let (loose, bare) = match s.engine {
        EngineKind::Sqlite => (
            "CREATE TABLE loose (id INTEGER PRIMARY KEY, a, b)",
            "CREATE TABLE bare (a, b)",
        ),
        EngineKind::Postgres => (
            "CREATE TABLE loose (id BIGSERIAL PRIMARY KEY, a text, b text)",
            "CREATE TABLE bare (a varchar, b varchar)",
        ),
    };
    sql(s, loose).await;
    open_rules_on(s, "loose").await;
    let (st, r) = s
        .anon("POST", "/api/v1/loose", Some(json!({"a": "x", "b": "y"})))
        .await;
    assert_eq!(st, 201, "{r}");
    let id = r["id"].as_i64().expect("integer id");
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/v1/loose?filter={}", enc("a = 'x'")),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(names_of(&b, "b"), vec!["y"]);
    let (st, b) = s
        .anon(
            "PATCH",
            &format!("/api/v1/loose/{id}"),
            Some(json!({"b": "z"})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["b"], "z");
    assert_eq!(b["a"], "x");
    let (st, _) = s.anon("DELETE", &format!("/api/v1/loose/{id}"), None).await;
    assert_eq!(st, 204);
    assert!(all_records(s, "loose").await.is_empty());
    // No primary key at all: list, create and count still work.
    sql(s, bare).await;
    open_rules_on(s, "bare").await;
    let (st, r) = s
        .anon("POST", "/api/v1/bare", Some(json!({"a": "1", "b": "2"})))
        .await;
    assert_eq!(st, 201, "{r}");
    assert_eq!(r, json!({"a": "1", "b": "2"}));
    let (st, b) = s.anon("GET", "/api/v1/bare", None).await;
    assert_eq!(st, 200);
    assert_eq!(b["items"], json!([{"a": "1", "b": "2"}]));
    let (st, b) = s.anon("GET", "/api/v1/bare/count", None).await;
    assert_eq!((st, b), (200, json!({"count": 1})));
}
