//! Group commit: every acknowledged write is on disk, without one `fsync`
//! per request. The writer runs SQLite with `synchronous=NORMAL` (in WAL
//! mode: no sync at COMMIT), and a committed transaction is acknowledged
//! only after the WAL file has been synced by a `sync_data` issued after its
//! COMMIT. One sync covers every commit made before it started, so
//! concurrent writers share it: durability of `synchronous=FULL` at a
//! fraction of the syncs. Checkpoints keep SQLite's own syncs (NORMAL syncs
//! the WAL before a checkpoint and the database after it).

use basalt_types::{Error, Result};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio::sync::Notify;

/// Commit counters and the open WAL file.
#[derive(Default)]
struct State {
    /// Commits made so far (sequence number of the latest).
    committed: u64,
    /// Every commit up to this one is on disk.
    synced: u64,
    /// A sync is running.
    syncing: bool,
    /// The WAL file, kept open between syncs (`None` while a sync runs it).
    wal: Option<File>,
    /// The last sync's failure, reported to one waiter (which answers 503);
    /// the next waiter tries again.
    failed: Option<String>,
}

/// Makes commits durable, several at a time.
pub(crate) struct Syncer {
    wal_path: PathBuf,
    dir: PathBuf,
    state: Mutex<State>,
    done: Notify,
}

impl Syncer {
    /// A syncer for the database file at `db`.
    pub(crate) fn new(db: &Path) -> Syncer {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        Syncer {
            wal_path: PathBuf::from(wal),
            dir: db
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            state: Mutex::default(),
            done: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a COMMIT that just succeeded (call it before the writer lock
    /// is released, so numbers follow commit order); returns its number.
    pub(crate) fn committed(&self) -> u64 {
        let mut st = self.lock();
        st.committed += 1;
        st.committed
    }

    /// Waits until commit `seq` is on disk, starting a sync when none is
    /// running. The sync runs in a task of its own, so a caller that goes
    /// away (a client hanging up) never leaves the others waiting.
    pub(crate) async fn durable(self: &Arc<Self>, seq: u64) -> Result<()> {
        loop {
            let notified = self.done.notified();
            tokio::pin!(notified);
            // Registered before the state is read, so no wake-up is lost.
            notified.as_mut().enable();
            {
                let mut st = self.lock();
                if st.synced >= seq {
                    return Ok(());
                }
                if let Some(e) = st.failed.take() {
                    return Err(Error::unavailable(format!(
                        "the write could not be made durable: {e}"
                    )));
                }
                if !st.syncing {
                    st.syncing = true;
                    let job = (st.committed, st.wal.take());
                    tokio::spawn(self.clone().sync(job));
                }
            }
            notified.await;
        }
    }

    /// One sync covering every commit up to `target`; wakes every waiter.
    async fn sync(self: Arc<Self>, (target, wal): (u64, Option<File>)) {
        let (path, dir) = (self.wal_path.clone(), self.dir.clone());
        let synced = tokio::task::spawn_blocking(move || sync_wal(wal, &path, &dir)).await;
        {
            let mut st = self.lock();
            st.syncing = false;
            match synced {
                Ok(Ok(file)) => {
                    st.wal = Some(file);
                    st.synced = st.synced.max(target);
                }
                Ok(Err(e)) => {
                    tracing::error!(error = %e, "syncing the WAL failed");
                    st.failed = Some(e.to_string());
                }
                Err(e) => st.failed = Some(e.to_string()),
            }
        }
        self.done.notify_waiters();
    }
}

/// Syncs the WAL file (opening it, and syncing its directory, the first time).
fn sync_wal(wal: Option<File>, path: &Path, dir: &Path) -> std::io::Result<File> {
    let file = match wal {
        Some(f) => f,
        None => {
            let f = File::open(path)?;
            File::open(dir)?.sync_all()?;
            f
        }
    };
    file.sync_data()?;
    Ok(file)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Syncer;
    use std::sync::Arc;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_sync_covers_every_earlier_commit() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        std::fs::write(dir.path().join("d.db-wal"), b"x").unwrap();
        let s = Arc::new(Syncer::new(&db));
        let seqs: Vec<u64> = (0..50).map(|_| s.committed()).collect();
        let waits = seqs.into_iter().map(|n| {
            let s = s.clone();
            tokio::spawn(async move { s.durable(n).await })
        });
        for w in waits {
            w.await.unwrap().unwrap();
        }
        assert_eq!(s.lock().synced, 50);
        // A waiter that goes away mid-sync does not strand the others.
        let n = s.committed();
        let abandoned = tokio::spawn({
            let s = s.clone();
            async move { s.durable(n).await }
        });
        abandoned.abort();
        let m = s.committed();
        tokio::time::timeout(Duration::from_secs(10), s.durable(m))
            .await
            .expect("no hang after a cancelled waiter")
            .unwrap();
        // A missing WAL is an error, not a silent success.
        let gone = Arc::new(Syncer::new(&dir.path().join("missing.db")));
        let n = gone.committed();
        assert!(gone.durable(n).await.is_err());
    }
}
