//! Behaviour of the SQLite engine through the `Engine`/`Tx` traits, on a real
//! database file in a temporary directory: opening, migrations,
//! transactions, closing and value conversions.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use basalt_engine::{Dialect, Engine, Sql};
use basalt_engine_sqlite::{SqliteEngine, SqliteOptions};
use basalt_types::{ErrorKind, Value};
use common::{count, open, script, sql};
use std::sync::Arc;

#[tokio::test]
async fn opens_and_pings() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    assert_eq!(engine.dialect(), Dialect::Sqlite);
    engine.ping().await.unwrap();
    assert!(dir.path().join("data/basalt.db").exists());
    let mode = engine.query(Sql::raw("PRAGMA journal_mode")).await.unwrap();
    assert_eq!(mode.scalar(), Some(&Value::Text("wal".into())));
    engine.close().await;
}

#[tokio::test]
async fn unopenable_path_is_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let err = SqliteEngine::open(SqliteOptions::new(dir.path()))
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::Unavailable);
    assert!(err.message.starts_with("cannot open database"), "{err}");
    assert!(!err.message.contains('\n'));
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    engine.close().await;
    let engine = open(&dir).await;
    assert_eq!(
        count(&engine, "_basalt_migrations").await,
        basalt_engine_sqlite::MIGRATIONS.len() as i64
    );
    for table in ["_basalt_meta", "_basalt_collections", "_basalt_settings"] {
        assert_eq!(count(&engine, table).await, 0);
    }
    let row = engine
        .query(Sql::raw("SELECT version, name FROM _basalt_migrations"))
        .await
        .unwrap();
    assert_eq!(
        row.rows[0],
        vec![Value::Int(1), Value::Text("basalt_core".into())]
    );
}

#[tokio::test]
async fn commit_is_visible_to_readers() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    script(&engine, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)").await;
    let mut tx = engine.begin().await.unwrap();
    let n = tx
        .execute(sql(
            "INSERT INTO t (v) VALUES (?)",
            vec![Value::Text("a".into())],
        ))
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        count(&engine, "t").await,
        0,
        "uncommitted rows are invisible"
    );
    tx.commit().await.unwrap();
    assert_eq!(count(&engine, "t").await, 1);
}

#[tokio::test]
async fn dropped_tx_rolls_back() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    script(&engine, "CREATE TABLE t (v TEXT)").await;
    {
        let mut tx = engine.begin().await.unwrap();
        tx.execute(Sql::raw("INSERT INTO t VALUES ('x')"))
            .await
            .unwrap();
    }
    assert_eq!(count(&engine, "t").await, 0);
    // The writer is usable again afterwards.
    let mut tx = engine.begin().await.unwrap();
    tx.execute(Sql::raw("INSERT INTO t VALUES ('y')"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(count(&engine, "t").await, 1);
}

#[tokio::test]
async fn explicit_rollback() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    script(&engine, "CREATE TABLE t (v TEXT)").await;
    let mut tx = engine.begin().await.unwrap();
    tx.execute(Sql::raw("INSERT INTO t VALUES ('x')"))
        .await
        .unwrap();
    let seen = tx.query(Sql::raw("SELECT count(*) FROM t")).await.unwrap();
    assert_eq!(seen.scalar(), Some(&Value::Int(1)));
    tx.rollback().await.unwrap();
    assert_eq!(count(&engine, "t").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writes_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(open(&dir).await);
    script(&engine, "CREATE TABLE t (n INTEGER)").await;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let engine = engine.clone();
            tokio::spawn(async move {
                let mut tx = engine.begin().await?;
                tx.execute(sql("INSERT INTO t VALUES (?)", vec![Value::Int(i)]))
                    .await?;
                tx.commit().await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(count(&engine, "t").await, 20);
}

#[tokio::test]
async fn execute_counts_and_returning() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    let mut tx = engine.begin().await.unwrap();
    let ddl = tx
        .execute(Sql::raw("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
        .await
        .unwrap();
    assert_eq!(ddl, 0);
    tx.execute(Sql::raw("INSERT INTO t (v) VALUES ('a'), ('b')"))
        .await
        .unwrap();
    let ddl = tx
        .execute(Sql::raw("CREATE INDEX t_v ON t (v)"))
        .await
        .unwrap();
    assert_eq!(ddl, 0, "DDL does not report the previous statement's count");
    let back = tx
        .query(sql(
            "INSERT INTO t (v) VALUES (?) RETURNING id, v",
            vec![Value::Text("c".into())],
        ))
        .await
        .unwrap();
    assert_eq!(back.columns, vec!["id", "v"]);
    assert_eq!(
        back.rows,
        vec![vec![Value::Int(3), Value::Text("c".into())]]
    );
    let n = tx
        .execute(Sql::raw("UPDATE t SET v = 'z' RETURNING id"))
        .await
        .unwrap();
    assert_eq!(n, 3);
    tx.commit().await.unwrap();
}
#[tokio::test]
async fn closed_engine_is_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    script(
        &engine,
        "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('x')",
    )
    .await;
    engine.close().await;
    let err = engine.query(Sql::raw("SELECT 1")).await.err().unwrap();
    assert_eq!(err.kind, ErrorKind::Unavailable);
    assert_eq!(err.message, "database is closed");
    assert_eq!(
        engine.begin().await.err().unwrap().kind,
        ErrorKind::Unavailable
    );
    assert_eq!(
        engine.run_script("SELECT 1").await.err().unwrap().kind,
        ErrorKind::Unavailable
    );
    assert_eq!(
        engine.ping().await.err().unwrap().kind,
        ErrorKind::Unavailable
    );
    assert_eq!(
        engine.introspect().await.err().unwrap().kind,
        ErrorKind::Unavailable
    );
    engine.close().await; // closing twice is harmless
                          // The WAL was checkpointed into the main file.
    let wal = dir.path().join("data/basalt.db-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0);
    let engine = open(&dir).await;
    assert_eq!(count(&engine, "t").await, 1);
}

#[tokio::test]
async fn values_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    script(&engine, "CREATE TABLE v (a, b, c, d, e, f, g)").await;
    let mut tx = engine.begin().await.unwrap();
    tx.execute(sql(
        "INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            Value::Bool(true),
            Value::Json(serde_json::json!({"k": [1, "x"]})),
            Value::Float(2.5),
            Value::Blob(vec![0, 1, 255]),
            Value::Null,
            Value::Int(-7),
            Value::Text("héllo".into()),
        ],
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let rows = engine
        .query(sql("SELECT * FROM v WHERE f = ?", vec![Value::Int(-7)]))
        .await
        .unwrap();
    assert_eq!(rows.columns, vec!["a", "b", "c", "d", "e", "f", "g"]);
    assert_eq!(
        rows.rows,
        vec![vec![
            Value::Int(1),
            Value::Text(r#"{"k":[1,"x"]}"#.into()),
            Value::Float(2.5),
            Value::Blob(vec![0, 1, 255]),
            Value::Null,
            Value::Int(-7),
            Value::Text("héllo".into()),
        ]]
    );
}

#[tokio::test]
async fn readers_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    let err = engine
        .query(Sql::raw("CREATE TABLE x (a)"))
        .await
        .err()
        .unwrap();
    assert_ne!(err.kind, ErrorKind::Conflict);
    assert!(engine.introspect().await.unwrap().is_empty());
}
