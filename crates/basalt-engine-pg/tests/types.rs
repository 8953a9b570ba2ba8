//! Values through the PostgreSQL engine: what each column type reads back
//! as, and how parameters are converted to the type PostgreSQL inferred.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use basalt_engine::{Engine, Sql};
use basalt_types::Value;
use common::{fresh, script, sql, text};
use serde_json::json;

#[tokio::test]
async fn column_types_read_back_in_basalt_shapes() {
    let engine = fresh().await;
    script(
        &engine,
        "CREATE TABLE v (
             ts timestamptz, plain timestamp, d date, j jsonb, js json, b boolean,
             u uuid, num numeric, small smallint, i integer, big bigint, f real,
             dbl double precision, vc varchar(10), ch char(3), raw bytea,
             tags text[], ip inet, iv interval
         );
         INSERT INTO v VALUES (
             '2026-02-07 23:00:00.5+01', '2026-02-07 22:00:00', '2026-02-07',
             '{\"k\": [1, \"x\"]}', '[true]', true,
             'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 12.25, 3, -7, 9007199254740993, 1.5,
             2.25, 'hi', 'ab', '\\x00ff', '{a,NULL}', '10.0.0.1', '1 day'
         );
         INSERT INTO v (ts) VALUES (NULL);",
    )
    .await;
    let rows = engine
        .query(Sql::raw("SELECT * FROM v ORDER BY ts NULLS LAST"))
        .await
        .unwrap();
    assert_eq!(
        rows.rows[0],
        vec![
            text("2026-02-07T22:00:00.500Z"),
            text("2026-02-07T22:00:00.000Z"),
            text("2026-02-07"),
            Value::Json(json!({"k": [1, "x"]})),
            Value::Json(json!([true])),
            Value::Bool(true),
            text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            Value::Float(12.25),
            Value::Int(3),
            Value::Int(-7),
            Value::Int(9007199254740993),
            Value::Float(1.5),
            Value::Float(2.25),
            text("hi"),
            text("ab "),
            Value::Blob(vec![0, 255]),
            Value::Json(json!(["a", null])),
            text("10.0.0.1"),
            text("1 day"),
        ]
    );
    assert!(rows.rows[1].iter().all(Value::is_null));
    let computed = engine
        .query(Sql::raw(
            "SELECT 1.5::numeric * 2, (-0.000125)::numeric, 'NaN'::numeric,
                    'infinity'::timestamptz, (SELECT count(*) FROM v), NULL::text, 'x'::name,
                    '1 year 14 mons -3 days 01:02:03.5'::interval, '13:14:15'::time,
                    '\\x0102'::bytea::text, B'101', sum(x), avg(x)
             FROM (VALUES (1::bigint), (2::bigint)) AS s (x)",
        ))
        .await
        .unwrap();
    assert_eq!(computed.rows[0][0], Value::Float(3.0));
    assert_eq!(computed.rows[0][1], Value::Float(-0.000125));
    assert!(matches!(computed.rows[0][2], Value::Float(f) if f.is_nan()));
    assert_eq!(computed.rows[0][3], text("infinity"));
    assert_eq!(computed.rows[0][4], Value::Int(2));
    assert_eq!(computed.rows[0][5], Value::Null);
    assert_eq!(computed.rows[0][6], text("x"));
    assert_eq!(
        computed.rows[0][7],
        text("2 years 2 mons -3 days 01:02:03.5")
    );
    assert_eq!(computed.rows[0][8], text("13:14:15"));
    assert_eq!(computed.rows[0][9], text("\\x0102"));
    // Types without a conversion: raw bytes as text when printable, else Null.
    assert_eq!(computed.rows[0][10], Value::Null);
    assert_eq!(computed.rows[0][11], Value::Int(3), "sum over bigint");
    assert_eq!(computed.rows[0][12], Value::Float(1.5));
}

#[tokio::test]
async fn parameters_follow_the_inferred_type() {
    let engine = fresh().await;
    script(
        &engine,
        "CREATE TABLE p (
             t text, n bigint, i int, f double precision, b boolean, j jsonb,
             ts timestamptz, d date, u uuid, num numeric, raw bytea, tags text[],
             iv interval
         )",
    )
    .await;
    let mut tx = engine.begin().await.unwrap();
    tx.execute(sql(
        "INSERT INTO p VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        vec![
            Value::Int(42),
            text("17"),
            Value::Float(3.0),
            Value::Int(2),
            Value::Int(1),
            text("plain words"),
            text("2026-02-07 22:00:00"),
            text("2026-02-07T10:00:00Z"),
            text("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"),
            Value::Float(1.25),
            Value::Blob(vec![1, 2]),
            Value::Json(json!(["a", "b c"])),
            text("2 hours"),
        ],
    ))
    .await
    .unwrap();
    tx.execute(sql(
        "INSERT INTO p (t, b, j, num) VALUES ($1, $2, $3, $4)",
        vec![
            Value::Bool(true),
            text("false"),
            Value::Json(json!({"a": 1})),
            Value::Int(7),
        ],
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let rows = engine
        .query(Sql::raw(
            "SELECT t, n, i, f, b, j, ts, d, u, num, raw, tags, iv::text FROM p ORDER BY n NULLS LAST",
        ))
        .await
        .unwrap();
    assert_eq!(
        rows.rows[0],
        vec![
            text("42"),
            Value::Int(17),
            Value::Int(3),
            Value::Float(2.0),
            Value::Bool(true),
            Value::Json(json!("plain words")),
            text("2026-02-07T22:00:00.000Z"),
            text("2026-02-07"),
            text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            Value::Float(1.25),
            Value::Blob(vec![1, 2]),
            Value::Json(json!(["a", "b c"])),
            text("02:00:00"),
        ]
    );
    assert_eq!(rows.rows[1][0], text("true"));
    assert_eq!(rows.rows[1][4], Value::Bool(false));
    assert_eq!(rows.rows[1][5], Value::Json(json!({"a": 1})));
    assert_eq!(
        rows.rows[1][9],
        Value::Int(7),
        "whole numerics read as integers"
    );
    // Filters bind the same way.
    let found = engine
        .query(sql(
            "SELECT count(*) FROM p WHERE ts > $1 AND u = $2 AND n = $3",
            vec![
                text("2026-02-07T00:00:00.000Z"),
                text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                Value::Int(17),
            ],
        ))
        .await
        .unwrap();
    assert_eq!(found.scalar(), Some(&Value::Int(1)));
    let nulls = engine
        .query(sql("SELECT $1::uuid IS NULL", vec![Value::Null]))
        .await
        .unwrap();
    assert_eq!(nulls.scalar(), Some(&Value::Bool(true)));
}
