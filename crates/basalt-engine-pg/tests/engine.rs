//! Behaviour of the PostgreSQL engine through the `Engine`/`Tx` traits, each
//! test on its own database of a throwaway cluster: opening, migrations,
//! transactions and closing.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use basalt_engine::{Dialect, Engine, Sql};
use basalt_engine_pg::{PgEngine, PgOptions};
use basalt_types::{ErrorKind, Value};
use common::{count, fresh, open, script, sql, text};
use std::sync::Arc;

#[tokio::test]
async fn opens_and_pings() {
    let engine = fresh().await;
    assert_eq!(engine.dialect(), Dialect::Postgres);
    assert_eq!(engine.schema(), "public");
    engine.ping().await.unwrap();
    engine.close().await;
}

#[tokio::test]
async fn unreachable_server_is_unavailable() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://postgres@127.0.0.1:{port}/nope");
    let err = PgEngine::open(PgOptions::new(url)).await.err().unwrap();
    assert_eq!(err.kind, ErrorKind::Unavailable);
    let prefix = format!("cannot connect to PostgreSQL at 127.0.0.1:{port}: ");
    assert!(err.message.starts_with(&prefix), "{err}");
    assert!(err.message.len() > prefix.len(), "{err}");
    assert!(!err.message.contains('\n'), "{err}");

    let err = PgEngine::open(PgOptions::new("postgres://[bad"))
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::Unavailable);
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let url = common::pg::fresh_db_url();
    open(&url).await.close().await;
    let engine = open(&url).await;
    assert_eq!(
        count(&engine, "_basalt_migrations").await,
        basalt_engine_pg::MIGRATIONS.len() as i64
    );
    for table in ["_basalt_meta", "_basalt_collections", "_basalt_settings"] {
        assert_eq!(count(&engine, table).await, 0);
    }
    let row = engine
        .query(Sql::raw("SELECT version, name FROM _basalt_migrations"))
        .await
        .unwrap();
    assert_eq!(row.rows[0], vec![Value::Int(1), text("basalt_core")]);
    assert!(engine.introspect().await.unwrap().is_empty());
}

#[tokio::test]
async fn concurrent_opens_migrate_once() {
    let url = common::pg::fresh_db_url();
    let opens: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move { PgEngine::open(PgOptions::new(url)).await })
        })
        .collect();
    let mut engines = Vec::new();
    for task in opens {
        engines.push(task.await.unwrap().unwrap());
    }
    assert_eq!(
        count(&engines[0], "_basalt_migrations").await,
        basalt_engine_pg::MIGRATIONS.len() as i64
    );
}

