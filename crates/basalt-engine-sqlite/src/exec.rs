//! Running one prepared (and cached) statement on a connection, shared by the
//! reader pool and the write transaction.

use crate::bind::{from_ref, Bind};
use basalt_engine::{Rows, Sql};
use rusqlite::{params_from_iter, Connection};

/// Runs a statement that returns rows and reads them all.
pub(crate) fn query(conn: &Connection, sql: &Sql) -> rusqlite::Result<Rows> {
    let mut stmt = conn.prepare_cached(&sql.text)?;
    let columns: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
    let width = columns.len();
    let mut out = Vec::new();
    let mut rows = stmt.query(params_from_iter(sql.params.iter().map(Bind)))?;
    while let Some(row) = rows.next()? {
        let mut cells = Vec::with_capacity(width);
        for i in 0..width {
            cells.push(from_ref(row.get_ref(i)?));
        }
        out.push(cells);
    }
    Ok(Rows { columns, rows: out })
}

/// Runs a statement and returns the rows it changed (0 for DDL). Rows a
/// `RETURNING` clause produces are read and discarded.
pub(crate) fn execute(conn: &Connection, sql: &Sql) -> rusqlite::Result<u64> {
    let before = conn.total_changes();
    let mut stmt = conn.prepare_cached(&sql.text)?;
    let params = params_from_iter(sql.params.iter().map(Bind));
    if stmt.column_count() > 0 {
        let mut rows = stmt.query(params)?;
        while rows.next()?.is_some() {}
    } else {
        stmt.execute(params)?;
    }
    Ok(changed_since(conn, before))
}

/// The rows the statement that just completed changed, given
/// `total_changes()` before it ran: `changes()` alone would report the last
/// INSERT/UPDATE/DELETE's count after a DDL statement.
pub(crate) fn changed_since(conn: &Connection, before: u64) -> u64 {
    if conn.total_changes() == before {
        0
    } else {
        conn.changes()
    }
}
