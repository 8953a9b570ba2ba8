//! Admin SQL scripts, inside one `BEGIN … COMMIT` so a failing statement
//! leaves the database as it was. A single statement runs through the
//! extended protocol, so its rows come back typed (numbers as numbers) as on
//! SQLite; a script of several statements runs with `simple_query`, whose
//! rows are text, so there every non-NULL cell of the last row-returning
//! statement is a JSON string.

use crate::errors::map;
use basalt_engine::ScriptResult;
use basalt_types::{Error, Result};
use deadpool_postgres::Object;
use serde_json::{Map, Value as Json};
use tokio_postgres::SimpleQueryMessage;

/// Runs `sql` in one transaction on `client`. If the call is cancelled
/// midway, the connection is rolled back before it returns to the pool.
pub(crate) async fn run(client: Object, sql: &str) -> Result<ScriptResult> {
    let mut guard = Pending(Some(client));
    let client = guard
        .0
        .as_ref()
        .ok_or_else(|| Error::internal("connection lost"))?;
    // Prepared outside the transaction: a refused prepare (several
    // statements) must not abort it.
    let prepared = match client.prepare(sql).await {
        Ok(stmt) => Some(stmt),
        Err(e) if is_multi_statement(&e) => None,
        Err(e) => {
            guard.0 = None;
            return Err(map(e));
        }
    };
    client.batch_execute("BEGIN").await.map_err(map)?;
    let single = match &prepared {
        Some(stmt) => Some(run_single(client, stmt).await),
        None => None,
    };
    if let Some(result) = single {
        let result = match result {
            Ok(r) => client.batch_execute("COMMIT").await.map_err(map).map(|_| r),
            Err(e) => {
                if let Err(rb) = client.batch_execute("ROLLBACK").await {
                    tracing::warn!(error = %rb, "rolling back a failed statement failed");
                }
                Err(e)
            }
        };
        guard.0 = None;
        return result;
    }
    let messages = match client.simple_query(sql).await {
        Ok(messages) => messages,
        Err(e) => {
            if let Err(rb) = client.batch_execute("ROLLBACK").await {
                tracing::warn!(error = %rb, "rolling back a failed script failed");
            }
            guard.0 = None;
            return Err(map(e));
        }
    };
    // COMMIT of a transaction the script itself ended only warns.
    let committed = client.batch_execute("COMMIT").await.map_err(map);
    guard.0 = None;
    committed?;
    Ok(collect(messages))
}

/// True when PostgreSQL refused to prepare `sql` because it holds several
/// statements.
fn is_multi_statement(e: &tokio_postgres::Error) -> bool {
    e.as_db_error()
        .is_some_and(|db| db.message().contains("multiple commands"))
}

/// One statement with typed results.
async fn run_single(client: &Object, stmt: &tokio_postgres::Statement) -> Result<ScriptResult> {
    if stmt.columns().is_empty() {
        let n = client.execute(stmt, &[]).await.map_err(map)?;
        return Ok(ScriptResult {
            rows: Vec::new(),
            rows_affected: n,
        });
    }
    let rows = client.query(stmt, &[]).await.map_err(map)?;
    let names: Vec<String> = stmt.columns().iter().map(|c| c.name().to_owned()).collect();
    let rows = rows
        .iter()
        .map(|row| {
            names
                .iter()
                .cloned()
                .zip(
                    crate::cell::row_values(row)
                        .iter()
                        .map(basalt_types::Value::to_json),
                )
                .collect::<Map<String, Json>>()
        })
        .collect();
    Ok(ScriptResult {
        rows,
        rows_affected: 0,
    })
}

/// A connection in the middle of a script.
struct Pending(Option<Object>);

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            crate::tx::roll_back_later(client);
        }
    }
}

/// Folds the message stream into rows and a changed-row count: statements
/// with a row description replace `rows`; the others add their count.
fn collect(messages: Vec<SimpleQueryMessage>) -> ScriptResult {
    let mut result = ScriptResult::default();
    let mut current: Option<Vec<Map<String, Json>>> = None;
    for message in messages {
        match message {
            SimpleQueryMessage::RowDescription(_) => current = Some(Vec::new()),
            SimpleQueryMessage::Row(row) => {
                let mut object = Map::with_capacity(row.len());
                for (i, column) in row.columns().iter().enumerate() {
                    let cell = row
                        .try_get(i)
                        .ok()
                        .flatten()
                        .map_or(Json::Null, |s| Json::String(s.to_owned()));
                    object.insert(column.name().to_owned(), cell);
                }
                current.get_or_insert_with(Vec::new).push(object);
            }
            SimpleQueryMessage::CommandComplete(n) => match current.take() {
                Some(rows) => result.rows = rows,
                None => result.rows_affected += n,
            },
            _ => {}
        }
    }
    result
}
