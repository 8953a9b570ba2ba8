//! The engine trait: the only door between Basalt's core and a database.
//! SQL text arrives here already built (by `basalt-sql`) for the engine's
//! [`Dialect`], with every value in [`Sql::params`]; engines execute it, map
//! their native errors to engine-neutral [`basalt_types::ErrorKind`]s and
//! describe their schema through [`TableInfo`].
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod introspect;
mod violations;

use async_trait::async_trait;
use basalt_types::{Result, Value};
pub use introspect::{ColumnInfo, ForeignKeyInfo, IndexInfo, TableInfo};
pub use violations::{foreign_key_violation, not_null_violation, unique_violation};

/// The SQL dialect an engine speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// One statement with its bound parameters (`?` on SQLite, `$n` on PostgreSQL).
#[derive(Debug, Clone, PartialEq)]
pub struct Sql {
    pub text: String,
    pub params: Vec<Value>,
}

impl Sql {
    /// A statement without parameters.
    pub fn raw(text: impl Into<String>) -> Self {
        Sql {
            text: text.into(),
            params: Vec::new(),
        }
    }
}

/// Rows read back: column names and the cells of each row, in column order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    /// The first cell of the first row, if any.
    pub fn scalar(&self) -> Option<&Value> {
        self.rows.first().and_then(|r| r.first())
    }
}

/// What an admin SQL script returned: the rows of its last statement that
/// returned rows, as JSON objects, and the rows changed by all its statements.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScriptResult {
    pub rows: Vec<serde_json::Map<String, serde_json::Value>>,
    pub rows_affected: u64,
}

/// A database backend. Reads may run concurrently; writes go through
/// [`Engine::begin`], which serialises them.
#[async_trait]
pub trait Engine: Send + Sync + 'static {
    /// The dialect the SQL passed to this engine must be written in.
    fn dialect(&self) -> Dialect;

    /// Runs a read-only statement outside any transaction.
    async fn query(&self, sql: Sql) -> Result<Rows>;

    /// Starts a write transaction. Dropping it without commit rolls back.
    async fn begin(&self) -> Result<Box<dyn Tx>>;

    /// Describes every user table (Basalt's own `_basalt_*` tables and the
    /// engine's internal tables excluded).
    async fn introspect(&self) -> Result<Vec<TableInfo>>;

    /// Runs an admin SQL script (one or more statements) as the owner.
    async fn run_script(&self, sql: &str) -> Result<ScriptResult>;

    /// Answers `Ok` while the database answers.
    async fn ping(&self) -> Result<()>;

    /// Closes every connection; later calls fail with 503.
    async fn close(&self);

    /// Tells every other node sharing this database that something on
    /// `channel` changed (PostgreSQL: NOTIFY). Single-node engines do nothing.
    async fn notify(&self, _channel: &str, _payload: &str) -> Result<()> {
        Ok(())
    }

    /// Notifications from other nodes on `channel` (PostgreSQL: LISTEN);
    /// `None` where the engine has a single node.
    fn subscribe(&self, _channel: &str) -> Option<tokio::sync::broadcast::Receiver<String>> {
        None
    }
}

/// A write transaction.
#[async_trait]
pub trait Tx: Send {
    /// Runs a statement that returns rows (SELECT, or a write with RETURNING).
    async fn query(&mut self, sql: Sql) -> Result<Rows>;
    /// Runs a statement and returns the number of rows it changed.
    async fn execute(&mut self, sql: Sql) -> Result<u64>;
    /// Makes every change durable.
    async fn commit(self: Box<Self>) -> Result<()>;
    /// Throws every change away.
    async fn rollback(self: Box<Self>) -> Result<()>;

    /// Runs a statement that returns rows, then commits: one step on
    /// engines that can (SQLite: one trip to the writer thread).
    async fn query_then_commit(mut self: Box<Self>, sql: Sql) -> Result<Rows> {
        let rows = self.query(sql).await?;
        self.commit().await?;
        Ok(rows)
    }
}
