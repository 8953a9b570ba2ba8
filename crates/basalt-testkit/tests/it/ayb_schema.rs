//! AYB's `GET /api/schema`: tables, columns, types, primary keys, foreign
//! keys and relationships, listed as far as the caller may read; and
//! `GET /health`.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(schema_content, schema_follows_rules_and_changes, health);

async fn setup(s: &TestServer) {
    open_collection(
        s,
        "authors",
        json!([{"name": "name", "type": "text", "required": true}]),
    )
    .await;
    open_collection(
        s,
        "posts",
        json!([
            {"name": "title", "type": "text"},
            {"name": "views", "type": "integer", "default": 0},
            {"name": "meta", "type": "json"},
            {"name": "kind", "type": "select", "values": ["a", "b"]},
            {"name": "author_id", "type": "relation", "collection": "authors"}
        ]),
    )
    .await;
}

fn column<'a>(table: &'a Value, name: &str) -> &'a Value {
    table["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name} in {table}"))
}

async fn schema_content(s: &TestServer) {
    setup(s).await;
    let (st, b) = s.anon("GET", "/api/schema", None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["schemas"], json!(["public"]));
    let posts = &b["tables"]["public.posts"];
    assert_eq!(posts["name"], "posts");
    assert_eq!(posts["schema"], "public");
    assert_eq!(posts["kind"], "table");
    assert_eq!(posts["primaryKey"], json!(["id"]));
    let id = column(posts, "id");
    assert_eq!(id["isPrimaryKey"], true);
    assert_eq!(id["nullable"], false);
    assert_eq!(id["position"], 1);
    let views = column(posts, "views");
    assert_eq!(views["type"], "integer");
    assert_eq!(views["jsonType"], "integer");
    assert_eq!(views["default"], 0);
    assert_eq!(views["nullable"], true);
    assert_eq!(column(posts, "meta")["jsonType"], "object");
    assert_eq!(column(posts, "kind")["enumValues"], json!(["a", "b"]));
    assert_eq!(column(posts, "created_at")["type"], "datetime");
    let fks = posts["foreignKeys"].as_array().expect("foreignKeys");
    assert_eq!(fks.len(), 1, "{posts}");
    assert_eq!(fks[0]["columns"], json!(["author_id"]));
    assert_eq!(fks[0]["referencedTable"], "authors");
    assert_eq!(fks[0]["referencedColumns"], json!(["id"]));
    let rel = &posts["relationships"][0];
    assert_eq!(rel["type"], "many-to-one");
    assert_eq!(rel["fieldName"], "author");
    assert_eq!(rel["fromColumns"], json!(["author_id"]));
    assert_eq!(rel["toTable"], "authors");
    let authors = &b["tables"]["public.authors"];
    assert_eq!(column(authors, "name")["nullable"], false);
    let back = &authors["relationships"][0];
    assert_eq!(back["type"], "one-to-many");
    assert_eq!(back["fieldName"], "posts");
    assert_eq!(back["toColumns"], json!(["author_id"]));
    // The names schema lists are the names expand takes.
    let (st, _) = s
        .anon("GET", "/api/collections/authors?expand=posts", None)
        .await;
    assert_eq!(st, 200);
}

async fn schema_follows_rules_and_changes(s: &TestServer) {
    setup(s).await;
    create_collection(
        s,
        json!({"name": "vault", "fields": [{"name": "x", "type": "text"}]}),
    )
    .await;
    let (_, b) = s.anon("GET", "/api/schema", None).await;
    assert!(b["tables"].get("public.vault").is_none(), "{b}");
    let (_, b) = s.admin("GET", "/api/schema", None).await;
    assert!(b["tables"].get("public.vault").is_some());
    // Tables made by SQL appear with their own key types.
    let (st, _) = s
        .admin(
            "POST",
            "/api/v1/admin/sql",
            Some(json!({"sql": "CREATE TABLE gadgets (id INTEGER PRIMARY KEY, label TEXT NOT NULL)"})),
        )
        .await;
    assert_eq!(st, 200);
    let (_, b) = s.admin("GET", "/api/schema", None).await;
    let g = &b["tables"]["public.gadgets"];
    assert_eq!(g["primaryKey"], json!(["id"]));
    assert_eq!(column(g, "id")["type"], "integer");
    assert_eq!(column(g, "label")["nullable"], false);
}

async fn health(s: &TestServer) {
    let (st, b) = s.anon("GET", "/health", None).await;
    assert_eq!(st, 200);
    assert_eq!(b, json!({"status": "ok"}));
}
