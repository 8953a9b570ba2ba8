//! Error mapping, admin scripts and introspection of the SQLite engine.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use basalt_engine::{Engine, Sql};
use basalt_engine_sqlite::SqliteEngine;
use basalt_types::ErrorKind;
use common::{open, script};

async fn constraint_db(dir: &tempfile::TempDir) -> SqliteEngine {
    let engine = open(dir).await;
    script(
        &engine,
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
         CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
             author INTEGER REFERENCES users(id), n INTEGER CHECK (n > 0));
         INSERT INTO users (id, email) VALUES (1, 'a@x');",
    )
    .await;
    engine
}

async fn write_err(engine: &SqliteEngine, text: &str) -> basalt_types::Error {
    let mut tx = engine.begin().await.unwrap();
    tx.execute(Sql::raw(text)).await.err().unwrap()
}

#[tokio::test]
async fn unique_violation_is_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let engine = constraint_db(&dir).await;
    let err = write_err(&engine, "INSERT INTO users (email) VALUES ('a@x')").await;
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(err.message, "value must be unique: email");
    assert_eq!(err.data["email"]["code"], "validation_not_unique");
    let err = write_err(&engine, "INSERT INTO users (id, email) VALUES (1, 'b@x')").await;
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(err.data.contains_key("id"));
}

#[tokio::test]
async fn not_null_violation_names_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let engine = constraint_db(&dir).await;
    let err = write_err(&engine, "INSERT INTO posts (title) VALUES (NULL)").await;
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert_eq!(err.data["title"]["code"], "validation_required");
}

#[tokio::test]
async fn foreign_key_and_check_violations_are_bad_requests() {
    let dir = tempfile::tempdir().unwrap();
    let engine = constraint_db(&dir).await;
    let err = write_err(
        &engine,
        "INSERT INTO posts (title, author) VALUES ('t', 99)",
    )
    .await;
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert_eq!(err.data["constraint"], "foreign_key");
    let err = write_err(&engine, "INSERT INTO posts (title, n) VALUES ('t', 0)").await;
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert_eq!(err.data["constraint"], "check");
}

#[tokio::test]
async fn bad_sql_is_bad_request() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    for text in [
        "SELEC 1",
        "SELECT * FROM nope",
        "SELECT nope FROM _basalt_meta",
    ] {
        let err = engine.query(Sql::raw(text)).await.err().unwrap();
        assert_eq!(err.kind, ErrorKind::BadRequest, "{text}: {err}");
    }
    let err = engine.run_script("SELECT * FROM nope").await.err().unwrap();
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert!(err.message.contains("no such table"), "{err}");
}

#[tokio::test]
async fn run_script_returns_rows_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    let out = engine
        .run_script(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, raw BLOB);
             INSERT INTO t (name, score, raw) VALUES ('a', 1.5, x'00ff');
             INSERT INTO t (name, score) VALUES ('b', NULL);
             SELECT 1 AS first;
             SELECT id, name, score, raw FROM t ORDER BY id;",
        )
        .await
        .unwrap();
    assert_eq!(out.rows_affected, 2);
    assert_eq!(out.rows.len(), 2);
    assert_eq!(
        serde_json::Value::Object(out.rows[0].clone()),
        serde_json::json!({"id": 1, "name": "a", "score": 1.5, "raw": "00ff"})
    );
    assert_eq!(out.rows[1]["score"], serde_json::Value::Null);
    let dropped = engine.run_script("DROP TABLE t").await.unwrap();
    assert_eq!(dropped.rows_affected, 0);
    assert!(dropped.rows.is_empty());
    assert!(engine.introspect().await.unwrap().is_empty());
}

#[tokio::test]
async fn failing_script_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    let err = engine
        .run_script("CREATE TABLE t (id INTEGER); INSERT INTO missing VALUES (1);")
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert!(engine.introspect().await.unwrap().is_empty());
    // The writer still works after the failed script.
    script(&engine, "CREATE TABLE t (id INTEGER)").await;
    assert_eq!(engine.introspect().await.unwrap().len(), 1);
}

#[tokio::test]
async fn introspection_describes_user_tables() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    script(
        &engine,
        "CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE);
         CREATE TABLE posts (
             id INTEGER PRIMARY KEY,
             title VARCHAR(80) NOT NULL DEFAULT 'untitled',
             author TEXT REFERENCES users(id) ON DELETE CASCADE,
             editor TEXT REFERENCES users ON DELETE SET NULL,
             body Text
         );
         CREATE INDEX posts_title ON posts (title, body);
         CREATE VIRTUAL TABLE posts__fts USING fts5(title);",
    )
    .await;
    let tables = engine.introspect().await.unwrap();
    let names: Vec<_> = tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["posts", "users"]);

    let posts = &tables[0];
    let title = &posts.columns[1];
    assert_eq!(title.name, "title");
    assert_eq!(title.decl_type, "varchar(80)");
    assert!(title.not_null);
    assert_eq!(title.default.as_deref(), Some("'untitled'"));
    assert!(!title.primary_key);
    assert!(posts.columns[0].primary_key);
    assert_eq!(posts.columns[4].decl_type, "text");
    assert_eq!(posts.indexes.len(), 1);
    assert_eq!(posts.indexes[0].columns, vec!["title", "body"]);
    assert!(!posts.indexes[0].unique);
    let fks: Vec<_> = posts
        .foreign_keys
        .iter()
        .map(|f| {
            (
                f.column.as_str(),
                f.target_table.as_str(),
                f.target_column.as_str(),
                f.on_delete.as_str(),
            )
        })
        .collect();
    assert_eq!(
        fks,
        vec![
            ("author", "users", "id", "cascade"),
            ("editor", "users", "id", "set_null")
        ]
    );

    let users = &tables[1];
    assert_eq!(
        users.indexes.len(),
        1,
        "only the UNIQUE index, not the pk's"
    );
    assert!(users.indexes[0].unique);
    assert_eq!(users.indexes[0].columns, vec!["email"]);
    assert!(users.foreign_keys.is_empty());
}
