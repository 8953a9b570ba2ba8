//! Describes the user tables of a SQLite database from `sqlite_master` and
//! the `pragma_*` table-valued functions. Basalt's own `_basalt_*` tables,
//! SQLite's internal tables, virtual tables and FTS5 shadow tables are left
//! out. Table names are always bound, never formatted into SQL.

use basalt_engine::{ColumnInfo, ForeignKeyInfo, IndexInfo, TableInfo};
use rusqlite::{Connection, OptionalExtension};

/// Every user table, sorted by name.
pub(crate) fn tables(conn: &Connection) -> rusqlite::Result<Vec<TableInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )?;
    let names = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    names
        .into_iter()
        .filter(|(name, sql)| is_user_table(name, sql))
        .map(|(name, _)| table(conn, name))
        .collect()
}

fn is_user_table(name: &str, sql: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !(lower.starts_with("sqlite_")
        || lower.starts_with("_basalt_")
        || lower.contains("__fts")
        || sql
            .trim_start()
            .get(..14)
            .is_some_and(|p| p.eq_ignore_ascii_case("CREATE VIRTUAL")))
}

fn table(conn: &Connection, name: String) -> rusqlite::Result<TableInfo> {
    Ok(TableInfo {
        columns: columns(conn, &name)?,
        indexes: indexes(conn, &name)?,
        foreign_keys: foreign_keys(conn, &name)?,
        name,
    })
}

fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<ColumnInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid",
    )?;
    let rows = stmt.query_map([table], |r| {
        Ok(ColumnInfo {
            name: r.get(0)?,
            decl_type: r.get::<_, String>(1)?.to_lowercase(),
            not_null: r.get::<_, i64>(2)? != 0,
            default: r.get(3)?,
            primary_key: r.get::<_, i64>(4)? != 0,
        })
    })?;
    rows.collect()
}

/// Indexes from CREATE INDEX and UNIQUE constraints; the primary key's own
/// index and indexes on expressions are skipped.
fn indexes(conn: &Connection, table: &str) -> rusqlite::Result<Vec<IndexInfo>> {
    let mut list = conn.prepare_cached(
        "SELECT name, \"unique\", origin FROM pragma_index_list(?1) ORDER BY name",
    )?;
    let found = list
        .query_map([table], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? != 0,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut info = conn.prepare_cached("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")?;
    let mut out = Vec::new();
    for (name, unique, origin) in found {
        if origin == "pk" {
            continue;
        }
        let cols = info
            .query_map([&name], |r| r.get::<_, Option<String>>(0))?
            .collect::<rusqlite::Result<Option<Vec<String>>>>()?;
        if let Some(columns) = cols.filter(|c| !c.is_empty()) {
            out.push(IndexInfo {
                name,
                columns,
                unique,
            });
        }
    }
    Ok(out)
}

/// Single-column foreign keys in column order (composite ones are skipped).
fn foreign_keys(conn: &Connection, table: &str) -> rusqlite::Result<Vec<ForeignKeyInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT fk.id, fk.\"table\", fk.\"from\", fk.\"to\", fk.on_delete,
                COUNT(*) OVER (PARTITION BY fk.id)
         FROM pragma_foreign_key_list(?1) AS fk
         LEFT JOIN pragma_table_info(?1) AS col ON col.name = fk.\"from\"
         ORDER BY col.cid, fk.id, fk.seq",
    )?;
    let rows = stmt
        .query_map([table], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for (target_table, column, to, on_delete, parts) in rows {
        if parts != 1 {
            continue;
        }
        let target_column = match to {
            Some(c) => c,
            None => primary_key(conn, &target_table)?.unwrap_or_else(|| "rowid".to_owned()),
        };
        out.push(ForeignKeyInfo {
            column,
            target_table,
            target_column,
            on_delete: on_delete_name(&on_delete).to_owned(),
        });
    }
    Ok(out)
}

/// The single primary-key column of `table`, for `REFERENCES t` without a column.
fn primary_key(conn: &Connection, table: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT name FROM pragma_table_info(?1) WHERE pk = 1")?
        .query_row([table], |r| r.get(0))
        .optional()
}

fn on_delete_name(action: &str) -> &'static str {
    match action.to_ascii_uppercase().as_str() {
        "CASCADE" => "cascade",
        "SET NULL" => "set_null",
        "RESTRICT" => "restrict",
        _ => "no_action",
    }
}
