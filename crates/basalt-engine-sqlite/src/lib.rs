//! The SQLite engine: one writer connection (all writes serialised behind an
//! async mutex), a small pool of `query_only` reader connections, WAL
//! journaling, versioned migrations of Basalt's own tables and schema
//! introspection. Every SQLite call runs on a blocking thread.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod bind;
mod errors;
mod exec;
mod group_commit;
mod introspect;
mod migrate;
mod pool;
mod script;
mod writer;

use async_trait::async_trait;
use basalt_engine::{Dialect, Engine, Rows, ScriptResult, Sql, TableInfo, Tx};
use basalt_types::{Error, Result};
pub use migrate::MIGRATIONS;
use pool::ReaderPool;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;
use writer::Writer;

/// How to open a SQLite database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqliteOptions {
    /// The database file; its parent directory is created when missing.
    pub path: PathBuf,
    /// How many reader connections to keep (at least one is opened).
    pub readers: usize,
    /// How long a connection waits on a lock before failing with 503.
    pub busy_timeout_ms: u64,
    /// Every acknowledged commit is on disk (group commit: the WAL is synced
    /// before a commit returns, one sync shared by concurrent commits). When
    /// false, `synchronous=NORMAL` alone: a power cut may lose the latest
    /// commits (an application crash never does).
    pub durable: bool,
}

impl SqliteOptions {
    /// Defaults: 4 readers, 5 s busy timeout, durable commits.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        SqliteOptions {
            path: path.into(),
            readers: 4,
            busy_timeout_ms: 5000,
            durable: true,
        }
    }
}

/// A SQLite database behind the [`Engine`] trait.
pub struct SqliteEngine {
    path: PathBuf,
    writer: Writer,
    readers: ReaderPool,
}

impl SqliteEngine {
    /// Opens (creating when missing) the database at `opts.path`, configures
    /// its connections and applies pending migrations.
    pub async fn open(opts: SqliteOptions) -> Result<SqliteEngine> {
        let path = opts.path.clone();
        let syncer = opts.durable.then(|| group_commit::Syncer::new(&opts.path));
        let (writer, readers) = tokio::task::spawn_blocking(move || open_blocking(&opts))
            .await
            .map_err(errors::worker_failed)??;
        tracing::info!(path = %path.display(), readers = readers.len(), "sqlite database open");
        Ok(SqliteEngine {
            path,
            writer: Writer::new(writer, syncer),
            readers: ReaderPool::new(readers),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn open_blocking(opts: &SqliteOptions) -> Result<(Connection, Vec<Connection>)> {
    let fail = |e: &dyn std::fmt::Display| {
        Error::unavailable(format!("cannot open database {}: {e}", opts.path.display()))
    };
    if let Some(dir) = opts.path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
    }
    let timeout = Duration::from_millis(opts.busy_timeout_ms);
    let mut writer = open_writer(opts, timeout).map_err(|e| fail(&e))?;
    migrate::run(&mut writer).map_err(|e| fail(&e))?;
    let readers = (0..opts.readers.max(1))
        .map(|_| open_reader(&opts.path, timeout))
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(|e| fail(&e))?;
    Ok((writer, readers))
}

fn open_writer(opts: &SqliteOptions, timeout: Duration) -> rusqlite::Result<Connection> {
    let conn = Connection::open(&opts.path)?;
    conn.busy_timeout(timeout)?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "sqlite refused WAL journal mode");
    }
    // Durability comes from the group commit (see `group_commit`), so
    // SQLite itself does not sync at each COMMIT.
    conn.execute_batch(
        "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; \
         PRAGMA cache_size=-16384; PRAGMA mmap_size=268435456;",
    )?;
    conn.set_prepared_statement_cache_capacity(256);
    Ok(conn)
}

fn open_reader(path: &Path, timeout: Duration) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(timeout)?;
    // A 16 MiB page cache and memory-mapped reads keep hot pages out of
    // read(2) calls.
    conn.execute_batch(
        "PRAGMA foreign_keys=ON; PRAGMA query_only=ON; \
         PRAGMA cache_size=-16384; PRAGMA mmap_size=268435456;",
    )?;
    conn.set_prepared_statement_cache_capacity(256);
    Ok(conn)
}

#[async_trait]
impl Engine for SqliteEngine {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    async fn query(&self, sql: Sql) -> Result<Rows> {
        self.readers
            .with_conn(move |conn| exec::query(conn, &sql))
            .await
    }

    async fn begin(&self) -> Result<Box<dyn Tx>> {
        Ok(Box::new(self.writer.begin().await?))
    }

    async fn introspect(&self) -> Result<Vec<TableInfo>> {
        self.readers.with_conn(introspect::tables).await
    }

    async fn run_script(&self, sql: &str) -> Result<ScriptResult> {
        let sql = sql.to_owned();
        self.writer
            .with_conn(move |conn| script::run(conn, &sql))
            .await
    }

    async fn ping(&self) -> Result<()> {
        self.readers
            .with_conn(|conn| conn.query_row("SELECT 1", [], |_| Ok(())))
            .await
    }

    async fn close(&self) {
        self.readers.close();
        self.writer.close().await;
        tracing::info!(path = %self.path.display(), "sqlite database closed");
    }
}
