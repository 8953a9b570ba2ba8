//! Error mapping, admin scripts and introspection of the PostgreSQL engine.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use basalt_engine::{Engine, Sql};
use basalt_engine_pg::PgEngine;
use basalt_types::{ErrorKind, Value};
use common::{fresh, script, sql, text};

async fn constraint_db() -> PgEngine {
    let engine = fresh().await;
    script(
        &engine,
        "CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE,
             ref uuid);
         CREATE TABLE posts (id serial PRIMARY KEY, title text NOT NULL,
             author bigint REFERENCES users(id), n int CHECK (n > 0));
         CREATE TABLE pairs (a int, b int, UNIQUE (a, b));
         INSERT INTO users (email) VALUES ('a@x');
         INSERT INTO pairs VALUES (1, 2);",
    )
    .await;
    engine
}

async fn write_err(engine: &PgEngine, statement: Sql) -> basalt_types::Error {
    let mut tx = engine.begin().await.unwrap();
    tx.execute(statement).await.err().unwrap()
}

#[tokio::test]
async fn unique_violation_is_conflict() {
    let engine = constraint_db().await;
    let err = write_err(
        &engine,
        Sql::raw("INSERT INTO users (email) VALUES ('a@x')"),
    )
    .await;
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(err.message, "value must be unique: email");
    assert_eq!(err.data["email"]["code"], "validation_not_unique");
    assert_eq!(err.data["email"]["message"], "value must be unique");
    let err = write_err(
        &engine,
        Sql::raw("INSERT INTO users (id, email) VALUES (1, 'b@x')"),
    )
    .await;
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(err.data.contains_key("id"));
    let err = write_err(&engine, Sql::raw("INSERT INTO pairs VALUES (1, 2)")).await;
    assert_eq!(err.message, "value must be unique: a, b");
    assert!(err.data.contains_key("a") && err.data.contains_key("b"));
}

#[tokio::test]
async fn not_null_violation_names_the_column() {
    let engine = constraint_db().await;
    let err = write_err(&engine, Sql::raw("INSERT INTO posts (title) VALUES (NULL)")).await;
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert_eq!(err.message, "cannot be blank: title");
    assert_eq!(err.data["title"]["code"], "validation_required");
}

#[tokio::test]
async fn foreign_key_and_check_violations_are_bad_requests() {
    let engine = constraint_db().await;
    let err = write_err(
        &engine,
        Sql::raw("INSERT INTO posts (title, author) VALUES ('t', 99)"),
    )
    .await;
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert_eq!(err.message, "foreign key constraint failed");
    assert_eq!(err.data["constraint"], "foreign_key");
    assert_eq!(err.data["code"], "foreign_key_violation");
    let err = write_err(
        &engine,
        Sql::raw("INSERT INTO posts (title, n) VALUES ('t', 0)"),
    )
    .await;
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert_eq!(err.data["constraint"], "check");
}

#[tokio::test]
async fn bad_parameters_are_bad_requests() {
    let engine = constraint_db().await;
    let err = write_err(
        &engine,
        sql(
            "INSERT INTO users (email, ref) VALUES ($1, $2)",
            vec![text("b@x"), text("not-a-uuid")],
        ),
    )
    .await;
    assert_eq!(err.kind, ErrorKind::BadRequest, "{err}");
    assert_eq!(err.message, "invalid input for a uuid parameter");
    let err = engine
        .query(sql(
            "SELECT * FROM posts WHERE n = $1",
            vec![Value::Int(1 << 40)],
        ))
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::BadRequest, "{err}");
    let err = engine
        .query(sql("SELECT $1::numeric", vec![text("abc")]))
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::BadRequest, "{err}");
}

#[tokio::test]
async fn bad_sql_is_bad_request() {
    let engine = fresh().await;
    for text in [
        "SELEC 1",
        "SELECT * FROM nope",
        "SELECT nope FROM _basalt_meta",
        "SELECT nope(1)",
        "SELECT 1 / 0",
    ] {
        let err = engine.query(Sql::raw(text)).await.err().unwrap();
        assert_eq!(err.kind, ErrorKind::BadRequest, "{text}: {err}");
    }
    let err = engine.run_script("SELECT * FROM nope").await.err().unwrap();
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert!(err.message.contains("does not exist"), "{err}");
    let err = engine
        .run_script("CREATE TABLE _basalt_meta (a int)")
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::Conflict, "{err}");
}

#[tokio::test]
async fn run_script_returns_rows_and_counts() {
    let engine = fresh().await;
    let out = engine
        .run_script(
            "CREATE TABLE t (id serial PRIMARY KEY, name text, score double precision);
             INSERT INTO t (name, score) VALUES ('a', 1.5);
             INSERT INTO t (name, score) VALUES ('b', NULL);
             SELECT 1 AS first;
             SELECT id, name, score FROM t ORDER BY id;",
        )
        .await
        .unwrap();
    assert_eq!(out.rows_affected, 2);
    assert_eq!(out.rows.len(), 2);
    assert_eq!(
        serde_json::Value::Object(out.rows[0].clone()),
        serde_json::json!({"id": "1", "name": "a", "score": "1.5"})
    );
    assert_eq!(out.rows[1]["score"], serde_json::Value::Null);
    let empty = engine
        .run_script("SELECT * FROM t WHERE false")
        .await
        .unwrap();
    assert!(empty.rows.is_empty());
    let updated = engine.run_script("UPDATE t SET name = 'z'").await.unwrap();
    assert_eq!(updated.rows_affected, 2);
    let dropped = engine.run_script("DROP TABLE t").await.unwrap();
    assert_eq!(dropped.rows_affected, 0);
    assert!(dropped.rows.is_empty());
    assert!(engine.introspect().await.unwrap().is_empty());
}

#[tokio::test]
async fn failing_script_changes_nothing() {
    let engine = fresh().await;
    let err = engine
        .run_script("CREATE TABLE t (id int); INSERT INTO missing VALUES (1);")
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert!(engine.introspect().await.unwrap().is_empty());
    script(&engine, "CREATE TABLE t (id int)").await;
    assert_eq!(engine.introspect().await.unwrap().len(), 1);
}
