//! The one writer connection and the write transaction built on it. The
//! connection sits behind an async mutex, so writes are serialised in-process
//! and never meet `SQLITE_BUSY` from each other. A [`SqliteTx`] owns the
//! lock for its whole life; each call carries it onto a blocking thread and
//! back. `BEGIN IMMEDIATE` is sent with the first statement. With a
//! [`Syncer`] (durable mode), a commit releases the lock as soon as SQLite
//! has it and returns once the group commit has put it on disk.

use crate::errors::{closed, map, worker_failed};
use crate::exec;
use crate::group_commit::Syncer;
use async_trait::async_trait;
use basalt_engine::{Rows, Sql, Tx};
use basalt_types::{Error, Result};
use rusqlite::Connection;
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMutexGuard};

type Slot = Option<Connection>;
type Guard = OwnedMutexGuard<Slot>;

/// The writer connection (`None` once closed).
pub(crate) struct Writer {
    slot: Arc<Mutex<Slot>>,
    syncer: Option<Arc<Syncer>>,
}

/// Rolls back a transaction left open on `conn` (by a cancelled call, say).
fn reset(conn: &Connection) {
    if !conn.is_autocommit() {
        tracing::warn!("rolling back a write transaction left open");
        let _ = conn.execute_batch("ROLLBACK");
    }
}

impl Writer {
    pub(crate) fn new(conn: Connection, syncer: Option<Syncer>) -> Self {
        Writer {
            slot: Arc::new(Mutex::new(Some(conn))),
            syncer: syncer.map(Arc::new),
        }
    }

    /// Waits for the writer and starts a transaction on it.
    pub(crate) async fn begin(&self) -> Result<SqliteTx> {
        let guard = self.slot.clone().lock_owned().await;
        reset(guard.as_ref().ok_or_else(closed)?);
        Ok(SqliteTx {
            guard: Some(guard),
            begun: false,
            syncer: self.syncer.clone(),
        })
    }

    /// Runs `f` (which may commit) on the writer connection, on a blocking
    /// thread, holding the lock throughout; returns once what it committed
    /// is durable.
    pub(crate) async fn with_conn<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let guard = self.slot.clone().lock_owned().await;
        let syncer = self.syncer.clone();
        let (result, seq) = tokio::task::spawn_blocking(move || {
            let conn = match guard.as_ref() {
                Some(c) => c,
                None => return (Err(closed()), None),
            };
            reset(conn);
            let result = f(conn);
            let seq = syncer.as_ref().map(|s| s.committed());
            (result, seq)
        })
        .await
        .map_err(worker_failed)?;
        let value = result?;
        if let (Some(s), Some(seq)) = (&self.syncer, seq) {
            s.durable(seq).await?;
        }
        Ok(value)
    }

    /// Waits for the running transaction, checkpoints the WAL into the main
    /// file and closes the connection.
    pub(crate) async fn close(&self) {
        let Some(conn) = self.slot.lock().await.take() else {
            return;
        };
        let done = tokio::task::spawn_blocking(move || {
            reset(&conn);
            if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())) {
                tracing::warn!(error = %e, "WAL checkpoint on close failed");
            }
            if let Err((_, e)) = conn.close() {
                tracing::warn!(error = %e, "closing sqlite writer failed");
            }
        })
        .await;
        if let Err(e) = done {
            tracing::error!(error = %e, "closing sqlite writer failed");
        }
    }
}

/// A write transaction holding the writer lock.
pub(crate) struct SqliteTx {
    /// `None` only while a call runs on a blocking thread (or after a call
    /// was cancelled mid-flight, which makes the transaction unusable).
    guard: Option<Guard>,
    /// Whether `BEGIN IMMEDIATE` has been issued.
    begun: bool,
    /// Group commit (durable mode).
    syncer: Option<Arc<Syncer>>,
}

impl SqliteTx {
    /// Carries the lock onto a blocking thread, runs `f` there (after
    /// `BEGIN IMMEDIATE` when this is the first statement) and brings it back.
    async fn hop<T, F>(&mut self, start: bool, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let guard = self
            .guard
            .take()
            .ok_or_else(|| Error::internal("transaction is no longer usable"))?;
        let begin = start && !self.begun;
        let (guard, started, result) = tokio::task::spawn_blocking(move || {
            let Some(conn) = guard.as_ref() else {
                return (guard, false, Err(closed()));
            };
            if begin {
                if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
                    return (guard, false, Err(map(e)));
                }
            }
            let result = f(conn);
            (guard, begin, result)
        })
        .await
        .map_err(worker_failed)?;
        self.guard = Some(guard);
        self.begun |= started;
        result
    }
}

#[async_trait]
impl Tx for SqliteTx {
    async fn query(&mut self, sql: Sql) -> Result<Rows> {
        self.hop(true, move |conn| exec::query(conn, &sql).map_err(map))
            .await
    }

    async fn execute(&mut self, sql: Sql) -> Result<u64> {
        self.hop(true, move |conn| exec::execute(conn, &sql).map_err(map))
            .await
    }

    async fn commit(mut self: Box<Self>) -> Result<()> {
        if !self.begun {
            return Ok(());
        }
        let syncer = self.syncer.clone();
        let seq = self
            .hop(false, move |conn| {
                if conn.is_autocommit() {
                    return Err(Error::internal(
                        "transaction was rolled back by the database",
                    ));
                }
                conn.execute_batch("COMMIT").map_err(map)?;
                Ok(syncer.as_ref().map(|s| s.committed()))
            })
            .await?;
        // Let the next writer in while this commit reaches the disk.
        drop(self.guard.take());
        match (&self.syncer, seq) {
            (Some(s), Some(seq)) => s.durable(seq).await,
            _ => Ok(()),
        }
    }

    async fn query_then_commit(mut self: Box<Self>, sql: Sql) -> Result<Rows> {
        let syncer = self.syncer.clone();
        let (rows, seq) = self
            .hop(true, move |conn| {
                let rows = exec::query(conn, &sql).map_err(map)?;
                conn.execute_batch("COMMIT").map_err(map)?;
                Ok((rows, syncer.as_ref().map(|s| s.committed())))
            })
            .await?;
        self.begun = false;
        // Let the next writer in while this commit reaches the disk.
        drop(self.guard.take());
        if let (Some(s), Some(seq)) = (&self.syncer, seq) {
            s.durable(seq).await?;
        }
        Ok(rows)
    }

    async fn rollback(mut self: Box<Self>) -> Result<()> {
        if !self.begun {
            return Ok(());
        }
        self.hop(false, |conn| {
            if conn.is_autocommit() {
                return Ok(());
            }
            conn.execute_batch("ROLLBACK").map_err(map)
        })
        .await
    }
}

impl Drop for SqliteTx {
    fn drop(&mut self) {
        if let Some(conn) = self.guard.as_ref().and_then(|g| g.as_ref()) {
            if !conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK");
            }
        }
    }
}
