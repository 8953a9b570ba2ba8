//! The PostgreSQL engine: two deadpool connection pools (read-only sessions
//! for reads, read-write ones for transactions and scripts), versioned
//! migrations of Basalt's own tables under an advisory lock, introspection
//! from `pg_catalog`, and LISTEN/NOTIFY over one dedicated connection so
//! nodes sharing a database hear each other. Its errors, values and
//! behaviour match the SQLite engine's, so the layers above cannot tell the
//! two apart.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod bind;
mod cell;
mod errors;
mod exec;
mod introspect;
mod listen;
mod migrate;
mod numeric;
mod pool;
mod script;
mod tx;

use async_trait::async_trait;
use basalt_engine::{Dialect, Engine, Rows, ScriptResult, Sql, TableInfo, Tx};
use basalt_types::{Error, Result};
use deadpool_postgres::{Object, Pool, PoolError};
pub use listen::RECONNECTED;
pub use migrate::MIGRATIONS;

/// How to reach a PostgreSQL database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgOptions {
    /// A `postgres://user:password@host:port/db` URL.
    pub url: String,
    /// The most connections each pool (readers, writers) keeps open.
    pub pool_size: usize,
    /// The schema Basalt's tables and the user's tables live in.
    pub schema: String,
}

impl PgOptions {
    /// Defaults: 16 connections per pool, schema `public`.
    pub fn new(url: impl Into<String>) -> Self {
        PgOptions {
            url: url.into(),
            pool_size: 16,
            schema: "public".to_owned(),
        }
    }
}

/// A PostgreSQL database behind the [`Engine`] trait.
pub struct PgEngine {
    readers: Pool,
    writers: Pool,
    schema: String,
    target: String,
    listener: listen::Listener,
}

/// `name` as a double-quoted SQL identifier.
pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl PgEngine {
    /// Connects, applies pending migrations and starts listening for
    /// notifications. An unreachable server fails with 503 and a one-line
    /// `cannot connect to PostgreSQL at host:port: …`.
    pub async fn open(opts: PgOptions) -> Result<PgEngine> {
        let config = pool::config(&opts.url, &opts.schema)?;
        let target = pool::target(&config);
        let writers = pool::build(config.clone(), opts.pool_size)?;
        let readers = pool::build(pool::read_only(&config), opts.pool_size)?;
        let mut client = writers.get().await.map_err(|e| {
            let cause = match e {
                PoolError::Backend(e) => errors::describe(&e),
                other => other.to_string(),
            };
            Error::unavailable(format!("cannot connect to PostgreSQL at {target}: {cause}"))
        })?;
        migrate::run(&mut client, &opts.schema).await.map_err(|e| {
            Error::unavailable(format!(
                "cannot migrate the PostgreSQL database at {target}: {}",
                e.message
            ))
        })?;
        drop(client);
        let listener = listen::Listener::start(config);
        tracing::info!(target = %target, schema = %opts.schema, "PostgreSQL database open");
        Ok(PgEngine {
            readers,
            writers,
            schema: opts.schema,
            target,
            listener,
        })
    }

    /// The schema this engine works in.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    async fn reader(&self) -> Result<Object> {
        self.readers.get().await.map_err(errors::pool)
    }

    async fn writer(&self) -> Result<Object> {
        self.writers.get().await.map_err(errors::pool)
    }
}

#[async_trait]
impl Engine for PgEngine {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn query(&self, sql: Sql) -> Result<Rows> {
        exec::query(&*self.reader().await?, &sql).await
    }

    async fn begin(&self) -> Result<Box<dyn Tx>> {
        Ok(Box::new(tx::PgTx::new(self.writer().await?)))
    }

    async fn introspect(&self) -> Result<Vec<TableInfo>> {
        introspect::tables(&*self.reader().await?, &self.schema).await
    }

    async fn run_script(&self, sql: &str) -> Result<ScriptResult> {
        script::run(self.writer().await?, sql).await
    }

    async fn ping(&self) -> Result<()> {
        self.reader()
            .await?
            .simple_query("SELECT 1")
            .await
            .map(drop)
            .map_err(errors::map)
    }

    async fn close(&self) {
        self.readers.close();
        self.writers.close();
        self.listener.close().await;
        tracing::info!(target = %self.target, "PostgreSQL database closed");
    }

    async fn notify(&self, channel: &str, payload: &str) -> Result<()> {
        let client = self.writer().await?;
        let sql = Sql {
            text: "SELECT pg_notify($1, $2)".to_owned(),
            params: vec![
                basalt_types::Value::Text(channel.to_owned()),
                basalt_types::Value::Text(payload.to_owned()),
            ],
        };
        exec::query(&client, &sql).await.map(drop)
    }

    fn subscribe(&self, channel: &str) -> Option<tokio::sync::broadcast::Receiver<String>> {
        Some(self.listener.subscribe(channel))
    }
}
