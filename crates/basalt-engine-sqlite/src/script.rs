//! Admin SQL scripts: every statement of the script runs in one
//! `BEGIN IMMEDIATE … COMMIT` on the writer, so a failing statement leaves
//! the database as it was. Rows of the last row-returning statement come back
//! as JSON objects.

use crate::bind::from_ref;
use crate::errors::map;
use crate::exec::changed_since;
use basalt_engine::ScriptResult;
use basalt_types::Result;
use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::{Batch, Connection};
use serde_json::Map;

/// Runs `sql` in one transaction on `conn` (the writer). Cells become JSON
/// as [`basalt_types::Value::to_json`] renders them: INTEGER/REAL → number,
/// TEXT → string, BLOB → lowercase hex, NULL → null.
pub(crate) fn run(conn: &Connection, sql: &str) -> Result<ScriptResult> {
    conn.execute_batch("BEGIN IMMEDIATE").map_err(map)?;
    match run_statements(conn, sql) {
        Ok(result) => {
            if !conn.is_autocommit() {
                if let Err(e) = conn.execute_batch("COMMIT") {
                    let _ = conn.execute_batch("ROLLBACK");
                    return Err(map(e));
                }
            }
            Ok(result)
        }
        Err(e) => {
            if !conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK");
            }
            Err(map(e))
        }
    }
}

fn run_statements(conn: &Connection, sql: &str) -> rusqlite::Result<ScriptResult> {
    let mut result = ScriptResult::default();
    let mut batch = Batch::new(conn, sql);
    while let Some(mut stmt) = batch.next()? {
        let before = conn.total_changes();
        if stmt.column_count() > 0 {
            let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
            let mut objects = Vec::new();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let mut object = Map::with_capacity(names.len());
                for (i, name) in names.iter().enumerate() {
                    object.insert(name.clone(), from_ref(row.get_ref(i)?).to_json());
                }
                objects.push(object);
            }
            result.rows = objects;
        } else {
            stmt.raw_execute()?;
        }
        result.rows_affected += changed_since(conn, before);
    }
    Ok(result)
}
