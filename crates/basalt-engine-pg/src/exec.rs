//! Running one prepared (and cached) statement on a pooled connection,
//! shared by plain reads and the write transaction.

use crate::bind::Param;
use crate::cell::row_values;
use crate::errors::map;
use basalt_engine::{Rows, Sql};
use basalt_types::{Error, Result};
use deadpool_postgres::ClientWrapper;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Row, Statement};

/// Prepares `sql` through the connection's statement cache and checks the
/// parameter count.
/// Schema statements are prepared without caching: each is usually run once.
pub(crate) async fn prepare(client: &ClientWrapper, sql: &Sql) -> Result<Statement> {
    let stmt = if is_schema_change(&sql.text) {
        client.prepare(&sql.text).await
    } else {
        client.prepare_cached(&sql.text).await
    }
    .map_err(map)?;
    if stmt.params().len() != sql.params.len() {
        return Err(Error::bad_request(format!(
            "the statement expects {} parameters but {} were given",
            stmt.params().len(),
            sql.params.len()
        )));
    }
    Ok(stmt)
}

/// Runs a prepared statement and returns its rows.
pub(crate) async fn rows(
    client: &ClientWrapper,
    stmt: &Statement,
    sql: &Sql,
) -> std::result::Result<Vec<Row>, tokio_postgres::Error> {
    let params: Vec<Param<'_>> = sql.params.iter().map(Param).collect();
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
    client.query(stmt, &refs).await
}

/// Runs a prepared statement and returns the rows it changed (rows a
/// `RETURNING` clause produces are discarded).
pub(crate) async fn execute(
    client: &ClientWrapper,
    stmt: &Statement,
    sql: &Sql,
) -> std::result::Result<u64, tokio_postgres::Error> {
    let params: Vec<Param<'_>> = sql.params.iter().map(Param).collect();
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
    client.execute(stmt, &refs).await
}

/// Column names (from the statement, so empty results have them too) and
/// converted cells.
pub(crate) fn to_rows(stmt: &Statement, rows: &[Row]) -> Rows {
    Rows {
        columns: stmt.columns().iter().map(|c| c.name().to_owned()).collect(),
        rows: rows.iter().map(row_values).collect(),
    }
}

/// Prepares and runs a read on `client`; a cached statement whose result
/// type changed (after an `ALTER TABLE`) is prepared again once.
pub(crate) async fn query(client: &ClientWrapper, sql: &Sql) -> Result<Rows> {
    let stmt = prepare(client, sql).await?;
    match rows(client, &stmt, sql).await {
        Ok(found) => Ok(to_rows(&stmt, &found)),
        Err(e) if is_stale_plan(&e) => {
            client.statement_cache.clear();
            let stmt = prepare(client, sql).await?;
            let found = rows(client, &stmt, sql).await.map_err(map)?;
            Ok(to_rows(&stmt, &found))
        }
        Err(e) => Err(map(e)),
    }
}

/// "cached plan must not change result type": the statement was prepared
/// before a schema change.
pub(crate) fn is_stale_plan(err: &tokio_postgres::Error) -> bool {
    err.as_db_error().is_some_and(|db| {
        db.code().code() == "0A000" && db.message().contains("cached plan must not change")
    })
}

fn is_schema_change(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase();
    [
        "CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "TRUNCATE",
    ]
    .iter()
    .any(|k| head.starts_with(k))
}
