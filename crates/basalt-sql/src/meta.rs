//! Statements over Basalt's own tables: collection metadata, key/value meta
//! (the admin token and other secrets) and runtime settings.

use crate::finish;
use basalt_engine::{Dialect, Sql};
use sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};

fn read_all(table: &str, key: &str, value: &str, dialect: Dialect) -> Sql {
    let mut q = Query::select();
    q.columns([Alias::new(key), Alias::new(value)])
        .from(Alias::new(table));
    finish(&q, dialect)
}

fn upsert(
    table: &str,
    key_col: &str,
    val_col: &str,
    key: &str,
    value: &str,
    dialect: Dialect,
) -> Sql {
    let mut q = Query::insert();
    q.into_table(Alias::new(table))
        .columns([Alias::new(key_col), Alias::new(val_col)])
        .values_panic([Expr::val(key), Expr::val(value)])
        .on_conflict(
            OnConflict::column(Alias::new(key_col))
                .update_column(Alias::new(val_col))
                .to_owned(),
        );
    finish(&q, dialect)
}

/// Every `(name, meta JSON)` row of `_basalt_collections`.
pub fn read_collection_metas(dialect: Dialect) -> Sql {
    read_all("_basalt_collections", "name", "meta", dialect)
}

/// Inserts or replaces one collection's metadata.
pub fn upsert_collection_meta(name: &str, meta_json: &str, dialect: Dialect) -> Sql {
    upsert(
        "_basalt_collections",
        "name",
        "meta",
        name,
        meta_json,
        dialect,
    )
}

/// Removes one collection's metadata.
pub fn delete_collection_meta(name: &str, dialect: Dialect) -> Sql {
    let mut q = Query::delete();
    q.from_table(Alias::new("_basalt_collections"))
        .and_where(Expr::col(Alias::new("name")).eq(name));
    finish(&q, dialect)
}

/// The value of one `_basalt_meta` key.
pub fn read_meta(key: &str, dialect: Dialect) -> Sql {
    let mut q = Query::select();
    q.column(Alias::new("value"))
        .from(Alias::new("_basalt_meta"))
        .and_where(Expr::col(Alias::new("key")).eq(key));
    finish(&q, dialect)
}

/// Sets one `_basalt_meta` key.
pub fn upsert_meta(key: &str, value: &str, dialect: Dialect) -> Sql {
    upsert("_basalt_meta", "key", "value", key, value, dialect)
}

/// Sets one `_basalt_meta` key unless it is set already (the first node to
/// start wins; the others read its value).
pub fn insert_meta_if_absent(key: &str, value: &str, dialect: Dialect) -> Sql {
    let mut q = Query::insert();
    q.into_table(Alias::new("_basalt_meta"))
        .columns([Alias::new("key"), Alias::new("value")])
        .values_panic([Expr::val(key), Expr::val(value)])
        .on_conflict(
            OnConflict::column(Alias::new("key"))
                .do_nothing()
                .to_owned(),
        );
    finish(&q, dialect)
}

/// Every `(key, value JSON)` row of `_basalt_settings`.
pub fn read_settings(dialect: Dialect) -> Sql {
    read_all("_basalt_settings", "key", "value", dialect)
}

/// Sets one setting (value as JSON text).
pub fn upsert_setting(key: &str, value_json: &str, dialect: Dialect) -> Sql {
    upsert("_basalt_settings", "key", "value", key, value_json, dialect)
}
