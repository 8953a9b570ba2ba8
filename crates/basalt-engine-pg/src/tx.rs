//! The write transaction: a pooled connection on which `BEGIN` goes out
//! with the first statement. Every statement runs under a savepoint
//! (`SAVEPOINT`, the statement and `RELEASE` are pipelined in one round
//! trip), so a failing statement undoes only itself and the transaction
//! stays usable — as on SQLite. Dropping the transaction uncommitted rolls
//! it back before the connection returns to the pool.

use crate::errors::map;
use crate::exec::{self, is_stale_plan};
use async_trait::async_trait;
use basalt_engine::{Rows, Sql, Tx};
use basalt_types::{Error, Result};
use deadpool_postgres::Object;
use tokio_postgres::Row;

const SAVEPOINT: &str = "SAVEPOINT basalt_stmt";
const BEGIN_SAVEPOINT: &str = "BEGIN; SAVEPOINT basalt_stmt";
const RELEASE: &str = "RELEASE SAVEPOINT basalt_stmt";
const UNDO: &str = "ROLLBACK TO SAVEPOINT basalt_stmt; RELEASE SAVEPOINT basalt_stmt";

/// A write transaction on one pooled connection.
pub(crate) struct PgTx {
    /// `None` once committed or rolled back.
    client: Option<Object>,
    /// Whether `BEGIN` may have been sent.
    begun: bool,
    /// Set when a failed statement could not be undone: the database has
    /// aborted the transaction and commit must fail.
    broken: bool,
}

enum Out {
    Rows(Vec<Row>),
    Count(u64),
}

impl PgTx {
    pub(crate) fn new(client: Object) -> Self {
        PgTx {
            client: Some(client),
            begun: false,
            broken: false,
        }
    }

    async fn run(&mut self, sql: &Sql, want_rows: bool) -> Result<(Vec<String>, Out)> {
        let mut retried = false;
        loop {
            let client = self
                .client
                .as_ref()
                .ok_or_else(|| Error::internal("transaction is no longer usable"))?;
            if self.broken {
                return Err(Error::bad_request(
                    "transaction was aborted by an earlier error",
                ));
            }
            let stmt = exec::prepare(client, sql).await?;
            let open = if self.begun {
                SAVEPOINT
            } else {
                BEGIN_SAVEPOINT
            };
            self.begun = true;
            let statement = async {
                if want_rows {
                    exec::rows(client, &stmt, sql).await.map(Out::Rows)
                } else {
                    exec::execute(client, &stmt, sql).await.map(Out::Count)
                }
            };
            let (opened, result, released) = tokio::join!(
                biased;
                client.batch_execute(open),
                statement,
                client.batch_execute(RELEASE)
            );
            opened.map_err(map)?;
            let err = match result {
                Ok(out) => {
                    released.map_err(map)?;
                    let columns = stmt.columns().iter().map(|c| c.name().to_owned());
                    return Ok((columns.collect(), out));
                }
                Err(e) => e,
            };
            if let Err(undo) = client.batch_execute(UNDO).await {
                self.broken = true;
                tracing::warn!(error = %undo, "could not undo a failed statement");
            }
            if !retried && !self.broken && is_stale_plan(&err) {
                client.statement_cache.clear();
                retried = true;
                continue;
            }
            return Err(map(err));
        }
    }

    /// Sends `COMMIT` or `ROLLBACK` and gives the connection back.
    async fn finish(&mut self, command: &str) -> Result<()> {
        let Some(client) = self.client.as_ref() else {
            return Ok(());
        };
        if !self.begun {
            self.client = None;
            return Ok(());
        }
        self.begun = false;
        let result = client.batch_execute(command).await.map_err(map);
        self.client = None;
        result
    }
}

#[async_trait]
impl Tx for PgTx {
    async fn query(&mut self, sql: Sql) -> Result<Rows> {
        let (columns, out) = self.run(&sql, true).await?;
        let rows = match out {
            Out::Rows(rows) => rows.iter().map(crate::cell::row_values).collect(),
            Out::Count(_) => Vec::new(),
        };
        Ok(Rows { columns, rows })
    }

    async fn execute(&mut self, sql: Sql) -> Result<u64> {
        match self.run(&sql, false).await?.1 {
            Out::Count(n) => Ok(n),
            Out::Rows(rows) => Ok(rows.len() as u64),
        }
    }

    async fn commit(mut self: Box<Self>) -> Result<()> {
        if self.broken {
            self.finish("ROLLBACK").await?;
            return Err(Error::internal(
                "transaction was rolled back by the database",
            ));
        }
        self.finish("COMMIT").await
    }

    async fn rollback(mut self: Box<Self>) -> Result<()> {
        self.finish("ROLLBACK").await
    }
}

impl Drop for PgTx {
    fn drop(&mut self) {
        let Some(client) = self.client.take() else {
            return;
        };
        if !self.begun {
            return;
        }
        roll_back_later(client);
    }
}

/// Rolls back whatever transaction is open on `client` and then gives it
/// back to the pool; without a runtime, or when that fails, the connection
/// is closed instead (which makes the server roll back).
pub(crate) fn roll_back_later(client: Object) {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => {
            handle.spawn(async move {
                if let Err(e) = client.batch_execute("ROLLBACK").await {
                    tracing::warn!(error = %e, "rolling back an abandoned transaction failed");
                    drop(Object::take(client));
                }
            });
        }
        Err(_) => drop(Object::take(client)),
    }
}
