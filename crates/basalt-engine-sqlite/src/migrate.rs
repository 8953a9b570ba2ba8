//! Versioned migrations of Basalt's own `_basalt_*` tables. Each migration
//! runs in its own transaction and is recorded in `_basalt_migrations`, so
//! opening the same file again applies only what is missing.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

/// Every migration, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "basalt_core",
    "CREATE TABLE _basalt_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE _basalt_collections (name TEXT PRIMARY KEY, meta TEXT NOT NULL);
     CREATE TABLE _basalt_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
)];

/// Applies every migration not yet recorded; returns how many ran.
pub(crate) fn run(conn: &mut Connection) -> rusqlite::Result<usize> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS _basalt_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )",
    )?;
    let mut applied = 0;
    for &(version, name, sql) in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let done = tx
            .query_row(
                "SELECT 1 FROM _basalt_migrations WHERE version = ?1",
                [version],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if done {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO _basalt_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![version, name, basalt_types::now_rfc3339()],
        )?;
        tx.commit()?;
        tracing::info!(version, name, "applied migration");
        applied += 1;
    }
    Ok(applied)
}