#[tokio::test]
async fn commit_is_visible_to_readers() {
    let engine = fresh().await;
    script(&engine, "CREATE TABLE t (id serial PRIMARY KEY, v text)").await;
    let mut tx = engine.begin().await.unwrap();
    let n = tx
        .execute(sql("INSERT INTO t (v) VALUES ($1)", vec![text("a")]))
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
    let engine = PgEngine::open(PgOptions {
        pool_size: 1,
        ..PgOptions::new(common::pg::fresh_db_url())
    })
    .await
    .unwrap();
    script(&engine, "CREATE TABLE t (v text)").await;
    {
        let mut tx = engine.begin().await.unwrap();
        tx.execute(Sql::raw("INSERT INTO t VALUES ('x')"))
            .await
            .unwrap();
    }
    // The only writer connection comes back rolled back and usable.
    let mut tx = engine.begin().await.unwrap();
    tx.execute(Sql::raw("INSERT INTO t VALUES ('y')"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(count(&engine, "t").await, 1);
}

#[tokio::test]
async fn explicit_rollback() {
    let engine = fresh().await;
    script(&engine, "CREATE TABLE t (v text)").await;
    let mut tx = engine.begin().await.unwrap();
    tx.execute(Sql::raw("INSERT INTO t VALUES ('x')"))
        .await
        .unwrap();
    let seen = tx.query(Sql::raw("SELECT count(*) FROM t")).await.unwrap();
    assert_eq!(seen.scalar(), Some(&Value::Int(1)));
    tx.rollback().await.unwrap();
    assert_eq!(count(&engine, "t").await, 0);
}

#[tokio::test]
async fn failed_statement_keeps_the_transaction() {
    let engine = fresh().await;
    script(&engine, "CREATE TABLE t (v text UNIQUE)").await;
    let mut tx = engine.begin().await.unwrap();
    tx.execute(Sql::raw("INSERT INTO t VALUES ('x')"))
        .await
        .unwrap();
    let err = tx
        .execute(Sql::raw("INSERT INTO t VALUES ('x')"))
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::Conflict);
    tx.execute(Sql::raw("INSERT INTO t VALUES ('y')"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(count(&engine, "t").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writes_all_land() {
    let engine = Arc::new(fresh().await);
    script(&engine, "CREATE TABLE t (n bigint)").await;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let engine = engine.clone();
            tokio::spawn(async move {
                let mut tx = engine.begin().await?;
                tx.execute(sql("INSERT INTO t VALUES ($1)", vec![Value::Int(i)]))
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
    let engine = fresh().await;
    let mut tx = engine.begin().await.unwrap();
    let ddl = tx
        .execute(Sql::raw("CREATE TABLE t (id serial PRIMARY KEY, v text)"))
        .await
        .unwrap();
    assert_eq!(ddl, 0);
    tx.execute(Sql::raw("INSERT INTO t (v) VALUES ('a'), ('b')"))
        .await
        .unwrap();
    let back = tx
        .query(sql(
            "INSERT INTO t (v) VALUES ($1) RETURNING id, v",
            vec![text("c")],
        ))
        .await
        .unwrap();
    assert_eq!(back.columns, vec!["id", "v"]);
    assert_eq!(back.rows, vec![vec![Value::Int(3), text("c")]]);
    let n = tx
        .execute(Sql::raw("UPDATE t SET v = 'z' RETURNING id"))
        .await
        .unwrap();
    assert_eq!(n, 3);
    tx.commit().await.unwrap();
    let empty = engine
        .query(Sql::raw("SELECT id, v FROM t WHERE false"))
        .await
        .unwrap();
    assert_eq!(empty.columns, vec!["id", "v"]);
    assert!(empty.rows.is_empty());
}

#[tokio::test]
async fn closed_engine_is_unavailable() {
    let engine = fresh().await;
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
    assert_eq!(
        engine.notify("c", "x").await.err().unwrap().kind,
        ErrorKind::Unavailable
    );
    engine.close().await; // closing twice is harmless
}

#[tokio::test]
async fn readers_cannot_write() {
    let engine = fresh().await;
    let err = engine
        .query(Sql::raw("CREATE TABLE x (a int)"))
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::BadRequest, "{err}");
    assert!(engine.introspect().await.unwrap().is_empty());
}

#[tokio::test]
async fn parameter_count_mismatch_is_bad_request() {
    let engine = fresh().await;
    let err = engine
        .query(sql("SELECT $1::int", vec![]))
        .await
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::BadRequest, "{err}");
}

#[tokio::test]
async fn cached_statements_survive_schema_changes() {
    let engine = PgEngine::open(PgOptions {
        pool_size: 1,
        ..PgOptions::new(common::pg::fresh_db_url())
    })
    .await
    .unwrap();
    script(&engine, "CREATE TABLE t (a int); INSERT INTO t VALUES (1)").await;
    let read = || engine.query(Sql::raw("SELECT * FROM t"));
    assert_eq!(read().await.unwrap().columns, vec!["a"]);
    script(&engine, "ALTER TABLE t ADD COLUMN b text DEFAULT 'x'").await;
    let rows = read().await.unwrap();
    assert_eq!(rows.columns, vec!["a", "b"]);
    assert_eq!(rows.rows[0], vec![Value::Int(1), text("x")]);
    let mut tx = engine.begin().await.unwrap();
    let select = || Sql::raw("SELECT * FROM t");
    assert_eq!(tx.query(select()).await.unwrap().columns, vec!["a", "b"]);
    tx.execute(Sql::raw("ALTER TABLE t DROP COLUMN b"))
        .await
        .unwrap();
    assert_eq!(tx.query(select()).await.unwrap().columns, vec!["a"]);
    tx.commit().await.unwrap();
}
