//! The reader pool: N read-only connections handed out one per query, with a
//! semaphore bounding how many run at once. Each query runs on a blocking
//! thread and gives its connection back when done (even if it panics).

use crate::errors::{closed, map, worker_failed};
use basalt_types::{Error, Result};
use rusqlite::Connection;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// A fixed set of reader connections.
pub(crate) struct ReaderPool {
    conns: Arc<Mutex<Vec<Connection>>>,
    permits: Arc<Semaphore>,
}

/// A connection taken from the pool; dropping it puts it back, unless the
/// pool has been closed meanwhile (then the connection is closed).
struct Lease {
    conn: Option<Connection>,
    conns: Arc<Mutex<Vec<Connection>>>,
    permits: Arc<Semaphore>,
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let (Some(conn), Ok(mut conns)) = (self.conn.take(), self.conns.lock()) {
            if !self.permits.is_closed() {
                conns.push(conn);
            }
        }
    }
}

impl ReaderPool {
    pub(crate) fn new(conns: Vec<Connection>) -> Self {
        let permits = Arc::new(Semaphore::new(conns.len()));
        ReaderPool {
            conns: Arc::new(Mutex::new(conns)),
            permits,
        }
    }

    /// Runs `f` on a free reader connection, on a blocking thread.
    pub(crate) async fn with_conn<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| closed())?;
        let conn = self
            .conns
            .lock()
            .map_err(|_| Error::internal("reader pool poisoned"))?
            .pop()
            .ok_or_else(closed)?;
        let lease = Lease {
            conn: Some(conn),
            conns: self.conns.clone(),
            permits: self.permits.clone(),
        };
        tokio::task::spawn_blocking(move || {
            let result = match lease.conn.as_ref() {
                Some(conn) => f(conn).map_err(map),
                None => Err(closed()),
            };
            drop(lease);
            drop(permit);
            result
        })
        .await
        .map_err(worker_failed)?
    }

    /// Closes every idle connection; busy ones close when their query ends.
    /// Later calls fail with "database is closed".
    pub(crate) fn close(&self) {
        self.permits.close();
        let idle: Vec<Connection> = match self.conns.lock() {
            Ok(mut conns) => conns.drain(..).collect(),
            Err(_) => Vec::new(),
        };
        for conn in idle {
            if let Err((_, e)) = conn.close() {
                tracing::warn!(error = %e, "closing sqlite reader failed");
            }
        }
    }
}
