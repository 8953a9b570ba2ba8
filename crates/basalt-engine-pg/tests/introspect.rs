//! Introspection of the PostgreSQL engine: types, constraints, indexes and
//! foreign keys of tables made by SQL.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use basalt_engine::{Engine, TableInfo};
use common::{fresh, script};

fn table<'a>(tables: &'a [TableInfo], name: &str) -> &'a TableInfo {
    tables.iter().find(|t| t.name == name).unwrap()
}

#[tokio::test]
async fn introspection_describes_user_tables() {
    let engine = fresh().await;
    script(
        &engine,
        "CREATE TABLE users (id text PRIMARY KEY, email text NOT NULL UNIQUE);
         CREATE TABLE posts (
             id serial PRIMARY KEY,
             title varchar(80) NOT NULL DEFAULT 'untitled',
             author text REFERENCES users(id) ON DELETE CASCADE,
             editor text REFERENCES users ON DELETE SET NULL,
             reviewer text REFERENCES users ON DELETE RESTRICT,
             body Text,
             created timestamptz NOT NULL DEFAULT now(),
             meta jsonb,
             live boolean,
             score double precision,
             n integer,
             big bigint
         );
         CREATE INDEX posts_title ON posts (title, body);
         CREATE INDEX posts_lower ON posts (lower(body));
         CREATE TABLE things (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), x int);
         CREATE VIEW post_titles AS SELECT title FROM posts;",
    )
    .await;
    let tables = engine.introspect().await.unwrap();
    let names: Vec<_> = tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["posts", "things", "users"]);

    let posts = table(&tables, "posts");
    let types: Vec<_> = posts.columns.iter().map(|c| c.decl_type.as_str()).collect();
    assert_eq!(
        types,
        vec![
            "integer",
            "character varying",
            "text",
            "text",
            "text",
            "text",
            "timestamp with time zone",
            "jsonb",
            "boolean",
            "double precision",
            "integer",
            "bigint"
        ]
    );
    let id = &posts.columns[0];
    assert!(id.primary_key && id.not_null);
    assert!(id.default.as_deref().unwrap().starts_with("nextval("));
    let title = &posts.columns[1];
    assert_eq!(title.name, "title");
    assert!(title.not_null && !title.primary_key);
    assert_eq!(
        title.default.as_deref(),
        Some("'untitled'::character varying")
    );
    assert_eq!(posts.columns[6].default.as_deref(), Some("now()"));
    assert_eq!(posts.columns[5].default, None);
    assert!(!posts.columns[5].not_null);
    assert_eq!(posts.indexes.len(), 1, "no pk index, no expression index");
    assert_eq!(posts.indexes[0].name, "posts_title");
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
            ("editor", "users", "id", "set_null"),
            ("reviewer", "users", "id", "restrict")
        ]
    );

    let things = table(&tables, "things");
    assert_eq!(things.columns[0].decl_type, "uuid");
    assert!(things.columns[0].primary_key);
    assert_eq!(
        things.columns[0].default.as_deref(),
        Some("gen_random_uuid()")
    );

    let users = table(&tables, "users");
    assert_eq!(users.columns[0].decl_type, "text");
    assert!(users.columns[0].primary_key);
    assert_eq!(
        users.indexes.len(),
        1,
        "only the UNIQUE index, not the pk's"
    );
    assert!(users.indexes[0].unique);
    assert_eq!(users.indexes[0].columns, vec!["email"]);
    assert!(users.foreign_keys.is_empty());
}

#[tokio::test]
async fn identity_and_composite_keys() {
    let engine = fresh().await;
    script(
        &engine,
        "CREATE TABLE a (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, k int, l int,
             UNIQUE (k, l));
         CREATE TABLE b (x int, y int, PRIMARY KEY (x, y));
         CREATE TABLE c (x int, y int, FOREIGN KEY (x, y) REFERENCES b (x, y),
             z bigint REFERENCES a ON DELETE NO ACTION);",
    )
    .await;
    let tables = engine.introspect().await.unwrap();
    let a = table(&tables, "a");
    assert_eq!(a.columns[0].decl_type, "bigint");
    assert!(
        a.columns[0].default.is_some(),
        "identity counts as a default"
    );
    assert_eq!(a.indexes[0].columns, vec!["k", "l"]);
    assert!(a.indexes[0].unique);
    let b = table(&tables, "b");
    assert!(b.columns.iter().all(|c| c.primary_key));
    let c = table(&tables, "c");
    assert_eq!(c.foreign_keys.len(), 1, "composite keys are skipped");
    assert_eq!(c.foreign_keys[0].column, "z");
    assert_eq!(c.foreign_keys[0].target_column, "id");
    assert_eq!(c.foreign_keys[0].on_delete, "no_action");
}
